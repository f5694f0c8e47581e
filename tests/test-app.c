/* test-app.c: the application as the dialer drives it, through deep links
 *
 * This process is the primary instance on a private session bus (GTestDBus); real `wrapup`
 * processes started here are second instances that hand their links to it over D-Bus, as
 * a softphone's launch would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-application.h"
#include "wrapup-callbacks-window.h"
#include "wrapup-disposition-page.h"
#include "wrapup-form-columns.h"
#include "wrapup-history-panel.h"
#include "wrapup-journey-view.h"
#include "wrapup-question.h"
#include "wrapup-window.h"
#include "wrapup-test-notifications.h"
#include "wrapup-test-ui.h"

#define DEMO_LINK "wrapup://call/12345?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND" \
                  "&contact=447700900123&campaign=SamplePreviewCampaign-ACQ"

static WrapupApplication *app;
static TestSim *sim;
/* Never finalized: its finalizer would wait for the bus connection singleton to go, and
 * GApplication keeps that for the life of the process. */
static GTestDBus *bus;
static TestNotificationServer *notifications;

typedef struct
{
  gboolean  done;
  int       status;
  char     *out;
  char     *err;
} Run;

static void
on_communicated_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Run *run = user_data;
  GSubprocess *process = G_SUBPROCESS (source_object);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  run->done = TRUE;
}

static gboolean
run_done (gpointer user_data)
{
  return ((Run *) user_data)->done;
}

/* Runs `wrapup ARGS…` as another process while this one keeps serving D-Bus. */
static Run *
run_wrapup (const char *first_arg,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);
  va_list args;

  g_ptr_array_add (argv, (char *) test_sim_program_path ("WRAPUP"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated_cb, run);
  g_assert_true (test_wait_until (run_done, run, 60000));
  return run;
}

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static WrapupWindow *
window_of_call (const char *call_id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      WrapupCall *call;

      if (!WRAPUP_IS_WINDOW (l->data))
        continue;
      call = wrapup_window_get_call (l->data);
      if (call != NULL && g_strcmp0 (wrapup_call_get_call_id (call), call_id) == 0)
        return l->data;
    }
  return NULL;
}

static guint
n_windows (void)
{
  return g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static gboolean
call_window_exists (gpointer user_data)
{
  return window_of_call (user_data) != NULL;
}

static char *
link_for_call (const char *call_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT c.account_number FROM calls k JOIN contacts c "
                                          "USING (contact_id) WHERE k.callid = '%s'", call_id);
  g_autofree char *account = test_sim_query_text (sim, sql);
  g_autofree char *escaped = g_uri_escape_string (account, NULL, FALSE);

  return g_strdup_printf ("wrapup://call/%s?account=%s&type=INBOUND", call_id, escaped);
}

static void
test_link_opens_call (void)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWindow *again;
  WrapupCall *call;
  g_autofree char *png = NULL;
  guint windows;

  window = wrapup_application_open_link (app, DEMO_LINK, &error);
  g_assert_no_error (error);
  g_assert_true (WRAPUP_IS_WINDOW (window));
  call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  g_assert_cmpstr (wrapup_call_get_call_id (call), ==, "12345");
  g_assert_cmpstr (wrapup_call_get_account_number (call), ==, "5|3|1|0|0|44|1");
  g_assert_cmpstr (wrapup_call_get_contact_number (call), ==, "447700900123");
  g_assert_cmpstr (wrapup_call_get_agent_id (call), ==, "testagent");

  /* The wrap-up lists are filled from the gateway. */
  g_assert_true (test_ui_wait_loaded (call));
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_assert_cmpint (wrapup_call_get_load_state (call, i), ==, WRAPUP_LOAD_READY);
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_telephony_outcomes (call)), ==, 49);
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_business_outcome_list (call)), ==,
                    test_sim_query_int (sim, "SELECT count(*) FROM business_outcomes "
                                             "WHERE outcome_group = 'OUTBOUND' "
                                             "AND campaign_id = (SELECT campaign_id FROM calls WHERE callid = '12345')"));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Call 12345");

  test_ui_show (window);
  png = test_ui_save_png (GTK_WIDGET (window), "call-window");

  /* The Journey page is built when first shown (see ensure_journey_view() in
   * wrapup-window.c), and then shows the journey already loaded, without asking again. */
  {
    AdwViewStack *pages = ADW_VIEW_STACK (test_ui_find_child (GTK_WIDGET (window),
                                                              ADW_TYPE_VIEW_STACK));
    gint64 journey_requests = test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE "
                                                       "text LIKE '%GetCustomerJourney%'");
    GtkWidget *journey;
    GListModel *rows;
    g_autofree char *journey_png = NULL;

    g_assert_cmpstr (adw_view_stack_get_visible_child_name (pages), ==, "wrapup");
    g_assert_null (test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_JOURNEY_VIEW));
    g_assert_null (test_ui_find_child (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-journey", NULL);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (pages), ==, "journey");
    journey = test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_JOURNEY_VIEW);
    g_assert_nonnull (journey);
    test_spin (200);
    rows = wrapup_journey_view_get_shown (WRAPUP_JOURNEY_VIEW (journey));
    g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==,
                      g_list_model_get_n_items (wrapup_call_get_journey (call)));
    g_assert_nonnull (test_ui_find_child (journey, GTK_TYPE_COLUMN_VIEW));
    g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE "
                                              "text LIKE '%GetCustomerJourney%'"), ==,
                     journey_requests);
    journey_png = test_ui_save_png (GTK_WIDGET (window), "call-window-journey");
    /* Back and forth: the same view. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-wrapup", NULL);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-journey", NULL);
    g_assert_true (test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_JOURNEY_VIEW) ==
                   journey);
  }

  /* The same link again focuses the same window. */
  windows = n_windows ();
  again = wrapup_application_open_link (app, DEMO_LINK, &error);
  g_assert_no_error (error);
  g_assert_true (again == window);
  g_assert_cmpuint (n_windows (), ==, windows);
}

