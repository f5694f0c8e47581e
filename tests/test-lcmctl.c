/* test-lcmctl.c: lcmctl end to end, against a real lcm-sim
 *
 * Every test runs the built lcmctl as a subprocess and checks its exit status and output
 * against what the simulator's database holds, and what reached the simulator (wire_log,
 * dispositions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "wrapup-test-sim.h"

/* The simulators this test runs. A failed assertion aborts the test without cleaning up,
 * and a simulator left running would keep the test's output open until meson's timeout:
 * on SIGABRT they are killed first. */
#define MAX_SIMS 4
static volatile sig_atomic_t sim_pids[MAX_SIMS];

static void
on_abort (int signum)
{
  for (guint i = 0; i < MAX_SIMS; i++)
    if (sim_pids[i] > 0)
      kill ((pid_t) sim_pids[i], SIGKILL);
  signal (signum, SIG_DFL);
  raise (signum);
}

static TestSim *
track_sim (TestSim *sim)
{
  gint64 pid = g_ascii_strtoll (g_subprocess_get_identifier (sim->process), NULL, 10);

  g_assert_cmpint (pid, >, 0);
  for (guint i = 0; i < MAX_SIMS; i++)
    if (sim_pids[i] == 0)
      {
        sim_pids[i] = (sig_atomic_t) pid;
        return sim;
      }
  g_assert_not_reached ();
}

static TestSim *
start_sim (const char * const *extra_args)
{
  return track_sim (test_sim_start (extra_args));
}

static void
stop_sim (TestSim *sim)
{
  gint64 pid = g_ascii_strtoll (g_subprocess_get_identifier (sim->process), NULL, 10);

  for (guint i = 0; i < MAX_SIMS; i++)
    if (sim_pids[i] == pid)
      sim_pids[i] = 0;
  test_sim_free (sim);
}

typedef TestSim TestSimStarted;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestSimStarted, stop_sim)

/* One simulator for the tests that need no special options. */
static TestSim *shared_sim;

static TestSim *
get_shared_sim (void)
{
  if (shared_sim == NULL)
    shared_sim = start_sim (NULL);
  return shared_sim;
}

/* ------------------------------------------------------------------------------------------
 * Running lcmctl
 */

typedef struct
{
  int     status;
  char   *out;
  char   *err;
  GStrv   lines;    /* out, split at line ends, without the empty last piece */
  gint64  elapsed_ms;
} Run;

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_strfreev (run->lines);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* Waits for a started lcmctl (started at the monotonic time start) to end, and takes its
 * output. */
static Run *
run_wait (GSubprocess *process,
          gint64       start)
{
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  gsize n;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  run->elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  /* A crash, an abort or a sanitizer report is never an answer. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("lcmctl died of a signal; stderr:\n%s", run->err);
  run->status = g_subprocess_get_exit_status (process);
  g_assert_null (strstr (run->err, "ERROR: AddressSanitizer"));
  g_assert_null (strstr (run->err, "runtime error:"));

  run->lines = g_strsplit (run->out, "\n", -1);
  n = g_strv_length (run->lines);
  if (n > 0 && run->lines[n - 1][0] == '\0')
    g_clear_pointer (&run->lines[n - 1], g_free);

  if (g_test_verbose ())
    g_test_message ("lcmctl exited %d in %" G_GINT64_FORMAT " ms; stderr: %s", run->status,
                    run->elapsed_ms, run->err);
  return run;
}

/* Runs lcmctl with argv (NULL-terminated), WRAPUP_SERVER_URL set to env_url or unset. */
static Run *
run_lcmctlv (const char          *env_url,
             const char * const  *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  process = test_spawn_lcmctl (env_url, args, &error);
  g_assert_no_error (error);
  return run_wait (process, start);
}

/* The same, WRAPUP_SERVER_URL unset, in the folder cwd (NULL: the test's), with the
 * variables of env ("NAME", "VALUE", …, NULL; may be NULL) set too. */
static Run *
run_lcmctl_in (const char         *cwd,
               const char * const *env,
               const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_launcher_unsetenv (launcher, "WRAPUP_SERVER_URL");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_ptr_array_add (argv, (gpointer) test_sim_program_path ("LCMCTL"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return run_wait (process, start);
}

/* Runs lcmctl with arguments (NULL-terminated), WRAPUP_SERVER_URL unset. */
static Run *
run_lcmctl (const char *first,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return run_lcmctlv (NULL, (const char * const *) args->pdata);
}

static void
assert_success (Run *run)
{
  if (run->status != 0)
    g_error ("lcmctl exited %d; stderr:\n%s", run->status, run->err);
  g_assert_cmpstr (run->err, ==, "");
}

/* Exit status 2 with a message, and nothing on stdout. */
static void
assert_usage_error (Run *run)
{
  if (run->status != 2)
    g_error ("lcmctl exited %d, not 2; stdout:\n%s\nstderr:\n%s", run->status, run->out,
             run->err);
  g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
  g_assert_cmpstr (run->out, ==, "");
}

static guint
n_lines (Run *run)
{
  return g_strv_length (run->lines);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
json_array_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

/* A member as text, whether the gateway sent a string or a number. */
static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

/* ------------------------------------------------------------------------------------------
 * Reading the simulator's database
 */

static gint64
wire_count (TestSim *sim)
{
  return test_sim_query_int (sim, "SELECT count(*) FROM wire_log");
}

static gint64
dispositions_count (TestSim *sim)
{
  return test_sim_query_int (sim, "SELECT count(*) FROM dispositions");
}

/* SQL with sqlite3's %Q quoting (not printf's, hence no format attribute), as a GLib
 * string. */
static char *
sql_printf (const char *format,
            ...);

static char *
sql_printf (const char *format,
            ...)
{
  char *sql;
  char *copy;
  va_list ap;

  va_start (ap, format);
  sql = sqlite3_vmprintf (format, ap);
  va_end (ap);
  g_assert_nonnull (sql);
  copy = g_strdup (sql);
  sqlite3_free (sql);
  return copy;
}

#define query_textf(sim, ...) query_text_take ((sim), sql_printf (__VA_ARGS__))
#define query_intf(sim, ...)  query_int_take ((sim), sql_printf (__VA_ARGS__))

static char *
query_text_take (TestSim *sim,
                 char    *sql)
{
  char *value = test_sim_query_text (sim, sql);

  g_free (sql);
  return value;
}

static gint64
query_int_take (TestSim *sim,
                char    *sql)
{
  gint64 value = test_sim_query_int (sim, sql);

  g_free (sql);
  return value;
}

/* All rows of a query, each a GStrv of its columns as text (NULL columns as ""). */
#define query_rows(sim, ...) query_rows_take ((sim), sql_printf (__VA_ARGS__))

static GPtrArray *
query_rows_take (TestSim *sim,
                 char    *sql)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bad test query %s: %s", sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      char **row = g_new0 (char *, n + 1);

      for (int i = 0; i < n; i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          row[i] = g_strdup (text != NULL ? text : "");
        }
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_free (sql);
  return rows;
}

#define ROW(rows, i) ((char **) g_ptr_array_index ((rows), (i)))

static char *
local_day (int offset_days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, offset_days);

  return g_date_time_format (day, "%d/%m/%Y");
}

/* The sockets that keep free_port_url()'s ports from being given to anyone else. */
static GPtrArray *held_ports;

static char *
free_port_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  /* Bound but never listening: nothing accepts on this port, and it stays bound for the
   * rest of the test program, so that no other program (a simulator of a test running
   * beside this one) can be given it meanwhile. */
  if (held_ports == NULL)
    held_ports = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (held_ports, g_steal_pointer (&socket));
  return g_strdup_printf ("ws://127.0.0.1:%u/lcm", port);
}

/* The line of a table whose first cell is text, or -1. */
static int
find_row (Run        *run,
          const char *first_cell)
{
  for (guint i = 2; run->lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (run->lines[i]));
      g_auto(GStrv) cells = g_strsplit (line, " ", 2);

      if (g_strcmp0 (cells[0], first_cell) == 0)
        return (int) i;
    }
  return -1;
}

static void
assert_table_header (Run        *run,
                     const char *first_column)
{
  g_assert_cmpuint (n_lines (run), >=, 2);
  g_assert_nonnull (strstr (run->lines[0], first_column));
  g_assert_true (g_str_has_prefix (run->lines[1], "---"));
}

/* ------------------------------------------------------------------------------------------
 * Usage
 */

static const char * const command_names[] = {
  "business-outcomes", "telephony-outcomes", "callback-modes", "set-telephony-outcome",
  "set-outcomes", "set-business-outcome", "callbacks", "journey",
};

static void
test_usage_help (void)
{
  g_autoptr(Run) run = run_lcmctl ("--help", NULL);

  assert_success (run);
  g_assert_nonnull (strstr (run->out, "--url"));
  g_assert_nonnull (strstr (run->out, "--token-file"));
  g_assert_nonnull (strstr (run->out, "--timeout"));
  g_assert_nonnull (strstr (run->out, "--json"));
  g_assert_nonnull (strstr (run->out, "WRAPUP_SERVER_URL"));
  for (guint i = 0; i < G_N_ELEMENTS (command_names); i++)
    g_assert_nonnull (strstr (run->out, command_names[i]));
}

