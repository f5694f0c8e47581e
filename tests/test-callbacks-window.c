/* test-callbacks-window.c: "My callbacks" and the callback reminder against a real lcm-sim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-callback-reminder.h"
#include "wrapup-callbacks-window.h"
#include "wrapup-session.h"
#include "wrapup-test-notifications.h"
#include "wrapup-test-ui.h"

static AdwApplication *app;

/* The window as drawn now: test_ui_save_png renders the last frame, so wait for a fresh one. */
static GtkStack *find_state_stack (GtkWidget *root);

static gboolean
transition_done (gpointer user_data)
{
  return !gtk_stack_get_transition_running (user_data);
}

static void
save_png (gpointer    window,
          const char *name)
{
  g_autofree char *path = NULL;

  /* Not halfway through a cross-fade. */
  g_assert_true (test_wait_until (transition_done, find_state_stack (window), 5000));
  gtk_widget_queue_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  test_spin (100);
  path = test_ui_save_png (GTK_WIDGET (window), name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static TestNotificationServer *server;

static guint
count_notifications (const char *body)
{
  guint n = 0;

  for (guint i = 0; i < server->bodies->len; i++)
    if (g_strcmp0 (g_ptr_array_index (server->bodies, i), body) == 0)
      n++;
  return n;
}

/* The id the server gave the last notification with this body, 0 when none. */
static guint32
notification_id (const char *body)
{
  guint32 id = 0;

  for (guint i = 0; i < server->bodies->len; i++)
    if (g_strcmp0 (g_ptr_array_index (server->bodies, i), body) == 0)
      id = i + 1;
  return id;
}

static gboolean
notification_closed (gpointer user_data)
{
  guint32 id = GPOINTER_TO_UINT (user_data);

  for (guint i = 0; i < server->closed->len; i++)
    if (g_array_index (server->closed, guint32, i) == id)
      return TRUE;
  return FALSE;
}

/* The window */

static GtkStack *
find_state_stack (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found;

      if (GTK_IS_STACK (child) && gtk_stack_get_child_by_name (GTK_STACK (child), "list"))
        return GTK_STACK (child);
      found = find_state_stack (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
window_state (WrapupCallbacksWindow *window)
{
  GtkStack *stack = find_state_stack (GTK_WIDGET (window));
  gboolean loading;

  g_assert_nonnull (stack);
  g_object_get (window, "loading", &loading, NULL);
  return loading ? "loading" : gtk_stack_get_visible_child_name (stack);
}

typedef struct
{
  WrapupCallbacksWindow *window;
  const char            *state;
} StateWait;

static gboolean
window_in_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return g_strcmp0 (window_state (wait->window), wait->state) == 0;
}

static void
wait_for_state (WrapupCallbacksWindow *window,
                const char            *state)
{
  StateWait wait = { window, state };

  if (!test_wait_until (window_in_state, &wait, 30000))
    g_error ("the callbacks window is %s, not %s", window_state (window), state);
}

static WrapupCallbacksWindow *
open_window (LcmClient  *client,
             const char *agent_id)
{
  g_autoptr(WrapupSession) session = wrapup_session_new_with_client (client, agent_id);
  WrapupCallbacksWindow *window = wrapup_callbacks_window_new (GTK_APPLICATION (app), session);

  g_assert_true (gtk_window_get_application (GTK_WINDOW (window)) == GTK_APPLICATION (app));
  test_ui_show (GTK_WINDOW (window));
  return window;
}

static void
close_window (WrapupCallbacksWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static GtkListBox *
find_list_box (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *found;

      if (GTK_IS_LIST_BOX (child) && gtk_widget_has_css_class (child, "boxed-list"))
        return GTK_LIST_BOX (child);
      found = find_list_box (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GPtrArray *
list_rows (WrapupCallbacksWindow *window)
{
  GtkListBox *list = find_list_box (GTK_WIDGET (window));
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_ptr_array_add (rows, row);
  return rows;
}

static char *
today_key (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static gboolean
is_overdue (LcmPersonalCallback *callback,
            GDateTime           *now)
{
  return g_date_time_compare (lcm_personal_callback_get_end (callback), now) <= 0;
}

/* Checks the window's model and rows against the simulator's personal_callbacks of the agent
 * from WRAPUP_MISSED_CALLBACK_DAYS days ago on: the same callbacks, the overdue ones first,
 * then soonest first. */
static void
assert_matches_database (WrapupCallbacksWindow *window,
                         TestSim               *sim,
                         const char            *agent_id)
{
  GListModel *model = wrapup_callbacks_window_get_model (window);
  g_autofree char *today = today_key (-WRAPUP_MISSED_CALLBACK_DAYS);
  g_autoptr(GPtrArray) rows = list_rows (window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = NULL;
  guint n_overdue = 0;
  guint i = 0;

  /* The overdue ones first (the database's order within each part). */
  for (guint j = 0; j < g_list_model_get_n_items (model); j++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (model, j);

      if (is_overdue (callback, now))
        {
          g_assert_cmpuint (j, ==, n_overdue);
          n_overdue++;
        }
    }

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT contact_id, mode_id, cvalue, start_date, "
                                       "start_time, end_date, end_time, mode_description, "
                                       "campaign_id FROM personal_callbacks "
                                       "WHERE user_id = ?1 AND start_day >= ?2 "
                                       "ORDER BY (substr (end_date, 7, 4) || '-' || substr (end_date, 4, 2) "
                                       "|| '-' || substr (end_date, 1, 2) || ' ' || end_time) "
                                       "> ?3, start_day, "
                                       "start_time, end_time, id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, agent_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  {
    g_autofree char *now_key = g_date_time_format (now, "%Y-%m-%d %H:%M");

    sqlite3_bind_text (stmt, 3, now_key, -1, SQLITE_TRANSIENT);
  }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(LcmPersonalCallback) callback = NULL;
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *subtitle = NULL;

      g_assert_cmpuint (i, <, g_list_model_get_n_items (model));
      callback = g_list_model_get_item (model, i);
      start = g_date_time_format (lcm_personal_callback_get_start (callback), "%d/%m/%Y %H:%M");
      end = g_date_time_format (lcm_personal_callback_get_end (callback), "%d/%m/%Y %H:%M");

      g_assert_cmpint (lcm_personal_callback_get_contact_id (callback), ==,
                       sqlite3_column_int64 (stmt, 0));
      g_assert_cmpint (lcm_personal_callback_get_mode_id (callback), ==,
                       sqlite3_column_int64 (stmt, 1));
      g_assert_cmpstr (lcm_personal_callback_get_value (callback), ==,
                       (const char *) sqlite3_column_text (stmt, 2));
      g_assert_cmpint (lcm_personal_callback_get_campaign_id (callback), ==,
                       sqlite3_column_int64 (stmt, 8));
      g_assert_true (g_str_has_prefix (start, (const char *) sqlite3_column_text (stmt, 3)));
      g_assert_true (g_str_has_suffix (start, (const char *) sqlite3_column_text (stmt, 4)));
      g_assert_true (g_str_has_prefix (end, (const char *) sqlite3_column_text (stmt, 5)));
      g_assert_true (g_str_has_suffix (end, (const char *) sqlite3_column_text (stmt, 6)));

      /* The row in the same place says the same: "Mode — number". */
      g_assert_cmpuint (i, <, rows->len);
      subtitle = g_strdup_printf ("%s — %s", sqlite3_column_text (stmt, 7),
                                  sqlite3_column_text (stmt, 2));
      g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, i)), ==, subtitle);
      i++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpuint (i, ==, g_list_model_get_n_items (model));
  g_assert_cmpuint (i, ==, rows->len);
}

static gboolean
row_is_due (GtkWidget *row)
{
  GtkWidget *label = test_ui_find_by_text (row, "Due now");

  return gtk_widget_has_css_class (row, "due-now") && label != NULL &&
         gtk_widget_get_visible (label);
}

static void
test_list (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  g_autofree char *first_day = today_key (-WRAPUP_MISSED_CALLBACK_DAYS);
  g_autofree char *today = today_key (0);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM personal_callbacks WHERE "
                                          "user_id = 'testagent' AND start_day >= '%s'",
                                          first_day);
  g_autofree char *missed_sql = g_strdup_printf ("SELECT count(*) FROM personal_callbacks "
                                                 "WHERE user_id = 'testagent' AND start_day "
                                                 ">= '%s' AND start_day < '%s'", first_day,
                                                 today);
  WrapupCallbacksWindow *window = open_window (client, "testagent");
  GListModel *model = wrapup_callbacks_window_get_model (window);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 expected = test_sim_query_int (sim, sql);

  wait_for_state (window, "list");
  /* The seeded agent has callbacks before today: the ones missed are asked for too. */
  g_assert_cmpint (expected, >=, 4);
  g_assert_cmpint (test_sim_query_int (sim, missed_sql), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
  assert_matches_database (window, sim, "testagent");

  /* Overdue first, then soonest first, in each part. */
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LcmPersonalCallback) previous = g_list_model_get_item (model, i - 1);
      g_autoptr(LcmPersonalCallback) next = g_list_model_get_item (model, i);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_assert_true (is_overdue (previous, now) || !is_overdue (next, now));
      if (is_overdue (previous, now) == is_overdue (next, now))
        g_assert_cmpint (g_date_time_compare (lcm_personal_callback_get_start (previous),
                                              lcm_personal_callback_get_start (next)), <=, 0);
    }

  /* Each row shows where its window stands now: to come, open (due now), or over (overdue,
   * marked with an icon and the word, not the colour alone). */
  rows = list_rows (window);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (model, i);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      GtkWidget *row = g_ptr_array_index (rows, i);
      gboolean started = g_date_time_compare (lcm_personal_callback_get_start (callback),
                                              now) <= 0;
      gboolean over = g_date_time_compare (lcm_personal_callback_get_end (callback), now) <= 0;

      g_assert_true (row_is_due (row) == (started && !over));
      g_assert_true (gtk_widget_has_css_class (row, "overdue") == over);
      if (over)
        g_assert_nonnull (test_ui_find_by_text (row, "Overdue"));
      /* No call of this customer is open here: the ids, said to be ids. */
      g_assert_nonnull (test_ui_find_by_text (row, "Campaign #"));
      g_assert_nonnull (test_ui_find_by_text (row, "Contact #"));
    }

  /* The summary counts them. */
  {
    g_autofree char *summary = g_strdup_printf ("%" G_GINT64_FORMAT " callbacks", expected);

    g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), summary));
  }

  save_png (window, "callbacks");
  close_window (window);
}

