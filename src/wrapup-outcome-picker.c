/* wrapup-outcome-picker.c: a searchable list of outcomes, the form's two pickers
 *
 * The flat list is outcomes -> filter (search) -> sort (rank) -> selection; the business
 * tree is a tree list model of the roots -> selection. Rows are one factory for both: a
 * number (1…9), a check when chosen, the name (a result shows its path). A row follows the
 * picker's choice and its own position by itself, so that the choice shows whatever the
 * list does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-outcome-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-accessible.h"
#include "wrapup-outcome-picker-private.h"

G_DEFINE_FINAL_TYPE (WrapupOutcomePicker, wrapup_outcome_picker, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_CHOSEN,
  N_PROPS
};

enum
{
  CHANGED,
  SETTLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_stack (WrapupOutcomePicker *self);

/* outcomes, whatever their kind */

/* ranking */

/* positions */

/* Where the outcome is in a list (flat or tree rows), GTK_INVALID_LIST_POSITION if absent. */
static guint
find_position (GListModel *model,
               gpointer    outcome)
{
  guint n_items = model != NULL ? g_list_model_get_n_items (model) : 0;
  gint64 id;

  if (outcome == NULL)
    return GTK_INVALID_LIST_POSITION;
  id = outcome_id (outcome);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autoptr(GObject) row_outcome = dup_row_outcome (item);

      if (G_OBJECT_TYPE (row_outcome) == G_OBJECT_TYPE (outcome)
          && outcome_id (row_outcome) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* rows */


/* selections follow the choice */

static void
select_position (WrapupOutcomePicker *self,
                 GtkSingleSelection  *selection,
                 guint                position)
{
  if (gtk_single_selection_get_selected (selection) == position)
    return;
  self->syncing++;
  gtk_single_selection_set_selected (selection, position);
  self->syncing--;
}

/* Expands the rows above a business outcome, so that its own row exists. */
static void
expand_tree_to (WrapupOutcomePicker *self,
                LcmBusinessOutcome  *outcome)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GListModel *rows = G_LIST_MODEL (self->tree_model);

  for (LcmBusinessOutcome *node = lcm_business_outcome_get_parent (outcome); node != NULL;
       node = lcm_business_outcome_get_parent (node))
    g_ptr_array_add (chain, node);

  for (guint i = chain->len; i > 0; i--)
    {
      guint position = find_position (rows, g_ptr_array_index (chain, i - 1));
      g_autoptr(GtkTreeListRow) row = NULL;

      if (position == GTK_INVALID_LIST_POSITION)
        return;
      row = g_list_model_get_item (rows, position);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void
sync_selections (WrapupOutcomePicker *self)
{
  gpointer shown = self->chosen != NULL ? self->chosen : self->group;

  select_position (self, self->flat_selection,
                   find_position (G_LIST_MODEL (self->flat_selection), self->chosen));
  if (self->tree_model != NULL)
    {
      guint position = find_position (G_LIST_MODEL (self->tree_model), shown);

      if (position == GTK_INVALID_LIST_POSITION && shown != NULL)
        {
          self->syncing++;
          expand_tree_to (self, shown);
          self->syncing--;
          position = find_position (G_LIST_MODEL (self->tree_model), shown);
        }
      select_position (self, self->tree_selection, position);
    }
}

static void
set_choice (WrapupOutcomePicker *self,
            gpointer             chosen,
            gpointer             group,
            gboolean             by_agent)
{
  gboolean changed = self->chosen != chosen || self->group != group;

  g_set_object ((GObject **) &self->group, group);
  if (g_set_object ((GObject **) &self->chosen, chosen))
    {
      wrapup_outcome_picker_queue_refresh (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
    }
  sync_selections (self);
  if (changed && by_agent)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* The agent settles on a row: chosen, then the form moves on. */
static void
settle_on (WrapupOutcomePicker *self,
           gpointer             outcome,
           gboolean             by_key)
{
  set_choice (self, outcome, NULL, TRUE);
  g_signal_emit (self, signals[SETTLED], 0, by_key);
}

/* the search */

static void
apply_search (WrapupOutcomePicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *folded = fold (text);
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filtered);

  if (g_strcmp0 (folded, self->folded_search) == 0)
    return;
  g_free (self->folded_search);
  self->folded_search = g_steal_pointer (&folded);
  self->syncing++;
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  wrapup_outcome_picker_resort (self);
  self->syncing--;
  sync_selections (self);
  update_stack (self);
}

static void
focus_list (WrapupOutcomePicker *self,
            gboolean             select)
{
  gboolean tree = shows_tree (self);
  GtkWidget *view = GTK_WIDGET (tree ? self->tree_view : self->flat_view);
  GtkSingleSelection *selection = tree ? self->tree_selection : self->flat_selection;
  guint position = gtk_single_selection_get_selected (selection);

  if (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    return;
  /* Down selects the first row, as moving in the list does (which chooses); Enter in an
   * empty search only gives the list the focus. */
  if (position == GTK_INVALID_LIST_POSITION && select)
    {
      position = 0;
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), position, TRUE);
    }
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (view, "list.scroll-to-item", "u", position);
  gtk_widget_grab_focus (view);
}

static void
on_search_changed_cb (WrapupOutcomePicker *self)
{
  apply_search (self);
}

static void
on_search_activate_cb (WrapupOutcomePicker *self)
{
  GListModel *matches = G_LIST_MODEL (self->flat_selection);
  g_autoptr(GObject) outcome = NULL;
  guint position;

  apply_search (self);
  /* An empty search is no choice: Enter goes into the list, where the agent picks (a stray
   * Enter must never record the first outcome, "Success"). */
  if (!is_searching (self))
    {
      focus_list (self, FALSE);
      return;
    }
  position = gtk_single_selection_get_selected (self->flat_selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  if (position >= g_list_model_get_n_items (matches))
    return;
  outcome = g_list_model_get_item (matches, position);
  settle_on (self, outcome, TRUE);
}

static void
on_search_stop_cb (WrapupOutcomePicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
}

static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          WrapupOutcomePicker   *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  apply_search (self);
  focus_list (self, TRUE);
  return GDK_EVENT_STOP;
}

/* the lists */

static void
on_filtered_items_changed_cb (WrapupOutcomePicker *self)
{
  if (self->syncing > 0)
    return;
  update_stack (self);
}

static void
on_flat_selection_changed_cb (WrapupOutcomePicker *self)
{
  gpointer outcome;

  if (self->syncing > 0)
    return;
  outcome = gtk_single_selection_get_selected_item (self->flat_selection);
  set_choice (self, outcome, NULL, TRUE);
}

static void
on_tree_selection_changed_cb (WrapupOutcomePicker *self)
{
  g_autoptr(GObject) outcome = NULL;

  if (self->syncing > 0)
    return;
  outcome = dup_row_outcome (gtk_single_selection_get_selected_item (self->tree_selection));
  if (outcome == NULL)
    set_choice (self, NULL, NULL, TRUE);
  else if (outcome_is_choice (outcome))
    set_choice (self, outcome, NULL, TRUE);
  else
    set_choice (self, NULL, outcome, TRUE);
}

static void
on_flat_activate_cb (WrapupOutcomePicker *self,
                     guint                position)
{
  g_autoptr(GObject) outcome = g_list_model_get_item (G_LIST_MODEL (self->flat_selection),
                                                      position);

  if (outcome != NULL)
    settle_on (self, outcome, TRUE);
}

static void
on_tree_activate_cb (WrapupOutcomePicker *self,
                     guint                position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree_selection),
                                                         position);
  g_autoptr(GObject) outcome = NULL;

  if (row == NULL)
    return;
  outcome = gtk_tree_list_row_get_item (row);
  /* A group is not a choice: Enter opens or closes it. */
  if (!outcome_is_choice (outcome))
    {
      gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
      return;
    }
  settle_on (self, outcome, TRUE);
}

/* Leaving the list, or a click, with a business leaf chosen settles on it (its values apply
 * then, never while the agent moves through the list). */
static void
on_focus_leave_cb (WrapupOutcomePicker *self)
{
  if (self->chosen != NULL)
    g_signal_emit (self, signals[SETTLED], 0, FALSE);
}

static void
on_click_released_cb (GtkGestureClick     *gesture,
                      int                  n_press,
                      double               x,
                      double               y,
                      WrapupOutcomePicker *self)
{
  if (self->chosen != NULL)
    g_signal_emit (self, signals[SETTLED], 0, FALSE);
}

/* states */

static void
update_stack (WrapupOutcomePicker *self)
{
  gboolean telephony = self->kind == WRAPUP_OUTCOME_PICKER_TELEPHONY;

  if (self->state == WRAPUP_LOAD_FAILED)
    wrapup_load_stack_show_failed (self->states, NULL, self->error != NULL
                                                       ? self->error
                                                       : _("The list could not be loaded."));
  else if (self->state != WRAPUP_LOAD_READY)
    wrapup_load_stack_show_loading (self->states, telephony ? _("Loading telephony outcomes…")
                                                            : _("Loading business outcomes…"));
  else if (shows_tree (self) && self->tree_model != NULL
           && g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)) > 0)
    wrapup_load_stack_show_page (self->states, "tree");
  else if (!shows_tree (self) && g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    wrapup_load_stack_show_page (self->states, telephony ? "list" : "results");
  else
    {
      g_autofree char *text = NULL;
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search));

      if (is_searching (self))
        text = telephony
               /* Translators: %s is what the agent searched for */
               ? g_strdup_printf (_("No telephony outcome matches “%s”"), search)
               : g_strdup_printf (_("No business outcome matches “%s”"), search);
      else
        text = g_strdup (telephony
                         ? _("The gateway sent no telephony outcomes for this account")
                         : _("The gateway sent no business outcomes for this call type"));
      wrapup_load_stack_show_empty (self->states, NULL, text);
    }
}

