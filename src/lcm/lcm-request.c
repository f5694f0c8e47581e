/* lcm-request.c: a validated request, ready for the wire
 *
 * Each builder checks every value before it builds anything, then emits exactly the shape of
 * the vendor's sample: the same keys, in the same order, with the same JSON types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-request"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lcm-business-outcome.h"
#include "lcm-callback-mode.h"
#include "lcm-disposition.h"
#include "lcm-envelope.h"
#include "lcm-error.h"
#include "lcm-journey-entry.h"
#include "lcm-journey-query.h"
#include "lcm-personal-callback.h"
#include "lcm-request.h"
#include "lcm-telephony-outcome.h"

/* The telephony outcome sent with a business outcome when the agent chose none: a business
 * outcome means the call connected. */
#define LCM_TELEPHONY_OUTCOME_SUCCESS 0

typedef struct
{
  const char *request_subtopic;
  const char *response_subtopic;
  /* Another spelling of the response subtopic that real servers use, or NULL. */
  const char *response_alias;
  gboolean    is_write;
} OperationInfo;

static const OperationInfo operations[LCM_N_OPERATIONS] = {
  [LCM_OPERATION_BUSINESS_OUTCOMES] =
    { "GetOutcomeByOutcomegroup", "BusinessOutCome", NULL, FALSE },
  [LCM_OPERATION_TELEPHONY_OUTCOMES] =
    { "SetCallOutComeOffline", "SetCallOutComeOfflineResponse", NULL, FALSE },
  [LCM_OPERATION_CALLBACK_MODES] =
    { "GetCallBackModes", "CallbackModes", "CallBackModes", FALSE },
  [LCM_OPERATION_PERSONAL_CALLBACKS] =
    { "GetPersonalCallbackList", "PersonalCallbackList", NULL, FALSE },
  [LCM_OPERATION_JOURNEY] =
    { "GetCustomerJourney", "CustomerJourney", NULL, FALSE },
  [LCM_OPERATION_SET_TELEPHONY_OUTCOME] =
    { "SetCallOutcomeWithComments", "SetCallOutcomeWithCommentsResult", NULL, TRUE },
  [LCM_OPERATION_SET_OUTCOMES] =
    { "SetBusinessOutcomeWithCallOutcome", "SetBusinessOutcomeWithCallOutcomeResult",
      NULL, TRUE },
  [LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK] =
    { "SetBusinessOutcomeWithPersonalCallback",
      "SetBusinessOutcomeWithPersonalCallbackResult", NULL, TRUE },
};

struct _LcmRequest
{
  gatomicrefcount ref_count;
  LcmOperation  operation;
  /* NULL when the request carries none, or an empty one. */
  char         *callid;
  JsonObject   *data;
  /* For people only: never part of the frame. */
  char         *summary;
};

G_DEFINE_BOXED_TYPE (LcmRequest, lcm_request, lcm_request_ref, lcm_request_unref)

static gboolean
operation_is_valid (LcmOperation operation)
{
  return (guint) operation < LCM_N_OPERATIONS;
}

/* ------------------------------------------------------------------------------------------
 * The operation table
 */

const char *
lcm_operation_get_request_subtopic (LcmOperation operation)
{
  g_return_val_if_fail (operation_is_valid (operation), NULL);

  return operations[operation].request_subtopic;
}

const char *
lcm_operation_get_response_subtopic (LcmOperation operation)
{
  g_return_val_if_fail (operation_is_valid (operation), NULL);

  return operations[operation].response_subtopic;
}

gboolean
lcm_operation_is_write (LcmOperation operation)
{
  g_return_val_if_fail (operation_is_valid (operation), FALSE);

  return operations[operation].is_write;
}

GType
lcm_operation_get_item_type (LcmOperation operation)
{
  g_return_val_if_fail (operation_is_valid (operation), G_TYPE_NONE);

  switch (operation)
    {
    case LCM_OPERATION_BUSINESS_OUTCOMES:
      return LCM_TYPE_BUSINESS_OUTCOME;
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
      return LCM_TYPE_TELEPHONY_OUTCOME;
    case LCM_OPERATION_CALLBACK_MODES:
      return LCM_TYPE_CALLBACK_MODE;
    case LCM_OPERATION_PERSONAL_CALLBACKS:
      return LCM_TYPE_PERSONAL_CALLBACK;
    case LCM_OPERATION_JOURNEY:
      return LCM_TYPE_JOURNEY_ENTRY;
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
    case LCM_OPERATION_SET_OUTCOMES:
    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
    default:
      return G_TYPE_NONE;
    }
}

