/* test-models.c: the models decoded from the gateway's answers, and the two the app fills
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-models"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

/* The vendor's samples, read from tests/data/samples (see its README.md). */
static const char BUSINESS_OUTCOMES_RESPONSE[] = "get-outcome-by-outcome-group-response.json";
static const char TELEPHONY_OUTCOMES_RESPONSE[] = "set-call-outcome-offline-response.json";
static const char JOURNEY_RESPONSE[] = "get-customer-journey-response-by-contactnumber.json";

/* ------------------------------------------------------------------------------------------
 * Helpers
 */

/* message.response of a sample frame, by its file name. */
static JsonNode *
sample_response (const char *sample)
{
  g_autoptr(JsonNode) root = test_parse_sample (sample);
  JsonObject *message = json_object_get_object_member (json_node_get_object (root), "message");

  return json_node_copy (json_object_get_member (message, "response"));
}

/* Decodes one row of JSON text with the given operation's decoder, through the list
 * decoder. */
static GListModel *
decode_rows (LcmOperation  operation,
             const char   *array_text,
             GTimeZone    *zone,
             GError      **error)
{
  g_autoptr(JsonNode) node = test_parse_json (array_text);

  return lcm_response_decode_list (operation, node, zone, error);
}

static gpointer
decode_one (LcmOperation  operation,
            const char   *object_text,
            GTimeZone    *zone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = test_parse_json (object_text);
  JsonObject *object = json_node_get_object (node);
  gpointer item = NULL;

  switch (operation)
    {
    case LCM_OPERATION_BUSINESS_OUTCOMES:
      item = lcm_business_outcome_new_from_json (object, &error);
      break;
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
      item = lcm_telephony_outcome_new_from_json (object, &error);
      break;
    case LCM_OPERATION_CALLBACK_MODES:
      item = lcm_callback_mode_new_from_json (object, &error);
      break;
    case LCM_OPERATION_PERSONAL_CALLBACKS:
      item = lcm_personal_callback_new_from_json (object, zone, &error);
      break;
    case LCM_OPERATION_JOURNEY:
      item = lcm_journey_entry_new_from_json (object, zone, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

/* Asserts the row is refused with code, and that the message names field. */
static void
assert_row_refused (LcmOperation  operation,
                    const char   *object_text,
                    int           code,
                    const char   *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = test_parse_json (object_text);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GObject) item = NULL;

  switch (operation)
    {
    case LCM_OPERATION_BUSINESS_OUTCOMES:
      item = (GObject *) lcm_business_outcome_new_from_json (object, &error);
      break;
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
      item = (GObject *) lcm_telephony_outcome_new_from_json (object, &error);
      break;
    case LCM_OPERATION_CALLBACK_MODES:
      item = (GObject *) lcm_callback_mode_new_from_json (object, &error);
      break;
    case LCM_OPERATION_PERSONAL_CALLBACKS:
      item = (GObject *) lcm_personal_callback_new_from_json (object, NULL, &error);
      break;
    case LCM_OPERATION_JOURNEY:
      item = (GObject *) lcm_journey_entry_new_from_json (object, NULL, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_null (item);
  g_assert_error (error, LCM_PROTOCOL_ERROR, code);
  if (strstr (error->message, field) == NULL)
    g_error ("The message “%s” does not name the field %s", error->message, field);
}

static gint64
get_int64 (gpointer    object,
           const char *property)
{
  gint64 value = 0;

  g_object_get (object, property, &value, NULL);
  return value;
}

static void
assert_string_property (gpointer    object,
                        const char *property,
                        const char *expected)
{
  g_autofree char *value = NULL;

  g_object_get (object, property, &value, NULL);
  g_assert_cmpstr (value, ==, expected);
}

/* Every property of the class is readable. */
static void
assert_all_readable (gpointer object)
{
  guint n_specs = 0;
  g_autofree GParamSpec **specs =
    g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_specs);

  g_assert_cmpuint (n_specs, >, 0);
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_true (specs[i]->flags & G_PARAM_READABLE);
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (G_OBJECT (object), specs[i]->name, &value);
    }
}

/* Counts notify emissions by property name. */
typedef struct
{
  GHashTable *counts;
} NotifyLog;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  NotifyLog *log = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
notify_count (NotifyLog  *log,
              const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static guint
notify_total (NotifyLog *log)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, log->counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);
  return total;
}

static void
notify_log_init (NotifyLog *log,
                 gpointer   object)
{
  log->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (on_notify_cb), log);
}

static void
notify_log_reset (NotifyLog *log)
{
  g_hash_table_remove_all (log->counts);
}

static void
notify_log_clear (NotifyLog *log,
                  gpointer   object)
{
  g_signal_handlers_disconnect_by_func (object, on_notify_cb, log);
  g_clear_pointer (&log->counts, g_hash_table_unref);
}

/* ------------------------------------------------------------------------------------------
 * Business outcomes
 */

static void
test_business_outcome_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = sample_response (BUSINESS_OUTCOMES_RESPONSE);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(LcmBusinessOutcome) first = NULL;
  g_autoptr(LcmBusinessOutcome) second = NULL;

  list = lcm_response_decode_list (LCM_OPERATION_BUSINESS_OUTCOMES, response, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == LCM_TYPE_BUSINESS_OUTCOME);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  first = g_list_model_get_item (list, 0);
  g_assert_cmpint (lcm_business_outcome_get_id (first), ==, 107);
  g_assert_cmpint (lcm_business_outcome_get_campaign_id (first), ==, 0);
  g_assert_cmpint (lcm_business_outcome_get_lead_score (first), ==, 0);
  g_assert_cmpint (lcm_business_outcome_get_parent_id (first), ==, 5);
  g_assert_cmpstr (lcm_business_outcome_get_description (first), ==, "success");

  second = g_list_model_get_item (list, 1);
  g_assert_cmpint (lcm_business_outcome_get_id (second), ==, 108);
  g_assert_cmpint (lcm_business_outcome_get_parent_id (second), ==, 6);
  g_assert_cmpstr (lcm_business_outcome_get_description (second), ==, "Fail");

  /* Not linked yet. */
  g_assert_null (lcm_business_outcome_get_parent (first));
  g_assert_true (lcm_business_outcome_is_leaf (first));
  g_assert_cmpuint (g_list_model_get_n_items (lcm_business_outcome_get_children (first)), ==, 0);
}

static void
test_business_outcome_quirks (void)
{
  g_autoptr(LcmBusinessOutcome) numbers = NULL;
  g_autoptr(LcmBusinessOutcome) outcome_id = NULL;
  g_autoptr(LcmBusinessOutcome) outcome_id2 = NULL;
  g_autoptr(LcmBusinessOutcome) lower = NULL;
  g_autoptr(LcmBusinessOutcome) null_parent = NULL;
  g_autoptr(LcmBusinessOutcome) empty_parent = NULL;
  g_autoptr(LcmBusinessOutcome) bare = NULL;

  /* Numbers as numbers, strings as numbers, and blanks around a number. */
  numbers = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES,
                        "{\"CampaignID\": 12, \"OutComeID\": 7, \"LeadScore\": 40,"
                        " \"ParentID\": \" 3 \", \"Description\": \"Sale\"}", NULL);
  g_assert_cmpint (lcm_business_outcome_get_campaign_id (numbers), ==, 12);
  g_assert_cmpint (lcm_business_outcome_get_id (numbers), ==, 7);
  g_assert_cmpint (lcm_business_outcome_get_lead_score (numbers), ==, 40);
  g_assert_cmpint (lcm_business_outcome_get_parent_id (numbers), ==, 3);

  /* The spellings of the id that differ in case only. */
  outcome_id = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES,
                           "{\"OutcomeID\": \"21\", \"Description\": \"a\"}", NULL);
  g_assert_cmpint (lcm_business_outcome_get_id (outcome_id), ==, 21);
  outcome_id2 = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES,
                            "{\"OutcomeId\": 22, \"Description\": \"b\"}", NULL);
  g_assert_cmpint (lcm_business_outcome_get_id (outcome_id2), ==, 22);
  lower = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"outcomeid\": \"23\", \"description\": \"c\"}", NULL);
  g_assert_cmpint (lcm_business_outcome_get_id (lower), ==, 23);
  g_assert_cmpstr (lcm_business_outcome_get_description (lower), ==, "c");

  /* ParentID null or empty, LeadScore absent, unknown members. */
  null_parent = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES,
                            "{\"CampaignID\": \"0\", \"OutComeID\": \"5\", \"ParentID\": null,"
                            " \"Description\": \"Contacted\", \"Colour\": [1, 2],"
                            " \"Extra\": {\"x\": 1}}", NULL);
  g_assert_cmpint (lcm_business_outcome_get_parent_id (null_parent), ==, LCM_NO_PARENT);
  g_assert_cmpint (lcm_business_outcome_get_lead_score (null_parent), ==, LCM_NO_LEAD_SCORE);
  g_assert_cmpstr (lcm_business_outcome_get_description (null_parent), ==, "Contacted");

  empty_parent = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES,
                             "{\"OutComeID\": \"6\", \"ParentID\": \"\", \"LeadScore\": null}",
                             NULL);
  g_assert_cmpint (lcm_business_outcome_get_parent_id (empty_parent), ==, LCM_NO_PARENT);
  g_assert_cmpint (lcm_business_outcome_get_lead_score (empty_parent), ==, LCM_NO_LEAD_SCORE);

  bare = decode_one (LCM_OPERATION_BUSINESS_OUTCOMES, "{\"OutComeID\": \"9\"}", NULL);
  g_assert_cmpint (lcm_business_outcome_get_parent_id (bare), ==, LCM_NO_PARENT);
  g_assert_cmpint (lcm_business_outcome_get_campaign_id (bare), ==, 0);
  g_assert_null (lcm_business_outcome_get_description (bare));
}

