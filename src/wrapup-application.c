/* wrapup-application.c: the application, one instance per session
 *
 * The first instance on the session bus is the primary: a second `wrapup LINK` forwards its
 * command line to it over D-Bus and exits, so a link always lands in the one running
 * instance, which focuses that call's window or opens one.
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

G_DEFINE_FINAL_TYPE (WrapupApplication, wrapup_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "server-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Address of the LCM gateway for this session (ws:// or wss://)"), N_("URL") },
  { "agent-id", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Agent id for this session"), N_("ID") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the bundled gateway simulator and open a demo call"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  /* Named in the usage line by the parameter string. */
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
  { NULL }
};

/* Helpers */

static WrapupWindow *
active_or_new_window (WrapupApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (WRAPUP_IS_WINDOW (window))
    return WRAPUP_WINDOW (window);
  window = GTK_WINDOW (wrapup_window_new (GTK_APPLICATION (self), self->session, NULL));
  gtk_window_present (window);
  return WRAPUP_WINDOW (window);
}

void
wrapup_application_show_message (WrapupApplication *self,
                                 const char        *text)
{
  wrapup_window_show_message (active_or_new_window (self), text);
}

/* What the session could not do, told in the window the agent sees (a new one if needed). */
void
wrapup_application_report_problems (WrapupApplication *self)
{
  g_auto(GStrv) problems = wrapup_session_take_problems (self->session);

  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    wrapup_application_show_message (self, problems[i]);
}

static void
on_session_problem_cb (WrapupSession     *session,
                       const char        *text,
                       WrapupApplication *self)
{
  /* Told at once when a window is there to tell it; else with the first window. */
  if (gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL)
    wrapup_application_report_problems (self);
}

static gboolean
setting_is_writable (WrapupApplication *self,
                     const char        *key)
{
  return self->settings == NULL || g_settings_is_writable (self->settings, key);
}

char *
wrapup_application_effective_setting (WrapupApplication *self,
                                      const char        *override,
                                      const char        *key)
{
  if (override != NULL)
    return g_strdup (override);
  return g_settings_get_string (self->settings, key);
}

/* The session follows the settings, except what this session was started with. */
void
wrapup_application_update_client (WrapupApplication *self)
{
  g_autofree char *url =
    wrapup_application_effective_setting (self, self->server_url, "server-url");
  g_autofree char *agent = wrapup_application_effective_setting (self, self->agent_id, "agent-id");
  g_autofree char *trusted = g_settings_get_string (self->settings, "trusted-certificate");

  wrapup_session_configure (self->session, url, agent,
                            g_settings_get_boolean (self->settings, "allow-insecure"),
                            trusted, g_getenv ("WRAPUP_TOKEN_FILE"));
}

static void
on_setting_changed_cb (GSettings         *settings,
                       const char        *key,
                       WrapupApplication *self)
{
  if (g_str_equal (key, "server-url") || g_str_equal (key, "allow-insecure")
      || g_str_equal (key, "trusted-certificate") || g_str_equal (key, "agent-id"))
    wrapup_application_update_client (self);
}

void
wrapup_application_on_window_destroyed_cb (gpointer  user_data,
                                           GObject  *where_the_object_was)
{
  WrapupApplication *self = user_data;
  GHashTableIter iter;
  gpointer window;

  g_hash_table_iter_init (&iter, self->call_windows);
  while (g_hash_table_iter_next (&iter, NULL, &window))
    if (window == (gpointer) where_the_object_was)
      g_hash_table_iter_remove (&iter);
}

/* The demo */

/* A wrap-up that waited in the outbox reached the gateway. Its window, if still open,
 * says so itself; otherwise a notification does, so the agent knows without looking. */