/* GObject */

static void
wrapup_outcome_picker_constructed (GObject *object)
{
  WrapupOutcomePicker *self = WRAPUP_OUTCOME_PICKER (object);
  gboolean telephony = self->kind == WRAPUP_OUTCOME_PICKER_TELEPHONY;
  g_autoptr(GtkListItemFactory) flat_factory = wrapup_outcome_picker_new_row_factory (self, FALSE);
  g_autoptr(GtkListItemFactory) tree_factory = wrapup_outcome_picker_new_row_factory (self, TRUE);

  G_OBJECT_CLASS (wrapup_outcome_picker_parent_class)->constructed (object);

  gtk_label_set_text_with_mnemonic (self->heading, telephony ? _("_Telephony outcome")
                                                             : _("_Business outcome"));
  g_object_set (self->search, "placeholder-text",
                telephony ? _("Search telephony outcomes") : _("Search business outcomes"),
                NULL);
  gtk_widget_set_name (GTK_WIDGET (self->search),
                       telephony ? "telephony-search" : "business-search");
  gtk_widget_set_name (GTK_WIDGET (self->flat_view),
                       telephony ? "telephony-list" : "business-results");
  if (!telephony)
    gtk_widget_set_name (GTK_WIDGET (self->tree_view), "business-tree");
  if (!telephony)
    gtk_stack_page_set_name (gtk_stack_get_page (wrapup_load_stack_get_stack (self->states),
                                                 self->flat_scroller), "results");

  gtk_list_view_set_factory (self->flat_view, flat_factory);
  gtk_list_view_set_factory (self->tree_view, tree_factory);
  wrapup_accessible_tab_leaves_list (GTK_WIDGET (self->flat_view));
  wrapup_accessible_tab_leaves_list (GTK_WIDGET (self->tree_view));
  update_stack (self);
}

