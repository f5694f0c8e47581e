/* wrapup-journey-view.h: the customer's journey of a call
 *
 * A sortable GtkColumnView over the call's journey, the filters that map onto
 * GetCustomerJourney (channel, month range, account or contact number, campaign), a text
 * filter over the loaded rows, empty/loading/error states, and CSV export of the rows shown.
 * Actions: journey.refresh (F5), journey.export (Ctrl+E), journey.focus-search (Ctrl+F).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-call.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_JOURNEY_VIEW (wrapup_journey_view_get_type ())
G_DECLARE_FINAL_TYPE (WrapupJourneyView, wrapup_journey_view, WRAPUP, JOURNEY_VIEW, AdwBin)

/* Puts on the call's journey query the channel and period the agent chose last time, as
 * read from SETTINGS (the application's; NULL: nothing to put), before the call first
 * loads: what a view of it would do, for a call whose Journey page is not built yet. */
void        wrapup_journey_view_prepare_call (WrapupCall        *call,
                                              GSettings         *settings);
GtkWidget  *wrapup_journey_view_new          (void);
WrapupCall *wrapup_journey_view_get_call     (WrapupJourneyView *self);
void        wrapup_journey_view_set_call     (WrapupJourneyView *self,
                                              WrapupCall        *call);
/* The rows as shown: filtered by the text filter and sorted by the view. */
GListModel *wrapup_journey_view_get_shown    (WrapupJourneyView *self);
/* Writes the shown rows as CSV (RFC 4180, UTF-8, a header line). */
gboolean    wrapup_journey_view_write_csv    (WrapupJourneyView *self,
                                              GOutputStream     *stream,
                                              GCancellable      *cancellable,
                                              GError           **error);

G_END_DECLS
