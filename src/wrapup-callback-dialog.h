/* wrapup-callback-dialog.h: booking a personal callback
 *
 * Date window (calendars) and time window (24-hour), the callback mode chosen from the
 * contact's modes (showing the number), validation as the agent types (not in the past, end
 * after start, at most LCM_MAX_CALLBACK_DAYS_AHEAD days ahead) and a line saying which time
 * zone the times are in. "Book" emits "booked" and closes; it is insensitive while the
 * window is invalid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WRAPUP_TYPE_CALLBACK_DIALOG (wrapup_callback_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WrapupCallbackDialog, wrapup_callback_dialog, WRAPUP, CALLBACK_DIALOG,
                      AdwWindow)

/* modes: a GListModel of LcmCallbackMode. start/end/mode_id pre-fill the form (NULL/LCM_NONE
 * for the defaults: the next full hour, for 30 minutes; the only mode if there is one).
 * Signal "booked" (GDateTime *start, GDateTime *end, gint64 mode_id). */
WrapupCallbackDialog *wrapup_callback_dialog_new (GtkWindow   *parent,
                                                  GListModel  *modes,
                                                  GDateTime   *start,
                                                  GDateTime   *end,
                                                  gint64       mode_id);

G_END_DECLS
