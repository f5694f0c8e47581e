/* test-sim.c: lcm-sim end to end, over real sockets, with a raw WebSocket client
 *
 * The simulator is tested on its own: frames are written here by hand, as the vendor's pages
 * show them, and answers are read with plain json-glib, not with the LCM library.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* prlimit() */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "wrapup-test-sim.h"

#define DEMO_ACCOUNT "5|3|1|0|0|44|1"
#define DEMO_CALL    "12345"
#define SEED         "20240601"

/* The telephony outcomes of seed set-call-outcome-offline.txt, in its order. */
static const struct
{
  const char *id;
  const char *description;
} page_outcomes[] = {
  { "0", "Success" }, { "2", "Invalid" }, { "3", "Busy" }, { "4", "CallBack" }, { "5", "DNC" },
  { "6", "Fax" }, { "7", "Answering Machine" }, { "8", "No Answer" }, { "9", "Rejected" },
  { "10", "Operator Intercept" }, { "11", "Wrong Number" }, { "12", "Wrong Person" },
  { "13", "Not Attempted" }, { "14", "DialError" }, { "15", "Not in Service" },
  { "16", "No Agents" }, { "20", "Agent Skip Close" }, { "22", "TDM Switch" },
  { "23", "Record Flushed" }, { "24", "Low Voicecall" }, { "25", "No Ring Back" },
  { "26", "Not Supported" }, { "28", "Invalid Message" }, { "29", "Contact Expired" },
  { "30", "Agent Reject Close" }, { "27", "Not Authorized" }, { "31", "Call Disconnected" },
  { "32", "Call Cancelled by Dialer" }, { "33", "Preview Timeout" },
  { "34", "Authentication Retry Reached" }, { "35", "Invalid DeviceID" },
  { "36", "Authentication Declined" }, { "37", "Waiting For Agent Disposition" },
  { "99", "Call blocked by FeedEngine against DNC" },
  { "98", "Call blocked by FeedEngine against NDNC" },
  { "58", "Number Blocked / Un-Allocated" }, { "56", "AMD-Silent" },
  { "57", "Technical issue" }, { "60", "Short Call Disconnect" }, { "63", "No User Response" },
  { "64", "Subscriber Absent" }, { "65", "Number Changed" },
  { "66", "Redirection to New Destination" }, { "67", "Normal Unspecified" },
  { "61", "Answering Machine Message Left" }, { "62", "Answering Machine IVR Transfer" },
  { "72", "AMD-Nonlimited Message" }, { "73", "AMD-Limited Message" },
  { "74", "AMD-No Message" },
};

/* A raw WebSocket client */

typedef struct
{
  SoupSession             *session;
  SoupWebsocketConnection *conn;
  GQueue                   frames;   /* char *, oldest first */
  gboolean                 closed;
} Ws;

static void
on_ws_message_cb (SoupWebsocketConnection *conn,
                  SoupWebsocketDataType    type,
                  GBytes                  *message,
                  gpointer                 user_data)
{
  Ws *ws = user_data;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_queue_push_tail (&ws->frames, g_strndup (data != NULL ? data : "", size));
}

static void
on_ws_closed_cb (SoupWebsocketConnection *conn,
                 gpointer                 user_data)
{
  ((Ws *) user_data)->closed = TRUE;
}

static void
ws_free (Ws *ws)
{
  if (ws->conn != NULL &&
      soup_websocket_connection_get_state (ws->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      soup_websocket_connection_close (ws->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      while (!ws->closed)
        g_main_context_iteration (NULL, TRUE);
    }
  if (ws->conn != NULL)
    g_signal_handlers_disconnect_by_data (ws->conn, ws);
  g_clear_object (&ws->conn);
  g_clear_object (&ws->session);
  g_queue_clear_full (&ws->frames, g_free);
  g_free (ws);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ws, ws_free)

/* Connects; NULL with error (and the HTTP status in *status) when refused. */
static Ws *
ws_connect_full (const char  *url,
                 const char  *token,
                 guint       *status,
                 GError     **error)
{
  Ws *ws = g_new0 (Ws, 1);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  TestWaiter waiter = { NULL };

  g_assert_nonnull (msg);
  g_queue_init (&ws->frames);
  ws->session = soup_session_new_with_options ("timeout", 10, NULL);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  soup_session_websocket_connect_async (ws->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        test_waiter_callback, &waiter);
  ws->conn = soup_session_websocket_connect_finish (ws->session,
                                                    test_waiter_wait (&waiter, 10000), error);
  test_waiter_clear (&waiter);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (ws->conn == NULL)
    {
      ws_free (ws);
      return NULL;
    }
  /* A 100,000-row journey is one frame of about 60 MB. */
  soup_websocket_connection_set_max_incoming_payload_size (ws->conn, 256 * 1024 * 1024);
  g_signal_connect (ws->conn, "message", G_CALLBACK (on_ws_message_cb), ws);
  g_signal_connect (ws->conn, "closed", G_CALLBACK (on_ws_closed_cb), ws);
  return ws;
}

static Ws *
ws_connect (TestSim *sim)
{
  g_autoptr(GError) error = NULL;
  Ws *ws = ws_connect_full (sim->url, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ws);
  return ws;
}

static void
ws_send (Ws         *ws,
         const char *text)
{
  g_assert_cmpint (soup_websocket_connection_get_state (ws->conn), ==,
                   SOUP_WEBSOCKET_STATE_OPEN);
  soup_websocket_connection_send_text (ws->conn, text);
}

static gboolean
has_frame (gpointer user_data)
{
  Ws *ws = user_data;

  return !g_queue_is_empty (&ws->frames) || ws->closed;
}

/* The next frame's text; NULL when none came within timeout_ms. */
static char *
ws_next_text (Ws    *ws,
              guint  timeout_ms)
{
  test_wait_until (has_frame, ws, timeout_ms);
  return g_queue_pop_head (&ws->frames);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_copy (root);
}

static JsonNode *
ws_next (Ws *ws)
{
  g_autofree char *text = ws_next_text (ws, 15000);

  if (text == NULL)
    g_error ("no answer from the simulator");
  return parse (text);
}

static char *
request_frame (const char *subtopic,
               const char *data)
{
  return g_strdup_printf ("{\"channel\": \"LCM\", \"topic\": \"WebService\", "
                          "\"subtopic\": \"%s\", \"source\": \"test-sim\", \"data\": %s}",
                          subtopic, data);
}

static JsonNode *
ws_call (Ws         *ws,
         const char *subtopic,
         const char *data)
{
  g_autofree char *frame = request_frame (subtopic, data);

  ws_send (ws, frame);
  return ws_next (ws);
}

/* Reading answers with their exact JSON types */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    g_test_message ("member %s is missing", name);
  g_assert_nonnull (node);
  return node;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_test_message ("member %s is not a string", name);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_STRING);
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    g_test_message ("member %s is not an integer", name);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
  return json_node_get_int (node);
}

/* A string member holding a whole number. */
static gint64
member_string_int (JsonObject *object,
                   const char *name)
{
  const char *text = member_string (object, name);
  gint64 value = 0;
  g_autoptr(GError) error = NULL;

  g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, &error);
  g_assert_no_error (error);
  return value;
}

/* Checks the envelope and returns its message object. */
static JsonObject *
message_of (JsonNode   *root,
            const char *subtopic)
{
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpstr (member_string (object, "channel"), ==, "LCM");
  g_assert_cmpstr (member_string (object, "topic"), ==, "WebService");
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "subtopic", NULL),
                 subtopic) != 0 && json_object_has_member (object, "message"))
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_test_message ("unexpected frame: %.400s", text);
    }
  g_assert_cmpstr (member_string (object, "subtopic"), ==, subtopic);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (member (object, "message")));
  return json_object_get_object_member (object, "message");
}

static JsonArray *
rows_of (JsonNode   *root,
         const char *subtopic)
{
  JsonObject *message = message_of (root, subtopic);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (member (message, "response")));
  return json_object_get_array_member (message, "response");
}

static JsonObject *
row (JsonArray *rows,
     guint      index)
{
  JsonNode *node = json_array_get_element (rows, index);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
assert_ws_error (JsonNode   *root,
                 const char *callid,
                 const char *request,
                 const char *actual_error,
                 const char *message_text)
{
  JsonObject *message = message_of (root, "WS_Error");

  g_assert_cmpstr (member_string (message, "callid"), ==, callid);
  g_assert_cmpstr (member_string (message, "request"), ==, request);
  g_assert_cmpstr (member_string (message, "ErrorType"), ==, "WS_Error");
  if (actual_error != NULL)
    g_assert_cmpstr (member_string (message, "ActualError"), ==, actual_error);
  else
    g_assert_cmpstr (member_string (message, "ActualError"), !=, "");
  if (message_text != NULL)
    g_assert_cmpstr (member_string (message, "Message"), ==, message_text);
  else
    g_assert_cmpstr (member_string (message, "Message"), !=, "");
}

static gboolean
assert_success (JsonNode   *root,
                const char *subtopic,
                const char *callid)
{
  JsonObject *message = message_of (root, subtopic);
  JsonObject *response;
  JsonNode *success;

  g_assert_cmpstr (member_string (message, "callid"), ==, callid);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (member (message, "response")));
  response = json_object_get_object_member (message, "response");
  success = member (response, "success");
  g_assert_true (json_node_get_value_type (success) == G_TYPE_BOOLEAN);
  return json_node_get_boolean (success);
}

/* Database helpers */

static TestSim *
start_sim (const char *extra)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) extras = extra != NULL ? g_strsplit (extra, " ", -1) : NULL;

  g_ptr_array_add (args, (gpointer) "--seed");
  g_ptr_array_add (args, (gpointer) SEED);
  for (guint i = 0; extras != NULL && extras[i] != NULL; i++)
    g_ptr_array_add (args, extras[i]);
  g_ptr_array_add (args, NULL);
  return test_sim_start ((const char * const *) args->pdata);
}

/* "M/D/YYYY h:mm:ss AM" as seconds since the epoch, local time. */
static gint64
parse_completed_time (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(\\d{1,2})/(\\d{1,2})/(\\d{4}) "
                                         "(\\d{1,2}):(\\d{2}):(\\d{2}) (AM|PM)$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GDateTime) time = NULL;
  int field[6];
  g_autofree char *half = NULL;

  if (!g_regex_match (regex, text, 0, &match))
    g_test_message ("CallCompletedTime %s", text);
  g_assert_true (g_regex_match (regex, text, 0, NULL));
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *part = g_match_info_fetch (match, i + 1);

      field[i] = atoi (part);
    }
  half = g_match_info_fetch (match, 7);
  g_assert_cmpint (field[3], >=, 1);
  g_assert_cmpint (field[3], <=, 12);
  if (field[3] == 12)
    field[3] = 0;
  if (strcmp (half, "PM") == 0)
    field[3] += 12;
  time = g_date_time_new_local (field[2], field[0], field[1], field[3], field[4], field[5]);
  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

