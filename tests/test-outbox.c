/* test-outbox.c: LcmOutbox against a real lcm-sim over loopback sockets, with faults
 *
 * Every write carries a sequence number in its comments ("seq 0042"), so what reached the
 * gateway (the simulator's dispositions and wire_log tables) shows the order of arrival and
 * every duplicate. The README ("Delivery guarantees") promises: every write arrives, in
 * order; a write is stored once per sending; it is sent again only when the answer to the
 * previous sending did not come back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

#define DEMO_ACCOUNT "5|3|1|0|0|44|1"
#define DEMO_CALL    "12345"
#define BUSY         3

/* ------------------------------------------------------------------------------------------
 * Helpers
 */

static LcmRequest *
seq_request (const char *callid,
             guint       seq,
             gint64      outcome)
{
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
  g_autofree char *comments = g_strdup_printf ("seq %04u", seq);
  g_autoptr(GError) error = NULL;
  LcmRequest *request;

  lcm_disposition_set_call_id (disposition, callid);
  lcm_disposition_set_account_number (disposition, DEMO_ACCOUNT);
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, outcome);
  lcm_disposition_set_comments (disposition, comments);
  request = lcm_request_new_disposition (disposition, NULL, &error);
  g_assert_no_error (error);
  return request;
}

static LcmRequest *
write_request (guint seq)
{
  return seq_request (DEMO_CALL, seq, BUSY);
}

static char *
outbox_path (TestSim *sim)
{
  /* In the simulator's directory: removed with it. */
  return g_build_filename (sim->dir, "outbox.db", NULL);
}

static LcmOutbox *
open_outbox (LcmClient  *client,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  LcmOutbox *outbox = lcm_outbox_new (client, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (outbox);
  return outbox;
}

/* The outcome of one submit; *out_id its id in the outbox. */
static JsonNode *
submit_sync (LcmOutbox   *outbox,
             LcmRequest  *request,
             gint64      *out_id,
             GError     **error)
{
  TestWaiter waiter = { NULL };
  JsonNode *node;

  lcm_outbox_submit_async (outbox, request, NULL, test_waiter_callback, &waiter);
  node = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 30000), out_id, error);
  test_waiter_clear (&waiter);
  return node;
}

static gboolean
flush_sync (LcmOutbox  *outbox,
            GError    **error)
{
  TestWaiter waiter = { NULL };
  gboolean ok;

  lcm_outbox_flush_async (outbox, NULL, test_waiter_callback, &waiter);
  ok = lcm_outbox_flush_finish (outbox, test_waiter_wait (&waiter, 30000), error);
  test_waiter_clear (&waiter);
  return ok;
}

static gboolean
outbox_empty (gpointer user_data)
{
  return lcm_outbox_get_n_pending (user_data) == 0;
}

typedef struct
{
  LcmOutbox *outbox;
  guint      before;
} Progress;

static gboolean
outbox_progressed (gpointer user_data)
{
  Progress *progress = user_data;

  return lcm_outbox_get_n_pending (progress->outbox) < progress->before;
}

/* Waits until nothing is pending, as long as writes keep going out: a slow build (the
 * sanitizers) takes longer, a stuck outbox fails after 30 s without progress. */
static void
wait_outbox_empty (LcmOutbox *outbox)
{
  Progress progress = { outbox, 0 };

  while ((progress.before = lcm_outbox_get_n_pending (outbox)) > 0)
    if (!test_wait_until (outbox_progressed, &progress, 30000))
      g_error ("no write was answered for 30 s; %u still pending", progress.before);
}

/* What reached the gateway */

typedef struct
{
  guint  seq;
  gint64 connection;
  gint64 count;      /* how many times this seq is stored in all */
} Stored;

static guint
seq_of (const char *text)
{
  const char *p = text != NULL ? strstr (text, "seq ") : NULL;
  char digits[5] = { 0 };
  guint64 seq = 0;

  if (p == NULL || strlen (p) < 8)
    return 0;
  memcpy (digits, p + 4, 4);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT, &seq, NULL))
    return 0;
  return (guint) seq;
}

/* The dispositions of the call, in the order the gateway stored them. */
static GArray *
stored_writes (TestSim    *sim,
               const char *callid)
{
  GArray *stored = g_array_new (FALSE, TRUE, sizeof (Stored));
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT comments, connection_id FROM dispositions "
                                       "WHERE callid = ? ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, callid, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Stored row = { 0 };

      row.seq = seq_of ((const char *) sqlite3_column_text (stmt, 0));
      row.connection = sqlite3_column_int64 (stmt, 1);
      g_assert_cmpuint (row.seq, >, 0);
      g_array_append_val (stored, row);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  {
    g_autoptr(GHashTable) counts = g_hash_table_new (g_direct_hash, g_direct_equal);

    for (guint i = 0; i < stored->len; i++)
      {
        gpointer key = GUINT_TO_POINTER (g_array_index (stored, Stored, i).seq);

        g_hash_table_insert (counts, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                      key))
                                               + 1));
      }
    for (guint i = 0; i < stored->len; i++)
      g_array_index (stored, Stored, i).count =
        GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                               GUINT_TO_POINTER (g_array_index (stored, Stored,
                                                                                i).seq)));
  }
  return stored;
}

/* How many frames carrying this sequence number reached the gateway. */
static gint64
frames_with_seq (TestSim *sim,
                 guint    seq)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM wire_log WHERE text LIKE "
                                          "'%%seq %04u%%'", seq);

  return test_sim_query_int (sim, sql);
}

/* The same for every sequence number at once: seq -> frames. */
static GHashTable *
frames_by_seq (TestSim *sim)
{
  GHashTable *frames = g_hash_table_new (g_direct_hash, g_direct_equal);
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT text FROM wire_log", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint seq = seq_of ((const char *) sqlite3_column_text (stmt, 0));
      gpointer key = GUINT_TO_POINTER (seq);

      if (seq > 0)
        g_hash_table_insert (frames, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (frames,
                                                                                      key))
                                               + 1));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return frames;
}

/* Every write 1..n arrived, and in order: the sequence numbers never go back. */
static void
assert_in_order (GArray *stored,
                 guint   n)
{
  g_autofree gboolean *seen = g_new0 (gboolean, n + 1);
  guint previous = 0;

  for (guint i = 0; i < stored->len; i++)
    {
      Stored *row = &g_array_index (stored, Stored, i);

      g_assert_cmpuint (row->seq, >=, 1);
      g_assert_cmpuint (row->seq, <=, n);
      if (row->seq < previous)
        g_error ("write %u arrived after write %u", row->seq, previous);
      previous = row->seq;
      seen[row->seq] = TRUE;
    }
  for (guint seq = 1; seq <= n; seq++)
    if (!seen[seq])
      g_error ("write %u never arrived", seq);
}

/* The README's promise: each copy at the gateway is one sending; a write is sent again only
 * when no answer came. Frames = copies for each write when the gateway stores every frame it
 * reads; a gateway killed mid-write may have read a frame it never stored (exact FALSE). */
static void
assert_copies_are_sendings (TestSim  *sim,
                            GArray   *stored,
                            gboolean  exact)
{
  g_autoptr(GHashTable) frames = frames_by_seq (sim);

  for (guint i = 0; i < stored->len; i++)
    {
      Stored *row = &g_array_index (stored, Stored, i);
      guint sent = GPOINTER_TO_UINT (g_hash_table_lookup (frames, GUINT_TO_POINTER (row->seq)));

      if (exact)
        g_assert_cmpint (sent, ==, row->count);
      else
        g_assert_cmpint (sent, >=, row->count);
    }
}

/* A request's data object as the outbox stores it. */
static char *
request_data_text (LcmRequest *request)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                    lcm_request_get_data (request));

  return json_to_string (node, FALSE);
}

/* An outbox file of its own, in a directory removed by test_remove_dir(). */
static char *
temporary_outbox_path (char **dir)
{
  g_autoptr(GError) error = NULL;

  *dir = g_dir_make_tmp ("outbox-XXXXXX", &error);
  g_assert_no_error (error);
  return g_build_filename (*dir, "outbox.db", NULL);
}

