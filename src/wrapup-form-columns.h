/* wrapup-form-columns.h: a form's sections in two columns, or one on a narrow window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WRAPUP_TYPE_FORM_COLUMNS (wrapup_form_columns_get_type ())

G_DECLARE_FINAL_TYPE (WrapupFormColumns, wrapup_form_columns, WRAPUP, FORM_COLUMNS, GtkWidget)

GtkWidget *wrapup_form_columns_new          (void);
guint      wrapup_form_columns_get_n_columns (WrapupFormColumns *self);

G_END_DECLS
