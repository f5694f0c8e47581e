/* lcm-outbox-waiters.c: those who wait on the outbox
 *
 * A submit waits for its write's fate, a flush for an empty queue, a wait for either
 * through the stalls that end by themselves, a close for nothing in flight. Each is a GTask
 * parked here until the sender (lcm-outbox-sender.c) knows the answer.
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

/* Takes error. A submit or a wait completes with the write's answer, a flush or a close with
 * TRUE. */
void
lcm_outbox_complete_waiter (Waiter   *waiter,
                            JsonNode *response,
                            GError   *error)
{
  g_autoptr(GTask) task = lcm_waiting_task_take (&waiter->wait);
  WaiterKind kind = waiter->kind;

  g_free (waiter);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (kind == WAITER_SUBMIT || kind == WAITER_WAIT)
    g_task_return_pointer (task, response != NULL ? json_node_ref (response) : NULL,
                           (GDestroyNotify) json_node_unref);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  Waiter *waiter = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  lcm_outbox_complete_waiter (waiter, NULL, error);
  return G_SOURCE_REMOVE;
}

void
lcm_outbox_add_waiter (LcmOutbox  *self,
                       GTask      *task,
                       WaiterKind  kind,
                       gint64      id)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->outbox = self;
  waiter->kind = kind;
  waiter->id = id;
  waiter->n_refused_at_start = self->n_refused;
  waiter->n_unreadable_at_start = self->n_unreadable;
  lcm_waiting_task_push (kind == WAITER_CLOSE ? &self->closers : &self->waiters, &waiter->wait,
                         task, G_SOURCE_FUNC (on_waiter_cancelled_cb));
}

/* The waiters of one write (id > 0), or of an empty queue (id 0), out of the queue first:
 * the callbacks run as they are told, and may submit, flush or cancel meanwhile. */
static GPtrArray *
take_waiters (LcmOutbox *self,
              gint64     id)
{
  GPtrArray *taken = g_ptr_array_new ();

  for (GList *l = self->waiters.head; l != NULL;)
    {
      GList *next = l->next;
      Waiter *waiter = l->data;

      if (waiter->id == id)
        {
          lcm_waiting_task_detach (&waiter->wait);
          g_ptr_array_add (taken, waiter);
        }
      l = next;
    }
  return taken;
}

/* The fate of one write is known: tell those who submitted it, or wait for it. */
void
lcm_outbox_complete_entry_waiters (LcmOutbox    *self,
                                   gint64        id,
                                   JsonNode     *response,
                                   const GError *error)
{
  g_autoptr(GPtrArray) taken = take_waiters (self, id);

  for (guint i = 0; i < taken->len; i++)
    lcm_outbox_complete_waiter (g_ptr_array_index (taken, i), response,
                                error != NULL ? g_error_copy (error) : NULL);
}

/* The message says why the write waits (for people); the code says that it is stored. */
static GError *
queued_error (LcmOutbox *self)
{
  return g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED,
                              self->stall_reason != NULL
                              ? self->stall_reason
                              : _("The gateway has not answered yet"));
}

/* Nothing can be sent now: every write waiting for an answer is queued, for now; those who
 * wait through stalls hear of it only when waiting cannot help. Called last: the callbacks
 * may send again. */
void
lcm_outbox_queue_waiters (LcmOutbox  *self,
                          const char *reason,
                          Stall       stall)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  if (reason != NULL && g_strcmp0 (reason, self->stall_reason) != 0)
    {
      g_free (self->stall_reason);
      self->stall_reason = g_strdup (reason);
    }

  for (GList *l = self->waiters.head; l != NULL;)
    {
      GList *next = l->next;
      Waiter *waiter = l->data;

      if (waiter->kind != WAITER_WAIT || stall != STALL_TRANSIENT)
        {
          lcm_waiting_task_detach (&waiter->wait);
          g_ptr_array_add (taken, waiter);
        }
      l = next;
    }
  for (guint i = 0; i < taken->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (taken, i);

      if (waiter->kind == WAITER_WAIT && stall == STALL_STORAGE)
        lcm_outbox_complete_waiter (waiter, NULL, g_error_new_literal (LCM_OUTBOX_ERROR,
                                                                       LCM_OUTBOX_ERROR_STORAGE,
                                                                       self->stall_reason));
      else
        lcm_outbox_complete_waiter (waiter, NULL, queued_error (self));
    }
}

/* What a flush, or a wait for an empty queue, says once nothing is pending. */
static GError *
idle_error (guint refused,
            guint unreadable)
{
  g_autofree char *refused_text = NULL;
  g_autofree char *unreadable_text = NULL;

  if (refused > 0)
    refused_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The gateway refused %u write: it is kept "
                                                 "with the reason",
                                                 "The gateway refused %u writes: they are "
                                                 "kept with the reasons", refused),
                                    refused);
  if (unreadable == 0)
    return refused > 0 ? g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_REFUSED,
                                              refused_text)
                       : NULL;

  /* Not the gateway's doing: the file holds something that cannot be sent. */
  unreadable_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u stored write cannot be read back, so "
                                                  "it was not sent: it is kept as refused "
                                                  "for good; remove it",
                                                  "%u stored writes cannot be read back, so "
                                                  "they were not sent: they are kept as "
                                                  "refused for good; remove them",
                                                  unreadable),
                                     unreadable);
  if (refused_text == NULL)
    return g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE,
                                unreadable_text);
  return g_error_new (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE, "%s. %s",
                      unreadable_text, refused_text);
}

/* Nothing is pending any more. */
void
lcm_outbox_complete_idle (LcmOutbox *self)
{
  g_autoptr(GPtrArray) flushes = take_waiters (self, 0);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new ();

  g_clear_pointer (&self->stall_reason, g_free);

  /* Writes gone from the file before this outbox had their answer: another program sent
   * them while it held the lock, or removed them; the file cannot say which. */
  while (!g_queue_is_empty (&self->waiters))
    {
      Waiter *orphan = g_queue_peek_head (&self->waiters);

      lcm_waiting_task_detach (&orphan->wait);
      g_ptr_array_add (orphans, orphan);
    }
  for (guint i = 0; i < orphans->len; i++)
    lcm_outbox_complete_waiter (g_ptr_array_index (orphans, i), NULL,
                                g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND,
                                                     _("The write is no longer in the outbox: "
                                                       "another program sent it, or removed it")));

  for (guint i = 0; i < flushes->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (flushes, i);

      lcm_outbox_complete_waiter (waiter, NULL,
                                  idle_error (self->n_refused - waiter->n_refused_at_start,
                                              self->n_unreadable - waiter->n_unreadable_at_start));
    }
}
