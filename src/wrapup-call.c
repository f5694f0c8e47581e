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

void
wrapup_call_notify (WrapupCall *self,
                    guint       prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[prop_id]);
}

/* Signal callbacks */

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
  wrapup_call_forget_queued_entry (self);
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