/* Checks one journey row against the sample's shape, and returns its completion time. */
static gint64
check_journey_row (JsonObject *entry)
{
  static const char *months[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  };
  g_autoptr(GDateTime) completed = NULL;
  g_autofree char *day = NULL;
  g_autofree char *year = NULL;
  g_autofree char *short_time = NULL;
  gint64 unix_time;
  int hour;

  g_assert_cmpuint (json_object_get_size (entry), ==, 19);
  member_string_int (entry, "ContactID");
  member_string (entry, "CampaignName");
  member_int (entry, "ModeID");
  member_string (entry, "Mode");
  member_int (entry, "OutcomeId");
  member_string (entry, "Outcome");
  member_string (entry, "AgentName");
  member_string (entry, "AgentComment");
  unix_time = parse_completed_time (member_string (entry, "CallCompletedTime"));
  completed = g_date_time_new_from_unix_local (unix_time);
  day = g_strdup_printf ("%d", g_date_time_get_day_of_month (completed));
  year = g_strdup_printf ("%d", g_date_time_get_year (completed));
  g_assert_cmpstr (member_string (entry, "CallCompletedDate"), ==, day);
  g_assert_cmpstr (member_string (entry, "CallCompletedMonth"), ==,
                   months[g_date_time_get_month (completed) - 1]);
  g_assert_cmpstr (member_string (entry, "CallCompletedYear"), ==, year);
  g_assert_cmpint (member_int (entry, "ChannelType"), >=, 1);
  g_assert_cmpint (member_int (entry, "ChannelType"), <=, 3);
  member_string (entry, "TargetValue");
  member_string (entry, "ContactValue");
  hour = g_date_time_get_hour (completed);
  short_time = g_strdup_printf ("%02d:%02d %s", hour % 12 == 0 ? 12 : hour % 12,
                                g_date_time_get_minute (completed), hour < 12 ? "AM" : "PM");
  g_assert_cmpstr (member_string (entry, "CallCompletedTimeFormat"), ==, short_time);
  member_string_int (entry, "PreviousLeadScore");
  member_string_int (entry, "CurrentLeadScore");
  g_assert_true (g_str_equal (member_string (entry, "CallType"), "Inbound") ||
                 g_str_equal (member_string (entry, "CallType"), "Outbound"));
  return unix_time;
}

/* Checks every row and that they come newest first. */
static void
check_journey_rows (JsonArray *rows)
{
  gint64 previous = G_MAXINT64;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      gint64 completed = check_journey_row (row (rows, i));

      g_assert_cmpint (completed, <=, previous);
      previous = completed;
    }
}

static char *
journey_data (const char *callid,
              const char *account,
              const char *contact,
              const char *campaign,
              const char *channel,
              const char *months)
{
  GString *data = g_string_new ("{");

  if (callid != NULL)
    g_string_append_printf (data, "\"callid\": \"%s\", ", callid);
  if (account != NULL)
    g_string_append_printf (data, "\"AccountNumber\": \"%s\", ", account);
  if (contact != NULL)
    g_string_append_printf (data, "\"ContactNumber\": \"%s\", ", contact);
  if (campaign != NULL)
    g_string_append_printf (data, "\"CampaignName\": \"%s\", ", campaign);
  /* channel and months are JSON values as written: "2" or 2. */
  g_string_append_printf (data, "\"ChannelID\": %s, \"MonthType\": %s}", channel, months);
  return g_string_free (data, FALSE);
}

static JsonNode *
call_journey (Ws         *ws,
              const char *callid,
              const char *account,
              const char *contact,
              const char *campaign,
              const char *channel,
              const char *months)
{
  g_autofree char *data = journey_data (callid, account, contact, campaign, channel, months);

  return ws_call (ws, "GetCustomerJourney", data);
}

/* Tests */

static void
test_seeding (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  sqlite3 *db = test_sim_open_db (sim);
  sqlite3_stmt *stmt = NULL;
  const char *groups[] = { "MANUAL", "INBOUND", "OUTBOUND" };
  const char *accounts[] = {
    DEMO_ACCOUNT, "2|3|3|0|0|44|1", "9|3|1711|0|0|84|-1", "18|1|2|0|0|44|274",
    "137|1|3|0|0|84|",
  };
  g_autofree char *text = NULL;
  guint i = 0;

  /* The 49 telephony outcomes of the page, in its order. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT outcome_id, description FROM "
                                           "telephony_outcomes ORDER BY position",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (page_outcomes));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, page_outcomes[i].id);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==,
                       page_outcomes[i].description);
      i++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (i, ==, 49);

  /* Generated lead scores stay in the range the library accepts from agents. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM journey"), >, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM journey WHERE "
                                            "previous_lead_score NOT BETWEEN 0 AND 100 OR "
                                            "current_lead_score NOT BETWEEN 0 AND 100"), ==, 0);

  /* A business-outcome tree of at least two levels per group, over several campaigns. */
  for (i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_test_message ("group %s", groups[i]);
      g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes WHERE "
                                       "outcome_group = '%s' AND parent_id = 0", groups[i]),
                       >, 1);
      /* Every child's parent is in the same group. */
      g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes c WHERE "
                                       "c.outcome_group = '%s' AND c.parent_id != 0 AND NOT "
                                       "EXISTS (SELECT 1 FROM business_outcomes p WHERE "
                                       "p.outcome_id = c.parent_id AND p.outcome_group = "
                                       "c.outcome_group)", groups[i]), ==, 0);
      g_assert_cmpint (test_sim_query_intf (sim, "WITH RECURSIVE tree (id, depth) AS ("
                                       "SELECT outcome_id, 1 FROM business_outcomes WHERE "
                                       "outcome_group = '%s' AND parent_id = 0 UNION ALL "
                                       "SELECT b.outcome_id, t.depth + 1 FROM business_outcomes "
                                       "b JOIN tree t ON b.parent_id = t.id) "
                                       "SELECT max(depth) FROM tree", groups[i]), >=, 2);
      g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT campaign_id) FROM "
                                       "business_outcomes WHERE outcome_group = '%s'",
                                  groups[i]), >=, 2);
    }
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes WHERE "
                                   "outcome_id = 0"), ==, 0);

  /* The pages' contacts, with numbers and callback modes. */
  for (i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_test_message ("account %s", accounts[i]);
      g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM callback_modes m JOIN contacts c "
                                       "ON c.contact_id = m.contact_id WHERE "
                                       "c.account_number = '%s' AND m.channel_type = 2",
                                  accounts[i]), >=, 1);
    }
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM callback_modes m JOIN contacts c ON "
                                   "c.contact_id = m.contact_id WHERE c.account_number = "
                                   "'9|3|1711|0|0|84|-1' AND m.cvalue = '909003299700'"), >=, 1);
  text = test_sim_query_textf (sim, "SELECT group_concat(description, ',') FROM (SELECT DISTINCT "
                          "mode_id, description FROM callback_modes WHERE mode_id <= 3 "
                          "ORDER BY mode_id)");
  g_assert_cmpstr (text, ==, "Home,Office,Mobile");
  g_clear_pointer (&text, g_free);

  /* Active calls. */
  text = test_sim_query_textf (sim, "SELECT c.account_number || ' ' || k.call_type || ' ' || p.name "
                          "FROM calls k JOIN contacts c ON c.contact_id = k.contact_id "
                          "JOIN campaigns p ON p.campaign_id = k.campaign_id "
                          "WHERE k.callid = '12345'");
  g_assert_cmpstr (text, ==, DEMO_ACCOUNT " OUTBOUND SamplePreviewCampaign-ACQ");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM calls WHERE callid IN ('1001', '1002', "
                                   "'1003', '1004', '1005', '1006', '1007', '1008', '1009', "
                                   "'1010')"), ==, 10);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT call_type) FROM calls"), ==, 3);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT contact_id) FROM calls"), >=, 5);

  /* Personal callbacks of both agents. */
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks WHERE "
                                   "user_id = 'testagent'"), >, 1);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks WHERE "
                                   "user_id = 'agent1'"), >, 1);

  /* The journey: 2000 rows by default, half of them the demo account's, over the last twelve
   * months, every channel, several campaigns, agents and telephony outcomes. */
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM journey"), ==, 2000);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = '"
                                   DEMO_ACCOUNT "'"), >=, 1000);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT channel_type) FROM journey"), ==, 3);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT campaign_name) FROM journey"), >=, 4);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT agent_name) FROM journey"), >=, 3);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(DISTINCT account_number) FROM journey"), >, 5);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM journey j WHERE NOT EXISTS (SELECT 1 "
                                   "FROM telephony_outcomes t WHERE t.outcome_id = j.outcome_id "
                                   "AND t.description = j.outcome)"), ==, 0);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) year_ago = g_date_time_add_months (now, -12);

    g_assert_cmpint (test_sim_query_intf (sim, "SELECT max(completed_at) FROM journey"), <=,
                     g_date_time_to_unix (now));
    g_assert_cmpint (test_sim_query_intf (sim, "SELECT min(completed_at) FROM journey"), >=,
                     g_date_time_to_unix (year_ago));
    /* Spread out: some rows in each quarter of the year. */
    for (int quarter = 0; quarter < 4; quarter++)
      {
        g_autoptr(GDateTime) from = g_date_time_add_months (now, -3 * (quarter + 1));
        g_autoptr(GDateTime) to = g_date_time_add_months (now, -3 * quarter);

        g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE completed_at >= "
                                         "%" G_GINT64_FORMAT " AND completed_at < "
                                         "%" G_GINT64_FORMAT, g_date_time_to_unix (from),
                                    g_date_time_to_unix (to)), >, 100);
      }
  }
}

static char *
data_digest (TestSim *sim)
{
  return test_sim_query_textf (sim, "SELECT (SELECT group_concat(account_number || lead_score, ';') FROM "
                          "contacts) || (SELECT group_concat(cvalue, ';') FROM callback_modes) "
                          "|| (SELECT group_concat(account_number || campaign_name || "
                          "outcome_id || agent_name || contact_value || target_value, ';') "
                          "FROM (SELECT * FROM journey ORDER BY id))");
}

static void
test_seed_deterministic (void)
{
  g_autoptr(TestSim) first = start_sim ("--journey-rows 500");
  g_autoptr(TestSim) second = start_sim ("--journey-rows 500");
  const char *other_args[] = { "--seed", "7", "--journey-rows", "500", NULL };
  g_autoptr(TestSim) other = test_sim_start (other_args);
  g_autofree char *first_digest = data_digest (first);
  g_autofree char *second_digest = data_digest (second);
  g_autofree char *other_digest = data_digest (other);

  g_assert_nonnull (first_digest);
  g_assert_cmpstr (first_digest, ==, second_digest);
  g_assert_cmpstr (first_digest, !=, other_digest);
}