static void
test_business_outcome_refused (void)
{
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"CampaignID\": \"0\", \"Description\": \"x\"}",
                      LCM_PROTOCOL_ERROR_MISSING_FIELD, "OutComeID");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": null}",
                      LCM_PROTOCOL_ERROR_MISSING_FIELD, "OutComeID");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": {\"id\": 1}}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "OutComeID");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": \"seven\"}",
                      LCM_PROTOCOL_ERROR_INVALID_VALUE, "OutComeID");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": 1, \"LeadScore\": [0]}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "LeadScore");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": 1, \"ParentID\": \"root\"}",
                      LCM_PROTOCOL_ERROR_INVALID_VALUE, "ParentID");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": 1, \"CampaignID\": 1.5}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "CampaignID");
  assert_row_refused (LCM_OPERATION_BUSINESS_OUTCOMES,
                      "{\"OutComeID\": 1, \"Description\": {\"en\": \"x\"}}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "Description");
}

static void
test_business_outcome_properties (void)
{
  g_autoptr(LcmBusinessOutcome) outcome =
    lcm_business_outcome_new (107, "success", 4, 5, 30);
  g_autoptr(GListModel) children = NULL;
  g_autoptr(LcmBusinessOutcome) parent = NULL;
  g_autofree char *description = NULL;
  gboolean leaf = FALSE;

  assert_all_readable (outcome);

  g_assert_cmpint (get_int64 (outcome, "id"), ==, lcm_business_outcome_get_id (outcome));
  g_assert_cmpint (get_int64 (outcome, "id"), ==, 107);
  g_assert_cmpint (get_int64 (outcome, "campaign-id"), ==, 4);
  g_assert_cmpint (get_int64 (outcome, "parent-id"), ==, 5);
  g_assert_cmpint (get_int64 (outcome, "lead-score"), ==, 30);
  assert_string_property (outcome, "description", lcm_business_outcome_get_description (outcome));
  g_object_get (outcome, "children", &children, "parent", &parent, "leaf", &leaf, NULL);
  g_assert_true (children == lcm_business_outcome_get_children (outcome));
  g_assert_null (parent);
  g_assert_true (leaf);

  /* Read-only: the class says so. */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (outcome), "id")->flags
                  & G_PARAM_WRITABLE);
}

/* ------------------------------------------------------------------------------------------
 * The outcome tree
 */

static LcmBusinessOutcome *
item (GListModel *model,
      guint       position)
{
  /* The models hold a reference: a borrowed pointer is enough here. */
  LcmBusinessOutcome *outcome = g_list_model_get_item (model, position);

  g_assert_nonnull (outcome);
  g_object_unref (outcome);
  return outcome;
}

static GListStore *
flat_list (const gint64 *rows,
           guint         n_rows)
{
  GListStore *store = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);

  /* rows: id, parent-id pairs */
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *name = g_strdup_printf ("o%" G_GINT64_FORMAT, rows[2 * i]);
      g_autoptr(LcmBusinessOutcome) outcome =
        lcm_business_outcome_new (rows[2 * i], name, 0, rows[2 * i + 1], LCM_NO_LEAD_SCORE);

      g_list_store_append (store, outcome);
    }

  return store;
}

static void
test_tree_sample_orphans (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = sample_response (BUSINESS_OUTCOMES_RESPONSE);
  g_autoptr(GListModel) flat = NULL;
  g_autoptr(GListModel) roots = NULL;

  flat = lcm_response_decode_list (LCM_OPERATION_BUSINESS_OUTCOMES, response, NULL, &error);
  g_assert_no_error (error);

  /* The sample names parents 5 and 6 and does not send them: both rows are roots. */
  roots = lcm_business_outcome_build_tree (flat);
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 2);
  g_assert_cmpint (lcm_business_outcome_get_id (item (roots, 0)), ==, 107);
  g_assert_cmpint (lcm_business_outcome_get_id (item (roots, 1)), ==, 108);
  g_assert_null (lcm_business_outcome_get_parent (item (roots, 0)));
  g_assert_true (lcm_business_outcome_is_leaf (item (roots, 0)));

  {
    g_autofree char *path = lcm_business_outcome_dup_path (item (roots, 1));
    g_assert_cmpstr (path, ==, "Fail");
  }
}

static void
test_tree_three_levels (void)
{
  /* 1 ─┬─ 2 ─── 3
   *    └─ 4
   * 5 (root, after the others in the list: roots keep the list's order) */
  static const gint64 rows[] = { 3, 2,  1, LCM_NO_PARENT,  2, 1,  4, 1,  5, LCM_NO_PARENT };
  g_autoptr(GListStore) flat = flat_list (rows, G_N_ELEMENTS (rows) / 2);
  g_autoptr(GListModel) roots = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  LcmBusinessOutcome *one, *two, *three, *four;
  GListModel *children;
  g_autofree char *path = NULL;
  g_autoptr(LcmBusinessOutcome) parent_prop = NULL;
  gboolean leaf = TRUE;

  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 2);
  one = item (roots, 0);
  g_assert_cmpint (lcm_business_outcome_get_id (one), ==, 1);
  g_assert_cmpint (lcm_business_outcome_get_id (item (roots, 1)), ==, 5);

  children = lcm_business_outcome_get_children (one);
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 2);
  two = item (children, 0);
  four = item (children, 1);
  g_assert_cmpint (lcm_business_outcome_get_id (two), ==, 2);
  g_assert_cmpint (lcm_business_outcome_get_id (four), ==, 4);
  g_assert_true (lcm_business_outcome_get_parent (two) == one);
  g_assert_true (lcm_business_outcome_get_parent (four) == one);
  g_assert_false (lcm_business_outcome_is_leaf (one));
  g_assert_true (lcm_business_outcome_is_leaf (four));

  g_assert_cmpuint (g_list_model_get_n_items (lcm_business_outcome_get_children (two)), ==, 1);
  three = item (lcm_business_outcome_get_children (two), 0);
  g_assert_cmpint (lcm_business_outcome_get_id (three), ==, 3);
  g_assert_true (lcm_business_outcome_get_parent (three) == two);
  g_assert_true (lcm_business_outcome_is_leaf (three));

  path = lcm_business_outcome_dup_path (three);
  g_assert_cmpstr (path, ==, "o1 › o2 › o3");

  g_object_get (three, "parent", &parent_prop, NULL);
  g_assert_true (parent_prop == two);
  g_object_get (two, "leaf", &leaf, NULL);
  g_assert_false (leaf);
}

