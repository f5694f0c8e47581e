/* test-keyboard.c: a call's window driven by real key events (XTest under Xvfb)
 *
 * The focus starts where the first key goes; Enter in an empty search chooses nothing; the
 * shortcuts of the shortcuts window work wherever the focus is, right after the window
 * opens and after Ctrl+2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-disposition-page.h"
#include "wrapup-journey-view.h"
#include "wrapup-outcome-picker.h"
#include "wrapup-callback-dialog.h"
#include "wrapup-session.h"
#include "wrapup-window.h"
#include "wrapup-test-keys.h"
#include "wrapup-test-sim.h"
#include "wrapup-test-ui.h"

typedef struct
{
  TestSim       *sim;
  char          *data_dir;
  WrapupSession *session;
  WrapupCall    *call;
  WrapupWindow  *window;
  guint          exports;
} Fixture;

static GtkWidget *
named (Fixture    *fixture,
       const char *name)
{
  GtkWidget *found = test_ui_find_field (GTK_WIDGET (fixture->window), name);

  g_assert_nonnull (found);
  return found;
}

static gboolean
focus_is_in (Fixture   *fixture,
             GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static const char *
visible_page (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (test_ui_find_child (GTK_WIDGET (fixture->window),
                                                            ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_visible_child_name (stack);
}

static gint64
journey_requests (Fixture *fixture)
{
  return test_sim_query_int (fixture->sim, "SELECT count(*) FROM wire_log "
                             "WHERE text LIKE '%\"GetCustomerJourney\"%'");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *account = NULL;
  g_autofree char *dialled = NULL;
  g_autoptr(WrapupCallLink) link = NULL;

  fixture->sim = test_sim_start (NULL);
  fixture->data_dir = g_dir_make_tmp ("wrapup-keyboard-XXXXXX", NULL);
  fixture->session = wrapup_session_new (NULL);
  wrapup_session_open_storage (fixture->session, fixture->data_dir);
  wrapup_session_configure (fixture->session, fixture->sim->url, "testagent", FALSE, NULL,
                            NULL);
  account = test_sim_account_of_call (fixture->sim, TEST_DEMO_CALL);
  /* As the dialer's link names it: the number dialled, the call's own mode's. */
  dialled = test_sim_query_text (fixture->sim, "SELECT m.cvalue FROM calls c "
                                 "JOIN callback_modes m ON m.contact_id = c.contact_id "
                                 "AND m.mode_id = c.mode_id WHERE c.callid = '" TEST_DEMO_CALL "'");
  g_assert_nonnull (dialled);
  link = wrapup_call_link_new (TEST_DEMO_CALL, account, LCM_CALL_TYPE_OUTBOUND, dialled, NULL);
  fixture->call = wrapup_call_new_for_session (fixture->session, link);
  fixture->window = g_object_ref_sink (wrapup_window_new (NULL, fixture->session,
                                                          fixture->call));
  wrapup_call_load (fixture->call);
  test_ui_show (GTK_WINDOW (fixture->window));
  g_assert_true (test_ui_wait_loaded (fixture->call));
  test_keys_focus_window (GTK_WINDOW (fixture->window));
  test_keys_reset_count ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWindow *other;

  while ((other = test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG)) != NULL)
    gtk_window_destroy (other);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  test_spin (50);
  g_clear_object (&fixture->call);
  g_assert_finalize_object (fixture->session);
  test_remove_dir (fixture->data_dir);
  g_free (fixture->data_dir);
  test_sim_free (fixture->sim);
}

/* The first key the agent types goes to the telephony search, not to the header. */
static void
test_initial_focus (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *search = named (fixture, "telephony-search");

  g_assert_true (focus_is_in (fixture, search));
  test_keys_type (GTK_WINDOW (fixture->window), "bus");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "bus");
  g_assert_cmpuint (test_keys_count (), ==, 3);
}

/* Tab goes from field to field: the call bar's labels (copied with the mouse) are no stop. */
static void
test_tab_order (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);

  for (guint i = 0; i < 12; i++)
    {
      GtkWidget *focus;

      test_keys_press (window, "<Shift>Tab");
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      if (GTK_IS_LABEL (focus))
        g_error ("Shift+Tab stopped on the label “%s”", gtk_label_get_text (GTK_LABEL (focus)));
    }
}