static void
on_delivered_cb (WrapupSession     *session,
                 LcmOutboxEntry    *entry,
                 WrapupApplication *self)
{
  const char *call_id = lcm_outbox_entry_get_call_id (entry);
  const char *summary = lcm_outbox_entry_get_summary (entry);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  if (call_id == NULL || g_hash_table_contains (self->call_windows, call_id))
    return;

  /* Translators: a notification, %s is the dialer's call id */
  title = g_strdup_printf (_("Wrap-up of call %s sent to the dialer"), call_id);
  notification = g_notification_new (title);
  if (summary != NULL)
    g_notification_set_body (notification, summary);
  id = g_strdup_printf ("delivered-%" G_GINT64_FORMAT, lcm_outbox_entry_get_id (entry));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* GApplication */

static int
wrapup_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("wrapup %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static int
wrapup_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
  WrapupApplication *self = WRAPUP_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *server_url = NULL;
  g_autofree char *agent_id = NULL;
  g_autofree const char **links = NULL;
  gboolean demo = FALSE;
  int status = 0;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &links);

  if (!demo && g_variant_dict_contains (options, "agent-id")
      && !setting_is_writable (self, "agent-id"))
    {
      /* What the administrator locked holds, whoever starts the app (a dialer's launcher
       * included): the agent's work goes on, on the locked value. */
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("The agent id is set by your administrator: "
                                             "--agent-id is ignored."));
      g_variant_dict_remove (options, "agent-id");
    }
  if (!demo && g_variant_dict_contains (options, "server-url")
      && !setting_is_writable (self, "server-url"))
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("The gateway address is set by your "
                                             "administrator: --server-url is ignored."));
      g_variant_dict_remove (options, "server-url");
    }

  if (g_variant_dict_lookup (options, "agent-id", "s", &agent_id))
    {
      g_autoptr(GError) error = NULL;

      if (!lcm_check_user_id (agent_id, &error))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 2;
        }
      g_free (self->agent_id);
      self->agent_id = g_steal_pointer (&agent_id);
    }
  if (g_variant_dict_lookup (options, "server-url", "s", &server_url))
    {
      g_free (self->server_url);
      self->server_url = g_steal_pointer (&server_url);
    }

  if (demo)
    wrapup_application_start_demo (self);
  else
    wrapup_application_update_client (self);

  for (guint i = 0; links != NULL && links[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (wrapup_application_open_link (self, links[i], &error) == NULL)
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          status = 1;
        }
    }

  if (!demo && (links == NULL || links[0] == NULL))
    g_application_activate (application);

  return status;
}

static void
wrapup_application_open (GApplication  *application,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  WrapupApplication *self = WRAPUP_APPLICATION (application);

  wrapup_application_update_client (self);
  for (int i = 0; i < n_files; i++)
    {
      /* g_file_get_uri gives back the text as it came: it is checked like any link. */
      g_autofree char *uri = g_file_get_uri (files[i]);
      wrapup_application_open_link (self, uri, NULL);
    }
}

static void
wrapup_application_activate (GApplication *application)
{
  WrapupApplication *self = WRAPUP_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (wrapup_window_new (GTK_APPLICATION (self), self->session, NULL));
  wrapup_trace_mark ("window-built");
  gtk_window_present (window);
  wrapup_trace_mark ("window-presented");
  wrapup_application_report_problems (self);
}

static void
wrapup_application_startup (GApplication *application)
{
  WrapupApplication *self = WRAPUP_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *callbacks_accels[] = { "<Control><Shift>c", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };

  wrapup_trace_mark ("startup");
  G_APPLICATION_CLASS (wrapup_application_parent_class)->startup (application);
  wrapup_trace_mark ("gtk-ready");

  /* For bench/ only, and only when asked for in the environment. */
  wrapup_ready_report_watch (GTK_APPLICATION (self));

  wrapup_application_add_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.show-callbacks",
                                         callbacks_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_setting_changed_cb), self, 0);

  /* Opened at start: what an earlier run left waiting goes once the connection is up. */
  {
    g_autofree char *data_dir = wrapup_data_dir ();

    wrapup_session_open_storage (self->session, data_dir);
  }
  wrapup_trace_mark ("startup-done");
}

