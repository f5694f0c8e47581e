/* wrapup-call-submit.c: a call's wrap-up on its way
 *
 * Submitting goes through the session's outbox: the write is saved first, then sent; the
 * call follows its outbox entry (queued, its place in the line, refused and why, delivered)
 * and, once the gateway has it, asks for the journey again. A call opened again finds
 * what the outbox still holds for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-call"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "wrapup-call-private.h"
#include "wrapup-trace.h"

static void
set_refused (WrapupCall     *self,
             LcmOutboxEntry *entry)
{
  self->refused_id = lcm_outbox_entry_get_id (entry);
  self->refusal = lcm_outbox_entry_get_refusal (entry);
  g_free (self->last_submit_error);
  self->last_submit_error = g_strdup (lcm_outbox_entry_get_last_error (entry));
}

static gpointer
find_by_id (GListModel *model,
            gint64      id,
            gboolean    business)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 item_id = business ? lcm_business_outcome_get_id (LCM_BUSINESS_OUTCOME (item))
                                : lcm_telephony_outcome_get_id (LCM_TELEPHONY_OUTCOME (item));

      if (item_id == id)
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* What the write records, for people: the outbox shows it while the write waits
 * ("Busy · Interested › Quote sent"). */
static char *
dup_disposition_summary (WrapupCall     *self,
                         LcmDisposition *disposition)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 telephony = lcm_disposition_get_telephony_outcome (disposition);
  gint64 business = lcm_disposition_get_business_outcome (disposition);

  if (telephony != LCM_NONE)
    {
      g_autoptr(LcmTelephonyOutcome) outcome =
        find_by_id (G_LIST_MODEL (self->telephony_outcomes), telephony, FALSE);

      g_ptr_array_add (parts, outcome != NULL
                              ? g_strdup (lcm_telephony_outcome_get_description (outcome))
                              /* Translators: a telephony outcome known only by its id */
                              : g_strdup_printf (_("Outcome %" PRId64), telephony));
    }
  if (business != LCM_NONE)
    {
      g_autoptr(LcmBusinessOutcome) outcome =
        find_by_id (G_LIST_MODEL (self->business_list), business, TRUE);

      g_ptr_array_add (parts, outcome != NULL
                              ? lcm_business_outcome_dup_path (outcome)
                              /* Translators: a business outcome known only by its id */
                              : g_strdup_printf (_("Business outcome %" PRId64),
                                                 business));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
set_queued (WrapupCall *self,
            gboolean    queued)
{
  if (self->queued == queued)
    return;
  self->queued = queued;
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_QUEUED]);
}

/* The gateway has the wrap-up: the journey now holds this interaction too, once asked again
 * (if it was asked for at all: a call not loaded yet loads it with the rest). */
static void
refresh_journey (WrapupCall *self)
{
  if (wrapup_call_get_load_state (self, WRAPUP_SECTION_JOURNEY) != WRAPUP_LOAD_IDLE)
    wrapup_call_reload (self, WRAPUP_SECTION_JOURNEY);
}

void
wrapup_call_forget_queued_entry (WrapupCall *self)
{
  if (self->queued_entry != NULL)
    g_signal_handlers_disconnect_by_data (self->queued_entry, self);
  g_clear_object (&self->queued_entry);
}

/* A queued wrap-up is no longer queued once its entry left the outbox: the gateway has it. */
static void
on_outbox_entries_changed_cb (GListModel *entries,
                              guint       position,
                              guint       removed,
                              guint       added,
                              WrapupCall *self)
{
  if (self->queued_entry == NULL || removed == 0)
    return;
  if (lcm_outbox_lookup (self->outbox, lcm_outbox_entry_get_id (self->queued_entry)) != NULL)
    return;
  wrapup_call_forget_queued_entry (self);
  g_object_freeze_notify (G_OBJECT (self));
  set_queued (self, FALSE);
  self->delivered = TRUE;
  wrapup_call_notify (self, WRAPUP_CALL_PROP_DELIVERED);
  g_object_thaw_notify (G_OBJECT (self));
  refresh_journey (self);
}