/* Stored without a gateway: the write waits. */
static gint64
store_queued (LcmOutbox  *outbox,
              LcmRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 id = 0;

  answer = submit_sync (outbox, request, &id, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
restart_without_faults (TestSim *sim)
{
  g_clear_pointer (&sim->extra_args, g_strfreev);
  test_sim_restart (sim);
}

/* Checks that lcmctl ended by itself, without a sanitizer's report. */
static void
assert_lcmctl_clean (GSubprocess *process,
                     const char  *err)
{
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_null (strstr (err, "Sanitizer"));
  g_assert_null (strstr (err, "runtime error:"));
  /* Whatever went wrong is said in lcmctl's words, never as a raw GLib warning. */
  g_assert_null (strstr (err, "-WARNING"));
  g_assert_null (strstr (err, "-CRITICAL"));
}

/* Runs lcmctl (WRAPUP_SERVER_URL unset) to its end: its exit status, its stdout and stderr
 * (each may be NULL). */
static int
run_lcmctl (const char * const  *args,
            char               **out,
            char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = test_spawn_lcmctl (NULL, args, &error);
  g_autofree char *err_text = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err_text, &error);
  g_assert_no_error (error);
  assert_lcmctl_clean (process, err_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
  return g_subprocess_get_exit_status (process);
}

/* Starts lcmctl with args and kills it (SIGKILL) as soon as it has sent a frame to the
 * simulator, as a crash would while it waits for the answer. */
static void
kill_lcmctl_once_sent (TestSim            *sim,
                       const char * const *args)
{
  gint64 frames = test_sim_query_int (sim, "SELECT count(*) FROM wire_log");
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = test_spawn_lcmctl (NULL, args, &error);

  g_assert_no_error (error);
  while (test_sim_query_int (sim, "SELECT count(*) FROM wire_log") == frames)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
}

/* lcmctl's argv for one write of the demo call, numbered seq, to url through the outbox at
 * path. */
static GStrv
write_args (const char *url,
            const char *path,
            const char *timeout,
            guint       seq)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *comments = g_strdup_printf ("seq %04u", seq);
  const char *args[] = { "--url", url, "--outbox", path, "--timeout", timeout,
                         "set-telephony-outcome", "--callid", DEMO_CALL, "--account",
                         DEMO_ACCOUNT, "--outcome", "3", "--user", "testagent",
                         "--comments", comments, NULL };

  g_strv_builder_addv (builder, args);
  return g_strv_builder_end (builder);
}

/* A full disk for the outbox's files only: the default VFS registered again, as the
 * process's default (the outbox opens its file with it unaware). The files whose name starts
 * with full_disk_path (the database, its -wal) get methods whose writes fail with
 * SQLITE_FULL while disk_full is set, as the unix VFS's do on ENOSPC. Reads, locks and the
 * shared memory go on as usual. */
typedef struct
{
  sqlite3_io_methods        methods;  /* first: a file's pMethods points here */
  const sqlite3_io_methods *real;
} FullMethods;

static sqlite3_vfs *real_vfs;
static GHashTable *full_methods;    /* the real methods -> FullMethods, for each kind of file */
static char *full_disk_path;
static gboolean disk_full;
static guint n_writes_refused;

static int
full_write (sqlite3_file  *file,
            const void    *buffer,
            int            amount,
            sqlite3_int64  offset)
{
  const FullMethods *methods = (const FullMethods *) file->pMethods;

  if (disk_full)
    {
      n_writes_refused++;
      return SQLITE_FULL;
    }
  return methods->real->xWrite (file, buffer, amount, offset);
}

static int
full_open (sqlite3_vfs      *vfs,
           sqlite3_filename  name,
           sqlite3_file     *file,
           int               flags,
           int              *out_flags)
{
  int rc = real_vfs->xOpen (real_vfs, name, file, flags, out_flags);
  FullMethods *methods;

  if (file->pMethods == NULL || name == NULL || full_disk_path == NULL
      || !g_str_has_prefix (name, full_disk_path))
    return rc;
  methods = g_hash_table_lookup (full_methods, file->pMethods);
  if (methods == NULL)
    {
      methods = g_new0 (FullMethods, 1);
      methods->methods = *file->pMethods;
      methods->methods.xWrite = full_write;
      methods->real = file->pMethods;
      g_hash_table_insert (full_methods, (gpointer) file->pMethods, methods);
    }
  file->pMethods = &methods->methods;
  return rc;
}

static void
register_full_disk_vfs (void)
{
  static sqlite3_vfs vfs;

  if (real_vfs != NULL)
    return;
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  full_methods = g_hash_table_new (g_direct_hash, g_direct_equal);
  vfs = *real_vfs;
  vfs.zName = "test-full-disk";
  vfs.xOpen = full_open;
  g_assert_cmpint (sqlite3_vfs_register (&vfs, 1), ==, SQLITE_OK);
}

/* ------------------------------------------------------------------------------------------
 * Tests
 */

static void
test_request_from_data (void)
{
  g_autoptr(LcmRequest) original = write_request (7);
  g_autoptr(LcmRequest) rebuilt = NULL;
  g_autoptr(JsonObject) no_callid = json_object_new ();
  g_autoptr(JsonObject) number_callid = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *frame_a = NULL;
  g_autofree char *frame_b = NULL;
  LcmRequest *refused;

  rebuilt = lcm_request_new_from_data (lcm_request_get_operation (original),
                                       lcm_request_get_data (original), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lcm_request_get_callid (rebuilt), ==, DEMO_CALL);
  g_assert_true (lcm_request_is_write (rebuilt));
  frame_a = lcm_request_to_frame (original, "Wrapup");
  frame_b = lcm_request_to_frame (rebuilt, "Wrapup");
  g_assert_cmpstr (frame_a, ==, frame_b);

  /* A write needs its callid. */
  json_object_set_string_member (no_callid, "AccountNumber", DEMO_ACCOUNT);
  refused = lcm_request_new_from_data (LCM_OPERATION_SET_TELEPHONY_OUTCOME, no_callid, &error);
  g_assert_null (refused);
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_EMPTY_CALL_ID);
  g_clear_error (&error);

  json_object_set_int_member (number_callid, "callid", 12345);
  refused = lcm_request_new_from_data (LCM_OPERATION_SET_OUTCOMES, number_callid, &error);
  g_assert_null (refused);
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);

  refused = lcm_request_new_from_data ((LcmOperation) 99, no_callid, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A read may carry none. */
  {
    g_autoptr(LcmRequest) read = lcm_request_new_from_data (LCM_OPERATION_TELEPHONY_OUTCOMES,
                                                            no_callid, &error);
    g_assert_no_error (error);
    g_assert_null (lcm_request_get_callid (read));
    g_assert_false (lcm_request_is_write (read));
  }
}