static void
test_outcome_groups (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  const char *groups[] = { "MANUAL", "INBOUND", "OUTBOUND" };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autofree char *data = g_strdup_printf ("{\"callid\": \"\", \"type\": \"%s\"}",
                                               groups[g]);
      g_autoptr(JsonNode) root = ws_call (ws, "GetOutcomeByOutcomegroup", data);
      JsonArray *rows = rows_of (root, "BusinessOutCome");
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint children = 0;

      g_test_message ("group %s", groups[g]);
      g_assert_cmpint (json_array_get_length (rows), ==,
                       test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes WHERE "
                                       "outcome_group = '%s'", groups[g]));
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *outcome = row (rows, i);
          const char *id = member_string (outcome, "OutComeID");

          member_string_int (outcome, "CampaignID");
          member_string_int (outcome, "LeadScore");
          member_string_int (outcome, "ParentID");
          g_assert_cmpstr (member_string (outcome, "Description"), !=, "");
          g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes WHERE "
                                           "outcome_id = %s AND outcome_group = '%s'",
                                      id, groups[g]), ==, 1);
          g_assert_true (g_hash_table_add (ids, g_strdup (id)));
        }
      /* Each ParentID is "0" (a root) or names an outcome of the same answer. */
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          const char *parent = member_string (row (rows, i), "ParentID");

          if (strcmp (parent, "0") != 0)
            {
              g_assert_true (g_hash_table_contains (ids, parent));
              children++;
            }
        }
      g_assert_cmpuint (children, >, 0);
      g_assert_cmpuint (children, <, json_array_get_length (rows));
    }

  /* With a call id: echoed. Unknown call id and unknown type: WS_Error. */
  {
    g_autoptr(JsonNode) root = ws_call (ws, "GetOutcomeByOutcomegroup",
                                        "{\"callid\": \"12345\", \"type\": \"OUTBOUND\"}");
    JsonObject *message = message_of (root, "BusinessOutCome");
    JsonArray *rows = rows_of (root, "BusinessOutCome");
    g_autofree char *campaign = g_strdup_printf (
      "%" G_GINT64_FORMAT,
      test_sim_query_intf (sim, "SELECT campaign_id FROM calls WHERE callid = '12345'"));

    g_assert_cmpstr (member_string (message, "callid"), ==, "12345");
    /* A known call gets its own campaign's layout, not every campaign's. */
    g_assert_cmpint (json_array_get_length (rows), ==,
                     test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes WHERE "
                                     "outcome_group = 'OUTBOUND' AND campaign_id = %s", campaign));
    g_assert_cmpint (json_array_get_length (rows), <,
                     test_sim_query_intf (sim, "SELECT count(*) FROM business_outcomes WHERE "
                                     "outcome_group = 'OUTBOUND'"));
    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (member_string (row (rows, i), "CampaignID"), ==, campaign);
  }
  {
    g_autoptr(JsonNode) root = ws_call (ws, "GetOutcomeByOutcomegroup",
                                        "{\"callid\": \"424242\", \"type\": \"OUTBOUND\"}");

    assert_ws_error (root, "424242", "GetOutcomeByOutcomegroup", "Invalid Call ID:424242",
                     "Invalid Call ID.");
  }
  {
    g_autoptr(JsonNode) root = ws_call (ws, "GetOutcomeByOutcomegroup",
                                        "{\"callid\": \"\", \"type\": \"SIDEWAYS\"}");

    assert_ws_error (root, "", "GetOutcomeByOutcomegroup", "Invalid type:SIDEWAYS", NULL);
  }
}

static void
test_telephony_outcomes (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);

  /* The page's own request. */
  {
    g_autoptr(JsonNode) root = ws_call (ws, "SetCallOutComeOffline",
                                        "{\"AccountNumber\": \"18|1|2|0|0|44|274\"}");
    JsonArray *rows = rows_of (root, "SetCallOutComeOfflineResponse");

    g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (page_outcomes));
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *outcome = row (rows, i);

        g_assert_cmpuint (json_object_get_size (outcome), ==, 2);
        g_assert_cmpstr (member_string (outcome, "OutComeID"), ==, page_outcomes[i].id);
        g_assert_cmpstr (member_string (outcome, "Description"), ==,
                         page_outcomes[i].description);
      }
  }
  /* The last field of a key may be empty. */
  {
    g_autoptr(JsonNode) root = ws_call (ws, "SetCallOutComeOffline",
                                        "{\"AccountNumber\": \"137|1|3|0|0|84|\"}");

    g_assert_cmpuint (json_array_get_length (rows_of (root, "SetCallOutComeOfflineResponse")),
                      ==, 49);
  }
  {
    g_autoptr(JsonNode) root = ws_call (ws, "SetCallOutComeOffline",
                                        "{\"AccountNumber\": \"1|2|3|4|5|6|7\"}");

    assert_ws_error (root, "", "SetCallOutComeOffline", "Unknown AccountNumber:1|2|3|4|5|6|7",
                     NULL);
  }
  {
    g_autoptr(JsonNode) root = ws_call (ws, "SetCallOutComeOffline",
                                        "{\"AccountNumber\": \"5|3|1\"}");

    assert_ws_error (root, "", "SetCallOutComeOffline", "Invalid AccountNumber:5|3|1", NULL);
  }
  {
    g_autoptr(JsonNode) root = ws_call (ws, "SetCallOutComeOffline", "{}");

    assert_ws_error (root, "", "SetCallOutComeOffline", "AccountNumber is empty", NULL);
  }
}

static void
test_callback_modes (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autoptr(JsonNode) root = ws_call (ws, "GetCallBackModes",
                                      "{\"callid\": \"12345\", \"AccountNumber\": \""
                                      DEMO_ACCOUNT "\"}");
  JsonObject *message = message_of (root, "CallBackModes");
  JsonArray *rows = rows_of (root, "CallBackModes");
  gboolean seen_mobile = FALSE;

  g_assert_cmpstr (member_string (message, "callid"), ==, DEMO_CALL);
  g_assert_cmpint (json_array_get_length (rows), ==,
                   test_sim_query_intf (sim, "SELECT count(*) FROM callback_modes m JOIN contacts c ON "
                                   "c.contact_id = m.contact_id WHERE c.account_number = '"
                                   DEMO_ACCOUNT "'"));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *mode = row (rows, i);
      gint64 id = member_int (mode, "ModeID");
      g_autofree char *cvalue = test_sim_query_textf (sim, "SELECT m.cvalue FROM callback_modes m JOIN "
                                                 "contacts c ON c.contact_id = m.contact_id "
                                                 "WHERE c.account_number = '" DEMO_ACCOUNT "' "
                                                 "AND m.mode_id = %" G_GINT64_FORMAT, id);

      g_assert_cmpuint (json_object_get_size (mode), ==, 6);
      g_assert_cmpstr (member_string (mode, "Cvalue"), ==, cvalue);
      member_int (mode, "ChannelType");
      g_assert_cmpint (member_int (mode, "MinLength"), <=, member_int (mode, "MaxLength"));
      if (id == 3)
        {
          g_assert_cmpstr (member_string (mode, "Description"), ==, "Mobile");
          g_assert_cmpint (member_int (mode, "ChannelType"), ==, 2);
          seen_mobile = TRUE;
        }
    }
  g_assert_true (seen_mobile);

  /* Without an account: the call's contact. */
  {
    g_autoptr(JsonNode) by_call = ws_call (ws, "GetCallBackModes",
                                           "{\"callid\": \"1002\", \"AccountNumber\": \"\"}");
    JsonArray *modes = rows_of (by_call, "CallBackModes");
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (modes); i++)
      if (strcmp (member_string (row (modes, i), "Cvalue"), "909003299700") == 0)
        found = TRUE;
    g_assert_true (found);
  }
  {
    g_autoptr(JsonNode) error = ws_call (ws, "GetCallBackModes",
                                         "{\"callid\": \"\", \"AccountNumber\": \"\"}");

    assert_ws_error (error, "", "GetCallBackModes", "Callid is empty", "Invalid Call ID.");
  }
}

static void
test_personal_callbacks (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week = g_date_time_add_days (now, 7);
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *today_key = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *week_text = g_date_time_format (week, "%d/%m/%Y");
  g_autofree char *week_key = g_date_time_format (week, "%Y-%m-%d");
  gint64 total = test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks WHERE "
                                 "user_id = 'testagent'");
  g_autoptr(JsonNode) all = ws_call (ws, "GetPersonalCallbackList",
                                     "{\"UserID\": \"testagent\", \"FromDate\": \"\", "
                                     "\"ToDate\": \"\", \"StartingNoOfRecord\": \"1\", "
                                     "\"NoofRecords\": \"50\"}");
  JsonArray *rows = rows_of (all, "PersonalCallbackList");
  GRegex *date = g_regex_new ("^\\d{2}/\\d{2}/\\d{4}$", 0, 0, NULL);
  GRegex *time = g_regex_new ("^\\d{2}:\\d{2}$", 0, 0, NULL);

  g_assert_cmpint (total, >, 2);
  g_assert_cmpint (json_array_get_length (rows), ==, total);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *callback = row (rows, i);
      g_autofree char *cvalue = NULL;

      g_assert_cmpuint (json_object_get_size (callback), ==, 10);
      g_assert_cmpint (member_int (callback, "RowNumber"), ==, i + 1);
      member_string_int (callback, "CampaignID");
      cvalue = test_sim_query_textf (sim, "SELECT cvalue FROM callback_modes WHERE contact_id = "
                                "%" G_GINT64_FORMAT " AND mode_id = %" G_GINT64_FORMAT,
                           member_string_int (callback, "ContactID"),
                           member_int (callback, "ModeID"));
      g_assert_cmpstr (member_string (callback, "CValue"), ==, cvalue);
      g_assert_cmpstr (member_string (callback, "ModeDescription"), !=, "");
      g_assert_true (g_regex_match (date, member_string (callback, "CallStartDate"), 0, NULL));
      g_assert_true (g_regex_match (date, member_string (callback, "CallEndDate"), 0, NULL));
      g_assert_true (g_regex_match (time, member_string (callback, "CallStartTime"), 0, NULL));
      g_assert_true (g_regex_match (time, member_string (callback, "CallEndTime"), 0, NULL));
    }

  /* A page: records 2 and 3. */
  {
    g_autoptr(JsonNode) page = ws_call (ws, "GetPersonalCallbackList",
                                        "{\"UserID\": \"testagent\", \"FromDate\": \"\", "
                                        "\"ToDate\": \"\", \"StartingNoOfRecord\": \"2\", "
                                        "\"NoofRecords\": \"2\"}");
    JsonArray *page_rows = rows_of (page, "PersonalCallbackList");

    g_assert_cmpuint (json_array_get_length (page_rows), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        g_assert_cmpint (member_int (row (page_rows, i), "RowNumber"), ==, i + 2);
        g_assert_cmpstr (member_string (row (page_rows, i), "CallStartDate"), ==,
                         member_string (row (rows, i + 1), "CallStartDate"));
        g_assert_cmpstr (member_string (row (page_rows, i), "CValue"), ==,
                         member_string (row (rows, i + 1), "CValue"));
      }
  }

  /* A date range: this week. */
  {
    g_autofree char *data = g_strdup_printf ("{\"UserID\": \"testagent\", \"FromDate\": \"%s\", "
                                             "\"ToDate\": \"%s\", \"StartingNoOfRecord\": "
                                             "\"1\", \"NoofRecords\": \"50\"}",
                                             today, week_text);
    g_autoptr(JsonNode) range = ws_call (ws, "GetPersonalCallbackList", data);
    JsonArray *range_rows = rows_of (range, "PersonalCallbackList");
    gint64 expected = test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks WHERE user_id = "
                                      "'testagent' AND start_day BETWEEN '%s' AND '%s'",
                                 today_key, week_key);

    g_assert_cmpint (expected, >, 0);
    g_assert_cmpint (expected, <, total);
    g_assert_cmpint (json_array_get_length (range_rows), ==, expected);
  }

  /* Another agent's list is another list; an unknown agent has none. */
  {
    g_autoptr(JsonNode) other = ws_call (ws, "GetPersonalCallbackList",
                                         "{\"UserID\": \"agent1\", \"FromDate\": \"\", "
                                         "\"ToDate\": \"\", \"StartingNoOfRecord\": \"1\", "
                                         "\"NoofRecords\": \"50\"}");
    g_autoptr(JsonNode) nobody = ws_call (ws, "GetPersonalCallbackList",
                                          "{\"UserID\": \"nobody\", \"FromDate\": \"\", "
                                          "\"ToDate\": \"\", \"StartingNoOfRecord\": \"1\", "
                                          "\"NoofRecords\": \"50\"}");

    g_assert_cmpint (json_array_get_length (rows_of (other, "PersonalCallbackList")), ==,
                     test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks WHERE "
                                     "user_id = 'agent1'"));
    g_assert_cmpuint (json_array_get_length (rows_of (nobody, "PersonalCallbackList")), ==, 0);
  }
  {
    g_autoptr(JsonNode) error = ws_call (ws, "GetPersonalCallbackList",
                                         "{\"UserID\": \"testagent\", \"FromDate\": "
                                         "\"31/02/2024\", \"ToDate\": \"\"}");

    assert_ws_error (error, "", "GetPersonalCallbackList", "Invalid FromDate:31/02/2024", NULL);
  }
  g_regex_unref (date);
  g_regex_unref (time);
}