gboolean
lcm_operation_from_request_subtopic (const char   *subtopic,
                                     LcmOperation *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (subtopic == NULL)
    return FALSE;

  for (guint i = 0; i < LCM_N_OPERATIONS; i++)
    if (g_ascii_strcasecmp (subtopic, operations[i].request_subtopic) == 0)
      {
        *out = (LcmOperation) i;
        return TRUE;
      }

  return FALSE;
}

gboolean
lcm_operation_matches_response (LcmOperation  operation,
                                const char   *subtopic)
{
  const OperationInfo *info;

  g_return_val_if_fail (operation_is_valid (operation), FALSE);

  if (subtopic == NULL)
    return FALSE;

  info = &operations[operation];
  return g_ascii_strcasecmp (subtopic, info->response_subtopic) == 0
         || (info->response_alias != NULL
             && g_ascii_strcasecmp (subtopic, info->response_alias) == 0);
}

/* ------------------------------------------------------------------------------------------
 * Helpers
 */

static LcmRequest *
request_new (LcmOperation  operation,
             const char   *callid,
             JsonObject   *data)
{
  LcmRequest *self = g_new0 (LcmRequest, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->operation = operation;
  self->callid = callid != NULL && *callid != '\0' ? g_strdup (callid) : NULL;
  self->data = json_object_ref (data);

  return self;
}

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Target amounts are sent as JSON integers when whole (0, not 0.0), as the samples do. */
static void
set_amount_member (JsonObject *data,
                   const char *name,
                   double      amount)
{
  /* Checked already: finite, 0 .. LCM_MAX_TARGET_AMOUNT, so a whole amount fits. */
  if (amount == floor (amount))
    json_object_set_int_member (data, name, (gint64) amount);
  else
    json_object_set_double_member (data, name, amount);
}

static gboolean
check_campaign_name (const char  *campaign,
                     GError     **error)
{
  if (campaign == NULL)
    return TRUE;

  if (!g_utf8_validate (campaign, -1, NULL))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG,
                           _("The campaign name is not valid text."));
      return FALSE;
    }

  if (g_utf8_strlen (campaign, -1) > LCM_MAX_CAMPAIGN_LENGTH)
    {
      g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG,
                   _("The campaign name is longer than %d characters."),
                   LCM_MAX_CAMPAIGN_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* An outcome id is either LCM_NONE or a non-negative number. */
static gboolean
check_outcome_id (gint64       outcome,
                  const char  *what,
                  GError     **error)
{
  if (outcome == LCM_NONE || outcome >= 0)
    return TRUE;

  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER,
               /* Translators: %s is “telephony outcome” or “business outcome” */
               _("%" PRId64 " is not a valid %s."), outcome, what);
  return FALSE;
}

static gboolean
check_date (const GDate  *date,
            const char   *what,
            GError      **error)
{
  if (date == NULL || g_date_valid (date))
    return TRUE;

  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE,
               /* Translators: %s is “start date” or “end date” */
               _("The %s is not a valid date."), what);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------
 * Builders
 */

LcmRequest *
lcm_request_new_business_outcomes (const char   *callid,
                                   LcmCallType   type,
                                   GError      **error)
{
  g_autoptr(JsonObject) data = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_set (callid) && !lcm_check_call_id (callid, error))
    return NULL;

  if (type != LCM_CALL_TYPE_MANUAL && type != LCM_CALL_TYPE_INBOUND
      && type != LCM_CALL_TYPE_OUTBOUND)
    {
      g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_TYPE,
                   _("%d is not a call type: use manual, inbound or outbound."), (int) type);
      return NULL;
    }

  data = json_object_new ();
  json_object_set_string_member (data, "callid", is_set (callid) ? callid : "");
  json_object_set_string_member (data, "type", lcm_call_type_to_string (type));

  return request_new (LCM_OPERATION_BUSINESS_OUTCOMES, callid, data);
}

LcmRequest *
lcm_request_new_telephony_outcomes (const char  *account_number,
                                    GError     **error)
{
  g_autoptr(JsonObject) data = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_check_account_number (account_number, error))
    return NULL;

  data = json_object_new ();
  json_object_set_string_member (data, "AccountNumber", account_number);

  return request_new (LCM_OPERATION_TELEPHONY_OUTCOMES, NULL, data);
}