/* Stored without any gateway, kept across a reopen, private to the user. */
static void
test_store_and_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("outbox-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sub", "outbox.db", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  gint64 ids[3] = { 0 };
  GStatBuf st;

  {
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);

    g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(LcmRequest) request = write_request (i + 1);
        g_autoptr(JsonNode) answer = submit_sync (outbox, request, &ids[i], &error);

        /* No gateway: stored, and queued. */
        g_assert_null (answer);
        g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
        g_assert_cmpstr (error->message, ==, "No gateway is set");
        g_clear_error (&error);
        g_assert_cmpint (ids[i], >, 0);
        if (i > 0)
          g_assert_cmpint (ids[i], >, ids[i - 1]);
      }
    g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 3);
    g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (lcm_outbox_get_entries (outbox)), ==, 3);
    g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE state = "
                                                "'pending'"), ==, 3);
  }

  /* The file and its directory are the user's only: comments about customers. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  /* Write-ahead log, and every commit on disk. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  /* Reopened: the same writes, in the same order, with their data. */
  {
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);
    GListModel *entries = lcm_outbox_get_entries (outbox);

    g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 3);
    g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);
        g_autofree char *comments = g_strdup_printf ("seq %04u", i + 1);
        JsonObject *data = lcm_outbox_entry_get_data (entry);

        g_assert_cmpint (lcm_outbox_entry_get_id (entry), ==, ids[i]);
        g_assert_cmpint (lcm_outbox_entry_get_state (entry), ==, LCM_OUTBOX_ENTRY_PENDING);
        g_assert_cmpint (lcm_outbox_entry_get_operation (entry), ==,
                         LCM_OPERATION_SET_TELEPHONY_OUTCOME);
        g_assert_cmpstr (lcm_outbox_entry_get_call_id (entry), ==, DEMO_CALL);
        g_assert_cmpstr (lcm_outbox_entry_get_account_number (entry), ==, DEMO_ACCOUNT);
        g_assert_cmpuint (lcm_outbox_entry_get_attempts (entry), ==, 0);
        g_assert_null (lcm_outbox_entry_get_last_error (entry));
        g_assert_nonnull (lcm_outbox_entry_get_created_at (entry));
        g_assert_nonnull (data);
        g_assert_cmpstr (json_object_get_string_member (data, "AgentComments"), ==, comments);
        g_assert_true (lcm_outbox_lookup (outbox, ids[i]) == entry);
      }

    /* Remove one; the others stay. */
    g_assert_true (lcm_outbox_remove (outbox, ids[1], &error));
    g_assert_no_error (error);
    g_assert_false (lcm_outbox_remove (outbox, ids[1], &error));
    g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (lcm_outbox_retry (outbox, 999, &error));
    g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 2);
    g_assert_null (lcm_outbox_lookup (outbox, ids[1]));
  }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 2);

  /* Not an outbox: refused with a clear error, and the file is left alone. */
  g_assert_true (g_file_set_contents (junk, "this is not a database, just text\n", -1, NULL));
  {
    LcmOutbox *outbox = lcm_outbox_new (NULL, junk, &error);
    g_autofree char *contents = NULL;

    g_assert_null (outbox);
    g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (junk, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "this is not a database, just text\n");
  }

  /* An outbox of a newer schema is not touched either. */
  test_file_exec (path, "PRAGMA user_version = 99;");
  g_assert_null (lcm_outbox_new (NULL, path, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
  g_clear_error (&error);

  g_unlink (junk);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (lock);
  g_rmdir (parent);
  g_rmdir (dir);
}

/* Committed before it is sent, and deleted only once the gateway said yes. */
static void
test_commit_before_send (void)
{
  const char *args[] = { "--delay-ms", "1500", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(LcmRequest) request = write_request (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  TestWaiter waiter = { NULL };
  gint64 id = 0;

  lcm_outbox_submit_async (outbox, request, NULL, test_waiter_callback, &waiter);
  /* Before the main loop ran at all, the write is in the file, as another program sees it. */
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE state = "
                                              "'pending' AND data LIKE '%seq 0001%'"), ==, 1);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 1);

  /* The gateway has it, and has not answered yet (its answers wait 1.5 s): still there. */
  g_assert_true (test_sim_wait_for_count (sim, "SELECT count(*) FROM wire_log WHERE text "
                                         "LIKE '%seq 0001%'", 1, 20000));
  g_assert_null (waiter.result);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 1);
  {
    g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (lcm_outbox_get_entries (outbox),
                                                             0);
    g_assert_true (lcm_outbox_entry_get_sending (entry));
  }

  answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 20000), &id, &error);
  test_waiter_clear (&waiter);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "success"));
  g_assert_cmpint (id, >, 0);

  /* Answered: gone from the file and the list. */
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (lcm_outbox_get_entries (outbox)), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
}

/* A refusal is kept, with the gateway's words and its kind, and not sent again by itself.
 * A WS_Error is for good: a retry sends nothing. {"success": false} may go again. */
static void
test_refused (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(LcmRequest) unknown_call = seq_request ("99999", 1, BUSY);
  /* An outcome the gateway does not know: {"success": false}. */
  g_autoptr(LcmRequest) unknown_outcome =
    seq_request (DEMO_CALL, 2, test_sim_query_int (sim, "SELECT max(outcome_id) + 1 FROM "
                                                   "telephony_outcomes"));
  g_autoptr(LcmRequest) good = write_request (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmOutboxEntry) failed = NULL;
  g_autoptr(LcmOutboxEntry) refused = NULL;
  JsonNode *answer;
  gint64 id_ws = 0, id_false = 0, id_good = 0;

  answer = submit_sync (outbox, unknown_call, &id_ws, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  g_assert_cmpstr (error->message, ==, "Invalid Call ID.");
  g_clear_error (&error);

  answer = submit_sync (outbox, unknown_outcome, &id_false, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_REFUSED);
  g_clear_error (&error);

  /* The next write is not held up by the refused ones. */
  answer = submit_sync (outbox, good, &id_good, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  json_node_unref (answer);

  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 2);
  failed = g_object_ref (lcm_outbox_lookup (outbox, id_ws));
  g_assert_cmpint (lcm_outbox_entry_get_state (failed), ==, LCM_OUTBOX_ENTRY_FAILED);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (failed), ==, LCM_OUTBOX_REFUSAL_PERMANENT);
  g_assert_cmpstr (lcm_outbox_entry_get_last_error (failed), ==, "Invalid Call ID.");
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (failed), ==, 1);
  refused = g_object_ref (lcm_outbox_lookup (outbox, id_false));
  g_assert_cmpint (lcm_outbox_entry_get_state (refused), ==, LCM_OUTBOX_ENTRY_FAILED);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (refused), ==, LCM_OUTBOX_REFUSAL_TEMPORARY);
  {
    LcmOutboxRefusal kind = LCM_OUTBOX_REFUSAL_NONE;

    g_object_get (refused, "refusal", &kind, NULL);
    g_assert_cmpint (kind, ==, LCM_OUTBOX_REFUSAL_TEMPORARY);
  }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE refusal = "
                                              "'permanent' AND last_error = 'Invalid Call ID.'"),
                   ==, 1);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE refusal = "
                                              "'temporary'"), ==, 1);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE state = 'failed' "
                                              "AND last_error = 'Invalid Call ID.'"), ==, 1);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE state = 'failed' "
                                              "AND last_error IS NOT NULL"), ==, 2);

  /* A flush and a reconnection do not send a failed write again. */
  g_assert_true (flush_sync (outbox, &error));
  g_assert_no_error (error);
  test_sim_restart (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));
  g_assert_true (test_wait_until (test_client_is_connected, client, 20000));
  g_assert_true (flush_sync (outbox, &error));
  g_assert_no_error (error);
  g_assert_cmpint (frames_with_seq (sim, 1), ==, 1);
  g_assert_cmpint (frames_with_seq (sim, 2), ==, 1);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 2);

  /* The kinds are in the file: another program opening it sees them. */
  {
    g_autoptr(LcmOutbox) reader = open_outbox (NULL, path);

    g_assert_cmpint (lcm_outbox_entry_get_refusal (lcm_outbox_lookup (reader, id_ws)), ==,
                     LCM_OUTBOX_REFUSAL_PERMANENT);
    g_assert_cmpint (lcm_outbox_entry_get_refusal (lcm_outbox_lookup (reader, id_false)), ==,
                     LCM_OUTBOX_REFUSAL_TEMPORARY);
  }

  /* Refused for good: a retry is refused, and sends nothing, now or later. */
  g_assert_false (lcm_outbox_retry (outbox, id_ws, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_PERMANENT);
  g_assert_nonnull (strstr (error->message, "Invalid Call ID."));
  g_assert_nonnull (strstr (error->message, "for good"));
  g_clear_error (&error);
  g_assert_cmpint (lcm_outbox_entry_get_state (failed), ==, LCM_OUTBOX_ENTRY_FAILED);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (failed), ==, LCM_OUTBOX_REFUSAL_PERMANENT);
  g_assert_true (flush_sync (outbox, &error));
  g_assert_no_error (error);
  g_assert_cmpint (frames_with_seq (sim, 1), ==, 1);
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (failed), ==, 1);

  /* Refused for now: a failed write cannot be lost by accident, but it can be retried; it
   * is sent again, and refused again. */
  g_assert_true (lcm_outbox_retry (outbox, id_false, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lcm_outbox_entry_get_state (refused), ==, LCM_OUTBOX_ENTRY_PENDING);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (refused), ==, LCM_OUTBOX_REFUSAL_NONE);
  g_assert_null (lcm_outbox_entry_get_last_error (refused));
  g_assert_false (flush_sync (outbox, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (frames_with_seq (sim, 2), ==, 2);
  g_assert_cmpint (frames_with_seq (sim, 1), ==, 1);
  g_assert_cmpint (lcm_outbox_entry_get_state (refused), ==, LCM_OUTBOX_ENTRY_FAILED);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (refused), ==, LCM_OUTBOX_REFUSAL_TEMPORARY);
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (refused), ==, 2);

  /* Removed on purpose: then it is gone. */
  g_assert_true (lcm_outbox_remove (outbox, id_ws, &error));
  g_assert_true (lcm_outbox_remove (outbox, id_false, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 0);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
}

