/* lcm-waiting-task.c: a GTask parked in a queue until what it waits for happens
 *
 * Written once for the client's connection waiters and the outbox's waiters, which each
 * had their own copy of it. See lcm-waiting-task.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-waiting-task"

#include "config.h"

#include "lcm-waiting-task.h"

void
lcm_waiting_task_push (GQueue         *queue,
                       LcmWaitingTask *waiter,
                       GTask          *task,
                       GSourceFunc     on_cancelled)
{
  GCancellable *cancellable;

  g_return_if_fail (queue != NULL);
  g_return_if_fail (waiter != NULL && waiter->task == NULL);
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (on_cancelled != NULL);

  waiter->task = g_object_ref (task);
  waiter->queue = queue;
  cancellable = g_task_get_cancellable (task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, on_cancelled, waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_queue_push_tail (queue, waiter);
}

void
lcm_waiting_task_detach (LcmWaitingTask *waiter)
{
  g_return_if_fail (waiter != NULL);

  if (waiter->queue != NULL)
    g_queue_remove (waiter->queue, waiter);
  waiter->queue = NULL;
}

GTask *
lcm_waiting_task_take (LcmWaitingTask *waiter)
{
  g_return_val_if_fail (waiter != NULL, NULL);

  lcm_waiting_task_detach (waiter);
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_clear_pointer (&waiter->cancel_source, g_source_unref);
    }
  return g_steal_pointer (&waiter->task);
}
