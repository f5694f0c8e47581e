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

#include "wrapup-application.h"
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

/* The demo call: the simulator seeds it (call 12345 on the vendor sample's account). */
#define DEMO_LINK "wrapup://call/12345?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND" \
                  "&contact=447700900123&campaign=SamplePreviewCampaign-ACQ"
#define DEMO_AGENT "testagent"
#define DEMO_JOURNEY_ROWS "5000"

struct _WrapupApplication
{
  AdwApplication          parent_instance;

  GSettings              *settings;
  /* The connection, outbox, drafts and cached lists every window shares. Every wrap-up
   * goes through its one outbox, in the user's data directory; while the demo runs,
   * through one in memory, so that nothing of the demo reaches a real gateway. */
  WrapupSession          *session;
  char                   *server_url;   /* --server-url (or the demo's), NULL: the setting */
  char                   *agent_id;     /* --agent-id (or the demo's), NULL: the setting */
  /* call id -> WrapupWindow (weak: removed when the window goes) */
  GHashTable             *call_windows;

  /* --demo */
  GSubprocess            *demo_sim;
  char                   *demo_dir;
};

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

static void
show_message (WrapupApplication *self,
              const char        *text)
{
  wrapup_window_show_message (active_or_new_window (self), text);
}

/* What the session could not do, told in the window the agent sees (a new one if needed). */
static void
report_problems (WrapupApplication *self)
{
  g_auto(GStrv) problems = wrapup_session_take_problems (self->session);

  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    show_message (self, problems[i]);
}

static void
on_session_problem_cb (WrapupSession     *session,
                       const char        *text,
                       WrapupApplication *self)
{
  /* Told at once when a window is there to tell it; else with the first window. */
  if (gtk_application_get_active_window (GTK_APPLICATION (self)) != NULL)
    report_problems (self);
}

static gboolean
setting_is_writable (WrapupApplication *self,
                     const char        *key)
{
  return self->settings == NULL || g_settings_is_writable (self->settings, key);
}

static char *
effective_setting (WrapupApplication *self,
                   const char        *override,
                   const char        *key)
{
  if (override != NULL)
    return g_strdup (override);
  return g_settings_get_string (self->settings, key);
}

/* The session follows the settings, except what this session was started with. */
static void
update_client (WrapupApplication *self)
{
  g_autofree char *url = effective_setting (self, self->server_url, "server-url");
  g_autofree char *agent = effective_setting (self, self->agent_id, "agent-id");
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
    update_client (self);
}

static void
on_window_destroyed_cb (gpointer  user_data,
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

static void
stop_demo (WrapupApplication *self)
{
  if (self->demo_sim != NULL)
    {
      g_subprocess_send_signal (self->demo_sim, SIGTERM);
      g_subprocess_wait (self->demo_sim, NULL, NULL);
      g_clear_object (&self->demo_sim);
    }
  if (self->demo_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (self->demo_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (self->demo_dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (self->demo_dir);
      g_clear_pointer (&self->demo_dir, g_free);
    }
}

static char *
find_simulator (void)
{
  const char *env = g_getenv ("WRAPUP_LCM_SIM");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *installed = g_build_filename (LCM_SIM_BINDIR, "lcm-sim", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* Run from the build tree (the README's demo), the build's simulator is the right one: it
   * is found beside this binary, never by a build path compiled in, which an installed
   * binary would otherwise follow to whatever is at that path on the agent's machine. */
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *built = g_build_filename (dir, "sim", "lcm-sim", NULL);

      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&built);
    }
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return g_find_program_in_path ("lcm-sim");
}

static void
on_demo_url_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WrapupApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source_object), result,
                                                   NULL, &error);
  g_application_release (G_APPLICATION (self));

  if (url == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The demo gateway did not start: %s"),
                                               error != NULL ? error->message : _("it exited"));
      show_message (self, text);
      return;
    }

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&url);
  /* Nothing of the demo is kept, and nothing kept reaches the demo's gateway. */
  wrapup_session_open_storage (self->session, NULL);
  {
    g_autofree char *agent = effective_setting (self, self->agent_id, "agent-id");

    if (*agent == '\0')
      {
        g_free (self->agent_id);
        self->agent_id = g_strdup (DEMO_AGENT);
      }
  }
  update_client (self);
  wrapup_application_open_link (self, DEMO_LINK, NULL);
}