static void
test_usage_command_help (void)
{
  static const struct
  {
    const char *command;
    const char *options[8];
  } cases[] = {
    { "business-outcomes", { "--callid", "--type", NULL } },
    { "telephony-outcomes", { "--account", NULL } },
    { "callback-modes", { "--callid", "--account", NULL } },
    { "set-telephony-outcome", { "--callid", "--account", "--outcome", "--user", "--comments",
                                 "--lead-score", "--target-amount", NULL } },
    { "set-outcomes", { "--business-outcome", "--outcome", "--user", NULL } },
    { "set-business-outcome", { "--start", "--end", "--mode", "--business-outcome", NULL } },
    { "callbacks", { "--user", "--from", "--to", NULL } },
    { "journey", { "--account", "--contact", "--callid", "--campaign", "--channel",
                   "--months", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = run_lcmctl (cases[i].command, "--help", NULL);

      assert_success (run);
      g_assert_nonnull (strstr (run->out, cases[i].command));
      for (guint j = 0; cases[i].options[j] != NULL; j++)
        g_assert_nonnull (strstr (run->out, cases[i].options[j]));
    }
}

static void
test_usage_errors (void)
{
  static const char * const cases[][6] = {
    { NULL },                                           /* no command */
    { "dance", NULL },                                  /* unknown command */
    { "--frobnicate", "journey", NULL },                /* unknown global option */
    { "journey", "--frobnicate", "x", NULL },           /* unknown command option */
    { "telephony-outcomes", "--account", "5|3|1|0|0|44|1", "stray", NULL },
    { "telephony-outcomes", "--user", "agent1", NULL }, /* option of another command */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) run = run_lcmctlv (NULL, cases[i]);

      assert_usage_error (run);
    }
}

static void
test_usage_no_url (void)
{
  g_autoptr(Run) run = run_lcmctl ("telephony-outcomes", "--account", "5|3|1|0|0|44|1", NULL);

  assert_usage_error (run);
  g_assert_nonnull (strstr (run->err, "WRAPUP_SERVER_URL"));
}

static void
test_usage_bad_url (void)
{
  static const char * const urls[] = {
    "http://127.0.0.1:1/lcm",   /* not a WebSocket URL */
    "not a url",
    "ws://gateway.example.com/lcm", /* unencrypted to a host that is not loopback */
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(Run) run = run_lcmctl ("--url", urls[i], "telephony-outcomes", "--account",
                                       "5|3|1|0|0|44|1", NULL);

      assert_usage_error (run);
    }
}

/* ------------------------------------------------------------------------------------------
 * Reads
 */

static void
check_business_outcomes (TestSim    *sim,
                         const char *type,
                         const char *callid)
{
  g_autofree char *group = g_ascii_strup (type, -1);
  /* A known call gets its campaign's outcomes; an empty call id every campaign's. */
  g_autoptr(GPtrArray) rows = query_rows (sim, "SELECT outcome_id, parent_id, description, "
                                          "campaign_id, lead_score FROM business_outcomes "
                                          "WHERE outcome_group = %Q AND (%Q = '' OR campaign_id "
                                          "= (SELECT campaign_id FROM calls WHERE callid = %Q)) "
                                          "ORDER BY position", group, callid, callid);
  g_autoptr(GHashTable) offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) line_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json_run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  const char *header_outcome;
  gsize base;

  g_assert_cmpuint (rows->len, >, 0);

  run = run_lcmctl ("--url", sim->url, "business-outcomes", "--callid", callid,
                    "--type", type, NULL);
  assert_success (run);
  assert_table_header (run, "ID");
  g_assert_cmpuint (n_lines (run), ==, rows->len + 2);

  header_outcome = strstr (run->lines[0], "Outcome");
  g_assert_nonnull (header_outcome);
  base = header_outcome - run->lines[0];

  /* Parents come before their children (the db lists them in pre-order), so each row's
   * parent has been seen when the row is checked. */
  for (guint i = 0; i < rows->len; i++)
    {
      const char *id = ROW (rows, i)[0];
      const char *parent = ROW (rows, i)[1];
      const char *description = ROW (rows, i)[2];
      int line = find_row (run, id);
      const char *found;
      gsize offset;

      if (line < 0)
        g_error ("outcome %s is not in the output:\n%s", id, run->out);
      found = strstr (run->lines[line] + strlen (id) + 1, description);
      g_assert_nonnull (found);
      offset = found - run->lines[line];

      if (g_hash_table_contains (offsets, parent))
        {
          /* A child: indented one level under its parent, and after it. */
          g_assert_cmpuint (offset, ==,
                            GPOINTER_TO_SIZE (g_hash_table_lookup (offsets, parent)) + 2);
          g_assert_cmpint (line, >, GPOINTER_TO_INT (g_hash_table_lookup (line_of, parent)));
        }
      else
        g_assert_cmpuint (offset, ==, base);

      g_hash_table_insert (offsets, g_strdup (id), GSIZE_TO_POINTER (offset));
      g_hash_table_insert (line_of, g_strdup (id), GINT_TO_POINTER (line));
    }

  /* --json: the gateway's response, as it sent it. */
  json_run = run_lcmctl ("--url", sim->url, "--json", "business-outcomes", "--callid", callid,
                         "--type", type, NULL);
  assert_success (json_run);
  root = parse_json (json_run->out);
  array = json_array_of (root);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *id = member_text (object, "OutComeID");
      g_autofree char *parent = member_text (object, "ParentID");
      g_autofree char *campaign = member_text (object, "CampaignID");

      g_assert_cmpstr (id, ==, ROW (rows, i)[0]);
      g_assert_cmpstr (parent, ==, ROW (rows, i)[1]);
      g_assert_cmpstr (json_object_get_string_member (object, "Description"), ==,
                       ROW (rows, i)[2]);
      g_assert_cmpstr (campaign, ==, ROW (rows, i)[3]);
    }
}

static void
test_reads_business_outcomes (void)
{
  TestSim *sim = get_shared_sim ();

  /* A manual call before the dialer has given it an id: an empty callid is valid here. */
  check_business_outcomes (sim, "MANUAL", "");
  check_business_outcomes (sim, "inbound", "1002");
  check_business_outcomes (sim, "OUTBOUND", "12345");
}

static void
test_reads_telephony_outcomes (void)
{
  TestSim *sim = get_shared_sim ();
  g_autoptr(GPtrArray) rows = query_rows (sim, "SELECT outcome_id, description FROM "
                                          "telephony_outcomes ORDER BY position");
  g_autofree char *account = test_sim_account_of_call (sim, "12345");
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json_run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_assert_cmpuint (rows->len, >, 0);

  run = run_lcmctl ("--url", sim->url, "telephony-outcomes", "--account", account, NULL);
  assert_success (run);
  assert_table_header (run, "ID");
  g_assert_cmpuint (n_lines (run), ==, rows->len + 2);
  /* In the gateway's order. */
  for (guint i = 0; i < rows->len; i++)
    {
      const char *line = run->lines[i + 2];
      g_autofree char *stripped = g_strstrip (g_strdup (line));

      g_assert_true (g_str_has_prefix (stripped, ROW (rows, i)[0]));
      g_assert_true (g_str_has_suffix (line, ROW (rows, i)[1]));
    }

  json_run = run_lcmctl ("--url", sim->url, "telephony-outcomes", "--account", account,
                         "--json", NULL);
  assert_success (json_run);
  root = parse_json (json_run->out);
  array = json_array_of (root);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *id = member_text (object, "OutComeID");

      g_assert_cmpstr (id, ==, ROW (rows, i)[0]);
      g_assert_cmpstr (json_object_get_string_member (object, "Description"), ==,
                       ROW (rows, i)[1]);
    }
}

static void
test_reads_callback_modes (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "12345");
  g_autoptr(GPtrArray) rows = query_rows (sim, "SELECT m.mode_id, m.description, m.cvalue "
                                          "FROM callback_modes m JOIN contacts c "
                                          "ON c.contact_id = m.contact_id "
                                          "WHERE c.account_number = %Q ORDER BY m.mode_id",
                                          account);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json_run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_assert_cmpuint (rows->len, >, 1);

  run = run_lcmctl ("--url", sim->url, "callback-modes", "--callid", "12345",
                    "--account", account, NULL);
  assert_success (run);
  assert_table_header (run, "Mode");
  g_assert_cmpuint (n_lines (run), ==, rows->len + 2);
  for (guint i = 0; i < rows->len; i++)
    {
      int line = find_row (run, ROW (rows, i)[0]);

      g_assert_cmpint (line, >=, 2);
      g_assert_nonnull (strstr (run->lines[line], ROW (rows, i)[1]));
      g_assert_nonnull (strstr (run->lines[line], ROW (rows, i)[2]));
    }

  json_run = run_lcmctl ("--url", sim->url, "--json", "callback-modes", "--callid", "12345",
                         "--account", account, NULL);
  assert_success (json_run);
  root = parse_json (json_run->out);
  array = json_array_of (root);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *mode = member_text (object, "ModeID");

      g_assert_cmpstr (mode, ==, ROW (rows, i)[0]);
      g_assert_cmpstr (json_object_get_string_member (object, "Cvalue"), ==, ROW (rows, i)[2]);
    }
}

static void
check_callbacks (TestSim    *sim,
                 const char *user,
                 const char *from,   /* DD/MM/YYYY or NULL */
                 const char *to)
{
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json_run = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  /* start_day is YYYY-MM-DD. */
  if (from != NULL)
    from_day = g_strdup_printf ("%.4s-%.2s-%.2s", from + 6, from + 3, from);
  if (to != NULL)
    to_day = g_strdup_printf ("%.4s-%.2s-%.2s", to + 6, to + 3, to);
  rows = query_rows (sim, "SELECT cvalue, mode_description, start_date, start_time, "
                     "contact_id FROM personal_callbacks WHERE user_id = %Q "
                     "AND (%Q IS NULL OR start_day >= %Q) AND (%Q IS NULL OR start_day <= %Q) "
                     "ORDER BY start_day, start_time, id",
                     user, from_day, from_day, to_day, to_day);
  g_assert_cmpuint (rows->len, >, 0);

  g_ptr_array_add (args, (gpointer) "--url");
  g_ptr_array_add (args, sim->url);
  g_ptr_array_add (args, (gpointer) "callbacks");
  g_ptr_array_add (args, (gpointer) "--user");
  g_ptr_array_add (args, (gpointer) user);
  if (from != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--from");
      g_ptr_array_add (args, (gpointer) from);
    }
  if (to != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--to");
      g_ptr_array_add (args, (gpointer) to);
    }
  g_ptr_array_add (args, NULL);

  run = run_lcmctlv (NULL, (const char * const *) args->pdata);
  assert_success (run);
  assert_table_header (run, "#");
  g_assert_cmpuint (n_lines (run), ==, rows->len + 2);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *line = run->lines[i + 2];
      g_autofree char *start = g_strdup_printf ("%s %s", ROW (rows, i)[2], ROW (rows, i)[3]);

      g_assert_nonnull (strstr (line, ROW (rows, i)[0]));
      g_assert_nonnull (strstr (line, ROW (rows, i)[1]));
      g_assert_nonnull (strstr (line, start));
    }

  /* The same again as JSON. */
  g_ptr_array_insert (args, 0, (gpointer) "--json");
  json_run = run_lcmctlv (NULL, (const char * const *) args->pdata);
  assert_success (json_run);
  root = parse_json (json_run->out);
  array = json_array_of (root);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *contact = member_text (object, "ContactID");

      g_assert_cmpstr (json_object_get_string_member (object, "CValue"), ==, ROW (rows, i)[0]);
      g_assert_cmpstr (json_object_get_string_member (object, "CallStartDate"), ==,
                       ROW (rows, i)[2]);
      g_assert_cmpstr (contact, ==, ROW (rows, i)[4]);
    }
}

static void
test_reads_callbacks (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *today = local_day (0);
  g_autofree char *next_week = local_day (7);

  check_callbacks (sim, "testagent", NULL, NULL);
  check_callbacks (sim, "testagent", today, next_week);
  check_callbacks (sim, "agent1", today, NULL);
}

