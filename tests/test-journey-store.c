/* test-journey-store.c: the journey's compact rows and the entries made from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <lcm.h>

#include "lcm-journey-table.h"

#include "wrapup-test-sim.h"

static GListModel *
decode (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  GListModel *rows = lcm_response_decode_journey_text (text, strlen (text), utc, &error);

  g_assert_no_error (error);
  return rows;
}

/* Entries are made when asked for and kept by no one else; a text repeated from row to row
 * is stored once. */
static void
test_entries_on_demand (void)
{
  g_autoptr(GListModel) rows = decode ("[{\"ContactID\":\"1\",\"Outcome\":\"Busy\"},"
                                       "{\"ContactID\":\"2\",\"Outcome\":\"Busy\"},"
                                       "{\"ContactID\":\"3\",\"Outcome\":\"No answer\"}]");
  LcmJourneyTable *table = lcm_journey_store_get_table (LCM_JOURNEY_STORE (rows));
  g_autoptr(LcmJourneyEntry) first = g_list_model_get_item (rows, 0);
  g_autoptr(LcmJourneyEntry) again = g_list_model_get_item (rows, 0);
  LcmJourneyEntry *weak = g_list_model_get_item (rows, 1);

  g_assert_true (g_list_model_get_item_type (rows) == LCM_TYPE_JOURNEY_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  g_assert_null (g_list_model_get_item (rows, 3));

  /* Two objects for one row, with the same values: none is kept by the store. */
  g_assert_true (first != again);
  g_assert_cmpstr (lcm_journey_entry_get_contact_id (first), ==, "1");
  g_assert_cmpstr (lcm_journey_entry_get_contact_id (again), ==, "1");
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_object_unref (weak);
  g_assert_null (weak);

  /* "Busy" once for both rows; "No answer" apart. */
  g_assert_cmpuint (lcm_journey_table_get_row (table, 0)->texts[LCM_JOURNEY_OUTCOME], ==,
                    lcm_journey_table_get_row (table, 1)->texts[LCM_JOURNEY_OUTCOME]);
  g_assert_true (lcm_journey_table_get_text (table, 0, LCM_JOURNEY_OUTCOME) ==
                 lcm_journey_table_get_text (table, 1, LCM_JOURNEY_OUTCOME));
  g_assert_cmpstr (lcm_journey_table_get_text (table, 2, LCM_JOURNEY_OUTCOME), ==, "No answer");
  g_assert_null (lcm_journey_table_get_text (table, 0, LCM_JOURNEY_AGENT_NAME));
}

/* Replacing the rows is one change; an entry made before keeps its own row's values. */
static void
test_replace_all (void)
{
  g_autoptr(LcmJourneyStore) store = lcm_journey_store_new ();
  g_autoptr(GListModel) first = decode ("[{\"ContactID\":\"1\",\"AgentComment\":\"old\"},"
                                        "{\"ContactID\":\"2\"}]");
  g_autoptr(GListModel) second = decode ("[{\"ContactID\":\"3\",\"AgentComment\":\"new\"}]");
  g_autoptr(LcmJourneyEntry) held = NULL;
  g_autoptr(LcmJourneyEntry) now = NULL;
  TestItemsChange change = { 0 };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_signal_connect (store, "items-changed", G_CALLBACK (test_record_items_changed), &change);

  lcm_journey_store_replace_all (store, LCM_JOURNEY_STORE (first));
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);
  held = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (lcm_journey_entry_get_search_text (held), ==, "old\x1f");

  /* The same rows again: nothing changed, nothing told. */
  lcm_journey_store_replace_all (store, LCM_JOURNEY_STORE (first));
  g_assert_cmpuint (change.count, ==, 1);

  g_clear_object (&first);
  lcm_journey_store_replace_all (store, LCM_JOURNEY_STORE (second));
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 1);
  now = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (lcm_journey_entry_get_agent_comment (now), ==, "new");
  /* The old rows live on for the entry that still shows one of them. */
  g_assert_cmpstr (lcm_journey_entry_get_contact_id (held), ==, "1");
  g_assert_cmpstr (lcm_journey_entry_get_agent_comment (held), ==, "old");
  g_assert_cmpstr (lcm_journey_entry_get_search_text (held), ==, "old\x1f");
}

/* Properties (what column sorters and expressions read) say what the getters say. */
static void
test_properties (void)
{
  g_autoptr(GListModel) rows = decode ("[{\"ContactID\":\"7\",\"ModeID\":3,\"Mode\":\"Mobile\","
                                       "\"CallCompletedTime\":\"1/2/2024 3:04:05 PM\","
                                       "\"TargetValue\":\"9.5\",\"CurrentLeadScore\":\"4\"}]");
  g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (rows, 0);
  g_autoptr(GDateTime) completed = NULL;
  g_autofree char *mode = NULL;
  gint64 mode_id = 0;
  gint64 unix_time = 0;
  gint64 outcome_id = 0;
  gint64 lead_score = 0;
  double target = 0;

  g_object_get (entry, "mode", &mode, "mode-id", &mode_id, "completed", &completed,
                "completed-unix", &unix_time, "outcome-id", &outcome_id,
                "target-value", &target, "current-lead-score", &lead_score, NULL);
  g_assert_cmpstr (mode, ==, "Mobile");
  g_assert_cmpint (mode_id, ==, 3);
  g_assert_nonnull (completed);
  g_assert_cmpint (g_date_time_get_hour (completed), ==, 15);
  g_assert_cmpint (unix_time, ==, g_date_time_to_unix (completed));
  g_assert_cmpint (outcome_id, ==, -1);
  g_assert_cmpfloat (target, ==, 9.5);
  g_assert_cmpint (lead_score, ==, 4);
  /* The same object each time it is asked, for as long as the entry lives. */
  g_assert_true (lcm_journey_entry_get_completed (entry) == completed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/journey-store/entries-on-demand", test_entries_on_demand);
  g_test_add_func ("/journey-store/replace-all", test_replace_all);
  g_test_add_func ("/journey-store/properties", test_properties);

  return g_test_run ();
}
