/* wrapup-history-panel.h: the customer's last interactions, beside the wrap-up
 *
 * The five most recent interactions of the call's journey, newest first: when, on which
 * channel, the outcome, the agent and the whole comment (wrapped, never cut), with the
 * journey's load states and a Full Journey button (win.show-journey). It follows the call's
 * journey model, which refreshes by itself after a save. The call's window shows it on
 * windows wider than WRAPUP_HISTORY_PANEL_MIN_WINDOW_WIDTH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-call.h"

G_BEGIN_DECLS

/* Below this window width the form needs the room. */
#define WRAPUP_HISTORY_PANEL_MIN_WINDOW_WIDTH 1200
/* How many interactions it shows. */
#define WRAPUP_HISTORY_PANEL_ROWS 5

#define WRAPUP_TYPE_HISTORY_PANEL (wrapup_history_panel_get_type ())
G_DECLARE_FINAL_TYPE (WrapupHistoryPanel, wrapup_history_panel, WRAPUP, HISTORY_PANEL, GtkWidget)

GtkWidget *wrapup_history_panel_new      (WrapupCall         *call);
/* The rows' list (GtkListBox), for tests. */
GtkWidget *wrapup_history_panel_get_list (WrapupHistoryPanel *self);

G_END_DECLS