/* "DD/MM/YYYY HH:MM" at the start of a line, as YYYYMMDDHHMM, to compare. */
static char *
sortable_date (const char *line)
{
  g_assert_cmpuint (strlen (line), >=, 16);
  g_assert_true (line[2] == '/' && line[5] == '/' && line[10] == ' ' && line[13] == ':');
  return g_strdup_printf ("%.4s%.2s%.2s%.2s%.2s", line + 6, line + 3, line, line + 11,
                          line + 14);
}

/* Checks a journey table against the db rows that match where (an SQL condition). */
static void
check_journey (TestSim            *sim,
               const char         *where,
               const char * const *args)
{
  g_autoptr(GPtrArray) rows = query_rows (sim, "SELECT completed_at, campaign_name, mode, "
                                          "contact_value, outcome, agent_name, "
                                          "previous_lead_score, current_lead_score, "
                                          "call_type, channel_type FROM journey WHERE %s "
                                          "ORDER BY completed_at DESC, id DESC", where);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json_run = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) newest = NULL;
  g_autofree char *newest_text = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *previous = NULL;
  const char *first;
  JsonArray *array;

  g_assert_cmpuint (rows->len, >, 0);

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  run = run_lcmctlv (NULL, (const char * const *) argv->pdata);
  assert_success (run);
  assert_table_header (run, "Date");
  g_assert_cmpuint (n_lines (run), ==, rows->len + 2);

  /* Newest first. */
  for (guint i = 2; run->lines[i] != NULL; i++)
    {
      g_autofree char *date = sortable_date (run->lines[i]);

      if (previous != NULL)
        g_assert_cmpstr (date, <=, previous);
      g_free (previous);
      previous = g_steal_pointer (&date);
    }

  /* The newest interaction, cell by cell. */
  newest = g_date_time_new_from_unix_local (g_ascii_strtoll (ROW (rows, 0)[0], NULL, 10));
  newest_text = g_date_time_format (newest, "%d/%m/%Y %H:%M");
  first = run->lines[2];
  lead = g_strdup_printf ("%s -> %s", ROW (rows, 0)[6], ROW (rows, 0)[7]);
  g_assert_true (g_str_has_prefix (first, newest_text));
  for (guint c = 1; c <= 5; c++)
    if (ROW (rows, 0)[c][0] != '\0')
      g_assert_nonnull (strstr (first, ROW (rows, 0)[c]));
  g_assert_nonnull (strstr (first, lead));
  g_assert_true (g_str_has_suffix (first, ROW (rows, 0)[8]));

  /* Every row shows its channel by name. */
  for (guint i = 0; i < rows->len; i++)
    {
      const char *channel = g_str_equal (ROW (rows, i)[9], "1") ? "SMS"
                            : g_str_equal (ROW (rows, i)[9], "2") ? "Voice" : "Email";

      /* Dates are 16 columns wide; the channel follows after two blanks. */
      g_assert_true (g_str_has_prefix (run->lines[i + 2] + 18, channel));
    }

  /* And as JSON, the gateway's own rows. */
  g_ptr_array_insert (argv, 0, (gpointer) "--json");
  json_run = run_lcmctlv (NULL, (const char * const *) argv->pdata);
  assert_success (json_run);
  root = parse_json (json_run->out);
  array = json_array_of (root);
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  {
    JsonObject *object = json_array_get_object_element (array, 0);
    g_autofree char *current = member_text (object, "CurrentLeadScore");

    g_assert_cmpstr (json_object_get_string_member (object, "AgentName"), ==, ROW (rows, 0)[5]);
    g_assert_cmpstr (json_object_get_string_member (object, "ContactValue"), ==,
                     ROW (rows, 0)[3]);
    g_assert_cmpstr (current, ==, ROW (rows, 0)[7]);
  }
}

static void
test_reads_journey (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "12345");
  g_autofree char *by_account = sql_printf ("account_number = %Q", account);
  g_autofree char *sms = sql_printf ("account_number = %Q AND channel_type = 1", account);
  g_autofree char *campaign = query_textf (sim, "SELECT campaign_name FROM journey WHERE "
                                           "account_number = %Q GROUP BY campaign_name "
                                           "ORDER BY count(*) DESC LIMIT 1", account);
  g_autofree char *by_campaign = sql_printf ("account_number = %Q AND campaign_name = %Q",
                                             account, campaign);
  /* A number shared by two accounts: by number alone, both accounts' interactions. */
  g_autofree char *number = query_textf (sim, "SELECT contact_value FROM journey "
                                         "WHERE channel_type = 2 GROUP BY contact_value "
                                         "HAVING count(DISTINCT account_number) > 1 "
                                         "ORDER BY count(*) DESC LIMIT 1");
  g_autofree char *by_number = NULL;

  /* Every seeded interaction lies within the last twelve months. */
  {
    const char *args[] = { "--url", sim->url, "journey", "--account", account,
                           "--months", "12", NULL };

    check_journey (sim, by_account, args);
  }
  {
    const char *args[] = { "--url", sim->url, "journey", "--account", account,
                           "--months", "12", "--channel", "sms", NULL };

    check_journey (sim, sms, args);
  }
  {
    const char *args[] = { "--url", sim->url, "journey", "--account", account,
                           "--months", "12", "--campaign", campaign, NULL };

    check_journey (sim, by_campaign, args);
  }

  if (number == NULL)
    number = query_textf (sim, "SELECT contact_value FROM journey WHERE channel_type = 2 "
                          "LIMIT 1");
  g_assert_nonnull (number);
  by_number = sql_printf ("contact_value = %Q", number);
  {
    const char *args[] = { "--url", sim->url, "journey", "--contact", number,
                           "--months", "12", NULL };

    check_journey (sim, by_number, args);
  }

  /* A call id names the call's account. */
  {
    const char *args[] = { "--url", sim->url, "journey", "--callid", "12345",
                           "--months", "12", NULL };

    check_journey (sim, by_account, args);
  }
}

static void
test_reads_url_from_environment (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "12345");
  gint64 expected = test_sim_query_int (sim, "SELECT count(*) FROM telephony_outcomes");
  const char *args[] = { "--json", "telephony-outcomes", "--account", account, NULL };
  g_autoptr(Run) run = run_lcmctlv (sim->url, args);
  g_autoptr(JsonNode) root = NULL;

  assert_success (run);
  root = parse_json (run->out);
  g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, expected);

  /* --url wins over the environment. */
  {
    g_autofree char *nowhere = free_port_url ();
    const char *args2[] = { "--url", sim->url, "telephony-outcomes", "--account", account,
                            NULL };
    g_autoptr(Run) run2 = run_lcmctlv (nowhere, args2);

    assert_success (run2);
  }
}

/* ------------------------------------------------------------------------------------------
 * Writes
 */

/* The column of the newest dispositions row, as text ("" for NULL). */
static char *
last_disposition (TestSim    *sim,
                  const char *column)
{
  char *value = query_textf (sim, "SELECT %s FROM dispositions ORDER BY id DESC LIMIT 1",
                             column);

  return value != NULL ? value : g_strdup ("");
}

static void
assert_last_disposition (TestSim    *sim,
                         const char *column,
                         const char *expected)
{
  g_autofree char *value = last_disposition (sim, column);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_writes_set_telephony_outcome (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *outcome = query_textf (sim, "SELECT outcome_id FROM telephony_outcomes "
                                          "WHERE description = 'No Answer'");
  const char *comments = "Rang twice — no answer, “try after 5 pm”";
  gint64 before = dispositions_count (sim);
  g_autoptr(Run) run = NULL;

  g_assert_nonnull (outcome);
  run = run_lcmctl ("--url", sim->url, "set-telephony-outcome", "--callid", "1001",
                    "--account", account, "--outcome", outcome, "--user", "agent1",
                    "--comments", comments, "--lead-score", "15", "--target-amount", "250.5",
                    NULL);
  assert_success (run);
  g_assert_cmpuint (n_lines (run), ==, 1);
  g_assert_nonnull (strstr (run->out, "1001"));

  g_assert_cmpint (dispositions_count (sim), ==, before + 1);
  assert_last_disposition (sim, "subtopic", "SetCallOutcomeWithComments");
  assert_last_disposition (sim, "callid", "1001");
  assert_last_disposition (sim, "account_number", account);
  assert_last_disposition (sim, "telephony_outcome", outcome);
  assert_last_disposition (sim, "business_outcome", "");
  assert_last_disposition (sim, "comments", comments);
  assert_last_disposition (sim, "lead_score", "15");
  assert_last_disposition (sim, "user_id", "agent1");
  assert_last_disposition (sim, "callback_mode", "");
  g_assert_cmpint (test_sim_query_int (sim, "SELECT target_amount = 250.5 FROM dispositions "
                                       "ORDER BY id DESC LIMIT 1"), ==, 1);
}

static void
test_writes_set_outcomes (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *business = query_textf (sim, "SELECT b.outcome_id FROM business_outcomes b "
                                           "JOIN calls c ON c.callid = '1001' "
                                           "AND b.outcome_group = c.call_type "
                                           "AND b.campaign_id = c.campaign_id "
                                           "WHERE b.parent_id <> 0 "
                                           "ORDER BY b.position LIMIT 1");
  gint64 before = dispositions_count (sim);
  g_autoptr(Run) run = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_nonnull (business);
  /* --json: {"success": true}; no lead score or amount given: the defaults. */
  run = run_lcmctl ("--url", sim->url, "--json", "set-outcomes", "--callid", "1001",
                    "--account", account, "--outcome", "0", "--business-outcome", business,
                    "--user", "testagent", NULL);
  assert_success (run);
  root = parse_json (run->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "success"));

  g_assert_cmpint (dispositions_count (sim), ==, before + 1);
  assert_last_disposition (sim, "subtopic", "SetBusinessOutcomeWithCallOutcome");
  assert_last_disposition (sim, "callid", "1001");
  assert_last_disposition (sim, "account_number", account);
  assert_last_disposition (sim, "telephony_outcome", "0");
  assert_last_disposition (sim, "business_outcome", business);
  assert_last_disposition (sim, "comments", "");
  assert_last_disposition (sim, "lead_score", "0");
  assert_last_disposition (sim, "user_id", "testagent");
  g_assert_cmpint (test_sim_query_int (sim, "SELECT target_amount = 0 FROM dispositions "
                                       "ORDER BY id DESC LIMIT 1"), ==, 1);
}

