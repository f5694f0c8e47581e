/* lcm-outbox-sender.c: sending the outbox's writes, one at a time
 *
 * The next write is always the pending row with the smallest id, read from the file; one
 * is in flight at a time, since the protocol has no request id. A write with no answer is
 * retried after 1 s, doubling up to 30 s; a refusal is kept, with its kind, for people.
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

static gboolean
on_retry_cb (gpointer user_data)
{
  g_autoptr(LcmOutbox) self = g_object_ref (user_data);

  self->retry_source = 0;
  lcm_outbox_pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (LcmOutbox *self,
                RetryKind  kind)
{
  self->retry_kind = kind;
  if (self->retry_source != 0)
    return;
  if (self->retry_delay_ms == 0)
    self->retry_delay_ms = RETRY_FIRST_MS;
  self->retry_source = g_timeout_add (self->retry_delay_ms, on_retry_cb, self);
  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, RETRY_MAX_MS);
}

void
lcm_outbox_cancel_retry (LcmOutbox *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_delay_ms = 0;
}

static void
set_in_flight (LcmOutbox *self,
               gint64     id)
{
  gint64 old = self->in_flight;
  LcmOutboxEntry *entry;

  self->in_flight = id;
  if (old != 0 && (entry = g_hash_table_lookup (self->by_id, &old)) != NULL)
    lcm_outbox_entry_set_sending (entry, FALSE);
  if (id != 0 && (entry = g_hash_table_lookup (self->by_id, &id)) != NULL)
    lcm_outbox_entry_set_sending (entry, TRUE);
}

/* A refused write, or one whose stored form cannot be sent, is failed, never dropped. */
static void
fail_entry (LcmOutbox        *self,
            gint64            id,
            LcmOutboxRefusal  refusal,
            const GError     *reason,
            gboolean          count_attempt)
{
  g_assert (refusal != LCM_OUTBOX_REFUSAL_NONE);

  /* Kept pending in the file if even this cannot be written: sent again, refused again. */
  if (!lcm_outbox_store_update_entry (self, id, refusal, count_attempt, reason->message))
    g_debug ("The outbox could not mark write %" G_GINT64_FORMAT " failed: %s", id,
             sqlite3_errmsg (self->db));
  lcm_outbox_store_refresh_entry (self, id);
  lcm_outbox_complete_entry_waiters (self, id, NULL, reason);
}

/* Writes the gateway accepted whose DELETE the file did not take (a full disk): the DELETE
 * is tried again, never the sending. FALSE, with why for people, while some remain. */
static gboolean
delete_accepted (LcmOutbox  *self,
                 char      **out_reason)
{
  GHashTableIter iter;
  gint64 *id;

  g_hash_table_iter_init (&iter, self->accepted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      if (!lcm_outbox_store_delete_entry (self, *id))
        {
          *out_reason = g_strdup_printf (_("The outbox cannot be written: %s"),
                                         sqlite3_errmsg (self->db));
          return FALSE;
        }
      g_debug ("Deleted write %" G_GINT64_FORMAT " at last", *id);
      g_hash_table_iter_remove (&iter);
    }
  return TRUE;
}

/* Once nothing is in flight any more: the last try at the DELETEs, the lock given back, and
 * those who close told. */
void
lcm_outbox_finish_close (LcmOutbox *self)
{
  g_autofree char *reason = NULL;
  guint n_left;

  if (!delete_accepted (self, &reason))
    g_debug ("%s", reason);
  lcm_outbox_store_release_sender_lock (self);

  n_left = g_hash_table_size (self->accepted);
  while (!g_queue_is_empty (&self->closers))
    {
      GError *error = NULL;

      if (n_left > 0)
        error = g_error_new (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "The gateway accepted %u write that could not be "
                                          "deleted from the outbox (%s): the next program to "
                                          "send the outbox will send it again",
                                          "The gateway accepted %u writes that could not be "
                                          "deleted from the outbox (%s): the next program to "
                                          "send the outbox will send them again", n_left),
                             n_left, reason);
      lcm_outbox_complete_waiter (g_queue_peek_head (&self->closers), NULL, error);
    }
}

