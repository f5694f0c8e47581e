/* wrapup-callbacks-window.h: "My callbacks", the agent's personal callbacks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lcm.h"
#include "wrapup-session.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_CALLBACKS_WINDOW (wrapup_callbacks_window_get_type ())
G_DECLARE_FINAL_TYPE (WrapupCallbacksWindow, wrapup_callbacks_window, WRAPUP, CALLBACKS_WINDOW,
                      AdwWindow)

/* Lists GetPersonalCallbackList for the agent (from today on), soonest first, with loading,
 * empty and error states and a refresh action (callbacks.refresh, F5). */
/* The agent and the connection are the session's, which the window asks for the list. */
WrapupCallbacksWindow *wrapup_callbacks_window_new       (GtkApplication *application,
                                                          WrapupSession  *session);
GListModel            *wrapup_callbacks_window_get_model (WrapupCallbacksWindow *self);

G_END_DECLS