static void
test_writes_set_business_outcome (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1002");
  g_autofree char *business = query_textf (sim, "SELECT b.outcome_id FROM business_outcomes b "
                                           "JOIN calls c ON c.callid = '1002' "
                                           "AND b.outcome_group = c.call_type "
                                           "AND b.campaign_id = c.campaign_id "
                                           "ORDER BY b.position LIMIT 1");
  g_autofree char *mode = query_textf (sim, "SELECT m.mode_id FROM callback_modes m "
                                       "JOIN calls c ON c.contact_id = m.contact_id "
                                       "WHERE c.callid = '1002' ORDER BY m.mode_id DESC "
                                       "LIMIT 1");
  g_autofree char *day = local_day (2);
  g_autofree char *start = g_strdup_printf ("%s 09:30", day);
  g_autofree char *end = g_strdup_printf ("%s 10:15", day);
  gint64 before = dispositions_count (sim);
  gint64 callbacks_before = test_sim_query_int (sim, "SELECT count(*) FROM personal_callbacks");
  g_autoptr(Run) run = NULL;

  g_assert_nonnull (business);
  g_assert_nonnull (mode);
  run = run_lcmctl ("--url", sim->url, "set-business-outcome", "--callid", "1002",
                    "--account", account, "--outcome", "4", "--business-outcome", business,
                    "--start", start, "--end", end, "--mode", mode, "--user", "testagent",
                    "--comments", "Call back on Thursday", "--lead-score", "55",
                    "--target-amount", "1200", NULL);
  assert_success (run);
  g_assert_cmpuint (n_lines (run), ==, 1);
  g_assert_nonnull (strstr (run->out, start));
  g_assert_nonnull (strstr (run->out, end));

  g_assert_cmpint (dispositions_count (sim), ==, before + 1);
  assert_last_disposition (sim, "subtopic", "SetBusinessOutcomeWithPersonalCallback");
  assert_last_disposition (sim, "callid", "1002");
  assert_last_disposition (sim, "account_number", account);
  assert_last_disposition (sim, "telephony_outcome", "4");
  assert_last_disposition (sim, "business_outcome", business);
  assert_last_disposition (sim, "comments", "Call back on Thursday");
  assert_last_disposition (sim, "lead_score", "55");
  assert_last_disposition (sim, "user_id", "testagent");
  assert_last_disposition (sim, "callback_start_date", day);
  assert_last_disposition (sim, "callback_end_date", day);
  assert_last_disposition (sim, "callback_start_time", "09:30");
  assert_last_disposition (sim, "callback_end_time", "10:15");
  assert_last_disposition (sim, "callback_mode", mode);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT target_amount = 1200 FROM dispositions "
                                       "ORDER BY id DESC LIMIT 1"), ==, 1);

  /* The callback is now in the agent's list. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM personal_callbacks"), ==,
                   callbacks_before + 1);
  {
    g_autoptr(Run) list = run_lcmctl ("--url", sim->url, "callbacks", "--user", "testagent",
                                      "--from", day, "--to", day, NULL);

    assert_success (list);
    g_assert_nonnull (strstr (list->out, start));
  }
}

/* What the gateway sends is shown safely: an escape sequence in a comment does not reach
 * the terminal, a long comment is cut, and --json gives it back exactly. */
static void
test_writes_output_sanitized (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1003");
  g_autofree char *tail = g_strnfill (100, 'y');
  g_autofree char *comments = g_strconcat ("\033[31mRED\033[0m\u202Eevil\nnext ", tail, NULL);
  g_autoptr(Run) write = NULL;
  g_autoptr(Run) table = NULL;
  g_autoptr(Run) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *newest = NULL;
  JsonObject *first;

  write = run_lcmctl ("--url", sim->url, "set-telephony-outcome", "--callid", "1003",
                      "--account", account, "--outcome", "8", "--user", "agent1",
                      "--comments", comments, NULL);
  assert_success (write);
  assert_last_disposition (sim, "comments", comments);

  /* The write is the account's newest interaction. */
  newest = query_textf (sim, "SELECT agent_comment FROM journey WHERE account_number = %Q "
                        "ORDER BY completed_at DESC, id DESC LIMIT 1", account);
  g_assert_cmpstr (newest, ==, comments);

  table = run_lcmctl ("--url", sim->url, "journey", "--account", account, NULL);
  assert_success (table);
  g_assert_null (strchr (table->out, '\033'));
  g_assert_null (strstr (table->out, "\u202E"));
  g_assert_cmpuint (n_lines (table), >=, 3);
  /* One line per interaction: the newline in the comment did not break the row. */
  g_assert_nonnull (strstr (table->lines[2], "RED"));
  g_assert_nonnull (strstr (table->lines[2], "next"));
  g_assert_nonnull (strstr (table->lines[2], "…"));
  g_assert_null (strstr (table->lines[2], tail));

  json = run_lcmctl ("--url", sim->url, "--json", "journey", "--account", account, NULL);
  assert_success (json);
  root = parse_json (json->out);
  first = json_array_get_object_element (json_array_of (root), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "AgentComment"), ==, comments);
}

/* ------------------------------------------------------------------------------------------
 * Validation: exit 2, and nothing reaches the gateway
 */

static void
test_validation (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *tomorrow = local_day (1);
  g_autofree char *yesterday = local_day (-1);
  g_autofree char *far = local_day (200);
  g_autofree char *t_0900 = g_strdup_printf ("%s 09:00", tomorrow);
  g_autofree char *t_1000 = g_strdup_printf ("%s 10:00", tomorrow);
  g_autofree char *t_2500 = g_strdup_printf ("%s 25:00", tomorrow);
  g_autofree char *t_0960 = g_strdup_printf ("%s 09:60", tomorrow);
  g_autofree char *y_0900 = g_strdup_printf ("%s 09:00", yesterday);
  g_autofree char *y_1000 = g_strdup_printf ("%s 10:00", yesterday);
  g_autofree char *f_0900 = g_strdup_printf ("%s 09:00", far);
  g_autofree char *f_1000 = g_strdup_printf ("%s 10:00", far);
  g_autofree char *long_comment = g_strnfill (2001, 'x');
  const char *url = sim->url;
  const char *a = account;
  /* Each case: the arguments after --url, and a piece of the message that must name what
   * is wrong (NULL: any message). */
  const struct
  {
    const char *args[24];
    const char *says;
  } cases[] = {
    /* empty callid on a write */
    { { "set-telephony-outcome", "--callid", "", "--account", a, "--outcome", "8",
        "--user", "agent1", NULL }, NULL },
    { { "set-outcomes", "--callid", "", "--account", a, "--outcome", "0",
        "--business-outcome", "101", "--user", "agent1", NULL }, NULL },
    { { "set-business-outcome", "--callid", "", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", t_0900, "--end", t_1000, "--mode", "3",
        "--user", "agent1", NULL }, NULL },
    /* a callid with a blank in it */
    { { "callback-modes", "--callid", "10 01", "--account", a, NULL }, NULL },
    /* bad LCM keys */
    { { "telephony-outcomes", "--account", "5|3|1", NULL }, "5|3|1" },
    { { "telephony-outcomes", "--account", "a|b|c|d|e|f|g", NULL }, NULL },
    { { "set-telephony-outcome", "--callid", "1001", "--account", "5|3|1|0|0|44|1|9",
        "--outcome", "8", "--user", "agent1", NULL }, NULL },
    /* bad date, bad time */
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", "32/01/2030 09:00", "--end", t_1000,
        "--mode", "3", "--user", "agent1", NULL }, "32/01/2030" },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", t_2500, "--end", t_1000,
        "--mode", "3", "--user", "agent1", NULL }, NULL },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", t_0900, "--end", t_0960,
        "--mode", "3", "--user", "agent1", NULL }, NULL },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", tomorrow, "--end", t_1000,
        "--mode", "3", "--user", "agent1", NULL }, NULL },
    /* end before start, window in the past, window too far ahead */
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", t_1000, "--end", t_0900,
        "--mode", "3", "--user", "agent1", NULL }, NULL },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", y_0900, "--end", y_1000,
        "--mode", "3", "--user", "agent1", NULL }, NULL },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", f_0900, "--end", f_1000,
        "--mode", "3", "--user", "agent1", NULL }, NULL },
    /* missing options */
    { { "set-outcomes", "--callid", "1001", "--account", a, "--outcome", "0",
        "--business-outcome", "101", NULL }, "--user" },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", t_0900, "--end", t_1000,
        "--user", "agent1", NULL }, "--mode" },
    { { "callbacks", NULL }, "--user" },
    { { "business-outcomes", "--type", "MANUAL", NULL }, "--callid" },
    { { "callback-modes", "--callid", "1001", NULL }, "--account" },
    /* bad numbers */
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "busy",
        "--user", "agent1", NULL }, "--outcome" },
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "-1",
        "--user", "agent1", NULL }, "--outcome" },
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "8",
        "--user", "agent1", "--lead-score", "5000", NULL }, NULL },
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "8",
        "--user", "agent1", "--lead-score", "ten", NULL }, "--lead-score" },
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "8",
        "--user", "agent1", "--target-amount", "12abc", NULL }, "--target-amount" },
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "8",
        "--user", "agent1", "--target-amount", "nan", NULL }, "--target-amount" },
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "8",
        "--user", "agent1", "--comments", long_comment, NULL }, NULL },
    { { "set-business-outcome", "--callid", "1001", "--account", a, "--outcome", "4",
        "--business-outcome", "101", "--start", t_0900, "--end", t_1000,
        "--mode", "home", "--user", "agent1", NULL }, "--mode" },
    /* a bad user */
    { { "set-telephony-outcome", "--callid", "1001", "--account", a, "--outcome", "8",
        "--user", "", NULL }, NULL },
    /* bad call type */
    { { "business-outcomes", "--callid", "", "--type", "SIDEWAYS", NULL }, "SIDEWAYS" },
    /* journey: bad months, bad channel, non-digit contact, no key */
    { { "journey", "--account", a, "--months", "5", NULL }, "months" },
    { { "journey", "--account", a, "--months", "24", NULL }, NULL },
    { { "journey", "--account", a, "--months", "six", NULL }, "--months" },
    { { "journey", "--account", a, "--channel", "fax", NULL }, "fax" },
    { { "journey", "--contact", "0912-345-678", NULL }, NULL },
    { { "journey", "--contact", "12ab34", NULL }, NULL },
    { { "journey", "--months", "3", NULL }, NULL },
    { { "journey", "--account", "5|3", NULL }, NULL },
    /* callbacks: bad dates, reversed range */
    { { "callbacks", "--user", "agent1", "--from", "31/02/2025", NULL }, "31/02/2025" },
    { { "callbacks", "--user", "agent1", "--from", "2025-01-01", NULL }, NULL },
    { { "callbacks", "--user", "agent1", "--from", tomorrow, "--to", yesterday, NULL }, NULL },
    /* global options */
    { { "--timeout", "0", "telephony-outcomes", "--account", a, NULL }, "--timeout" },
    { { "--timeout", "soon", "telephony-outcomes", "--account", a, NULL }, "--timeout" },
    { { "--token-file", "/nonexistent/wrapup-token", "telephony-outcomes", "--account", a,
        NULL }, "/nonexistent/wrapup-token" },
  };
  gint64 wire_before;
  gint64 dispositions_before;

  /* A valid request first: the count the cases compare with is not trivially zero, and
   * the simulator does log what reaches it. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", url, "telephony-outcomes", "--account", a, NULL);

    assert_success (run);
  }
  wire_before = wire_count (sim);
  dispositions_before = dispositions_count (sim);
  g_assert_cmpint (wire_before, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(Run) run = NULL;

      g_ptr_array_add (argv, (gpointer) "--url");
      g_ptr_array_add (argv, (gpointer) url);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);

      g_test_message ("case %u: %s", i, cases[i].args[0]);
      run = run_lcmctlv (NULL, (const char * const *) argv->pdata);
      assert_usage_error (run);
      if (cases[i].says != NULL && strstr (run->err, cases[i].says) == NULL)
        g_error ("case %u: the message does not name “%s”: %s", i, cases[i].says, run->err);
      g_assert_cmpint (wire_count (sim), ==, wire_before);
    }

  g_assert_cmpint (dispositions_count (sim), ==, dispositions_before);
}

/* ------------------------------------------------------------------------------------------
 * The gateway says no, or is not there
 */

