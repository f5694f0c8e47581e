/* wrapup-stable-list-model.h: a list whose rows stay while what they show changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WRAPUP_TYPE_STABLE_ROW (wrapup_stable_row_get_type ())
G_DECLARE_FINAL_TYPE (WrapupStableRow, wrapup_stable_row, WRAPUP, STABLE_ROW, GObject)

/* The source's item at this row's position, now ("item" is notified when it changes). */
gpointer               wrapup_stable_row_get_item          (WrapupStableRow       *self);

#define WRAPUP_TYPE_STABLE_LIST_MODEL (wrapup_stable_list_model_get_type ())
G_DECLARE_FINAL_TYPE (WrapupStableListModel, wrapup_stable_list_model, WRAPUP,
                      STABLE_LIST_MODEL, GObject)

/* A GListModel of WrapupStableRow, one per item of source, by position. When source changes,
 * the rows a consumer holds are told their new item ("notify::item") instead of being removed
 * and added; only a change of length is an items-changed, at the end. */
WrapupStableListModel *wrapup_stable_list_model_new        (GListModel            *source);
GListModel            *wrapup_stable_list_model_get_source (WrapupStableListModel *self);

G_END_DECLS