static gboolean
find_toplevel_cb (gpointer type)
{
  return test_ui_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
no_toplevel_cb (gpointer type)
{
  return test_ui_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

/* Which of the form's controls holds the widget, in reading order, or -1. */
static int
form_section_of (GtkWidget *window,
                 GtkWidget *focus)
{
  GtkWidget *pickers[2] = { NULL, NULL };
  const char *named[] = { "comments", "lead-score", "target-amount", "callback-row",
                          "submit-button" };
  guint n_pickers = 0;
  GtkWidget *page = test_ui_find_child (window, WRAPUP_TYPE_DISPOSITION_PAGE);

  /* The two pickers, in the order they are in the tree: telephony, then business. */
  for (GtkWidget *w = test_ui_find_child (page, WRAPUP_TYPE_OUTCOME_PICKER); w != NULL && n_pickers < 2;)
    {
      pickers[n_pickers++] = w;
      w = n_pickers < 2 ? gtk_widget_get_next_sibling (w) : NULL;
    }
  for (guint i = 0; i < n_pickers; i++)
    if (pickers[i] != NULL && (focus == pickers[i] || gtk_widget_is_ancestor (focus, pickers[i])))
      return (int) i;
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      GtkWidget *widget = test_ui_find_field (page, named[i]);

      if (widget != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
        return (int) (2 + i);
    }
  return -1;
}

/* Tab reaches every control of the form in reading order: telephony (search, list),
 * business (search, list), comments, lead score, target amount, callback, Save. */
static void
test_tab_reading_order (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  const int expected[] = { 0, 1, 2, 3, 4, 5, 6 };
  int visited[G_N_ELEMENTS (expected)];
  guint n_visited = 0;
  g_autoptr(GString) trace = g_string_new (NULL);

  /* An outcome chosen (Save takes the focus only when there is something to save), then
   * from the first control: the telephony search, where the window opens. */
  test_ui_choose_telephony (GTK_WIDGET (window), "Busy");
  gtk_widget_grab_focus (test_ui_find_field (GTK_WIDGET (window), "telephony-search"));
  test_spin (100);
  g_assert_cmpint (form_section_of (GTK_WIDGET (window), gtk_root_get_focus (GTK_ROOT (window))), ==, 0);
  visited[n_visited++] = 0;
  for (guint i = 0; i < 30 && n_visited < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *focus;
      int section;

      test_keys_press (window, "Tab");
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_mapped (focus));
      section = form_section_of (GTK_WIDGET (window), focus);
      g_string_append_printf (trace, " %s:%d", G_OBJECT_TYPE_NAME (focus), section);
      if (section < 0 || section == visited[n_visited - 1])
        continue;
      if (section != expected[n_visited])
        g_error ("Tab went to section %d after %d (expected %d):%s", section,
                 visited[n_visited - 1], expected[n_visited], trace->str);
      visited[n_visited++] = section;
    }
  if (n_visited != G_N_ELEMENTS (expected))
    g_error ("Tab reached %u of the form's %u controls:%s", n_visited,
             (guint) G_N_ELEMENTS (expected), trace->str);
}

/* Closing the callback booking with Escape gives the focus back to a control the agent can
 * see (the Book button), never to a hidden widget. */
static void
test_focus_after_dialog (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GtkWidget *focus;

  test_keys_press (window, "<Control>b");
  g_assert_true (test_wait_until (find_toplevel_cb,
                                  GSIZE_TO_POINTER (WRAPUP_TYPE_CALLBACK_DIALOG), 5000));
  test_keys_press (GTK_WINDOW (test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG)), "Escape");
  g_assert_true (test_wait_until (no_toplevel_cb, GSIZE_TO_POINTER (WRAPUP_TYPE_CALLBACK_DIALOG),
                                  5000));
  test_spin (200);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_true (gtk_widget_is_drawable (focus));
  g_assert_cmpint (form_section_of (GTK_WIDGET (window), focus), >=, 0);
}

/* A stray Enter must never record the first outcome ("Success"): in an empty search it goes
 * into the list and chooses nothing; the arrows then choose. */
