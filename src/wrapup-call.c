/* wrapup-call.c: one call being wrapped up, the models its window shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-call"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-call.h"
#include "wrapup-trace.h"

typedef struct
{
  WrapupLoadState  state;
  char            *error;
  GCancellable    *cancellable;
} Section;

struct _WrapupCall
{
  GObject          parent_instance;

  LcmClient       *client;
  WrapupCallLink  *link;
  char            *agent_id;
  GDateTime       *opened_at;

  Section          sections[WRAPUP_N_SECTIONS];
  GListStore      *telephony_outcomes;
  GListStore      *business_roots;
  GListStore      *business_list;
  GListStore      *callback_modes;
  LcmArrayList    *journey;
  LcmJourneyQuery *journey_query;

  gboolean         submitting;
  gboolean         submitted;
  char            *last_submit_error;

  LcmOutbox       *outbox;
  gboolean         queued;
  LcmOutboxEntry  *queued_entry; /* the outbox entry of a queued wrap-up */
  gint64           refused_id;   /* the outbox entry of a refused one, replaced on resubmit */
};

G_DEFINE_FINAL_TYPE (WrapupCall, wrapup_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CALL_ID,
  PROP_ACCOUNT_NUMBER,
  PROP_CALL_TYPE,
  PROP_CONTACT_NUMBER,
  PROP_CAMPAIGN,
  PROP_AGENT_ID,
  PROP_CLIENT,
  PROP_OPENED_AT,
  PROP_SUBMITTING,
  PROP_SUBMITTED,
  PROP_LAST_SUBMIT_ERROR,
  PROP_JOURNEY_QUERY,
  PROP_QUEUED,
  PROP_OUTBOX,
  N_PROPS
};

enum {
  SIGNAL_LOAD_STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each in-flight load carries its call and section; the call is held weakly through the
 * task's source object, and a cancelled load never touches the call. */
typedef struct
{
  WrapupCall    *call;
  WrapupSection  section;
} LoadData;

/* Helpers */

static void
set_section_state (WrapupCall      *self,
                   WrapupSection    section,
                   WrapupLoadState  state,
                   const char      *error)
{
  Section *s = &self->sections[section];

  s->state = state;
  g_free (s->error);
  s->error = g_strdup (error);
  g_signal_emit (self, signals[SIGNAL_LOAD_STATE_CHANGED], 0, section);
}

/* The journey can be long: an array list (see lcm-array-list.c), replaced in one change. */
static void
replace_journey (LcmArrayList *journey,
                 GListModel   *items)
{
  guint n = g_list_model_get_n_items (items);
  g_autoptr(GPtrArray) array = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (items, i));
  lcm_array_list_replace_all (journey, array);
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

/* Signal callbacks */

static void
on_section_fetched_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(WrapupCall) self = data->call;

  items = lcm_client_fetch_finish (LCM_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->sections[data->section].cancellable);
  wrapup_trace_mark ("section-%d-answer", data->section);

  if (items == NULL)
    {
      g_autofree char *message = wrapup_describe_error (error);

      g_debug ("Loading section %d failed: %s", data->section, error->message);
      set_section_state (self, data->section, WRAPUP_LOAD_FAILED, message);
      return;
    }

  switch (data->section)
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
      replace_journey (self->journey, items);
      break;
    default:
      g_assert_not_reached ();
    }

  set_section_state (self, data->section, WRAPUP_LOAD_READY, NULL);
}

static void
set_queued (WrapupCall *self,
            gboolean    queued)
{
  if (self->queued == queued)
    return;
  self->queued = queued;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
}

static void
forget_queued_entry (WrapupCall *self)
{
  if (self->queued_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->queued_entry, self);
  g_clear_object (&self->queued_entry);
}

/* A queued wrap-up is no longer queued once its entry left the outbox: the gateway has it. */
static void
on_outbox_entries_changed_cb (GListModel *entries,
                              guint       position,
                              guint       removed,
                              guint       added,
                              WrapupCall *self)
{
  if (self->queued_entry == NULL || removed == 0)
    return;
  if (lcm_outbox_lookup (self->outbox, lcm_outbox_entry_get_id (self->queued_entry)) != NULL)
    return;
  forget_queued_entry (self);
  set_queued (self, FALSE);
}

/* Refused once the connection was back: the form opens again, with the gateway's reason,
 * for the agent to correct it and save again (which replaces the refused write). */
