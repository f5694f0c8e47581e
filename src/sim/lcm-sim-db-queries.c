/* lcm-sim-db-queries.c: what the simulator's handlers ask of its database
 *
 * One function per question the gateway answers (a call, the outcomes, the modes, the
 * callbacks, the journey) and the one write it takes, a disposition, recorded in a
 * transaction with what it changes.
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

static gboolean
query_exists (LcmSimDb   *self,
              const char *sql,
              const char *text,
              gint64      number)
{
  sqlite3_stmt *stmt = lcm_sim_db_prepare (self, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_int64 (stmt, 2, number);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static char *
dup_description (LcmSimDb   *self,
                 const char *sql,
                 gint64      id)
{
  sqlite3_stmt *stmt = lcm_sim_db_prepare (self, sql, NULL);
  char *description = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    description = g_strdup (lcm_sim_db_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return description;
}

static gboolean
record_disposition_locked (LcmSimDb                *self,
                           const LcmSimDisposition *d,
                           const LcmSimCall        *call,
                           GDateTime               *now,
                           GError                 **error)
{
  g_autofree char *received = lcm_sim_db_format_timestamp (now);
  g_autofree char *outcome = NULL;
  g_autofree char *target = lcm_sim_db_format_amount (d->target_amount);
  gint64 outcome_id, previous_lead_score = 0, disposition_id;
  sqlite3_stmt *stmt;

  if ((stmt = lcm_sim_db_prepare (self, "SELECT lead_score FROM contacts WHERE contact_id = ?",
                                  error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, call->contact_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    previous_lead_score = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO dispositions (received_at, connection_id, "
                                        "subtopic, callid, account_number, telephony_outcome, "
                                        "business_outcome, comments, lead_score, target_amount, "
                                        "user_id, callback_start_date, callback_end_date, "
                                        "callback_start_time, callback_end_time, callback_mode, "
                                        "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                        "?, ?, ?)",
                                  error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, received, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, d->connection_id);
  sqlite3_bind_text (stmt, 3, d->subtopic, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, d->callid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, d->account_number, -1, SQLITE_STATIC);
  lcm_sim_db_bind_int_or_null (stmt, 6, d->telephony_outcome);
  lcm_sim_db_bind_int_or_null (stmt, 7, d->business_outcome);
  sqlite3_bind_text (stmt, 8, d->comments != NULL ? d->comments : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, d->lead_score);
  sqlite3_bind_double (stmt, 10, d->target_amount);
  sqlite3_bind_text (stmt, 11, d->user_id, -1, SQLITE_STATIC);
  lcm_sim_db_bind_text_or_null (stmt, 12, d->callback_start_date);
  lcm_sim_db_bind_text_or_null (stmt, 13, d->callback_end_date);
  lcm_sim_db_bind_text_or_null (stmt, 14, d->callback_start_time);
  lcm_sim_db_bind_text_or_null (stmt, 15, d->callback_end_time);
  lcm_sim_db_bind_int_or_null (stmt, 16, d->callback_mode);
  sqlite3_bind_text (stmt, 17, d->data_json != NULL ? d->data_json : "{}", -1, SQLITE_STATIC);
  if (!lcm_sim_db_step_done (self, stmt, "storing a disposition", error))
    return FALSE;
  disposition_id = sqlite3_last_insert_rowid (self->db);

  if (d->callback_mode != LCM_SIM_NONE)
    {
      g_autofree char *start_day = lcm_sim_db_day_key (d->callback_start_date);

      if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO personal_callbacks (user_id, campaign_id, "
                                            "contact_id, account_number, mode_id, "
                                            "mode_description, cvalue, start_date, end_date, "
                                            "start_time, end_time, start_day, business_outcome, "
                                            "callid, disposition_id, created_at) SELECT ?1, ?2, "
                                            "?3, ?4, m.mode_id, m.description, m.cvalue, ?5, ?6, "
                                            "?7, ?8, ?9, ?10, ?11, ?12, ?13 FROM callback_modes m "
                                            "WHERE m.contact_id = ?3 AND m.mode_id = ?14",
                                            error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, d->user_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, call->campaign_id);
      sqlite3_bind_int64 (stmt, 3, call->contact_id);
      sqlite3_bind_text (stmt, 4, call->account_number, -1, SQLITE_STATIC);
      lcm_sim_db_bind_text_or_null (stmt, 5, d->callback_start_date);
      lcm_sim_db_bind_text_or_null (stmt, 6, d->callback_end_date);
      lcm_sim_db_bind_text_or_null (stmt, 7, d->callback_start_time);
      lcm_sim_db_bind_text_or_null (stmt, 8, d->callback_end_time);
      sqlite3_bind_text (stmt, 9, start_day, -1, SQLITE_STATIC);
      lcm_sim_db_bind_int_or_null (stmt, 10, d->business_outcome);
      sqlite3_bind_text (stmt, 11, d->callid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 12, disposition_id);
      sqlite3_bind_text (stmt, 13, received, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 14, d->callback_mode);
      if (!lcm_sim_db_step_done (self, stmt, "storing a personal callback", error))
        return FALSE;
      if (sqlite3_changes (self->db) != 1)
        {
          g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                       _("Callback mode %" PRId64 " is not one of the contact’s"),
                       d->callback_mode);
          return FALSE;
        }
    }

  if (d->business_outcome != LCM_SIM_NONE)
    {
      outcome_id = d->business_outcome;
      outcome = lcm_sim_db_dup_business_outcome (self, outcome_id);
    }
  else
    {
      outcome_id = d->telephony_outcome;
      outcome = lcm_sim_db_dup_telephony_outcome (self, outcome_id);
    }
  if (outcome == NULL)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("Outcome %" PRId64 " is unknown"), outcome_id);
      return FALSE;
    }

  if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO journey (contact_id, account_number, "
                                        "campaign_name, mode_id, mode, outcome_id, outcome, "
                                        "agent_name, agent_comment, completed_at, channel_type, "
                                        "target_value, contact_value, previous_lead_score, "
                                        "current_lead_score, call_type) VALUES (?, ?, ?, ?, ?, ?, "
                                        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, call->contact_id);
  sqlite3_bind_text (stmt, 2, call->account_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, call->campaign_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, call->mode_id);
  sqlite3_bind_text (stmt, 5, call->mode, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, outcome_id);
  sqlite3_bind_text (stmt, 7, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, d->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, d->comments != NULL ? d->comments : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, g_date_time_to_unix (now));
  sqlite3_bind_int (stmt, 11, LCM_CHANNEL_VOICE);
  sqlite3_bind_text (stmt, 12, target, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, call->contact_value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 14, previous_lead_score);
  sqlite3_bind_int64 (stmt, 15, d->lead_score);
  sqlite3_bind_text (stmt, 16, g_strcmp0 (call->call_type, "INBOUND") == 0
                     ? "Inbound" : "Outbound", -1, SQLITE_STATIC);
  if (!lcm_sim_db_step_done (self, stmt, "adding to the journey", error))
    return FALSE;

  if ((stmt = lcm_sim_db_prepare (self, "UPDATE contacts SET lead_score = ? WHERE contact_id = ?",
                                  error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->lead_score);
  sqlite3_bind_int64 (stmt, 2, call->contact_id);
  return lcm_sim_db_step_done (self, stmt, "updating the lead score", error);
}

LcmSimCall *
lcm_sim_db_lookup_call (LcmSimDb   *self,
                        const char *callid)
{
  sqlite3_stmt *stmt;
  LcmSimCall *call = NULL;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (callid != NULL, NULL);

  stmt = lcm_sim_db_prepare (self, "SELECT c.callid, c.contact_id, k.account_number, c.call_type, "
                             "c.campaign_id, p.name, c.mode_id, m.description, m.cvalue "
                             "FROM calls c JOIN contacts k ON k.contact_id = c.contact_id "
                             "JOIN campaigns p ON p.campaign_id = c.campaign_id "
                             "LEFT JOIN callback_modes m ON m.contact_id = c.contact_id "
                             "AND m.mode_id = c.mode_id WHERE c.callid = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, callid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      call = g_new0 (LcmSimCall, 1);
      call->callid = g_strdup (lcm_sim_db_column_text (stmt, 0));
      call->contact_id = sqlite3_column_int64 (stmt, 1);
      call->account_number = g_strdup (lcm_sim_db_column_text (stmt, 2));
      call->call_type = g_strdup (lcm_sim_db_column_text (stmt, 3));
      call->campaign_id = sqlite3_column_int64 (stmt, 4);
      call->campaign_name = g_strdup (lcm_sim_db_column_text (stmt, 5));
      call->mode_id = sqlite3_column_int64 (stmt, 6);
      call->mode = g_strdup (lcm_sim_db_column_text (stmt, 7));
      call->contact_value = g_strdup (lcm_sim_db_column_text (stmt, 8));
    }
  sqlite3_finalize (stmt);
  return call;
}

gboolean
lcm_sim_db_has_account (LcmSimDb   *self,
                        const char *account_number)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (account_number != NULL, FALSE);

  return query_exists (self, "SELECT 1 FROM contacts WHERE account_number = ?1",
                       account_number, 0);
}

gboolean
lcm_sim_db_has_callback_mode (LcmSimDb   *self,
                              const char *account_number,
                              gint64      mode_id)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (account_number != NULL, FALSE);

  return query_exists (self, "SELECT 1 FROM callback_modes m JOIN contacts c "
                       "ON c.contact_id = m.contact_id "
                       "WHERE c.account_number = ?1 AND m.mode_id = ?2",
                       account_number, mode_id);
}

char *
lcm_sim_db_dup_telephony_outcome (LcmSimDb *self,
                                  gint64    outcome_id)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);

  return dup_description (self, "SELECT description FROM telephony_outcomes "
                          "WHERE outcome_id = ?", outcome_id);
}

char *
lcm_sim_db_dup_business_outcome (LcmSimDb *self,
                                 gint64    outcome_id)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);

  return dup_description (self, "SELECT description FROM business_outcomes "
                          "WHERE outcome_id = ?", outcome_id);
}

JsonNode *
lcm_sim_db_list_telephony_outcomes (LcmSimDb  *self,
                                    GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);

  stmt = lcm_sim_db_prepare (self, "SELECT outcome_id, description FROM telephony_outcomes "
                             "ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  return lcm_sim_db_list_rows (self, stmt, lcm_sim_db_fill_telephony_outcome, NULL, error);
}

JsonNode *
lcm_sim_db_list_business_outcomes (LcmSimDb    *self,
                                   const char  *outcome_group,
                                   gint64       campaign_id,
                                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (outcome_group != NULL, NULL);

  stmt = lcm_sim_db_prepare (self, "SELECT campaign_id, outcome_id, lead_score, parent_id, "
                                   "description FROM business_outcomes WHERE outcome_group = ? AND "
                                   "(? = 0 OR campaign_id = ?) ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, outcome_group, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, campaign_id);
  sqlite3_bind_int64 (stmt, 3, campaign_id);
  return lcm_sim_db_list_rows (self, stmt, lcm_sim_db_fill_business_outcome, NULL, error);
}

JsonNode *
lcm_sim_db_list_callback_modes (LcmSimDb    *self,
                                const char  *account_number,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (account_number != NULL, NULL);

  stmt = lcm_sim_db_prepare (self, "SELECT m.mode_id, m.description, m.channel_type, m.cvalue, "
                             "m.min_length, m.max_length FROM callback_modes m "
                             "JOIN contacts c ON c.contact_id = m.contact_id "
                             "WHERE c.account_number = ? ORDER BY m.mode_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_number, -1, SQLITE_TRANSIENT);
  return lcm_sim_db_list_rows (self, stmt, lcm_sim_db_fill_callback_mode, NULL, error);
}

JsonNode *
lcm_sim_db_list_personal_callbacks (LcmSimDb    *self,
                                    const char  *user_id,
                                    const char  *from_day,
                                    const char  *to_day,
                                    guint        first,
                                    guint        count,
                                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);
  g_return_val_if_fail (first >= 1, NULL);

  stmt = lcm_sim_db_prepare (self, "SELECT campaign_id, contact_id, mode_id, mode_description, "
                                   "cvalue, start_date, end_date, start_time, end_time FROM "
                                   "personal_callbacks WHERE user_id = ?1 AND (?2 IS NULL OR "
                                   "start_day >= ?2) AND (?3 IS NULL OR start_day <= ?3) ORDER BY "
                                   "start_day, start_time, id LIMIT ?4 OFFSET ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  lcm_sim_db_bind_text_or_null (stmt, 2, from_day);
  lcm_sim_db_bind_text_or_null (stmt, 3, to_day);
  sqlite3_bind_int64 (stmt, 4, count);
  sqlite3_bind_int64 (stmt, 5, (gint64) first - 1);
  return lcm_sim_db_list_rows (self, stmt, lcm_sim_db_fill_personal_callback,
                               GUINT_TO_POINTER (first), error);
}

gboolean
lcm_sim_db_write_journey (LcmSimDb                  *self,
                          const LcmSimJourneyFilter *filter,
                          GString                   *out,
                          guint                     *n_rows,
                          GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT contact_id, campaign_name, mode_id, mode, "
                                         "outcome_id, outcome, agent_name, agent_comment, "
                                         "completed_at, channel_type, target_value, "
                                         "contact_value, previous_lead_score, "
                                         "current_lead_score, call_type FROM journey "
                                         "WHERE completed_at >= ?1");
  g_autoptr(GTimeZone) zone = NULL;
  sqlite3_stmt *stmt;
  guint count = 0;
  int rc;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (filter->account_number != NULL)
    g_string_append (sql, " AND account_number = ?2");
  if (filter->contact_number != NULL)
    g_string_append (sql, " AND contact_value = ?3");
  if (filter->campaign_name != NULL)
    g_string_append (sql, " AND campaign_name = ?4");
  if (filter->channel != LCM_CHANNEL_ALL)
    g_string_append (sql, " AND channel_type = ?5");
  g_string_append (sql, " ORDER BY completed_at DESC, id DESC");

  stmt = lcm_sim_db_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, filter->since_unix);
  if (filter->account_number != NULL)
    sqlite3_bind_text (stmt, 2, filter->account_number, -1, SQLITE_TRANSIENT);
  if (filter->contact_number != NULL)
    sqlite3_bind_text (stmt, 3, filter->contact_number, -1, SQLITE_TRANSIENT);
  if (filter->campaign_name != NULL)
    sqlite3_bind_text (stmt, 4, filter->campaign_name, -1, SQLITE_TRANSIENT);
  if (filter->channel != LCM_CHANNEL_ALL)
    sqlite3_bind_int64 (stmt, 5, filter->channel);

  zone = g_time_zone_new_local ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (count++ > 0)
        g_string_append_c (out, ',');
      lcm_sim_db_append_journey_row (out, stmt, zone);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return lcm_sim_db_set_db_error (self, error, "reading the journey");
  if (n_rows != NULL)
    *n_rows = count;
  return TRUE;
}

gboolean
lcm_sim_db_record_disposition (LcmSimDb                *self,
                               const LcmSimDisposition *disposition,
                               const LcmSimCall        *call,
                               GDateTime               *now,
                               GError                 **error)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (disposition != NULL, FALSE);
  g_return_val_if_fail (disposition->subtopic != NULL, FALSE);
  g_return_val_if_fail (disposition->callid != NULL, FALSE);
  g_return_val_if_fail (disposition->account_number != NULL, FALSE);
  g_return_val_if_fail (disposition->user_id != NULL, FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!lcm_sim_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!record_disposition_locked (self, disposition, call, now, error) ||
      !lcm_sim_db_exec (self, "COMMIT", error))
    {
      lcm_sim_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}
