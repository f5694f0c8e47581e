/* test-stores.c: WrapupDraftStore and WrapupOutcomeCache, on disk and in memory
 *
 * The files are checked from outside too (SQLite opened directly): their modes, their
 * journal, what a hand edit or a damaged file does. The kill -9 tests run this program again
 * as the process that is killed (CHILD_ARG).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "wrapup-draft-store.h"
#include "wrapup-outcome-cache.h"
#include "wrapup-outcome-usage.h"
#include "wrapup-session.h"
#include "wrapup-test-sim.h"

/* argv[1] of this program run as the process to kill; argv[2] is "drafts" or "outcomes",
 * argv[3] the file. */
#define CHILD_ARG        "--stores-child"
#define KILLED_CALL      "killed-call"
#define KILLED_KEY       "5|3|1|0|0|44|1"
#define KILLED_RESPONSE  "[{\"id\":3,\"name\":\"Busy\"}]"
#define SET_ASIDE_REGEX  "^%s\\.damaged-[0-9]{8}-[0-9]{6}(-[0-9]+)?$"
#define MAX_COMMENTS     (64 * 1024)
#define MAX_RESPONSE     (4 * 1024 * 1024)

static char *self_path;

/* ------------------------------------------------------------------------------------------
 * Helpers
 */

static GDateTime *
utc_usec (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0 ? 1 : 0);
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (seconds);

  g_assert_nonnull (second);
  return g_date_time_add (second, usec - seconds * G_USEC_PER_SEC);
}

/* The same instant in another time zone: the stores keep instants, not zones. */
static GDateTime *
in_zone (GDateTime  *date_time,
         const char *zone)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

  g_assert_nonnull (tz);
  return g_date_time_to_timezone (date_time, tz);
}

static void
assert_same_time (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true (a == b);
      return;
    }
  g_assert_cmpint (g_date_time_to_unix (a), ==, g_date_time_to_unix (b));
  g_assert_cmpint (g_date_time_get_microsecond (a), ==, g_date_time_get_microsecond (b));
}

/* updated_at aside, which the store sets. */
static void
assert_drafts_equal (const WrapupDraft *a,
                     const WrapupDraft *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->call_id, ==, b->call_id);
  g_assert_cmpstr (a->link, ==, b->link);
  assert_same_time (a->started_at, b->started_at);
  g_assert_cmpint (a->telephony_outcome, ==, b->telephony_outcome);
  g_assert_cmpint (a->business_outcome, ==, b->business_outcome);
  g_assert_cmpstr (a->comments, ==, b->comments);
  g_assert_cmpint (a->has_lead_score, ==, b->has_lead_score);
  g_assert_cmpint (a->lead_score, ==, b->lead_score);
  g_assert_cmpint (a->has_target_amount, ==, b->has_target_amount);
  if (isnan (a->target_amount))
    g_assert_true (isnan (b->target_amount));
  else
    g_assert_cmpfloat (a->target_amount, ==, b->target_amount);
  assert_same_time (a->callback_start, b->callback_start);
  assert_same_time (a->callback_end, b->callback_end);
  g_assert_cmpint (a->callback_mode, ==, b->callback_mode);
}

