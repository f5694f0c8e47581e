/* wrapup-journey-view-private.h: the journey view's parts, shared by its files
 *
 * wrapup-journey-view.c: the query, the states, the export; wrapup-journey-view-columns.c:
 * the table's columns (cells, sorting, widths) and the interaction shown whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-journey-view.h"
#include "wrapup-load-stack.h"
#include "wrapup-stable-list-model.h"
#include "wrapup-text-filter-model.h"

G_BEGIN_DECLS

typedef enum
{
  COLUMN_DATE,
  COLUMN_CHANNEL,
  COLUMN_CAMPAIGN,
  COLUMN_MODE,
  COLUMN_NUMBER,
  COLUMN_OUTCOME,
  COLUMN_AGENT,
  COLUMN_COMMENT,
  COLUMN_LEAD_SCORE,
  COLUMN_CALL_TYPE,
  N_COLUMNS
} Column;

struct _WrapupJourneyView
{
  AdwBin               parent_instance;

  WrapupCall          *call;
  /* The call's signals, following whichever call the view shows. */
  GSignalGroup        *call_signals;
  GSettings           *settings;

  GtkSortListModel    *sorted;
  WrapupTextFilterModel *filtered;
  /* What the column view shows: the filtered rows, by position (see
   * wrapup-stable-list-model.c), and which of them is selected. */
  WrapupStableListModel *stable;
  GtkSingleSelection  *selection;

  GtkFileChooserNative *export_dialog;
  GCancellable        *export_cancellable;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkMenuButton       *channel_button;
  GtkMenuButton       *months_button;
  /* Which of the channel and period choices the filter bar shows (indexes into them). */
  guint                channel_choice;
  guint                months_choice;
  GtkEntry            *key_entry;
  GtkEntry            *campaign_entry;
  GtkRevealer         *query_error_revealer;
  GtkRevealer         *stale_revealer;
  /* The filters as the last Search sent them (show_query): when the bar differs, the rows
   * shown are out of date. */
  char                *applied_filters;
  GtkLabel            *query_error_label;
  GtkSearchEntry      *filter_entry;
  GtkLabel            *count_label;
  WrapupLoadStack     *states;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *columns[N_COLUMNS];
  /* sort.column and sort.order: the Sort menu's choice (wrapup-journey-view-columns.c). */
  GSimpleActionGroup  *sort_actions;
};

/* The choices of the channel and period menus, in their order
 * (wrapup-journey-view-filters.c). */
#define N_CHANNEL_CHOICES 4
#define N_MONTH_CHOICES   4
extern const LcmChannel wrapup_journey_channel_choices[N_CHANNEL_CHOICES];
extern const guint      wrapup_journey_month_choices[N_MONTH_CHOICES];

/* wrapup-journey-view-columns.c */

void wrapup_journey_view_init_columns (WrapupJourneyView *self);

void
wrapup_journey_view_set_channel_choice (WrapupJourneyView *self,
                                        guint              index);

void
wrapup_journey_view_set_months_choice (WrapupJourneyView *self,
                                       guint              index);

WrapupLoadState
wrapup_journey_view_journey_state (WrapupJourneyView *self);

void
wrapup_journey_view_clear_query_error (WrapupJourneyView *self);

void
wrapup_journey_view_update_stale (WrapupJourneyView *self);

void
wrapup_journey_view_show_query (WrapupJourneyView *self);

gboolean
wrapup_journey_view_put_remembered_filters (GSettings  *settings,
                                            WrapupCall *call);

void
wrapup_journey_view_apply_remembered_filters (WrapupJourneyView *self);

void
wrapup_journey_view_apply_query (WrapupJourneyView *self);

void
wrapup_journey_view_set_text_filter (WrapupJourneyView *self,
                                     const char        *text);

G_END_DECLS
