/* wrapup-test-sim.c: run a real lcm-sim process for end-to-end tests, read test data, and
 * wait for what an LcmClient does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "wrapup-test-sim.h"

const char *
test_sim_program_path (const char *env_name)
{
  const char *path = g_getenv (env_name);

  if (path == NULL || *path == '\0')
    g_error ("%s is not set: run the tests through meson", env_name);
  return path;
}

char *
test_read_sample (const char *name,
                  gsize      *length)
{
  g_autofree char *path = g_build_filename (test_sim_program_path ("LCM_TEST_DATA"), "samples",
                                            name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, &error))
    g_error ("cannot read the sample %s: %s", path, error->message);
  return contents;
}

char *
test_tls_path (const char *name)
{
  return g_build_filename (test_sim_program_path ("LCM_TEST_DATA"), "tls", name, NULL);
}

/* If the test dies on a failed assertion, its simulator must die too: an orphan would hold
 * the test's output open and meson would wait for the whole timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
test_subprocess_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

GSubprocess *
test_spawn_lcmctl (const char          *server_url,
                   const char * const  *args,
                   GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* A gateway set in the environment the tests run in must not answer in the simulator's
   * place. */
  if (server_url != NULL)
    g_subprocess_launcher_setenv (launcher, "WRAPUP_SERVER_URL", server_url, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "WRAPUP_SERVER_URL");
  g_ptr_array_add (argv, (gpointer) test_sim_program_path ("LCMCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static void
spawn (TestSim *sim,
       guint16  port)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_ptr_array_add (argv, g_strdup (test_sim_program_path ("LCM_SIM")));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", port));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (sim->db_path));
  if (sim->tls)
    {
      g_ptr_array_add (argv, g_strdup ("--tls-cert"));
      g_ptr_array_add (argv, test_tls_path ("gateway-cert.pem"));
      g_ptr_array_add (argv, g_strdup ("--tls-key"));
      g_ptr_array_add (argv, test_tls_path ("gateway-key.pem"));
    }
  for (guint i = 0; sim->extra_args != NULL && sim->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (sim->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = test_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* Under the sanitizers the UI tests unwind every allocation fully; the simulator does not
   * need that, and a 100,000-row journey would crawl. */
  if (g_getenv ("LCM_SIM_ASAN_OPTIONS") != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", g_getenv ("LCM_SIM_ASAN_OPTIONS"),
                                  TRUE);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    g_error ("lcm-sim exited before printing its URL");

  uri = g_uri_parse (line, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, sim->tls ? "wss" : "ws");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), >, 0);

  g_free (sim->url);
  sim->url = g_steal_pointer (&line);
  sim->port = g_uri_get_port (uri);
}

static TestSim *
start (const char * const *extra_args,
       gboolean            tls)
{
  TestSim *sim = g_new0 (TestSim, 1);
  g_autoptr(GError) error = NULL;

  sim->dir = g_dir_make_tmp ("wrapup-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim->db_path = g_build_filename (sim->dir, "sim.db", NULL);
  sim->extra_args = g_strdupv ((char **) extra_args);
  sim->tls = tls;
  spawn (sim, 0);
  return sim;
}

TestSim *
test_sim_start (const char * const *extra_args)
{
  return start (extra_args, FALSE);
}

TestSim *
test_sim_start_tls (const char * const *extra_args)
{
  return start (extra_args, TRUE);
}

void
test_sim_kill (TestSim *sim)
{
  g_autoptr(GError) error = NULL;

  if (sim->process == NULL)
    return;
  g_subprocess_send_signal (sim->process, SIGKILL);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&sim->process);
}

void
test_sim_restart (TestSim *sim)
{
  test_sim_kill (sim);
  spawn (sim, sim->port);
}

void
test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
test_sim_free (TestSim *sim)
{
  if (sim == NULL)
    return;
  if (sim->process != NULL)
    {
      /* SIGTERM first so the simulator can close its database cleanly. */
      g_subprocess_send_signal (sim->process, SIGTERM);
      g_subprocess_wait (sim->process, NULL, NULL);
      g_clear_object (&sim->process);
    }
  test_remove_dir (sim->dir);
  g_free (sim->dir);
  g_free (sim->db_path);
  g_free (sim->url);
  g_strfreev (sim->extra_args);
  g_free (sim);
}

sqlite3 *
test_sim_open_db (TestSim *sim)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (sim->db_path, &db, SQLITE_OPEN_READONLY, NULL);

  if (rc != SQLITE_OK)
    g_error ("cannot open %s: %s", sim->db_path, sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

void
test_file_exec (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);

  if (rc != SQLITE_OK)
    g_error ("cannot open %s: %s", path, sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("test statement %s failed: %s", sql, message);
  sqlite3_close (db);
}

gint64
test_file_query_int (const char *path,
                     const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);

  if (rc != SQLITE_OK)
    g_error ("cannot open %s: %s", path, sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bad test query %s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

void
test_sim_exec (TestSim    *sim,
               const char *sql)
{
  test_file_exec (sim->db_path, sql);
}

static sqlite3_stmt *
query (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bad test query %s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

gint64
test_sim_query_int (TestSim    *sim,
                    const char *sql)
{
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = query (db, sql);
  gint64 value = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
test_sim_query_text (TestSim    *sim,
                     const char *sql)
{
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = query (db, sql);
  char *value = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
test_sim_account_of_call (TestSim    *sim,
                          const char *callid)
{
  char *sql = sqlite3_mprintf ("SELECT k.account_number FROM calls c JOIN contacts k "
                               "ON k.contact_id = c.contact_id WHERE c.callid = %Q", callid);
  char *account = test_sim_query_text (sim, sql);

  sqlite3_free (sql);
  g_assert_nonnull (account);
  return account;
}

/* A timeout that sets the gboolean user_data. */
static gboolean
on_flag_timeout_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_flag_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

gboolean
test_wait_until (gboolean (*condition) (gpointer user_data),
                 gpointer   user_data,
                 guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_flag_timeout_cb, &timed_out);

  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

void
test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_flag_timeout_cb, &done);
  g_assert_true (test_wait_until (test_flag_is_set, &done, ms + 60000));
}

typedef struct
{
  TestSim    *sim;
  const char *sql;
  gint64      at_least;
} CountWait;

static gboolean
count_reached (gpointer user_data)
{
  CountWait *wait = user_data;

  return test_sim_query_int (wait->sim, wait->sql) >= wait->at_least;
}

static gboolean
on_poll_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
test_sim_wait_for_count (TestSim    *sim,
                         const char *sql,
                         gint64      at_least,
                         guint       timeout_ms)
{
  CountWait wait = { sim, sql, at_least };
  /* Wakes the loop up now and then to look again. */
  guint tick = g_timeout_add (5, on_poll_tick_cb, NULL);
  gboolean reached = test_wait_until (count_reached, &wait, timeout_ms);

  g_source_remove (tick);
  return reached;
}

/* Waiting for asynchronous calls */

void
test_waiter_callback (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ((TestWaiter *) user_data)->result = g_object_ref (result);
}

static gboolean
waiter_done (gpointer user_data)
{
  return ((TestWaiter *) user_data)->result != NULL;
}

GAsyncResult *
test_waiter_wait (TestWaiter *waiter,
                  guint       timeout_ms)
{
  /* A call that never completes is a failure, not a reason to hang until meson's timeout. */
  g_assert_true (test_wait_until (waiter_done, waiter, timeout_ms));
  return waiter->result;
}

void
test_waiter_clear (TestWaiter *waiter)
{
  g_clear_object (&waiter->result);
}

gboolean
test_client_connect_sync (LcmClient  *client,
                          guint       timeout_ms,
                          GError    **error)
{
  g_auto(TestWaiter) waiter = { NULL };

  lcm_client_connect_async (client, NULL, test_waiter_callback, &waiter);
  return lcm_client_connect_finish (client, test_waiter_wait (&waiter, timeout_ms), error);
}

JsonNode *
test_client_call_sync (LcmClient   *client,
                       LcmRequest  *request,
                       guint        timeout_ms,
                       GError     **error)
{
  g_auto(TestWaiter) waiter = { NULL };

  lcm_client_call_async (client, request, NULL, test_waiter_callback, &waiter);
  return lcm_client_call_finish (client, test_waiter_wait (&waiter, timeout_ms), error);
}

GListModel *
test_client_fetch_sync (LcmClient   *client,
                        LcmRequest  *request,
                        guint        timeout_ms,
                        GError     **error)
{
  g_auto(TestWaiter) waiter = { NULL };

  lcm_client_fetch_async (client, request, NULL, test_waiter_callback, &waiter);
  return lcm_client_fetch_finish (client, test_waiter_wait (&waiter, timeout_ms), error);
}

LcmClient *
test_connect_client (const char *url,
                     guint       request_timeout_ms,
                     guint       timeout_ms)
{
  g_autoptr(GError) error = NULL;
  LcmClient *client = lcm_client_new (url);

  if (request_timeout_ms > 0)
    lcm_client_set_request_timeout (client, request_timeout_ms);
  /* Connected means usable at once: a test's first request must not wait for a reconnection. */
  g_assert_true (test_client_connect_sync (client, timeout_ms, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);
  return client;
}

gboolean
test_client_is_connected (gpointer client)
{
  return lcm_client_get_state (client) == LCM_CLIENT_STATE_CONNECTED;
}

gboolean
test_client_is_not_connected (gpointer client)
{
  return lcm_client_get_state (client) != LCM_CLIENT_STATE_CONNECTED;
}

gboolean
test_client_is_reconnecting (gpointer client)
{
  return lcm_client_get_state (client) == LCM_CLIENT_STATE_RECONNECTING;
}

void
test_assert_url_rules (const TestUrlRule *rules,
                       gsize              n_rules)
{
  for (gsize i = 0; i < n_rules; i++)
    {
      g_autoptr(LcmClient) client = lcm_client_new (rules[i].url);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("%s, insecure %s", rules[i].url,
                      rules[i].allow_insecure ? "allowed" : "not allowed");
      lcm_client_set_allow_insecure (client, rules[i].allow_insecure);
      ok = lcm_client_start (client, &error);
      if (rules[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTING);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, LCM_CLIENT_ERROR, rules[i].code);
          g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_DISCONNECTED);
        }
      lcm_client_stop (client);
      g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_DISCONNECTED);
    }
}

JsonNode *
test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

JsonNode *
test_parse_sample (const char *name)
{
  g_autofree char *text = test_read_sample (name, NULL);

  return test_parse_json (text);
}

gint64
test_sim_query_intf (TestSim    *sim,
                     const char *format,
                     ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return test_sim_query_int (sim, sql);
}

char *
test_sim_query_textf (TestSim    *sim,
                      const char *format,
                      ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return test_sim_query_text (sim, sql);
}

LcmRequest *
test_journey_request (const char  *account,
                      guint        months,
                      GError     **error)
{
  g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();

  lcm_journey_query_set_account_number (query, account);
  lcm_journey_query_set_months (query, months);
  return lcm_request_new_journey (query, error);
}

void
test_assert_stop_fails_call (LcmClient  *client,
                             LcmRequest *request,
                             guint       wait_ms)
{
  TestWaiter waiter = { NULL };
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  lcm_client_call_async (client, request, NULL, test_waiter_callback, &waiter);
  lcm_client_stop (client);
  answer = lcm_client_call_finish (client, test_waiter_wait (&waiter, wait_ms), &error);
  test_waiter_clear (&waiter);
  g_assert_null (answer);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED);
}

void
test_record_items_changed (GListModel      *model,
                           guint            position,
                           guint            removed,
                           guint            added,
                           TestItemsChange *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}
