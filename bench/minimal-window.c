/* minimal-window.c: the baseline of the start-up and memory benchmarks
 *
 * The least a GTK 4 + libadwaita application can do to show a window: an AdwApplication, an
 * AdwApplicationWindow with a header bar and a label. It reports when its first frame was
 * painted exactly as Wrapup does with WRAPUP_REPORT_READY (src/wrapup-ready-report.c):
 * "first-frame MONOTONIC_US" on stdout. Then it stays up (for its memory to be read) until
 * it is terminated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <stdio.h>

static void
report (const char *event)
{
  printf ("%s %" G_GINT64_FORMAT "\n", event, g_get_monotonic_time ());
  fflush (stdout);
}

/* The class handler (GTK's and libadwaita's initialisation) has run. */
static void
on_startup_cb (GApplication *application)
{
  report ("trace-gtk-ready");
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  report ("first-frame");
  g_signal_handlers_disconnect_by_func (frame_clock, on_after_paint_cb, user_data);
}

static void
on_realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), NULL);
}

static void
on_activate_cb (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Minimal window");

  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), label);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
  report ("trace-window-built");
  gtk_window_present (GTK_WINDOW (window));
  report ("trace-window-presented");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;

  report ("trace-main");
  application = adw_application_new ("io.github.wrapupdesk.Bench.Minimal",
                                                               G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "startup", G_CALLBACK (on_startup_cb), NULL);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
