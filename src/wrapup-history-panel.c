/* wrapup-history-panel.c: the customer's last interactions, beside the wrap-up
 *
 * Built in code: a heading, the Full Journey button, and a WrapupLoadStack whose content is
 * a list of at most WRAPUP_HISTORY_PANEL_ROWS rows, rebuilt when the journey changes (it
 * changes a few times per call, and the rows are few).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-history-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-accessible.h"
#include "wrapup-history-panel.h"
#include "wrapup-load-stack.h"

struct _WrapupHistoryPanel
{
  GtkWidget        parent_instance;

  WrapupCall      *call;
  WrapupLoadStack *states;
  GtkListBox      *list;
};

G_DEFINE_FINAL_TYPE (WrapupHistoryPanel, wrapup_history_panel, GTK_TYPE_WIDGET)

static GtkWidget *
new_label (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
create_row (LcmJourneyEntry *entry)
{
  GDateTime *completed = lcm_journey_entry_get_completed (entry);
  g_autofree char *when = NULL;
  g_autofree char *first_line = NULL;
  g_autofree char *accessible = NULL;
  const char *channel = lcm_channel_to_label ((LcmChannel) lcm_journey_entry_get_channel (entry));
  const char *outcome = lcm_journey_entry_get_outcome (entry);
  const char *agent = lcm_journey_entry_get_agent_name (entry);
  const char *comment = lcm_journey_entry_get_agent_comment (entry);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *row = gtk_list_box_row_new ();

  if (completed != NULL)
    /* Translators: a journey row's date and time, see g_date_time_format(). */
    when = g_date_time_format (completed, _("%d %b %Y %H:%M"));
  else
    when = g_strdup (lcm_journey_entry_get_completed_time_text (entry));
  /* Translators: when an interaction was and on which channel ("02 Dec 2026 10:12 · Voice") */
  first_line = g_strdup_printf (_("%s · %s"), when != NULL ? when : "", channel);

  gtk_box_append (GTK_BOX (box), new_label (first_line, "caption"));
  gtk_box_append (GTK_BOX (box), new_label (outcome != NULL && *outcome != '\0'
                                            ? outcome : _("No outcome"), "heading"));
  if (agent != NULL && *agent != '\0')
    gtk_box_append (GTK_BOX (box), new_label (agent, "dim-label"));
  /* The whole comment, the most useful part: wrapped, never cut. */
  if (comment != NULL && *comment != '\0')
    gtk_box_append (GTK_BOX (box), new_label (comment, NULL));

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Read, not visited: Tab goes past (a screen reader still reads the rows). */
  gtk_widget_set_focusable (row, FALSE);
  /* Translators: a recent interaction, for screen readers: when, channel, outcome */
  accessible = g_strdup_printf (_("%s, %s, %s"), when != NULL ? when : "", channel,
                                outcome != NULL ? outcome : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  gint64 first = lcm_journey_entry_get_completed_unix (*(LcmJourneyEntry **) a);
  gint64 second = lcm_journey_entry_get_completed_unix (*(LcmJourneyEntry **) b);

  return (second > first) - (second < first);
}

static void
update (WrapupHistoryPanel *self)
{
  WrapupLoadState state = wrapup_call_get_load_state (self->call, WRAPUP_SECTION_JOURNEY);
  GListModel *journey = wrapup_call_get_journey (self->call);
  guint n = g_list_model_get_n_items (journey);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_full (WRAPUP_HISTORY_PANEL_ROWS + 1,
                                                       g_object_unref);
  GtkWidget *child;

  if (state == WRAPUP_LOAD_FAILED)
    {
      wrapup_load_stack_show_failed (self->states, NULL,
                                     wrapup_call_get_load_error (self->call,
                                                                 WRAPUP_SECTION_JOURNEY));
      return;
    }
  if (state != WRAPUP_LOAD_READY)
    {
      wrapup_load_stack_show_loading (self->states, _("Loading the customer’s journey…"));
      return;
    }

  /* The newest few, in one pass: each row's entry is made and dropped (a journey can hold
   * 100,000, made only when asked for), the few newest kept, newest first, the earlier of
   * two at the same time first. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);
      guint position = entries->len;

      while (position > 0 && compare_newest_first (&entry, &entries->pdata[position - 1]) < 0)
        position--;
      if (position >= WRAPUP_HISTORY_PANEL_ROWS)
        continue;
      g_ptr_array_insert (entries, (int) position, g_steal_pointer (&entry));
      if (entries->len > WRAPUP_HISTORY_PANEL_ROWS)
        g_ptr_array_remove_index (entries, entries->len - 1);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (entries, i)));

  if (entries->len == 0)
    wrapup_load_stack_show_empty (self->states, NULL, _("No earlier interactions"));
  else
    wrapup_load_stack_show_page (self->states, "list");
}

static void
on_load_state_changed_cb (WrapupCall         *call,
                          WrapupSection       section,
                          WrapupHistoryPanel *self)
{
  if (section == WRAPUP_SECTION_JOURNEY)
    update (self);
}

static void
wrapup_history_panel_dispose (GObject *object)
{
  WrapupHistoryPanel *self = WRAPUP_HISTORY_PANEL (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->call);

  G_OBJECT_CLASS (wrapup_history_panel_parent_class)->dispose (object);
}

static void
wrapup_history_panel_class_init (WrapupHistoryPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wrapup_history_panel_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "history-panel");
}

static void
wrapup_history_panel_init (WrapupHistoryPanel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = new_label (_("Recent interactions"), "heading");
  GtkWidget *full = gtk_button_new_with_mnemonic (_("Full _Journey"));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_set_size_request (GTK_WIDGET (self), 300, -1);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 18);

  gtk_widget_set_hexpand (heading, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (full), "win.show-journey");
  gtk_widget_add_css_class (full, "flat");
  gtk_box_append (GTK_BOX (header), heading);
  gtk_box_append (GTK_BOX (header), full);
  wrapup_accessible_repair (full);
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Recent interactions"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_accessible_update_property (GTK_ACCESSIBLE (scroller), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Recent interactions"), -1);

  self->states = WRAPUP_LOAD_STACK (wrapup_load_stack_new (TRUE));
  gtk_widget_set_vexpand (GTK_WIDGET (self->states), TRUE);
  wrapup_load_stack_add_page (self->states, scroller, "list");
  gtk_widget_set_parent (GTK_WIDGET (self->states), GTK_WIDGET (self));
}

GtkWidget *
wrapup_history_panel_new (WrapupCall *call)
{
  WrapupHistoryPanel *self;

  g_return_val_if_fail (WRAPUP_IS_CALL (call), NULL);

  self = g_object_new (WRAPUP_TYPE_HISTORY_PANEL, NULL);
  self->call = g_object_ref (call);
  g_signal_connect_object (call, "load-state-changed", G_CALLBACK (on_load_state_changed_cb),
                           self, 0);
  g_signal_connect_object (wrapup_call_get_journey (call), "items-changed",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

GtkWidget *
wrapup_history_panel_get_list (WrapupHistoryPanel *self)
{
  g_return_val_if_fail (WRAPUP_IS_HISTORY_PANEL (self), NULL);
  return GTK_WIDGET (self->list);
}