static void
wrapup_outcome_picker_dispose (GObject *object)
{
  WrapupOutcomePicker *self = WRAPUP_OUTCOME_PICKER (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_OUTCOME_PICKER);
  /* The frame is no template child of its own: the picker, a plain GtkWidget, unparents it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->outcomes);
  g_clear_object ((GObject **) &self->chosen);
  g_clear_object ((GObject **) &self->group);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  g_clear_pointer (&self->order, g_hash_table_unref);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  G_OBJECT_CLASS (wrapup_outcome_picker_parent_class)->dispose (object);
}

static void
wrapup_outcome_picker_finalize (GObject *object)
{
  WrapupOutcomePicker *self = WRAPUP_OUTCOME_PICKER (object);

  g_free (self->folded_search);
  g_free (self->error);
  g_hash_table_unref (self->list_items);

  G_OBJECT_CLASS (wrapup_outcome_picker_parent_class)->finalize (object);
}

static void
wrapup_outcome_picker_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WrapupOutcomePicker *self = WRAPUP_OUTCOME_PICKER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_CHOSEN:
      g_value_set_object (value, self->chosen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_outcome_picker_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  WrapupOutcomePicker *self = WRAPUP_OUTCOME_PICKER (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_outcome_picker_class_init (WrapupOutcomePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wrapup_outcome_picker_constructed;
  object_class->dispose = wrapup_outcome_picker_dispose;
  object_class->finalize = wrapup_outcome_picker_finalize;
  object_class->get_property = wrapup_outcome_picker_get_property;
  object_class->set_property = wrapup_outcome_picker_set_property;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, WRAPUP_OUTCOME_PICKER_TELEPHONY,
                      WRAPUP_OUTCOME_PICKER_BUSINESS, WRAPUP_OUTCOME_PICKER_TELEPHONY,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOSEN] =
    g_param_spec_object ("chosen", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SETTLED] = g_signal_new ("settled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (WRAPUP_TYPE_LOAD_STACK);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-outcome-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, heading);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, search);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, states);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, flat_scroller);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, flat_view);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, flat_selection);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, sorted);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, filtered);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, tree_view);
  gtk_widget_class_bind_template_child (widget_class, WrapupOutcomePicker, tree_selection);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filtered_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flat_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tree_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flat_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_tree_activate_cb);
}

static void
wrapup_outcome_picker_init (WrapupOutcomePicker *self)
{
  g_autoptr(GtkCustomFilter) filter = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  GtkEventController *focus;
  GtkGesture *flat_click;
  GtkGesture *tree_click;

  self->order = g_hash_table_new (NULL, NULL);
  self->list_items = g_hash_table_new (NULL, NULL);
  self->folded_search = g_strdup ("");
  self->state = WRAPUP_LOAD_IDLE;
  /* Template signals fire while it is built, before its children are bound. */
  self->syncing = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
  wrapup_accessible_repair (GTK_WIDGET (self));
  self->syncing = 0;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              6);

  filter = gtk_custom_filter_new (wrapup_outcome_picker_filter_cb, self, NULL);
  gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (filter));
  sorter = gtk_custom_sorter_new (wrapup_outcome_picker_compare_cb, self, NULL);
  gtk_sort_list_model_set_sorter (self->sorted, GTK_SORTER (sorter));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->states), focus);
  flat_click = gtk_gesture_click_new ();
  g_signal_connect (flat_click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->flat_view), GTK_EVENT_CONTROLLER (flat_click));
  tree_click = gtk_gesture_click_new ();
  g_signal_connect (tree_click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->tree_view), GTK_EVENT_CONTROLLER (tree_click));
}

