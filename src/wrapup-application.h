/* wrapup-application.h: the application, one instance per session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lcm.h"
#include "wrapup-session.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_APPLICATION (wrapup_application_get_type ())
G_DECLARE_FINAL_TYPE (WrapupApplication, wrapup_application, WRAPUP, APPLICATION,
                      AdwApplication)

WrapupApplication *wrapup_application_new          (void);
GSettings         *wrapup_application_get_settings (WrapupApplication *self);
/* The session every window shares. */
WrapupSession     *wrapup_application_get_session  (WrapupApplication *self);
/* Where the value in use of "server-url" or "agent-id" comes from. */
WrapupSettingSource wrapup_application_get_setting_source (WrapupApplication *self,
                                                           const char        *key);
/* The one connection of this session; NULL until a gateway address is known. */
LcmClient         *wrapup_application_get_client   (WrapupApplication *self);
const char        *wrapup_application_get_agent_id (WrapupApplication *self);
/* Opens a link: focuses the window of that call if there is one, else opens one, shown as
 * soon as the call's requests are sent (100 ms at most). A bad link is refused with a
 * message to the agent and sends nothing. Returns the call's window, or NULL when refused. */
GtkWindow         *wrapup_application_open_link    (WrapupApplication *self,
                                                    const char        *uri,
                                                    GError           **error);

G_END_DECLS