static void
test_errors_unknown_callid (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  gint64 wire_before = wire_count (sim);
  gint64 dispositions_before = dispositions_count (sim);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) json_run = NULL;

  g_assert_cmpint (query_intf (sim, "SELECT count(*) FROM calls WHERE callid = %Q", "999999"),
                   ==, 0);
  run = run_lcmctl ("--url", sim->url, "set-telephony-outcome", "--callid", "999999",
                    "--account", account, "--outcome", "8", "--user", "agent1", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "Invalid Call ID."));
  /* The gateway's text for people, not its frame. */
  g_assert_null (strstr (run->err, "{"));
  g_assert_null (strstr (run->err, "WS_Error"));
  g_assert_cmpint (wire_count (sim), ==, wire_before + 1);
  g_assert_cmpint (dispositions_count (sim), ==, dispositions_before);

  /* The same with --json: still a message on stderr, nothing on stdout. */
  json_run = run_lcmctl ("--url", sim->url, "--json", "callback-modes", "--callid", "999999",
                         "--account", account, NULL);
  g_assert_cmpint (json_run->status, ==, 1);
  g_assert_cmpstr (json_run->out, ==, "");
  g_assert_nonnull (strstr (json_run->err, "Invalid Call ID."));
}

static void
test_errors_refused (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  /* An outcome id the gateway does not know: it answers {"success": false}. */
  gint64 unknown = test_sim_query_int (sim, "SELECT max(outcome_id) + 1 FROM "
                                       "telephony_outcomes");
  g_autofree char *outcome = g_strdup_printf ("%" G_GINT64_FORMAT, unknown);
  gint64 dispositions_before = dispositions_count (sim);
  g_autoptr(Run) run = NULL;

  g_assert_cmpint (unknown, <=, 1000);
  run = run_lcmctl ("--url", sim->url, "--json", "set-telephony-outcome", "--callid", "1001",
                    "--account", account, "--outcome", outcome, "--user", "agent1", NULL);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
  g_assert_null (strstr (run->err, "{"));
  g_assert_cmpint (dispositions_count (sim), ==, dispositions_before);
}

static void
test_errors_no_gateway (void)
{
  g_autofree char *url = free_port_url ();
  g_autoptr(Run) run = run_lcmctl ("--url", url, "--timeout", "10", "telephony-outcomes",
                                   "--account", "5|3|1|0|0|44|1", NULL);

  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
  /* A refused connection is known at once; lcmctl does not wait for its timeout. */
  g_assert_cmpint (run->elapsed_ms, <, 8000);
}

static void
test_errors_timeout (void)
{
  const char *sim_args[] = { "--delay-ms", "3000", NULL };
  g_autoptr(TestSimStarted) sim = start_sim (sim_args);
  g_autoptr(Run) run = NULL;
  g_autofree char *account = test_sim_account_of_call (sim, "12345");

  run = run_lcmctl ("--url", sim->url, "--timeout", "1", "telephony-outcomes",
                    "--account", account, NULL);
  g_assert_cmpint (run->status, ==, 3);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
  /* It gave up after its own second, not after the gateway's three. */
  g_assert_cmpint (run->elapsed_ms, >=, 1000);
  g_assert_cmpint (run->elapsed_ms, <, 2900);
  /* The request did go out: it is the answer that was late. */
  g_assert_cmpint (wire_count (sim), ==, 1);
}

/* ------------------------------------------------------------------------------------------
 * Access token
 */

static char *
write_token_file (const char *dir,
                  const char *name,
                  const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_token (void)
{
  const char *token = "wrapup-T0ken-4f9c2e";
  const char *sim_args[] = { "--token", token, NULL };
  g_autoptr(TestSimStarted) sim = start_sim (sim_args);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lcmctl-token-XXXXXX", &error);
  g_autofree char *good = NULL;
  g_autofree char *good_crlf = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *account = test_sim_account_of_call (sim, "12345");
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  good = write_token_file (dir, "good", "wrapup-T0ken-4f9c2e\n");
  good_crlf = write_token_file (dir, "good-crlf", "wrapup-T0ken-4f9c2e\r\n");
  wrong = write_token_file (dir, "wrong", "not-the-T0ken-7a1b\n");
  empty = write_token_file (dir, "empty", "\n");
  expected = g_strdup_printf ("%" G_GINT64_FORMAT,
                              test_sim_query_int (sim, "SELECT count(*) FROM "
                                                  "telephony_outcomes"));

  /* The right token, trailing line end trimmed. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--token-file", good, "--json",
                                     "telephony-outcomes", "--account", account, NULL);
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *n = NULL;

    assert_success (run);
    root = parse_json (run->out);
    n = g_strdup_printf ("%u", json_array_get_length (json_array_of (root)));
    g_assert_cmpstr (n, ==, expected);
  }
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "telephony-outcomes", "--account",
                                     account, "--token-file", good_crlf, NULL);

    assert_success (run);
    g_assert_null (strstr (run->out, token));
  }

  /* A wrong token: the gateway refuses the connection itself. Exit 3 (see docs/lcmctl.md). */
  {
    gint64 wire_before = wire_count (sim);
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--token-file", wrong,
                                     "telephony-outcomes", "--account", account, NULL);

    g_assert_cmpint (run->status, ==, 3);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_null (strstr (run->err, "not-the-T0ken"));
    g_assert_null (strstr (run->err, token));
    g_assert_cmpint (wire_count (sim), ==, wire_before);
  }

  /* No token at all. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "telephony-outcomes", "--account",
                                     account, NULL);

    g_assert_cmpint (run->status, ==, 3);
  }

  /* An empty file, or one that is not there: bad usage, nothing sent. */
  {
    gint64 wire_before = wire_count (sim);
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--token-file", empty,
                                     "telephony-outcomes", "--account", account, NULL);
    g_autofree char *missing = g_build_filename (dir, "missing", NULL);
    g_autoptr(Run) run2 = run_lcmctl ("--url", sim->url, "--token-file", missing,
                                      "telephony-outcomes", "--account", account, NULL);

    assert_usage_error (run);
    assert_usage_error (run2);
    g_assert_cmpint (wire_count (sim), ==, wire_before);
  }

  g_unlink (good);
  g_unlink (good_crlf);
  g_unlink (wrong);
  g_unlink (empty);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------------------------------
 * The outbox (--outbox FILE)
 */

typedef struct
{
  char *dir;
  char *path;
} OutboxFile;

