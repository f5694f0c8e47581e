/* test-tls.c: LcmClient over wss:// against lcm-sim with the committed self-signed certificate
 *
 * The certificate and key are in tests/data/tls (see its README.md): the simulator serves
 * wss:// with them, and the client must refuse that certificate unless it is the one it was
 * told to trust.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

#define DEMO_ACCOUNT "5|3|1|0|0|44|1"
#define DEMO_CALL    "12345"

/* A simulator serving wss:// (test_sim_start() only knows ws://) */

typedef struct
{
  GSubprocess *process;
  char        *url;
  guint16      port;
  char        *dir;
  char        *db_path;
  GStrv        extra_args;
} TlsSim;

static char *
tls_path (const char *name)
{
  return g_build_filename (test_sim_program_path ("LCM_TEST_DATA"), "tls", name, NULL);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
tls_sim_spawn (TlsSim  *sim,
               guint16  port,
               gboolean tls)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *line = NULL;

  g_ptr_array_add (argv, g_strdup (test_sim_program_path ("LCM_SIM")));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (sim->db_path));
  if (tls)
    {
      g_ptr_array_add (argv, g_strdup ("--tls-cert"));
      g_ptr_array_add (argv, tls_path ("gateway-cert.pem"));
      g_ptr_array_add (argv, g_strdup ("--tls-key"));
      g_ptr_array_add (argv, tls_path ("gateway-key.pem"));
    }
  for (guint i = 0; sim->extra_args != NULL && sim->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (sim->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  uri = g_uri_parse (line, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, tls ? "wss" : "ws");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_free (sim->url);
  sim->url = g_steal_pointer (&line);
  sim->port = (guint16) g_uri_get_port (uri);
}

static TlsSim *
tls_sim_start (gboolean            tls,
               const char * const *extra_args)
{
  TlsSim *sim = g_new0 (TlsSim, 1);
  g_autoptr(GError) error = NULL;

  sim->dir = g_dir_make_tmp ("wrapup-tls-XXXXXX", &error);
  g_assert_no_error (error);
  sim->db_path = g_build_filename (sim->dir, "sim.db", NULL);
  sim->extra_args = g_strdupv ((char **) extra_args);
  tls_sim_spawn (sim, 0, tls);
  return sim;
}

static void
tls_sim_kill (TlsSim *sim)
{
  g_subprocess_send_signal (sim->process, SIGKILL);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
}

static void
tls_sim_free (TlsSim *sim)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (sim->process != NULL)
    {
      g_subprocess_send_signal (sim->process, SIGTERM);
      g_subprocess_wait (sim->process, NULL, NULL);
      g_clear_object (&sim->process);
    }
  dir = g_dir_open (sim->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (sim->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (sim->dir);
  g_free (sim->dir);
  g_free (sim->db_path);
  g_free (sim->url);
  g_strfreev (sim->extra_args);
  g_free (sim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlsSim, tls_sim_free)

/* The simulator's database, read-only */
static gint64
sim_query_int (TlsSim     *sim,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  g_assert_cmpint (sqlite3_open_v2 (sim->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Waiting for async results */

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
on_result_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ((Waiter *) user_data)->result = g_object_ref (result);
}

static gboolean
waiter_done (gpointer user_data)
{
  return ((Waiter *) user_data)->result != NULL;
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  /* A bound for slow machines: TLS under the sanitizers takes seconds a handshake. */
  g_assert_true (test_wait_until (waiter_done, waiter, 120000));
  return waiter->result;
}

/* A client with bounds for slow machines (sanitizers), not expectations. */
static LcmClient *
new_client (const char *url)
{
  LcmClient *client = lcm_client_new (url);

  lcm_client_set_request_timeout (client, 120000);
  return client;
}

/* The outcome of connecting: connected, or why not. An attempt that only ran out of time
 * (a TLS handshake takes seconds under the sanitizers on a busy machine) is no outcome:
 * the client tries again, and so does this, a few times. */
static gboolean
connect_sync (LcmClient  *client,
              GError    **error)
{
  for (guint attempt = 1;; attempt++)
    {
      Waiter waiter = { NULL };
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      lcm_client_connect_async (client, NULL, on_result_cb, &waiter);
      ok = lcm_client_connect_finish (client, wait_for (&waiter), &local_error);
      g_object_unref (waiter.result);
      if (ok || attempt == 5 ||
          !g_error_matches (local_error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return ok;
        }
      g_test_message ("attempt %u: %s", attempt, local_error->message);
    }
}

static GListModel *
fetch_sync (LcmClient   *client,
            LcmRequest  *request,
            GError     **error)
{
  Waiter waiter = { NULL };
  GListModel *list;

  lcm_client_fetch_async (client, request, NULL, on_result_cb, &waiter);
  list = lcm_client_fetch_finish (client, wait_for (&waiter), error);
  g_object_unref (waiter.result);
  return list;
}

static gboolean
state_is_connected (gpointer user_data)
{
  return lcm_client_get_state (user_data) == LCM_CLIENT_STATE_CONNECTED;
}

static gboolean
state_is_reconnecting (gpointer user_data)
{
  return lcm_client_get_state (user_data) == LCM_CLIENT_STATE_RECONNECTING;
}

/* Tests */

static void
test_untrusted_refused (void)
{
  g_autoptr(TlsSim) sim = tls_sim_start (TRUE, NULL);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  Waiter waiter = { NULL };
  JsonNode *answer;

  g_assert_no_error (error);
  g_assert_null (lcm_client_get_trusted_certificate (client));
  g_assert_false (connect_sync (client, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  g_test_message ("refused: %s", error->message);
  /* It says which gateway and why, and how to fix it. */
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "no trusted authority"));
  g_assert_nonnull (strstr (error->message, "trust it in the settings"));
  g_clear_error (&error);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_RECONNECTING);

  /* A request waits, and is never sent over the refused connection. */
  lcm_client_call_async (client, request, NULL, on_result_cb, &waiter);
  lcm_client_stop (client);
  answer = lcm_client_call_finish (client, wait_for (&waiter), &error);
  g_object_unref (waiter.result);
  g_assert_null (answer);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED);
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);
}

static void
test_other_certificate_refused (void)
{
  g_autoptr(TlsSim) sim = tls_sim_start (TRUE, NULL);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autofree char *other = tls_path ("other-cert.pem");
  g_autoptr(GError) error = NULL;

  /* Same names, same dates, another key: trusting it trusts nothing else. */
  g_assert_true (lcm_client_set_trusted_certificate_file (client, other, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lcm_client_get_trusted_certificate (client));
  g_assert_false (connect_sync (client, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  g_clear_error (&error);
  lcm_client_stop (client);
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);
}

static void
test_trusted_accepted (void)
{
  g_autoptr(TlsSim) sim = tls_sim_start (TRUE, NULL);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autofree char *cert_path = tls_path ("gateway-cert.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  g_autoptr(GListModel) list = NULL;
  GTlsCertificate *property = NULL;

  certificate = g_tls_certificate_new_from_file (cert_path, &error);
  g_assert_no_error (error);
  lcm_client_set_trusted_certificate (client, certificate);
  g_object_get (client, "trusted-certificate", &property, NULL);
  g_assert_true (property == certificate);
  g_object_unref (property);

  g_assert_true (connect_sync (client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);
  list = fetch_sync (client, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
  /* The frame reached the gateway through TLS, as it was sent. */
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM wire_log "
                                       "WHERE text LIKE '%SetCallOutComeOffline%'"), ==, 1);

  /* Trust taken back: the next connection is refused again. */
  lcm_client_stop (client);
  lcm_client_set_trusted_certificate (client, NULL);
  g_assert_false (connect_sync (client, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  lcm_client_stop (client);
}

static void
test_trusted_file_errors (void)
{
  g_autoptr(LcmClient) client = lcm_client_new ("wss://127.0.0.1:1/lcm");
  g_autofree char *cert_path = tls_path ("gateway-cert.pem");
  g_autofree char *missing = tls_path ("no-such-cert.pem");
  g_autofree char *not_pem = tls_path ("README.md");
  g_autoptr(GError) error = NULL;
  GTlsCertificate *trusted;

  g_assert_true (lcm_client_set_trusted_certificate_file (client, cert_path, &error));
  g_assert_no_error (error);
  trusted = lcm_client_get_trusted_certificate (client);
  g_assert_nonnull (trusted);

  /* A file that cannot be read, or is no certificate: an error naming it, trust unchanged. */
  g_assert_false (lcm_client_set_trusted_certificate_file (client, missing, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "no-such-cert.pem"));
  g_clear_error (&error);
  g_assert_true (lcm_client_get_trusted_certificate (client) == trusted);

  g_assert_false (lcm_client_set_trusted_certificate_file (client, not_pem, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "README.md"));
  g_clear_error (&error);
  g_assert_true (lcm_client_get_trusted_certificate (client) == trusted);

  /* Empty: trust nothing more. */
  g_assert_true (lcm_client_set_trusted_certificate_file (client, "", &error));
  g_assert_no_error (error);
  g_assert_null (lcm_client_get_trusted_certificate (client));
}

static void
test_plain_ws_rules (void)
{
  struct { const char *url; gboolean allow; int code; } cases[] = {
    { "ws://192.0.2.10:8080/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://gateway.example.com/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "WS://GATEWAY.EXAMPLE.COM/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://[2001:db8::1]:8080/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://127.0.0.2.example.com/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://192.0.2.10:8080/lcm", TRUE, -1 },
    { "wss://192.0.2.10:8443/lcm", FALSE, -1 },
    { "wss://gateway.example.com/lcm", FALSE, -1 },
    { "ws://127.0.0.1:1/lcm", FALSE, -1 },
    { "ws://localhost:1/lcm", FALSE, -1 },
    { "ws://[::1]:1/lcm", FALSE, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LcmClient) client = lcm_client_new (cases[i].url);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("%s, insecure %s", cases[i].url, cases[i].allow ? "allowed" : "not allowed");
      lcm_client_set_allow_insecure (client, cases[i].allow);
      ok = lcm_client_start (client, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, LCM_CLIENT_ERROR, cases[i].code);
          g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_DISCONNECTED);
        }
      lcm_client_stop (client);
    }
}

static void
test_restart_and_dead_peer (void)
{
  const char *args[] = { "--ignore-pings", NULL };
  g_autoptr(TlsSim) sim = tls_sim_start (TRUE, args);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autofree char *cert_path = tls_path ("gateway-cert.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  g_autoptr(GListModel) list = NULL;
  Waiter waiter = { NULL };

  g_assert_true (lcm_client_set_trusted_certificate_file (client, cert_path, &error));
  lcm_client_set_keepalive_interval (client, 1);
  g_assert_true (connect_sync (client, &error));
  g_assert_no_error (error);

  /* Pings go unanswered through TLS too: the client gives the connection up and makes a
   * new one, trusted again. */
  g_assert_true (test_wait_until (state_is_reconnecting, client, 120000));
  g_assert_true (test_wait_until (state_is_connected, client, 120000));
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);

  /* kill -9 and a restart on the same port: a request made meanwhile completes over TLS. */
  tls_sim_kill (sim);
  g_assert_true (test_wait_until (state_is_reconnecting, client, 120000));
  lcm_client_fetch_async (client, request, NULL, on_result_cb, &waiter);
  tls_sim_spawn (sim, sim->port, TRUE);
  list = lcm_client_fetch_finish (client, wait_for (&waiter), &error);
  g_object_unref (waiter.result);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/tls/untrusted-refused", test_untrusted_refused);
  g_test_add_func ("/lcm/tls/other-certificate-refused", test_other_certificate_refused);
  g_test_add_func ("/lcm/tls/trusted-accepted", test_trusted_accepted);
  g_test_add_func ("/lcm/tls/trusted-file-errors", test_trusted_file_errors);
  g_test_add_func ("/lcm/tls/plain-ws-rules", test_plain_ws_rules);
  g_test_add_func ("/lcm/tls/restart-and-dead-peer", test_restart_and_dead_peer);

  return g_test_run ();
}
