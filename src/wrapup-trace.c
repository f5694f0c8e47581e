/* wrapup-trace.c: timestamps of the steps of a start-up or a call's opening, for bench/
 *
 * Off unless the benchmark asks for it in the environment: one test of a static flag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "wrapup-trace.h"

gboolean
wrapup_trace_enabled (void)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("WRAPUP_REPORT_READY") != NULL;
  return enabled;
}

void
wrapup_trace_report (const char *event)
{
  if (!wrapup_trace_enabled ())
    return;
  printf ("%s %" G_GINT64_FORMAT "\n", event, g_get_monotonic_time ());
  fflush (stdout);
}

void
wrapup_trace_mark (const char *format,
                   ...)
{
  g_autofree char *step = NULL;
  g_autofree char *name = NULL;
  va_list args;

  if (!wrapup_trace_enabled ())
    return;
  va_start (args, format);
  step = g_strdup_vprintf (format, args);
  va_end (args);
  name = g_strconcat ("trace-", step, NULL);
  wrapup_trace_report (name);
}