static void
on_queued_entry_state_cb (LcmOutboxEntry *entry,
                          GParamSpec     *pspec,
                          WrapupCall     *self)
{
  if (lcm_outbox_entry_get_state (entry) != LCM_OUTBOX_ENTRY_FAILED)
    return;

  self->refused_id = lcm_outbox_entry_get_id (entry);
  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->last_submit_error);
  self->last_submit_error = g_strdup (lcm_outbox_entry_get_last_error (entry));
  self->submitted = FALSE;
  forget_queued_entry (self);
  set_queued (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUBMIT_ERROR]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_submitted_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WrapupCall *self = g_task_get_source_object (task);
  LcmOutbox *outbox = LCM_OUTBOX (source_object);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  gint64 id = 0;
  gboolean done;

  answer = lcm_outbox_submit_finish (outbox, result, &id, &error);
  /* Saved without an answer yet: done for the agent, the outbox sends it when it can. */
  done = answer != NULL || g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);

  /* An earlier refused version of this wrap-up is replaced by this one (edit = remove and
   * submit again), once this one is stored. */
  if (self->refused_id != 0 && id != 0 && self->refused_id != id)
    {
      g_autoptr(GError) remove_error = NULL;

      if (!lcm_outbox_remove (outbox, self->refused_id, &remove_error)
          && !g_error_matches (remove_error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND))
        g_warning ("The refused wrap-up could not be replaced: %s", remove_error->message);
      self->refused_id = 0;
    }
  if (error != NULL && (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_PROTOCOL_ERROR))
    self->refused_id = id;

  g_object_freeze_notify (G_OBJECT (self));
  self->submitting = FALSE;
  g_clear_pointer (&self->last_submit_error, g_free);
  if (done)
    {
      LcmOutboxEntry *entry = answer == NULL ? lcm_outbox_lookup (outbox, id) : NULL;

      self->submitted = TRUE;
      forget_queued_entry (self);
      if (entry != NULL)
        {
          self->queued_entry = g_object_ref (entry);
          g_signal_connect (entry, "notify::state", G_CALLBACK (on_queued_entry_state_cb),
                            self);
          set_queued (self, TRUE);
        }
      g_clear_error (&error);
    }
  else
    self->last_submit_error = wrapup_describe_error (error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUBMIT_ERROR]);
  g_object_thaw_notify (G_OBJECT (self));

  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GObject */

