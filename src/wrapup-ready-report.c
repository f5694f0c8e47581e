/* wrapup-ready-report.c: when the first frame and a ready call were shown, for bench/
 *
 * The benchmarks (bench/) time the application from outside, as an agent sees it: from the
 * process start (or the deep link) to the frame that shows the result. Only the application
 * knows when that frame was painted, so it says so, on request, on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wrapup-ready-report.h"
#include "wrapup-trace.h"
#include "wrapup-window.h"

static gboolean first_frame_reported;
static gboolean call_ready_reported;

static gboolean
call_is_ready (WrapupCall *call)
{
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    if (wrapup_call_get_load_state (call, i) != WRAPUP_LOAD_READY)
      return FALSE;
  return TRUE;
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   GtkWidget     *window)
{
  WrapupCall *call = WRAPUP_IS_WINDOW (window) ? wrapup_window_get_call (WRAPUP_WINDOW (window))
                                               : NULL;

  if (!first_frame_reported)
    {
      first_frame_reported = TRUE;
      wrapup_trace_report ("first-frame");
    }
  /* The frame painted after the last section became ready is the one that shows it. */
  if (!call_ready_reported && call != NULL && call_is_ready (call))
    {
      call_ready_reported = TRUE;
      wrapup_trace_report ("call-ready");
    }
  if (first_frame_reported && call_ready_reported)
    g_signal_handlers_disconnect_by_func (frame_clock, on_after_paint_cb, window);
}

static void
on_load_state_changed_cb (WrapupCall *call,
                          int         section,
                          GtkWidget  *window)
{
  if (wrapup_call_get_load_state (call, section) == WRAPUP_LOAD_READY)
    wrapup_trace_mark ("section-%d-loaded", section);
  /* Make sure a frame follows, even if nothing else asked for one. */
  if (call_is_ready (call))
    gtk_widget_queue_draw (window);
}

/* By the time the window is shown, its call is set (it is not yet when the window is added:
 * "application" is set before "call"). */
static void
on_realize_cb (GtkWidget *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  if (WRAPUP_IS_WINDOW (window) && wrapup_window_get_call (WRAPUP_WINDOW (window)) != NULL)
    g_signal_connect_object (wrapup_window_get_call (WRAPUP_WINDOW (window)),
                             "load-state-changed", G_CALLBACK (on_load_state_changed_cb),
                             window, G_CONNECT_DEFAULT);
  g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb), window,
                           G_CONNECT_DEFAULT);
}

static void
on_window_added_cb (GtkApplication *application,
                    GtkWindow      *window)
{
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize_cb (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
}

void
wrapup_ready_report_watch (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  if (!wrapup_trace_enabled ())
    return;
  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added_cb), NULL);
}