static void
test_link_from_second_instance (void)
{
  g_autofree char *link = link_for_call ("1001");
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) same = NULL;
  WrapupWindow *window;
  guint windows = n_windows ();

  g_assert_null (window_of_call ("1001"));

  /* Another process with the link: it hands it to this one and exits. */
  run = run_wrapup (link, NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (test_wait_until (call_window_exists, (gpointer) "1001", 10000));
  window = window_of_call ("1001");
  g_assert_cmpuint (n_windows (), ==, windows + 1);
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (window)));
  g_assert_cmpuint (g_list_model_get_n_items (
                      wrapup_call_get_telephony_outcomes (wrapup_window_get_call (window))),
                    ==, 49);

  /* The same link from yet another process opens no second window for that call. */
  same = run_wrapup (link, NULL);
  g_assert_cmpint (same->status, ==, 0);
  test_spin (200);
  g_assert_cmpuint (n_windows (), ==, windows + 1);
}

/* The channel and period the agent chose last time go with the call's first journey request,
 * though the Journey page is not built yet. */
static void
test_remembered_journey_filters (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *link = link_for_call ("1003");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sent = NULL;
  GtkWindow *window;
  JsonObject *data;

  g_settings_set_int (settings, "journey-channel", 1);
  g_settings_set_int (settings, "journey-months", 6);
  window = wrapup_application_open_link (app, link, &error);
  g_assert_no_error (error);
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (WRAPUP_WINDOW (window))));
  g_assert_null (test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_JOURNEY_VIEW));

  sent = test_sim_query_text (sim, "SELECT text FROM wire_log WHERE text LIKE "
                                   "'%\"GetCustomerJourney\"%' ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (sent);
  g_assert_true (json_parser_load_from_data (parser, sent, -1, &error));
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "data");
  g_assert_nonnull (data);
  g_assert_cmpint (json_object_get_int_member (data, "ChannelID"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (data, "MonthType"), ==, 6);

  g_settings_reset (settings, "journey-channel");
  g_settings_reset (settings, "journey-months");
  gtk_window_destroy (window);
}

static gboolean
window_shown (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

/* A call's window waits for its requests to go out before it is shown (see
 * present_when_sent()), but not for a gateway that does not answer. */
static void
test_shown_without_gateway (void)
{
  g_autofree char *link = link_for_call ("1002");
  g_autoptr(GError) error = NULL;
  LcmClient *client = wrapup_application_get_client (app);
  GtkWindow *window;

  g_assert_nonnull (client);
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));

  window = wrapup_application_open_link (app, link, &error);
  g_assert_no_error (error);
  g_assert_nonnull (window);
  g_assert_true (test_wait_until (window_shown, window, 10000));
  g_assert_cmpint (wrapup_call_get_load_state (wrapup_window_get_call (WRAPUP_WINDOW (window)),
                                               WRAPUP_SECTION_TELEPHONY_OUTCOMES), !=,
                   WRAPUP_LOAD_READY);

  /* The gateway back, the call loads in the window already shown. */
  test_sim_restart (sim);
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (WRAPUP_WINDOW (window))));
  gtk_window_destroy (window);
}

static gboolean
call_loaded (gpointer user_data)
{
  return wrapup_call_get_load_state (user_data, WRAPUP_SECTION_TELEPHONY_OUTCOMES)
         == WRAPUP_LOAD_READY
         && wrapup_call_get_cached_at (user_data, WRAPUP_SECTION_TELEPHONY_OUTCOMES) == NULL;
}

/* A link that arrives before the gateway is set keeps its call: the window says why it
 * waits and offers Preferences, and the call loads as soon as the gateway is set. */
static void
test_link_kept_until_gateway_set (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *url = g_settings_get_string (settings, "server-url");
  g_autofree char *link = link_for_call ("1004");
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  WrapupCall *call;
  GtkWidget *banner;
  GtkWidget *button;

  g_settings_set_string (settings, "server-url", "");
  g_assert_null (wrapup_application_get_client (app));

  window = wrapup_application_open_link (app, link, &error);
  g_assert_no_error (error);
  g_assert_nonnull (window);
  call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  g_assert_null (wrapup_call_get_client (call));
  test_ui_show (window);
  banner = test_ui_find_by_text (GTK_WIDGET (window),
                                 "No gateway is set. The call is kept: it loads as soon as the "
                                 "gateway’s address is set.");
  g_assert_nonnull (banner);
  g_assert_true (gtk_revealer_get_reveal_child (
                   GTK_REVEALER (gtk_widget_get_ancestor (banner, GTK_TYPE_REVEALER))));
  button = test_ui_find_by_text (GTK_WIDGET (window), "Open _Preferences");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (
                     GTK_ACTIONABLE (gtk_widget_get_ancestor (button, GTK_TYPE_BUTTON))), ==,
                   "app.preferences");
  g_free (test_ui_save_png (GTK_WIDGET (window), "no-gateway"));

  /* The agent sets the gateway: the call loads, in the same window. */
  g_settings_set_string (settings, "server-url", url);
  g_assert_true (test_wait_until (call_loaded, call, 30000));
  g_assert_true (wrapup_window_get_call (WRAPUP_WINDOW (window)) == call);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                            "'%GetOutcomeByOutcomegroup%1004%'"), >=, 1);
  test_spin (300);
  g_assert_false (gtk_revealer_get_reveal_child (
                    GTK_REVEALER (gtk_widget_get_ancestor (banner, GTK_TYPE_REVEALER))));
  gtk_window_destroy (window);
}