static void
wrapup_call_dispose (GObject *object)
{
  WrapupCall *self = WRAPUP_CALL (object);

  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      if (self->sections[i].cancellable != NULL)
        g_cancellable_cancel (self->sections[i].cancellable);
      g_clear_object (&self->sections[i].cancellable);
    }
  forget_queued_entry (self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (lcm_outbox_get_entries (self->outbox), self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (wrapup_call_parent_class)->dispose (object);
}

static void
wrapup_call_finalize (GObject *object)
{
  WrapupCall *self = WRAPUP_CALL (object);

  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_free (self->sections[i].error);
  g_clear_object (&self->telephony_outcomes);
  g_clear_object (&self->business_roots);
  g_clear_object (&self->business_list);
  g_clear_object (&self->callback_modes);
  g_clear_object (&self->journey);
  g_clear_object (&self->journey_query);
  g_clear_pointer (&self->link, wrapup_call_link_free);
  g_clear_pointer (&self->opened_at, g_date_time_unref);
  g_free (self->agent_id);
  g_free (self->last_submit_error);

  G_OBJECT_CLASS (wrapup_call_parent_class)->finalize (object);
}

static void
wrapup_call_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WrapupCall *self = WRAPUP_CALL (object);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      g_value_set_string (value, self->link->call_id);
      break;
    case PROP_ACCOUNT_NUMBER:
      g_value_set_string (value, self->link->account_number);
      break;
    case PROP_CALL_TYPE:
      g_value_set_enum (value, self->link->call_type);
      break;
    case PROP_CONTACT_NUMBER:
      g_value_set_string (value, self->link->contact_number);
      break;
    case PROP_CAMPAIGN:
      g_value_set_string (value, self->link->campaign);
      break;
    case PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_OPENED_AT:
      g_value_set_boxed (value, self->opened_at);
      break;
    case PROP_SUBMITTING:
      g_value_set_boolean (value, self->submitting);
      break;
    case PROP_SUBMITTED:
      g_value_set_boolean (value, self->submitted);
      break;
    case PROP_LAST_SUBMIT_ERROR:
      g_value_set_string (value, self->last_submit_error);
      break;
    case PROP_JOURNEY_QUERY:
      g_value_set_object (value, self->journey_query);
      break;
    case PROP_QUEUED:
      g_value_set_boolean (value, self->queued);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, wrapup_call_get_outbox (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_call_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WrapupCall *self = WRAPUP_CALL (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      wrapup_call_set_outbox (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_call_class_init (WrapupCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wrapup_call_dispose;
  object_class->finalize = wrapup_call_finalize;
  object_class->get_property = wrapup_call_get_property;
  object_class->set_property = wrapup_call_set_property;

  properties[PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_NUMBER] =
    g_param_spec_string ("account-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALL_TYPE] =
    g_param_spec_enum ("call-type", NULL, NULL, LCM_TYPE_CALL_TYPE, LCM_CALL_TYPE_MANUAL,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_NUMBER] =
    g_param_spec_string ("contact-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAMPAIGN] =
    g_param_spec_string ("campaign", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_ID] =
    g_param_spec_string ("agent-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LCM_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPENED_AT] =
    g_param_spec_boxed ("opened-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBMITTING] =
    g_param_spec_boolean ("submitting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBMITTED] =
    g_param_spec_boolean ("submitted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUBMIT_ERROR] =
    g_param_spec_string ("last-submit-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOURNEY_QUERY] =
    g_param_spec_object ("journey-query", NULL, NULL, LCM_TYPE_JOURNEY_QUERY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED] =
    g_param_spec_boolean ("queued", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, LCM_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOAD_STATE_CHANGED] =
    g_signal_new ("load-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
wrapup_call_init (WrapupCall *self)
{
  self->opened_at = g_date_time_new_now_local ();
  self->telephony_outcomes = g_list_store_new (LCM_TYPE_TELEPHONY_OUTCOME);
  self->business_roots = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);
  self->business_list = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);
  self->callback_modes = g_list_store_new (LCM_TYPE_CALLBACK_MODE);
  self->journey = lcm_array_list_new (LCM_TYPE_JOURNEY_ENTRY);
  self->journey_query = lcm_journey_query_new ();
}

/* Public API */

WrapupCall *
wrapup_call_new (LcmClient            *client,
                 const WrapupCallLink *link,
                 const char           *agent_id)
{
  WrapupCall *self;

  g_return_val_if_fail (LCM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (link != NULL, NULL);

  self = g_object_new (WRAPUP_TYPE_CALL, NULL);
  self->client = g_object_ref (client);
  self->link = wrapup_call_link_copy (link);
  self->agent_id = g_strdup (agent_id != NULL ? agent_id : "");

  /* By default the journey is the account's, across campaigns and channels: the account
   * wins over the contact number anyway when both are given (get-customer-journey). */
  lcm_journey_query_set_account_number (self->journey_query, link->account_number);
  return self;
}

const char *
wrapup_call_get_call_id (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->link->call_id;
}

const char *
wrapup_call_get_account_number (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->link->account_number;
}

LcmCallType
wrapup_call_get_call_type (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), LCM_CALL_TYPE_MANUAL);
  return self->link->call_type;
}

const char *
wrapup_call_get_contact_number (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->link->contact_number;
}

const char *
wrapup_call_get_campaign (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->link->campaign;
}

const char *
wrapup_call_get_agent_id (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->agent_id;
}

LcmClient *
wrapup_call_get_client (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->client;
}

GDateTime *
wrapup_call_get_opened_at (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->opened_at;
}

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
  Section *s;
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
      set_section_state (self, section, WRAPUP_LOAD_FAILED, error->message);
      return;
    }

  s->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->call = g_object_ref (self);
  data->section = section;
  set_section_state (self, section, WRAPUP_LOAD_LOADING, NULL);
  lcm_client_fetch_async (self->client, request, s->cancellable, on_section_fetched_cb, data);
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

GListModel *
wrapup_call_get_telephony_outcomes (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return G_LIST_MODEL (self->telephony_outcomes);
}

GListModel *
wrapup_call_get_business_outcomes (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return G_LIST_MODEL (self->business_roots);
}

GListModel *
wrapup_call_get_business_outcome_list (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return G_LIST_MODEL (self->business_list);
}

GListModel *
wrapup_call_get_callback_modes (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return G_LIST_MODEL (self->callback_modes);
}

GListModel *
wrapup_call_get_journey (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return G_LIST_MODEL (self->journey);
}

LcmJourneyQuery *
wrapup_call_get_journey_query (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->journey_query;
}

LcmDisposition *
wrapup_call_new_disposition (WrapupCall *self)
{
  LcmDisposition *disposition;

  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);

  disposition = lcm_disposition_new ();
  lcm_disposition_set_call_id (disposition, self->link->call_id);
  lcm_disposition_set_account_number (disposition, self->link->account_number);
  lcm_disposition_set_user_id (disposition, self->agent_id);
  return disposition;
}

void
wrapup_call_submit_async (WrapupCall          *self,
                          LcmDisposition      *disposition,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(LcmRequest) request = NULL;
  GError *error = NULL;
  LcmOutbox *outbox;

  g_return_if_fail (WRAPUP_IS_CALL (self));
  g_return_if_fail (LCM_IS_DISPOSITION (disposition));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wrapup_call_submit_async);

  /* One write per call: a second click, or a key repeat, sends nothing. */
  if (self->submitting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The wrap-up is being sent"));
      return;
    }
  if (self->submitted)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("The wrap-up of this call was already saved"));
      return;
    }

  request = lcm_request_new_disposition (disposition, NULL, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  outbox = wrapup_call_get_outbox (self);
  self->submitting = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTING]);
  /* Stored before it is sent; cancelling only stops the wait for the answer. */
  lcm_outbox_submit_async (outbox, request, cancellable, on_submitted_cb,
                           g_steal_pointer (&task));
}

gboolean
wrapup_call_submit_finish (WrapupCall    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
wrapup_call_get_submitting (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);
  return self->submitting;
}

gboolean
wrapup_call_get_submitted (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);
  return self->submitted;
}

gboolean
wrapup_call_get_queued (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);
  return self->queued;
}

LcmOutbox *
wrapup_call_get_outbox (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);

  if (self->outbox == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmOutbox) outbox = lcm_outbox_new (self->client, NULL, &error);

      /* In memory, only running out of memory can fail. */
      if (outbox == NULL)
        g_error ("Cannot make an outbox: %s", error->message);
      wrapup_call_set_outbox (self, outbox);
    }
  return self->outbox;
}

