/* wrapup-disposition-page.c: the wrap-up form of a call
 *
 * The agent's choices (a telephony outcome, a leaf business outcome, a callback) live in
 * the page, not in the lists' selections: a search hides rows, and a hidden row is still
 * the choice. The selections show the choice when its row is visible and change it when
 * the agent selects another row ("selection-changed", which filtering never emits).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-disposition-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-callback-dialog-private.h"
#include "wrapup-disposition-page.h"
#include "wrapup-score-field.h"

/* With the close-after-save setting, how long the saved page stays. */
#define CLOSE_AFTER_SAVE_SECONDS 3

struct _WrapupDispositionPage
{
  AdwBin               parent_instance;

  WrapupCall          *call;
  GtkTreeListModel    *business_tree_model;

  /* The choices. */
  LcmTelephonyOutcome *telephony;
  LcmBusinessOutcome  *business;         /* a leaf */
  LcmBusinessOutcome  *business_group;   /* a non-leaf the agent selected, for the hint */
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
  GtkWidget           *focus_before;     /* weak: where the focus was before submitting */

  /* Above zero while the code, not the agent, changes a selection or a field. */
  guint                syncing;
  gboolean             submitting;
  gboolean             disposed;

  /* template */
  GtkStack            *page_stack;
  GtkWidget           *form_grid;
  GtkSearchEntry      *telephony_search;
  GtkStack            *telephony_stack;
  GtkSpinner          *telephony_spinner;
  GtkLabel            *telephony_error_label;
  GtkLabel            *telephony_empty_label;
  GtkListView         *telephony_list;
  GtkSingleSelection  *telephony_selection;
  GtkFilterListModel  *telephony_filter_model;
  GtkStringFilter     *telephony_filter;
  GtkSearchEntry      *business_search;
  GtkStack            *business_stack;
  GtkSpinner          *business_spinner;
  GtkLabel            *business_error_label;
  GtkLabel            *business_empty_label;
  GtkListView         *business_tree;
  GtkSingleSelection  *business_tree_selection;
  GtkListView         *business_results;
  GtkSingleSelection  *business_results_selection;
  GtkFilterListModel  *business_filter_model;
  GtkStringFilter     *business_filter;
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
  AdwActionRow        *callback_row;
  GtkSpinner          *modes_spinner;
  GtkWidget           *clear_callback_button;
  GtkButton           *book_button;
  GtkImage            *status_icon;
  GtkLabel            *status_label;
  GtkLabel            *telephony_label;
  GtkLabel            *business_label;
  GtkLabel            *comments_label;
  GtkSpinner          *submit_spinner;
  GtkButton           *submit_button;
  AdwStatusPage       *saved_page;
  GtkWidget           *close_call_button;
};

G_DEFINE_FINAL_TYPE (WrapupDispositionPage, wrapup_disposition_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_form (WrapupDispositionPage *self);

/* helpers */

static gboolean
has_callback (WrapupDispositionPage *self)
{
  return self->callback_start != NULL && self->callback_end != NULL;
}

static gboolean
is_submitting (WrapupDispositionPage *self)
{
  return self->submitting || (self->call != NULL && wrapup_call_get_submitting (self->call));
}

static gboolean
is_submitted (WrapupDispositionPage *self)
{
  return self->call != NULL && wrapup_call_get_submitted (self->call);
}

static WrapupLoadState
load_state (WrapupDispositionPage *self,
            WrapupSection          section)
{
  return self->call != NULL ? wrapup_call_get_load_state (self->call, section) : WRAPUP_LOAD_IDLE;
}

static const char *
load_error (WrapupDispositionPage *self,
            WrapupSection          section)
{
  const char *error = self->call != NULL ? wrapup_call_get_load_error (self->call, section) : NULL;

  return error != NULL ? error : _("The list could not be loaded.");
}

static GListModel *
callback_modes (WrapupDispositionPage *self)
{
  return self->call != NULL ? wrapup_call_get_callback_modes (self->call) : NULL;
}

/* The position of the item whose id is id in a model of LcmTelephonyOutcome or
 * LcmBusinessOutcome (or GtkTreeListRow of those), GTK_INVALID_LIST_POSITION if absent. */
static guint
find_position (GListModel *model,
               gint64      id)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autoptr(GObject) row_item = NULL;
      GObject *object = item;

      if (GTK_IS_TREE_LIST_ROW (item))
        object = row_item = gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item));

      if (LCM_IS_TELEPHONY_OUTCOME (object)
          && lcm_telephony_outcome_get_id (LCM_TELEPHONY_OUTCOME (object)) == id)
        return i;
      if (LCM_IS_BUSINESS_OUTCOME (object)
          && lcm_business_outcome_get_id (LCM_BUSINESS_OUTCOME (object)) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
select_position (WrapupDispositionPage *self,
                 GtkSingleSelection    *selection,
                 guint                  position)
{
  if (gtk_single_selection_get_selected (selection) == position)
    return;

  self->syncing++;
  gtk_single_selection_set_selected (selection, position);
  self->syncing--;
}

static void
sync_telephony_selection (WrapupDispositionPage *self)
{
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->telephony != NULL)
    position = find_position (G_LIST_MODEL (self->telephony_filter_model),
                              lcm_telephony_outcome_get_id (self->telephony));
  select_position (self, self->telephony_selection, position);
}

