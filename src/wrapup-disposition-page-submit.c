/* wrapup-disposition-page-submit.c: saving the wrap-up and what became of it: what is
 * sent (exactly what the form shows), the saved page that says where it went (at the
 * dialer, or waiting on this computer), and a refusal's reason on the form
 *
 * Part of WrapupDispositionPage (wrapup-disposition-page-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-disposition-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-accessible.h"
#include "wrapup-disposition-page-private.h"
#include "wrapup-score-field.h"

/* With the close-after-save setting, how long the saved page stays. */
#define CLOSE_AFTER_SAVE_SECONDS 3

static char *
dup_business_path (LcmBusinessOutcome *outcome)
{
  return lcm_business_outcome_dup_path (outcome);
}

static char *
dup_comments (WrapupDispositionPage *self)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (self->comments_buffer, &start, &end);
  return gtk_text_buffer_get_text (self->comments_buffer, &start, &end, FALSE);
}

static char *
dup_callback_summary (WrapupDispositionPage *self)
{
  if (!has_callback (self))
    return NULL;
  return wrapup_callback_dup_summary (self->callback_start, self->callback_end,
                                      self->callback_mode, callback_modes (self));
}

/* The outcomes chosen, "Busy · Interested › Sale closed", and with_callback, the callback's
 * window and number: what Save will send. */
char *
wrapup_disposition_page_dup_choice_summary (WrapupDispositionPage *self,
                                            gboolean               with_callback)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (telephony_choice (self) != NULL)
    g_ptr_array_add (parts, g_strdup (lcm_telephony_outcome_get_description (telephony_choice (self))));
  if (business_choice (self) != NULL)
    g_ptr_array_add (parts, dup_business_path (business_choice (self)));
  if (with_callback && has_callback (self))
    {
      g_autofree char *callback = dup_callback_summary (self);

      /* Translators: in the summary of a wrap-up, %s is the callback's window and number */
      g_ptr_array_add (parts, g_strdup_printf (_("callback %s"), callback));
    }
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static gboolean
on_close_timeout_cb (gpointer user_data)
{
  WrapupDispositionPage *self = user_data;

  self->close_source = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "window.close", NULL);
  return G_SOURCE_REMOVE;
}

/* Two different fates after saving: at the dialer, or on this computer waiting to go. */
void
wrapup_disposition_page_update_saved_page (WrapupDispositionPage *self)
{
  gboolean queued = wrapup_call_get_queued (self->call);
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  const char *summary = self->saved_summary != NULL ? self->saved_summary : "";

  if (queued)
    {
      guint position = wrapup_call_get_queue_position (self->call);
      g_autofree char *state = position > 1
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Waiting to send: %u wrap-up goes before it. It is sent "
                                        "as soon as the gateway answers.",
                                        "Waiting to send: %u wrap-ups go before it. It is sent "
                                        "as soon as the gateway answers.", position - 1),
                           position - 1)
        : g_strdup (_("Waiting to send: it goes first, as soon as the gateway answers."));

      adw_status_page_set_title (self->saved_page, _("Saved on This Computer"));
      adw_status_page_set_icon_name (self->saved_page, "document-save-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->saved_page), "wrapup-saved");
      gtk_widget_add_css_class (GTK_WIDGET (self->saved_page), "wrapup-queued");
      description = g_strdup_printf ("%s\n%s", state, summary);
    }
  else
    {
      adw_status_page_set_title (self->saved_page, _("Sent to the Dialer"));
      adw_status_page_set_icon_name (self->saved_page, "object-select-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->saved_page), "wrapup-queued");
      gtk_widget_add_css_class (GTK_WIDGET (self->saved_page), "wrapup-saved");
      description = g_strdup (summary);
    }
  escaped = g_markup_escape_text (description, -1);
  /* The write's fate is said as it changes: saved here and waiting, or at the dialer. */
  if (g_strcmp0 (adw_status_page_get_description (self->saved_page), escaped) != 0)
    {
      g_autofree char *said = g_strdup_printf ("%s. %s",
                                               adw_status_page_get_title (self->saved_page),
                                               queued ? description : "");

      wrapup_accessible_announce (GTK_WIDGET (self->saved_page), g_strstrip (said), FALSE);
    }
  adw_status_page_set_description (self->saved_page, escaped);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "saved") != 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      gtk_stack_set_visible_child_name (self->page_stack, "saved");
      /* The next key closes the call (Enter), unless the agent is elsewhere (the Journey). */
      if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->close_call_button));
    }

  /* The agent may have the call close by itself once its wrap-up is safe. */
  if (self->close_source == 0 && self->settings != NULL
      && g_settings_get_boolean (self->settings, "close-after-save"))
    self->close_source = g_timeout_add_seconds (CLOSE_AFTER_SAVE_SECONDS, on_close_timeout_cb,
                                                self);
}

/* The gateway refused the wrap-up (now, or in an earlier run): the form says why until the
 * agent changes something. */