static GtkWidget *
find_mapped (GtkWidget *widget,
             gboolean (*matches) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (gtk_widget_get_mapped (widget) && matches (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, matches, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_question (GtkWidget     *widget,
             gconstpointer  data)
{
  return wrapup_question_is_question (widget);
}

/* The question on screen: an AdwAlertDialog in its window, or an AdwMessageDialog window
 * (wrapup-question.c), whichever this libadwaita has. */
static GtkWidget *
shown_question (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GtkWidget *found = find_mapped (l->data, is_question, NULL);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                              label) == 0;
}

/* An AdwAlertDialog fades in over its window (some 300 ms): its screen once it has. Only the
 * picture waits, no assertion. */
static void
save_question_png (GtkWidget  *question,
                   const char *name)
{
  test_spin (400);
  g_free (test_ui_save_png (question, name));
}

static gboolean
question_gone (gpointer user_data)
{
  GtkWidget **question = user_data;

  return *question == NULL || !gtk_widget_get_mapped (*question);
}

/* Clicks the response's button, as the agent does, and waits until the question has gone:
 * an AdwAlertDialog fades out, and until it has, shown_question() would find it again (the
 * next question may have the same heading). */
typedef struct
{
  GtkWidget  *question;
  const char *label;
  GtkWidget  *button;
} ButtonSearch;

static gboolean
button_shown (gpointer user_data)
{
  ButtonSearch *search = user_data;

  search->button = find_mapped (search->question, is_button_labelled, search->label);
  return search->button != NULL;
}

static void
answer (GtkWidget  *question,
        const char *response)
{
  ButtonSearch search = { question, wrapup_question_get_response_label (question, response) };
  GtkWidget *button;

  /* The agent clicks it once it is on screen: a question just presented lays its buttons
   * out at its first frame (slowly so under the sanitizers). */
  g_assert_true (test_wait_until (button_shown, &search, 10000));
  button = search.button;
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *) &question);
  /* Not gtk_widget_activate(): a button activated so shows itself pressed and clicks
   * 250 ms later. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (test_wait_until (question_gone, &question, 10000));
  if (question != NULL)
    g_object_remove_weak_pointer (G_OBJECT (question), (gpointer *) &question);
}

/* Closes the window as the agent does (Ctrl+W), and answers the question it asks. */
static void
close_and_answer (GtkWindow  *window,
                  const char *heading,
                  const char *response,
                  const char *png)
{
  GtkWidget *dialog;

  gtk_window_close (window);
  test_spin (100);
  dialog = shown_question ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (wrapup_question_get_heading (dialog), ==, heading);
  if (png != NULL)
    save_question_png (dialog, png);
  answer (dialog, response);
  test_spin (200);
}

/* Closing a window with an unsaved wrap-up asks first; what was typed is kept whatever the
 * answer, unless the agent discards it. */
static void
test_close_asks (void)
{
  g_autofree char *link = link_for_call ("1006");
  g_autoptr(GError) error = NULL;
  WrapupSession *session = wrapup_application_get_session (app);
  GtkWindow *window;
  GtkWidget *dialog;
  WrapupCall *call;
  GtkTextView *comments;

  window = wrapup_application_open_link (app, link, &error);
  g_assert_no_error (error);
  call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  g_assert_true (test_ui_wait_loaded (call));
  test_ui_show (window);
  comments = GTK_TEXT_VIEW (test_ui_find_child (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (comments), "Half a thought", -1);
  g_assert_true (wrapup_call_has_unsaved_input (call));

  /* Quitting asks too, and Cancel keeps everything running. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  test_spin (100);
  dialog = shown_question ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (wrapup_question_get_heading (dialog), ==, "Quit Wrapup?");
  g_assert_nonnull (strstr (wrapup_question_get_body (dialog),
                            "1 wrap-up is not saved yet."));
  g_assert_true (wrapup_question_has_response (dialog, "discard"));
  save_question_png (dialog, "quit-unsaved");
  answer (dialog, "cancel");
  test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Cancel: the window stays. */
  close_and_answer (window, "Keep the Unsaved Wrap-up?", "cancel", "close-unsaved");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Keep: the window goes, the draft stays on disk. */
  close_and_answer (window, "Keep the Unsaved Wrap-up?", "keep", NULL);
  g_assert_null (window_of_call ("1006"));
  {
    g_autoptr(WrapupDraft) draft =
      wrapup_draft_store_lookup (wrapup_session_get_drafts (session), "1006");

    g_assert_nonnull (draft);
    g_assert_cmpstr (draft->comments, ==, "Half a thought");
  }

  /* Opened again: the comment is back; closed with Discard: gone. */
  window = wrapup_application_open_link (app, link, &error);
  g_assert_no_error (error);
  call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  g_assert_true (test_ui_wait_loaded (call));
  g_assert_true (wrapup_call_has_unsaved_input (call));
  close_and_answer (window, "Keep the Unsaved Wrap-up?", "discard", NULL);
  g_assert_null (window_of_call ("1006"));
  g_assert_null (wrapup_draft_store_lookup (wrapup_session_get_drafts (session), "1006"));
}

static gboolean
notified (gpointer user_data)
{
  for (guint i = 0; i < notifications->summaries->len; i++)
    if (g_strcmp0 (g_ptr_array_index (notifications->summaries, i), user_data) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
queued (gpointer user_data)
{
  return wrapup_call_get_queued (user_data);
}

static gboolean
call_submitted (gpointer user_data)
{
  return wrapup_call_get_submitted (user_data);
}

static gboolean
window_drawn (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

/* The call's window, loaded and on screen. */
static GtkWindow *
open_call (const char *call_id)
{
  g_autofree char *link = link_for_call (call_id);
  g_autoptr(GError) error = NULL;
  GtkWindow *window = wrapup_application_open_link (app, link, &error);

  g_assert_no_error (error);
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (WRAPUP_WINDOW (window))));
  g_assert_true (test_wait_until (window_drawn, window, 10000));
  test_spin (50);
  return window;
}

/* Saves a telephony outcome, as the agent would. */
static void
save_telephony (GtkWindow *window)
{
  WrapupCall *call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  GtkWidget *page = test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_DISPOSITION_PAGE);
  GtkWidget *search = test_ui_find_field (page, "telephony-search");

  gtk_editable_set_text (GTK_EDITABLE (search), "Busy");
  g_signal_emit_by_name (search, "activate");
  g_assert_true (gtk_widget_activate_action (page, "disposition.submit", NULL));
  g_assert_true (test_wait_until (call_submitted, call, 30000));
}

/* One window per agent: the next call's window replaces a saved call's; a window with
 * unsaved input stays; with the setting off, every call keeps its window. */
static void
test_reuse_window (void)
{
  g_autoptr(GSettings) settings = wrapup_settings_new_if_installed ();
  GtkWindow *window;
  GtkWidget *comments;

  g_assert_nonnull (settings);
  g_assert_true (g_settings_get_boolean (settings, "reuse-window"));
  window = open_call ("1008");
  save_telephony (window);
  open_call ("1009");
  g_assert_null (window_of_call ("1008"));
  g_assert_nonnull (window_of_call ("1009"));

  /* Half a wrap-up typed: that window stays. */
  window = GTK_WINDOW (window_of_call ("1009"));
  comments = test_ui_find_field (GTK_WIDGET (window), "comments");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (comments)), "Half done", -1);
  g_assert_true (wrapup_call_has_unsaved_input (wrapup_window_get_call (WRAPUP_WINDOW (window))));
  window = open_call ("1010");
  g_assert_nonnull (window_of_call ("1009"));
  g_assert_nonnull (window_of_call ("1010"));

  /* Off: a saved call keeps its window. */
  g_settings_set_boolean (settings, "reuse-window", FALSE);
  save_telephony (window);
  open_call ("1005");
  g_assert_nonnull (window_of_call ("1010"));
  g_assert_nonnull (window_of_call ("1005"));
  g_settings_reset (settings, "reuse-window");

  gtk_window_destroy (GTK_WINDOW (window_of_call ("1009")));
  gtk_window_destroy (GTK_WINDOW (window_of_call ("1010")));
  gtk_window_destroy (GTK_WINDOW (window_of_call ("1005")));
  test_spin (100);
}

