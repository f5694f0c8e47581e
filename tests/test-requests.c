/* test-requests.c: the requests the library builds, and the answers it decodes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-requests"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

/* The vendor's samples, read from tests/data/samples (see its README.md). */
static const char BUSINESS_OUTCOMES_REQUEST[] = "get-outcome-by-outcome-group-request.json";
static const char BUSINESS_OUTCOMES_RESPONSE[] = "get-outcome-by-outcome-group-response.json";
static const char TELEPHONY_OUTCOMES_REQUEST[] = "set-call-outcome-offline-request.json";
static const char TELEPHONY_OUTCOMES_RESPONSE[] = "set-call-outcome-offline-response.json";
static const char SET_TELEPHONY_OUTCOME_REQUEST[] = "set-telephony-outcome-request.json";
static const char SET_TELEPHONY_OUTCOME_RESPONSE[] = "set-telephony-outcome-response.json";
static const char SET_CALLBACK_REQUEST[] =
  "set-business-outcome-with-personal-callback-request.json";
static const char SET_CALLBACK_RESPONSE[] =
  "set-business-outcome-with-personal-callback-response.json";
static const char JOURNEY_REQUEST_BY_ACCOUNT[] =
  "get-customer-journey-request-by-accountnumber.json";
static const char JOURNEY_REQUEST_BY_CONTACT[] =
  "get-customer-journey-request-by-contactnumber.json";
static const char JOURNEY_REQUEST_BY_BOTH[] =
  "get-customer-journey-request-by-accountnumber-and-contactnumber.json";
static const char JOURNEY_RESPONSE[] = "get-customer-journey-response-by-contactnumber.json";

/* The siblings the README describes beyond the five pages, in the shapes it gives. */
static const char SET_OUTCOMES_REQUEST[] =
  "{\"channel\": \"LCM\", \"topic\": \"WebService\","
  " \"subtopic\": \"SetBusinessOutcomeWithCallOutcome\","
  " \"data\": {\"callid\": \"12345\", \"AccountNumber\": \"5|3|1|0|0|44|1\","
  " \"BusinessOutcome\": 101, \"CallOutcome\": \"0\", \"LeadScore\": 0,"
  " \"UserID\": \"testagent\", \"AgentComments\": \"Test comment\", \"TargetAmount\": 0}}";

static const char CALLBACK_MODES_REQUEST[] =
  "{\"channel\": \"LCM\", \"topic\": \"WebService\", \"subtopic\": \"GetCallBackModes\","
  " \"data\": {\"callid\": \"12345\", \"AccountNumber\": \"137|1|3|0|0|84|\"}}";

static const char PERSONAL_CALLBACKS_REQUEST[] =
  "{\"channel\": \"LCM\", \"topic\": \"WebService\", \"subtopic\": \"GetPersonalCallbackList\","
  " \"data\": {\"UserID\": \"testagent\", \"FromDate\": \"01/01/2021\","
  " \"ToDate\": \"31/01/2021\", \"StartingNoOfRecord\": \"1\", \"NoofRecords\": \"50\"}}";

/* ------------------------------------------------------------------------------------------
 * Helpers
 */

/* Parse and generate without pretty printing: the same text for the same JSON. */
static char *
normalize (const char *text)
{
  g_autoptr(JsonNode) node = test_parse_json (text);

  return json_to_string (node, FALSE);
}

static void
assert_same_json (const char *actual,
                  const char *expected)
{
  g_autofree char *a = normalize (actual);
  g_autofree char *e = normalize (expected);

  g_assert_cmpstr (a, ==, e);
}

/* The frame is the sample, as it stands in its file. */
static void
assert_same_as_sample (const char *actual,
                       const char *sample)
{
  g_autofree char *expected = test_read_sample (sample, NULL);

  assert_same_json (actual, expected);
}

/* Replaces members of the frame's data, with values given as JSON text (name, value, name,
 * value, ..., NULL), and returns the frame as JSON text. */
static char *
replace_data_members (JsonNode *root,
                      va_list   args)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (root), "data");
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      /* Replacing keeps the member's place. */
      g_assert_true (json_object_has_member (data, name));
      json_object_set_member (data, name, test_parse_json (value));
    }

  return json_to_string (root, FALSE);
}

/* The expected frame: a sample (by its file name) with some members of its data replaced
 * (name, value, name, value, ..., NULL). */
static char *
sample_with (const char *sample,
             ...)
{
  g_autoptr(JsonNode) root = test_parse_sample (sample);
  char *frame;
  va_list args;

  va_start (args, sample);
  frame = replace_data_members (root, args);
  va_end (args);
  return frame;
}

/* The same for a frame given as JSON text. */
static char *
frame_with (const char *text,
            ...)
{
  g_autoptr(JsonNode) root = test_parse_json (text);
  char *frame;
  va_list args;

  va_start (args, text);
  frame = replace_data_members (root, args);
  va_end (args);
  return frame;
}

/* message.response of a sample frame, by its file name. */
static JsonNode *
sample_response (const char *sample)
{
  g_autoptr(JsonNode) root = test_parse_sample (sample);
  JsonObject *message = json_object_get_object_member (json_node_get_object (root), "message");

  return json_node_copy (json_object_get_member (message, "response"));
}

