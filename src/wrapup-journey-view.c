/* wrapup-journey-view.c: the customer's journey of a call
 *
 * The rows flow: the call's journey (an LcmArrayList the call fills in one change) ->
 * GtkSortListModel (the column view's sorter) -> WrapupTextFilterModel (the text filter) ->
 * WrapupStableListModel (rows by position, so that a filter or a sort changes the text of
 * the view's rows rather than making new ones) -> GtkSingleSelection -> GtkColumnView.
 * Sorting before filtering means typing in the filter never sorts again; sorting is never
 * incremental. Each row's search text is made once (lcm_journey_entry_get_search_text),
 * by the filter model in idle time ahead of the first keystroke. docs/performance.md has
 * the figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-journey-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-accessible.h"
#include "wrapup-journey-csv.h"
#include "wrapup-session.h"
#include "wrapup-journey-view-private.h"

/* The template ids of the columns, in Column order. */
static const char * const column_ids[N_COLUMNS] = {
  "date_column", "channel_column", "campaign_column", "mode_column", "number_column",
  "outcome_column", "agent_column", "comment_column", "lead_score_column", "call_type_column",
};

G_DEFINE_FINAL_TYPE (WrapupJourneyView, wrapup_journey_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CALL,
  PROP_CHANNEL_CHOICE,
  PROP_MONTHS_CHOICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static char *
dup_months_label (guint months)
{
  return g_strdup_printf (ngettext ("Last %u month", "Last %u months", months), months);
}

/* A filter's menu button reads its choice, and a screen reader its purpose too. */
static void
show_choice (GtkMenuButton *button,
             const char    *choice)
{
  g_autofree char *name = NULL;

  gtk_menu_button_set_label (button, choice);
  /* Translators: a filter's purpose and its choice, for screen readers ("Channel: SMS") */
  name = g_strdup_printf (_("%s: %s"), gtk_widget_get_tooltip_text (GTK_WIDGET (button)), choice);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
wrapup_journey_view_set_channel_choice (WrapupJourneyView *self,
                                        guint              index)
{
  index = MIN (index, N_CHANNEL_CHOICES - 1);
  show_choice (self->channel_button, lcm_channel_to_label (wrapup_journey_channel_choices[index]));
  if (self->channel_choice == index)
    return;
  self->channel_choice = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL_CHOICE]);
}

void
wrapup_journey_view_set_months_choice (WrapupJourneyView *self,
                                       guint              index)
{
  g_autofree char *label = NULL;

  index = MIN (index, N_MONTH_CHOICES - 1);
  label = dup_months_label (wrapup_journey_month_choices[index]);
  show_choice (self->months_button, label);
  if (self->months_choice == index)
    return;
  self->months_choice = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTHS_CHOICE]);
}

/* A menu of radio items, one per choice, for the property action @action, shown by
 * @button and named by its purpose. */
static void
set_choice_menu (GtkMenuButton      *button,
                 const char * const *labels,
                 guint               n_labels,
                 const char         *action)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (labels[i], NULL);

      g_menu_item_set_action_and_target_value (item, action, g_variant_new_uint32 (i));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_menu_button_get_popover (button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (GTK_WIDGET (button)), -1);
}

static char *
format_count (guint n)
{
  /* The ' flag groups digits as the locale does: 100,000 in English. */
  return g_strdup_printf ("%'u", n);
}

WrapupLoadState
wrapup_journey_view_journey_state (WrapupJourneyView *self)
{
  if (self->call == NULL)
    return WRAPUP_LOAD_IDLE;
  return wrapup_call_get_load_state (self->call, WRAPUP_SECTION_JOURNEY);
}

static void
update_count (WrapupJourneyView *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *total_text = format_count (total);
  g_autofree char *text = NULL;

  if (wrapup_journey_view_journey_state (self) != WRAPUP_LOAD_READY)
    text = g_strdup ("");
  else if (wrapup_text_filter_model_get_text (self->filtered) == NULL)
    text = g_strdup_printf (ngettext ("%s interaction", "%s interactions", total), total_text);
  else
    {
      g_autofree char *shown_text = format_count (shown);

      /* Translators: rows the text filter leaves, of the rows loaded. */
      text = g_strdup_printf (ngettext ("%s of %s interaction", "%s of %s interactions", total),
                              shown_text, total_text);
    }
  gtk_label_set_text (self->count_label, text);
}