/* Every field set, none to its default. */
static WrapupDraft *
full_draft (const char *call_id)
{
  WrapupDraft *draft = wrapup_draft_new (call_id);
  g_autoptr(GDateTime) started = utc_usec (G_GINT64_CONSTANT (1709211907123456));
  g_autoptr(GDateTime) callback_end = utc_usec (G_GINT64_CONSTANT (1709301600999999));

  draft->link = g_strdup_printf ("wrapup://call?callid=%s&account=5%%7C3", call_id);
  g_date_time_unref (draft->started_at);
  draft->started_at = in_zone (started, "+02:00");
  draft->telephony_outcome = 3;
  draft->business_outcome = G_GINT64_CONSTANT (1234567890123);
  g_free (draft->comments);
  draft->comments = g_strdup ("Rappeler Mme Müller « demain » — \"double\" 'single' `back`;"
                              " DROP TABLE drafts; -- 日本語\n\tsecond line ✓");
  draft->has_lead_score = TRUE;
  draft->lead_score = -17;
  draft->has_target_amount = TRUE;
  draft->target_amount = 1234.5678;
  draft->callback_start = utc_usec (G_GINT64_CONSTANT (1709298000000001));
  draft->callback_end = in_zone (callback_end, "-05:30");
  draft->callback_mode = 2;
  return draft;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("wrapup-stores-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                    NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static char *
query_text_on_file (const char *path,
                    const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static GBytes *
write_random_bytes (const char *path,
                    gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    bytes[i] = g_random_int_range (0, 256);
  g_file_set_contents (path, (const char *) bytes, length, &error);
  g_assert_no_error (error);
  return g_bytes_new (bytes, length);
}

static GBytes *
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_bytes_new (text, strlen (text));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The files set aside, "<name>.damaged-…" in dir (companions aside), oldest first: the
 * stamps sort as times, and "-2" after the stamp it follows. */
static GPtrArray *
list_set_aside (const char *dir,
                const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *escaped = g_regex_escape_string (name, -1);
  g_autofree char *pattern = g_strdup_printf (SET_ASIDE_REGEX, escaped);
  const char *entry;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_regex_match_simple (pattern, entry, 0, 0))
      g_ptr_array_add (found, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (found, compare_names);
  return g_steal_pointer (&found);
}

static void
assert_file_has (const char *path,
                 GBytes     *expected)
{
  g_autoptr(GBytes) contents = read_bytes (path);

  g_assert_true (g_bytes_equal (contents, expected));
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpuint (buf.st_mode & 0777, ==, mode);
}

/* Runs this program as CHILD_ARG what path, waits for it to say it stored, and kills it. */
static void
store_and_kill (const char *what,
                const char *path)
{
  g_autoptr(GSubprocessLauncher) launcher =
    test_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *argv[] = { self_path, CHILD_ARG, what, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf buf;

  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "stored");

  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* What was stored is still only in the journal: reopening must replay it. */
  g_assert_cmpint (g_stat (wal, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 0);
}

/* The child: stores, says so, and waits to be killed with the file open. */
static int
run_child (const char *what,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  WrapupDraftStore *store = NULL;
  WrapupOutcomeCache *cache = NULL;
  g_autoptr(WrapupDraft) draft = full_draft (KILLED_CALL);
  g_autoptr(GDateTime) fetched_at = utc_usec (G_GINT64_CONSTANT (1700000000654321));
  gboolean stored = FALSE;

  if (g_str_equal (what, "drafts"))
    {
      store = wrapup_draft_store_new (path, &error);
      stored = store != NULL && wrapup_draft_store_put (store, draft, &error);
    }
  else if (g_str_equal (what, "outcomes"))
    {
      cache = wrapup_outcome_cache_new (path, &error);
      stored = cache != NULL
               && wrapup_outcome_cache_put (cache, WRAPUP_CACHED_CALLBACK_MODES, KILLED_KEY,
                                            KILLED_RESPONSE, fetched_at, &error);
    }
  if (!stored)
    {
      g_printerr ("%s: %s\n", what, error != NULL ? error->message : "unknown store");
      g_clear_object (&store);
      g_clear_object (&cache);
      return 1;
    }

  g_print ("stored\n");
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------------------------
 * Drafts
 */

static void
test_draft_new_and_empty (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(WrapupDraft) draft = wrapup_draft_new ("4711");
  g_autoptr(WrapupDraft) original = full_draft ("copied");
  g_autoptr(WrapupDraft) copy = NULL;

  g_assert_cmpstr (draft->call_id, ==, "4711");
  g_assert_null (draft->link);
  g_assert_cmpint (g_date_time_compare (draft->started_at, before), >=, 0);
  g_assert_cmpint (draft->telephony_outcome, ==, LCM_NONE);
  g_assert_cmpint (draft->business_outcome, ==, LCM_NONE);
  g_assert_cmpstr (draft->comments, ==, "");
  g_assert_null (draft->callback_start);
  g_assert_cmpint (draft->callback_mode, ==, LCM_NONE);
  g_assert_true (wrapup_draft_is_empty (draft));

  /* Each thing the agent can enter makes it non-empty on its own. */
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(WrapupDraft) changed = wrapup_draft_copy (draft);

      switch (i)
        {
        case 0: changed->telephony_outcome = 0; break;
        case 1: changed->business_outcome = 7; break;
        case 2: g_free (changed->comments); changed->comments = g_strdup (" "); break;
        case 3: changed->has_lead_score = TRUE; break;
        case 4: changed->has_target_amount = TRUE; break;
        case 5:
          changed->callback_start = g_date_time_new_now_utc ();
          changed->callback_end = g_date_time_ref (changed->callback_start);
          break;
        case 6: changed->callback_mode = 1; break;
        default: g_assert_not_reached ();
        }
      g_assert_false (wrapup_draft_is_empty (changed));
    }
  /* A link and a start time are not something entered. */
  draft->link = g_strdup ("wrapup://call?callid=4711");
  g_assert_true (wrapup_draft_is_empty (draft));

  /* A deep copy. */
  copy = g_boxed_copy (WRAPUP_TYPE_DRAFT, original);
  g_assert_false (wrapup_draft_is_empty (copy));
  assert_drafts_equal (copy, original);
  g_assert_true (copy->comments != original->comments);
  g_assert_true (copy->link != original->link);
}

static void
test_draft_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *folder = g_build_filename (dir, "not", "yet", NULL);
  g_autofree char *path = g_build_filename (folder, "drafts.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WrapupDraftStore) store = wrapup_draft_store_new (path, &error);
  g_autoptr(WrapupDraft) full = full_draft ("1001");
  g_autoptr(WrapupDraft) plain = wrapup_draft_new ("1002");
  g_autoptr(WrapupDraft) old = full_draft ("1000");
  g_autoptr(WrapupDraft) found = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *journal = NULL;
  guint notified = 0;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_null (wrapup_draft_store_get_problem (store));
  g_assert_cmpstr (wrapup_draft_store_get_path (store), ==, path);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 0);
  assert_mode (folder, 0700);
  assert_mode (path, 0600);
  journal = query_text_on_file (path, "PRAGMA journal_mode;");
  g_assert_cmpstr (journal, ==, "wal");
  g_signal_connect (store, "notify::n-drafts", G_CALLBACK (on_notify_cb), &notified);

  /* Every field; updated_at is the store's. */
  before = g_date_time_new_now_utc ();
  g_assert_true (wrapup_draft_store_put (store, full, &error));
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();
  found = wrapup_draft_store_lookup (store, "1001");
  assert_drafts_equal (found, full);
  g_assert_nonnull (found->updated_at);
  g_assert_cmpint (g_date_time_compare (found->updated_at, before), >=, 0);
  g_assert_cmpint (g_date_time_compare (found->updated_at, after), <=, 0);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_clear_pointer (&found, wrapup_draft_free);

  /* Nothing chosen, no link, no callback; a score kept though not chosen; NaN. */
  plain->lead_score = 55;
  plain->target_amount = NAN;
  g_assert_true (wrapup_draft_store_put (store, plain, &error));
  g_assert_no_error (error);
  found = wrapup_draft_store_lookup (store, "1002");
  assert_drafts_equal (found, plain);
  g_assert_true (wrapup_draft_is_empty (found));
  g_clear_pointer (&found, wrapup_draft_free);

  /* Before 1970 by half a second, and GDateTime's first and last microseconds. */
  g_clear_pointer (&old->started_at, g_date_time_unref);
  old->started_at = utc_usec (-500000);
  g_clear_pointer (&old->callback_start, g_date_time_unref);
  old->callback_start = utc_usec (G_GINT64_CONSTANT (-62135596800) * G_USEC_PER_SEC);
  g_clear_pointer (&old->callback_end, g_date_time_unref);
  old->callback_end = utc_usec (G_GINT64_CONSTANT (253402300799) * G_USEC_PER_SEC + 999999);
  old->lead_score = 0;
  old->target_amount = -0.1;
  g_assert_true (wrapup_draft_store_put (store, old, &error));
  g_assert_no_error (error);
  found = wrapup_draft_store_lookup (store, "1000");
  assert_drafts_equal (found, old);
  g_assert_cmpint (g_date_time_get_year (found->callback_start), ==, 1);
  g_assert_cmpint (g_date_time_get_year (found->callback_end), ==, 9999);
  g_clear_pointer (&found, wrapup_draft_free);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 3);
  g_assert_cmpuint (notified, ==, 3);

  /* Oldest start first: 1969, 2024, now. */
  drafts = wrapup_draft_store_list (store);
  g_assert_cmpuint (drafts->len, ==, 3);
  assert_drafts_equal (drafts->pdata[0], old);
  assert_drafts_equal (drafts->pdata[1], full);
  assert_drafts_equal (drafts->pdata[2], plain);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* Replacing: the count stays, nobody hears of it. */
  g_free (full->comments);
  full->comments = g_strdup ("changed");
  g_clear_pointer (&full->callback_start, g_date_time_unref);
  g_clear_pointer (&full->callback_end, g_date_time_unref);
  full->callback_mode = LCM_NONE;
  full->has_lead_score = FALSE;
  g_assert_true (wrapup_draft_store_put (store, full, &error));
  g_assert_no_error (error);
  found = wrapup_draft_store_lookup (store, "1001");
  assert_drafts_equal (found, full);
  g_assert_null (found->callback_start);
  g_clear_pointer (&found, wrapup_draft_free);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 3);
  g_assert_cmpuint (notified, ==, 3);

  /* Removing one that is not there is no error and no change. */
  g_assert_true (wrapup_draft_store_remove (store, "no-such-call", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_true (wrapup_draft_store_remove (store, "1001", &error));
  g_assert_no_error (error);
  g_assert_null (wrapup_draft_store_lookup (store, "1001"));
  g_assert_null (wrapup_draft_store_lookup (store, "no-such-call"));
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 2);
  g_assert_cmpuint (notified, ==, 4);
  drafts = wrapup_draft_store_list (store);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpstr (((WrapupDraft *) drafts->pdata[0])->call_id, ==, "1000");
  g_assert_cmpstr (((WrapupDraft *) drafts->pdata[1])->call_id, ==, "1002");

  g_clear_object (&store);
  test_remove_dir (dir);
}

static void
test_draft_bounds (void)
{
  g_autoptr(WrapupDraftStore) store = wrapup_draft_store_new (NULL, NULL);
  g_autoptr(WrapupDraft) draft = wrapup_draft_new ("bounds");
  g_autoptr(WrapupDraft) found = NULL;
  g_autoptr(GError) error = NULL;

  /* The largest comments and call id kept are read back whole. */
  g_free (draft->comments);
  draft->comments = g_strnfill (MAX_COMMENTS, 'c');
  g_assert_true (wrapup_draft_store_put (store, draft, &error));
  g_assert_no_error (error);
  found = wrapup_draft_store_lookup (store, "bounds");
  assert_drafts_equal (found, draft);
  g_clear_pointer (&found, wrapup_draft_free);

  /* One byte more is refused, and the draft kept before stays. */
  g_free (draft->comments);
  draft->comments = g_strnfill (MAX_COMMENTS + 1, 'c');
  g_assert_false (wrapup_draft_store_put (store, draft, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  found = wrapup_draft_store_lookup (store, "bounds");
  g_assert_cmpuint (strlen (found->comments), ==, MAX_COMMENTS);
  g_clear_pointer (&found, wrapup_draft_free);

  g_free (draft->comments);
  draft->comments = g_strdup ("");
  g_free (draft->call_id);
  draft->call_id = g_strnfill (257, '9');
  g_assert_false (wrapup_draft_store_put (store, draft, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 1);
}

static void
test_draft_reopen (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "drafts.db", NULL);
  g_autoptr(WrapupDraft) full = full_draft ("2001");
  g_autoptr(WrapupDraft) plain = wrapup_draft_new ("2002");
  g_autoptr(WrapupDraft) found = NULL;
  g_autoptr(GError) error = NULL;
  WrapupDraftStore *store = wrapup_draft_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_true (wrapup_draft_store_put (store, full, &error));
  g_assert_true (wrapup_draft_store_put (store, plain, &error));
  g_assert_true (wrapup_draft_store_remove (store, "2002", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  store = wrapup_draft_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (wrapup_draft_store_get_problem (store));
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 1);
  found = wrapup_draft_store_lookup (store, "2001");
  assert_drafts_equal (found, full);
  g_assert_null (wrapup_draft_store_lookup (store, "2002"));
  g_assert_finalize_object (store);

  test_remove_dir (dir);
}

static void
test_draft_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrapupDraftStore) one = wrapup_draft_store_new (NULL, &error);
  g_autoptr(WrapupDraftStore) other = wrapup_draft_store_new (NULL, &error);
  g_autoptr(WrapupDraft) draft = full_draft ("3001");
  g_autoptr(WrapupDraft) found = NULL;

  g_assert_no_error (error);
  g_assert_null (wrapup_draft_store_get_path (one));
  g_assert_null (wrapup_draft_store_get_problem (one));
  g_assert_true (wrapup_draft_store_put (one, draft, &error));
  g_assert_no_error (error);
  found = wrapup_draft_store_lookup (one, "3001");
  assert_drafts_equal (found, draft);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (one), ==, 1);
  /* Each memory store is its own. */
  g_assert_null (wrapup_draft_store_lookup (other, "3001"));
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (other), ==, 0);
}

static void
test_draft_killed (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "drafts.db", NULL);
  g_autoptr(WrapupDraft) expected = full_draft (KILLED_CALL);
  g_autoptr(WrapupDraft) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WrapupDraftStore) store = NULL;

  store_and_kill ("drafts", path);

  store = wrapup_draft_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (wrapup_draft_store_get_problem (store));
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 1);
  found = wrapup_draft_store_lookup (store, KILLED_CALL);
  assert_drafts_equal (found, expected);

  g_clear_object (&store);
  test_remove_dir (dir);
}

