/* test-envelope.c: the envelope codec against every sample, quirk and malformed frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lcm.h"
#include "wrapup-test-sim.h"

static LcmEnvelope *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  LcmEnvelope *envelope = lcm_envelope_parse (text, strlen (text), LCM_DEFAULT_MAX_FRAME_SIZE,
                                              &error);

  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  return envelope;
}

typedef struct
{
  const char *file;
  const char *subtopic;
  const char *callid;          /* NULL: none */
  JsonNodeType response_kind;  /* JSON_NODE_NULL: no response member */
  guint n_rows;                /* for arrays */
} SampleCase;

static const SampleCase samples[] = {
  { "get-outcome-by-outcome-group-request.json", "GetOutcomeByOutcomegroup", "", JSON_NODE_NULL, 0 },
  { "get-outcome-by-outcome-group-response.json", "BusinessOutCome", NULL, JSON_NODE_ARRAY, 2 },
  { "set-business-outcome-with-personal-callback-request.json",
    "SetBusinessOutcomeWithPersonalCallback", "12345", JSON_NODE_NULL, 0 },
  { "set-business-outcome-with-personal-callback-response.json",
    "SetBusinessOutcomeWithPersonalCallbackResult", "12345", JSON_NODE_OBJECT, 0 },
  { "set-telephony-outcome-request.json", "SetCallOutcomeWithComments", "12345", JSON_NODE_NULL, 0 },
  { "set-telephony-outcome-response.json", "SetCallOutcomeWithCommentsResult", "12345",
    JSON_NODE_OBJECT, 0 },
  { "set-call-outcome-offline-request.json", "SetCallOutComeOffline", NULL, JSON_NODE_NULL, 0 },
  { "set-call-outcome-offline-response.json", "SetCallOutComeOfflineResponse", NULL,
    JSON_NODE_ARRAY, 49 },
  { "get-customer-journey-request-by-accountnumber.json", "GetCustomerJourney", "12345",
    JSON_NODE_NULL, 0 },
  { "get-customer-journey-request-by-contactnumber.json", "GetCustomerJourney", NULL,
    JSON_NODE_NULL, 0 },
  { "get-customer-journey-request-by-accountnumber-and-contactnumber.json", "GetCustomerJourney",
    NULL, JSON_NODE_NULL, 0 },
  { "get-customer-journey-response-by-contactnumber.json", "CustomerJourney", "12345",
    JSON_NODE_ARRAY, 1 },
};

static void
test_samples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const SampleCase *c = &samples[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmEnvelope) envelope = NULL;
      g_autofree char *text = NULL;
      gsize length;
      JsonNode *response;

      g_test_message ("sample %s", c->file);
      text = test_read_sample (c->file, &length);
      envelope = lcm_envelope_parse (text, length, LCM_DEFAULT_MAX_FRAME_SIZE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (lcm_envelope_get_subtopic (envelope), ==, c->subtopic);
      g_assert_cmpstr (lcm_envelope_get_callid (envelope), ==, c->callid);
      g_assert_nonnull (lcm_envelope_get_payload_object (envelope));
      g_assert_false (lcm_envelope_is_error (envelope, NULL, NULL, NULL));
      g_assert_null (lcm_envelope_dup_error (envelope));

      response = lcm_envelope_get_response (envelope);
      if (c->response_kind == JSON_NODE_NULL)
        g_assert_null (response);
      else
        {
          g_assert_nonnull (response);
          g_assert_cmpint (JSON_NODE_TYPE (response), ==, c->response_kind);
          if (c->response_kind == JSON_NODE_ARRAY)
            g_assert_cmpuint (json_array_get_length (json_node_get_array (response)), ==,
                              c->n_rows);
        }
    }
}

static void
test_sample_sources (void)
{
  g_autofree char *text = test_read_sample ("set-telephony-outcome-request.json", NULL);
  g_autoptr(LcmEnvelope) envelope = parse_text (text);

  /* The sample has no source; the writer adds one only when asked. */
  g_assert_null (lcm_envelope_get_source (envelope));
  g_assert_true (lcm_envelope_subtopic_is (envelope, "setcalloutcomewithcomments"));
  g_assert_false (lcm_envelope_subtopic_is (envelope, "SetCallOutcome"));
}

