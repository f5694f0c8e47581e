/* wrapup-text-filter-model.h: a journey's rows that contain a text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lcm.h"

G_BEGIN_DECLS

#define WRAPUP_TYPE_TEXT_FILTER_MODEL (wrapup_text_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (WrapupTextFilterModel, wrapup_text_filter_model, WRAPUP,
                      TEXT_FILTER_MODEL, GObject)

/* The items of source (LcmJourneyEntry objects; source may say only GObject, as a
 * GtkSortListModel without a model yet does) whose search text (lcm_journey_entry_get_search_text)
 * contains the filter text, casefolded, in source's order; every item while there is no
 * text. Each change is one items-changed. */
WrapupTextFilterModel *wrapup_text_filter_model_new      (GListModel            *source);
GListModel            *wrapup_text_filter_model_get_source (WrapupTextFilterModel *self);
/* NULL or "" shows every row. */
void                   wrapup_text_filter_model_set_text (WrapupTextFilterModel *self,
                                                          const char            *text);
/* The filter text as given (NULL when none). */
const char            *wrapup_text_filter_model_get_text (WrapupTextFilterModel *self);
/* Whether entry contains the filter text, as the model decides it. */
gboolean               wrapup_text_filter_model_matches  (WrapupTextFilterModel *self,
                                                          LcmJourneyEntry       *entry);

G_END_DECLS
