/* test-tls.c: LcmClient over wss:// against lcm-sim with the committed self-signed certificate
 *
 * The certificate and key are in tests/data/tls (see its README.md): the simulator serves
 * wss:// with them, and the client must refuse that certificate unless it is the one it was
 * told to trust.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

#define DEMO_ACCOUNT "5|3|1|0|0|44|1"
#define DEMO_CALL    "12345"

/* A bound for slow machines: TLS under the sanitizers takes seconds a handshake. */
#define WAIT_MS 120000

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
      g_autoptr(GError) local_error = NULL;
      gboolean ok = test_client_connect_sync (client, WAIT_MS, &local_error);

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

/* Tests */

static void
test_untrusted_refused (void)
{
  g_autoptr(TestSim) sim = test_sim_start_tls (NULL);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);

  g_assert_no_error (error);
  g_assert_null (lcm_client_get_trusted_certificate (client));
  g_assert_false (connect_sync (client, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  g_test_message ("refused: %s", error->message);
  /* It says which gateway and why, and what would fix it, in no program's terms: lcmctl
   * has no settings, the app and lcmctl each say how to trust a certificate. */
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, "no trusted authority"));
  g_assert_nonnull (strstr (error->message, "trust exactly that certificate to connect"));
  g_assert_null (strstr (error->message, "settings"));
  g_clear_error (&error);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_RECONNECTING);

  /* A request waits, and is never sent over the refused connection. */
  test_assert_stop_fails_call (client, request, WAIT_MS);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);
}

static void
test_other_certificate_refused (void)
{
  g_autoptr(TestSim) sim = test_sim_start_tls (NULL);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autofree char *other = test_tls_path ("other-cert.pem");
  g_autoptr(GError) error = NULL;

  /* Same names, same dates, another key: trusting it trusts nothing else. */
  g_assert_true (lcm_client_set_trusted_certificate_file (client, other, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lcm_client_get_trusted_certificate (client));
  g_assert_false (connect_sync (client, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
  g_clear_error (&error);
  lcm_client_stop (client);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);
}

static void
test_trusted_accepted (void)
{
  g_autoptr(TestSim) sim = test_sim_start_tls (NULL);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autofree char *cert_path = test_tls_path ("gateway-cert.pem");
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
  list = test_client_fetch_sync (client, request, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
  /* The frame reached the gateway through TLS, as it was sent. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log "
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
  g_autofree char *cert_path = test_tls_path ("gateway-cert.pem");
  g_autofree char *missing = test_tls_path ("no-such-cert.pem");
  g_autofree char *not_pem = test_tls_path ("README.md");
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

  /* However deep the file lies, the message keeps its name: where a checkout or a home
   * directory is long, the start of the path is what is cut. */
  {
    g_autofree char *deep_dir = g_dir_make_tmp ("wrapup-a-directory-whose-name-alone-is-longer-"
                                                "than-what-a-message-shows-XXXXXX", NULL);
    g_autofree char *deep_file = g_build_filename (deep_dir, "not-a-cert.txt", NULL);

    g_assert_nonnull (deep_dir);
    g_assert_true (g_file_set_contents (deep_file, "hello\n", -1, NULL));
    g_assert_false (lcm_client_set_trusted_certificate_file (client, deep_file, &error));
    g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "not-a-cert.txt"));
    g_assert_nonnull (strstr (error->message, "…"));
    g_assert_null (strstr (error->message, g_get_tmp_dir ()));
    g_clear_error (&error);
    g_assert_true (lcm_client_get_trusted_certificate (client) == trusted);
    test_remove_dir (deep_dir);
  }

  /* Empty: trust nothing more. */
  g_assert_true (lcm_client_set_trusted_certificate_file (client, "", &error));
  g_assert_no_error (error);
  g_assert_null (lcm_client_get_trusted_certificate (client));
}

static void
test_restart_and_dead_peer (void)
{
  const char *args[] = { "--ignore-pings", NULL };
  g_autoptr(TestSim) sim = test_sim_start_tls (args);
  g_autoptr(LcmClient) client = new_client (sim->url);
  g_autofree char *cert_path = test_tls_path ("gateway-cert.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  g_autoptr(GListModel) list = NULL;
  TestWaiter waiter = { NULL };

  g_assert_true (lcm_client_set_trusted_certificate_file (client, cert_path, &error));
  lcm_client_set_keepalive_interval (client, 1);
  g_assert_true (connect_sync (client, &error));
  g_assert_no_error (error);

  /* Pings go unanswered through TLS too: the client gives the connection up and makes a
   * new one, trusted again. */
  g_assert_true (test_wait_until (test_client_is_reconnecting, client, 120000));
  g_assert_true (test_wait_until (test_client_is_connected, client, 120000));
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);

  /* kill -9 and a restart on the same port: a request made meanwhile completes over TLS.
   * The restarted gateway ignores pings too, and on a loaded machine (the sanitizers, CI)
   * two seconds of silence could end the new connection before the answer came, so the
   * request would be sent twice: from here on the client pings rarely. */
  lcm_client_set_keepalive_interval (client, 60);
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_reconnecting, client, 120000));
  lcm_client_fetch_async (client, request, NULL, test_waiter_callback, &waiter);
  test_sim_restart (sim);
  list = lcm_client_fetch_finish (client, test_waiter_wait (&waiter, WAIT_MS), &error);
  test_waiter_clear (&waiter);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 1);
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
  g_test_add_func ("/lcm/tls/restart-and-dead-peer", test_restart_and_dead_peer);

  return g_test_run ();
}
