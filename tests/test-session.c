/* test-session.c: nothing the agent typed is lost, and every write's fate is visible
 *
 * Each case runs a real session (its outbox, drafts and outcome cache on disk in a folder of
 * its own) and real call windows against the simulator over real sockets: a draft kept
 * through a kill -9 of the process that typed it, a wrap-up recorded from the cached lists
 * while the gateway is down and delivered once it is back, a refused wrap-up's values and
 * reason shown again when its call is opened again, and sections that load again by
 * themselves when the connection comes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "wrapup-disposition-page.h"
#include "wrapup-session.h"
#include "wrapup-window.h"
#include "wrapup-test-ui.h"

typedef struct
{
  TestSim       *sim;
  char          *data_dir;
  WrapupSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sim = test_sim_start (NULL);
  fixture->data_dir = g_dir_make_tmp ("wrapup-session-XXXXXX", NULL);
  g_assert_nonnull (fixture->data_dir);
  fixture->session = wrapup_session_new (NULL);
  wrapup_session_open_storage (fixture->session, fixture->data_dir);
  g_assert_null (wrapup_session_take_problems (fixture->session));
  wrapup_session_configure (fixture->session, fixture->sim->url, "testagent", FALSE, NULL,
                            NULL);
  g_assert_nonnull (wrapup_session_get_client (fixture->session));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->session);
  test_remove_dir (fixture->data_dir);
  g_free (fixture->data_dir);
  test_sim_free (fixture->sim);
}

/* A call the simulator knows on its own account; one it does not (the dialer's mistake)
 * on the demo's. */
static WrapupCallLink *
link_of_call (TestSim    *sim,
              const char *call_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM calls WHERE callid = '%s'",
                                          call_id);
  g_autofree char *account = test_sim_query_int (sim, sql) > 0
                             ? test_sim_account_of_call (sim, call_id)
                             : g_strdup (TEST_DEMO_ACCOUNT);

  return wrapup_call_link_new (call_id, account, LCM_CALL_TYPE_OUTBOUND, NULL, NULL);
}

/* A call's window, as the application opens one. */
static WrapupWindow *
open_call (WrapupSession *session,
           TestSim       *sim,
           const char    *call_id)
{
  g_autoptr(WrapupCallLink) link = link_of_call (sim, call_id);
  g_autoptr(WrapupCall) call = wrapup_call_new_for_session (session, link);
  WrapupWindow *window = g_object_ref_sink (wrapup_window_new (NULL, session, call));

  wrapup_call_load (call);
  test_ui_show (GTK_WINDOW (window));
  return window;
}

static WrapupDispositionPage *
page_of (WrapupWindow *window)
{
  return WRAPUP_DISPOSITION_PAGE (test_ui_find_child (GTK_WIDGET (window),
                                                      WRAPUP_TYPE_DISPOSITION_PAGE));
}

static GtkWidget *
named (WrapupWindow *window,
       const char   *name)
{
  GtkWidget *found = test_ui_find_field (GTK_WIDGET (window), name);

  g_assert_nonnull (found);
  return found;
}

