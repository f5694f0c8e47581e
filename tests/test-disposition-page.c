/* test-disposition-page.c: the wrap-up form against a real lcm-sim
 *
 * Each test has its own simulator and database, so what reached it can be counted exactly.
 * The form is driven as the agent drives it: through its search entries, lists, fields and
 * actions; the callback through the real dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-callback-dialog-private.h"
#include "wrapup-disposition-page.h"
#include "wrapup-test-ui.h"

#define MOBILE_MODE 3

/* The demo call's outcome group: its campaign's OUTBOUND outcomes. */
#define DEMO_CAMPAIGN_ONLY "campaign_id = (SELECT campaign_id FROM calls WHERE callid = '12345')"

/* A business outcome's path, from the simulator's own table. */
#define OUTBOUND_PATHS \
  "WITH RECURSIVE path (id, parent, text) AS (" \
  "  SELECT outcome_id, parent_id, description FROM business_outcomes" \
  "  WHERE outcome_group = 'OUTBOUND' AND " DEMO_CAMPAIGN_ONLY " AND parent_id NOT IN" \
  "    (SELECT outcome_id FROM business_outcomes WHERE outcome_group = 'OUTBOUND' AND " DEMO_CAMPAIGN_ONLY ")" \
  "  UNION ALL" \
  "  SELECT b.outcome_id, b.parent_id, path.text || ' › ' || b.description" \
  "  FROM business_outcomes b JOIN path ON b.parent_id = path.id" \
  "  WHERE b.outcome_group = 'OUTBOUND' AND " DEMO_CAMPAIGN_ONLY ") "
#define OUTBOUND_LEAF \
  "id NOT IN (SELECT parent_id FROM business_outcomes WHERE outcome_group = 'OUTBOUND' AND " DEMO_CAMPAIGN_ONLY ")"

typedef struct
{
  TestSim               *sim;
  LcmClient             *client;
  WrapupCall            *call;
  GtkWindow             *window;
  WrapupDispositionPage *page;
} Fixture;

/* helpers */

static GtkWidget *
named (Fixture    *fixture,
       const char *name)
{
  GtkWidget *widget = test_ui_find_field (GTK_WIDGET (fixture->page), name);

  g_assert_nonnull (widget);
  return widget;
}

static GListModel *
list_model (Fixture    *fixture,
            const char *name)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (named (fixture, name))));
}

static const char *
status_text (Fixture *fixture)
{
  return gtk_label_get_text (GTK_LABEL (named (fixture, "status-label")));
}

static gboolean
submit_enabled (Fixture *fixture)
{
  return gtk_widget_is_sensitive (named (fixture, "submit-button"));
}

static const char *
visible_page (GtkWidget *widget)
{
  /* The GtkStack a list (or label) is in, and which of its pages shows. */
  while (widget != NULL && !GTK_IS_STACK (widget))
    widget = gtk_widget_get_parent (widget);
  g_assert_nonnull (widget);
  return gtk_stack_get_visible_child_name (GTK_STACK (widget));
}

static gint64
telephony_id (Fixture    *fixture,
              const char *description)
{
  return test_sim_query_intf (fixture->sim, "SELECT outcome_id FROM telephony_outcomes WHERE description = '%s'",
                  description);
}

/* The id of an OUTBOUND business outcome by its path ("Interested › Sale closed"). */
static gint64
business_id (Fixture    *fixture,
             const char *path)
{
  return test_sim_query_intf (fixture->sim, OUTBOUND_PATHS "SELECT id FROM path WHERE text = '%s' "
                  "ORDER BY id LIMIT 1", path);
}

static gint64
count_writes (Fixture *fixture)
{
  /* The three writes (not SetCallOutComeOffline, which reads the telephony outcomes). */
  return test_sim_query_intf (fixture->sim, "SELECT count(*) FROM wire_log "
                  "WHERE text LIKE '%%SetCallOutcomeWithComments%%' "
                  "OR text LIKE '%%SetBusinessOutcomeWith%%'");
}

static void
set_search (Fixture    *fixture,
            const char *entry,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (named (fixture, entry)), text);
  /* search-changed comes after the entry's short typing delay. */
  test_spin (400);
}

static void
choose_telephony (Fixture    *fixture,
                  const char *description)
{
  test_ui_choose_telephony (GTK_WIDGET (fixture->page), description);
}

/* Clicks the row of the business tree with that id, as the agent does. */
static void
select_business_row (Fixture *fixture,
                     gint64   id)
{
  GListModel *rows = list_model (fixture, "business-tree");
  guint n_items = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(LcmBusinessOutcome) outcome = gtk_tree_list_row_get_item (row);

      if (lcm_business_outcome_get_id (outcome) == id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), i, TRUE);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
set_comments (Fixture    *fixture,
              const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (named (fixture, "comments"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static void
set_spin (Fixture    *fixture,
          const char *name,
          double      value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (named (fixture, name)), value);
}

static gboolean
call_submitted (gpointer user_data)
{
  return wrapup_call_get_submitted (user_data);
}

static gboolean
call_idle (gpointer user_data)
{
  return !wrapup_call_get_submitting (user_data);
}

static void
submit_and_wait (Fixture *fixture)
{
  g_assert_true (submit_enabled (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit",
                                             NULL));
  g_assert_true (test_wait_until (call_submitted, fixture->call, 20000));
  test_spin (100);
}

static WrapupCallbackDialog *
find_callback_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_items = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (WRAPUP_IS_CALLBACK_DIALOG (window))
        return WRAPUP_CALLBACK_DIALOG (window);
    }
  return NULL;
}