/* The gateway stored the write and its answer never came (--drop-write-answers): after the
 * timeout it stays pending, and goes again; the gateway then has it twice (or more, one per
 * sending), never zero times. */
static void
test_answer_lost_timeout (void)
{
  const char *args[] = { "--drop-write-answers", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 1000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(LcmRequest) request = write_request (1);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;
  gint64 id = 0;

  answer = submit_sync (outbox, request, &id, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_assert_nonnull (strstr (error->message, "did not answer"));
  g_clear_error (&error);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 1);
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (lcm_outbox_lookup (outbox, id)), >=, 1);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), >=, 1);

  /* The gateway comes back without the fault: the write goes again and is answered. */
  restart_without_faults (sim);
  g_assert_true (test_wait_until (outbox_empty, outbox, 30000));
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);

  stored = stored_writes (sim, DEMO_CALL);
  g_assert_cmpuint (stored->len, >=, 2);
  assert_in_order (stored, 1);
  /* A retry may have reached the gateway as it was killed. */
  assert_copies_are_sendings (sim, stored, FALSE);
}

/* The connection drops between the write and its answer: the client sends it again on the
 * next connection; stored twice, because the first answer was lost. */
static void
test_connection_dropped_before_answer (void)
{
  const char *args[] = { "--drop-write-answers", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 30000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(LcmRequest) request = write_request (1);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  TestWaiter waiter = { NULL };

  lcm_outbox_submit_async (outbox, request, NULL, test_waiter_callback, &waiter);
  g_assert_true (test_sim_wait_for_count (sim, "SELECT count(*) FROM dispositions", 1, 20000));

  /* Stored at the gateway, no answer: the connection goes. */
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));
  /* Those waiting hear that it is saved, and will go when the connection is back. */
  answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 10000), NULL, &error);
  test_waiter_clear (&waiter);
  g_assert_null (answer);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_clear_error (&error);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 1);

  restart_without_faults (sim);
  g_assert_true (test_wait_until (outbox_empty, outbox, 30000));
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);

  stored = stored_writes (sim, DEMO_CALL);
  g_assert_cmpuint (stored->len, ==, 2);
  assert_in_order (stored, 1);
  assert_copies_are_sendings (sim, stored, TRUE);
}

/* The gateway is killed (kill -9) mid-session: what was stored meanwhile goes out in order
 * once it is back, each write once. */
static void
test_gateway_killed (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  for (guint seq = 1; seq <= 3; seq++)
    {
      g_autoptr(LcmRequest) request = write_request (seq);
      g_autoptr(JsonNode) answer = submit_sync (outbox, request, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (answer);
    }

  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));
  for (guint seq = 4; seq <= 8; seq++)
    {
      g_autoptr(LcmRequest) request = write_request (seq);
      g_autoptr(JsonNode) answer = submit_sync (outbox, request, NULL, &error);

      g_assert_null (answer);
      g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
      g_clear_error (&error);
    }
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 5);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 5);

  test_sim_restart (sim);
  g_assert_true (test_wait_until (outbox_empty, outbox, 30000));

  stored = stored_writes (sim, DEMO_CALL);
  assert_in_order (stored, 8);
  /* Nothing was in flight when it died: each arrived once. */
  g_assert_cmpuint (stored->len, ==, 8);

  /* And killed while a stream of writes is going out. */
  for (guint seq = 9; seq <= 40; seq++)
    {
      g_autoptr(LcmRequest) request = write_request (seq);

      lcm_outbox_submit_async (outbox, request, NULL, NULL, NULL);
    }
  g_assert_true (test_sim_wait_for_count (sim, "SELECT count(*) FROM dispositions", 14,
                                         20000));
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), >, 0);
  test_sim_restart (sim);
  g_assert_true (test_wait_until (outbox_empty, outbox, 30000));

  g_clear_pointer (&stored, g_array_unref);
  stored = stored_writes (sim, DEMO_CALL);
  assert_in_order (stored, 40);
  assert_copies_are_sendings (sim, stored, FALSE);
  /* At most the write in flight when the gateway died arrived twice. */
  g_assert_cmpuint (stored->len, <=, 41);
}

/* A program (lcmctl --outbox) killed with writes pending; another one flushes the file. */
static void
test_client_killed (void)
{
  const char *args[] = { "--drop-write-answers", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  /* Three writes get no answer: each lcmctl stores its write, sends the oldest one waiting
   * (the gateway stores it, and says nothing), and exits 4, "queued". */
  for (guint seq = 1; seq <= 3; seq++)
    {
      g_auto(GStrv) argv = write_args (sim->url, path, "1", seq);
      g_autofree char *out = NULL;

      g_assert_cmpint (run_lcmctl ((const char * const *) argv, &out, NULL), ==, 4);
      g_assert_cmpstr (out, ==, "queued\n");
    }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE state = "
                                              "'pending'"), ==, 3);

  /* The fourth is killed while it waits for an answer. */
  {
    g_auto(GStrv) argv = write_args (sim->url, path, "60", 4);
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    kill_lcmctl_once_sent (sim, (const char * const *) argv);
    /* The gateway stores what it read before it is restarted. */
    while (test_sim_query_int (sim, "SELECT count(*) FROM dispositions")
           < test_sim_query_int (sim, "SELECT count(*) FROM wire_log"))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (20000);
      }
  }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE state = "
                                              "'pending'"), ==, 4);
  g_assert_cmpint (test_file_query_int (path, "SELECT max(id) FROM entries"), ==, 4);

  /* A new process flushes the file to the gateway, back without the fault. */
  restart_without_faults (sim);
  {
    const char *argv[] = { "--outbox", path, "--url", sim->url, "outbox", "flush", NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (run_lcmctl (argv, &out, NULL), ==, 0);
    g_assert_cmpstr (out, ==, "Sent 4 writes.\n");
  }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);

  stored = stored_writes (sim, DEMO_CALL);
  assert_in_order (stored, 4);
  assert_copies_are_sendings (sim, stored, TRUE);
  /* Only the oldest went out before the flush (once per program that waited for it). */
  for (guint i = 0; i < stored->len; i++)
    {
      Stored *row = &g_array_index (stored, Stored, i);

      /* Each program sent it once; the three that gave up almost surely did. */
      if (row->seq > 1)
        g_assert_cmpint (row->count, ==, 1);
      else
        g_assert_cmpint (row->count, >=, 2);
    }
}

/* 1,000 writes through a gateway that closes every connection after 50 frames, without
 * answering the 50th. */
