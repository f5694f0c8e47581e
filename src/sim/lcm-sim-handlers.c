/* lcm-sim-handlers.c: the operations the simulated gateway answers
 *
 * One table, keyed by operation, names each operation's handler and the subtopic of its
 * answers; lcm-sim-connection.c looks a request's operation up in it. A handler reads the
 * request's data (lcm-sim-request.c), asks the database and answers with the samples'
 * shapes: the reads a list, the writes whether the outcome was stored, followed by an
 * OutcomeSetForCall push when it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include <string.h>

#include "lcm-json.h"
#include "lcm-values.h"
#include "lcm-sim-server-private.h"

/* Rows of a personal callback page when the request asks for none, and at most. */
#define DEFAULT_CALLBACK_PAGE 100
#define MAX_CALLBACK_PAGE     1000
#define MAX_CALLBACK_FIRST    1000000

/* Stands for the rows of a journey in the envelope the library writes; it holds a blank, and
 * a call id (the only client text in that envelope) never does: it is checked first. */
#define ROWS_MARKER "lcm-sim journey rows"

/* operations: reads */

static void
handle_business_outcomes (Request *req)
{
  g_autoptr(LcmSimCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  LcmCallType call_type;
  const char *group;

  /* An empty call id is valid: outcome groups are looked up by type. */
  if (!lcm_sim_is_empty (req->callid) && (call = lcm_sim_find_call (req)) == NULL)
    return;
  if (!lcm_sim_read_string (req, "type", &type))
    return;
  if (lcm_sim_is_empty (type))
    {
      lcm_sim_reply_error (req, "type is empty", "The call type is missing.");
      return;
    }
  {
    g_autofree char *shown = lcm_sim_shorten (type);

    g_string_append_printf (req->log, " type=%s", shown);
  }
  if (!lcm_call_type_from_string (type, &call_type, &error))
    {
      lcm_sim_reply_invalid (req, "type", type, error, "Unknown call type.");
      return;
    }
  switch (call_type)
    {
    case LCM_CALL_TYPE_MANUAL:
      group = "MANUAL";
      break;
    case LCM_CALL_TYPE_INBOUND:
      group = "INBOUND";
      break;
    case LCM_CALL_TYPE_OUTBOUND:
      group = "OUTBOUND";
      break;
    default:
      lcm_sim_reply_invalid (req, "type", type, NULL, "Unknown call type.");
      return;
    }
  /* The layout of a known call is its campaign's; a manual call before the dialer gave it
   * an id gets the group of every campaign. */
  lcm_sim_reply_list (req, lcm_sim_db_list_business_outcomes (req->self->db, group,
                                                              call != NULL ? call->campaign_id : 0,
                                                              NULL));
}

static void
handle_telephony_outcomes (Request *req)
{
  g_autofree char *account = NULL;

  if (!lcm_sim_read_string (req, "AccountNumber", &account) ||
      !lcm_sim_check_account (req, account))
    return;
  g_string_append_printf (req->log, " account=%s", account);
  if (!lcm_sim_db_has_account (req->self->db, account))
    {
      g_autofree char *actual = g_strdup_printf ("Unknown AccountNumber:%s", account);

      lcm_sim_reply_error (req, actual, "Unknown account number.");
      return;
    }
  lcm_sim_reply_list (req, lcm_sim_db_list_telephony_outcomes (req->self->db, NULL));
}

static void
handle_callback_modes (Request *req)
{
  g_autoptr(LcmSimCall) call = NULL;
  g_autofree char *account = NULL;

  if (!lcm_sim_read_string (req, "AccountNumber", &account))
    return;
  if (!lcm_sim_is_empty (req->callid) && (call = lcm_sim_find_call (req)) == NULL)
    return;
  if (lcm_sim_is_empty (account))
    {
      /* No account: the call's contact, so a call id is needed. */
      if (call == NULL)
        {
          lcm_sim_reply_error (req, "Callid is empty", INVALID_CALL_ID);
          return;
        }
      g_free (account);
      account = g_strdup (call->account_number);
    }
  if (!lcm_sim_check_account (req, account))
    return;
  g_string_append_printf (req->log, " account=%s", account);
  if (!lcm_sim_db_has_account (req->self->db, account))
    {
      g_autofree char *actual = g_strdup_printf ("Unknown AccountNumber:%s", account);

      lcm_sim_reply_error (req, actual, "Unknown account number.");
      return;
    }
  lcm_sim_reply_list (req, lcm_sim_db_list_callback_modes (req->self->db, account, NULL));
}

/* An optional DD/MM/YYYY as YYYY-MM-DD; *out NULL when empty. */
static gboolean
read_day (Request     *req,
          const char  *name,
          char       **out,
          GDate       *date)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  *out = NULL;
  if (!lcm_sim_read_string (req, name, &text))
    return FALSE;
  if (lcm_sim_is_empty (text))
    return TRUE;
  if (!lcm_parse_date (text, date, &error))
    {
      lcm_sim_reply_invalid (req, name, text, error, "Invalid date.");
      return FALSE;
    }
  *out = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
  return TRUE;
}

