/* lcm-request.h: a validated request, ready for the wire
 *
 * Builders check every value first and refuse with an LCM_REQUEST_ERROR, so an invalid
 * request never exists and nothing invalid reaches the gateway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lcm-values.h"

G_BEGIN_DECLS

typedef enum
{
  LCM_OPERATION_BUSINESS_OUTCOMES,                  /* GetOutcomeByOutcomegroup */
  LCM_OPERATION_TELEPHONY_OUTCOMES,                 /* SetCallOutComeOffline */
  LCM_OPERATION_CALLBACK_MODES,                     /* GetCallBackModes */
  LCM_OPERATION_PERSONAL_CALLBACKS,                 /* GetPersonalCallbackList */
  LCM_OPERATION_JOURNEY,                            /* GetCustomerJourney */
  LCM_OPERATION_SET_TELEPHONY_OUTCOME,              /* SetCallOutcomeWithComments */
  LCM_OPERATION_SET_OUTCOMES,                       /* SetBusinessOutcomeWithCallOutcome */
  LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK, /* SetBusinessOutcomeWithPersonalCallback */
} LcmOperation;

#define LCM_N_OPERATIONS (LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK + 1)

const char  *lcm_operation_get_request_subtopic   (LcmOperation  operation);
const char  *lcm_operation_get_response_subtopic  (LcmOperation  operation);
gboolean     lcm_operation_is_write               (LcmOperation  operation);
/* The GType of the items of a read's answer; G_TYPE_NONE for a write. */
GType        lcm_operation_get_item_type          (LcmOperation  operation);
/* Case-insensitive lookup of a request subtopic. */
gboolean     lcm_operation_from_request_subtopic  (const char   *subtopic,
                                                   LcmOperation *out);
/* Does this response subtopic answer the operation? Case-insensitive, with the spellings the
 * vendor's samples use (CallBackModes for CallbackModes). */
gboolean     lcm_operation_matches_response       (LcmOperation  operation,
                                                   const char   *subtopic);

typedef struct _LcmJourneyQuery LcmJourneyQuery;
typedef struct _LcmDisposition LcmDisposition;

#define LCM_TYPE_REQUEST (lcm_request_get_type ())
typedef struct _LcmRequest LcmRequest;

GType        lcm_request_get_type                 (void) G_GNUC_CONST;

/* An empty callid is valid here: outcome groups are looked up by type. */
LcmRequest  *lcm_request_new_business_outcomes    (const char       *callid,
                                                   LcmCallType       type,
                                                   GError          **error);
LcmRequest  *lcm_request_new_telephony_outcomes   (const char       *account_number,
                                                   GError          **error);
LcmRequest  *lcm_request_new_callback_modes       (const char       *callid,
                                                   const char       *account_number,
                                                   GError          **error);
/* from and to may be NULL (no bound); count 0 means the gateway's default page. */
LcmRequest  *lcm_request_new_personal_callbacks   (const char       *user_id,
                                                   const GDate      *from,
                                                   const GDate      *to,
                                                   guint             first_record,
                                                   guint             count,
                                                   GError          **error);
LcmRequest  *lcm_request_new_journey              (LcmJourneyQuery  *query,
                                                   GError          **error);
/* now is when the callback window is checked against (local now when NULL). */
LcmRequest  *lcm_request_new_disposition          (LcmDisposition   *disposition,
                                                   GDateTime        *now,
                                                   GError          **error);
/* A request rebuilt from a data object made by one of the builders above and stored (the
 * outbox keeps writes this way). Its values were checked when it was first built and are not
 * checked again: only that the operation is known, that data is an object whose "callid",
 * when present, is a string, and that a write carries a callid. Takes a reference on data. */
LcmRequest  *lcm_request_new_from_data            (LcmOperation      operation,
                                                   JsonObject       *data,
                                                   GError          **error);

LcmRequest  *lcm_request_ref                      (LcmRequest       *self);
void         lcm_request_unref                    (LcmRequest       *self);
LcmOperation lcm_request_get_operation            (LcmRequest       *self);
gboolean     lcm_request_is_write                 (LcmRequest       *self);
/* The callid the request carries, NULL when it carries none. */
const char  *lcm_request_get_callid               (LcmRequest       *self);
JsonObject  *lcm_request_get_data                 (LcmRequest       *self);
/* The whole frame, as the samples show it. */
char        *lcm_request_to_frame                 (LcmRequest       *self,
                                                   const char       *source);
/* A short text for people saying what the request records ("Busy · Interested › Quote
 * sent"), shown while a write waits in the outbox; NULL (the default) for none. It is never
 * sent to the gateway. summary must be valid UTF-8. */
void         lcm_request_set_summary              (LcmRequest       *self,
                                                   const char       *summary);
const char  *lcm_request_get_summary              (LcmRequest       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcmRequest, lcm_request_unref)

G_END_DECLS
