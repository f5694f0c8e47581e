/* lcm-journey-query.h: which interactions of a customer to fetch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm-values.h"

G_BEGIN_DECLS

#define LCM_TYPE_JOURNEY_QUERY (lcm_journey_query_get_type ())
G_DECLARE_FINAL_TYPE (LcmJourneyQuery, lcm_journey_query, LCM, JOURNEY_QUERY, GObject)

/* A query for all channels over 3 months, with no key set. */
LcmJourneyQuery *lcm_journey_query_new                (void);
const char      *lcm_journey_query_get_call_id        (LcmJourneyQuery  *self);
void             lcm_journey_query_set_call_id        (LcmJourneyQuery  *self,
                                                       const char       *call_id);
const char      *lcm_journey_query_get_account_number (LcmJourneyQuery  *self);
void             lcm_journey_query_set_account_number (LcmJourneyQuery  *self,
                                                       const char       *account_number);
const char      *lcm_journey_query_get_contact_number (LcmJourneyQuery  *self);
void             lcm_journey_query_set_contact_number (LcmJourneyQuery  *self,
                                                       const char       *contact_number);
const char      *lcm_journey_query_get_campaign_name  (LcmJourneyQuery  *self);
void             lcm_journey_query_set_campaign_name  (LcmJourneyQuery  *self,
                                                       const char       *campaign_name);
LcmChannel       lcm_journey_query_get_channel        (LcmJourneyQuery  *self);
void             lcm_journey_query_set_channel        (LcmJourneyQuery  *self,
                                                       LcmChannel        channel);
guint            lcm_journey_query_get_months         (LcmJourneyQuery  *self);
void             lcm_journey_query_set_months         (LcmJourneyQuery  *self,
                                                       guint             months);

G_END_DECLS
