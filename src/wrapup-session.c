/* wrapup-session.c: the agent's session, the state every window shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrapup-callback-reminder.h"
#include "wrapup-call.h"
#include "wrapup-session-private.h"
#include "wrapup-sqlite-file.h"
#include "wrapup-trace.h"

G_DEFINE_FINAL_TYPE (WrapupSession, wrapup_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SERVER_URL,
  PROP_AGENT_ID,
  PROP_OUTBOX,
  PROP_DRAFTS,
  PROP_OUTCOME_CACHE,
  N_PROPS
};

enum {
  SIGNAL_PROBLEM,
  SIGNAL_DELIVERED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

void
wrapup_session_report_problem (WrapupSession *self,
                               const char    *text)
{
  g_ptr_array_add (self->problems, g_strdup (text));
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, text);
}

static void
remember_entries (WrapupSession *self)
{
  GListModel *entries = lcm_outbox_get_entries (self->outbox);
  guint n = g_list_model_get_n_items (entries);

  g_hash_table_remove_all (self->known_entries);
  for (guint i = 0; i < n; i++)
    {
      LcmOutboxEntry *entry = g_list_model_get_item (entries, i);
      gint64 *id = g_new (gint64, 1);

      *id = lcm_outbox_entry_get_id (entry);
      g_hash_table_insert (self->known_entries, id, entry);
    }
}

static void
on_outbox_entries_changed_cb (GListModel    *entries,
                              guint          position,
                              guint          removed,
                              guint          added,
                              WrapupSession *self)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GPtrArray) delivered = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  before = g_steal_pointer (&self->known_entries);
  self->known_entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                               g_object_unref);
  remember_entries (self);
  if (removed == 0)
    return;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LcmOutboxEntry *entry = value;

      if (g_hash_table_contains (self->known_entries, key)
          || *(gint64 *) key == self->removing_id)
        continue;
      if (lcm_outbox_entry_get_state (entry) == LCM_OUTBOX_ENTRY_PENDING)
        g_ptr_array_add (delivered, g_object_ref (entry));
    }
  for (guint i = 0; i < delivered->len; i++)
    g_signal_emit (self, signals[SIGNAL_DELIVERED], 0, g_ptr_array_index (delivered, i));
}

static void
watch_outbox (WrapupSession *self,
              LcmOutbox     *old_outbox)
{
  if (old_outbox != NULL)
    g_signal_handlers_disconnect_by_data (lcm_outbox_get_entries (old_outbox), self);
  remember_entries (self);
  g_signal_connect (lcm_outbox_get_entries (self->outbox), "items-changed",
                    G_CALLBACK (on_outbox_entries_changed_cb), self);
}

/* The outbox sends on the session's connection as soon as it is connected: what waits from
 * an earlier run or a dropped connection goes first. */
static void
attach_outbox (WrapupSession *self)
{
  lcm_outbox_set_client (self->outbox, self->client);
  if (self->client != NULL)
    lcm_outbox_flush (self->outbox);
}

static void
on_client_state_traced_cb (LcmClient *client)
{
  if (lcm_client_get_state (client) == LCM_CLIENT_STATE_CONNECTED)
    wrapup_trace_mark ("connected");
}

static void
drop_client (WrapupSession *self)
{
  if (self->reminder != NULL)
    wrapup_callback_reminder_stop (self->reminder);
  g_clear_object (&self->reminder);
  if (self->client != NULL && self->owns_client)
    lcm_client_stop (self->client);
  g_clear_object (&self->client);
}

