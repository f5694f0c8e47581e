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
#include "wrapup-draft-store.h"
#include "wrapup-session.h"

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
 * campaign, agent-id, client (NULL while no gateway is set), session, opened-at (GDateTime,
 * when the after-call work started: the timer counts from it, and a call opened again keeps
 * it), submitting, submitted, queued (the wrap-up is saved in the outbox and waits for the
 * connection), delivered (a queued wrap-up reached the gateway since), last-submit-error
 * (string, NULL when none), refusal (LcmOutboxRefusal of the last refusal), journey-query
 * (LcmJourneyQuery, the filters the journey was or will be loaded with), outbox
 * (read-write).
 * Signal "load-state-changed" (WrapupSection section) whenever a section's state changes;
 * "connection-changed" when the connection's state or the cause it cannot be made
 * changes (widgets follow the connection through the call, never the client). */
/* A call on its own connection, without drafts or cached lists (tests). */
WrapupCall      *wrapup_call_new                    (LcmClient            *client,
                                                     const WrapupCallLink *link,
                                                     const char           *agent_id);
/* A call of the session: it uses the session's connection (and follows it when the gateway
 * is set or changed), outbox, drafts and cached outcome lists. A call opened again finds
 * its draft: the form's values and when the after-call work started. */
WrapupCall      *wrapup_call_new_for_session        (WrapupSession        *session,
                                                     const WrapupCallLink *link);
WrapupSession   *wrapup_call_get_session            (WrapupCall           *self);
/* The link the call was opened with (with the call's own id and account). */
const WrapupCallLink *wrapup_call_get_link          (WrapupCall           *self);
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
/* Why the section failed, for people (the gateway's Message, or ours); NULL unless FAILED,
 * or READY from the cache (then it says why the gateway's list could not be had). */
const char      *wrapup_call_get_load_error         (WrapupCall           *self,
                                                     WrapupSection         section);
/* When a READY section's list was fetched, if it came from the cache of earlier calls
 * because the gateway could not be reached; NULL when it is the gateway's answer to this
 * call. */
GDateTime       *wrapup_call_get_cached_at          (WrapupCall           *self,
                                                     WrapupSection         section);
/* Loads again every section that failed or came from the cache. Done by itself when the
 * connection comes (back) up. */
void             wrapup_call_reload_stale           (WrapupCall           *self);
/* The state of the call's connection; DISCONNECTED while no gateway is set. */
LcmClientState   wrapup_call_get_connection_state   (WrapupCall           *self);
/* The cause, for people, when the gateway cannot be reached (refused, no route, TLS, a
 * timeout, no gateway set); NULL while connected. */
char            *wrapup_call_dup_connection_problem (WrapupCall           *self);

/* The models. Each is the same object for the life of the call; a load replaces its items
 * in one splice. */
GListModel      *wrapup_call_get_telephony_outcomes (WrapupCall           *self);
/* Roots of the business-outcome tree (each LcmBusinessOutcome has its children). */
GListModel      *wrapup_call_get_business_outcomes  (WrapupCall           *self);
/* All business outcomes, flat, in the gateway's order: for search. */
GListModel      *wrapup_call_get_business_outcome_list (WrapupCall        *self);
GListModel      *wrapup_call_get_callback_modes     (WrapupCall           *self);
GListModel      *wrapup_call_get_journey            (WrapupCall           *self);
/* How often the agent saved each outcome of the section's list (telephony or business
 * outcomes; empty for the others): a new table, gint64 id -> GUINT_TO_POINTER (count). */
GHashTable      *wrapup_call_dup_outcome_usage      (WrapupCall           *self,
                                                     WrapupSection         section);
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
gboolean         wrapup_call_get_delivered          (WrapupCall           *self);
/* Why the last submit failed or the gateway refused the wrap-up, for people; NULL when
 * none. */
const char      *wrapup_call_get_last_submit_error  (WrapupCall           *self);
/* While queued: the wrap-up's place among the writes waiting (1 = next); 0 otherwise. */
guint            wrapup_call_get_queue_position     (WrapupCall           *self);
LcmOutboxRefusal wrapup_call_get_refusal            (WrapupCall           *self);

/* The form kept as the agent types (see wrapup-draft-store.h). The draft the call was
 * opened with: the agent's unsaved wrap-up, or the values of a refused one; NULL when
 * there is none. */
const WrapupDraft *wrapup_call_get_draft            (WrapupCall           *self);
/* Keeps what the form holds (its call id, link and start are the call's): written shortly
 * after the last change, and at once by wrapup_call_flush_draft(). Nothing is kept once the
 * wrap-up is saved. */
void             wrapup_call_update_draft           (WrapupCall           *self,
                                                     const WrapupDraft    *draft);
void             wrapup_call_flush_draft            (WrapupCall           *self);
/* The agent threw the unsaved wrap-up away. */
void             wrapup_call_discard_draft          (WrapupCall           *self);
/* TRUE when the agent entered something that is not saved as a wrap-up yet. */
gboolean         wrapup_call_has_unsaved_input      (WrapupCall           *self);

/* A message for people from any error the library gives: the gateway's own text for its
 * refusals, ours for connection trouble. Never a raw dump. */
char            *wrapup_describe_error              (const GError         *error);
/* A refusal's reason as a sentence of its own (the gateway's "Invalid Call ID." as it is, a
 * reason without a full stop given one), or "No reason was given." for NULL. */
char            *wrapup_dup_reason_sentence         (const char           *reason);
/* Why a connection could not be made, for people, after its cause: refused, no route, an
 * unknown host, TLS, the access token, a timeout. */
char            *wrapup_describe_connect_error      (const GError         *error);

G_END_DECLS