static void
test_enter_in_empty_search (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *list = named (fixture, "telephony-list");
  GtkWidget *status = named (fixture, "status-label");
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  g_autofree char *before = g_strdup (gtk_label_get_text (GTK_LABEL (status)));

  test_keys_press (GTK_WINDOW (fixture->window), "Return");
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==,
                    GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (status)), ==, before);
  g_assert_false (gtk_widget_is_sensitive (named (fixture, "submit-button")));
  g_assert_true (focus_is_in (fixture, list));

  /* Ctrl+Return with nothing chosen sends nothing either. */
  test_keys_press (GTK_WINDOW (fixture->window), "<Control>Return");
  test_spin (200);
  g_assert_cmpint (test_sim_query_int (fixture->sim, "SELECT count(*) FROM dispositions"),
                   ==, 0);
}

typedef struct
{
  Fixture *fixture;
  gint64   before;
} JourneyWait;

#if !defined(__SANITIZE_ADDRESS__)
static gboolean
file_written (gpointer user_data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (user_data, &contents, NULL, NULL) && strchr (contents, ',') != NULL;
}

#endif

static gboolean
journey_requested (gpointer user_data)
{
  JourneyWait *wait = user_data;

  return journey_requests (wait->fixture) > wait->before;
}
/* Each page's shortcut, wherever the focus is: it brings its page and acts. */
static void
check_page_shortcuts (Fixture *fixture)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  JourneyWait wait = { fixture, 0 };
#if !defined(__SANITIZE_ADDRESS__)
  g_autofree char *csv = NULL;
  GtkWindow *chooser;
#endif
  GtkWidget *focus;

  /* Ctrl+F: the journey's filter, focused. */
  test_keys_press (window, "<Control>f");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, WRAPUP_TYPE_JOURNEY_VIEW));
  g_assert_true (GTK_IS_SEARCH_ENTRY (focus)
                 || gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL);

  /* The form's mnemonics, from the Journey page: each field, on its page. */
  test_keys_press (window, "<Alt>b");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  g_assert_true (focus_is_in (fixture, named (fixture, "business-search")));
  test_keys_press (window, "<Control>2");
  test_keys_press (window, "<Alt>m");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  g_assert_true (focus_is_in (fixture, named (fixture, "comments")));
  test_keys_press (window, "<Control>2");
  test_keys_press (window, "<Alt>t");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  g_assert_true (focus_is_in (fixture, named (fixture, "telephony-search")));
  test_keys_press (window, "<Control>f");

  /* Ctrl+1 back to the wrap-up; F5 refreshes the journey from there. */
  test_keys_press (window, "<Control>1");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  wait.before = journey_requests (fixture);
  test_keys_press (window, "F5");
  g_assert_true (test_wait_until (journey_requested, &wait, 10000));
  g_assert_cmpstr (visible_page (fixture), ==, "journey");

  /* Ctrl+B from the Journey page: the wrap-up page and the booking. */
  test_keys_press (window, "<Control>b");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  g_assert_nonnull (test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  gtk_window_destroy (test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  test_spin (50);
  test_keys_focus_window (window);

  /* Ctrl+E from the wrap-up page: the Journey page and its export, to a file. Not under
   * AddressSanitizer (as in test-journey-view.c): GTK 4.8's file chooser dialog leaves its
   * sidebar's one-time caches (libcloudproviders, GIO volume monitors) behind, which
   * LeakSanitizer reports at exit. */
#if !defined(__SANITIZE_ADDRESS__)
  test_keys_press (window, "<Control>e");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  chooser = test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  /* The export goes through: a file name over the suggested one, accepted. */
  csv = g_strdup_printf ("%s/journey-%u.csv", fixture->data_dir, ++fixture->exports);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), csv);
  g_assert_true (test_ui_wait_for_chooser_file (GTK_FILE_CHOOSER (chooser), csv, 10000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (test_wait_until (file_written, csv, 30000));
#endif
  test_keys_focus_window (window);
}

static void
test_shortcuts_at_open (Fixture       *fixture,
                        gconstpointer  data)
{
  check_page_shortcuts (fixture);
}

static void
test_shortcuts_after_journey (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);

  test_keys_press (window, "<Control>2");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  check_page_shortcuts (fixture);

  /* Ctrl+Return from the Journey page saves the wrap-up chosen on the other. */
  test_keys_press (window, "<Control>1");
  test_keys_type (window, "busy");
  test_keys_press (window, "Return");
  test_keys_press (window, "<Control>2");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  test_keys_press (window, "<Control>Return");
  g_assert_true (test_sim_wait_for_count (fixture->sim, "SELECT count(*) FROM dispositions",
                                          1, 10000));
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
}

