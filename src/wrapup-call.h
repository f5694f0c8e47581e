/* wrapup-call.h: one call being wrapped up, the models its window shows
 *
 * Data flows one way: LcmClient -> WrapupCall (list models and load states) -> widgets.
 * Widgets never talk to the client: they read these models, and ask the call to reload a
 * section or to submit a disposition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm.h"
#include "wrapup-call-link.h"

G_BEGIN_DECLS

typedef enum
{
  WRAPUP_SECTION_TELEPHONY_OUTCOMES,
  WRAPUP_SECTION_BUSINESS_OUTCOMES,
  WRAPUP_SECTION_CALLBACK_MODES,
  WRAPUP_SECTION_JOURNEY,
} WrapupSection;

#define WRAPUP_N_SECTIONS (WRAPUP_SECTION_JOURNEY + 1)

typedef enum
{
  WRAPUP_LOAD_IDLE,
  WRAPUP_LOAD_LOADING,
  WRAPUP_LOAD_READY,
  WRAPUP_LOAD_FAILED,
} WrapupLoadState;

#define WRAPUP_TYPE_CALL (wrapup_call_get_type ())
G_DECLARE_FINAL_TYPE (WrapupCall, wrapup_call, WRAPUP, CALL, GObject)

/* Properties (read-only unless said): call-id, account-number, call-type, contact-number,
 * campaign, agent-id, client, opened-at (GDateTime, when the window opened: the after-call
 * work timer counts from it), submitting, submitted, queued (the wrap-up is saved in the
 * outbox and waits for the connection), last-submit-error (string, NULL when none),
 * journey-query (LcmJourneyQuery, the filters the journey was or will be loaded with),
 * outbox (read-write).
 * Signal "load-state-changed" (WrapupSection section) whenever a section's state changes. */
WrapupCall      *wrapup_call_new                    (LcmClient            *client,
                                                     const WrapupCallLink *link,
                                                     const char           *agent_id);
const char      *wrapup_call_get_call_id            (WrapupCall           *self);
const char      *wrapup_call_get_account_number     (WrapupCall           *self);
LcmCallType      wrapup_call_get_call_type          (WrapupCall           *self);
/* NULL when the link gave none. */
const char      *wrapup_call_get_contact_number     (WrapupCall           *self);
const char      *wrapup_call_get_campaign           (WrapupCall           *self);
const char      *wrapup_call_get_agent_id           (WrapupCall           *self);
LcmClient       *wrapup_call_get_client             (WrapupCall           *self);
/* The outbox the wrap-up goes through: the application's one. A call given none makes one
 * in memory (not durable: for tests) when first asked. */
LcmOutbox       *wrapup_call_get_outbox             (WrapupCall           *self);
void             wrapup_call_set_outbox             (WrapupCall           *self,
                                                     LcmOutbox            *outbox);
GDateTime       *wrapup_call_get_opened_at          (WrapupCall           *self);

/* Sends the four independent requests at once (business outcomes of the call's type,
 * telephony outcomes of the account, callback modes, journey), none waiting for another. */
void             wrapup_call_load                   (WrapupCall           *self);
/* Loads one section again (a retry, or the journey with new filters). A newer load of a
 * section cancels the older one. */
void             wrapup_call_reload                 (WrapupCall           *self,
                                                     WrapupSection         section);
WrapupLoadState  wrapup_call_get_load_state         (WrapupCall           *self,
                                                     WrapupSection         section);
/* Why the section failed, for people (the gateway's Message, or ours); NULL unless FAILED. */
const char      *wrapup_call_get_load_error         (WrapupCall           *self,
                                                     WrapupSection         section);

/* The models. Each is the same object for the life of the call; a load replaces its items
 * in one splice. */
GListModel      *wrapup_call_get_telephony_outcomes (WrapupCall           *self);
/* Roots of the business-outcome tree (each LcmBusinessOutcome has its children). */
GListModel      *wrapup_call_get_business_outcomes  (WrapupCall           *self);
/* All business outcomes, flat, in the gateway's order: for search. */
GListModel      *wrapup_call_get_business_outcome_list (WrapupCall        *self);
GListModel      *wrapup_call_get_callback_modes     (WrapupCall           *self);
GListModel      *wrapup_call_get_journey            (WrapupCall           *self);
/* The journey filters; change them, then wrapup_call_reload (WRAPUP_SECTION_JOURNEY). Its
 * call id and account are the call's to begin with. */
LcmJourneyQuery *wrapup_call_get_journey_query      (WrapupCall           *self);

/* A disposition filled with the call id, account and agent id, nothing chosen yet. */
LcmDisposition  *wrapup_call_new_disposition        (WrapupCall           *self);
/* Sends the one write the disposition makes, through the outbox (stored first). An invalid
 * disposition fails at once with its LCM_REQUEST_ERROR and sends nothing; while one submit
 * is under way, or after one succeeded, another fails with G_IO_ERROR_BUSY /
 * G_IO_ERROR_EXISTS and sends nothing. Succeeds when the gateway accepted the write, and
 * also when it is saved in the outbox without an answer yet (queued becomes TRUE: it goes
 * when the connection is back). A gateway's refusal fails, and the form may be corrected
 * and sent again: the refused write is then replaced in the outbox by the new one. */
void             wrapup_call_submit_async           (WrapupCall           *self,
                                                     LcmDisposition       *disposition,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         wrapup_call_submit_finish          (WrapupCall           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean         wrapup_call_get_submitting         (WrapupCall           *self);
gboolean         wrapup_call_get_submitted          (WrapupCall           *self);
gboolean         wrapup_call_get_queued             (WrapupCall           *self);

/* A message for people from any error the library gives: the gateway's own text for its
 * refusals, ours for connection trouble. Never a raw dump. */
char            *wrapup_describe_error              (const GError         *error);

G_END_DECLS
