/* wrapup-preferences-window.h: gateway address, agent id, insecure opt-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-session.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_PREFERENCES_WINDOW (wrapup_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (WrapupPreferencesWindow, wrapup_preferences_window, WRAPUP,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Edits the given settings (schema io.github.wrapupdesk.Wrapup): an invalid gateway address
 * is shown as an error on its row and not stored. */
WrapupPreferencesWindow *wrapup_preferences_window_new (GtkWindow *parent,
                                                        GSettings *settings);

/* Shows the value in use of "server-url" or "agent-id" when it is not the agent's setting:
 * given for this session on the command line, the demo's, or locked by the administrator
 * (the row is then read-only and says so). FROM_SETTINGS changes nothing. */
void wrapup_preferences_window_show_override (WrapupPreferencesWindow *self,
                                              const char              *key,
                                              const char              *value,
                                              WrapupSettingSource      source);

G_END_DECLS
