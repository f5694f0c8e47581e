/* wrapup-journey-view-columns.c: the journey table's columns
 *
 * Each column's cells (a GtkInscription each, written again when the row's entry changes),
 * its sorter, and its width: from its header and a representative value measured in the
 * view's own font, so that larger text or a longer translation widens it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-journey-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-accessible.h"
#include "wrapup-interaction-dialog.h"
#include "wrapup-journey-view-private.h"

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
on_comment_query_tooltip_cb (GtkWidget  *label,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip,
                             gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_setup_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_inscription_new (NULL);

  /* Made once per visible cell; bind only sets its text. GtkInscription is the text widget
   * made for list cells: its size does not depend on its text, so binding is cheap. */
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (label), 1);
  if (column == COLUMN_DATE || column == COLUMN_LEAD_SCORE || column == COLUMN_NUMBER)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (label), "title", g_object_get_data (G_OBJECT (factory), "title"));
  /* A long comment is ellipsized: the whole of it as a tooltip, made only when asked for
   * (setting a tooltip on every bind asks the X server where the pointer is). */
  if (column == COLUMN_COMMENT)
    {
      /* The most useful column: two lines of it in the row, all of it on Enter. */
      gtk_inscription_set_min_lines (GTK_INSCRIPTION (label), 2);
      gtk_inscription_set_nat_lines (GTK_INSCRIPTION (label), 2);
      gtk_inscription_set_wrap_mode (GTK_INSCRIPTION (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_comment_query_tooltip_cb), NULL);
    }
  gtk_list_item_set_child (item, label);
}

/* A screen reader names a row by its date, channel and outcome ("2 Dec 2026 10:14, Voice,
 * Busy"). The row is the widget around the date's cell, which GTK itself leaves unnamed
 * (GtkColumnViewRow's accessible label came with GTK 4.12, through a row factory). */