/* The modes belong to the contact of a call in progress, so a call id is required. */
LcmRequest *
lcm_request_new_callback_modes (const char  *callid,
                                const char  *account_number,
                                GError     **error)
{
  g_autoptr(JsonObject) data = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_check_call_id (callid, error)
      || !lcm_check_account_number (account_number, error))
    return NULL;

  data = json_object_new ();
  json_object_set_string_member (data, "callid", callid);
  json_object_set_string_member (data, "AccountNumber", account_number);

  return request_new (LCM_OPERATION_CALLBACK_MODES, callid, data);
}

LcmRequest *
lcm_request_new_personal_callbacks (const char   *user_id,
                                    const GDate  *from,
                                    const GDate  *to,
                                    guint         first_record,
                                    guint         count,
                                    GError      **error)
{
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *count_text = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_check_user_id (user_id, error)
      || !check_date (from, _("start date"), error)
      || !check_date (to, _("end date"), error))
    return NULL;

  if (from != NULL && to != NULL && g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_ORDER,
                           _("The list of callbacks ends before it starts: choose an end date "
                             "on or after the start date."));
      return NULL;
    }

  from_text = from != NULL ? lcm_format_date (from) : g_strdup ("");
  to_text = to != NULL ? lcm_format_date (to) : g_strdup ("");
  first_text = g_strdup_printf ("%u", first_record);
  count_text = g_strdup_printf ("%u", count);

  data = json_object_new ();
  json_object_set_string_member (data, "UserID", user_id);
  json_object_set_string_member (data, "FromDate", from_text);
  json_object_set_string_member (data, "ToDate", to_text);
  json_object_set_string_member (data, "StartingNoOfRecord", first_text);
  json_object_set_string_member (data, "NoofRecords", count_text);

  return request_new (LCM_OPERATION_PERSONAL_CALLBACKS, NULL, data);
}

LcmRequest *
lcm_request_new_journey (LcmJourneyQuery  *query,
                         GError          **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *callid;
  const char *account;
  const char *contact;
  const char *campaign;
  LcmChannel channel;
  guint months;

  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (query), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  callid = lcm_journey_query_get_call_id (query);
  account = lcm_journey_query_get_account_number (query);
  contact = lcm_journey_query_get_contact_number (query);
  campaign = lcm_journey_query_get_campaign_name (query);
  channel = lcm_journey_query_get_channel (query);
  months = lcm_journey_query_get_months (query);

  if (!is_set (callid) && !is_set (account) && !is_set (contact))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_NO_JOURNEY_KEY,
                           _("Say whose journey to show: give an account number, a contact "
                             "number or a call id."));
      return NULL;
    }

  if ((is_set (callid) && !lcm_check_call_id (callid, error))
      || (is_set (account) && !lcm_check_account_number (account, error))
      || (is_set (contact) && !lcm_check_contact_number (contact, error))
      || !check_campaign_name (campaign, error)
      || !lcm_check_channel (channel, error)
      || !lcm_check_month_type (months, error))
    return NULL;

  data = json_object_new ();
  if (is_set (callid))
    json_object_set_string_member (data, "callid", callid);
  json_object_set_string_member (data, "AccountNumber", is_set (account) ? account : "");
  json_object_set_string_member (data, "CampaignName", campaign != NULL ? campaign : "");
  json_object_set_int_member (data, "ChannelID", channel);
  json_object_set_int_member (data, "MonthType", months);
  if (is_set (contact))
    json_object_set_string_member (data, "ContactNumber", contact);

  return request_new (LCM_OPERATION_JOURNEY, callid, data);
}

static JsonObject *
build_set_telephony_outcome (LcmDisposition *d)
{
  JsonObject *data = json_object_new ();

  json_object_set_string_member (data, "callid", lcm_disposition_get_call_id (d));
  json_object_set_string_member (data, "AccountNumber",
                                 lcm_disposition_get_account_number (d));
  json_object_set_int_member (data, "OutcomeId", lcm_disposition_get_telephony_outcome (d));
  json_object_set_int_member (data, "LeadScore", lcm_disposition_get_lead_score (d));
  json_object_set_string_member (data, "UserID", lcm_disposition_get_user_id (d));
  json_object_set_string_member (data, "AgentComments",
                                 lcm_disposition_get_comments (d) != NULL
                                 ? lcm_disposition_get_comments (d) : "");
  set_amount_member (data, "TargetAmount", lcm_disposition_get_target_amount (d));

  return data;
}