static gboolean
acw_at_least_six_seconds (gpointer user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_difference (now, wrapup_call_get_opened_at (user_data))
         >= 6 * G_TIME_SPAN_SECOND;
}

static gboolean
has_error_style (gpointer user_data)
{
  return gtk_widget_has_css_class (user_data, "error");
}

/* The ACW target: the timer shows it, warns near it (80 %), turns to an error past it and
 * the window title says so; none once the wrap-up is saved; none without a target. */
static void
test_acw_target (void)
{
  g_autoptr(GSettings) settings = wrapup_settings_new_if_installed ();
  GtkWindow *window;
  WrapupCall *call;
  GtkWidget *timer;

  window = open_call ("1003");
  call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  timer = test_ui_find_field (GTK_WIDGET (window), "acw-timer");

  /* Far off: shown, nothing more. */
  g_settings_set_int (settings, "acw-target", 3600);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (timer)), " / 1:00:00"));
  g_assert_false (gtk_widget_has_css_class (timer, "warning"));
  g_assert_false (gtk_widget_has_css_class (timer, "error"));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Call 1003");

  /* Near (85 % of it gone): a warning. */
  g_assert_true (test_wait_until (acw_at_least_six_seconds, call, 20000));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    gint64 elapsed = g_date_time_difference (now, wrapup_call_get_opened_at (call))
                     / G_TIME_SPAN_SECOND;

    g_settings_set_int (settings, "acw-target", (int) (elapsed * 100 / 85));
  }
  g_assert_true (gtk_widget_has_css_class (timer, "warning"));
  g_assert_false (gtk_widget_has_css_class (timer, "error"));

  /* Passed: an error, in words too, and in the title. */
  g_settings_set_int (settings, "acw-target", 3);
  g_assert_true (gtk_widget_has_css_class (timer, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (timer)), "over 00:03"));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Over wrap-up target — Call 1003");
  g_free (test_ui_save_png (GTK_WIDGET (window), "acw-target-passed"));

  /* No target: the plain clock. */
  g_settings_set_int (settings, "acw-target", 0);
  g_assert_false (gtk_widget_has_css_class (timer, "error"));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (timer)), "/"));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Call 1003");

  /* Saved: no warning, whatever the target. */
  g_settings_set_int (settings, "acw-target", 1);
  g_assert_true (test_wait_until (has_error_style, timer, 10000));
  save_telephony (window);
  test_spin (1100);
  g_assert_false (gtk_widget_has_css_class (timer, "error"));
  g_assert_false (gtk_widget_has_css_class (timer, "warning"));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Call 1003");
  g_settings_reset (settings, "acw-target");
  gtk_window_destroy (window);
  test_spin (100);
}

static WrapupCallbacksWindow *
find_callbacks_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (WRAPUP_IS_CALLBACKS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
callbacks_listed (gpointer user_data)
{
  WrapupCallbacksWindow *window = find_callbacks_window ();

  return window != NULL
         && g_list_model_get_n_items (wrapup_callbacks_window_get_model (window)) > 0;
}

static gboolean
has_width (gpointer user_data)
{
  return gtk_widget_get_width (user_data) > 0;
}

static gboolean
shows_journey (gpointer user_data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (test_ui_find_child (user_data, ADW_TYPE_VIEW_STACK));

  return g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "journey") == 0;
}

/* My callbacks names a customer whose call is open by that call's number and the campaign
 * its journey names; such a row opens the call's journey, and can be rescheduled there. */