static void
name_row (GtkWidget       *date_label,
          const char      *date,
          LcmJourneyEntry *entry)
{
  GtkWidget *cell = gtk_widget_get_parent (date_label);
  GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  const char *outcome = lcm_journey_entry_get_outcome (entry);
  g_autofree char *name = NULL;

  if (row == NULL)
    return;
  /* Translators: a journey row for screen readers: its date, channel and outcome */
  name = g_strdup_printf (_("%s, %s, %s"), date != NULL ? date : "",
                          lcm_channel_to_label ((LcmChannel) lcm_journey_entry_get_channel (entry)),
                          outcome != NULL ? outcome : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* A screen reader names a cell by its column and value ("Lead Score: 47 → 50"), an empty
 * one too. The header's title comes from the column, kept on the cell's label. */
static void
name_cell (GtkWidget  *label,
           Column      column,
           const char *text)
{
  GtkWidget *cell = gtk_widget_get_parent (label);
  const char *title = g_object_get_data (G_OBJECT (label), "title");
  g_autofree char *name = NULL;

  if (cell == NULL || title == NULL)
    return;
  /* Translators: a journey cell for screen readers: its column, then its value */
  name = g_strdup_printf (_("%s: %s"), title, text != NULL && *text != '\0' ? text : _("none"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* A journey row's date and time, in the agent's language. */
static char *
format_date (GDateTime *when)
{
  /* Translators: a journey row's date and time, see g_date_time_format(). */
  return g_date_time_format (when, _("%d %b %Y %H:%M"));
}

/* What a cell of the column shows for the entry, as people read it. */
static char *
dup_cell_text (LcmJourneyEntry *entry,
               Column           column)
{
  switch (column)
    {
    case COLUMN_DATE:
      if (lcm_journey_entry_get_completed (entry) != NULL)
        return format_date (lcm_journey_entry_get_completed (entry));
      return g_strdup (lcm_journey_entry_get_completed_time_text (entry));
    case COLUMN_CHANNEL:
      return g_strdup (lcm_channel_to_label ((LcmChannel) lcm_journey_entry_get_channel (entry)));
    case COLUMN_LEAD_SCORE:
      return g_strdup_printf ("%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT,
                              lcm_journey_entry_get_previous_lead_score (entry),
                              lcm_journey_entry_get_current_lead_score (entry));
    case COLUMN_CALL_TYPE:
      return g_strdup (lcm_call_type_to_label (lcm_journey_entry_get_call_type (entry)));
    case COLUMN_CAMPAIGN:
      return g_strdup (lcm_journey_entry_get_campaign_name (entry));
    case COLUMN_MODE:
      return g_strdup (lcm_callback_mode_to_label (lcm_journey_entry_get_mode (entry)));
    case COLUMN_NUMBER:
      return g_strdup (lcm_journey_entry_get_contact_value (entry));
    case COLUMN_OUTCOME:
      return g_strdup (lcm_journey_entry_get_outcome (entry));
    case COLUMN_AGENT:
      return g_strdup (lcm_journey_entry_get_agent_name (entry));
    case COLUMN_COMMENT:
      return g_strdup (lcm_journey_entry_get_agent_comment (entry));
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
fill_cell (GtkInscription  *label,
           Column           column,
           LcmJourneyEntry *entry)
{
  g_autofree char *text = dup_cell_text (entry, column);

  gtk_inscription_set_text (label, text != NULL ? text : "");
  if (column == COLUMN_DATE)
    name_row (GTK_WIDGET (label), text, entry);
  name_cell (GTK_WIDGET (label), column, text);
}

/* A row of the view shows another journey entry (the filter or the sort changed): its cells
 * are written again, the widgets stay. */
static void
on_row_item_changed_cb (WrapupStableRow *row,
                        GParamSpec      *pspec,
                        GtkListItem     *item)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  fill_cell (GTK_INSCRIPTION (label),
             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column")),
             wrapup_stable_row_get_item (row));
}

static void
on_bind_cell_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  WrapupStableRow *row = gtk_list_item_get_item (item);

  fill_cell (GTK_INSCRIPTION (gtk_list_item_get_child (item)), GPOINTER_TO_INT (user_data),
             wrapup_stable_row_get_item (row));
  g_signal_connect (row, "notify::item", G_CALLBACK (on_row_item_changed_cb), item);
}

static void
on_unbind_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), on_row_item_changed_cb,
                                        item);
}

static const char *
column_text (LcmJourneyEntry *entry,
             Column           column)
{
  switch (column)
    {
    case COLUMN_CAMPAIGN:
      return lcm_journey_entry_get_campaign_name (entry);
    case COLUMN_MODE:
      return lcm_journey_entry_get_mode (entry);
    case COLUMN_NUMBER:
      return lcm_journey_entry_get_contact_value (entry);
    case COLUMN_OUTCOME:
      return lcm_journey_entry_get_outcome (entry);
    case COLUMN_AGENT:
      return lcm_journey_entry_get_agent_name (entry);
    case COLUMN_COMMENT:
      return lcm_journey_entry_get_agent_comment (entry);
    case COLUMN_CALL_TYPE:
      return lcm_journey_entry_get_call_type (entry);
    case COLUMN_DATE:
    case COLUMN_CHANNEL:
    case COLUMN_LEAD_SCORE:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Case-insensitive order of a text column, without allocating for ASCII text.
 *
 * Not a GtkStringSorter: through the column view's sorter GTK 4.8 cannot use its sort keys
 * and casefolds and collates both strings on every comparison, which took a second for
 * 50,000 rows. The order is that of case-folded code points, the same for ASCII as
 * g_ascii_strcasecmp(), rather than the locale's collation. */
static int
compare_text_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  const char *x = column_text ((LcmJourneyEntry *) a, column);
  const char *y = column_text ((LcmJourneyEntry *) b, column);
  g_autofree char *folded_x = NULL;
  g_autofree char *folded_y = NULL;
  int result;

  x = x != NULL ? x : "";
  y = y != NULL ? y : "";
  if (is_ascii (x) && is_ascii (y))
    result = g_ascii_strcasecmp (x, y);
  else
    {
      folded_x = g_utf8_casefold (x, -1);
      folded_y = g_utf8_casefold (y, -1);
      result = strcmp (folded_x, folded_y);
    }
  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER
                                                        : GTK_ORDERING_EQUAL;
}

static GtkSorter *
text_sorter (Column column)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_text_cb, GINT_TO_POINTER (column), NULL));
}