/* Refused once the connection was back: the form opens again, with the gateway's reason,
 * for the agent to correct it and save again (which replaces the refused write). */
static void
on_queued_entry_state_cb (LcmOutboxEntry *entry,
                          GParamSpec     *pspec,
                          WrapupCall     *self)
{
  if (lcm_outbox_entry_get_state (entry) != LCM_OUTBOX_ENTRY_FAILED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_refused (self, entry);
  self->submitted = FALSE;
  wrapup_call_forget_queued_entry (self);
  set_queued (self, FALSE);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_SUBMITTED);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_REFUSAL);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_submitted_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WrapupCall *self = g_task_get_source_object (task);
  LcmOutbox *outbox = LCM_OUTBOX (source_object);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  gint64 id = 0;
  gboolean done;

  answer = lcm_outbox_submit_finish (outbox, result, &id, &error);
  /* Saved without an answer yet: done for the agent, the outbox sends it when it can. */
  done = answer != NULL || g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED);

  /* An earlier refused version of this wrap-up is replaced by this one (edit = remove and
   * submit again), once this one is stored. */
  if (self->refused_id != 0 && id != 0 && self->refused_id != id)
    {
      g_autoptr(GError) remove_error = NULL;

      if (!lcm_outbox_remove (outbox, self->refused_id, &remove_error)
          && !g_error_matches (remove_error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND))
        g_warning ("The refused wrap-up could not be replaced: %s", remove_error->message);
      self->refused_id = 0;
    }
  self->refusal = LCM_OUTBOX_REFUSAL_NONE;
  if (error != NULL && (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_PROTOCOL_ERROR))
    {
      LcmOutboxEntry *refused = lcm_outbox_lookup (outbox, id);

      self->refused_id = id;
      self->refusal = refused != NULL ? lcm_outbox_entry_get_refusal (refused)
                                      : LCM_OUTBOX_REFUSAL_TEMPORARY;
    }

  g_object_freeze_notify (G_OBJECT (self));
  self->submitting = FALSE;
  g_clear_pointer (&self->last_submit_error, g_free);
  if (done)
    {
      LcmOutboxEntry *entry = answer == NULL ? lcm_outbox_lookup (outbox, id) : NULL;

      /* In the outbox now (or at the gateway): the draft has served. */
      wrapup_call_drop_draft (self);
      wrapup_call_note_outcomes_used (self, g_task_get_task_data (task));
      self->submitted = TRUE;
      wrapup_call_forget_queued_entry (self);
      if (entry != NULL)
        {
          self->queued_entry = g_object_ref (entry);
          g_signal_connect (entry, "notify::state", G_CALLBACK (on_queued_entry_state_cb),
                            self);
          set_queued (self, TRUE);
        }
      else
        refresh_journey (self);
      g_clear_error (&error);
    }
  else
    self->last_submit_error = wrapup_describe_error (error);

  wrapup_call_notify (self, WRAPUP_CALL_PROP_SUBMITTING);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_SUBMITTED);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_REFUSAL);
  g_object_thaw_notify (G_OBJECT (self));

  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
wrapup_call_submit_async (WrapupCall          *self,
                          LcmDisposition      *disposition,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(LcmRequest) request = NULL;
  GError *error = NULL;
  LcmOutbox *outbox;

  g_return_if_fail (WRAPUP_IS_CALL (self));
  g_return_if_fail (LCM_IS_DISPOSITION (disposition));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wrapup_call_submit_async);
  g_task_set_task_data (task, g_object_ref (disposition), g_object_unref);

  /* One write per call: a second click, or a key repeat, sends nothing. */
  if (self->submitting)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The wrap-up is being sent"));
      return;
    }
  if (self->submitted)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("The wrap-up of this call was already saved"));
      return;
    }

  request = lcm_request_new_disposition (disposition, NULL, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  {
    g_autofree char *summary = dup_disposition_summary (self, disposition);

    lcm_request_set_summary (request, summary);
  }

  outbox = wrapup_call_get_outbox (self);
  self->submitting = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_SUBMITTING]);
  /* Stored before it is sent; cancelling only stops the wait for the answer. */
  lcm_outbox_submit_async (outbox, request, cancellable, on_submitted_cb,
                           g_steal_pointer (&task));
}

