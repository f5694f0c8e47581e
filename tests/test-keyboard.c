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
  GtkWidget *found = test_ui_find_named (GTK_WIDGET (fixture->window), name);

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

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *account = NULL;
  g_autoptr(WrapupCallLink) link = NULL;

  fixture->sim = test_sim_start (NULL);
  fixture->data_dir = g_dir_make_tmp ("wrapup-keyboard-XXXXXX", NULL);
  fixture->session = wrapup_session_new (NULL);
  wrapup_session_open_storage (fixture->session, fixture->data_dir);
  wrapup_session_configure (fixture->session, fixture->sim->url, "testagent", FALSE, NULL,
                            NULL);
  account = test_sim_account_of_call (fixture->sim, TEST_DEMO_CALL);
  link = wrapup_call_link_new (TEST_DEMO_CALL, account, LCM_CALL_TYPE_OUTBOUND, NULL, NULL);
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

  while ((other = find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG)) != NULL)
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
typedef struct
{
  GtkFileChooser *chooser;
  const char     *path;
} ChooserWait;

static gboolean
chooser_has_file (gpointer user_data)
{
  ChooserWait *wait = user_data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (wait->chooser);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, wait->path) == 0;
}

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
  ChooserWait chooser_wait;
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
  g_assert_nonnull (find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  gtk_window_destroy (find_toplevel (WRAPUP_TYPE_CALLBACK_DIALOG));
  test_spin (50);
  test_keys_focus_window (window);

  /* Ctrl+E from the wrap-up page: the Journey page and its export, to a file. Not under
   * AddressSanitizer (as in test-journey-view.c): GTK 4.8's file chooser dialog leaves its
   * sidebar's one-time caches (libcloudproviders, GIO volume monitors) behind, which
   * LeakSanitizer reports at exit. */
#if !defined(__SANITIZE_ADDRESS__)
  test_keys_press (window, "<Control>e");
  g_assert_cmpstr (visible_page (fixture), ==, "journey");
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  /* The export goes through: a file name over the suggested one, accepted. */
  csv = g_strdup_printf ("%s/journey-%u.csv", fixture->data_dir, ++fixture->exports);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), csv);
  chooser_wait = (ChooserWait) { GTK_FILE_CHOOSER (chooser), csv };
  g_assert_true (test_wait_until (chooser_has_file, &chooser_wait, 10000));
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

  /* The journey refreshes by itself: the interaction just saved is in it, no F5 needed. */
  g_assert_true (test_wait_until (journey_has_comment, fixture, 10000));
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/keyboard/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("initial-focus", test_initial_focus);
  ADD ("enter-in-empty-search", test_enter_in_empty_search);
  ADD ("tab-order", test_tab_order);
  ADD ("flow/outcomes", test_flow_outcomes);
  ADD ("shortcuts/at-open", test_shortcuts_at_open);
  ADD ("shortcuts/after-ctrl-2", test_shortcuts_after_journey);

#undef ADD

  return g_test_run ();
}
