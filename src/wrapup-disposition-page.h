/* wrapup-disposition-page.h: the wrap-up form of a call
 *
 * Telephony outcome (searchable list), business outcome (searchable tree), comments, lead
 * score, target amount, an optional personal callback, and submit. Actions, installed on
 * the widget class and reachable by keyboard:
 *   disposition.submit         (Ctrl+Return)
 *   disposition.book-callback  (Ctrl+B) opens WrapupCallbackDialog
 *   disposition.clear-callback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-call.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_DISPOSITION_PAGE (wrapup_disposition_page_get_type ())
G_DECLARE_FINAL_TYPE (WrapupDispositionPage, wrapup_disposition_page, WRAPUP, DISPOSITION_PAGE,
                      AdwBin)

GtkWidget      *wrapup_disposition_page_new      (void);
WrapupCall     *wrapup_disposition_page_get_call (WrapupDispositionPage *self);
void            wrapup_disposition_page_set_call (WrapupDispositionPage *self,
                                                  WrapupCall            *call);
/* What the form holds now, as the disposition submit would send (a new object). */
LcmDisposition *wrapup_disposition_page_dup_disposition (WrapupDispositionPage *self);

/* Puts the focus where a wrap-up starts: the telephony search (or, once saved, the page's
 * button). */
void                   wrapup_disposition_page_focus_start (WrapupDispositionPage *self);

/* The field a mnemonic key of the form (Alt+T, Alt+B, Alt+M in English) goes to, or NULL:
 * the window forwards it from the Journey page, where the form's mnemonics are hidden. */
GtkWidget             *wrapup_disposition_page_get_mnemonic_target (WrapupDispositionPage *self,
                                                                    guint                  keyval);

/* Alt+n (1…9): chooses the nth numbered row of the picker the focus is in, else of the first
 * picker with nothing chosen, and moves on as Enter does. FALSE when nothing was chosen. */
gboolean               wrapup_disposition_page_choose_numbered (WrapupDispositionPage *self,
                                                                guint                  n);

G_END_DECLS