static void
handle_personal_callbacks (Request *req)
{
  g_autofree char *user = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autoptr(GError) error = NULL;
  GDate from_date, to_date;
  gint64 first, count;
  gboolean present;

  if (!lcm_sim_read_string (req, "UserID", &user))
    return;
  if (lcm_sim_is_empty (user))
    {
      lcm_sim_reply_error (req, "UserID is empty", "Invalid user ID.");
      return;
    }
  if (!lcm_check_user_id (user, &error))
    {
      lcm_sim_reply_invalid (req, "UserID", user, error, "Invalid user ID.");
      return;
    }
  g_string_append_printf (req->log, " user=%s", user);

  g_date_clear (&from_date, 1);
  g_date_clear (&to_date, 1);
  if (!read_day (req, "FromDate", &from_day, &from_date) ||
      !read_day (req, "ToDate", &to_day, &to_date))
    return;
  if (from_day != NULL && to_day != NULL && g_date_compare (&from_date, &to_date) > 0)
    {
      lcm_sim_reply_error (req, "FromDate is after ToDate",
                           "The date range ends before it starts.");
      return;
    }

  if (!lcm_sim_read_int (req, "StartingNoOfRecord", FALSE, &first, &present))
    return;
  if (!present || first == 0)
    first = 1;
  if (first < 0 || first > MAX_CALLBACK_FIRST)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, first);

      lcm_sim_reply_invalid (req, "StartingNoOfRecord", value, NULL, "Invalid first record.");
      return;
    }
  if (!lcm_sim_read_int (req, "NoofRecords", FALSE, &count, &present))
    return;
  if (!present || count == 0)
    count = DEFAULT_CALLBACK_PAGE;
  if (count < 0)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, count);

      lcm_sim_reply_invalid (req, "NoofRecords", value, NULL, "Invalid number of records.");
      return;
    }
  count = MIN (count, MAX_CALLBACK_PAGE);

  lcm_sim_reply_list (req, lcm_sim_db_list_personal_callbacks (req->self->db, user, from_day,
                                                               to_day, (guint) first,
                                                               (guint) count, NULL));
}

/* The library's envelope around rows written by the database, without a JsonNode per row. */
static char *
write_journey_frame (Request *req,
                     GString *rows)
{
  g_autoptr(JsonNode) marker = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autofree char *envelope = NULL;
  const char *needle = "\"" ROWS_MARKER "\"";
  const char *at;
  GString *frame;

  json_array_add_string_element (array, ROWS_MARKER);
  json_node_set_array (marker, array);
  envelope = lcm_envelope_write_response (req->handler->response_subtopic, req->callid,
                                          marker);
  if (envelope == NULL || (at = strstr (envelope, needle)) == NULL ||
      strstr (at + 1, needle) != NULL)
    return NULL;

  frame = g_string_sized_new (strlen (envelope) + rows->len);
  g_string_append_len (frame, envelope, at - envelope);
  g_string_append_len (frame, rows->str, rows->len);
  g_string_append (frame, at + strlen (needle));
  return g_string_free (frame, FALSE);
}

