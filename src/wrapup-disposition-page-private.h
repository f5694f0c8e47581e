/* wrapup-disposition-page-private.h: the wrap-up form's parts, shared by its files
 *
 * wrapup-disposition-page.c is the form (its sections, keys and actions);
 * wrapup-disposition-page-draft.c what it starts with (the draft, the contact's values);
 * wrapup-disposition-page-submit.c saving it and what became of it;
 * wrapup-disposition-page-callback.c booking and clearing the personal callback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-callback-dialog.h"
#include "wrapup-callback-row.h"
#include "wrapup-disposition-page.h"
#include "wrapup-outcome-picker.h"
#include "wrapup-score-field.h"

G_BEGIN_DECLS

struct _WrapupDispositionPage
{
  AdwBin               parent_instance;

  WrapupCall          *call;
  /* The call's own signals the form follows, connected while it is the form's call. */
  GSignalGroup        *call_signals;

  /* The choices: the outcomes are the pickers', the callback is here. */
  GDateTime           *callback_start;
  GDateTime           *callback_end;
  gint64               callback_mode;

  /* The lead score and target amount start at the contact's (see wrapup-score-field.h). */
  WrapupScoreField    *lead_field;
  WrapupScoreField    *amount_field;
  /* A draft's outcomes, chosen once their lists are there. */
  gint64               restore_telephony;
  gint64               restore_business;

  char                *submit_error;
  char                *saved_summary;
  guint                close_source;
  GSettings           *settings;
  WrapupCallbackDialog *callback_dialog; /* weak */
  GtkWidget           *focus_after_booking; /* weak: where a booking opened by an outcome goes on */
  GtkWidget           *focus_before;     /* weak: where the focus was before submitting */

  /* Above zero while the code, not the agent, changes a selection or a field. */
  guint                syncing;
  gboolean             submitting;
  gboolean             disposed;

  /* template */
  GtkStack            *page_stack;
  GtkWidget           *form_grid;
  WrapupOutcomePicker *telephony_picker;
  WrapupOutcomePicker *business_picker;
  GtkTextView         *comments_view;
  GtkTextBuffer       *comments_buffer;
  GtkLabel            *comments_counter;
  AdwActionRow        *lead_score_row;
  GtkSpinButton       *lead_score_spin;
  GtkAdjustment       *lead_score_adjustment;
  GtkButton           *lead_score_undo;
  AdwActionRow        *target_amount_row;
  GtkSpinButton       *target_amount_spin;
  GtkButton           *target_amount_undo;
  WrapupCallbackRow   *callback_row;
  GtkImage            *status_icon;
  GtkLabel            *status_label;
  GtkLabel            *comments_label;
  GtkSpinner          *submit_spinner;
  GtkButton           *submit_button;
  AdwStatusPage       *saved_page;
  GtkWidget           *close_call_button;
};

static inline gboolean
has_callback (WrapupDispositionPage *self)
{
  return self->callback_start != NULL && self->callback_end != NULL;
}

static inline gboolean
is_submitting (WrapupDispositionPage *self)
{
  return self->submitting || (self->call != NULL && wrapup_call_get_submitting (self->call));
}

static inline gboolean
is_submitted (WrapupDispositionPage *self)
{
  return self->call != NULL && wrapup_call_get_submitted (self->call);
}

static inline LcmTelephonyOutcome *
telephony_choice (WrapupDispositionPage *self)
{
  return wrapup_outcome_picker_get_chosen (self->telephony_picker);
}

/* A leaf. */
static inline LcmBusinessOutcome *
business_choice (WrapupDispositionPage *self)
{
  return wrapup_outcome_picker_get_chosen (self->business_picker);
}

static inline WrapupLoadState
load_state (WrapupDispositionPage *self,
            WrapupSection          section)
{
  return self->call != NULL ? wrapup_call_get_load_state (self->call, section) : WRAPUP_LOAD_IDLE;
}

static inline GListModel *
callback_modes (WrapupDispositionPage *self)
{
  return self->call != NULL ? wrapup_call_get_callback_modes (self->call) : NULL;
}

/* wrapup-disposition-page.c */
/* Everything that follows from the choices and the call's state. */
void wrapup_disposition_page_update_form        (WrapupDispositionPage *self);
void wrapup_disposition_page_clear_submit_error (WrapupDispositionPage *self);
/* The code chooses (a draft, a single outcome): as the agent would, without the signals. */
void wrapup_disposition_page_choose_telephony   (WrapupDispositionPage *self,
                                                 LcmTelephonyOutcome   *outcome);
void wrapup_disposition_page_choose_business    (WrapupDispositionPage *self,
                                                 LcmBusinessOutcome    *leaf);
/* The contact's numbers are in, and the wrap-up is still open. */
gboolean wrapup_disposition_page_can_book_callback (WrapupDispositionPage *self);

/* wrapup-disposition-page-submit.c */
/* The outcomes chosen and, with_callback, the callback: what Save will send. */
char *wrapup_disposition_page_dup_choice_summary (WrapupDispositionPage *self,
                                                  gboolean               with_callback);
/* The saved page, once the wrap-up is saved: at the dialer, or waiting here. */
void  wrapup_disposition_page_update_saved_page  (WrapupDispositionPage *self);
/* A refusal of the call's wrap-up (now, or in an earlier run), said on the form. */
void  wrapup_disposition_page_show_call_refusal  (WrapupDispositionPage *self);
/* disposition.submit */
void  wrapup_disposition_page_submit_action      (GtkWidget             *widget,
                                                  const char            *action_name,
                                                  GVariant              *parameter);

/* wrapup-disposition-page-callback.c */
/* A callback-type outcome settled on by a key opens the booking; FALSE when it does not. */
gboolean wrapup_disposition_page_offer_callback        (WrapupDispositionPage *self,
                                                        const char            *description,
                                                        GtkWidget             *next);
/* disposition.book-callback and disposition.clear-callback */
void     wrapup_disposition_page_book_callback_action  (GtkWidget             *widget,
                                                        const char            *action_name,
                                                        GVariant              *parameter);
void     wrapup_disposition_page_clear_callback_action (GtkWidget             *widget,
                                                        const char            *action_name,
                                                        GVariant              *parameter);

/* wrapup-disposition-page-draft.c */
/* Every change the agent makes is kept at once (the call writes it to disk shortly). */
void wrapup_disposition_page_keep_draft               (WrapupDispositionPage *self);
/* The form as the agent left it: the call's draft, or a refused wrap-up's values. */
void wrapup_disposition_page_restore_draft            (WrapupDispositionPage *self);
/* A restored draft's outcomes, chosen once their lists are in. */
void wrapup_disposition_page_resolve_restored_choices (WrapupDispositionPage *self);
/* A field with a single possible value is filled in. */
void wrapup_disposition_page_prefill_single_values    (WrapupDispositionPage *self);
/* The lead score and target amount start at the contact's (the journey's latest). */
void wrapup_disposition_page_update_contact_values    (WrapupDispositionPage *self);

/* wrapup-disposition-page.c */

LcmBusinessOutcome *
wrapup_disposition_page_business_group (WrapupDispositionPage *self);

const char *
wrapup_disposition_page_load_error (WrapupDispositionPage *self,
                                    WrapupSection          section);

/* wrapup-disposition-page-state.c */

void
wrapup_disposition_page_apply_business_values (WrapupDispositionPage *self);

G_END_DECLS
