/* lcm-business-outcome.h: one business outcome (disposition) of an outcome group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* parent-id of an outcome that names no parent (ParentID null, absent or empty). */
#define LCM_NO_PARENT (-1)
/* lead-score of an outcome that carries none. */
#define LCM_NO_LEAD_SCORE G_MININT64

#define LCM_TYPE_BUSINESS_OUTCOME (lcm_business_outcome_get_type ())
G_DECLARE_FINAL_TYPE (LcmBusinessOutcome, lcm_business_outcome, LCM, BUSINESS_OUTCOME, GObject)

LcmBusinessOutcome *lcm_business_outcome_new             (gint64               id,
                                                          const char          *description,
                                                          gint64               campaign_id,
                                                          gint64               parent_id,
                                                          gint64               lead_score);
LcmBusinessOutcome *lcm_business_outcome_new_from_json   (JsonObject          *object,
                                                          GError             **error);
gint64              lcm_business_outcome_get_id          (LcmBusinessOutcome  *self);
const char         *lcm_business_outcome_get_description (LcmBusinessOutcome  *self);
gint64              lcm_business_outcome_get_campaign_id (LcmBusinessOutcome  *self);
gint64              lcm_business_outcome_get_parent_id   (LcmBusinessOutcome  *self);
gint64              lcm_business_outcome_get_lead_score  (LcmBusinessOutcome  *self);
/* The outcome above this one in the tree, or NULL for a root (weak: owned by the tree). */
LcmBusinessOutcome *lcm_business_outcome_get_parent      (LcmBusinessOutcome  *self);
/* The children of this outcome in the tree built by lcm_business_outcome_build_tree();
 * empty before that, and for a leaf. */
GListModel         *lcm_business_outcome_get_children    (LcmBusinessOutcome  *self);
gboolean            lcm_business_outcome_is_leaf         (LcmBusinessOutcome  *self);
/* "Parent › Child", for search and for showing a choice. */
char               *lcm_business_outcome_dup_path        (LcmBusinessOutcome  *self);

/* Links a flat list of outcomes into a tree by parent-id and returns the roots, in the
 * order they came. An outcome whose parent is absent from the list is a root (the vendor's
 * sample names parents it does not send); links that would make a cycle are cut, and a
 * repeated id keeps its first occurrence as the parent target. */
GListModel         *lcm_business_outcome_build_tree      (GListModel          *flat);

G_END_DECLS