static void
test_tree_cycles (void)
{
  /* 10 -> 11 -> 10: the link of the later one (11) is cut, so 11 is a root over 10.
   * 20 -> 21 -> 22 -> 20: cut at 22. 30 -> 30: a root. 40 -> 10: below 10. */
  static const gint64 rows[] = {
    10, 11,  11, 10,  20, 21,  21, 22,  22, 20,  30, 30,  40, 10,
  };
  g_autoptr(GListStore) flat = flat_list (rows, G_N_ELEMENTS (rows) / 2);
  g_autoptr(GListModel) roots = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  LcmBusinessOutcome *eleven, *ten, *twenty_two, *twenty, *twenty_one;

  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 3);
  eleven = item (roots, 0);
  twenty_two = item (roots, 1);
  g_assert_cmpint (lcm_business_outcome_get_id (eleven), ==, 11);
  g_assert_cmpint (lcm_business_outcome_get_id (twenty_two), ==, 22);
  g_assert_cmpint (lcm_business_outcome_get_id (item (roots, 2)), ==, 30);
  g_assert_true (lcm_business_outcome_is_leaf (item (roots, 2)));

  ten = item (lcm_business_outcome_get_children (eleven), 0);
  g_assert_cmpint (lcm_business_outcome_get_id (ten), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (lcm_business_outcome_get_children (ten)), ==, 1);
  g_assert_cmpint (lcm_business_outcome_get_id (item (lcm_business_outcome_get_children (ten),
                                                      0)), ==, 40);

  twenty_one = item (lcm_business_outcome_get_children (twenty_two), 0);
  twenty = item (lcm_business_outcome_get_children (twenty_one), 0);
  g_assert_cmpint (lcm_business_outcome_get_id (twenty_one), ==, 21);
  g_assert_cmpint (lcm_business_outcome_get_id (twenty), ==, 20);
  g_assert_true (lcm_business_outcome_is_leaf (twenty));

  /* Every path ends: no cycle survived. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (flat)); i++)
    {
      LcmBusinessOutcome *node = item (G_LIST_MODEL (flat), i);
      guint depth = 0;

      while (node != NULL)
        {
          node = lcm_business_outcome_get_parent (node);
          g_assert_cmpuint (++depth, <=, 4);
        }
    }
}

static void
test_tree_duplicates (void)
{
  /* Two outcomes with id 50: children of 50 go under the first. */
  g_autoptr(GListStore) flat = g_list_store_new (LCM_TYPE_BUSINESS_OUTCOME);
  g_autoptr(LcmBusinessOutcome) first = lcm_business_outcome_new (50, "first", 0, -1, 0);
  g_autoptr(LcmBusinessOutcome) child = lcm_business_outcome_new (51, "child", 0, 50, 0);
  g_autoptr(LcmBusinessOutcome) second = lcm_business_outcome_new (50, "second", 0, -1, 0);
  g_autoptr(LcmBusinessOutcome) grandchild = lcm_business_outcome_new (52, "gc", 0, 51, 0);
  g_autoptr(GListModel) roots = NULL;

  g_list_store_append (flat, first);
  g_list_store_append (flat, child);
  g_list_store_append (flat, second);
  g_list_store_append (flat, grandchild);

  roots = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  g_assert_cmpuint (g_list_model_get_n_items (roots), ==, 2);
  g_assert_true (item (roots, 0) == first);
  g_assert_true (item (roots, 1) == second);
  g_assert_true (lcm_business_outcome_get_parent (child) == first);
  g_assert_true (lcm_business_outcome_get_parent (grandchild) == child);
  g_assert_true (lcm_business_outcome_is_leaf (second));
  g_assert_cmpuint (g_list_model_get_n_items (lcm_business_outcome_get_children (first)), ==, 1);
}

static void
test_tree_rebuild (void)
{
  static const gint64 rows[] = { 1, LCM_NO_PARENT,  2, 1,  3, 2 };
  g_autoptr(GListStore) flat = flat_list (rows, G_N_ELEMENTS (rows) / 2);
  g_autoptr(GListModel) roots = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  g_autoptr(GListModel) again = NULL;
  LcmBusinessOutcome *two = item (G_LIST_MODEL (flat), 1);
  NotifyLog log;

  notify_log_init (&log, two);
  /* Building again gives the same tree, without doubled children, and notifies nothing
   * that did not change. */
  again = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  g_assert_cmpuint (g_list_model_get_n_items (again), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (
                      lcm_business_outcome_get_children (item (again, 0))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (lcm_business_outcome_get_children (two)), ==, 1);
  g_assert_cmpuint (notify_count (&log, "parent"), ==, 0);
  g_assert_cmpuint (notify_count (&log, "leaf"), ==, 0);

  /* Without 1 in the list, 2 becomes a root. */
  g_list_store_remove (flat, 0);
  g_clear_object (&again);
  again = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  g_assert_cmpuint (g_list_model_get_n_items (again), ==, 1);
  g_assert_true (item (again, 0) == two);
  g_assert_null (lcm_business_outcome_get_parent (two));
  g_assert_cmpuint (notify_count (&log, "parent"), ==, 1);
  notify_log_clear (&log, two);
}

static void
test_tree_free (void)
{
  static const gint64 rows[] = {
    1, LCM_NO_PARENT,  2, 1,  3, 2,  4, 1,  5, 6,  6, 5,  7, 99,
  };
  const guint n = G_N_ELEMENTS (rows) / 2;
  GListStore *flat = flat_list (rows, n);
  GListModel *roots = lcm_business_outcome_build_tree (G_LIST_MODEL (flat));
  gpointer nodes[G_N_ELEMENTS (rows) / 2];
  LcmBusinessOutcome *kept;

  for (guint i = 0; i < n; i++)
    {
      nodes[i] = item (G_LIST_MODEL (flat), i);
      g_object_add_weak_pointer (nodes[i], &nodes[i]);
    }

  /* The roots own the tree: with the flat list gone, it is still whole. */
  g_object_unref (flat);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (nodes[i]);

  /* Someone keeps a leaf. */
  kept = g_object_ref (nodes[2]);
  g_assert_nonnull (lcm_business_outcome_get_parent (kept));

  g_object_unref (roots);
  for (guint i = 0; i < n; i++)
    if (i != 2)
      g_assert_null (nodes[i]);

  /* Its parent is gone, and it knows. */
  g_assert_nonnull (nodes[2]);
  g_assert_null (lcm_business_outcome_get_parent (kept));
  {
    g_autofree char *path = lcm_business_outcome_dup_path (kept);
    g_assert_cmpstr (path, ==, "o3");
  }
  g_object_unref (kept);
  g_assert_null (nodes[2]);
}

/* ------------------------------------------------------------------------------------------
 * Telephony outcomes
 */

static void
test_telephony_outcome_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = sample_response (TELEPHONY_OUTCOMES_RESPONSE);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 ids[64];
  gboolean callback_found = FALSE;

  list = lcm_response_decode_list (LCM_OPERATION_TELEPHONY_OUTCOMES, response, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == LCM_TYPE_TELEPHONY_OUTCOME);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);

  for (guint i = 0; i < 49; i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (list, i);

      ids[i] = lcm_telephony_outcome_get_id (outcome);
      g_assert_cmpint (ids[i], >=, 0);
      g_assert_cmpint (ids[i], <=, 99);
      g_assert_false (g_hash_table_contains (seen, &ids[i]));
      g_hash_table_add (seen, &ids[i]);
      g_assert_nonnull (lcm_telephony_outcome_get_description (outcome));

      if (ids[i] == LCM_TELEPHONY_OUTCOME_CALLBACK)
        {
          g_assert_cmpstr (lcm_telephony_outcome_get_description (outcome), ==, "CallBack");
          callback_found = TRUE;
        }
    }

  g_assert_true (callback_found);
  /* In the order sent, which is not sorted. */
  g_assert_cmpint (ids[0], ==, 0);
  g_assert_cmpint (ids[24], ==, 30);
  g_assert_cmpint (ids[25], ==, 27);
  g_assert_cmpint (ids[48], ==, 74);
}

