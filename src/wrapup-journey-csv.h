/* wrapup-journey-csv.h: the customer's journey as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm.h"

G_BEGIN_DECLS

/* Writes rows (LcmJourneyEntry) to stream as CSV: a header line, then one line a row with the
 * date (ISO 8601, in the row's own zone), channel, campaign, mode, number, outcome, agent,
 * comment, the lead score before and after, and the call type. A cell that starts with
 * = + - @, a tab or a carriage return gets a leading apostrophe (it would run as a formula);
 * text that is not UTF-8 is made valid. Touches only the rows, which do not change once
 * made, so it may run on a worker thread. */
gboolean wrapup_journey_csv_write (GPtrArray      *rows,
                                   GOutputStream  *stream,
                                   GCancellable   *cancellable,
                                   GError        **error);

G_END_DECLS