static void
handle_journey (Request *req)
{
  g_autoptr(LcmSimCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GString) rows = NULL;
  g_autofree char *account = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *shown_campaign = NULL;
  LcmSimJourneyFilter filter = { 0 };
  gint64 channel, months;
  guint n_rows = 0;
  char *frame;

  if (!lcm_sim_check_optional_callid (req) ||
      !lcm_sim_read_string (req, "AccountNumber", &account) ||
      !lcm_sim_read_string (req, "ContactNumber", &contact) ||
      !lcm_sim_read_string (req, "CampaignName", &campaign) ||
      !lcm_sim_read_int (req, "ChannelID", TRUE, &channel, NULL) ||
      !lcm_sim_read_int (req, "MonthType", TRUE, &months, NULL))
    return;

  if (!lcm_check_channel (channel, &error))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, channel);

      lcm_sim_reply_invalid (req, "ChannelID", value, error, "Invalid channel.");
      return;
    }
  /* Not lcm_check_month_type(): the UI offers 3, 6, 9 and 12, but the samples send 5 and 10,
   * and the gateway takes any whole number of months up to a year. */
  if (months < 1 || months > 12)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, months);

      lcm_sim_reply_invalid (req, "MonthType", value, NULL,
                             "The number of months must be between 1 and 12.");
      return;
    }

  /* AccountNumber wins, then ContactNumber, then the call's account. */
  if (!lcm_sim_is_empty (account))
    {
      if (!lcm_sim_check_account (req, account))
        return;
      filter.account_number = account;
      g_string_append_printf (req->log, " account=%s", account);
    }
  else if (!lcm_sim_is_empty (contact))
    {
      if (!lcm_check_contact_number (contact, &error))
        {
          lcm_sim_reply_error (req, "Invalid ContactNumber", error->message);
          return;
        }
      filter.contact_number = contact;
      masked = lcm_mask_contact_number (contact);
      g_string_append_printf (req->log, " contact=%s", masked);
    }
  else
    {
      if ((call = lcm_sim_require_call (req)) == NULL)
        return;
      filter.account_number = call->account_number;
      g_string_append_printf (req->log, " account=%s (call)", call->account_number);
    }

  if (!lcm_sim_is_empty (campaign))
    {
      if (g_utf8_strlen (campaign, -1) > LCM_MAX_CAMPAIGN_LENGTH)
        {
          lcm_sim_reply_error (req, "Invalid CampaignName: too long",
                               "The campaign name is too long.");
          return;
        }
      filter.campaign_name = campaign;
      shown_campaign = lcm_sim_shorten (campaign);
      g_string_append_printf (req->log, " campaign=%s", shown_campaign);
    }
  filter.channel = channel;
  since = g_date_time_add_months (req->now, -(int) months);
  filter.since_unix = g_date_time_to_unix (since);
  g_string_append_printf (req->log, " channel=%" G_GINT64_FORMAT " months=%" G_GINT64_FORMAT,
                          channel, months);

  rows = g_string_new (NULL);
  if (!lcm_sim_db_write_journey (req->self->db, &filter, rows, &n_rows, &error) ||
      (frame = write_journey_frame (req, rows)) == NULL)
    {
      lcm_sim_reply_error (req, "Internal database error", "The gateway could not read its data.");
      return;
    }
  g_string_free (g_steal_pointer (&rows), TRUE);
  g_free (req->result);
  req->result = g_strdup_printf ("CustomerJourney, %u rows", n_rows);
  lcm_sim_connection_queue (req->conn, frame, TRUE);
}

/* operations: writes */

/* After a write was stored, the gateway tells the connection the call's outcome is set. */
static void
push_outcome_set (Request    *req,
                  const char *account_number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "LCM");
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, "WebService");
  json_builder_set_member_name (builder, "subtopic");
  json_builder_add_string_value (builder, "OutcomeSetForCall");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, account_number);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  lcm_sim_connection_queue (req->conn, lcm_json_node_to_string (root, NULL), FALSE);
}

typedef struct
{
  LcmSimCall *call;
  char       *account;
  char       *user;
  char       *comments;
  gint64      lead_score;
  double      target_amount;
} WriteCommon;