static void
test_callbacks_named (void)
{
  GtkWindow *call_window;
  WrapupCallbacksWindow *callbacks;
  WrapupCall *call;
  GtkWidget *row = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *contact_id = NULL;

  call_window = wrapup_application_open_link (app, DEMO_LINK, NULL);
  call = wrapup_window_get_call (WRAPUP_WINDOW (call_window));
  g_assert_true (test_ui_wait_loaded (call));
  contact_id = test_sim_query_text (sim, "SELECT contact_id FROM calls WHERE callid = '12345'");
  campaign = test_sim_query_text (sim, "SELECT campaign_name FROM journey WHERE contact_id = "
                                       "(SELECT contact_id FROM calls WHERE callid = '12345') "
                                       "ORDER BY id LIMIT 1");
  g_assert_nonnull (campaign);

  g_action_group_activate_action (G_ACTION_GROUP (app), "show-callbacks", NULL);
  g_assert_true (test_wait_until (callbacks_listed, NULL, 20000));
  callbacks = find_callbacks_window ();
  for (GtkWidget *child = test_ui_find_child (GTK_WIDGET (callbacks), GTK_TYPE_LIST_BOX_ROW);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (child)))
      {
        row = child;
        break;
      }
  /* The demo customer has callbacks: named by the call's number, not "Contact #1". */
  g_assert_nonnull (row);
  g_assert_nonnull (test_ui_find_by_text (row, wrapup_call_get_contact_number (call) != NULL
                                               ? wrapup_call_get_contact_number (call)
                                               : wrapup_call_get_account_number (call)));
  g_assert_null (test_ui_find_by_text (row, "Contact #"));
  g_assert_true (test_wait_until (has_width, callbacks, 5000));
  /* Past the stack's crossfade. */
  test_spin (600);
  g_free (test_ui_save_png (GTK_WIDGET (callbacks), "callbacks-named"));

  /* Enter on it: the call's journey. */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_true (test_wait_until (shows_journey, call_window, 5000));
  gtk_window_destroy (GTK_WINDOW (callbacks));
  test_spin (100);
}

static gboolean
widget_visible (gpointer user_data)
{
  return gtk_widget_get_visible (user_data) && gtk_widget_get_mapped (user_data);
}

static gboolean
history_has_comment (gpointer user_data)
{
  return test_ui_find_by_text (user_data, "Panel check: the customer asked for the annual plan") != NULL;
}

/* On a wide window the last interactions sit beside the form, newest first, the whole
 * comment shown; on a narrower one they do not; after a save the new one is there. */
/* The window no larger than asked for (its minimum no wider), the Save button whole inside
 * it. */
static void
assert_save_inside (GtkWindow  *window,
                    int         width,
                    int         height,
                    const char *what)
{
  GtkWidget *submit = test_ui_find_field (GTK_WIDGET (window), "submit-button");
  int shown_width = gtk_widget_get_width (GTK_WIDGET (window));
  int shown_height = gtk_widget_get_height (GTK_WIDGET (window));
  int min_width, min_height;
  graphene_rect_t bounds;

  g_assert_nonnull (submit);
  g_assert_true (gtk_widget_get_mapped (submit));
  g_assert_true (gtk_widget_compute_bounds (submit, GTK_WIDGET (window), &bounds));
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
                      NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, width, &min_height, NULL,
                      NULL, NULL);
  if (min_width > width || min_height > height || shown_width > width || shown_height > height
      || bounds.origin.x < 0 || bounds.origin.y < 0
      || bounds.origin.x + bounds.size.width > shown_width
      || bounds.origin.y + bounds.size.height > shown_height
      || bounds.size.width < 1 || bounds.size.height < 1)
    g_error ("%s: the window is %d×%d, at least %d×%d (asked %d×%d), Save at %.0f,%.0f %.0f×%.0f",
             what, shown_width, shown_height, min_width, min_height, width, height,
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
}

static gboolean
window_is_size (gpointer user_data)
{
  GtkWidget *window = user_data;
  int *size = g_object_get_data (G_OBJECT (window), "test-size");

  return gtk_widget_get_width (window) <= size[0] && gtk_widget_get_height (window) <= size[1];
}

/* The smallest window the metainfo promises (360×600), as is, with 1.5× text and in high
 * contrast: the form is one column, Save is inside the window, and the Journey page does not
 * widen it. A wide window has two columns. */