static void
test_close_every_50 (void)
{
  const guint n = 1000;
  const char *args[] = { "--close-after", "50", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(GArray) stored = NULL;
  gint64 closed_connections;
  guint duplicates = 0;
  sqlite3 *db;

  for (guint seq = 1; seq <= n; seq++)
    {
      g_autoptr(LcmRequest) request = write_request (seq);

      lcm_outbox_submit_async (outbox, request, NULL, NULL, NULL);
    }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, n);
  wait_outbox_empty (outbox);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);

  stored = stored_writes (sim, DEMO_CALL);
  assert_in_order (stored, n);
  assert_copies_are_sendings (sim, stored, TRUE);

  /* A copy more only where an answer was lost: the 50th frame of a connection, sent again
   * as the first of the next one. Everywhere else, once. */
  db = test_sim_open_db (sim);
  for (guint i = 0; i < stored->len; i++)
    {
      Stored *row = &g_array_index (stored, Stored, i);
      sqlite3_stmt *stmt = NULL;
      guint last_seq;

      g_assert_cmpint (row->count, <=, 2);
      if (i + 1 >= stored->len || g_array_index (stored, Stored, i + 1).seq != row->seq)
        continue;

      /* The first of two copies: the last frame its connection carried. */
      duplicates++;
      g_assert_cmpint (row->connection, !=, g_array_index (stored, Stored, i + 1).connection);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT text FROM wire_log WHERE connection_id "
                                           "= ? ORDER BY id DESC LIMIT 1", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, row->connection);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      last_seq = seq_of ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      g_assert_cmpuint (last_seq, ==, row->seq);
    }
  sqlite3_close (db);

  closed_connections = test_sim_query_int (sim, "SELECT count(*) FROM (SELECT connection_id "
                                           "FROM wire_log GROUP BY connection_id HAVING "
                                           "count(*) >= 50)");
  g_test_message ("%u writes, %u stored, %" G_GINT64_FORMAT " connections closed, "
                  "%u duplicates", n, stored->len, closed_connections, duplicates);
  g_assert_cmpint (closed_connections, >=, n / 50);
  g_assert_cmpuint (duplicates, ==, closed_connections);
  g_assert_cmpuint (stored->len, ==, n + duplicates);
}

/* Two outboxes on one file (two programs): one sends, in order; the other's writes wait for
 * it and are sent by it. */
static void
test_one_sender (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client_a = test_connect_client (sim->url, 15000, 10000);
  g_autoptr(LcmClient) client_b = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) sender = open_outbox (client_a, path);
  g_autoptr(LcmOutbox) other = open_outbox (client_b, path);
  g_autoptr(LcmRequest) first = write_request (1);
  g_autoptr(LcmRequest) second = write_request (2);
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  answer = submit_sync (sender, first, NULL, &error);
  g_assert_no_error (error);
  json_node_unref (answer);

  answer = submit_sync (other, second, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_assert_nonnull (strstr (error->message, "Another program"));
  g_clear_error (&error);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 1);

  /* The sender picks up what the other stored. */
  g_assert_true (flush_sync (sender, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);
  stored = stored_writes (sim, DEMO_CALL);
  g_assert_cmpuint (stored->len, ==, 2);
  assert_in_order (stored, 2);

  /* Once the sender is gone, the other one may send. */
  g_clear_object (&sender);
  {
    g_autoptr(LcmRequest) third = write_request (3);

    answer = submit_sync (other, third, NULL, &error);
    g_assert_no_error (error);
    json_node_unref (answer);
  }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 3);
}

/* What the file holds cannot crash the outbox, or be dropped: an unreadable write is kept as
 * failed, and those after it are sent. */
static void
test_damaged_entries (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autofree char *path = outbox_path (sim);
  g_autofree char *deep = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GString) nested = g_string_new ("{\"callid\": ");

  /* Made, then damaged by hand. */
  g_object_unref (open_outbox (NULL, path));
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  deep = g_string_free (g_steal_pointer (&nested), FALSE);
  sql = g_strdup_printf (
    "INSERT INTO entries (created_at, operation, callid, data) VALUES "
    "('yesterday', 'SetCallOutcomeWithComments', '12345', '{not json'),"
    "('2025-01-01T00:00:00Z', 'GetCustomerJourney', '12345', '{\"callid\": \"12345\"}'),"
    "('2025-01-01T00:00:00Z', 'NoSuchThing', '12345', '{\"callid\": \"12345\"}'),"
    "('2025-01-01T00:00:00Z', 'SetCallOutcomeWithComments', '12345', '%s'),"
    "('2025-01-01T00:00:00Z', 'SetCallOutcomeWithComments', NULL, '{\"callid\": 5}');", deep);
  test_file_exec (path, sql);

  {
    g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
    g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
    g_autoptr(LcmRequest) good = write_request (1);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) answer = NULL;
    GListModel *entries = lcm_outbox_get_entries (outbox);

    g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 5);
    answer = submit_sync (outbox, good, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (answer);

    g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
    g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);

        g_assert_cmpint (lcm_outbox_entry_get_state (entry), ==, LCM_OUTBOX_ENTRY_FAILED);
        g_assert_nonnull (lcm_outbox_entry_get_last_error (entry));
        g_assert_nonnull (lcm_outbox_entry_get_created_at (entry));
        /* Sending it again could not help: it can only be removed. Not the gateway's
         * doing: the file's. */
        g_assert_cmpint (lcm_outbox_entry_get_refusal (entry), ==,
                         LCM_OUTBOX_REFUSAL_PERMANENT);
        g_assert_false (lcm_outbox_retry (outbox, lcm_outbox_entry_get_id (entry), &error));
        g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE);
        g_assert_nonnull (strstr (error->message, "remove it"));
        g_clear_error (&error);
      }
  }
  /* Only the good one reached the gateway. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 1);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
}

/* The summary for people goes into the file with the write, bounded to 200 characters, and
 * never onto the wire. */
static void
test_summary (void)
{
  const char *summary = "Busy · Intéressé › Devis envoyé";
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmRequest) with_summary = write_request (1);
  g_autoptr(LcmRequest) without = write_request (2);
  g_autoptr(LcmRequest) long_summary = write_request (3);
  g_autoptr(GString) long_text = g_string_new ("x");
  g_autofree char *frame = NULL;
  g_autofree char *cut = NULL;
  gint64 ids[3];

  lcm_request_set_summary (with_summary, summary);
  g_assert_cmpstr (lcm_request_get_summary (with_summary), ==, summary);
  g_assert_null (lcm_request_get_summary (without));
  frame = lcm_request_to_frame (with_summary, "Wrapup");
  g_assert_null (strstr (frame, "Devis"));
  g_assert_null (strstr (frame, "ummary"));

  /* 301 characters, all but the first of two bytes: a cut by bytes would split one. */
  for (guint i = 0; i < 300; i++)
    g_string_append (long_text, "é");
  lcm_request_set_summary (long_summary, long_text->str);
  cut = g_strndup (long_text->str, g_utf8_offset_to_pointer (long_text->str, 200)
                                   - long_text->str);

  {
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);

    ids[0] = store_queued (outbox, with_summary);
    ids[1] = store_queued (outbox, without);
    ids[2] = store_queued (outbox, long_summary);
    g_assert_cmpstr (lcm_outbox_entry_get_summary (lcm_outbox_lookup (outbox, ids[0])), ==,
                     summary);
  }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE summary = "
                                              "'Busy · Intéressé › Devis envoyé'"), ==, 1);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries WHERE summary IS NULL"),
                   ==, 1);
  g_assert_cmpint (test_file_query_int (path, "SELECT max(length(summary)) FROM entries"), ==, 200);

  /* Read back from the file, and sent without it. */
  {
    g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);
    g_autoptr(GError) error = NULL;
    g_autofree char *property = NULL;
    const char *stored;

    g_object_get (lcm_outbox_lookup (outbox, ids[0]), "summary", &property, NULL);
    g_assert_cmpstr (property, ==, summary);
    g_assert_null (lcm_outbox_entry_get_summary (lcm_outbox_lookup (outbox, ids[1])));
    stored = lcm_outbox_entry_get_summary (lcm_outbox_lookup (outbox, ids[2]));
    g_assert_true (g_utf8_validate (stored, -1, NULL));
    g_assert_cmpstr (stored, ==, cut);

    lcm_outbox_set_client (outbox, client);
    g_assert_true (flush_sync (outbox, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 3);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 3);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                       "'%Devis%' OR text LIKE '%éé%' OR text LIKE "
                                       "'%ummary%'"), ==, 0);
}

/* What the app shows of a waiting write, read from its data: the comments and the window of
 * the callback it books. */