static void
test_small_size (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  g_autoptr(WrapupSession) session = wrapup_session_new_with_client (client, "testagent");
  WrapupCallbacksWindow *window = wrapup_callbacks_window_new (GTK_APPLICATION (app), session);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 420);
  test_ui_show (GTK_WINDOW (window));
  wait_for_state (window, "list");
  test_spin (200);
  save_png (window, "callbacks-small");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  close_window (window);
}

static void
test_empty (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  WrapupCallbacksWindow *window = NULL;
  GtkWidget *status;

  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM personal_callbacks WHERE "
                                            "user_id = 'newagent'"), ==, 0);
  window = open_window (client, "newagent");
  wait_for_state (window, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_callbacks_window_get_model (window)), ==, 0);
  status = test_ui_find_by_text (GTK_WIDGET (window), "No callbacks booked");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  /* It did ask the gateway, for this agent. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                            "'%GetPersonalCallbackList%newagent%'"), >=, 1);

  save_png (window, "callbacks-empty");
  close_window (window);
}

static void
test_invalid_agent (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  gint64 sent = test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                         "'%GetPersonalCallbackList%'");
  WrapupCallbacksWindow *window = open_window (client, "bad agent");
  AdwStatusPage *page;

  wait_for_state (window, "failed");
  page = ADW_STATUS_PAGE (test_ui_find_by_text (GTK_WIDGET (window), "Could not load"));
  g_assert_nonnull (page);
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "bad agent"));
  /* Refused before the wire. */
  test_spin (200);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                            "'%GetPersonalCallbackList%'"), ==, sent);
  close_window (window);
}