void
wrapup_disposition_page_show_call_refusal (WrapupDispositionPage *self)
{
  const char *given = wrapup_call_get_last_submit_error (self->call);
  g_autofree char *reason = NULL;

  if (given == NULL || wrapup_call_get_submitting (self->call))
    return;
  reason = wrapup_dup_reason_sentence (given);
  g_free (self->submit_error);
  if (wrapup_call_get_refusal (self->call) == LCM_OUTBOX_REFUSAL_PERMANENT)
    /* Translators: %s is the gateway's reason, a sentence, e.g. “Invalid Call ID.” */
    self->submit_error = g_strdup_printf (_("The gateway refused this wrap-up: %s Correct it "
                                            "and save again."), reason);
  else
    /* Translators: %s is the gateway's reason, a sentence */
    self->submit_error = g_strdup_printf (_("The gateway did not take this wrap-up: %s Save "
                                            "again to send it."), reason);
}

static void
on_submitted_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WrapupDispositionPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->submitting = FALSE;
  if (!wrapup_call_submit_finish (WRAPUP_CALL (source_object), result, &error))
    {
      g_clear_pointer (&self->submit_error, g_free);
      self->submit_error = wrapup_describe_error (error);
    }
  wrapup_disposition_page_update_form (self);
}

void
wrapup_disposition_page_submit_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (widget);
  g_autoptr(LcmDisposition) disposition = NULL;
  g_autofree char *choice = NULL;
  g_autofree char *callback = NULL;

  if (self->call == NULL || is_submitting (self) || is_submitted (self))
    return;

  /* Commit what is typed in the spin buttons first. */
  wrapup_score_field_commit (self->lead_field);
  wrapup_score_field_commit (self->amount_field);

  /* Both are written with the wrap-up and replace the contact's: never a made-up one. */
  for (guint i = 0; i < 2; i++)
    {
      WrapupScoreField *field = i == 0 ? self->lead_field : self->amount_field;
      GtkWidget *spin = GTK_WIDGET (i == 0 ? self->lead_score_spin : self->target_amount_spin);

      if (wrapup_score_field_get_value (field, NULL))
        continue;
      g_clear_pointer (&self->submit_error, g_free);
      if (wrapup_score_field_get_source (field) == WRAPUP_SCORE_LOADING)
        self->submit_error = g_strdup (i == 0
                                       ? _("The contact’s current lead score is still loading: "
                                           "wait a moment, or enter one.")
                                       : _("The contact’s current target amount is still "
                                           "loading: wait a moment, or enter one."));
      else
        self->submit_error = g_strdup (i == 0 ? _("Enter a lead score: the contact has none "
                                                  "to keep.")
                                              : _("Enter a target amount: the contact has none "
                                                  "to keep."));
      wrapup_disposition_page_update_form (self);
      gtk_widget_grab_focus (spin);
      return;
    }

  disposition = wrapup_disposition_page_dup_disposition (self);
  choice = wrapup_disposition_page_dup_choice_summary (self, FALSE);
  callback = dup_callback_summary (self);
  g_clear_pointer (&self->saved_summary, g_free);
  self->saved_summary = callback != NULL
                        /* Translators: what was saved, then the callback booked */
                        ? g_strdup_printf (_("%s\nCallback %s"), choice, callback)
                        : g_steal_pointer (&choice);

  wrapup_disposition_page_clear_submit_error (self);
  self->submitting = TRUE;
  wrapup_disposition_page_update_form (self);

  wrapup_call_submit_async (self->call, disposition, NULL, on_submitted_cb,
                            g_object_ref (self));
}

LcmDisposition *
wrapup_disposition_page_dup_disposition (WrapupDispositionPage *self)
{
  LcmDisposition *disposition;
  g_autofree char *comments = NULL;
  gint64 cents;
  double amount;
  double value;

  g_return_val_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self), NULL);

  disposition = self->call != NULL ? wrapup_call_new_disposition (self->call)
                                   : lcm_disposition_new ();

  if (telephony_choice (self) != NULL)
    lcm_disposition_set_telephony_outcome (disposition,
                                           lcm_telephony_outcome_get_id (telephony_choice (self)));
  if (business_choice (self) != NULL)
    lcm_disposition_set_business_outcome (disposition,
                                          lcm_business_outcome_get_id (business_choice (self)));

  comments = dup_comments (self);
  lcm_disposition_set_comments (disposition, comments);
  /* Exactly what the fields show (0 only while one has no value: submit refuses that). */
  if (!wrapup_score_field_get_value (self->lead_field, &value))
    value = 0;
  lcm_disposition_set_lead_score (disposition, (gint64) value);
  if (!wrapup_score_field_get_value (self->amount_field, &value))
    value = 0;
  /* Whole cents, as shown (the spin button's bounds keep this within range). */
  cents = (gint64) (value * 100.0 + 0.5);
  amount = (double) cents / 100.0;
  lcm_disposition_set_target_amount (disposition, amount);

  if (has_callback (self))
    {
      lcm_disposition_set_callback_window (disposition, self->callback_start,
                                           self->callback_end);
      lcm_disposition_set_callback_mode (disposition, self->callback_mode);
    }

  return disposition;
}
