/* wrapup-ready-report.h: when the first frame and a ready call were shown, for bench/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With WRAPUP_REPORT_READY set in the environment, prints to stdout, once each:
 *   first-frame MONOTONIC_US   after the first window of the application was painted
 *   call-ready MONOTONIC_US    after a call window was painted with every section loaded
 *                              (both outcome lists, callback modes and the journey)
 * MONOTONIC_US is g_get_monotonic_time(), CLOCK_MONOTONIC: the same clock in every process,
 * so the benchmark that started us can subtract its own start time. Does nothing otherwise. */
void wrapup_ready_report_watch (GtkApplication *application);

G_END_DECLS
