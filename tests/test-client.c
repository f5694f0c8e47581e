/* test-client.c: LcmClient against a real lcm-sim over loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "lcm.h"
#include "lcm-journey-table.h"
#include "wrapup-test-sim.h"

#define DEMO_ACCOUNT "5|3|1|0|0|44|1"
#define DEMO_CALL    "12345"

/* A bound on each wait for slow machines (sanitizers), not an expectation */
#define WAIT_MS 30000

static LcmRequest *
journey_request (const char *account,
                 guint       months)
{
  g_autoptr(GError) error = NULL;
  LcmRequest *request = test_journey_request (account, months, &error);

  g_assert_no_error (error);
  return request;
}

static LcmDisposition *
disposition_for (const char *callid,
                 const char *account,
                 gint64      telephony,
                 gint64      business)
{
  LcmDisposition *disposition = lcm_disposition_new ();

  lcm_disposition_set_call_id (disposition, callid);
  lcm_disposition_set_account_number (disposition, account);
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, telephony);
  lcm_disposition_set_business_outcome (disposition, business);
  return disposition;
}

/* Tests */

static void
test_url_rules (void)
{
  static const TestUrlRule cases[] = {
    { "", FALSE, LCM_CLIENT_ERROR_INVALID_URL },
    { "http://127.0.0.1:1/lcm", FALSE, LCM_CLIENT_ERROR_INVALID_URL },
    { "not a url", FALSE, LCM_CLIENT_ERROR_INVALID_URL },
    { "ws://", FALSE, LCM_CLIENT_ERROR_INVALID_URL },
    { "ws://gateway.example.com/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://10.1.2.3:8080/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://gateway.example.com/lcm", TRUE, -1 },
    { "wss://gateway.example.com/lcm", FALSE, -1 },
    { "ws://127.0.0.1:1/lcm", FALSE, -1 },
    { "ws://localhost:1/lcm", FALSE, -1 },
    { "ws://[::1]:1/lcm", FALSE, -1 },
    /* Plain ws:// is for loopback only, however the host is spelt, unless allowed. */
    { "ws://192.0.2.10:8080/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "WS://GATEWAY.EXAMPLE.COM/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://[2001:db8::1]:8080/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://127.0.0.2.example.com/lcm", FALSE, LCM_CLIENT_ERROR_INSECURE_URL },
    { "ws://192.0.2.10:8080/lcm", TRUE, -1 },
    { "wss://192.0.2.10:8443/lcm", FALSE, -1 },
  };

  test_assert_url_rules (cases, G_N_ELEMENTS (cases));
}

static void
test_reads (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_outcome = NULL;
  g_autofree char *sql = NULL;

  /* Business outcomes of a group, linked into a tree. */
  {
    g_autoptr(LcmRequest) request = lcm_request_new_business_outcomes (DEMO_CALL,
                                                                       LCM_CALL_TYPE_OUTBOUND,
                                                                       &error);
    g_autoptr(GListModel) flat = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_autoptr(GListModel) roots = NULL;
    guint n_with_children = 0;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (flat), ==,
                      test_sim_query_int (sim, "SELECT count(*) FROM business_outcomes "
                                               "WHERE outcome_group = 'OUTBOUND' "
                                               "AND campaign_id = (SELECT campaign_id FROM calls WHERE callid = '12345')"));
    roots = lcm_business_outcome_build_tree (flat);
    g_assert_cmpuint (g_list_model_get_n_items (roots), >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (roots), <, g_list_model_get_n_items (flat));
    for (guint i = 0; i < g_list_model_get_n_items (roots); i++)
      {
        g_autoptr(LcmBusinessOutcome) root = g_list_model_get_item (roots, i);
        if (!lcm_business_outcome_is_leaf (root))
          n_with_children++;
      }
    g_assert_cmpuint (n_with_children, >, 0);
  }

  /* Telephony outcomes: the 49 of the page, in the page's order. */
  {
    g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
    g_autoptr(GListModel) list = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_autoptr(LcmTelephonyOutcome) first = NULL;
    g_autoptr(LcmTelephonyOutcome) last = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
    first = g_list_model_get_item (list, 0);
    last = g_list_model_get_item (list, 48);
    first_outcome = test_sim_query_text (sim, "SELECT description FROM telephony_outcomes "
                                              "ORDER BY position LIMIT 1");
    g_assert_cmpstr (lcm_telephony_outcome_get_description (first), ==, first_outcome);
    g_assert_cmpint (lcm_telephony_outcome_get_id (last), ==,
                     test_sim_query_int (sim, "SELECT outcome_id FROM telephony_outcomes "
                                              "ORDER BY position DESC LIMIT 1"));
  }

  /* Callback modes of the call's contact, with its numbers. */
  {
    g_autoptr(LcmRequest) request = lcm_request_new_callback_modes (DEMO_CALL, DEMO_ACCOUNT,
                                                                    &error);
    g_autoptr(GListModel) list = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_autoptr(LcmCallbackMode) mode = NULL;
    g_autofree char *value = NULL;

    g_assert_no_error (error);
    sql = g_strdup_printf ("SELECT count(*) FROM callback_modes m JOIN contacts c "
                           "USING (contact_id) WHERE c.account_number = '%s'", DEMO_ACCOUNT);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, test_sim_query_int (sim, sql));
    g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
    mode = g_list_model_get_item (list, 0);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT m.cvalue FROM callback_modes m JOIN contacts c "
                           "USING (contact_id) WHERE c.account_number = '%s' AND m.mode_id = %"
                           G_GINT64_FORMAT, DEMO_ACCOUNT, lcm_callback_mode_get_mode_id (mode));
    value = test_sim_query_text (sim, sql);
    g_assert_cmpstr (lcm_callback_mode_get_value (mode), ==, value);
  }

  /* The agent's personal callbacks. */
  {
    g_autoptr(LcmRequest) request = lcm_request_new_personal_callbacks ("testagent", NULL, NULL,
                                                                        0, 0, &error);
    g_autoptr(GListModel) list = test_client_fetch_sync (client, request, WAIT_MS, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==,
                      test_sim_query_int (sim, "SELECT count(*) FROM personal_callbacks "
                                               "WHERE user_id = 'testagent'"));
    g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
  }

  /* The journey of an account over twelve months: all of its history. */
  {
    g_autoptr(LcmRequest) request = journey_request (DEMO_ACCOUNT, 12);
    g_autoptr(GListModel) list = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_autoptr(LcmJourneyEntry) newest = NULL;
    g_autoptr(LcmJourneyEntry) oldest = NULL;
    guint n;

    g_assert_no_error (error);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM journey WHERE account_number = '%s'",
                           DEMO_ACCOUNT);
    n = g_list_model_get_n_items (list);
    g_assert_cmpuint (n, ==, test_sim_query_int (sim, sql));
    g_assert_cmpuint (n, >, 1);
    newest = g_list_model_get_item (list, 0);
    oldest = g_list_model_get_item (list, n - 1);
    g_assert_nonnull (lcm_journey_entry_get_completed (newest));
    g_assert_cmpint (lcm_journey_entry_get_completed_unix (newest), >=,
                     lcm_journey_entry_get_completed_unix (oldest));
  }
}

