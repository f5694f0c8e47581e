/* wrapup-question.c: a question with responses, as the libadwaita at hand asks it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-question"

#include "config.h"

#include "wrapup-question.h"

/* The build pins the libadwaita API to 1.2 (the floor, Debian 12): AdwAlertDialog is used
 * only where the headers have it, and only when the library it runs with has it too. */
#if ADW_CHECK_VERSION (1, 5, 0)
#define HAVE_ALERT_DIALOG 1
#else
#define HAVE_ALERT_DIALOG 0
#endif

#if HAVE_ALERT_DIALOG
static gboolean
use_alert_dialog (void)
{
  return adw_get_major_version () > 1 || adw_get_minor_version () >= 5;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#define IS_ALERT(question) (use_alert_dialog () && ADW_IS_ALERT_DIALOG (question))
#define ALERT(question) ADW_ALERT_DIALOG (question)
#else
#define IS_ALERT(question) FALSE
#endif

GtkWidget *
wrapup_question_new (const char *heading,
                     const char *body)
{
#if HAVE_ALERT_DIALOG
  if (use_alert_dialog ())
    return GTK_WIDGET (adw_alert_dialog_new (heading, body));
#endif
  return adw_message_dialog_new (NULL, heading, body);
}

void
wrapup_question_add_response (GtkWidget  *question,
                              const char *id,
                              const char *label)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    {
      adw_alert_dialog_add_response (ALERT (question), id, label);
      return;
    }
#endif
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (question), id, label);
}

void
wrapup_question_set_response_appearance (GtkWidget             *question,
                                         const char            *id,
                                         AdwResponseAppearance  appearance)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    {
      adw_alert_dialog_set_response_appearance (ALERT (question), id, appearance);
      return;
    }
#endif
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (question), id, appearance);
}

void
wrapup_question_set_default_response (GtkWidget  *question,
                                      const char *id)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    {
      adw_alert_dialog_set_default_response (ALERT (question), id);
      return;
    }
#endif
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), id);
}

void
wrapup_question_set_close_response (GtkWidget  *question,
                                    const char *id)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    {
      adw_alert_dialog_set_close_response (ALERT (question), id);
      return;
    }
#endif
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), id);
}

void
wrapup_question_present (GtkWidget *question,
                         GtkWindow *parent)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    {
      adw_dialog_present (ADW_DIALOG (question), GTK_WIDGET (parent));
      return;
    }
#endif
  gtk_window_set_transient_for (GTK_WINDOW (question), parent);
  gtk_window_present (GTK_WINDOW (question));
}

gboolean
wrapup_question_is_question (gpointer object)
{
  return IS_ALERT (object) || ADW_IS_MESSAGE_DIALOG (object);
}

const char *
wrapup_question_get_heading (GtkWidget *question)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    return adw_alert_dialog_get_heading (ALERT (question));
#endif
  return adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question));
}

const char *
wrapup_question_get_body (GtkWidget *question)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    return adw_alert_dialog_get_body (ALERT (question));
#endif
  return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (question));
}

gboolean
wrapup_question_has_response (GtkWidget  *question,
                              const char *id)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    return adw_alert_dialog_has_response (ALERT (question), id);
#endif
  return adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (question), id);
}

const char *
wrapup_question_get_response_label (GtkWidget  *question,
                                    const char *id)
{
#if HAVE_ALERT_DIALOG
  if (IS_ALERT (question))
    return adw_alert_dialog_get_response_label (ALERT (question), id);
#endif
  return adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (question), id);
}

#if HAVE_ALERT_DIALOG
G_GNUC_END_IGNORE_DEPRECATIONS
#endif
