/* wrapup-outcome-cache.c: the last outcome lists the gateway sent, kept on disk
 *
 * One row per (list, key). The list is stored by name, not by its enum value, so that the
 * file means the same whatever order WrapupCachedList comes to have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-outcome-cache"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-outcome-cache.h"
#include "wrapup-sqlite-file.h"

#define SCHEMA_VERSION     1
/* Far more than a list of outcomes takes; a bound on what a hand-edited file makes us read. */
#define MAX_RESPONSE_BYTES (4 * 1024 * 1024)

/* fetched_at: microseconds since 1970 UTC (wrapup_sqlite_bind_date_time()). */
static const char schema_sql[] =
  "CREATE TABLE outcome_lists ("
  "  list TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  response TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL,"
  "  PRIMARY KEY (list, key)"
  ");";

typedef enum
{
  STMT_PUT,
  STMT_LOOKUP,
  N_STATEMENTS
} Statement;

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_PUT] = "INSERT OR REPLACE INTO outcome_lists (list, key, response, fetched_at) "
               "VALUES (?, ?, ?, ?);",
  [STMT_LOOKUP] = "SELECT response, fetched_at FROM outcome_lists WHERE list = ? AND key = ?;",
};

static const WrapupSqliteSchema schema = {
  .schema_sql = schema_sql,
  .version = SCHEMA_VERSION,
  .statements = statement_sql,
  .n_statements = N_STATEMENTS,
};

struct _WrapupOutcomeCache
{
  GObject           parent_instance;

  char             *problem;
  WrapupSqliteFile *file;
};

G_DEFINE_FINAL_TYPE (WrapupOutcomeCache, wrapup_outcome_cache, G_TYPE_OBJECT)

/* Helpers */

const char *
wrapup_cached_list_name (WrapupCachedList list)
{
  switch (list)
    {
    case WRAPUP_CACHED_TELEPHONY_OUTCOMES:
      return "telephony-outcomes";
    case WRAPUP_CACHED_BUSINESS_OUTCOMES:
      return "business-outcomes";
    case WRAPUP_CACHED_CALLBACK_MODES:
      return "callback-modes";
    default:
      return NULL;
    }
}

/* GObject */

static void
wrapup_outcome_cache_finalize (GObject *object)
{
  WrapupOutcomeCache *self = WRAPUP_OUTCOME_CACHE (object);

  g_clear_pointer (&self->file, wrapup_sqlite_file_free);
  g_free (self->problem);

  G_OBJECT_CLASS (wrapup_outcome_cache_parent_class)->finalize (object);
}

static void
wrapup_outcome_cache_class_init (WrapupOutcomeCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wrapup_outcome_cache_finalize;
}

static void
wrapup_outcome_cache_init (WrapupOutcomeCache *self)
{
}

/* Public API */

WrapupOutcomeCache *
wrapup_outcome_cache_new (const char  *path,
                          GError     **error)
{
  g_autoptr(WrapupOutcomeCache) self = NULL;
  g_autofree char *set_aside = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (WRAPUP_TYPE_OUTCOME_CACHE, NULL);
  self->file = wrapup_sqlite_file_open (path, &schema, &set_aside, error);
  if (self->file == NULL)
    return NULL;
  if (set_aside != NULL)
    {
      g_autofree char *shown = g_filename_display_name (set_aside);

      /* Translators: %s is the file's new name */
      self->problem = g_strdup_printf (_("The saved outcome lists file could not be read and "
                                         "was set aside as %s; a new one was started."), shown);
    }
  return g_steal_pointer (&self);
}

const char *
wrapup_outcome_cache_get_problem (WrapupOutcomeCache *self)
{
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_CACHE (self), NULL);
  return self->problem;
}

gboolean
wrapup_outcome_cache_put (WrapupOutcomeCache  *self,
                          WrapupCachedList     list,
                          const char          *key,
                          const char          *response_json,
                          GDateTime           *fetched_at,
                          GError             **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WRAPUP_IS_OUTCOME_CACHE (self), FALSE);
  g_return_val_if_fail (wrapup_cached_list_name (list) != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (response_json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Larger would be refused when read back (a hand-edited file): refused here instead. */
  if (strlen (response_json) > MAX_RESPONSE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a number of mebibytes */
                   _("The outcome list is too large to be kept (more than %d MiB)"),
                   MAX_RESPONSE_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (fetched_at == NULL)
    fetched_at = now = g_date_time_new_now_utc ();

  stmt = wrapup_sqlite_file_statement (self->file, STMT_PUT);
  sqlite3_bind_text (stmt, 1, wrapup_cached_list_name (list), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, response_json, -1, SQLITE_STATIC);
  wrapup_sqlite_bind_date_time (stmt, 4, fetched_at);
  if (!wrapup_sqlite_file_write (self->file, stmt, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   /* Translators: %s is why, from the database */
                   _("The outcome list could not be kept: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
wrapup_outcome_cache_lookup (WrapupOutcomeCache  *self,
                             WrapupCachedList     list,
                             const char          *key,
                             GDateTime          **out_fetched_at)
{
  g_autoptr(GDateTime) fetched_at = NULL;
  g_autofree char *response = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (out_fetched_at != NULL)
    *out_fetched_at = NULL;
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_CACHE (self), NULL);
  g_return_val_if_fail (wrapup_cached_list_name (list) != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = wrapup_sqlite_file_statement (self->file, STMT_LOOKUP);
  sqlite3_bind_text (stmt, 1, wrapup_cached_list_name (list), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      fetched_at = wrapup_sqlite_column_date_time (stmt, 1);
      response = g_strdup (wrapup_sqlite_column_text (stmt, 0, MAX_RESPONSE_BYTES));
      /* A row that does not read is as good as none: the list is fetched again. */
      if (response == NULL || fetched_at == NULL)
        {
          g_debug ("Skipped a damaged %s list", wrapup_cached_list_name (list));
          g_clear_pointer (&response, g_free);
        }
    }
  else if (rc != SQLITE_DONE)
    g_warning ("The outcome lists could not be read: %s",
               sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);

  if (response != NULL && out_fetched_at != NULL)
    *out_fetched_at = g_steal_pointer (&fetched_at);
  return g_steal_pointer (&response);
}
