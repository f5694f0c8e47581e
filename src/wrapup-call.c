/* wrapup-call.c: one call being wrapped up, the models its window shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-call"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "wrapup-call-private.h"
#include "wrapup-trace.h"

G_DEFINE_FINAL_TYPE (WrapupCall, wrapup_call, G_TYPE_OBJECT)

enum {
  SIGNAL_LOAD_STATE_CHANGED,
  SIGNAL_CONNECTION_CHANGED,
  N_SIGNALS
};

GParamSpec *wrapup_call_properties[WRAPUP_CALL_N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
notify (WrapupCall *self,
        guint       prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[prop_id]);
}

static void
set_refused (WrapupCall     *self,
             LcmOutboxEntry *entry)
{
  self->refused_id = lcm_outbox_entry_get_id (entry);
  self->refusal = lcm_outbox_entry_get_refusal (entry);
  g_free (self->last_submit_error);
  self->last_submit_error = g_strdup (lcm_outbox_entry_get_last_error (entry));
}

static gpointer
find_by_id (GListModel *model,
            gint64      id,
            gboolean    business)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 item_id = business ? lcm_business_outcome_get_id (LCM_BUSINESS_OUTCOME (item))
                                : lcm_telephony_outcome_get_id (LCM_TELEPHONY_OUTCOME (item));

      if (item_id == id)
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* What the write records, for people: the outbox shows it while the write waits
 * ("Busy · Interested › Quote sent"). */
static char *
dup_disposition_summary (WrapupCall     *self,
                         LcmDisposition *disposition)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 telephony = lcm_disposition_get_telephony_outcome (disposition);
  gint64 business = lcm_disposition_get_business_outcome (disposition);

  if (telephony != LCM_NONE)
    {
      g_autoptr(LcmTelephonyOutcome) outcome =
        find_by_id (G_LIST_MODEL (self->telephony_outcomes), telephony, FALSE);

      g_ptr_array_add (parts, outcome != NULL
                              ? g_strdup (lcm_telephony_outcome_get_description (outcome))
                              /* Translators: a telephony outcome known only by its id */
                              : g_strdup_printf (_("Outcome %" PRId64), telephony));
    }
  if (business != LCM_NONE)
    {
      g_autoptr(LcmBusinessOutcome) outcome =
        find_by_id (G_LIST_MODEL (self->business_list), business, TRUE);

      g_ptr_array_add (parts, outcome != NULL
                              ? lcm_business_outcome_dup_path (outcome)
                              /* Translators: a business outcome known only by its id */
                              : g_strdup_printf (_("Business outcome %" PRId64),
                                                 business));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Signal callbacks */

static void
set_queued (WrapupCall *self,
            gboolean    queued)
{
  if (self->queued == queued)
    return;
  self->queued = queued;
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_QUEUED]);
}

/* The gateway has the wrap-up: the journey now holds this interaction too, once asked again
 * (if it was asked for at all: a call not loaded yet loads it with the rest). */
