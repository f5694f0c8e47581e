/* wrapup-draft-store.c: the agent's unsaved wrap-ups, kept on disk as they are typed
 *
 * One row of the table drafts per call id. Every write is a single statement, so a single
 * committed transaction, on disk (synchronous=FULL) when put returns: that is what lets a
 * draft outlive a kill -9. A row is checked against WrapupDraft's promises and the bounds
 * below as it is read: a hand-edited row that breaks them is skipped, never trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-draft-store"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lcm-disposition.h"
#include "wrapup-draft-store.h"
#include "wrapup-sqlite-file.h"

#define SCHEMA_VERSION     1
/* LCM call ids are short numbers, a link carries a call's few fields, and comments are what
 * an agent types in a wrap-up: anything longer in the file is not a draft of ours. */
#define MAX_CALL_ID_BYTES  256
#define MAX_LINK_BYTES     (64 * 1024)
#define MAX_COMMENTS_BYTES (64 * 1024)

/* Times are microseconds since 1970 UTC (wrapup_sqlite_bind_date_time()). */
static const char schema_sql[] =
  "CREATE TABLE drafts ("
  "  call_id TEXT PRIMARY KEY NOT NULL,"
  "  link TEXT,"
  "  started_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  telephony_outcome INTEGER NOT NULL,"
  "  business_outcome INTEGER NOT NULL,"
  "  comments TEXT NOT NULL,"
  "  has_lead_score INTEGER NOT NULL,"
  "  lead_score INTEGER NOT NULL,"
  "  has_target_amount INTEGER NOT NULL,"
  /* NULL is NaN: SQLite stores no NaN, and binding one binds NULL. */
  "  target_amount REAL,"
  "  callback_start INTEGER,"
  "  callback_end INTEGER,"
  "  callback_mode INTEGER NOT NULL"
  ");"
  "CREATE INDEX drafts_by_start ON drafts (started_at);";

#define DRAFT_COLUMNS \
  "call_id, link, started_at, updated_at, telephony_outcome, business_outcome, comments, " \
  "has_lead_score, lead_score, has_target_amount, target_amount, callback_start, " \
  "callback_end, callback_mode"

/* DRAFT_COLUMNS in order: a row's columns (from 0), and STMT_PUT's parameters (from 1). */
enum {
  COL_CALL_ID,
  COL_LINK,
  COL_STARTED_AT,
  COL_UPDATED_AT,
  COL_TELEPHONY_OUTCOME,
  COL_BUSINESS_OUTCOME,
  COL_COMMENTS,
  COL_HAS_LEAD_SCORE,
  COL_LEAD_SCORE,
  COL_HAS_TARGET_AMOUNT,
  COL_TARGET_AMOUNT,
  COL_CALLBACK_START,
  COL_CALLBACK_END,
  COL_CALLBACK_MODE,
};

typedef enum
{
  STMT_PUT,
  STMT_LOOKUP,
  STMT_REMOVE,
  STMT_LIST,
  STMT_COUNT,
  N_STATEMENTS
} Statement;

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_PUT] = "INSERT OR REPLACE INTO drafts (" DRAFT_COLUMNS ") "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);",
  [STMT_LOOKUP] = "SELECT " DRAFT_COLUMNS " FROM drafts WHERE call_id = ?;",
  [STMT_REMOVE] = "DELETE FROM drafts WHERE call_id = ?;",
  [STMT_LIST] = "SELECT " DRAFT_COLUMNS " FROM drafts ORDER BY started_at, call_id;",
  [STMT_COUNT] = "SELECT count(*) FROM drafts;",
};

static const WrapupSqliteSchema schema = {
  .schema_sql = schema_sql,
  .version = SCHEMA_VERSION,
  .statements = statement_sql,
  .n_statements = N_STATEMENTS,
};

struct _WrapupDraftStore
{
  GObject           parent_instance;

  char             *path;     /* NULL: in memory */
  char             *problem;
  WrapupSqliteFile *file;
  guint             n_drafts;
};