static void
test_telephony_outcome_quirks (void)
{
  g_autoptr(LcmTelephonyOutcome) number = NULL;
  g_autoptr(LcmTelephonyOutcome) spelled = NULL;
  g_autoptr(LcmTelephonyOutcome) made = lcm_telephony_outcome_new (8, "No Answer");

  number = decode_one (LCM_OPERATION_TELEPHONY_OUTCOMES,
                       "{\"OutcomeId\": 3, \"Description\": \"Busy\", \"Colour\": \"red\"}",
                       NULL);
  g_assert_cmpint (lcm_telephony_outcome_get_id (number), ==, 3);
  g_assert_cmpstr (lcm_telephony_outcome_get_description (number), ==, "Busy");

  /* A description that is a number is read as text. */
  spelled = decode_one (LCM_OPERATION_TELEPHONY_OUTCOMES,
                        "{\"OutcomeID\": \"0\", \"Description\": 42}", NULL);
  g_assert_cmpint (lcm_telephony_outcome_get_id (spelled), ==, 0);
  g_assert_cmpstr (lcm_telephony_outcome_get_description (spelled), ==, "42");

  assert_all_readable (made);
  g_assert_cmpint (get_int64 (made, "id"), ==, lcm_telephony_outcome_get_id (made));
  assert_string_property (made, "description", lcm_telephony_outcome_get_description (made));
  g_assert_cmpstr (lcm_telephony_outcome_get_description (made), ==, "No Answer");

  assert_row_refused (LCM_OPERATION_TELEPHONY_OUTCOMES, "{\"Description\": \"Busy\"}",
                      LCM_PROTOCOL_ERROR_MISSING_FIELD, "OutComeID");
  assert_row_refused (LCM_OPERATION_TELEPHONY_OUTCOMES, "{\"OutComeID\": [3]}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "OutComeID");
  assert_row_refused (LCM_OPERATION_TELEPHONY_OUTCOMES, "{\"OutComeID\": true}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "OutComeID");
  assert_row_refused (LCM_OPERATION_TELEPHONY_OUTCOMES, "{\"OutComeID\": \"3a\"}",
                      LCM_PROTOCOL_ERROR_INVALID_VALUE, "OutComeID");
}

/* ------------------------------------------------------------------------------------------
 * Callback modes
 */

static const char CALLBACK_MODES[] =
  "["
  " {\"ModeID\": \"1\", \"Description\": \"Home\", \"ChannelType\": \"2\","
  "  \"Cvalue\": \"6591462346\", \"MinLength\": \"8\", \"MaxLength\": \"15\"},"
  " {\"ModeID\": 3, \"Description\": \"Mobile\", \"ChannelType\": 2,"
  "  \"CValue\": 6591462347, \"MinLength\": 10, \"MaxLength\": 10, \"Primary\": true},"
  " {\"modeid\": \"4\", \"Description\": \"Email\", \"ChannelType\": 3,"
  "  \"Cvalue\": \"someone@example.com\", \"MinLength\": null}"
  "]";

static void
test_callback_mode_decode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(LcmCallbackMode) home = NULL;
  g_autoptr(LcmCallbackMode) mobile = NULL;
  g_autoptr(LcmCallbackMode) email = NULL;

  list = decode_rows (LCM_OPERATION_CALLBACK_MODES, CALLBACK_MODES, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == LCM_TYPE_CALLBACK_MODE);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);

  home = g_list_model_get_item (list, 0);
  g_assert_cmpint (lcm_callback_mode_get_mode_id (home), ==, 1);
  g_assert_cmpstr (lcm_callback_mode_get_description (home), ==, "Home");
  g_assert_cmpint (lcm_callback_mode_get_channel_type (home), ==, 2);
  g_assert_cmpstr (lcm_callback_mode_get_value (home), ==, "6591462346");
  g_assert_cmpint (lcm_callback_mode_get_min_length (home), ==, 8);
  g_assert_cmpint (lcm_callback_mode_get_max_length (home), ==, 15);

  /* Numbers where the other has strings, and a number read as text. */
  mobile = g_list_model_get_item (list, 1);
  g_assert_cmpint (lcm_callback_mode_get_mode_id (mobile), ==, 3);
  g_assert_cmpstr (lcm_callback_mode_get_value (mobile), ==, "6591462347");
  g_assert_cmpint (lcm_callback_mode_get_min_length (mobile), ==, 10);

  email = g_list_model_get_item (list, 2);
  g_assert_cmpint (lcm_callback_mode_get_mode_id (email), ==, 4);
  g_assert_cmpint (lcm_callback_mode_get_min_length (email), ==, 0);
  g_assert_cmpint (lcm_callback_mode_get_max_length (email), ==, 0);

  assert_all_readable (home);
  g_assert_cmpint (get_int64 (home, "mode-id"), ==, lcm_callback_mode_get_mode_id (home));
  g_assert_cmpint (get_int64 (home, "channel-type"), ==,
                   lcm_callback_mode_get_channel_type (home));
  g_assert_cmpint (get_int64 (home, "min-length"), ==, lcm_callback_mode_get_min_length (home));
  g_assert_cmpint (get_int64 (home, "max-length"), ==, lcm_callback_mode_get_max_length (home));
  assert_string_property (home, "description", lcm_callback_mode_get_description (home));
  assert_string_property (home, "value", lcm_callback_mode_get_value (home));
}

static void
test_callback_mode_new (void)
{
  g_autoptr(LcmCallbackMode) mode = lcm_callback_mode_new (2, "Office", 2, "6512345678", 8, 12);

  g_assert_cmpint (lcm_callback_mode_get_mode_id (mode), ==, 2);
  g_assert_cmpstr (lcm_callback_mode_get_description (mode), ==, "Office");
  g_assert_cmpint (lcm_callback_mode_get_channel_type (mode), ==, 2);
  g_assert_cmpstr (lcm_callback_mode_get_value (mode), ==, "6512345678");
  g_assert_cmpint (lcm_callback_mode_get_min_length (mode), ==, 8);
  g_assert_cmpint (lcm_callback_mode_get_max_length (mode), ==, 12);
  g_assert_cmpint (get_int64 (mode, "max-length"), ==, 12);
}

static void
test_callback_mode_refused (void)
{
  assert_row_refused (LCM_OPERATION_CALLBACK_MODES, "{\"Description\": \"Home\"}",
                      LCM_PROTOCOL_ERROR_MISSING_FIELD, "ModeID");
  assert_row_refused (LCM_OPERATION_CALLBACK_MODES, "{\"ModeID\": {}}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "ModeID");
  assert_row_refused (LCM_OPERATION_CALLBACK_MODES, "{\"ModeID\": 1, \"MaxLength\": \"long\"}",
                      LCM_PROTOCOL_ERROR_INVALID_VALUE, "MaxLength");
  assert_row_refused (LCM_OPERATION_CALLBACK_MODES, "{\"ModeID\": 1, \"Cvalue\": [\"1\"]}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "Cvalue");
  assert_row_refused (LCM_OPERATION_CALLBACK_MODES, "{\"ModeID\": 1, \"ChannelType\": {}}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "ChannelType");
}

/* ------------------------------------------------------------------------------------------
 * Personal callbacks
 */

static const char PERSONAL_CALLBACK[] =
  "{\"RowNumber\": \"1\", \"CampaignID\": \"3\", \"ContactID\": 1711, \"ModeID\": \"3\","
  " \"ModeDescription\": \"Mobile\", \"CValue\": \"6591462346\","
  " \"CallStartDate\": \"13/01/2021\", \"CallEndDate\": \"14/01/2021\","
  " \"CallStartTime\": \"13:45\", \"CallEndTime\": \"09:05\", \"Unknown\": [1]}";

static void
test_personal_callback_decode (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (5 * 3600 + 1800);
  g_autoptr(LcmPersonalCallback) callback = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) expected_start = g_date_time_new (zone, 2021, 1, 13, 13, 45, 0);
  g_autoptr(GDateTime) expected_end = g_date_time_new (zone, 2021, 1, 14, 9, 5, 0);
  g_autofree char *mode_description = NULL;

  callback = decode_one (LCM_OPERATION_PERSONAL_CALLBACKS, PERSONAL_CALLBACK, zone);
  g_assert_cmpint (lcm_personal_callback_get_row_number (callback), ==, 1);
  g_assert_cmpint (lcm_personal_callback_get_campaign_id (callback), ==, 3);
  g_assert_cmpint (lcm_personal_callback_get_contact_id (callback), ==, 1711);
  g_assert_cmpint (lcm_personal_callback_get_mode_id (callback), ==, 3);
  g_assert_cmpstr (lcm_personal_callback_get_mode_description (callback), ==, "Mobile");
  g_assert_cmpstr (lcm_personal_callback_get_value (callback), ==, "6591462346");

  /* Wall-clock times of the given zone. */
  g_assert_true (g_date_time_equal (lcm_personal_callback_get_start (callback),
                                    expected_start));
  g_assert_true (g_date_time_equal (lcm_personal_callback_get_end (callback), expected_end));
  g_assert_cmpint (g_date_time_get_utc_offset (lcm_personal_callback_get_start (callback)),
                   ==, (GTimeSpan) (5 * 3600 + 1800) * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_get_hour (lcm_personal_callback_get_start (callback)), ==, 13);

  assert_all_readable (callback);
  g_assert_cmpint (get_int64 (callback, "row-number"), ==,
                   lcm_personal_callback_get_row_number (callback));
  g_assert_cmpint (get_int64 (callback, "campaign-id"), ==,
                   lcm_personal_callback_get_campaign_id (callback));
  g_assert_cmpint (get_int64 (callback, "contact-id"), ==,
                   lcm_personal_callback_get_contact_id (callback));
  g_assert_cmpint (get_int64 (callback, "mode-id"), ==,
                   lcm_personal_callback_get_mode_id (callback));
  assert_string_property (callback, "value", lcm_personal_callback_get_value (callback));
  g_object_get (callback, "start", &start, "end", &end,
                "mode-description", &mode_description, NULL);
  g_assert_true (start == lcm_personal_callback_get_start (callback));
  g_assert_true (end == lcm_personal_callback_get_end (callback));
  g_assert_cmpstr (mode_description, ==, "Mobile");
}

static void
test_personal_callback_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = g_strdup_printf ("[%s, %s]", PERSONAL_CALLBACK, PERSONAL_CALLBACK);
  g_autoptr(GListModel) list = decode_rows (LCM_OPERATION_PERSONAL_CALLBACKS, rows, NULL,
                                            &error);
  g_autoptr(LcmPersonalCallback) callback = NULL;

  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == LCM_TYPE_PERSONAL_CALLBACK);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  /* Local time when no zone is given. */
  callback = g_list_model_get_item (list, 1);
  g_assert_cmpint (g_date_time_get_hour (lcm_personal_callback_get_start (callback)), ==, 13);
  g_assert_cmpint (g_date_time_get_minute (lcm_personal_callback_get_start (callback)), ==, 45);
  g_assert_cmpint (g_date_time_get_day_of_month (lcm_personal_callback_get_end (callback)),
                   ==, 14);
}