static void
test_entry_readers (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = temporary_outbox_path (&dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, 2);
  g_autofree char *start_text = g_date_time_format (day, "%d/%m/%Y 09:30");
  g_autoptr(GDateTime) start = lcm_parse_date_time (start_text, NULL, NULL);
  g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 90);
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
  g_autoptr(LcmRequest) callback = NULL;
  g_autoptr(LcmRequest) telephony = write_request (1);
  g_autoptr(LcmRequest) no_comments = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id_callback, id_telephony, id_no_comments;

  lcm_disposition_set_call_id (disposition, DEMO_CALL);
  lcm_disposition_set_account_number (disposition, DEMO_ACCOUNT);
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, 4);
  lcm_disposition_set_business_outcome (disposition, 101);
  lcm_disposition_set_callback_window (disposition, start, end);
  lcm_disposition_set_callback_mode (disposition, 3);
  lcm_disposition_set_comments (disposition, "Call back about the quote");
  callback = lcm_request_new_disposition (disposition, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (callback), ==,
                   LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK);

  lcm_disposition_set_business_outcome (disposition, LCM_NONE);
  lcm_disposition_set_callback_window (disposition, NULL, NULL);
  lcm_disposition_set_comments (disposition, NULL);
  no_comments = lcm_request_new_disposition (disposition, now, &error);
  g_assert_no_error (error);

  {
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);

    id_callback = store_queued (outbox, callback);
    id_telephony = store_queued (outbox, telephony);
    id_no_comments = store_queued (outbox, no_comments);
  }
  /* And one whose window and comments cannot be read. */
  test_file_exec (path, "INSERT INTO entries (created_at, operation, callid, data) VALUES "
                   "('2025-01-01T00:00:00Z', 'SetBusinessOutcomeWithPersonalCallback', "
                   "'12345', '{\"callid\": \"12345\", \"StartDate\": \"31/02/2030\", "
                   "\"StartTime\": \"09:00\", \"EndDate\": \"01/03/2030\", "
                   "\"EndTime\": \"10:00\", \"AgentComments\": 5}');");

  {
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);
    LcmOutboxEntry *entry = lcm_outbox_lookup (outbox, id_callback);
    GDateTime *read_start = NULL;
    GDateTime *read_end = NULL;
    g_autoptr(LcmOutboxEntry) damaged = NULL;

    g_assert_cmpstr (lcm_outbox_entry_get_comments (entry), ==, "Call back about the quote");
    g_assert_true (lcm_outbox_entry_get_callback_window (entry, &read_start, &read_end));
    g_assert_true (g_date_time_equal (read_start, start));
    g_assert_true (g_date_time_equal (read_end, end));
    g_assert_cmpint (g_date_time_get_hour (read_start), ==, 9);
    g_assert_cmpint (g_date_time_get_minute (read_start), ==, 30);
    g_clear_pointer (&read_start, g_date_time_unref);
    g_clear_pointer (&read_end, g_date_time_unref);
    /* Either end may be left out. */
    g_assert_true (lcm_outbox_entry_get_callback_window (entry, NULL, &read_end));
    g_assert_true (g_date_time_equal (read_end, end));
    g_clear_pointer (&read_end, g_date_time_unref);

    entry = lcm_outbox_lookup (outbox, id_telephony);
    g_assert_cmpstr (lcm_outbox_entry_get_comments (entry), ==, "seq 0001");
    read_start = read_end = (GDateTime *) 0x1;
    g_assert_false (lcm_outbox_entry_get_callback_window (entry, &read_start, &read_end));
    g_assert_null (read_start);
    g_assert_null (read_end);

    /* Sent as "", which is none. */
    entry = lcm_outbox_lookup (outbox, id_no_comments);
    g_assert_cmpstr (json_object_get_string_member (lcm_outbox_entry_get_data (entry),
                                                    "AgentComments"), ==, "");
    g_assert_null (lcm_outbox_entry_get_comments (entry));

    damaged = g_list_model_get_item (lcm_outbox_get_entries (outbox), 3);
    g_assert_cmpint (lcm_outbox_entry_get_operation (damaged), ==,
                     LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK);
    g_assert_null (lcm_outbox_entry_get_comments (damaged));
    g_assert_false (lcm_outbox_entry_get_callback_window (damaged, &read_start, &read_end));
    g_assert_null (read_start);
    g_assert_null (read_end);
  }
  test_remove_dir (dir);
}

/* The first schema, as the first version of the outbox made it. */
static const char *schema_v1 =
  "CREATE TABLE entries ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_at TEXT NOT NULL,"
  "  operation TEXT NOT NULL,"
  "  callid TEXT,"
  "  account_number TEXT,"
  "  data TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT"
  ");"
  "PRAGMA user_version = 1;";