static void
assert_refused (LcmRequest *request,
                GError     *error,
                int         code)
{
  g_assert_null (request);
  g_assert_error (error, LCM_REQUEST_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static LcmDisposition *
sample_disposition (void)
{
  LcmDisposition *d = lcm_disposition_new ();

  lcm_disposition_set_call_id (d, "12345");
  lcm_disposition_set_account_number (d, "5|3|1|0|0|44|1");
  lcm_disposition_set_user_id (d, "testagent");
  lcm_disposition_set_comments (d, "Test comment");
  lcm_disposition_set_lead_score (d, 0);
  lcm_disposition_set_target_amount (d, 0);
  return d;
}

/* The callback sample's values, checked at 13/01/2021 10:00 in the window's zone. */
static LcmDisposition *
sample_callback_disposition (GTimeZone  *zone,
                             GDateTime **now)
{
  LcmDisposition *d = sample_disposition ();
  g_autoptr(GDateTime) start = g_date_time_new (zone, 2021, 1, 13, 13, 45, 0);

  lcm_disposition_set_telephony_outcome (d, 4);
  lcm_disposition_set_business_outcome (d, 101);
  lcm_disposition_set_callback_window (d, start, start);
  lcm_disposition_set_callback_mode (d, 1);
  *now = g_date_time_new (zone, 2021, 1, 13, 10, 0, 0);
  return d;
}

static LcmRequest *
build (LcmDisposition  *d,
       GDateTime       *now,
       GError         **error)
{
  return lcm_request_new_disposition (d, now, error);
}

/* ------------------------------------------------------------------------------------------
 * The seeds' five requests
 */

static void
test_sample_business_outcomes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *with_source = NULL;
  g_autofree char *expected_source = NULL;

  request = lcm_request_new_business_outcomes ("", LCM_CALL_TYPE_MANUAL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==, LCM_OPERATION_BUSINESS_OUTCOMES);
  g_assert_false (lcm_request_is_write (request));
  /* An empty callid matches nothing. */
  g_assert_null (lcm_request_get_callid (request));

  frame = lcm_request_to_frame (request, NULL);
  assert_same_as_sample (frame, BUSINESS_OUTCOMES_REQUEST);

  /* With a source, it goes after the subtopic. */
  with_source = lcm_request_to_frame (request, "Wrapup");
  expected_source = g_strdup ("{\"channel\":\"LCM\",\"topic\":\"WebService\","
                              "\"subtopic\":\"GetOutcomeByOutcomegroup\",\"source\":\"Wrapup\","
                              "\"data\":{\"callid\":\"\",\"type\":\"MANUAL\"}}");
  assert_same_json (with_source, expected_source);

  /* NULL is the same as empty, and the other types and a real call id. */
  {
    g_autoptr(LcmRequest) null_callid =
      lcm_request_new_business_outcomes (NULL, LCM_CALL_TYPE_MANUAL, &error);
    g_autofree char *null_frame = NULL;

    g_assert_no_error (error);
    null_frame = lcm_request_to_frame (null_callid, NULL);
    assert_same_as_sample (null_frame, BUSINESS_OUTCOMES_REQUEST);
  }
  {
    g_autoptr(LcmRequest) inbound =
      lcm_request_new_business_outcomes ("777", LCM_CALL_TYPE_INBOUND, &error);
    g_autofree char *inbound_frame = NULL;
    g_autofree char *expected = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (lcm_request_get_callid (inbound), ==, "777");
    inbound_frame = lcm_request_to_frame (inbound, NULL);
    expected = sample_with (BUSINESS_OUTCOMES_REQUEST,
                            "callid", "\"777\"", "type", "\"INBOUND\"", NULL);
    assert_same_json (inbound_frame, expected);
  }
  {
    g_autoptr(LcmRequest) outbound =
      lcm_request_new_business_outcomes ("", LCM_CALL_TYPE_OUTBOUND, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (lcm_request_get_data (outbound), "type"),
                     ==, "OUTBOUND");
  }
}

static void
test_sample_telephony_outcomes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;

  request = lcm_request_new_telephony_outcomes ("18|1|2|0|0|44|274", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==, LCM_OPERATION_TELEPHONY_OUTCOMES);
  g_assert_false (lcm_request_is_write (request));
  g_assert_null (lcm_request_get_callid (request));

  frame = lcm_request_to_frame (request, NULL);
  assert_same_as_sample (frame, TELEPHONY_OUTCOMES_REQUEST);
}

static void
test_sample_set_telephony_outcome (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmDisposition) d = sample_disposition ();
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;

  lcm_disposition_set_telephony_outcome (d, 1);
  request = build (d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==,
                   LCM_OPERATION_SET_TELEPHONY_OUTCOME);
  g_assert_true (lcm_request_is_write (request));
  g_assert_cmpstr (lcm_request_get_callid (request), ==, "12345");

  frame = lcm_request_to_frame (request, NULL);
  assert_same_as_sample (frame, SET_TELEPHONY_OUTCOME_REQUEST);
}

static void
test_sample_set_callback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(LcmDisposition) d = sample_callback_disposition (zone, &now);
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;

  request = build (d, now, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==,
                   LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK);
  g_assert_true (lcm_request_is_write (request));
  g_assert_cmpstr (lcm_request_get_callid (request), ==, "12345");

  frame = lcm_request_to_frame (request, NULL);
  assert_same_as_sample (frame, SET_CALLBACK_REQUEST);

  /* With no telephony outcome chosen, the callback one (4) is sent: the same frame. */
  {
    g_autoptr(LcmRequest) again = NULL;
    g_autofree char *again_frame = NULL;

    lcm_disposition_set_telephony_outcome (d, LCM_NONE);
    again = build (d, now, &error);
    g_assert_no_error (error);
    again_frame = lcm_request_to_frame (again, NULL);
    assert_same_as_sample (again_frame, SET_CALLBACK_REQUEST);
  }
}