/* Opens the store at path, damaged: it is set aside once, with its bytes, and the new one
 * works. Returns the set-aside file's name. */
static char *
assert_draft_file_set_aside (const char *dir,
                             const char *path,
                             GBytes     *original,
                             guint       n_set_aside_before)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrapupDraftStore) store = wrapup_draft_store_new (path, &error);
  g_autoptr(GPtrArray) set_aside = list_set_aside (dir, "drafts.db");
  g_autoptr(WrapupDraft) draft = full_draft ("4001");
  g_autoptr(WrapupDraft) found = NULL;
  const char *problem;
  const char *newest = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (set_aside->len, ==, n_set_aside_before + 1);

  /* The new name is the one the agent is told of. */
  problem = wrapup_draft_store_get_problem (store);
  g_assert_nonnull (problem);
  for (guint i = 0; i < set_aside->len; i++)
    if (strstr (problem, set_aside->pdata[i]) != NULL
        && (newest == NULL || strlen (set_aside->pdata[i]) > strlen (newest)))
      newest = set_aside->pdata[i];
  g_assert_nonnull (newest);
  g_assert_nonnull (strstr (problem, "set aside"));
  assert_file_has (newest, original);
  assert_mode (path, 0600);

  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 0);
  g_assert_true (wrapup_draft_store_put (store, draft, &error));
  g_assert_no_error (error);
  found = wrapup_draft_store_lookup (store, "4001");
  assert_drafts_equal (found, draft);
  return g_strdup (newest);
}