static void
on_sent_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LcmOutbox *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  gint64 id;

  g_autoptr(LcmOutbox) hold = NULL;

  response = lcm_client_call_finish (LCM_CLIENT (source_object), result, &error);
  /* Only disposing the outbox cancels: self may be gone, and the write stays pending. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Those told of the outcome may drop their last reference. */
  hold = g_object_ref (self);

  id = self->in_flight;
  set_in_flight (self, 0);

  if (response != NULL)
    {
      /* Accepted: it leaves the outbox. If the file cannot take that now, this outbox never
       * sends it again, and deletes it as soon as it can (pump). */
      self->retry_delay_ms = 0;
      if (!lcm_outbox_store_delete_entry (self, id))
        {
          g_debug ("Write %" G_GINT64_FORMAT " accepted, not deleted yet: %s", id,
                   sqlite3_errmsg (self->db));
          g_hash_table_add (self->accepted, g_memdup2 (&id, sizeof id));
        }
      lcm_outbox_store_refresh_entry (self, id);
      lcm_outbox_complete_entry_waiters (self, id, response, NULL);
      lcm_outbox_pump (self);
      return;
    }

  if (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_PROTOCOL_ERROR)
    {
      /* The gateway answered, and said no (or something unreadable): kept, with the
       * gateway's words, for the agent. A WS_Error says the write itself is wrong: it can
       * only be corrected or removed. {"success": false} or an unreadable answer may go
       * again when the agent says so. */
      LcmOutboxRefusal refusal = g_error_matches (error, LCM_GATEWAY_ERROR,
                                                  LCM_GATEWAY_ERROR_WS_ERROR)
                                 ? LCM_OUTBOX_REFUSAL_PERMANENT : LCM_OUTBOX_REFUSAL_TEMPORARY;

      g_debug ("Write %" G_GINT64_FORMAT " refused: %s", id, error->message);
      self->n_refused++;
      fail_entry (self, id, refusal, error, TRUE);
      lcm_outbox_pump (self);
      return;
    }

  /* No answer: the gateway may or may not have it. It stays pending and goes again. */
  g_debug ("Write %" G_GINT64_FORMAT " not answered: %s", id, error->message);
  if (!lcm_outbox_store_update_entry (self, id, LCM_OUTBOX_REFUSAL_NONE, TRUE, error->message))
    g_debug ("The outbox could not record an attempt: %s", sqlite3_errmsg (self->db));
  lcm_outbox_store_refresh_entry (self, id);
  if (self->closing)
    {
      lcm_outbox_pump (self);
      return;
    }
  schedule_retry (self, RETRY_ANSWER);
  lcm_outbox_queue_waiters (self, error->message, STALL_TRANSIENT);
}

/* The request to send for a stored write; NULL with an LCM_OUTBOX_ERROR_STORAGE or
 * LCM_REQUEST_ERROR when its stored form cannot be sent. */
LcmRequest *
lcm_outbox_entry_to_request (LcmOutboxEntry  *entry,
                             GError         **error)
{
  if (entry->data == NULL)
    {
      g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                           _("The stored write cannot be read"));
      return NULL;
    }
  if (!lcm_operation_is_write (entry->operation))
    {
      g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                           _("The stored request is not a write"));
      return NULL;
    }
  return lcm_request_new_from_data (entry->operation, entry->data, error);
}

