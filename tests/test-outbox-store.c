/* test-outbox-store.c: the outbox's SQLite store on its own, without a client
 *
 * The store's functions (lcm-outbox-private.h) are what make "the file is the truth" hold:
 * a write is a row from the moment it is stored, the next to send is the smallest pending
 * id, a refusal is kept with its kind, and a file that is not ours is never written. The
 * outbox under test has no client, so nothing is ever sent and each case sees the rows it
 * made. The end-to-end behaviour is in test-outbox.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "lcm.h"
#include "lcm-outbox-private.h"
#include "wrapup-test-sim.h"

typedef struct
{
  char      *dir;
  char      *path;
  LcmOutbox *outbox;
} Fixture;

static LcmRequest *
disposition_request (const char *callid,
                     const char *comments)
{
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
  g_autoptr(GError) error = NULL;
  LcmRequest *request;

  lcm_disposition_set_call_id (disposition, callid);
  lcm_disposition_set_account_number (disposition, "5|3|1|0|0|44|1");
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, 3);
  lcm_disposition_set_comments (disposition, comments);
  request = lcm_request_new_disposition (disposition, NULL, &error);
  g_assert_no_error (error);
  return request;
}

static gint64
store (Fixture    *fixture,
       const char *callid,
       const char *comments)
{
  g_autoptr(LcmRequest) request = disposition_request (callid, comments);
  g_autoptr(GError) error = NULL;
  gint64 id = lcm_outbox_store_request (fixture->outbox, request, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-outbox-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "outbox.db", NULL);
  if (data == NULL)
    {
      fixture->outbox = lcm_outbox_new (NULL, fixture->path, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fixture->outbox != NULL)
    g_assert_finalize_object (fixture->outbox);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A new file is made private to its user, with the table and the schema's version. */
static void
test_new_file (Fixture       *fixture,
               gconstpointer  data)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (test_file_query_int (fixture->path, "PRAGMA user_version;"), ==, SCHEMA_VERSION);
  g_assert_cmpint (test_file_query_int (fixture->path, "SELECT count(*) FROM sqlite_master "
                                                       "WHERE type = 'table' "
                                                       "AND name = 'entries';"), ==, 1);
  g_assert_cmpint (test_file_query_int (fixture->path, "SELECT count(*) FROM entries;"), ==, 0);
}

/* A stored write is a row of the file at once, and reads back as it was stored. */
static void
test_store_and_read (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 id = store (fixture, "12345", "first");
  g_autoptr(LcmOutboxEntry) entry = NULL;
  JsonObject *stored;

  g_assert_cmpint (test_file_query_int (fixture->path, "SELECT count(*) FROM entries;"), ==, 1);
  g_assert_true (lcm_outbox_store_read_entry (fixture->outbox, id, &entry));
  g_assert_cmpint (lcm_outbox_entry_get_id (entry), ==, id);
  g_assert_cmpint (lcm_outbox_entry_get_operation (entry), ==,
                   LCM_OPERATION_SET_TELEPHONY_OUTCOME);
  g_assert_cmpstr (lcm_outbox_entry_get_call_id (entry), ==, "12345");
  g_assert_cmpstr (lcm_outbox_entry_get_account_number (entry), ==, "5|3|1|0|0|44|1");
  g_assert_cmpint (lcm_outbox_entry_get_state (entry), ==, LCM_OUTBOX_ENTRY_PENDING);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (entry), ==, LCM_OUTBOX_REFUSAL_NONE);
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (entry), ==, 0);
  g_assert_cmpstr (lcm_outbox_entry_get_comments (entry), ==, "first");
  stored = lcm_outbox_entry_get_data (entry);
  g_assert_nonnull (stored);
  g_assert_true (json_object_has_member (stored, "callid"));

  /* No such write: no entry, and no storage error either. */
  g_clear_object (&entry);
  g_assert_true (lcm_outbox_store_read_entry (fixture->outbox, id + 1000, &entry));
  g_assert_null (entry);
}

