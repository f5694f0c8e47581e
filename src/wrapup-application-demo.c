/* wrapup-application-demo.c: the --demo session
 *
 * The bundled simulator, started on a free loopback port with seeded data, in a
 * directory of its own, and stopped with the app (or by the kernel when the app dies).
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

void
wrapup_application_stop_demo (WrapupApplication *self)
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
      wrapup_application_show_message (self, text);
      return;
    }

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&url);
  /* Nothing of the demo is kept, and nothing kept reaches the demo's gateway. */
  wrapup_session_open_storage (self->session, NULL);
  {
    g_autofree char *agent =
      wrapup_application_effective_setting (self, self->agent_id, "agent-id");

    if (*agent == '\0')
      {
        g_free (self->agent_id);
        self->agent_id = g_strdup (DEMO_AGENT);
      }
  }
  wrapup_application_update_client (self);
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

void
wrapup_application_start_demo (WrapupApplication *self)
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
      wrapup_application_show_message (self, _("The demo needs the lcm-sim program, which "
                                               "is not installed"));
      return;
    }

  self->demo_dir = g_dir_make_tmp ("wrapup-demo-XXXXXX", &error);
  if (self->demo_dir == NULL)
    {
      wrapup_application_show_message (self, error->message);
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
      wrapup_application_show_message (self, text);
      wrapup_application_stop_demo (self);
      return;
    }

  /* The simulator prints its address on its first line; read it without blocking. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->demo_sim));
  g_application_hold (G_APPLICATION (self));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_demo_url_cb,
                                       g_object_ref (self));
}