/* Expands the rows above outcome in the tree, so that its own row exists. */
static void
expand_tree_to (WrapupDispositionPage *self,
                LcmBusinessOutcome    *outcome)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GListModel *rows = G_LIST_MODEL (self->business_tree_model);

  for (LcmBusinessOutcome *node = lcm_business_outcome_get_parent (outcome); node != NULL;
       node = lcm_business_outcome_get_parent (node))
    g_ptr_array_add (chain, node);

  for (guint i = chain->len; i > 0; i--)
    {
      LcmBusinessOutcome *node = g_ptr_array_index (chain, i - 1);
      guint position = find_position (rows, lcm_business_outcome_get_id (node));
      g_autoptr(GtkTreeListRow) row = NULL;

      if (position == GTK_INVALID_LIST_POSITION)
        return;
      row = g_list_model_get_item (rows, position);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
sync_business_selection (WrapupDispositionPage *self)
{
  LcmBusinessOutcome *shown = self->business != NULL ? self->business : self->business_group;
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->business_tree_model != NULL && shown != NULL)
    {
      GListModel *rows = G_LIST_MODEL (self->business_tree_model);
      gint64 id = lcm_business_outcome_get_id (shown);

      position = find_position (rows, id);
      if (position == GTK_INVALID_LIST_POSITION)
        {
          self->syncing++;
          expand_tree_to (self, shown);
          self->syncing--;
          position = find_position (rows, id);
        }
    }
  select_position (self, self->business_tree_selection, position);

  position = GTK_INVALID_LIST_POSITION;
  if (self->business != NULL)
    position = find_position (G_LIST_MODEL (self->business_filter_model),
                              lcm_business_outcome_get_id (self->business));
  select_position (self, self->business_results_selection, position);
}

static void
clear_submit_error (WrapupDispositionPage *self)
{
  g_clear_pointer (&self->submit_error, g_free);
}

/* What the form holds, for the call to keep as the draft. */
static WrapupDraft *
build_draft (WrapupDispositionPage *self)
{
  WrapupDraft *draft = wrapup_draft_new (wrapup_call_get_call_id (self->call));
  GtkTextIter start, end;
  double value;

  if (self->telephony != NULL)
    draft->telephony_outcome = lcm_telephony_outcome_get_id (self->telephony);
  else if (self->restore_telephony != LCM_NONE)
    draft->telephony_outcome = self->restore_telephony;
  if (self->business != NULL)
    draft->business_outcome = lcm_business_outcome_get_id (self->business);
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
static void
keep_draft (WrapupDispositionPage *self)
{
  g_autoptr(WrapupDraft) draft = NULL;

  if (self->call == NULL || self->syncing > 0 || self->disposed || is_submitted (self))
    return;
  draft = build_draft (self);
  wrapup_call_update_draft (self->call, draft);
}

static void
choose_telephony (WrapupDispositionPage *self,
                  LcmTelephonyOutcome   *outcome)
{
  if (self->telephony == outcome)
    return;

  g_set_object (&self->telephony, outcome);
  self->restore_telephony = LCM_NONE;
  clear_submit_error (self);
  sync_telephony_selection (self);
  update_form (self);
  keep_draft (self);
}

static void
choose_business (WrapupDispositionPage *self,
                 LcmBusinessOutcome    *leaf,
                 LcmBusinessOutcome    *group)
{
  g_assert (leaf == NULL || lcm_business_outcome_is_leaf (leaf));

  if (self->business == leaf && self->business_group == group)
    return;

  g_set_object (&self->business, leaf);
  g_set_object (&self->business_group, group);
  self->restore_business = LCM_NONE;
  clear_submit_error (self);

  sync_business_selection (self);
  update_form (self);
  keep_draft (self);
}

/* The chosen business outcome's own lead score replaces the field's when the agent settles
 * on it (Enter, a click, or leaving the list), never while moving through the list: the
 * field says so, with Undo. */
static void
apply_business_values (WrapupDispositionPage *self)
{
  gint64 score;

  if (self->business == NULL)
    return;
  score = lcm_business_outcome_get_lead_score (self->business);
  if (score == LCM_NO_LEAD_SCORE)
    return;
  wrapup_score_field_set_outcome (self->lead_field, (double) CLAMP (score, 0, LCM_MAX_LEAD_SCORE),
                                  lcm_business_outcome_get_description (self->business));
}

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
dup_mode_label (WrapupDispositionPage *self,
                gint64                 mode_id)
{
  GListModel *modes = callback_modes (self);
  guint n_items = modes != NULL ? g_list_model_get_n_items (modes) : 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (modes, i);

      if (LCM_IS_CALLBACK_MODE (mode) && lcm_callback_mode_get_mode_id (mode) == mode_id)
        return wrapup_callback_mode_dup_label (mode);
    }

  /* Translators: a callback mode the contact's list no longer names, by its id */
  return g_strdup_printf (_("Mode %" PRId64), mode_id);
}