/* The next write to send is the pending one with the smallest id; a refused one is skipped. */
static void
test_next_pending_order (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 first = store (fixture, "1", "a");
  gint64 second = store (fixture, "2", "b");
  gint64 third = store (fixture, "3", "c");
  g_autoptr(LcmOutboxEntry) next = NULL;

  g_assert_cmpint (first, <, second);
  g_assert_cmpint (second, <, third);
  g_assert_true (lcm_outbox_store_next_pending (fixture->outbox, &next));
  g_assert_cmpint (lcm_outbox_entry_get_id (next), ==, first);
  g_clear_object (&next);

  g_assert_true (lcm_outbox_store_update_entry (fixture->outbox, first,
                                                LCM_OUTBOX_REFUSAL_PERMANENT, TRUE, "no"));
  g_assert_true (lcm_outbox_store_next_pending (fixture->outbox, &next));
  g_assert_cmpint (lcm_outbox_entry_get_id (next), ==, second);
  g_clear_object (&next);

  g_assert_true (lcm_outbox_store_delete_entry (fixture->outbox, second));
  g_assert_true (lcm_outbox_store_delete_entry (fixture->outbox, third));
  g_assert_true (lcm_outbox_store_next_pending (fixture->outbox, &next));
  g_assert_null (next);
}

/* A refusal is kept in the file with its kind, its reason and the attempt counted; a
 * temporary one without a counted attempt leaves the count as it was. */
static void
test_update_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 id = store (fixture, "12345", "x");
  g_autoptr(LcmOutboxEntry) entry = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT attempts FROM entries WHERE id = %"
                                          G_GINT64_FORMAT ";", id);

  g_assert_true (lcm_outbox_store_update_entry (fixture->outbox, id,
                                                LCM_OUTBOX_REFUSAL_TEMPORARY, TRUE,
                                                "the gateway said no"));
  g_assert_cmpint (test_file_query_int (fixture->path, sql), ==, 1);
  g_assert_true (lcm_outbox_store_read_entry (fixture->outbox, id, &entry));
  g_assert_cmpint (lcm_outbox_entry_get_state (entry), ==, LCM_OUTBOX_ENTRY_FAILED);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (entry), ==, LCM_OUTBOX_REFUSAL_TEMPORARY);
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (entry), ==, 1);
  g_assert_cmpstr (lcm_outbox_entry_get_last_error (entry), ==, "the gateway said no");
  g_clear_object (&entry);

  /* Back to pending (a retry): no refusal, the count kept. */
  g_assert_true (lcm_outbox_store_update_entry (fixture->outbox, id,
                                                LCM_OUTBOX_REFUSAL_NONE, FALSE, NULL));
  g_assert_true (lcm_outbox_store_read_entry (fixture->outbox, id, &entry));
  g_assert_cmpint (lcm_outbox_entry_get_state (entry), ==, LCM_OUTBOX_ENTRY_PENDING);
  g_assert_cmpint (lcm_outbox_entry_get_refusal (entry), ==, LCM_OUTBOX_REFUSAL_NONE);
  g_assert_cmpuint (lcm_outbox_entry_get_attempts (entry), ==, 1);
}

/* A deleted write is gone from the file. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 kept = store (fixture, "1", "kept");
  gint64 gone = store (fixture, "2", "gone");
  g_autoptr(LcmOutboxEntry) entry = NULL;

  g_assert_true (lcm_outbox_store_delete_entry (fixture->outbox, gone));
  g_assert_cmpint (test_file_query_int (fixture->path, "SELECT count(*) FROM entries;"), ==, 1);
  g_assert_true (lcm_outbox_store_read_entry (fixture->outbox, gone, &entry));
  g_assert_null (entry);
  g_assert_true (lcm_outbox_store_read_entry (fixture->outbox, kept, &entry));
  g_assert_nonnull (entry);
}

/* What another program stored reaches this outbox's list once it looks again. */
static void
test_reload_sees_other_program (Fixture       *fixture,
                                gconstpointer  data)
{
  GListModel *entries = lcm_outbox_get_entries (fixture->outbox);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmOutbox) other = lcm_outbox_new (NULL, fixture->path, &error);
  g_autoptr(LcmRequest) request = disposition_request ("777", "from elsewhere");
  gint64 id;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);
  id = lcm_outbox_store_request (other, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  lcm_outbox_store_reload_if_changed (fixture->outbox);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
  {
    g_autoptr(LcmOutboxEntry) seen = g_list_model_get_item (entries, 0);

    g_assert_cmpint (lcm_outbox_entry_get_id (seen), ==, id);
    g_assert_cmpstr (lcm_outbox_entry_get_call_id (seen), ==, "777");
  }
  g_assert_cmpuint (lcm_outbox_get_n_pending (fixture->outbox), ==, 1);
}

