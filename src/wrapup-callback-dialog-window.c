/* wrapup-callback-dialog-window.c: the callback window the dialog reads, writes and checks
 *
 * A day from the calendar and a start and end time from the spin buttons (counting what
 * is typed but not yet committed), in the agent's zone, which the dialog names; checked on
 * every change against now, the gateway's rules and the chosen mode, with the reason shown
 * where the agent looks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-callback-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-accessible.h"
#include "wrapup-callback-dialog-private.h"

/* "Tomorrow 10:00" */
#define PRESET_HOUR 10

/* The value shown in a spin button, counting what the agent has typed but not committed
 * yet, so validation follows the typing. */
int
wrapup_callback_dialog_spin_value (GtkSpinButton *spin)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  gint64 value;

  if (text != NULL
      && g_ascii_string_to_signed (text, 10,
                                   (gint64) gtk_adjustment_get_lower (adjustment),
                                   (gint64) gtk_adjustment_get_upper (adjustment),
                                   &value, NULL))
    return (int) value;

  return gtk_spin_button_get_value_as_int (spin);
}

/* A local time from a calendar and two spin buttons; NULL if it cannot be represented. */
GDateTime *
wrapup_callback_dialog_read_time (GtkCalendar   *calendar,
                                  GtkSpinButton *hour,
                                  GtkSpinButton *minute)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  return g_date_time_new (zone,
                          g_date_time_get_year (date),
                          g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date),
                          wrapup_callback_dialog_spin_value (hour),
                          wrapup_callback_dialog_spin_value (minute), 0);
}

void
wrapup_callback_dialog_write_time (WrapupCallbackDialog *self,
                                   GtkCalendar          *calendar,
                                   GtkSpinButton        *hour,
                                   GtkSpinButton        *minute,
                                   GDateTime            *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  g_return_if_fail (local != NULL);

  self->updating++;
  /* Commit what the agent left typed first, or setting the value the adjustment already
   * has would leave that text in place. */
  gtk_spin_button_update (hour);
  gtk_spin_button_update (minute);
  if (calendar != NULL)
    gtk_calendar_select_day (calendar, local);
  gtk_spin_button_set_value (hour, g_date_time_get_hour (local));
  gtk_spin_button_set_value (minute, g_date_time_get_minute (local));
  self->updating--;
}

static gboolean
is_readable_zone_name (const char *identifier)
{
  /* Not a file path, and not a POSIX rule such as "UTC+05:30" whose sign reads backwards. */
  if (identifier == NULL || *identifier == '\0' || *identifier == '/' || *identifier == ':')
    return FALSE;

  for (const char *p = identifier; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
is_alphabetic (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;

  return TRUE;
}

static void
update_zone_label (WrapupCallbackDialog *self,
                   GDateTime            *at)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *text = NULL;
  const char *identifier = g_time_zone_get_identifier (zone);
  const char *abbreviation;
  GTimeSpan minutes;

  /* The offset of the window's start: it differs across a daylight-saving change. */
  if (at == NULL)
    at = now = g_date_time_new_now (zone);

  minutes = g_date_time_get_utc_offset (at) / G_TIME_SPAN_MINUTE;
  offset = g_strdup_printf ("UTC%c%02d:%02d", minutes < 0 ? '-' : '+',
                            (int) (ABS (minutes) / 60), (int) (ABS (minutes) % 60));
  abbreviation = g_date_time_get_timezone_abbreviation (at);
  if (!is_alphabetic (abbreviation))
    abbreviation = NULL;

  if (is_readable_zone_name (identifier))
    {
      if (abbreviation != NULL && strstr (identifier, abbreviation) == NULL)
        /* Translators: the time zone the callback times are in: its name (Europe/London),
         * abbreviation (BST) and offset (UTC+01:00) */
        text = g_strdup_printf (_("Times are in %s (%s, %s)"), identifier, abbreviation,
                                offset);
      else
        /* Translators: the time zone the callback times are in: its name (Europe/London)
         * and offset (UTC+01:00) */
        text = g_strdup_printf (_("Times are in %s (%s)"), identifier, offset);
    }
  else if (abbreviation != NULL)
    text = g_strdup_printf (_("Times are in %s (%s)"), abbreviation, offset);
  else
    /* Translators: %s is an offset such as UTC+01:00 */
    text = g_strdup_printf (_("Times are in local time (%s)"), offset);

  gtk_label_set_text (self->zone_label, text);
}

void
wrapup_callback_dialog_validate (WrapupCallbackDialog *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  const char *hint = NULL;

  start = wrapup_callback_dialog_read_time (self->start_calendar, self->start_hour,
                                            self->start_minute);
  /* The window is one day's. */
  end = wrapup_callback_dialog_read_time (self->start_calendar, self->end_hour, self->end_minute);

  if (start == NULL || end == NULL)
    message = _("This date and time cannot be used: choose another.");
  else if (!lcm_check_callback_window (start, end, now, &error))
    message = error->message;
  else if (wrapup_callback_dialog_selected_mode (self) == NULL)
    message = g_list_model_get_n_items (self->modes) == 0
              ? _("This contact has no number to call back on.")
              : _("Choose the number to call back on.");

  if (start != NULL && end != NULL)
    {
      g_clear_pointer (&self->last_start, g_date_time_unref);
      g_clear_pointer (&self->last_end, g_date_time_unref);
      self->last_start = g_date_time_ref (start);
      self->last_end = g_date_time_ref (end);
    }

  update_zone_label (self, start);
  self->valid = message == NULL;
  /* Not a problem, but the agent is told why the day changed. */
  if (message == NULL && self->past_day_refused)
    hint = _("A callback cannot be booked on a past day: today is chosen instead.");
  gtk_label_set_text (self->error_label, message != NULL ? message : hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL || hint != NULL);
  /* Nothing is wrong before the agent has done anything (a contact without any number
   * aside): a hint, not an error. */
  if (message != NULL && (self->touched || g_list_model_get_n_items (self->modes) == 0))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "dim-label");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "callback.book", self->valid);
}