/* Opens the dialog with Ctrl+B's action and books that window on the Mobile number. */
static void
book_callback (Fixture   *fixture,
               GDateTime *start,
               GDateTime *end)
{
  WrapupCallbackDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "disposition.book-callback", NULL));
  test_spin (100);
  dialog = find_callback_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  wrapup_callback_dialog_set_window (dialog, start, end);
  wrapup_callback_dialog_select_mode (dialog, MOBILE_MODE);
  g_assert_true (gtk_widget_get_sensitive (wrapup_callback_dialog_get_book_button (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "callback.book", NULL));
  test_spin (100);
  g_assert_null (find_callback_dialog ());
}

/* fixture */

static void
fixture_start (Fixture            *fixture,
               const char * const *sim_args,
               WrapupCall         *call)
{
  fixture->sim = test_sim_start (sim_args);
  fixture->client = test_ui_connect (fixture->sim);
  fixture->call = call;

  /* An AdwWindow: the window's background, and no title bar of its own. */
  fixture->window = GTK_WINDOW (adw_window_new ());
  g_object_ref (fixture->window);
  gtk_window_set_default_size (fixture->window, 960, 720);
  fixture->page = WRAPUP_DISPOSITION_PAGE (wrapup_disposition_page_new ());
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_start (fixture, NULL, NULL);
  fixture->call = test_ui_open_demo_call (fixture->client);
  wrapup_disposition_page_set_call (fixture->page, fixture->call);
  test_ui_show (fixture->window);
}

/* The seeded scores are random, and can be 0 or an outcome's own score by chance: these
 * tests need the contact's current score to differ from both. */
#define KNOWN_CONTACT_SCORE 55

static void
fixture_set_up_known_score (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE journey SET current_lead_score = %d",
                                          KNOWN_CONTACT_SCORE);

  fixture_start (fixture, NULL, NULL);
  test_sim_exec (fixture->sim, sql);
  fixture->call = test_ui_open_demo_call (fixture->client);
  wrapup_disposition_page_set_call (fixture->page, fixture->call);
  test_ui_show (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  test_spin (50);
  g_assert_finalize_object (fixture->window);
  g_assert_null (fixture->page);
  g_assert_null (find_callback_dialog ());
  if (fixture->call != NULL)
    {
      g_assert_true (test_wait_until (call_idle, fixture->call, 20000));
      g_assert_finalize_object (fixture->call);
    }
  lcm_client_stop (fixture->client);
  g_assert_finalize_object (fixture->client);
  test_sim_free (fixture->sim);
}

/* tests */