static void
test_journey_shape (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autoptr(JsonNode) root = call_journey (ws, DEMO_CALL, DEMO_ACCOUNT, NULL, NULL, "\"-1\"",
                                           "\"12\"");
  JsonObject *message = message_of (root, "CustomerJourney");
  JsonArray *rows = rows_of (root, "CustomerJourney");
  JsonObject *newest;
  g_autofree char *outcome = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *value = NULL;
  g_autofree char *completed = NULL;

  g_assert_cmpstr (member_string (message, "callid"), ==, DEMO_CALL);
  g_assert_cmpint (json_array_get_length (rows), ==,
                   test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = '"
                                   DEMO_ACCOUNT "'"));
  check_journey_rows (rows);

  /* The newest row is the database's newest row of the account. */
  newest = row (rows, 0);
  outcome = test_sim_query_textf (sim, "SELECT outcome FROM journey WHERE account_number = '"
                             DEMO_ACCOUNT "' ORDER BY completed_at DESC, id DESC LIMIT 1");
  agent = test_sim_query_textf (sim, "SELECT agent_name FROM journey WHERE account_number = '"
                           DEMO_ACCOUNT "' ORDER BY completed_at DESC, id DESC LIMIT 1");
  value = test_sim_query_textf (sim, "SELECT contact_value FROM journey WHERE account_number = '"
                           DEMO_ACCOUNT "' ORDER BY completed_at DESC, id DESC LIMIT 1");
  g_assert_cmpstr (member_string (newest, "Outcome"), ==, outcome);
  g_assert_cmpstr (member_string (newest, "AgentName"), ==, agent);
  g_assert_cmpstr (member_string (newest, "ContactValue"), ==, value);
  g_assert_cmpint (parse_completed_time (member_string (newest, "CallCompletedTime")), ==,
                   test_sim_query_intf (sim, "SELECT max(completed_at) FROM journey WHERE "
                                   "account_number = '" DEMO_ACCOUNT "'"));
  completed = test_sim_query_textf (sim, "SELECT contact_id FROM contacts WHERE account_number = '"
                               DEMO_ACCOUNT "'");
  g_assert_cmpstr (member_string (newest, "ContactID"), ==, completed);
}

static void
test_journey_rules (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);

  /* AccountNumber wins over ContactNumber, even when the number is another account's. */
  {
    g_autoptr(JsonNode) root = call_journey (ws, NULL, "9|3|1711|0|0|84|-1", "6591462346",
                                             NULL, "-1", "12");
    JsonArray *rows = rows_of (root, "CustomerJourney");
    g_autofree char *contact = test_sim_query_textf (sim, "SELECT contact_id FROM contacts WHERE "
                                                "account_number = '9|3|1711|0|0|84|-1'");

    g_assert_cmpint (json_array_get_length (rows), ==,
                     test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = "
                                     "'9|3|1711|0|0|84|-1'"));
    g_assert_cmpuint (json_array_get_length (rows), >, 0);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (member_string (row (rows, i), "ContactID"), ==, contact);
  }

  /* ContactNumber alone: that number's interactions, across accounts. */
  {
    g_autoptr(JsonNode) root = call_journey (ws, NULL, "", "909003299700", NULL, "-1", "12");
    JsonArray *rows = rows_of (root, "CustomerJourney");
    g_autoptr(GHashTable) contacts = g_hash_table_new (g_str_hash, g_str_equal);

    g_assert_cmpint (json_array_get_length (rows), ==,
                     test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE contact_value = "
                                     "'909003299700'"));
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        g_assert_cmpstr (member_string (row (rows, i), "ContactValue"), ==, "909003299700");
        g_hash_table_add (contacts, (gpointer) member_string (row (rows, i), "ContactID"));
      }
    g_assert_cmpuint (g_hash_table_size (contacts), ==,
                      test_sim_query_intf (sim, "SELECT count(DISTINCT account_number) FROM journey "
                                      "WHERE contact_value = '909003299700'"));
    g_assert_cmpuint (g_hash_table_size (contacts), >=, 2);
  }

  /* The page's own request by contact number: campaign, channel and a MonthType of 10. */
  {
    g_autoptr(GDateTime) before = g_date_time_new_now_local ();
    g_autoptr(GDateTime) since = g_date_time_add_months (before, -10);
    g_autoptr(JsonNode) root = call_journey (ws, NULL, "", "909003299700", "tmasi", "2", "10");
    JsonArray *rows = rows_of (root, "CustomerJourney");

    g_assert_cmpuint (json_array_get_length (rows), >, 0);
    g_assert_cmpint (json_array_get_length (rows), <=,
                     test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE contact_value = "
                                     "'909003299700' AND campaign_name = 'tmasi' AND "
                                     "channel_type = 2 AND completed_at >= %" G_GINT64_FORMAT,
                                g_date_time_to_unix (since) - 5));
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *entry = row (rows, i);

        g_assert_cmpstr (member_string (entry, "CampaignName"), ==, "tmasi");
        g_assert_cmpint (member_int (entry, "ChannelType"), ==, 2);
        g_assert_cmpint (parse_completed_time (member_string (entry, "CallCompletedTime")), >=,
                         g_date_time_to_unix (since) - 5);
      }
    check_journey_rows (rows);
  }

  /* Channel filter, as a string and as a number. */
  for (int channel = 1; channel <= 3; channel++)
    {
      g_autofree char *as_json = channel == 2 ? g_strdup ("2") : g_strdup_printf ("\"%d\"",
                                                                                  channel);
      g_autoptr(JsonNode) root = call_journey (ws, NULL, DEMO_ACCOUNT, NULL, NULL, as_json,
                                               "12");
      JsonArray *rows = rows_of (root, "CustomerJourney");

      g_assert_cmpint (json_array_get_length (rows), ==,
                       test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = '"
                                       DEMO_ACCOUNT "' AND channel_type = %d", channel));
      g_assert_cmpuint (json_array_get_length (rows), >, 0);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        g_assert_cmpint (member_int (row (rows, i), "ChannelType"), ==, channel);
    }

  /* Months: any whole number 1..12; the sample's "5". */
  {
    const char *months[] = { "\"3\"", "\"5\"", "1", "12" };
    const int values[] = { 3, 5, 1, 12 };

    for (guint m = 0; m < G_N_ELEMENTS (months); m++)
      {
        g_autoptr(GDateTime) before = g_date_time_new_now_local ();
        g_autoptr(GDateTime) since_before = g_date_time_add_months (before, -values[m]);
        g_autoptr(JsonNode) root = call_journey (ws, NULL, DEMO_ACCOUNT, NULL, NULL, "-1",
                                                 months[m]);
        g_autoptr(GDateTime) after = g_date_time_new_now_local ();
        g_autoptr(GDateTime) since_after = g_date_time_add_months (after, -values[m]);
        JsonArray *rows = rows_of (root, "CustomerJourney");
        guint n = json_array_get_length (rows);

        g_test_message ("MonthType %s", months[m]);
        g_assert_cmpint (n, >=, test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE "
                                                "account_number = '" DEMO_ACCOUNT "' AND "
                                                "completed_at >= %" G_GINT64_FORMAT,
                                           g_date_time_to_unix (since_after) + 1));
        g_assert_cmpint (n, <=, test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE "
                                                "account_number = '" DEMO_ACCOUNT "' AND "
                                                "completed_at >= %" G_GINT64_FORMAT,
                                           g_date_time_to_unix (since_before) - 1));
        if (values[m] < 12)
          g_assert_cmpint (n, <, test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE "
                                                 "account_number = '" DEMO_ACCOUNT "'"));
        g_assert_cmpuint (n, >, 0);
        for (guint i = 0; i < n; i++)
          g_assert_cmpint (parse_completed_time (member_string (row (rows, i),
                                                                "CallCompletedTime")),
                           >=, g_date_time_to_unix (since_before) - 1);
      }
  }

  /* Campaign filter. */
  {
    g_autoptr(JsonNode) root = call_journey (ws, NULL, DEMO_ACCOUNT, NULL, "Collections", "-1",
                                             "12");
    JsonArray *rows = rows_of (root, "CustomerJourney");

    g_assert_cmpint (json_array_get_length (rows), ==,
                     test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = '"
                                     DEMO_ACCOUNT "' AND campaign_name = 'Collections'"));
    g_assert_cmpuint (json_array_get_length (rows), >, 0);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      g_assert_cmpstr (member_string (row (rows, i), "CampaignName"), ==, "Collections");
  }

  /* Neither account nor contact: the call's account. */
  {
    g_autoptr(JsonNode) root = call_journey (ws, "1002", "", "", "", "-1", "12");
    JsonObject *message = message_of (root, "CustomerJourney");
    JsonArray *rows = rows_of (root, "CustomerJourney");

    g_assert_cmpstr (member_string (message, "callid"), ==, "1002");
    g_assert_cmpint (json_array_get_length (rows), ==,
                     test_sim_query_intf (sim, "SELECT count(*) FROM journey j JOIN calls k ON "
                                     "k.contact_id = j.contact_id WHERE k.callid = '1002'"));
    g_assert_cmpuint (json_array_get_length (rows), >, 0);
  }

  /* Nothing to look up by, an unknown call, bad values. */
  {
    g_autoptr(JsonNode) none = call_journey (ws, "", "", "", NULL, "-1", "3");
    g_autoptr(JsonNode) unknown = call_journey (ws, "4242", NULL, NULL, NULL, "-1", "3");
    g_autoptr(JsonNode) months = call_journey (ws, NULL, DEMO_ACCOUNT, NULL, NULL, "-1", "13");
    g_autoptr(JsonNode) channel = call_journey (ws, NULL, DEMO_ACCOUNT, NULL, NULL, "7", "3");
    g_autoptr(JsonNode) contact = call_journey (ws, NULL, NULL, "+44 20", NULL, "-1", "3");

    assert_ws_error (none, "", "GetCustomerJourney", "Callid is empty", "Invalid Call ID.");
    assert_ws_error (unknown, "4242", "GetCustomerJourney", "Invalid Call ID:4242",
                     "Invalid Call ID.");
    assert_ws_error (months, "", "GetCustomerJourney", "Invalid MonthType:13", NULL);
    assert_ws_error (channel, "", "GetCustomerJourney", "Invalid ChannelID:7", NULL);
    assert_ws_error (contact, "", "GetCustomerJourney", "Invalid ContactNumber", NULL);
  }
}