void
lcm_outbox_pump (LcmOutbox *self)
{
  while (self->in_flight == 0)
    {
      g_autoptr(LcmOutboxEntry) next = NULL;
      g_autoptr(LcmRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *reason = NULL;
      LcmClientState state;

      if (self->closing)
        {
          lcm_outbox_finish_close (self);
          lcm_outbox_queue_waiters (self, _("The outbox was closed"), STALL_FINAL);
          return;
        }

      if (self->retry_source != 0 && self->retry_kind == RETRY_ANSWER)
        {
          /* The first write waits for its retry, and those after it wait behind it. */
          lcm_outbox_queue_waiters (self, NULL, STALL_TRANSIENT);
          return;
        }

      /* Before anything else, connected or not: sending more would only make more writes
       * the file cannot forget. */
      if (!delete_accepted (self, &reason))
        {
          schedule_retry (self, RETRY_STORAGE);
          lcm_outbox_queue_waiters (self, reason, STALL_STORAGE);
          return;
        }

      if (self->client == NULL)
        {
          lcm_outbox_queue_waiters (self, _("No gateway is set"), STALL_FINAL);
          return;
        }

      state = lcm_client_get_state (self->client);
      if (state == LCM_CLIENT_STATE_CONNECTING)
        return;  /* the first attempt's outcome decides */
      if (state != LCM_CLIENT_STATE_CONNECTED)
        {
          /* notify::state brings us back; a stopped client never comes back by itself. */
          lcm_outbox_queue_waiters (self, _("Not connected to the gateway"),
                                    state == LCM_CLIENT_STATE_RECONNECTING ? STALL_TRANSIENT
                                                                           : STALL_FINAL);
          return;
        }

      /* Tried at each chance, not only when the retry comes: the other may be gone. */
      switch (lcm_outbox_store_acquire_sender_lock (self, &error))
        {
        case LOCK_HELD:
          schedule_retry (self, RETRY_LOCK);
          lcm_outbox_queue_waiters (self, _("Another program is sending the writes of this outbox"),
                                    STALL_FINAL);
          return;
        case LOCK_FAILED:
          schedule_retry (self, RETRY_STORAGE);
          lcm_outbox_queue_waiters (self, error->message, STALL_STORAGE);
          return;
        case LOCK_TAKEN:
        default:
          break;
        }
      /* A retry for the lock or the file: this chance is taken instead. */
      g_clear_handle_id (&self->retry_source, g_source_remove);

      lcm_outbox_store_reload_if_changed (self);
      if (!lcm_outbox_store_next_pending (self, &next))
        {
          reason = g_strdup_printf (_("The outbox cannot be read: %s"),
                                    sqlite3_errmsg (self->db));
          schedule_retry (self, RETRY_STORAGE);
          lcm_outbox_queue_waiters (self, reason, STALL_STORAGE);
          return;
        }
      /* Through the lock and the file: their backoff is over. */
      if (self->retry_kind != RETRY_ANSWER)
        {
          self->retry_kind = RETRY_ANSWER;
          self->retry_delay_ms = 0;
        }
      if (next == NULL)
        {
          lcm_outbox_complete_idle (self);
          return;
        }

      request = lcm_outbox_entry_to_request (next, &error);
      if (request == NULL)
        {
          /* The same stored form would fail the same way: for good. */
          self->n_unreadable++;
          fail_entry (self, next->id, LCM_OUTBOX_REFUSAL_PERMANENT, error, FALSE);
          continue;
        }

      set_in_flight (self, next->id);
      lcm_client_call_async (self->client, request, self->cancellable, on_sent_cb, self);
      return;
    }
}

void
lcm_outbox_on_client_state_cb (LcmClient  *client,
                               GParamSpec *pspec,
                               LcmOutbox  *self)
{
  G_GNUC_UNUSED g_autoptr(LcmOutbox) hold = g_object_ref (self);
  LcmClientState state = lcm_client_get_state (client);

  if (state == LCM_CLIENT_STATE_CONNECTED)
    {
      /* Back: what waits goes now, in order. */
      lcm_outbox_cancel_retry (self);
      lcm_outbox_pump (self);
    }
  else if (state != LCM_CLIENT_STATE_CONNECTING)
    {
      /* A write in flight goes on once the client is back (it resends what got no answer):
       * those waiting for it hear now that it is saved and will go then. */
      lcm_outbox_queue_waiters (self, _("Not connected to the gateway"),
                                state == LCM_CLIENT_STATE_RECONNECTING ? STALL_TRANSIENT
                                                                       : STALL_FINAL);
    }
}