/* A past day cannot be chosen: today is, and the form says why (GtkCalendar cannot make
 * days insensitive). */
void
wrapup_callback_dialog_refuse_past_day (WrapupCallbackDialog *self)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (self->start_calendar);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (chosen) != g_date_time_get_year (now)
      || g_date_time_get_day_of_year (chosen) != g_date_time_get_day_of_year (now))
    self->past_day_refused = FALSE;
  if (g_date_time_get_year (chosen) > g_date_time_get_year (now)
      || (g_date_time_get_year (chosen) == g_date_time_get_year (now)
          && g_date_time_get_day_of_year (chosen) >= g_date_time_get_day_of_year (now)))
    return;
  self->updating++;
  gtk_calendar_select_day (self->start_calendar, now);
  self->updating--;
  self->past_day_refused = TRUE;
}

static GDateTime *
local_at (GDateTime *day,
          int        hour,
          int        minute)
{
  return g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day),
                          g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                          hour, minute, 0);
}

/* The start a preset gives, from now and the time the form shows. NULL for an unknown one. */
GDateTime *
wrapup_callback_preset_start (const char *preset,
                              GDateTime  *now,
                              int         form_hour,
                              int         form_minute)
{
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  if (g_strcmp0 (preset, "hour") == 0)
    {
      /* In an hour, to the next five minutes: times the agent would type. */
      g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
      int minute = (g_date_time_get_minute (later) + 4) / 5 * 5;
      g_autoptr(GDateTime) whole = local_at (later, g_date_time_get_hour (later), 0);

      return g_date_time_add_minutes (whole, minute);
    }
  if (g_strcmp0 (preset, "tomorrow-same-time") == 0)
    return local_at (tomorrow, g_date_time_get_hour (now), g_date_time_get_minute (now));
  if (g_strcmp0 (preset, "tomorrow-ten") == 0)
    return local_at (tomorrow, PRESET_HOUR, 0);
  if (g_strcmp0 (preset, "next-working-day") == 0)
    {
      g_autoptr(GDateTime) day = g_date_time_ref (tomorrow);

      /* Monday to Friday (ISO days 1 to 5). */
      while (g_date_time_get_day_of_week (day) > 5)
        {
          GDateTime *next = g_date_time_add_days (day, 1);

          g_date_time_unref (day);
          day = next;
        }
      return local_at (day, form_hour, form_minute);
    }
  return NULL;
}