static void
test_call_id_errors (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  const char *writes[] = {
    "SetCallOutcomeWithComments", "SetBusinessOutcomeWithCallOutcome",
    "SetBusinessOutcomeWithPersonalCallback",
  };

  for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
    {
      g_autoptr(JsonNode) empty = ws_call (ws, writes[i],
                                           "{\"callid\": \"\", \"AccountNumber\": \""
                                           DEMO_ACCOUNT "\", \"OutcomeId\": 3, "
                                           "\"LeadScore\": 0, \"UserID\": \"testagent\", "
                                           "\"AgentComments\": \"\", \"TargetAmount\": 0}");
      g_autoptr(JsonNode) missing = ws_call (ws, writes[i],
                                             "{\"AccountNumber\": \"" DEMO_ACCOUNT "\", "
                                             "\"OutcomeId\": 3}");
      g_autoptr(JsonNode) unknown = ws_call (ws, writes[i],
                                             "{\"callid\": \"777\", \"AccountNumber\": \""
                                             DEMO_ACCOUNT "\", \"OutcomeId\": 3, "
                                             "\"LeadScore\": 0, \"UserID\": \"testagent\", "
                                             "\"AgentComments\": \"\", \"TargetAmount\": 0}");
      g_autoptr(JsonNode) blank = ws_call (ws, writes[i],
                                           "{\"callid\": \"12 345\", \"AccountNumber\": \""
                                           DEMO_ACCOUNT "\"}");

      g_test_message ("write %s", writes[i]);
      assert_ws_error (empty, "", writes[i], "Callid is empty", "Invalid Call ID.");
      assert_ws_error (missing, "", writes[i], "Callid is empty", "Invalid Call ID.");
      assert_ws_error (unknown, "777", writes[i], "Invalid Call ID:777", "Invalid Call ID.");
      assert_ws_error (blank, "12 345", writes[i], "Invalid Call ID:12 345", "Invalid Call ID.");
    }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 0);
}

static void
test_malformed_frames (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autoptr(GString) deep = g_string_new ("{\"channel\": \"LCM\", \"topic\": \"WebService\", "
                                          "\"subtopic\": \"SetCallOutComeOffline\", \"data\": ");
  const char *frames[] = {
    "not json at all",
    "",
    "[1, 2, 3]",
    "\"a string\"",
    "{\"channel\": \"SMS\", \"topic\": \"WebService\", \"subtopic\": \"SetCallOutComeOffline\", "
    "\"data\": {}}",
    "{\"channel\": \"LCM\", \"topic\": \"WebService\", \"data\": {}}",
    "{\"channel\": \"LCM\", \"topic\": \"WebService\", \"subtopic\": 12, \"data\": {}}",
    "{\"channel\": \"LCM\", \"topic\": \"WebService\", \"subtopic\": \"SetCallOutC",
    NULL, /* deep */
  };

  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "[");
  frames[G_N_ELEMENTS (frames) - 1] = deep->str;

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr(JsonNode) error = NULL;
      g_autoptr(JsonNode) answer = NULL;

      g_test_message ("frame %u", i);
      ws_send (ws, frames[i]);
      error = ws_next (ws);
      assert_ws_error (error, "", "", NULL, NULL);
      /* The connection still serves. */
      answer = ws_call (ws, "SetCallOutComeOffline", "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
      g_assert_cmpuint (json_array_get_length (rows_of (answer, "SetCallOutComeOfflineResponse")),
                        ==, 49);
    }

  /* An unknown subtopic, data that is not an object, a binary frame. */
  {
    g_autoptr(JsonNode) unknown = ws_call (ws, "DoSomethingElse", "{\"callid\": \"12345\"}");
    g_autoptr(JsonNode) not_object = ws_call (ws, "SetCallOutComeOffline", "[1]");
    g_autoptr(JsonNode) binary = NULL;
    g_autoptr(JsonNode) answer = NULL;

    assert_ws_error (unknown, "12345", "DoSomethingElse", "Unknown subtopic:DoSomethingElse",
                     NULL);
    /* The library's reader refuses the whole frame: a malformed frame answers to "". */
    assert_ws_error (not_object, "", "", NULL, NULL);
    soup_websocket_connection_send_binary (ws->conn, "\x01\x02", 2);
    binary = ws_next (ws);
    assert_ws_error (binary, "", "", NULL, NULL);
    answer = ws_call (ws, "SetCallOutComeOffline", "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
    rows_of (answer, "SetCallOutComeOfflineResponse");
  }

  /* A frame over the simulator's 1 MiB limit ends that connection, not the simulator. */
  {
    g_autoptr(Ws) other = ws_connect (sim);
    g_autofree char *huge = g_strnfill (2 * 1024 * 1024, ' ');
    g_autoptr(JsonNode) answer = NULL;

    ws_send (other, huge);
    g_assert_true (test_wait_until (has_frame, other, 10000));
    g_assert_true (other->closed);
    answer = ws_call (ws, "SetCallOutComeOffline", "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
    rows_of (answer, "SetCallOutComeOfflineResponse");
  }
}

static char *
tomorrow_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  return g_date_time_format (tomorrow, "%d/%m/%Y");
}

/* The newest journey row of an account, over the wire. */
static JsonNode *
newest_journey (Ws         *ws,
                const char *account,
                JsonObject **entry)
{
  JsonNode *root = call_journey (ws, NULL, account, NULL, NULL, "-1", "1");
  JsonArray *rows = rows_of (root, "CustomerJourney");

  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  *entry = row (rows, 0);
  check_journey_row (*entry);
  return root;
}

static void
assert_outcome_pushed (Ws         *ws,
                       const char *account)
{
  g_autoptr(JsonNode) push = ws_next (ws);
  JsonObject *object = json_node_get_object (push);

  g_assert_cmpstr (member_string (object, "channel"), ==, "LCM");
  g_assert_cmpstr (member_string (object, "topic"), ==, "WebService");
  g_assert_cmpstr (member_string (object, "subtopic"), ==, "OutcomeSetForCall");
  g_assert_cmpstr (member_string (object, "message"), ==, account);
}

static void
test_write_telephony_outcome (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  gint64 previous_score = test_sim_query_intf (sim, "SELECT lead_score FROM contacts WHERE "
                                          "account_number = '" DEMO_ACCOUNT "'");
  g_autofree char *number = test_sim_query_textf (sim, "SELECT m.cvalue FROM calls k JOIN callback_modes "
                                             "m ON m.contact_id = k.contact_id AND m.mode_id = "
                                             "k.mode_id WHERE k.callid = '12345'");
  g_autoptr(JsonNode) answer = ws_call (ws, "SetCallOutcomeWithComments",
                                        "{\"callid\": \"12345\", \"AccountNumber\": \""
                                        DEMO_ACCOUNT "\", \"OutcomeId\": 3, \"LeadScore\": 42, "
                                        "\"UserID\": \"testagent\", \"AgentComments\": "
                                        "\"Busy, \\\"later\\\" \\u260e\", "
                                        "\"TargetAmount\": 150.5}");
  g_autoptr(JsonNode) journey = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *text = NULL;
  g_autofree char *received = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  JsonObject *entry;

  g_assert_true (assert_success (answer, "SetCallOutcomeWithCommentsResult", DEMO_CALL));
  assert_outcome_pushed (ws, DEMO_ACCOUNT);

  /* Stored with every field. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
  text = test_sim_query_text (sim, "SELECT subtopic || '/' || callid || '/' || account_number "
                                   "|| '/' || telephony_outcome || '/' || (business_outcome IS "
                                   "NULL) || '/' || lead_score || '/' || target_amount || '/' "
                                   "|| user_id || '/' || (callback_start_date IS NULL) || "
                                   "(callback_end_date IS NULL) || (callback_start_time IS "
                                   "NULL) || (callback_end_time IS NULL) || (callback_mode IS "
                                   "NULL) FROM dispositions");
  g_assert_cmpstr (text, ==, "SetCallOutcomeWithComments/12345/" DEMO_ACCOUNT
                   "/3/1/42/150.5/testagent/11111");
  g_clear_pointer (&text, g_free);
  text = test_sim_query_text (sim, "SELECT comments FROM dispositions");
  g_assert_cmpstr (text, ==, "Busy, \"later\" \u260e");
  g_clear_pointer (&text, g_free);
  received = test_sim_query_text (sim, "SELECT received_at FROM dispositions");
  g_assert_nonnull (received);
  g_assert_true (g_str_has_prefix (received, "20"));
  text = test_sim_query_text (sim, "SELECT data FROM dispositions");
  data = parse (text);
  g_assert_cmpint (member_int (json_node_get_object (data), "OutcomeId"), ==, 3);
  g_assert_cmpstr (member_string (json_node_get_object (data), "UserID"), ==, "testagent");

  /* And in the journey, newest first. */
  journey = newest_journey (ws, DEMO_ACCOUNT, &entry);
  g_assert_cmpint (member_int (entry, "OutcomeId"), ==, 3);
  g_assert_cmpstr (member_string (entry, "Outcome"), ==, "Busy");
  g_assert_cmpstr (member_string (entry, "AgentName"), ==, "testagent");
  g_assert_cmpstr (member_string (entry, "AgentComment"), ==, "Busy, \"later\" \u260e");
  g_assert_cmpstr (member_string (entry, "CampaignName"), ==, "SamplePreviewCampaign-ACQ");
  g_assert_cmpint (member_int (entry, "ChannelType"), ==, 2);
  g_assert_cmpstr (member_string (entry, "TargetValue"), ==, "150.5");
  g_assert_cmpstr (member_string (entry, "ContactValue"), ==, number);
  g_assert_cmpint (member_string_int (entry, "PreviousLeadScore"), ==, previous_score);
  g_assert_cmpstr (member_string (entry, "CurrentLeadScore"), ==, "42");
  g_assert_cmpstr (member_string (entry, "CallType"), ==, "Outbound");
  g_assert_cmpint (parse_completed_time (member_string (entry, "CallCompletedTime")), >=,
                   g_date_time_to_unix (now) - 60);
  g_assert_cmpint (test_sim_query_intf (sim, "SELECT lead_score FROM contacts WHERE account_number = '"
                                   DEMO_ACCOUNT "'"), ==, 42);
}