static void
test_small_sizes (void)
{
  g_autoptr(GSettings) settings = wrapup_settings_new_if_installed ();
  g_autoptr(GSettings) a11y = NULL;
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  int default_dpi;
  struct { int width, height, text_percent; gboolean contrast; const char *name; } cases[] = {
    { 360, 600, 100, FALSE, "" },
    { 360, 600, 150, FALSE, "-large-text" },
    { 360, 600, 100, TRUE, "-high-contrast" },
    { 1100, 760, 150, FALSE, "-large-text" },
  };

  /* libadwaita follows the desktop's high-contrast key (without the settings portal). */
  g_autoptr(GSettingsSchema) a11y_schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                     "org.gnome.desktop.a11y.interface", TRUE);

  if (a11y_schema != NULL)
    a11y = g_settings_new ("org.gnome.desktop.a11y.interface");
  g_assert_nonnull (a11y);
  /* Run again at twice the scale (the app-hidpi test, GDK_SCALE=2). */
  const char *prefix = g_strcmp0 (g_getenv ("GDK_SCALE"), "2") == 0 ? "hidpi-" : "";

  g_autofree char *default_layout = NULL;

  g_object_get (gtk_settings, "gtk-xft-dpi", &default_dpi, "gtk-decoration-layout",
                &default_layout, NULL);
  /* GNOME's title bar buttons (GTK's own default adds minimize and maximize, whose room the
   * centred title keeps on both sides: 378 px at least). */
  g_object_set (gtk_settings, "gtk-decoration-layout", "appmenu:close", NULL);
  if (default_dpi <= 0)
    default_dpi = 96 * 1024;

  /* What the screen holds, in logical pixels: at twice the scale, CI's 1280×1024 screen is
   * 640×512, smaller than a HiDPI laptop's (960×540). A case larger than that is made to
   * fill the screen. */
  {
    GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
    g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    GdkRectangle geometry;

    gdk_monitor_get_geometry (monitor, &geometry);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        cases[i].width = MIN (cases[i].width, geometry.width);
        cases[i].height = MIN (cases[i].height, geometry.height);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int size[2] = { cases[i].width, cases[i].height };
      g_autofree char *name = g_strdup_printf ("%ssize-%dx%d%s", prefix, cases[i].width,
                                               cases[i].height, cases[i].name);
      GtkWindow *window;
      GtkWidget *columns;

      if (window_of_call ("1006") != NULL)
        gtk_window_destroy (GTK_WINDOW (window_of_call ("1006")));
      test_spin (100);
      g_object_set (gtk_settings, "gtk-xft-dpi", default_dpi * cases[i].text_percent / 100, NULL);
      if (a11y != NULL)
        g_settings_set_boolean (a11y, "high-contrast", cases[i].contrast);
      g_settings_set_int (settings, "window-width", cases[i].width);
      g_settings_set_int (settings, "window-height", cases[i].height);
      window = open_call ("1006");
      if (cases[i].contrast)
        g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
      g_object_set_data (G_OBJECT (window), "test-size", size);
      /* Opened wider while it loaded (the window keeps a size it had), the agent can still
       * make it as small as asked. */
      if (!window_is_size (window))
        gtk_window_set_default_size (window, cases[i].width, cases[i].height);
      test_wait_until (window_is_size, window, 5000);
      test_spin (300);
      assert_save_inside (window, cases[i].width, cases[i].height, name);

      columns = test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_FORM_COLUMNS);
      g_assert_nonnull (columns);
      g_assert_cmpuint (wrapup_form_columns_get_n_columns (WRAPUP_FORM_COLUMNS (columns)), ==,
                        cases[i].width < 700 ? 1 : 2);
      g_assert_cmpint (gtk_widget_get_scale_factor (GTK_WIDGET (window)), ==, *prefix ? 2 : 1);
      g_free (test_ui_save_png (GTK_WIDGET (window), name));

      /* The Journey page, and back: the window keeps its size. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-journey", NULL));
      test_spin (500);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, cases[i].width);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, cases[i].height);
      {
        g_autofree char *journey = g_strconcat (name, "-journey", NULL);

        g_free (test_ui_save_png (GTK_WIDGET (window), journey));
      }
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-wrapup", NULL));
      test_spin (200);
      assert_save_inside (window, cases[i].width, cases[i].height, name);
      gtk_window_destroy (window);
    }
  /* Not NULL: the header bars split it. */
  g_object_set (gtk_settings, "gtk-xft-dpi", default_dpi, "gtk-decoration-layout",
                default_layout != NULL ? default_layout : "menu:close", NULL);
  g_settings_reset (a11y, "high-contrast");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  test_spin (100);
}

static void
test_history_beside_form (void)
{
  g_autoptr(GSettings) settings = wrapup_settings_new_if_installed ();
  /* Longer than any column would show, to see that it is not cut. */
  const char *long_comment = "Spoke to the customer about the renewal at length; they want the "
                             "quote by email before Friday and a call back from the same agent.";
  g_autofree char *update = g_strdup_printf ("UPDATE journey SET agent_comment = '%s' WHERE id "
                                             "= (SELECT id FROM journey WHERE contact_id = "
                                             "(SELECT contact_id FROM calls WHERE callid = "
                                             "'1004') ORDER BY completed_at DESC LIMIT 1)",
                                             long_comment);
  GtkWindow *window;
  GtkWidget *panel;
  GtkWidget *list;
  guint n_rows = 0;

  test_sim_exec (sim, update);
  if (window_of_call ("1004") != NULL)
    gtk_window_destroy (GTK_WINDOW (window_of_call ("1004")));
  g_settings_set_int (settings, "window-width", 1400);
  window = open_call ("1004");
  panel = test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_HISTORY_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (test_wait_until (widget_visible, panel, 10000));
  list = wrapup_history_panel_get_list (WRAPUP_HISTORY_PANEL (panel));
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_cmpuint (n_rows, <=, WRAPUP_HISTORY_PANEL_ROWS);
  /* The newest first, its comment whole. */
  g_assert_nonnull (test_ui_find_by_text (gtk_widget_get_first_child (list), long_comment));
  /* The form keeps the focus. */
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_null (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                          WRAPUP_TYPE_HISTORY_PANEL));
  test_spin (300);
  g_free (test_ui_save_png (GTK_WIDGET (window), "history-beside-form"));

  /* Saved: the interaction just saved is there, without F5. */
  {
    GtkWidget *comments = test_ui_find_field (GTK_WIDGET (window), "comments");

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (comments)),
                              "Panel check: the customer asked for the annual plan", -1);
  }
  save_telephony (window);
  g_assert_true (test_wait_until (history_has_comment, panel, 20000));
  gtk_window_destroy (window);
  test_spin (100);

  /* Narrower: the form has the room. */
  g_settings_set_int (settings, "window-width", 1000);
  window = open_call ("1004");
  panel = test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_HISTORY_PANEL);
  test_spin (500);
  g_assert_false (gtk_widget_get_visible (panel));
  gtk_window_destroy (window);
  g_settings_reset (settings, "window-width");
  test_spin (100);
}

/* A wrap-up saved while the gateway is down, its window closed: when it is delivered, a
 * desktop notification says so. */