/* public API */

GtkWidget *
wrapup_outcome_picker_new (WrapupOutcomePickerKind kind)
{
  return g_object_new (WRAPUP_TYPE_OUTCOME_PICKER, "kind", kind, NULL);
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

static void
on_outcomes_changed_cb (WrapupOutcomePicker *self)
{
  wrapup_outcome_picker_rebuild_order (self);
  wrapup_outcome_picker_resort (self);
  sync_selections (self);
  update_stack (self);
}

void
wrapup_outcome_picker_set_outcomes (WrapupOutcomePicker *self,
                                    GListModel          *outcomes,
                                    GListModel          *roots)
{
  g_return_if_fail (WRAPUP_IS_OUTCOME_PICKER (self));

  self->syncing++;
  if (self->outcomes != NULL)
    g_signal_handlers_disconnect_by_func (self->outcomes, on_outcomes_changed_cb, self);
  g_set_object (&self->outcomes, outcomes);
  if (outcomes != NULL)
    /* After the filter and sort models, which hold the same list: they are up to date. */
    g_signal_connect_object (outcomes, "items-changed", G_CALLBACK (on_outcomes_changed_cb),
                             self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  wrapup_outcome_picker_rebuild_order (self);
  gtk_filter_list_model_set_model (self->filtered, outcomes);

  gtk_single_selection_set_model (self->tree_selection, NULL);
  g_clear_object (&self->tree_model);
  if (roots != NULL)
    {
      /* Groups start open: the tree is short, and everything shows at a glance. */
      self->tree_model = gtk_tree_list_model_new (g_object_ref (roots), FALSE, TRUE,
                                                  create_business_children, NULL, NULL);
      gtk_single_selection_set_model (self->tree_selection, G_LIST_MODEL (self->tree_model));
    }
  gtk_single_selection_set_selected (self->flat_selection, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (self->tree_selection, GTK_INVALID_LIST_POSITION);
  self->syncing--;
  sync_selections (self);
  update_stack (self);
}

void
wrapup_outcome_picker_set_load_state (WrapupOutcomePicker *self,
                                      WrapupLoadState      state,
                                      const char          *error)
{
  g_return_if_fail (WRAPUP_IS_OUTCOME_PICKER (self));

  self->state = state;
  g_free (self->error);
  self->error = g_strdup (error);
  update_stack (self);
}

void
wrapup_outcome_picker_set_usage (WrapupOutcomePicker *self,
                                 GHashTable          *usage)
{
  g_return_if_fail (WRAPUP_IS_OUTCOME_PICKER (self));

  if (usage != NULL)
    g_hash_table_ref (usage);
  g_clear_pointer (&self->usage, g_hash_table_unref);
  self->usage = usage;
  self->syncing++;
  wrapup_outcome_picker_resort (self);
  self->syncing--;
  sync_selections (self);
}

gpointer
wrapup_outcome_picker_get_chosen (WrapupOutcomePicker *self)
{
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_PICKER (self), NULL);
  return self->chosen;
}

gpointer
wrapup_outcome_picker_get_group (WrapupOutcomePicker *self)
{
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_PICKER (self), NULL);
  return self->group;
}

void
wrapup_outcome_picker_set_chosen (WrapupOutcomePicker *self,
                                  gpointer             outcome)
{
  g_return_if_fail (WRAPUP_IS_OUTCOME_PICKER (self));
  g_return_if_fail (outcome == NULL || outcome_is_choice (outcome));

  set_choice (self, outcome, NULL, FALSE);
}

gboolean
wrapup_outcome_picker_choose_nth (WrapupOutcomePicker *self,
                                  guint                n)
{
  GListModel *model;
  guint position;
  g_autoptr(GObject) item = NULL;
  g_autoptr(GObject) outcome = NULL;

  g_return_val_if_fail (WRAPUP_IS_OUTCOME_PICKER (self), FALSE);

  if (self->state != WRAPUP_LOAD_READY || !gtk_widget_is_sensitive (GTK_WIDGET (self)))
    return FALSE;
  position = wrapup_outcome_picker_numbered_position (self, n);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  model = shows_tree (self) ? G_LIST_MODEL (self->tree_selection)
                            : G_LIST_MODEL (self->flat_selection);
  item = g_list_model_get_item (model, position);
  outcome = dup_row_outcome (item);
  settle_on (self, outcome, TRUE);
  return TRUE;
}

void
wrapup_outcome_picker_reset (WrapupOutcomePicker *self)
{
  g_return_if_fail (WRAPUP_IS_OUTCOME_PICKER (self));

  self->syncing++;
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  self->syncing--;
  apply_search (self);
  set_choice (self, NULL, NULL, FALSE);
}

GtkWidget *
wrapup_outcome_picker_get_search (WrapupOutcomePicker *self)
{
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_PICKER (self), NULL);
  return GTK_WIDGET (self->search);
}

GtkLabel *
wrapup_outcome_picker_get_label (WrapupOutcomePicker *self)
{
  g_return_val_if_fail (WRAPUP_IS_OUTCOME_PICKER (self), NULL);
  return self->heading;
}
