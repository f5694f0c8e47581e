/* wrapup-application-open.c: opening a call's window from a link
 *
 * A link focuses its call's window or opens one; the window is shown once its requests are
 * on their way (or after a bound), and a window done with its call is reused when the
 * settings say so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "wrapup-application-private.h"
#include "wrapup-call.h"
#include "wrapup-call-link.h"
#include "wrapup-callback-reminder.h"
#include "wrapup-callbacks-window.h"
#include "wrapup-preferences-window.h"
#include "wrapup-question.h"
#include "wrapup-ready-report.h"
#include "wrapup-session.h"
#include "wrapup-trace.h"
#include "wrapup-window.h"

/* A call's window is shown once the connection is up and its requests are on their way, or
 * after PRESENT_WAIT_MS at most: the gateway then answers while GTK realizes, lays out and
 * paints the window (some 60–80 ms here), instead of starting only after that, since the
 * connection makes no progress while GTK works (docs/performance.md). On loopback the wait
 * is a few milliseconds; a slow or absent gateway delays the window by the bound at most. */
#define PRESENT_WAIT_MS 100

typedef struct
{
  GWeakRef      window;
  GCancellable *cancellable;
  guint         timeout_id;
  gboolean      presented;
} PendingPresent;

static void
pending_present_clear (gpointer data)
{
  PendingPresent *pending = data;

  g_weak_ref_clear (&pending->window);
  g_clear_object (&pending->cancellable);
}

static void
pending_present_release (gpointer data)
{
  g_rc_box_release_full (data, pending_present_clear);
}

static void
present_pending (PendingPresent *pending)
{
  g_autoptr(GtkWindow) window = NULL;

  if (pending->presented)
    return;
  pending->presented = TRUE;
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_cancellable_cancel (pending->cancellable);

  window = g_weak_ref_get (&pending->window);
  if (window != NULL)
    {
      gtk_window_present (window);
      wrapup_trace_mark ("window-presented");
    }
}

static gboolean
on_present_timeout_cb (gpointer user_data)
{
  PendingPresent *pending = user_data;

  pending->timeout_id = 0;
  present_pending (pending);
  return G_SOURCE_REMOVE;
}

static gboolean
on_present_idle_cb (gpointer user_data)
{
  present_pending (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_connected_to_present_cb (GObject      *source_object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  PendingPresent *pending = user_data;

  /* Connected or not (the window says which), the window is due. The client sends what
   * waits right after telling those who waited for the connection: present from an idle,
   * after that. */
  lcm_client_connect_finish (LCM_CLIENT (source_object), result, NULL);
  if (!pending->presented)
    g_idle_add_full (G_PRIORITY_DEFAULT, on_present_idle_cb, g_rc_box_acquire (pending),
                     pending_present_release);
  pending_present_release (pending);
}

static void
present_when_sent (GtkWindow *window,
                   LcmClient *client)
{
  PendingPresent *pending = g_rc_box_new0 (PendingPresent);

  g_weak_ref_init (&pending->window, window);
  pending->cancellable = g_cancellable_new ();
  pending->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, PRESENT_WAIT_MS,
                                            on_present_timeout_cb,
                                            g_rc_box_acquire (pending),
                                            pending_present_release);
  lcm_client_connect_async (client, pending->cancellable, on_connected_to_present_cb, pending);
}

/* The reuse-window setting (on when the settings are not installed, as its default). */
static gboolean
reuses_saved_windows (WrapupApplication *self)
{
  g_autoptr(GSettings) settings = wrapup_settings_new_if_installed ();

  return settings == NULL || g_settings_get_boolean (settings, "reuse-window");
}

/* Saved (sent, or waiting in the outbox), nothing being sent, nothing typed since: the
 * window has nothing the agent still needs. */
static gboolean
is_done_with (WrapupCall *call)
{
  return wrapup_call_get_submitted (call) && !wrapup_call_get_submitting (call)
         && !wrapup_call_has_unsaved_input (call);
}

GtkWindow *
wrapup_application_open_link (WrapupApplication  *self,
                              const char         *uri,
                              GError            **error)
{
  g_autoptr(WrapupCallLink) link = NULL;
  g_autoptr(WrapupCall) call = NULL;
  g_autoptr(GError) local_error = NULL;
  WrapupWindow *window;

  g_return_val_if_fail (WRAPUP_IS_APPLICATION (self), NULL);

  link = wrapup_call_link_parse (uri, &local_error);
  if (link == NULL)
    {
      /* Nothing is sent: the agent sees why, where they are looking. */
      wrapup_application_show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  window = g_hash_table_lookup (self->call_windows, link->call_id);
  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return GTK_WINDOW (window);
    }

  if (wrapup_session_get_client (self->session) == NULL)
    wrapup_application_update_client (self);

  /* With no gateway set, the call is kept all the same: its window says so, and the call
   * loads as soon as the gateway is set (in Preferences). */
  wrapup_trace_mark ("link");
  call = wrapup_call_new_for_session (self->session, link);
  window = wrapup_window_new (GTK_APPLICATION (self), self->session, call);
  wrapup_trace_mark ("window-built");
  g_hash_table_insert (self->call_windows, g_strdup (link->call_id), window);
  g_object_weak_ref (G_OBJECT (window), wrapup_application_on_window_destroyed_cb, self);
  wrapup_call_load (call);
  if (wrapup_call_get_client (call) != NULL)
    present_when_sent (GTK_WINDOW (window), wrapup_call_get_client (call));
  else
    gtk_window_present (GTK_WINDOW (window));
  wrapup_application_report_problems (self);

  /* A start window with no call has served its purpose; so has a saved call's, unless the
   * agent wants a window per call. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *other = l->data;
      WrapupCall *other_call = WRAPUP_IS_WINDOW (other)
                               ? wrapup_window_get_call (WRAPUP_WINDOW (other)) : NULL;

      l = l->next;
      if (!WRAPUP_IS_WINDOW (other) || other == GTK_WINDOW (window))
        continue;
      if (other_call == NULL || (reuses_saved_windows (self) && is_done_with (other_call)))
        gtk_window_destroy (other);
    }
  return GTK_WINDOW (window);
}