static OutboxFile *
outbox_file_new (void)
{
  g_autoptr(GError) error = NULL;
  OutboxFile *file = g_new0 (OutboxFile, 1);

  file->dir = g_dir_make_tmp ("lcmctl-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  file->path = g_build_filename (file->dir, "outbox.db", NULL);
  return file;
}

static void
outbox_file_free (OutboxFile *file)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (file->path, suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (file->dir);
  g_free (file->path);
  g_free (file->dir);
  g_free (file);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OutboxFile, outbox_file_free)

/* The outbox's entries as lcmctl lists them in JSON. */
static JsonNode *
outbox_json (OutboxFile *file)
{
  g_autoptr(Run) run = run_lcmctl ("--outbox", file->path, "outbox", "list", "--json", NULL);

  assert_success (run);
  return parse_json (run->out);
}

static void
test_outbox_queued (void)
{
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *url = free_port_url ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry;

  /* No gateway answers: stored, "queued", exit 4, at once. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", url, "--outbox", file->path, "--timeout", "10",
                                     "set-telephony-outcome", "--callid", "1001", "--account",
                                     "2|3|3|0|0|44|1", "--outcome", "3", "--user", "agent1",
                                     "--comments", "first try", NULL);

    g_assert_cmpint (run->status, ==, 4);
    g_assert_cmpstr (run->out, ==, "queued\n");
    g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
    g_assert_nonnull (strstr (run->err, "outbox flush"));
    g_assert_cmpint (run->elapsed_ms, <, 8000);
  }

  /* Without --outbox nothing keeps it: no connection, exit 3, as before. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", url, "--timeout", "10", "set-telephony-outcome",
                                     "--callid", "1001", "--account", "2|3|3|0|0|44|1",
                                     "--outcome", "3", "--user", "agent1", NULL);

    g_assert_cmpint (run->status, ==, 3);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
  }

  /* An invalid write is refused before anything is stored. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", url, "--outbox", file->path,
                                     "set-telephony-outcome", "--callid", "", "--account",
                                     "2|3|3|0|0|44|1", "--outcome", "3", "--user", "agent1",
                                     NULL);

    assert_usage_error (run);
  }

  root = outbox_json (file);
  g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, 1);
  entry = json_array_get_object_element (json_array_of (root), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "state"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (entry, "callid"), ==, "1001");
  g_assert_cmpstr (json_object_get_string_member (entry, "operation"), ==,
                   "SetCallOutcomeWithComments");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (entry, "data"), "AgentComments"),
                   ==, "first try");
}

static void
test_outbox_list (void)
{
  const char *sim_args[] = { NULL };
  g_autoptr(TestSimStarted) sim = start_sim (sim_args);
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");

  /* A file that is not there lists as empty, and is not made. */
  {
    g_autoptr(Run) run = run_lcmctl ("--outbox", file->path, "outbox", "list", NULL);

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "The outbox is empty.\n");
    g_assert_false (g_file_test (file->path, G_FILE_TEST_EXISTS));
  }

  /* Refused by the gateway: exit 1, and kept as failed, with the gateway's words. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--outbox", file->path,
                                     "set-telephony-outcome", "--callid", "99999", "--account",
                                     account, "--outcome", "3", "--user", "agent1", NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, "Invalid Call ID."));
    g_assert_nonnull (strstr (run->err, "outbox list"));
  }

  /* And one that waits. */
  {
    g_autofree char *url = free_port_url ();
    g_autoptr(Run) run = run_lcmctl ("--url", url, "--outbox", file->path,
                                     "set-telephony-outcome", "--callid", "1001", "--account",
                                     account, "--outcome", "3", "--user", "agent1", NULL);

    g_assert_cmpint (run->status, ==, 4);
  }

  {
    g_autoptr(Run) run = run_lcmctl ("--outbox", file->path, "outbox", "list", NULL);
    int failed, pending;

    assert_success (run);
    assert_table_header (run, "ID");
    g_assert_cmpuint (n_lines (run), ==, 4);
    failed = find_row (run, "1");
    pending = find_row (run, "2");
    g_assert_cmpint (failed, >, 0);
    g_assert_cmpint (pending, >, 0);
    /* A WS_Error: refused for good. */
    g_assert_nonnull (strstr (run->lines[failed], "refused (permanent)"));
    g_assert_nonnull (strstr (run->lines[failed], "99999"));
    g_assert_nonnull (strstr (run->lines[failed], "Invalid Call ID."));
    g_assert_nonnull (strstr (run->lines[pending], "pending"));
    g_assert_nonnull (strstr (run->lines[pending], "1001"));
    /* No write has a summary: no column for one. */
    g_assert_null (strstr (run->lines[0], "Summary"));
  }

  {
    g_autoptr(JsonNode) root = outbox_json (file);
    JsonArray *entries = json_array_of (root);
    JsonObject *failed = json_array_get_object_element (entries, 0);
    JsonObject *pending = json_array_get_object_element (entries, 1);

    g_assert_cmpuint (json_array_get_length (entries), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (failed, "state"), ==, "failed");
    g_assert_cmpstr (json_object_get_string_member (failed, "refusal"), ==, "permanent");
    g_assert_cmpstr (json_object_get_string_member (failed, "last_error"), ==,
                     "Invalid Call ID.");
    g_assert_cmpint (json_object_get_int_member (failed, "attempts"), ==, 1);
    g_assert_true (json_object_get_null_member (failed, "summary"));
    g_assert_cmpstr (json_object_get_string_member (pending, "state"), ==, "pending");
    g_assert_true (json_object_get_null_member (pending, "refusal"));
    g_assert_true (json_object_get_null_member (pending, "last_error"));
  }

  /* The app stores a summary for people with each write: then it is listed. */
  {
    sqlite3 *db = NULL;
    g_autoptr(Run) run = NULL;
    g_autoptr(JsonNode) root = NULL;
    int pending;

    g_assert_cmpint (sqlite3_open_v2 (file->path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE entries SET summary = 'Busy · Interested' "
                                   "WHERE id = 2", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);

    run = run_lcmctl ("--outbox", file->path, "outbox", "list", NULL);
    assert_success (run);
    g_assert_cmpuint (n_lines (run), ==, 4);
    g_assert_nonnull (strstr (run->lines[0], "Summary"));
    pending = find_row (run, "2");
    g_assert_cmpint (pending, >, 0);
    g_assert_nonnull (strstr (run->lines[pending], "Busy · Interested"));

    root = outbox_json (file);
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_array_of (root), 1), "summary"),
                     ==, "Busy · Interested");
  }
}

static void
test_outbox_flush (void)
{
  const char *sim_args[] = { NULL };
  g_autoptr(TestSimStarted) sim = start_sim (sim_args);
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *url = free_port_url ();

  /* Nothing to send: done, and no gateway needed. */
  {
    g_autoptr(Run) run = run_lcmctl ("--outbox", file->path, "outbox", "flush", NULL);

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "Nothing to send.\n");
  }

  /* Three writes wait, in order. */
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *comments = g_strdup_printf ("flush %u", i);
      g_autoptr(Run) run = run_lcmctl ("--url", url, "--outbox", file->path,
                                       "set-telephony-outcome", "--callid", "1001",
                                       "--account", account, "--outcome", "3", "--user",
                                       "agent1", "--comments", comments, NULL);

      g_assert_cmpint (run->status, ==, 4);
    }

  /* Still no gateway: they stay, exit 4. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", url, "--outbox", file->path, "outbox", "flush",
                                     NULL);

    g_assert_cmpint (run->status, ==, 4);
    g_assert_nonnull (strstr (run->err, "3 writes are still waiting"));
  }
  /* Without a URL there is nothing to flush to. */
  {
    g_autoptr(Run) run = run_lcmctl ("--outbox", file->path, "outbox", "flush", NULL);

    assert_usage_error (run);
  }

  /* The gateway is there: all sent, in order, exit 0. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox",
                                     "flush", NULL);
    g_autoptr(GPtrArray) rows = NULL;

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "Sent 3 writes.\n");
    rows = query_rows (sim, "SELECT comments FROM dispositions WHERE callid = '1001' "
                       "ORDER BY id");
    g_assert_cmpuint (rows->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *expected = g_strdup_printf ("flush %u", i + 1);

        g_assert_cmpstr (((char **) g_ptr_array_index (rows, i))[0], ==, expected);
      }
  }
  {
    g_autoptr(JsonNode) root = outbox_json (file);

    g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, 0);
  }

  /* A write the gateway refuses for now ({"success": false}: an outcome it does not know):
   * flush exits 1, the write is kept as failed; a retry makes it pending (refused again), a
   * removal deletes it. */
  {
    g_autofree char *unknown = g_strdup_printf (
      "%" G_GINT64_FORMAT, test_sim_query_int (sim, "SELECT max(outcome_id) + 1 FROM "
                                                    "telephony_outcomes"));
    g_autofree char *unknown_like = g_strdup_printf ("%%\"OutcomeId\":%s,%%", unknown);
    g_autoptr(Run) queued = run_lcmctl ("--url", url, "--outbox", file->path,
                                        "set-telephony-outcome", "--callid", "1001",
                                        "--account", account, "--outcome", unknown, "--user",
                                        "agent1", NULL);
    g_autoptr(Run) flush = NULL;
    g_autoptr(Run) again = NULL;
    g_autoptr(Run) retry = NULL;
    g_autoptr(Run) remove = NULL;
    g_autoptr(Run) list = NULL;
    g_autoptr(JsonNode) root = NULL;
    gint64 id;
    g_autofree char *id_text = NULL;

    g_assert_cmpint (queued->status, ==, 4);
    flush = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox", "flush", NULL);
    g_assert_cmpint (flush->status, ==, 1);
    g_assert_nonnull (strstr (flush->err, "refused"));

    root = outbox_json (file);
    g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_array_of (root), 0), "refusal"),
                     ==, "temporary");
    id = json_object_get_int_member (json_array_get_object_element (json_array_of (root), 0),
                                     "id");
    id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    /* A failed write is not pending: a flush leaves it alone. */
    again = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox", "flush", NULL);
    assert_success (again);
    g_assert_cmpstr (again->out, ==, "Nothing to send.\n");

    retry = run_lcmctl ("--outbox", file->path, "outbox", "retry", id_text, NULL);
    assert_success (retry);
    g_clear_pointer (&flush, run_free);
    flush = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox", "flush", NULL);
    g_assert_cmpint (flush->status, ==, 1);
    g_assert_cmpint (query_intf (sim, "SELECT count(*) FROM wire_log WHERE text LIKE %Q",
                                 unknown_like), ==, 2);

    remove = run_lcmctl ("--outbox", file->path, "outbox", "remove", id_text, NULL);
    assert_success (remove);
    list = run_lcmctl ("--outbox", file->path, "outbox", "list", NULL);
    assert_success (list);
    g_assert_cmpstr (list->out, ==, "The outbox is empty.\n");
  }

  /* A WS_Error is for good: a retry is refused (exit 1) and sends nothing. */
  {
    g_autoptr(Run) refused = run_lcmctl ("--url", sim->url, "--outbox", file->path,
                                         "set-telephony-outcome", "--callid", "99999",
                                         "--account", account, "--outcome", "3", "--user",
                                         "agent1", NULL);
    g_autoptr(Run) retry = NULL;
    g_autoptr(Run) flush = NULL;
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *id_text = NULL;

    g_assert_cmpint (refused->status, ==, 1);
    root = outbox_json (file);
    g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, 1);
    id_text = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (
                                 json_array_get_object_element (json_array_of (root), 0),
                                 "id"));

    retry = run_lcmctl ("--outbox", file->path, "outbox", "retry", id_text, NULL);
    g_assert_cmpint (retry->status, ==, 1);
    g_assert_cmpstr (retry->out, ==, "");
    g_assert_nonnull (strstr (retry->err, "for good"));
    g_assert_nonnull (strstr (retry->err, "Invalid Call ID."));
    flush = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox", "flush", NULL);
    assert_success (flush);
    g_assert_cmpstr (flush->out, ==, "Nothing to send.\n");
    g_assert_cmpint (query_intf (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                 "'%%99999%%'"), ==, 1);
  }
}

/* A gateway that refuses the token: the write is stored all the same (exit 4), and a flush
 * with the right token sends it. */
static void
test_outbox_token (void)
{
  const char *sim_args[] = { "--token", "outbox-T0ken", NULL };
  g_autoptr(TestSimStarted) sim = start_sim (sim_args);
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *wrong = write_token_file (file->dir, "wrong", "not-it\n");
  g_autofree char *good = write_token_file (file->dir, "good", "outbox-T0ken\n");

  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--token-file", wrong, "--outbox",
                                     file->path, "set-telephony-outcome", "--callid", "1001",
                                     "--account", account, "--outcome", "3", "--user",
                                     "agent1", NULL);

    g_assert_cmpint (run->status, ==, 4);
    g_assert_cmpstr (run->out, ==, "queued\n");
    g_assert_null (strstr (run->err, "not-it"));
    g_assert_cmpint (wire_count (sim), ==, 0);
  }
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--token-file", good, "--outbox",
                                     file->path, "outbox", "flush", NULL);

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "Sent 1 write.\n");
    g_assert_cmpint (dispositions_count (sim), ==, 1);
  }
  g_unlink (wrong);
  g_unlink (good);
}