static void
make_client (WrapupSession *self)
{
  g_autoptr(LcmClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *warning = NULL;

  if (self->server_url == NULL || *self->server_url == '\0')
    return;

  client = lcm_client_new (self->server_url);
  lcm_client_set_allow_insecure (client, self->allow_insecure);
  /* A self-signed gateway's certificate, trusted besides the system's authorities. */
  if (!lcm_client_set_trusted_certificate_file (client, self->trusted_certificate, &error))
    {
      g_autofree char *text = wrapup_describe_error (error);

      wrapup_session_report_problem (self, text);
      g_clear_error (&error);
    }

  token = wrapup_read_token_file (self->token_file, &warning, &error);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The access token could not be read: %s"),
                                               error->message);
      wrapup_session_report_problem (self, text);
      g_clear_error (&error);
    }
  if (warning != NULL)
    wrapup_session_report_problem (self, warning);
  lcm_client_set_token (client, token);
  if (token != NULL)
    memset (token, 0, strlen (token));

  if (wrapup_trace_enabled ())
    g_signal_connect (client, "notify::state", G_CALLBACK (on_client_state_traced_cb), NULL);
  if (!lcm_client_start (client, &error))
    {
      g_autofree char *text = wrapup_describe_error (error);

      wrapup_session_report_problem (self, text);
      return;
    }

  self->client = g_steal_pointer (&client);
  self->owns_client = TRUE;
  if (self->agent_id != NULL && *self->agent_id != '\0')
    {
      self->reminder = wrapup_callback_reminder_new (self->application, self->client,
                                                     self->agent_id);
      wrapup_callback_reminder_start (self->reminder);
    }
}

/* GObject */

static void
wrapup_session_dispose (GObject *object)
{
  WrapupSession *self = WRAPUP_SESSION (object);

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (lcm_outbox_get_entries (self->outbox), self);
  drop_client (self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->drafts);
  g_clear_object (&self->outcome_cache);
  g_clear_object (&self->outcome_usage);
  g_clear_pointer (&self->known_entries, g_hash_table_unref);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (wrapup_session_parent_class)->dispose (object);
}

static void
wrapup_session_finalize (GObject *object)
{
  WrapupSession *self = WRAPUP_SESSION (object);

  g_free (self->server_url);
  g_free (self->agent_id);
  g_free (self->trusted_certificate);
  g_free (self->token_file);
  g_ptr_array_unref (self->problems);

  G_OBJECT_CLASS (wrapup_session_parent_class)->finalize (object);
}

static void
wrapup_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WrapupSession *self = WRAPUP_SESSION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;
    case PROP_OUTBOX:
      g_value_set_object (value, wrapup_session_get_outbox (self));
      break;
    case PROP_DRAFTS:
      g_value_set_object (value, self->drafts);
      break;
    case PROP_OUTCOME_CACHE:
      g_value_set_object (value, self->outcome_cache);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_session_class_init (WrapupSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wrapup_session_dispose;
  object_class->finalize = wrapup_session_finalize;
  object_class->get_property = wrapup_session_get_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LCM_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_ID] =
    g_param_spec_string ("agent-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, LCM_TYPE_OUTBOX,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFTS] =
    g_param_spec_object ("drafts", NULL, NULL, WRAPUP_TYPE_DRAFT_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME_CACHE] =
    g_param_spec_object ("outcome-cache", NULL, NULL, WRAPUP_TYPE_OUTCOME_CACHE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DELIVERED] =
    g_signal_new ("delivered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, LCM_TYPE_OUTBOX_ENTRY);
}

static void
wrapup_session_init (WrapupSession *self)
{
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->known_entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                               g_object_unref);
}

/* Public API */

WrapupSession *
wrapup_session_new (GApplication *application)
{
  WrapupSession *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  self = g_object_new (WRAPUP_TYPE_SESSION, NULL);
  g_set_weak_pointer (&self->application, application);
  return self;
}

WrapupSession *
wrapup_session_new_with_client (LcmClient  *client,
                                const char *agent_id)
{
  WrapupSession *self;

  g_return_val_if_fail (LCM_IS_CLIENT (client), NULL);

  self = g_object_new (WRAPUP_TYPE_SESSION, NULL);
  self->client = g_object_ref (client);
  self->server_url = g_strdup (lcm_client_get_url (client));
  self->agent_id = g_strdup (agent_id);
  wrapup_session_open_storage (self, NULL);
  return self;
}