static GtkSorter *
numeric_sorter (const char *property)
{
  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (LCM_TYPE_JOURNEY_ENTRY,
                                                                          NULL, property)));
}

/* Column widths from their header and a representative value, measured in the view's own
 * font: larger text or a longer translation widens them; the comment takes the rest. */
static int
text_width (GtkWidget  *widget,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_unref (layout);
  return width;
}

static void
update_column_widths (WrapupJourneyView *self)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  g_autoptr(GDateTime) late_in_year = g_date_time_new_local (2026, 12, 28, 23, 59, 0);
  g_autofree char *date = format_date (late_in_year);
  const char *samples[N_COLUMNS] = {
    [COLUMN_DATE] = date,
    [COLUMN_CAMPAIGN] = "Retention-Q4-2026",
    [COLUMN_MODE] = "Progressive",
    [COLUMN_NUMBER] = "447700900123",
    [COLUMN_OUTCOME] = "Answering Machine",
    [COLUMN_AGENT] = "Agent 0042",
    [COLUMN_COMMENT] = "Asked for a quote by email",
    [COLUMN_LEAD_SCORE] = "100 → 100",
  };
  const char *channels[] = {
    lcm_channel_to_label (LCM_CHANNEL_SMS), lcm_channel_to_label (LCM_CHANNEL_VOICE),
    lcm_channel_to_label (LCM_CHANNEL_EMAIL),
  };
  const char *call_types[] = {
    lcm_call_type_to_label ("Inbound"), lcm_call_type_to_label ("Outbound"),
    lcm_call_type_to_label ("Manual"),
  };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const char *title = gtk_column_view_column_get_title (self->columns[i]);
      /* Headers are bold and carry the sort arrow; cells have their padding. */
      int width = title != NULL ? text_width (view, title) * 11 / 10 + 16 : 0;

      if (i == COLUMN_CHANNEL)
        for (guint j = 0; j < G_N_ELEMENTS (channels); j++)
          width = MAX (width, text_width (view, channels[j]));
      else if (i == COLUMN_CALL_TYPE)
        for (guint j = 0; j < G_N_ELEMENTS (call_types); j++)
          width = MAX (width, text_width (view, call_types[j]));
      else
        width = MAX (width, text_width (view, samples[i]));
      gtk_column_view_column_set_fixed_width (self->columns[i], width + 24);
    }
}

static void
on_font_changed_cb (WrapupJourneyView *self)
{
  update_column_widths (self);
}

/* The interaction at a position of the table, shown whole (every field, the whole comment). */
static void
show_interaction (WrapupJourneyView *self,
                  guint              position)
{
  g_autoptr(WrapupStableRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  LcmJourneyEntry *entry = row != NULL ? wrapup_stable_row_get_item (row) : NULL;
  const char *fields[N_COLUMNS + 1] = { NULL };
  char *values[N_COLUMNS + 1] = { NULL };
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (entry == NULL || !GTK_IS_WINDOW (root))
    return;
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      fields[i] = gtk_column_view_column_get_title (self->columns[i]);
      values[i] = dup_cell_text (entry, i);
      if (values[i] == NULL)
        values[i] = g_strdup ("");
    }
  date = dup_cell_text (entry, COLUMN_DATE);
  /* Translators: the window showing one interaction of the journey whole, by its date */
  title = g_strdup_printf (_("Interaction of %s"), date != NULL ? date : "");
  wrapup_interaction_dialog_new (GTK_WINDOW (root), title, fields, (const char * const *) values);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (values[i]);
}

static void
on_row_activate_cb (GtkColumnView     *view,
                    guint              position,
                    WrapupJourneyView *self)
{
  show_interaction (self, position);
}