static void
test_sample_set_callback_zone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2021, 1, 13, 0, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_new (zone, 2021, 1, 13, 23, 30, 0);
  g_autoptr(GDateTime) end = g_date_time_new (zone, 2021, 1, 14, 0, 15, 0);
  g_autoptr(LcmDisposition) d = sample_disposition ();
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *expected = NULL;

  /* Each end in its own zone's wall clock, whatever zone now is in. */
  lcm_disposition_set_business_outcome (d, 101);
  lcm_disposition_set_callback_window (d, start, end);
  lcm_disposition_set_callback_mode (d, 3);
  request = build (d, now, &error);
  g_assert_no_error (error);

  frame = lcm_request_to_frame (request, NULL);
  expected = sample_with (SET_CALLBACK_REQUEST,
                          "StartDate", "\"13/01/2021\"", "EndDate", "\"14/01/2021\"",
                          "StartTime", "\"23:30\"", "EndTime", "\"00:15\"",
                          "CallbackModeID", "3", NULL);
  assert_same_json (frame, expected);
}

static void
test_sample_journey (void)
{
  g_autoptr(GError) error = NULL;

  /* By account and contact number, as the third sample; its MonthType of 10 is not a range
   * the library sends (3, 6, 9, 12), so 12 stands in for it. */
  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autofree char *frame = NULL;
    g_autofree char *expected = NULL;

    lcm_journey_query_set_account_number (query, "9|3|1711|0|0|84|-1");
    lcm_journey_query_set_campaign_name (query, "tmasi");
    lcm_journey_query_set_channel (query, LCM_CHANNEL_VOICE);
    lcm_journey_query_set_months (query, 12);
    lcm_journey_query_set_contact_number (query, "909003299700");

    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lcm_request_get_operation (request), ==, LCM_OPERATION_JOURNEY);
    g_assert_false (lcm_request_is_write (request));
    g_assert_null (lcm_request_get_callid (request));

    frame = lcm_request_to_frame (request, NULL);
    expected = sample_with (JOURNEY_REQUEST_BY_BOTH, "MonthType", "12", NULL);
    assert_same_json (frame, expected);

    /* And the month range the sample sends is refused. */
    g_clear_pointer (&request, lcm_request_unref);
    lcm_journey_query_set_months (query, 10);
    request = lcm_request_new_journey (query, &error);
    assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_MONTHS);
    g_clear_error (&error);
  }

  /* By contact number only, as the second sample: AccountNumber is sent, empty. Its
   * MonthType of 10 is not a range the library sends either: 6 stands in for it. */
  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autofree char *frame = NULL;
    g_autofree char *expected = NULL;

    lcm_journey_query_set_campaign_name (query, "tmasi");
    lcm_journey_query_set_channel (query, LCM_CHANNEL_VOICE);
    lcm_journey_query_set_months (query, 6);
    lcm_journey_query_set_contact_number (query, "909003299700");

    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    frame = lcm_request_to_frame (request, NULL);
    expected = sample_with (JOURNEY_REQUEST_BY_CONTACT, "MonthType", "6", NULL);
    assert_same_json (frame, expected);
  }

  /* By call id and account, as the first sample, with the numbers it sends as strings sent
   * as numbers (the type the other samples show), and 3 months for its "5". */
  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autofree char *frame = NULL;
    g_autofree char *expected = NULL;

    lcm_journey_query_set_call_id (query, "12345");
    lcm_journey_query_set_account_number (query, "2|3|3|0|0|44|1");
    lcm_journey_query_set_campaign_name (query, "SamplePreviewCampaign-ACQ");

    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (lcm_request_get_callid (request), ==, "12345");
    frame = lcm_request_to_frame (request, NULL);
    expected = sample_with (JOURNEY_REQUEST_BY_ACCOUNT,
                            "ChannelID", "-1", "MonthType", "3", NULL);
    assert_same_json (frame, expected);
  }

  /* Nothing but a call id: AccountNumber and CampaignName are still sent, empty. */
  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autofree char *frame = NULL;

    lcm_journey_query_set_call_id (query, "12345");
    lcm_journey_query_set_channel (query, LCM_CHANNEL_EMAIL);
    lcm_journey_query_set_months (query, 9);
    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    frame = lcm_request_to_frame (request, NULL);
    assert_same_json (frame,
                      "{\"channel\": \"LCM\", \"topic\": \"WebService\","
                      " \"subtopic\": \"GetCustomerJourney\", \"data\": {\"callid\": \"12345\","
                      " \"AccountNumber\": \"\", \"CampaignName\": \"\", \"ChannelID\": 3,"
                      " \"MonthType\": 9}}");
  }
}

/* ------------------------------------------------------------------------------------------
 * The sibling requests
 */