G_DEFINE_BOXED_TYPE (WrapupDraft, wrapup_draft, wrapup_draft_copy, wrapup_draft_free)
G_DEFINE_FINAL_TYPE (WrapupDraftStore, wrapup_draft_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_DRAFTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static GDateTime *
date_time_ref0 (GDateTime *date_time)
{
  return date_time != NULL ? g_date_time_ref (date_time) : NULL;
}

/* The row's draft, or NULL when it is not one that this program could have written. */
static WrapupDraft *
draft_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(WrapupDraft) draft = g_new0 (WrapupDraft, 1);
  /* Types first: reading a column as text may convert it. */
  gboolean has_link = sqlite3_column_type (stmt, COL_LINK) != SQLITE_NULL;
  gboolean has_callback_start = sqlite3_column_type (stmt, COL_CALLBACK_START) != SQLITE_NULL;
  gboolean has_callback_end = sqlite3_column_type (stmt, COL_CALLBACK_END) != SQLITE_NULL;
  gboolean has_amount = sqlite3_column_type (stmt, COL_TARGET_AMOUNT) != SQLITE_NULL;

  draft->call_id = g_strdup (wrapup_sqlite_column_text (stmt, COL_CALL_ID, MAX_CALL_ID_BYTES));
  draft->link = g_strdup (wrapup_sqlite_column_text (stmt, COL_LINK, MAX_LINK_BYTES));
  draft->started_at = wrapup_sqlite_column_date_time (stmt, COL_STARTED_AT);
  draft->updated_at = wrapup_sqlite_column_date_time (stmt, COL_UPDATED_AT);
  draft->telephony_outcome = sqlite3_column_int64 (stmt, COL_TELEPHONY_OUTCOME);
  draft->business_outcome = sqlite3_column_int64 (stmt, COL_BUSINESS_OUTCOME);
  draft->comments = g_strdup (wrapup_sqlite_column_text (stmt, COL_COMMENTS,
                                                         MAX_COMMENTS_BYTES));
  draft->has_lead_score = sqlite3_column_int64 (stmt, COL_HAS_LEAD_SCORE) != 0;
  draft->lead_score = sqlite3_column_int64 (stmt, COL_LEAD_SCORE);
  draft->has_target_amount = sqlite3_column_int64 (stmt, COL_HAS_TARGET_AMOUNT) != 0;
  draft->target_amount = has_amount ? sqlite3_column_double (stmt, COL_TARGET_AMOUNT) : NAN;
  draft->callback_start = wrapup_sqlite_column_date_time (stmt, COL_CALLBACK_START);
  draft->callback_end = wrapup_sqlite_column_date_time (stmt, COL_CALLBACK_END);
  draft->callback_mode = sqlite3_column_int64 (stmt, COL_CALLBACK_MODE);

  /* A value there that did not read is damage, as is half a callback. */
  if (draft->call_id == NULL || draft->comments == NULL || draft->started_at == NULL
      || draft->updated_at == NULL || has_link != (draft->link != NULL)
      || has_callback_start != (draft->callback_start != NULL)
      || has_callback_end != (draft->callback_end != NULL)
      || has_callback_start != has_callback_end)
    {
      g_debug ("Skipped a damaged draft");
      return NULL;
    }
  return g_steal_pointer (&draft);
}

/* Steps a bound SELECT to its end, adding the drafts its rows hold to drafts. */
static void
read_drafts (sqlite3_stmt *stmt,
             GPtrArray    *drafts)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      WrapupDraft *draft = draft_from_row (stmt);

      if (draft != NULL)
        g_ptr_array_add (drafts, draft);
    }
  if (rc != SQLITE_DONE)
    g_warning ("The drafts could not be read: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
}

/* Counted in the file after each write: another program on the same file (a second window
 * of the application) may have changed it too. A damaged row counts, though reading skips
 * it: it is in the file all the same. */
static void
update_n_drafts (WrapupDraftStore *self)
{
  sqlite3_stmt *stmt = wrapup_sqlite_file_statement (self->file, STMT_COUNT);
  guint n_drafts;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_warning ("The drafts could not be counted: %s",
                 sqlite3_errmsg (sqlite3_db_handle (stmt)));
      sqlite3_reset (stmt);
      return;
    }
  n_drafts = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
  sqlite3_reset (stmt);

  if (self->n_drafts == n_drafts)
    return;
  self->n_drafts = n_drafts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DRAFTS]);
}