/* "Tue 14 May, 10:00–10:30 · Mobile — 447700900123" */
static char *
dup_callback_summary (WrapupDispositionPage *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *mode = NULL;

  if (!has_callback (self))
    return NULL;

  start = g_date_time_to_local (self->callback_start);
  end = g_date_time_to_local (self->callback_end);
  mode = dup_mode_label (self, self->callback_mode);

  /* Translators: the date and time a callback starts, see g_date_time_format() */
  start_text = g_date_time_format (start, _("%a %-d %b, %H:%M"));
  if (g_date_time_get_year (start) == g_date_time_get_year (end)
      && g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    /* Translators: the time a callback ends on the day it starts */
    end_text = g_date_time_format (end, _("%H:%M"));
  else
    end_text = g_date_time_format (end, _("%a %-d %b, %H:%M"));

  /* Translators: a callback window (start, end) and the number called back */
  return g_strdup_printf (_("%s – %s · %s"), start_text, end_text, mode);
}

/* What is chosen, for the status line and the saved page. */
static char *
dup_choice_summary (WrapupDispositionPage *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (self->telephony != NULL)
    g_ptr_array_add (parts, g_strdup (lcm_telephony_outcome_get_description (self->telephony)));
  if (self->business != NULL)
    g_ptr_array_add (parts, dup_business_path (self->business));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
update_section_stacks (WrapupDispositionPage *self)
{
  WrapupLoadState state;
  const char *search;

  /* Telephony outcomes */
  state = load_state (self, WRAPUP_SECTION_TELEPHONY_OUTCOMES);
  search = gtk_editable_get_text (GTK_EDITABLE (self->telephony_search));
  if (state == WRAPUP_LOAD_FAILED)
    {
      gtk_label_set_text (self->telephony_error_label,
                          load_error (self, WRAPUP_SECTION_TELEPHONY_OUTCOMES));
      gtk_stack_set_visible_child_name (self->telephony_stack, "failed");
    }
  else if (state != WRAPUP_LOAD_READY)
    gtk_stack_set_visible_child_name (self->telephony_stack, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->telephony_filter_model)) > 0)
    gtk_stack_set_visible_child_name (self->telephony_stack, "list");
  else
    {
      g_autofree char *text = NULL;

      if (search != NULL && *search != '\0')
        /* Translators: %s is what the agent searched for */
        text = g_strdup_printf (_("No telephony outcome matches “%s”"), search);
      else
        text = g_strdup (_("The gateway sent no telephony outcomes for this account"));
      gtk_label_set_text (self->telephony_empty_label, text);
      gtk_stack_set_visible_child_name (self->telephony_stack, "empty");
    }
  gtk_spinner_set_spinning (self->telephony_spinner,
                            g_strcmp0 (gtk_stack_get_visible_child_name (self->telephony_stack),
                                       "loading") == 0);

  /* Business outcomes */
  state = load_state (self, WRAPUP_SECTION_BUSINESS_OUTCOMES);
  search = gtk_editable_get_text (GTK_EDITABLE (self->business_search));
  if (state == WRAPUP_LOAD_FAILED)
    {
      gtk_label_set_text (self->business_error_label,
                          load_error (self, WRAPUP_SECTION_BUSINESS_OUTCOMES));
      gtk_stack_set_visible_child_name (self->business_stack, "failed");
    }
  else if (state != WRAPUP_LOAD_READY)
    gtk_stack_set_visible_child_name (self->business_stack, "loading");
  else if (search != NULL && *search != '\0')
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->business_filter_model)) > 0)
        gtk_stack_set_visible_child_name (self->business_stack, "results");
      else
        {
          g_autofree char *text =
            g_strdup_printf (_("No business outcome matches “%s”"), search);

          gtk_label_set_text (self->business_empty_label, text);
          gtk_stack_set_visible_child_name (self->business_stack, "empty");
        }
    }
  else if (self->business_tree_model != NULL
           && g_list_model_get_n_items (G_LIST_MODEL (self->business_tree_model)) > 0)
    gtk_stack_set_visible_child_name (self->business_stack, "tree");
  else
    {
      gtk_label_set_text (self->business_empty_label,
                          _("The gateway sent no business outcomes for this call type"));
      gtk_stack_set_visible_child_name (self->business_stack, "empty");
    }
  gtk_spinner_set_spinning (self->business_spinner,
                            g_strcmp0 (gtk_stack_get_visible_child_name (self->business_stack),
                                       "loading") == 0);
}

static void
update_callback_row (WrapupDispositionPage *self)
{
  WrapupLoadState state = load_state (self, WRAPUP_SECTION_CALLBACK_MODES);
  GListModel *modes = callback_modes (self);
  g_autofree char *subtitle = NULL;
  gboolean booked = has_callback (self);

  if (booked)
    subtitle = dup_callback_summary (self);
  else if (state == WRAPUP_LOAD_FAILED)
    subtitle = g_strdup (load_error (self, WRAPUP_SECTION_CALLBACK_MODES));
  else if (state == WRAPUP_LOAD_READY && modes != NULL && g_list_model_get_n_items (modes) == 0)
    subtitle = g_strdup (_("This contact has no number to call back on"));
  else if (state != WRAPUP_LOAD_READY && self->call != NULL)
    subtitle = g_strdup (_("Loading the contact’s numbers…"));
  else
    /* Translators: no personal callback is booked */
    subtitle = g_strdup (C_("callback", "None"));

  adw_action_row_set_subtitle (self->callback_row, subtitle);
  gtk_button_set_label (self->book_button, booked ? _("C_hange…") : _("B_ook…"));
  gtk_widget_set_visible (self->clear_callback_button, booked);
  gtk_widget_set_visible (GTK_WIDGET (self->modes_spinner),
                          self->call != NULL
                          && (state == WRAPUP_LOAD_LOADING || state == WRAPUP_LOAD_IDLE));
  gtk_spinner_set_spinning (self->modes_spinner,
                            gtk_widget_get_visible (GTK_WIDGET (self->modes_spinner)));
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

static gboolean
on_close_timeout_cb (gpointer user_data)
{
  WrapupDispositionPage *self = user_data;

  self->close_source = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "window.close", NULL);
  return G_SOURCE_REMOVE;
}