static void
test_lists (Fixture       *fixture,
            gconstpointer  data)
{
  GListModel *telephony = list_model (fixture, "telephony-list");
  GListModel *rows = list_model (fixture, "business-tree");
  GListModel *roots = wrapup_call_get_business_outcomes (fixture->call);
  guint n_roots = g_list_model_get_n_items (roots);
  guint n_rows;

  /* The 49 telephony outcomes, in the gateway's order. */
  g_assert_cmpuint (g_list_model_get_n_items (telephony), ==, 49);
  g_assert_cmpint (g_list_model_get_n_items (telephony), ==,
                   test_sim_query_intf (fixture->sim, "SELECT count(*) FROM telephony_outcomes"));
  for (guint i = 0; i < 49; i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (telephony, i);

      g_assert_cmpint (lcm_telephony_outcome_get_id (outcome), ==,
                       test_sim_query_intf (fixture->sim, "SELECT outcome_id FROM telephony_outcomes "
                                "WHERE position = %u", i));
    }
  g_assert_cmpstr (visible_page (named (fixture, "telephony-list")), ==, "list");
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "tree");

  /* The tree: its roots, and under each root as many children as the database has. */
  g_assert_cmpuint (n_roots, >, 1);
  g_assert_cmpint (n_roots, ==, test_sim_query_intf (fixture->sim, OUTBOUND_PATHS "SELECT count(*) FROM path "
                                         "WHERE text NOT LIKE '%% › %%'"));
  for (guint i = 0; i < n_roots; i++)
    {
      g_autoptr(LcmBusinessOutcome) root = g_list_model_get_item (roots, i);

      g_assert_cmpint (g_list_model_get_n_items (lcm_business_outcome_get_children (root)), ==,
                       test_sim_query_intf (fixture->sim, "SELECT count(*) FROM business_outcomes "
                                "WHERE outcome_group = 'OUTBOUND' AND " DEMO_CAMPAIGN_ONLY " AND parent_id = %"
                                G_GINT64_FORMAT, lcm_business_outcome_get_id (root)));
    }
  /* Groups start open: every outcome has its row. */
  n_rows = g_list_model_get_n_items (rows);
  g_assert_cmpint (n_rows, ==, test_sim_query_intf (fixture->sim, "SELECT count(*) FROM business_outcomes "
                                        "WHERE outcome_group = 'OUTBOUND' AND " DEMO_CAMPAIGN_ONLY ""));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(LcmBusinessOutcome) outcome = gtk_tree_list_row_get_item (row);
      g_autofree char *path = lcm_business_outcome_dup_path (outcome);

      /* Depth in the view is the depth in the database. */
      g_assert_cmpuint (gtk_tree_list_row_get_depth (row), ==,
                        test_sim_query_intf (fixture->sim, OUTBOUND_PATHS "SELECT (length (text) - "
                                 "length (replace (text, ' › ', ''))) / length (' › ') "
                                 "FROM path WHERE id = %" G_GINT64_FORMAT,
                                 lcm_business_outcome_get_id (outcome)));
      g_autofree char *stored = test_sim_query_textf (fixture->sim, OUTBOUND_PATHS "SELECT text FROM path "
                                          "WHERE id = %" G_GINT64_FORMAT,
                                          lcm_business_outcome_get_id (outcome));

      g_assert_cmpstr (path, ==, stored);
    }

  /* Nothing is chosen yet: nothing can be sent, and the form says why. */
  g_assert_false (submit_enabled (fixture));
  g_assert_cmpstr (status_text (fixture), ==,
                   "Choose a telephony outcome or a business outcome.");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (fixture, "submit-button"))), ==,
                   "_Save Telephony Outcome");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (named (fixture,
                                                                        "callback-row"))),
                   ==, "None");

  /* What the agent sees, with a few choices made. */
  choose_telephony (fixture, "No Answer");
  select_business_row (fixture, business_id (fixture, "Follow-up › Call back later"));
  set_comments (fixture, "Left a voicemail, will try again tomorrow morning.");
  g_assert_true (submit_enabled (fixture));
  g_assert_cmpstr (status_text (fixture), ==, "To send: No Answer · Follow-up › Call back later");
  test_spin (200);
  g_free (test_ui_save_png (GTK_WIDGET (fixture->window), "wrapup-form"));

  /* And at a small size. */
  gtk_window_set_default_size (fixture->window, 720, 600);
  test_spin (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->page)), <=, 720);
  g_free (test_ui_save_png (GTK_WIDGET (fixture->window), "wrapup-form-small"));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GListModel *telephony = list_model (fixture, "telephony-list");
  GListModel *results = list_model (fixture, "business-results");
  guint n_items;
  gint64 quote_by_email = business_id (fixture, "Interested › Quote sent › Quote by email");

  /* Telephony: a substring, any case. */
  set_search (fixture, "telephony-search", "answ");
  n_items = g_list_model_get_n_items (telephony);
  g_assert_cmpuint (n_items, >, 1);
  g_assert_cmpint (n_items, ==, test_sim_query_intf (fixture->sim, "SELECT count(*) FROM telephony_outcomes "
                                         "WHERE description LIKE '%%answ%%'"));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (telephony, i);
      g_autofree char *folded =
        g_utf8_casefold (lcm_telephony_outcome_get_description (outcome), -1);

      g_assert_nonnull (strstr (folded, "answ"));
    }

  set_search (fixture, "telephony-search", "no such outcome");
  g_assert_cmpuint (g_list_model_get_n_items (telephony), ==, 0);
  g_assert_cmpstr (visible_page (named (fixture, "telephony-list")), ==, "empty");
  set_search (fixture, "telephony-search", "");
  g_assert_cmpuint (g_list_model_get_n_items (telephony), ==, 49);
  g_assert_cmpstr (visible_page (named (fixture, "telephony-list")), ==, "list");

  /* Business: a flat list of the leaves whose path matches, groups included in the match. */
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "tree");
  set_search (fixture, "business-search", "QUOTE");
  g_assert_cmpstr (visible_page (named (fixture, "business-results")), ==, "results");
  n_items = g_list_model_get_n_items (results);
  g_assert_cmpuint (n_items, >, 1);
  g_assert_cmpint (n_items, ==, test_sim_query_intf (fixture->sim, OUTBOUND_PATHS "SELECT count(*) FROM path "
                                         "WHERE text LIKE '%%quote%%' AND " OUTBOUND_LEAF));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LcmBusinessOutcome) outcome = g_list_model_get_item (results, i);
      g_autofree char *path = lcm_business_outcome_dup_path (outcome);
      g_autofree char *folded = g_utf8_casefold (path, -1);

      g_assert_true (lcm_business_outcome_is_leaf (outcome));
      g_assert_nonnull (strstr (folded, "quote"));
    }

  /* Choosing a result, then clearing the search: the tree shows the choice. */
  gtk_editable_set_text (GTK_EDITABLE (named (fixture, "business-search")), "by email");
  g_signal_emit_by_name (named (fixture, "business-search"), "activate");
  g_assert_true (submit_enabled (fixture));
  g_assert_cmpstr (status_text (fixture), ==, "To send: Interested › Quote sent › Quote by email");
  set_search (fixture, "business-search", "");
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "tree");
  {
    GtkTreeListRow *row =
      gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (list_model
                                                                    (fixture, "business-tree")));
    g_autoptr(LcmBusinessOutcome) outcome = NULL;

    g_assert_nonnull (row);
    outcome = gtk_tree_list_row_get_item (row);
    g_assert_cmpint (lcm_business_outcome_get_id (outcome), ==, quote_by_email);
  }

  /* A search that hides the chosen row does not undo the choice. */
  set_search (fixture, "business-search", "price");
  g_assert_cmpstr (status_text (fixture), ==, "To send: Interested › Quote sent › Quote by email");
  set_search (fixture, "business-search", "nothing like this");
  g_assert_cmpstr (visible_page (named (fixture, "business-results")), ==, "empty");
  g_assert_true (submit_enabled (fixture));

  /* A group is not a choice. */
  set_search (fixture, "business-search", "");
  select_business_row (fixture, business_id (fixture, "Interested"));
  g_assert_false (submit_enabled (fixture));
  g_assert_cmpstr (status_text (fixture), ==,
                   "“Interested” groups several outcomes: choose one of them.");
  g_assert_cmpint (count_writes (fixture), ==, 0);
}

/* The contact's current lead score and target amount: those of the latest interaction in
 * the journey the call loaded. */
static void
contact_values (Fixture *fixture,
                gint64  *score,
                double  *amount)
{
  GListModel *journey = wrapup_call_get_journey (fixture->call);
  g_autoptr(LcmJourneyEntry) latest = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (journey); i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);

      if (latest == NULL || lcm_journey_entry_get_completed_unix (entry)
                            > lcm_journey_entry_get_completed_unix (latest))
        g_set_object (&latest, entry);
    }
  g_assert_nonnull (latest);
  *score = lcm_journey_entry_get_current_lead_score (latest);
  *amount = lcm_journey_entry_get_target_value (latest);
}