static void
update_state (WrapupJourneyView *self)
{
  WrapupLoadState state = wrapup_journey_view_journey_state (self);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  switch (state)
    {
    case WRAPUP_LOAD_FAILED:
      wrapup_load_stack_show_failed (self->states, _("The Journey Could Not Be Loaded"),
                                     wrapup_call_get_load_error (self->call,
                                                                 WRAPUP_SECTION_JOURNEY));
      break;

    case WRAPUP_LOAD_READY:
      if (total == 0)
        wrapup_load_stack_show_empty (self->states, _("No Interactions"),
                                      _("Nothing was found for these filters. Try a longer "
                                        "period, all channels or all campaigns."));
      else if (shown == 0)
        {
          const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
          g_autofree char *total_text = format_count (total);
          g_autofree char *description = NULL;

          description = g_strdup_printf (ngettext ("None of the %s interaction loaded "
                                                   "contains “%s”.",
                                                   "None of the %s interactions loaded "
                                                   "contain “%s”.", total),
                                         total_text, text);
          wrapup_load_stack_show_empty (self->states, _("No Matching Interactions"),
                                        description);
        }
      else
        wrapup_load_stack_show_page (self->states, "list");
      break;

    case WRAPUP_LOAD_IDLE:
    case WRAPUP_LOAD_LOADING:
    default:
      wrapup_load_stack_show_loading (self->states, _("Loading the customer’s journey…"));
      break;
    }

  update_count (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journey.search", self->call != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journey.refresh", self->call != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "journey.export",
                                 state == WRAPUP_LOAD_READY && shown > 0);
}

/* The rows shown, for an export made off the main thread. */
static GPtrArray *
snapshot_shown (WrapupJourneyView *self)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (model);
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (model, i));
  return rows;
}

/* Export */

typedef struct
{
  GPtrArray *rows;
  GFile     *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL ||
      !wrapup_journey_csv_write (data->rows, G_OUTPUT_STREAM (stream), cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, data->rows->len);
}

static void
on_export_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (source_object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gssize n;

  n = g_task_propagate_int (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->toast_overlay == NULL)
    return;
  if (n < 0)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      title = g_strdup_printf (_("The journey could not be exported: %s"), escaped);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (data->file);
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      g_autofree char *count = format_count ((guint) n);

      title = g_strdup_printf (ngettext ("%s interaction exported to “%s”",
                                         "%s interactions exported to “%s”", (gulong) n),
                               count, escaped);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
export_to_file (WrapupJourneyView *self,
                GFile             *file)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();

  data = g_new0 (ExportData, 1);
  data->rows = snapshot_shown (self);
  data->file = g_object_ref (file);

  task = g_task_new (self, self->export_cancellable, on_export_done_cb, NULL);
  g_task_set_source_tag (task, export_to_file);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_in_thread);
}

/* Signal callbacks */

static void
on_export_response_cb (GtkNativeDialog   *dialog,
                       int                response,
                       WrapupJourneyView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        export_to_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->export_dialog);
}

static void
on_load_state_changed_cb (WrapupCall        *call,
                          int                section,
                          WrapupJourneyView *self)
{
  if (section != WRAPUP_SECTION_JOURNEY)
    return;
  update_state (self);
}

