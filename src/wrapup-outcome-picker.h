/* wrapup-outcome-picker.h: a searchable list of outcomes, the form's two pickers
 *
 * A heading with its mnemonic, a search and the list, with the section's load states
 * (loading, failed with the reason, empty, no match). Telephony outcomes are one flat list;
 * business outcomes are a tree while the search is empty and a flat list of leaves, each
 * with its path, while searching.
 *
 * The flat lists are ranked: with a search, outcomes whose name (or a word of it) starts
 * with the search come first; then the agent's most used (wrapup_outcome_picker_set_usage());
 * then the gateway's order. The first nine rows shown are numbered: Alt+1…9 choose them
 * (wrapup_outcome_picker_choose_nth(), bound by the form). The chosen row has a check and
 * the accent colour, whatever has the focus.
 *
 * Keys: Enter in the search chooses the selected (else the first) match, but Enter in an
 * empty search only moves into the list: a stray Enter never records the first outcome.
 * Down moves into the list, selecting; moving in the list chooses; Escape clears the search.
 *
 * The choice is the picker's, not the list's selection: a search hides rows, and a hidden
 * row is still the choice. Signals:
 *   "changed"             the agent changed the choice (not wrapup_outcome_picker_set_chosen())
 *   "settled" (gboolean)  the agent settled on the choice: TRUE when by a key (Enter, Alt+n),
 *                         when the form moves the focus on; FALSE by a click or by leaving
 *                         the list with a business leaf chosen.
 *
 * Widget names, for tests: "<kind>-search", "telephony-list", "business-tree",
 * "business-results" (the list views).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "wrapup-call.h"

G_BEGIN_DECLS

typedef enum
{
  WRAPUP_OUTCOME_PICKER_TELEPHONY,
  WRAPUP_OUTCOME_PICKER_BUSINESS,
} WrapupOutcomePickerKind;

#define WRAPUP_TYPE_OUTCOME_PICKER (wrapup_outcome_picker_get_type ())
G_DECLARE_FINAL_TYPE (WrapupOutcomePicker, wrapup_outcome_picker, WRAPUP, OUTCOME_PICKER,
                      GtkWidget)

GtkWidget   *wrapup_outcome_picker_new            (WrapupOutcomePickerKind kind);
/* outcomes: every outcome, flat (LcmTelephonyOutcome, or LcmBusinessOutcome, groups too);
 * roots: the business tree's roots (NULL for telephony). NULL, NULL empties the picker. */
void         wrapup_outcome_picker_set_outcomes   (WrapupOutcomePicker *self,
                                                   GListModel          *outcomes,
                                                   GListModel          *roots);
void         wrapup_outcome_picker_set_load_state (WrapupOutcomePicker *self,
                                                   WrapupLoadState      state,
                                                   const char          *error);
/* id (gint64 *) -> GUINT_TO_POINTER (uses), as wrapup_call_dup_outcome_usage(); NULL for
 * none. The picker keeps a reference. */
void         wrapup_outcome_picker_set_usage      (WrapupOutcomePicker *self,
                                                   GHashTable          *usage);

/* The chosen outcome (a business one is a leaf), or NULL. */
gpointer     wrapup_outcome_picker_get_chosen     (WrapupOutcomePicker *self);
/* The business group the agent selected (not a choice: the form says to pick in it). */
gpointer     wrapup_outcome_picker_get_group      (WrapupOutcomePicker *self);
/* Chosen by the code (a draft, a single outcome): no "changed". */
void         wrapup_outcome_picker_set_chosen     (WrapupOutcomePicker *self,
                                                   gpointer             outcome);
/* Chooses the nth (from 1) numbered row shown, as the agent's Alt+n: "changed", then
 * "settled" (TRUE). FALSE when there is no such row. */
gboolean     wrapup_outcome_picker_choose_nth     (WrapupOutcomePicker *self,
                                                   guint                n);
/* Empties the search and the choice, for a new call. */
void         wrapup_outcome_picker_reset          (WrapupOutcomePicker *self);

GtkWidget   *wrapup_outcome_picker_get_search     (WrapupOutcomePicker *self);
GtkLabel    *wrapup_outcome_picker_get_label      (WrapupOutcomePicker *self);

G_END_DECLS