static void
test_personal_callback_refused (void)
{
  static const struct {
    const char *json;
    int code;
    const char *field;
  } cases[] = {
    { "{\"CallEndDate\": \"13/01/2021\", \"CallStartTime\": \"13:45\","
      " \"CallEndTime\": \"13:45\"}", LCM_PROTOCOL_ERROR_MISSING_FIELD, "CallStartDate" },
    { "{\"CallStartDate\": \"13/01/2021\", \"CallStartTime\": \"13:45\","
      " \"CallEndTime\": \"13:45\"}", LCM_PROTOCOL_ERROR_MISSING_FIELD, "CallEndDate" },
    { "{\"CallStartDate\": \"13/01/2021\", \"CallEndDate\": \"13/01/2021\","
      " \"CallEndTime\": \"13:45\"}", LCM_PROTOCOL_ERROR_MISSING_FIELD, "CallStartTime" },
    { "{\"CallStartDate\": \"13/01/2021\", \"CallEndDate\": \"13/01/2021\","
      " \"CallStartTime\": \"13:45\", \"CallEndTime\": null}",
      LCM_PROTOCOL_ERROR_MISSING_FIELD, "CallEndTime" },
    { "{\"CallStartDate\": \"31/02/2021\", \"CallEndDate\": \"13/01/2021\","
      " \"CallStartTime\": \"13:45\", \"CallEndTime\": \"13:45\"}",
      LCM_PROTOCOL_ERROR_INVALID_VALUE, "CallStartDate" },
    { "{\"CallStartDate\": \"2021-01-13\", \"CallEndDate\": \"13/01/2021\","
      " \"CallStartTime\": \"13:45\", \"CallEndTime\": \"13:45\"}",
      LCM_PROTOCOL_ERROR_INVALID_VALUE, "CallStartDate" },
    { "{\"CallStartDate\": \"13/01/2021\", \"CallEndDate\": \"13/01/2021\","
      " \"CallStartTime\": \"13:45\", \"CallEndTime\": \"25:00\"}",
      LCM_PROTOCOL_ERROR_INVALID_VALUE, "CallEndTime" },
    { "{\"CallStartDate\": \"13/01/2021\", \"CallEndDate\": \"13/01/2021\","
      " \"CallStartTime\": [13, 45], \"CallEndTime\": \"13:45\"}",
      LCM_PROTOCOL_ERROR_WRONG_KIND, "CallStartTime" },
    { "{\"ModeID\": {}, \"CallStartDate\": \"13/01/2021\", \"CallEndDate\": \"13/01/2021\","
      " \"CallStartTime\": \"13:45\", \"CallEndTime\": \"13:45\"}",
      LCM_PROTOCOL_ERROR_WRONG_KIND, "ModeID" },
    { "{\"ContactID\": \"C-12\", \"CallStartDate\": \"13/01/2021\","
      " \"CallEndDate\": \"13/01/2021\", \"CallStartTime\": \"13:45\","
      " \"CallEndTime\": \"13:45\"}",
      LCM_PROTOCOL_ERROR_INVALID_VALUE, "ContactID" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_row_refused (LCM_OPERATION_PERSONAL_CALLBACKS, cases[i].json, cases[i].code,
                        cases[i].field);
}

/* ------------------------------------------------------------------------------------------
 * Journey
 */

static void
test_journey_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(JsonNode) response = sample_response (JOURNEY_RESPONSE);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(LcmJourneyEntry) entry = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new (zone, 2020, 5, 12, 9, 22, 23);

  list = lcm_response_decode_list (LCM_OPERATION_JOURNEY, response, zone, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == LCM_TYPE_JOURNEY_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);

  entry = g_list_model_get_item (list, 0);
  g_assert_cmpstr (lcm_journey_entry_get_contact_id (entry), ==, "2");
  g_assert_cmpstr (lcm_journey_entry_get_campaign_name (entry), ==,
                   "SamplePreviewCampaign-ACQ");
  g_assert_cmpint (lcm_journey_entry_get_mode_id (entry), ==, 3);
  g_assert_cmpstr (lcm_journey_entry_get_mode (entry), ==, "Mobile");
  g_assert_cmpint (lcm_journey_entry_get_outcome_id (entry), ==, 0);
  g_assert_cmpstr (lcm_journey_entry_get_outcome (entry), ==, "Success");
  g_assert_cmpstr (lcm_journey_entry_get_agent_name (entry), ==, "AECAgent");
  g_assert_cmpstr (lcm_journey_entry_get_agent_comment (entry), ==, "");
  g_assert_cmpstr (lcm_journey_entry_get_completed_time_text (entry), ==,
                   "5/12/2020 9:22:23 AM");
  g_assert_nonnull (lcm_journey_entry_get_completed (entry));
  g_assert_true (g_date_time_equal (lcm_journey_entry_get_completed (entry), expected));
  g_assert_cmpint (lcm_journey_entry_get_completed_unix (entry), ==,
                   g_date_time_to_unix (expected));
  g_assert_cmpstr (lcm_journey_entry_get_completed_date (entry), ==, "12");
  g_assert_cmpstr (lcm_journey_entry_get_completed_month (entry), ==, "May");
  g_assert_cmpstr (lcm_journey_entry_get_completed_year (entry), ==, "2020");
  g_assert_cmpstr (lcm_journey_entry_get_completed_time_format (entry), ==, "09:22 AM");
  g_assert_cmpint (lcm_journey_entry_get_channel (entry), ==, 2);
  g_assert_cmpfloat (lcm_journey_entry_get_target_value (entry), ==, 0.0);
  g_assert_cmpstr (lcm_journey_entry_get_contact_value (entry), ==, "6591462346");
  g_assert_cmpint (lcm_journey_entry_get_previous_lead_score (entry), ==, 0);
  g_assert_cmpint (lcm_journey_entry_get_current_lead_score (entry), ==, 0);
  g_assert_cmpstr (lcm_journey_entry_get_call_type (entry), ==, "Outbound");
}

static void
test_journey_properties (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(LcmJourneyEntry) entry = NULL;
  static const struct {
    const char *property;
    const char *(*getter) (LcmJourneyEntry *);
  } strings[] = {
    { "contact-id", lcm_journey_entry_get_contact_id },
    { "campaign-name", lcm_journey_entry_get_campaign_name },
    { "mode", lcm_journey_entry_get_mode },
    { "outcome", lcm_journey_entry_get_outcome },
    { "agent-name", lcm_journey_entry_get_agent_name },
    { "agent-comment", lcm_journey_entry_get_agent_comment },
    { "completed-time-text", lcm_journey_entry_get_completed_time_text },
    { "completed-date", lcm_journey_entry_get_completed_date },
    { "completed-month", lcm_journey_entry_get_completed_month },
    { "completed-year", lcm_journey_entry_get_completed_year },
    { "completed-time-format", lcm_journey_entry_get_completed_time_format },
    { "contact-value", lcm_journey_entry_get_contact_value },
    { "call-type", lcm_journey_entry_get_call_type },
  };
  static const struct {
    const char *property;
    gint64 (*getter) (LcmJourneyEntry *);
  } ints[] = {
    { "mode-id", lcm_journey_entry_get_mode_id },
    { "outcome-id", lcm_journey_entry_get_outcome_id },
    { "channel", lcm_journey_entry_get_channel },
    { "previous-lead-score", lcm_journey_entry_get_previous_lead_score },
    { "current-lead-score", lcm_journey_entry_get_current_lead_score },
    { "completed-unix", lcm_journey_entry_get_completed_unix },
  };
  g_autoptr(GDateTime) completed = NULL;
  double target = 0;

  entry = decode_one (LCM_OPERATION_JOURNEY,
                      "{\"ContactID\": \"7\", \"CampaignName\": \"tmasi\", \"ModeID\": \"2\","
                      " \"Mode\": \"Office\", \"OutcomeID\": \"11\", \"Outcome\": \"Wrong\","
                      " \"AgentName\": \"a1\", \"AgentComment\": \"called back\","
                      " \"CallCompletedTime\": \"12/31/2021 12:05:09 PM\","
                      " \"CallCompletedDate\": 31, \"CallCompletedMonth\": \"December\","
                      " \"CallCompletedYear\": 2021, \"ChannelType\": \"1\","
                      " \"TargetValue\": 1250.5, \"ContactValue\": 909003299700,"
                      " \"CallCompletedTimeFormat\": \"12:05 PM\","
                      " \"PreviousLeadScore\": 10, \"CurrentLeadScore\": \"20\","
                      " \"CallType\": \"Inbound\"}", zone);

  assert_all_readable (entry);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      assert_string_property (entry, strings[i].property, strings[i].getter (entry));
      g_assert_nonnull (strings[i].getter (entry));
    }
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    g_assert_cmpint (get_int64 (entry, ints[i].property), ==, ints[i].getter (entry));

  g_object_get (entry, "completed", &completed, "target-value", &target, NULL);
  g_assert_true (completed == lcm_journey_entry_get_completed (entry));
  g_assert_cmpfloat (target, ==, lcm_journey_entry_get_target_value (entry));

  /* The values, as read. */
  g_assert_cmpint (lcm_journey_entry_get_outcome_id (entry), ==, 11);
  g_assert_cmpint (lcm_journey_entry_get_mode_id (entry), ==, 2);
  g_assert_cmpint (lcm_journey_entry_get_channel (entry), ==, 1);
  g_assert_cmpint (lcm_journey_entry_get_current_lead_score (entry), ==, 20);
  g_assert_cmpfloat (lcm_journey_entry_get_target_value (entry), ==, 1250.5);
  g_assert_cmpstr (lcm_journey_entry_get_contact_value (entry), ==, "909003299700");
  g_assert_cmpstr (lcm_journey_entry_get_completed_date (entry), ==, "31");
  g_assert_cmpint (g_date_time_get_hour (completed), ==, 12);
  g_assert_cmpint (g_date_time_get_day_of_month (completed), ==, 31);
  g_assert_cmpint (lcm_journey_entry_get_completed_unix (entry), ==, 1640952309);
}

