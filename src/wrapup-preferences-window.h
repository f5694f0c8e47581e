/* wrapup-preferences-window.h: gateway address, agent id, insecure opt-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WRAPUP_TYPE_PREFERENCES_WINDOW (wrapup_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (WrapupPreferencesWindow, wrapup_preferences_window, WRAPUP,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Edits the given settings (schema io.github.wrapupdesk.Wrapup): an invalid gateway address
 * is shown as an error on its row and not stored. */
WrapupPreferencesWindow *wrapup_preferences_window_new (GtkWindow *parent,
                                                        GSettings *settings);

G_END_DECLS
