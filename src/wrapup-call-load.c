/* wrapup-call-load.c: the four sections of a call, from the gateway or from the cache
 *
 * The outcome lists and callback modes are small and change rarely; each answer is kept in
 * the session's outcome cache. When the gateway cannot be reached, a section is filled from
 * that cache (READY, with the time it was fetched), so that the wrap-up can still be
 * recorded into the outbox; with nothing cached it FAILS, saying why. When the connection
 * comes (back) up, every section that failed or came from the cache loads again by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-call"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-call-private.h"
#include "wrapup-trace.h"

/* Each in-flight load carries its call and section; a cancelled load never touches the
 * call. The call is held weakly: an answer in flight does not keep a call its window has
 * let go (the call's dispose cancels the load). */
typedef struct
{
  GWeakRef       call;
  WrapupSection  section;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_weak_ref_clear (&data->call);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
set_section_state (WrapupCall      *self,
                   WrapupSection    section,
                   WrapupLoadState  state,
                   const char      *error,
                   GDateTime       *cached_at)
{
  WrapupCallSection *s = &self->sections[section];

  s->state = state;
  g_free (s->error);
  s->error = g_strdup (error);
  g_clear_pointer (&s->cached_at, g_date_time_unref);
  if (cached_at != NULL)
    s->cached_at = g_date_time_ref (cached_at);
  wrapup_call_emit_load_state (self, section);
}

static void
replace_items (GListStore *store,
               GListModel *items)
{
  guint n = g_list_model_get_n_items (items);
  g_autoptr(GPtrArray) array = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (items, i));
  /* One splice: views see one change, not one per row. */
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       array->pdata, array->len);
}

static LcmRequest *
build_request (WrapupCall     *self,
               WrapupSection   section,
               GError        **error)
{
  switch (section)
    {
    case WRAPUP_SECTION_TELEPHONY_OUTCOMES:
      return lcm_request_new_telephony_outcomes (self->link->account_number, error);
    case WRAPUP_SECTION_BUSINESS_OUTCOMES:
      return lcm_request_new_business_outcomes (self->link->call_id, self->link->call_type, error);
    case WRAPUP_SECTION_CALLBACK_MODES:
      return lcm_request_new_callback_modes (self->link->call_id, self->link->account_number,
                                             error);
    case WRAPUP_SECTION_JOURNEY:
      return lcm_request_new_journey (self->journey_query, error);
    default:
      g_assert_not_reached ();
    }
}

static LcmOperation
section_operation (WrapupSection section)
{
  switch (section)
    {
    case WRAPUP_SECTION_TELEPHONY_OUTCOMES:
      return LCM_OPERATION_TELEPHONY_OUTCOMES;
    case WRAPUP_SECTION_BUSINESS_OUTCOMES:
      return LCM_OPERATION_BUSINESS_OUTCOMES;
    case WRAPUP_SECTION_CALLBACK_MODES:
      return LCM_OPERATION_CALLBACK_MODES;
    case WRAPUP_SECTION_JOURNEY:
    default:
      return LCM_OPERATION_JOURNEY;
    }
}

/* Which cached list a section is, and its key; FALSE for the journey (not cached: it is the
 * customer's, and large). */
static gboolean
cache_slot (WrapupCall        *self,
            WrapupSection      section,
            WrapupCachedList  *list,
            const char       **key)
{
  switch (section)
    {
    case WRAPUP_SECTION_TELEPHONY_OUTCOMES:
      *list = WRAPUP_CACHED_TELEPHONY_OUTCOMES;
      *key = self->link->account_number;
      return TRUE;
    case WRAPUP_SECTION_BUSINESS_OUTCOMES:
      *list = WRAPUP_CACHED_BUSINESS_OUTCOMES;
      *key = lcm_call_type_to_string (self->link->call_type);
      return TRUE;
    case WRAPUP_SECTION_CALLBACK_MODES:
      *list = WRAPUP_CACHED_CALLBACK_MODES;
      *key = self->link->account_number;
      return TRUE;
    case WRAPUP_SECTION_JOURNEY:
    default:
      return FALSE;
    }
}

static WrapupOutcomeCache *
outcome_cache (WrapupCall *self)
{
  return self->session != NULL ? wrapup_session_get_outcome_cache (self->session) : NULL;
}