static void
test_journey_quirks (void)
{
  g_autoptr(LcmJourneyEntry) minimal = NULL;
  g_autoptr(LcmJourneyEntry) text_target = NULL;
  g_autoptr(LcmJourneyEntry) bad_time = NULL;
  g_autoptr(LcmJourneyEntry) midnight = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  /* ContactID as a number; nothing else. */
  minimal = decode_one (LCM_OPERATION_JOURNEY, "{\"ContactID\": 2}", utc);
  g_assert_cmpstr (lcm_journey_entry_get_contact_id (minimal), ==, "2");
  g_assert_null (lcm_journey_entry_get_completed (minimal));
  g_assert_cmpint (lcm_journey_entry_get_completed_unix (minimal), ==, 0);
  g_assert_cmpint (lcm_journey_entry_get_outcome_id (minimal), ==, -1);
  g_assert_cmpfloat (lcm_journey_entry_get_target_value (minimal), ==, 0.0);
  g_assert_null (lcm_journey_entry_get_campaign_name (minimal));

  text_target = decode_one (LCM_OPERATION_JOURNEY,
                            "{\"contactid\": \"3\", \"TargetValue\": \" 99.25 \","
                            " \"OutComeID\": 5, \"Unknown\": {\"a\": [1, 2]}}", utc);
  g_assert_cmpfloat (lcm_journey_entry_get_target_value (text_target), ==, 99.25);
  g_assert_cmpint (lcm_journey_entry_get_outcome_id (text_target), ==, 5);

  /* A completion time that does not parse is kept as text, and is no error. */
  bad_time = decode_one (LCM_OPERATION_JOURNEY,
                         "{\"ContactID\": \"4\", \"CallCompletedTime\": \"yesterday\"}", utc);
  g_assert_null (lcm_journey_entry_get_completed (bad_time));
  g_assert_cmpint (lcm_journey_entry_get_completed_unix (bad_time), ==, 0);
  g_assert_cmpstr (lcm_journey_entry_get_completed_time_text (bad_time), ==, "yesterday");

  midnight = decode_one (LCM_OPERATION_JOURNEY,
                         "{\"ContactID\": \"5\", \"CallCompletedTime\": \"1/2/2021 12:00:00 AM\"}",
                         utc);
  g_assert_nonnull (lcm_journey_entry_get_completed (midnight));
  g_assert_cmpint (g_date_time_get_hour (lcm_journey_entry_get_completed (midnight)), ==, 0);
  g_assert_cmpint (lcm_journey_entry_get_completed_unix (midnight), ==, 1609545600);
}

static void
test_journey_refused (void)
{
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"CampaignName\": \"x\"}",
                      LCM_PROTOCOL_ERROR_MISSING_FIELD, "ContactID");
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"ContactID\": null}",
                      LCM_PROTOCOL_ERROR_MISSING_FIELD, "ContactID");
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"ContactID\": {\"id\": 2}}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "ContactID");
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"ContactID\": \"2\", \"TargetValue\": {}}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "TargetValue");
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"ContactID\": \"2\", \"TargetValue\": \"lots\"}",
                      LCM_PROTOCOL_ERROR_INVALID_VALUE, "TargetValue");
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"ContactID\": \"2\", \"ModeID\": [3]}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "ModeID");
  assert_row_refused (LCM_OPERATION_JOURNEY,
                      "{\"ContactID\": \"2\", \"CurrentLeadScore\": \"high\"}",
                      LCM_PROTOCOL_ERROR_INVALID_VALUE, "CurrentLeadScore");
  assert_row_refused (LCM_OPERATION_JOURNEY, "{\"ContactID\": \"2\", \"AgentName\": [\"a\"]}",
                      LCM_PROTOCOL_ERROR_WRONG_KIND, "AgentName");
}

static void
test_journey_many_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const guint n = 5000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "%s{\"ContactID\": \"%u\", \"CampaignName\": \"c\","
                            " \"CallCompletedTime\": \"5/12/2020 9:22:23 AM\","
                            " \"TargetValue\": \"%u\", \"ModeID\": %u}",
                            i == 0 ? "" : ",", i, i, i % 4);
  g_string_append (text, "]");

  list = decode_rows (LCM_OPERATION_JOURNEY, text->str, utc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  {
    g_autoptr(LcmJourneyEntry) last = g_list_model_get_item (list, n - 1);
    g_autofree char *expected = g_strdup_printf ("%u", n - 1);

    g_assert_cmpstr (lcm_journey_entry_get_contact_id (last), ==, expected);
    g_assert_cmpfloat (lcm_journey_entry_get_target_value (last), ==, n - 1);
    g_assert_cmpint (lcm_journey_entry_get_completed_unix (last), ==, 1589275343);
  }
}

/* ------------------------------------------------------------------------------------------
 * Lists: what the list decoder refuses
 */

static void
test_list_refused (void)
{
  static const struct {
    LcmOperation operation;
    const char *json;
    int code;
    const char *needle;
  } cases[] = {
    { LCM_OPERATION_BUSINESS_OUTCOMES, "{\"OutComeID\": 1}", LCM_PROTOCOL_ERROR_WRONG_KIND,
      NULL },
    { LCM_OPERATION_TELEPHONY_OUTCOMES, "\"none\"", LCM_PROTOCOL_ERROR_WRONG_KIND, NULL },
    { LCM_OPERATION_JOURNEY, "null", LCM_PROTOCOL_ERROR_WRONG_KIND, NULL },
    { LCM_OPERATION_CALLBACK_MODES, "[{\"ModeID\": 1}, 2]", LCM_PROTOCOL_ERROR_WRONG_KIND, "1" },
    { LCM_OPERATION_JOURNEY, "[{\"ContactID\": 1}, {\"ContactID\": 2}, [3]]",
      LCM_PROTOCOL_ERROR_WRONG_KIND, "2" },
    { LCM_OPERATION_TELEPHONY_OUTCOMES,
      "[{\"OutComeID\": 1}, {\"OutComeID\": 2}, {\"OutComeID\": 3}, {\"Description\": \"x\"}]",
      LCM_PROTOCOL_ERROR_MISSING_FIELD, "3" },
    { LCM_OPERATION_BUSINESS_OUTCOMES, "[{\"OutComeID\": {}}]",
      LCM_PROTOCOL_ERROR_WRONG_KIND, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) list = decode_rows (cases[i].operation, cases[i].json, NULL,
                                                &error);

      g_assert_null (list);
      g_assert_error (error, LCM_PROTOCOL_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
      if (cases[i].needle != NULL && strstr (error->message, cases[i].needle) == NULL)
        g_error ("The message “%s” does not name row %s", error->message, cases[i].needle);
    }

  /* No response at all. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) list = lcm_response_decode_list (LCM_OPERATION_JOURNEY, NULL, NULL,
                                                           &error);
    g_assert_null (list);
    g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
  }

  /* An empty list is a list. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) list = decode_rows (LCM_OPERATION_JOURNEY, "[]", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
    g_assert_true (g_list_model_get_item_type (list) == LCM_TYPE_JOURNEY_ENTRY);
  }
}

/* Issue 12, item 8: how many rows each read may have, checked before any row is decoded. */
static void
test_list_too_many_rows (void)
{
  for (LcmOperation operation = 0; operation < LCM_N_OPERATIONS; operation++)
    {
      g_autoptr(JsonArray) rows = json_array_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *limit = NULL;
      guint max;

      if (lcm_operation_is_write (operation))
        continue;

      max = lcm_response_get_max_rows (operation);
      g_assert_cmpuint (max, ==, operation == LCM_OPERATION_JOURNEY ? LCM_MAX_JOURNEY_ROWS
                                                                    : LCM_MAX_LIST_ROWS);
      /* At the bound, the rows are decoded: the first, empty, lacks its mandatory field. */
      for (guint i = 0; i < max; i++)
        json_array_add_object_element (rows, json_object_new ());
      node = json_node_init_array (json_node_alloc (), rows);
      list = lcm_response_decode_list (operation, node, NULL, &error);
      g_assert_null (list);
      g_assert_nonnull (error);
      g_assert_false (g_error_matches (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE));
      g_clear_error (&error);

      /* One more, and none is. */
      json_array_add_object_element (rows, json_object_new ());
      list = lcm_response_decode_list (operation, node, NULL, &error);
      g_assert_null (list);
      g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE);
      limit = g_strdup_printf ("%u", max);
      g_assert_nonnull (strstr (error->message, limit));
    }
}

/* ------------------------------------------------------------------------------------------
 * Disposition
 */

static void
test_disposition_defaults (void)
{
  g_autoptr(LcmDisposition) d = lcm_disposition_new ();

  g_assert_null (lcm_disposition_get_call_id (d));
  g_assert_null (lcm_disposition_get_account_number (d));
  g_assert_null (lcm_disposition_get_user_id (d));
  g_assert_null (lcm_disposition_get_comments (d));
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (d), ==, LCM_NONE);
  g_assert_cmpint (lcm_disposition_get_business_outcome (d), ==, LCM_NONE);
  g_assert_cmpint (lcm_disposition_get_callback_mode (d), ==, LCM_NONE);
  g_assert_cmpint (lcm_disposition_get_lead_score (d), ==, 0);
  g_assert_cmpfloat (lcm_disposition_get_target_amount (d), ==, 0.0);
  g_assert_null (lcm_disposition_get_callback_start (d));
  g_assert_null (lcm_disposition_get_callback_end (d));
  g_assert_false (lcm_disposition_has_callback (d));
  g_assert_cmpint (lcm_disposition_get_operation (d), ==, LCM_OPERATION_SET_TELEPHONY_OUTCOME);

  assert_all_readable (d);
  g_assert_cmpint (get_int64 (d, "telephony-outcome"), ==, LCM_NONE);
  g_assert_cmpint (get_int64 (d, "business-outcome"), ==, LCM_NONE);
  g_assert_cmpint (get_int64 (d, "callback-mode"), ==, LCM_NONE);
}