/* Books a personal callback for the demo call through the library, as a wrap-up would. */
static void
book_callback (TestSim   *sim,
               LcmClient *client,
               GDateTime *start,
               GDateTime *end)
{
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
  g_autoptr(LcmRequest) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 business = test_sim_query_int (sim, "SELECT outcome_id FROM business_outcomes "
                                             "WHERE parent_id != 0 ORDER BY position LIMIT 1");
  gint64 mode = test_sim_query_int (sim, "SELECT m.mode_id FROM callback_modes m JOIN calls k "
                                         "USING (contact_id) WHERE k.callid = '"
                                         TEST_DEMO_CALL "' ORDER BY m.mode_id LIMIT 1");

  lcm_disposition_set_call_id (disposition, TEST_DEMO_CALL);
  lcm_disposition_set_account_number (disposition, TEST_DEMO_ACCOUNT);
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_business_outcome (disposition, business);
  lcm_disposition_set_callback_window (disposition, start, end);
  lcm_disposition_set_callback_mode (disposition, mode);
  request = lcm_request_new_disposition (disposition, NULL, &error);
  g_assert_no_error (error);

  answer = test_client_call_sync (client, request, 20000, &error);
  g_assert_no_error (error);
}

static void
test_refresh_after_booking (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  WrapupCallbacksWindow *window = open_window (client, "testagent");
  GListModel *model = wrapup_callbacks_window_get_model (window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *number = NULL;
  guint before;
  guint found = G_MAXUINT;

  wait_for_state (window, "list");
  before = g_list_model_get_n_items (model);

  /* A window open now: from this minute to an hour later (or the end of the day). */
  start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                 g_date_time_get_minute (now), 0);
  last = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), 23, 59, 0);
  end = g_date_time_add_minutes (start, 60);
  if (g_date_time_compare (end, last) > 0)
    {
      g_date_time_unref (end);
      end = g_date_time_ref (last);
    }
  book_callback (sim, client, start, end);

  /* Not there until refreshed. */
  test_spin (100);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, before);

  gtk_widget_activate_action (GTK_WIDGET (window), "callbacks.refresh", NULL);
  g_assert_cmpstr (window_state (window), ==, "loading");
  wait_for_state (window, "list");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, before + 1);
  assert_matches_database (window, sim, "testagent");

  /* It is the booked one, highlighted as due now; the ones after it are not. */
  number = test_sim_query_text (sim, "SELECT m.cvalue FROM callback_modes m JOIN calls k "
                                     "USING (contact_id) WHERE k.callid = '" TEST_DEMO_CALL
                                     "' ORDER BY m.mode_id LIMIT 1");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (model, i);

      if (g_date_time_equal (lcm_personal_callback_get_start (callback), start) &&
          g_date_time_equal (lcm_personal_callback_get_end (callback), end) &&
          g_strcmp0 (lcm_personal_callback_get_value (callback), number) == 0)
        found = i;
    }
  g_assert_cmpuint (found, <, before + 1);
  rows = list_rows (window);
  g_assert_true (row_is_due (g_ptr_array_index (rows, found)));
  /* The count says so, with any seeded callback whose window the test happens to run in
   * (the demo data has one today, 11:00 to 11:30). */
  {
    guint n_due = 0;
    g_autofree char *due_text = NULL;

    for (guint i = 0; i < rows->len; i++)
      if (row_is_due (g_ptr_array_index (rows, i)))
        n_due++;
    g_assert_cmpuint (n_due, >=, 1);
    due_text = g_strdup_printf ("%u due now", n_due);
    g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), due_text));
  }
  save_png (window, "callbacks-due");
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (model, i);

      if (g_date_time_compare (lcm_personal_callback_get_start (callback), now) > 0)
        g_assert_false (row_is_due (g_ptr_array_index (rows, i)));
    }

  close_window (window);
}

