/* lcm-array-list.h: a GListModel over an array, for long lists of rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LCM_TYPE_ARRAY_LIST (lcm_array_list_get_type ())
G_DECLARE_FINAL_TYPE (LcmArrayList, lcm_array_list, LCM, ARRAY_LIST, GObject)

/* An empty list of item_type objects. */
LcmArrayList *lcm_array_list_new         (GType         item_type);
/* Replaces every item with those of items (objects of the item type; references are taken),
 * as one items-changed. */
void          lcm_array_list_replace_all (LcmArrayList *self,
                                          GPtrArray    *items);

G_END_DECLS