static void
on_outbox_closed_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!lcm_outbox_close_finish (LCM_OUTBOX (source_object), result, &error))
    g_warning ("The outbox was not closed cleanly: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static void
wrapup_application_shutdown (GApplication *application)
{
  WrapupApplication *self = WRAPUP_APPLICATION (application);
  gboolean closed = FALSE;

  /* A write on the wire is answered before the connection goes (within the request's
   * timeout), so that it is not sent again at the next start after the gateway stored it. */
  lcm_outbox_close_async (wrapup_session_get_outbox (self->session), NULL, on_outbox_closed_cb,
                          &closed);
  while (!closed)
    g_main_context_iteration (NULL, TRUE);

  /* A write being sent stays pending in the outbox: it goes again at the next start. The
   * drafts of the windows still open are written as their calls go. */
  g_signal_handlers_disconnect_by_data (self->session, self);
  wrapup_session_configure (self->session, NULL, NULL, FALSE, NULL, NULL);
  wrapup_application_stop_demo (self);

  G_APPLICATION_CLASS (wrapup_application_parent_class)->shutdown (application);
}

/* GObject */

static void
wrapup_application_dispose (GObject *object)
{
  WrapupApplication *self = WRAPUP_APPLICATION (object);

  wrapup_application_stop_demo (self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  if (self->call_windows != NULL)
    {
      GHashTableIter iter;
      gpointer window;

      g_hash_table_iter_init (&iter, self->call_windows);
      while (g_hash_table_iter_next (&iter, NULL, &window))
        g_object_weak_unref (window, wrapup_application_on_window_destroyed_cb, self);
      g_clear_pointer (&self->call_windows, g_hash_table_unref);
    }

  G_OBJECT_CLASS (wrapup_application_parent_class)->dispose (object);
}

static void
wrapup_application_finalize (GObject *object)
{
  WrapupApplication *self = WRAPUP_APPLICATION (object);

  g_free (self->server_url);
  g_free (self->agent_id);

  G_OBJECT_CLASS (wrapup_application_parent_class)->finalize (object);
}

static void
wrapup_application_class_init (WrapupApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = wrapup_application_dispose;
  object_class->finalize = wrapup_application_finalize;
  app_class->handle_local_options = wrapup_application_handle_local_options;
  app_class->command_line = wrapup_application_command_line;
  app_class->open = wrapup_application_open;
  app_class->activate = wrapup_application_activate;
  app_class->startup = wrapup_application_startup;
  app_class->shutdown = wrapup_application_shutdown;
}

static void
wrapup_application_init (WrapupApplication *self)
{
  self->call_windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->session = wrapup_session_new (G_APPLICATION (self));
  g_signal_connect (self->session, "problem", G_CALLBACK (on_session_problem_cb), self);
  g_signal_connect (self->session, "delivered", G_CALLBACK (on_delivered_cb), self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[LINK…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens a call from a wrapup://call/… link."));
}

/* Public API */

WrapupApplication *
wrapup_application_new (void)
{
  return g_object_new (WRAPUP_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/wrapupdesk/Wrapup",
                       NULL);
}

GSettings *
wrapup_application_get_settings (WrapupApplication *self)
{
  g_return_val_if_fail (WRAPUP_IS_APPLICATION (self), NULL);
  return self->settings;
}

LcmClient *
wrapup_application_get_client (WrapupApplication *self)
{
  g_return_val_if_fail (WRAPUP_IS_APPLICATION (self), NULL);
  return wrapup_session_get_client (self->session);
}

WrapupSession *
wrapup_application_get_session (WrapupApplication *self)
{
  g_return_val_if_fail (WRAPUP_IS_APPLICATION (self), NULL);
  return self->session;
}

WrapupSettingSource
wrapup_application_get_setting_source (WrapupApplication *self,
                                       const char        *key)
{
  const char *override;

  g_return_val_if_fail (WRAPUP_IS_APPLICATION (self), WRAPUP_SETTING_FROM_SETTINGS);

  override = g_str_equal (key, "server-url") ? self->server_url
           : g_str_equal (key, "agent-id") ? self->agent_id : NULL;
  if (self->demo_sim != NULL && override != NULL)
    return WRAPUP_SETTING_FROM_DEMO;
  if (override != NULL)
    return WRAPUP_SETTING_FROM_COMMAND_LINE;
  if (!setting_is_writable (self, key))
    return WRAPUP_SETTING_FROM_ADMINISTRATOR;
  return WRAPUP_SETTING_FROM_SETTINGS;
}

const char *
wrapup_application_get_agent_id (WrapupApplication *self)
{
  g_return_val_if_fail (WRAPUP_IS_APPLICATION (self), NULL);
  return wrapup_session_get_agent_id (self->session);
}