static void
write_common_clear (WriteCommon *common)
{
  g_clear_pointer (&common->call, lcm_sim_call_free);
  g_clear_pointer (&common->account, g_free);
  g_clear_pointer (&common->user, g_free);
  g_clear_pointer (&common->comments, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WriteCommon, write_common_clear)

/* What every write carries: the call, its account, the agent, comments and scores. */
static gboolean
read_write_common (Request     *req,
                   WriteCommon *common)
{
  g_autoptr(GError) error = NULL;

  if ((common->call = lcm_sim_require_call (req)) == NULL)
    return FALSE;
  if (!lcm_sim_read_string (req, "AccountNumber", &common->account) ||
      !lcm_sim_check_account (req, common->account))
    return FALSE;
  g_string_append_printf (req->log, " account=%s", common->account);
  if (strcmp (common->account, common->call->account_number) != 0)
    {
      g_autofree char *shown = lcm_sim_shorten (req->callid);
      g_autofree char *actual = g_strdup_printf ("AccountNumber %s does not belong to call %s",
                                                 common->account, shown);

      lcm_sim_reply_error (req, actual, "The account number does not match the call.");
      return FALSE;
    }

  if (!lcm_sim_read_string (req, "UserID", &common->user))
    return FALSE;
  if (lcm_sim_is_empty (common->user))
    {
      lcm_sim_reply_error (req, "UserID is empty", "Invalid user ID.");
      return FALSE;
    }
  if (!lcm_check_user_id (common->user, &error))
    {
      lcm_sim_reply_invalid (req, "UserID", common->user, error, "Invalid user ID.");
      return FALSE;
    }

  if (!lcm_sim_read_string (req, "AgentComments", &common->comments))
    return FALSE;
  if (common->comments == NULL)
    common->comments = g_strdup ("");
  if (!lcm_check_comments (common->comments, &error))
    {
      lcm_sim_reply_error (req, "Invalid AgentComments", error->message);
      return FALSE;
    }

  if (!lcm_sim_read_int (req, "LeadScore", TRUE, &common->lead_score, NULL))
    return FALSE;
  if (!lcm_check_lead_score (common->lead_score, &error))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, common->lead_score);

      lcm_sim_reply_invalid (req, "LeadScore", value, error, "Invalid lead score.");
      return FALSE;
    }
  if (!lcm_sim_read_double (req, "TargetAmount", &common->target_amount))
    return FALSE;
  if (!lcm_check_target_amount (common->target_amount, &error))
    {
      lcm_sim_reply_error (req, "Invalid TargetAmount", error->message);
      return FALSE;
    }
  return TRUE;
}

/* An outcome id that may be absent: absent, null, "" and -1 mean none. */
static gboolean
read_optional_outcome (Request    *req,
                       const char *name,
                       gint64     *out)
{
  gboolean present;

  if (!lcm_sim_read_int (req, name, FALSE, out, &present))
    return FALSE;
  if (!present || *out == LCM_SIM_NONE)
    *out = LCM_SIM_NONE;
  return TRUE;
}

static gboolean
outcomes_known (Request *req,
                gint64   telephony,
                gint64   business)
{
  g_autofree char *telephony_text = NULL;
  g_autofree char *business_text = NULL;

  if (telephony != LCM_SIM_NONE)
    {
      telephony_text = lcm_sim_db_dup_telephony_outcome (req->self->db, telephony);
      if (telephony_text == NULL)
        return FALSE;
    }
  if (business != LCM_SIM_NONE)
    {
      business_text = lcm_sim_db_dup_business_outcome (req->self->db, business);
      if (business_text == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
store_write (Request           *req,
             WriteCommon       *common,
             LcmSimDisposition *disposition)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_json = NULL;
  JsonNode *payload = lcm_envelope_get_payload (req->envelope);

  data_json = lcm_json_node_to_string (payload, NULL);
  disposition->connection_id = req->conn->id;
  disposition->subtopic = lcm_operation_get_request_subtopic (req->operation);
  disposition->callid = req->callid;
  disposition->account_number = common->account;
  disposition->comments = common->comments;
  disposition->lead_score = common->lead_score;
  disposition->target_amount = common->target_amount;
  disposition->user_id = common->user;
  disposition->data_json = data_json;

  g_string_append_printf (req->log, " telephony=%" G_GINT64_FORMAT
                          " business=%" G_GINT64_FORMAT,
                          disposition->telephony_outcome, disposition->business_outcome);

  if (!outcomes_known (req, disposition->telephony_outcome, disposition->business_outcome))
    {
      lcm_sim_reply_success (req, FALSE);
      return;
    }
  if (!lcm_sim_db_record_disposition (req->self->db, disposition, common->call, req->now,
                                      &error))
    {
      lcm_sim_log_line (req->conn->id, "cannot store a write: %s", error->message);
      lcm_sim_reply_error (req, "Internal database error",
                           "The gateway could not store the outcome.");
      return;
    }
  lcm_sim_reply_success (req, TRUE);
  push_outcome_set (req, common->account);
}

static void
handle_set_telephony_outcome (Request *req)
{
  g_auto(WriteCommon) common = { 0 };
  LcmSimDisposition disposition = { 0 };

  if (!read_write_common (req, &common))
    return;
  if (!lcm_sim_read_int (req, "OutcomeId", TRUE, &disposition.telephony_outcome, NULL))
    return;
  disposition.business_outcome = LCM_SIM_NONE;
  disposition.callback_mode = LCM_SIM_NONE;
  store_write (req, &common, &disposition);
}

static void
handle_set_outcomes (Request *req)
{
  g_auto(WriteCommon) common = { 0 };
  LcmSimDisposition disposition = { 0 };

  if (!read_write_common (req, &common))
    return;
  if (!lcm_sim_read_int (req, "BusinessOutcome", TRUE, &disposition.business_outcome, NULL) ||
      !read_optional_outcome (req, "CallOutcome", &disposition.telephony_outcome))
    return;
  disposition.callback_mode = LCM_SIM_NONE;
  store_write (req, &common, &disposition);
}

/* DD/MM/YYYY and HH:mm as a local time; the normalised texts go to start_date/start_time. */
static GDateTime *
read_date_time (Request     *req,
                const char  *date_name,
                const char  *time_name,
                char       **date_out,
                char       **time_out)
{
  g_autofree char *date_text = NULL;
  g_autofree char *time_text = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;
  int hour, minute;

  g_date_clear (&date, 1);
  if (!lcm_sim_read_string (req, date_name, &date_text) ||
      !lcm_sim_read_string (req, time_name, &time_text))
    return NULL;
  if (!lcm_parse_date (date_text != NULL ? date_text : "", &date, &error))
    {
      lcm_sim_reply_invalid (req, date_name, date_text, error, "Invalid date.");
      return NULL;
    }
  if (!lcm_parse_time (time_text != NULL ? time_text : "", &hour, &minute, &error))
    {
      lcm_sim_reply_invalid (req, time_name, time_text, error, "Invalid time.");
      return NULL;
    }
  *date_out = lcm_format_date (&date);
  *time_out = g_strdup_printf ("%02d:%02d", hour, minute);
  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), hour, minute, 0);
}