static void
on_rows_changed_cb (GListModel        *model,
                    guint              position,
                    guint              removed,
                    guint              added,
                    WrapupJourneyView *self)
{
  /* The view's rows stay where they are while the entries under them change: a selection
   * would now be on another entry. */
  if (model == G_LIST_MODEL (self->filtered) && self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  update_state (self);
}

static void
on_entry_activate_cb (WrapupJourneyView *self)
{
  wrapup_journey_view_apply_query (self);
}

static void
on_query_entry_changed_cb (WrapupJourneyView *self)
{
  wrapup_journey_view_clear_query_error (self);
  wrapup_journey_view_update_stale (self);
}

static void
on_filter_search_changed_cb (WrapupJourneyView *self)
{
  wrapup_journey_view_set_text_filter (self,
                                       gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
  update_state (self);
}

static void
on_filter_stop_search_cb (WrapupJourneyView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
}

/* Actions */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wrapup_journey_view_apply_query (WRAPUP_JOURNEY_VIEW (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (widget);

  if (self->call != NULL)
    wrapup_call_reload (self->call, WRAPUP_SECTION_JOURNEY);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root;

  if (self->call == NULL || self->export_dialog != NULL)
    return;

  root = gtk_widget_get_root (widget);
  self->export_dialog = gtk_file_chooser_native_new (_("Export Journey"),
                                                     GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                          : NULL,
                                                     GTK_FILE_CHOOSER_ACTION_SAVE,
                                                     _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->export_dialog), TRUE);

  /* A call id is printable and blank-free, but may hold characters a file name cannot. */
  name = g_strdup_printf ("journey-%s.csv", wrapup_call_get_call_id (self->call));
  g_strdelimit (name, "/\\:*?\"<>|", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_dialog), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_dialog), filter);

  g_signal_connect (self->export_dialog, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->export_dialog));
}

/* GObject */

static void
wrapup_journey_view_dispose (GObject *object)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (object);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  if (self->export_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->export_dialog, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->export_dialog));
      g_clear_object (&self->export_dialog);
    }

  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);
  g_clear_object (&self->call_signals);
  g_clear_object (&self->call);

  /* Others may still hold the models (get_shown): let go of them cleanly. */
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->sorted != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sorted, self);
      gtk_sort_list_model_set_model (self->sorted, NULL);
    }

  /* AdwBin lets go of its child in its own dispose: hand it back first, so the template
   * does not unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_JOURNEY_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->stable);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->settings);
  g_clear_object (&self->sort_actions);
  g_clear_pointer (&self->applied_filters, g_free);

  G_OBJECT_CLASS (wrapup_journey_view_parent_class)->dispose (object);
}

static void
wrapup_journey_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    case PROP_CHANNEL_CHOICE:
      g_value_set_uint (value, self->channel_choice);
      break;
    case PROP_MONTHS_CHOICE:
      g_value_set_uint (value, self->months_choice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_journey_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  WrapupJourneyView *self = WRAPUP_JOURNEY_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      wrapup_journey_view_set_call (self, g_value_get_object (value));
      break;
    case PROP_CHANNEL_CHOICE:
      wrapup_journey_view_set_channel_choice (self, g_value_get_uint (value));
      break;
    case PROP_MONTHS_CHOICE:
      wrapup_journey_view_set_months_choice (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_journey_view_class_init (WrapupJourneyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wrapup_journey_view_dispose;
  object_class->get_property = wrapup_journey_view_get_property;
  object_class->set_property = wrapup_journey_view_set_property;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, WRAPUP_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The filter bar's channel and period, as indexes into their choices; each the state of
   * the action its menu's items set (journey.channel, journey.months). */
  properties[PROP_CHANNEL_CHOICE] =
    g_param_spec_uint ("channel-choice", NULL, NULL, 0, N_CHANNEL_CHOICES - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONTHS_CHOICE] =
    g_param_spec_uint ("months-choice", NULL, NULL, 0, N_MONTH_CHOICES - 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WRAPUP_TYPE_LOAD_STACK);
  /* A group, named in the template: GTK 4.14 and later name no generic widget. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-journey-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, channel_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, months_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, key_entry);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, campaign_entry);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, query_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, query_error_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, count_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, states);
  gtk_widget_class_bind_template_child (widget_class, WrapupJourneyView, column_view);
  for (guint i = 0; i < N_COLUMNS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, column_ids[i], FALSE,
                                               G_STRUCT_OFFSET (WrapupJourneyView, columns)
                                               + (gssize) (i * sizeof (gpointer)));
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_query_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_stop_search_cb);

  gtk_widget_class_install_property_action (widget_class, "journey.channel", "channel-choice");
  gtk_widget_class_install_property_action (widget_class, "journey.months", "months-choice");
  gtk_widget_class_install_action (widget_class, "journey.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "journey.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "journey.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "journey.focus-search", NULL,
                                   focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "journey.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "journey.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "journey.focus-search", NULL);
}

static void
wrapup_journey_view_init (WrapupJourneyView *self)
{
  const char *channel_labels[N_CHANNEL_CHOICES];
  g_auto(GStrv) months_labels = g_new0 (char *, N_MONTH_CHOICES + 1);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = wrapup_settings_new_if_installed ();
  self->call_signals = g_signal_group_new (WRAPUP_TYPE_CALL);
  g_signal_group_connect (self->call_signals, "load-state-changed",
                          G_CALLBACK (on_load_state_changed_cb), self);

  for (guint i = 0; i < N_CHANNEL_CHOICES; i++)
    channel_labels[i] = lcm_channel_to_label (wrapup_journey_channel_choices[i]);
  set_choice_menu (self->channel_button, channel_labels, N_CHANNEL_CHOICES,
                   "journey.channel");
  for (guint i = 0; i < N_MONTH_CHOICES; i++)
    months_labels[i] = dup_months_label (wrapup_journey_month_choices[i]);
  set_choice_menu (self->months_button, (const char * const *) months_labels,
                   N_MONTH_CHOICES, "journey.months");
  wrapup_journey_view_set_channel_choice (self, 0);
  wrapup_journey_view_set_months_choice (self, 0);
  g_signal_connect (self, "notify::channel-choice",
                    G_CALLBACK (wrapup_journey_view_update_stale), NULL);
  g_signal_connect (self, "notify::months-choice",
                    G_CALLBACK (wrapup_journey_view_update_stale), NULL);
  wrapup_accessible_repair (GTK_WIDGET (self));

  /* Rows: the call's journey, sorted by the columns, filtered by the text. */
  /* Not incremental: on GTK 4.8 each step of an incremental sort is a change the column
   * view rebuilds its rows for, and sorting 50,000 rows took 14 s that way, against tens of
   * milliseconds at once with the sorters below. */
  self->sorted = gtk_sort_list_model_new (NULL, NULL);
  /* Filtered at once on every keystroke, a few milliseconds over 100,000 rows (see
   * wrapup-text-filter-model.c). */
  self->filtered = wrapup_text_filter_model_new (G_LIST_MODEL (self->sorted));
  g_signal_connect (self->sorted, "items-changed", G_CALLBACK (on_rows_changed_cb), self);
  g_signal_connect (self->filtered, "items-changed", G_CALLBACK (on_rows_changed_cb), self);

  self->stable = wrapup_stable_list_model_new (G_LIST_MODEL (self->filtered));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->stable)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  wrapup_accessible_tab_leaves_list (GTK_WIDGET (self->column_view));

  wrapup_journey_view_init_columns (self);

  update_state (self);
}

