/* lcm-outbox.c: the durable outbox every write goes through
 *
 * The file is the truth: a write is an `entries` row from the moment it is submitted (the
 * INSERT is committed, and with synchronous=FULL on disk, before the write is handed to the
 * client) until the gateway accepts it. The next write to send is always the pending row
 * with the smallest id, read from the file, so a crash, a kill -9 or another program's
 * writes never change the order. One write is in flight at a time: the protocol has no
 * request id, and sending the next before the previous one is answered could reorder them
 * at the gateway after a dropped connection.
 *
 * What the file says must stay true: a write the gateway accepted is never sent again by
 * this outbox, even when the file cannot take its DELETE (a full disk: it is retried), and a
 * program that stops closes the outbox first, so that no write is left on the wire while
 * the file still calls it pending. The file is looked at read-only before anything is
 * written to it, named by an absolute path (never an SQLite URI), created with its tables
 * before it is switched to WAL, and checkpointed after every commit.
 *
 * The class's parts are listed in lcm-outbox-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lcm-enum-types.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-outbox-private.h"

G_DEFINE_QUARK (lcm-outbox-error-quark, lcm_outbox_error)

/* ------------------------------------------------------------------------------------------
 * LcmOutbox
 */

G_DEFINE_FINAL_TYPE (LcmOutbox, lcm_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PATH,
  PROP_N_PENDING,
  PROP_N_FAILED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
lcm_outbox_set_counts (LcmOutbox *self,
                       guint      n_pending,
                       guint      n_failed)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_pending != n_pending)
    {
      self->n_pending = n_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (self->n_failed != n_failed)
    {
      self->n_failed = n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* GObject */

static void
lcm_outbox_dispose (GObject *object)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  /* The write in flight, if any, stays pending in the file: its answer is not known. */
  g_cancellable_cancel (self->cancellable);
  self->in_flight = 0;
  self->closing = TRUE;
  lcm_outbox_cancel_retry (self);
  if (self->db != NULL)
    lcm_outbox_finish_close (self);
  lcm_outbox_queue_waiters (self, _("The outbox was closed"), STALL_FINAL);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_list_store_remove_all (self->entries);
  g_hash_table_remove_all (self->by_id);

  G_OBJECT_CLASS (lcm_outbox_parent_class)->dispose (object);
}

static void
lcm_outbox_finalize (GObject *object)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  for (guint i = 0; i < N_STATEMENTS; i++)
    sqlite3_finalize (self->statements[i]);
  if (self->db != NULL)
    sqlite3_close (self->db);
  lcm_outbox_store_release_sender_lock (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->accepted, g_hash_table_unref);
  g_free (self->stall_reason);
  g_free (self->path);

  G_OBJECT_CLASS (lcm_outbox_parent_class)->finalize (object);
}

static void
lcm_outbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_outbox_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      lcm_outbox_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_outbox_class_init (LcmOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lcm_outbox_dispose;
  object_class->finalize = lcm_outbox_finalize;
  object_class->get_property = lcm_outbox_get_property;
  object_class->set_property = lcm_outbox_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LCM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_outbox_init (LcmOutbox *self)
{
  self->lock_fd = -1;
  self->entries = g_list_store_new (LCM_TYPE_OUTBOX_ENTRY);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->accepted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->waiters);
  g_queue_init (&self->closers);
}

/* ------------------------------------------------------------------------------------------
 * Public API
 */

/* The task of a submit, a flush, a wait or a close. Cancelling stops the wait, not what it
 * waits for: the result says so even when that came. */
static GTask *
waiting_task_new (LcmOutbox           *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  return task;
}

