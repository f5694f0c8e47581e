/* test-call.c: WrapupCall's models, load states and submit against a real lcm-sim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-call.h"
#include "wrapup-test-sim.h"

#define DEMO_CALL    "12345"
#define DEMO_ACCOUNT "5|3|1|0|0|44|1"

static gboolean
all_settled (gpointer user_data)
{
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      WrapupLoadState state = wrapup_call_get_load_state (user_data, i);
      if (state == WRAPUP_LOAD_IDLE || state == WRAPUP_LOAD_LOADING)
        return FALSE;
    }
  return TRUE;
}

static WrapupCall *
demo_call (LcmClient  *client,
           const char *call_id)
{
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new (call_id, DEMO_ACCOUNT,
                                                         LCM_CALL_TYPE_OUTBOUND, NULL, NULL);
  return wrapup_call_new (client, link, "testagent");
}

static void
on_state_changed_cb (WrapupCall *call,
                     int         section,
                     GArray     *seen)
{
  int entry = section * 10 + wrapup_call_get_load_state (call, section);

  g_array_append_val (seen, entry);
}

static void
test_load_all_at_once (void)
{
  const char *args[] = { "--delay-ms", "300", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  g_autoptr(WrapupCall) call = demo_call (client, DEMO_CALL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GTimer) timer = NULL;
  gint64 logged_before = test_sim_query_int (sim, "SELECT count(*) FROM wire_log");
  g_autofree char *sql = NULL;

  g_signal_connect (call, "load-state-changed", G_CALLBACK (on_state_changed_cb), seen);
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_assert_cmpint (wrapup_call_get_load_state (call, i), ==, WRAPUP_LOAD_IDLE);

  wrapup_call_load (call);
  /* All four went out before any answer: each section is loading, and the client has four
   * requests in flight at once. */
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_assert_cmpint (wrapup_call_get_load_state (call, i), ==, WRAPUP_LOAD_LOADING);
  g_assert_cmpuint (lcm_client_get_n_pending (client), ==, 4);

  g_assert_true (test_wait_until (all_settled, call, 20000));
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      g_assert_cmpint (wrapup_call_get_load_state (call, i), ==, WRAPUP_LOAD_READY);
      g_assert_null (wrapup_call_get_load_error (call, i));
    }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==,
                   logged_before + 4);
  /* loading then ready, for each of the four sections */
  g_assert_cmpuint (seen->len, ==, 8);

  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_telephony_outcomes (call)), ==, 49);
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_business_outcome_list (call)), ==,
                    test_sim_query_int (sim, "SELECT count(*) FROM business_outcomes "
                                             "WHERE outcome_group = 'OUTBOUND' "
                                             "AND campaign_id = (SELECT campaign_id FROM calls WHERE callid = '12345')"));
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_business_outcomes (call)), ==,
                    test_sim_query_int (sim, "SELECT count(*) FROM business_outcomes "
                                             "WHERE outcome_group = 'OUTBOUND' AND parent_id = 0 "
                                             "AND campaign_id = (SELECT campaign_id FROM calls WHERE callid = '12345')"));
  sql = g_strdup_printf ("SELECT count(*) FROM callback_modes m JOIN contacts c USING (contact_id) "
                         "WHERE c.account_number = '%s'", DEMO_ACCOUNT);
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_callback_modes (call)), ==,
                    test_sim_query_int (sim, sql));
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_journey (call)), >, 0);
}

static void
test_reload_journey_with_filters (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  g_autoptr(WrapupCall) call = demo_call (client, DEMO_CALL);
  LcmJourneyQuery *query = wrapup_call_get_journey_query (call);
  g_autofree char *sent = NULL;
  GListModel *journey = wrapup_call_get_journey (call);
  g_autofree char *sql = NULL;

  g_assert_cmpstr (lcm_journey_query_get_account_number (query), ==, DEMO_ACCOUNT);
  wrapup_call_load (call);
  g_assert_true (test_wait_until (all_settled, call, 20000));

  lcm_journey_query_set_channel (query, LCM_CHANNEL_VOICE);
  lcm_journey_query_set_months (query, 12);
  wrapup_call_reload (call, WRAPUP_SECTION_JOURNEY);
  g_assert_true (test_wait_until (all_settled, call, 20000));

  sent = test_sim_query_text (sim, "SELECT text FROM wire_log ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (strstr (sent, "\"ChannelID\":2"));
  g_assert_nonnull (strstr (sent, "\"MonthType\":12"));
  sql = g_strdup_printf ("SELECT count(*) FROM journey WHERE account_number = '%s' "
                         "AND channel_type = 2", DEMO_ACCOUNT);
  g_assert_cmpuint (g_list_model_get_n_items (journey), ==, test_sim_query_int (sim, sql));
  for (guint i = 0; i < g_list_model_get_n_items (journey); i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);
      g_assert_cmpint (lcm_journey_entry_get_channel (entry), ==, LCM_CHANNEL_VOICE);
    }
}