static void
handle_set_outcome_with_callback (Request *req)
{
  g_auto(WriteCommon) common = { 0 };
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start_date = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *end_date = NULL;
  g_autofree char *end_time = NULL;
  LcmSimDisposition disposition = { 0 };

  if (!read_write_common (req, &common))
    return;
  if (!read_optional_outcome (req, "OutcomeId", &disposition.telephony_outcome) ||
      !lcm_sim_read_int (req, "BusinessOutcome", TRUE, &disposition.business_outcome, NULL))
    return;
  if ((start = read_date_time (req, "StartDate", "StartTime", &start_date,
                               &start_time)) == NULL ||
      (end = read_date_time (req, "EndDate", "EndTime", &end_date, &end_time)) == NULL)
    return;
  if (!lcm_check_callback_window (start, end, req->now, &error))
    {
      g_autofree char *actual = g_strdup_printf ("Invalid callback window: %s %s - %s %s",
                                                 start_date, start_time, end_date, end_time);

      lcm_sim_reply_error (req, actual, error->message);
      return;
    }
  if (!lcm_sim_read_int (req, "CallbackModeID", TRUE, &disposition.callback_mode, NULL))
    return;
  if (!lcm_sim_db_has_callback_mode (req->self->db, common.account,
                                     disposition.callback_mode))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, disposition.callback_mode);

      lcm_sim_reply_invalid (req, "CallbackModeID", value, NULL,
                             "The contact has no such callback mode.");
      return;
    }
  disposition.callback_start_date = start_date;
  disposition.callback_end_date = end_date;
  disposition.callback_start_time = start_time;
  disposition.callback_end_time = end_time;
  store_write (req, &common, &disposition);
}

/* the table */

static const LcmSimHandler handlers[] = {
  { LCM_OPERATION_BUSINESS_OUTCOMES, "BusinessOutCome", handle_business_outcomes },
  { LCM_OPERATION_TELEPHONY_OUTCOMES, "SetCallOutComeOfflineResponse",
    handle_telephony_outcomes },
  { LCM_OPERATION_CALLBACK_MODES, "CallBackModes", handle_callback_modes },
  { LCM_OPERATION_PERSONAL_CALLBACKS, "PersonalCallbackList", handle_personal_callbacks },
  { LCM_OPERATION_JOURNEY, "CustomerJourney", handle_journey },
  { LCM_OPERATION_SET_TELEPHONY_OUTCOME, "SetCallOutcomeWithCommentsResult",
    handle_set_telephony_outcome },
  { LCM_OPERATION_SET_OUTCOMES, "SetBusinessOutcomeWithCallOutcomeResult",
    handle_set_outcomes },
  { LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK,
    "SetBusinessOutcomeWithPersonalCallbackResult", handle_set_outcome_with_callback },
};

const LcmSimHandler *
lcm_sim_handler_find (LcmOperation operation)
{
  for (gsize i = 0; i < G_N_ELEMENTS (handlers); i++)
    if (handlers[i].operation == operation)
      return &handlers[i];
  return NULL;
}