static void
fill_section (WrapupCall    *self,
              WrapupSection  section,
              GListModel    *items)
{
  switch (section)
    {
    case WRAPUP_SECTION_TELEPHONY_OUTCOMES:
      replace_items (self->telephony_outcomes, items);
      break;
    case WRAPUP_SECTION_BUSINESS_OUTCOMES:
      {
        g_autoptr(GListModel) roots = lcm_business_outcome_build_tree (items);

        replace_items (self->business_list, items);
        replace_items (self->business_roots, roots);
      }
      break;
    case WRAPUP_SECTION_CALLBACK_MODES:
      replace_items (self->callback_modes, items);
      break;
    case WRAPUP_SECTION_JOURNEY:
      /* The journey can be long: its compact rows are taken as they are, in one change. */
      lcm_journey_store_replace_all (self->journey, LCM_JOURNEY_STORE (items));
      break;
    default:
      g_assert_not_reached ();
    }
}

static WrapupOutcomeUsage *
outcome_usage (WrapupCall *self)
{
  return self->session != NULL ? wrapup_session_get_outcome_usage (self->session) : NULL;
}

void
wrapup_call_note_outcomes_used (WrapupCall     *self,
                                LcmDisposition *disposition)
{
  WrapupOutcomeUsage *usage = outcome_usage (self);
  struct { WrapupSection section; gint64 id; } used[] = {
    { WRAPUP_SECTION_TELEPHONY_OUTCOMES, lcm_disposition_get_telephony_outcome (disposition) },
    { WRAPUP_SECTION_BUSINESS_OUTCOMES, lcm_disposition_get_business_outcome (disposition) },
  };

  if (usage == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (used); i++)
    {
      g_autoptr(GError) error = NULL;
      WrapupCachedList list;
      const char *key;

      if (used[i].id == LCM_NONE || !cache_slot (self, used[i].section, &list, &key))
        continue;
      /* Only the lists' order depends on it: the wrap-up itself is safe. */
      if (!wrapup_outcome_usage_note (usage, list, key, used[i].id, &error))
        g_debug ("%s", error->message);
    }
}

GHashTable *
wrapup_call_dup_outcome_usage (WrapupCall    *self,
                               WrapupSection  section)
{
  WrapupOutcomeUsage *usage;
  WrapupCachedList list;
  const char *key;

  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);

  usage = outcome_usage (self);
  if (usage == NULL || !cache_slot (self, section, &list, &key)
      || list == WRAPUP_CACHED_CALLBACK_MODES)
    return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return wrapup_outcome_usage_dup_counts (usage, list, key);
}

/* The list kept from an earlier call, decoded; NULL when there is none (or it cannot be
 * read: it is then as good as absent). */