static void
test_writes (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = test_sim_account_of_call (sim, DEMO_CALL);
  gint64 business = test_sim_query_int (sim, "SELECT outcome_id FROM business_outcomes "
                                             "WHERE parent_id != 0 ORDER BY position LIMIT 1");

  /* Telephony outcome alone. */
  {
    g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, 3, LCM_NONE);
    g_autoptr(LcmRequest) request = NULL;
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *comments = NULL;

    lcm_disposition_set_comments (disposition, "Line busy, \"try\" later");
    lcm_disposition_set_lead_score (disposition, 7);
    lcm_disposition_set_target_amount (disposition, 150.5);
    request = lcm_request_new_disposition (disposition, NULL, &error);
    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
    g_assert_nonnull (answer);

    g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
    g_assert_cmpint (test_sim_query_int (sim, "SELECT telephony_outcome FROM dispositions"), ==, 3);
    g_assert_cmpint (test_sim_query_int (sim, "SELECT lead_score FROM dispositions"), ==, 7);
    comments = test_sim_query_text (sim, "SELECT comments FROM dispositions");
    g_assert_cmpstr (comments, ==, "Line busy, \"try\" later");
    g_assert_cmpint (test_sim_query_int (sim, "SELECT target_amount * 10 FROM dispositions"),
                     ==, 1505);
  }

  /* Telephony and business outcome in one write. */
  {
    g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, 0, business);
    g_autoptr(LcmRequest) request = lcm_request_new_disposition (disposition, NULL, &error);
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *subtopic = NULL;

    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
    subtopic = test_sim_query_text (sim, "SELECT subtopic FROM dispositions ORDER BY id DESC");
    g_assert_cmpstr (subtopic, ==, "SetBusinessOutcomeWithCallOutcome");
    g_assert_cmpint (test_sim_query_int (sim, "SELECT business_outcome FROM dispositions "
                                              "ORDER BY id DESC"), ==, business);
  }

  /* Business outcome with a personal callback tomorrow. */
  {
    g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, LCM_NONE,
                                                             business);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                        g_date_time_get_month (tomorrow),
                                                        g_date_time_get_day_of_month (tomorrow),
                                                        10, 15, 0);
    g_autoptr(GDateTime) end = g_date_time_add_minutes (start, 90);
    g_autoptr(LcmRequest) request = NULL;
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *start_date = g_date_time_format (start, "%d/%m/%Y");
    g_autofree char *stored_date = NULL;
    g_autofree char *stored_start = NULL;
    g_autofree char *stored_end = NULL;
    gint64 mode = test_sim_query_int (sim, "SELECT m.mode_id FROM callback_modes m JOIN calls k "
                                           "USING (contact_id) WHERE k.callid = '" DEMO_CALL "' "
                                           "ORDER BY m.mode_id LIMIT 1");

    lcm_disposition_set_callback_window (disposition, start, end);
    lcm_disposition_set_callback_mode (disposition, mode);
    request = lcm_request_new_disposition (disposition, now, &error);
    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);

    stored_date = test_sim_query_text (sim, "SELECT callback_start_date FROM dispositions "
                                            "ORDER BY id DESC");
    stored_start = test_sim_query_text (sim, "SELECT callback_start_time FROM dispositions "
                                             "ORDER BY id DESC");
    stored_end = test_sim_query_text (sim, "SELECT callback_end_time FROM dispositions "
                                           "ORDER BY id DESC");
    g_assert_cmpstr (stored_date, ==, start_date);
    g_assert_cmpstr (stored_start, ==, "10:15");
    g_assert_cmpstr (stored_end, ==, "11:45");
    /* OutcomeId defaults to CallBack when the agent chose no telephony outcome. */
    g_assert_cmpint (test_sim_query_int (sim, "SELECT telephony_outcome FROM dispositions "
                                              "ORDER BY id DESC"),
                     ==, LCM_TELEPHONY_OUTCOME_CALLBACK);
    g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM personal_callbacks "
                                              "WHERE user_id = 'testagent' AND start_time = '10:15'"),
                     ==, 1);
  }
}