/* Runs a bound write of a draft (putting or removing it), then counts the drafts again. */
static gboolean
write_change (WrapupDraftStore  *self,
              sqlite3_stmt      *stmt,
              gboolean           removing,
              GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!wrapup_sqlite_file_write (self->file, stmt, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   removing
                   /* Translators: %s is why, from the database */
                   ? _("The draft could not be removed: %s")
                   /* Translators: %s is why, from the database */
                   : _("The draft could not be saved: %s"),
                   local_error->message);
      return FALSE;
    }

  update_n_drafts (self);
  return TRUE;
}

/* What would be skipped when read back is refused when written, so that no draft is lost
 * without a word. */
static gboolean
check_draft_fits (const WrapupDraft  *draft,
                  GError            **error)
{
  if (strlen (draft->comments) > MAX_COMMENTS_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a number of bytes */
                   _("The comments are too long to be kept as a draft (at most %d bytes)"),
                   MAX_COMMENTS_BYTES);
      return FALSE;
    }
  if (strlen (draft->call_id) > MAX_CALL_ID_BYTES
      || (draft->link != NULL && strlen (draft->link) > MAX_LINK_BYTES))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The call’s id or link is too long to be kept as a draft"));
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
wrapup_draft_store_finalize (GObject *object)
{
  WrapupDraftStore *self = WRAPUP_DRAFT_STORE (object);

  g_clear_pointer (&self->file, wrapup_sqlite_file_free);
  g_free (self->path);
  g_free (self->problem);

  G_OBJECT_CLASS (wrapup_draft_store_parent_class)->finalize (object);
}

static void
wrapup_draft_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WrapupDraftStore *self = WRAPUP_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_N_DRAFTS:
      g_value_set_uint (value, self->n_drafts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_draft_store_class_init (WrapupDraftStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wrapup_draft_store_finalize;
  object_class->get_property = wrapup_draft_store_get_property;

  properties[PROP_N_DRAFTS] =
    g_param_spec_uint ("n-drafts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wrapup_draft_store_init (WrapupDraftStore *self)
{
}

/* Public API */

WrapupDraft *
wrapup_draft_new (const char *call_id)
{
  WrapupDraft *draft;

  g_return_val_if_fail (call_id != NULL, NULL);

  draft = g_new0 (WrapupDraft, 1);
  draft->call_id = g_strdup (call_id);
  draft->started_at = g_date_time_new_now_utc ();
  draft->telephony_outcome = LCM_NONE;
  draft->business_outcome = LCM_NONE;
  draft->comments = g_strdup ("");
  draft->callback_mode = LCM_NONE;
  return draft;
}

WrapupDraft *
wrapup_draft_copy (const WrapupDraft *draft)
{
  WrapupDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = g_memdup2 (draft, sizeof *draft);
  copy->call_id = g_strdup (draft->call_id);
  copy->link = g_strdup (draft->link);
  copy->comments = g_strdup (draft->comments);
  copy->started_at = date_time_ref0 (draft->started_at);
  copy->updated_at = date_time_ref0 (draft->updated_at);
  copy->callback_start = date_time_ref0 (draft->callback_start);
  copy->callback_end = date_time_ref0 (draft->callback_end);
  return copy;
}

void
wrapup_draft_free (WrapupDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->call_id);
  g_free (draft->link);
  g_free (draft->comments);
  g_clear_pointer (&draft->started_at, g_date_time_unref);
  g_clear_pointer (&draft->updated_at, g_date_time_unref);
  g_clear_pointer (&draft->callback_start, g_date_time_unref);
  g_clear_pointer (&draft->callback_end, g_date_time_unref);
  g_free (draft);
}

gboolean
wrapup_draft_is_empty (const WrapupDraft *draft)
{
  g_return_val_if_fail (draft != NULL, TRUE);

  /* A callback mode chosen before its times is something entered all the same. */
  return draft->telephony_outcome == LCM_NONE
         && draft->business_outcome == LCM_NONE
         && (draft->comments == NULL || draft->comments[0] == '\0')
         && !draft->has_lead_score
         && !draft->has_target_amount
         && draft->callback_start == NULL
         && draft->callback_end == NULL
         && draft->callback_mode == LCM_NONE;
}

WrapupDraftStore *
wrapup_draft_store_new (const char  *path,
                        GError     **error)
{
  g_autoptr(WrapupDraftStore) self = NULL;
  g_autofree char *set_aside = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (WRAPUP_TYPE_DRAFT_STORE, NULL);
  self->path = g_strdup (path);
  self->file = wrapup_sqlite_file_open (path, &schema, &set_aside, error);
  if (self->file == NULL)
    return NULL;
  if (set_aside != NULL)
    {
      g_autofree char *shown = g_filename_display_name (set_aside);

      /* Translators: %s is the file's new name */
      self->problem = g_strdup_printf (_("The saved drafts file could not be read and was set "
                                         "aside as %s; a new one was started."), shown);
    }
  update_n_drafts (self);
  return g_steal_pointer (&self);
}

const char *
wrapup_draft_store_get_problem (WrapupDraftStore *self)
{
  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), NULL);
  return self->problem;
}