static gboolean
banner_shown (WrapupWindow *window)
{
  GtkWidget *revealer = gtk_widget_get_ancestor (named (window, "banner-label"),
                                                 GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static gint64
telephony_id (WrapupCall *call,
              const char *description)
{
  GListModel *outcomes = wrapup_call_get_telephony_outcomes (call);

  for (guint i = 0; i < g_list_model_get_n_items (outcomes); i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (outcomes, i);

      if (g_str_equal (lcm_telephony_outcome_get_description (outcome), description))
        return lcm_telephony_outcome_get_id (outcome);
    }
  g_assert_not_reached ();
}

static void
type_comments (WrapupWindow *window,
               const char   *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (named (window, "comments"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

static char *
comments_of (WrapupWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (window,
                                                                          "comments")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
submit (WrapupWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page_of (window)),
                                             "disposition.submit", NULL));
}

static gboolean
call_submitted (gpointer user_data)
{
  return wrapup_call_get_submitted (user_data) && !wrapup_call_get_submitting (user_data);
}

static gboolean
call_delivered (gpointer user_data)
{
  return wrapup_call_get_delivered (user_data);
}

static gboolean
call_refused (gpointer user_data)
{
  return !wrapup_call_get_submitting (user_data)
         && wrapup_call_get_last_submit_error (user_data) != NULL;
}

static gboolean
section_ready (gpointer user_data)
{
  return wrapup_call_get_load_state (user_data, WRAPUP_SECTION_TELEPHONY_OUTCOMES)
         == WRAPUP_LOAD_READY;
}

static void
close_window (WrapupWindow *window)
{
  WrapupCall *call = wrapup_window_get_call (window);

  if (call != NULL)
    wrapup_call_flush_draft (call);
  gtk_window_destroy (GTK_WINDOW (window));
  /* What GTK still does for it (a toast's timeout, a transition) ends with the loop. */
  test_spin (100);
  g_assert_finalize_object (window);
}

/* The child of test_draft_survives_kill: types into a call's form in a session on
 * data_dir, says so once the draft is on disk, and waits to be killed. */
static int
run_typing_child (const char *data_dir,
                  const char *url)
{
  g_autoptr(WrapupSession) session = wrapup_session_new (NULL);
  g_autoptr(TestSim) sim = NULL;
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new (TEST_DEMO_CALL, TEST_DEMO_ACCOUNT,
                                                         LCM_CALL_TYPE_OUTBOUND, NULL, NULL);
  g_autoptr(WrapupCall) call = NULL;
  WrapupWindow *window;

  wrapup_session_open_storage (session, data_dir);
  wrapup_session_configure (session, url, "testagent", FALSE, NULL, NULL);
  call = wrapup_call_new_for_session (session, link);
  window = g_object_ref_sink (wrapup_window_new (NULL, session, call));
  wrapup_call_load (call);
  test_ui_show (GTK_WINDOW (window));
  g_assert_true (test_ui_wait_loaded (call));

  test_ui_choose_telephony (GTK_WIDGET (window), "Busy");
  type_comments (window, "Asked for the brochure; ");
  type_comments (window, "call back after 5");
  /* The draft is written a moment after the last key (wrapup-call-draft.c). */
  test_spin (1000);
  /* Not g_print(): after g_test_init() a newer GLib (2.84, not 2.74) prints it as a TAP
   * comment, "# typed …", which the parent never took for this line. Flushed: stdout is a
   * pipe. */
  printf ("typed %" G_GINT64_FORMAT "\n", g_date_time_to_unix (wrapup_call_get_opened_at (call)));
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

static void
test_draft_survives_kill (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher =
    test_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *comments = NULL;
  g_autoptr(LcmDisposition) restored = NULL;
  WrapupWindow *window;
  WrapupCall *call;
  gint64 started;

  child = g_subprocess_launcher_spawn (launcher, &error, g_test_get_filename (G_TEST_BUILT,
                                                                              "test-session",
                                                                              NULL),
                                       "--typing-child", fixture->data_dir, fixture->sim->url,
                                       NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  /* Its first line is TAP's plan or nothing; read until it has typed. */
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL
         && !g_str_has_prefix (line, "typed "))
    g_clear_pointer (&line, g_free);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  started = g_ascii_strtoll (line + strlen ("typed "), NULL, 10);

  /* No chance to save anything more. */
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);

  /* The call opened again: the form as the agent left it, the timer from the first start. */
  window = open_call (fixture->session, fixture->sim, TEST_DEMO_CALL);
  call = wrapup_window_get_call (window);
  g_assert_true (test_ui_wait_loaded (call));
  test_spin (200);
  g_assert_cmpint (g_date_time_to_unix (wrapup_call_get_opened_at (call)), ==, started);
  g_assert_true (wrapup_call_has_unsaved_input (call));
  comments = comments_of (window);
  g_assert_cmpstr (comments, ==, "Asked for the brochure; call back after 5");
  restored = wrapup_disposition_page_dup_disposition (page_of (window));
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (restored), ==,
                   telephony_id (call, "Busy"));
  g_free (test_ui_save_png (GTK_WIDGET (window), "draft-restored"));

  /* Saved: the draft has served, and is gone. */
  submit (window);
  g_assert_true (test_wait_until (call_submitted, call, 30000));
  g_assert_null (wrapup_draft_store_lookup (wrapup_session_get_drafts (fixture->session),
                                            TEST_DEMO_CALL));
  g_assert_cmpint (test_sim_query_int (fixture->sim, "SELECT count(*) FROM dispositions WHERE "
                                                     "comments = 'Asked for the brochure; "
                                                     "call back after 5'"), ==, 1);
  close_window (window);
}

/* The gateway down when a call opens: its lists come from the cache of an earlier call,
 * the banner says so and why, the wrap-up is saved into the outbox, and it reaches the
 * gateway once it is back. */
static void
test_offline_from_cache (Fixture       *fixture,
                         gconstpointer  data)
{
  WrapupWindow *window;
  WrapupCall *call;
  GtkWidget *banner;
  const char *text;
  g_autofree char *png = NULL;

  /* An earlier call of the account (1001 and 1005 share one) fills the cache. */
  window = open_call (fixture->session, fixture->sim, "1001");
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (window)));
  g_assert_null (wrapup_call_get_cached_at (wrapup_window_get_call (window),
                                            WRAPUP_SECTION_TELEPHONY_OUTCOMES));
  close_window (window);

  test_sim_kill (fixture->sim);
  g_assert_true (test_wait_until (test_client_is_not_connected,
                                  wrapup_session_get_client (fixture->session), 10000));

  /* Another call of the same account. */
  window = open_call (fixture->session, fixture->sim, "1005");
  call = wrapup_window_get_call (window);
  /* From the cache at once, not after the request's timeout. */
  g_assert_true (test_wait_until (section_ready, call, 5000));
  g_assert_nonnull (wrapup_call_get_cached_at (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES));
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_telephony_outcomes (call)), ==,
                    49);
  test_spin (300);
  banner = named (window, "banner-label");
  g_assert_true (banner_shown (window));
  text = gtk_label_get_label (GTK_LABEL (banner));
  g_test_message ("banner: %s", text);
  g_assert_nonnull (strstr (text, "The outcome lists are from"));
  g_assert_nonnull (strstr (text, "refused the connection"));
  png = test_ui_save_png (GTK_WIDGET (window), "offline-from-cache");

  /* Saved into the outbox: it says so, and where it is in the queue. */
  test_ui_choose_telephony (GTK_WIDGET (window), "No Answer");
  type_comments (window, "Line dead");
  /* The journey cannot be had either: the agent enters the score and amount. */
  test_ui_type_number (GTK_WIDGET (window), "lead-score", "12");
  test_ui_type_number (GTK_WIDGET (window), "target-amount", "0");
  submit (window);
  g_assert_true (test_wait_until (call_submitted, call, 30000));
  g_assert_true (wrapup_call_get_queued (call));
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), "Saved on This Computer"));
  g_free (test_ui_save_png (GTK_WIDGET (window), "saved-waiting"));

  /* The gateway back: delivered, and the window says so. */
  test_sim_restart (fixture->sim);
  g_assert_true (test_wait_until (call_delivered, call, 60000));
  g_assert_false (wrapup_call_get_queued (call));
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), "Sent to the Dialer"));
  g_assert_cmpint (test_sim_query_int (fixture->sim, "SELECT count(*) FROM dispositions WHERE "
                                                     "callid = '1005' AND "
                                                     "comments = 'Line dead' AND "
                                                     "lead_score = 12"), ==, 1);
  /* And the lists are the gateway's again, by themselves. */
  g_assert_true (test_wait_until (section_ready, call, 30000));
  close_window (window);
}

