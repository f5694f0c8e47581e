/* wrapup-disposition-page.c: the wrap-up form of a call
 *
 * A composition of sections, as GNOME Calendar's event editor is: two outcome pickers
 * (wrapup-outcome-picker.h: the choices are theirs, not the lists' selections), the
 * comments, the lead score and target amount (wrapup-score-field.h), the callback row
 * (wrapup-callback-row.h, the booking itself in wrapup-callback-dialog.h), and the bar with
 * what Save sends. This file wires them to the call, the keys and the actions; what the form
 * starts with (the draft, the contact's values) is wrapup-disposition-page-draft.c, saving and
 * what became of it wrapup-disposition-page-submit.c, the callback's booking
 * wrapup-disposition-page-callback.c.
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

G_DEFINE_FINAL_TYPE (WrapupDispositionPage, wrapup_disposition_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* helpers */

/* A group the agent selected: not a choice, but the form says to pick in it. */
LcmBusinessOutcome *
wrapup_disposition_page_business_group (WrapupDispositionPage *self)
{
  return wrapup_outcome_picker_get_group (self->business_picker);
}

const char *
wrapup_disposition_page_load_error (WrapupDispositionPage *self,
                                    WrapupSection          section)
{
  const char *error = self->call != NULL ? wrapup_call_get_load_error (self->call, section) : NULL;

  return error != NULL ? error : _("The list could not be loaded.");
}

/* The contact's numbers are in, and the wrap-up is still open. */
gboolean
wrapup_disposition_page_can_book_callback (WrapupDispositionPage *self)
{
  GListModel *modes = callback_modes (self);

  return self->call != NULL && !is_submitting (self) && !is_submitted (self)
         && load_state (self, WRAPUP_SECTION_CALLBACK_MODES) == WRAPUP_LOAD_READY
         && modes != NULL && g_list_model_get_n_items (modes) > 0;
}

void
wrapup_disposition_page_clear_submit_error (WrapupDispositionPage *self)
{
  g_clear_pointer (&self->submit_error, g_free);
}

/* The code chooses (a draft, a single outcome): as the agent would, without the signals. */
void
wrapup_disposition_page_choose_telephony (WrapupDispositionPage *self,
                  LcmTelephonyOutcome   *outcome)
{
  if (telephony_choice (self) == outcome)
    return;

  wrapup_outcome_picker_set_chosen (self->telephony_picker, outcome);
  self->restore_telephony = LCM_NONE;
  wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}

void
wrapup_disposition_page_choose_business (WrapupDispositionPage *self,
                 LcmBusinessOutcome    *leaf)
{
  g_assert (leaf == NULL || lcm_business_outcome_is_leaf (leaf));

  if (business_choice (self) == leaf)
    return;

  wrapup_outcome_picker_set_chosen (self->business_picker, leaf);
  self->restore_business = LCM_NONE;
  wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}

static void
disconnect_call (WrapupDispositionPage *self)
{
  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);
  if (self->call == NULL)
    return;

  g_signal_handlers_disconnect_by_data (wrapup_call_get_telephony_outcomes (self->call), self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_business_outcome_list (self->call),
                                        self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_business_outcomes (self->call), self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_callback_modes (self->call), self);
}

/* signal callbacks */

static void
on_load_state_changed_cb (WrapupCall            *call,
                          WrapupSection          section,
                          WrapupDispositionPage *self)
{
  if (section == WRAPUP_SECTION_JOURNEY)
    wrapup_disposition_page_update_contact_values (self);
  wrapup_disposition_page_resolve_restored_choices (self);
  wrapup_disposition_page_prefill_single_values (self);
  wrapup_disposition_page_update_form (self);
}

static void
on_score_changed_cb (WrapupDispositionPage *self,
                     WrapupScoreField      *field)
{
  if (self->disposed)
    return;
  /* The contact's value arriving is not the agent changing the form. */
  if (wrapup_score_field_get_source (field) >= WRAPUP_SCORE_OUTCOME)
    wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}

static void
on_call_notify_cb (WrapupCall            *call,
                   GParamSpec            *pspec,
                   WrapupDispositionPage *self)
{
  wrapup_disposition_page_update_form (self);
}

static void
on_call_refused_cb (WrapupCall            *call,
                    GParamSpec            *pspec,
                    WrapupDispositionPage *self)
{
  wrapup_disposition_page_show_call_refusal (self);
  wrapup_disposition_page_update_form (self);
}

/* A section was loaded again: its items are new objects (the pickers follow by id). */
static void
on_source_items_changed_cb (WrapupDispositionPage *self)
{
  wrapup_disposition_page_resolve_restored_choices (self);
  wrapup_disposition_page_prefill_single_values (self);
  wrapup_disposition_page_update_form (self);
}