static void
test_set_outcomes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmDisposition) d = sample_disposition ();
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;

  /* No telephony outcome chosen: Success (0), since the call connected. */
  lcm_disposition_set_business_outcome (d, 101);
  request = build (d, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==, LCM_OPERATION_SET_OUTCOMES);
  g_assert_true (lcm_request_is_write (request));
  frame = lcm_request_to_frame (request, NULL);
  assert_same_json (frame, SET_OUTCOMES_REQUEST);

  /* A chosen one is sent as a string. */
  {
    g_autoptr(LcmRequest) chosen = NULL;
    g_autofree char *chosen_frame = NULL;
    g_autofree char *expected = NULL;

    lcm_disposition_set_telephony_outcome (d, 7);
    lcm_disposition_set_lead_score (d, 55);
    chosen = build (d, NULL, &error);
    g_assert_no_error (error);
    chosen_frame = lcm_request_to_frame (chosen, NULL);
    expected = frame_with (SET_OUTCOMES_REQUEST, "CallOutcome", "\"7\"", "LeadScore", "55",
                           NULL);
    assert_same_json (chosen_frame, expected);
  }
}

static void
test_target_amount (void)
{
  static const struct {
    double amount;
    const char *json;
  } cases[] = {
    { 0, "0" },
    { 1500, "1500" },
    { 1e12, "1000000000000" },
    { 12.5, "12.5" },
    { 0.25, "0.25" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmDisposition) d = sample_disposition ();
      g_autoptr(LcmRequest) request = NULL;
      g_autofree char *frame = NULL;
      g_autofree char *expected = NULL;
      JsonNode *node;

      lcm_disposition_set_telephony_outcome (d, 1);
      lcm_disposition_set_target_amount (d, cases[i].amount);
      request = build (d, NULL, &error);
      g_assert_no_error (error);

      node = json_object_get_member (lcm_request_get_data (request), "TargetAmount");
      if (cases[i].amount == floor (cases[i].amount))
        g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
      else
        g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);

      frame = lcm_request_to_frame (request, NULL);
      expected = sample_with (SET_TELEPHONY_OUTCOME_REQUEST, "TargetAmount", cases[i].json,
                              NULL);
      assert_same_json (frame, expected);
    }
}

static void
test_callback_modes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *frame = NULL;

  request = lcm_request_new_callback_modes ("12345", "137|1|3|0|0|84|", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==, LCM_OPERATION_CALLBACK_MODES);
  g_assert_cmpstr (lcm_request_get_callid (request), ==, "12345");
  frame = lcm_request_to_frame (request, NULL);
  assert_same_json (frame, CALLBACK_MODES_REQUEST);
}