static void
refresh_journey (WrapupCall *self)
{
  if (wrapup_call_get_load_state (self, WRAPUP_SECTION_JOURNEY) != WRAPUP_LOAD_IDLE)
    wrapup_call_reload (self, WRAPUP_SECTION_JOURNEY);
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
  g_object_freeze_notify (G_OBJECT (self));
  set_queued (self, FALSE);
  self->delivered = TRUE;
  notify (self, WRAPUP_CALL_PROP_DELIVERED);
  g_object_thaw_notify (G_OBJECT (self));
  refresh_journey (self);
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

  g_object_freeze_notify (G_OBJECT (self));
  set_refused (self, entry);
  self->submitted = FALSE;
  forget_queued_entry (self);
  set_queued (self, FALSE);
  notify (self, WRAPUP_CALL_PROP_SUBMITTED);
  notify (self, WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR);
  notify (self, WRAPUP_CALL_PROP_REFUSAL);
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
  self->refusal = LCM_OUTBOX_REFUSAL_NONE;
  if (error != NULL && (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_PROTOCOL_ERROR))
    {
      LcmOutboxEntry *refused = lcm_outbox_lookup (outbox, id);

      self->refused_id = id;
      self->refusal = refused != NULL ? lcm_outbox_entry_get_refusal (refused)
                                      : LCM_OUTBOX_REFUSAL_TEMPORARY;
    }

  g_object_freeze_notify (G_OBJECT (self));
  self->submitting = FALSE;
  g_clear_pointer (&self->last_submit_error, g_free);
  if (done)
    {
      LcmOutboxEntry *entry = answer == NULL ? lcm_outbox_lookup (outbox, id) : NULL;

      /* In the outbox now (or at the gateway): the draft has served. */
      wrapup_call_drop_draft (self);
      wrapup_call_note_outcomes_used (self, g_task_get_task_data (task));
      self->submitted = TRUE;
      forget_queued_entry (self);
      if (entry != NULL)
        {
          self->queued_entry = g_object_ref (entry);
          g_signal_connect (entry, "notify::state", G_CALLBACK (on_queued_entry_state_cb),
                            self);
          set_queued (self, TRUE);
        }
      else
        refresh_journey (self);
      g_clear_error (&error);
    }
  else
    self->last_submit_error = wrapup_describe_error (error);

  notify (self, WRAPUP_CALL_PROP_SUBMITTING);
  notify (self, WRAPUP_CALL_PROP_SUBMITTED);
  notify (self, WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR);
  notify (self, WRAPUP_CALL_PROP_REFUSAL);
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
  /* What the agent typed last is kept before the call goes. */
  wrapup_call_flush_draft (self);
  forget_queued_entry (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (lcm_outbox_get_entries (self->outbox), self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->client);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wrapup_call_parent_class)->dispose (object);
}

