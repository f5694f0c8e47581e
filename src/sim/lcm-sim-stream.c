/* lcm-sim-stream.c: an accepted connection as the simulator hands it to libsoup
 *
 * Its input may be a filter over the connection's (the pings taken out for --ignore-pings);
 * its output is the connection's. It tells the server when libsoup is done with it, which
 * is how the server counts the connections it holds, upgraded or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include "lcm-sim-stream.h"

#define LCM_SIM_TYPE_STREAM (lcm_sim_stream_get_type ())
G_DECLARE_FINAL_TYPE (LcmSimStream, lcm_sim_stream, LCM_SIM, STREAM, GIOStream)

struct _LcmSimStream
{
  GIOStream               parent_instance;

  GIOStream              *base;
  GInputStream           *input;    /* a filter over base's, or NULL */
  LcmSimStreamClosedFunc  closed;
  gpointer                data;
  GDestroyNotify          destroy;
};

G_DEFINE_FINAL_TYPE (LcmSimStream, lcm_sim_stream, G_TYPE_IO_STREAM)

/* Helpers */

static void
notify_closed (LcmSimStream *self)
{
  LcmSimStreamClosedFunc closed = self->closed;

  self->closed = NULL;
  if (closed != NULL)
    closed (self->data);
}

/* The filter does not close base: closing base itself does. */
static void
close_input (LcmSimStream *self)
{
  if (self->input != NULL)
    g_input_stream_close (self->input, NULL, NULL);
}

/* Signal callbacks */

static void
on_base_closed_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source_object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GIOStream */

static GInputStream *
lcm_sim_stream_get_input_stream (GIOStream *stream)
{
  LcmSimStream *self = LCM_SIM_STREAM (stream);

  return self->input != NULL ? self->input : g_io_stream_get_input_stream (self->base);
}

static GOutputStream *
lcm_sim_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (LCM_SIM_STREAM (stream)->base);
}

static gboolean
lcm_sim_stream_close (GIOStream     *stream,
                      GCancellable  *cancellable,
                      GError       **error)
{
  LcmSimStream *self = LCM_SIM_STREAM (stream);
  gboolean closed;

  close_input (self);
  closed = g_io_stream_close (self->base, cancellable, error);
  notify_closed (self);
  return closed;
}

static void
lcm_sim_stream_close_async (GIOStream           *stream,
                            int                  io_priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  LcmSimStream *self = LCM_SIM_STREAM (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, lcm_sim_stream_close_async);
  close_input (self);
  g_io_stream_close_async (self->base, io_priority, cancellable, on_base_closed_cb, task);
  notify_closed (self);
}

static gboolean
lcm_sim_stream_close_finish (GIOStream     *stream,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
lcm_sim_stream_finalize (GObject *object)
{
  LcmSimStream *self = LCM_SIM_STREAM (object);

  /* GIOStream closes a stream that is dropped open, so this was told already. */
  notify_closed (self);
  if (self->destroy != NULL)
    self->destroy (self->data);
  g_clear_object (&self->input);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (lcm_sim_stream_parent_class)->finalize (object);
}

static void
lcm_sim_stream_class_init (LcmSimStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = lcm_sim_stream_finalize;
  stream_class->get_input_stream = lcm_sim_stream_get_input_stream;
  stream_class->get_output_stream = lcm_sim_stream_get_output_stream;
  stream_class->close_fn = lcm_sim_stream_close;
  stream_class->close_async = lcm_sim_stream_close_async;
  stream_class->close_finish = lcm_sim_stream_close_finish;
}

static void
lcm_sim_stream_init (LcmSimStream *self)
{
}

/* Public API */

GIOStream *
lcm_sim_stream_new (GIOStream              *base,
                    GInputStream           *input,
                    LcmSimStreamClosedFunc  closed,
                    gpointer                data,
                    GDestroyNotify          destroy)
{
  LcmSimStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);
  g_return_val_if_fail (input == NULL || G_IS_INPUT_STREAM (input), NULL);

  self = g_object_new (LCM_SIM_TYPE_STREAM, NULL);
  self->base = g_object_ref (base);
  self->input = input != NULL ? g_object_ref (input) : NULL;
  self->closed = closed;
  self->data = data;
  self->destroy = destroy;
  return G_IO_STREAM (self);
}
