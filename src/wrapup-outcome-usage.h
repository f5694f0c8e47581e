/* wrapup-outcome-usage.h: how often the agent chose each outcome, kept on disk
 *
 * So that the outcomes an agent uses most come first in the pickers, where two or three
 * letters (or Alt+1…9) then reach them. Counted per list and key, as the outcome lists
 * themselves are kept (wrapup-outcome-cache.h): the telephony outcomes per account, the
 * business outcomes per call type. A wrap-up counts when it is saved, not when a row is
 * merely passed over.
 *
 * A file of its own (SQLite, as the cache's): what it holds can always be counted again, so
 * a file that cannot be read as ours is set aside and a new one started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "wrapup-outcome-cache.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_OUTCOME_USAGE (wrapup_outcome_usage_get_type ())
G_DECLARE_FINAL_TYPE (WrapupOutcomeUsage, wrapup_outcome_usage, WRAPUP, OUTCOME_USAGE, GObject)

/* NULL path keeps the counts in memory. NULL with a G_IO_ERROR only when no file can be used. */
WrapupOutcomeUsage *wrapup_outcome_usage_new         (const char          *path,
                                                      GError             **error);
const char         *wrapup_outcome_usage_get_problem (WrapupOutcomeUsage  *self);
/* One more use of the outcome outcome_id in (list, key). */
gboolean            wrapup_outcome_usage_note        (WrapupOutcomeUsage  *self,
                                                      WrapupCachedList     list,
                                                      const char          *key,
                                                      gint64               outcome_id,
                                                      GError             **error);
/* The counts in (list, key): a new table of gint64 outcome id (pointer to gint64) to
 * count (GUINT_TO_POINTER). Empty when none was noted. */
GHashTable         *wrapup_outcome_usage_dup_counts  (WrapupOutcomeUsage  *self,
                                                      WrapupCachedList     list,
                                                      const char          *key);

G_END_DECLS