static void
test_write_business_outcome (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  gint64 business = test_sim_query_intf (sim, "SELECT outcome_id FROM business_outcomes WHERE "
                                    "outcome_group = 'INBOUND' AND parent_id != 0 AND "
                                    "campaign_id = (SELECT campaign_id FROM calls WHERE callid = "
                                    "'1002') ORDER BY position LIMIT 1");
  g_autofree char *description = test_sim_query_textf (sim, "SELECT description FROM business_outcomes "
                                                  "WHERE outcome_id = %" G_GINT64_FORMAT,
                                             business);
  g_autofree char *data = g_strdup_printf ("{\"callid\": \"1002\", \"AccountNumber\": "
                                           "\"9|3|1711|0|0|84|-1\", \"BusinessOutcome\": %"
                                           G_GINT64_FORMAT ", \"CallOutcome\": \"0\", "
                                           "\"LeadScore\": 80, \"UserID\": \"agent1\", "
                                           "\"AgentComments\": \"Renewed\", "
                                           "\"TargetAmount\": 1200}", business);
  g_autoptr(JsonNode) answer = ws_call (ws, "SetBusinessOutcomeWithCallOutcome", data);
  g_autoptr(JsonNode) journey = NULL;
  g_autofree char *text = NULL;
  JsonObject *entry;

  g_assert_cmpint (business, >, 0);
  g_assert_true (assert_success (answer, "SetBusinessOutcomeWithCallOutcomeResult", "1002"));
  assert_outcome_pushed (ws, "9|3|1711|0|0|84|-1");

  text = test_sim_query_text (sim, "SELECT subtopic || '/' || callid || '/' || account_number "
                                   "|| '/' || telephony_outcome || '/' || business_outcome || "
                                   "'/' || lead_score || '/' || target_amount || '/' || "
                                   "user_id || '/' || comments || '/' || (callback_mode IS "
                                   "NULL) FROM dispositions");
  {
    g_autofree char *expected = g_strdup_printf ("SetBusinessOutcomeWithCallOutcome/1002/"
                                                 "9|3|1711|0|0|84|-1/0/%" G_GINT64_FORMAT
                                                 "/80/1200.0/agent1/Renewed/1", business);
    g_assert_cmpstr (text, ==, expected);
  }

  journey = newest_journey (ws, "9|3|1711|0|0|84|-1", &entry);
  g_assert_cmpint (member_int (entry, "OutcomeId"), ==, business);
  g_assert_cmpstr (member_string (entry, "Outcome"), ==, description);
  g_assert_cmpstr (member_string (entry, "CampaignName"), ==, "tmasi");
  g_assert_cmpstr (member_string (entry, "CallType"), ==, "Inbound");
  g_assert_cmpstr (member_string (entry, "AgentName"), ==, "agent1");
  g_assert_cmpstr (member_string (entry, "TargetValue"), ==, "1200");
  g_assert_cmpstr (member_string (entry, "CurrentLeadScore"), ==, "80");
}

static void
test_write_personal_callback (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autofree char *tomorrow = tomorrow_text ();
  g_autofree char *description = test_sim_query_textf (sim, "SELECT description FROM business_outcomes "
                                                  "WHERE outcome_id = 101");
  g_autofree char *home = test_sim_query_textf (sim, "SELECT m.cvalue FROM callback_modes m JOIN contacts "
                                           "c ON c.contact_id = m.contact_id WHERE "
                                           "c.account_number = '" DEMO_ACCOUNT "' AND "
                                           "m.mode_id = 1");
  /* The page's sample, with a window that is still ahead. */
  g_autofree char *data = g_strdup_printf ("{\"callid\": \"12345\", \"AccountNumber\": \""
                                           DEMO_ACCOUNT "\", \"OutcomeId\": 4, "
                                           "\"BusinessOutcome\": 101, \"StartDate\": \"%s\", "
                                           "\"EndDate\": \"%s\", \"StartTime\": \"13:45\", "
                                           "\"EndTime\": \"14:15\", \"CallbackModeID\": 1, "
                                           "\"UserID\": \"testagent\", \"AgentComments\": "
                                           "\"Test comment\", \"LeadScore\": 0, "
                                           "\"TargetAmount\": 0}", tomorrow, tomorrow);
  g_autofree char *list = g_strdup_printf ("{\"UserID\": \"testagent\", \"FromDate\": \"%s\", "
                                           "\"ToDate\": \"%s\", \"StartingNoOfRecord\": \"1\", "
                                           "\"NoofRecords\": \"50\"}", tomorrow, tomorrow);
  gint64 callbacks_before = test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks");
  g_autoptr(JsonNode) answer = ws_call (ws, "SetBusinessOutcomeWithPersonalCallback", data);
  g_autoptr(JsonNode) journey = NULL;
  g_autoptr(JsonNode) callbacks = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  JsonObject *entry;
  JsonArray *rows;
  gboolean found = FALSE;

  g_assert_nonnull (description);
  g_assert_true (assert_success (answer, "SetBusinessOutcomeWithPersonalCallbackResult",
                                 DEMO_CALL));
  assert_outcome_pushed (ws, DEMO_ACCOUNT);

  text = test_sim_query_text (sim, "SELECT subtopic || '/' || telephony_outcome || '/' || "
                                   "business_outcome || '/' || callback_start_date || '/' || "
                                   "callback_end_date || '/' || callback_start_time || '/' || "
                                   "callback_end_time || '/' || callback_mode || '/' || "
                                   "comments || '/' || user_id FROM dispositions");
  expected = g_strdup_printf ("SetBusinessOutcomeWithPersonalCallback/4/101/%s/%s/13:45/14:15/"
                              "1/Test comment/testagent", tomorrow, tomorrow);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM personal_callbacks"), ==,
                   callbacks_before + 1);
  text = test_sim_query_text (sim, "SELECT user_id || '/' || account_number || '/' || mode_id "
                                   "|| '/' || cvalue || '/' || start_date || '/' || start_time "
                                   "FROM personal_callbacks ORDER BY id DESC LIMIT 1");
  expected = g_strdup_printf ("testagent/" DEMO_ACCOUNT "/1/%s/%s/13:45", home, tomorrow);
  g_assert_cmpstr (text, ==, expected);

  /* The agent's list shows it. */
  callbacks = ws_call (ws, "GetPersonalCallbackList", list);
  rows = rows_of (callbacks, "PersonalCallbackList");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *callback = row (rows, i);

      if (g_str_equal (member_string (callback, "CallStartTime"), "13:45") &&
          g_str_equal (member_string (callback, "CallEndTime"), "14:15") &&
          g_str_equal (member_string (callback, "CValue"), home))
        {
          g_assert_cmpint (member_int (callback, "ModeID"), ==, 1);
          g_assert_cmpstr (member_string (callback, "ModeDescription"), ==, "Home");
          g_assert_cmpstr (member_string (callback, "CallStartDate"), ==, tomorrow);
          found = TRUE;
        }
    }
  g_assert_true (found);

  journey = newest_journey (ws, DEMO_ACCOUNT, &entry);
  g_assert_cmpint (member_int (entry, "OutcomeId"), ==, 101);
  g_assert_cmpstr (member_string (entry, "Outcome"), ==, description);
  g_assert_cmpstr (member_string (entry, "AgentComment"), ==, "Test comment");
}

