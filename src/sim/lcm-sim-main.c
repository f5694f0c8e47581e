/* lcm-sim-main.c: lcm-sim, the LCM gateway simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "lcm-sim-db.h"
#include "lcm-sim-server.h"

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("lcm-sim: %s\n", text);
  return EXIT_FAILURE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmSimDb) db = NULL;
  g_autoptr(LcmSimServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  int port = 0;
  int journey_rows = LCM_SIM_DEFAULT_JOURNEY_ROWS;
  gint64 seed = -1;
  int delay_ms = 0;
  int close_after = 0;
  int malformed_every = 0;
  int close_code = LCM_SIM_CLOSE_FAULT;
  int max_connections = LCM_SIM_DEFAULT_MAX_CONNECTIONS;
  int upgrade_timeout_ms = LCM_SIM_DEFAULT_UPGRADE_TIMEOUT_MS;
  gboolean drop_write_answers = FALSE;
  gboolean ignore_pings = FALSE;
  LcmSimFaults faults = { 0 };
  guint sigterm_id, sigint_id;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on, on 127.0.0.1 (0, the default, picks a free one)"), N_("N") },
    { "db", 'd', 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("Keep the state in this SQLite database, created and seeded on first use"),
      N_("FILE") },
    { "journey-rows", 0, 0, G_OPTION_ARG_INT, &journey_rows,
      N_("Rows of generated journey history (default 2000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the generated data, for the same data on every run"), N_("N") },
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &delay_ms,
      N_("Delay every answer by this many milliseconds"), N_("N") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("Require “Authorization: Bearer T” on the WebSocket upgrade"), N_("T") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("Serve wss:// with this PEM certificate (needs --tls-key)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The PEM private key of --tls-cert"), N_("FILE") },
    { "close-after", 0, 0, G_OPTION_ARG_INT, &close_after,
      N_("Fault: close each connection once it has received N frames, without answering "
         "the last"), N_("N") },
    { "drop-write-answers", 0, 0, G_OPTION_ARG_NONE, &drop_write_answers,
      N_("Fault: store writes but never answer them"), NULL },
    { "malformed-every", 0, 0, G_OPTION_ARG_INT, &malformed_every,
      N_("Fault: send a malformed frame before every Nth answer"), N_("N") },
    { "ignore-pings", 0, 0, G_OPTION_ARG_NONE, &ignore_pings,
      N_("Fault: never answer the clients’ pings"), NULL },
    { "close-code", 0, 0, G_OPTION_ARG_INT, &close_code,
      N_("The close code of --close-after (default 4001)"), N_("CODE") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      N_("Hold at most N connections at once; close the ones beyond (default 512)"), N_("N") },
    { "upgrade-timeout-ms", 0, 0, G_OPTION_ARG_INT, &upgrade_timeout_ms,
      N_("Close a connection that has not completed its WebSocket upgrade within this many "
         "milliseconds (default 10000)"), N_("N") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* A client that goes away mid-answer must not kill the simulator. */
  signal (SIGPIPE, SIG_IGN);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("A simulated LCM gateway for tests and demos."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc > 1)
    return fail (_("Unexpected argument “%s”"), argv[1]);
  if (port < 0 || port > G_MAXUINT16)
    return fail (_("The port must be between 0 and 65535, not %d"), port);
  if (journey_rows < 0 || journey_rows > LCM_SIM_MAX_JOURNEY_ROWS)
    return fail (_("--journey-rows must be between 0 and %d, not %d"),
                 LCM_SIM_MAX_JOURNEY_ROWS, journey_rows);
  if (seed != -1 && (seed < 0 || seed > G_MAXUINT32))
    return fail (_("--seed must be between 0 and %u"), G_MAXUINT32);
  if (delay_ms < 0 || delay_ms > LCM_SIM_MAX_DELAY_MS)
    return fail (_("--delay-ms must be between 0 and %d, not %d"),
                 LCM_SIM_MAX_DELAY_MS, delay_ms);
  if (token != NULL && *token == '\0')
    return fail (_("The token must not be empty"));
  if (close_after < 0 || close_after > LCM_SIM_MAX_FAULT_COUNT)
    return fail (_("--close-after must be between 0 and %d, not %d"),
                 LCM_SIM_MAX_FAULT_COUNT, close_after);
  if (malformed_every < 0 || malformed_every > LCM_SIM_MAX_FAULT_COUNT)
    return fail (_("--malformed-every must be between 0 and %d, not %d"),
                 LCM_SIM_MAX_FAULT_COUNT, malformed_every);
  if (close_code < 0 || !lcm_sim_close_code_is_valid ((guint) close_code))
    return fail (_("--close-code must be 1000 to 1003, 1007 to 1009, 1011, or 3000 to 4999, "
                   "not %d"), close_code);
  if (max_connections < 1 || max_connections > LCM_SIM_MAX_MAX_CONNECTIONS)
    return fail (_("--max-connections must be between 1 and %d, not %d"),
                 LCM_SIM_MAX_MAX_CONNECTIONS, max_connections);
  if (upgrade_timeout_ms < LCM_SIM_MIN_UPGRADE_TIMEOUT_MS ||
      upgrade_timeout_ms > LCM_SIM_MAX_UPGRADE_TIMEOUT_MS)
    return fail (_("--upgrade-timeout-ms must be between %d and %d, not %d"),
                 LCM_SIM_MIN_UPGRADE_TIMEOUT_MS, LCM_SIM_MAX_UPGRADE_TIMEOUT_MS,
                 upgrade_timeout_ms);
  if ((tls_cert == NULL) != (tls_key == NULL))
    return fail (_("--tls-cert and --tls-key go together"));
  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return fail (_("Cannot use the certificate “%s” with the key “%s”: %s"),
                     tls_cert, tls_key, error->message);
    }

  db = lcm_sim_db_open (db_path, &error);
  if (db == NULL)
    return fail ("%s", error->message);
  rand = seed >= 0 ? g_rand_new_with_seed ((guint32) seed) : g_rand_new ();
  now = g_date_time_new_now_local ();
  if (!lcm_sim_db_ensure_seeded (db, (guint) journey_rows, rand, now, &error))
    return fail ("%s", error->message);

  server = lcm_sim_server_new (db, token);
  faults.delay_ms = (guint) delay_ms;
  faults.close_after = (guint) close_after;
  faults.close_code = (guint) close_code;
  faults.drop_write_answers = drop_write_answers;
  faults.malformed_every = (guint) malformed_every;
  faults.ignore_pings = ignore_pings;
  lcm_sim_server_set_faults (server, &faults);
  lcm_sim_server_set_connection_limits (server, (guint) max_connections,
                                        (guint) upgrade_timeout_ms);
  lcm_sim_server_set_tls_certificate (server, certificate);
  if (!lcm_sim_server_listen (server, (guint16) port, &error))
    return fail (_("Cannot listen on port %d: %s"), port, error->message);

  g_print ("%s\n", lcm_sim_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  g_printerr ("lcm-sim: stopping\n");
  lcm_sim_server_stop (server);
  g_clear_object (&server);
  /* Let closing connections and listeners release what they hold. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return EXIT_SUCCESS;
}