static void
test_personal_callbacks (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = NULL;
  g_autoptr(LcmRequest) unbounded = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *unbounded_frame = NULL;
  g_autofree char *expected = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, 2021);
  g_date_set_dmy (&to, 31, G_DATE_JANUARY, 2021);

  request = lcm_request_new_personal_callbacks ("testagent", &from, &to, 1, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lcm_request_get_operation (request), ==, LCM_OPERATION_PERSONAL_CALLBACKS);
  g_assert_null (lcm_request_get_callid (request));
  frame = lcm_request_to_frame (request, NULL);
  assert_same_json (frame, PERSONAL_CALLBACKS_REQUEST);

  /* No bounds, and the gateway's default page. */
  unbounded = lcm_request_new_personal_callbacks ("testagent", NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  unbounded_frame = lcm_request_to_frame (unbounded, NULL);
  expected = frame_with (PERSONAL_CALLBACKS_REQUEST, "FromDate", "\"\"", "ToDate", "\"\"",
                         "StartingNoOfRecord", "\"0\"", "NoofRecords", "\"0\"", NULL);
  assert_same_json (unbounded_frame, expected);

  /* One day is a window. */
  {
    g_autoptr(LcmRequest) one_day =
      lcm_request_new_personal_callbacks ("testagent", &to, &to, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_nonnull (one_day);
  }
}

/* ------------------------------------------------------------------------------------------
 * Validation: every rule, with its code and a message
 */

static void
test_refuse_reads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = NULL;
  g_autofree char *long_id = g_strnfill (LCM_MAX_CALL_ID_LENGTH + 1, '7');
  GDate from, to, invalid;

  request = lcm_request_new_business_outcomes ("12 34", LCM_CALL_TYPE_MANUAL, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);
  request = lcm_request_new_business_outcomes (long_id, LCM_CALL_TYPE_MANUAL, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);
  request = lcm_request_new_business_outcomes ("", (LcmCallType) 7, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_CALL_TYPE);
  g_clear_error (&error);

  request = lcm_request_new_telephony_outcomes ("", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  g_clear_error (&error);
  request = lcm_request_new_telephony_outcomes (NULL, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  g_clear_error (&error);
  request = lcm_request_new_telephony_outcomes ("5|3|1|0|0|44", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  g_clear_error (&error);
  request = lcm_request_new_telephony_outcomes ("5|3|x|0|0|44|1", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  g_clear_error (&error);

  request = lcm_request_new_callback_modes (NULL, "5|3|1|0|0|44|1", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_EMPTY_CALL_ID);
  g_clear_error (&error);
  request = lcm_request_new_callback_modes ("", "5|3|1|0|0|44|1", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_EMPTY_CALL_ID);
  g_clear_error (&error);
  request = lcm_request_new_callback_modes ("1\n2", "5|3|1|0|0|44|1", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_CALL_ID);
  g_clear_error (&error);
  request = lcm_request_new_callback_modes ("12345", "5|3|1", &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  g_clear_error (&error);

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_clear (&invalid, 1);
  g_date_set_dmy (&from, 2, G_DATE_FEBRUARY, 2021);
  g_date_set_dmy (&to, 1, G_DATE_FEBRUARY, 2021);

  request = lcm_request_new_personal_callbacks ("", NULL, NULL, 0, 0, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_USER);
  g_clear_error (&error);
  request = lcm_request_new_personal_callbacks (NULL, NULL, NULL, 0, 0, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_USER);
  g_clear_error (&error);
  request = lcm_request_new_personal_callbacks ("test agent", NULL, NULL, 0, 0, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_USER);
  g_clear_error (&error);
  request = lcm_request_new_personal_callbacks ("testagent", &from, &to, 0, 0, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_WINDOW_ORDER);
  g_clear_error (&error);
  request = lcm_request_new_personal_callbacks ("testagent", &invalid, NULL, 0, 0, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_DATE);
  g_clear_error (&error);
  request = lcm_request_new_personal_callbacks ("testagent", NULL, &invalid, 0, 0, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_DATE);
  g_clear_error (&error);
}

static void
test_refuse_journey (void)
{
  static const struct {
    const char *callid;
    const char *account;
    const char *contact;
    const char *campaign;
    int channel;
    guint months;
    int code;
  } cases[] = {
    { NULL, NULL, NULL, "tmasi", -1, 3, LCM_REQUEST_ERROR_NO_JOURNEY_KEY },
    { "", "", "", NULL, -1, 3, LCM_REQUEST_ERROR_NO_JOURNEY_KEY },
    { "1 2", NULL, NULL, NULL, -1, 3, LCM_REQUEST_ERROR_INVALID_CALL_ID },
    { NULL, "9|3|1711", NULL, NULL, -1, 3, LCM_REQUEST_ERROR_INVALID_ACCOUNT },
    { NULL, NULL, "+6591462346", NULL, -1, 3, LCM_REQUEST_ERROR_INVALID_CONTACT },
    { NULL, NULL, "12", NULL, -1, 3, LCM_REQUEST_ERROR_INVALID_CONTACT },
    { NULL, NULL, "123456789012345678901", NULL, -1, 3, LCM_REQUEST_ERROR_INVALID_CONTACT },
    { NULL, NULL, "909003299700", NULL, 0, 3, LCM_REQUEST_ERROR_INVALID_CHANNEL },
    { NULL, NULL, "909003299700", NULL, 4, 3, LCM_REQUEST_ERROR_INVALID_CHANNEL },
    { NULL, NULL, "909003299700", NULL, -1, 0, LCM_REQUEST_ERROR_INVALID_MONTHS },
    { NULL, NULL, "909003299700", NULL, -1, 5, LCM_REQUEST_ERROR_INVALID_MONTHS },
    { NULL, NULL, "909003299700", NULL, -1, 24, LCM_REQUEST_ERROR_INVALID_MONTHS },
    { "12345", NULL, NULL, "\xff\xfe", -1, 3, LCM_REQUEST_ERROR_TOO_LONG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
      g_autoptr(LcmRequest) request = NULL;

      lcm_journey_query_set_call_id (query, cases[i].callid);
      lcm_journey_query_set_account_number (query, cases[i].account);
      lcm_journey_query_set_contact_number (query, cases[i].contact);
      lcm_journey_query_set_campaign_name (query, cases[i].campaign);
      lcm_journey_query_set_channel (query, (LcmChannel) cases[i].channel);
      lcm_journey_query_set_months (query, cases[i].months);

      request = lcm_request_new_journey (query, &error);
      assert_refused (request, error, cases[i].code);
    }

  /* The campaign name's bound, in characters. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autoptr(GString) campaign = g_string_new (NULL);

    for (guint i = 0; i < LCM_MAX_CAMPAIGN_LENGTH; i++)
      g_string_append (campaign, "é");
    lcm_journey_query_set_contact_number (query, "909003299700");
    lcm_journey_query_set_campaign_name (query, campaign->str);
    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    g_assert_nonnull (request);

    g_string_append_c (campaign, 'x');
    lcm_journey_query_set_campaign_name (query, campaign->str);
    g_clear_pointer (&request, lcm_request_unref);
    request = lcm_request_new_journey (query, &error);
    assert_refused (request, error, LCM_REQUEST_ERROR_TOO_LONG);
  }
}

typedef void (*Spoil) (LcmDisposition *d);

static void spoil_no_call_id (LcmDisposition *d) { lcm_disposition_set_call_id (d, NULL); }
static void spoil_empty_call_id (LcmDisposition *d) { lcm_disposition_set_call_id (d, ""); }
static void spoil_call_id (LcmDisposition *d) { lcm_disposition_set_call_id (d, "12 345"); }
static void spoil_account (LcmDisposition *d) { lcm_disposition_set_account_number (d, "5|3|1"); }
static void spoil_no_account (LcmDisposition *d) { lcm_disposition_set_account_number (d, NULL); }
static void spoil_user (LcmDisposition *d) { lcm_disposition_set_user_id (d, ""); }
static void spoil_user_blank (LcmDisposition *d) { lcm_disposition_set_user_id (d, "a b"); }
static void spoil_lead_high (LcmDisposition *d) { lcm_disposition_set_lead_score (d, 1001); }
static void spoil_lead_low (LcmDisposition *d) { lcm_disposition_set_lead_score (d, -1); }
static void spoil_target_low (LcmDisposition *d) { lcm_disposition_set_target_amount (d, -1); }
static void spoil_target_nan (LcmDisposition *d) { lcm_disposition_set_target_amount (d, NAN); }
static void spoil_target_high (LcmDisposition *d) { lcm_disposition_set_target_amount (d, 2e12); }
static void spoil_telephony (LcmDisposition *d) { lcm_disposition_set_telephony_outcome (d, -7); }
static void spoil_business (LcmDisposition *d) { lcm_disposition_set_business_outcome (d, -7); }

static void
spoil_comments (LcmDisposition *d)
{
  g_autofree char *comments = g_strnfill (LCM_MAX_COMMENT_LENGTH + 1, 'c');

  lcm_disposition_set_comments (d, comments);
}

static void
spoil_comments_utf8 (LcmDisposition *d)
{
  lcm_disposition_set_comments (d, "bad \xc3\x28 text");
}

static void
spoil_outcomes (LcmDisposition *d)
{
  lcm_disposition_set_telephony_outcome (d, LCM_NONE);
  lcm_disposition_set_business_outcome (d, LCM_NONE);
}

static void
test_refuse_writes (void)
{
  static const struct {
    Spoil spoil;
    int code;
  } cases[] = {
    { spoil_no_call_id, LCM_REQUEST_ERROR_EMPTY_CALL_ID },
    { spoil_empty_call_id, LCM_REQUEST_ERROR_EMPTY_CALL_ID },
    { spoil_call_id, LCM_REQUEST_ERROR_INVALID_CALL_ID },
    { spoil_account, LCM_REQUEST_ERROR_INVALID_ACCOUNT },
    { spoil_no_account, LCM_REQUEST_ERROR_INVALID_ACCOUNT },
    { spoil_user, LCM_REQUEST_ERROR_INVALID_USER },
    { spoil_user_blank, LCM_REQUEST_ERROR_INVALID_USER },
    { spoil_comments, LCM_REQUEST_ERROR_TOO_LONG },
    { spoil_comments_utf8, LCM_REQUEST_ERROR_TOO_LONG },
    { spoil_lead_high, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_lead_low, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_target_low, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_target_nan, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_target_high, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_telephony, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_business, LCM_REQUEST_ERROR_INVALID_NUMBER },
    { spoil_outcomes, LCM_REQUEST_ERROR_NO_OUTCOME },
  };
  /* Each rule against each of the three writes. */
  static const gint64 business[] = { LCM_NONE, 101, 101 };
  static const gboolean callback[] = { FALSE, FALSE, TRUE };
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();

  for (guint w = 0; w < G_N_ELEMENTS (business); w++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GDateTime) now = NULL;
        g_autoptr(LcmDisposition) d = sample_callback_disposition (zone, &now);
        g_autoptr(LcmRequest) request = NULL;

        lcm_disposition_set_business_outcome (d, business[w]);
        if (!callback[w])
          lcm_disposition_set_callback_window (d, NULL, NULL);

        /* Valid as it is... */
        request = build (d, now, &error);
        g_assert_no_error (error);
        g_assert_nonnull (request);
        g_clear_pointer (&request, lcm_request_unref);

        /* ...and refused with one thing wrong. */
        cases[i].spoil (d);
        request = build (d, now, &error);
        assert_refused (request, error, cases[i].code);
      }
}

static void
test_refuse_callback (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(LcmDisposition) d = sample_callback_disposition (zone, &now);
  g_autoptr(GDateTime) start = g_date_time_ref (lcm_disposition_get_callback_start (d));
  g_autoptr(GDateTime) earlier = g_date_time_add_minutes (start, -1);
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -1);
  g_autoptr(GDateTime) far = g_date_time_add_days (now, LCM_MAX_CALLBACK_DAYS_AHEAD + 1);
  g_autoptr(GDateTime) far_end = g_date_time_add_hours (far, 1);
  g_autoptr(GError) error = NULL;
  LcmRequest *request;

  /* A callback without a business outcome: say to choose one. */
  lcm_disposition_set_business_outcome (d, LCM_NONE);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_NO_OUTCOME);
  g_assert_nonnull (strstr (error->message, "business outcome"));
  g_clear_error (&error);
  lcm_disposition_set_business_outcome (d, 101);

  /* Ends before it starts. */
  lcm_disposition_set_callback_window (d, start, earlier);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_WINDOW_ORDER);
  g_clear_error (&error);

  /* Already over. */
  lcm_disposition_set_callback_window (d, past, past);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_WINDOW_PAST);
  g_clear_error (&error);

  /* Too far ahead. */
  lcm_disposition_set_callback_window (d, far, far_end);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_WINDOW_TOO_FAR);
  g_clear_error (&error);

  /* Half a window. */
  lcm_disposition_set_callback_window (d, start, NULL);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_DATE);
  g_clear_error (&error);
  lcm_disposition_set_callback_window (d, NULL, start);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_DATE);
  g_clear_error (&error);

  /* No mode, or not a mode. */
  lcm_disposition_set_callback_window (d, start, start);
  lcm_disposition_set_callback_mode (d, LCM_NONE);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_NUMBER);
  g_clear_error (&error);
  lcm_disposition_set_callback_mode (d, 0);
  request = build (d, now, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_INVALID_NUMBER);
  g_clear_error (&error);

  /* Whole again. */
  lcm_disposition_set_callback_mode (d, 2);
  request = build (d, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);
  lcm_request_unref (request);

  /* Checked against the local now when none is given: 2021 is over. */
  request = build (d, NULL, &error);
  assert_refused (request, error, LCM_REQUEST_ERROR_WINDOW_PAST);
}

