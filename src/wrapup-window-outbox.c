/* wrapup-window-outbox.c: the window's outbox: the header's count of wrap-ups waiting or
 * refused, the popover that lists them (what each recorded, and why the gateway refused it),
 * and its actions (send again, remove, show)
 *
 * Part of WrapupWindow (wrapup-window-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-window-private.h"

static const char *
describe_operation (LcmOperation operation)
{
  switch (operation)
    {
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
      return _("Telephony outcome");
    case LCM_OPERATION_SET_OUTCOMES:
      return _("Outcomes");
    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
      return _("Outcome and callback");
    case LCM_OPERATION_BUSINESS_OUTCOMES:
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
    case LCM_OPERATION_CALLBACK_MODES:
    case LCM_OPERATION_PERSONAL_CALLBACKS:
    case LCM_OPERATION_JOURNEY:
    default:
      return _("Request");
    }
}

/* The first words of a comment, for a row that has one line for it. */
static char *
dup_comment_start (const char *comments)
{
  g_autofree char *flat = NULL;
  const char *end;

  if (comments == NULL || *comments == '\0')
    return NULL;
  flat = g_strdup (comments);
  g_strdelimit (flat, "\r\n\t", ' ');
  g_strstrip (flat);
  if (g_utf8_strlen (flat, -1) <= 48)
    return g_steal_pointer (&flat);
  end = g_utf8_offset_to_pointer (flat, 48);
  return g_strdup_printf ("%.*s…", (int) (end - flat), flat);
}

/* “Comment starts…” · Callback Tue 3 Dec, 10:00–11:00 · Refused: Invalid Call ID. */
static char *
dup_outbox_row_subtitle (LcmOutboxEntry *entry)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *comment = dup_comment_start (lcm_outbox_entry_get_comments (entry));
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  const char *reason = lcm_outbox_entry_get_last_error (entry);

  if (comment != NULL)
    /* Translators: the start of the agent's comment, quoted */
    g_ptr_array_add (parts, g_strdup_printf (_("“%s”"), comment));
  if (lcm_outbox_entry_get_callback_window (entry, &start, &end))
    {
      /* Translators: the date and time a callback starts, see g_date_time_format() */
      g_autofree char *from = g_date_time_format (start, _("%a %-d %b, %H:%M"));
      g_autofree char *to = g_date_time_format (end, "%H:%M");

      /* Translators: a callback window booked with a wrap-up, e.g. “Callback Tue 3 Dec,
       * 10:00–11:00” */
      g_ptr_array_add (parts, g_strdup_printf (_("Callback %s–%s"), from, to));
    }

  switch (lcm_outbox_entry_get_refusal (entry))
    {
    case LCM_OUTBOX_REFUSAL_PERMANENT:
      {
        g_autofree char *sentence = wrapup_dup_reason_sentence (reason);

        /* Translators: %s is the gateway's reason, a sentence, e.g. “Invalid Call ID.” */
        g_ptr_array_add (parts, g_strdup_printf (_("Refused: %s Correct it or remove it."),
                                                 sentence));
      }
      break;
    case LCM_OUTBOX_REFUSAL_TEMPORARY:
      {
        g_autofree char *sentence = wrapup_dup_reason_sentence (reason);

        /* Translators: %s is the gateway's reason, a sentence */
        g_ptr_array_add (parts, g_strdup_printf (_("Not taken this time: %s"), sentence));
      }
      break;
    case LCM_OUTBOX_REFUSAL_NONE:
    default:
      if (lcm_outbox_entry_get_sending (entry))
        g_ptr_array_add (parts, g_strdup (_("Sending…")));
      else if (reason != NULL)
        /* Translators: %s is why the last try failed, e.g. “Not connected to the gateway” */
        g_ptr_array_add (parts, g_strdup_printf (_("Waiting to be sent (last try: %s)"),
                                                 reason));
      else
        g_ptr_array_add (parts, g_strdup (_("Waiting to be sent")));
      break;
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
update_outbox_row (AdwActionRow   *row,
                   LcmOutboxEntry *entry)
{
  gboolean failed = lcm_outbox_entry_get_state (entry) == LCM_OUTBOX_ENTRY_FAILED;
  gboolean retryable = failed
                       && lcm_outbox_entry_get_refusal (entry) != LCM_OUTBOX_REFUSAL_PERMANENT;
  g_autofree char *subtitle = dup_outbox_row_subtitle (entry);
  g_autofree char *escaped = NULL;

  /* Row titles and subtitles are markup; the reason is the gateway's text. */
  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (row, escaped);
  /* Sending the same write again only helps when the refusal may not hold next time. */
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "retry-button"), retryable);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "remove-button"), failed);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
on_outbox_entry_notify_cb (LcmOutboxEntry *entry,
                           GParamSpec     *pspec,
                           AdwActionRow   *row)
{
  update_outbox_row (row, entry);
}

static GtkWidget *
outbox_row_button (const char *icon_name,
                   const char *tooltip,
                   const char *action_name,
                   gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  return button;
}

