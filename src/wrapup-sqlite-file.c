/* wrapup-sqlite-file.c: opening one of the application's own SQLite files
 *
 * A file is checked before anything is written to it (quick_check, then user_version), so
 * that one set aside keeps the bytes it had when it was found (but for SQLite's own rollback
 * of a hot journal, which any reader does). Only SQLite's own verdicts
 * (not a database, damaged, another schema) set a file aside: a file that is busy, on a full
 * disk or unreadable for its permissions is somebody's drafts all the same, and opening it
 * fails instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-sqlite-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "wrapup-sqlite-file.h"

#define BUSY_TIMEOUT_MS     5000
/* Names tried for one second's set-aside files ("-2" … "-100") before giving up. */
#define MAX_SET_ASIDE_NAMES 100
/* GDateTime's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z, in unix seconds. */
#define MIN_UNIX_SECONDS    G_GINT64_CONSTANT (-62135596800)
#define MAX_UNIX_SECONDS    G_GINT64_CONSTANT (253402300799)

struct _WrapupSqliteFile
{
  sqlite3       *db;
  sqlite3_stmt **statements;
  guint          n_statements;
};

typedef enum
{
  OPEN_OK,
  OPEN_NOT_OURS, /* to be set aside */
  OPEN_FAILED,   /* the error is set */
} OpenResult;

/* The file and what SQLite keeps beside it. A -wal or -journal left behind would be replayed
 * into the new file started at the same path, so they go with it. */
static const char * const companion_suffixes[] = { "", "-wal", "-shm", "-journal" };

/* Helpers */

static GIOErrorEnum
io_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return G_IO_ERROR_NO_SPACE;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return G_IO_ERROR_PERMISSION_DENIED;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return G_IO_ERROR_BUSY;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return G_IO_ERROR_INVALID_DATA;
    default:
      return G_IO_ERROR_FAILED;
    }
}

static char *
display_name (const char *path)
{
  return path != NULL ? g_filename_display_name (path) : g_strdup (":memory:");
}

/* SQLite's word that the file is not a database of any kind, or a damaged one. */
static gboolean
means_damaged (int rc)
{
  return (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT;
}

static OpenResult
not_ours (const char *path,
          const char *why)
{
  g_autofree char *shown = display_name (path);

  g_message ("%s cannot be read as this program's file (%s): it will be set aside", shown, why);
  return OPEN_NOT_OURS;
}

/* An SQLite error while opening: the file is set aside when SQLite says it is damaged, and
 * otherwise opening fails. */
static OpenResult
open_failure (const char  *path,
              int          rc,
              const char  *reason,
              GError     **error)
{
  g_autofree char *shown = NULL;

  if (path != NULL && means_damaged (rc))
    return not_ours (path, reason);

  shown = display_name (path);
  g_set_error (error, G_IO_ERROR, io_error_code (rc),
               /* Translators: the first %s is a file, the second why */
               _("The file %s could not be opened: %s"), shown, reason);
  return OPEN_FAILED;
}

/* Runs sql; the first column of its first row, if any, goes to out_int or out_text. */
static int
query (sqlite3     *db,
       const char  *sql,
       gint64      *out_int,
       char       **out_text)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (out_int != NULL)
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

/* Created private to the user: the drafts hold agents' comments about customers. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *shown = NULL;
  gboolean have_dir;
  int saved_errno;
  int fd;

  have_dir = g_mkdir_with_parents (dir, 0700) == 0;
  fd = have_dir ? g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1;
  saved_errno = errno;
  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }

  shown = g_filename_display_name (have_dir ? path : dir);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               have_dir
               /* Translators: the first %s is a file, the second why */
               ? _("The file %s could not be opened: %s")
               /* Translators: the first %s is a folder, the second why */
               : _("The folder %s could not be created: %s"),
               shown, g_strerror (saved_errno));
  return FALSE;
}

/* A new file gets the schema and its user_version in one transaction: a crash leaves it
 * either empty or complete. */
