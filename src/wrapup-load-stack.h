/* wrapup-load-stack.h: a section's content and its load states, in one stack
 *
 * Three pages of its own: "loading" (a spinner, spinning only while shown, and a text),
 * "failed" (a warning, a title, the reason, and a Retry button when retry-action-name is
 * set) and "empty" (a title and a text); beside them the content pages, given as children
 * (<child type="NAME"> in a .ui file) or with wrapup_load_stack_add_page(). Compact (the
 * form's outcome lists) shows the states as small centred texts; otherwise (the journey,
 * My callbacks) as status pages. Only the page shown is measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WRAPUP_TYPE_LOAD_STACK (wrapup_load_stack_get_type ())
G_DECLARE_FINAL_TYPE (WrapupLoadStack, wrapup_load_stack, WRAPUP, LOAD_STACK, GtkWidget)

GtkWidget  *wrapup_load_stack_new              (gboolean         compact);
void        wrapup_load_stack_add_page         (WrapupLoadStack *self,
                                                GtkWidget       *child,
                                                const char      *name);
/* text: what is loading ("Loading business outcomes…"). */
void        wrapup_load_stack_show_loading     (WrapupLoadStack *self,
                                                const char      *text);
/* title may be NULL (the compact stack shows none); reason is shown as it is. */
void        wrapup_load_stack_show_failed      (WrapupLoadStack *self,
                                                const char      *title,
                                                const char      *reason);
void        wrapup_load_stack_show_empty       (WrapupLoadStack *self,
                                                const char      *title,
                                                const char      *text);
void        wrapup_load_stack_show_page        (WrapupLoadStack *self,
                                                const char      *name);
const char *wrapup_load_stack_get_visible_page (WrapupLoadStack *self);
/* The inner stack, to rename a content page or follow its pages. */
GtkStack   *wrapup_load_stack_get_stack        (WrapupLoadStack *self);

G_END_DECLS