static void
test_delivered_notified (void)
{
  g_autofree char *link = link_for_call ("1007");
  g_autoptr(GError) error = NULL;
  WrapupSession *session = wrapup_application_get_session (app);
  LcmClient *client = wrapup_application_get_client (app);
  GtkWindow *window;
  WrapupCall *call;
  GtkWidget *page;
  GtkWidget *search;

  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));
  lcm_client_set_request_timeout (client, 1000);

  window = wrapup_application_open_link (app, link, &error);
  g_assert_no_error (error);
  call = wrapup_window_get_call (WRAPUP_WINDOW (window));
  g_assert_true (test_ui_wait_loaded (call));
  /* From the cache of the earlier calls of this run (the same call type). */
  page = test_ui_find_child (GTK_WIDGET (window), WRAPUP_TYPE_DISPOSITION_PAGE);
  g_assert_cmpint (wrapup_call_get_load_state (call, WRAPUP_SECTION_BUSINESS_OUTCOMES), ==,
                   WRAPUP_LOAD_READY);
  {
    GListModel *leaves = wrapup_call_get_business_outcome_list (call);
    g_autoptr(LcmBusinessOutcome) leaf = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (leaves) && leaf == NULL; i++)
      {
        g_autoptr(LcmBusinessOutcome) outcome = g_list_model_get_item (leaves, i);

        if (lcm_business_outcome_is_leaf (outcome))
          leaf = g_steal_pointer (&outcome);
      }
    g_assert_nonnull (leaf);
    search = test_ui_find_field (page, "business-search");
    gtk_editable_set_text (GTK_EDITABLE (search), lcm_business_outcome_get_description (leaf));
    g_signal_emit_by_name (search, "activate");
    test_ui_type_number (page, "lead-score", "3");
    test_ui_type_number (page, "target-amount", "3");
  }
  g_assert_true (gtk_widget_activate_action (page, "disposition.submit", NULL));
  g_assert_true (test_wait_until (queued, call, 30000));
  gtk_window_destroy (window);
  test_spin (100);
  g_assert_null (window_of_call ("1007"));

  test_sim_restart (sim);
  g_assert_true (test_wait_until (notified, (gpointer) "Wrap-up of call 1007 sent to the dialer",
                                  60000));
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions WHERE "
                                            "callid = '1007'"), ==, 1);
  g_assert_cmpuint (lcm_outbox_get_n_pending (wrapup_session_get_outbox (session)), ==, 0);
  lcm_client_set_request_timeout (client, LCM_DEFAULT_REQUEST_TIMEOUT_MS);
}

static void
test_bad_links_refused (void)
{
  const char *bad[] = {
    "https://example.com/call/1",
    "wrapup://call/1?account=5|3|1&type=MANUAL",
    "wrapup://call/1%22%7D?account=5|3|1|0|0|44|1&type=MANUAL",
    "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&contact=abc",
  };
  gint64 logged = test_sim_query_int (sim, "SELECT count(*) FROM wire_log");
  guint windows = n_windows ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Run) run = NULL;
      g_autoptr(GError) error = NULL;
      GtkWindow *window;

      g_test_message ("bad link %s", bad[i]);
      /* From another process: the agent is told, that process fails. */
      run = run_wrapup (bad[i], NULL);
      g_assert_cmpint (run->status, !=, 0);
      g_assert_nonnull (strstr (run->err, "This link cannot open a call"));

      /* In this one: refused with the reason. */
      window = wrapup_application_open_link (app, bad[i], &error);
      g_assert_null (window);
      g_assert_error (error, WRAPUP_LINK_ERROR, error->code);
    }

  test_spin (300);
  g_assert_cmpuint (n_windows (), ==, windows);
  /* Nothing reached the gateway. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, logged);
}

static void
test_start_window (void)
{
  g_autoptr(WrapupWindow) window =
    g_object_ref_sink (wrapup_window_new (GTK_APPLICATION (app),
                                          wrapup_application_get_session (app), NULL));
  g_autofree char *png = NULL;

  g_assert_null (wrapup_window_get_call (window));
  test_ui_show (GTK_WINDOW (window));
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), "No Call Open"));

  /* Ctrl+? shows the keyboard shortcuts (the window is built only then). */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.show-help-overlay");
    guint key, wanted_key;
    GdkModifierType mods, wanted_mods;

    g_assert_true (gtk_accelerator_parse ("<Primary>question", &wanted_key, &wanted_mods));
    g_assert_nonnull (accels);
    g_assert_nonnull (accels[0]);
    g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
    g_assert_cmpuint (key, ==, wanted_key);
    g_assert_cmpuint (mods, ==, wanted_mods);
  }
  png = test_ui_save_png (GTK_WIDGET (window), "start-window");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_version (void)
{
  g_autoptr(Run) run = run_wrapup ("--version", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "wrapup " PACKAGE_VERSION "\n");
}

static void
test_demo (void)
{
  g_autoptr(Run) run = NULL;
  WrapupWindow *window;

  /* Close the demo call's window of the first test, so the demo opens its own. */
  window = window_of_call ("12345");
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  test_spin (100);
  g_assert_null (window_of_call ("12345"));

  /* --demo starts the bundled simulator on a free port and opens the demo call on it. This
   * process is no wrapup binary beside its build's sim/, where the app looks first: it is
   * told, as WRAPUP_LCM_SIM lets anyone. */
  g_setenv ("WRAPUP_LCM_SIM", test_sim_program_path ("LCM_SIM"), TRUE);
  run = run_wrapup ("--demo", NULL);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (test_wait_until (call_window_exists, (gpointer) "12345", 30000));
  window = window_of_call ("12345");
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (window)));
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_assert_cmpint (wrapup_call_get_load_state (wrapup_window_get_call (window), i), ==,
                     WRAPUP_LOAD_READY);
  /* It is another gateway than the test's. */
  g_assert_cmpstr (lcm_client_get_url (wrapup_application_get_client (app)), !=, sim->url);
}

/* Stores a telephony outcome for call_id through outbox and waits for its end; returns the
 * error (NULL when the gateway took it). */
static GError *
submit_through (LcmOutbox  *outbox,
                const char *call_id,
                const char *account)
{
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
  g_autoptr(LcmRequest) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  TestWaiter waiter = { NULL };
  GError *error = NULL;

  lcm_disposition_set_call_id (disposition, call_id);
  lcm_disposition_set_account_number (disposition, account);
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, 3);
  request = lcm_request_new_disposition (disposition, NULL, &error);
  g_assert_no_error (error);
  lcm_outbox_submit_async (outbox, request, NULL, test_waiter_callback, &waiter);
  answer = lcm_outbox_submit_finish (outbox, test_waiter_wait (&waiter, 60000), NULL, &error);
  test_waiter_clear (&waiter);
  return error;
}

