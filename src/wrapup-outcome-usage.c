/* wrapup-outcome-usage.c: how often the agent chose each outcome, kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-outcome-usage"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-outcome-usage.h"
#include "wrapup-sqlite-file.h"

#define SCHEMA_VERSION 1
/* A bound on what a hand-edited file makes us read into memory for one list. */
#define MAX_ROWS       10000

static const char schema_sql[] =
  "CREATE TABLE outcome_usage ("
  "  list TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  outcome_id INTEGER NOT NULL,"
  "  uses INTEGER NOT NULL,"
  "  PRIMARY KEY (list, key, outcome_id)"
  ");";

typedef enum
{
  STMT_NOTE,
  STMT_COUNTS,
  N_STATEMENTS
} Statement;

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_NOTE] = "INSERT INTO outcome_usage (list, key, outcome_id, uses) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (list, key, outcome_id) DO UPDATE SET uses = uses + 1;",
  [STMT_COUNTS] = "SELECT outcome_id, uses FROM outcome_usage WHERE list = ? AND key = ? "
                  "ORDER BY uses DESC LIMIT " G_STRINGIFY (MAX_ROWS) ";",
};

static const WrapupSqliteSchema schema = {
  .schema_sql = schema_sql,
  .version = SCHEMA_VERSION,
  .statements = statement_sql,
  .n_statements = N_STATEMENTS,
};

struct _WrapupOutcomeUsage
{
  GObject           parent_instance;

  char             *problem;
  WrapupSqliteFile *file;
};

G_DEFINE_FINAL_TYPE (WrapupOutcomeUsage, wrapup_outcome_usage, G_TYPE_OBJECT)

/* The outcome lists are counted; callback modes are not. */
static const char *
usage_list_name (WrapupCachedList list)
{
  return list == WRAPUP_CACHED_CALLBACK_MODES ? NULL : wrapup_cached_list_name (list);
}

static void
wrapup_outcome_usage_finalize (GObject *object)
{
  WrapupOutcomeUsage *self = WRAPUP_OUTCOME_USAGE (object);

  g_clear_pointer (&self->file, wrapup_sqlite_file_free);
  g_free (self->problem);

  G_OBJECT_CLASS (wrapup_outcome_usage_parent_class)->finalize (object);
}

static void
wrapup_outcome_usage_class_init (WrapupOutcomeUsageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wrapup_outcome_usage_finalize;
}

static void
wrapup_outcome_usage_init (WrapupOutcomeUsage *self)
{
}

WrapupOutcomeUsage *
wrapup_outcome_usage_new (const char  *path,
                          GError     **error)
{
  g_autoptr(WrapupOutcomeUsage) self = NULL;
  g_autofree char *set_aside = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (WRAPUP_TYPE_OUTCOME_USAGE, NULL);
  self->file = wrapup_sqlite_file_open (path, &schema, &set_aside, error);
  if (self->file == NULL)
    return NULL;
  if (set_aside != NULL)
    {
      g_autofree char *shown = g_filename_display_name (set_aside);

      /* Translators: %s is the file's new name */
      self->problem = g_strdup_printf (_("The file of the most used outcomes could not be "
                                         "read and was set aside as %s; a new one was "
                                         "started."), shown);
    }
  return g_steal_pointer (&self);
}

const char *
wrapup_outcome_usage_get_problem (WrapupOutcomeUsage *self)
{
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_USAGE (self), NULL);
  return self->problem;
}

gboolean
wrapup_outcome_usage_note (WrapupOutcomeUsage  *self,
                           WrapupCachedList     list,
                           const char          *key,
                           gint64               outcome_id,
                           GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WRAPUP_IS_OUTCOME_USAGE (self), FALSE);
  g_return_val_if_fail (usage_list_name (list) != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = wrapup_sqlite_file_statement (self->file, STMT_NOTE);
  sqlite3_bind_text (stmt, 1, usage_list_name (list), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, outcome_id);
  if (!wrapup_sqlite_file_write (self->file, stmt, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   /* Translators: %s is why, from the database */
                   _("The outcome’s use could not be counted: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

GHashTable *
wrapup_outcome_usage_dup_counts (WrapupOutcomeUsage *self,
                                 WrapupCachedList    list,
                                 const char         *key)
{
  GHashTable *counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (WRAPUP_IS_OUTCOME_USAGE (self), counts);
  g_return_val_if_fail (usage_list_name (list) != NULL, counts);
  g_return_val_if_fail (key != NULL, counts);

  stmt = wrapup_sqlite_file_statement (self->file, STMT_COUNTS);
  sqlite3_bind_text (stmt, 1, usage_list_name (list), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 uses = sqlite3_column_int64 (stmt, 1);

      /* A hand-edited count below one means nothing; above G_MAXUINT, as much as that. */
      if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER || uses < 1)
        continue;
      g_hash_table_insert (counts, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) },
                                              sizeof (gint64)),
                           GUINT_TO_POINTER ((guint) MIN (uses, G_MAXUINT)));
    }
  if (rc != SQLITE_DONE)
    g_warning ("The most used outcomes could not be read: %s",
               sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
  return counts;
}
