/* lcm-outbox-store-file.c: the outbox's SQLite file and its sender lock
 *
 * The file is looked at read-only before anything is written to it, named by an absolute
 * path (never an SQLite URI), created with its tables before it is switched to WAL, and
 * checkpointed after every commit. Only the program holding the lock file sends its writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lcm-enum-types.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-outbox-private.h"

static const char *schema_sql =
  "CREATE TABLE IF NOT EXISTS entries ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_at TEXT NOT NULL,"
  "  operation TEXT NOT NULL,"
  "  callid TEXT,"
  "  account_number TEXT,"
  "  data TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  refusal TEXT CHECK (refusal IN ('temporary', 'permanent')),"
  "  summary TEXT"
  ");";

/* From version 1: a refusal of unknown kind may be sent again, as it could then. */
static const char *migrate_1_sql =
  "ALTER TABLE entries ADD COLUMN refusal TEXT CHECK (refusal IN ('temporary', 'permanent'));"
  "ALTER TABLE entries ADD COLUMN summary TEXT;"
  "UPDATE entries SET refusal = 'temporary' WHERE state = 'failed';";

/* The columns of `entries`, in order, in each version: a table of that name with others is
 * another program's. */
#define COLUMNS_1 "id,created_at,operation,callid,account_number,data,state,attempts,last_error"
#define COLUMNS_2 COLUMNS_1 ",refusal,summary"

/* Why a file is refused as it is found; each a whole sentence, for translators. */
typedef enum
{
  REFUSE_NOT_A_DATABASE,
  REFUSE_FOREIGN,
  REFUSE_DAMAGED,
  REFUSE_LOST_LOG,
  REFUSE_LOST_TABLES,
} Refusal;

/* What the read-only look at the file found. */
typedef enum
{
  LOOK_NEW,      /* empty: to be created */
  LOOK_OURS,     /* an outbox, to be opened */
  LOOK_FAILED,   /* the error is set */
  LOOK_RETRY_RW, /* a hot journal to roll back first, which a read-only look cannot do */
} Look;

void
lcm_outbox_set_storage_error (GError     **error,
                              sqlite3     *db,
                              StorageStep  step)
{
  const char *reason = db != NULL ? sqlite3_errmsg (db) : _("out of memory");

  switch (step)
    {
    case STORAGE_OPEN:
      /* Translators: %s is why, from the database */
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be opened: %s"), reason);
      break;
    case STORAGE_CREATE:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be created: %s"), reason);
      break;
    case STORAGE_UPGRADE:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be brought up to date: %s"), reason);
      break;
    case STORAGE_READ:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be read: %s"), reason);
      break;
    case STORAGE_STORE_WRITE:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not store the write: %s"), reason);
      break;
    case STORAGE_STORE_CHANGE:
    default:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not store the change: %s"), reason);
      break;
    }
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          StorageStep  step,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  lcm_outbox_set_storage_error (error, db, step);
  return FALSE;
}

/* The first column of the first row of sql: into *out_int (0 when there is no row) and, when
 * out_text is not NULL, into *out_text (NULL then). SQLite's result code. */
static int
query_value (sqlite3     *db,
             const char  *sql,
             gint64      *out_int,
             char       **out_text)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_int = 0;
  if (out_text != NULL)
    *out_text = NULL;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_int = sqlite3_column_int64 (stmt, 0);
      if (out_text != NULL)
        *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (stmt);
  return rc;
}

gint64
lcm_outbox_store_query_int (sqlite3    *db,
                            const char *sql,
                            gboolean   *ok)
{
  gint64 value;

  *ok = query_value (db, sql, &value, NULL) == SQLITE_OK;
  return value;
}

/* The file is created private to the user: it holds agents' comments about customers. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (dir);

      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox folder %s could not be created: %s"), shown,
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox %s could not be opened: %s"), shown, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static void
set_newer_version_error (GError **error)
{
  g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                       _("The outbox was written by a newer version of this program"));
}

static void
set_refused_error (GError     **error,
                   const char  *path,
                   Refusal      why,
                   const char  *detail)
{
  g_autofree char *shown = g_filename_display_name (path);

  switch (why)
    {
    case REFUSE_NOT_A_DATABASE:
      /* Translators: %s is a file */
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("%s is not an outbox: it is not a database file"), shown);
      break;
    case REFUSE_FOREIGN:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("%s is not an outbox: it is another program’s database, left as it is"),
                   shown);
      break;
    case REFUSE_DAMAGED:
      /* Translators: %s is a file, then what SQLite found wrong */
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED,
                   _("The outbox %s is damaged (%s): it is left as it is, with the writes "
                     "it still holds; move it aside to start a new one"), shown, detail);
      break;
    case REFUSE_LOST_LOG:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED,
                   _("The outbox %s is damaged: the file was emptied, and its writes are "
                     "left in its write-ahead log %s-wal; both are left as they are"),
                   shown, shown);
      break;
    case REFUSE_LOST_TABLES:
    default:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED,
                   _("The outbox %s has lost its contents: the file is in write-ahead-log "
                     "mode but holds no table, so its log (%s-wal) was lost or damaged; it is "
                     "left as it is"), shown, shown);
      break;
    }
}