static void
wrapup_call_finalize (GObject *object)
{
  WrapupCall *self = WRAPUP_CALL (object);

  wrapup_call_clear_sections (self);
  g_clear_pointer (&self->draft, wrapup_draft_free);
  g_clear_pointer (&self->pending_draft, wrapup_draft_free);
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
    case WRAPUP_CALL_PROP_CALL_ID:
      g_value_set_string (value, self->link->call_id);
      break;
    case WRAPUP_CALL_PROP_ACCOUNT_NUMBER:
      g_value_set_string (value, self->link->account_number);
      break;
    case WRAPUP_CALL_PROP_CALL_TYPE:
      g_value_set_enum (value, self->link->call_type);
      break;
    case WRAPUP_CALL_PROP_CONTACT_NUMBER:
      g_value_set_string (value, self->link->contact_number);
      break;
    case WRAPUP_CALL_PROP_CAMPAIGN:
      g_value_set_string (value, self->link->campaign);
      break;
    case WRAPUP_CALL_PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;
    case WRAPUP_CALL_PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case WRAPUP_CALL_PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case WRAPUP_CALL_PROP_DELIVERED:
      g_value_set_boolean (value, self->delivered);
      break;
    case WRAPUP_CALL_PROP_REFUSAL:
      g_value_set_enum (value, self->refusal);
      break;
    case WRAPUP_CALL_PROP_OPENED_AT:
      g_value_set_boxed (value, self->opened_at);
      break;
    case WRAPUP_CALL_PROP_SUBMITTING:
      g_value_set_boolean (value, self->submitting);
      break;
    case WRAPUP_CALL_PROP_SUBMITTED:
      g_value_set_boolean (value, self->submitted);
      break;
    case WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR:
      g_value_set_string (value, self->last_submit_error);
      break;
    case WRAPUP_CALL_PROP_JOURNEY_QUERY:
      g_value_set_object (value, self->journey_query);
      break;
    case WRAPUP_CALL_PROP_QUEUED:
      g_value_set_boolean (value, self->queued);
      break;
    case WRAPUP_CALL_PROP_OUTBOX:
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
    case WRAPUP_CALL_PROP_OUTBOX:
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

  wrapup_call_properties[WRAPUP_CALL_PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_ACCOUNT_NUMBER] =
    g_param_spec_string ("account-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_CALL_TYPE] =
    g_param_spec_enum ("call-type", NULL, NULL, LCM_TYPE_CALL_TYPE, LCM_CALL_TYPE_MANUAL,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_CONTACT_NUMBER] =
    g_param_spec_string ("contact-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_CAMPAIGN] =
    g_param_spec_string ("campaign", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_AGENT_ID] =
    g_param_spec_string ("agent-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LCM_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_OPENED_AT] =
    g_param_spec_boxed ("opened-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_SUBMITTING] =
    g_param_spec_boolean ("submitting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_SUBMITTED] =
    g_param_spec_boolean ("submitted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR] =
    g_param_spec_string ("last-submit-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_JOURNEY_QUERY] =
    g_param_spec_object ("journey-query", NULL, NULL, LCM_TYPE_JOURNEY_QUERY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_QUEUED] =
    g_param_spec_boolean ("queued", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WRAPUP_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_DELIVERED] =
    g_param_spec_boolean ("delivered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_REFUSAL] =
    g_param_spec_enum ("refusal", NULL, NULL, LCM_TYPE_OUTBOX_REFUSAL, LCM_OUTBOX_REFUSAL_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  wrapup_call_properties[WRAPUP_CALL_PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, LCM_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, WRAPUP_CALL_N_PROPS,
                                     wrapup_call_properties);

  signals[SIGNAL_LOAD_STATE_CHANGED] =
    g_signal_new ("load-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
wrapup_call_init (WrapupCall *self)
{
  self->opened_at = g_date_time_new_now_local ();
  wrapup_call_init_sections (self);
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
  self->link = wrapup_call_link_copy (link);
  wrapup_call_set_client (self, client);
  self->agent_id = g_strdup (agent_id != NULL ? agent_id : "");

  /* By default the journey is the account's, across campaigns and channels: the account
   * wins over the contact number anyway when both are given (get-customer-journey). */
  lcm_journey_query_set_account_number (self->journey_query, link->account_number);
  return self;
}

static void
on_session_client_cb (WrapupSession *session,
                      GParamSpec    *pspec,
                      WrapupCall    *self)
{
  LcmClient *client = wrapup_session_get_client (session);
  gboolean first = self->client == NULL;

  wrapup_call_set_client (self, client);
  if (client == NULL)
    return;
  /* A call that was waiting for a gateway loads now; one that has its lists keeps them
   * and loads again what failed. */
  if (first)
    wrapup_call_load (self);
  else
    wrapup_call_reload_stale (self);
}

WrapupCall *
wrapup_call_new_for_session (WrapupSession        *session,
                             const WrapupCallLink *link)
{
  WrapupCall *self;
  const char *agent_id;

  g_return_val_if_fail (WRAPUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (link != NULL, NULL);

  agent_id = wrapup_session_get_agent_id (session);
  self = g_object_new (WRAPUP_TYPE_CALL, NULL);
  self->session = g_object_ref (session);
  self->link = wrapup_call_link_copy (link);
  self->agent_id = g_strdup (agent_id != NULL ? agent_id : "");
  lcm_journey_query_set_account_number (self->journey_query, link->account_number);
  wrapup_call_set_client (self, wrapup_session_get_client (session));
  g_signal_connect_object (session, "notify::client", G_CALLBACK (on_session_client_cb), self,
                           0);

  wrapup_call_restore_draft (self);
  wrapup_call_set_outbox (self, wrapup_session_get_outbox (session));
  return self;
}

WrapupSession *
wrapup_call_get_session (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->session;
}

const WrapupCallLink *
wrapup_call_get_link (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->link;
}

void
wrapup_call_emit_load_state (WrapupCall *self,
                             guint       section)
{
  g_signal_emit (self, signals[SIGNAL_LOAD_STATE_CHANGED], 0, section);
}

void
wrapup_call_emit_connection_changed (WrapupCall *self)
{
  g_signal_emit (self, signals[SIGNAL_CONNECTION_CHANGED], 0);
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
  g_task_set_task_data (task, g_object_ref (disposition), g_object_unref);

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
  {
    g_autofree char *summary = dup_disposition_summary (self, disposition);

    lcm_request_set_summary (request, summary);
  }

  outbox = wrapup_call_get_outbox (self);
  self->submitting = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_SUBMITTING]);
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

gboolean
wrapup_call_get_delivered (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);
  return self->delivered;
}

const char *
wrapup_call_get_last_submit_error (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->last_submit_error;
}

guint
wrapup_call_get_queue_position (WrapupCall *self)
{
  GListModel *entries;
  gint64 id;
  guint position = 0;
  guint n;

  g_return_val_if_fail (WRAPUP_IS_CALL (self), 0);

  if (self->queued_entry == NULL)
    return 0;
  id = lcm_outbox_entry_get_id (self->queued_entry);
  entries = lcm_outbox_get_entries (self->outbox);
  n = g_list_model_get_n_items (entries);
  /* Sent in the order stored: the pending writes stored before it go first. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);

      if (lcm_outbox_entry_get_state (entry) == LCM_OUTBOX_ENTRY_PENDING
          && lcm_outbox_entry_get_id (entry) <= id)
        position++;
    }
  return position;
}

LcmOutboxRefusal
wrapup_call_get_refusal (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), LCM_OUTBOX_REFUSAL_NONE);
  return self->refusal;
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
  g_autoptr(LcmOutboxEntry) refused = NULL;

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
          set_refused (self, entry);
          g_set_object (&refused, entry);
          continue;
        }
      g_clear_object (&refused);
      self->refused_id = 0;
      self->refusal = LCM_OUTBOX_REFUSAL_NONE;
      g_clear_pointer (&self->last_submit_error, g_free);
      self->submitted = TRUE;
      self->queued_entry = g_object_ref (entry);
      g_signal_connect (entry, "notify::state", G_CALLBACK (on_queued_entry_state_cb), self);
      self->queued = TRUE;
      break;
    }

  /* The refused values come back in the form, unless the agent has begun correcting them
   * (a draft with something in it). */
  if (refused != NULL && (self->draft == NULL || wrapup_draft_is_empty (self->draft)))
    {
      WrapupDraft *draft = wrapup_call_draft_from_entry (self, refused);

      if (draft != NULL)
        {
          g_clear_pointer (&self->draft, wrapup_draft_free);
          self->draft = draft;
        }
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
  self->refusal = LCM_OUTBOX_REFUSAL_NONE;
  set_queued (self, FALSE);
  if (outbox != NULL)
    {
      g_signal_connect (lcm_outbox_get_entries (outbox), "items-changed",
                        G_CALLBACK (on_outbox_entries_changed_cb), self);
      adopt_outbox_entry (self);
    }
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_OUTBOX]);
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_QUEUED]);
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_SUBMITTED]);
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR]);
  notify (self, WRAPUP_CALL_PROP_REFUSAL);
  g_object_thaw_notify (G_OBJECT (self));
}

char *
wrapup_dup_reason_sentence (const char *reason)
{
  g_autofree char *trimmed = NULL;
  gsize length;

  if (reason == NULL || *reason == '\0')
    return g_strdup (_("No reason was given."));
  trimmed = g_strstrip (g_strdup (reason));
  length = strlen (trimmed);
  if (length > 0 && strchr (".!?…", trimmed[length - 1]) != NULL)
    return g_steal_pointer (&trimmed);
  if (length >= strlen ("…") && g_str_has_suffix (trimmed, "…"))
    return g_steal_pointer (&trimmed);
  return g_strconcat (trimmed, ".", NULL);
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
