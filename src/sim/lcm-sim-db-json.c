/* lcm-sim-db-json.c: the simulator's rows as the gateway's JSON
 *
 * Small answers are built as json-glib objects; the journey, which may have 100,000 rows,
 * is written as text straight from the rows.
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

static const char * const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* JSON string, escaped; the text is valid UTF-8 (checked before it was stored). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
append_member_name (GString    *out,
                    const char *name,
                    gboolean    first)
{
  g_string_append (out, first ? "\"" : ",\"");
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
append_member_string (GString    *out,
                      const char *name,
                      const char *value,
                      gboolean    first)
{
  append_member_name (out, name, first);
  append_json_string (out, value);
}

static void
append_member_int (GString    *out,
                   const char *name,
                   gint64      value)
{
  char number[24];

  append_member_name (out, name, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, value);
  g_string_append (out, number);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_as_string_member (JsonBuilder *builder,
                          const char  *name,
                          gint64       value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  add_string_member (builder, name, text);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Runs a query and turns each row into an object with fill(). */
JsonNode *
lcm_sim_db_list_rows (LcmSimDb      *self,
                      sqlite3_stmt  *stmt,
                      void         (*fill) (JsonBuilder  *builder,
                                            sqlite3_stmt *stmt,
                                            guint         index,
                                            gpointer      user_data),
                      gpointer       user_data,
                      GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint index = 0;
  int rc;

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      fill (builder, stmt, index++, user_data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      lcm_sim_db_set_db_error (self, error, "reading rows");
      return NULL;
    }
  return json_builder_get_root (builder);
}

void
lcm_sim_db_fill_telephony_outcome (JsonBuilder  *builder,
                                   sqlite3_stmt *stmt,
                                   guint         index,
                                   gpointer      user_data)
{
  add_int_as_string_member (builder, "OutComeID", sqlite3_column_int64 (stmt, 0));
  add_string_member (builder, "Description", lcm_sim_db_column_text (stmt, 1));
}

void
lcm_sim_db_fill_business_outcome (JsonBuilder  *builder,
                                  sqlite3_stmt *stmt,
                                  guint         index,
                                  gpointer      user_data)
{
  add_int_as_string_member (builder, "CampaignID", sqlite3_column_int64 (stmt, 0));
  add_int_as_string_member (builder, "OutComeID", sqlite3_column_int64 (stmt, 1));
  add_int_as_string_member (builder, "LeadScore", sqlite3_column_int64 (stmt, 2));
  add_int_as_string_member (builder, "ParentID", sqlite3_column_int64 (stmt, 3));
  add_string_member (builder, "Description", lcm_sim_db_column_text (stmt, 4));
}

void
lcm_sim_db_fill_callback_mode (JsonBuilder  *builder,
                               sqlite3_stmt *stmt,
                               guint         index,
                               gpointer      user_data)
{
  add_int_member (builder, "ModeID", sqlite3_column_int64 (stmt, 0));
  add_string_member (builder, "Description", lcm_sim_db_column_text (stmt, 1));
  add_int_member (builder, "ChannelType", sqlite3_column_int64 (stmt, 2));
  add_string_member (builder, "Cvalue", lcm_sim_db_column_text (stmt, 3));
  add_int_member (builder, "MinLength", sqlite3_column_int64 (stmt, 4));
  add_int_member (builder, "MaxLength", sqlite3_column_int64 (stmt, 5));
}

