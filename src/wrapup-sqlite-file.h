/* wrapup-sqlite-file.h: opening one of the application's own SQLite files
 *
 * The drafts and the outcome cache keep their files as the outbox does: private to the user
 * (folder 0700, file 0600), WAL with synchronous=FULL so that a committed write survives a
 * crash, and a user_version that says which schema the file has. Unlike the outbox's, these
 * files hold nothing that cannot be typed or fetched again, so a file that cannot be read as
 * ours is not an error: it is renamed aside, kept for whoever wants to look at it, and a new
 * one is started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  const char         *schema_sql;   /* creates the tables of a new file */
  int                 version;      /* the user_version of a file with those tables */
  const char * const *statements;   /* prepared when the file is opened, kept until closed */
  guint               n_statements;
} WrapupSqliteSchema;

typedef struct _WrapupSqliteFile WrapupSqliteFile;

/* Opens the file at path (absolute; its folder and itself created private to the user when
 * missing), or an in-memory database when path is NULL. A file that is not a database, is
 * damaged, or has another program's or a newer version's schema is renamed aside to
 * "<path>.damaged-YYYYMMDD-HHMMSS" (local time; "-2", "-3"… added when that is taken; its
 * -wal, -shm and -journal alongside) and a new one started: out_set_aside (may be NULL)
 * then gets where it went, and otherwise NULL. A file that is only busy, unreadable or on
 * a full disk is not set aside. NULL with a G_IO_ERROR only when no file can be used. */
WrapupSqliteFile *wrapup_sqlite_file_open        (const char               *path,
                                                  const WrapupSqliteSchema *schema,
                                                  char                    **out_set_aside,
                                                  GError                  **error);
void              wrapup_sqlite_file_free        (WrapupSqliteFile         *file);
/* Renames the closed file at path, with its -wal, -shm and -journal, to the first free
 * "<path>.damaged-YYYYMMDD-HHMMSS[-n]" (local time) and returns that name; NULL with a
 * G_IO_ERROR when it cannot. What wrapup_sqlite_file_open() does to a file not ours, for
 * a file that another class (LcmOutbox) opens. */
char             *wrapup_sqlite_file_set_aside   (const char               *path,
                                                  GError                  **error);
/* The schema's statement number which, reset and without bindings. Reset it once its rows
 * are read: a statement left stepping keeps a read transaction open. */
sqlite3_stmt     *wrapup_sqlite_file_statement   (WrapupSqliteFile         *file,
                                                  guint                     which);
/* Runs a bound write statement to its end, then resets it. One statement is one committed
 * transaction (on disk when this returns). On failure the error has a G_IO_ERROR code and
 * SQLite's reason as its message, for the caller's own sentence. */
gboolean          wrapup_sqlite_file_write       (WrapupSqliteFile         *file,
                                                  sqlite3_stmt             *stmt,
                                                  GError                  **error);

/* Times are stored as microseconds since 1970 UTC (INTEGER): exact, and ordered as numbers.
 * param is the parameter's number (from 1, as sqlite3_bind_*()); NULL binds NULL. */
void              wrapup_sqlite_bind_date_time   (sqlite3_stmt             *stmt,
                                                  int                       param,
                                                  GDateTime                *date_time);
/* The time in column (from 0, as sqlite3_column_*()), in UTC; NULL when it is NULL, not an
 * integer or out of GDateTime's range (a hand-edited file). */
GDateTime        *wrapup_sqlite_column_date_time (sqlite3_stmt             *stmt,
                                                  int                       column);
/* The column's text, or NULL when it is NULL, longer than max_bytes or not UTF-8 (a
 * hand-edited file). Valid until the statement moves on. */
const char       *wrapup_sqlite_column_text      (sqlite3_stmt             *stmt,
                                                  int                       column,
                                                  gsize                     max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrapupSqliteFile, wrapup_sqlite_file_free)

G_END_DECLS
