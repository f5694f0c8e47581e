/* test-journey-decode.c: a journey answer read straight from its text, against json-glib
 *
 * lcm_response_decode_journey_text() reads the rows it can from the text itself and leaves
 * the rest to json-glib. Each case here is decoded both ways (the text straight, and
 * lcm_json_parse then lcm_response_decode_list) and must give the same rows or the same
 * error; each also says whether the straight reader should have read it itself, so that a
 * reader that quietly gave up on everything would fail here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <lcm.h>

#include "lcm-journey-table.h"

#include "wrapup-test-sim.h"

/* Both decodings of text, compared; returns whether the straight reader read it itself. */
static gboolean
assert_decodings_agree (const char *text)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GError) straight_error = NULL;
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GListModel) straight = NULL;
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(LcmJourneyTable) table = NULL;
  gsize length = strlen (text);

  straight = lcm_response_decode_journey_text (text, length, zone, &straight_error);
  node = lcm_json_parse (text, length, 0, &tree_error);
  if (node != NULL)
    tree = lcm_response_decode_list (LCM_OPERATION_JOURNEY, node, zone, &tree_error);

  if (tree == NULL)
    {
      g_assert_nonnull (tree_error);
      g_assert_null (straight);
      g_assert_error (straight_error, tree_error->domain, tree_error->code);
      g_assert_cmpstr (straight_error->message, ==, tree_error->message);
    }
  else
    {
      LcmJourneyTable *a;
      LcmJourneyTable *b;

      g_assert_no_error (straight_error);
      g_assert_true (LCM_IS_JOURNEY_STORE (straight));
      g_assert_true (LCM_IS_JOURNEY_STORE (tree));
      a = lcm_journey_store_get_table (LCM_JOURNEY_STORE (straight));
      b = lcm_journey_store_get_table (LCM_JOURNEY_STORE (tree));
      g_assert_cmpuint (lcm_journey_table_get_n_rows (a), ==, lcm_journey_table_get_n_rows (b));
      for (guint i = 0; i < lcm_journey_table_get_n_rows (a); i++)
        g_assert_true (lcm_journey_table_rows_equal (a, i, b, i));
    }

  if (!lcm_json_check (text, length, 0, NULL))
    return FALSE;
  table = lcm_journey_table_decode_text (text, length, zone);
  return table != NULL;
}

typedef struct
{
  const char *text;
  gboolean    read_straight;
} Case;

static void
test_cases (void)
{
  static const Case cases[] = {
    { "[]", TRUE },
    { " \n[ ]\t", TRUE },
    { "[{\"ContactID\":\"2\"}]", TRUE },
    /* The vendor's numbers as text, blanks and all; letter case of the names aside. */
    { "[{\"ContactID\":\"2\",\"ModeID\":3,\"OutcomeId\":\" 0 \",\"TargetValue\":\"12.5\","
      "\"PreviousLeadScore\":\"\",\"currentleadscore\":\"7\",\"CHANNELTYPE\":2}]", TRUE },
    { "[{\"ContactID\":42,\"TargetValue\":7,\"OutcomeId\":null,\"Outcome\":null}]", TRUE },
    { "[{\"ContactID\":\"1\",\"AgentComment\":\"line\\nbreak \\\"quoted\\\" \\/ tab\\t\"}]",
      TRUE },
    { "[{\"ContactID\":\"1\",\"Extra\":{\"a\":[1,-2,{\"b\":null,\"c\":true}],\"d\":\"\\u00e9\"},"
      "\"More\":[],\"Flag\":false}]", TRUE },
    { "[{\"ContactID\":\"1\",\"CallCompletedTime\":\"5/12/2020 9:22:23 AM\"},"
      "{\"ContactID\":\"2\",\"CallCompletedTime\":\"not a time\"},"
      "{\"ContactID\":\"3\",\"CallCompletedTime\":\"\"}]", TRUE },
    { "[{\"ContactID\":\"1\",\"AgentComment\":\"Rappel demandé à 17 h\",\"Mode\":\"Mobile\"},"
      "{\"ContactID\":\"1\",\"AgentComment\":\"Rappel demandé à 17 h\",\"Mode\":\"Mobile\"}]",
      TRUE },
    /* Left to json-glib: the same answer all the same. */
    { "[{\"ContactID\":\"1\",\"AgentComment\":\"caf\\u00e9\"}]", FALSE },
    { "[{\"ContactID\":\"1\",\"TargetValue\":1.5}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":3.0}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":1e2}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":1234567890123456789}]", FALSE },
    { "[{\"Contact\\u0049D\":\"1\"}]", FALSE },
    { "[{\"ContactID\":\"1\",\"AgentName\":true}]", FALSE },
    /* Errors, the same from both. */
    { "[{\"Outcome\":\"Success\"}]", FALSE },
    { "[{\"ContactID\":null}]", FALSE },
    { "[{}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":\"abc\"}]", FALSE },
    { "[{\"ContactID\":\"1\",\"TargetValue\":\"a lot\"}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":{}}]", FALSE },
    { "[{\"ContactID\":\"1\",\"AgentName\":[\"x\"]}]", FALSE },
    { "[1]", FALSE },
    { "[{\"ContactID\":\"1\"},2]", FALSE },
    { "{\"ContactID\":\"1\"}", FALSE },
    { "\"text\"", FALSE },
    { "[{\"ContactID\":\"1\",}]", FALSE },
    { "[{\"ContactID\":\"1\"}", FALSE },
    { "[{\"ContactID\":\"1\"}] []", FALSE },
    { "[{\"ContactID\":\"1\",\"contactid\":\"2\"}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":-}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":01}]", FALSE },
    { "[{\"ContactID\":\"1\",\"ModeID\":5true}]", FALSE },
    { "[{\"ContactID\":\"1\",\"Flag\":nul}]", FALSE },
    { "[{\"ContactID\":\"a\\u0000b\"}]", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpint (assert_decodings_agree (cases[i].text), ==, cases[i].read_straight);
    }
}

