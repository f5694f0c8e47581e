/* test-envelope.c: the envelope codec against every sample, quirk and malformed frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

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

/* Found by fuzz-envelope (issue 12, fuzz/crashes/fuzz-envelope/double-written-as-1e+308.0):
 * json-glib 1.6 wrote 1e308 back as 1e+308.0, which is not JSON, so an answer written with
 * lcm_envelope_write_response could not be read again. Doubles at every depth. */
static void
test_write_doubles (void)
{
  const char *text =
    "{\"channel\":\"LCM\",\"subtopic\":\"BusinessOutCome\",\"message\":{\"callid\":\"7\","
    "\"response\":[{\"OutComeID\":1e308,\"LeadScore\":-1e308,\"Nested\":{\"deeper\":"
    "[2.5e-300,3.0,0.1,[1e22]]}},{\"OutComeID\":4.9406564584124654e-324}]}}";
  g_autoptr(LcmEnvelope) envelope = parse_text (text);
  g_autoptr(LcmEnvelope) again = NULL;
  g_autofree char *written = NULL;

  written = lcm_envelope_write_response (lcm_envelope_get_subtopic (envelope),
                                         lcm_envelope_get_callid (envelope),
                                         lcm_envelope_get_response (envelope));
  g_test_message ("written: %s", written);
  g_assert_null (strstr (written, ".0e"));
  g_assert_null (strstr (written, "e+308.0"));
  g_assert_nonnull (strstr (written, "\"OutComeID\":1e+308"));
  again = parse_text (written);
  g_assert_cmpstr (lcm_envelope_get_subtopic (again), ==, "BusinessOutCome");
  g_assert_cmpstr (lcm_envelope_get_callid (again), ==, "7");
  g_assert_true (json_node_equal (lcm_envelope_get_response (again),
                                  lcm_envelope_get_response (envelope)));
}

