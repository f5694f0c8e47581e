/* wrapup-callback-reminder.h: a desktop notification when a personal callback falls due
 *
 * Fetches the agent's personal callbacks now and every few minutes, and sends one
 * GNotification per callback when its window opens (and none for windows already over).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_CALLBACK_REMINDER (wrapup_callback_reminder_get_type ())
G_DECLARE_FINAL_TYPE (WrapupCallbackReminder, wrapup_callback_reminder, WRAPUP,
                      CALLBACK_REMINDER, GObject)

/* Signal "due" (LcmPersonalCallback *callback) is emitted right before the notification is
 * sent, once per callback. */
WrapupCallbackReminder *wrapup_callback_reminder_new   (GApplication           *application,
                                                        LcmClient              *client,
                                                        const char             *agent_id);
void                    wrapup_callback_reminder_start (WrapupCallbackReminder *self);
void                    wrapup_callback_reminder_stop  (WrapupCallbackReminder *self);
/* Checks the callbacks known against now (for tests: a given instant). */
void                    wrapup_callback_reminder_check (WrapupCallbackReminder *self,
                                                        GDateTime              *now);

G_END_DECLS
