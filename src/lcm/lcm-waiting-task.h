/* lcm-waiting-task.h: a GTask parked in a queue until what it waits for happens
 *
 * The client's connect_async waits for the next connection attempt's outcome; the outbox's
 * submits, flushes, waits and closes wait for a write's fate or an empty queue. Each is a
 * GTask in a GQueue that something completes later, or that its GCancellable completes
 * early. An LcmWaitingTask is the first member of the waiter's own struct: it holds the
 * task and the cancellable's source, and knows the queue it is in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GTask   *task;
  GSource *cancel_source;
  GQueue  *queue;          /* NULL once taken out of it */
} LcmWaitingTask;

/* Parks task (a reference is taken) at the tail of queue. When the task's cancellable is
 * cancelled, on_cancelled (waiter) runs in the thread-default main context; it takes the
 * task out with lcm_waiting_task_take() and returns its error. */
void   lcm_waiting_task_push    (GQueue         *queue,
                                 LcmWaitingTask *waiter,
                                 GTask          *task,
                                 GSourceFunc     on_cancelled);

/* Out of its queue (if still in it): no longer in the queue, still watching the
 * cancellable. For one who takes several waiters out before completing any. */
void   lcm_waiting_task_detach  (LcmWaitingTask *waiter);

/* Out of its queue, no longer watching the cancellable: the task, to complete (transfer
 * full). The caller frees its struct. */
GTask *lcm_waiting_task_take    (LcmWaitingTask *waiter);

G_END_DECLS
