/* lcm-journey-entry.h: one earlier interaction with a customer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LCM_TYPE_JOURNEY_ENTRY (lcm_journey_entry_get_type ())
G_DECLARE_FINAL_TYPE (LcmJourneyEntry, lcm_journey_entry, LCM, JOURNEY_ENTRY, GObject)

/* Fields are set directly, not through properties: a journey can hold 100,000 rows. */
LcmJourneyEntry *lcm_journey_entry_new_from_json            (JsonObject       *object,
                                                             GTimeZone        *zone,
                                                             GError          **error);
const char      *lcm_journey_entry_get_contact_id           (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_campaign_name        (LcmJourneyEntry  *self);
gint64           lcm_journey_entry_get_mode_id              (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_mode                 (LcmJourneyEntry  *self);
gint64           lcm_journey_entry_get_outcome_id           (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_outcome              (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_agent_name           (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_agent_comment        (LcmJourneyEntry  *self);
/* CallCompletedTime parsed; NULL when the gateway sent none that parses. */
GDateTime       *lcm_journey_entry_get_completed            (LcmJourneyEntry  *self);
/* Seconds since the epoch of completed, 0 when unknown: a sort key. */
gint64           lcm_journey_entry_get_completed_unix       (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_completed_time_text  (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_completed_date       (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_completed_month      (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_completed_year       (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_completed_time_format (LcmJourneyEntry *self);
gint64           lcm_journey_entry_get_channel              (LcmJourneyEntry  *self);
double           lcm_journey_entry_get_target_value         (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_contact_value        (LcmJourneyEntry  *self);
gint64           lcm_journey_entry_get_previous_lead_score  (LcmJourneyEntry  *self);
gint64           lcm_journey_entry_get_current_lead_score   (LcmJourneyEntry  *self);
const char      *lcm_journey_entry_get_call_type            (LcmJourneyEntry  *self);
/* The text fields a filter looks in (campaign, mode, contact value, outcome, agent, comment,
 * call type), casefolded and separated by U+001F, for a casefolded filter text to be found
 * with strstr(). Made on the first call and kept: a filter over 100,000 rows then costs one
 * strstr() a row. Not thread-safe: call it from one thread. */
const char      *lcm_journey_entry_get_search_text          (LcmJourneyEntry  *self);

G_END_DECLS
