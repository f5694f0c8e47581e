/* lcm-journey-store.h: a customer's journey, compactly, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LCM_TYPE_JOURNEY_STORE (lcm_journey_store_get_type ())
G_DECLARE_FINAL_TYPE (LcmJourneyStore, lcm_journey_store, LCM, JOURNEY_STORE, GObject)

/* A GListModel of LcmJourneyEntry. The rows are held as compact records; an entry is made
 * each time one is asked for, and the store keeps none: a view's rows are the only entries
 * alive. An entry stays valid, with its values, after the store moves on to other rows. */
LcmJourneyStore *lcm_journey_store_new         (void);
/* Takes the rows of from (which keeps them too), as one items-changed. */
void             lcm_journey_store_replace_all (LcmJourneyStore *self,
                                                LcmJourneyStore *from);

G_END_DECLS
