/* wrapup-question.h: a question with responses (quit, close a window)
 *
 * An AdwAlertDialog where libadwaita has it (1.5 and later, built and running), else an
 * AdwMessageDialog: libadwaita 1.7's message dialog, deprecated, measures its heading below
 * its width and GTK 4.18 warns. Either object emits "response" (const char *response).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwAlertDialog or an AdwMessageDialog, not shown yet. */
GtkWidget  *wrapup_question_new                     (const char            *heading,
                                                     const char            *body);
void        wrapup_question_add_response            (GtkWidget             *question,
                                                     const char            *id,
                                                     const char            *label);
void        wrapup_question_set_response_appearance (GtkWidget             *question,
                                                     const char            *id,
                                                     AdwResponseAppearance  appearance);
void        wrapup_question_set_default_response    (GtkWidget             *question,
                                                     const char            *id);
void        wrapup_question_set_close_response      (GtkWidget             *question,
                                                     const char            *id);
/* Shows it over parent (and owns it until it is answered). */
void        wrapup_question_present                 (GtkWidget             *question,
                                                     GtkWindow             *parent);

/* For tests. */
gboolean    wrapup_question_is_question             (gpointer               object);
const char *wrapup_question_get_heading             (GtkWidget             *question);
const char *wrapup_question_get_body                (GtkWidget             *question);
gboolean    wrapup_question_has_response            (GtkWidget             *question,
                                                     const char            *id);
/* The label of a response's button, as the agent reads it ("_Cancel"). */
const char *wrapup_question_get_response_label      (GtkWidget             *question,
                                                     const char            *id);

G_END_DECLS
