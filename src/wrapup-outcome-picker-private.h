/* wrapup-outcome-picker-private.h: the outcome picker's parts, shared by its files
 *
 * wrapup-outcome-picker.c (the search, the lists' selections, the choice, the states),
 * wrapup-outcome-picker-rank.c (the flat list's filter and order),
 * wrapup-outcome-picker-rows.c (the rows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-load-stack.h"
#include "wrapup-outcome-picker.h"

G_BEGIN_DECLS

/* Alt+1…9: as many numbered rows as there are digit keys. */
#define WRAPUP_OUTCOME_PICKER_N_NUMBERED 9

struct _WrapupOutcomePicker
{
  GtkWidget                parent_instance;

  WrapupOutcomePickerKind  kind;
  GListModel              *outcomes;
  GtkTreeListModel        *tree_model;
  GHashTable              *usage;       /* id -> uses */
  GHashTable              *order;       /* outcome -> its position in outcomes, plus one */
  char                    *folded_search;
  WrapupLoadState          state;
  char                    *error;

  gpointer                 chosen;      /* a ref */
  gpointer                 group;       /* a ref: a business group selected */
  GHashTable              *list_items;  /* the rows set up: GtkListItem, not referenced */
  guint                    refresh_source;
  gboolean                 disposed;
  /* Above zero while the code, not the agent, changes a selection. */
  guint                    syncing;

  /* template */
  GtkLabel                *heading;
  GtkSearchEntry          *search;
  WrapupLoadStack         *states;
  GtkWidget               *flat_scroller;
  GtkListView             *flat_view;
  GtkSingleSelection      *flat_selection;
  GtkSortListModel        *sorted;
  GtkFilterListModel      *filtered;
  GtkListView             *tree_view;
  GtkSingleSelection      *tree_selection;
};

/* outcomes, whatever their kind */

static inline gint64
outcome_id (gpointer outcome)
{
  if (LCM_IS_TELEPHONY_OUTCOME (outcome))
    return lcm_telephony_outcome_get_id (outcome);
  return lcm_business_outcome_get_id (outcome);
}

static inline const char *
outcome_name (gpointer outcome)
{
  if (LCM_IS_TELEPHONY_OUTCOME (outcome))
    return lcm_telephony_outcome_get_description (outcome);
  return lcm_business_outcome_get_description (outcome);
}

static inline gboolean
outcome_is_choice (gpointer outcome)
{
  return LCM_IS_TELEPHONY_OUTCOME (outcome) || lcm_business_outcome_is_leaf (outcome);
}

/* The outcome a row of a list shows (a tree's rows hold theirs). A new reference. */
static inline gpointer
dup_row_outcome (gpointer item)
{
  if (GTK_IS_TREE_LIST_ROW (item))
    return gtk_tree_list_row_get_item (item);
  return item != NULL ? g_object_ref (item) : NULL;
}

static inline char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

static inline gboolean
is_searching (WrapupOutcomePicker *self)
{
  return self->folded_search != NULL && *self->folded_search != '\0';
}

/* Whether the tree is what the agent browses now (business, no search). */
static inline gboolean
shows_tree (WrapupOutcomePicker *self)
{
  return self->kind == WRAPUP_OUTCOME_PICKER_BUSINESS && !is_searching (self);
}

/* wrapup-outcome-picker-rank.c */
gboolean            wrapup_outcome_picker_filter_cb         (gpointer             item,
                                                             gpointer             user_data);
int                 wrapup_outcome_picker_compare_cb        (gconstpointer        a,
                                                             gconstpointer        b,
                                                             gpointer             user_data);
/* The gateway's order, kept for the ranking's last word, when the outcomes change. */
void                wrapup_outcome_picker_rebuild_order     (WrapupOutcomePicker *self);
void                wrapup_outcome_picker_resort            (WrapupOutcomePicker *self);

/* wrapup-outcome-picker-rows.c */
GtkListItemFactory *wrapup_outcome_picker_new_row_factory   (WrapupOutcomePicker *self,
                                                             gboolean             tree);
/* The rows show the choice and their numbers again, once the current change is over. */
void                wrapup_outcome_picker_queue_refresh     (WrapupOutcomePicker *self);
/* The position of the nth (from 1) numbered row of the list shown, or
 * GTK_INVALID_LIST_POSITION. */
guint               wrapup_outcome_picker_numbered_position (WrapupOutcomePicker *self,
                                                             guint                n);

G_END_DECLS