/* One sender per file: a second outbox finds the lock held until the first lets it go. */
static void
test_sender_lock (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmOutbox) other = lcm_outbox_new (NULL, fixture->path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (lcm_outbox_store_acquire_sender_lock (fixture->outbox, &error), ==,
                   LOCK_TAKEN);
  g_assert_no_error (error);
  /* Taking it again is a no-op for its holder. */
  g_assert_cmpint (lcm_outbox_store_acquire_sender_lock (fixture->outbox, &error), ==,
                   LOCK_TAKEN);
  g_assert_cmpint (lcm_outbox_store_acquire_sender_lock (other, &error), ==, LOCK_HELD);
  g_assert_no_error (error);

  lcm_outbox_store_release_sender_lock (fixture->outbox);
  g_assert_cmpint (lcm_outbox_store_acquire_sender_lock (other, &error), ==, LOCK_TAKEN);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_outbox_store_acquire_sender_lock (fixture->outbox, &error), ==,
                   LOCK_HELD);
  lcm_outbox_store_release_sender_lock (other);
}

/* A file written by a newer version is refused, and left as it was. */
static void
test_newer_version_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmOutbox) outbox = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  sqlite3 *db = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version=%d;", SCHEMA_VERSION + 1);

  outbox = lcm_outbox_new (NULL, fixture->path, &error);
  g_assert_no_error (error);
  g_clear_object (&outbox);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->path, &before, &before_length, NULL));

  outbox = lcm_outbox_new (NULL, fixture->path, &error);
  g_assert_null (outbox);
  g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
}

/* Another program's file, or no database at all, is refused and never written. */
static void
test_foreign_file_untouched (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char not_a_database[] = "agent notes, not an outbox\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmOutbox) outbox = NULL;
  g_autofree char *after = NULL;
  gsize after_length;

  g_assert_true (g_file_set_contents (fixture->path, not_a_database, -1, NULL));
  outbox = lcm_outbox_new (NULL, fixture->path, &error);
  g_assert_null (outbox);
  g_assert_nonnull (error);
  g_assert_true (error->domain == LCM_OUTBOX_ERROR);
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_length, NULL));
  g_assert_cmpmem (not_a_database, strlen (not_a_database), after, after_length);
  g_clear_error (&error);

  /* A database with a table of that name but other columns is another program's. */
  {
    g_autofree char *foreign = g_build_filename (fixture->dir, "foreign.db", NULL);
    sqlite3 *db = NULL;
    gint64 rows_before;

    g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE entries (name TEXT);"
                                   "INSERT INTO entries VALUES ('theirs');",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    rows_before = 1;

    outbox = lcm_outbox_new (NULL, foreign, &error);
    g_assert_null (outbox);
    g_assert_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE);

    g_free (fixture->path);
    fixture->path = g_steal_pointer (&foreign);
    g_assert_cmpint (test_file_query_int (fixture->path,
                                          "SELECT count(*) FROM entries WHERE name = 'theirs';"),
                     ==, rows_before);
    g_assert_cmpint (test_file_query_int (fixture->path, "PRAGMA user_version;"), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/lcm/outbox-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_WITHOUT_OUTBOX(path, func) \
  g_test_add ("/lcm/outbox-store/" path, Fixture, GINT_TO_POINTER (1), fixture_set_up, func, \
              fixture_tear_down)

  ADD ("new-file", test_new_file);
  ADD ("store-and-read", test_store_and_read);
  ADD ("next-pending-order", test_next_pending_order);
  ADD ("update-kept", test_update_kept);
  ADD ("delete", test_delete);
  ADD ("reload-sees-other-program", test_reload_sees_other_program);
  ADD ("sender-lock", test_sender_lock);
  ADD_WITHOUT_OUTBOX ("newer-version-refused", test_newer_version_refused);
  ADD_WITHOUT_OUTBOX ("foreign-file-untouched", test_foreign_file_untouched);

  return g_test_run ();
}
