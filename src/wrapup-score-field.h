/* wrapup-score-field.h: a number of the wrap-up that already has a value at the gateway
 *
 * The lead score and the target amount are written with every wrap-up, and overwrite the
 * contact's. So the field never starts at a made-up 0: it shows the contact's current value
 * (from the journey) once it is known, stays empty (and asks) when there is none, and says
 * where its value comes from in its row's subtitle: the contact, a business outcome the
 * agent chose (with Undo), or the agent. It drives a GtkSpinButton inside an AdwActionRow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  WRAPUP_SCORE_LOADING,  /* the contact's value is being looked up */
  WRAPUP_SCORE_UNKNOWN,  /* no value to start from: the agent must enter one */
  WRAPUP_SCORE_CONTACT,  /* the contact's current value */
  WRAPUP_SCORE_OUTCOME,  /* set by the business outcome the agent chose */
  WRAPUP_SCORE_AGENT,    /* typed by the agent */
} WrapupScoreSource;

#define WRAPUP_TYPE_SCORE_FIELD (wrapup_score_field_get_type ())
G_DECLARE_FINAL_TYPE (WrapupScoreField, wrapup_score_field, WRAPUP, SCORE_FIELD, GObject)

/* is_amount: the target amount (two decimals) rather than the lead score. The undo button
 * is shown only while an outcome's value can be undone. Signal "changed" when the value or
 * its source changes, by the agent or by these calls. */
WrapupScoreField  *wrapup_score_field_new         (AdwActionRow     *row,
                                                   GtkSpinButton    *spin,
                                                   GtkButton        *undo,
                                                   gboolean          is_amount);
WrapupScoreSource  wrapup_score_field_get_source  (WrapupScoreField *self);
/* FALSE while there is no value (loading, unknown). */
gboolean           wrapup_score_field_get_value   (WrapupScoreField *self,
                                                   double           *value);
/* Back to waiting for the contact's value (a new call). */
void               wrapup_score_field_reset       (WrapupScoreField *self);
/* The contact's current value, or none (known FALSE): applies unless the agent or an
 * outcome already set one. reason (may be NULL) says why none is known. */
void               wrapup_score_field_set_contact (WrapupScoreField *self,
                                                   gboolean          known,
                                                   double            value,
                                                   const char       *reason);
/* A value the agent chose earlier (a draft restored). */
void               wrapup_score_field_set_agent   (WrapupScoreField *self,
                                                   double            value);
/* The business outcome the agent chose carries a value: it replaces the field's unless the
 * agent typed one, and can be undone. */
void               wrapup_score_field_set_outcome (WrapupScoreField *self,
                                                   double            value,
                                                   const char       *outcome);
void               wrapup_score_field_undo        (WrapupScoreField *self);
/* Commits what is typed (as before a submit). */
void               wrapup_score_field_commit      (WrapupScoreField *self);

G_END_DECLS