static void
test_gateway_errors (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmDisposition) unknown_call = disposition_for ("99999", DEMO_ACCOUNT, 3, LCM_NONE);
  g_autoptr(LcmDisposition) unknown_outcome = disposition_for (DEMO_CALL, DEMO_ACCOUNT, 77777,
                                                               LCM_NONE);
  g_autoptr(LcmRequest) request = lcm_request_new_disposition (unknown_call, NULL, &error);
  g_autoptr(LcmRequest) refused = lcm_request_new_disposition (unknown_outcome, NULL, &error);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(LcmRequest) after = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);

  g_assert_no_error (error);

  /* Invalid Call ID:<id>: the person sees the gateway's Message. */
  answer = test_client_call_sync (client, request, WAIT_MS, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  g_assert_cmpstr (error->message, ==, "Invalid Call ID.");
  g_clear_error (&error);

  /* {"success": false}. */
  answer = test_client_call_sync (client, refused, WAIT_MS, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_REFUSED);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 0);

  /* The session goes on. */
  list = test_client_fetch_sync (client, after, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
}

static void
test_validation_sends_nothing (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) far = g_date_time_add_days (now, 200);
  g_autoptr(GError) error = NULL;
  gint64 logged_before;
  guint refused = 0;

  /* Make sure the connection has been used once, so the log is settled. */
  {
    g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
    g_autoptr(GListModel) list = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
  }
  logged_before = test_sim_query_int (sim, "SELECT count(*) FROM wire_log");

#define REFUSED(expr, code)                                       \
  G_STMT_START {                                                  \
    LcmRequest *r_ = (expr);                                      \
    g_assert_null (r_);                                           \
    g_assert_error (error, LCM_REQUEST_ERROR, code);              \
    g_clear_error (&error);                                       \
    refused++;                                                    \
  } G_STMT_END

  REFUSED (lcm_request_new_telephony_outcomes ("5|3|1", &error), LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  REFUSED (lcm_request_new_callback_modes ("", DEMO_ACCOUNT, &error),
           LCM_REQUEST_ERROR_EMPTY_CALL_ID);
  REFUSED (lcm_request_new_business_outcomes ("12 34", LCM_CALL_TYPE_MANUAL, &error),
           LCM_REQUEST_ERROR_INVALID_CALL_ID);

  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();

    REFUSED (lcm_request_new_journey (query, &error), LCM_REQUEST_ERROR_NO_JOURNEY_KEY);
    lcm_journey_query_set_contact_number (query, "+44 20");
    REFUSED (lcm_request_new_journey (query, &error), LCM_REQUEST_ERROR_INVALID_CONTACT);
    lcm_journey_query_set_contact_number (query, "909003299700");
    lcm_journey_query_set_months (query, 5);
    REFUSED (lcm_request_new_journey (query, &error), LCM_REQUEST_ERROR_INVALID_MONTHS);
    lcm_journey_query_set_months (query, 6);
    lcm_journey_query_set_channel (query, 7);
    REFUSED (lcm_request_new_journey (query, &error), LCM_REQUEST_ERROR_INVALID_CHANNEL);
  }

  {
    g_autoptr(LcmDisposition) disposition = disposition_for ("", DEMO_ACCOUNT, 3, LCM_NONE);

    REFUSED (lcm_request_new_disposition (disposition, now, &error),
             LCM_REQUEST_ERROR_EMPTY_CALL_ID);
    lcm_disposition_set_call_id (disposition, DEMO_CALL);
    lcm_disposition_set_account_number (disposition, "5|3|1|0|0|44|x");
    REFUSED (lcm_request_new_disposition (disposition, now, &error),
             LCM_REQUEST_ERROR_INVALID_ACCOUNT);
    lcm_disposition_set_account_number (disposition, DEMO_ACCOUNT);
    lcm_disposition_set_telephony_outcome (disposition, LCM_NONE);
    REFUSED (lcm_request_new_disposition (disposition, now, &error), LCM_REQUEST_ERROR_NO_OUTCOME);
    lcm_disposition_set_business_outcome (disposition, 101);
    lcm_disposition_set_callback_mode (disposition, 1);
    lcm_disposition_set_callback_window (disposition, later, now);
    REFUSED (lcm_request_new_disposition (disposition, now, &error),
             LCM_REQUEST_ERROR_WINDOW_ORDER);
    lcm_disposition_set_callback_window (disposition, yesterday, yesterday);
    REFUSED (lcm_request_new_disposition (disposition, now, &error),
             LCM_REQUEST_ERROR_WINDOW_PAST);
    lcm_disposition_set_callback_window (disposition, far, far);
    REFUSED (lcm_request_new_disposition (disposition, now, &error),
             LCM_REQUEST_ERROR_WINDOW_TOO_FAR);
  }
