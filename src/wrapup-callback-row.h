/* wrapup-callback-row.h: the wrap-up form's personal callback row
 *
 * "Personal callback", what is booked ("Tue 14 May, 10:00 – 11:00 · Mobile — 447700900123")
 * or why nothing can be (the contact's numbers loading, failed, none), Book/Change and
 * Remove. Its buttons activate the form's actions (disposition.book-callback and
 * disposition.clear-callback); the form tells the row what to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-call.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_CALLBACK_ROW (wrapup_callback_row_get_type ())
G_DECLARE_FINAL_TYPE (WrapupCallbackRow, wrapup_callback_row, WRAPUP, CALLBACK_ROW, AdwActionRow)

GtkWidget *wrapup_callback_row_new    (void);
/* start and end: the booked window (both NULL for none); mode_id: its number, named from
 * modes (the contact's LcmCallbackMode list, in modes_state; modes_error when it failed).
 * has_call: FALSE while the form has no call. */
void       wrapup_callback_row_update (WrapupCallbackRow *self,
                                       GDateTime         *start,
                                       GDateTime         *end,
                                       gint64             mode_id,
                                       GListModel        *modes,
                                       WrapupLoadState    modes_state,
                                       const char        *modes_error,
                                       gboolean           has_call);

/* "Tue 14 May, 10:00 – 11:00 · Mobile — 447700900123": a callback window in local time and
 * the number, named from modes (the raw id when the list no longer has it). */
char      *wrapup_callback_dup_summary (GDateTime  *start,
                                        GDateTime  *end,
                                        gint64      mode_id,
                                        GListModel *modes);

G_END_DECLS
