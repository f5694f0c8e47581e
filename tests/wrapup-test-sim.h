/* wrapup-test-sim.h: run a real lcm-sim process for end-to-end tests, read test data, and
 * wait for what an LcmClient does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "lcm.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;       /* ws://127.0.0.1:PORT/lcm, wss:// if tls, as the simulator printed it */
  guint16      port;
  char        *dir;       /* a temporary directory, removed by test_sim_free() */
  char        *db_path;   /* the simulator's SQLite database inside dir */
  GStrv        extra_args;
  gboolean     tls;       /* serves wss:// with the certificate in tests/data/tls */
} TestSim;

/* A path from the environment meson gives tests: a program built in this tree, or the data
 * directory (LCM_TEST_DATA). Aborts if it is not set. */
const char *test_sim_program_path (const char *env_name);

/* The contents of tests/data/samples/<name> (the vendor's sample frames, see its README.md),
 * found through LCM_TEST_DATA; length may be NULL. Aborts the test if it cannot be read. */
char       *test_read_sample      (const char         *name,
                                   gsize              *length);
/* text parsed by json-glib (not lcm_json_parse: a test's own JSON), failing the test if it
 * does not parse. */
JsonNode   *test_parse_json       (const char         *text);
/* tests/data/samples/<name>, parsed the same way. */
JsonNode   *test_parse_sample     (const char         *name);
/* The path of tests/data/tls/<name>, the committed self-signed certificates (see its
 * README.md). */
char       *test_tls_path         (const char         *name);

/* What a list model told in its last items-changed, and how many it told: connect
 * test_record_items_changed to "items-changed" with a TestItemsChange as its data. */
typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} TestItemsChange;

void        test_record_items_changed (GListModel      *model,
                                       guint            position,
                                       guint            removed,
                                       guint            added,
                                       TestItemsChange *change);

/* Starts lcm-sim --port 0 --db <dir>/sim.db plus extra_args (NULL-terminated, may be NULL)
 * and waits for its URL line. Aborts the test on failure. */
TestSim    *test_sim_start        (const char * const *extra_args);
/* The same serving wss:// with tests/data/tls/gateway-{cert,key}.pem: clients refuse it
 * unless told to trust that certificate. */
TestSim    *test_sim_start_tls    (const char * const *extra_args);
/* SIGKILL, as a crash would. */
void        test_sim_kill         (TestSim            *sim);
/* Starts it again on the same port and database. */
void        test_sim_restart      (TestSim            *sim);
void        test_sim_free         (TestSim            *sim);
/* Opens the simulator's database read-only, to check what reached it. */
sqlite3    *test_sim_open_db      (TestSim            *sim);
/* Runs a statement that changes the simulator's data, for a test that needs a known value
 * where the seeded data are random. */
void        test_sim_exec         (TestSim            *sim,
                                   const char         *sql);
/* The first column of the first row of a query, as an integer (0 when no row). */
gint64      test_sim_query_int    (TestSim            *sim,
                                   const char         *sql);
/* The same, as a newly allocated string (NULL when no row or NULL). */
char       *test_sim_query_text   (TestSim            *sim,
                                   const char         *sql);
/* The first column of the first row of a query of the SQLite file at path, opened read-only
 * as another program would (-1 when no row). */
gint64      test_file_query_int   (const char         *path,
                                   const char         *sql);
/* Runs statements on the SQLite file at path; fails the test if they fail. */
void        test_file_exec        (const char         *path,
                                   const char         *sql);
/* The same two with the query made from a printf format. */
gint64      test_sim_query_intf   (TestSim            *sim,
                                   const char         *format,
                                   ...) G_GNUC_PRINTF (2, 3);
char       *test_sim_query_textf  (TestSim            *sim,
                                   const char         *format,
                                   ...) G_GNUC_PRINTF (2, 3);
/* The account number of one of the simulator's calls; fails the test if there is none. */
char       *test_sim_account_of_call (TestSim         *sim,
                                      const char      *callid);
/* Waits until the query's integer is at least at_least, or timeout_ms; FALSE on timeout.
 * The simulator is another process: its database is polled, since nothing in this main
 * context wakes up when it changes. */
gboolean    test_sim_wait_for_count (TestSim          *sim,
                                     const char       *sql,
                                     gint64            at_least,
                                     guint             timeout_ms);