/* Space opens the row too (Enter activates it). */
static gboolean
on_table_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         WrapupJourneyView     *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if ((keyval != GDK_KEY_space && keyval != GDK_KEY_KP_Space)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0
      || position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  show_interaction (self, position);
  return TRUE;
}

/* Sorting from the keyboard (the rows bar's Sort menu): a column and an order, applied as
 * a click on the column's header would. */
static void
apply_sort (WrapupJourneyView *self)
{
  GVariant *column = g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "column");
  GVariant *order = g_action_group_get_action_state (G_ACTION_GROUP (self->sort_actions), "order");
  guint64 index = g_ascii_strtoull (g_variant_get_string (column, NULL), NULL, 10);

  if (index < N_COLUMNS)
    gtk_column_view_sort_by_column (self->column_view, self->columns[index],
                                    g_str_equal (g_variant_get_string (order, NULL), "ascending")
                                      ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING);
  g_variant_unref (column);
  g_variant_unref (order);
}

static void
on_sort_change_state_cb (GSimpleAction     *action,
                         GVariant          *value,
                         WrapupJourneyView *self)
{
  g_simple_action_set_state (action, value);
  apply_sort (self);
}

static void
add_sort_actions (WrapupJourneyView *self)
{
  const struct { const char *name, *initial; } actions[] = {
    { "column", "0" },        /* COLUMN_DATE */
    { "order", "descending" }, /* newest first */
  };

  self->sort_actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action =
        g_simple_action_new_stateful (actions[i].name, G_VARIANT_TYPE_STRING,
                                      g_variant_new_string (actions[i].initial));

      g_signal_connect (action, "change-state", G_CALLBACK (on_sort_change_state_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self->sort_actions), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sort", G_ACTION_GROUP (self->sort_actions));
}

void
wrapup_journey_view_init_columns (WrapupJourneyView *self)
{
  GtkSorter *sorters[N_COLUMNS];
  GtkMultiSorter *lead_score;

  /* Every column sorts; dates and scores as numbers. */
  sorters[COLUMN_DATE] = numeric_sorter ("completed-unix");
  sorters[COLUMN_CHANNEL] = numeric_sorter ("channel");
  sorters[COLUMN_CAMPAIGN] = text_sorter (COLUMN_CAMPAIGN);
  sorters[COLUMN_MODE] = text_sorter (COLUMN_MODE);
  sorters[COLUMN_NUMBER] = text_sorter (COLUMN_NUMBER);
  sorters[COLUMN_OUTCOME] = text_sorter (COLUMN_OUTCOME);
  sorters[COLUMN_AGENT] = text_sorter (COLUMN_AGENT);
  sorters[COLUMN_COMMENT] = text_sorter (COLUMN_COMMENT);
  lead_score = gtk_multi_sorter_new ();
  gtk_multi_sorter_append (lead_score, numeric_sorter ("current-lead-score"));
  gtk_multi_sorter_append (lead_score, numeric_sorter ("previous-lead-score"));
  sorters[COLUMN_LEAD_SCORE] = GTK_SORTER (lead_score);
  sorters[COLUMN_CALL_TYPE] = text_sorter (COLUMN_CALL_TYPE);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      /* The column's title, for the names of its cells. */
      g_object_set_data_full (G_OBJECT (factory), "title",
                              g_strdup (gtk_column_view_column_get_title (self->columns[i])), g_free);
      g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cell_cb), NULL);
      gtk_column_view_column_set_factory (self->columns[i], factory);
      gtk_column_view_column_set_sorter (self->columns[i], sorters[i]);
      g_object_unref (factory);
      g_object_unref (sorters[i]);
    }

  gtk_sort_list_model_set_sorter (self->sorted, gtk_column_view_get_sorter (self->column_view));
  /* Newest first. */
  gtk_column_view_sort_by_column (self->column_view, self->columns[COLUMN_DATE],
                                  GTK_SORT_DESCENDING);


  update_column_widths (self);
  add_sort_actions (self);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-xft-dpi",
                           G_CALLBACK (on_font_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-font-name",
                           G_CALLBACK (on_font_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_row_activate_cb), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_table_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  }
}