static JsonObject *
build_set_outcomes (LcmDisposition *d)
{
  JsonObject *data = json_object_new ();
  gint64 telephony = lcm_disposition_get_telephony_outcome (d);
  g_autofree char *call_outcome = NULL;

  if (telephony == LCM_NONE)
    telephony = LCM_TELEPHONY_OUTCOME_SUCCESS;
  call_outcome = g_strdup_printf ("%" G_GINT64_FORMAT, telephony);

  json_object_set_string_member (data, "callid", lcm_disposition_get_call_id (d));
  json_object_set_string_member (data, "AccountNumber",
                                 lcm_disposition_get_account_number (d));
  json_object_set_int_member (data, "BusinessOutcome", lcm_disposition_get_business_outcome (d));
  json_object_set_string_member (data, "CallOutcome", call_outcome);
  json_object_set_int_member (data, "LeadScore", lcm_disposition_get_lead_score (d));
  json_object_set_string_member (data, "UserID", lcm_disposition_get_user_id (d));
  json_object_set_string_member (data, "AgentComments",
                                 lcm_disposition_get_comments (d) != NULL
                                 ? lcm_disposition_get_comments (d) : "");
  set_amount_member (data, "TargetAmount", lcm_disposition_get_target_amount (d));

  return data;
}

static JsonObject *
build_set_business_outcome_with_callback (LcmDisposition *d)
{
  JsonObject *data = json_object_new ();
  GDateTime *start = lcm_disposition_get_callback_start (d);
  GDateTime *end = lcm_disposition_get_callback_end (d);
  gint64 telephony = lcm_disposition_get_telephony_outcome (d);
  /* Each end of the window as wall-clock date and time in its own zone. */
  g_autofree char *start_date = g_date_time_format (start, "%d/%m/%Y");
  g_autofree char *end_date = g_date_time_format (end, "%d/%m/%Y");
  g_autofree char *start_time = g_date_time_format (start, "%H:%M");
  g_autofree char *end_time = g_date_time_format (end, "%H:%M");

  if (telephony == LCM_NONE)
    telephony = LCM_TELEPHONY_OUTCOME_CALLBACK;

  json_object_set_string_member (data, "callid", lcm_disposition_get_call_id (d));
  json_object_set_string_member (data, "AccountNumber",
                                 lcm_disposition_get_account_number (d));
  json_object_set_int_member (data, "OutcomeId", telephony);
  json_object_set_int_member (data, "BusinessOutcome", lcm_disposition_get_business_outcome (d));
  json_object_set_string_member (data, "StartDate", start_date);
  json_object_set_string_member (data, "EndDate", end_date);
  json_object_set_string_member (data, "StartTime", start_time);
  json_object_set_string_member (data, "EndTime", end_time);
  json_object_set_int_member (data, "CallbackModeID", lcm_disposition_get_callback_mode (d));
  json_object_set_string_member (data, "UserID", lcm_disposition_get_user_id (d));
  json_object_set_string_member (data, "AgentComments",
                                 lcm_disposition_get_comments (d) != NULL
                                 ? lcm_disposition_get_comments (d) : "");
  json_object_set_int_member (data, "LeadScore", lcm_disposition_get_lead_score (d));
  set_amount_member (data, "TargetAmount", lcm_disposition_get_target_amount (d));

  return data;
}

static gboolean
check_callback (LcmDisposition  *d,
                GDateTime       *now,
                GError         **error)
{
  g_autoptr(GDateTime) local_now = NULL;
  GDateTime *start = lcm_disposition_get_callback_start (d);
  GDateTime *end = lcm_disposition_get_callback_end (d);

  if (start == NULL || end == NULL)
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE,
                           _("The callback window needs both a start and an end."));
      return FALSE;
    }

  if (now == NULL)
    now = local_now = g_date_time_new_now_local ();

  if (!lcm_check_callback_window (start, end, now, error))
    return FALSE;

  if (lcm_disposition_get_callback_mode (d) <= 0)
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER,
                           _("Choose how to reach the contact for the callback."));
      return FALSE;
    }

  return TRUE;
}

