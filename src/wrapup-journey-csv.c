/* wrapup-journey-csv.c: the customer's journey as CSV
 *
 * RFC 4180 with CRLF line ends, UTF-8, a header line in the agent's language, and every cell
 * a spreadsheet would run as a formula defused. GTK-free, in the app's core library, so it
 * is tested on its own (tests/test-journey-csv.c) and runs on the export's worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-journey-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-journey-csv.h"

/* How much CSV is gathered in memory before it is written out. */
#define CSV_CHUNK_SIZE (64 * 1024)

static void
csv_append_field (GString    *out,
                  const char *field,
                  gboolean    first)
{
  g_autofree char *valid = NULL;
  gboolean defuse;
  gboolean quote;

  if (!first)
    g_string_append_c (out, ',');
  if (field == NULL || *field == '\0')
    return;
  if (!g_utf8_validate (field, -1, NULL))
    field = valid = g_utf8_make_valid (field, -1);

  /* CSV (formula) injection: a spreadsheet runs a cell starting with = + - @ as a formula,
   * and so can a leading tab or carriage return. As OWASP recommends
   * (https://owasp.org/www-community/attacks/CSV_Injection), such a cell gets a leading
   * apostrophe so it is read as text. */
  defuse = strchr ("=+-@\t\r", field[0]) != NULL;
  quote = defuse || strpbrk (field, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (defuse)
    g_string_append_c (out, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      /* RFC 4180: a quote inside a quoted field is doubled. */
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
csv_append_header (GString *out)
{
  const char *names[] = {
    _("Date"), _("Channel"), _("Campaign"), _("Mode"), _("Number"), _("Outcome"), _("Agent"),
    _("Comment"), _("Lead score before"), _("Lead score after"), _("Call type"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    csv_append_field (out, names[i], i == 0);
  g_string_append (out, "\r\n");
}

static void
csv_append_row (GString         *out,
                LcmJourneyEntry *entry)
{
  GDateTime *completed = lcm_journey_entry_get_completed (entry);
  g_autofree char *date = NULL;
  char before[32];
  char after[32];

  /* ISO 8601 (with a space, as spreadsheets read it), in the zone the row was given in. */
  if (completed != NULL)
    date = g_date_time_format (completed, "%Y-%m-%d %H:%M:%S");
  g_snprintf (before, sizeof before, "%" G_GINT64_FORMAT,
              lcm_journey_entry_get_previous_lead_score (entry));
  g_snprintf (after, sizeof after, "%" G_GINT64_FORMAT,
              lcm_journey_entry_get_current_lead_score (entry));

  csv_append_field (out, date, TRUE);
  csv_append_field (out, lcm_channel_to_label ((LcmChannel) lcm_journey_entry_get_channel (entry)),
                    FALSE);
  csv_append_field (out, lcm_journey_entry_get_campaign_name (entry), FALSE);
  csv_append_field (out, lcm_journey_entry_get_mode (entry), FALSE);
  csv_append_field (out, lcm_journey_entry_get_contact_value (entry), FALSE);
  csv_append_field (out, lcm_journey_entry_get_outcome (entry), FALSE);
  csv_append_field (out, lcm_journey_entry_get_agent_name (entry), FALSE);
  csv_append_field (out, lcm_journey_entry_get_agent_comment (entry), FALSE);
  csv_append_field (out, before, FALSE);
  csv_append_field (out, after, FALSE);
  csv_append_field (out, lcm_journey_entry_get_call_type (entry), FALSE);
  g_string_append (out, "\r\n");
}

/* See wrapup-journey-csv.h. */
gboolean
wrapup_journey_csv_write (GPtrArray      *rows,
                          GOutputStream  *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (CSV_CHUNK_SIZE + 4096);

  csv_append_header (out);
  for (guint i = 0; i < rows->len; i++)
    {
      csv_append_row (out, g_ptr_array_index (rows, i));
      if (out->len >= CSV_CHUNK_SIZE)
        {
          if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (out, 0);
        }
    }
  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
}