/* The agent moved to another outcome (arrows, a click, a search's Enter). */
static void
on_picker_changed_cb (WrapupDispositionPage *self)
{
  if (self->syncing > 0 || self->disposed)
    return;
  wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}

static void
on_telephony_settled_cb (WrapupDispositionPage *self,
                         gboolean               by_key)
{
  LcmTelephonyOutcome *outcome = telephony_choice (self);
  GtkWidget *next = wrapup_outcome_picker_get_search (self->business_picker);

  if (!by_key || outcome == NULL)
    return;
  if (!wrapup_disposition_page_offer_callback (self, lcm_telephony_outcome_get_description (outcome), next))
    gtk_widget_grab_focus (next);
}

/* Settling on a business outcome applies its values (never while the agent moves through
 * the list), then, by a key, on to the comments. */
static void
on_business_settled_cb (WrapupDispositionPage *self,
                        gboolean               by_key)
{
  LcmBusinessOutcome *outcome = business_choice (self);
  GtkWidget *next = GTK_WIDGET (self->comments_view);

  wrapup_disposition_page_apply_business_values (self);
  if (!by_key || outcome == NULL)
    return;
  if (!wrapup_disposition_page_offer_callback (self, lcm_business_outcome_get_description (outcome), next))
    gtk_widget_grab_focus (next);
}

/* Comments are bounded as they are typed or pasted: what would go past the bound is cut. */
static void
on_comments_insert_text_cb (GtkTextBuffer         *buffer,
                            GtkTextIter           *location,
                            const char            *text,
                            int                    length,
                            WrapupDispositionPage *self)
{
  int room = LCM_MAX_COMMENT_LENGTH - gtk_text_buffer_get_char_count (buffer);
  const char *end;
  glong n_chars;

  if (length < 0)
    length = (int) strlen (text);
  n_chars = g_utf8_strlen (text, length);
  if (n_chars <= room)
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");
  gtk_widget_error_bell (GTK_WIDGET (self->comments_view));
  if (room <= 0)
    return;

  end = g_utf8_offset_to_pointer (text, room);
  gtk_text_buffer_insert (buffer, location, text, (int) (end - text));
}

static void
on_form_changed_cb (WrapupDispositionPage *self)
{
  if (self->syncing > 0 || self->disposed)
    return;

  wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}

static gboolean
choose_numbered_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  return wrapup_disposition_page_choose_numbered (WRAPUP_DISPOSITION_PAGE (widget),
                                                  GPOINTER_TO_UINT (user_data));
}

/* actions */

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (widget);
  int section = g_variant_get_int32 (parameter);

  if (self->call == NULL || section < 0 || section >= WRAPUP_N_SECTIONS)
    return;

  wrapup_call_reload (self->call, (WrapupSection) section);
}

/* GObject overrides */

