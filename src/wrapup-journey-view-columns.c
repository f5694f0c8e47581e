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
  /* A long comment is ellipsized: the whole of it as a tooltip, made only when asked for
   * (setting a tooltip on every bind asks the X server where the pointer is). */
  if (column == COLUMN_COMMENT)
    {
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

static void
fill_cell (GtkInscription  *label,
           Column           column,
           LcmJourneyEntry *entry)
{
  g_autofree char *formatted = NULL;
  const char *text = NULL;
  char buffer[64];

  switch (column)
    {
    case COLUMN_DATE:
      {
        GDateTime *completed = lcm_journey_entry_get_completed (entry);

        if (completed != NULL)
          /* Translators: a journey row's date and time, see g_date_time_format(). */
          text = formatted = g_date_time_format (completed, _("%d %b %Y %H:%M"));
        else
          text = lcm_journey_entry_get_completed_time_text (entry);
      }
      break;
    case COLUMN_CHANNEL:
      text = lcm_channel_to_label ((LcmChannel) lcm_journey_entry_get_channel (entry));
      break;
    case COLUMN_CAMPAIGN:
      text = lcm_journey_entry_get_campaign_name (entry);
      break;
    case COLUMN_MODE:
      text = lcm_journey_entry_get_mode (entry);
      break;
    case COLUMN_NUMBER:
      text = lcm_journey_entry_get_contact_value (entry);
      break;
    case COLUMN_OUTCOME:
      text = lcm_journey_entry_get_outcome (entry);
      break;
    case COLUMN_AGENT:
      text = lcm_journey_entry_get_agent_name (entry);
      break;
    case COLUMN_COMMENT:
      text = lcm_journey_entry_get_agent_comment (entry);
      break;
    case COLUMN_LEAD_SCORE:
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT,
                  lcm_journey_entry_get_previous_lead_score (entry),
                  lcm_journey_entry_get_current_lead_score (entry));
      text = buffer;
      break;
    case COLUMN_CALL_TYPE:
      text = lcm_call_type_to_label (lcm_journey_entry_get_call_type (entry));
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_inscription_set_text (label, text != NULL ? text : "");
  if (column == COLUMN_DATE)
    name_row (GTK_WIDGET (label), text, entry);
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

}