static const char *
row_subtitle (Fixture    *fixture,
              const char *spin_name)
{
  GtkWidget *row = gtk_widget_get_ancestor (named (fixture, spin_name), ADW_TYPE_ACTION_ROW);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* An agent who only picks a telephony outcome sends the contact's current lead score and
 * target amount, never a 0 the form made up. */
static void
test_submit_keeps_contact_score (Fixture       *fixture,
                                 gconstpointer  data)
{
  gint64 score;
  double amount;

  contact_values (fixture, &score, &amount);
  g_assert_cmpint (score, ==, KNOWN_CONTACT_SCORE);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (named (fixture,
                                                                             "lead-score"))),
                   ==, score);
  g_assert_cmpstr (row_subtitle (fixture, "lead-score"), ==, "The contact’s current score");

  choose_telephony (fixture, "Busy");
  submit_and_wait (fixture);

  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 1);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT lead_score FROM dispositions"), ==, score);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT round(target_amount * 100) FROM dispositions"), ==,
                   (gint64) (amount * 100 + 0.5));
}

static void
test_submit_telephony (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *comments = "She said \"call me after 5\"\nO'Brien — 2nd line\n\ttabbed & <tagged>";
  g_autofree char *stored = NULL;
  g_autofree char *subtopic = NULL;
  g_autofree char *user = NULL;
  g_autofree char *callid = NULL;

  choose_telephony (fixture, "Busy");
  set_comments (fixture, comments);
  set_spin (fixture, "lead-score", 42);
  set_spin (fixture, "target-amount", 1234.5);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (fixture, "submit-button"))), ==,
                   "_Save Telephony Outcome");
  g_assert_cmpstr (status_text (fixture), ==, "To send: Busy");

  submit_and_wait (fixture);

  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 1);
  subtopic = test_sim_query_textf (fixture->sim, "SELECT subtopic FROM dispositions");
  g_assert_cmpstr (subtopic, ==, "SetCallOutcomeWithComments");
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT telephony_outcome FROM dispositions"), ==,
                   telephony_id (fixture, "Busy"));
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT business_outcome IS NULL FROM dispositions"), ==, 1);
  stored = test_sim_query_textf (fixture->sim, "SELECT comments FROM dispositions");
  g_assert_cmpstr (stored, ==, comments);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT lead_score FROM dispositions"), ==, 42);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT target_amount * 100 FROM dispositions"), ==,
                   123450);
  user = test_sim_query_textf (fixture->sim, "SELECT user_id FROM dispositions");
  g_assert_cmpstr (user, ==, "testagent");
  callid = test_sim_query_textf (fixture->sim, "SELECT callid FROM dispositions");
  g_assert_cmpstr (callid, ==, TEST_DEMO_CALL);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM personal_callbacks "
                            "WHERE disposition_id IS NOT NULL"), ==, 0);

  /* The agent sees it is saved, and cannot send it again. */
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (fixture->page), "Sent to the Dialer"));
  g_assert_false (submit_enabled (fixture));
  /* Even asked directly (a disabled action does nothing). */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit", NULL);
  test_spin (300);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 1);
  g_assert_cmpint (count_writes (fixture), ==, 1);
  g_free (test_ui_save_png (GTK_WIDGET (fixture->window), "wrapup-form-submitted"));
}

static void
test_submit_outcomes (Fixture       *fixture,
                      gconstpointer  data)
{
  gint64 sale = business_id (fixture, "Interested › Sale closed");
  gint64 sale_score = test_sim_query_intf (fixture->sim, "SELECT lead_score FROM business_outcomes "
                               "WHERE outcome_id = %" G_GINT64_FORMAT, sale);
  g_autofree char *subtopic = NULL;

  GtkWidget *lead = named (fixture, "lead-score");
  GtkWidget *undo = named (fixture, "lead-score-undo");
  GtkWidget *tree = named (fixture, "business-tree");
  gint64 contact_score;
  double contact_amount;
  g_autofree char *set_by = NULL;

  contact_values (fixture, &contact_score, &contact_amount);
  g_assert_cmpint (contact_score, ==, KNOWN_CONTACT_SCORE);
  g_assert_cmpint (contact_score, !=, sale_score);
  choose_telephony (fixture, "Success");
  /* Moving through the list (a selection) changes the outcome, not the score. */
  select_business_row (fixture, sale);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (lead)), ==,
                   contact_score);
  g_assert_false (gtk_widget_get_visible (undo));
  /* Choosing it (Enter on its row) brings its own score, says so, and can be undone. */
  gtk_widget_activate_action (tree, "list.activate-item", "u",
                              gtk_single_selection_get_selected (
                                GTK_SINGLE_SELECTION (list_model (fixture, "business-tree"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (lead)), ==, sale_score);
  g_assert_true (gtk_widget_get_visible (undo));
  set_by = g_strdup_printf ("Set to %" G_GINT64_FORMAT " by “Sale closed”", sale_score);
  g_assert_cmpstr (row_subtitle (fixture, "lead-score"), ==, set_by);
  g_free (test_ui_save_png (GTK_WIDGET (fixture->window), "wrapup-form-score-by-outcome"));
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (lead)), ==,
                   contact_score);
  g_assert_false (gtk_widget_get_visible (undo));
  gtk_widget_activate_action (tree, "list.activate-item", "u",
                              gtk_single_selection_get_selected (
                                GTK_SINGLE_SELECTION (list_model (fixture, "business-tree"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (lead)), ==, sale_score);
  set_spin (fixture, "target-amount", 99.99);
  set_comments (fixture, "Signed up for the annual plan");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (fixture, "submit-button"))), ==,
                   "_Save Outcomes");

  submit_and_wait (fixture);

  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 1);
  subtopic = test_sim_query_textf (fixture->sim, "SELECT subtopic FROM dispositions");
  g_assert_cmpstr (subtopic, ==, "SetBusinessOutcomeWithCallOutcome");
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT telephony_outcome FROM dispositions"), ==,
                   telephony_id (fixture, "Success"));
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT business_outcome FROM dispositions"), ==, sale);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT lead_score FROM dispositions"), ==, sale_score);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT target_amount * 100 FROM dispositions"), ==, 9999);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT callback_mode IS NULL FROM dispositions"), ==, 1);
}