static void
test_error_and_retry (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  WrapupCallbacksWindow *window = NULL;
  AdwStatusPage *page;
  GtkWidget *retry;
  const char *message;
  guint count;

  lcm_client_set_request_timeout (client, 1500);
  window = open_window (client, "testagent");
  wait_for_state (window, "list");
  count = g_list_model_get_n_items (wrapup_callbacks_window_get_model (window));

  /* The gateway goes away: refreshing fails with a message for people and a way to retry. */
  test_sim_kill (sim);
  gtk_widget_activate_action (GTK_WIDGET (window), "callbacks.refresh", NULL);
  wait_for_state (window, "failed");
  page = ADW_STATUS_PAGE (test_ui_find_by_text (GTK_WIDGET (window), "Could not load"));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  message = adw_status_page_get_description (page);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_null (strchr (message, '{'));
  g_test_message ("error shown: %s", message);
  retry = test_ui_find_by_text (GTK_WIDGET (page), "Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  save_png (window, "callbacks-error");

  /* Back again: Retry loads the list. */
  test_sim_restart (sim);
  g_assert_true (test_wait_until (test_client_is_connected, client, 30000));
  g_assert_true (gtk_widget_activate (retry));
  wait_for_state (window, "list");
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_callbacks_window_get_model (window)), ==,
                    count);
  assert_matches_database (window, sim, "testagent");

  close_window (window);
}

