/* wrapup-call-draft.c: the draft of a call's wrap-up, kept as the agent types
 *
 * The form hands the call what it holds after every change; the call writes it to the
 * session's draft store shortly after the last change (a burst of keys is one write), and
 * at once when asked (the window closes, the app quits). So a crash loses at most the last
 * DRAFT_DELAY_MS of typing. The draft goes when the wrap-up is saved (stored in the outbox)
 * or when the agent discards it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-call"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-call-private.h"

#define DRAFT_DELAY_MS 250

static WrapupDraftStore *
draft_store (WrapupCall *self)
{
  return self->session != NULL ? wrapup_session_get_drafts (self->session) : NULL;
}

static gboolean
write_draft (WrapupCall *self)
{
  g_autoptr(GError) error = NULL;
  WrapupDraftStore *store = draft_store (self);

  if (store == NULL || self->pending_draft == NULL)
    return TRUE;
  if (!wrapup_draft_store_put (store, self->pending_draft, &error))
    {
      /* Kept in memory until the next change tries again; the agent's form is intact. */
      g_warning ("The draft of call %s could not be kept: %s", self->link->call_id,
                 error->message);
      return FALSE;
    }
  g_clear_pointer (&self->pending_draft, wrapup_draft_free);
  return TRUE;
}

static gboolean
on_draft_timeout_cb (gpointer user_data)
{
  WrapupCall *self = user_data;

  self->draft_source = 0;
  write_draft (self);
  return G_SOURCE_REMOVE;
}

static gint64
member_int (JsonObject *data,
            const char *name,
            gint64      fallback)
{
  gint64 value;

  /* A draft read back from the outbox: what does not read is left as the form's own. */
  if (!lcm_json_object_get_int_or (data, name, fallback, &value, NULL))
    return fallback;
  return value;
}

/* Internal API */

WrapupDraft *
wrapup_call_draft_from_entry (WrapupCall     *self,
                              LcmOutboxEntry *entry)
{
  JsonObject *data = lcm_outbox_entry_get_data (entry);
  g_autoptr(WrapupDraft) draft = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  const char *comments;
  gboolean present = FALSE;
  LcmOperation operation = lcm_outbox_entry_get_operation (entry);

  if (data == NULL)
    return NULL;

  draft = wrapup_draft_new (self->link->call_id);
  g_date_time_unref (draft->started_at);
  draft->started_at = g_date_time_ref (self->opened_at);

  switch (operation)
    {
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
      draft->telephony_outcome = member_int (data, "OutcomeId", LCM_NONE);
      break;
    case LCM_OPERATION_SET_OUTCOMES:
      draft->telephony_outcome = member_int (data, "CallOutcome", LCM_NONE);
      draft->business_outcome = member_int (data, "BusinessOutcome", LCM_NONE);
      break;
    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
      draft->telephony_outcome = member_int (data, "OutcomeId", LCM_NONE);
      draft->business_outcome = member_int (data, "BusinessOutcome", LCM_NONE);
      if (lcm_outbox_entry_get_callback_window (entry, &start, &end))
        {
          draft->callback_start = g_steal_pointer (&start);
          draft->callback_end = g_steal_pointer (&end);
          draft->callback_mode = member_int (data, "CallbackModeID", LCM_NONE);
        }
      break;
    case LCM_OPERATION_BUSINESS_OUTCOMES:
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
    case LCM_OPERATION_CALLBACK_MODES:
    case LCM_OPERATION_PERSONAL_CALLBACKS:
    case LCM_OPERATION_JOURNEY:
    default:
      return NULL;
    }

  comments = lcm_outbox_entry_get_comments (entry);
  g_free (draft->comments);
  draft->comments = g_strdup (comments != NULL ? comments : "");
  draft->lead_score = member_int (data, "LeadScore", 0);
  draft->has_lead_score = TRUE;
  if (lcm_json_object_get_double_optional (data, "TargetAmount", &draft->target_amount, &present,
                                           NULL)
      && present)
    draft->has_target_amount = TRUE;
  return g_steal_pointer (&draft);
}

void
wrapup_call_restore_draft (WrapupCall *self)
{
  WrapupDraftStore *store = draft_store (self);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return;

  g_clear_pointer (&self->draft, wrapup_draft_free);
  self->draft = wrapup_draft_store_lookup (store, self->link->call_id);
  if (self->draft != NULL)
    {
      /* The after-call work started when the call was first opened. */
      g_clear_pointer (&self->opened_at, g_date_time_unref);
      self->opened_at = g_date_time_ref (self->draft->started_at);
      return;
    }

  /* A new call: its start is kept at once, so that the timer goes on if the window is
   * closed and the call opened again, or the app dies. */
  self->pending_draft = wrapup_draft_new (self->link->call_id);
  g_free (self->pending_draft->link);
  self->pending_draft->link = wrapup_call_link_to_uri (self->link);
  g_date_time_unref (self->pending_draft->started_at);
  self->pending_draft->started_at = g_date_time_ref (self->opened_at);
  write_draft (self);
}

void
wrapup_call_cancel_draft_write (WrapupCall *self)
{
  g_clear_handle_id (&self->draft_source, g_source_remove);
}

void
wrapup_call_drop_draft (WrapupCall *self)
{
  WrapupDraftStore *store = draft_store (self);
  g_autoptr(GError) error = NULL;

  wrapup_call_cancel_draft_write (self);
  g_clear_pointer (&self->pending_draft, wrapup_draft_free);
  if (store != NULL && !wrapup_draft_store_remove (store, self->link->call_id, &error))
    g_warning ("The draft of call %s could not be removed: %s", self->link->call_id,
               error->message);
}

/* Public API */

const WrapupDraft *
wrapup_call_get_draft (WrapupCall *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), NULL);
  return self->draft;
}

void
wrapup_call_update_draft (WrapupCall        *self,
                          const WrapupDraft *draft)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));
  g_return_if_fail (draft != NULL);

  if (self->submitted || self->submitting || draft_store (self) == NULL)
    return;

  g_clear_pointer (&self->pending_draft, wrapup_draft_free);
  self->pending_draft = wrapup_draft_copy (draft);
  g_free (self->pending_draft->call_id);
  self->pending_draft->call_id = g_strdup (self->link->call_id);
  g_free (self->pending_draft->link);
  self->pending_draft->link = wrapup_call_link_to_uri (self->link);
  g_clear_pointer (&self->pending_draft->started_at, g_date_time_unref);
  self->pending_draft->started_at = g_date_time_ref (self->opened_at);

  if (self->draft_source == 0)
    self->draft_source = g_timeout_add (DRAFT_DELAY_MS, on_draft_timeout_cb, self);
}

void
wrapup_call_flush_draft (WrapupCall *self)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));

  wrapup_call_cancel_draft_write (self);
  write_draft (self);
}

void
wrapup_call_discard_draft (WrapupCall *self)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));

  wrapup_call_drop_draft (self);
  g_clear_pointer (&self->draft, wrapup_draft_free);
}

gboolean
wrapup_call_has_unsaved_input (WrapupCall *self)
{
  g_autoptr(WrapupDraft) stored = NULL;
  WrapupDraftStore *store;

  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);

  if (self->submitted || self->submitting)
    return FALSE;
  if (self->pending_draft != NULL)
    return !wrapup_draft_is_empty (self->pending_draft);
  store = draft_store (self);
  if (store == NULL)
    return FALSE;
  stored = wrapup_draft_store_lookup (store, self->link->call_id);
  return stored != NULL && !wrapup_draft_is_empty (stored);
}