static GListModel *
lookup_cached (WrapupCall     *self,
               WrapupSection   section,
               GDateTime     **fetched_at)
{
  WrapupOutcomeCache *cache = outcome_cache (self);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  GListModel *items;
  WrapupCachedList list;
  const char *key;

  if (cache == NULL || !cache_slot (self, section, &list, &key))
    return NULL;
  text = wrapup_outcome_cache_lookup (cache, list, key, fetched_at);
  if (text == NULL)
    return NULL;
  node = lcm_json_parse (text, strlen (text), LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  items = node != NULL ? lcm_response_decode_list (section_operation (section), node, zone,
                                                   &error)
                       : NULL;
  if (items == NULL)
    {
      g_debug ("The cached list of section %d cannot be read: %s", section, error->message);
      g_clear_pointer (fetched_at, g_date_time_unref);
    }
  return items;
}

static void
keep_in_cache (WrapupCall    *self,
               WrapupSection  section,
               JsonNode      *response)
{
  WrapupOutcomeCache *cache = outcome_cache (self);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  WrapupCachedList list;
  const char *key;

  if (cache == NULL || !cache_slot (self, section, &list, &key))
    return;
  text = lcm_json_node_to_string (response, NULL);
  if (!wrapup_outcome_cache_put (cache, list, key, text, NULL, &error))
    g_debug ("Section %d not cached: %s", section, error->message);
}

/* The gateway could not give the section: the cache's list if there is one, else FAILED. */
static void
section_failed (WrapupCall    *self,
                WrapupSection  section,
                const char    *message)
{
  g_autoptr(GDateTime) fetched_at = NULL;
  g_autoptr(GListModel) cached = lookup_cached (self, section, &fetched_at);

  if (cached != NULL)
    {
      fill_section (self, section, cached);
      set_section_state (self, section, WRAPUP_LOAD_READY, message, fetched_at);
      return;
    }
  set_section_state (self, section, WRAPUP_LOAD_FAILED, message, NULL);
}

static gboolean
is_connection_error (const GError *error)
{
  return error->domain == LCM_CLIENT_ERROR;
}

static void
on_section_answered_cb (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(WrapupCall) self = g_weak_ref_get (&data->call);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  response = lcm_client_call_finish (LCM_CLIENT (source_object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sections[data->section].cancellable);
  wrapup_trace_mark ("section-%d-answer", data->section);

  if (response != NULL)
    {
      zone = g_time_zone_new_local ();
      items = lcm_response_decode_list (section_operation (data->section), response, zone,
                                        &error);
    }
  if (items == NULL)
    {
      g_autofree char *message = wrapup_describe_error (error);

      g_debug ("Loading section %d failed: %s", data->section, error->message);
      /* A refusal or an unreadable answer is the gateway's word on this call: no stale
       * list over it. Only a connection that cannot carry the request falls back. */
      if (is_connection_error (error))
        section_failed (self, data->section, message);
      else
        set_section_state (self, data->section, WRAPUP_LOAD_FAILED, message, NULL);
      return;
    }

  keep_in_cache (self, data->section, response);
  fill_section (self, data->section, items);
  set_section_state (self, data->section, WRAPUP_LOAD_READY, NULL, NULL);
}

/* The journey is decoded on the client's worker thread (it can be 100,000 rows). */
static void
on_journey_fetched_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(WrapupCall) self = g_weak_ref_get (&data->call);

  items = lcm_client_fetch_finish (LCM_CLIENT (source_object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sections[data->section].cancellable);
  wrapup_trace_mark ("section-%d-answer", data->section);

  if (items == NULL)
    {
      g_autofree char *message = wrapup_describe_error (error);

      g_debug ("Loading the journey failed: %s", error->message);
      set_section_state (self, data->section, WRAPUP_LOAD_FAILED, message, NULL);
      return;
    }

  fill_section (self, data->section, items);
  set_section_state (self, data->section, WRAPUP_LOAD_READY, NULL, NULL);
}

/* While the gateway cannot be reached, a request waits for the connection (up to its
 * timeout): the agent gets the cached list (or word that there is none) at once meanwhile,
 * and the gateway's list when it answers. */
static void
prefill_if_offline (WrapupCall    *self,
                    WrapupSection  section)
{
  g_autoptr(GError) connect_error = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  g_autoptr(GListModel) cached = NULL;
  WrapupCallSection *s = &self->sections[section];

  if (s->state != WRAPUP_LOAD_LOADING || self->client == NULL
      || lcm_client_get_state (self->client) == LCM_CLIENT_STATE_CONNECTED)
    return;
  connect_error = lcm_client_dup_last_connect_error (self->client);
  if (connect_error == NULL)
    return;
  cached = lookup_cached (self, section, &fetched_at);
  {
    g_autofree char *message = wrapup_describe_connect_error (connect_error);

    /* Without a cached list, the form says at once that there is none, rather than after
     * the request's timeout; the request still waits, and its answer fills the section. */
    if (cached != NULL)
      fill_section (self, section, cached);
    set_section_state (self, section, cached != NULL ? WRAPUP_LOAD_READY : WRAPUP_LOAD_FAILED,
                       message, fetched_at);
  }
}

static void
on_connect_error_cb (LcmClient  *client,
                     GParamSpec *pspec,
                     WrapupCall *self)
{
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    prefill_if_offline (self, i);
  wrapup_call_emit_connection_changed (self);
}

static void
on_client_state_cb (LcmClient  *client,
                    GParamSpec *pspec,
                    WrapupCall *self)
{
  if (lcm_client_get_state (client) == LCM_CLIENT_STATE_CONNECTED)
    wrapup_call_reload_stale (self);
  wrapup_call_emit_connection_changed (self);
}

/* Internal API */

void
wrapup_call_init_sections (WrapupCall *self)
{
  self->telephony_outcomes = g_list_store_new (LCM_TYPE_TELEPHONY_OUTCOME);
  self->business_roots = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);
  self->business_list = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);
  self->callback_modes = g_list_store_new (LCM_TYPE_CALLBACK_MODE);
  self->journey = lcm_journey_store_new ();
  self->journey_query = lcm_journey_query_new ();
}

void
wrapup_call_clear_sections (WrapupCall *self)
{
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      if (self->sections[i].cancellable != NULL)
        g_cancellable_cancel (self->sections[i].cancellable);
      g_clear_object (&self->sections[i].cancellable);
      g_clear_pointer (&self->sections[i].error, g_free);
      g_clear_pointer (&self->sections[i].cached_at, g_date_time_unref);
    }
  g_clear_object (&self->telephony_outcomes);
  g_clear_object (&self->business_roots);
  g_clear_object (&self->business_list);
  g_clear_object (&self->callback_modes);
  g_clear_object (&self->journey);
  g_clear_object (&self->journey_query);
}

/* The connection the call loads on and writes through: the session's, which may come
 * later (a link that arrived before the gateway was set) or change. */