/* Sections that failed load again by themselves when the connection comes back: no Retry. */
static void
test_reload_on_reconnect (Fixture       *fixture,
                          gconstpointer  data)
{
  WrapupWindow *window;
  WrapupCall *call;

  test_sim_kill (fixture->sim);
  g_assert_true (test_wait_until (test_client_is_not_connected,
                                  wrapup_session_get_client (fixture->session), 10000));
  lcm_client_set_request_timeout (wrapup_session_get_client (fixture->session), 1000);

  window = open_call (fixture->session, fixture->sim, TEST_DEMO_CALL);
  call = wrapup_window_get_call (window);
  g_assert_true (test_ui_wait_loaded (call));
  /* Nothing cached in this new session: the form says exactly that. */
  g_assert_cmpint (wrapup_call_get_load_state (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES), ==,
                   WRAPUP_LOAD_FAILED);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (named (window, "banner-label"))),
                            "No outcome lists are kept on this computer"));
  g_free (test_ui_save_png (GTK_WIDGET (window), "offline-nothing-cached"));

  test_sim_restart (fixture->sim);
  g_assert_true (test_wait_until (section_ready, call, 60000));
  g_assert_true (test_ui_wait_loaded (call));
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_assert_cmpint (wrapup_call_get_load_state (call, i), ==, WRAPUP_LOAD_READY);
  test_spin (300);
  g_assert_false (banner_shown (window));
  close_window (window);
}