static void
test_outbox_usage (void)
{
  g_autoptr(OutboxFile) file = outbox_file_new ();
  const char *bad[][6] = {
    { "outbox", "list", NULL },                            /* no --outbox */
    { "--outbox", "F", "outbox", NULL },                   /* nothing to do */
    { "--outbox", "F", "outbox", "frob", NULL },
    { "--outbox", "F", "outbox", "retry", NULL },
    { "--outbox", "F", "outbox", "remove", "x", NULL },
    { "--outbox", "F", "outbox", "list", "extra", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *argv[8] = { NULL };
      g_autoptr(Run) run = NULL;

      for (guint j = 0; bad[i][j] != NULL; j++)
        argv[j] = g_str_equal (bad[i][j], "F") ? file->path : bad[i][j];
      run = run_lcmctlv (NULL, argv);
      assert_usage_error (run);
    }

  /* A write that is not there. */
  {
    g_autoptr(Run) run = run_lcmctl ("--outbox", file->path, "outbox", "remove", "42", NULL);

    assert_usage_error (run);
    g_assert_nonnull (strstr (run->err, "42"));
  }

  /* A file that is not an outbox is left alone: the storage status, 5. */
  {
    g_autofree char *junk = g_build_filename (file->dir, "junk", NULL);
    g_autoptr(Run) run = NULL;
    g_autofree char *contents = NULL;

    g_assert_true (g_file_set_contents (junk, "not a database\n", -1, NULL));
    run = run_lcmctl ("--outbox", junk, "outbox", "list", NULL);
    g_assert_cmpint (run->status, ==, 5);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, "is not an outbox"));
    g_assert_true (g_file_get_contents (junk, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "not a database\n");
    g_unlink (junk);
  }

  /* The help names the command and the exit status 4. */
  {
    g_autoptr(Run) run = run_lcmctl ("--help", NULL);

    assert_success (run);
    g_assert_nonnull (strstr (run->out, "--outbox"));
    g_assert_nonnull (strstr (run->out, "outbox"));
    g_assert_nonnull (strstr (run->out, "  4  "));
  }
}


/* Stores n writes for call 1001 in the outbox file, as a program without a gateway would
 * (they wait there); their comments are "prefix 1" to "prefix n". */
static void
store_writes (OutboxFile *file,
              const char *account,
              const char *prefix,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmOutbox) outbox = lcm_outbox_new (NULL, file->path, &error);

  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
      g_autofree char *comments = g_strdup_printf ("%s %u", prefix, i);
      g_autoptr(LcmRequest) request = NULL;
      g_autoptr(JsonNode) answer = NULL;
      TestWaiter waiter = { NULL };

      lcm_disposition_set_call_id (disposition, "1001");
      lcm_disposition_set_account_number (disposition, account);
      lcm_disposition_set_user_id (disposition, "agent1");
      lcm_disposition_set_telephony_outcome (disposition, 3);
      lcm_disposition_set_comments (disposition, comments);
      request = lcm_request_new_disposition (disposition, NULL, &error);
      g_assert_no_error (error);
      lcm_outbox_submit_async (outbox, request, NULL, test_waiter_callback, &waiter);
      answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 10000), NULL,
                                         &error);
      g_assert_null (answer);
      g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
      g_clear_error (&error);
      test_waiter_clear (&waiter);
    }
}

/* A connection lost while writes go out is waited out within --timeout (issue 12, 13): one
 * flush sends everything through a gateway that closes every connection after 3 frames,
 * and so does one write behind others. */
static void
test_outbox_reconnects (void)
{
  const char *sim_args[] = { "--close-after", "3", NULL };
  g_autoptr(TestSimStarted) sim = start_sim (sim_args);
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");

  store_writes (file, account, "reconnect", 8);
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--outbox", file->path, "--timeout",
                                     "120", "outbox", "flush", NULL);

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "Sent 8 writes.\n");
  }
  /* Every write arrived; the connections did drop. */
  g_assert_cmpint (query_intf (sim, "SELECT count(DISTINCT comments) FROM dispositions WHERE "
                               "comments LIKE %Q", "reconnect %"), ==, 8);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM "
                                       "wire_log"), >=, 3);

  /* A write with two before it: they go, then it; it is answered, exit 0. */
  store_writes (file, account, "before", 2);
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--outbox", file->path, "--timeout",
                                     "120", "set-telephony-outcome", "--callid", "1001",
                                     "--account", account, "--outcome", "3", "--user",
                                     "agent1", "--comments", "after", NULL);

    assert_success (run);
    g_assert_true (g_str_has_prefix (run->out, "Telephony outcome 3 recorded"));
  }
  g_assert_cmpint (query_intf (sim, "SELECT count(*) FROM dispositions WHERE comments = %Q",
                               "after"), >=, 1);
  {
    g_autoptr(JsonNode) root = outbox_json (file);

    g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, 0);
  }
}

/* A stored write that cannot be read back is the file's fault, not the gateway's (issue 12,
 * 13): a flush says so, with its own status, 6; so does a retry. */
static void
test_outbox_unreadable (void)
{
  TestSim *sim = get_shared_sim ();
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  gint64 wire_before = wire_count (sim);
  sqlite3 *db = NULL;

  store_writes (file, account, "readable", 1);
  g_assert_cmpint (sqlite3_open_v2 (file->path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO entries (created_at, operation, callid, "
                                 "data) VALUES ('2025-01-01T00:00:00Z', "
                                 "'SetCallOutcomeWithComments', '1001', '{not json');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox",
                                     "flush", NULL);

    g_assert_cmpint (run->status, ==, 6);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, "1 stored write cannot be read back"));
    g_assert_null (strstr (run->err, "gateway refused"));
  }
  /* The readable one went, the other did not. */
  g_assert_cmpint (wire_count (sim), ==, wire_before + 1);
  {
    g_autoptr(Run) list = run_lcmctl ("--outbox", file->path, "outbox", "list", NULL);
    g_autoptr(Run) retry = run_lcmctl ("--outbox", file->path, "outbox", "retry", "2", NULL);
    g_autoptr(Run) remove = run_lcmctl ("--outbox", file->path, "outbox", "remove", "2", NULL);

    assert_success (list);
    g_assert_nonnull (strstr (list->out, "refused (permanent)"));
    g_assert_cmpint (retry->status, ==, 6);
    g_assert_nonnull (strstr (retry->err, "remove it"));
    assert_success (remove);
  }
}

/* A full disk (issue 12, 13): the write cannot be stored; lcmctl says so in its words, with
 * the storage status, 5, and nothing is sent. The disk is full for real: the outbox's -wal
 * is the kernel's full device, where every write fails with ENOSPC. */
static void
test_outbox_disk_full (void)
{
  TestSim *sim = get_shared_sim ();
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *wal = g_strconcat (file->path, "-wal", NULL);
  gint64 wire_before = wire_count (sim);
  int fd;

  store_writes (file, account, "before", 1);
  if (mknod (wal, S_IFCHR | 0600, makedev (1, 7)) != 0
      || (fd = open (wal, O_WRONLY | O_CLOEXEC)) < 0)
    {
      g_test_skip ("a full device cannot be made here (mknod needs root and a dev mount)");
      g_unlink (wal);
      return;
    }
  close (fd);

  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--outbox", file->path,
                                     "set-telephony-outcome", "--callid", "1001", "--account",
                                     account, "--outcome", "3", "--user", "agent1", NULL);

    g_assert_cmpint (run->status, ==, 5);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_true (g_str_has_prefix (run->err, "lcmctl: "));
    g_assert_nonnull (strstr (run->err, "full"));
    g_assert_null (strstr (run->err, "WARNING"));
  }
  g_assert_cmpint (wire_count (sim), ==, wire_before);
  g_unlink (wal);
}

/* With --json, stdout is the answer only, whatever is logged (issue 12, 13): debug output
 * goes to stderr. */
static void
test_debug_to_stderr (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autoptr(OutboxFile) file = outbox_file_new ();
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };
  const char *read_args[] = { "--url", sim->url, "--json", "telephony-outcomes", "--account",
                              account, NULL };
  const char *write_args[] = { "--url", sim->url, "--outbox", file->path, "--json",
                               "set-telephony-outcome", "--callid", "1001", "--account",
                               account, "--outcome", "3", "--user", "agent1", NULL };
  const char * const *runs[] = { read_args, write_args };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(Run) run = run_lcmctl_in (NULL, env, runs[i]);
      g_autoptr(JsonNode) root = NULL;

      g_assert_cmpint (run->status, ==, 0);
      root = parse_json (run->out);
      g_assert_nonnull (root);
      g_assert_nonnull (strstr (run->err, "DEBUG"));
    }
}

/* An outbox's file name is taken literally (issue 12, 4): SQLite's special names and URIs
 * are files of those names in the current folder, private to the user, and what is stored
 * there is kept. */
static void
test_outbox_literal_names (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autofree char *url = free_port_url ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lcmctl-names-XXXXXX", &error);
  const char *names[] = { ":memory:", "file:x.db?mode=memory", "file::memory:",
                          "file:z.db?vfs=unix-none" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *queue[] = { "--url", url, "--outbox", names[i], "--timeout", "10",
                              "set-telephony-outcome", "--callid", "1001", "--account",
                              account, "--outcome", "3", "--user", "agent1", "--comments",
                              names[i], NULL };
      const char *list[] = { "--outbox", names[i], "outbox", "list", "--json", NULL };
      g_autoptr(Run) queued = run_lcmctl_in (dir, NULL, queue);
      g_autoptr(Run) listed = run_lcmctl_in (dir, NULL, list);
      g_autofree char *file = g_build_filename (dir, names[i], NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *entry;
      GStatBuf st;

      g_assert_cmpint (queued->status, ==, 4);
      g_assert_cmpstr (queued->out, ==, "queued\n");
      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      assert_success (listed);
      root = parse_json (listed->out);
      g_assert_cmpuint (json_array_get_length (json_array_of (root)), ==, 1);
      entry = json_array_get_object_element (json_array_of (root), 0);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry,
                                                                                     "data"),
                                                      "AgentComments"), ==, names[i]);
    }
  /* No other file was made for a URI's path. */
  {
    g_autofree char *x = g_build_filename (dir, "x.db", NULL);
    g_autofree char *z = g_build_filename (dir, "z.db", NULL);

    g_assert_false (g_file_test (x, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (z, G_FILE_TEST_EXISTS));
  }
  /* And what is kept there goes to the gateway. */
  {
    const char *flush[] = { "--url", sim->url, "--outbox", ":memory:", "outbox", "flush",
                            NULL };
    g_autoptr(Run) run = run_lcmctl_in (dir, NULL, flush);

    assert_success (run);
    g_assert_cmpstr (run->out, ==, "Sent 1 write.\n");
  }
  g_assert_cmpint (query_intf (sim, "SELECT count(*) FROM dispositions WHERE comments = %Q",
                               ":memory:"), ==, 1);
  test_remove_dir (dir);
}

