/* wrapup-disposition-page-draft.c: what the form starts with
 *
 * The agent's draft of the call (kept as it is typed, read back when the call opens again),
 * the outcomes a draft names (chosen once their lists are in), a field with one possible
 * value, and the contact's lead score and amount from the journey.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-disposition-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-disposition-page-private.h"

/* The outcome whose id is id in a list of LcmTelephonyOutcome or LcmBusinessOutcome (a new
 * reference), or NULL. */
static gpointer
find_outcome (GListModel *model,
              gint64      id)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (LCM_IS_TELEPHONY_OUTCOME (item)
          && lcm_telephony_outcome_get_id (LCM_TELEPHONY_OUTCOME (item)) == id)
        return g_steal_pointer (&item);
      if (LCM_IS_BUSINESS_OUTCOME (item)
          && lcm_business_outcome_get_id (LCM_BUSINESS_OUTCOME (item)) == id)
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* What the form holds, for the call to keep as the draft. */
static WrapupDraft *
build_draft (WrapupDispositionPage *self)
{
  WrapupDraft *draft = wrapup_draft_new (wrapup_call_get_call_id (self->call));
  GtkTextIter start, end;
  double value;

  if (telephony_choice (self) != NULL)
    draft->telephony_outcome = lcm_telephony_outcome_get_id (telephony_choice (self));
  else if (self->restore_telephony != LCM_NONE)
    draft->telephony_outcome = self->restore_telephony;
  if (business_choice (self) != NULL)
    draft->business_outcome = lcm_business_outcome_get_id (business_choice (self));
  else if (self->restore_business != LCM_NONE)
    draft->business_outcome = self->restore_business;

  gtk_text_buffer_get_bounds (self->comments_buffer, &start, &end);
  g_free (draft->comments);
  draft->comments = gtk_text_buffer_get_text (self->comments_buffer, &start, &end, FALSE);

  /* Only a value someone chose: the contact's own is looked up again next time. */
  if (wrapup_score_field_get_source (self->lead_field) >= WRAPUP_SCORE_OUTCOME
      && wrapup_score_field_get_value (self->lead_field, &value))
    {
      draft->has_lead_score = TRUE;
      draft->lead_score = (gint64) value;
    }
  if (wrapup_score_field_get_source (self->amount_field) >= WRAPUP_SCORE_OUTCOME
      && wrapup_score_field_get_value (self->amount_field, &value))
    {
      draft->has_target_amount = TRUE;
      draft->target_amount = value;
    }
  if (has_callback (self))
    {
      draft->callback_start = g_date_time_ref (self->callback_start);
      draft->callback_end = g_date_time_ref (self->callback_end);
      draft->callback_mode = self->callback_mode;
    }
  return draft;
}

/* Every change the agent makes is kept at once (the call writes it to disk shortly). */
void
wrapup_disposition_page_keep_draft (WrapupDispositionPage *self)
{
  g_autoptr(WrapupDraft) draft = NULL;

  if (self->call == NULL || self->syncing > 0 || self->disposed || is_submitted (self))
    return;
  draft = build_draft (self);
  wrapup_call_update_draft (self->call, draft);
}

/* A field with a single possible value is filled in. */
void
wrapup_disposition_page_prefill_single_values (WrapupDispositionPage *self)
{
  if (self->call == NULL)
    return;

  if (telephony_choice (self) == NULL
      && load_state (self, WRAPUP_SECTION_TELEPHONY_OUTCOMES) == WRAPUP_LOAD_READY)
    {
      GListModel *outcomes = wrapup_call_get_telephony_outcomes (self->call);

      if (g_list_model_get_n_items (outcomes) == 1)
        {
          g_autoptr(LcmTelephonyOutcome) only = g_list_model_get_item (outcomes, 0);

          wrapup_disposition_page_choose_telephony (self, only);
        }
    }

  if (business_choice (self) == NULL
      && load_state (self, WRAPUP_SECTION_BUSINESS_OUTCOMES) == WRAPUP_LOAD_READY)
    {
      GListModel *all = wrapup_call_get_business_outcome_list (self->call);
      g_autoptr(LcmBusinessOutcome) only = NULL;
      guint n_leaves = 0;
      guint n_items = g_list_model_get_n_items (all);

      for (guint i = 0; i < n_items && n_leaves < 2; i++)
        {
          g_autoptr(LcmBusinessOutcome) outcome = g_list_model_get_item (all, i);

          if (lcm_business_outcome_is_leaf (outcome))
            {
              n_leaves++;
              g_set_object (&only, outcome);
            }
        }
      if (n_leaves == 1)
        wrapup_disposition_page_choose_business (self, only);
    }
}