#undef REFUSED

  g_assert_cmpuint (refused, ==, 13);

  /* One more good request: it is the only frame the gateway received since. */
  {
    g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
    g_autoptr(GListModel) list = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==,
                   logged_before + 1);
}

/* 50 requests of mixed kinds in flight at once, each answer checked against the request
 * it must belong to. */

typedef struct
{
  LcmOperation  operation;
  char         *key;           /* account, call type or call id that tells answers apart */
  gint64        expected;      /* rows expected, or -1 for writes */
  char         *expected_contact;
  GAsyncResult *result;
} InFlight;

static void
on_in_flight_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  InFlight *item = user_data;

  item->result = g_object_ref (result);
}

static gboolean
all_answered (gpointer user_data)
{
  GPtrArray *items = user_data;

  for (guint i = 0; i < items->len; i++)
    if (((InFlight *) g_ptr_array_index (items, i))->result == NULL)
      return FALSE;
  return TRUE;
}

static void
in_flight_free (InFlight *item)
{
  g_clear_object (&item->result);
  g_free (item->key);
  g_free (item->expected_contact);
  g_free (item);
}

static void
test_many_in_flight (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) in_flight_free);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  const char *types[] = { "MANUAL", "INBOUND", "OUTBOUND" };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT account_number FROM contacts ORDER BY contact_id LIMIT 5", -1,
                      &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (accounts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT callid FROM calls ORDER BY callid LIMIT 5", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (calls, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (accounts->len, ==, 5);
  g_assert_cmpuint (calls->len, ==, 5);

  for (guint i = 0; i < 50; i++)
    {
      InFlight *item = g_new0 (InFlight, 1);
      g_autoptr(LcmRequest) request = NULL;
      g_autofree char *sql = NULL;

      switch (i % 5)
        {
        case 0: /* journeys of different accounts: the same subtopic, told apart by rows */
          item->key = g_strdup (g_ptr_array_index (accounts, (i / 5) % accounts->len));
          request = journey_request (item->key, 12);
          sql = g_strdup_printf ("SELECT count(*) FROM journey WHERE account_number = '%s'",
                                 item->key);
          item->expected = test_sim_query_int (sim, sql);
          g_clear_pointer (&sql, g_free);
          sql = g_strdup_printf ("SELECT contact_id FROM contacts WHERE account_number = '%s'",
                                 item->key);
          item->expected_contact = test_sim_query_text (sim, sql);
          break;
        case 1: /* business outcomes of different groups */
          {
            LcmCallType type;

            item->key = g_strdup (types[(i / 5) % 3]);
            g_assert_true (lcm_call_type_from_string (item->key, &type, NULL));
            request = lcm_request_new_business_outcomes ("", type, &error);
            sql = g_strdup_printf ("SELECT count(*) FROM business_outcomes "
                                   "WHERE outcome_group = '%s'", item->key);
            item->expected = test_sim_query_int (sim, sql);
          }
          break;
        case 2: /* callback modes of different calls: told apart by callid */
          {
            g_autofree char *account = NULL;

            item->key = g_strdup (g_ptr_array_index (calls, (i / 5) % calls->len));
            account = test_sim_account_of_call (sim, item->key);
            request = lcm_request_new_callback_modes (item->key, account, &error);
            sql = g_strdup_printf ("SELECT count(*) FROM callback_modes m JOIN calls k "
                                   "USING (contact_id) WHERE k.callid = '%s'", item->key);
            item->expected = test_sim_query_int (sim, sql);
          }
          break;
        case 3: /* writes to different calls */
          {
            g_autofree char *account = NULL;
            g_autoptr(LcmDisposition) disposition = NULL;

            item->key = g_strdup (g_ptr_array_index (calls, (i / 5) % calls->len));
            account = test_sim_account_of_call (sim, item->key);
            disposition = disposition_for (item->key, account, 8, LCM_NONE);
            lcm_disposition_set_comments (disposition, item->key);
            request = lcm_request_new_disposition (disposition, NULL, &error);
            item->expected = -1;
          }
          break;
        default: /* telephony outcomes */
          item->key = g_strdup (g_ptr_array_index (accounts, (i / 5) % accounts->len));
          request = lcm_request_new_telephony_outcomes (item->key, &error);
          item->expected = 49;
          break;
        }
      g_assert_no_error (error);
      item->operation = lcm_request_get_operation (request);
      g_ptr_array_add (items, item);
      if (item->expected < 0)
        lcm_client_call_async (client, request, NULL, on_in_flight_cb, item);
      else
        lcm_client_fetch_async (client, request, NULL, on_in_flight_cb, item);
    }

  g_assert_cmpuint (lcm_client_get_n_pending (client), ==, 50);
  g_assert_true (test_wait_until (all_answered, items, 60000));
  g_assert_cmpuint (lcm_client_get_n_pending (client), ==, 0);

  for (guint i = 0; i < items->len; i++)
    {
      InFlight *item = g_ptr_array_index (items, i);

      g_test_message ("request %u: %s", i, item->key);
      if (item->expected < 0)
        {
          g_autoptr(JsonNode) answer = lcm_client_call_finish (client, item->result, &error);
          g_assert_no_error (error);
          g_assert_nonnull (answer);
          continue;
        }
      {
        g_autoptr(GListModel) list = lcm_client_fetch_finish (client, item->result, &error);

        g_assert_no_error (error);
        /* A journey may also hold the rows of the batch's own writes (10 of them) that the
         * gateway handled before it. */
        if (item->operation == LCM_OPERATION_JOURNEY)
          {
            g_assert_cmpuint (g_list_model_get_n_items (list), >=, item->expected);
            g_assert_cmpuint (g_list_model_get_n_items (list), <=, item->expected + 10);
          }
        else
          g_assert_cmpuint (g_list_model_get_n_items (list), ==, item->expected);
        if (item->operation == LCM_OPERATION_JOURNEY && item->expected > 0)
          {
            /* Every row belongs to the account this request asked for. */
            for (guint r = 0; r < g_list_model_get_n_items (list); r++)
              {
                g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (list, r);
                g_assert_cmpstr (lcm_journey_entry_get_contact_id (entry), ==,
                                 item->expected_contact);
              }
          }
        if (item->operation == LCM_OPERATION_BUSINESS_OUTCOMES)
          {
            g_autoptr(LcmBusinessOutcome) first = g_list_model_get_item (list, 0);
            g_autofree char *sql = g_strdup_printf (
              "SELECT outcome_group FROM business_outcomes WHERE outcome_id = %" G_GINT64_FORMAT,
              lcm_business_outcome_get_id (first));
            g_autofree char *group = test_sim_query_text (sim, sql);
            g_assert_cmpstr (group, ==, item->key);
          }
      }
    }

  /* Each write reached the gateway once, for its own call. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 10);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions "
                                            "WHERE comments != callid"), ==, 0);
}

static void
test_timeout_and_late_answer (void)
{
  const char *args[] = { "--delay-ms", "1500", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) first = journey_request (DEMO_ACCOUNT, 12);
  g_autoptr(LcmRequest) second = journey_request ("9|3|1711|0|0|84|-1", 12);
  g_autoptr(GListModel) list = NULL;
  g_autofree char *other_contact = test_sim_query_text (
    sim, "SELECT contact_id FROM contacts WHERE account_number = '9|3|1711|0|0|84|-1'");
  g_autoptr(GTimer) timer = g_timer_new ();

  lcm_client_set_request_timeout (client, 300);
  list = test_client_fetch_sync (client, first, WAIT_MS, &error);
  g_assert_null (list);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TIMEOUT);
  g_clear_error (&error);
  /* It gave up long before the gateway answered. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 1.4);

  /* The first request's late answer arrives while the second waits: it must not be taken
   * for the second's. */
  lcm_client_set_request_timeout (client, 10000);
  list = test_client_fetch_sync (client, second, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
  for (guint r = 0; r < g_list_model_get_n_items (list); r++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (list, r);
      g_assert_cmpstr (lcm_journey_entry_get_contact_id (entry), ==, other_contact);
    }
}

static void
test_gateway_restart (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  TestWaiter waiter = { NULL };
  g_autoptr(GListModel) list = NULL;

  lcm_client_set_keepalive_interval (client, 1);

  /* kill -9: no close handshake; the client notices the dropped socket. */
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, 10000));
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_RECONNECTING);

  /* A request made while the gateway is down waits for it. */
  lcm_client_fetch_async (client, request, NULL, test_waiter_callback, &waiter);
  test_sim_restart (sim);
  g_assert_true (test_wait_until (test_client_is_connected, client, 15000));
  list = lcm_client_fetch_finish (client, test_waiter_wait (&waiter, WAIT_MS), &error);
  test_waiter_clear (&waiter);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
}