/* The demo's simulator must not outlive the app, even when the app dies without shutting
 * down: the kernel ends it when its parent goes. */
static void
on_demo_child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
start_demo (WrapupApplication *self)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = find_simulator ();
  g_autofree char *db = NULL;
  g_autoptr(GDataInputStream) lines = NULL;

  if (self->demo_sim != NULL)
    {
      wrapup_application_open_link (self, DEMO_LINK, NULL);
      return;
    }

  if (program == NULL)
    {
      show_message (self, _("The demo needs the lcm-sim program, which is not installed"));
      return;
    }

  self->demo_dir = g_dir_make_tmp ("wrapup-demo-XXXXXX", &error);
  if (self->demo_dir == NULL)
    {
      show_message (self, error->message);
      return;
    }
  db = g_build_filename (self->demo_dir, "demo.db", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, on_demo_child_setup, NULL, NULL);
  self->demo_sim = g_subprocess_launcher_spawn (launcher, &error, program, "--port", "0",
                                                "--db", db, "--journey-rows", DEMO_JOURNEY_ROWS,
                                                NULL);
  if (self->demo_sim == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The demo gateway did not start: %s"),
                                               error->message);
      show_message (self, text);
      stop_demo (self);
      return;
    }

  /* The simulator prints its address on its first line; read it without blocking. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->demo_sim));
  g_application_hold (G_APPLICATION (self));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_demo_url_cb,
                                       g_object_ref (self));
}

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

/* Quitting keeps the drafts and the outbox on disk, so nothing is lost; the agent is asked
 * first all the same when something is unsaved or unsent, since it will not be done until
 * the app runs again. */
static char *
dup_quit_summary (WrapupApplication *self,
                  guint             *n_unsaved)
{
  LcmOutbox *outbox = wrapup_session_get_outbox (self->session);
  guint n_pending = lcm_outbox_get_n_pending (outbox);
  guint n_failed = lcm_outbox_get_n_failed (outbox);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  *n_unsaved = 0;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      WrapupCall *call = WRAPUP_IS_WINDOW (l->data) ? wrapup_window_get_call (l->data) : NULL;

      if (call != NULL && wrapup_call_has_unsaved_input (call))
        (*n_unsaved)++;
    }

  if (*n_unsaved > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u wrap-up is not saved yet.",
                                                          "%u wrap-ups are not saved yet.",
                                                          *n_unsaved), *n_unsaved));
  if (n_pending > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u wrap-up waits to be sent.",
                                                          "%u wrap-ups wait to be sent.",
                                                          n_pending), n_pending));
  if (n_failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u wrap-up was refused by the "
                                                          "gateway.",
                                                          "%u wrap-ups were refused by the "
                                                          "gateway.",
                                                          n_failed), n_failed));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, g_strdup (*n_unsaved > 0
                                    ? _("Unsaved wrap-ups are kept on this computer and come "
                                        "back when their calls are opened again, unless you "
                                        "discard them. Nothing waiting is sent until Wrapup "
                                        "runs again.")
                                    : _("Nothing waiting is sent until Wrapup runs again.")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("\n", (char **) parts->pdata);
}

static void
discard_open_drafts (WrapupApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      WrapupCall *call = WRAPUP_IS_WINDOW (l->data) ? wrapup_window_get_call (l->data) : NULL;

      if (call != NULL && wrapup_call_has_unsaved_input (call))
        wrapup_call_discard_draft (call);
    }
}

static void
on_quit_response_cb (GtkWidget         *question,
                     const char        *response,
                     WrapupApplication *self)
{
  if (g_str_equal (response, "cancel"))
    return;
  if (g_str_equal (response, "discard"))
    discard_open_drafts (self);
  g_application_quit (G_APPLICATION (self));
}