const char *
wrapup_draft_store_get_path (WrapupDraftStore *self)
{
  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), NULL);
  return self->path;
}

gboolean
wrapup_draft_store_put (WrapupDraftStore   *self,
                        const WrapupDraft  *draft,
                        GError            **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (draft->call_id != NULL && g_utf8_validate (draft->call_id, -1, NULL),
                        FALSE);
  g_return_val_if_fail (draft->link == NULL || g_utf8_validate (draft->link, -1, NULL), FALSE);
  g_return_val_if_fail (draft->comments != NULL && g_utf8_validate (draft->comments, -1, NULL),
                        FALSE);
  g_return_val_if_fail (draft->started_at != NULL, FALSE);
  g_return_val_if_fail ((draft->callback_start == NULL) == (draft->callback_end == NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_draft_fits (draft, error))
    return FALSE;

  stmt = wrapup_sqlite_file_statement (self->file, STMT_PUT);
  sqlite3_bind_text (stmt, COL_CALL_ID + 1, draft->call_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, COL_LINK + 1, draft->link, -1, SQLITE_STATIC);
  wrapup_sqlite_bind_date_time (stmt, COL_STARTED_AT + 1, draft->started_at);
  wrapup_sqlite_bind_date_time (stmt, COL_UPDATED_AT + 1, now);
  sqlite3_bind_int64 (stmt, COL_TELEPHONY_OUTCOME + 1, draft->telephony_outcome);
  sqlite3_bind_int64 (stmt, COL_BUSINESS_OUTCOME + 1, draft->business_outcome);
  sqlite3_bind_text (stmt, COL_COMMENTS + 1, draft->comments, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, COL_HAS_LEAD_SCORE + 1, draft->has_lead_score ? 1 : 0);
  sqlite3_bind_int64 (stmt, COL_LEAD_SCORE + 1, draft->lead_score);
  sqlite3_bind_int (stmt, COL_HAS_TARGET_AMOUNT + 1, draft->has_target_amount ? 1 : 0);
  sqlite3_bind_double (stmt, COL_TARGET_AMOUNT + 1, draft->target_amount);
  wrapup_sqlite_bind_date_time (stmt, COL_CALLBACK_START + 1, draft->callback_start);
  wrapup_sqlite_bind_date_time (stmt, COL_CALLBACK_END + 1, draft->callback_end);
  sqlite3_bind_int64 (stmt, COL_CALLBACK_MODE + 1, draft->callback_mode);
  return write_change (self, stmt, FALSE, error);
}

WrapupDraft *
wrapup_draft_store_lookup (WrapupDraftStore *self,
                           const char       *call_id)
{
  g_autoptr(GPtrArray) drafts = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (call_id != NULL, NULL);

  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) wrapup_draft_free);
  stmt = wrapup_sqlite_file_statement (self->file, STMT_LOOKUP);
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);
  read_drafts (stmt, drafts);
  return drafts->len > 0 ? g_ptr_array_steal_index (drafts, 0) : NULL;
}

gboolean
wrapup_draft_store_remove (WrapupDraftStore  *self,
                           const char        *call_id,
                           GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = wrapup_sqlite_file_statement (self->file, STMT_REMOVE);
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_STATIC);
  return write_change (self, stmt, TRUE, error);
}

GPtrArray *
wrapup_draft_store_list (WrapupDraftStore *self)
{
  GPtrArray *drafts;

  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), NULL);

  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) wrapup_draft_free);
  read_drafts (wrapup_sqlite_file_statement (self->file, STMT_LIST), drafts);
  return drafts;
}

guint
wrapup_draft_store_get_n_drafts (WrapupDraftStore *self)
{
  g_return_val_if_fail (WRAPUP_IS_DRAFT_STORE (self), 0);
  return self->n_drafts;
}
