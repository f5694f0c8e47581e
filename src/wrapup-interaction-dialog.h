/* wrapup-interaction-dialog.h: one interaction of the journey, shown whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WRAPUP_TYPE_INTERACTION_DIALOG (wrapup_interaction_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WrapupInteractionDialog, wrapup_interaction_dialog, WRAPUP,
                      INTERACTION_DIALOG, AdwWindow)

GtkWindow *wrapup_interaction_dialog_new (GtkWindow          *parent,
                                          const char         *title,
                                          const char * const *fields,
                                          const char * const *values);

G_END_DECLS