static void
test_failure_and_retry (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  /* An unknown call: its callback modes are refused by the gateway. */
  g_autoptr(WrapupCall) call = demo_call (client, "99999");

  wrapup_call_load (call);
  g_assert_true (test_wait_until (all_settled, call, 20000));
  g_assert_cmpint (wrapup_call_get_load_state (call, WRAPUP_SECTION_CALLBACK_MODES), ==,
                   WRAPUP_LOAD_FAILED);
  g_assert_cmpstr (wrapup_call_get_load_error (call, WRAPUP_SECTION_CALLBACK_MODES), ==,
                   "Invalid Call ID.");
  /* The others do not depend on the call id. */
  g_assert_cmpint (wrapup_call_get_load_state (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES), ==,
                   WRAPUP_LOAD_READY);

  /* The gateway goes away: a retry fails with a message for people, not a dump. */
  test_sim_kill (sim);
  lcm_client_set_request_timeout (client, 500);
  wrapup_call_reload (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES);
  g_assert_true (test_wait_until (all_settled, call, 20000));
  g_assert_cmpint (wrapup_call_get_load_state (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES), ==,
                   WRAPUP_LOAD_FAILED);
  g_assert_nonnull (wrapup_call_get_load_error (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES));
  g_assert_null (strchr (wrapup_call_get_load_error (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES),
                         '{'));
  /* What was shown before stays shown. */
  g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_telephony_outcomes (call)), ==, 49);

  /* Back again: a retry works. */
  test_sim_restart (sim);
  lcm_client_set_request_timeout (client, 15000);
  wrapup_call_reload (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES);
  g_assert_true (test_wait_until (all_settled, call, 30000));
  g_assert_cmpint (wrapup_call_get_load_state (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES), ==,
                   WRAPUP_LOAD_READY);
}