LcmRequest *
lcm_request_new_disposition (LcmDisposition  *disposition,
                             GDateTime       *now,
                             GError         **error)
{
  g_autoptr(JsonObject) data = NULL;
  LcmOperation operation;
  const char *callid;

  g_return_val_if_fail (LCM_IS_DISPOSITION (disposition), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  callid = lcm_disposition_get_call_id (disposition);
  operation = lcm_disposition_get_operation (disposition);

  if (!is_set (callid))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_EMPTY_CALL_ID,
                           _("There is no call id: an outcome can only be set for a call."));
      return NULL;
    }

  if (!lcm_check_call_id (callid, error)
      || !lcm_check_account_number (lcm_disposition_get_account_number (disposition), error)
      || !lcm_check_user_id (lcm_disposition_get_user_id (disposition), error)
      || !lcm_check_comments (lcm_disposition_get_comments (disposition), error)
      || !lcm_check_lead_score (lcm_disposition_get_lead_score (disposition), error)
      || !lcm_check_target_amount (lcm_disposition_get_target_amount (disposition), error)
      || !check_outcome_id (lcm_disposition_get_telephony_outcome (disposition),
                            _("telephony outcome"), error)
      || !check_outcome_id (lcm_disposition_get_business_outcome (disposition),
                            _("business outcome"), error))
    return NULL;

  switch (operation)
    {
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
      /* With no business outcome, this is the only outcome there is. */
      if (lcm_disposition_get_telephony_outcome (disposition) == LCM_NONE)
        {
          g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_NO_OUTCOME,
                               _("Choose an outcome for the call."));
          return NULL;
        }
      data = build_set_telephony_outcome (disposition);
      break;

    case LCM_OPERATION_SET_OUTCOMES:
      data = build_set_outcomes (disposition);
      break;

    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
      if (lcm_disposition_get_business_outcome (disposition) == LCM_NONE)
        {
          g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_NO_OUTCOME,
                               _("Choose a business outcome: a callback can only be booked "
                                 "with one."));
          return NULL;
        }
      if (!check_callback (disposition, now, error))
        return NULL;
      data = build_set_business_outcome_with_callback (disposition);
      break;

    case LCM_OPERATION_BUSINESS_OUTCOMES:
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
    case LCM_OPERATION_CALLBACK_MODES:
    case LCM_OPERATION_PERSONAL_CALLBACKS:
    case LCM_OPERATION_JOURNEY:
    default:
      g_assert_not_reached ();
    }

  return request_new (operation, callid, data);
}

LcmRequest *
lcm_request_new_from_data (LcmOperation   operation,
                           JsonObject    *data,
                           GError       **error)
{
  JsonNode *node;
  const char *callid = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!operation_is_valid (operation))
    {
      g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER,
                   _("%d is not a known operation."), (int) operation);
      return NULL;
    }

  node = json_object_get_member (data, "callid");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_ID,
                               _("The stored call id is not text."));
          return NULL;
        }
      callid = json_node_get_string (node);
    }

  if (operations[operation].is_write && !is_set (callid))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_EMPTY_CALL_ID,
                           _("There is no call id: an outcome can only be set for a call."));
      return NULL;
    }

  return request_new (operation, callid, data);
}

/* ------------------------------------------------------------------------------------------
 * The request
 */

LcmRequest *
lcm_request_ref (LcmRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lcm_request_unref (LcmRequest *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->callid);
      g_free (self->summary);
      json_object_unref (self->data);
      g_free (self);
    }
}

LcmOperation
lcm_request_get_operation (LcmRequest *self)
{
  g_return_val_if_fail (self != NULL, LCM_OPERATION_BUSINESS_OUTCOMES);

  return self->operation;
}

gboolean
lcm_request_is_write (LcmRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return lcm_operation_is_write (self->operation);
}

/* An empty callid (outcome groups of a manual call) counts as none: it matches nothing. */
const char *
lcm_request_get_callid (LcmRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->callid;
}

JsonObject *
lcm_request_get_data (LcmRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

char *
lcm_request_to_frame (LcmRequest *self,
                      const char *source)
{
  g_return_val_if_fail (self != NULL, NULL);

  return lcm_envelope_write_request (operations[self->operation].request_subtopic,
                                     source, self->data);
}

void
lcm_request_set_summary (LcmRequest *self,
                         const char *summary)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (summary == NULL || g_utf8_validate (summary, -1, NULL));

  if (g_strcmp0 (self->summary, summary) == 0)
    return;
  g_free (self->summary);
  self->summary = g_strdup (summary);
}

const char *
lcm_request_get_summary (LcmRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->summary;
}
