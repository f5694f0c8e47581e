/* lcm-sim-db.c: the simulator's SQLite state: the schema, opening, the wire log
 *
 * The parts are listed in lcm-sim-db-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-db"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "lcm-values.h"
#include "lcm-sim-db-private.h"

G_DEFINE_FINAL_TYPE (LcmSimDb, lcm_sim_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (lcm-sim-db-error-quark, lcm_sim_db_error)

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS campaigns ("
  "  campaign_id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE IF NOT EXISTS telephony_outcomes ("
  "  outcome_id INTEGER PRIMARY KEY,"
  "  description TEXT NOT NULL,"
  "  position INTEGER NOT NULL UNIQUE);"
  "CREATE TABLE IF NOT EXISTS business_outcomes ("
  "  outcome_id INTEGER PRIMARY KEY,"
  "  outcome_group TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (campaign_id),"
  "  parent_id INTEGER NOT NULL,"
  "  description TEXT NOT NULL,"
  "  lead_score INTEGER NOT NULL,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS contacts ("
  "  contact_id INTEGER PRIMARY KEY,"
  "  account_number TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (campaign_id),"
  "  lead_score INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS callback_modes ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  mode_id INTEGER NOT NULL,"
  "  description TEXT NOT NULL,"
  "  channel_type INTEGER NOT NULL,"
  "  cvalue TEXT NOT NULL,"
  "  min_length INTEGER NOT NULL,"
  "  max_length INTEGER NOT NULL,"
  "  PRIMARY KEY (contact_id, mode_id));"
  "CREATE TABLE IF NOT EXISTS calls ("
  "  callid TEXT PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  call_type TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (campaign_id),"
  "  mode_id INTEGER NOT NULL,"
  "  started_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS journey ("
  "  id INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  account_number TEXT NOT NULL,"
  "  campaign_name TEXT NOT NULL,"
  "  mode_id INTEGER NOT NULL,"
  "  mode TEXT NOT NULL,"
  "  outcome_id INTEGER NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  agent_name TEXT NOT NULL,"
  "  agent_comment TEXT NOT NULL,"
  "  completed_at INTEGER NOT NULL,"
  "  channel_type INTEGER NOT NULL,"
  "  target_value TEXT NOT NULL,"
  "  contact_value TEXT NOT NULL,"
  "  previous_lead_score INTEGER NOT NULL,"
  "  current_lead_score INTEGER NOT NULL,"
  "  call_type TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS journey_by_account ON journey (account_number, completed_at);"
  "CREATE INDEX IF NOT EXISTS journey_by_contact_value ON journey (contact_value, completed_at);"
  "CREATE TABLE IF NOT EXISTS dispositions ("
  "  id INTEGER PRIMARY KEY,"
  "  received_at TEXT NOT NULL,"
  "  connection_id INTEGER NOT NULL,"
  "  subtopic TEXT NOT NULL,"
  "  callid TEXT NOT NULL,"
  "  account_number TEXT NOT NULL,"
  "  telephony_outcome INTEGER,"
  "  business_outcome INTEGER,"
  "  comments TEXT NOT NULL,"
  "  lead_score INTEGER NOT NULL,"
  "  target_amount REAL NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  callback_start_date TEXT,"
  "  callback_end_date TEXT,"
  "  callback_start_time TEXT,"
  "  callback_end_time TEXT,"
  "  callback_mode INTEGER,"
  "  data TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS personal_callbacks ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  account_number TEXT NOT NULL,"
  "  mode_id INTEGER NOT NULL,"
  "  mode_description TEXT NOT NULL,"
  "  cvalue TEXT NOT NULL,"
  "  start_date TEXT NOT NULL,"
  "  end_date TEXT NOT NULL,"
  "  start_time TEXT NOT NULL,"
  "  end_time TEXT NOT NULL,"
  "  start_day TEXT NOT NULL,"
  "  business_outcome INTEGER,"
  "  callid TEXT,"
  "  disposition_id INTEGER REFERENCES dispositions (id),"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS personal_callbacks_by_user"
  "  ON personal_callbacks (user_id, start_day, start_time);"
  "CREATE TABLE IF NOT EXISTS wire_log ("
  "  id INTEGER PRIMARY KEY,"
  "  received_at TEXT NOT NULL,"
  "  connection_id INTEGER NOT NULL,"
  "  text TEXT NOT NULL);";

/* helpers */

gboolean
lcm_sim_db_set_db_error (LcmSimDb    *self,
                         GError     **error,
                         const char  *what)
{
  g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
               _("Database error while %s: %s"), what, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
lcm_sim_db_prepare (LcmSimDb    *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      lcm_sim_db_set_db_error (self, error, "preparing a query");
      return NULL;
    }
  return stmt;
}

