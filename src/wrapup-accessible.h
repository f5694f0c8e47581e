/* wrapup-accessible.h: names for assistive technologies where GTK cannot give one by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void wrapup_accessible_repair          (GtkWidget   *root);
void wrapup_accessible_name_list_item  (GtkListItem *list_item,
                                        const char  *label,
                                        const char  *description);
void wrapup_accessible_tab_leaves_list (GtkWidget   *list);
void wrapup_accessible_announce        (GtkWidget   *widget,
                                        const char  *message,
                                        gboolean     urgent);

G_END_DECLS