static void
make_v1_file (const char *path,
              const char *extra_sql)
{
  g_autoptr(LcmRequest) pending = write_request (1);
  g_autoptr(LcmRequest) failed = write_request (2);
  g_autofree char *pending_data = request_data_text (pending);
  g_autofree char *failed_data = request_data_text (failed);
  g_autofree char *sql = g_strdup_printf (
    "%s %s"
    "INSERT INTO entries (created_at, operation, callid, account_number, data) VALUES "
    "('2025-01-01T10:00:00Z', 'SetCallOutcomeWithComments', '12345', '%s', '%s');"
    "INSERT INTO entries (created_at, operation, callid, account_number, data, state, "
    "attempts, last_error) VALUES ('2025-01-01T10:01:00Z', 'SetCallOutcomeWithComments', "
    "'12345', '%s', '%s', 'failed', 1, 'Refused in version 1');",
    schema_v1, extra_sql, DEMO_ACCOUNT, pending_data, DEMO_ACCOUNT, failed_data);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A file of the first version is brought up to date in place: its writes stay, in order,
 * and the failed ones may be sent again, since their kind is not known. */
static void
test_migrate_v1 (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = temporary_outbox_path (&dir);
  g_autofree char *broken = g_build_filename (dir, "broken.db", NULL);
  g_autoptr(GError) error = NULL;

  make_v1_file (path, "");
  {
    g_autoptr(LcmOutbox) outbox = open_outbox (NULL, path);
    GListModel *entries = lcm_outbox_get_entries (outbox);
    g_autoptr(LcmOutboxEntry) pending = g_list_model_get_item (entries, 0);
    g_autoptr(LcmOutboxEntry) failed = g_list_model_get_item (entries, 1);

    g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 2);
    g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 1);
    g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 1);

    g_assert_cmpint (lcm_outbox_entry_get_id (pending), ==, 1);
    g_assert_cmpint (lcm_outbox_entry_get_state (pending), ==, LCM_OUTBOX_ENTRY_PENDING);
    g_assert_cmpint (lcm_outbox_entry_get_refusal (pending), ==, LCM_OUTBOX_REFUSAL_NONE);
    g_assert_cmpstr (lcm_outbox_entry_get_comments (pending), ==, "seq 0001");
    g_assert_cmpstr (lcm_outbox_entry_get_account_number (pending), ==, DEMO_ACCOUNT);
    g_assert_null (lcm_outbox_entry_get_summary (pending));

    g_assert_cmpint (lcm_outbox_entry_get_id (failed), ==, 2);
    g_assert_cmpint (lcm_outbox_entry_get_state (failed), ==, LCM_OUTBOX_ENTRY_FAILED);
    g_assert_cmpint (lcm_outbox_entry_get_refusal (failed), ==, LCM_OUTBOX_REFUSAL_TEMPORARY);
    g_assert_cmpstr (lcm_outbox_entry_get_last_error (failed), ==, "Refused in version 1");
    g_assert_cmpuint (lcm_outbox_entry_get_attempts (failed), ==, 1);
    g_assert_cmpstr (lcm_outbox_entry_get_comments (failed), ==, "seq 0002");
    g_assert_null (lcm_outbox_entry_get_summary (failed));

    /* A retry is allowed: it waits for a gateway. */
    g_assert_true (lcm_outbox_retry (outbox, 2, &error));
    g_assert_no_error (error);
    g_assert_cmpint (lcm_outbox_entry_get_state (failed), ==, LCM_OUTBOX_ENTRY_PENDING);
  }
  g_assert_cmpint (test_file_query_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM pragma_table_info('entries') "
                                              "WHERE name IN ('refusal', 'summary')"), ==, 2);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 2);

  /* Reopened at version 2: nothing more to do. */
  g_object_unref (open_outbox (NULL, path));
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 2);

  /* All or nothing: a file the migration fails on midway (its second column is there
   * already) is left as it was. */
  make_v1_file (broken, "ALTER TABLE entries ADD COLUMN summary TEXT;");
  g_assert_null (lcm_outbox_new (NULL, broken, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
  g_clear_error (&error);
  g_assert_cmpint (test_file_query_int (broken, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (test_file_query_int (broken, "SELECT count(*) FROM pragma_table_info('entries') "
                                                "WHERE name = 'refusal'"), ==, 0);
  g_assert_cmpint (test_file_query_int (broken, "SELECT count(*) FROM entries WHERE state = "
                                                "'failed'"), ==, 1);

  test_remove_dir (dir);
}

/* Cancelling a submit stops the wait, not the write. */
static void
test_cancel_wait (void)
{
  const char *args[] = { "--delay-ms", "500", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, NULL);
  g_autoptr(LcmRequest) request = write_request (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *answer;
  TestWaiter waiter = { NULL };

  /* In memory: no file at all. */
  g_assert_null (lcm_outbox_get_path (outbox));
  lcm_outbox_submit_async (outbox, request, cancellable, test_waiter_callback, &waiter);
  g_cancellable_cancel (cancellable);
  answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 5000), NULL, &error);
  test_waiter_clear (&waiter);
  g_assert_null (answer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (test_wait_until (outbox_empty, outbox, 10000));
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
}


/* Closing waits for the write on the wire (issue 12, 2): it is answered, and deleted, before
 * the close completes; nothing is sent after it, and the lock is free for another sender. */
static void
test_close_waits (void)
{
  const char *args[] = { "--delay-ms", "1000", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = open_outbox (client, path);
  g_autoptr(LcmRequest) first = write_request (1);
  g_autoptr(LcmRequest) second = write_request (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  TestWaiter submitted = { NULL };
  TestWaiter closed = { NULL };

  lcm_outbox_submit_async (outbox, first, NULL, test_waiter_callback, &submitted);
  g_assert_true (test_sim_wait_for_count (sim, "SELECT count(*) FROM wire_log WHERE text "
                                         "LIKE '%seq 0001%'", 1, 20000));
  lcm_outbox_close_async (outbox, NULL, test_waiter_callback, &closed);
  g_assert_true (lcm_outbox_close_finish (outbox, test_waiter_wait (&closed, 20000), &error));
  g_assert_no_error (error);
  test_waiter_clear (&closed);

  /* By then the answer came and was kept: the write is gone from the file. */
  g_assert_nonnull (submitted.result);
  answer = lcm_outbox_submit_finish (outbox, submitted.result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  test_waiter_clear (&submitted);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);

  /* Closed: a write is still stored, and waits for another sender. */
  g_clear_pointer (&answer, json_node_unref);
  answer = submit_sync (outbox, second, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_clear_error (&error);
  test_spin (300);
  g_assert_cmpint (frames_with_seq (sim, 2), ==, 0);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 1);
  {
    g_autoptr(LcmOutbox) other = open_outbox (client, path);

    g_assert_true (flush_sync (other, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (frames_with_seq (sim, 2), ==, 1);
}

/* The gateway accepts a write and the file cannot take its DELETE, the disk being full
 * (issue 12, 3). The write is never sent again: the DELETE is retried, not the sending, and
 * goes through once there is room; closing with one still there says so. */
static void
test_disk_full (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 15000, 10000);
  g_autofree char *path = outbox_path (sim);
  g_autoptr(LcmOutbox) outbox = NULL;
  g_autoptr(LcmRequest) first = write_request (1);
  g_autoptr(LcmRequest) second = write_request (2);
  g_autoptr(LcmRequest) third = write_request (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  TestWaiter waiter = { NULL };
  gint64 id = 0;

  register_full_disk_vfs ();
  full_disk_path = g_strdup (path);
  n_writes_refused = 0;
  outbox = open_outbox (client, path);

  /* Committed, then the disk fills up while the gateway stores it and answers. */
  lcm_outbox_submit_async (outbox, first, NULL, test_waiter_callback, &waiter);
  disk_full = TRUE;
  answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 20000), &id, &error);
  test_waiter_clear (&waiter);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  /* The DELETE did fail: the row is in the file; for the outbox the write is gone. */
  g_assert_cmpuint (n_writes_refused, >, 0);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 1);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_null (lcm_outbox_lookup (outbox, id));
  g_assert_false (lcm_outbox_retry (outbox, id, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Two retries (1 s, 2 s) and a flush go by: they try the DELETE, never the sending. */
  test_spin (3500);
  g_assert_false (flush_sync (outbox, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);
  {
    TestWaiter patient = { NULL };

    /* Waiting cannot help: someone must make room. */
    lcm_outbox_wait_async (outbox, 0, NULL, test_waiter_callback, &patient);
    g_assert_false (lcm_outbox_wait_finish (outbox, test_waiter_wait (&patient, 10000), NULL,
                                            &error));
    g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
    g_clear_error (&error);
    test_waiter_clear (&patient);
  }
  /* Nor can a new write be stored now: nothing is sent for it. */
  g_clear_pointer (&answer, json_node_unref);
  answer = submit_sync (outbox, third, &id, &error);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
  g_assert_cmpint (id, ==, 0);
  g_clear_error (&error);
  g_assert_cmpint (frames_with_seq (sim, 1), ==, 1);
  g_assert_cmpint (frames_with_seq (sim, 3), ==, 0);

  /* Room again: the next chance deletes it, and still sends nothing again. */
  disk_full = FALSE;
  lcm_outbox_flush (outbox);
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);

  /* Closing while one is accepted and not deleted: the next sender would repeat it. */
  lcm_outbox_submit_async (outbox, second, NULL, test_waiter_callback, &waiter);
  disk_full = TRUE;
  g_clear_pointer (&answer, json_node_unref);
  answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 20000), NULL, &error);
  test_waiter_clear (&waiter);
  g_assert_no_error (error);
  lcm_outbox_close_async (outbox, NULL, test_waiter_callback, &waiter);
  g_assert_false (lcm_outbox_close_finish (outbox, test_waiter_wait (&waiter, 10000), &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "could not be deleted"));
  test_waiter_clear (&waiter);
  disk_full = FALSE;

  g_assert_cmpint (frames_with_seq (sim, 1), ==, 1);
  g_assert_cmpint (frames_with_seq (sim, 2), ==, 1);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 2);
  g_clear_pointer (&full_disk_path, g_free);
}

/* Two programs write into one file at once, N writes each, through a healthy gateway: each
 * write is stored there exactly once (issue 12, 2: the program holding the lock sent another
 * program's write after its own, and quit without waiting for the answer; the write stayed
 * pending, and the next program sent it again). */
typedef struct
{
  TestSim    *sim;
  const char *path;
  guint       next;   /* the next sequence number to write */
  guint       end;    /* one past the last */
  gboolean    done;
} Writer;

static void start_writer (Writer *writer);

static void
on_writer_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (source_object);
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);
  assert_lcmctl_clean (process, err);
  /* Sent (0), or stored for the program sending the file (4). */
  status = g_subprocess_get_exit_status (process);
  if (status != 0 && status != 4)
    g_error ("lcmctl exited %d: %s", status, err);
  start_writer (writer);
}

static void
start_writer (Writer *writer)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (writer->next == writer->end)
    {
      writer->done = TRUE;
      return;
    }
  args = write_args (writer->sim->url, writer->path, "30", writer->next++);
  process = test_spawn_lcmctl (NULL, (const char * const *) args, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_writer_done_cb, writer);
}

static gboolean
writers_done (gpointer user_data)
{
  Writer *writers = user_data;

  return writers[0].done && writers[1].done;
}

static void
test_two_writers (void)
{
  const guint n = 60;
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autofree char *path = outbox_path (sim);
  Writer writers[2] = {
    { sim, path, 1, 1 + n, FALSE },
    { sim, path, 5001, 5001 + n, FALSE },
  };
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint previous[2] = { 0, 0 };

  start_writer (&writers[0]);
  start_writer (&writers[1]);
  g_assert_true (test_wait_until (writers_done, writers, 240000));

  /* What the last programs stored for a sender that had quit goes with a flush. */
  {
    const char *argv[] = { "--outbox", path, "--url", sim->url, "outbox", "flush", NULL };

    g_assert_cmpint (run_lcmctl (argv, NULL, NULL), ==, 0);
  }
  g_assert_cmpint (test_file_query_int (path, "SELECT count(*) FROM entries"), ==, 0);

  stored = stored_writes (sim, DEMO_CALL);
  g_test_message ("%u writes, %u stored at the gateway", 2 * n, stored->len);
  for (guint i = 0; i < stored->len; i++)
    {
      Stored *row = &g_array_index (stored, Stored, i);
      guint w = row->seq > 5000 ? 1 : 0;

      if (row->count != 1)
        g_error ("write %u was stored %" G_GINT64_FORMAT " times", row->seq, row->count);
      /* Each program's writes in the order it stored them. */
      g_assert_cmpuint (row->seq, >, previous[w]);
      previous[w] = row->seq;
      g_hash_table_add (seen, GUINT_TO_POINTER (row->seq));
    }
  g_assert_cmpuint (stored->len, ==, 2 * n);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2 * n);
  assert_copies_are_sendings (sim, stored, TRUE);
}

