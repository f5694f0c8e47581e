/* wrapup-outcome-picker-rank.c: the order and the filter of an outcome picker's flat list
 *
 * With a search, a name that starts with it first, then a name with a word that does;
 * then the agent's most used outcomes; then the gateway's order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-outcome-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-outcome-picker-private.h"

/* 0: the name starts with the search; 1: a word of the name (or of a result's path) does;
 * 2: the search is elsewhere in it. */
static int
match_rank (WrapupOutcomePicker *self,
            gpointer             outcome)
{
  g_autofree char *path = LCM_IS_BUSINESS_OUTCOME (outcome)
                          ? lcm_business_outcome_dup_path (outcome)
                          : g_strdup (outcome_name (outcome));
  g_autofree char *name = fold (outcome_name (outcome));
  g_autofree char *folded_path = fold (path);
  const char *search = self->folded_search;

  if (g_str_has_prefix (name, search))
    return 0;
  for (const char *p = folded_path; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (!g_unichar_isalnum (c) && g_str_has_prefix (next, search))
        return 1;
    }
  return 2;
}

static guint
uses_of (WrapupOutcomePicker *self,
         gpointer             outcome)
{
  gint64 id = outcome_id (outcome);

  return self->usage != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (self->usage, &id)) : 0;
}

int
wrapup_outcome_picker_compare_cb (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  WrapupOutcomePicker *self = user_data;
  guint uses_a, uses_b;
  guint order_a, order_b;

  if (is_searching (self))
    {
      int rank_a = match_rank (self, (gpointer) a);
      int rank_b = match_rank (self, (gpointer) b);

      if (rank_a != rank_b)
        return rank_a < rank_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
    }
  uses_a = uses_of (self, (gpointer) a);
  uses_b = uses_of (self, (gpointer) b);
  if (uses_a != uses_b)
    return uses_a > uses_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  /* Then the gateway's own order. */
  order_a = GPOINTER_TO_UINT (g_hash_table_lookup (self->order, a));
  order_b = GPOINTER_TO_UINT (g_hash_table_lookup (self->order, b));
  if (order_a != order_b)
    return order_a < order_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return GTK_ORDERING_EQUAL;
}

void
wrapup_outcome_picker_rebuild_order (WrapupOutcomePicker *self)
{
  guint n = self->outcomes != NULL ? g_list_model_get_n_items (self->outcomes) : 0;

  g_hash_table_remove_all (self->order);
  for (guint i = 0; i < n; i++)
    {
      /* The model keeps the item: the table does not need a reference of its own. */
      g_autoptr(GObject) item = g_list_model_get_item (self->outcomes, i);

      g_hash_table_insert (self->order, item, GUINT_TO_POINTER (i + 1));
    }
}

void
wrapup_outcome_picker_resort (WrapupOutcomePicker *self)
{
  GtkSorter *sorter = gtk_sort_list_model_get_sorter (self->sorted);

  if (sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

gboolean
wrapup_outcome_picker_filter_cb (gpointer item,
                   gpointer user_data)
{
  WrapupOutcomePicker *self = user_data;
  g_autofree char *path = NULL;
  g_autofree char *folded = NULL;

  /* Only leaves are results: a group is browsed in the tree. */
  if (!outcome_is_choice (item))
    return FALSE;
  if (!is_searching (self))
    return TRUE;
  path = LCM_IS_BUSINESS_OUTCOME (item) ? lcm_business_outcome_dup_path (item)
                                        : g_strdup (outcome_name (item));
  folded = fold (path);
  return strstr (folded, self->folded_search) != NULL;
}
