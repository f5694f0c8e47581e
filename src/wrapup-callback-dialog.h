/* wrapup-callback-dialog.h: booking a personal callback
 *
 * Presets on single keys (Alt+H in an hour, Alt+S tomorrow at this time, Alt+1 tomorrow at
 * 10:00, Alt+N the next working day, in English), one day (a calendar: a past day is
 * refused) and a time window (24-hour), the callback mode chosen from the contact's modes
 * (showing the number; the number dialled is preselected), validation as the agent types
 * (not in the past, end after start, at most LCM_MAX_CALLBACK_DAYS_AHEAD days ahead; a hint
 * until the agent has done something, an error after) and a line saying which time zone
 * the times are in. "Book" (or Enter in a field) emits "booked" and closes; it is
 * insensitive while the window is invalid.
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
 * for the defaults: the next full hour, for an hour; the mode whose number is
 * dialled_number (digits compared, may be NULL), else the only mode if there is one). The
 * focus starts on the start's hour; Enter in a field books when the booking is valid.
 * Signal "booked" (GDateTime *start, GDateTime *end, gint64 mode_id). */
WrapupCallbackDialog *wrapup_callback_dialog_new (GtkWindow   *parent,
                                                  GListModel  *modes,
                                                  GDateTime   *start,
                                                  GDateTime   *end,
                                                  gint64       mode_id,
                                                  const char  *dialled_number);

G_END_DECLS