static OpenResult
create_schema (WrapupSqliteFile         *file,
               const char               *path,
               const WrapupSqliteSchema *schema,
               GError                  **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version=%d;", schema->version);
  gint64 version = 0;
  int rc;

  rc = sqlite3_exec (file->db, "BEGIN IMMEDIATE;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return open_failure (path, rc, sqlite3_errmsg (file->db), error);

  /* Read again in the write transaction: another of our programs may have just created
   * it. */
  rc = query (file->db, "PRAGMA user_version;", &version, NULL);
  if (rc == SQLITE_OK && version == 0)
    rc = sqlite3_exec (file->db, schema->schema_sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK && version == 0)
    rc = sqlite3_exec (file->db, set_version, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (file->db, "COMMIT;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *reason = g_strdup (sqlite3_errmsg (file->db));

      sqlite3_exec (file->db, "ROLLBACK;", NULL, NULL, NULL);
      return open_failure (path, rc, reason, error);
    }
  return OPEN_OK;
}

static OpenResult
try_open (const char                *path,
          const WrapupSqliteSchema  *schema,
          WrapupSqliteFile         **out_file,
          GError                   **error)
{
  g_autoptr(WrapupSqliteFile) file = g_new0 (WrapupSqliteFile, 1);
  g_autofree char *check = NULL;
  gint64 version = 0;
  gint64 n_objects = 0;
  OpenResult result;
  int rc;

  if (path != NULL && !create_private_file (path, error))
    return OPEN_FAILED;

  file->n_statements = schema->n_statements;
  file->statements = g_new0 (sqlite3_stmt *, schema->n_statements);
  rc = sqlite3_open_v2 (path != NULL ? path : ":memory:", &file->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return open_failure (path, rc, file->db != NULL ? sqlite3_errmsg (file->db)
                                                    : sqlite3_errstr (rc), error);
  sqlite3_extended_result_codes (file->db, TRUE);
  sqlite3_busy_timeout (file->db, BUSY_TIMEOUT_MS);
  /* Closing checkpoints the -wal into the file and deletes it: not for a file to be set
   * aside, whose -wal may hold what it lacks. */
  sqlite3_db_config (file->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  /* Reading first, writing (the journal mode, the schema) only once the file is ours. */
  rc = query (file->db, "PRAGMA quick_check(1);", NULL, &check);
  if (rc != SQLITE_OK)
    return open_failure (path, rc, sqlite3_errmsg (file->db), error);
  if (g_strcmp0 (check, "ok") != 0)
    return not_ours (path, check != NULL ? check : "no answer to quick_check");
  rc = query (file->db, "PRAGMA user_version;", &version, NULL);
  if (rc == SQLITE_OK)
    rc = query (file->db, "SELECT count(*) FROM sqlite_master;", &n_objects, NULL);
  if (rc != SQLITE_OK)
    return open_failure (path, rc, sqlite3_errmsg (file->db), error);
  /* Newer: it may hold what this version cannot keep. Older: there is only one schema yet,
   * so any other number is not ours. */
  if (version != 0 && version != schema->version)
    return not_ours (path, "another user_version");
  /* Ours always get their tables and user_version together. */
  if (version == 0 && n_objects > 0)
    return not_ours (path, "another program's database");
  sqlite3_db_config (file->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  /* WAL: a reader never blocks the writer. FULL: a commit is on disk when it returns. */
  rc = path != NULL ? sqlite3_exec (file->db, "PRAGMA journal_mode=WAL;", NULL, NULL, NULL)
                    : SQLITE_OK;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (file->db, "PRAGMA synchronous=FULL;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return open_failure (path, rc, sqlite3_errmsg (file->db), error);

  if (version == 0)
    {
      result = create_schema (file, path, schema, error);
      if (result != OPEN_OK)
        return result;
    }

  /* A statement that does not prepare on a file found with our version means tables that
   * are not the ones it was made with (a hand-edited file). On a file just created, it is
   * a mistake in the statement: never a reason to set a file aside. */
  for (guint i = 0; i < schema->n_statements; i++)
    {
      rc = sqlite3_prepare_v3 (file->db, schema->statements[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &file->statements[i], NULL);
      if ((rc & 0xff) == SQLITE_ERROR && version != 0)
        return not_ours (path, sqlite3_errmsg (file->db));
      if (rc != SQLITE_OK)
        return open_failure (path, rc, sqlite3_errmsg (file->db), error);
    }

  *out_file = g_steal_pointer (&file);
  return OPEN_OK;
}

static gboolean
any_companion_exists (const char *path)
{
  GStatBuf buf;

  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, companion_suffixes[i], NULL);

      if (g_lstat (name, &buf) == 0 || errno != ENOENT)
        return TRUE;
    }
  return FALSE;
}

/* Public API */

WrapupSqliteFile *
wrapup_sqlite_file_open (const char                *path,
                         const WrapupSqliteSchema  *schema,
                         char                     **out_set_aside,
                         GError                   **error)
{
  WrapupSqliteFile *file = NULL;
  g_autofree char *set_aside = NULL;
  OpenResult result;

  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (schema->version > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_set_aside != NULL)
    *out_set_aside = NULL;

  /* A relative path would depend on the folder the program started in, and SQLite reads
   * ":memory:" and "file:" names its own way: NULL is how to ask for memory. */
  if (path != NULL && !g_path_is_absolute (path))
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name */
                   _("The file name %s is not an absolute path"), shown);
      return NULL;
    }

  result = try_open (path, schema, &file, error);
  if (result == OPEN_NOT_OURS && path != NULL)
    {
      set_aside = wrapup_sqlite_file_set_aside (path, error);
      if (set_aside == NULL)
        return NULL;
      result = try_open (path, schema, &file, error);
    }
  if (result == OPEN_NOT_OURS)
    {
      g_autofree char *shown = display_name (path);

      /* The new file is not even ours: not worth a second set-aside. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is a file */
                   _("A new file could not be started at %s"), shown);
      return NULL;
    }
  if (result != OPEN_OK)
    return NULL;

  if (out_set_aside != NULL)
    *out_set_aside = g_steal_pointer (&set_aside);
  return file;
}

void
wrapup_sqlite_file_free (WrapupSqliteFile *file)
{
  if (file == NULL)
    return;
  for (guint i = 0; i < file->n_statements; i++)
    sqlite3_finalize (file->statements[i]);
  sqlite3_close (file->db);
  g_free (file->statements);
  g_free (file);
}

char *
wrapup_sqlite_file_set_aside (const char  *path,
                              GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Local time: the name is for people looking into the folder. */
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  stem = g_strdup_printf ("%s.damaged-%s", path, stamp);
  for (guint n = 1; n <= MAX_SET_ASIDE_NAMES && target == NULL; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (stem) : g_strdup_printf ("%s-%u", stem, n);

      if (!any_companion_exists (name))
        target = g_steal_pointer (&name);
    }
  if (target == NULL)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   /* Translators: %s is a file */
                   _("The file %s could not be set aside: too many files were set aside "
                     "already"), shown);
      return NULL;
    }

  /* The file itself first: if it cannot be moved, nothing has changed. A companion that
   * cannot be moved fails it all, since a new file must not start beside it. */
  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, companion_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, companion_suffixes[i], NULL);

      if (g_rename (from, to) != 0 && (i == 0 || errno != ENOENT))
        {
          int saved_errno = errno;
          g_autofree char *shown = g_filename_display_name (from);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       /* Translators: the first %s is a file, the second why */
                       _("The file %s could not be set aside: %s"), shown,
                       g_strerror (saved_errno));
          return NULL;
        }
    }
  return g_steal_pointer (&target);
}

