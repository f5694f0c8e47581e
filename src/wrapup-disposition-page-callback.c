/* wrapup-disposition-page-callback.c: the personal callback on the form: booking it in
 * WrapupCallbackDialog (opened by an outcome that names a callback, or by the agent),
 * clearing it, and where the focus goes after
 *
 * Part of WrapupDispositionPage (wrapup-disposition-page-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-disposition-page"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-callback-dialog-private.h"
#include "wrapup-disposition-page-private.h"

/* A callback-type outcome, settled on by a key while no callback is booked: the booking
 * opens at once (the agent can still cancel it). */
gboolean
wrapup_disposition_page_offer_callback (WrapupDispositionPage *self,
                                        const char            *description,
                                        GtkWidget             *next)
{
  if (has_callback (self) || !lcm_outcome_names_callback (description)
      || !wrapup_disposition_page_can_book_callback (self))
    return FALSE;
  g_set_weak_pointer (&self->focus_after_booking, next);
  gtk_widget_activate_action (GTK_WIDGET (self), "disposition.book-callback", NULL);
  return TRUE;
}

static void
on_callback_booked_cb (WrapupCallbackDialog  *dialog,
                       GDateTime             *start,
                       GDateTime             *end,
                       gint64                 mode_id,
                       WrapupDispositionPage *self)
{
  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  self->callback_start = g_date_time_ref (start);
  self->callback_end = g_date_time_ref (end);
  self->callback_mode = mode_id;
  wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}

/* A booking an outcome opened, booked or not, goes on to the next field of the form. */
static void
on_callback_dialog_destroy_cb (WrapupDispositionPage *self)
{
  GtkWidget *next = self->focus_after_booking;

  g_clear_weak_pointer (&self->focus_after_booking);
  if (next != NULL && !self->disposed && gtk_widget_is_sensitive (next))
    gtk_widget_grab_focus (next);
}

void
wrapup_disposition_page_book_callback_action (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GListModel *modes = callback_modes (self);

  if (modes == NULL)
    return;

  if (self->callback_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->callback_dialog));
      return;
    }

  self->callback_dialog = wrapup_callback_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                          : NULL,
                                                      modes,
                                                      self->callback_start,
                                                      self->callback_end,
                                                      has_callback (self) ? self->callback_mode
                                                                          : LCM_NONE,
                                                      wrapup_call_get_contact_number (self->call));
  g_object_add_weak_pointer (G_OBJECT (self->callback_dialog),
                             (gpointer *) &self->callback_dialog);
  g_signal_connect_object (self->callback_dialog, "booked",
                           G_CALLBACK (on_callback_booked_cb), self, 0);
  g_signal_connect_object (self->callback_dialog, "destroy",
                           G_CALLBACK (on_callback_dialog_destroy_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->callback_dialog));
}

void
wrapup_disposition_page_clear_callback_action (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter)
{
  WrapupDispositionPage *self = WRAPUP_DISPOSITION_PAGE (widget);

  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);
  self->callback_mode = LCM_NONE;
  wrapup_disposition_page_clear_submit_error (self);
  wrapup_disposition_page_update_form (self);
  wrapup_disposition_page_keep_draft (self);
}