/* A call opened again (by the dialer, or after a restart) finds what the outbox holds for
 * it: a wrap-up still waiting makes it saved and queued, so the agent does not send a second
 * one; a refused one opens the form again with the gateway's reason, and saving replaces it. */
static void
adopt_outbox_entry (WrapupCall *self)
{
  GListModel *entries = lcm_outbox_get_entries (self->outbox);
  guint n = g_list_model_get_n_items (entries);

  if (self->submitted || self->submitting)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);

      if (g_strcmp0 (lcm_outbox_entry_get_call_id (entry), self->link->call_id) != 0)
        continue;
      if (lcm_outbox_entry_get_state (entry) == LCM_OUTBOX_ENTRY_FAILED)
        {
          /* The latest refused one counts; keep looking for one that still waits. */
          self->refused_id = lcm_outbox_entry_get_id (entry);
          g_free (self->last_submit_error);
          self->last_submit_error = g_strdup (lcm_outbox_entry_get_last_error (entry));
          continue;
        }
      self->refused_id = 0;
      g_clear_pointer (&self->last_submit_error, g_free);
      self->submitted = TRUE;
      self->queued_entry = g_object_ref (entry);
      g_signal_connect (entry, "notify::state", G_CALLBACK (on_queued_entry_state_cb), self);
      self->queued = TRUE;
      break;
    }
}

void
wrapup_call_set_outbox (WrapupCall *self,
                        LcmOutbox  *outbox)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));
  g_return_if_fail (outbox == NULL || LCM_IS_OUTBOX (outbox));

  if (self->outbox == outbox)
    return;
  /* The entries of the old outbox are not this one's. */
  g_return_if_fail (!self->submitting);

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (lcm_outbox_get_entries (self->outbox), self);
  g_set_object (&self->outbox, outbox);
  forget_queued_entry (self);
  self->refused_id = 0;
  set_queued (self, FALSE);
  if (outbox != NULL)
    {
      g_signal_connect (lcm_outbox_get_entries (outbox), "items-changed",
                        G_CALLBACK (on_outbox_entries_changed_cb), self);
      adopt_outbox_entry (self);
    }
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUBMIT_ERROR]);
  g_object_thaw_notify (G_OBJECT (self));
}

char *
wrapup_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  /* The library's own domains carry messages written for people (the gateway's Message
   * for its refusals); anything else is wrapped so the agent knows where it came from. */
  if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED))
    /* Translators: %s says why it waits, e.g. “Not connected to the gateway” */
    return g_strdup_printf (_("Saved; will be sent when the connection is back (%s)"),
                            error->message);
  if (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_CLIENT_ERROR ||
      error->domain == LCM_REQUEST_ERROR || error->domain == WRAPUP_LINK_ERROR ||
      error->domain == LCM_OUTBOX_ERROR)
    return g_strdup (error->message);
  if (error->domain == LCM_PROTOCOL_ERROR)
    return g_strdup_printf (_("The gateway’s answer could not be read (%s)"), error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("Cancelled"));
  if (error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_BUSY || error->code == G_IO_ERROR_EXISTS))
    return g_strdup (error->message);
  return g_strdup_printf (_("Something went wrong: %s"), error->message);
}
