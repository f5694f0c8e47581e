/* wrapup-outcome-picker-rows.c: an outcome picker's rows
 *
 * One factory for the flat list and the tree: a number (1…9, Alt+n), the name (a result
 * shows its path), a check when chosen. The rows follow the picker's choice and their own
 * positions by themselves, once a change of the models is over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-outcome-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-accessible.h"
#include "wrapup-outcome-picker-private.h"

/* The row's widgets, referenced: a list item can notify while its child is taken down. */
typedef struct
{
  GtkTreeExpander *expander;  /* tree rows only */
  GtkWidget       *box;
  GtkLabel        *number;
  GtkImage        *check;
  GtkLabel        *name;
} Row;

/* The number a row shows (1…9), 0 for none: the flat list's first nine rows; in the tree,
 * the first nine leaves (groups are no choice). */
static guint
row_number (WrapupOutcomePicker *self,
            GListModel          *model,
            guint                position)
{
  guint number = 0;

  if (model != G_LIST_MODEL (self->tree_selection))
    return position < WRAPUP_OUTCOME_PICKER_N_NUMBERED ? position + 1 : 0;

  for (guint i = 0; i <= position && number <= WRAPUP_OUTCOME_PICKER_N_NUMBERED; i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (model, i);
      g_autoptr(GObject) outcome = dup_row_outcome (row);

      if (outcome == NULL || !outcome_is_choice (outcome))
        {
          if (i == position)
            return 0;
          continue;
        }
      number++;
    }
  return number <= WRAPUP_OUTCOME_PICKER_N_NUMBERED ? number : 0;
}

/* The position of the nth (from 1) numbered row of the list shown, or GTK_INVALID_LIST_POSITION. */
guint
wrapup_outcome_picker_numbered_position (WrapupOutcomePicker *self,
                   guint                n)
{
  GListModel *model = shows_tree (self) ? G_LIST_MODEL (self->tree_selection)
                                        : G_LIST_MODEL (self->flat_selection);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    if (row_number (self, model, i) == n)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_clear_object (&row->expander);
  g_clear_object (&row->box);
  g_clear_object (&row->number);
  g_clear_object (&row->check);
  g_clear_object (&row->name);
  g_free (row);
}

/* What a screen reader says of a row: the outcome, with its path for a business outcome
 * ("Interested › Quote sent › Quote by email"), then whether it is chosen and its Alt+n. */
