/* test-stable-list-model.c: the journey view's models: LcmArrayList, WrapupTextFilterModel
 * and WrapupStableListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lcm.h"
#include "wrapup-stable-list-model.h"
#include "wrapup-text-filter-model.h"

#include "wrapup-test-sim.h"

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* A list of n GApplication objects with ids "item0".."item(n-1)" (any GObject would do). */
static GPtrArray *
make_items (guint n)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("org.example.item%u", i);
      g_ptr_array_add (items, g_application_new (id, G_APPLICATION_DEFAULT_FLAGS));
    }
  return items;
}

static void
test_array_list (void)
{
  g_autoptr(LcmArrayList) list = lcm_array_list_new (G_TYPE_APPLICATION);
  g_autoptr(GPtrArray) items = make_items (5);
  g_autoptr(GPtrArray) fewer = make_items (2);
  g_autoptr(GObject) third = NULL;
  TestItemsChange change = { 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == G_TYPE_APPLICATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (test_record_items_changed), &change);

  lcm_array_list_replace_all (list, items);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 5);
  third = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (third == items->pdata[2]);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 5));

  /* One change for the whole replacement; the items given are the list's own references. */
  lcm_array_list_replace_all (list, fewer);
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.removed, ==, 5);
  g_assert_cmpuint (change.added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_ptr_array_set_size (fewer, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

static gpointer
item_at (GListModel *model,
         guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);
  return item;  /* the model keeps a reference */
}

static void
test_stable_rows (void)
{
  g_autoptr(GListStore) source = g_list_store_new (G_TYPE_APPLICATION);
  g_autoptr(GPtrArray) items = make_items (6);
  g_autoptr(WrapupStableListModel) stable = NULL;
  g_autoptr(WrapupStableRow) first = NULL;
  g_autoptr(WrapupStableRow) fourth = NULL;
  g_autoptr(WrapupStableRow) again = NULL;
  TestItemsChange change = { 0 };
  guint first_notified = 0;
  guint fourth_notified = 0;

  g_list_store_splice (source, 0, 0, items->pdata, 4);
  stable = wrapup_stable_list_model_new (G_LIST_MODEL (source));
  g_assert_true (wrapup_stable_list_model_get_source (stable) == G_LIST_MODEL (source));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stable)), ==, 4);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (stable)) == WRAPUP_TYPE_STABLE_ROW);
  g_signal_connect (stable, "items-changed", G_CALLBACK (test_record_items_changed), &change);

  first = g_list_model_get_item (G_LIST_MODEL (stable), 0);
  fourth = g_list_model_get_item (G_LIST_MODEL (stable), 3);
  g_assert_true (wrapup_stable_row_get_item (first) == items->pdata[0]);
  g_assert_true (wrapup_stable_row_get_item (fourth) == items->pdata[3]);
  /* A row held is the same row when asked for again. */
  again = g_list_model_get_item (G_LIST_MODEL (stable), 0);
  g_assert_true (again == first);
  g_signal_connect (first, "notify::item", G_CALLBACK (on_notify_cb), &first_notified);
  g_signal_connect (fourth, "notify::item", G_CALLBACK (on_notify_cb), &fourth_notified);

  /* Reordered, same length (as a sort does): rows stay, the moved ones say so, no
   * items-changed. */
  {
    gpointer reordered[] = { items->pdata[1], items->pdata[2], items->pdata[3], items->pdata[0] };

    g_list_store_splice (source, 0, 4, reordered, 4);
  }
  g_assert_cmpuint (change.count, ==, 0);
  g_assert_true (wrapup_stable_row_get_item (first) == items->pdata[1]);
  g_assert_true (wrapup_stable_row_get_item (fourth) == items->pdata[0]);
  g_assert_cmpuint (first_notified, ==, 1);
  g_assert_cmpuint (fourth_notified, ==, 1);
  g_assert_true (item_at (G_LIST_MODEL (stable), 2) != NULL);

  /* Longer: the new rows are added at the end; a row whose item did not change is quiet. */
  g_list_store_append (source, items->pdata[4]);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 4);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (first_notified, ==, 1);
  g_assert_cmpuint (fourth_notified, ==, 1);

  /* Shorter: rows past the end are taken away at the end, the others retold. */
  g_list_store_splice (source, 0, 5, items->pdata + 5, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stable)), ==, 1);
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 1);
  g_assert_cmpuint (change.removed, ==, 4);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_true (wrapup_stable_row_get_item (first) == items->pdata[5]);
  g_assert_cmpuint (first_notified, ==, 2);
  /* The fourth row is no longer the model's: a new one stands at its place if it grows. */
  g_assert_cmpuint (fourth_notified, ==, 1);
  g_list_store_splice (source, 1, 0, items->pdata, 3);
  {
    g_autoptr(WrapupStableRow) new_fourth = g_list_model_get_item (G_LIST_MODEL (stable), 3);

    g_assert_true (new_fourth != fourth);
    g_assert_true (wrapup_stable_row_get_item (new_fourth) == items->pdata[2]);
  }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (stable), 4));
}