static void
assert_callback_stored (Fixture   *fixture,
                        GDateTime *start,
                        GDateTime *end,
                        gint64     telephony)
{
  g_autofree char *subtopic = test_sim_query_textf (fixture->sim, "SELECT subtopic FROM dispositions");
  g_autofree char *start_date = g_date_time_format (start, "%d/%m/%Y");
  g_autofree char *end_date = g_date_time_format (end, "%d/%m/%Y");
  g_autofree char *start_time = g_date_time_format (start, "%H:%M");
  g_autofree char *end_time = g_date_time_format (end, "%H:%M");
  const char *columns[][2] = {
    { "callback_start_date", start_date }, { "callback_end_date", end_date },
    { "callback_start_time", start_time }, { "callback_end_time", end_time },
  };
  const char *callback_columns[][2] = {
    { "start_date", start_date }, { "end_date", end_date },
    { "start_time", start_time }, { "end_time", end_time },
    { "user_id", "testagent" }, { "callid", TEST_DEMO_CALL },
  };

  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 1);
  g_assert_cmpstr (subtopic, ==, "SetBusinessOutcomeWithPersonalCallback");
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT telephony_outcome FROM dispositions"), ==,
                   telephony);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT callback_mode FROM dispositions"), ==,
                   MOBILE_MODE);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *value = test_sim_query_textf (fixture->sim, "SELECT %s FROM dispositions",
                                         columns[i][0]);

      g_assert_cmpstr (value, ==, columns[i][1]);
    }

  /* The callback the write booked (the simulator has seeded ones too). */
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM personal_callbacks "
                            "WHERE disposition_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT mode_id FROM personal_callbacks "
                            "WHERE disposition_id = (SELECT id FROM dispositions)"), ==,
                   MOBILE_MODE);
  for (guint i = 0; i < G_N_ELEMENTS (callback_columns); i++)
    {
      g_autofree char *value = test_sim_query_textf (fixture->sim, "SELECT %s FROM personal_callbacks "
                                         "WHERE disposition_id = (SELECT id FROM dispositions)",
                                         callback_columns[i][0]);

      g_assert_cmpstr (value, ==, callback_columns[i][1]);
    }
}

static void
test_submit_callback (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) start = test_ui_day_at (3, 14, 5);
  g_autoptr(GDateTime) end = test_ui_day_at (3, 16, 40);
  gint64 later = business_id (fixture, "Follow-up › Call back later");
  const char *subtitle;

  /* A callback alone is not enough: it is booked with a business outcome. */
  book_callback (fixture, start, end);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (named (fixture, "callback-row")));
  g_assert_nonnull (strstr (subtitle, "14:05"));
  g_assert_nonnull (strstr (subtitle, "16:40"));
  g_assert_nonnull (strstr (subtitle, "Mobile — 447700900123"));
  g_assert_false (submit_enabled (fixture));
  g_assert_cmpstr (status_text (fixture), ==,
                   "Choose a business outcome: a callback is booked with one.");

  select_business_row (fixture, later);
  set_comments (fixture, "Call back on Thursday afternoon");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (fixture, "submit-button"))), ==,
                   "_Save and Book Callback");
  g_assert_true (submit_enabled (fixture));

  submit_and_wait (fixture);

  /* No telephony outcome chosen: the callback carries CallBack. */
  assert_callback_stored (fixture, start, end, LCM_TELEPHONY_OUTCOME_CALLBACK);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT business_outcome FROM dispositions"), ==, later);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT business_outcome FROM personal_callbacks "
                            "WHERE disposition_id IS NOT NULL"), ==, later);
  g_assert_cmpint (count_writes (fixture), ==, 1);
}

static void
test_submit_callback_with_outcome (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GDateTime) start = test_ui_day_at (1, 9, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (1, 18, 30);
  g_autoptr(GDateTime) other_start = test_ui_day_at (5, 10, 0);
  g_autoptr(GDateTime) other_end = test_ui_day_at (5, 10, 30);
  gint64 later = business_id (fixture, "Follow-up › Call back later");

  choose_telephony (fixture, "No Answer");
  select_business_row (fixture, later);

  /* Booked, removed, booked again: only the last one is sent. */
  book_callback (fixture, other_start, other_end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "disposition.clear-callback", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (named (fixture,
                                                                        "callback-row"))),
                   ==, "None");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (fixture, "submit-button"))), ==,
                   "_Save Outcomes");
  book_callback (fixture, start, end);

  submit_and_wait (fixture);

  assert_callback_stored (fixture, start, end, telephony_id (fixture, "No Answer"));
}