/* What an earlier run left behind, as if it had been killed: one wrap-up the gateway refused
 * and one that never got out. Made before the application starts. */
static void
leave_outbox_of_earlier_run (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "wrapup", "outbox.db",
                                            NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  g_autoptr(LcmOutbox) outbox = lcm_outbox_new (client, path, NULL);
  g_autofree char *account = test_sim_query_text (sim, "SELECT c.account_number FROM calls k "
                                                       "JOIN contacts c USING (contact_id) "
                                                       "WHERE k.callid = '1001'");
  g_autoptr(GError) refused = NULL;
  g_autoptr(GError) queued = NULL;

  g_assert_nonnull (outbox);
  refused = submit_through (outbox, "99999", TEST_DEMO_ACCOUNT);
  g_assert_error (refused, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  lcm_outbox_set_client (outbox, NULL);
  queued = submit_through (outbox, "1001", account);
  g_assert_error (queued, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 1);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 1);
  lcm_client_stop (client);
}

static gboolean
earlier_write_arrived (gpointer user_data)
{
  return test_sim_query_int (sim, "SELECT count(*) FROM dispositions WHERE callid = '1001'") > 0;
}

static gboolean
widget_hidden (gpointer user_data)
{
  return !gtk_widget_get_visible (user_data);
}

/* The next start sends what waited, and the window shows the refused one, with its reason,
 * for the agent to send again or remove. */
static void
test_outbox_of_earlier_run (void)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *label;
  GtkWidget *button;
  GtkWidget *row;
  LcmOutbox *outbox;
  g_autoptr(LcmOutboxEntry) entry = NULL;
  g_autofree char *png = NULL;

  g_assert_true (test_wait_until (earlier_write_arrived, NULL, 60000));
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions "
                                            "WHERE callid = '1001'"), ==, 1);

  window = wrapup_application_open_link (app, DEMO_LINK, &error);
  g_assert_no_error (error);
  outbox = wrapup_call_get_outbox (wrapup_window_get_call (WRAPUP_WINDOW (window)));
  g_assert_cmpstr (lcm_outbox_get_path (outbox), !=, NULL);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 1);

  label = test_ui_find_by_text (GTK_WIDGET (window), "1 wrap-up not sent");
  g_assert_nonnull (label);
  button = gtk_widget_get_ancestor (label, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  row = test_ui_find_by_text (button, "Call 99999");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Refused: Invalid Call ID."));
  /* A WS_Error is the gateway's last word on that write: it can be removed or corrected,
   * not sent again as it is. */
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "retry-button")));
  g_assert_true (gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "remove-button")));

  test_ui_show (window);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  test_spin (300);
  png = test_ui_save_png (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                          "outbox-refused");

  /* The agent removes it: nothing is left, and the button goes. */
  entry = g_list_model_get_item (lcm_outbox_get_entries (outbox), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "outbox.remove", "x",
                                             lcm_outbox_entry_get_id (entry)));
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 0);
  /* The open popover says so, and the button goes once it is closed. */
  g_assert_nonnull (test_ui_find_by_text (button, "Nothing waits to be sent: every wrap-up "
                                                  "reached the gateway."));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  g_assert_true (test_wait_until (widget_hidden, button, 5000));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* A private session bus: the application's name is ours alone in this test. GTestDBus
   * unsets DISPLAY (against D-Bus autolaunch); the tests need it back. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  test_ui_init (&argc, &argv);
  /* The demo data has a callback of testagent's due today: whenever the tests run in its
   * window, the application notifies, as it would on a desktop. */
  notifications = test_notification_server_start ();

  sim = test_sim_start (NULL);
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "server-url", sim->url);
  g_settings_set_string (settings, "agent-id", "testagent");

  leave_outbox_of_earlier_run ();
  app = wrapup_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));

  g_test_add_func ("/wrapup/deep-link/opens-call", test_link_opens_call);
  g_test_add_func ("/wrapup/deep-link/second-instance", test_link_from_second_instance);
  g_test_add_func ("/wrapup/deep-link/refused", test_bad_links_refused);
  g_test_add_func ("/wrapup/deep-link/remembered-journey-filters",
                   test_remembered_journey_filters);
  g_test_add_func ("/wrapup/deep-link/shown-without-gateway", test_shown_without_gateway);
  g_test_add_func ("/wrapup/outbox/earlier-run", test_outbox_of_earlier_run);
  g_test_add_func ("/wrapup/deep-link/kept-until-gateway-set", test_link_kept_until_gateway_set);
  g_test_add_func ("/wrapup/drafts/close-asks", test_close_asks);
  g_test_add_func ("/wrapup/outbox/delivered-notified", test_delivered_notified);
  g_test_add_func ("/wrapup/windows/reuse", test_reuse_window);
  g_test_add_func ("/wrapup/windows/acw-target", test_acw_target);
  g_test_add_func ("/wrapup/callbacks/named", test_callbacks_named);
  g_test_add_func ("/wrapup/windows/history-beside-form", test_history_beside_form);
  g_test_add_func ("/wrapup/windows/small-sizes", test_small_sizes);
  /* Suites run in the order they are made; the demo changes the session's gateway, so it
   * comes last. */
  g_test_add_func ("/wrapup/start/window", test_start_window);
  g_test_add_func ("/wrapup/start/version", test_version);
  g_test_add_func ("/wrapup/start/demo", test_demo);

  status = g_test_run ();

  for (GList *l; (l = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL;)
    gtk_window_destroy (l->data);
  /* Before the application goes (see wrapup-test-notifications.h). */
  g_clear_pointer (&notifications, test_notification_server_stop);
  g_clear_object (&app);
  g_clear_pointer (&sim, test_sim_free);
  g_clear_object (&settings);
  /* The application's bus connection is a process-wide singleton that outlives it:
   * stop the bus without waiting for that connection to go (g_test_dbus_down would). */
  g_test_dbus_stop (bus);
  return status;
}