static void
name_row (GtkListItem *list_item,
          Row         *row,
          gpointer     outcome,
          guint        number,
          gboolean     chosen)
{
  g_autofree char *label = LCM_IS_BUSINESS_OUTCOME (outcome)
                             ? lcm_business_outcome_dup_path (outcome)
                             : g_strdup (outcome_name (outcome));
  g_autofree char *shortcut = number > 0 ? gtk_accelerator_get_label (GDK_KEY_0 + number, GDK_ALT_MASK)
                                         : NULL;
  g_autofree char *description = NULL;

  if (chosen && shortcut != NULL)
    /* TRANSLATORS: a chosen outcome's state, then its shortcut (Alt+3), for screen readers */
    description = g_strdup_printf (_("Chosen, %s"), shortcut);
  else if (chosen)
    description = g_strdup (_("Chosen"));
  else
    description = g_steal_pointer (&shortcut);

  wrapup_accessible_name_list_item (list_item, label, description);
  if (row->expander != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row->expander),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_row (GtkListItem         *list_item,
            GParamSpec          *pspec,
            WrapupOutcomePicker *self)
{
  Row *row = g_object_get_data (G_OBJECT (list_item), "wrapup-row");
  GtkWidget *box;
  gpointer item = gtk_list_item_get_item (list_item);
  g_autoptr(GObject) row_outcome = dup_row_outcome (item);
  gpointer outcome = row_outcome;
  GListModel *model = row->expander != NULL ? G_LIST_MODEL (self->tree_selection)
                                            : G_LIST_MODEL (self->flat_selection);
  gboolean chosen;
  guint number;
  g_autofree char *number_text = NULL;

  if (outcome == NULL || row == NULL)
    return;
  box = row->box;

  chosen = self->chosen != NULL && G_OBJECT_TYPE (self->chosen) == G_OBJECT_TYPE (outcome)
           && outcome_id (self->chosen) == outcome_id (outcome);
  number = row_number (self, model, gtk_list_item_get_position (list_item));
  if (number > 0)
    number_text = g_strdup_printf ("%u", number);
  gtk_label_set_text (row->number, number_text != NULL ? number_text : "");
  gtk_widget_set_visible (GTK_WIDGET (row->check), chosen);
  if (chosen)
    gtk_widget_add_css_class (box, "chosen");
  else
    gtk_widget_remove_css_class (box, "chosen");

  if (row->expander != NULL)
    gtk_tree_expander_set_list_row (row->expander, item);

  /* A result shows its path, the groups above it dimmed: "Interested › Quote sent › By email". */
  if (row->expander == NULL && LCM_IS_BUSINESS_OUTCOME (outcome)
      && lcm_business_outcome_get_parent (outcome) != NULL)
    {
      g_autofree char *above = lcm_business_outcome_dup_path (lcm_business_outcome_get_parent (outcome));
      g_autofree char *markup = g_markup_printf_escaped ("<span alpha=\"55%%\">%s ›</span> %s",
                                                         above, outcome_name (outcome));
      g_autofree char *path = lcm_business_outcome_dup_path (outcome);

      gtk_label_set_markup (row->name, markup);
      gtk_widget_set_tooltip_text (GTK_WIDGET (row->name), path);
    }
  else
    {
      gtk_label_set_text (row->name, outcome_name (outcome));
      gtk_widget_set_tooltip_text (GTK_WIDGET (row->name), NULL);
    }
  name_row (list_item, row, outcome, number, chosen);
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 WrapupOutcomePicker      *self)
{
  gboolean tree = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "wrapup-tree"));
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->number = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_width_chars (row->number, 1);
  gtk_widget_add_css_class (GTK_WIDGET (row->number), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->number), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (row->number), "outcome-number");
  row->check = GTK_IMAGE (gtk_image_new_from_icon_name ("object-select-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (row->check), "chosen-mark");
  row->name = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->name, 0);
  gtk_label_set_ellipsize (row->name, tree ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_START);
  gtk_widget_set_hexpand (GTK_WIDGET (row->name), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->number));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->name));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->check));
  gtk_widget_add_css_class (box, "outcome-row");
  row->box = g_object_ref (box);
  g_object_ref (row->number);
  g_object_ref (row->check);
  g_object_ref (row->name);

  if (tree)
    {
      row->expander = g_object_ref (GTK_TREE_EXPANDER (gtk_tree_expander_new ()));
      gtk_tree_expander_set_child (row->expander, box);
      gtk_list_item_set_child (list_item, GTK_WIDGET (row->expander));
    }
  else
    gtk_list_item_set_child (list_item, box);

  g_object_set_data_full (G_OBJECT (list_item), "wrapup-row", row, row_free);
  g_hash_table_add (self->list_items, list_item);
  /* The number follows the row's position: the list tells it while its models change, when
   * its item may be gone already, so the rows are refreshed once the change is over. */
  g_signal_connect_object (list_item, "notify::position", G_CALLBACK (wrapup_outcome_picker_queue_refresh), self,
                           G_CONNECT_SWAPPED);
}

static gboolean
refresh_rows_cb (gpointer user_data)
{
  WrapupOutcomePicker *self = user_data;
  GHashTableIter iter;
  gpointer list_item;

  self->refresh_source = 0;
  g_hash_table_iter_init (&iter, self->list_items);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    update_row (list_item, NULL, self);
  return G_SOURCE_REMOVE;
}

/* Before the next frame is drawn (GDK draws at G_PRIORITY_HIGH_IDLE + 20). */
void
wrapup_outcome_picker_queue_refresh (WrapupOutcomePicker *self)
{
  if (self->refresh_source == 0 && !self->disposed)
    self->refresh_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, refresh_rows_cb, self,
                                            NULL);
}

/* Bound while a model changes too (a group of outcomes taken down empties its children):
 * filled in once the change is over. */
static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                WrapupOutcomePicker      *self)
{
  wrapup_outcome_picker_queue_refresh (self);
}

static void
on_row_teardown_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    WrapupOutcomePicker      *self)
{
  g_hash_table_remove (self->list_items, list_item);
  g_object_set_data (G_OBJECT (list_item), "wrapup-row", NULL);
}

GtkListItemFactory *
wrapup_outcome_picker_new_row_factory (WrapupOutcomePicker *self,
                 gboolean             tree)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "wrapup-tree", GINT_TO_POINTER (tree));
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (on_row_teardown_cb), self);
  return factory;
}