static void
test_double_submit (Fixture       *fixture,
                    gconstpointer  data)
{
  choose_telephony (fixture, "Busy");
  g_assert_true (submit_enabled (fixture));

  /* A double click: the second activation finds the form already sending. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit",
                                             NULL));
  g_assert_false (submit_enabled (fixture));
  g_assert_false (gtk_widget_is_sensitive (named (fixture, "telephony-list")));
  g_assert_true (gtk_widget_get_visible (named (fixture, "submit-spinner")));
  g_assert_cmpstr (status_text (fixture), ==, "Saving the wrap-up…");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit", NULL);

  g_assert_true (test_wait_until (call_submitted, fixture->call, 20000));
  test_spin (300);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 1);
  g_assert_cmpint (count_writes (fixture), ==, 1);
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (fixture->page), "Sent to the Dialer"));
}

static void
test_nothing_chosen (Fixture       *fixture,
                     gconstpointer  data)
{
  gint64 frames = test_sim_query_intf (fixture->sim, "SELECT count(*) FROM wire_log");

  set_comments (fixture, "Comments alone are not a wrap-up");
  set_spin (fixture, "lead-score", 10);
  g_assert_false (submit_enabled (fixture));
  /* Even asked directly (a disabled action does nothing). */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit", NULL);
  test_spin (300);

  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM wire_log"), ==, frames);
  g_assert_cmpint (count_writes (fixture), ==, 0);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 0);
  g_assert_false (wrapup_call_get_submitting (fixture->call));
  g_assert_cmpstr (status_text (fixture), ==,
                   "Choose a telephony outcome or a business outcome.");

  /* What the form would send says the same. */
  {
    g_autoptr(LcmDisposition) disposition =
      wrapup_disposition_page_dup_disposition (fixture->page);

    g_assert_cmpint (lcm_disposition_get_telephony_outcome (disposition), ==, LCM_NONE);
    g_assert_cmpint (lcm_disposition_get_business_outcome (disposition), ==, LCM_NONE);
    g_assert_cmpstr (lcm_disposition_get_comments (disposition), ==,
                     "Comments alone are not a wrap-up");
    g_assert_cmpint (lcm_disposition_get_lead_score (disposition), ==, 10);
    g_assert_cmpstr (lcm_disposition_get_call_id (disposition), ==, TEST_DEMO_CALL);
    g_assert_false (lcm_disposition_has_callback (disposition));
  }
}

/* A window that passed while the agent was typing fails in the library: shown inline,
 * nothing sent, the form kept. */
static void
test_request_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) start = test_ui_day_at (-1, 9, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (-1, 9, 30);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) expected = NULL;
  gint64 frames = test_sim_query_intf (fixture->sim, "SELECT count(*) FROM wire_log");
  WrapupCallbackDialog *dialog;
  GtkWidget *label;

  g_assert_false (lcm_check_callback_window (start, end, now, &expected));
  choose_telephony (fixture, "Busy");
  select_business_row (fixture, business_id (fixture, "Follow-up › Call back later"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "disposition.book-callback", NULL));
  dialog = find_callback_dialog ();
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (dialog, "booked", start, end, (gint64) MOBILE_MODE);
  gtk_window_close (GTK_WINDOW (dialog));
  test_spin (100);

  g_assert_true (submit_enabled (fixture));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit",
                                             NULL));
  g_assert_true (test_wait_until (call_idle, fixture->call, 20000));
  test_spin (100);

  label = named (fixture, "status-label");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected->message);
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM wire_log"), ==, frames);
  g_assert_false (wrapup_call_get_submitted (fixture->call));
  g_assert_true (submit_enabled (fixture));
  g_assert_true (gtk_widget_is_sensitive (named (fixture, "telephony-list")));

  /* The agent books a window that works and sends again. */
  {
    g_autoptr(GDateTime) good_start = test_ui_day_at (1, 9, 0);
    g_autoptr(GDateTime) good_end = test_ui_day_at (1, 9, 30);

    book_callback (fixture, good_start, good_end);
    g_assert_false (gtk_widget_has_css_class (label, "error"));
    submit_and_wait (fixture);
    assert_callback_stored (fixture, good_start, good_end, telephony_id (fixture, "Busy"));
  }
}

/* The gateway refuses the write (a call it does not know): its message inline, nothing
 * stored, the form intact to retry. */
static void
test_gateway_refusal (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new ("99999", TEST_DEMO_ACCOUNT,
                                                         LCM_CALL_TYPE_OUTBOUND, NULL,
                                                         TEST_DEMO_CAMPAIGN);
  const char *shown;
  const char *business_error;
  GtkWidget *label;

  fixture_start (fixture, NULL, NULL);
  fixture->call = wrapup_call_new (fixture->client, link, "testagent");
  wrapup_disposition_page_set_call (fixture->page, fixture->call);
  test_ui_show (fixture->window);

  /* Before loading: each list says it is loading. */
  g_assert_cmpstr (visible_page (named (fixture, "telephony-list")), ==, "loading");
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "loading");
  wrapup_call_load (fixture->call);
  g_assert_true (test_ui_wait_loaded (fixture->call));
  test_spin (100);

  /* The account's telephony outcomes load; the business outcomes of an unknown call fail,
   * with the gateway's message and a way to retry. */
  g_assert_cmpint (wrapup_call_get_load_state (fixture->call,
                                               WRAPUP_SECTION_TELEPHONY_OUTCOMES),
                   ==, WRAPUP_LOAD_READY);
  g_assert_cmpint (wrapup_call_get_load_state (fixture->call,
                                               WRAPUP_SECTION_BUSINESS_OUTCOMES),
                   ==, WRAPUP_LOAD_FAILED);
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "failed");
  business_error = wrapup_call_get_load_error (fixture->call, WRAPUP_SECTION_BUSINESS_OUTCOMES);
  g_assert_nonnull (business_error);
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (fixture->page), business_error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.retry",
                                             "i", (int) WRAPUP_SECTION_BUSINESS_OUTCOMES));
  g_assert_cmpint (wrapup_call_get_load_state (fixture->call,
                                               WRAPUP_SECTION_BUSINESS_OUTCOMES),
                   ==, WRAPUP_LOAD_LOADING);
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "loading");
  g_assert_true (test_ui_wait_loaded (fixture->call));
  test_spin (100);
  g_assert_cmpstr (visible_page (named (fixture, "business-tree")), ==, "failed");

  choose_telephony (fixture, "Busy");
  set_comments (fixture, "Tried to reach the customer");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "disposition.submit",
                                             NULL));
  g_assert_true (test_wait_until (call_idle, fixture->call, 20000));
  test_spin (100);

  label = named (fixture, "status-label");
  shown = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("refusal shown as: %s", shown);
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  {
    g_autofree char *last_error = NULL;

    g_object_get (fixture->call, "last-submit-error", &last_error, NULL);
    g_assert_cmpstr (shown, ==, last_error);
  }
  g_assert_null (strchr (shown, '{'));
  g_assert_cmpint (count_writes (fixture), ==, 1);
  g_assert_cmpint (test_sim_query_intf (fixture->sim, "SELECT count(*) FROM dispositions"), ==, 0);
  g_assert_false (wrapup_call_get_submitted (fixture->call));

  /* The form is intact: the choice, the comments, and the way to send again. */
  g_assert_true (submit_enabled (fixture));
  g_assert_true (gtk_widget_is_sensitive (named (fixture, "telephony-list")));
  {
    g_autoptr(LcmDisposition) disposition =
      wrapup_disposition_page_dup_disposition (fixture->page);

    g_assert_cmpint (lcm_disposition_get_telephony_outcome (disposition), ==,
                     telephony_id (fixture, "Busy"));
    g_assert_cmpstr (lcm_disposition_get_comments (disposition), ==,
                     "Tried to reach the customer");
  }
  g_free (test_ui_save_png (GTK_WIDGET (fixture->window), "wrapup-form-error"));
}