/* ------------------------------------------------------------------------------------------
 * The operation table and the request
 */

static void
test_operations (void)
{
  static const struct {
    LcmOperation operation;
    const char *request;
    const char *response;
    gboolean write;
  } table[] = {
    { LCM_OPERATION_BUSINESS_OUTCOMES, "GetOutcomeByOutcomegroup", "BusinessOutCome", FALSE },
    { LCM_OPERATION_TELEPHONY_OUTCOMES, "SetCallOutComeOffline",
      "SetCallOutComeOfflineResponse", FALSE },
    { LCM_OPERATION_CALLBACK_MODES, "GetCallBackModes", "CallbackModes", FALSE },
    { LCM_OPERATION_PERSONAL_CALLBACKS, "GetPersonalCallbackList", "PersonalCallbackList",
      FALSE },
    { LCM_OPERATION_JOURNEY, "GetCustomerJourney", "CustomerJourney", FALSE },
    { LCM_OPERATION_SET_TELEPHONY_OUTCOME, "SetCallOutcomeWithComments",
      "SetCallOutcomeWithCommentsResult", TRUE },
    { LCM_OPERATION_SET_OUTCOMES, "SetBusinessOutcomeWithCallOutcome",
      "SetBusinessOutcomeWithCallOutcomeResult", TRUE },
    { LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK,
      "SetBusinessOutcomeWithPersonalCallback",
      "SetBusinessOutcomeWithPersonalCallbackResult", TRUE },
  };
  const GType item_types[] = {
    LCM_TYPE_BUSINESS_OUTCOME, LCM_TYPE_TELEPHONY_OUTCOME, LCM_TYPE_CALLBACK_MODE,
    LCM_TYPE_PERSONAL_CALLBACK, LCM_TYPE_JOURNEY_ENTRY, G_TYPE_NONE, G_TYPE_NONE, G_TYPE_NONE,
  };
  LcmOperation found;

  g_assert_cmpuint (G_N_ELEMENTS (table), ==, LCM_N_OPERATIONS);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      LcmOperation op = table[i].operation;
      g_autofree char *upper_request = g_ascii_strup (table[i].request, -1);
      g_autofree char *lower_response = g_ascii_strdown (table[i].response, -1);

      g_assert_cmpstr (lcm_operation_get_request_subtopic (op), ==, table[i].request);
      g_assert_cmpstr (lcm_operation_get_response_subtopic (op), ==, table[i].response);
      g_assert_cmpint (lcm_operation_is_write (op), ==, table[i].write);
      g_assert_true (lcm_operation_get_item_type (op) == item_types[i]);

      /* Round trips, in any letter case. */
      found = (LcmOperation) -1;
      g_assert_true (lcm_operation_from_request_subtopic (table[i].request, &found));
      g_assert_cmpint (found, ==, op);
      found = (LcmOperation) -1;
      g_assert_true (lcm_operation_from_request_subtopic (upper_request, &found));
      g_assert_cmpint (found, ==, op);

      g_assert_true (lcm_operation_matches_response (op, table[i].response));
      g_assert_true (lcm_operation_matches_response (op, lower_response));
      g_assert_false (lcm_operation_matches_response (op, table[i].request));
      g_assert_false (lcm_operation_matches_response (op, NULL));

      /* Each response answers one operation only. */
      for (guint j = 0; j < G_N_ELEMENTS (table); j++)
        if (j != i)
          g_assert_false (lcm_operation_matches_response (table[j].operation,
                                                          table[i].response));
    }

  /* The spellings real servers use. */
  g_assert_true (lcm_operation_matches_response (LCM_OPERATION_CALLBACK_MODES,
                                                 "CallBackModes"));
  g_assert_true (lcm_operation_matches_response (LCM_OPERATION_BUSINESS_OUTCOMES,
                                                 "BusinessOutcome"));

  g_assert_false (lcm_operation_from_request_subtopic ("GetSomethingElse", &found));
  g_assert_false (lcm_operation_from_request_subtopic ("", &found));
  g_assert_false (lcm_operation_from_request_subtopic (NULL, &found));
  g_assert_false (lcm_operation_from_request_subtopic ("BusinessOutCome", &found));
}

