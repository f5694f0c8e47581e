/* wrapup-disposition-page-state.c: what the form shows of its call's state
 *
 * Each section's stack (loading, failed, ready), the callback row, the status line under the
 * button and what may be touched while a wrap-up is on its way, all read again from the
 * call whenever it changes (wrapup_disposition_page_update_form).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-disposition-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-form-columns.h"
#include "wrapup-accessible.h"
#include "wrapup-callback-row.h"
#include "wrapup-disposition-page-private.h"
#include "wrapup-outcome-picker.h"
#include "wrapup-score-field.h"

/* The chosen business outcome's own lead score replaces the field's when the agent settles
 * on it (Enter, a click, or leaving the list), never while moving through the list: the
 * field says so, with Undo. */
void
wrapup_disposition_page_apply_business_values (WrapupDispositionPage *self)
{
  LcmBusinessOutcome *business = business_choice (self);
  gint64 score;

  if (business == NULL)
    return;
  score = lcm_business_outcome_get_lead_score (business);
  if (score == LCM_NO_LEAD_SCORE)
    return;
  wrapup_score_field_set_outcome (self->lead_field, (double) CLAMP (score, 0, LCM_MAX_LEAD_SCORE),
                                  lcm_business_outcome_get_description (business));
}

static void
update_section_stacks (WrapupDispositionPage *self)
{
  static const WrapupSection sections[] = {
    WRAPUP_SECTION_TELEPHONY_OUTCOMES, WRAPUP_SECTION_BUSINESS_OUTCOMES,
  };
  WrapupOutcomePicker *pickers[] = { self->telephony_picker, self->business_picker };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      WrapupLoadState state = load_state (self, sections[i]);

      wrapup_outcome_picker_set_load_state (pickers[i], state,
                                            state == WRAPUP_LOAD_FAILED
                                            ? wrapup_disposition_page_load_error (self,
                                                                                  sections[i])
                                            : NULL);
    }
}

static void
update_callback_row (WrapupDispositionPage *self)
{
  WrapupLoadState state = load_state (self, WRAPUP_SECTION_CALLBACK_MODES);
  const char *why = NULL;

  if (state == WRAPUP_LOAD_FAILED)
    why = wrapup_disposition_page_load_error (self, WRAPUP_SECTION_CALLBACK_MODES);
  wrapup_callback_row_update (self->callback_row, self->callback_start, self->callback_end,
                              self->callback_mode, callback_modes (self), state, why,
                              self->call != NULL);
}

static void
set_status (WrapupDispositionPage *self,
            const char            *icon_name,
            const char            *style,
            const char            *text)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "dim-label");
  if (style != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), style);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
    }

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), icon_name != NULL);
  /* An error (a refusal, what is missing to save) is said when it appears. */
  if (g_strcmp0 (style, "error") == 0
      && g_strcmp0 (gtk_label_get_text (self->status_label), text) != 0)
    wrapup_accessible_announce (GTK_WIDGET (self->status_label), text, TRUE);
  gtk_label_set_text (self->status_label, text);
}

/* The focus leaves a field before the field goes insensitive, and comes back to it after:
 * GTK 4.8 otherwise leaves the field's cursor blinking without focus (and warns). */
static void
set_form_sensitive (WrapupDispositionPage *self,
                    gboolean               sensitive)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (sensitive == gtk_widget_get_sensitive (self->form_grid))
    return;

  if (!sensitive && focus != NULL && gtk_widget_is_ancestor (focus, self->form_grid))
    {
      g_set_weak_pointer (&self->focus_before, focus);
      gtk_root_set_focus (root, NULL);
    }

  gtk_widget_set_sensitive (self->form_grid, sensitive);

  if (sensitive && self->focus_before != NULL && root != NULL
      && gtk_widget_is_ancestor (self->focus_before, self->form_grid))
    gtk_widget_grab_focus (self->focus_before);
  if (sensitive)
    g_clear_weak_pointer (&self->focus_before);
}

/* Everything that follows from the choices and the call's state. */
void
wrapup_disposition_page_update_form (WrapupDispositionPage *self)
{
  gboolean submitting = is_submitting (self);
  gboolean submitted = is_submitted (self);
  gboolean booked = has_callback (self);
  LcmTelephonyOutcome *telephony = telephony_choice (self);
  LcmBusinessOutcome *business = business_choice (self);
  LcmBusinessOutcome *group = wrapup_disposition_page_business_group (self);
  gboolean chosen = telephony != NULL || business != NULL;
  /* At least one outcome, and a business outcome with a callback (the library's rules). */
  gboolean valid = chosen && (!booked || business != NULL);
  g_autofree char *counter = NULL;
  int n_chars;

  if (self->disposed)
    return;

  /* What is missing, or what will be sent. */
  if (submitting)
    set_status (self, NULL, "dim-label", _("Saving the wrap-up…"));
  else if (self->submit_error != NULL)
    set_status (self, "dialog-error-symbolic", "error", self->submit_error);
  else if (business == NULL && group != NULL && (booked || telephony == NULL))
    {
      g_autofree char *text =
        /* Translators: %s is a business outcome that groups others */
        g_strdup_printf (_("“%s” groups several outcomes: choose one of them."),
                         lcm_business_outcome_get_description (group));

      set_status (self, "dialog-information-symbolic", "dim-label", text);
    }
  else if (booked && business == NULL)
    set_status (self, "dialog-information-symbolic", "dim-label",
                _("Choose a business outcome: a callback is booked with one."));
  else if (!chosen)
    set_status (self, "dialog-information-symbolic", "dim-label",
                _("Choose a telephony outcome or a business outcome."));
  else
    {
      /* What will be sent, at full contrast beside the button that sends it. */
      g_autofree char *summary = wrapup_disposition_page_dup_choice_summary (self, TRUE);
      /* Translators: before the summary of what Save sends, e.g. “Busy · Sale closed” */
      g_autofree char *text = g_strdup_printf (_("To send: %s"), summary);

      set_status (self, "object-select-symbolic", NULL, text);
    }

  if (booked)
    gtk_button_set_label (self->submit_button, _("_Save and Book Callback"));
  else if (business != NULL)
    gtk_button_set_label (self->submit_button, _("_Save Outcomes"));
  else
    gtk_button_set_label (self->submit_button, _("_Save Telephony Outcome"));
  /* On a narrow window the button's words go on two lines rather than widen the window. */
  if (GTK_IS_LABEL (gtk_button_get_child (self->submit_button)))
    {
      GtkLabel *label = GTK_LABEL (gtk_button_get_child (self->submit_button));

      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_justify (label, GTK_JUSTIFY_CENTER);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->submit_spinner), submitting);
  gtk_spinner_set_spinning (self->submit_spinner, submitting);
  set_form_sensitive (self, !submitting && !submitted && self->call != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.submit",
                                 valid && self->call != NULL && !submitting && !submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.book-callback",
                                 wrapup_disposition_page_can_book_callback (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.clear-callback",
                                 booked && !submitting && !submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.retry",
                                 self->call != NULL && !submitting && !submitted);

  n_chars = gtk_text_buffer_get_char_count (self->comments_buffer);
  /* Translators: characters typed in the comments, and the most allowed */
  counter = g_strdup_printf (_("%d / %d"), n_chars, LCM_MAX_COMMENT_LENGTH);
  gtk_label_set_text (self->comments_counter, counter);

  update_callback_row (self);
  update_section_stacks (self);

  if (submitted)
    wrapup_disposition_page_update_saved_page (self);
  else
    gtk_stack_set_visible_child_name (self->page_stack, "form");
}