/* A field with a single possible value is filled in. The gateway's lists are cut to one
 * item here, in the call's own stores, as if the gateway had sent only that. */
static void
test_prefill (Fixture       *fixture,
              gconstpointer  data)
{
  GListModel *telephony = wrapup_call_get_telephony_outcomes (fixture->call);
  GListModel *flat = wrapup_call_get_business_outcome_list (fixture->call);
  GListModel *roots = wrapup_call_get_business_outcomes (fixture->call);
  g_autoptr(LcmTelephonyOutcome) busy = NULL;
  g_autoptr(LcmBusinessOutcome) root = NULL;
  g_autoptr(LcmDisposition) disposition = NULL;
  gint64 busy_id = telephony_id (fixture, "Busy");

  g_assert_true (G_IS_LIST_STORE (telephony));
  g_assert_true (G_IS_LIST_STORE (flat));
  g_assert_true (G_IS_LIST_STORE (roots));
  g_assert_false (submit_enabled (fixture));

  for (guint i = 0; i < g_list_model_get_n_items (telephony) && busy == NULL; i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (telephony, i);

      if (lcm_telephony_outcome_get_id (outcome) == busy_id)
        busy = g_steal_pointer (&outcome);
    }
  g_assert_nonnull (busy);
  g_list_store_splice (G_LIST_STORE (telephony), 0, g_list_model_get_n_items (telephony),
                       (gpointer *) &busy, 1);
  test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (fixture, "telephony-list")), ==, 1);
  g_assert_true (submit_enabled (fixture));
  g_assert_cmpstr (status_text (fixture), ==, "To send: Busy");

  /* One leaf: a root with no children. */
  root = lcm_business_outcome_new (9001, "Completed", 1, LCM_NO_PARENT, 40);
  g_list_store_splice (G_LIST_STORE (flat), 0, g_list_model_get_n_items (flat),
                       (gpointer *) &root, 1);
  g_list_store_splice (G_LIST_STORE (roots), 0, g_list_model_get_n_items (roots),
                       (gpointer *) &root, 1);
  test_spin (100);
  g_assert_cmpstr (status_text (fixture), ==, "To send: Busy · Completed");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (named (fixture, "submit-button"))), ==,
                   "_Save Outcomes");
  disposition = wrapup_disposition_page_dup_disposition (fixture->page);
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (disposition), ==, busy_id);
  g_assert_cmpint (lcm_disposition_get_business_outcome (disposition), ==, 9001);
  /* Filled in, not chosen by the agent: the contact's score stays. */
  {
    gint64 score;
    double amount;

    contact_values (fixture, &score, &amount);
    g_assert_cmpint (lcm_disposition_get_lead_score (disposition), ==, score);
  }
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *telephony_search = named (fixture, "telephony-search");
  GtkWidget *telephony_list = named (fixture, "telephony-list");
  GtkWidget *business_search = named (fixture, "business-search");
  GtkWidget *comments = named (fixture, "comments");
  GListModel *telephony = list_model (fixture, "telephony-list");
  g_autoptr(GListModel) controllers = NULL;
  GtkWidget *focus;
  const char * const shortcuts[][2] = {
    { "<Control>Return", "disposition.submit" },
    { "<Control>b", "disposition.book-callback" },
  };

  /* Typing filters, Down enters the list on the first match and chooses it. */
  gtk_widget_grab_focus (telephony_search);
  set_search (fixture, "telephony-search", "wrong");
  g_assert_cmpuint (g_list_model_get_n_items (telephony), ==,
                    test_sim_query_intf (fixture->sim, "SELECT count(*) FROM telephony_outcomes "
                             "WHERE description LIKE '%%wrong%%'"));
  {
    GtkEventController *keys = NULL;
    g_autoptr(GListModel) entry_controllers = gtk_widget_observe_controllers (telephony_search);
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (entry_controllers) && keys == NULL; i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (entry_controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          keys = GTK_EVENT_CONTROLLER (controller);
      }
    g_assert_nonnull (keys);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
    g_assert_true (handled);
  }
  test_spin (100);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == telephony_list || gtk_widget_is_ancestor (focus, telephony_list));
  g_assert_cmpstr (status_text (fixture), ==, "To send: Wrong Number");

  /* Enter on a row chooses it and moves on to the business outcome. */
  g_signal_emit_by_name (telephony_list, "activate", 1);
  {
    g_autoptr(LcmTelephonyOutcome) second = g_list_model_get_item (telephony, 1);

    g_autofree char *expected = g_strdup_printf ("To send: %s",
                                                 lcm_telephony_outcome_get_description (second));

    g_assert_cmpstr (status_text (fixture), ==, expected);
  }
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == business_search || gtk_widget_is_ancestor (focus, business_search));

  /* Enter in the business search takes the first match and moves on to the comments. */
  gtk_editable_set_text (GTK_EDITABLE (business_search), "send info");
  g_signal_emit_by_name (business_search, "activate");
  g_assert_nonnull (strstr (status_text (fixture), "Follow-up › Send information"));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == comments);

  /* Labels take their fields' mnemonics. */
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (test_ui_find_by_text
                                                           (GTK_WIDGET (fixture->page),
                                                            "_Telephony outcome")))
                 == telephony_search);
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (test_ui_find_by_text
                                                           (GTK_WIDGET (fixture->page),
                                                            "_Business outcome")))
                 == business_search);
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (test_ui_find_by_text
                                                           (GTK_WIDGET (fixture->page),
                                                            "Co_mments")))
                 == comments);

  /* Shortcuts: Ctrl+Return submits from anywhere (the comments included), Ctrl+B books. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->page));
  for (guint s = 0; s < G_N_ELEMENTS (shortcuts); s++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut =
                g_list_model_get_item (G_LIST_MODEL (controller), j);
              g_autofree char *trigger =
                gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
              g_autofree char *action =
                gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

              if (strstr (trigger, shortcuts[s][0]) != NULL
                  && strstr (action, shortcuts[s][1]) != NULL)
                {
                  /* Ctrl+Return must be seen before the text view takes it. */
                  if (s == 0)
                    g_assert_cmpint (gtk_event_controller_get_propagation_phase
                                       (GTK_EVENT_CONTROLLER (controller)), ==,
                                     GTK_PHASE_CAPTURE);
                  found = TRUE;
                }
            }
        }
      g_assert_true (found);
    }

  /* Tab goes from the comments to the lead score, the target amount, then the callback. */
  gtk_widget_grab_focus (comments);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (gtk_widget_is_ancestor (focus, named (fixture, "lead-score")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (gtk_widget_is_ancestor (focus, named (fixture, "target-amount")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (gtk_widget_is_ancestor (focus, named (fixture, "callback-row")));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == named (fixture, "submit-button"));
}

static void
test_comments_bound (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (fixture,
                                                                          "comments")));
  g_autoptr(GString) long_text = g_string_new (NULL);
  GtkTextIter end;
  g_autoptr(LcmDisposition) disposition = NULL;
  g_autofree char *expected = NULL;

  for (int i = 0; i < LCM_MAX_COMMENT_LENGTH + 50; i++)
    g_string_append (long_text, i % 10 == 0 ? "é" : "x");

  /* A paste past the bound is cut at the bound. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, long_text->str, -1);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, LCM_MAX_COMMENT_LENGTH);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "more", -1);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, LCM_MAX_COMMENT_LENGTH);

  expected = g_strdup_printf ("%d / %d", LCM_MAX_COMMENT_LENGTH, LCM_MAX_COMMENT_LENGTH);
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (fixture->page), expected));

  disposition = wrapup_disposition_page_dup_disposition (fixture->page);
  g_assert_cmpint (g_utf8_strlen (lcm_disposition_get_comments (disposition), -1), ==,
                   LCM_MAX_COMMENT_LENGTH);
  g_assert_true (lcm_check_comments (lcm_disposition_get_comments (disposition), NULL));

  /* The bounds of the numbers. */
  set_spin (fixture, "lead-score", LCM_MAX_LEAD_SCORE + 500);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON
                                                     (named (fixture, "lead-score"))), ==,
                   LCM_MAX_LEAD_SCORE);
  set_spin (fixture, "lead-score", -5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON
                                                     (named (fixture, "lead-score"))), ==, 0);
  set_spin (fixture, "target-amount", 5e9);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON
                                                (named (fixture, "target-amount"))), ==, 1e9);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/wrapup/disposition-page/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("lists", test_lists);
  ADD ("search", test_search);
  ADD ("submit/telephony", test_submit_telephony);
  g_test_add ("/wrapup/disposition-page/submit/keeps-contact-score", Fixture, NULL,
              fixture_set_up_known_score, test_submit_keeps_contact_score, fixture_tear_down);
  g_test_add ("/wrapup/disposition-page/submit/outcomes", Fixture, NULL,
              fixture_set_up_known_score, test_submit_outcomes, fixture_tear_down);
  ADD ("submit/callback", test_submit_callback);
  ADD ("submit/callback-with-outcome", test_submit_callback_with_outcome);
  ADD ("submit/double", test_double_submit);
  ADD ("submit/nothing-chosen", test_nothing_chosen);
  ADD ("submit/request-error", test_request_error);
  ADD ("prefill", test_prefill);
  ADD ("keyboard", test_keyboard);
  ADD ("comments-bound", test_comments_bound);
  g_test_add ("/wrapup/disposition-page/submit/gateway-refusal", Fixture, NULL, NULL,
              test_gateway_refusal, fixture_tear_down);

#undef ADD

  return g_test_run ();
}