gboolean
wrapup_call_submit_finish (WrapupCall    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (WRAPUP_IS_CALL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A call opened again (by the dialer, or after a restart) finds what the outbox holds for
 * it: a wrap-up still waiting makes it saved and queued, so the agent does not send a second
 * one; a refused one opens the form again with the gateway's reason, and saving replaces it. */
static void
adopt_outbox_entry (WrapupCall *self)
{
  GListModel *entries = lcm_outbox_get_entries (self->outbox);
  guint n = g_list_model_get_n_items (entries);
  g_autoptr(LcmOutboxEntry) refused = NULL;

  if (self->submitted || self->submitting)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);

      if (g_strcmp0 (lcm_outbox_entry_get_call_id (entry), self->link->call_id) != 0)
        continue;
      if (lcm_outbox_entry_get_state (entry) == LCM_OUTBOX_ENTRY_FAILED)
        {
          /* The latest refused one counts; keep looking for one that still waits. */
          set_refused (self, entry);
          g_set_object (&refused, entry);
          continue;
        }
      g_clear_object (&refused);
      self->refused_id = 0;
      self->refusal = LCM_OUTBOX_REFUSAL_NONE;
      g_clear_pointer (&self->last_submit_error, g_free);
      self->submitted = TRUE;
      self->queued_entry = g_object_ref (entry);
      g_signal_connect (entry, "notify::state", G_CALLBACK (on_queued_entry_state_cb), self);
      self->queued = TRUE;
      break;
    }

  /* The refused values come back in the form, unless the agent has begun correcting them
   * (a draft with something in it). */
  if (refused != NULL && (self->draft == NULL || wrapup_draft_is_empty (self->draft)))
    {
      WrapupDraft *draft = wrapup_call_draft_from_entry (self, refused);

      if (draft != NULL)
        {
          g_clear_pointer (&self->draft, wrapup_draft_free);
          self->draft = draft;
        }
    }
}

void
wrapup_call_set_outbox (WrapupCall *self,
                        LcmOutbox  *outbox)
{
  g_return_if_fail (WRAPUP_IS_CALL (self));
  g_return_if_fail (outbox == NULL || LCM_IS_OUTBOX (outbox));

  if (self->outbox == outbox)
    return;
  /* The entries of the old outbox are not this one's. */
  g_return_if_fail (!self->submitting);

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (lcm_outbox_get_entries (self->outbox), self);
  g_set_object (&self->outbox, outbox);
  wrapup_call_forget_queued_entry (self);
  self->refused_id = 0;
  self->refusal = LCM_OUTBOX_REFUSAL_NONE;
  set_queued (self, FALSE);
  if (outbox != NULL)
    {
      g_signal_connect (lcm_outbox_get_entries (outbox), "items-changed",
                        G_CALLBACK (on_outbox_entries_changed_cb), self);
      adopt_outbox_entry (self);
    }
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_OUTBOX]);
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_QUEUED]);
  g_object_notify_by_pspec (G_OBJECT (self), wrapup_call_properties[WRAPUP_CALL_PROP_SUBMITTED]);
  g_object_notify_by_pspec (G_OBJECT (self),
                            wrapup_call_properties[WRAPUP_CALL_PROP_LAST_SUBMIT_ERROR]);
  wrapup_call_notify (self, WRAPUP_CALL_PROP_REFUSAL);
  g_object_thaw_notify (G_OBJECT (self));
}