static void
test_draft_damaged_file (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "drafts.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GBytes) random = write_random_bytes (path, 8192);
  g_autoptr(GBytes) junk_wal = write_random_bytes (wal, 4096);
  g_autoptr(GBytes) text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *first_wal = NULL;
  g_autofree char *second = NULL;

  /* Random bytes, with a -wal beside them: both go aside together. */
  first = assert_draft_file_set_aside (dir, path, random, 0);
  first_wal = g_strconcat (first, "-wal", NULL);
  assert_file_has (first_wal, junk_wal);

  /* The new file is fine as it is: opening it again sets nothing aside. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WrapupDraftStore) store = wrapup_draft_store_new (path, &error);
    g_autoptr(GPtrArray) set_aside = list_set_aside (dir, "drafts.db");
    g_autoptr(WrapupDraft) kept = NULL;

    g_assert_no_error (error);
    g_assert_null (wrapup_draft_store_get_problem (store));
    kept = wrapup_draft_store_lookup (store, "4001");
    g_assert_nonnull (kept);
    g_assert_cmpuint (set_aside->len, ==, 1);
  }

  /* A text file, at once: the same second's name is taken, and the first is kept. */
  text = write_text (path, "These are not the drafts you are looking for.\n");
  second = assert_draft_file_set_aside (dir, path, text, 1);
  g_assert_cmpstr (second, !=, first);
  assert_file_has (first, random);

  /* Every name of this second and the next two taken: the counter goes on past them, and
   * nothing is overwritten. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GBytes) third_text = write_text (path, "third\n");
    g_autoptr(GPtrArray) before = NULL;
    g_autofree char *third = NULL;

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(GDateTime) then = g_date_time_add_seconds (now, i);
        g_autofree char *stamp = g_date_time_format (then, "%Y%m%d-%H%M%S");
        g_autofree char *name = g_strdup_printf ("%s.damaged-%s", path, stamp);

        if (!g_file_test (name, G_FILE_TEST_EXISTS))
          g_bytes_unref (write_text (name, "taken"));
      }
    before = list_set_aside (dir, "drafts.db");
    third = assert_draft_file_set_aside (dir, path, third_text, before->len);
    g_assert_true (g_regex_match_simple ("\\.damaged-[0-9]{8}-[0-9]{6}-[23]$", third, 0, 0));
    assert_file_has (first, random);
    assert_file_has (second, text);
  }

  test_remove_dir (dir);
}

static void
test_draft_other_schema (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "drafts.db", NULL);
  g_autoptr(GBytes) original = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  /* Written by a newer version. */
  exec_on_file (path, "CREATE TABLE drafts (call_id TEXT, future TEXT);"
                      "INSERT INTO drafts VALUES ('5001', 'kept for later');"
                      "PRAGMA user_version=99;");
  original = read_bytes (path);
  first = assert_draft_file_set_aside (dir, path, original, 0);
  g_clear_pointer (&original, g_bytes_unref);
  {
    g_autofree char *kept = query_text_on_file (first, "SELECT future FROM drafts;");

    g_assert_cmpstr (kept, ==, "kept for later");
  }

  /* Another program's database: tables and no user_version. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  exec_on_file (path, "CREATE TABLE photos (id INTEGER);");
  original = read_bytes (path);
  second = assert_draft_file_set_aside (dir, path, original, 1);
  g_clear_pointer (&original, g_bytes_unref);

  /* Our version, with a table edited by hand: the statements do not prepare. */
  exec_on_file (path, "DROP TABLE drafts; CREATE TABLE drafts (call_id TEXT);");
  original = read_bytes (path);
  third = assert_draft_file_set_aside (dir, path, original, 2);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpstr (second, !=, third);

  test_remove_dir (dir);
}