/* Another program's database is refused as it is, not converted (issue 12, 6): nothing is
 * added to it, nothing is written beside it, nothing is sent. */
static void
test_outbox_foreign_database (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autoptr(OutboxFile) file = outbox_file_new ();
  const char *schemas[] = {
    "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');",
    /* Our table's name and version, another program's columns. */
    "CREATE TABLE entries (id INTEGER PRIMARY KEY, body TEXT); PRAGMA user_version = 2;",
  };
  gint64 wire_before = wire_count (sim);

  for (guint i = 0; i < G_N_ELEMENTS (schemas); i++)
    {
      g_autofree char *name = g_strdup_printf ("other-%u.sqlite", i);
      g_autofree char *other = g_build_filename (file->dir, name, NULL);
      const char *suffixes[] = { "-wal", "-shm", "-journal", ".lock" };
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gsize before_length = 0, after_length = 0;
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, schemas[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      g_assert_true (g_file_get_contents (other, &before, &before_length, NULL));

      {
        g_autoptr(Run) list = run_lcmctl ("--outbox", other, "outbox", "list", NULL);
        g_autoptr(Run) write = run_lcmctl ("--url", sim->url, "--outbox", other,
                                           "set-telephony-outcome", "--callid", "1001",
                                           "--account", account, "--outcome", "3", "--user",
                                           "agent1", NULL);

        g_assert_cmpint (list->status, ==, 5);
        g_assert_cmpstr (list->out, ==, "");
        g_assert_nonnull (strstr (list->err, "is not an outbox"));
        g_assert_cmpint (write->status, ==, 5);
        g_assert_nonnull (strstr (write->err, "is not an outbox"));
      }

      g_assert_true (g_file_get_contents (other, &after, &after_length, NULL));
      g_assert_cmpuint (after_length, ==, before_length);
      g_assert_true (memcmp (before, after, before_length) == 0);
      for (guint j = 0; j < G_N_ELEMENTS (suffixes); j++)
        {
          g_autofree char *beside = g_strconcat (other, suffixes[j], NULL);

          g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
        }
      g_unlink (other);
    }
  g_assert_cmpint (wire_count (sim), ==, wire_before);
}

/* A lock file nobody can open is not "another program sending" (issue 12, 10): lcmctl says
 * what is wrong and what to do, with the storage status, 5; the write is kept. */
static void
test_outbox_lock_unusable (void)
{
  TestSim *sim = get_shared_sim ();
  g_autofree char *account = test_sim_account_of_call (sim, "1001");
  g_autoptr(OutboxFile) file = outbox_file_new ();
  g_autofree char *lock = g_strconcat (file->path, ".lock", NULL);
  gint64 wire_before = wire_count (sim);

  /* A folder in its place. */
  g_assert_cmpint (g_mkdir (lock, 0700), ==, 0);
  {
    g_autoptr(Run) write = run_lcmctl ("--url", sim->url, "--outbox", file->path,
                                       "set-telephony-outcome", "--callid", "1001",
                                       "--account", account, "--outcome", "3", "--user",
                                       "agent1", "--comments", "behind a bad lock", NULL);
    g_autoptr(Run) flush = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox",
                                       "flush", NULL);
    Run *runs[] = { write, flush };

    for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        g_assert_cmpint (runs[i]->status, ==, 5);
        g_assert_nonnull (strstr (runs[i]->err, ".lock"));
        g_assert_nonnull (strstr (runs[i]->err, g_strerror (EISDIR)));
        g_assert_nonnull (strstr (runs[i]->err, "remove"));
        g_assert_null (strstr (runs[i]->err, "Another program"));
      }
    g_assert_nonnull (strstr (write->err, "The write is kept in"));
  }
  g_assert_cmpint (wire_count (sim), ==, wire_before);

  /* Removed: the write goes. */
  g_assert_cmpint (g_rmdir (lock), ==, 0);
  {
    g_autoptr(Run) flush = run_lcmctl ("--url", sim->url, "--outbox", file->path, "outbox",
                                       "flush", NULL);

    assert_success (flush);
    g_assert_cmpstr (flush->out, ==, "Sent 1 write.\n");
  }

  /* A lock file of another user (a flush run with sudo): root opens any file. */
  if (getuid () != 0)
    {
      g_autoptr(Run) write = NULL;

      g_assert_true (g_file_set_contents (lock, "", 0, NULL));
      g_assert_cmpint (g_chmod (lock, 0), ==, 0);
      write = run_lcmctl ("--url", sim->url, "--outbox", file->path, "set-telephony-outcome",
                          "--callid", "1001", "--account", account, "--outcome", "3",
                          "--user", "agent1", NULL);
      g_assert_cmpint (write->status, ==, 5);
      g_assert_nonnull (strstr (write->err, g_strerror (EACCES)));
    }
}

/* A self-signed gateway: lcmctl's refusal says how to trust it with lcmctl's own option,
 * not "in the settings", and that option works (issue 12, 13). */
static void
test_trusted_certificate (void)
{
  g_autoptr(TestSimStarted) sim = track_sim (test_sim_start_tls (NULL));
  g_autofree char *account = test_sim_account_of_call (sim, "12345");
  g_autofree char *certificate = test_tls_path ("gateway-cert.pem");
  g_autofree char *not_pem = test_tls_path ("README.md");
  g_autoptr(OutboxFile) file = outbox_file_new ();

  {
    g_autoptr(Run) read = run_lcmctl ("--url", sim->url, "--timeout", "60",
                                      "telephony-outcomes", "--account", account, NULL);
    g_autoptr(Run) write = run_lcmctl ("--url", sim->url, "--timeout", "60", "--outbox",
                                       file->path, "set-telephony-outcome", "--callid",
                                       "12345", "--account", account, "--outcome", "3",
                                       "--user", "agent1", NULL);

    g_assert_cmpint (read->status, ==, 3);
    g_assert_cmpint (write->status, ==, 4);
    g_assert_cmpstr (write->out, ==, "queued\n");
    for (guint i = 0; i < 2; i++)
      {
        Run *run = i == 0 ? read : write;

        g_assert_nonnull (strstr (run->err, "was refused"));
        g_assert_nonnull (strstr (run->err, "--trusted-certificate FILE"));
        g_assert_null (strstr (run->err, "settings"));
      }
  }
  {
    g_autoptr(Run) read = run_lcmctl ("--url", sim->url, "--timeout", "60",
                                      "--trusted-certificate", certificate,
                                      "telephony-outcomes", "--account", account, NULL);
    g_autoptr(Run) flush = run_lcmctl ("--url", sim->url, "--timeout", "60", "--outbox",
                                       file->path, "outbox", "flush", "--trusted-certificate",
                                       certificate, NULL);

    assert_success (read);
    assert_success (flush);
    g_assert_cmpstr (flush->out, ==, "Sent 1 write.\n");
  }
  /* A file that is no certificate: bad usage, nothing sent. */
  {
    g_autoptr(Run) run = run_lcmctl ("--url", sim->url, "--trusted-certificate", not_pem,
                                     "telephony-outcomes", "--account", account, NULL);

    assert_usage_error (run);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  signal (SIGABRT, on_abort);

  g_test_add_func ("/lcmctl/usage/help", test_usage_help);
  g_test_add_func ("/lcmctl/usage/command-help", test_usage_command_help);
  g_test_add_func ("/lcmctl/usage/errors", test_usage_errors);
  g_test_add_func ("/lcmctl/usage/no-url", test_usage_no_url);
  g_test_add_func ("/lcmctl/usage/bad-url", test_usage_bad_url);
  g_test_add_func ("/lcmctl/reads/business-outcomes", test_reads_business_outcomes);
  g_test_add_func ("/lcmctl/reads/telephony-outcomes", test_reads_telephony_outcomes);
  g_test_add_func ("/lcmctl/reads/callback-modes", test_reads_callback_modes);
  g_test_add_func ("/lcmctl/reads/callbacks", test_reads_callbacks);
  g_test_add_func ("/lcmctl/reads/journey", test_reads_journey);
  g_test_add_func ("/lcmctl/reads/url-from-environment", test_reads_url_from_environment);
  g_test_add_func ("/lcmctl/writes/set-telephony-outcome", test_writes_set_telephony_outcome);
  g_test_add_func ("/lcmctl/writes/set-outcomes", test_writes_set_outcomes);
  g_test_add_func ("/lcmctl/writes/set-business-outcome", test_writes_set_business_outcome);
  g_test_add_func ("/lcmctl/writes/output-sanitized", test_writes_output_sanitized);
  g_test_add_func ("/lcmctl/validation", test_validation);
  g_test_add_func ("/lcmctl/errors/unknown-callid", test_errors_unknown_callid);
  g_test_add_func ("/lcmctl/errors/refused", test_errors_refused);
  g_test_add_func ("/lcmctl/errors/no-gateway", test_errors_no_gateway);
  g_test_add_func ("/lcmctl/errors/timeout", test_errors_timeout);
  g_test_add_func ("/lcmctl/token", test_token);
  g_test_add_func ("/lcmctl/outbox/queued", test_outbox_queued);
  g_test_add_func ("/lcmctl/outbox/list", test_outbox_list);
  g_test_add_func ("/lcmctl/outbox/flush", test_outbox_flush);
  g_test_add_func ("/lcmctl/outbox/token", test_outbox_token);
  g_test_add_func ("/lcmctl/outbox/usage", test_outbox_usage);
  g_test_add_func ("/lcmctl/outbox/reconnects", test_outbox_reconnects);
  g_test_add_func ("/lcmctl/outbox/unreadable", test_outbox_unreadable);
  g_test_add_func ("/lcmctl/outbox/disk-full", test_outbox_disk_full);
  g_test_add_func ("/lcmctl/outbox/literal-names", test_outbox_literal_names);
  g_test_add_func ("/lcmctl/outbox/foreign-database", test_outbox_foreign_database);
  g_test_add_func ("/lcmctl/outbox/lock-unusable", test_outbox_lock_unusable);
  g_test_add_func ("/lcmctl/debug-to-stderr", test_debug_to_stderr);
  g_test_add_func ("/lcmctl/trusted-certificate", test_trusted_certificate);

  status = g_test_run ();
  g_clear_pointer (&shared_sim, stop_sim);
  return status;
}