static gboolean
has_connect_error (gpointer client)
{
  g_autoptr(GError) error = lcm_client_dup_last_connect_error (client);

  return error != NULL;
}

static void
on_notify_count_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* A request made while the gateway refuses connections says so when it gives up, rather
 * than that the gateway did not answer; the refusal itself is kept until connected. */
static void
test_connection_refused (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, NULL);
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) property = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint notified = 0;
  guint notified_before_restart;

  g_assert_null (lcm_client_dup_last_connect_error (client));
  g_signal_connect (client, "notify::last-connect-error", G_CALLBACK (on_notify_count_cb),
                    &notified);

  /* Nothing listens any more: every attempt is refused. */
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected, client, WAIT_MS));
  g_assert_true (test_wait_until (has_connect_error, client, WAIT_MS));
  refusal = lcm_client_dup_last_connect_error (client);
  g_assert_error (refusal, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_object_get (client, "last-connect-error", &property, NULL);
  g_assert_error (property, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_cmpstr (property->message, ==, refusal->message);
  g_assert_cmpuint (notified, >=, 1);

  /* Never sent: the request's timeout gives the refusal as the reason. */
  lcm_client_set_request_timeout (client, 400);
  timer = g_timer_new ();
  list = test_client_fetch_sync (client, request, WAIT_MS, &error);
  g_assert_null (list);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED);
  g_assert_true (g_str_has_prefix (error->message, "Cannot reach the gateway: "));
  g_assert_nonnull (strstr (error->message, refusal->message));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 10.0);
  g_clear_error (&error);
  /* The same refusal again and again is not a change. */
  g_assert_cmpuint (notified, ==, 1);

  /* Back: connected, and nothing is wrong any more. */
  notified_before_restart = notified;
  test_sim_restart (sim);
  g_assert_true (test_wait_until (test_client_is_connected, client, WAIT_MS));
  g_assert_null (lcm_client_dup_last_connect_error (client));
  g_assert_cmpuint (notified, >, notified_before_restart);
  lcm_client_set_request_timeout (client, WAIT_MS);
  list = test_client_fetch_sync (client, request, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
}