/* A refused wrap-up: opening its call again shows the values that were refused, and why. */
static void
test_refused_restored (Fixture       *fixture,
                       gconstpointer  data)
{
  WrapupWindow *window;
  WrapupCall *call;
  g_autofree char *comments = NULL;
  g_autoptr(LcmDisposition) restored = NULL;
  const char *status;

  window = open_call (fixture->session, fixture->sim, "99999");
  call = wrapup_window_get_call (window);
  g_assert_true (test_wait_until (section_ready, call, 30000));
  test_ui_choose_telephony (GTK_WIDGET (window), "Busy");
  type_comments (window, "Wrong number given");
  test_ui_type_number (GTK_WIDGET (window), "lead-score", "7");
  test_ui_type_number (GTK_WIDGET (window), "target-amount", "0");
  submit (window);
  g_assert_true (test_wait_until (call_refused, call, 30000));
  g_assert_cmpint (wrapup_call_get_refusal (call), ==, LCM_OUTBOX_REFUSAL_PERMANENT);
  close_window (window);

  window = open_call (fixture->session, fixture->sim, "99999");
  call = wrapup_window_get_call (window);
  g_assert_true (test_wait_until (section_ready, call, 30000));
  test_spin (200);
  g_assert_false (wrapup_call_get_submitted (call));
  comments = comments_of (window);
  g_assert_cmpstr (comments, ==, "Wrong number given");
  restored = wrapup_disposition_page_dup_disposition (page_of (window));
  g_assert_cmpint (lcm_disposition_get_telephony_outcome (restored), ==,
                   telephony_id (call, "Busy"));
  g_assert_cmpint (lcm_disposition_get_lead_score (restored), ==, 7);
  status = gtk_label_get_label (GTK_LABEL (named (window, "status-label")));
  g_test_message ("status: %s (call: %s)", status, wrapup_call_get_last_submit_error (call));
  g_assert_nonnull (strstr (status, "Invalid Call ID."));
  g_free (test_ui_save_png (GTK_WIDGET (window), "refused-restored"));
  close_window (window);
}

/* With the setting on, a call closes by itself a few seconds after its wrap-up is sent. */
static void
test_closes_after_save (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  WrapupWindow *window;
  WrapupCall *call;

  g_settings_set_boolean (settings, "close-after-save", TRUE);
  window = open_call (fixture->session, fixture->sim, "1002");
  call = wrapup_window_get_call (window);
  g_assert_true (test_ui_wait_loaded (call));
  test_ui_choose_telephony (GTK_WIDGET (window), "Busy");
  submit (window);
  g_assert_true (test_wait_until (call_submitted, call, 30000));
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), "Sent to the Dialer"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  /* Enter closes the call now. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == named (window, "close-call-button"));
  g_free (test_ui_save_png (GTK_WIDGET (window), "saved-sent"));
  test_spin (4000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_settings_reset (settings, "close-after-save");
  g_assert_finalize_object (window);
}

/* A damaged outbox is set aside, named to the agent, and a new one keeps wrap-ups safe; the
 * damaged file keeps its bytes. */
static void
test_damaged_outbox (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wrapup-damaged-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "outbox.db", NULL);
  const char *garbage = "this is not an SQLite database, and never was";
  g_autoptr(WrapupSession) session = wrapup_session_new (NULL);
  g_auto(GStrv) problems = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean found = FALSE;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  wrapup_session_open_storage (session, dir);
  problems = wrapup_session_take_problems (session);
  g_assert_nonnull (problems);
  g_test_message ("%s", problems[0]);
  g_assert_nonnull (strstr (problems[0], "set aside"));
  g_assert_cmpstr (lcm_outbox_get_path (wrapup_session_get_outbox (session)), ==, path);

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "outbox.db.damaged-"))
      {
        g_autofree char *aside = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, garbage);
        g_assert_nonnull (strstr (problems[0], name));
        found = TRUE;
      }
  g_assert_true (found);
  g_clear_object (&session);
  test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--typing-child"))
    {
      int child_argc = 1;
      char **child_argv = argv;

      test_ui_init (&child_argc, &child_argv);
      return run_typing_child (argv[2], argv[3]);
    }

  test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/wrapup/session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("draft/survives-kill", test_draft_survives_kill);
  ADD ("offline/from-cache", test_offline_from_cache);
  ADD ("offline/reload-on-reconnect", test_reload_on_reconnect);
  ADD ("outbox/refused-restored", test_refused_restored);
  ADD ("saved/closes-by-itself", test_closes_after_save);
#undef ADD
  g_test_add_func ("/wrapup/session/outbox/damaged-set-aside", test_damaged_outbox);

  return g_test_run ();
}
