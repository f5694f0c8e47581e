/* wrapup-trace.h: timestamps of the steps of a start-up or a call's opening, for bench/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when WRAPUP_REPORT_READY is set in the environment (read once). */
gboolean wrapup_trace_enabled (void);
/* When enabled, prints "EVENT MONOTONIC_US" on stdout at once. MONOTONIC_US is
 * g_get_monotonic_time(), CLOCK_MONOTONIC: the same clock in every process, so the
 * benchmark that started us can subtract its own start time. */
void     wrapup_trace_report  (const char *event);
/* The same as "trace-STEP", STEP made from the printf-style FORMAT: a step on the way, for
 * bench/run.py --timeline. Nothing is formatted unless enabled. */
void     wrapup_trace_mark    (const char *format,
                               ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