static void
test_close_keys (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  WrapupCallbacksWindow *window = open_window (client, "testagent");

  /* Closing while the first fetch may still be under way leaves nothing behind. */
  g_object_ref (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL);
  test_spin (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_finalize_object (window);
}

/* The reminder */

typedef struct
{
  gint64     campaign_id;
  gint64     contact_id;
  GDateTime *start;
  GDateTime *end;
  char      *body;        /* the notification's text for it */
} KnownCallback;

static void
known_callback_free (KnownCallback *known)
{
  g_date_time_unref (known->start);
  g_date_time_unref (known->end);
  g_free (known->body);
  g_free (known);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KnownCallback, known_callback_free)

typedef struct
{
  KnownCallback *wanted;  /* "due" is counted for this callback, and for any */
  guint          due;
  guint          due_any;
  gboolean       updated;
} ReminderCounts;

static void
on_due_cb (WrapupCallbackReminder *reminder,
           LcmPersonalCallback    *callback,
           ReminderCounts         *counts)
{
  g_assert_true (LCM_IS_PERSONAL_CALLBACK (callback));
  counts->due_any++;
  if (counts->wanted != NULL &&
      lcm_personal_callback_get_contact_id (callback) == counts->wanted->contact_id &&
      lcm_personal_callback_get_campaign_id (callback) == counts->wanted->campaign_id &&
      g_date_time_equal (lcm_personal_callback_get_start (callback), counts->wanted->start))
    counts->due++;
}

static void
on_updated_cb (WrapupCallbackReminder *reminder,
               ReminderCounts         *counts)
{
  counts->updated = TRUE;
}

static char *
query_column (TestSim    *sim,
              const char *column,
              const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s %s", column, where);
  char *value = test_sim_query_text (sim, sql);

  g_assert_nonnull (value);
  return value;
}

/* The first testagent callback of tomorrow, as the simulator holds it. */
static KnownCallback *
tomorrows_callback (TestSim *sim)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%d/%m/%Y");
  g_autofree char *where = g_strdup_printf ("FROM personal_callbacks WHERE user_id = "
                                            "'testagent' AND start_date = '%s' "
                                            "ORDER BY start_time, id LIMIT 1", date);
  g_autofree char *start_time = query_column (sim, "start_time", where);
  g_autofree char *end_time = query_column (sim, "end_time", where);
  g_autofree char *mode = query_column (sim, "mode_description", where);
  g_autofree char *value = query_column (sim, "cvalue", where);
  g_autofree char *start_text = g_strdup_printf ("%s %s", date, start_time);
  g_autofree char *end_text = g_strdup_printf ("%s %s", date, end_time);
  g_autofree char *sql = NULL;
  KnownCallback *known = g_new0 (KnownCallback, 1);
  g_autoptr(GError) error = NULL;

  sql = g_strdup_printf ("SELECT campaign_id %s", where);
  known->campaign_id = test_sim_query_int (sim, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT contact_id %s", where);
  known->contact_id = test_sim_query_int (sim, sql);
  known->start = lcm_parse_date_time (start_text, NULL, &error);
  g_assert_no_error (error);
  known->end = lcm_parse_date_time (end_text, NULL, &error);
  g_assert_no_error (error);
  known->body = g_strdup_printf ("%s — %s, until %s", mode, value, end_time);
  return known;
}

static gboolean
notified (gpointer user_data)
{
  return count_notifications (user_data) > 0;
}

static void
test_reminder_due_once (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  g_autoptr(KnownCallback) known = tomorrows_callback (sim);
  g_autoptr(GDateTime) before = g_date_time_add_minutes (known->start, -1);
  g_autoptr(GDateTime) inside = g_date_time_add_minutes (known->start, 10);
  g_autoptr(GDateTime) last_second = g_date_time_add_seconds (known->end, -1);
  g_autoptr(GDateTime) later = g_date_time_add_hours (known->end, 1);
  WrapupCallbackReminder *reminder = wrapup_callback_reminder_new (G_APPLICATION (app),
                                                                   client, "testagent");
  ReminderCounts counts = { known, 0, 0, FALSE };
  guint32 id;

  g_signal_connect (reminder, "due", G_CALLBACK (on_due_cb), &counts);
  g_signal_connect (reminder, "updated", G_CALLBACK (on_updated_cb), &counts);
  wrapup_callback_reminder_start (reminder);
  g_assert_true (test_wait_until (test_flag_is_set, &counts.updated, 20000));
  /* It asked the gateway for this agent's callbacks. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE text LIKE "
                                            "'%GetPersonalCallbackList%testagent%'"), ==, 1);

  wrapup_callback_reminder_check (reminder, before);
  g_assert_cmpuint (counts.due, ==, 0);
  wrapup_callback_reminder_check (reminder, known->start);
  g_assert_cmpuint (counts.due, ==, 1);

  /* The desktop got a notification for it, saying what to call and until when. */
  g_assert_true (test_wait_until (notified, known->body, 10000));
  test_spin (300);  /* for our answer to reach the application */
  id = notification_id (known->body);
  g_assert_cmpstr (g_ptr_array_index (server->summaries, id - 1), ==, "Callback due");

  wrapup_callback_reminder_check (reminder, inside);
  wrapup_callback_reminder_check (reminder, last_second);
  g_assert_cmpuint (counts.due, ==, 1);
  g_assert_false (notification_closed (GUINT_TO_POINTER (id)));

  /* Its window over, it is never due again, and its notification is taken away. */
  wrapup_callback_reminder_check (reminder, known->end);
  wrapup_callback_reminder_check (reminder, later);
  g_assert_cmpuint (counts.due, ==, 1);
  g_assert_true (test_wait_until (notification_closed, GUINT_TO_POINTER (id), 10000));
  test_spin (300);
  g_assert_cmpuint (count_notifications (known->body), ==, 1);

  /* Fetched again (the gateway numbers its rows anew each time), it is not due again. */
  counts.updated = FALSE;
  wrapup_callback_reminder_stop (reminder);
  wrapup_callback_reminder_start (reminder);
  g_assert_true (test_wait_until (test_flag_is_set, &counts.updated, 20000));
  wrapup_callback_reminder_check (reminder, inside);
  g_assert_cmpuint (counts.due, ==, 1);
  test_spin (300);
  g_assert_cmpuint (count_notifications (known->body), ==, 1);

  /* Stopped, it leaves no timer behind; started again, it has its two. */
  g_assert_nonnull (g_main_context_find_source_by_user_data (NULL, reminder));
  wrapup_callback_reminder_stop (reminder);
  g_assert_null (g_main_context_find_source_by_user_data (NULL, reminder));
  g_assert_finalize_object (reminder);
}

static void
test_reminder_without_desktop (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  g_autoptr(KnownCallback) known = tomorrows_callback (sim);
  /* Never registered: it cannot send notifications (GLib would refuse with a critical). */
  g_autoptr(GApplication) other = g_application_new ("io.github.wrapupdesk.Wrapup.Other",
                                                     G_APPLICATION_NON_UNIQUE);
  WrapupCallbackReminder *reminder = wrapup_callback_reminder_new (other, client, "testagent");
  ReminderCounts counts = { known, 0, 0, FALSE };
  guint sent_before = server->bodies->len;

  g_signal_connect (reminder, "due", G_CALLBACK (on_due_cb), &counts);
  g_signal_connect (reminder, "updated", G_CALLBACK (on_updated_cb), &counts);
  wrapup_callback_reminder_start (reminder);
  g_assert_true (test_wait_until (test_flag_is_set, &counts.updated, 20000));

  /* Still due once, quietly. */
  wrapup_callback_reminder_check (reminder, known->start);
  wrapup_callback_reminder_check (reminder, known->start);
  g_assert_cmpuint (counts.due, ==, 1);
  test_spin (300);
  g_assert_cmpuint (server->bodies->len, ==, sent_before);

  /* Dropped while started: dispose stops it. */
  g_assert_nonnull (g_main_context_find_source_by_user_data (NULL, reminder));
  g_assert_finalize_object (reminder);
}

static void
test_reminder_past (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  g_autoptr(KnownCallback) known = tomorrows_callback (sim);
  g_autoptr(GDateTime) after = g_date_time_add_minutes (known->end, 1);
  g_autoptr(GDateTime) far = g_date_time_add_days (known->end, 120);
  WrapupCallbackReminder *reminder = wrapup_callback_reminder_new (G_APPLICATION (app),
                                                                   client, "testagent");
  ReminderCounts counts = { known, 0, 0, FALSE };
  guint sent_before = server->bodies->len;
  guint known_before = count_notifications (known->body);
  guint due_at_start;

  g_signal_connect (reminder, "due", G_CALLBACK (on_due_cb), &counts);
  g_signal_connect (reminder, "updated", G_CALLBACK (on_updated_cb), &counts);
  wrapup_callback_reminder_start (reminder);
  g_assert_true (test_wait_until (test_flag_is_set, &counts.updated, 20000));
  due_at_start = counts.due_any;

  /* First seen after its window closed: never due, never notified. */
  wrapup_callback_reminder_check (reminder, after);
  g_assert_cmpuint (counts.due, ==, 0);
  /* Long after every window, nothing at all is due. */
  wrapup_callback_reminder_check (reminder, far);
  g_assert_cmpuint (counts.due_any, ==, due_at_start);
  test_spin (300);
  g_assert_cmpuint (count_notifications (known->body), ==, known_before);
  /* Only what was open at the real now when fetched was notified. */
  g_assert_cmpuint (server->bodies->len - sent_before, ==, due_at_start);

  g_assert_finalize_object (reminder);
}

static void
test_reminder_gateway_down (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_ui_connect (sim);
  WrapupCallbackReminder *reminder = NULL;
  ReminderCounts counts = { NULL, 0, 0, FALSE };

  lcm_client_set_request_timeout (client, 500);
  test_sim_kill (sim);
  reminder = wrapup_callback_reminder_new (G_APPLICATION (app), client, "testagent");
  g_signal_connect (reminder, "updated", G_CALLBACK (on_updated_cb), &counts);
  wrapup_callback_reminder_start (reminder);
  /* The failed fetch is quiet (no warning, no dialog) and leaves it running. */
  test_spin (1500);
  g_assert_false (counts.updated);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    wrapup_callback_reminder_check (reminder, now);
  }
  g_assert_finalize_object (reminder);
}

