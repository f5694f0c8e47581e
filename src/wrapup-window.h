/* wrapup-window.h: the window of one call (or, with no call, the start window)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-call.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_WINDOW (wrapup_window_get_type ())
G_DECLARE_FINAL_TYPE (WrapupWindow, wrapup_window, WRAPUP, WINDOW, AdwApplicationWindow)

/* call may be NULL: the window then says that no call is open. session (may be NULL in
 * tests: the call's then) gives the outbox every window shows. */
WrapupWindow *wrapup_window_new        (GtkApplication *application,
                                        WrapupSession  *session,
                                        WrapupCall     *call);
WrapupCall   *wrapup_window_get_call   (WrapupWindow   *self);
/* Shows a message for the agent in this window (a toast); text is for people already. */
void          wrapup_window_show_message (WrapupWindow *self,
                                          const char   *text);

G_END_DECLS