static gboolean
is_result_of (LcmOutbox    *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

LcmOutbox *
lcm_outbox_new (LcmClient   *client,
                const char  *path,
                GError     **error)
{
  g_autoptr(LcmOutbox) self = NULL;

  g_return_val_if_fail (client == NULL || LCM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LCM_TYPE_OUTBOX, NULL);
  /* Taken literally: absolute, so that SQLite never reads it as a URI. */
  if (path != NULL && g_path_is_absolute (path))
    self->path = g_strdup (path);
  else if (path != NULL)
    {
      g_autofree char *cwd = g_get_current_dir ();

      self->path = g_build_filename (cwd, path, NULL);
    }
  if (!lcm_outbox_store_open (self, error) || !lcm_outbox_store_load_entries (self, error))
    return NULL;

  lcm_outbox_set_client (self, client);
  return g_steal_pointer (&self);
}

const char *
lcm_outbox_get_path (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  return self->path;
}

LcmClient *
lcm_outbox_get_client (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  return self->client;
}

void
lcm_outbox_set_client (LcmOutbox *self,
                       LcmClient *client)
{
  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (client == NULL || LCM_IS_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect (client, "notify::state", G_CALLBACK (lcm_outbox_on_client_state_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  lcm_outbox_cancel_retry (self);
  lcm_outbox_pump (self);
}

guint
lcm_outbox_get_n_pending (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), 0);
  return self->n_pending;
}

guint
lcm_outbox_get_n_failed (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), 0);
  return self->n_failed;
}

GListModel *
lcm_outbox_get_entries (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  return G_LIST_MODEL (self->entries);
}

LcmOutboxEntry *
lcm_outbox_lookup (LcmOutbox *self,
                   gint64     id)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);

  return g_hash_table_lookup (self->by_id, &id);
}

void
lcm_outbox_submit_async (LcmOutbox           *self,
                         LcmRequest          *request,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gint64 id;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (lcm_request_is_write (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_submit_async);

  id = lcm_outbox_store_request (self, request, &error);
  g_task_set_task_data (task, g_memdup2 (&id, sizeof id), g_free);
  if (id == 0)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Stored write %" G_GINT64_FORMAT " (%s)", id,
           lcm_operation_get_request_subtopic (lcm_request_get_operation (request)));
  lcm_outbox_store_refresh_entry (self, id);
  lcm_outbox_add_waiter (self, task, WAITER_SUBMIT, id);
  lcm_outbox_pump (self);
}

JsonNode *
lcm_outbox_submit_finish (LcmOutbox     *self,
                          GAsyncResult  *result,
                          gint64        *out_id,
                          GError       **error)
{
  gint64 *id;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_submit_async), NULL);

  id = g_task_get_task_data (G_TASK (result));
  if (out_id != NULL)
    *out_id = id != NULL ? *id : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lcm_outbox_flush (LcmOutbox *self)
{
  g_return_if_fail (LCM_IS_OUTBOX (self));

  lcm_outbox_cancel_retry (self);
  lcm_outbox_pump (self);
}

void
lcm_outbox_flush_async (LcmOutbox           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_flush_async);

  lcm_outbox_add_waiter (self, task, WAITER_FLUSH, 0);
  lcm_outbox_cancel_retry (self);
  lcm_outbox_pump (self);
}

gboolean
lcm_outbox_flush_finish (LcmOutbox     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_flush_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lcm_outbox_wait_async (LcmOutbox           *self,
                       gint64               id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LcmOutboxEntry *entry;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (id >= 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_wait_async);

  if (id > 0)
    {
      lcm_outbox_store_reload_if_changed (self);
      entry = g_hash_table_lookup (self->by_id, &id);
      if (entry == NULL || entry->state != LCM_OUTBOX_ENTRY_PENDING)
        {
          g_task_return_new_error (task, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND,
                                   _("Write %" PRId64 " is not waiting in the outbox: it "
                                     "was answered or removed"), id);
          return;
        }
    }

  lcm_outbox_add_waiter (self, task, WAITER_WAIT, id);
  /* As a flush: what waits for a retry goes now. */
  if (id == 0)
    lcm_outbox_cancel_retry (self);
  lcm_outbox_pump (self);
}

gboolean
lcm_outbox_wait_finish (LcmOutbox     *self,
                        GAsyncResult  *result,
                        JsonNode     **out_response,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) response = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_wait_async), FALSE);

  if (out_response != NULL)
    *out_response = NULL;
  response = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_response != NULL)
    *out_response = g_steal_pointer (&response);
  return TRUE;
}