void
wrapup_call_set_client (WrapupCall *self,
                        LcmClient  *client)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::state", G_CALLBACK (on_client_state_cb), self,
                               0);
      g_signal_connect_object (client, "notify::last-connect-error",
                               G_CALLBACK (on_connect_error_cb), self, 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_CLIENT]);
  wrapup_call_emit_connection_changed (self);
}

/* Public API */

void
wrapup_call_load (WrapupCall *self)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));

  /* All at once: each is sent as soon as it is made, none waits for another's answer. */
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    wrapup_call_reload (self, i);
}

void
wrapup_call_reload (WrapupCall    *self,
                    WrapupSection  section)
{
  g_autoptr(LcmRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  WrapupCallSection *s;
  LoadData *data;

  g_return_if_fail (WRAPUP_IS_CALL (self));
  g_return_if_fail (section < WRAPUP_N_SECTIONS);

  s = &self->sections[section];
  if (s->cancellable != NULL)
    {
      g_cancellable_cancel (s->cancellable);
      g_clear_object (&s->cancellable);
    }

  request = build_request (self, section, &error);
  if (request == NULL)
    {
      set_section_state (self, section, WRAPUP_LOAD_FAILED, error->message, NULL);
      return;
    }
  if (self->client == NULL)
    {
      /* No gateway is set yet: what the cache has, until one is. */
      section_failed (self, section, _("No gateway is set: open Preferences to set its "
                                       "address"));
      return;
    }

  s->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  g_weak_ref_init (&data->call, self);
  data->section = section;
  set_section_state (self, section, WRAPUP_LOAD_LOADING, NULL, NULL);
  if (section == WRAPUP_SECTION_JOURNEY)
    lcm_client_fetch_async (self->client, request, s->cancellable, on_journey_fetched_cb, data);
  else
    lcm_client_call_async (self->client, request, s->cancellable, on_section_answered_cb, data);
  prefill_if_offline (self, section);
}

void
wrapup_call_reload_stale (WrapupCall *self)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));

  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      WrapupCallSection *s = &self->sections[i];

      if (s->state == WRAPUP_LOAD_FAILED || s->cached_at != NULL)
        wrapup_call_reload (self, i);
    }
}

WrapupLoadState
wrapup_call_get_load_state (WrapupCall    *self,
                            WrapupSection  section)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), WRAPUP_LOAD_IDLE);
  g_return_val_if_fail (section < WRAPUP_N_SECTIONS, WRAPUP_LOAD_IDLE);

  return self->sections[section].state;
}

const char *
wrapup_call_get_load_error (WrapupCall    *self,
                            WrapupSection  section)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  g_return_val_if_fail (section < WRAPUP_N_SECTIONS, NULL);

  return self->sections[section].error;
}

GDateTime *
wrapup_call_get_cached_at (WrapupCall    *self,
                           WrapupSection  section)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  g_return_val_if_fail (section < WRAPUP_N_SECTIONS, NULL);

  return self->sections[section].cached_at;
}

LcmClientState
wrapup_call_get_connection_state (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), LCM_CLIENT_STATE_DISCONNECTED);

  return self->client != NULL ? lcm_client_get_state (self->client)
                              : LCM_CLIENT_STATE_DISCONNECTED;
}

char *
wrapup_call_dup_connection_problem (WrapupCall *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);

  if (self->client == NULL)
    return g_strdup (_("No gateway is set"));
  if (lcm_client_get_state (self->client) == LCM_CLIENT_STATE_CONNECTED)
    return NULL;
  error = lcm_client_dup_last_connect_error (self->client);
  if (error == NULL)
    return g_strdup (_("Connecting to the gateway…"));
  return wrapup_describe_connect_error (error);
}

char *
wrapup_describe_connect_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_strdup (_("The gateway refused the connection"));
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return g_strdup (_("There is no route to the gateway: check the network"));
        case G_IO_ERROR_HOST_NOT_FOUND:
          return g_strdup (_("The gateway’s address could not be found"));
        case G_IO_ERROR_TIMED_OUT:
          return g_strdup (_("The gateway did not answer"));
        default:
          break;
        }
    }
  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup (_("The gateway’s address could not be found"));
  if (g_error_matches (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TIMEOUT))
    return g_strdup (_("The gateway did not answer"));
  if (error->domain == LCM_CLIENT_ERROR)
    return g_strdup (error->message);
  if (error->domain == G_TLS_ERROR)
    /* Translators: %s is the TLS library's reason */
    return g_strdup_printf (_("No secure connection to the gateway could be made: %s"),
                            error->message);
  /* Translators: %s is the system's reason */
  return g_strdup_printf (_("The gateway cannot be reached: %s"), error->message);
}