static GtkWidget *
create_outbox_row (gpointer item,
                   gpointer user_data)
{
  LcmOutboxEntry *entry = item;
  gint64 id = lcm_outbox_entry_get_id (entry);
  g_autoptr(GDateTime) local = g_date_time_to_local (lcm_outbox_entry_get_created_at (entry));
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *call = g_markup_escape_text (lcm_outbox_entry_get_call_id (entry) != NULL
                                                ? lcm_outbox_entry_get_call_id (entry) : "",
                                                -1);
  const char *summary = lcm_outbox_entry_get_summary (entry);
  g_autofree char *what = g_markup_escape_text (summary != NULL
                                                ? summary
                                                : describe_operation (
                                                    lcm_outbox_entry_get_operation (entry)),
                                                -1);
  /* Translators: an outbox row, e.g. “Call 12345 · Busy · Interested › Quote sent” */
  g_autofree char *title = g_strdup_printf (_("Call %s · %s"), call, what);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *saved = gtk_label_new (time);
  GtkWidget *retry = outbox_row_button ("view-refresh-symbolic", _("Send Again"),
                                        "outbox.retry", id);
  GtkWidget *remove = outbox_row_button ("user-trash-symbolic", _("Remove"),
                                         "outbox.remove", id);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle_lines (row, 3);
  gtk_widget_set_tooltip_text (saved, _("Saved at"));
  gtk_widget_add_css_class (saved, "dim-label");
  gtk_widget_add_css_class (saved, "numeric");
  adw_action_row_add_suffix (row, saved);
  adw_action_row_add_suffix (row, retry);
  adw_action_row_add_suffix (row, remove);
  g_object_set_data (G_OBJECT (row), "retry-button", retry);
  g_object_set_data (G_OBJECT (row), "remove-button", remove);

  update_outbox_row (row, entry);
  g_signal_connect_object (entry, "notify", G_CALLBACK (on_outbox_entry_notify_cb), row, 0);
  return GTK_WIDGET (row);
}


static void
on_outbox_counts_cb (LcmOutbox    *outbox,
                     GParamSpec   *pspec,
                     WrapupWindow *self)
{
  wrapup_window_update_outbox (self);
}

static void
on_outbox_popover_visible_cb (WrapupWindow *self)
{
  wrapup_window_update_outbox (self);
}

void
wrapup_window_outbox_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  WrapupWindow *self = WRAPUP_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);
  gboolean ok;

  if (self->outbox == NULL)
    return;
  if (self->session != NULL && self->outbox == wrapup_session_get_outbox (self->session))
    ok = g_str_equal (action_name, "outbox.retry")
         ? wrapup_session_retry_write (self->session, id, &error)
         : wrapup_session_remove_write (self->session, id, &error);
  else if (g_str_equal (action_name, "outbox.retry"))
    ok = lcm_outbox_retry (self->outbox, id, &error);
  else
    ok = lcm_outbox_remove (self->outbox, id, &error);
  if (!ok)
    {
      g_autofree char *text = wrapup_describe_error (error);

      wrapup_window_show_message (self, text);
    }
}


void
wrapup_window_show_outbox_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  WrapupWindow *self = WRAPUP_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->outbox_button), TRUE);
  gtk_menu_button_popup (self->outbox_button);
}


/* The outbox: how many wrap-ups wait to be sent, and those the gateway refused. Reachable
 * from every window: a count in the header bar, and the main menu. */
void
wrapup_window_update_outbox (WrapupWindow *self)
{
  guint n_pending = self->outbox != NULL ? lcm_outbox_get_n_pending (self->outbox) : 0;
  guint n_failed = self->outbox != NULL ? lcm_outbox_get_n_failed (self->outbox) : 0;
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;
  const char *hint;

  gtk_widget_set_visible (GTK_WIDGET (self->outbox_button),
                          n_pending + n_failed > 0
                          || gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (
                                                       self->outbox_button))));

  if (n_pending + n_failed == 0)
    label = g_strdup (_("Nothing waits to be sent: every wrap-up reached the gateway."));
  else if (n_failed == 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u wrap-up waiting to be sent",
                                          "%u wrap-ups waiting to be sent", n_pending),
                             n_pending);
  else if (n_pending == 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u wrap-up not sent", "%u wrap-ups not sent",
                                          n_failed),
                             n_failed);
  else
    /* Translators: wrap-ups waiting to be sent, and wrap-ups the gateway refused */
    label = g_strdup_printf (_("%u waiting, %u not sent"), n_pending, n_failed);

  if (n_failed > 0)
    hint = _("The gateway refused the wrap-ups marked below. Send again those it may take "
             "now; correct the others by opening their call again, or remove them.");
  else if (n_pending > 0)
    hint = _("Saved on this computer. They are sent, in order, as soon as the gateway "
             "answers.");
  else
    hint = "";

  count = g_strdup_printf ("%u", n_pending + n_failed);
  gtk_label_set_label (self->outbox_label, count);
  gtk_label_set_label (self->outbox_summary, label);
  gtk_label_set_label (self->outbox_hint, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->outbox_hint), *hint != '\0');
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->outbox_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->outbox_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_image_set_from_icon_name (self->outbox_icon, n_failed > 0 ? "dialog-warning-symbolic"
                                                                : "mail-send-symbolic");
  if (n_failed > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->outbox_button), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->outbox_button), "error");
}

/* What waits in the outbox, this call's and others': the session's (a call made on its
 * own, in tests, has one of its own). */
void
wrapup_window_watch_outbox (WrapupWindow *self)
{
  LcmOutbox *outbox = self->session != NULL ? wrapup_session_get_outbox (self->session)
                    : self->call != NULL ? wrapup_call_get_outbox (self->call)
                    : NULL;

  if (outbox != NULL)
    {
      self->outbox = g_object_ref (outbox);
      g_signal_connect_object (self->outbox, "notify::n-pending",
                               G_CALLBACK (on_outbox_counts_cb), self, 0);
      g_signal_connect_object (self->outbox, "notify::n-failed",
                               G_CALLBACK (on_outbox_counts_cb), self, 0);
      gtk_list_box_bind_model (self->outbox_list, lcm_outbox_get_entries (self->outbox),
                               create_outbox_row, self, NULL);
    }
  g_signal_connect_object (gtk_menu_button_get_popover (self->outbox_button), "notify::visible",
                           G_CALLBACK (on_outbox_popover_visible_cb), self, G_CONNECT_SWAPPED);
  wrapup_window_update_outbox (self);
}