static void
assert_frame_refused (const char *text,
                      int         code,
                      const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmEnvelope) envelope = NULL;

  g_test_message ("refused: %s", text);
  envelope = lcm_envelope_parse (text, strlen (text), LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  g_assert_null (envelope);
  g_assert_error (error, LCM_PROTOCOL_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("The message “%s” does not name “%s”", error->message, needle);
}

#define WRITE_ANSWER(response) \
  "{\"channel\":\"LCM\",\"topic\":\"WebService\"," \
  "\"subtopic\":\"SetCallOutcomeWithCommentsResult\"," \
  "\"message\":{\"callid\":\"12345\",\"response\":" response "}}"

/* Issue 12, item 14: a member twice, or twice but for letter case, since the readers ignore
 * it. {"success":false,"success":true} was read as a write's success. */
static void
test_duplicate_members (void)
{
  static const struct {
    const char *text;
    const char *name;
  } cases[] = {
    { WRITE_ANSWER ("{\"success\":false,\"success\":true}"), "success" },
    { WRITE_ANSWER ("{\"success\":false,\"Success\":true}"), "Success" },
    { WRITE_ANSWER ("{\"success\":false,\"SUCCE\\u0053S\":true}"), "SUCCESS" },
    { "{\"channel\":\"LCM\",\"subtopic\":\"CustomerJourney\",\"message\":{\"callid\":\"1\","
      "\"response\":[{\"OutcomeID\":1,\"OutComeID\":2}]}}", "OutComeID" },
    { "{\"channel\":\"LCM\",\"subtopic\":\"A\",\"Subtopic\":\"B\"}", "Subtopic" },
    { "{\"channel\":\"LCM\",\"subtopic\":\"A\",\"message\":{\"callid\":\"1\"},"
      "\"Message\":{\"callid\":\"2\"}}", "Message" },
    { "{\"channel\":\"LCM\",\"subtopic\":\"A\",\"message\":{\"callid\":\"1\",\"CallId\":\"2\"}}",
      "CallId" },
    { "{\"channel\":\"LCM\",\"subtopic\":\"WS_Error\",\"message\":{\"Message\":\"a\","
      "\"message\":\"b\"}}", "message" },
  };
  g_autoptr(LcmEnvelope) success = parse_text (WRITE_ANSWER ("{\"success\":true}"));
  g_autoptr(LcmEnvelope) refused = parse_text (WRITE_ANSWER ("{\"success\":false}"));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_frame_refused (cases[i].text, LCM_PROTOCOL_ERROR_INVALID_VALUE, cases[i].name);

  /* What stays: one success, read as it says. */
  g_assert_true (lcm_response_decode_success (lcm_envelope_get_response (success), &error));
  g_assert_no_error (error);
  g_assert_false (lcm_response_decode_success (lcm_envelope_get_response (refused), &error));
  g_assert_error (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_REFUSED);
}

/* Issue 12, item 14: "12345\u0000evil" was read as call 12345 (json-glib cuts at the NUL). */
static void
test_nul_in_text (void)
{
  static const char *cases[] = {
    "{\"channel\":\"LCM\",\"subtopic\":\"CustomerJourney\",\"message\":{\"callid\":"
    "\"12345\\u0000evil\",\"response\":[]}}",
    "{\"channel\":\"LCM\",\"subtopic\":\"Customer\\u0000Journey\",\"message\":{}}",
    "{\"channel\":\"LCM\\u0000\",\"subtopic\":\"CustomerJourney\"}",
    "{\"channel\":\"LCM\",\"subtopic\":\"OutcomeSetForCall\",\"message\":\"12345\\u0000\"}",
    "{\"channel\":\"LCM\",\"subtopic\":\"WS_Error\",\"message\":{\"callid\":\"12345\","
    "\"Message\":\"ok\\u0000hidden\"}}",
    "{\"channel\":\"LCM\",\"subtopic\":\"BusinessOutCome\",\"message\":{\"response\":"
    "[{\"OutComeID\":1,\"Description\":\"a\\u0000b\"}]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_frame_refused (cases[i], LCM_PROTOCOL_ERROR_INVALID_VALUE, "NUL");
}

/* Issue 12, item 8: a 60 MB answer of "{}" rows took lcmctl to 5.9 GB, since json-glib
 * builds the whole tree before any row is checked. A 20 MB one is refused before json-glib
 * starts: the process never holds much more than the frame. Run in a child process of its
 * own, so that its peak memory is this test's alone. */
static void
test_hostile_rows (void)
{
  if (g_test_subprocess ())
    {
      gsize size = 20 * 1024 * 1024;
      GString *frame = g_string_sized_new (size + 256);
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmEnvelope) envelope = NULL;
      struct rusage usage;
      gsize peak;

      g_string_append (frame, "{\"channel\":\"LCM\",\"topic\":\"WebService\","
                              "\"subtopic\":\"SetCallOutComeOfflineResponse\","
                              "\"message\":{\"response\":[{}");
      while (frame->len < size)
        g_string_append (frame, ",{}");
      g_string_append (frame, "]}}");

      envelope = lcm_envelope_parse (frame->str, frame->len, LCM_DEFAULT_MAX_FRAME_SIZE, &error);
      g_assert_null (envelope);
      g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));

      g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
      peak = (gsize) usage.ru_maxrss * 1024;
      g_printerr ("a %zu-byte frame of {} rows: refused (%s), peak RSS %zu MB\n", frame->len,
                  error->message, peak / (1024 * 1024));
      /* Before the bound, json-glib's tree alone was 100 times the frame (2.1 GB). */
      g_assert_cmpuint (peak, <, 3 * frame->len + 64 * 1024 * 1024);
      g_string_free (frame, TRUE);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The largest answer the application takes, a journey of LCM_MAX_JOURNEY_ROWS rows, is within
 * what a frame may cost, with the vendor's sample row (~450 bytes written compactly). Under
 * AddressSanitizer, where it takes minutes, a tenth of it. */
static void
test_largest_journey (void)
{
#ifdef __SANITIZE_ADDRESS__
  const guint n_rows = LCM_MAX_JOURNEY_ROWS / 10;
#else
  const guint n_rows = LCM_MAX_JOURNEY_ROWS;
#endif
  const char *name = "get-customer-journey-response-by-contactnumber.json";
  g_autofree char *sample = test_read_sample (name, NULL);
  g_autoptr(LcmEnvelope) parsed = parse_text (sample);
  g_autofree char *row = NULL;
  g_autoptr(GString) frame = NULL;
  g_autoptr(LcmEnvelope) envelope = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *sample_rows = json_node_get_array (lcm_envelope_get_response (parsed));

  row = lcm_json_node_to_string (json_array_get_element (sample_rows, 0), NULL);
  frame = g_string_sized_new ((strlen (row) + 1) * n_rows + 256);
  g_string_append (frame, "{\"channel\":\"LCM\",\"subtopic\":\"CustomerJourney\","
                          "\"message\":{\"callid\":\"12345\",\"response\":[");
  for (guint i = 0; i < n_rows; i++)
    {
      if (i > 0)
        g_string_append_c (frame, ',');
      g_string_append (frame, row);
    }
  g_string_append (frame, "]}}");
  g_test_message ("a journey of %u rows: %zu bytes", n_rows, frame->len);

  envelope = lcm_envelope_parse (frame->str, frame->len, LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  g_assert_no_error (error);
  g_string_truncate (frame, 0);
  rows = lcm_response_decode_list (LCM_OPERATION_JOURNEY, lcm_envelope_get_response (envelope),
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_rows);
}

/* A frame padded past LCM_ENVELOPE_TEXT_RESPONSE_SIZE, its payload given. */
static GBytes *
long_frame (const char *payload_member,
            const char *payload)
{
  g_autoptr(GString) frame = g_string_new ("{\"channel\":\"LCM\","
                                           "\"subtopic\":\"CustomerJourney\",\"pad\":\"");

  while (frame->len < LCM_ENVELOPE_TEXT_RESPONSE_SIZE)
    g_string_append (frame, "0123456789abcdef");
  g_string_append_printf (frame, "\",%s:%s}", payload_member, payload);
  return g_string_free_to_bytes (g_steal_pointer (&frame));
}

/* A long answer's response array is kept as text, and reads as the tree would have; other
 * responses, or payloads the text walk cannot read as json-glib would, are read whole. */
static void
test_parse_answer (void)
{
  static const struct
  {
    const char *member;
    const char *payload;
    gboolean    as_text;
  } cases[] = {
    { "\"message\"", "{\"callid\":\"1\",\"response\":[{\"ContactID\":\"2\"}, 3 ]}", TRUE },
    { "\"MESSAGE\"", "{\"Response\" : [] ,\"callid\":7}", TRUE },
    { "\"message\":null,\"data\"", "{\"response\":[[1,{\"a\":\"]\"}],\"}\"]}", TRUE },
    { "\"data\"", "{\"response\":{\"success\":true}}", FALSE },
    { "\"message\"", "{\"callid\":\"1\",\"resp\\u006fnse\":[1]}", FALSE },
    { "\"message\"", "\"text\"", FALSE },
    { "\"message\"", "{\"callid\":\"1\"}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) frame = long_frame (cases[i].member, cases[i].payload);
      gsize length = 0;
      const char *data = g_bytes_get_data (frame, &length);
      g_autoptr(GError) error = NULL;
      g_autoptr(LcmEnvelope) answer = lcm_envelope_parse_answer (frame, 0, &error);
      g_autoptr(LcmEnvelope) whole = lcm_envelope_parse (data, length, 0, NULL);

      g_test_message ("case %u: %s", i, cases[i].payload);
      g_assert_no_error (error);
      g_assert_nonnull (whole);
      g_assert_cmpint (lcm_envelope_get_response_text (answer) != NULL, ==, cases[i].as_text);
      g_assert_cmpstr (lcm_envelope_get_subtopic (answer), ==, lcm_envelope_get_subtopic (whole));
      g_assert_cmpstr (lcm_envelope_get_callid (answer), ==, lcm_envelope_get_callid (whole));
      g_assert_cmpint (lcm_envelope_has_response (answer), ==,
                       lcm_envelope_get_response (whole) != NULL);
      if (lcm_envelope_get_response (whole) == NULL)
        g_assert_null (lcm_envelope_get_response (answer));
      else
        g_assert_true (json_node_equal (lcm_envelope_get_response (answer),
                                        lcm_envelope_get_response (whole)));
    }
}

/* A short frame is read as lcm_envelope_parse reads it; a long one refused as it would be. */
static void
test_parse_answer_limits (void)
{
  g_autoptr(GBytes) frame = long_frame ("\"message\"", "{\"response\":[1,2]}");
  g_autoptr(GBytes) broken = long_frame ("\"message\"", "{\"response\":[1,2}");
  g_autoptr(GBytes) short_frame = g_bytes_new_static ("{\"channel\":\"LCM\",\"subtopic\":\"X\","
                                                      "\"message\":{\"response\":[1]}}", 59);
  g_autoptr(LcmEnvelope) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = lcm_envelope_parse_answer (frame, 1024, &error);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE);
  g_assert_null (answer);
  g_clear_error (&error);

  answer = lcm_envelope_parse_answer (broken, 0, &error);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON);
  g_assert_null (answer);
  g_clear_error (&error);

  answer = lcm_envelope_parse_answer (short_frame, 0, &error);
  g_assert_no_error (error);
  g_assert_null (lcm_envelope_get_response_text (answer));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (lcm_envelope_get_response (answer)));
}