/* Public API */

void
wrapup_journey_view_prepare_call (WrapupCall *call,
                                  GSettings  *settings)
{
  g_return_if_fail (WRAPUP_IS_CALL (call));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (settings != NULL)
    wrapup_journey_view_put_remembered_filters (settings, call);
}

GtkWidget *
wrapup_journey_view_new (void)
{
  return g_object_new (WRAPUP_TYPE_JOURNEY_VIEW, NULL);
}

WrapupCall *
wrapup_journey_view_get_call (WrapupJourneyView *self)
{
  g_return_val_if_fail (WRAPUP_IS_JOURNEY_VIEW (self), NULL);

  return self->call;
}

void
wrapup_journey_view_set_call (WrapupJourneyView *self,
                              WrapupCall        *call)
{
  g_return_if_fail (WRAPUP_IS_JOURNEY_VIEW (self));
  g_return_if_fail (call == NULL || WRAPUP_IS_CALL (call));

  if (self->call == call)
    return;

  g_set_object (&self->call, call);
  g_signal_group_set_target (self->call_signals, call);

  if (call != NULL)
    {
      wrapup_journey_view_apply_remembered_filters (self);
      wrapup_journey_view_show_query (self);
    }
  gtk_sort_list_model_set_model (self->sorted,
                                 call != NULL ? wrapup_call_get_journey (call) : NULL);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

GListModel *
wrapup_journey_view_get_shown (WrapupJourneyView *self)
{
  g_return_val_if_fail (WRAPUP_IS_JOURNEY_VIEW (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

gboolean
wrapup_journey_view_write_csv (WrapupJourneyView  *self,
                               GOutputStream      *stream,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (WRAPUP_IS_JOURNEY_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rows = snapshot_shown (self);
  return wrapup_journey_csv_write (rows, stream, cancellable, error);
}
