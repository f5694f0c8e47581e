/* wrapup-draft-store.h: the agent's unsaved wrap-ups, kept on disk as they are typed
 *
 * One draft per call id: what the form holds (outcomes, comments, scores, callback) and when
 * the after-call work started. A draft is written as the agent types, so closing the window,
 * quitting or a crash (kill -9 included) loses nothing: the next time the call is opened its
 * form is filled from the draft and its after-call-work timer goes on from the stored start.
 * A draft is removed when its wrap-up is saved, or when the agent discards it.
 *
 * The file is SQLite (WAL, synchronous=FULL, private to the user), like the outbox. A file
 * that cannot be read as ours (damaged, not a database, written by a newer version) is set
 * aside, renamed next to itself, and a new one is started: see
 * wrapup_draft_store_get_problem().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char      *call_id;           /* never NULL */
  char      *link;              /* the wrapup:// link the call was opened with; may be NULL */
  GDateTime *started_at;        /* when the after-call work started; never NULL */
  GDateTime *updated_at;        /* when the draft was last written; set by the store (NULL
                                 * in a draft that was not read from one) */
  gint64     telephony_outcome; /* LCM_NONE (-1) when not chosen */
  gint64     business_outcome;  /* LCM_NONE when not chosen (a leaf's id otherwise) */
  char      *comments;          /* never NULL, may be "" */
  /* A score or amount the agent chose (typed it, or chose an outcome that set it). When
   * FALSE the form shows the contact's current one again. */
  gboolean   has_lead_score;
  gint64     lead_score;
  gboolean   has_target_amount;
  double     target_amount;
  /* A personal callback: both or neither. */
  GDateTime *callback_start;
  GDateTime *callback_end;
  gint64     callback_mode;     /* LCM_NONE without a callback */
} WrapupDraft;

#define WRAPUP_TYPE_DRAFT (wrapup_draft_get_type ())
GType        wrapup_draft_get_type (void) G_GNUC_CONST;
/* A draft with nothing chosen, started now. */
WrapupDraft *wrapup_draft_new      (const char        *call_id);
WrapupDraft *wrapup_draft_copy     (const WrapupDraft *draft);
void         wrapup_draft_free     (WrapupDraft       *draft);
/* TRUE when the agent has entered nothing (no outcome, comment, score, amount or callback). */
gboolean     wrapup_draft_is_empty (const WrapupDraft *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrapupDraft, wrapup_draft_free)

#define WRAPUP_TYPE_DRAFT_STORE (wrapup_draft_store_get_type ())
G_DECLARE_FINAL_TYPE (WrapupDraftStore, wrapup_draft_store, WRAPUP, DRAFT_STORE, GObject)

/* Opens (creating it, and its folder, private to the user) the file at path; NULL keeps the
 * drafts in memory only (tests, the demo). A damaged file is set aside and a new one
 * started (the store is returned, with a problem to show); NULL and error only when no
 * file can be used at all. */
WrapupDraftStore *wrapup_draft_store_new         (const char        *path,
                                                  GError           **error);
/* For the agent, when the file had to be set aside (it names where it was moved); NULL when
 * all is well. */
const char       *wrapup_draft_store_get_problem (WrapupDraftStore  *self);
const char       *wrapup_draft_store_get_path    (WrapupDraftStore  *self);
/* Writes the draft (replacing the call's earlier one), committed when it returns. Comments
 * longer than 64 KiB, or a call id longer than 256 bytes, are refused
 * (G_IO_ERROR_INVALID_ARGUMENT): the store would not read them back. */
gboolean          wrapup_draft_store_put         (WrapupDraftStore  *self,
                                                  const WrapupDraft *draft,
                                                  GError           **error);
/* The call's draft (a new copy), or NULL. */
WrapupDraft      *wrapup_draft_store_lookup      (WrapupDraftStore  *self,
                                                  const char        *call_id);
/* Removing a draft that is not there is not an error. */
gboolean          wrapup_draft_store_remove      (WrapupDraftStore  *self,
                                                  const char        *call_id,
                                                  GError           **error);
/* Every draft, oldest start first (element type WrapupDraft *, owned by the array). */
GPtrArray        *wrapup_draft_store_list        (WrapupDraftStore  *self);
/* Property "n-drafts" (guint, read-only), notified when it changes. */
guint             wrapup_draft_store_get_n_drafts (WrapupDraftStore *self);

G_END_DECLS