/* Two different fates after saving: at the dialer, or on this computer waiting to go. */
static void
update_saved_page (WrapupDispositionPage *self)
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

/* Everything that follows from the choices and the call's state. */
static void
update_form (WrapupDispositionPage *self)
{
  gboolean submitting = is_submitting (self);
  gboolean submitted = is_submitted (self);
  gboolean booked = has_callback (self);
  gboolean chosen = self->telephony != NULL || self->business != NULL;
  /* At least one outcome, and a business outcome with a callback (the library's rules). */
  gboolean valid = chosen && (!booked || self->business != NULL);
  GListModel *modes = callback_modes (self);
  g_autofree char *counter = NULL;
  int n_chars;

  if (self->disposed)
    return;

  /* What is missing, or what will be sent. */
  if (submitting)
    set_status (self, NULL, "dim-label", _("Saving the wrap-up…"));
  else if (self->submit_error != NULL)
    set_status (self, "dialog-error-symbolic", "error", self->submit_error);
  else if (self->business == NULL && self->business_group != NULL
           && (booked || self->telephony == NULL))
    {
      g_autofree char *text =
        /* Translators: %s is a business outcome that groups others */
        g_strdup_printf (_("“%s” groups several outcomes: choose one of them."),
                         lcm_business_outcome_get_description (self->business_group));

      set_status (self, "dialog-information-symbolic", "dim-label", text);
    }
  else if (booked && self->business == NULL)
    set_status (self, "dialog-information-symbolic", "dim-label",
                _("Choose a business outcome: a callback is booked with one."));
  else if (!chosen)
    set_status (self, "dialog-information-symbolic", "dim-label",
                _("Choose a telephony outcome or a business outcome."));
  else
    {
      g_autofree char *summary = dup_choice_summary (self);

      set_status (self, NULL, "dim-label", summary);
    }

  if (booked)
    gtk_button_set_label (self->submit_button, _("_Save and Book Callback"));
  else if (self->business != NULL)
    gtk_button_set_label (self->submit_button, _("_Save Outcomes"));
  else
    gtk_button_set_label (self->submit_button, _("_Save Telephony Outcome"));

  gtk_widget_set_visible (GTK_WIDGET (self->submit_spinner), submitting);
  gtk_spinner_set_spinning (self->submit_spinner, submitting);
  set_form_sensitive (self, !submitting && !submitted && self->call != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.submit",
                                 valid && self->call != NULL && !submitting && !submitted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.book-callback",
                                 self->call != NULL && !submitting && !submitted
                                 && load_state (self, WRAPUP_SECTION_CALLBACK_MODES)
                                    == WRAPUP_LOAD_READY
                                 && modes != NULL && g_list_model_get_n_items (modes) > 0);
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
    update_saved_page (self);
  else
    gtk_stack_set_visible_child_name (self->page_stack, "form");
}

/* A field with a single possible value is filled in. */
static void
prefill_single_values (WrapupDispositionPage *self)
{
  if (self->call == NULL)
    return;

  if (self->telephony == NULL
      && load_state (self, WRAPUP_SECTION_TELEPHONY_OUTCOMES) == WRAPUP_LOAD_READY)
    {
      GListModel *outcomes = wrapup_call_get_telephony_outcomes (self->call);

      if (g_list_model_get_n_items (outcomes) == 1)
        {
          g_autoptr(LcmTelephonyOutcome) only = g_list_model_get_item (outcomes, 0);

          choose_telephony (self, only);
        }
    }

  if (self->business == NULL
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
        choose_business (self, only, NULL);
    }
}

static void
focus_list (WrapupDispositionPage *self,
            GtkListView           *list,
            GtkSingleSelection    *selection)
{
  guint position = gtk_single_selection_get_selected (selection);

  if (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    return;

  /* Entering the list selects its first row, as moving in it does. */
  if (position == GTK_INVALID_LIST_POSITION)
    {
      position = 0;
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), position, TRUE);
    }
  gtk_widget_activate_action (GTK_WIDGET (list), "list.scroll-to-item", "u", position);
  gtk_widget_grab_focus (GTK_WIDGET (list));
}

static void
disconnect_call (WrapupDispositionPage *self)
{
  if (self->call == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->call, self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_telephony_outcomes (self->call), self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_business_outcome_list (self->call),
                                        self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_business_outcomes (self->call), self);
  g_signal_handlers_disconnect_by_data (wrapup_call_get_callback_modes (self->call), self);
}