/* Sets property to value twice: the first time notifies it exactly once, the second not at
 * all; the property reads back as the value. */
static void
assert_set_notifies (GObject      *object,
                     NotifyLog    *log,
                     const char   *property,
                     const GValue *value)
{
  g_auto(GValue) back = G_VALUE_INIT;

  notify_log_reset (log);
  g_object_set_property (object, property, value);
  g_assert_cmpuint (notify_count (log, property), ==, 1);

  g_value_init (&back, G_VALUE_TYPE (value));
  g_object_get_property (object, property, &back);
  if (G_VALUE_HOLDS_STRING (value))
    g_assert_cmpstr (g_value_get_string (&back), ==, g_value_get_string (value));
  else if (G_VALUE_HOLDS_INT64 (value))
    g_assert_cmpint (g_value_get_int64 (&back), ==, g_value_get_int64 (value));
  else if (G_VALUE_HOLDS_UINT (value))
    g_assert_cmpuint (g_value_get_uint (&back), ==, g_value_get_uint (value));
  else if (G_VALUE_HOLDS_DOUBLE (value))
    g_assert_cmpfloat (g_value_get_double (&back), ==, g_value_get_double (value));
  else if (G_VALUE_HOLDS_ENUM (value))
    g_assert_cmpint (g_value_get_enum (&back), ==, g_value_get_enum (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_DATE_TIME))
    g_assert_true (g_value_get_boxed (&back) == g_value_get_boxed (value)
                   || g_date_time_equal (g_value_get_boxed (&back), g_value_get_boxed (value)));
  else
    g_assert_not_reached ();

  notify_log_reset (log);
  g_object_set_property (object, property, value);
  g_assert_cmpuint (notify_total (log), ==, 0);
}

static void
test_disposition_properties (void)
{
  g_autoptr(LcmDisposition) d = lcm_disposition_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GDateTime) start = g_date_time_new (zone, 2030, 1, 13, 13, 45, 0);
  g_autoptr(GDateTime) end = g_date_time_new (zone, 2030, 1, 13, 14, 15, 0);
  g_auto(GValue) value = G_VALUE_INIT;
  NotifyLog log;

  notify_log_init (&log, d);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "12345");
  assert_set_notifies (G_OBJECT (d), &log, "call-id", &value);
  g_assert_cmpstr (lcm_disposition_get_call_id (d), ==, "12345");
  g_value_set_string (&value, "5|3|1|0|0|44|1");
  assert_set_notifies (G_OBJECT (d), &log, "account-number", &value);
  g_assert_cmpstr (lcm_disposition_get_account_number (d), ==, "5|3|1|0|0|44|1");
  g_value_set_string (&value, "testagent");
  assert_set_notifies (G_OBJECT (d), &log, "user-id", &value);
  g_assert_cmpstr (lcm_disposition_get_user_id (d), ==, "testagent");
  g_value_set_string (&value, "Test comment");
  assert_set_notifies (G_OBJECT (d), &log, "comments", &value);
  g_assert_cmpstr (lcm_disposition_get_comments (d), ==, "Test comment");
  g_value_set_string (&value, NULL);
  assert_set_notifies (G_OBJECT (d), &log, "comments", &value);
  g_assert_null (lcm_disposition_get_comments (d));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, 4);
  assert_set_notifies (G_OBJECT (d), &log, "telephony-outcome", &value);
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (d), ==, 4);
  g_value_set_int64 (&value, 40);
  assert_set_notifies (G_OBJECT (d), &log, "lead-score", &value);
  g_assert_cmpint (lcm_disposition_get_lead_score (d), ==, 40);
  g_value_set_int64 (&value, 2);
  assert_set_notifies (G_OBJECT (d), &log, "callback-mode", &value);
  g_assert_cmpint (lcm_disposition_get_callback_mode (d), ==, 2);

  /* A business outcome changes the operation too. */
  notify_log_reset (&log);
  lcm_disposition_set_business_outcome (d, 101);
  g_assert_cmpuint (notify_count (&log, "business-outcome"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "operation"), ==, 1);
  g_assert_cmpuint (notify_total (&log), ==, 2);
  g_assert_cmpint (get_int64 (d, "business-outcome"), ==, 101);
  g_assert_cmpint (lcm_disposition_get_operation (d), ==, LCM_OPERATION_SET_OUTCOMES);
  g_value_set_int64 (&value, 102);
  assert_set_notifies (G_OBJECT (d), &log, "business-outcome", &value);
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, 1250.5);
  assert_set_notifies (G_OBJECT (d), &log, "target-amount", &value);
  g_assert_cmpfloat (lcm_disposition_get_target_amount (d), ==, 1250.5);
  g_value_unset (&value);

  /* The window, one end at a time through properties. */
  g_value_init (&value, G_TYPE_DATE_TIME);
  g_value_set_boxed (&value, start);
  notify_log_reset (&log);
  g_object_set_property (G_OBJECT (d), "callback-start", &value);
  g_assert_cmpuint (notify_count (&log, "callback-start"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "has-callback"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "operation"), ==, 1);
  g_assert_true (lcm_disposition_has_callback (d));
  g_value_set_boxed (&value, end);
  assert_set_notifies (G_OBJECT (d), &log, "callback-end", &value);
  g_assert_true (lcm_disposition_get_callback_end (d) == end);
  g_value_unset (&value);

  /* The same window again, even as other GDateTimes of the same instant and zone: nothing. */
  {
    g_autoptr(GDateTime) start_copy = g_date_time_new (zone, 2030, 1, 13, 13, 45, 0);
    g_autoptr(GDateTime) end_copy = g_date_time_new (zone, 2030, 1, 13, 14, 15, 0);
    g_autoptr(GTimeZone) other = g_time_zone_new_offset (3600);
    g_autoptr(GDateTime) moved = g_date_time_to_timezone (end, other);

    notify_log_reset (&log);
    lcm_disposition_set_callback_window (d, start_copy, end_copy);
    g_assert_cmpuint (notify_total (&log), ==, 0);

    /* The same instant in another zone is a change: it is sent as that zone's wall clock. */
    lcm_disposition_set_callback_window (d, start, moved);
    g_assert_cmpuint (notify_count (&log, "callback-end"), ==, 1);
    g_assert_cmpuint (notify_total (&log), ==, 1);
  }

  /* Clearing the window: both ends, has-callback and the operation, once each. */
  notify_log_reset (&log);
  lcm_disposition_set_callback_window (d, NULL, NULL);
  g_assert_cmpuint (notify_count (&log, "callback-start"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "callback-end"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "has-callback"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "operation"), ==, 1);
  g_assert_cmpuint (notify_total (&log), ==, 4);
  g_assert_false (lcm_disposition_has_callback (d));

  /* Plain setters notify once per change too. */
  notify_log_reset (&log);
  lcm_disposition_set_call_id (d, "12345");
  lcm_disposition_set_lead_score (d, 40);
  lcm_disposition_set_target_amount (d, 1250.5);
  lcm_disposition_set_callback_mode (d, 2);
  lcm_disposition_set_telephony_outcome (d, 4);
  g_assert_cmpuint (notify_total (&log), ==, 0);
  lcm_disposition_set_call_id (d, "12346");
  lcm_disposition_set_lead_score (d, 41);
  lcm_disposition_set_target_amount (d, 0);
  lcm_disposition_set_callback_mode (d, 3);
  lcm_disposition_set_telephony_outcome (d, 5);
  g_assert_cmpuint (notify_total (&log), ==, 5);

  notify_log_clear (&log, d);
}