/* Rows a consumer let go of are not kept: a long list costs only what is held. */
static void
test_rows_not_kept (void)
{
  g_autoptr(GListStore) source = g_list_store_new (G_TYPE_APPLICATION);
  g_autoptr(GPtrArray) items = make_items (3);
  g_autoptr(WrapupStableListModel) stable = NULL;
  WrapupStableRow *row;

  g_list_store_splice (source, 0, 0, items->pdata, 3);
  stable = wrapup_stable_list_model_new (G_LIST_MODEL (source));
  row = g_list_model_get_item (G_LIST_MODEL (stable), 1);
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  g_object_unref (row);
  g_assert_null (row);
  /* And the model outlived by a row leaves it working. */
  row = g_list_model_get_item (G_LIST_MODEL (stable), 2);
  g_clear_object (&stable);
  g_assert_true (wrapup_stable_row_get_item (row) == items->pdata[2]);
  g_object_unref (row);
}

static LcmJourneyEntry *
journey_entry (const char *outcome,
               const char *comment)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GError) error = NULL;
  LcmJourneyEntry *entry;

  json_object_set_string_member (object, "ContactID", "2");
  json_object_set_string_member (object, "CampaignName", "Acquisition");
  json_object_set_string_member (object, "Outcome", outcome);
  json_object_set_string_member (object, "AgentComment", comment);
  entry = lcm_journey_entry_new_from_json (object, NULL, &error);
  g_assert_no_error (error);
  return entry;
}

static guint
n_shown (WrapupTextFilterModel *filter)
{
  return g_list_model_get_n_items (G_LIST_MODEL (filter));
}

static void
test_text_filter (void)
{
  g_autoptr(LcmArrayList) source = lcm_array_list_new (LCM_TYPE_JOURNEY_ENTRY);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WrapupTextFilterModel) filter = NULL;
  g_autoptr(LcmJourneyEntry) first = NULL;
  TestItemsChange change = { 0 };

  g_ptr_array_add (rows, journey_entry ("Voicemail", "left a message"));
  g_ptr_array_add (rows, journey_entry ("Success", "Rappel DEMANDÉ à 17 h"));
  g_ptr_array_add (rows, journey_entry ("Voice busy", ""));
  g_ptr_array_add (rows, journey_entry ("No answer", "voicemail full"));
  lcm_array_list_replace_all (source, rows);
  filter = wrapup_text_filter_model_new (G_LIST_MODEL (source));
  g_signal_connect (filter, "items-changed", G_CALLBACK (test_record_items_changed), &change);
  g_assert_cmpuint (n_shown (filter), ==, 4);
  g_assert_null (wrapup_text_filter_model_get_text (filter));

  /* Typing on narrows, case does not count, in the source's order, one change each. */
  wrapup_text_filter_model_set_text (filter, "VOI");
  g_assert_cmpuint (n_shown (filter), ==, 3);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.removed, ==, 4);
  g_assert_cmpuint (change.added, ==, 3);
  wrapup_text_filter_model_set_text (filter, "voicem");
  g_assert_cmpuint (n_shown (filter), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (filter), 0);
  g_assert_true (first == rows->pdata[0]);
  g_assert_true (wrapup_text_filter_model_matches (filter, rows->pdata[3]));
  g_assert_false (wrapup_text_filter_model_matches (filter, rows->pdata[2]));
  /* A match never spans two fields ("busy" ends one, nothing follows in the next). */
  wrapup_text_filter_model_set_text (filter, "busy\x1fvoice");
  g_assert_cmpuint (n_shown (filter), ==, 0);

  /* Deleting gives back what the shorter text showed; the same text again is no change. */
  wrapup_text_filter_model_set_text (filter, "voi");
  g_assert_cmpuint (n_shown (filter), ==, 3);
  change.count = 0;
  wrapup_text_filter_model_set_text (filter, "voi");
  g_assert_cmpuint (change.count, ==, 0);

  /* Non-ASCII, casefolded both sides; another text searches every row. */
  wrapup_text_filter_model_set_text (filter, "demandé");
  g_assert_cmpuint (n_shown (filter), ==, 1);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (filter), 0);
  g_assert_true (first == rows->pdata[1]);

  /* New rows under the same text are searched again. */
  g_ptr_array_add (rows, journey_entry ("Callback", "demandé encore"));
  lcm_array_list_replace_all (source, rows);
  g_assert_cmpuint (n_shown (filter), ==, 2);

  /* No text: every row. */
  wrapup_text_filter_model_set_text (filter, "");
  g_assert_cmpuint (n_shown (filter), ==, 5);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (filter), 5));
}