/* A restored draft names its outcomes by id; they are chosen once their lists are in. */
static void
resolve_restored_choices (WrapupDispositionPage *self)
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
      GListModel *outcomes = wrapup_call_get_telephony_outcomes (self->call);
      guint position = find_position (outcomes, self->restore_telephony);

      if (position != GTK_INVALID_LIST_POSITION)
        {
          g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (outcomes, position);

          choose_telephony (self, outcome);
        }
    }
  if (self->restore_business != LCM_NONE)
    {
      GListModel *outcomes = wrapup_call_get_business_outcome_list (self->call);
      guint position = find_position (outcomes, self->restore_business);

      if (position != GTK_INVALID_LIST_POSITION)
        {
          g_autoptr(LcmBusinessOutcome) outcome = g_list_model_get_item (outcomes, position);

          if (lcm_business_outcome_is_leaf (outcome))
            choose_business (self, outcome, NULL);
        }
    }
  g_free (self->submit_error);
  self->submit_error = g_steal_pointer (&kept_error);
  update_form (self);
}

/* The lead score and target amount start at the contact's: those of the most recent
 * interaction in the journey loaded for the call. */
static void
update_contact_values (WrapupDispositionPage *self)
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
static void
restore_draft (WrapupDispositionPage *self)
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

/* signal callbacks */

static void
on_load_state_changed_cb (WrapupCall            *call,
                          WrapupSection          section,
                          WrapupDispositionPage *self)
{
  if (section == WRAPUP_SECTION_JOURNEY)
    update_contact_values (self);
  resolve_restored_choices (self);
  prefill_single_values (self);
  update_form (self);
}

static void
on_score_changed_cb (WrapupDispositionPage *self,
                     WrapupScoreField      *field)
{
  if (self->disposed)
    return;
  /* The contact's value arriving is not the agent changing the form. */
  if (wrapup_score_field_get_source (field) >= WRAPUP_SCORE_OUTCOME)
    clear_submit_error (self);
  update_form (self);
  keep_draft (self);
}

/* Leaving the business outcomes with a leaf chosen settles on it. */
static void
on_business_focus_leave_cb (WrapupDispositionPage *self)
{
  apply_business_values (self);
}

static void
on_business_click_released_cb (GtkGestureClick       *gesture,
                               int                    n_press,
                               double                 x,
                               double                 y,
                               WrapupDispositionPage *self)
{
  apply_business_values (self);
}

static void
on_call_notify_cb (WrapupCall            *call,
                   GParamSpec            *pspec,
                   WrapupDispositionPage *self)
{
  update_form (self);
}

/* The gateway refused the wrap-up (now, or in an earlier run): the form says why until the
 * agent changes something. */
static void
show_call_refusal (WrapupDispositionPage *self)
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
on_call_refused_cb (WrapupCall            *call,
                    GParamSpec            *pspec,
                    WrapupDispositionPage *self)
{
  show_call_refusal (self);
  update_form (self);
}

/* A section was loaded again: its items are new objects. */
static void
on_source_items_changed_cb (WrapupDispositionPage *self)
{
  sync_telephony_selection (self);
  sync_business_selection (self);
  resolve_restored_choices (self);
  prefill_single_values (self);
  update_form (self);
}

static void
on_filtered_items_changed_cb (WrapupDispositionPage *self)
{
  if (self->syncing > 0 || self->disposed)
    return;
  update_section_stacks (self);
}

static void
on_telephony_selection_changed_cb (WrapupDispositionPage *self)
{
  if (self->syncing > 0)
    return;

  choose_telephony (self, gtk_single_selection_get_selected_item (self->telephony_selection));
}

static void
on_business_tree_selection_changed_cb (WrapupDispositionPage *self)
{
  GtkTreeListRow *row;
  g_autoptr(LcmBusinessOutcome) outcome = NULL;

  if (self->syncing > 0)
    return;

  row = gtk_single_selection_get_selected_item (self->business_tree_selection);
  if (row != NULL)
    outcome = gtk_tree_list_row_get_item (row);

  if (outcome == NULL)
    choose_business (self, NULL, NULL);
  else if (lcm_business_outcome_is_leaf (outcome))
    choose_business (self, outcome, NULL);
  else
    choose_business (self, NULL, outcome);
}

static void
on_business_results_selection_changed_cb (WrapupDispositionPage *self)
{
  LcmBusinessOutcome *outcome;

  if (self->syncing > 0)
    return;

  outcome = gtk_single_selection_get_selected_item (self->business_results_selection);
  if (outcome != NULL && !lcm_business_outcome_is_leaf (outcome))
    outcome = NULL;
  choose_business (self, outcome, NULL);
}

static void
apply_telephony_search (WrapupDispositionPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->telephony_search));

  gtk_string_filter_set_search (self->telephony_filter, text);
  sync_telephony_selection (self);
  update_section_stacks (self);
}

static void
apply_business_search (WrapupDispositionPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->business_search));

  gtk_string_filter_set_search (self->business_filter, text);
  sync_business_selection (self);
  update_section_stacks (self);
}

static void
on_telephony_search_changed_cb (WrapupDispositionPage *self)
{
  apply_telephony_search (self);
}

static void
on_business_search_changed_cb (WrapupDispositionPage *self)
{
  apply_business_search (self);
}