static void
test_quirks (void)
{
  struct { const char *text; const char *subtopic; const char *callid; } cases[] = {
    /* topic spelled Webservice, channel in lower case */
    { "{\"channel\":\"lcm\",\"topic\":\"Webservice\",\"subtopic\":\"X\",\"message\":{\"callid\":\"1\"}}",
      "X", "1" },
    /* payload under data instead of message */
    { "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"Y\",\"data\":{\"callid\":\"2\"}}",
      "Y", "2" },
    /* callid as a number, fields in another order, unknown extra fields */
    { "{\"extra\":[1,2],\"message\":{\"callid\":345,\"x\":{}},\"subtopic\":\"Z\",\"channel\":\"LCM\","
      "\"topic\":\"WebService\"}", "Z", "345" },
    /* no callid, no topic */
    { "{\"channel\":\"LCM\",\"subtopic\":\"BusinessOutCome\",\"message\":{\"response\":[]}}",
      "BusinessOutCome", NULL },
    /* key spellings differing in case */
    { "{\"Channel\":\"LCM\",\"TOPIC\":\"webservice\",\"SubTopic\":\"W\",\"Message\":{\"CallId\":\"9\"}}",
      "W", "9" },
    /* null payload members */
    { "{\"channel\":\"LCM\",\"subtopic\":\"N\",\"message\":{\"callid\":null,\"response\":null}}",
      "N", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LcmEnvelope) envelope = NULL;

      g_test_message ("quirk %u", i);
      envelope = parse_text (cases[i].text);
      g_assert_cmpstr (lcm_envelope_get_subtopic (envelope), ==, cases[i].subtopic);
      g_assert_cmpstr (lcm_envelope_get_callid (envelope), ==, cases[i].callid);
    }
}

static void
test_pushed_string_payload (void)
{
  g_autoptr(LcmEnvelope) envelope = parse_text (
    "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"OutcomeSetForCall\","
    "\"message\":\"5|3|1|0|0|44|1\"}");
  JsonNode *payload = lcm_envelope_get_payload (envelope);

  g_assert_nonnull (payload);
  g_assert_cmpstr (json_node_get_string (payload), ==, "5|3|1|0|0|44|1");
  g_assert_null (lcm_envelope_get_payload_object (envelope));
  g_assert_null (lcm_envelope_get_response (envelope));
  g_assert_null (lcm_envelope_get_callid (envelope));
}

static void
test_ws_error (void)
{
  g_autofree char *written = lcm_envelope_write_ws_error ("123", "SetCallOutcomeWithComments",
                                                          "Invalid Call ID:123",
                                                          "Invalid Call ID.");
  g_autoptr(LcmEnvelope) envelope = parse_text (written);
  g_autoptr(GError) error = NULL;
  const char *request, *actual, *message;

  g_assert_cmpstr (written, ==,
                   "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"WS_Error\","
                   "\"message\":{\"callid\":\"123\",\"request\":\"SetCallOutcomeWithComments\","
                   "\"ErrorType\":\"WS_Error\",\"ActualError\":\"Invalid Call ID:123\","
                   "\"Message\":\"Invalid Call ID.\"}}");
  g_assert_true (lcm_envelope_is_error (envelope, &request, &actual, &message));
  g_assert_cmpstr (request, ==, "SetCallOutcomeWithComments");
  g_assert_cmpstr (actual, ==, "Invalid Call ID:123");
  g_assert_cmpstr (message, ==, "Invalid Call ID.");
  g_assert_cmpstr (lcm_envelope_get_callid (envelope), ==, "123");

  /* People see the Message, not the ActualError. */
  error = lcm_envelope_dup_error (envelope);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  g_assert_cmpstr (error->message, ==, "Invalid Call ID.");
}

