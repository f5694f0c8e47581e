/* test-waiting-task.c: the waiting-task queue the client and the outbox share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lcm-waiting-task.h"

typedef struct
{
  LcmWaitingTask wait;
  int            tag;
} Waiter;

static guint   n_cancelled;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **out = user_data;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), out);

  g_assert_true (ok == (*out == NULL));
}

static gboolean
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GTask) task = lcm_waiting_task_take (&waiter->wait);

  g_assert_nonnull (task);
  g_assert_null (waiter->wait.queue);
  n_cancelled++;
  g_free (waiter);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static Waiter *
push (GQueue       *queue,
      int           tag,
      GCancellable *cancellable,
      GError      **result)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, on_done_cb, result);
  Waiter *waiter = g_new0 (Waiter, 1);

  g_task_set_check_cancellable (task, FALSE);
  waiter->tag = tag;
  lcm_waiting_task_push (queue, &waiter->wait, task, G_SOURCE_FUNC (on_cancelled_cb));
  return waiter;
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Pushed in order, taken out in order, each task completed once by whoever took it. */
static void
test_push_and_take (void)
{
  GQueue queue = G_QUEUE_INIT;
  GError *results[3] = { NULL, NULL, NULL };
  Waiter *waiters[3];

  for (int i = 0; i < 3; i++)
    waiters[i] = push (&queue, i, NULL, &results[i]);
  g_assert_cmpuint (g_queue_get_length (&queue), ==, 3);
  for (int i = 0; i < 3; i++)
    {
      Waiter *head = g_queue_peek_head (&queue);
      g_autoptr(GTask) task = NULL;

      g_assert_true (head == waiters[i]);
      task = lcm_waiting_task_take (&head->wait);
      g_assert_true (G_IS_TASK (task));
      g_assert_null (head->wait.task);
      g_assert_null (head->wait.queue);
      g_free (head);
      g_task_return_boolean (task, TRUE);
    }
  g_assert_true (g_queue_is_empty (&queue));
  spin ();
  for (int i = 0; i < 3; i++)
    g_assert_no_error (results[i]);
}

/* Cancelling completes that task early with the cancellation, out of the queue; the others
 * stay, in their order. */
static void
test_cancel (void)
{
  GQueue queue = G_QUEUE_INIT;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *first = NULL, *cancelled = NULL, *last = NULL;
  Waiter *a = push (&queue, 1, NULL, &first);
  Waiter *c;
  g_autoptr(GTask) task = NULL;

  push (&queue, 2, cancellable, &cancelled);
  c = push (&queue, 3, NULL, &last);
  n_cancelled = 0;
  g_cancellable_cancel (cancellable);
  spin ();
  g_assert_cmpuint (n_cancelled, ==, 1);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled);
  g_assert_cmpuint (g_queue_get_length (&queue), ==, 2);
  g_assert_true (g_queue_peek_nth (&queue, 0) == a);
  g_assert_true (g_queue_peek_nth (&queue, 1) == c);

  /* Taken before its cancellable fires: never completed twice. */
  {
    g_autoptr(GCancellable) late = g_cancellable_new ();
    GError *late_result = NULL;
    Waiter *w = push (&queue, 4, late, &late_result);
    g_autoptr(GTask) taken = lcm_waiting_task_take (&w->wait);

    g_free (w);
    g_cancellable_cancel (late);
    spin ();
    g_assert_cmpuint (n_cancelled, ==, 1);
    g_task_return_boolean (taken, TRUE);
    spin ();
    g_assert_no_error (late_result);
  }

  while (!g_queue_is_empty (&queue))
    {
      Waiter *head = g_queue_peek_head (&queue);

      task = lcm_waiting_task_take (&head->wait);
      g_free (head);
      g_task_return_boolean (task, TRUE);
      g_clear_object (&task);
    }
  spin ();
  g_assert_no_error (first);
  g_assert_no_error (last);
}

/* Detached first (to complete several after the queue is in order): out of the queue at
 * once, and still completed by its cancellable until taken. */
static void
test_detach (void)
{
  GQueue queue = G_QUEUE_INIT;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *result = NULL;
  Waiter *w = push (&queue, 1, cancellable, &result);

  lcm_waiting_task_detach (&w->wait);
  g_assert_true (g_queue_is_empty (&queue));
  g_assert_null (w->wait.queue);
  lcm_waiting_task_detach (&w->wait);   /* twice is harmless */
  n_cancelled = 0;
  g_cancellable_cancel (cancellable);
  spin ();
  g_assert_cmpuint (n_cancelled, ==, 1);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/waiting-task/push-and-take", test_push_and_take);
  g_test_add_func ("/lcm/waiting-task/cancel", test_cancel);
  g_test_add_func ("/lcm/waiting-task/detach", test_detach);

  return g_test_run ();
}
