/* lcm-callback-mode.h: one way to reach a contact back (Home, Office, Mobile, ...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LCM_TYPE_CALLBACK_MODE (lcm_callback_mode_get_type ())
G_DECLARE_FINAL_TYPE (LcmCallbackMode, lcm_callback_mode, LCM, CALLBACK_MODE, GObject)

LcmCallbackMode *lcm_callback_mode_new               (gint64            mode_id,
                                                      const char       *description,
                                                      gint64            channel_type,
                                                      const char       *value,
                                                      gint64            min_length,
                                                      gint64            max_length);
LcmCallbackMode *lcm_callback_mode_new_from_json     (JsonObject       *object,
                                                      GError          **error);
gint64           lcm_callback_mode_get_mode_id       (LcmCallbackMode  *self);
const char      *lcm_callback_mode_get_description   (LcmCallbackMode  *self);
gint64           lcm_callback_mode_get_channel_type  (LcmCallbackMode  *self);
/* The number or address (Cvalue). */
const char      *lcm_callback_mode_get_value         (LcmCallbackMode  *self);
gint64           lcm_callback_mode_get_min_length    (LcmCallbackMode  *self);
gint64           lcm_callback_mode_get_max_length    (LcmCallbackMode  *self);

G_END_DECLS