static int status;

/* The tests run inside the application, as the windows and the reminder would: run() then
 * shuts it down properly, so it lets go of the bus before the bus goes away. */
static void
on_activate_cb (GApplication *application,
                gpointer      user_data)
{
  status = g_test_run ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* A private session bus, with our own notification server on it. GTestDBus unsets
   * DISPLAY (and XDG_RUNTIME_DIR): the display is still needed. */
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  /* The private bus has no accessibility bus, and GTK would warn about it; libadwaita's
   * settings portal proxy would hold the bus for ever, and g_test_dbus_down() waits for it. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  test_ui_init (&argc, &argv);
  server = test_notification_server_start ();

  g_test_add_func ("/wrapup/callbacks-window/list", test_list);
  g_test_add_func ("/wrapup/callbacks-window/small-size", test_small_size);
  g_test_add_func ("/wrapup/callbacks-window/empty", test_empty);
  g_test_add_func ("/wrapup/callbacks-window/invalid-agent", test_invalid_agent);
  g_test_add_func ("/wrapup/callbacks-window/refresh-after-booking", test_refresh_after_booking);
  g_test_add_func ("/wrapup/callbacks-window/error-and-retry", test_error_and_retry);
  g_test_add_func ("/wrapup/callbacks-window/close", test_close_keys);
  g_test_add_func ("/wrapup/callback-reminder/due-once", test_reminder_due_once);
  g_test_add_func ("/wrapup/callback-reminder/past", test_reminder_past);
  g_test_add_func ("/wrapup/callback-reminder/without-desktop", test_reminder_without_desktop);
  g_test_add_func ("/wrapup/callback-reminder/gateway-down", test_reminder_gateway_down);

  app = adw_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  /* Before the application goes (see wrapup-test-notifications.h). */
  g_clear_pointer (&server, test_notification_server_stop);
  test_spin (200);
  g_assert_finalize_object (g_steal_pointer (&app));
  g_test_dbus_down (bus);
  return status;
}