static gboolean
journey_has_comment (gpointer user_data)
{
  Fixture *fixture = user_data;
  GListModel *journey = wrapup_call_get_journey (fixture->call);

  for (guint i = 0; i < g_list_model_get_n_items (journey); i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);

      if (g_strcmp0 (lcm_journey_entry_get_agent_comment (entry), "Signed the annual plan") == 0)
        return TRUE;
    }
  return FALSE;
}

static gint64 telephony_id (Fixture    *fixture,
                           const char *description);

/* Flow A of an agent's day: a telephony outcome, a business outcome and a comment, saved,
 * from the window opening, by keys only: at most eight (the comment's text not counted). */
static void
test_flow_outcomes (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  g_autofree char *comments = NULL;
  guint keys;

  test_keys_type (window, "bu");
  test_keys_press (window, "Return");
  test_keys_type (window, "sal");
  test_keys_press (window, "Return");
  keys = test_keys_count ();
  test_keys_type (window, "Signed the annual plan");
  test_keys_press (window, "<Control>Return");
  keys += 1;

  g_test_message ("flow A took %u keys, the comment's text aside", keys);
  g_assert_cmpuint (keys, <=, 8);
  g_assert_true (test_sim_wait_for_count (fixture->sim, "SELECT count(*) FROM dispositions",
                                          1, 10000));
  g_assert_cmpint (test_sim_query_int (fixture->sim,
                                       "SELECT count(*) FROM dispositions d "
                                       "JOIN telephony_outcomes t "
                                       "ON t.outcome_id = d.telephony_outcome "
                                       "WHERE t.description = 'Busy'"), ==, 1);
  g_assert_cmpint (test_sim_query_int (fixture->sim,
                                       "SELECT count(*) FROM dispositions d "
                                       "JOIN business_outcomes b "
                                       "ON b.outcome_id = d.business_outcome "
                                       "WHERE b.description = 'Sale closed'"), ==, 1);
  comments = test_sim_query_text (fixture->sim, "SELECT comments FROM dispositions");
  g_assert_cmpstr (comments, ==, "Signed the annual plan");

  /* The outcomes saved count as used, for the next call's lists. */
  {
    g_autoptr(GHashTable) used =
      wrapup_call_dup_outcome_usage (fixture->call, WRAPUP_SECTION_TELEPHONY_OUTCOMES);
    gint64 busy = telephony_id (fixture, "Busy");

    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (used, &busy)), ==, 1);
    g_assert_cmpuint (g_hash_table_size (used), ==, 1);
  }

  /* The journey refreshes by itself: the interaction just saved is in it, no F5 needed. */
  g_assert_true (test_wait_until (journey_has_comment, fixture, 10000));
}

static gint64
telephony_id (Fixture    *fixture,
              const char *description)
{
  GListModel *outcomes = wrapup_call_get_telephony_outcomes (fixture->call);

  for (guint i = 0; i < g_list_model_get_n_items (outcomes); i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (outcomes, i);

      if (g_strcmp0 (lcm_telephony_outcome_get_description (outcome), description) == 0)
        return lcm_telephony_outcome_get_id (outcome);
    }
  g_assert_not_reached ();
}

static const char *
shown_telephony (GListModel *shown,
                 guint       position)
{
  g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (shown, position);

  g_assert_nonnull (outcome);
  return lcm_telephony_outcome_get_description (outcome);
}

/* Alt+n chooses the nth numbered row of the picker the agent is in (or the first with
 * nothing chosen), and moves on as Enter does: two keys for two outcomes. */