sqlite3_stmt *
wrapup_sqlite_file_statement (WrapupSqliteFile *file,
                              guint             which)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (which < file->n_statements, NULL);

  stmt = file->statements[which];
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gboolean
wrapup_sqlite_file_write (WrapupSqliteFile  *file,
                          sqlite3_stmt      *stmt,
                          GError           **error)
{
  int rc;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);
  if (rc != SQLITE_DONE)
    g_set_error_literal (error, G_IO_ERROR, io_error_code (rc), sqlite3_errmsg (file->db));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

void
wrapup_sqlite_bind_date_time (sqlite3_stmt *stmt,
                              int           param,
                              GDateTime    *date_time)
{
  if (date_time == NULL)
    sqlite3_bind_null (stmt, param);
  else
    sqlite3_bind_int64 (stmt, param, g_date_time_to_unix (date_time) * G_USEC_PER_SEC
                                     + g_date_time_get_microsecond (date_time));
}

GDateTime *
wrapup_sqlite_column_date_time (sqlite3_stmt *stmt,
                                int           column)
{
  g_autoptr(GDateTime) second = NULL;
  gint64 usec;

  if (sqlite3_column_type (stmt, column) != SQLITE_INTEGER)
    return NULL;
  usec = sqlite3_column_int64 (stmt, column);
  if (usec < MIN_UNIX_SECONDS * G_USEC_PER_SEC
      || usec > MAX_UNIX_SECONDS * G_USEC_PER_SEC + (G_USEC_PER_SEC - 1))
    return NULL;

  /* Before 1970 the second is rounded towards it and the microseconds are negative: the
   * sum is the same instant, and each step stays in range. */
  second = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return second != NULL ? g_date_time_add (second, usec % G_USEC_PER_SEC) : NULL;
}

const char *
wrapup_sqlite_column_text (sqlite3_stmt *stmt,
                           int           column,
                           gsize         max_bytes)
{
  /* In this order: the length is of the text, once SQLite has made it text. */
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  gsize length = sqlite3_column_bytes (stmt, column);

  /* A NUL inside the text fails the UTF-8 check: no string is cut short unseen. */
  if (text == NULL || length > max_bytes || !g_utf8_validate_len (text, length, NULL))
    return NULL;
  return text;
}