static void
wrapup_disposition_page_dispose (GObject *object)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->close_source, g_source_remove);
  g_clear_weak_pointer (&self->focus_before);
  g_clear_weak_pointer (&self->focus_after_booking);
  if (self->callback_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->callback_dialog),
                                    (gpointer *) &self->callback_dialog);
      gtk_window_destroy (GTK_WINDOW (self->callback_dialog));
      self->callback_dialog = NULL;
    }
  disconnect_call (self);
  g_clear_object (&self->call_signals);

  /* The stack is both AdwBin's child and a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_DISPOSITION_PAGE);

  g_clear_object (&self->lead_field);
  g_clear_object (&self->amount_field);
  g_clear_object (&self->settings);
  g_clear_object (&self->call);
  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  g_clear_pointer (&self->submit_error, g_free);
  g_clear_pointer (&self->saved_summary, g_free);

  G_OBJECT_CLASS (wrapup_disposition_page_parent_class)->dispose (object);
}

static void
wrapup_disposition_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_disposition_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CALL:
      wrapup_disposition_page_set_call (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_disposition_page_class_init (WrapupDispositionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wrapup_disposition_page_dispose;
  object_class->get_property = wrapup_disposition_page_get_property;
  object_class->set_property = wrapup_disposition_page_set_property;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL,
                         WRAPUP_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WRAPUP_TYPE_FORM_COLUMNS);
  g_type_ensure (WRAPUP_TYPE_OUTCOME_PICKER);
  g_type_ensure (WRAPUP_TYPE_CALLBACK_ROW);

  /* A group, named in the template: GTK 4.14 and later name no generic widget. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-disposition-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, form_grid);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_picker);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_picker);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, comments_view);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, comments_buffer);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, comments_counter);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, lead_score_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, lead_score_spin);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, lead_score_undo);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        target_amount_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        target_amount_undo);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        lead_score_adjustment);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        target_amount_spin);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, callback_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, comments_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, submit_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, saved_page);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        close_call_button);
  gtk_widget_class_bind_template_callback (widget_class, on_picker_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_telephony_settled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_business_settled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_comments_insert_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "disposition.submit", NULL, wrapup_disposition_page_submit_action);
  gtk_widget_class_install_action (widget_class, "disposition.book-callback", NULL,
                                   wrapup_disposition_page_book_callback_action);
  gtk_widget_class_install_action (widget_class, "disposition.clear-callback", NULL,
                                   wrapup_disposition_page_clear_callback_action);
  gtk_widget_class_install_action (widget_class, "disposition.retry", "i", retry_action);

  /* Ctrl+Return is in a capture-phase controller (see init): the comments' text view would
   * take it for a new line before a binding here could see it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "disposition.book-callback", NULL);
}

static void
wrapup_disposition_page_init (WrapupDispositionPage *self)
{
  GtkEventController *shortcuts;
  GtkShortcutTrigger *trigger;
  GtkShortcutAction *submit;

  self->callback_mode = LCM_NONE;
  self->call_signals = g_signal_group_new (WRAPUP_TYPE_CALL);
  g_signal_group_connect (self->call_signals, "load-state-changed",
                          G_CALLBACK (on_load_state_changed_cb), self);
  g_signal_group_connect (self->call_signals, "notify::submitting",
                          G_CALLBACK (on_call_notify_cb), self);
  g_signal_group_connect (self->call_signals, "notify::submitted",
                          G_CALLBACK (on_call_notify_cb), self);
  g_signal_group_connect (self->call_signals, "notify::queued",
                          G_CALLBACK (on_call_notify_cb), self);
  g_signal_group_connect (self->call_signals, "notify::last-submit-error",
                          G_CALLBACK (on_call_refused_cb), self);
  self->restore_telephony = LCM_NONE;
  self->restore_business = LCM_NONE;
  /* Template signals fire while it is built, before its children are bound. */
  self->syncing = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
  wrapup_accessible_repair (GTK_WIDGET (self));
  self->syncing = 0;

  gtk_adjustment_set_upper (self->lead_score_adjustment, LCM_MAX_LEAD_SCORE);
  self->lead_field = wrapup_score_field_new (self->lead_score_row, self->lead_score_spin,
                                             self->lead_score_undo, FALSE);
  self->amount_field = wrapup_score_field_new (self->target_amount_row,
                                               self->target_amount_spin,
                                               self->target_amount_undo, TRUE);
  g_signal_connect_swapped (self->lead_field, "changed", G_CALLBACK (on_score_changed_cb), self);
  g_signal_connect_swapped (self->amount_field, "changed", G_CALLBACK (on_score_changed_cb),
                            self);
  self->settings = wrapup_settings_new_if_installed ();

  trigger = gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter");
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  submit = gtk_named_action_new ("disposition.submit");
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, submit));
  /* Alt+1…9: the numbered rows of the picker the agent is in (wrapup-outcome-picker.h). */
  for (guint n = 1; n <= 9; n++)
    {
      g_autofree char *accelerator = g_strdup_printf ("<Alt>%u", n);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                            gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerator),
                                                              gtk_callback_action_new (choose_numbered_cb,
                                                                                       GUINT_TO_POINTER (n),
                                                                                       NULL)));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  wrapup_disposition_page_update_form (self);
}

/* public API */

GtkWidget *
wrapup_disposition_page_new (void)
{
  return g_object_new (WRAPUP_TYPE_DISPOSITION_PAGE, NULL);
}

WrapupCall *
wrapup_disposition_page_get_call (WrapupDispositionPage *self)
{
  g_return_val_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self), NULL);

  return self->call;
}