static void
test_numbered (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  WrapupDispositionPage *page =
    WRAPUP_DISPOSITION_PAGE (test_ui_find_child (GTK_WIDGET (fixture->window),
                                                 WRAPUP_TYPE_DISPOSITION_PAGE));
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (named (fixture,
                                                                                 "telephony-list"))));
  g_autoptr(LcmDisposition) disposition = NULL;
  g_autofree char *third = g_strdup (shown_telephony (shown, 2));

  /* The seeded lists: the third telephony outcome is no callback (that would open the
   * booking), the third business leaf in the tree is "Sale closed". */
  g_assert_false (lcm_outcome_names_callback (third));
  test_keys_press (window, "<Alt>3");
  g_assert_true (focus_is_in (fixture, named (fixture, "business-search")));
  test_keys_press (window, "<Alt>3");
  g_assert_true (focus_is_in (fixture, named (fixture, "comments")));
  g_assert_cmpuint (test_keys_count (), ==, 2);

  disposition = wrapup_disposition_page_dup_disposition (page);
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (disposition), ==,
                   telephony_id (fixture, third));
  g_assert_cmpint (lcm_disposition_get_business_outcome (disposition), ==,
                   test_sim_query_int (fixture->sim, "SELECT outcome_id FROM business_outcomes "
                                       "WHERE description = 'Sale closed' AND outcome_group = "
                                       "'OUTBOUND' AND campaign_id = (SELECT campaign_id FROM "
                                       "calls WHERE callid = '" TEST_DEMO_CALL "')"));
  /* A number no row has chooses nothing. */
  test_keys_press (window, "<Alt>9");
  g_assert_true (focus_is_in (fixture, named (fixture, "comments")));

  /* From the Journey page too: the wrap-up page comes back, the numbered outcome is chosen
   * (with the focus in no picker, in the first with nothing chosen: none here, so Alt+n
   * changes nothing and only brings the page). */
  test_keys_press (window, "<Control>2");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  test_keys_press (window, "<Alt>2");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  g_clear_object (&disposition);
  disposition = wrapup_disposition_page_dup_disposition (page);
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (disposition), ==,
                   telephony_id (fixture, third));
}

/* Alt+n right after Ctrl+2: the wrap-up page and the telephony outcome numbered n. */
static void
test_numbered_from_journey (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (named (fixture,
                                                                                 "telephony-list"))));
  g_autofree char *second = g_strdup (shown_telephony (shown, 1));
  WrapupDispositionPage *page =
    WRAPUP_DISPOSITION_PAGE (test_ui_find_child (GTK_WIDGET (fixture->window),
                                                 WRAPUP_TYPE_DISPOSITION_PAGE));
  g_autoptr(LcmDisposition) disposition = NULL;

  g_assert_false (lcm_outcome_names_callback (second));
  test_keys_press (window, "<Control>2");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  test_keys_press (window, "<Alt>2");
  g_assert_cmpstr (visible_page (fixture), ==, "wrapup");
  disposition = wrapup_disposition_page_dup_disposition (page);
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (disposition), ==,
                   telephony_id (fixture, second));
  g_assert_true (focus_is_in (fixture, named (fixture, "business-search")));
}

/* Choosing the telephony "CallBack" opens the booking at once; closing it goes on to the
 * business outcome. */
static void
test_callback_outcome_books (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GtkWindow *dialog;

  test_keys_type (window, "callb");
  test_keys_press (window, "Return");
  dialog = test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  gtk_window_close (dialog);
  test_spin (50);
  g_assert_null (test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  g_assert_true (focus_is_in (fixture, named (fixture, "business-search")));

  /* Once a callback is booked, or for an outcome that is no callback, nothing opens. */
  test_keys_type (window, "sal");
  test_keys_press (window, "Return");
  g_assert_null (test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  g_assert_true (focus_is_in (fixture, named (fixture, "comments")));
}

/* Search ranks names that start with the search first, then the agent's most used
 * outcomes, then the gateway's order; the counts are those of saved wrap-ups, per account. */
static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  WrapupOutcomeUsage *usage = wrapup_session_get_outcome_usage (fixture->session);
  const char *account = wrapup_call_get_account_number (fixture->call);
  g_autoptr(WrapupCall) call = NULL;
  GtkWidget *window;
  WrapupDispositionPage *page;
  GListModel *shown;
  GtkWidget *search;

  for (guint i = 0; i < 3; i++)
    g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, account,
                                              telephony_id (fixture, "No Answer"), NULL));
  g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES, account,
                                            telephony_id (fixture, "Fax"), NULL));
  /* Another account's counts are not this one's. */
  for (guint i = 0; i < 5; i++)
    g_assert_true (wrapup_outcome_usage_note (usage, WRAPUP_CACHED_TELEPHONY_OUTCOMES,
                                              "1|2|3|4|5|6|7", telephony_id (fixture, "DNC"),
                                              NULL));

  /* The next call of this account. */
  call = wrapup_call_new_for_session (fixture->session, wrapup_call_get_link (fixture->call));
  page = WRAPUP_DISPOSITION_PAGE (wrapup_disposition_page_new ());
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  wrapup_disposition_page_set_call (page, call);
  wrapup_call_load (call);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (test_ui_wait_loaded (call));

  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (
    test_ui_find_field (GTK_WIDGET (page), "telephony-list"))));
  g_assert_cmpstr (shown_telephony (shown, 0), ==, "No Answer");
  g_assert_cmpstr (shown_telephony (shown, 1), ==, "Fax");
  g_assert_cmpstr (shown_telephony (shown, 2), ==, "Success");

  /* "an": the name that starts with it first, then a word that does, the used one first. */
  search = test_ui_find_field (GTK_WIDGET (page), "telephony-search");
  gtk_editable_set_text (GTK_EDITABLE (search), "an");
  g_signal_emit_by_name (search, "activate");
  {
    guint n = g_list_model_get_n_items (shown);
    guint no_answer = n;

    for (guint i = 0; i < n; i++)
      if (g_str_equal (shown_telephony (shown, i), "No Answer"))
        no_answer = i;
    g_assert_cmpuint (no_answer, >, 0);
    g_assert_cmpuint (no_answer, <, n);
    for (guint i = 0; i < n; i++)
      g_assert_true (g_str_has_prefix (shown_telephony (shown, i), "An") == (i < no_answer));
    g_assert_cmpstr (shown_telephony (shown, 0), ==, "Answering Machine");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (50);
}