static void
test_draft_damaged_rows (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "drafts.db", NULL);
  g_autoptr(WrapupDraft) good = full_draft ("6001");
  g_autoptr(WrapupDraft) found = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  WrapupDraftStore *store = wrapup_draft_store_new (path, &error);
  /* call_id, link, started_at, callback_start, callback_end, comments */
  static const char * const bad_rows[] = {
    "replace(hex(zeroblob(150)), '0', 'x'), NULL, 0, NULL, NULL, ''",
    "'6002', NULL, 0, NULL, NULL, replace(hex(zeroblob(32769)), '0', 'y')",
    "'6003', NULL, 'yesterday', NULL, NULL, ''",
    "'6004', NULL, 9223372036854775807, NULL, NULL, ''",
    "'6005', NULL, 0, 0, NULL, ''",
    "'6006', NULL, 0, NULL, NULL, CAST(x'C328' AS TEXT)",
    "'6007', NULL, 0, NULL, NULL, CAST(x'610062' AS TEXT)",
    "'6008', x'FF', 0, NULL, NULL, ''",
    "'6009', NULL, 0, 0, 1.5, ''",
  };

  g_assert_no_error (error);
  g_assert_true (wrapup_draft_store_put (store, good, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO drafts (call_id, link, started_at, "
                                              "callback_start, callback_end, comments, "
                                              "updated_at, telephony_outcome, "
                                              "business_outcome, has_lead_score, lead_score, "
                                              "has_target_amount, callback_mode) "
                                              "VALUES (%s, 0, -1, -1, 0, 0, 0, -1);",
                                              bad_rows[i]);

      exec_on_file (path, sql);
    }

  /* Skipped, every one, and the good one still read. */
  store = wrapup_draft_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (wrapup_draft_store_get_problem (store));
  drafts = wrapup_draft_store_list (store);
  g_assert_cmpuint (drafts->len, ==, 1);
  assert_drafts_equal (drafts->pdata[0], good);
  for (guint i = 2; i <= G_N_ELEMENTS (bad_rows); i++)
    {
      g_autofree char *call_id = g_strdup_printf ("600%u", i);

      g_assert_null (wrapup_draft_store_lookup (store, call_id));
    }
  found = wrapup_draft_store_lookup (store, "6001");
  assert_drafts_equal (found, good);
  /* They are in the file all the same, and can be removed. */
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, 1 + G_N_ELEMENTS (bad_rows));
  g_assert_true (wrapup_draft_store_remove (store, "6003", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wrapup_draft_store_get_n_drafts (store), ==, G_N_ELEMENTS (bad_rows));
  g_assert_finalize_object (store);

  test_remove_dir (dir);
}