/* The vendor's own sample answer, and the simulator's rows as it writes them, many of them:
 * read straight, and the same as through json-glib. */
static void
test_samples (void)
{
  g_autoptr(JsonNode) sample =
    test_parse_sample ("get-customer-journey-response-by-contactnumber.json");
  JsonNode *response = json_object_get_member (json_object_get_object_member (
                                                 json_node_get_object (sample), "message"),
                                               "response");
  g_autofree char *text = json_to_string (response, TRUE);
  g_autoptr(GString) many = g_string_new ("[");

  g_assert_true (assert_decodings_agree (text));

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (many,
                            "%s{\"ContactID\":\"%u\",\"CampaignName\":\"Campaign %u\","
                            "\"ModeID\":%u,"
                            "\"Mode\":\"Mobile\",\"OutcomeId\":%u,\"Outcome\":\"Outcome %u\","
                            "\"AgentName\":\"agent%u\",\"AgentComment\":\"note %u\","
                            "\"CallCompletedTime\":\"%u/%u/2024 %u:%02u:00 %s\","
                            "\"CallCompletedDate\":\"%u\",\"CallCompletedMonth\":\"May\","
                            "\"CallCompletedYear\":\"2024\",\"ChannelType\":%u,"
                            "\"TargetValue\":\"%u.%u\",\"ContactValue\":\"65914623%02u\","
                            "\"CallCompletedTimeFormat\":\"09:22 AM\","
                            "\"PreviousLeadScore\":\"%u\",\"CurrentLeadScore\":\"%u\","
                            "\"CallType\":\"Outbound\"}",
                            i == 0 ? "" : ",", i % 50, i % 7, i % 4, i % 12, i % 12, i % 9, i,
                            i % 12 + 1, i % 28 + 1, i % 12 + 1, i % 60, i % 2 ? "AM" : "PM",
                            i % 28 + 1, i % 5, i, i % 10, i % 100, i % 100, (i * 7) % 100);
  g_string_append_c (many, ']');
  g_assert_true (assert_decodings_agree (many->str));
}

/* What the straight reader makes is what an entry read from the tree says, field by field. */
static void
test_entries (void)
{
  const char *text = "[{\"ContactID\":\"9\",\"CampaignName\":\"Retention\",\"ModeID\":\"4\","
                     "\"Mode\":\"Email\",\"OutcomeId\":2,\"Outcome\":\"Busy\","
                     "\"AgentName\":\"Ana\",\"AgentComment\":\"A \\\"quote\\\"\","
                     "\"CallCompletedTime\":\"12/31/2023 11:59:59 PM\",\"ChannelType\":3,"
                     "\"TargetValue\":\" 250.75 \",\"ContactValue\":\"a@b.c\","
                     "\"PreviousLeadScore\":\"5\",\"CurrentLeadScore\":8,\"CallType\":\"Email\"}]";
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) rows = lcm_response_decode_journey_text (text, strlen (text), utc, &error);
  g_autoptr(LcmJourneyEntry) entry = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new (utc, 2023, 12, 31, 23, 59, 59);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  entry = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (lcm_journey_entry_get_contact_id (entry), ==, "9");
  g_assert_cmpstr (lcm_journey_entry_get_campaign_name (entry), ==, "Retention");
  g_assert_cmpint (lcm_journey_entry_get_mode_id (entry), ==, 4);
  g_assert_cmpstr (lcm_journey_entry_get_agent_comment (entry), ==, "A \"quote\"");
  g_assert_cmpint (lcm_journey_entry_get_outcome_id (entry), ==, 2);
  g_assert_cmpint (lcm_journey_entry_get_channel (entry), ==, 3);
  g_assert_cmpfloat (lcm_journey_entry_get_target_value (entry), ==, 250.75);
  g_assert_cmpint (lcm_journey_entry_get_previous_lead_score (entry), ==, 5);
  g_assert_cmpint (lcm_journey_entry_get_current_lead_score (entry), ==, 8);
  g_assert_nonnull (lcm_journey_entry_get_completed (entry));
  g_assert_true (g_date_time_equal (lcm_journey_entry_get_completed (entry), expected));
  g_assert_cmpint (lcm_journey_entry_get_completed_unix (entry), ==,
                   g_date_time_to_unix (expected));
  g_assert_null (lcm_journey_entry_get_completed_date (entry));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journey-decode/cases", test_cases);
  g_test_add_func ("/journey-decode/samples", test_samples);
  g_test_add_func ("/journey-decode/entries", test_entries);

  return g_test_run ();
}