/* The journey request for an account over the last months (NULL with the error when the
 * values are refused). */
LcmRequest *test_journey_request  (const char         *account,
                                   guint               months,
                                   GError            **error);

/* A URL, whether plain ws:// to another host is allowed, and the LCM_CLIENT_ERROR code
 * starting a client on it gives (-1: it starts, connecting). */
typedef struct
{
  const char *url;
  gboolean    allow_insecure;
  int         code;
} TestUrlRule;

/* Starts a client on each rule's URL and checks the outcome: started and connecting, or
 * refused with the code and still disconnected; stopped, it is disconnected. */
void        test_assert_url_rules (const TestUrlRule *rules,
                                   gsize              n_rules);

/* Iterates the main context until condition(user_data) or timeout_ms; FALSE on timeout. */
gboolean    test_wait_until       (gboolean          (*condition) (gpointer user_data),
                                   gpointer            user_data,
                                   guint               timeout_ms);
/* A condition for test_wait_until(): user_data is a gboolean, TRUE once it is set. */
gboolean    test_flag_is_set      (gpointer            user_data);
/* Lets the main context run for about ms milliseconds, whatever happens. */
void        test_spin             (guint               ms);

/* A launcher whose child (a simulator, say) is killed when the test process dies: after a
 * failed assertion an orphan would hold the test's output open, and meson would wait for
 * the whole timeout. */
GSubprocessLauncher *test_subprocess_launcher_new (GSubprocessFlags flags);
/* Removes a directory and everything in it: a test's temporary one. */
void                 test_remove_dir              (const char      *path);
/* Starts the built lcmctl with args (NULL-terminated), its stdout and stderr piped, and
 * WRAPUP_SERVER_URL set to server_url, or unset when it is NULL: the environment the tests
 * run in must not choose the gateway. */
GSubprocess         *test_spawn_lcmctl            (const char         *server_url,
                                                   const char * const *args,
                                                   GError            **error);

/* Waiting for one asynchronous call: pass test_waiter_callback and a zeroed TestWaiter as
 * its callback and user_data, then test_waiter_wait() for its result. */
typedef struct
{
  GAsyncResult *result;   /* a reference, once the call has completed */
} TestWaiter;

/* A GAsyncReadyCallback whose user_data is a TestWaiter: keeps a reference to result. */
void          test_waiter_callback (GObject      *source_object,
                                    GAsyncResult *result,
                                    gpointer      user_data);
/* Iterates the main context until the call has completed and returns its result, still
 * the waiter's; fails the test if that takes more than timeout_ms. */
GAsyncResult *test_waiter_wait     (TestWaiter   *waiter,
                                    guint         timeout_ms);
/* Drops the result, so that the waiter can serve another call. */
void          test_waiter_clear    (TestWaiter   *waiter);

/* Calls request on a client that is not connected, stops the client, and checks that the
 * call fails with LCM_CLIENT_ERROR_CLOSED (within wait_ms) rather than being lost. */
void          test_assert_stop_fails_call (LcmClient  *client,
                                           LcmRequest *request,
                                           guint       wait_ms);

/* LcmClient's asynchronous calls made synchronous: each fails the test if it takes more
 * than timeout_ms, and otherwise returns what the _finish function returns. */
gboolean    test_client_connect_sync     (LcmClient   *client,
                                          guint        timeout_ms,
                                          GError     **error);
JsonNode   *test_client_call_sync        (LcmClient   *client,
                                          LcmRequest  *request,
                                          guint        timeout_ms,
                                          GError     **error);
GListModel *test_client_fetch_sync       (LcmClient   *client,
                                          LcmRequest  *request,
                                          guint        timeout_ms,
                                          GError     **error);
/* A new client for url, connected: the test fails unless it connects within timeout_ms.
 * request_timeout_ms bounds its requests; 0 keeps the library's default. */
LcmClient  *test_connect_client          (const char  *url,
                                          guint        request_timeout_ms,
                                          guint        timeout_ms);
/* Conditions for test_wait_until(): user_data is an LcmClient. */
gboolean    test_client_is_connected     (gpointer     client);
gboolean    test_client_is_not_connected (gpointer     client);
gboolean    test_client_is_reconnecting  (gpointer     client);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestSim, test_sim_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestWaiter, test_waiter_clear)

G_END_DECLS