/* Enter in a search: the selected match, or the first, is the choice; then on to the next
 * field. */
static void
on_telephony_search_activate_cb (WrapupDispositionPage *self)
{
  GListModel *matches = G_LIST_MODEL (self->telephony_filter_model);
  g_autoptr(LcmTelephonyOutcome) outcome = NULL;
  guint position;

  apply_telephony_search (self);
  /* An empty search is no choice: Enter goes into the list, where the agent picks (a
   * stray Enter must never record the first outcome, "Success"). */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->telephony_search)) == '\0')
    {
      /* The focus, not the selection (which is the choice here): arrows then choose. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->telephony_selection)) > 0)
        gtk_widget_grab_focus (GTK_WIDGET (self->telephony_list));
      return;
    }
  position = gtk_single_selection_get_selected (self->telephony_selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  if (position >= g_list_model_get_n_items (matches))
    return;

  outcome = g_list_model_get_item (matches, position);
  choose_telephony (self, outcome);
  gtk_widget_grab_focus (GTK_WIDGET (self->business_search));
}

static void
on_business_search_activate_cb (WrapupDispositionPage *self)
{
  GListModel *matches = G_LIST_MODEL (self->business_filter_model);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->business_search));
  g_autoptr(LcmBusinessOutcome) outcome = NULL;
  guint position;

  apply_business_search (self);
  if (text == NULL || *text == '\0')
    {
      focus_list (self, self->business_tree, self->business_tree_selection);
      return;
    }

  position = gtk_single_selection_get_selected (self->business_results_selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  if (position >= g_list_model_get_n_items (matches))
    return;

  outcome = g_list_model_get_item (matches, position);
  choose_business (self, outcome, NULL);
  apply_business_values (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->comments_view));
}

static void
on_search_stop_cb (GtkSearchEntry        *entry,
                   WrapupDispositionPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          WrapupDispositionPage *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *text;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  if (entry == GTK_WIDGET (self->telephony_search))
    {
      apply_telephony_search (self);
      focus_list (self, self->telephony_list, self->telephony_selection);
      return GDK_EVENT_STOP;
    }

  apply_business_search (self);
  text = gtk_editable_get_text (GTK_EDITABLE (self->business_search));
  if (text != NULL && *text != '\0')
    focus_list (self, self->business_results, self->business_results_selection);
  else
    focus_list (self, self->business_tree, self->business_tree_selection);
  return GDK_EVENT_STOP;
}

static void
on_telephony_list_activate_cb (WrapupDispositionPage *self,
                               guint                  position)
{
  g_autoptr(LcmTelephonyOutcome) outcome =
    g_list_model_get_item (G_LIST_MODEL (self->telephony_filter_model), position);

  if (outcome == NULL)
    return;
  choose_telephony (self, outcome);
  gtk_widget_grab_focus (GTK_WIDGET (self->business_search));
}

static void
on_business_tree_activate_cb (WrapupDispositionPage *self,
                              guint                  position)
{
  g_autoptr(GtkTreeListRow) row =
    g_list_model_get_item (G_LIST_MODEL (self->business_tree_selection), position);
  g_autoptr(LcmBusinessOutcome) outcome = NULL;

  if (row == NULL)
    return;

  outcome = gtk_tree_list_row_get_item (row);
  if (!lcm_business_outcome_is_leaf (outcome))
    {
      /* A group is not a choice: Enter opens or closes it. */
      gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
      return;
    }

  choose_business (self, outcome, NULL);
  apply_business_values (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->comments_view));
}

static void
on_business_results_activate_cb (WrapupDispositionPage *self,
                                 guint                  position)
{
  g_autoptr(LcmBusinessOutcome) outcome =
    g_list_model_get_item (G_LIST_MODEL (self->business_filter_model), position);

  if (outcome == NULL)
    return;
  choose_business (self, outcome, NULL);
  apply_business_values (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->comments_view));
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

  clear_submit_error (self);
  update_form (self);
  keep_draft (self);
}

static void
on_callback_booked_cb (WrapupCallbackDialog  *dialog,
                       GDateTime             *start,
                       GDateTime             *end,
                       gint64                 mode_id,
                       WrapupDispositionPage *self)
{
  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  self->callback_start = g_date_time_ref (start);
  self->callback_end = g_date_time_ref (end);
  self->callback_mode = mode_id;
  clear_submit_error (self);
  update_form (self);
  keep_draft (self);
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
  update_form (self);
}

static GListModel *
create_business_children (gpointer item,
                          gpointer user_data)
{
  LcmBusinessOutcome *outcome = item;

  if (lcm_business_outcome_is_leaf (outcome))
    return NULL;
  return g_object_ref (lcm_business_outcome_get_children (outcome));
}

static char *
business_path_cb (LcmBusinessOutcome *outcome,
                  gpointer            user_data)
{
  return outcome != NULL ? lcm_business_outcome_dup_path (outcome) : NULL;
}

static void
on_result_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
  gtk_list_item_set_child (list_item, label);
}

