/* lcm-telephony-outcome.h: one telephony outcome (Busy, No Answer, CallBack, ...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The telephony outcome a personal callback carries unless the agent chose another. */
#define LCM_TELEPHONY_OUTCOME_CALLBACK 4

#define LCM_TYPE_TELEPHONY_OUTCOME (lcm_telephony_outcome_get_type ())
G_DECLARE_FINAL_TYPE (LcmTelephonyOutcome, lcm_telephony_outcome, LCM, TELEPHONY_OUTCOME, GObject)

LcmTelephonyOutcome *lcm_telephony_outcome_new             (gint64                id,
                                                            const char           *description);
LcmTelephonyOutcome *lcm_telephony_outcome_new_from_json   (JsonObject           *object,
                                                            GError              **error);
gint64               lcm_telephony_outcome_get_id          (LcmTelephonyOutcome  *self);
const char          *lcm_telephony_outcome_get_description (LcmTelephonyOutcome  *self);

G_END_DECLS