static void
test_request_boxed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes ("18|1|2|0|0|44|274",
                                                                      &error);
  LcmRequest *copy;
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_no_error (error);
  g_assert_true (G_TYPE_IS_BOXED (LCM_TYPE_REQUEST));

  copy = g_boxed_copy (LCM_TYPE_REQUEST, request);
  g_assert_true (copy == request);
  g_boxed_free (LCM_TYPE_REQUEST, copy);

  g_value_init (&value, LCM_TYPE_REQUEST);
  g_value_set_boxed (&value, request);
  g_assert_true (g_value_get_boxed (&value) == request);

  g_assert_true (lcm_request_ref (request) == request);
  lcm_request_unref (request);
  g_assert_cmpstr (json_object_get_string_member (lcm_request_get_data (request),
                                                  "AccountNumber"), ==, "18|1|2|0|0|44|274");
}

/* ------------------------------------------------------------------------------------------
 * The samples' answers
 */

static void
test_decode_sample_responses (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  static const struct {
    LcmOperation operation;
    const char *sample;
    guint n_rows;
  } lists[] = {
    { LCM_OPERATION_BUSINESS_OUTCOMES, BUSINESS_OUTCOMES_RESPONSE, 2 },
    { LCM_OPERATION_TELEPHONY_OUTCOMES, TELEPHONY_OUTCOMES_RESPONSE, 49 },
    { LCM_OPERATION_JOURNEY, JOURNEY_RESPONSE, 1 },
  };
  static const char *results[] = {
    SET_TELEPHONY_OUTCOME_RESPONSE,
    SET_CALLBACK_RESPONSE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) response = sample_response (lists[i].sample);
      g_autoptr(GListModel) list = lcm_response_decode_list (lists[i].operation, response,
                                                             utc, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, lists[i].n_rows);
      g_assert_true (g_list_model_get_item_type (list)
                     == lcm_operation_get_item_type (lists[i].operation));

      /* A list where an object is wanted is the wrong kind. */
      g_assert_false (lcm_response_decode_success (response, &error));
      g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
    }

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) response = sample_response (results[i]);
      g_autoptr(GListModel) list = NULL;

      g_assert_true (lcm_response_decode_success (response, &error));
      g_assert_no_error (error);

      /* An object where a list is wanted is the wrong kind. */
      list = lcm_response_decode_list (LCM_OPERATION_JOURNEY, response, utc, &error);
      g_assert_null (list);
      g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
    }

  /* The journey sample's row, read. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) response = sample_response (JOURNEY_RESPONSE);
    g_autoptr(GListModel) list = lcm_response_decode_list (LCM_OPERATION_JOURNEY, response,
                                                           utc, &error);
    g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (list, 0);

    g_assert_no_error (error);
    g_assert_cmpstr (lcm_journey_entry_get_contact_value (entry), ==, "6591462346");
    g_assert_cmpint (lcm_journey_entry_get_completed_unix (entry), ==, 1589275343);
  }
}

static void
test_decode_success (void)
{
  static const struct {
    const char *json;
    gboolean ok;
    GQuark (*domain) (void);
    int code;
  } cases[] = {
    { "{\"success\": true}", TRUE, NULL, 0 },
    { "{\"Success\": \"true\", \"extra\": 1}", TRUE, NULL, 0 },
    { "{\"success\": 1}", TRUE, NULL, 0 },
    { "{\"success\": false}", FALSE, lcm_gateway_error_quark, LCM_GATEWAY_ERROR_REFUSED },
    { "{\"success\": \"False\"}", FALSE, lcm_gateway_error_quark, LCM_GATEWAY_ERROR_REFUSED },
    { "{}", FALSE, lcm_protocol_error_quark, LCM_PROTOCOL_ERROR_MISSING_FIELD },
    { "{\"success\": null}", FALSE, lcm_protocol_error_quark,
      LCM_PROTOCOL_ERROR_MISSING_FIELD },
    { "{\"success\": {}}", FALSE, lcm_protocol_error_quark, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "{\"success\": \"maybe\"}", FALSE, lcm_protocol_error_quark,
      LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "[{\"success\": true}]", FALSE, lcm_protocol_error_quark,
      LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "true", FALSE, lcm_protocol_error_quark, LCM_PROTOCOL_ERROR_WRONG_KIND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, &error);

      g_assert_no_error (error);
      g_assert_cmpint (lcm_response_decode_success (node, &error), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
        }
      else
        {
          g_assert_error (error, cases[i].domain (), cases[i].code);
          g_assert_cmpstr (error->message, !=, "");
        }
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (lcm_response_decode_success (NULL, &error));
    g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/requests/sample/business-outcomes", test_sample_business_outcomes);
  g_test_add_func ("/lcm/requests/sample/telephony-outcomes", test_sample_telephony_outcomes);
  g_test_add_func ("/lcm/requests/sample/set-telephony-outcome",
                   test_sample_set_telephony_outcome);
  g_test_add_func ("/lcm/requests/sample/set-callback", test_sample_set_callback);
  g_test_add_func ("/lcm/requests/sample/set-callback-zone", test_sample_set_callback_zone);
  g_test_add_func ("/lcm/requests/sample/journey", test_sample_journey);
  g_test_add_func ("/lcm/requests/set-outcomes", test_set_outcomes);
  g_test_add_func ("/lcm/requests/target-amount", test_target_amount);
  g_test_add_func ("/lcm/requests/callback-modes", test_callback_modes);
  g_test_add_func ("/lcm/requests/personal-callbacks", test_personal_callbacks);
  g_test_add_func ("/lcm/requests/refuse/reads", test_refuse_reads);
  g_test_add_func ("/lcm/requests/refuse/journey", test_refuse_journey);
  g_test_add_func ("/lcm/requests/refuse/writes", test_refuse_writes);
  g_test_add_func ("/lcm/requests/refuse/callback", test_refuse_callback);
  g_test_add_func ("/lcm/requests/operations", test_operations);
  g_test_add_func ("/lcm/requests/boxed", test_request_boxed);
  g_test_add_func ("/lcm/requests/responses/samples", test_decode_sample_responses);
  g_test_add_func ("/lcm/requests/responses/success", test_decode_success);

  return g_test_run ();
}