static gboolean
journey_has_voicemail (gpointer user_data)
{
  Fixture *fixture = user_data;
  GListModel *journey = wrapup_call_get_journey (fixture->call);

  /* F5 until the journey read again has the comments set in the simulator. */
  for (guint i = 0; i < g_list_model_get_n_items (journey); i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);

      if (g_strcmp0 (lcm_journey_entry_get_agent_comment (entry), "Left a voicemail") == 0)
        return TRUE;
    }
  if (wrapup_call_get_load_state (fixture->call, WRAPUP_SECTION_JOURNEY) != WRAPUP_LOAD_LOADING)
    wrapup_call_reload (fixture->call, WRAPUP_SECTION_JOURNEY);
  return FALSE;
}

static gboolean
window_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

/* Flow B: flow A with a personal callback tomorrow 10:00–11:00 on the number dialled, from
 * the window opening: sixteen keys at most, the comment's text aside. Choosing "CallBack"
 * opens the booking; a preset (Alt+1, "Tomorrow 10:00") and Enter book it. */
static void
test_flow_callback (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *day = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *dialled_mode = NULL;
  GtkWindow *dialog;
  guint keys;

  test_keys_type (window, "callb");
  test_keys_press (window, "Return");
  dialog = test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG);
  g_assert_nonnull (dialog);
  /* No window manager gives it the keyboard: the test does, once it is on screen. */
  g_assert_true (test_wait_until (window_mapped, dialog, 10000));
  test_keys_focus_window (dialog);
  test_keys_press (dialog, "<Alt>1");
  test_keys_press (dialog, "Return");
  test_spin (100);
  g_assert_null (test_ui_find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  test_keys_focus_window (window);
  g_assert_true (focus_is_in (fixture, named (fixture, "business-search")));
  test_keys_type (window, "cal");
  test_keys_press (window, "Return");
  keys = test_keys_count ();
  test_keys_type (window, "Call back tomorrow");
  test_keys_press (window, "<Control>Return");
  keys += 1;

  g_test_message ("flow B took %u keys, the comment's text aside", keys);
  g_assert_cmpuint (keys, <=, 16);
  g_assert_true (test_sim_wait_for_count (fixture->sim, "SELECT count(*) FROM dispositions",
                                          1, 10000));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    tomorrow = g_date_time_add_days (now, 1);
  }
  day = g_date_time_format (tomorrow, "%d/%m/%Y");
  {
    g_autofree char *start_date = test_sim_query_text (fixture->sim, "SELECT callback_start_date FROM dispositions");
    g_autofree char *end_date = test_sim_query_text (fixture->sim, "SELECT callback_end_date FROM dispositions");
    g_autofree char *start_time = test_sim_query_text (fixture->sim, "SELECT callback_start_time FROM dispositions");
    g_autofree char *end_time = test_sim_query_text (fixture->sim, "SELECT callback_end_time FROM dispositions");

    g_assert_cmpstr (start_date, ==, day);
    g_assert_cmpstr (end_date, ==, day);
    g_assert_cmpstr (start_time, ==, "10:00");
    g_assert_cmpstr (end_time, ==, "11:00");
  }
  /* On the number dialled. */
  dialled_mode = g_strdup_printf ("SELECT count(*) FROM dispositions d JOIN callback_modes m "
                                  "ON m.mode_id = d.callback_mode JOIN contacts c "
                                  "ON c.contact_id = m.contact_id WHERE c.account_number = '%s' "
                                  "AND m.cvalue = '%s'",
                                  wrapup_call_get_account_number (fixture->call),
                                  wrapup_call_get_contact_number (fixture->call));
  g_assert_cmpint (test_sim_query_int (fixture->sim, dialled_mode), ==, 1);
  g_assert_cmpint (test_sim_query_int (fixture->sim,
                                       "SELECT count(*) FROM dispositions d "
                                       "JOIN business_outcomes b "
                                       "ON b.outcome_id = d.business_outcome "
                                       "WHERE b.description = 'Call back later'"), ==, 1);
  comments = test_sim_query_text (fixture->sim, "SELECT comments FROM dispositions");
  g_assert_cmpstr (comments, ==, "Call back tomorrow");
}