void
wrapup_session_open_storage (WrapupSession *self,
                             const char    *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *drafts_path = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *usage_path = NULL;
  LcmOutbox *old_outbox;

  g_return_if_fail (WRAPUP_IS_SESSION (self));

  /* The old file's writes stay in it: they go at the next start that opens it. */
  old_outbox = g_steal_pointer (&self->outbox);
  if (old_outbox != NULL)
    lcm_outbox_set_client (old_outbox, NULL);
  g_clear_object (&self->drafts);
  g_clear_object (&self->outcome_cache);
  g_clear_object (&self->outcome_usage);

  if (data_dir != NULL)
    {
      drafts_path = g_build_filename (data_dir, "drafts.db", NULL);
      cache_path = g_build_filename (data_dir, "outcome-cache.db", NULL);
      usage_path = g_build_filename (data_dir, "outcome-usage.db", NULL);
      self->outbox = wrapup_session_open_durable_outbox (self, data_dir);
    }
  else
    self->outbox = lcm_outbox_new (NULL, NULL, NULL);

  /* Drafts that cannot be kept on disk are kept in memory: the agent is told. */
  self->drafts = wrapup_draft_store_new (drafts_path, &error);
  if (self->drafts == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Unsaved wrap-ups cannot be kept on this "
                                                 "computer: %s"), error->message);
      wrapup_session_report_problem (self, text);
      g_clear_error (&error);
      self->drafts = wrapup_draft_store_new (NULL, NULL);
    }
  else if (wrapup_draft_store_get_problem (self->drafts) != NULL)
    wrapup_session_report_problem (self, wrapup_draft_store_get_problem (self->drafts));

  self->outcome_cache = wrapup_outcome_cache_new (cache_path, &error);
  if (self->outcome_cache == NULL)
    {
      /* Only a convenience for when the gateway is down: not worth more than a log line. */
      g_warning ("The outcome lists cannot be kept on this computer: %s", error->message);
      g_clear_error (&error);
      self->outcome_cache = wrapup_outcome_cache_new (NULL, NULL);
    }
  else if (wrapup_outcome_cache_get_problem (self->outcome_cache) != NULL)
    wrapup_session_report_problem (self, wrapup_outcome_cache_get_problem (self->outcome_cache));

  /* Only an order of the lists: a log line when it cannot be kept, as the cache. */
  self->outcome_usage = wrapup_outcome_usage_new (usage_path, &error);
  if (self->outcome_usage == NULL)
    {
      g_warning ("The most used outcomes cannot be kept on this computer: %s", error->message);
      g_clear_error (&error);
      self->outcome_usage = wrapup_outcome_usage_new (NULL, NULL);
    }
  else if (wrapup_outcome_usage_get_problem (self->outcome_usage) != NULL)
    wrapup_session_report_problem (self, wrapup_outcome_usage_get_problem (self->outcome_usage));

  watch_outbox (self, old_outbox);
  g_clear_object (&old_outbox);
  attach_outbox (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME_CACHE]);
}

GStrv
wrapup_session_take_problems (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);

  if (self->problems->len == 0)
    return NULL;
  g_ptr_array_add (self->problems, NULL);
  {
    GStrv problems = (GStrv) g_ptr_array_free (self->problems, FALSE);

    self->problems = g_ptr_array_new_with_free_func (g_free);
    return problems;
  }
}

