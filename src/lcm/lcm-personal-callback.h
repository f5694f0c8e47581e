/* lcm-personal-callback.h: one personal callback booked by an agent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LCM_TYPE_PERSONAL_CALLBACK (lcm_personal_callback_get_type ())
G_DECLARE_FINAL_TYPE (LcmPersonalCallback, lcm_personal_callback, LCM, PERSONAL_CALLBACK, GObject)

/* The window's dates and times are read as DD/MM/YYYY and HH:mm in the given zone (local
 * when NULL): the gateway sends wall-clock times of the agent's site. */
LcmPersonalCallback *lcm_personal_callback_new_from_json      (JsonObject           *object,
                                                               GTimeZone            *zone,
                                                               GError              **error);
gint64               lcm_personal_callback_get_row_number     (LcmPersonalCallback  *self);
gint64               lcm_personal_callback_get_campaign_id    (LcmPersonalCallback  *self);
gint64               lcm_personal_callback_get_contact_id     (LcmPersonalCallback  *self);
gint64               lcm_personal_callback_get_mode_id        (LcmPersonalCallback  *self);
const char          *lcm_personal_callback_get_mode_description (LcmPersonalCallback *self);
const char          *lcm_personal_callback_get_value          (LcmPersonalCallback  *self);
GDateTime           *lcm_personal_callback_get_start          (LcmPersonalCallback  *self);
GDateTime           *lcm_personal_callback_get_end            (LcmPersonalCallback  *self);

G_END_DECLS