gboolean
lcm_sim_db_exec (LcmSimDb    *self,
                 const char  *sql,
                 GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("Database error: %s"), message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Finishes a statement that returns no rows. */
gboolean
lcm_sim_db_step_done (LcmSimDb      *self,
                      sqlite3_stmt  *stmt,
                      const char    *what,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return lcm_sim_db_set_db_error (self, error, what);
  return TRUE;
}

void
lcm_sim_db_bind_text_or_null (sqlite3_stmt *stmt,
                              int           index,
                              const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
lcm_sim_db_bind_int_or_null (sqlite3_stmt *stmt,
                             int           index,
                             gint64        value)
{
  if (value != LCM_SIM_NONE)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

const char *
lcm_sim_db_column_text (sqlite3_stmt *stmt,
                        int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

char *
lcm_sim_db_format_timestamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
lcm_sim_db_format_amount (double amount)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (amount == (double) (gint64) amount && amount > -1e15 && amount < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) amount);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", amount));
}

/* DD/MM/YYYY (already checked) to YYYY-MM-DD, which sorts. */
char *
lcm_sim_db_day_key (const char *date)
{
  if (date == NULL || strlen (date) != 10)
    return g_strdup ("");
  return g_strdup_printf ("%.4s-%.2s-%.2s", date + 6, date + 3, date);
}

static gboolean
set_meta (LcmSimDb    *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *stmt = lcm_sim_db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES "
                                                 "(?, ?)",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return lcm_sim_db_step_done (self, stmt, "writing meta data", error);
}

static char *
get_meta (LcmSimDb   *self,
          const char *key)
{
  sqlite3_stmt *stmt = lcm_sim_db_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (lcm_sim_db_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* GObject */

static void
lcm_sim_db_finalize (GObject *object)
{
  LcmSimDb *self = LCM_SIM_DB (object);

  /* Closing the last connection checkpoints the WAL into the database file. */
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (lcm_sim_db_parent_class)->finalize (object);
}

static void
lcm_sim_db_class_init (LcmSimDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_sim_db_finalize;
}

static void
lcm_sim_db_init (LcmSimDb *self)
{
}

/* public API */

void
lcm_sim_call_free (LcmSimCall *call)
{
  if (call == NULL)
    return;
  g_free (call->callid);
  g_free (call->account_number);
  g_free (call->call_type);
  g_free (call->campaign_name);
  g_free (call->mode);
  g_free (call->contact_value);
  g_free (call);
}

LcmSimDb *
lcm_sim_db_open (const char  *path,
                 GError     **error)
{
  g_autoptr(LcmSimDb) self = g_object_new (LCM_SIM_TYPE_DB, NULL);
  g_autofree char *version = NULL;
  int rc;

  self->path = g_strdup (path != NULL ? path : ":memory:");
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("Cannot open the database “%s”: %s"), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (path != NULL && !lcm_sim_db_exec (self, "PRAGMA journal_mode = WAL", error))
    return NULL;
  if (!lcm_sim_db_exec (self, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", error) ||
      !lcm_sim_db_exec (self, schema_sql, error))
    return NULL;

  version = get_meta (self, "schema_version");
  if (version != NULL && g_strcmp0 (version, SCHEMA_VERSION) != 0)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("The database “%s” has schema version %s; this simulator needs %s"),
                   self->path, version, SCHEMA_VERSION);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
lcm_sim_db_is_seeded (LcmSimDb *self)
{
  g_autofree char *seeded = NULL;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);

  seeded = get_meta (self, "seeded_at");
  return seeded != NULL;
}

gboolean
lcm_sim_db_ensure_seeded (LcmSimDb   *self,
                          guint       journey_rows,
                          GRand      *rand,
                          GDateTime  *now,
                          GError    **error)
{
  g_autoptr(GArray) contacts = NULL;
  g_autofree char *seeded_at = NULL;
  g_autofree char *rows_text = NULL;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (rand != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (journey_rows <= LCM_SIM_MAX_JOURNEY_ROWS, FALSE);

  if (lcm_sim_db_is_seeded (self))
    return TRUE;

  contacts = g_array_new (FALSE, TRUE, sizeof (SeedContact));
  g_array_set_clear_func (contacts, (GDestroyNotify) lcm_sim_db_seed_contact_clear);
  lcm_sim_db_make_contacts (rand, contacts);

  seeded_at = lcm_sim_db_format_timestamp (now);
  rows_text = g_strdup_printf ("%u", journey_rows);

  if (!lcm_sim_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!lcm_sim_db_seed_reference_data (self, error) ||
      !lcm_sim_db_seed_contacts (self, contacts, rand, error) ||
      !lcm_sim_db_seed_calls (self, now, error) ||
      !lcm_sim_db_seed_personal_callbacks (self, contacts, now, error) ||
      !lcm_sim_db_seed_journey (self, contacts, journey_rows, rand, now, error) ||
      !set_meta (self, "schema_version", SCHEMA_VERSION, error) ||
      !set_meta (self, "journey_rows", rows_text, error) ||
      !set_meta (self, "seeded_at", seeded_at, error) ||
      !lcm_sim_db_exec (self, "COMMIT", error))
    {
      lcm_sim_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
lcm_sim_db_log_frame (LcmSimDb    *self,
                      gint64       connection_id,
                      const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *received = lcm_sim_db_format_timestamp (now);
  g_autoptr(GString) cut = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (length <= G_MAXINT, FALSE);

  if (length > LCM_SIM_WIRE_LOG_MAX_TEXT)
    {
      gsize keep = LCM_SIM_WIRE_LOG_MAX_TEXT;

      /* Not inside a character: back to the start of the one that would be cut. */
      while (keep > 0 && ((guchar) text[keep] & 0xc0) == 0x80)
        keep--;
      cut = g_string_new_len (text, (gssize) keep);
      g_string_append_printf (cut, " [… cut: %" G_GSIZE_FORMAT " bytes in all]", length);
      text = cut->str;
      length = cut->len;
    }

  stmt = lcm_sim_db_prepare (self, "INSERT INTO wire_log (received_at, connection_id, text) "
                             "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, received, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, connection_id);
  sqlite3_bind_text (stmt, 3, text != NULL ? text : "", (int) length, SQLITE_STATIC);
  return lcm_sim_db_step_done (self, stmt, "logging a frame", error);
}
