/* wrapup-interaction-dialog.c: one interaction of the journey, shown whole
 *
 * What a row of the journey table cannot show: every field, and the whole comment. Opened
 * with Enter or Space on a row (or a double click), closed with Escape, and the focus is back
 * on the row. Each value is a selectable label, so Tab and a screen reader go from field to
 * field and the agent can copy any of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-interaction-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-interaction-dialog.h"

struct _WrapupInteractionDialog
{
  AdwWindow  parent_instance;

  GtkListBox *fields;
};

G_DEFINE_FINAL_TYPE (WrapupInteractionDialog, wrapup_interaction_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
new_field_row (const char *field,
               const char *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (field);
  GtkWidget *text = gtk_label_new (value != NULL && *value != '\0' ? value : _("None"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* The value takes the focus, not the row around it. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_add_css_class (title, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  /* "Comment: …": the field's name is said with its value. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
wrapup_interaction_dialog_class_init (WrapupInteractionDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wrapup_interaction_dialog_init (WrapupInteractionDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 440, 560);
  gtk_widget_set_size_request (GTK_WIDGET (self), 320, 300);
  gtk_box_append (GTK_BOX (content), header);

  self->fields = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->fields, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->fields), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->fields), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->fields), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->fields), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->fields), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->fields), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->fields));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self), content);
}

/**
 * wrapup_interaction_dialog_new:
 * @parent: the call's window
 * @title: what the window is called ("Interaction of 2 Dec 2026 10:14")
 * @fields: (array zero-terminated=1): the fields' names, as the table's headers say them
 * @values: (array zero-terminated=1): their values, in the same order
 *
 * Returns: (transfer none): the window, presented; it goes when closed.
 */
GtkWindow *
wrapup_interaction_dialog_new (GtkWindow          *parent,
                               const char         *title,
                               const char * const *fields,
                               const char * const *values)
{
  WrapupInteractionDialog *self = g_object_new (WRAPUP_TYPE_INTERACTION_DIALOG,
                                                "transient-for", parent,
                                                "title", title,
                                                NULL);
  GtkWidget *first = NULL;

  for (guint i = 0; fields[i] != NULL && values[i] != NULL; i++)
    {
      GtkWidget *row = new_field_row (fields[i], values[i]);

      gtk_list_box_append (self->fields, row);
      if (first == NULL)
        first = row;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fields), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  gtk_window_present (GTK_WINDOW (self));
  /* The first value, not selected, so that a key does not replace it. */
  if (first != NULL)
    {
      GtkWidget *value = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (first)));

      gtk_widget_grab_focus (value);
      gtk_label_select_region (GTK_LABEL (value), 0, 0);
    }
  return GTK_WINDOW (self);
}
