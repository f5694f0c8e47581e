/* test-journey-csv.c: the journey's CSV writer, on its own
 *
 * The bytes it writes for known rows: the header, RFC 4180 quoting, CRLF line ends, the
 * dates in each row's zone, and the defusing of cells a spreadsheet would run as formulas.
 * How the journey view exports what it shows is in test-journey-view.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lcm.h"
#include "wrapup-journey-csv.h"

#define HEADER "Date,Channel,Campaign,Mode,Number,Outcome,Agent,Comment," \
               "Lead score before,Lead score after,Call type\r\n"

static LcmJourneyEntry *
entry_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lcm_json_parse (json, strlen (json), 0, &error);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  LcmJourneyEntry *entry;

  g_assert_no_error (error);
  entry = lcm_journey_entry_new_from_json (json_node_get_object (node), utc, &error);
  g_assert_no_error (error);
  return entry;
}

/* The CSV of rows, as text. */
static char *
write_csv (GPtrArray    *rows,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  gboolean ok = wrapup_journey_csv_write (rows, stream, cancellable, error);

  if (!ok)
    return NULL;
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = write_csv (rows, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (csv, ==, HEADER);
}

/* Two rows, byte for byte. */
static void
test_rows_exact (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  g_ptr_array_add (rows, entry_from_json (
    "{\"ContactID\": \"7\", \"CampaignName\": \"tmasi\", \"Mode\": \"Office\","
    " \"Outcome\": \"Wrong number\", \"AgentName\": \"a1\", \"AgentComment\": \"called back\","
    " \"CallCompletedTime\": \"12/31/2021 12:05:09 PM\", \"ChannelType\": \"1\","
    " \"ContactValue\": 909003299700, \"PreviousLeadScore\": 10, \"CurrentLeadScore\": \"20\","
    " \"CallType\": \"Inbound\"}"));
  g_ptr_array_add (rows, entry_from_json (
    "{\"ContactID\": \"8\", \"CampaignName\": \"Acquisition\", \"Mode\": \"SMS\","
    " \"Outcome\": \"Sale\", \"AgentName\": \"Zoë\", \"AgentComment\": \"\","
    " \"CallCompletedTime\": \"5/12/2020 9:22:23 AM\", \"ChannelType\": \"2\","
    " \"ContactValue\": \"447700900123\", \"PreviousLeadScore\": 0, \"CurrentLeadScore\": 55,"
    " \"CallType\": \"Outbound\"}"));

  csv = write_csv (rows, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (csv, ==,
                   HEADER
                   "2021-12-31 12:05:09,SMS,tmasi,Office,909003299700,Wrong number,a1,"
                   "called back,10,20,Inbound\r\n"
                   "2020-05-12 09:22:23,Voice,Acquisition,SMS,447700900123,Sale,Zoë,,0,55,"
                   "Outbound\r\n");
}

/* RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled; a
 * cell a spreadsheet would run as a formula is quoted with a leading apostrophe. */
static void
test_quoting_and_formulas (void)
{
  struct { const char *comment_json; const char *cell; } cases[] = {
    { "plain", "plain" },
    { "a, b", "\"a, b\"" },
    { "say \\\"hi\\\"", "\"say \"\"hi\"\"\"" },
    { "line\\r\\nbreak", "\"line\r\nbreak\"" },
    { "only\\nLF", "\"only\nLF\"" },
    { "=HYPERLINK(1)", "\"'=HYPERLINK(1)\"" },
    { "+1", "\"'+1\"" },
    { "-2+3", "\"'-2+3\"" },
    { "@SUM(A1)", "\"'@SUM(A1)\"" },
    { "\\tindented", "\"'\tindented\"" },
    { "a=b", "a=b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf (
        "{\"ContactID\": \"1\", \"AgentComment\": \"%s\", \"CallType\": \"x\"}",
        cases[i].comment_json);
      g_autofree char *csv = NULL;
      g_autofree char *expected = NULL;

      g_test_message ("comment %s", cases[i].comment_json);
      g_ptr_array_add (rows, entry_from_json (json));
      csv = write_csv (rows, NULL, &error);
      g_assert_no_error (error);
      /* No date, channel, campaign, mode, number, outcome or agent: empty cells. */
      expected = g_strdup_printf (HEADER ",Other channel,,,,,,%s,0,0,x\r\n", cases[i].cell);
      g_assert_cmpstr (csv, ==, expected);
    }
}

/* Many rows go out in chunks: every row arrives, in order. */
static void
test_many_rows (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"ContactID\": \"1\", \"AgentComment\": \"row %05u with some text to fill a chunk\"}",
        i);

      g_ptr_array_add (rows, entry_from_json (json));
    }
  csv = write_csv (rows, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5000 + 2);
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *comment = g_strdup_printf (",row %05u with some text", i);

      g_assert_nonnull (strstr (lines[i + 1], comment));
    }
  g_assert_cmpstr (lines[5001], ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wrapup/journey-csv/empty", test_empty);
  g_test_add_func ("/wrapup/journey-csv/rows-exact", test_rows_exact);
  g_test_add_func ("/wrapup/journey-csv/quoting-and-formulas", test_quoting_and_formulas);
  g_test_add_func ("/wrapup/journey-csv/many-rows", test_many_rows);

  return g_test_run ();
}
