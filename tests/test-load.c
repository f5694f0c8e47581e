/* test-load.c: one lcm-sim serves 200 concurrent clients making 10,000 requests
 *
 * 200 LcmClient instances in this process, each with its own connection, keep up to five
 * requests in flight until each has made 50: every answer must be the right one, every write
 * must be stored once, and no connection may drop. Bounded, on loopback, and without any
 * assertion on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

#define N_CLIENTS           200
#define REQUESTS_PER_CLIENT 50
#define IN_FLIGHT           5
#define DEMO_ACCOUNT        "5|3|1|0|0|44|1"

/* The simulator, its log in a file: 10,000 request lines are not for the test log */

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *dir;
  char        *db_path;
  char        *log_path;
} LoadSim;

static LoadSim *
load_sim_start (void)
{
  LoadSim *sim = g_new0 (LoadSim, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;

  /* On tmpfs when there is one: 200 writes, each synced to disk, would make the test
   * about the disk. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    {
      sim->dir = g_build_filename ("/dev/shm", "wrapup-load-XXXXXX", NULL);
      g_assert_nonnull (g_mkdtemp (sim->dir));
    }
  else
    {
      sim->dir = g_dir_make_tmp ("wrapup-load-XXXXXX", &error);
      g_assert_no_error (error);
    }
  sim->db_path = g_build_filename (sim->dir, "sim.db", NULL);
  sim->log_path = g_build_filename (sim->dir, "sim.log", NULL);
  launcher = test_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, sim->log_path);
  sim->process = g_subprocess_launcher_spawn (launcher, &error,
                                              test_sim_program_path ("LCM_SIM"),
                                              "--port", "0", "--db", sim->db_path,
                                              "--journey-rows", "200", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sim->url);
  return sim;
}

/* Stops the simulator and returns its log. */
static char *
load_sim_stop (LoadSim *sim)
{
  g_autoptr(GError) error = NULL;
  char *log = NULL;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait_check (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&sim->process);
  g_assert_true (g_file_get_contents (sim->log_path, &log, NULL, &error));
  g_assert_no_error (error);
  return log;
}

static void
load_sim_free (LoadSim *sim)
{
  if (sim->process != NULL)
    {
      g_subprocess_force_exit (sim->process);
      g_subprocess_wait (sim->process, NULL, NULL);
      g_clear_object (&sim->process);
    }
  test_remove_dir (sim->dir);
  g_free (sim->dir);
  g_free (sim->db_path);
  g_free (sim->log_path);
  g_free (sim->url);
  g_free (sim);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadSim, load_sim_free)

static gint64
sim_query_int (LoadSim    *sim,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  g_assert_cmpint (sqlite3_open_v2 (sim->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The clients */

typedef enum
{
  KIND_TELEPHONY,
  KIND_MODES,
  KIND_OUTCOMES,
  KIND_JOURNEY,
  KIND_WRITE,
  N_KINDS
} Kind;

typedef struct
{
  gint64 telephony;   /* rows of each read, from the database */
  gint64 modes;
  gint64 outcomes;
  gint64 journey;
  char  *write_account;
} Expected;

typedef struct _Load Load;

typedef struct
{
  Load      *load;
  guint      number;
  LcmClient *client;
  gboolean   connected;
  guint      sent;       /* requests made */
  guint      answered;
  guint      in_flight;
} Client;

struct _Load
{
  Expected  expected;
  Client    clients[N_CLIENTS];
  guint     n_connected;
  guint     n_answered;
  guint     n_failed;
  guint     n_state_changes;
};

typedef struct
{
  Client *client;
  Kind    kind;
} Call;

static void send_next (Client *client);

static void
check_answer (Call     *call,
              JsonNode *answer)
{
  Expected *expected = &call->client->load->expected;
  gint64 rows;

  if (call->kind == KIND_WRITE)
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
      g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "success"));
      return;
    }
  g_assert_true (JSON_NODE_HOLDS_ARRAY (answer));
  rows = json_array_get_length (json_node_get_array (answer));
  switch (call->kind)
    {
    case KIND_TELEPHONY:
      g_assert_cmpint (rows, ==, expected->telephony);
      break;
    case KIND_MODES:
      g_assert_cmpint (rows, ==, expected->modes);
      break;
    case KIND_OUTCOMES:
      g_assert_cmpint (rows, ==, expected->outcomes);
      break;
    case KIND_JOURNEY:
      /* The writes add rows to another account's journey, never to this one. */
      g_assert_cmpint (rows, ==, expected->journey);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_answer_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  Client *client = call->client;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = lcm_client_call_finish (LCM_CLIENT (source_object), result,
                                                       &error);

  if (error != NULL)
    {
      g_test_message ("client %u: %s", client->number, error->message);
      client->load->n_failed++;
    }
  else
    check_answer (call, answer);
  client->in_flight--;
  client->answered++;
  client->load->n_answered++;
  g_free (call);
  send_next (client);
}

static LcmRequest *
make_request (Client *client,
              Kind    kind)
{
  g_autoptr(GError) error = NULL;
  LcmRequest *request = NULL;

  switch (kind)
    {
    case KIND_TELEPHONY:
      request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
      break;
    case KIND_MODES:
      request = lcm_request_new_callback_modes ("12345", DEMO_ACCOUNT, &error);
      break;
    case KIND_OUTCOMES:
      request = lcm_request_new_business_outcomes ("12345", LCM_CALL_TYPE_OUTBOUND, &error);
      break;
    case KIND_JOURNEY:
      {
        g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();

        lcm_journey_query_set_account_number (query, "18|1|2|0|0|44|274");
        lcm_journey_query_set_months (query, 12);
        request = lcm_request_new_journey (query, &error);
      }
      break;
    case KIND_WRITE:
      {
        g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
        g_autofree char *tag = g_strdup_printf ("load client %u", client->number);

        lcm_disposition_set_call_id (disposition, "1001");
        lcm_disposition_set_account_number (disposition,
                                            client->load->expected.write_account);
        lcm_disposition_set_user_id (disposition, "testagent");
        lcm_disposition_set_telephony_outcome (disposition, 8);
        lcm_disposition_set_business_outcome (disposition, LCM_NONE);
        lcm_disposition_set_comments (disposition, tag);
        request = lcm_request_new_disposition (disposition, NULL, &error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
  return request;
}

/* The reads, in turn: small answers mostly (under the sanitizers, parsing is what costs),
 * every kind. */
static const Kind reads[] = {
  KIND_MODES, KIND_OUTCOMES, KIND_JOURNEY, KIND_MODES, KIND_OUTCOMES, KIND_JOURNEY,
  KIND_MODES, KIND_OUTCOMES, KIND_JOURNEY, KIND_TELEPHONY,
};

/* Keeps IN_FLIGHT requests going until the client has made its share. One write each, the
 * rest reads of every kind. */
static void
send_next (Client *client)
{
  while (client->in_flight < IN_FLIGHT && client->sent < REQUESTS_PER_CLIENT)
    {
      g_autoptr(LcmRequest) request = NULL;
      Call *call = g_new0 (Call, 1);

      call->client = client;
      call->kind = client->sent == REQUESTS_PER_CLIENT / 2
                     ? KIND_WRITE
                     : reads[(client->sent + client->number) % G_N_ELEMENTS (reads)];
      request = make_request (client, call->kind);
      client->sent++;
      client->in_flight++;
      lcm_client_call_async (client->client, request, NULL, on_answer_cb, call);
    }
}

static void
on_connected_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  client->connected = lcm_client_connect_finish (LCM_CLIENT (source_object), result, &error);
  if (error != NULL)
    g_test_message ("client %u cannot connect: %s", client->number, error->message);
  g_assert_no_error (error);
  client->load->n_connected++;
}

static void
on_state_changed_cb (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  Load *load = user_data;

  load->n_state_changes++;
}

static gboolean
all_connected (gpointer user_data)
{
  Load *load = user_data;

  return load->n_connected == N_CLIENTS;
}

static gboolean
all_answered (gpointer user_data)
{
  Load *load = user_data;

  return load->n_answered == N_CLIENTS * REQUESTS_PER_CLIENT;
}

static void
test_two_hundred_clients (void)
{
  g_autoptr(LoadSim) sim = load_sim_start ();
  g_autofree Load *load = g_new0 (Load, 1);
  g_autofree char *log = NULL;
  g_auto(GStrv) log_lines = NULL;
  guint n_connected_lines = 0;

  load->expected.telephony = sim_query_int (sim, "SELECT count(*) FROM telephony_outcomes");
  load->expected.modes = sim_query_int (sim, "SELECT count(*) FROM callback_modes m "
                                             "JOIN calls k USING (contact_id) "
                                             "WHERE k.callid = '12345'");
  load->expected.outcomes = sim_query_int (sim, "SELECT count(*) FROM business_outcomes "
                                                "WHERE outcome_group = 'OUTBOUND' AND "
                                                "campaign_id = (SELECT campaign_id FROM calls "
                                                "WHERE callid = '12345')");
  load->expected.journey = sim_query_int (sim, "SELECT count(*) FROM journey "
                                               "WHERE account_number = '18|1|2|0|0|44|274'");
  load->expected.write_account = g_strdup ("2|3|3|0|0|44|1");
  g_assert_cmpint (load->expected.telephony, ==, 49);
  g_assert_cmpint (load->expected.modes, >, 0);
  g_assert_cmpint (load->expected.outcomes, >, 0);
  g_assert_cmpint (load->expected.journey, >, 0);

  /* Every client connects at once. */
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      Client *client = &load->clients[i];

      client->load = load;
      client->number = i;
      client->client = lcm_client_new (sim->url);
      /* Bounds for a slow machine (sanitizers), not expectations. */
      lcm_client_set_request_timeout (client->client, 300000);
      lcm_client_set_keepalive_interval (client->client, 0);
      lcm_client_connect_async (client->client, NULL, on_connected_cb, client);
    }
  g_assert_true (test_wait_until (all_connected, load, 300000));
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_assert_true (load->clients[i].connected);
      g_signal_connect (load->clients[i].client, "notify::state",
                        G_CALLBACK (on_state_changed_cb), load);
    }

  /* Then all of them make their requests together. */
  for (guint i = 0; i < N_CLIENTS; i++)
    send_next (&load->clients[i]);
  g_assert_true (test_wait_until (all_answered, load, 1000000));

  g_assert_cmpuint (load->n_failed, ==, 0);
  g_assert_cmpuint (load->n_state_changes, ==, 0);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      Client *client = &load->clients[i];

      g_assert_cmpuint (client->answered, ==, REQUESTS_PER_CLIENT);
      g_assert_cmpuint (lcm_client_get_n_pending (client->client), ==, 0);
      g_assert_cmpint (lcm_client_get_state (client->client), ==, LCM_CLIENT_STATE_CONNECTED);
    }

  /* Each request reached the gateway once, each client on its one connection, and each
   * write was stored once. */
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==,
                   N_CLIENTS * REQUESTS_PER_CLIENT);
  g_assert_cmpint (sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM wire_log"),
                   ==, N_CLIENTS);
  g_assert_cmpint (sim_query_int (sim, "SELECT max(n) FROM (SELECT count(*) AS n FROM "
                                       "wire_log GROUP BY connection_id)"), ==,
                   REQUESTS_PER_CLIENT);
  g_assert_cmpint (sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, N_CLIENTS);
  g_assert_cmpint (sim_query_int (sim, "SELECT count(DISTINCT comments) FROM dispositions"),
                   ==, N_CLIENTS);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_signal_handlers_disconnect_by_data (load->clients[i].client, load);
      g_assert_finalize_object (load->clients[i].client);
    }
  g_free (load->expected.write_account);

  /* The gateway logged no failure of its own. */
  log = load_sim_stop (sim);
  log_lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; log_lines[i] != NULL; i++)
    {
      if (g_str_has_suffix (log_lines[i], ": connected"))
        n_connected_lines++;
      if (strstr (log_lines[i], "cannot") != NULL || strstr (log_lines[i], "WS_Error") != NULL)
        g_test_message ("%s", log_lines[i]);
      g_assert_null (strstr (log_lines[i], "cannot"));
      g_assert_null (strstr (log_lines[i], "WS_Error"));
    }
  g_assert_cmpuint (n_connected_lines, ==, N_CLIENTS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/load/two-hundred-clients", test_two_hundred_clients);

  return g_test_run ();
}
