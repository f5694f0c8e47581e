/* wrapup-call-private.h: what the parts of WrapupCall share
 *
 * wrapup-call.c holds the call, its identity and its one submit; wrapup-call-load.c the
 * four sections, loaded from the gateway or, when it cannot be reached, from the cache of
 * earlier calls; wrapup-call-draft.c the draft kept as the agent types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-call.h"

G_BEGIN_DECLS

typedef struct
{
  WrapupLoadState  state;
  char            *error;
  GDateTime       *cached_at;
  GCancellable    *cancellable;
} WrapupCallSection;

struct _WrapupCall
{
  GObject            parent_instance;

  WrapupSession     *session;      /* NULL for a call made on its own client */
  LcmClient         *client;
  WrapupCallLink    *link;
  char              *agent_id;
  GDateTime         *opened_at;

  WrapupCallSection  sections[WRAPUP_N_SECTIONS];
  GListStore        *telephony_outcomes;
  GListStore        *business_roots;
  GListStore        *business_list;
  GListStore        *callback_modes;
  LcmJourneyStore   *journey;
  LcmJourneyQuery   *journey_query;

  gboolean           submitting;
  gboolean           submitted;
  gboolean           delivered;
  char              *last_submit_error;
  LcmOutboxRefusal   refusal;

  LcmOutbox         *outbox;
  gboolean           queued;
  LcmOutboxEntry    *queued_entry; /* the outbox entry of a queued wrap-up */
  gint64             refused_id;   /* the outbox entry of a refused one, replaced on resubmit */

  /* Drafts (wrapup-call-draft.c) */
  WrapupDraft       *draft;        /* what the call was opened with */
  WrapupDraft       *pending_draft;/* the form's latest, not written yet */
  guint              draft_source;
};

enum {
  WRAPUP_CALL_PROP_0,
  WRAPUP_CALL_PROP_CALL_ID,
  WRAPUP_CALL_PROP_ACCOUNT_NUMBER,
  WRAPUP_CALL_PROP_CALL_TYPE,
  WRAPUP_CALL_PROP_CONTACT_NUMBER,
  WRAPUP_CALL_PROP_CAMPAIGN,
  WRAPUP_CALL_PROP_AGENT_ID,
  WRAPUP_CALL_PROP_CLIENT,
  WRAPUP_CALL_PROP_SESSION,
  WRAPUP_CALL_PROP_OPENED_AT,
  WRAPUP_CALL_PROP_SUBMITTING,
  WRAPUP_CALL_PROP_SUBMITTED,
  WRAPUP_CALL_PROP_DELIVERED,
  WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR,
  WRAPUP_CALL_PROP_REFUSAL,
  WRAPUP_CALL_PROP_JOURNEY_QUERY,
  WRAPUP_CALL_PROP_QUEUED,
  WRAPUP_CALL_PROP_OUTBOX,
  WRAPUP_CALL_N_PROPS
};

extern GParamSpec *wrapup_call_properties[WRAPUP_CALL_N_PROPS];

/* wrapup-call-load.c */
void wrapup_call_init_sections     (WrapupCall *self);
void wrapup_call_clear_sections    (WrapupCall *self);
void wrapup_call_set_client        (WrapupCall *self,
                                    LcmClient  *client);
void wrapup_call_emit_load_state   (WrapupCall *self,
                                    guint       section);
void wrapup_call_emit_connection_changed (WrapupCall *self);
/* Counts the outcomes of a saved wrap-up as used (wrapup-outcome-usage.h). */
void wrapup_call_note_outcomes_used (WrapupCall     *self,
                                    LcmDisposition *disposition);

/* wrapup-call-draft.c */
/* Reads the call's draft (or the refused write's values) when it is opened. */
void wrapup_call_restore_draft     (WrapupCall     *self);
/* The values of a refused write, as a draft, for the form to show again. */
WrapupDraft *wrapup_call_draft_from_entry (WrapupCall     *self,
                                           LcmOutboxEntry *entry);
/* The wrap-up is saved: the draft goes. */
void wrapup_call_drop_draft        (WrapupCall     *self);
void wrapup_call_cancel_draft_write (WrapupCall    *self);

/* wrapup-call.c */

void
wrapup_call_notify (WrapupCall *self,
                    guint       prop_id);

/* wrapup-call-submit.c */

void
wrapup_call_forget_queued_entry (WrapupCall *self);

G_END_DECLS