/* A restored draft names its outcomes by id; they are chosen once their lists are in. */
void
wrapup_disposition_page_resolve_restored_choices (WrapupDispositionPage *self)
{
  /* Choosing them is not the agent changing the form: a refusal's reason stays. */
  g_autofree char *kept_error = NULL;

  if (self->call == NULL)
    return;
  if (self->restore_telephony == LCM_NONE && self->restore_business == LCM_NONE)
    return;
  kept_error = g_steal_pointer (&self->submit_error);

  if (self->restore_telephony != LCM_NONE)
    {
      g_autoptr(LcmTelephonyOutcome) outcome =
        find_outcome (wrapup_call_get_telephony_outcomes (self->call), self->restore_telephony);

      if (outcome != NULL)
        wrapup_disposition_page_choose_telephony (self, outcome);
    }
  if (self->restore_business != LCM_NONE)
    {
      g_autoptr(LcmBusinessOutcome) outcome =
        find_outcome (wrapup_call_get_business_outcome_list (self->call), self->restore_business);

      if (outcome != NULL && lcm_business_outcome_is_leaf (outcome))
        wrapup_disposition_page_choose_business (self, outcome);
    }
  g_free (self->submit_error);
  self->submit_error = g_steal_pointer (&kept_error);
  wrapup_disposition_page_update_form (self);
}

/* The lead score and target amount start at the contact's: those of the most recent
 * interaction in the journey loaded for the call. */
void
wrapup_disposition_page_update_contact_values (WrapupDispositionPage *self)
{
  WrapupLoadState state = load_state (self, WRAPUP_SECTION_JOURNEY);
  GListModel *journey;
  g_autoptr(LcmJourneyEntry) latest = NULL;
  guint n;

  if (state == WRAPUP_LOAD_FAILED)
    {
      wrapup_score_field_set_contact (self->lead_field, FALSE, 0,
                                      _("The contact’s score could not be loaded: enter one"));
      wrapup_score_field_set_contact (self->amount_field, FALSE, 0,
                                      _("The contact’s amount could not be loaded: enter one"));
      return;
    }
  if (state != WRAPUP_LOAD_READY)
    return;

  journey = wrapup_call_get_journey (self->call);
  n = g_list_model_get_n_items (journey);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);

      if (latest == NULL
          || lcm_journey_entry_get_completed_unix (entry)
             > lcm_journey_entry_get_completed_unix (latest))
        g_set_object (&latest, entry);
    }

  if (latest == NULL)
    {
      wrapup_score_field_set_contact (self->lead_field, FALSE, 0, NULL);
      wrapup_score_field_set_contact (self->amount_field, FALSE, 0, NULL);
      return;
    }
  wrapup_score_field_set_contact (self->lead_field, TRUE,
                                  (double) CLAMP (lcm_journey_entry_get_current_lead_score (latest),
                                                  0, LCM_MAX_LEAD_SCORE),
                                  NULL);
  wrapup_score_field_set_contact (self->amount_field, TRUE,
                                  CLAMP (lcm_journey_entry_get_target_value (latest), 0,
                                         LCM_MAX_TARGET_AMOUNT),
                                  NULL);
}

/* The form as the agent left it: a draft of this call (or the values of a refused
 * wrap-up), kept on disk. */
void
wrapup_disposition_page_restore_draft (WrapupDispositionPage *self)
{
  const WrapupDraft *draft = wrapup_call_get_draft (self->call);

  if (draft == NULL)
    return;

  self->syncing++;
  self->restore_telephony = draft->telephony_outcome;
  self->restore_business = draft->business_outcome;
  gtk_text_buffer_set_text (self->comments_buffer, draft->comments, -1);
  if (draft->callback_start != NULL && draft->callback_end != NULL)
    {
      self->callback_start = g_date_time_ref (draft->callback_start);
      self->callback_end = g_date_time_ref (draft->callback_end);
      self->callback_mode = draft->callback_mode;
    }
  self->syncing--;
  if (draft->has_lead_score)
    wrapup_score_field_set_agent (self->lead_field, (double) draft->lead_score);
  if (draft->has_target_amount)
    wrapup_score_field_set_agent (self->amount_field, draft->target_amount);
}