/* Copies an outbox's files (the file, its -wal and -shm, as they are) to another name in the
 * same folder. */
static char *
copy_outbox (const char *path,
             const char *name)
{
  g_autofree char *dir = g_path_get_dirname (path);
  char *copy = g_build_filename (dir, name, NULL);
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (copy, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (from, &contents, &length, NULL))
        continue;
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  return copy;
}

/* The writes lcmctl lists in the outbox at path (it must succeed). */
static guint
listed_writes (const char *path)
{
  const char *argv[] = { "--outbox", path, "outbox", "list", "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_lcmctl (argv, &out, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
}

/* A damaged outbox: refused as such (LCM_OUTBOX_ERROR_DAMAGED), and lcmctl says so (exit 5),
 * leaving the files as they are. */
static void
assert_refused_as_damaged (const char *url,
                           const char *path,
                           const char *words)
{
  const char *list[] = { "--outbox", path, "outbox", "list", NULL };
  const char *flush[] = { "--outbox", path, "--url", url, "outbox", "flush", NULL };
  const char *const *runs[] = { list, flush };
  g_autoptr(GError) error = NULL;

  g_assert_null (lcm_outbox_new (NULL, path, &error));
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, words));

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_lcmctl (runs[i], &out, &err), ==, 5);
      g_assert_cmpstr (out, ==, "");
      if (strstr (err, words) == NULL)
        g_error ("“%s” not said: %s", words, err);
    }
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

/* Writes left by a killed program, and a -wal then lost or damaged, or the file emptied
 * (issue 12, 5): nothing is lost where every commit reached the file, and what cannot be
 * read is said, never listed as an empty outbox. */
static void
test_damaged_files (void)
{
  const char *args[] = { "--drop-write-answers", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autofree char *path = outbox_path (sim);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto(GStrv) first = write_args (sim->url, path, "1", 1);
  g_auto(GStrv) second = write_args (sim->url, path, "60", 2);
  g_autoptr(GError) error = NULL;

  /* One write stored by a program that ended (exit 4: no answer), one by a program killed
   * while it waited for the gateway: what it committed is all it left. */
  g_assert_cmpint (run_lcmctl ((const char * const *) first, NULL, NULL), ==, 4);
  kill_lcmctl_once_sent (sim, (const char * const *) second);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* The -wal lost, or damaged after its header: both writes are still there. */
  {
    g_autofree char *copy = copy_outbox (path, "lost-wal.db");
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);

    g_assert_cmpint (g_unlink (copy_wal), ==, 0);
    g_assert_cmpuint (listed_writes (copy), ==, 2);
  }
  {
    g_autofree char *copy = copy_outbox (path, "damaged-wal.db");
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (copy_wal, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 32);
    memset (contents + 32, 0xab, length - 32);
    g_assert_true (g_file_set_contents (copy_wal, contents, length, NULL));
    g_assert_cmpuint (listed_writes (copy), ==, 2);
  }

  /* The file emptied while its -wal holds data: refused; both are left as they are. */
  {
    g_autofree char *copy = copy_outbox (path, "emptied.db");
    g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(GBytes) emptied = NULL;

    g_assert_true (g_file_set_contents (copy, "", 0, NULL));
    before = file_bytes (copy_wal);
    assert_refused_as_damaged (sim->url, copy, "emptied");
    after = file_bytes (copy_wal);
    emptied = file_bytes (copy);
    g_assert_true (g_bytes_equal (before, after));
    g_assert_cmpuint (g_bytes_get_size (emptied), ==, 0);
  }

  /* A file in WAL mode without its tables lost what its log held: never started anew. */
  {
    g_autofree char *lost = g_build_filename (dir, "lost-tables.db", NULL);
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (lost, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode=WAL;", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_close (db);
    assert_refused_as_damaged (sim->url, lost, "lost its contents");
    g_assert_cmpint (test_file_query_int (lost, "SELECT count(*) FROM sqlite_master"), ==, 0);
  }

  /* A damaged page: quick_check finds it, and the file is left as it is. */
  {
    g_autofree char *copy = copy_outbox (path, "damaged-page.db");
    g_autofree char *contents = NULL;
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    gsize length = 0;

    /* Listed once: the log goes into the file, which is then damaged. */
    g_assert_cmpuint (listed_writes (copy), ==, 2);
    g_assert_true (g_file_get_contents (copy, &contents, &length, NULL));
    g_assert_cmpuint (length, >=, 3 * 4096);
    memset (contents + 4096, 0xab, 4096);
    g_assert_true (g_file_set_contents (copy, contents, length, NULL));
    before = file_bytes (copy);
    assert_refused_as_damaged (sim->url, copy, "damaged");
    after = file_bytes (copy);
    g_assert_true (g_bytes_equal (before, after));
  }
}

int
main (int    argc,
      char **argv)
{
  /* The simulators' and outboxes' files on tmpfs when there is one: thousands of commits,
   * each synced to disk, would only measure the disk. The kill -9 tests are as valid there
   * (the page cache outlives a killed process). */
  if (g_getenv ("TMPDIR") == NULL && access ("/dev/shm", W_OK | X_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/outbox/request-from-data", test_request_from_data);
  g_test_add_func ("/lcm/outbox/store-and-reopen", test_store_and_reopen);
  g_test_add_func ("/lcm/outbox/commit-before-send", test_commit_before_send);
  g_test_add_func ("/lcm/outbox/refused", test_refused);
  g_test_add_func ("/lcm/outbox/cancel-wait", test_cancel_wait);
  g_test_add_func ("/lcm/outbox/damaged-entries", test_damaged_entries);
  g_test_add_func ("/lcm/outbox/summary", test_summary);
  g_test_add_func ("/lcm/outbox/entry-readers", test_entry_readers);
  g_test_add_func ("/lcm/outbox/migrate-v1", test_migrate_v1);
  g_test_add_func ("/lcm/outbox/one-sender", test_one_sender);
  g_test_add_func ("/lcm/outbox/close-waits", test_close_waits);
  g_test_add_func ("/lcm/outbox/damaged-files", test_damaged_files);
  g_test_add_func ("/lcm/outbox/faults/two-writers", test_two_writers);
  g_test_add_func ("/lcm/outbox/faults/disk-full", test_disk_full);
  g_test_add_func ("/lcm/outbox/faults/answer-lost-timeout", test_answer_lost_timeout);
  g_test_add_func ("/lcm/outbox/faults/connection-dropped-before-answer",
                   test_connection_dropped_before_answer);
  g_test_add_func ("/lcm/outbox/faults/gateway-killed", test_gateway_killed);
  g_test_add_func ("/lcm/outbox/faults/client-killed", test_client_killed);
  g_test_add_func ("/lcm/outbox/faults/close-every-50", test_close_every_50);

  return g_test_run ();
}