/* A result shows its path, the groups above it dimmed: "Interested › Quote sent › By email". */
static void
on_result_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  LcmBusinessOutcome *outcome = gtk_list_item_get_item (list_item);
  LcmBusinessOutcome *parent = lcm_business_outcome_get_parent (outcome);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *path = lcm_business_outcome_dup_path (outcome);
  g_autofree char *markup = NULL;

  if (parent != NULL)
    {
      g_autofree char *above = lcm_business_outcome_dup_path (parent);

      markup = g_markup_printf_escaped ("<span alpha=\"55%%\">%s ›</span> %s", above,
                                        lcm_business_outcome_get_description (outcome));
    }
  else
    markup = g_markup_escape_text (lcm_business_outcome_get_description (outcome), -1);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_widget_set_tooltip_text (label, path);
}

/* actions */

static void
submit_action (GtkWidget  *widget,
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
      update_form (self);
      gtk_widget_grab_focus (spin);
      return;
    }

  disposition = wrapup_disposition_page_dup_disposition (self);
  choice = dup_choice_summary (self);
  callback = dup_callback_summary (self);
  g_clear_pointer (&self->saved_summary, g_free);
  self->saved_summary = callback != NULL
                        /* Translators: what was saved, then the callback booked */
                        ? g_strdup_printf (_("%s\nCallback %s"), choice, callback)
                        : g_steal_pointer (&choice);

  clear_submit_error (self);
  self->submitting = TRUE;
  update_form (self);

  wrapup_call_submit_async (self->call, disposition, NULL, on_submitted_cb,
                            g_object_ref (self));
}

static void
book_callback_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GListModel *modes = callback_modes (self);

  if (modes == NULL)
    return;

  if (self->callback_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->callback_dialog));
      return;
    }

  self->callback_dialog = wrapup_callback_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                          : NULL,
                                                      modes,
                                                      self->callback_start,
                                                      self->callback_end,
                                                      has_callback (self) ? self->callback_mode
                                                                          : LCM_NONE);
  g_object_add_weak_pointer (G_OBJECT (self->callback_dialog),
                             (gpointer *) &self->callback_dialog);
  g_signal_connect_object (self->callback_dialog, "booked",
                           G_CALLBACK (on_callback_booked_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->callback_dialog));
}

