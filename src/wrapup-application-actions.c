/* wrapup-application-actions.c: the application's actions
 *
 * Preferences, My callbacks, About, and Quit: quitting keeps the drafts and the outbox on
 * disk, and asks first only when something typed would otherwise stay behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "wrapup-application-private.h"
#include "wrapup-call.h"
#include "wrapup-call-link.h"
#include "wrapup-callback-reminder.h"
#include "wrapup-callbacks-window.h"
#include "wrapup-preferences-window.h"
#include "wrapup-question.h"
#include "wrapup-ready-report.h"
#include "wrapup-session.h"
#include "wrapup-trace.h"
#include "wrapup-window.h"

/* Quitting keeps the drafts and the outbox on disk, so nothing is lost; the agent is asked
 * first all the same when something is unsaved or unsent, since it will not be done until
 * the app runs again. */
static char *
dup_quit_summary (WrapupApplication *self,
                  guint             *n_unsaved)
{
  LcmOutbox *outbox = wrapup_session_get_outbox (self->session);
  guint n_pending = lcm_outbox_get_n_pending (outbox);
  guint n_failed = lcm_outbox_get_n_failed (outbox);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  *n_unsaved = 0;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      WrapupCall *call = WRAPUP_IS_WINDOW (l->data) ? wrapup_window_get_call (l->data) : NULL;

      if (call != NULL && wrapup_call_has_unsaved_input (call))
        (*n_unsaved)++;
    }

  if (*n_unsaved > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u wrap-up is not saved yet.",
                                                          "%u wrap-ups are not saved yet.",
                                                          *n_unsaved), *n_unsaved));
  if (n_pending > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u wrap-up waits to be sent.",
                                                          "%u wrap-ups wait to be sent.",
                                                          n_pending), n_pending));
  if (n_failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u wrap-up was refused by the "
                                                          "gateway.",
                                                          "%u wrap-ups were refused by the "
                                                          "gateway.",
                                                          n_failed), n_failed));
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, g_strdup (*n_unsaved > 0
                                    ? _("Unsaved wrap-ups are kept on this computer and come "
                                        "back when their calls are opened again, unless you "
                                        "discard them. Nothing waiting is sent until Wrapup "
                                        "runs again.")
                                    : _("Nothing waiting is sent until Wrapup runs again.")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("\n", (char **) parts->pdata);
}

static void
discard_open_drafts (WrapupApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      WrapupCall *call = WRAPUP_IS_WINDOW (l->data) ? wrapup_window_get_call (l->data) : NULL;

      if (call != NULL && wrapup_call_has_unsaved_input (call))
        wrapup_call_discard_draft (call);
    }
}

static void
on_quit_response_cb (GtkWidget         *question,
                     const char        *response,
                     WrapupApplication *self)
{
  if (g_str_equal (response, "cancel"))
    return;
  if (g_str_equal (response, "discard"))
    discard_open_drafts (self);
  g_application_quit (G_APPLICATION (self));
}

static void
wrapup_application_preferences_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  WrapupApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  WrapupPreferencesWindow *preferences = wrapup_preferences_window_new (parent, self->settings);

  /* What is in use, and where it comes from, when that is not the agent's setting. */
  wrapup_preferences_window_show_override (preferences, "server-url",
                                           wrapup_session_get_server_url (self->session),
                                           wrapup_application_get_setting_source (self,
                                                                                  "server-url"));
  wrapup_preferences_window_show_override (preferences, "agent-id",
                                           wrapup_session_get_agent_id (self->session),
                                           wrapup_application_get_setting_source (self,
                                                                                  "agent-id"));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
wrapup_application_show_callbacks_action (GSimpleAction *action,
                                          GVariant      *parameter,
                                          gpointer       user_data)
{
  WrapupApplication *self = user_data;

  LcmClient *client = wrapup_session_get_client (self->session);

  if (client == NULL)
    {
      wrapup_application_show_message (self,
                                       _("No gateway is set: open Preferences to set its address"));
      return;
    }
  gtk_window_present (GTK_WINDOW (wrapup_callbacks_window_new (GTK_APPLICATION (self),
                                                               self->session)));
}

static void
wrapup_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  WrapupApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "Wrapup developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Wrapup"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Record call outcomes, book callbacks and read the "
                                       "customer’s journey on an LCM dialer"),
                         NULL);
}

static void
wrapup_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  WrapupApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *summary = NULL;
  GtkWidget *dialog;
  guint n_unsaved = 0;

  summary = dup_quit_summary (self, &n_unsaved);
  if (summary == NULL || parent == NULL)
    {
          g_application_quit (G_APPLICATION (self));
      return;
    }

  dialog = wrapup_question_new (_("Quit Wrapup?"), summary);
  wrapup_question_add_response (dialog, "cancel", _("_Cancel"));
  if (n_unsaved > 0)
    {
      wrapup_question_add_response (dialog, "discard", _("_Discard Unsaved"));
      wrapup_question_set_response_appearance (dialog, "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  wrapup_question_add_response (dialog, "quit", n_unsaved > 0 ? _("_Keep and Quit")
                                                                 : _("_Quit"));
  wrapup_question_set_response_appearance (dialog, "quit", ADW_RESPONSE_SUGGESTED);
  wrapup_question_set_default_response (dialog, "quit");
  wrapup_question_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_quit_response_cb), self);
  wrapup_question_present (dialog, parent);
}

static const GActionEntry app_actions[] = {
  { "preferences", wrapup_application_preferences_action },
  { "show-callbacks", wrapup_application_show_callbacks_action },
  { "about", wrapup_application_about_action },
  { "quit", wrapup_application_quit_action },
};

void
wrapup_application_add_actions (WrapupApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}