static gboolean
is_multiple_of_seven_plus_three (guint i)
{
  return i % 7 == 3;
}

static gboolean
has_comment_prefix_12 (guint i)
{
  /* "note 12", "note 120".."note 129", "note 1200".. */
  g_autofree char *text = g_strdup_printf ("%u", i);
  return g_str_has_prefix (text, "12");
}

/* The rows shown are exactly those of the source, in its order, for which wanted() holds. */
static void
assert_shown (WrapupTextFilterModel *filter,
              GPtrArray             *rows,
              gboolean             (*wanted) (guint i))
{
  guint shown = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      if (!wanted (i))
        continue;
      {
        g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (G_LIST_MODEL (filter), shown);

        g_assert_true (entry == rows->pdata[i]);
      }
      shown++;
    }
  g_assert_cmpuint (n_shown (filter), ==, shown);
}

/* Enough rows for a search to be split between two threads: the halves come back whole and
 * in order, whether the texts were made beforehand in idle time or during the search. */
static void
test_text_filter_many_rows (void)
{
  g_autoptr(LcmArrayList) source = lcm_array_list_new (LCM_TYPE_JOURNEY_ENTRY);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WrapupTextFilterModel) filter = NULL;

  for (guint i = 0; i < 45000; i++)
    {
      g_autofree char *comment = g_strdup_printf ("Note %u", i);

      g_ptr_array_add (rows, journey_entry (i % 7 == 3 ? "Voicemail" : "Busy", comment));
    }
  lcm_array_list_replace_all (source, rows);
  filter = wrapup_text_filter_model_new (G_LIST_MODEL (source));

  /* Before any idle time: the texts are made by the search itself. */
  wrapup_text_filter_model_set_text (filter, "voicemail");
  assert_shown (filter, rows, is_multiple_of_seven_plus_three);

  /* After idle time, from every row, then typing on from those shown. */
  wrapup_text_filter_model_set_text (filter, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  wrapup_text_filter_model_set_text (filter, "note 1");
  wrapup_text_filter_model_set_text (filter, "note 12");
  assert_shown (filter, rows, has_comment_prefix_12);
  wrapup_text_filter_model_set_text (filter, "VOICEMAIL");
  assert_shown (filter, rows, is_multiple_of_seven_plus_three);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wrapup/models/array-list", test_array_list);
  g_test_add_func ("/wrapup/models/stable-rows", test_stable_rows);
  g_test_add_func ("/wrapup/models/rows-not-kept", test_rows_not_kept);
  g_test_add_func ("/wrapup/models/text-filter", test_text_filter);
  g_test_add_func ("/wrapup/models/text-filter-many-rows", test_text_filter_many_rows);

  return g_test_run ();
}