static void
test_write_refused_and_invalid (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autofree char *tomorrow = tomorrow_text ();
  gint64 journey_before = test_sim_query_int (sim, "SELECT count(*) FROM journey");

  /* Outcomes that name nothing known: {"success": false}, nothing stored, nothing pushed. */
  {
    g_autoptr(JsonNode) unknown_telephony = ws_call (ws, "SetCallOutcomeWithComments",
                                                     "{\"callid\": \"12345\", \"AccountNumber\": "
                                                     "\"" DEMO_ACCOUNT "\", \"OutcomeId\": 1, "
                                                     "\"LeadScore\": 0, "
                                                     "\"UserID\": \"testagent\", "
                                                     "\"AgentComments\": \"Test comment\", "
                                                     "\"TargetAmount\": 0}");
    g_autoptr(JsonNode) unknown_business = ws_call (ws, "SetBusinessOutcomeWithCallOutcome",
                                                    "{\"callid\": \"12345\", \"AccountNumber\": "
                                                    "\"" DEMO_ACCOUNT "\", \"BusinessOutcome\": "
                                                    "99999, \"CallOutcome\": \"0\", "
                                                    "\"LeadScore\": 0, \"UserID\": \"testagent\", "
                                                    "\"AgentComments\": \"\", "
                                                    "\"TargetAmount\": 0}");
    g_autoptr(JsonNode) after = NULL;

    g_assert_false (assert_success (unknown_telephony, "SetCallOutcomeWithCommentsResult",
                                    DEMO_CALL));
    g_assert_false (assert_success (unknown_business,
                                    "SetBusinessOutcomeWithCallOutcomeResult", DEMO_CALL));
    /* The next frame answers the next request: no push came in between. */
    after = ws_call (ws, "SetCallOutComeOffline", "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
    rows_of (after, "SetCallOutComeOfflineResponse");
  }

  /* Values the gateway refuses with a WS_Error that says what is wrong. */
  {
    struct
    {
      const char *subtopic;
      const char *data;
      const char *actual_prefix;
    } cases[] = {
      { "SetCallOutcomeWithComments",
        "{\"callid\": \"12345\", \"AccountNumber\": \"2|3|3|0|0|44|1\", \"OutcomeId\": 3, "
        "\"LeadScore\": 0, \"UserID\": \"testagent\", \"AgentComments\": \"\", "
        "\"TargetAmount\": 0}",
        "AccountNumber 2|3|3|0|0|44|1 does not belong to call 12345" },
      { "SetCallOutcomeWithComments",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 3, "
        "\"LeadScore\": 5000, \"UserID\": \"testagent\", \"AgentComments\": \"\", "
        "\"TargetAmount\": 0}",
        "Invalid LeadScore:5000" },
      { "SetCallOutcomeWithComments",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 3, "
        "\"LeadScore\": 0, \"AgentComments\": \"\", \"TargetAmount\": 0}",
        "UserID is empty" },
      { "SetCallOutcomeWithComments",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": \"x\", "
        "\"LeadScore\": 0, \"UserID\": \"testagent\", \"AgentComments\": \"\", "
        "\"TargetAmount\": 0}",
        "Invalid OutcomeId" },
      { "SetCallOutcomeWithComments",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 3, "
        "\"LeadScore\": 0, \"UserID\": \"testagent\", \"AgentComments\": \"\"}",
        "TargetAmount is missing" },
      { "SetBusinessOutcomeWithPersonalCallback",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 4, "
        "\"BusinessOutcome\": 101, \"StartDate\": \"13/01/2021\", \"EndDate\": \"13/01/2021\", "
        "\"StartTime\": \"13:45\", \"EndTime\": \"13:45\", \"CallbackModeID\": 1, "
        "\"UserID\": \"testagent\", \"AgentComments\": \"Test comment\", \"LeadScore\": 0, "
        "\"TargetAmount\": 0}",
        "Invalid callback window" },
      { "SetBusinessOutcomeWithPersonalCallback",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 4, "
        "\"BusinessOutcome\": 101, \"StartDate\": \"TOMORROW\", \"EndDate\": \"TOMORROW\", "
        "\"StartTime\": \"15:00\", \"EndTime\": \"14:00\", \"CallbackModeID\": 1, "
        "\"UserID\": \"testagent\", \"AgentComments\": \"\", \"LeadScore\": 0, "
        "\"TargetAmount\": 0}",
        "Invalid callback window" },
      { "SetBusinessOutcomeWithPersonalCallback",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 4, "
        "\"BusinessOutcome\": 101, \"StartDate\": \"TOMORROW\", \"EndDate\": \"TOMORROW\", "
        "\"StartTime\": \"25:00\", \"EndTime\": \"26:00\", \"CallbackModeID\": 1, "
        "\"UserID\": \"testagent\", \"AgentComments\": \"\", \"LeadScore\": 0, "
        "\"TargetAmount\": 0}",
        "Invalid StartTime:25:00" },
      { "SetBusinessOutcomeWithPersonalCallback",
        "{\"callid\": \"12345\", \"AccountNumber\": \"" DEMO_ACCOUNT "\", \"OutcomeId\": 4, "
        "\"BusinessOutcome\": 101, \"StartDate\": \"TOMORROW\", \"EndDate\": \"TOMORROW\", "
        "\"StartTime\": \"13:00\", \"EndTime\": \"14:00\", \"CallbackModeID\": 9, "
        "\"UserID\": \"testagent\", \"AgentComments\": \"\", \"LeadScore\": 0, "
        "\"TargetAmount\": 0}",
        "Invalid CallbackModeID:9" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *data = NULL;
        g_auto(GStrv) parts = g_strsplit (cases[i].data, "TOMORROW", -1);
        g_autoptr(JsonNode) root = NULL;
        JsonObject *message;

        g_test_message ("case %u", i);
        data = g_strjoinv (tomorrow, parts);
        root = ws_call (ws, cases[i].subtopic, data);
        assert_ws_error (root, "12345", cases[i].subtopic, NULL, NULL);
        message = message_of (root, "WS_Error");
        g_assert_true (g_str_has_prefix (member_string (message, "ActualError"),
                                         cases[i].actual_prefix));
        /* A short text for people, not a dump of the request. */
        g_assert_cmpuint (strlen (member_string (message, "Message")), <, 200);
        g_assert_null (strchr (member_string (message, "Message"), '{'));
      }
  }

  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM journey"), ==, journey_before);
}

static void
test_journey_rows_option (void)
{
  g_autoptr(TestSim) sim = start_sim ("--journey-rows 301");
  g_autoptr(Ws) ws = ws_connect (sim);
  gint64 demo = test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = '"
                                DEMO_ACCOUNT "'");
  g_autoptr(JsonNode) root = call_journey (ws, NULL, DEMO_ACCOUNT, NULL, NULL, "-1", "12");

  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM journey"), ==, 301);
  g_assert_cmpint (demo, >=, 151);
  g_assert_cmpint (json_array_get_length (rows_of (root, "CustomerJourney")), ==, demo);
}

static void
test_big_journey (void)
{
  g_autoptr(TestSim) sim = start_sim ("--journey-rows 200000");
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autofree char *frame = request_frame ("GetCustomerJourney",
                                          "{\"callid\": \"12345\", \"AccountNumber\": \""
                                          DEMO_ACCOUNT "\", \"ChannelID\": \"-1\", "
                                          "\"MonthType\": \"12\"}");
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  g_assert_cmpint (test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = '"
                                   DEMO_ACCOUNT "'"), ==, 100000);
  ws_send (ws, frame);
  text = ws_next_text (ws, 60000);
  g_assert_nonnull (text);
  g_test_message ("journey of 100,000 rows: %zu bytes", strlen (text));
  g_assert_cmpuint (strlen (text), >, 40 * 1024 * 1024);
  root = parse (text);
  g_clear_pointer (&text, g_free);
  rows = rows_of (root, "CustomerJourney");
  g_assert_cmpuint (json_array_get_length (rows), ==, 100000);
  check_journey_row (row (rows, 0));
  check_journey_row (row (rows, 99999));
}

static void
test_token (void)
{
  g_autoptr(TestSim) sim = start_sim ("--token s3cret");
  g_autoptr(GError) error = NULL;
  g_autoptr(Ws) right = NULL;
  g_autoptr(JsonNode) answer = NULL;
  Ws *refused;
  guint status = 0;

  refused = ws_connect_full (sim->url, NULL, &status, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_clear_error (&error);

  refused = ws_connect_full (sim->url, "guess", &status, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_assert_cmpuint (status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);

  right = ws_connect_full (sim->url, "s3cret", &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (right);
  answer = ws_call (right, "SetCallOutComeOffline", "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
  rows_of (answer, "SetCallOutComeOfflineResponse");
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 1);
}

static void
test_wire_log (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(Ws) first = ws_connect (sim);
  g_autoptr(Ws) second = ws_connect (sim);
  g_autofree char *a = request_frame ("SetCallOutComeOffline",
                                      "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
  g_autofree char *b = request_frame ("GetOutcomeByOutcomegroup",
                                      "{\"callid\": \"\", \"type\": \"MANUAL\"}");
  const char *sent[] = { a, "{broken", b };
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  guint i = 0;

  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (sent); k++)
    {
      g_autoptr(JsonNode) answer = NULL;

      ws_send (first, sent[k]);
      answer = ws_next (first);
    }
  {
    g_autoptr(JsonNode) answer = NULL;

    ws_send (second, a);
    answer = ws_next (second);
  }

  db = test_sim_open_db (sim);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT received_at, connection_id, text FROM "
                                           "wire_log ORDER BY id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *expected = i < G_N_ELEMENTS (sent) ? sent[i] : a;

      g_assert_cmpuint (i, <, 4);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), !=, "");
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, expected);
      i++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (i, ==, 4);
  /* Two connections, told apart. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM "
                                            "wire_log"), ==, 2);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log WHERE "
                                            "connection_id = (SELECT connection_id FROM wire_log "
                                            "ORDER BY id LIMIT 1)"), ==, 3);
}

static void
test_restart (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(JsonNode) journey = NULL;
  g_autofree char *old_url = g_strdup (sim->url);
  g_autofree char *first_account = test_sim_query_text (sim, "SELECT group_concat("
                                                             "account_number, ';') FROM "
                                                             "contacts");
  g_autofree char *accounts = NULL;
  JsonObject *entry;

  {
    g_autoptr(Ws) ws = ws_connect (sim);
    g_autoptr(JsonNode) answer = ws_call (ws, "SetCallOutcomeWithComments",
                                          "{\"callid\": \"1001\", \"AccountNumber\": "
                                          "\"2|3|3|0|0|44|1\", \"OutcomeId\": 8, "
                                          "\"LeadScore\": 12, \"UserID\": \"agent1\", "
                                          "\"AgentComments\": \"Before the restart\", "
                                          "\"TargetAmount\": 0}");

    g_assert_true (assert_success (answer, "SetCallOutcomeWithCommentsResult", "1001"));
    assert_outcome_pushed (ws, "2|3|3|0|0|44|1");
  }

  /* A crash (SIGKILL), then the same port and database. */
  test_sim_restart (sim);
  g_assert_cmpstr (sim->url, ==, old_url);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions"), ==, 1);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM journey"), ==, 2001);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM telephony_outcomes"), ==, 49);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 1);
  accounts = test_sim_query_text (sim, "SELECT group_concat(account_number, ';') FROM contacts");
  g_assert_cmpstr (accounts, ==, first_account);

  {
    g_autoptr(Ws) ws = ws_connect (sim);

    journey = newest_journey (ws, "2|3|3|0|0|44|1", &entry);
    g_assert_cmpstr (member_string (entry, "AgentComment"), ==, "Before the restart");
    g_assert_cmpstr (member_string (entry, "Outcome"), ==, "No Answer");
    g_assert_cmpstr (member_string (entry, "CurrentLeadScore"), ==, "12");
  }
}

static void
test_delay_keeps_order (void)
{
  g_autoptr(TestSim) sim = start_sim ("--delay-ms 300");
  g_autoptr(Ws) ws = ws_connect (sim);
  g_autofree char *a = request_frame ("GetCustomerJourney",
                                      "{\"AccountNumber\": \"" DEMO_ACCOUNT "\", "
                                      "\"ChannelID\": -1, \"MonthType\": 12}");
  g_autofree char *b = request_frame ("SetCallOutComeOffline",
                                      "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
  g_autofree char *c = request_frame ("GetOutcomeByOutcomegroup",
                                      "{\"callid\": \"\", \"type\": \"MANUAL\"}");
  const char *expected[] = { "CustomerJourney", "SetCallOutComeOfflineResponse", "WS_Error",
                             "BusinessOutCome" };
  g_autoptr(GTimer) timer = g_timer_new ();

  ws_send (ws, a);
  ws_send (ws, b);
  ws_send (ws, "nonsense");
  ws_send (ws, c);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonNode) answer = ws_next (ws);

      if (i == 0)
        g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.29);
      g_assert_cmpstr (member_string (json_node_get_object (answer), "subtopic"), ==,
                       expected[i]);
    }
}