static void
test_submit_once (void)
{
  const char *args[] = { "--delay-ms", "200", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  g_autoptr(WrapupCall) call = demo_call (client, DEMO_CALL);
  g_autoptr(LcmDisposition) disposition = wrapup_call_new_disposition (call);
  g_autoptr(LcmDisposition) empty = wrapup_call_new_disposition (call);
  g_autoptr(GError) error = NULL;
  TestWaiter first = { NULL }, second = { NULL }, third = { NULL }, invalid = { NULL };

  g_assert_cmpstr (lcm_disposition_get_call_id (disposition), ==, DEMO_CALL);
  g_assert_cmpstr (lcm_disposition_get_account_number (disposition), ==, DEMO_ACCOUNT);
  g_assert_cmpstr (lcm_disposition_get_user_id (disposition), ==, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, 3);

  /* Nothing chosen: refused at once, nothing sent. */
  wrapup_call_submit_async (call, empty, NULL, test_waiter_callback, &invalid);
  g_assert_false (wrapup_call_submit_finish (call, test_waiter_wait (&invalid, 5000), &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_NO_OUTCOME);
  g_clear_error (&error);
  g_assert_false (wrapup_call_get_submitting (call));

  /* A double click: the second is refused while the first is under way. */
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &first);
  g_assert_true (wrapup_call_get_submitting (call));
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &second);
  g_assert_false (wrapup_call_submit_finish (call, test_waiter_wait (&second, 5000), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (wrapup_call_submit_finish (call, test_waiter_wait (&first, 10000), &error));
  g_assert_no_error (error);
  g_assert_true (wrapup_call_get_submitted (call));
  g_assert_false (wrapup_call_get_submitting (call));

  /* And once saved, never again. */
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &third);
  g_assert_false (wrapup_call_submit_finish (call, test_waiter_wait (&third, 5000), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
  test_waiter_clear (&first);
  test_waiter_clear (&second);
  test_waiter_clear (&third);
  test_waiter_clear (&invalid);
}

static void
test_submit_refused (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  g_autoptr(WrapupCall) call = demo_call (client, "99999");
  g_autoptr(LcmDisposition) disposition = wrapup_call_new_disposition (call);
  g_autoptr(GError) error = NULL;
  TestWaiter waiter = { NULL };
  g_autofree char *shown = NULL;
  g_autofree char *kept = NULL;

  lcm_disposition_set_telephony_outcome (disposition, 3);
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &waiter);
  g_assert_false (wrapup_call_submit_finish (call, test_waiter_wait (&waiter, 10000), &error));
  test_waiter_clear (&waiter);
  shown = wrapup_describe_error (error);
  g_assert_cmpstr (shown, ==, "Invalid Call ID.");
  g_object_get (call, "last-submit-error", &kept, NULL);
  g_assert_cmpstr (kept, ==, "Invalid Call ID.");
  /* Refused, so the agent may fix it and send again. */
  g_assert_false (wrapup_call_get_submitted (call));
  g_assert_false (wrapup_call_get_submitting (call));
}

static gboolean
not_queued (gpointer user_data)
{
  return !wrapup_call_get_queued (user_data);
}

static gboolean
has_failed_entry (gpointer user_data)
{
  return lcm_outbox_get_n_failed (user_data) > 0;
}

/* The gateway is gone when the agent saves: the wrap-up is kept, the agent is done, and it
 * reaches the gateway once it is back, exactly once. */
static void
test_submit_queued (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  g_autoptr(WrapupCall) call = demo_call (client, DEMO_CALL);
  g_autoptr(WrapupCall) again = NULL;
  g_autoptr(WrapupCall) other = NULL;
  g_autoptr(LcmDisposition) disposition = wrapup_call_new_disposition (call);
  g_autoptr(GError) error = NULL;
  LcmOutbox *outbox = wrapup_call_get_outbox (call);
  TestWaiter waiter = { NULL };

  g_assert_nonnull (outbox);
  g_assert_false (wrapup_call_get_queued (call));
  test_sim_kill (sim);
  lcm_disposition_set_telephony_outcome (disposition, 3);
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &waiter);
  g_assert_true (wrapup_call_submit_finish (call, test_waiter_wait (&waiter, 30000), &error));
  g_assert_no_error (error);
  test_waiter_clear (&waiter);
  g_assert_true (wrapup_call_get_submitted (call));
  g_assert_true (wrapup_call_get_queued (call));
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 1);

  /* The dialer opens the call again: it knows its wrap-up is saved and waiting. */
  again = demo_call (client, DEMO_CALL);
  other = demo_call (client, "99999");
  wrapup_call_set_outbox (again, outbox);
  wrapup_call_set_outbox (other, outbox);
  g_assert_true (wrapup_call_get_queued (again));
  g_assert_true (wrapup_call_get_submitted (again));
  g_assert_false (wrapup_call_get_queued (other));
  g_assert_false (wrapup_call_get_submitted (other));

  /* Back: sent by itself, and no longer waiting. */
  test_sim_restart (sim);
  g_assert_true (test_wait_until (not_queued, call, 60000));
  g_assert_true (test_wait_until (not_queued, again, 5000));
  g_assert_true (wrapup_call_get_submitted (again));
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions WHERE callid = '"
                                       DEMO_CALL "'"), ==, 1);
  g_assert_true (wrapup_call_get_submitted (call));
}

/* Queued, then refused once the gateway is back: the form opens again with the reason, and
 * saving again replaces the refused write rather than adding a second one. */