static void
test_error_triple (void)
{
  /* Other products of the vendor: {errorType, errorMessage, msg}, under any subtopic. */
  g_autoptr(LcmEnvelope) envelope = parse_text (
    "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"CustomerJourney\","
    "\"message\":{\"callid\":\"7\",\"errorType\":\"WS_Error\",\"errorMessage\":\"Callid is empty\","
    "\"msg\":\"Invalid Call ID.\"}}");
  g_autoptr(LcmEnvelope) bare = parse_text (
    "{\"channel\":\"LCM\",\"subtopic\":\"WS_Error\",\"message\":{\"ActualError\":\"boom\"}}");
  g_autoptr(LcmEnvelope) empty = parse_text (
    "{\"channel\":\"LCM\",\"subtopic\":\"WS_Error\"}");
  g_autoptr(GError) error = NULL;
  const char *request, *actual, *message;

  g_assert_true (lcm_envelope_is_error (envelope, &request, &actual, &message));
  g_assert_null (request);
  g_assert_cmpstr (actual, ==, "Callid is empty");
  g_assert_cmpstr (message, ==, "Invalid Call ID.");
  error = lcm_envelope_dup_error (envelope);
  g_assert_cmpstr (error->message, ==, "Invalid Call ID.");
  g_clear_error (&error);

  /* Without a Message, the actual error is the best there is. */
  error = lcm_envelope_dup_error (bare);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  g_assert_cmpstr (error->message, ==, "boom");
  g_clear_error (&error);

  error = lcm_envelope_dup_error (empty);
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_malformed (void)
{
  struct { const char *text; int code; } cases[] = {
    { "not json", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"channel\":\"LCM\",\"subtopic\":\"X\"", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "[]", LCM_PROTOCOL_ERROR_NOT_OBJECT },
    { "[{\"channel\":\"LCM\",\"subtopic\":\"X\"}]", LCM_PROTOCOL_ERROR_NOT_OBJECT },
    { "42", LCM_PROTOCOL_ERROR_NOT_OBJECT },
    { "\"LCM\"", LCM_PROTOCOL_ERROR_NOT_OBJECT },
    { "null", LCM_PROTOCOL_ERROR_NOT_OBJECT },
    { "{\"subtopic\":\"X\"}", LCM_PROTOCOL_ERROR_WRONG_CHANNEL },
    { "{\"channel\":\"CTI\",\"subtopic\":\"X\"}", LCM_PROTOCOL_ERROR_WRONG_CHANNEL },
    { "{\"channel\":\"LCM\",\"topic\":\"Chat\",\"subtopic\":\"X\"}", LCM_PROTOCOL_ERROR_WRONG_CHANNEL },
    { "{\"channel\":7,\"subtopic\":\"X\"}", LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "{\"channel\":\"LCM\"}", LCM_PROTOCOL_ERROR_MISSING_SUBTOPIC },
    { "{\"channel\":\"LCM\",\"subtopic\":\"\"}", LCM_PROTOCOL_ERROR_MISSING_SUBTOPIC },
    { "{\"channel\":\"LCM\",\"subtopic\":null}", LCM_PROTOCOL_ERROR_MISSING_SUBTOPIC },
    { "{\"channel\":\"LCM\",\"subtopic\":[\"X\"]}", LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "{\"channel\":\"LCM\",\"subtopic\":\"X\",\"message\":[1]}", LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "{\"channel\":\"LCM\",\"subtopic\":\"X\",\"message\":12}", LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "{\"channel\":\"LCM\",\"subtopic\":\"X\",\"message\":{\"callid\":{}}}",
      LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "{\"channel\":\"LCM\",\"subtopic\":\"WS_Error\",\"message\":{\"Message\":[1]}}",
      LCM_PROTOCOL_ERROR_WRONG_KIND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmEnvelope) envelope = NULL;

      g_test_message ("malformed %u: %s", i, cases[i].text);
      envelope = lcm_envelope_parse (cases[i].text, strlen (cases[i].text),
                                     LCM_DEFAULT_MAX_FRAME_SIZE, &error);
      g_assert_null (envelope);
      g_assert_error (error, LCM_PROTOCOL_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_malformed_bounds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmEnvelope) envelope = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"channel\":\"LCM\",\"subtopic\":\"X\",\"message\":");
  g_autofree char *big = NULL;
  gsize length;

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":");
  g_string_append (deep, "1");
  for (guint i = 0; i < 100001; i++)
    g_string_append_c (deep, '}');
  envelope = lcm_envelope_parse (deep->str, deep->len, LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  g_assert_null (envelope);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_DEEP);
  g_clear_error (&error);

  big = test_read_sample ("set-call-outcome-offline-response.json", &length);
  envelope = lcm_envelope_parse (big, length, 1024, &error);
  g_assert_null (envelope);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* An embedded NUL is not text. */
  envelope = lcm_envelope_parse ("{\"channel\":\"LCM\",\0\"subtopic\":\"X\"}", 33,
                                 LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  g_assert_null (envelope);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON);
}

static void
test_writers (void)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonNode) rows = json_from_string ("[{\"OutComeID\":\"0\",\"Description\":\"Success\"}]",
                                               NULL);
  g_autofree char *request = NULL;
  g_autofree char *response = NULL;
  g_autofree char *no_callid = NULL;
  g_autoptr(LcmEnvelope) parsed = NULL;

  json_object_set_string_member (data, "AccountNumber", "18|1|2|0|0|44|274");
  request = lcm_envelope_write_request ("SetCallOutComeOffline", "Wrapup", data);
  g_assert_cmpstr (request, ==,
                   "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"SetCallOutComeOffline\","
                   "\"source\":\"Wrapup\",\"data\":{\"AccountNumber\":\"18|1|2|0|0|44|274\"}}");
  parsed = parse_text (request);
  g_assert_cmpstr (lcm_envelope_get_source (parsed), ==, "Wrapup");

  response = lcm_envelope_write_response ("SetCallOutComeOfflineResponse", "1", rows);
  g_assert_cmpstr (response, ==,
                   "{\"channel\":\"LCM\",\"topic\":\"WebService\","
                   "\"subtopic\":\"SetCallOutComeOfflineResponse\",\"message\":{\"callid\":\"1\","
                   "\"response\":[{\"OutComeID\":\"0\",\"Description\":\"Success\"}]}}");
  no_callid = lcm_envelope_write_response ("BusinessOutCome", NULL, rows);
  g_assert_null (strstr (no_callid, "callid"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/envelope/samples", test_samples);
  g_test_add_func ("/lcm/envelope/samples/source", test_sample_sources);
  g_test_add_func ("/lcm/envelope/quirks", test_quirks);
  g_test_add_func ("/lcm/envelope/pushed-string", test_pushed_string_payload);
  g_test_add_func ("/lcm/envelope/ws-error", test_ws_error);
  g_test_add_func ("/lcm/envelope/error-triple", test_error_triple);
  g_test_add_func ("/lcm/envelope/malformed", test_malformed);
  g_test_add_func ("/lcm/envelope/malformed/bounds", test_malformed_bounds);
  g_test_add_func ("/lcm/envelope/writers", test_writers);

  return g_test_run ();
}