/* Looks at an existing, non-empty file through its own connection, writing nothing (no
 * checkpoint either on closing it), read-only unless SQLite must first roll back what a
 * killed writer left, as any reader does. */
static Look
look_at_file (const char  *path,
              int          flags,
              GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *check = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *journal = NULL;
  gint64 version = 0, n_pages = 0, n_objects = 0, unused;
  Look look = LOOK_OURS;
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, TRUE);
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      rc = query_value (db, "PRAGMA quick_check(1);", &unused, &check);
    }
  if (rc == SQLITE_OK)
    rc = query_value (db, "PRAGMA user_version;", &version, NULL);
  if (rc == SQLITE_OK)
    rc = query_value (db, "PRAGMA page_count;", &n_pages, NULL);
  if (rc == SQLITE_OK)
    rc = query_value (db, "PRAGMA journal_mode;", &unused, &journal);
  if (rc == SQLITE_OK)
    rc = query_value (db, "SELECT count(*) FROM sqlite_master;", &n_objects, NULL);
  /* Ours are the table `entries` and SQLite's own (its AUTOINCREMENT counters). */
  if (rc == SQLITE_OK)
    rc = query_value (db, "SELECT name FROM sqlite_master WHERE name != 'entries' AND "
                      "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' LIMIT 1;", &unused, &foreign);
  if (rc == SQLITE_OK)
    rc = query_value (db, "SELECT group_concat(name, ',') FROM (SELECT name FROM "
                      "pragma_table_info('entries') ORDER BY cid);", &unused, &columns);

  if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
    look = LOOK_RETRY_RW;
  else if ((rc & 0xff) == SQLITE_NOTADB)
    {
      set_refused_error (error, path, REFUSE_NOT_A_DATABASE, NULL);
      look = LOOK_FAILED;
    }
  else if ((rc & 0xff) == SQLITE_CORRUPT)
    {
      set_refused_error (error, path, REFUSE_DAMAGED, sqlite3_errmsg (db));
      look = LOOK_FAILED;
    }
  else if (rc != SQLITE_OK)
    {
      lcm_outbox_set_storage_error (error, db, STORAGE_OPEN);
      look = LOOK_FAILED;
    }
  else if (g_strcmp0 (check, "ok") != 0)
    {
      set_refused_error (error, path, REFUSE_DAMAGED, check != NULL ? check : "quick_check");
      look = LOOK_FAILED;
    }
  else if (n_pages == 0)
    look = LOOK_NEW;
  else if (version > SCHEMA_VERSION)
    {
      set_newer_version_error (error);
      look = LOOK_FAILED;
    }
  else if (n_objects == 0 && version == 0 && g_strcmp0 (journal, "wal") == 0)
    {
      /* New files get their tables before they are switched to WAL: one in WAL mode
       * without them lost what its log held. */
      set_refused_error (error, path, REFUSE_LOST_TABLES, NULL);
      look = LOOK_FAILED;
    }
  else if (foreign != NULL || version == 0
           || g_strcmp0 (columns, version == 1 ? COLUMNS_1 : COLUMNS_2) != 0)
    {
      set_refused_error (error, path, REFUSE_FOREIGN, NULL);
      look = LOOK_FAILED;
    }

  sqlite3_close (db);
  return look;
}

/* Before anything is written to the file, and before SQLite sees it: whether it is new (it
 * does not exist, or is empty), an outbox, or to be refused as it is. */
static gboolean
inspect_file (const char  *path,
              gboolean    *is_new,
              GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  Look look;

  *is_new = TRUE;
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = NULL;

      if (saved_errno == ENOENT)
        return TRUE;
      shown = g_filename_display_name (path);
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox %s could not be opened: %s"), shown, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_refused_error (error, path, REFUSE_NOT_A_DATABASE, NULL);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      /* SQLite would take the file for a new database, and delete its log with the writes
       * in it. */
      if (g_stat (wal, &st) == 0 && st.st_size > 0)
        {
          set_refused_error (error, path, REFUSE_LOST_LOG, NULL);
          return FALSE;
        }
      return TRUE;
    }

  look = look_at_file (path, SQLITE_OPEN_READONLY, error);
  if (look == LOOK_RETRY_RW)
    look = look_at_file (path, SQLITE_OPEN_READWRITE, error);
  if (look == LOOK_RETRY_RW)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox %s could not be opened: %s"), shown,
                   sqlite3_errstr (SQLITE_READONLY_ROLLBACK));
      return FALSE;
    }
  *is_new = look == LOOK_NEW;
  return look != LOOK_FAILED;
}