/* Flow C: from the Journey page, the rows about a voicemail, by Ctrl+F and the word:
 * eleven keys at most, Ctrl+2 included. */
static void
test_flow_journey_filter (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GListModel *shown;
  guint n_all, n_voicemail;

  /* Some of the seeded interactions are about a voicemail, not all. */
  g_autofree char *voicemail = g_strdup_printf (
    "UPDATE journey SET agent_comment = 'Left a voicemail' WHERE id IN (SELECT id FROM "
    "journey WHERE account_number = '%s' ORDER BY id LIMIT 2)",
    wrapup_call_get_account_number (fixture->call));

  test_sim_exec (fixture->sim, "UPDATE journey SET agent_comment = 'Spoke to the customer'");
  test_sim_exec (fixture->sim, voicemail);
  test_keys_press (window, "<Control>2");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  g_assert_true (test_wait_until (journey_has_voicemail, fixture, 10000));
  /* The Journey page is made when it is first shown. */
  shown = wrapup_journey_view_get_shown (
    WRAPUP_JOURNEY_VIEW (test_ui_find_child (GTK_WIDGET (fixture->window),
                                             WRAPUP_TYPE_JOURNEY_VIEW)));
  n_all = g_list_model_get_n_items (shown);

  test_keys_reset_count ();
  test_keys_press (window, "<Control>2");
  test_keys_press (window, "<Control>f");
  test_keys_type (window, "voicemail");
  g_test_message ("flow C took %u keys", test_keys_count ());
  g_assert_cmpuint (test_keys_count (), <=, 11);
  test_spin (300);

  n_voicemail = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_voicemail, >, 0);
  g_assert_cmpuint (n_voicemail, <, n_all);
  for (guint i = 0; i < n_voicemail; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);
      g_autofree char *text = g_strdup_printf ("%s", lcm_journey_entry_get_agent_comment (entry));

      g_assert_nonnull (strstr (text, "voicemail"));
    }
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/wrapup/keyboard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("initial-focus", test_initial_focus);
  ADD ("enter-in-empty-search", test_enter_in_empty_search);
  ADD ("tab-order", test_tab_order);
  ADD ("tab-reading-order", test_tab_reading_order);
  ADD ("focus-after-dialog", test_focus_after_dialog);
  ADD ("flow/outcomes", test_flow_outcomes);
  ADD ("numbered", test_numbered);
  ADD ("numbered/from-journey", test_numbered_from_journey);
  ADD ("callback-outcome-books", test_callback_outcome_books);
  ADD ("ranking", test_ranking);
  ADD ("flow/callback", test_flow_callback);
  ADD ("flow/journey-filter", test_flow_journey_filter);
  ADD ("shortcuts/at-open", test_shortcuts_at_open);
  ADD ("shortcuts/after-ctrl-2", test_shortcuts_after_journey);

#undef ADD

  return g_test_run ();
}