void
lcm_outbox_close_async (LcmOutbox           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_close_async);

  g_debug ("Closing%s", self->in_flight != 0 ? ", once the write in flight is answered" : "");
  self->closing = TRUE;
  lcm_outbox_cancel_retry (self);
  lcm_outbox_add_waiter (self, task, WAITER_CLOSE, 0);
  /* With nothing in flight, done now; else when its answer or its timeout comes. */
  lcm_outbox_pump (self);
}

gboolean
lcm_outbox_close_finish (LcmOutbox     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_close_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_entry (LcmOutbox       *self,
             gint64           id,
             LcmOutboxEntry **out,
             GError         **error)
{
  lcm_outbox_store_reload_if_changed (self);
  if (!lcm_outbox_store_read_entry (self, id, out))
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_READ);
      return FALSE;
    }
  /* Accepted, and only waiting for the file to take its DELETE. */
  if (g_hash_table_contains (self->accepted, &id))
    g_clear_object (out);
  if (*out == NULL)
    {
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no write %" PRId64 " in the outbox: it was sent or "
                     "removed"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
lcm_outbox_retry (LcmOutbox  *self,
                  gint64      id,
                  GError    **error)
{
  g_autoptr(LcmOutboxEntry) entry = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entry (self, id, &entry, error))
    return FALSE;

  if (entry->refusal == LCM_OUTBOX_REFUSAL_PERMANENT)
    {
      g_autoptr(LcmRequest) request = lcm_outbox_entry_to_request (entry, NULL);

      if (request == NULL)
        g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE,
                     /* Translators: %s is why, e.g. “The stored write cannot be read” */
                     _("This wrap-up cannot be sent as it is stored (%s): remove it"),
                     entry->last_error != NULL ? entry->last_error : "");
      else
        g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_PERMANENT,
                     /* Translators: %s is the gateway's reason, e.g. “Invalid Call ID.” */
                     _("The gateway refused this wrap-up for good (%s): correct it or "
                       "remove it"),
                     entry->last_error != NULL ? entry->last_error : "");
      return FALSE;
    }

  if (entry->state == LCM_OUTBOX_ENTRY_FAILED)
    {
      if (!lcm_outbox_store_update_entry (self, id, LCM_OUTBOX_REFUSAL_NONE, FALSE, NULL))
        {
          lcm_outbox_set_storage_error (error, self->db, STORAGE_STORE_CHANGE);
          return FALSE;
        }
      lcm_outbox_store_refresh_entry (self, id);
    }

  lcm_outbox_cancel_retry (self);
  lcm_outbox_pump (self);
  return TRUE;
}

gboolean
lcm_outbox_remove (LcmOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(LcmOutboxEntry) entry = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entry (self, id, &entry, error))
    return FALSE;

  if (id == self->in_flight)
    {
      g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_BUSY,
                           _("The write is being sent: wait for the gateway’s answer"));
      return FALSE;
    }

  if (!lcm_outbox_store_delete_entry (self, id))
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_STORE_CHANGE);
      return FALSE;
    }
  lcm_outbox_store_refresh_entry (self, id);

  {
    g_autoptr(GError) removed = g_error_new_literal (LCM_OUTBOX_ERROR,
                                                     LCM_OUTBOX_ERROR_NOT_FOUND,
                                                     _("The write was removed from the outbox "
                                                       "before it was sent"));
    lcm_outbox_complete_entry_waiters (self, id, NULL, removed);
  }
  return TRUE;
}