/* A commit lives in the write-ahead log until a checkpoint copies it into the file: done at
 * once, so that a -wal lost or damaged later loses no write. PASSIVE: it never waits; what a
 * reader keeps it from copying now goes with the next commit. It may fail (a full disk): the
 * commit is safe in the log all the same. */
void
lcm_outbox_store_checkpoint (LcmOutbox *self)
{
  if (self->path != NULL)
    sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

/* Creates the tables of a new file, or brings an older file's up to date in place: all of
 * it or nothing, in one transaction. The version is read again inside it, since another
 * program may have done it meanwhile. */
static gboolean
upgrade_schema (sqlite3  *db,
                GError  **error)
{
  g_autofree char *sql = NULL;
  const char *step = NULL;
  StorageStep what = STORAGE_CREATE;
  gint64 version;
  gboolean ok;

  if (!exec_sql (db, "BEGIN IMMEDIATE;", STORAGE_CREATE, error))
    return FALSE;

  version = lcm_outbox_store_query_int (db, "PRAGMA user_version;", &ok);
  if (!ok)
    lcm_outbox_set_storage_error (error, db, STORAGE_READ);
  else if (version == 0)
    step = schema_sql;
  else if (version == 1)
    {
      step = migrate_1_sql;
      what = STORAGE_UPGRADE;
    }
  else if (version != SCHEMA_VERSION)
    {
      set_newer_version_error (error);
      ok = FALSE;
    }

  if (ok && step != NULL)
    {
      sql = g_strdup_printf ("%s PRAGMA user_version=%d;", step, SCHEMA_VERSION);
      ok = exec_sql (db, sql, what, error);
    }
  if (!ok || !exec_sql (db, "COMMIT;", what, error))
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
lcm_outbox_store_open (LcmOutbox  *self,
                       GError    **error)
{
  gboolean is_new = TRUE;
  gint64 version;
  gboolean ok;
  int rc;

  if (self->path != NULL
      && (!inspect_file (self->path, &is_new, error)
          || !create_private_file (self->path, error)))
    return FALSE;

  /* An absolute path is never read as a URI, whatever SQLite was built with. */
  g_assert (self->path == NULL || g_path_is_absolute (self->path));
  rc = sqlite3_open_v2 (self->path != NULL ? self->path : ":memory:", &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_OPEN);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* FULL: a commit is on disk when it returns, so a power cut after it cannot lose the
   * write. */
  if (!exec_sql (self->db, "PRAGMA synchronous=FULL;", STORAGE_OPEN, error))
    return FALSE;

  version = lcm_outbox_store_query_int (self->db, "PRAGMA user_version;", &ok);
  if (!ok)
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_READ);
      return FALSE;
    }
  if (version > SCHEMA_VERSION)
    {
      set_newer_version_error (error);
      return FALSE;
    }
  /* A new file gets its tables before it is switched to WAL, in the file itself: a file in
   * WAL mode without them has lost what its log held, and is never taken for a new one. */
  if (version != SCHEMA_VERSION && !upgrade_schema (self->db, error))
    return FALSE;

  /* WAL: a reader (lcmctl outbox list) never blocks the sender. */
  if (self->path != NULL
      && !exec_sql (self->db, "PRAGMA journal_mode=WAL;", STORAGE_OPEN, error))
    return FALSE;
  lcm_outbox_store_checkpoint (self);

  g_debug ("Opened %s (%s)", self->path != NULL ? self->path : ":memory:",
           is_new ? "new" : "existing");
  self->data_version = lcm_outbox_store_query_int (self->db, "PRAGMA data_version;", &ok);
  return TRUE;
}

LockResult
lcm_outbox_store_acquire_sender_lock (LcmOutbox  *self,
                                      GError    **error)
{
  g_autofree char *lock_path = NULL;
  g_autofree char *shown = NULL;
  int saved_errno;
  int fd;

  if (self->path == NULL || self->lock_fd >= 0)
    return LOCK_TAKEN;

  lock_path = g_strconcat (self->path, ".lock", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      self->lock_fd = fd;
      return LOCK_TAKEN;
    }
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (fd >= 0 && saved_errno == EWOULDBLOCK)
    return LOCK_HELD;

  /* A lock file left by another user (a flush run with sudo), or a folder in its place:
   * nobody holds it, and nobody ever will until someone removes it. */
  shown = g_filename_display_name (lock_path);
  g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
               /* Translators: %s is a file, then why it cannot be opened */
               _("The outbox’s lock file %s cannot be used (%s), so the outbox’s writes "
                 "cannot be sent: once no other program uses this outbox, remove that file"),
               shown, g_strerror (saved_errno));
  return LOCK_FAILED;
}

void
lcm_outbox_store_release_sender_lock (LcmOutbox *self)
{
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  self->lock_fd = -1;
}