static void
test_unusable_paths (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *plain_file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (plain_file, "sub", "drafts.db", NULL);
  const char *not_absolute[] = { "drafts.db", ":memory:", "file:drafts.db",
                                 "file:///tmp/drafts.db" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) text = write_text (plain_file, "a file, not a folder\n");

  g_assert_null (wrapup_draft_store_new (under_file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, plain_file));
  g_clear_error (&error);
  g_assert_null (wrapup_outcome_cache_new (under_file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);
  assert_file_has (plain_file, text);

  /* A folder where the file should be: not set aside, not touched. */
  g_assert_null (wrapup_draft_store_new (dir, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_clear_error (&error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  for (guint i = 0; i < G_N_ELEMENTS (not_absolute); i++)
    {
      g_assert_null (wrapup_draft_store_new (not_absolute[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_null (wrapup_outcome_cache_new (not_absolute[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_false (g_file_test (not_absolute[i], G_FILE_TEST_EXISTS));
    }

  test_remove_dir (dir);
}

/* ------------------------------------------------------------------------------------------
 * Outcome lists
 */

static void
assert_cached (WrapupOutcomeCache *cache,
               WrapupCachedList    list,
               const char         *key,
               const char         *expected,
               GDateTime          *expected_fetched_at)
{
  g_autoptr(GDateTime) fetched_at = NULL;
  g_autofree char *response = wrapup_outcome_cache_lookup (cache, list, key, &fetched_at);

  g_assert_cmpstr (response, ==, expected);
  if (expected_fetched_at != NULL)
    assert_same_time (fetched_at, expected_fetched_at);
  else if (expected == NULL)
    g_assert_null (fetched_at);
}

static void
test_outcomes_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "cache", "outcomes.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) fetched_utc = utc_usec (G_GINT64_CONSTANT (1717171717171717));
  g_autoptr(GDateTime) fetched = in_zone (fetched_utc, "+09:00");
  g_autoptr(GDateTime) later = utc_usec (G_GINT64_CONSTANT (1717171718000001));
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GDateTime) now_fetched = NULL;
  g_autofree char *now_response = NULL;
  GDateTime *untouched = GINT_TO_POINTER (1);  /* a lookup that finds nothing clears it */
  WrapupOutcomeCache *cache = wrapup_outcome_cache_new (path, &error);
  const char *quoted = "[{\"id\":1,\"name\":\"Rappel « demain » — 'ok' \\\"x\\\"\"}]";

  g_assert_no_error (error);
  g_assert_null (wrapup_outcome_cache_get_problem (cache));
  assert_mode (path, 0600);

  /* The same key in each list is its own entry. */
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "ACC",
                                           "[1]", fetched, &error));
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC",
                                           quoted, fetched, &error));
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "OUTBOUND",
                                           "[]", later, &error));
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "OTHER",
                                           "[2]", later, &error));
  g_assert_no_error (error);
  assert_cached (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "ACC", "[1]", fetched);
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", quoted, fetched);
  assert_cached (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "OUTBOUND", "[]", later);
  assert_cached (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "OTHER", "[2]", later);

  /* Missing: a list not kept for that key, a key not kept in that list. */
  assert_cached (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "ACC", NULL, NULL);
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "OUTBOUND", NULL, NULL);
  g_assert_null (wrapup_outcome_cache_lookup (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES,
                                              "missing", &untouched));
  g_assert_null (untouched);
  g_assert_null (wrapup_outcome_cache_lookup (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES,
                                              "missing", NULL));

  /* Replacing one leaves the others; no time means now. */
  before = g_date_time_new_now_utc ();
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "ACC",
                                           "[1,2,3]", NULL, &error));
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();
  now_response = wrapup_outcome_cache_lookup (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "ACC",
                                              &now_fetched);
  g_assert_cmpstr (now_response, ==, "[1,2,3]");
  g_assert_cmpint (g_date_time_compare (now_fetched, before), >=, 0);
  g_assert_cmpint (g_date_time_compare (now_fetched, after), <=, 0);
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", quoted, fetched);
  assert_cached (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "OTHER", "[2]", later);

  /* And all of it after reopening. */
  g_assert_finalize_object (cache);
  cache = wrapup_outcome_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (wrapup_outcome_cache_get_problem (cache));
  assert_cached (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "ACC", "[1,2,3]", now_fetched);
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", quoted, fetched);
  assert_cached (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "OUTBOUND", "[]", later);
  g_assert_finalize_object (cache);

  test_remove_dir (dir);
}