static void
test_queued_then_refused_and_edited (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, 0, 20000);
  g_autoptr(WrapupCall) call = demo_call (client, "99999");
  g_autoptr(WrapupCall) good_call = NULL;
  g_autoptr(LcmDisposition) disposition = wrapup_call_new_disposition (call);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  LcmOutbox *outbox = wrapup_call_get_outbox (call);
  TestWaiter waiter = { NULL };

  test_sim_kill (sim);
  lcm_disposition_set_telephony_outcome (disposition, 3);
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &waiter);
  g_assert_true (wrapup_call_submit_finish (call, test_waiter_wait (&waiter, 30000), &error));
  g_assert_no_error (error);
  test_waiter_clear (&waiter);
  g_assert_true (wrapup_call_get_queued (call));

  test_sim_restart (sim);
  g_assert_true (test_wait_until (has_failed_entry, outbox, 60000));
  g_assert_false (wrapup_call_get_queued (call));
  g_assert_false (wrapup_call_get_submitted (call));
  g_object_get (call, "last-submit-error", &kept, NULL);
  g_assert_cmpstr (kept, ==, "Invalid Call ID.");
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 1);

  /* Saved again (still wrong): one refused write in the outbox, not two. */
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &waiter);
  g_assert_false (wrapup_call_submit_finish (call, test_waiter_wait (&waiter, 30000), &error));
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  g_clear_error (&error);
  test_waiter_clear (&waiter);
  g_assert_cmpuint (g_list_model_get_n_items (lcm_outbox_get_entries (outbox)), ==, 1);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 1);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 0);

  /* Opened again later: the form shows why it was refused. */
  {
    g_autoptr(WrapupCall) reopened = demo_call (client, "99999");
    g_autofree char *reason = NULL;

    wrapup_call_set_outbox (reopened, outbox);
    g_object_get (reopened, "last-submit-error", &reason, NULL);
    g_assert_cmpstr (reason, ==, "Invalid Call ID.");
    g_assert_false (wrapup_call_get_submitted (reopened));
    g_assert_false (wrapup_call_get_queued (reopened));
  }

  /* The same outbox serves the corrected call: once it succeeds nothing of it waits, and
   * the refused write of the other call is still there for the agent to deal with. */
  good_call = demo_call (client, DEMO_CALL);
  wrapup_call_set_outbox (good_call, outbox);
  g_clear_object (&disposition);
  disposition = wrapup_call_new_disposition (good_call);
  lcm_disposition_set_telephony_outcome (disposition, 3);
  wrapup_call_submit_async (good_call, disposition, NULL, test_waiter_callback, &waiter);
  g_assert_true (wrapup_call_submit_finish (good_call, test_waiter_wait (&waiter, 30000), &error));
  g_assert_no_error (error);
  test_waiter_clear (&waiter);
  g_assert_false (wrapup_call_get_queued (good_call));
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 1);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
}

static void
test_describe_error (void)
{
  struct { GQuark domain; int code; const char *message; gboolean verbatim; } cases[] = {
    { 0, LCM_GATEWAY_ERROR_WS_ERROR, "Invalid Call ID.", TRUE },
    { 0, LCM_CLIENT_ERROR_TIMEOUT, "The gateway did not answer", TRUE },
    { 0, LCM_PROTOCOL_ERROR_TOO_DEEP, "nested", FALSE },
    { 0, G_IO_ERROR_FAILED, "socket", FALSE },
  };

  cases[0].domain = LCM_GATEWAY_ERROR;
  cases[1].domain = LCM_CLIENT_ERROR;
  cases[2].domain = LCM_PROTOCOL_ERROR;
  cases[3].domain = G_IO_ERROR;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code,
                                                     cases[i].message);
      g_autofree char *text = wrapup_describe_error (error);

      if (cases[i].verbatim)
        g_assert_cmpstr (text, ==, cases[i].message);
      else
        {
          g_assert_cmpstr (text, !=, cases[i].message);
          g_assert_nonnull (strstr (text, cases[i].message));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wrapup/call/load-all-at-once", test_load_all_at_once);
  g_test_add_func ("/wrapup/call/reload-journey-with-filters", test_reload_journey_with_filters);
  g_test_add_func ("/wrapup/call/failure-and-retry", test_failure_and_retry);
  g_test_add_func ("/wrapup/call/submit-once", test_submit_once);
  g_test_add_func ("/wrapup/call/submit-refused", test_submit_refused);
  g_test_add_func ("/wrapup/call/submit-queued", test_submit_queued);
  g_test_add_func ("/wrapup/call/queued-then-refused-and-edited", test_queued_then_refused_and_edited);
  g_test_add_func ("/wrapup/call/describe-error", test_describe_error);

  return g_test_run ();
}
