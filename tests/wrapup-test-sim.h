/* wrapup-test-sim.h: run a real lcm-sim process for end-to-end tests, and read test data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;       /* ws://127.0.0.1:PORT/lcm, as the simulator printed it */
  guint16      port;
  char        *dir;       /* a temporary directory, removed by test_sim_free() */
  char        *db_path;   /* the simulator's SQLite database inside dir */
  GStrv        extra_args;
} TestSim;

/* A path from the environment meson gives tests: a program built in this tree, or the data
 * directory (LCM_TEST_DATA). Aborts if it is not set. */
const char *test_sim_program_path (const char *env_name);

/* The contents of tests/data/samples/<name> (the vendor's sample frames, see its README.md),
 * found through LCM_TEST_DATA; length may be NULL. Aborts the test if it cannot be read. */
char       *test_read_sample      (const char         *name,
                                   gsize              *length);

/* Starts lcm-sim --port 0 --db <dir>/sim.db plus extra_args (NULL-terminated, may be NULL)
 * and waits for its URL line. Aborts the test on failure. */
TestSim    *test_sim_start        (const char * const *extra_args);
/* SIGKILL, as a crash would. */
void        test_sim_kill         (TestSim            *sim);
/* Starts it again on the same port and database. */
void        test_sim_restart      (TestSim            *sim);
void        test_sim_free         (TestSim            *sim);
/* Opens the simulator's database read-only, to check what reached it. */
sqlite3    *test_sim_open_db      (TestSim            *sim);
/* The first column of the first row of a query, as an integer (0 when no row). */
gint64      test_sim_query_int    (TestSim            *sim,
                                   const char         *sql);
/* The same, as a newly allocated string (NULL when no row or NULL). */
char       *test_sim_query_text   (TestSim            *sim,
                                   const char         *sql);
/* Iterates the main context until condition(user_data) or timeout_ms; FALSE on timeout. */
gboolean    test_wait_until       (gboolean          (*condition) (gpointer user_data),
                                   gpointer            user_data,
                                   guint               timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestSim, test_sim_free)

G_END_DECLS