/* Actions */

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WrapupApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  WrapupPreferencesWindow *preferences = wrapup_preferences_window_new (parent, self->settings);

  /* What is in use, and where it comes from, when that is not the agent's setting. */
  wrapup_preferences_window_show_override (preferences, "server-url",
                                           wrapup_session_get_server_url (self->session),
                                           wrapup_application_get_setting_source (self,
                                                                                  "server-url"));
  wrapup_preferences_window_show_override (preferences, "agent-id",
                                           wrapup_session_get_agent_id (self->session),
                                           wrapup_application_get_setting_source (self,
                                                                                  "agent-id"));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
show_callbacks_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  WrapupApplication *self = user_data;

  LcmClient *client = wrapup_session_get_client (self->session);

  if (client == NULL)
    {
      show_message (self, _("No gateway is set: open Preferences to set its address"));
      return;
    }
  gtk_window_present (GTK_WINDOW (wrapup_callbacks_window_new (GTK_APPLICATION (self),
                                                               self->session)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  WrapupApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "Wrapup developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Wrapup"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Record call outcomes, book callbacks and read the "
                                       "customer’s journey on an LCM dialer"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  WrapupApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *summary = NULL;
  GtkWidget *dialog;
  guint n_unsaved = 0;

  summary = dup_quit_summary (self, &n_unsaved);
  if (summary == NULL || parent == NULL)
    {
          g_application_quit (G_APPLICATION (self));
      return;
    }

  dialog = wrapup_question_new (_("Quit Wrapup?"), summary);
  wrapup_question_add_response (dialog, "cancel", _("_Cancel"));
  if (n_unsaved > 0)
    {
      wrapup_question_add_response (dialog, "discard", _("_Discard Unsaved"));
      wrapup_question_set_response_appearance (dialog, "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  wrapup_question_add_response (dialog, "quit", n_unsaved > 0 ? _("_Keep and Quit")
                                                                 : _("_Quit"));
  wrapup_question_set_response_appearance (dialog, "quit", ADW_RESPONSE_SUGGESTED);
  wrapup_question_set_default_response (dialog, "quit");
  wrapup_question_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_quit_response_cb), self);
  wrapup_question_present (dialog, parent);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "show-callbacks", show_callbacks_action },
  { "about", about_action },
  { "quit", quit_action },
};

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
    start_demo (self);
  else
    update_client (self);

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

  update_client (self);
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
  report_problems (self);
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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
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
  stop_demo (self);

  G_APPLICATION_CLASS (wrapup_application_parent_class)->shutdown (application);
}

/* GObject */

static void
wrapup_application_dispose (GObject *object)
{
  WrapupApplication *self = WRAPUP_APPLICATION (object);

  stop_demo (self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  if (self->call_windows != NULL)
    {
      GHashTableIter iter;
      gpointer window;

      g_hash_table_iter_init (&iter, self->call_windows);
      while (g_hash_table_iter_next (&iter, NULL, &window))
        g_object_weak_unref (window, on_window_destroyed_cb, self);
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
      show_message (self, local_error->message);
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
    update_client (self);

  /* With no gateway set, the call is kept all the same: its window says so, and the call
   * loads as soon as the gateway is set (in Preferences). */
  wrapup_trace_mark ("link");
  call = wrapup_call_new_for_session (self->session, link);
  window = wrapup_window_new (GTK_APPLICATION (self), self->session, call);
  wrapup_trace_mark ("window-built");
  g_hash_table_insert (self->call_windows, g_strdup (link->call_id), window);
  g_object_weak_ref (G_OBJECT (window), on_window_destroyed_cb, self);
  wrapup_call_load (call);
  if (wrapup_call_get_client (call) != NULL)
    present_when_sent (GTK_WINDOW (window), wrapup_call_get_client (call));
  else
    gtk_window_present (GTK_WINDOW (window));
  report_problems (self);

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