static void
test_outcomes_size_limit (void)
{
  g_autoptr(WrapupOutcomeCache) cache = wrapup_outcome_cache_new (NULL, NULL);
  g_autofree char *largest = g_strnfill (MAX_RESPONSE, ' ');
  g_autofree char *too_large = g_strnfill (MAX_RESPONSE + 1, ' ');
  g_autofree char *found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (wrapup_outcome_cache_get_problem (cache));
  largest[0] = '[';
  largest[MAX_RESPONSE - 1] = ']';
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "INBOUND",
                                           largest, NULL, &error));
  g_assert_no_error (error);
  found = wrapup_outcome_cache_lookup (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "INBOUND", NULL);
  g_assert_cmpstr (found, ==, largest);
  g_clear_pointer (&found, g_free);

  g_assert_false (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "INBOUND",
                                            too_large, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  found = wrapup_outcome_cache_lookup (cache, WRAPUP_CACHED_BUSINESS_OUTCOMES, "INBOUND", NULL);
  g_assert_cmpstr (found, ==, largest);
}

static void
test_outcomes_damaged (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "outcomes.db", NULL);
  g_autoptr(GBytes) random = write_random_bytes (path, 3000);
  g_autoptr(GError) error = NULL;
  WrapupOutcomeCache *cache = wrapup_outcome_cache_new (path, &error);
  g_autoptr(GPtrArray) set_aside = list_set_aside (dir, "outcomes.db");
  g_autoptr(GDateTime) fetched = utc_usec (0);

  g_assert_no_error (error);
  g_assert_cmpuint (set_aside->len, ==, 1);
  g_assert_nonnull (wrapup_outcome_cache_get_problem (cache));
  g_assert_nonnull (strstr (wrapup_outcome_cache_get_problem (cache), set_aside->pdata[0]));
  assert_file_has (set_aside->pdata[0], random);
  g_assert_true (wrapup_outcome_cache_put (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", "[]",
                                           fetched, &error));
  g_assert_no_error (error);
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", "[]", fetched);
  g_assert_finalize_object (cache);

  /* Rows edited by hand read as missing: too large, a time that is not one. */
  exec_on_file (path, "INSERT INTO outcome_lists VALUES ('telephony-outcomes', 'BIG', "
                      "replace(hex(zeroblob(2097153)), '0', ' '), 0);"
                      "INSERT INTO outcome_lists VALUES ('telephony-outcomes', 'WHEN', '[]', "
                      "'last week');");
  cache = wrapup_outcome_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (wrapup_outcome_cache_get_problem (cache));
  assert_cached (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "BIG", NULL, NULL);
  assert_cached (cache, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "WHEN", NULL, NULL);
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", "[]", fetched);
  g_assert_finalize_object (cache);

  /* A newer version's cache goes aside too. */
  exec_on_file (path, "PRAGMA user_version=99;");
  g_clear_pointer (&random, g_bytes_unref);
  random = read_bytes (path);
  cache = wrapup_outcome_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wrapup_outcome_cache_get_problem (cache));
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, "ACC", NULL, NULL);
  g_clear_pointer (&set_aside, g_ptr_array_unref);
  set_aside = list_set_aside (dir, "outcomes.db");
  g_assert_cmpuint (set_aside->len, ==, 2);
  assert_file_has (set_aside->pdata[1], random);
  g_assert_finalize_object (cache);

  test_remove_dir (dir);
}

static void
test_outcomes_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrapupOutcomeCache) one = wrapup_outcome_cache_new (NULL, &error);
  g_autoptr(WrapupOutcomeCache) other = wrapup_outcome_cache_new (NULL, &error);
  g_autoptr(GDateTime) fetched = utc_usec (-1);

  g_assert_no_error (error);
  g_assert_true (wrapup_outcome_cache_put (one, WRAPUP_CACHED_CALLBACK_MODES, "ACC", "[7]",
                                           fetched, &error));
  g_assert_no_error (error);
  assert_cached (one, WRAPUP_CACHED_CALLBACK_MODES, "ACC", "[7]", fetched);
  assert_cached (other, WRAPUP_CACHED_CALLBACK_MODES, "ACC", NULL, NULL);
}

static void
test_outcomes_killed (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "outcomes.db", NULL);
  g_autoptr(GDateTime) fetched = utc_usec (G_GINT64_CONSTANT (1700000000654321));
  g_autoptr(GError) error = NULL;
  g_autoptr(WrapupOutcomeCache) cache = NULL;

  store_and_kill ("outcomes", path);

  cache = wrapup_outcome_cache_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (wrapup_outcome_cache_get_problem (cache));
  assert_cached (cache, WRAPUP_CACHED_CALLBACK_MODES, KILLED_KEY, KILLED_RESPONSE, fetched);

  g_clear_object (&cache);
  test_remove_dir (dir);
}

/* The package and the Flatpak keep their data in the same place: the host's. */
static void
test_data_dir (void)
{
  g_autofree char *native = wrapup_data_dir_for (FALSE, "/ignored");
  g_autofree char *native_expected = g_build_filename (g_get_user_data_dir (), "wrapup", NULL);
  g_autofree char *flatpak = wrapup_data_dir_for (TRUE, "/home/agent/.data");
  g_autofree char *flatpak_default = wrapup_data_dir_for (TRUE, NULL);
  g_autofree char *flatpak_relative = wrapup_data_dir_for (TRUE, "relative/path");
  g_autofree char *host_default = g_build_filename (g_get_home_dir (), ".local", "share",
                                                    "wrapup", NULL);

  g_assert_cmpstr (native, ==, native_expected);
  g_assert_cmpstr (flatpak, ==, "/home/agent/.data/wrapup");
  g_assert_cmpstr (flatpak_default, ==, host_default);
  /* Not a path Flatpak would give: the default, never a folder relative to the cwd. */
  g_assert_cmpstr (flatpak_relative, ==, host_default);
}