static void
test_token (void)
{
  const char *args[] = { "--token", "s3cret-token", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) anonymous = lcm_client_new (sim->url);
  g_autoptr(LcmClient) wrong = lcm_client_new (sim->url);
  g_autoptr(LcmClient) right = lcm_client_new (sim->url);
  g_autoptr(GError) error = NULL;

  g_assert_false (test_client_connect_sync (anonymous, WAIT_MS, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  lcm_client_stop (anonymous);

  lcm_client_set_token (wrong, "guess");
  g_assert_false (test_client_connect_sync (wrong, WAIT_MS, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  lcm_client_stop (wrong);

  lcm_client_set_token (right, "s3cret-token");
  g_assert_true (test_client_connect_sync (right, WAIT_MS, &error));
  g_assert_no_error (error);
}

static void
test_no_gateway (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmClient) client = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  guint16 port;

  /* Find a free port, then close it: nothing listens there. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_listener_close (listener);

  url = g_strdup_printf ("ws://127.0.0.1:%u/lcm", port);
  client = lcm_client_new (url);
  g_assert_false (test_client_connect_sync (client, WAIT_MS, &error));
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_RECONNECTING);

  /* A request waiting for the connection is failed, not lost silently, when stopped. */
  test_assert_stop_fails_call (client, request, WAIT_MS);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_DISCONNECTED);
}

static void
on_outcome_set_cb (LcmClient  *client,
                   const char *account,
                   gpointer    user_data)
{
  g_free (*(char **) user_data);
  *(char **) user_data = g_strdup (account);
}

static gboolean
string_set (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

static void
test_outcome_set_push_and_cancel (void)
{
  const char *args[] = { "--delay-ms", "400", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autofree char *account = test_sim_account_of_call (sim, DEMO_CALL);
  g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, 8, LCM_NONE);
  g_autoptr(LcmRequest) write = lcm_request_new_disposition (disposition, NULL, &error);
  g_autoptr(LcmRequest) read = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *pushed = NULL;
  TestWaiter waiter = { NULL };
  GListModel *list;

  g_signal_connect (client, "outcome-set", G_CALLBACK (on_outcome_set_cb), &pushed);
  answer = test_client_call_sync (client, write, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_true (test_wait_until (string_set, &pushed, 5000));
  g_assert_cmpstr (pushed, ==, account);

  lcm_client_fetch_async (client, read, cancellable, test_waiter_callback, &waiter);
  g_cancellable_cancel (cancellable);
  list = lcm_client_fetch_finish (client, test_waiter_wait (&waiter, WAIT_MS), &error);
  test_waiter_clear (&waiter);
  g_assert_null (list);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (lcm_client_get_n_pending (client), ==, 0);
}

/* Where a connection must not go */

/* A listener on loopback that counts the connections it gets and hands them to a
 * SoupServer, or closes them when it has none: a proxy, or where a redirect points, that must
 * see nothing. (libsoup 3.2's own listener leaks every socket it accepts.) */
typedef struct
{
  GSocketService *service;
  SoupServer     *server;
  guint16         port;
  guint           connections;
} Counter;

static gboolean
on_counter_incoming_cb (GSocketService    *service,
                        GSocketConnection *connection,
                        GObject           *source_object,
                        gpointer           user_data)
{
  Counter *counter = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  counter->connections++;
  if (counter->server != NULL && local != NULL && remote != NULL)
    soup_server_accept_iostream (counter->server, G_IO_STREAM (connection), local, remote, NULL);
  else
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* server may be NULL. */
static Counter *
counter_start (SoupServer *server)
{
  Counter *counter = g_new0 (Counter, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  counter->server = server != NULL ? g_object_ref (server) : NULL;
  counter->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (counter->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                 &error);
  g_assert_no_error (error);
  counter->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (counter->service, "incoming", G_CALLBACK (on_counter_incoming_cb), counter);
  g_socket_service_start (counter->service);
  return counter;
}

static void
counter_free (Counter *counter)
{
  g_signal_handlers_disconnect_by_data (counter->service, counter);
  g_socket_service_stop (counter->service);
  g_socket_listener_close (G_SOCKET_LISTENER (counter->service));
  g_object_unref (counter->service);
  if (counter->server != NULL)
    soup_server_disconnect (counter->server);
  g_clear_object (&counter->server);
  g_free (counter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Counter, counter_free)

static gboolean
counter_was_reached (gpointer user_data)
{
  return ((Counter *) user_data)->connections > 0;
}

static void
on_redirect_request_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, user_data);
}

/* A gateway that answers the upgrade with a redirect is not followed there. */
static void
test_redirect_refused (void)
{
  g_autoptr(Counter) target = counter_start (NULL);
  g_autofree char *location = g_strdup_printf ("ws://127.0.0.1:%u/elsewhere", target->port);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(Counter) redirector = counter_start (server);
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/lcm", redirector->port);
  g_autoptr(LcmClient) client = lcm_client_new (url);
  g_autoptr(GError) error = NULL;

  soup_server_add_handler (server, NULL, on_redirect_request_cb, location, NULL);
  lcm_client_set_token (client, "s3cret-token");
  g_assert_false (test_client_connect_sync (client, WAIT_MS, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (error->message, "redirect"));
  g_assert_nonnull (strstr (error->message, location));
  lcm_client_stop (client);
  /* Nothing went where it pointed, the token least of all. */
  test_spin (200);
  g_assert_cmpuint (redirector->connections, >=, 1);
  g_assert_cmpuint (target->connections, ==, 0);
}

/* With a proxy in the environment, ws://127.0.0.1 still goes straight to the gateway: the
 * proxy would see the token in clear. */
static void
test_no_proxy_for_loopback (void)
{
  static const char *const proxy_variables[] = {
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
  };
  static const char *const bypass_variables[] = { "no_proxy", "NO_PROXY" };
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(Counter) proxy = counter_start (NULL);
  g_autofree char *proxy_url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
  g_auto(GStrv) saved = g_get_environ ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (proxy_variables); i++)
    g_setenv (proxy_variables[i], proxy_url, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (bypass_variables); i++)
    g_unsetenv (bypass_variables[i]);

  /* The control: a gateway elsewhere is reached through that proxy (tunnelled: wss://). */
  {
    g_autoptr(LcmClient) remote = lcm_client_new ("wss://lcm-gateway.invalid/lcm");

    g_assert_true (lcm_client_start (remote, &error));
    g_assert_no_error (error);
    g_assert_true (test_wait_until (counter_was_reached, proxy, WAIT_MS));
    lcm_client_stop (remote);
  }
  proxy->connections = 0;

  {
    g_autoptr(LcmClient) client = lcm_client_new (sim->url);
    g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
    g_autoptr(GListModel) list = NULL;

    g_assert_no_error (error);
    lcm_client_set_token (client, "s3cret-token");
    g_assert_true (test_client_connect_sync (client, WAIT_MS, &error));
    g_assert_no_error (error);
    list = test_client_fetch_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 49);
  }
  g_assert_cmpuint (proxy->connections, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (proxy_variables); i++)
    g_unsetenv (proxy_variables[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bypass_variables); i++)
    if (g_environ_getenv (saved, bypass_variables[i]) != NULL)
      g_setenv (bypass_variables[i], g_environ_getenv (saved, bypass_variables[i]), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (proxy_variables); i++)
    if (g_environ_getenv (saved, proxy_variables[i]) != NULL)
      g_setenv (proxy_variables[i], g_environ_getenv (saved, proxy_variables[i]), TRUE);
}

/* A long journey answer (kept as text by the client, read straight from it) gives the rows
 * the same answer gives through json-glib's tree, row for row. */
static void
test_long_journey_read_straight (void)
{
  const char *args[] = { "--journey-rows", "3000", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = test_journey_request (DEMO_ACCOUNT, 12, &error);
  g_autoptr(GListModel) straight = NULL;
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *text = NULL;
  g_autoptr(LcmJourneyTable) read = NULL;
  LcmJourneyTable *a;
  LcmJourneyTable *b;

  g_assert_no_error (error);
  straight = test_client_fetch_sync (client, request, WAIT_MS, &error);
  g_assert_no_error (error);
  response = test_client_call_sync (client, request, WAIT_MS, &error);
  g_assert_no_error (error);
  /* Long enough for the client to have kept it as text. */
  text = json_to_string (response, FALSE);
  g_assert_cmpuint (strlen (text), >, LCM_ENVELOPE_TEXT_RESPONSE_SIZE);
  tree = lcm_response_decode_list (LCM_OPERATION_JOURNEY, response, NULL, &error);
  g_assert_no_error (error);

  a = lcm_journey_store_get_table (LCM_JOURNEY_STORE (straight));
  b = lcm_journey_store_get_table (LCM_JOURNEY_STORE (tree));
  g_assert_cmpuint (lcm_journey_table_get_n_rows (a), >, 1000);
  g_assert_cmpuint (lcm_journey_table_get_n_rows (a), ==, lcm_journey_table_get_n_rows (b));
  for (guint i = 0; i < lcm_journey_table_get_n_rows (a); i++)
    g_assert_true (lcm_journey_table_rows_equal (a, i, b, i));
  /* And read straight, not left to json-glib. */
  read = lcm_journey_table_decode_text (text, strlen (text), NULL);
  g_assert_nonnull (read);
}

/* After a frame of 8 MiB or more the client hands over to a new connection (libsoup keeps
 * its receive buffer, as large as that frame, for the connection's life): the next request
 * goes on another connection, the client never stops being connected, and a short answer
 * changes nothing. */
static void
test_handover_after_large_frame (void)
{
  const char *args[] = { "--journey-rows", "40000", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, WAIT_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) journey = test_journey_request (DEMO_ACCOUNT, 12, &error);
  g_autoptr(LcmRequest) outcomes = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GListModel) first = NULL;
  g_autoptr(GListModel) second = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint state_changes = 0;
  gint64 connections;

  g_assert_no_error (error);
  g_signal_connect (client, "notify::state", G_CALLBACK (on_notify_count_cb), &state_changes);

  /* A short answer: the same connection after it. */
  first = test_client_fetch_sync (client, outcomes, WAIT_MS, &error);
  g_assert_no_error (error);
  rows = test_client_fetch_sync (client, journey, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM wire_log"),
                   ==, 1);
  /* Long enough to hand over. */
  answer = test_client_call_sync (client, journey, WAIT_MS, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = json_to_string (answer, FALSE);

    g_assert_cmpuint (strlen (text), >=, 8 * 1024 * 1024);
  }

  second = test_client_fetch_sync (client, outcomes, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (second), ==, g_list_model_get_n_items (first));
  connections = test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM wire_log");
  g_assert_cmpint (connections, >=, 2);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT connection_id FROM wire_log "
                                            "ORDER BY id DESC LIMIT 1"), !=,
                   test_sim_query_int (sim, "SELECT connection_id FROM wire_log "
                                            "ORDER BY id LIMIT 1"));
  g_assert_cmpuint (state_changes, ==, 0);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/client/url-rules", test_url_rules);
  g_test_add_func ("/lcm/client/reads", test_reads);
  g_test_add_func ("/lcm/client/writes", test_writes);
  g_test_add_func ("/lcm/client/gateway-errors", test_gateway_errors);
  g_test_add_func ("/lcm/client/validation-sends-nothing", test_validation_sends_nothing);
  g_test_add_func ("/lcm/client/fifty-in-flight", test_many_in_flight);
  g_test_add_func ("/lcm/client/timeout-and-late-answer", test_timeout_and_late_answer);
  g_test_add_func ("/lcm/client/gateway-restart", test_gateway_restart);
  g_test_add_func ("/lcm/client/connection-refused", test_connection_refused);
  g_test_add_func ("/lcm/client/token", test_token);
  g_test_add_func ("/lcm/client/no-gateway", test_no_gateway);
  g_test_add_func ("/lcm/client/outcome-set-and-cancel", test_outcome_set_push_and_cancel);
  g_test_add_func ("/lcm/client/redirect-refused", test_redirect_refused);
  g_test_add_func ("/lcm/client/no-proxy-for-loopback", test_no_proxy_for_loopback);
  g_test_add_func ("/lcm/client/long-journey-read-straight", test_long_journey_read_straight);
  g_test_add_func ("/lcm/client/handover-after-large-frame", test_handover_after_large_frame);

  return g_test_run ();
}