static void
test_disposition_operation (void)
{
  g_autoptr(LcmDisposition) d = lcm_disposition_new ();
  g_autoptr(GDateTime) start = g_date_time_new_local (2030, 1, 13, 13, 45, 0);
  g_autoptr(GDateTime) end = g_date_time_new_local (2030, 1, 13, 14, 45, 0);
  LcmOperation operation = LCM_OPERATION_BUSINESS_OUTCOMES;

  lcm_disposition_set_telephony_outcome (d, 8);
  g_assert_cmpint (lcm_disposition_get_operation (d), ==, LCM_OPERATION_SET_TELEPHONY_OUTCOME);

  lcm_disposition_set_business_outcome (d, 101);
  g_assert_cmpint (lcm_disposition_get_operation (d), ==, LCM_OPERATION_SET_OUTCOMES);
  g_object_get (d, "operation", &operation, NULL);
  g_assert_cmpint (operation, ==, LCM_OPERATION_SET_OUTCOMES);

  lcm_disposition_set_callback_window (d, start, end);
  g_assert_true (lcm_disposition_has_callback (d));
  g_assert_true (lcm_disposition_get_callback_start (d) == start);
  g_assert_true (lcm_disposition_get_callback_end (d) == end);
  g_assert_cmpint (lcm_disposition_get_operation (d), ==,
                   LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK);

  /* A half window still asks for a callback, so that it is refused, not dropped. */
  lcm_disposition_set_callback_window (d, start, NULL);
  g_assert_true (lcm_disposition_has_callback (d));
  g_assert_cmpint (lcm_disposition_get_operation (d), ==,
                   LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK);

  lcm_disposition_set_callback_window (d, NULL, NULL);
  lcm_disposition_set_business_outcome (d, LCM_NONE);
  g_assert_cmpint (lcm_disposition_get_operation (d), ==, LCM_OPERATION_SET_TELEPHONY_OUTCOME);
}

/* ------------------------------------------------------------------------------------------
 * Journey query
 */

static void
test_journey_query_properties (void)
{
  g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
  g_auto(GValue) value = G_VALUE_INIT;
  LcmChannel channel = LCM_CHANNEL_SMS;
  guint months = 0;
  NotifyLog log;

  /* Defaults. */
  g_assert_null (lcm_journey_query_get_call_id (query));
  g_assert_null (lcm_journey_query_get_account_number (query));
  g_assert_null (lcm_journey_query_get_contact_number (query));
  g_assert_null (lcm_journey_query_get_campaign_name (query));
  g_assert_cmpint (lcm_journey_query_get_channel (query), ==, LCM_CHANNEL_ALL);
  g_assert_cmpuint (lcm_journey_query_get_months (query), ==, 3);
  assert_all_readable (query);
  g_object_get (query, "channel", &channel, "months", &months, NULL);
  g_assert_cmpint (channel, ==, LCM_CHANNEL_ALL);
  g_assert_cmpuint (months, ==, 3);

  notify_log_init (&log, query);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "12345");
  assert_set_notifies (G_OBJECT (query), &log, "call-id", &value);
  g_assert_cmpstr (lcm_journey_query_get_call_id (query), ==, "12345");
  g_value_set_string (&value, "9|3|1711|0|0|84|-1");
  assert_set_notifies (G_OBJECT (query), &log, "account-number", &value);
  g_assert_cmpstr (lcm_journey_query_get_account_number (query), ==, "9|3|1711|0|0|84|-1");
  g_value_set_string (&value, "909003299700");
  assert_set_notifies (G_OBJECT (query), &log, "contact-number", &value);
  g_assert_cmpstr (lcm_journey_query_get_contact_number (query), ==, "909003299700");
  g_value_set_string (&value, "tmasi");
  assert_set_notifies (G_OBJECT (query), &log, "campaign-name", &value);
  g_assert_cmpstr (lcm_journey_query_get_campaign_name (query), ==, "tmasi");
  g_value_unset (&value);

  g_value_init (&value, LCM_TYPE_CHANNEL);
  g_value_set_enum (&value, LCM_CHANNEL_VOICE);
  assert_set_notifies (G_OBJECT (query), &log, "channel", &value);
  g_assert_cmpint (lcm_journey_query_get_channel (query), ==, LCM_CHANNEL_VOICE);
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, 12);
  assert_set_notifies (G_OBJECT (query), &log, "months", &value);
  g_assert_cmpuint (lcm_journey_query_get_months (query), ==, 12);
  g_value_unset (&value);

  /* Setters: once per change. */
  notify_log_reset (&log);
  lcm_journey_query_set_months (query, 12);
  lcm_journey_query_set_channel (query, LCM_CHANNEL_VOICE);
  lcm_journey_query_set_campaign_name (query, "tmasi");
  g_assert_cmpuint (notify_total (&log), ==, 0);
  lcm_journey_query_set_months (query, 6);
  lcm_journey_query_set_channel (query, LCM_CHANNEL_EMAIL);
  lcm_journey_query_set_campaign_name (query, NULL);
  g_assert_cmpuint (notify_count (&log, "months"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "channel"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "campaign-name"), ==, 1);
  g_assert_cmpuint (notify_total (&log), ==, 3);

  notify_log_clear (&log, query);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/models/business-outcome/sample", test_business_outcome_sample);
  g_test_add_func ("/lcm/models/business-outcome/quirks", test_business_outcome_quirks);
  g_test_add_func ("/lcm/models/business-outcome/refused", test_business_outcome_refused);
  g_test_add_func ("/lcm/models/business-outcome/properties",
                   test_business_outcome_properties);
  g_test_add_func ("/lcm/models/tree/sample-orphans", test_tree_sample_orphans);
  g_test_add_func ("/lcm/models/tree/three-levels", test_tree_three_levels);
  g_test_add_func ("/lcm/models/tree/cycles", test_tree_cycles);
  g_test_add_func ("/lcm/models/tree/duplicates", test_tree_duplicates);
  g_test_add_func ("/lcm/models/tree/rebuild", test_tree_rebuild);
  g_test_add_func ("/lcm/models/tree/free", test_tree_free);
  g_test_add_func ("/lcm/models/telephony-outcome/sample", test_telephony_outcome_sample);
  g_test_add_func ("/lcm/models/telephony-outcome/quirks", test_telephony_outcome_quirks);
  g_test_add_func ("/lcm/models/callback-mode/decode", test_callback_mode_decode);
  g_test_add_func ("/lcm/models/callback-mode/new", test_callback_mode_new);
  g_test_add_func ("/lcm/models/callback-mode/refused", test_callback_mode_refused);
  g_test_add_func ("/lcm/models/personal-callback/decode", test_personal_callback_decode);
  g_test_add_func ("/lcm/models/personal-callback/list", test_personal_callback_list);
  g_test_add_func ("/lcm/models/personal-callback/refused", test_personal_callback_refused);
  g_test_add_func ("/lcm/models/journey/sample", test_journey_sample);
  g_test_add_func ("/lcm/models/journey/properties", test_journey_properties);
  g_test_add_func ("/lcm/models/journey/quirks", test_journey_quirks);
  g_test_add_func ("/lcm/models/journey/refused", test_journey_refused);
  g_test_add_func ("/lcm/models/journey/many-rows", test_journey_many_rows);
  g_test_add_func ("/lcm/models/list/refused", test_list_refused);
  g_test_add_func ("/lcm/models/list/too-many-rows", test_list_too_many_rows);
  g_test_add_func ("/lcm/models/disposition/defaults", test_disposition_defaults);
  g_test_add_func ("/lcm/models/disposition/properties", test_disposition_properties);
  g_test_add_func ("/lcm/models/disposition/operation", test_disposition_operation);
  g_test_add_func ("/lcm/models/journey-query/properties", test_journey_query_properties);

  return g_test_run ();
}