static guint
uses (GHashTable *counts,
      gint64      id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, &id));
}

/* Counts per list and key, kept across a reopen; a hand-edited row that is no count is
 * skipped; a damaged file goes aside. */
static void
test_usage (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "outcome-usage.db", NULL);
  g_autoptr(GError) error = NULL;
  WrapupOutcomeUsage *usage = wrapup_outcome_usage_new (path, &error);
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) set_aside = NULL;

  g_assert_no_error (error);
  g_assert_null (wrapup_outcome_usage_get_problem (usage));
  for (guint i = 0; i < 3; i++)
    g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "A", 7,
                                              &error));
  g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "A", 9,
                                            &error));
  g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "B", 7,
                                            &error));
  g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_BUSINESS_OUTCOMES, "A", 7,
                                            &error));
  g_assert_no_error (error);
  g_assert_finalize_object (usage);

  usage = wrapup_outcome_usage_new (path, &error);
  g_assert_no_error (error);
  counts = wrapup_outcome_usage_dup_counts (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "A");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 2);
  g_assert_cmpuint (uses (counts, 7), ==, 3);
  g_assert_cmpuint (uses (counts, 9), ==, 1);
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = wrapup_outcome_usage_dup_counts (usage, WRAPUP_CACHED_BUSINESS_OUTCOMES, "A");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = wrapup_outcome_usage_dup_counts (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "C");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_clear_pointer (&counts, g_hash_table_unref);
  g_assert_finalize_object (usage);

  exec_on_file (path, "INSERT INTO outcome_usage VALUES ('telephony-outcomes', 'A', 'x', 5);"
                      "INSERT INTO outcome_usage VALUES ('telephony-outcomes', 'A', 11, -2);");
  usage = wrapup_outcome_usage_new (path, &error);
  g_assert_no_error (error);
  counts = wrapup_outcome_usage_dup_counts (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "A");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 2);
  g_clear_pointer (&counts, g_hash_table_unref);
  g_assert_finalize_object (usage);

  g_assert_true (g_file_set_contents (path, "not a database at all, only text", -1, NULL));
  usage = wrapup_outcome_usage_new (path, &error);
  g_assert_no_error (error);
  set_aside = list_set_aside (dir, "outcome-usage.db");
  g_assert_cmpuint (set_aside->len, ==, 1);
  g_assert_nonnull (wrapup_outcome_usage_get_problem (usage));
  counts = wrapup_outcome_usage_dup_counts (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, "A");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_finalize_object (usage);

  /* In memory, as when no file can be used. */
  usage = wrapup_outcome_usage_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_BUSINESS_OUTCOMES, "X", 1,
                                            &error));
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = wrapup_outcome_usage_dup_counts (usage, WRAPUP_CACHED_BUSINESS_OUTCOMES, "X");
  g_assert_cmpuint (uses (counts, 1), ==, 1);
  g_assert_finalize_object (usage);
  test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  if (argc == 4 && g_str_equal (argv[1], CHILD_ARG))
    return run_child (argv[2], argv[3]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wrapup/stores/drafts/new-and-empty", test_draft_new_and_empty);
  g_test_add_func ("/wrapup/stores/drafts/round-trip", test_draft_round_trip);
  g_test_add_func ("/wrapup/stores/drafts/bounds", test_draft_bounds);
  g_test_add_func ("/wrapup/stores/drafts/reopen", test_draft_reopen);
  g_test_add_func ("/wrapup/stores/drafts/memory", test_draft_memory);
  g_test_add_func ("/wrapup/stores/drafts/killed", test_draft_killed);
  g_test_add_func ("/wrapup/stores/drafts/damaged-file", test_draft_damaged_file);
  g_test_add_func ("/wrapup/stores/drafts/other-schema", test_draft_other_schema);
  g_test_add_func ("/wrapup/stores/drafts/damaged-rows", test_draft_damaged_rows);
  g_test_add_func ("/wrapup/stores/unusable-paths", test_unusable_paths);
  g_test_add_func ("/wrapup/stores/data-dir", test_data_dir);
  g_test_add_func ("/wrapup/stores/outcomes/round-trip", test_outcomes_round_trip);
  g_test_add_func ("/wrapup/stores/outcomes/size-limit", test_outcomes_size_limit);
  g_test_add_func ("/wrapup/stores/outcomes/damaged", test_outcomes_damaged);
  g_test_add_func ("/wrapup/stores/outcomes/memory", test_outcomes_memory);
  g_test_add_func ("/wrapup/stores/outcomes/killed", test_outcomes_killed);
  g_test_add_func ("/wrapup/stores/usage", test_usage);

  result = g_test_run ();
  g_free (self_path);
  return result;
}