static void
test_many_clients (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) ws_free);
  const char *accounts[] = {
    DEMO_ACCOUNT, "2|3|3|0|0|44|1", "9|3|1711|0|0|84|-1", "18|1|2|0|0|44|274",
    "137|1|3|0|0|84|",
  };
  const guint n_clients = 12;

  for (guint i = 0; i < n_clients; i++)
    g_ptr_array_add (clients, ws_connect (sim));

  /* Every client sends its requests at once, before anyone reads. */
  for (guint i = 0; i < n_clients; i++)
    {
      Ws *ws = g_ptr_array_index (clients, i);
      const char *account = accounts[i % G_N_ELEMENTS (accounts)];
      g_autofree char *journey = g_strdup_printf ("{\"AccountNumber\": \"%s\", \"ChannelID\": "
                                                  "-1, \"MonthType\": 12}", account);
      g_autofree char *offline = g_strdup_printf ("{\"AccountNumber\": \"%s\"}", account);
      g_autofree char *frame_a = request_frame ("GetCustomerJourney", journey);
      g_autofree char *frame_b = request_frame ("SetCallOutComeOffline", offline);

      ws_send (ws, frame_a);
      ws_send (ws, frame_b);
      ws_send (ws, frame_a);
    }

  for (guint i = 0; i < n_clients; i++)
    {
      Ws *ws = g_ptr_array_index (clients, i);
      const char *account = accounts[i % G_N_ELEMENTS (accounts)];
      gint64 expected = test_sim_query_intf (sim, "SELECT count(*) FROM journey WHERE account_number = "
                                        "'%s'", account);
      g_autoptr(JsonNode) first = ws_next (ws);
      g_autoptr(JsonNode) second = ws_next (ws);
      g_autoptr(JsonNode) third = ws_next (ws);

      g_assert_cmpint (json_array_get_length (rows_of (first, "CustomerJourney")), ==, expected);
      g_assert_cmpuint (json_array_get_length (rows_of (second,
                                                        "SetCallOutComeOfflineResponse")),
                        ==, 49);
      g_assert_cmpint (json_array_get_length (rows_of (third, "CustomerJourney")), ==, expected);
    }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM "
                                            "wire_log"), ==, n_clients);
}

static void
test_clean_exit (void)
{
  g_autoptr(TestSim) sim = start_sim (NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(Ws) ws = ws_connect (sim);
    g_autoptr(JsonNode) answer = ws_call (ws, "SetCallOutComeOffline",
                                          "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");

    g_subprocess_send_signal (sim->process, SIGTERM);
    g_subprocess_wait (sim->process, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_exited (sim->process));
    g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
    g_clear_object (&sim->process);
  }
  /* Everything was written back to the database file. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 1);
}

/* Clients that hold connections without completing their upgrade */

/* lcm-sim with its log in a file of its own, *log_path (to remove): the simulator inherits
 * this process's stderr, which points there while it starts. */
static TestSim *
start_logged_sim (const char * const  *extra_args,
                  char               **log_path)
{
  g_autoptr(GError) error = NULL;
  int log_fd = g_file_open_tmp ("lcm-sim-XXXXXX.log", log_path, &error);
  int saved_stderr = dup (STDERR_FILENO);
  TestSim *sim;

  g_assert_no_error (error);
  g_assert_cmpint (saved_stderr, >=, 0);
  g_assert_cmpint (dup2 (log_fd, STDERR_FILENO), ==, STDERR_FILENO);
  sim = test_sim_start (extra_args);
  g_assert_cmpint (dup2 (saved_stderr, STDERR_FILENO), ==, STDERR_FILENO);
  close (saved_stderr);
  close (log_fd);
  return sim;
}

static guint
count_log_lines (const char *path)
{
  g_autofree char *log = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  for (const char *p = log; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* A connection that starts an upgrade request and never finishes it. */
static GSocket *
open_half_request (TestSim *sim)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, sim->port);
  const char *start = "GET /lcm HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n";
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_connect (socket, address, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_send (socket, start, strlen (start), NULL, &error), ==,
                   strlen (start));
  return socket;
}

/* Whether the simulator closed it: the end of the stream (or a reset) within timeout_ms. */
static gboolean
was_closed (GSocket *socket,
            guint    timeout_ms)
{
  char byte;

  if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                      (gint64) timeout_ms * 1000, NULL, NULL))
    return FALSE;
  return g_socket_receive (socket, &byte, 1, NULL, NULL) <= 0;
}

static guint
count_closed (GPtrArray *sockets)
{
  guint n = 0;

  for (guint i = 0; i < sockets->len; i++)
    n += was_closed (g_ptr_array_index (sockets, i), 0);
  return n;
}

/* A real client gets in, and is answered; its connection, still open. */
static Ws *
assert_serves_a_client (TestSim *sim,
                        guint    timeout_ms)
{
  g_autoptr(Ws) ws = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(JsonNode) answer = NULL;

  /* Refused (closed) while the simulator is full: try again, as a client does. */
  while (ws == NULL)
    {
      g_autoptr(GError) error = NULL;

      ws = ws_connect_full (sim->url, NULL, NULL, &error);
      if (ws == NULL)
        {
          g_assert_cmpfloat (g_timer_elapsed (timer, NULL) * 1000, <, timeout_ms);
          test_spin (250);
        }
    }
  g_test_message ("a client got in after %.2f s", g_timer_elapsed (timer, NULL));
  answer = ws_call (ws, "SetCallOutComeOffline", "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");
  g_assert_cmpuint (json_array_get_length (rows_of (answer, "SetCallOutComeOfflineResponse")),
                    ==, 49);
  return g_steal_pointer (&ws);
}

static void
test_half_open_connections (void)
{
  const char *args[] = { "--max-connections", "8", "--upgrade-timeout-ms", "3000", NULL };
  g_autofree char *log_path = NULL;
  g_autoptr(TestSim) sim = start_logged_sim (args, &log_path);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(Ws) ws = NULL;
  guint lines;

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (sockets, open_half_request (sim));

  /* Past the cap, closed at once; the others are held until their deadline. */
  while (count_closed (sockets) < 12 && g_timer_elapsed (timer, NULL) < 2.5)
    test_spin (20);
  g_assert_cmpuint (count_closed (sockets), ==, 12);
  for (guint i = 0; i < sockets->len; i++)
    g_assert_true (was_closed (g_ptr_array_index (sockets, i), 15000));
  g_test_message ("every half-open connection closed after %.2f s",
                  g_timer_elapsed (timer, NULL));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 2.9);

  /* The deadline is for the upgrade: a WebSocket stays open past it. */
  ws = assert_serves_a_client (sim, 15000);
  test_spin (3500);
  g_assert_false (ws->closed);
  {
    g_autoptr(JsonNode) answer = ws_call (ws, "SetCallOutComeOffline",
                                          "{\"AccountNumber\": \"" DEMO_ACCOUNT "\"}");

    rows_of (answer, "SetCallOutComeOfflineResponse");
  }
  /* A few lines, not one per refused connection. */
  lines = count_log_lines (log_path);
  g_test_message ("%u log lines", lines);
  g_assert_cmpuint (lines, <=, 10);
  g_unlink (log_path);
}

/* The CPU time another process has used, in seconds. */
static double
cpu_seconds (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat",
                                           g_subprocess_get_identifier (process));
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
  /* After the command's name, in parentheses: state (field 3) ... utime (14), stime (15). */
  fields = g_strsplit (strrchr (stat, ')') + 2, " ", 16);
  g_assert_cmpuint (g_strv_length (fields), >=, 13);
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static void
test_out_of_descriptors (void)
{
  const char *args[] = { "--upgrade-timeout-ms", "2000", NULL };
  g_autofree char *log_path = NULL;
  g_autoptr(TestSim) sim = start_logged_sim (args, &log_path);
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  struct rlimit files = { 40, 40 };
  g_autoptr(Ws) ws = NULL;
  double cpu_before, cpu_used;
  guint lines;

  /* Far fewer descriptors than --max-connections (512). */
  g_assert_cmpint (prlimit (atoi (g_subprocess_get_identifier (sim->process)), RLIMIT_NOFILE,
                            &files, NULL), ==, 0);

  /* More than the simulator has descriptors for: accepting fails. */
  for (guint i = 0; i < 80; i++)
    g_ptr_array_add (sockets, open_half_request (sim));
  test_spin (500);
  cpu_before = cpu_seconds (sim->process);
  test_spin (2000);
  cpu_used = cpu_seconds (sim->process) - cpu_before;
  lines = count_log_lines (log_path);
  g_test_message ("%.2f s of CPU in 2 s, %u log lines", cpu_used, lines);
  /* It waits before accepting again, and says so a few times, not thousands. */
  g_assert_cmpfloat (cpu_used, <, 0.5);
  g_assert_cmpuint (lines, <=, 12);

  g_ptr_array_set_size (sockets, 0);
  ws = assert_serves_a_client (sim, 15000);
  g_unlink (log_path);
}

int
main (int   argc,
      char *argv[])
{
  /* A zone off UTC, so answers are checked in local time, and one without daylight saving,
   * so no local time is ambiguous; the simulator inherits it. */
  g_setenv ("TZ", "XST-5:30", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/sim/seeding", test_seeding);
  g_test_add_func ("/lcm/sim/seeding/deterministic", test_seed_deterministic);
  g_test_add_func ("/lcm/sim/outcome-groups", test_outcome_groups);
  g_test_add_func ("/lcm/sim/telephony-outcomes", test_telephony_outcomes);
  g_test_add_func ("/lcm/sim/callback-modes", test_callback_modes);
  g_test_add_func ("/lcm/sim/personal-callbacks", test_personal_callbacks);
  g_test_add_func ("/lcm/sim/journey/shape", test_journey_shape);
  g_test_add_func ("/lcm/sim/journey/rules", test_journey_rules);
  g_test_add_func ("/lcm/sim/journey/rows-option", test_journey_rows_option);
  g_test_add_func ("/lcm/sim/journey/100k-rows", test_big_journey);
  g_test_add_func ("/lcm/sim/errors/call-id", test_call_id_errors);
  g_test_add_func ("/lcm/sim/errors/malformed-frames", test_malformed_frames);
  g_test_add_func ("/lcm/sim/writes/telephony-outcome", test_write_telephony_outcome);
  g_test_add_func ("/lcm/sim/writes/business-outcome", test_write_business_outcome);
  g_test_add_func ("/lcm/sim/writes/personal-callback", test_write_personal_callback);
  g_test_add_func ("/lcm/sim/writes/refused-and-invalid", test_write_refused_and_invalid);
  g_test_add_func ("/lcm/sim/token", test_token);
  g_test_add_func ("/lcm/sim/wire-log", test_wire_log);
  g_test_add_func ("/lcm/sim/restart", test_restart);
  g_test_add_func ("/lcm/sim/delay-keeps-order", test_delay_keeps_order);
  g_test_add_func ("/lcm/sim/many-clients", test_many_clients);
  g_test_add_func ("/lcm/sim/clean-exit", test_clean_exit);
  g_test_add_func ("/lcm/sim/half-open-connections", test_half_open_connections);
  g_test_add_func ("/lcm/sim/out-of-descriptors", test_out_of_descriptors);

  return g_test_run ();
}