void
wrapup_disposition_page_set_call (WrapupDispositionPage *self,
                                  WrapupCall            *call)
{
  g_return_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self));
  g_return_if_fail (call == NULL || WRAPUP_IS_CALL (call));

  if (self->call == call)
    return;

  disconnect_call (self);
  g_set_object (&self->call, call);

  /* A new call starts a new form. */
  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  self->callback_mode = LCM_NONE;
  self->submitting = FALSE;
  wrapup_disposition_page_clear_submit_error (self);
  g_clear_pointer (&self->saved_summary, g_free);
  g_clear_weak_pointer (&self->focus_after_booking);
  if (self->callback_dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->callback_dialog));

  self->syncing++;
  wrapup_outcome_picker_reset (self->telephony_picker);
  wrapup_outcome_picker_reset (self->business_picker);
  gtk_text_buffer_set_text (self->comments_buffer, "", -1);
  self->restore_telephony = LCM_NONE;
  self->restore_business = LCM_NONE;
  g_clear_handle_id (&self->close_source, g_source_remove);

  if (call != NULL)
    {
      GListModel *roots = wrapup_call_get_business_outcomes (call);
      g_autoptr(GHashTable) telephony_usage =
        wrapup_call_dup_outcome_usage (call, WRAPUP_SECTION_TELEPHONY_OUTCOMES);
      g_autoptr(GHashTable) business_usage =
        wrapup_call_dup_outcome_usage (call, WRAPUP_SECTION_BUSINESS_OUTCOMES);

      wrapup_outcome_picker_set_outcomes (self->telephony_picker,
                                          wrapup_call_get_telephony_outcomes (call), NULL);
      wrapup_outcome_picker_set_outcomes (self->business_picker,
                                          wrapup_call_get_business_outcome_list (call), roots);
      wrapup_outcome_picker_set_usage (self->telephony_picker, telephony_usage);
      wrapup_outcome_picker_set_usage (self->business_picker, business_usage);

      g_signal_group_set_target (self->call_signals, call);
      g_signal_connect_swapped (wrapup_call_get_telephony_outcomes (call), "items-changed",
                                G_CALLBACK (on_source_items_changed_cb), self);
      g_signal_connect_swapped (wrapup_call_get_business_outcome_list (call), "items-changed",
                                G_CALLBACK (on_source_items_changed_cb), self);
      g_signal_connect_swapped (roots, "items-changed",
                                G_CALLBACK (on_source_items_changed_cb), self);
      /* A list loading is not the agent changing the form: the form follows, a refusal's
       * reason stays. */
      g_signal_connect_swapped (wrapup_call_get_callback_modes (call), "items-changed",
                                G_CALLBACK (wrapup_disposition_page_update_form), self);
    }
  else
    {
      wrapup_outcome_picker_set_outcomes (self->telephony_picker, NULL, NULL);
      wrapup_outcome_picker_set_outcomes (self->business_picker, NULL, NULL);
    }
  self->syncing--;

  /* The scores wait for the contact's, unless the draft has the agent's. */
  g_signal_handlers_block_by_func (self->lead_field, on_score_changed_cb, self);
  g_signal_handlers_block_by_func (self->amount_field, on_score_changed_cb, self);
  wrapup_score_field_reset (self->lead_field);
  wrapup_score_field_reset (self->amount_field);
  if (call != NULL)
    {
      wrapup_disposition_page_restore_draft (self);
      wrapup_disposition_page_update_contact_values (self);
      wrapup_disposition_page_resolve_restored_choices (self);
      wrapup_disposition_page_show_call_refusal (self);
    }
  g_signal_handlers_unblock_by_func (self->lead_field, on_score_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->amount_field, on_score_changed_cb, self);

  wrapup_disposition_page_prefill_single_values (self);
  wrapup_disposition_page_update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

void
wrapup_disposition_page_focus_start (WrapupDispositionPage *self)
{
  g_return_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self));

  gtk_widget_grab_focus (wrapup_outcome_picker_get_search (self->telephony_picker));
}

GtkWidget *
wrapup_disposition_page_get_mnemonic_target (WrapupDispositionPage *self,
                                             guint                  keyval)
{
  GtkLabel *labels[3];

  g_return_val_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self), NULL);

  labels[0] = wrapup_outcome_picker_get_label (self->telephony_picker);
  labels[1] = wrapup_outcome_picker_get_label (self->business_picker);
  labels[2] = self->comments_label;
  keyval = gdk_keyval_to_lower (keyval);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GtkWidget *target = gtk_label_get_mnemonic_widget (labels[i]);

      /* The labels' own mnemonics, as translated: Alt+T, Alt+B, Alt+M in English (the
       * keyval is the underlined letter's, "T" of "_Telephony"; either case matches). */
      if (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (labels[i])) == keyval
          && target != NULL)
        return gtk_widget_is_sensitive (target) ? target : NULL;
    }
  return NULL;
}

gboolean
wrapup_disposition_page_choose_numbered (WrapupDispositionPage *self,
                                         guint                  n)
{
  GtkRoot *root;
  GtkWidget *focus;
  WrapupOutcomePicker *picker = NULL;

  g_return_val_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->business_picker)))
    picker = self->business_picker;
  else if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->telephony_picker)))
    picker = self->telephony_picker;
  else if (telephony_choice (self) == NULL)
    picker = self->telephony_picker;
  else if (business_choice (self) == NULL)
    picker = self->business_picker;

  return picker != NULL && gtk_widget_is_sensitive (self->form_grid)
         && wrapup_outcome_picker_choose_nth (picker, n);
}