void
lcm_sim_db_fill_personal_callback (JsonBuilder  *builder,
                                   sqlite3_stmt *stmt,
                                   guint         index,
                                   gpointer      user_data)
{
  guint first = GPOINTER_TO_UINT (user_data);

  add_int_member (builder, "RowNumber", (gint64) first + index);
  add_int_as_string_member (builder, "CampaignID", sqlite3_column_int64 (stmt, 0));
  add_int_as_string_member (builder, "ContactID", sqlite3_column_int64 (stmt, 1));
  add_int_member (builder, "ModeID", sqlite3_column_int64 (stmt, 2));
  add_string_member (builder, "ModeDescription", lcm_sim_db_column_text (stmt, 3));
  add_string_member (builder, "CValue", lcm_sim_db_column_text (stmt, 4));
  add_string_member (builder, "CallStartDate", lcm_sim_db_column_text (stmt, 5));
  add_string_member (builder, "CallEndDate", lcm_sim_db_column_text (stmt, 6));
  add_string_member (builder, "CallStartTime", lcm_sim_db_column_text (stmt, 7));
  add_string_member (builder, "CallEndTime", lcm_sim_db_column_text (stmt, 8));
}

/* zone is the local zone, looked up once per answer: g_date_time_new_from_unix_local() looks
 * at /etc/localtime again for every row. */
void
lcm_sim_db_append_journey_row (GString      *out,
                               sqlite3_stmt *stmt,
                               GTimeZone    *zone)
{
  gint64 unix_time = sqlite3_column_int64 (stmt, 8);
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_time);
  /* The wall-clock time of the zone, read through a UTC date-time. */
  g_autoptr(GDateTime) completed = NULL;
  g_autofree char *completed_text = NULL;
  char number[32];
  int hour;

  if (interval >= 0)
    unix_time += g_time_zone_get_offset (zone, interval);
  completed = g_date_time_new_from_unix_utc (unix_time);
  if (completed == NULL)
    completed = g_date_time_new_from_unix_utc (0);
  completed_text = lcm_format_completed_time (completed);

  g_string_append_c (out, '{');
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              (gint64) sqlite3_column_int64 (stmt, 0));
  append_member_string (out, "ContactID", number, TRUE);
  append_member_string (out, "CampaignName", lcm_sim_db_column_text (stmt, 1), FALSE);
  append_member_int (out, "ModeID", sqlite3_column_int64 (stmt, 2));
  append_member_string (out, "Mode", lcm_sim_db_column_text (stmt, 3), FALSE);
  append_member_int (out, "OutcomeId", sqlite3_column_int64 (stmt, 4));
  append_member_string (out, "Outcome", lcm_sim_db_column_text (stmt, 5), FALSE);
  append_member_string (out, "AgentName", lcm_sim_db_column_text (stmt, 6), FALSE);
  append_member_string (out, "AgentComment", lcm_sim_db_column_text (stmt, 7), FALSE);
  append_member_string (out, "CallCompletedTime",
                        completed_text != NULL ? completed_text : "", FALSE);
  g_snprintf (number, sizeof number, "%d", g_date_time_get_day_of_month (completed));
  append_member_string (out, "CallCompletedDate", number, FALSE);
  append_member_string (out, "CallCompletedMonth",
                        month_names[g_date_time_get_month (completed) - 1], FALSE);
  g_snprintf (number, sizeof number, "%d", g_date_time_get_year (completed));
  append_member_string (out, "CallCompletedYear", number, FALSE);
  append_member_int (out, "ChannelType", sqlite3_column_int64 (stmt, 9));
  append_member_string (out, "TargetValue", lcm_sim_db_column_text (stmt, 10), FALSE);
  append_member_string (out, "ContactValue", lcm_sim_db_column_text (stmt, 11), FALSE);
  hour = g_date_time_get_hour (completed);
  g_snprintf (number, sizeof number, "%02d:%02d %s", hour % 12 == 0 ? 12 : hour % 12,
              g_date_time_get_minute (completed), hour < 12 ? "AM" : "PM");
  append_member_string (out, "CallCompletedTimeFormat", number, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              (gint64) sqlite3_column_int64 (stmt, 12));
  append_member_string (out, "PreviousLeadScore", number, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              (gint64) sqlite3_column_int64 (stmt, 13));
  append_member_string (out, "CurrentLeadScore", number, FALSE);
  append_member_string (out, "CallType", lcm_sim_db_column_text (stmt, 14), FALSE);
  g_string_append_c (out, '}');
}