static void
clear_callback_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (widget);

  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  self->callback_mode = LCM_NONE;
  clear_submit_error (self);
  update_form (self);
  keep_draft (self);
}

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
  if (self->callback_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->callback_dialog),
                                    (gpointer *) &self->callback_dialog);
      gtk_window_destroy (GTK_WINDOW (self->callback_dialog));
      self->callback_dialog = NULL;
    }
  disconnect_call (self);

  /* The stack is both AdwBin's child and a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_DISPOSITION_PAGE);

  g_clear_object (&self->business_tree_model);
  g_clear_object (&self->lead_field);
  g_clear_object (&self->amount_field);
  g_clear_object (&self->settings);
  g_clear_object (&self->call);
  g_clear_object (&self->telephony);
  g_clear_object (&self->business);
  g_clear_object (&self->business_group);
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

  /* The template's expressions name these. */
  g_type_ensure (LCM_TYPE_TELEPHONY_OUTCOME);
  g_type_ensure (LCM_TYPE_BUSINESS_OUTCOME);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-disposition-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, form_grid);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_search);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_stack);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        telephony_error_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        telephony_empty_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_list);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        telephony_selection);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        telephony_filter_model);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_filter);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_search);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_stack);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        business_error_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        business_empty_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_tree);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        business_tree_selection);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_results);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        business_results_selection);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        business_filter_model);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_filter);
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
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, modes_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        clear_callback_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, book_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, telephony_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, business_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, comments_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, submit_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage, saved_page);
  gtk_widget_class_bind_template_child (widget_class, WrapupDispositionPage,
                                        close_call_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filtered_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_telephony_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_business_tree_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_business_results_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_telephony_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_business_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_telephony_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_business_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_telephony_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_business_tree_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_business_results_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_comments_insert_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);

  gtk_widget_class_install_action (widget_class, "disposition.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "disposition.book-callback", NULL,
                                   book_callback_action);
  gtk_widget_class_install_action (widget_class, "disposition.clear-callback", NULL,
                                   clear_callback_action);
  gtk_widget_class_install_action (widget_class, "disposition.retry", "i", retry_action);

  /* Ctrl+Return is in a capture-phase controller (see init): the comments' text view would
   * take it for a new line before a binding here could see it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "disposition.book-callback", NULL);
}

static void
wrapup_disposition_page_init (WrapupDispositionPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkExpression) path = NULL;
  GtkEventController *shortcuts;
  GtkShortcutTrigger *trigger;
  GtkShortcutAction *submit;

  self->callback_mode = LCM_NONE;
  self->restore_telephony = LCM_NONE;
  self->restore_business = LCM_NONE;
  /* Template signals fire while it is built, before its children are bound. */
  self->syncing = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
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

  /* Settling on a business outcome (a click, or leaving the lists) applies its values. */
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();
    GtkGesture *tree_click = gtk_gesture_click_new ();
    GtkGesture *results_click = gtk_gesture_click_new ();

    g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_business_focus_leave_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->business_stack), focus);
    g_signal_connect (tree_click, "released", G_CALLBACK (on_business_click_released_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->business_tree),
                               GTK_EVENT_CONTROLLER (tree_click));
    g_signal_connect (results_click, "released", G_CALLBACK (on_business_click_released_cb),
                      self);
    gtk_widget_add_controller (GTK_WIDGET (self->business_results),
                               GTK_EVENT_CONTROLLER (results_click));
  }

  path = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (business_path_cb), NULL, NULL);
  gtk_string_filter_set_expression (self->business_filter, path);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_result_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_result_bind_cb), NULL);
  gtk_list_view_set_factory (self->business_results, factory);

  trigger = gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter");
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  submit = gtk_named_action_new ("disposition.submit");
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, submit));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_form (self);
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
  g_clear_object (&self->telephony);
  g_clear_object (&self->business);
  g_clear_object (&self->business_group);
  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  self->callback_mode = LCM_NONE;
  self->submitting = FALSE;
  clear_submit_error (self);
  g_clear_pointer (&self->saved_summary, g_free);
  if (self->callback_dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->callback_dialog));

  self->syncing++;
  gtk_editable_set_text (GTK_EDITABLE (self->telephony_search), "");
  gtk_editable_set_text (GTK_EDITABLE (self->business_search), "");
  gtk_string_filter_set_search (self->telephony_filter, NULL);
  gtk_string_filter_set_search (self->business_filter, NULL);
  gtk_text_buffer_set_text (self->comments_buffer, "", -1);
  self->restore_telephony = LCM_NONE;
  self->restore_business = LCM_NONE;
  g_clear_handle_id (&self->close_source, g_source_remove);

  gtk_single_selection_set_model (self->business_tree_selection, NULL);
  g_clear_object (&self->business_tree_model);
  if (call != NULL)
    {
      GListModel *roots = wrapup_call_get_business_outcomes (call);

      gtk_filter_list_model_set_model (self->telephony_filter_model,
                                       wrapup_call_get_telephony_outcomes (call));
      gtk_filter_list_model_set_model (self->business_filter_model,
                                       wrapup_call_get_business_outcome_list (call));
      /* Groups start open: the tree is short, and everything shows at a glance. */
      self->business_tree_model = gtk_tree_list_model_new (g_object_ref (roots), FALSE, TRUE,
                                                           create_business_children,
                                                           NULL, NULL);
      gtk_single_selection_set_model (self->business_tree_selection,
                                      G_LIST_MODEL (self->business_tree_model));

      g_signal_connect (call, "load-state-changed",
                        G_CALLBACK (on_load_state_changed_cb), self);
      g_signal_connect (call, "notify::submitting", G_CALLBACK (on_call_notify_cb), self);
      g_signal_connect (call, "notify::submitted", G_CALLBACK (on_call_notify_cb), self);
      g_signal_connect (call, "notify::queued", G_CALLBACK (on_call_notify_cb), self);
      g_signal_connect (call, "notify::last-submit-error", G_CALLBACK (on_call_refused_cb),
                        self);
      g_signal_connect_swapped (wrapup_call_get_telephony_outcomes (call), "items-changed",
                                G_CALLBACK (on_source_items_changed_cb), self);
      g_signal_connect_swapped (wrapup_call_get_business_outcome_list (call), "items-changed",
                                G_CALLBACK (on_source_items_changed_cb), self);
      g_signal_connect_swapped (roots, "items-changed",
                                G_CALLBACK (on_source_items_changed_cb), self);
      /* A list loading is not the agent changing the form: the form follows, a refusal's
       * reason stays. */
      g_signal_connect_swapped (wrapup_call_get_callback_modes (call), "items-changed",
                                G_CALLBACK (update_form), self);
    }
  else
    {
      gtk_filter_list_model_set_model (self->telephony_filter_model, NULL);
      gtk_filter_list_model_set_model (self->business_filter_model, NULL);
    }
  gtk_single_selection_set_selected (self->telephony_selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (self->business_results_selection,
                                     GTK_INVALID_LIST_POSITION);
  self->syncing--;

  /* The scores wait for the contact's, unless the draft has the agent's. */
  g_signal_handlers_block_by_func (self->lead_field, on_score_changed_cb, self);
  g_signal_handlers_block_by_func (self->amount_field, on_score_changed_cb, self);
  wrapup_score_field_reset (self->lead_field);
  wrapup_score_field_reset (self->amount_field);
  if (call != NULL)
    {
      restore_draft (self);
      update_contact_values (self);
      resolve_restored_choices (self);
      show_call_refusal (self);
    }
  g_signal_handlers_unblock_by_func (self->lead_field, on_score_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->amount_field, on_score_changed_cb, self);

  prefill_single_values (self);
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
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

  if (self->telephony != NULL)
    lcm_disposition_set_telephony_outcome (disposition,
                                           lcm_telephony_outcome_get_id (self->telephony));
  if (self->business != NULL)
    lcm_disposition_set_business_outcome (disposition,
                                          lcm_business_outcome_get_id (self->business));

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

void
wrapup_disposition_page_focus_start (WrapupDispositionPage *self)
{
  g_return_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->telephony_search));
}

GtkWidget *
wrapup_disposition_page_get_mnemonic_target (WrapupDispositionPage *self,
                                             guint                  keyval)
{
  GtkLabel *labels[3];

  g_return_val_if_fail (WRAPUP_IS_DISPOSITION_PAGE (self), NULL);

  labels[0] = self->telephony_label;
  labels[1] = self->business_label;
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