void
wrapup_session_configure (WrapupSession *self,
                          const char    *server_url,
                          const char    *agent_id,
                          gboolean       allow_insecure,
                          const char    *trusted_certificate,
                          const char    *token_file)
{
  gboolean same_client;
  gboolean same_agent;

  g_return_if_fail (WRAPUP_IS_SESSION (self));

  same_agent = g_strcmp0 (self->agent_id, agent_id) == 0;
  same_client = same_agent
                && g_strcmp0 (self->server_url, server_url) == 0
                && self->allow_insecure == allow_insecure
                && g_strcmp0 (self->trusted_certificate, trusted_certificate) == 0
                && g_strcmp0 (self->token_file, token_file) == 0
                && (self->client != NULL || server_url == NULL || *server_url == '\0');
  if (same_client)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->server_url, server_url) != 0)
    {
      g_free (self->server_url);
      self->server_url = g_strdup (server_url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
    }
  if (!same_agent)
    {
      g_free (self->agent_id);
      self->agent_id = g_strdup (agent_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_ID]);
    }
  self->allow_insecure = allow_insecure;
  g_free (self->trusted_certificate);
  self->trusted_certificate = g_strdup (trusted_certificate);
  g_free (self->token_file);
  self->token_file = g_strdup (token_file);

  drop_client (self);
  make_client (self);
  if (self->outbox != NULL)
    attach_outbox (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  g_object_thaw_notify (G_OBJECT (self));
}

LcmClient *
wrapup_session_get_client (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return self->client;
}

const char *
wrapup_session_get_server_url (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return self->server_url;
}

const char *
wrapup_session_get_agent_id (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return self->agent_id;
}

/* A session used without storage (a test's) keeps everything in memory. */
static WrapupSession *
with_storage (WrapupSession *self)
{
  if (self->outbox == NULL)
    wrapup_session_open_storage (self, NULL);
  return self;
}

LcmOutbox *
wrapup_session_get_outbox (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return with_storage (self)->outbox;
}

WrapupDraftStore *
wrapup_session_get_drafts (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return with_storage (self)->drafts;
}

WrapupOutcomeCache *
wrapup_session_get_outcome_cache (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return with_storage (self)->outcome_cache;
}

WrapupOutcomeUsage *
wrapup_session_get_outcome_usage (WrapupSession *self)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  return with_storage (self)->outcome_usage;
}

gboolean
wrapup_session_remove_write (WrapupSession  *self,
                             gint64          id,
                             GError        **error)
{
  gboolean removed;

  g_return_val_if_fail (WRAPUP_IS_SESSION (self), FALSE);

  /* Gone on the agent's word: not a delivery. */
  self->removing_id = id;
  removed = lcm_outbox_remove (wrapup_session_get_outbox (self), id, error);
  self->removing_id = 0;
  return removed;
}

gboolean
wrapup_session_retry_write (WrapupSession  *self,
                            gint64          id,
                            GError        **error)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), FALSE);
  return lcm_outbox_retry (wrapup_session_get_outbox (self), id, error);
}

static void
on_personal_callbacks_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GListModel *callbacks = lcm_client_fetch_finish (LCM_CLIENT (source_object), result, &error);

  if (callbacks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, callbacks, g_object_unref);
}

void
wrapup_session_fetch_personal_callbacks_async (WrapupSession       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = g_date_time_add_days (now, -WRAPUP_MISSED_CALLBACK_DAYS);
  g_autoptr(LcmRequest) request = NULL;
  GError *error = NULL;
  GDate from;

  g_return_if_fail (WRAPUP_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wrapup_session_fetch_personal_callbacks_async);
  if (self->client == NULL)
    {
      g_task_return_new_error (task, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INVALID_URL,
                               _("No gateway is set: open Preferences to set its address"));
      return;
    }

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, g_date_time_get_day_of_month (first), g_date_time_get_month (first),
                  g_date_time_get_year (first));
  request = lcm_request_new_personal_callbacks (self->agent_id != NULL ? self->agent_id : "",
                                                &from, NULL, 0, 0, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  lcm_client_fetch_async (self->client, request, cancellable, on_personal_callbacks_cb,
                          g_steal_pointer (&task));
}

GListModel *
wrapup_session_fetch_personal_callbacks_finish (WrapupSession  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  g_return_val_if_fail (WRAPUP_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