/* A long answer whose rows pass the pre-scan but not json-glib (a bare word it does not
 * know): the envelope is read, and every way to its rows says the message is not valid
 * JSON, each time, as the whole frame read by lcm_envelope_parse does at once. */
static void
test_parse_answer_unreadable_rows (void)
{
  g_autoptr(GBytes) frame = long_frame ("\"message\"",
                                        "{\"response\":[{\"ContactID\":\"1\"},tru]}");
  gsize length = 0;
  const char *data = g_bytes_get_data (frame, &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmEnvelope) answer = lcm_envelope_parse_answer (frame, 0, &error);
  g_autoptr(LcmEnvelope) whole = NULL;
  g_autoptr(GListModel) rows = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (lcm_envelope_get_response_text (answer));
  g_assert_true (lcm_envelope_has_response (answer));
  g_assert_null (lcm_envelope_get_response (answer));
  for (guint i = 0; i < 2; i++)
    {
      g_assert_null (lcm_envelope_read_response (answer, &error));
      g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON);
      g_assert_cmpstr (error->message, ==, "The message is not valid JSON");
      g_clear_error (&error);
    }

  rows = lcm_response_decode_answer (LCM_OPERATION_JOURNEY, answer, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON);
  g_clear_error (&error);
  rows = lcm_response_decode_answer (LCM_OPERATION_TELEPHONY_OUTCOMES, answer, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON);
  g_clear_error (&error);

  whole = lcm_envelope_parse (data, length, 0, &error);
  g_assert_null (whole);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON);
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
  g_test_add_func ("/lcm/envelope/writers/doubles", test_write_doubles);
  g_test_add_func ("/lcm/envelope/malformed/duplicate-members", test_duplicate_members);
  g_test_add_func ("/lcm/envelope/malformed/nul-in-text", test_nul_in_text);
  g_test_add_func ("/lcm/envelope/bounds/hostile-rows", test_hostile_rows);
  g_test_add_func ("/lcm/envelope/bounds/largest-journey", test_largest_journey);
  g_test_add_func ("/lcm/envelope/parse-answer", test_parse_answer);
  g_test_add_func ("/lcm/envelope/parse-answer-limits", test_parse_answer_limits);
  g_test_add_func ("/lcm/envelope/parse-answer-unreadable-rows",
                   test_parse_answer_unreadable_rows);

  return g_test_run ();
}
