/* wrapup-window-close.c: what closing a call's window asks first, and what it keeps
 *
 * Closing never loses what the agent typed: the draft is written first. An unsaved wrap-up,
 * or wrap-ups still waiting when the last window goes, are worth a question. Part of
 * WrapupWindow (wrapup-window-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-question.h"
#include "wrapup-window-private.h"

static gboolean
close_confirmed_cb (gpointer user_data)
{
  WrapupWindow *self = user_data;

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_close_response_cb (GtkWidget    *question,
                      const char   *response,
                      WrapupWindow *self)
{
  if (g_str_equal (response, "cancel"))
    return;
  if (g_str_equal (response, "discard") && self->call != NULL)
    wrapup_call_discard_draft (self->call);
  /* Once the dialog has finished answering: it goes with its window. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_confirmed_cb, g_object_ref (self),
                   g_object_unref);
}

static gboolean
is_last_window (WrapupWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    return FALSE;
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (l->data != self && gtk_widget_get_visible (l->data))
      return FALSE;
  return TRUE;
}

/* Closing never loses what the agent typed (the draft is kept), but an unsaved wrap-up,
 * or wrap-ups still waiting when the app is about to go, are worth a question. */
static GtkWidget *
new_close_dialog (WrapupWindow *self)
{
  guint n_waiting = self->outbox != NULL ? lcm_outbox_get_n_pending (self->outbox)
                                           + lcm_outbox_get_n_failed (self->outbox)
                                         : 0;
  GtkWidget *dialog;

  if (self->call != NULL && wrapup_call_has_unsaved_input (self->call))
    {
      g_autofree char *body =
        /* Translators: %s is the dialer's call id */
        g_strdup_printf (_("What you entered for call %s is kept on this computer and comes "
                           "back when the call is opened again."),
                         wrapup_call_get_call_id (self->call));

      dialog = wrapup_question_new (_("Keep the Unsaved Wrap-up?"), body);
      wrapup_question_add_response (dialog, "cancel", _("_Cancel"));
      wrapup_question_add_response (dialog, "discard", _("_Discard"));
      wrapup_question_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      wrapup_question_add_response (dialog, "keep", _("_Keep and Close"));
      wrapup_question_set_response_appearance (dialog, "keep", ADW_RESPONSE_SUGGESTED);
      wrapup_question_set_default_response (dialog, "keep");
    }
  else if (n_waiting > 0 && is_last_window (self))
    {
      g_autofree char *body =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u wrap-up has not reached the gateway. It is kept on "
                                      "this computer, and nothing is sent until Wrapup runs "
                                      "again.",
                                      "%u wrap-ups have not reached the gateway. They are kept "
                                      "on this computer, and nothing is sent until Wrapup runs "
                                      "again.", n_waiting), n_waiting);

      dialog = wrapup_question_new (_("Close Wrapup?"), body);
      wrapup_question_add_response (dialog, "cancel", _("_Cancel"));
      wrapup_question_add_response (dialog, "close", _("C_lose"));
      wrapup_question_set_default_response (dialog, "cancel");
    }
  else
    return NULL;

  wrapup_question_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response_cb), self, 0);
  return dialog;
}

/* The question to answer before @self closes, presented: TRUE when there is one (the
 * window then closes on its answer). The draft is on disk either way. */
gboolean
wrapup_window_ask_before_closing (WrapupWindow *self)
{
  GtkWidget *dialog;

  /* What the agent typed last is on disk before anything else. */
  if (self->call != NULL)
    wrapup_call_flush_draft (self->call);
  if (self->close_confirmed)
    return FALSE;
  dialog = new_close_dialog (self);
  if (dialog == NULL)
    return FALSE;
  wrapup_question_present (dialog, GTK_WINDOW (self));
  return TRUE;
}

/* The window's size, for the next one (not while maximized). */
void
wrapup_window_save_geometry (WrapupWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}
