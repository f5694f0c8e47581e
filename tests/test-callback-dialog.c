/* test-callback-dialog.c: the personal callback dialog, with a real contact's modes
 *
 * Runs in a fixed time zone (Asia/Kolkata, UTC+05:30 all year) so the zone line and the
 * offsets of what the dialog emits can be checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wrapup-callback-dialog-private.h"
#include "wrapup-test-ui.h"

#define MOBILE_MODE 3

static TestSim    *sim;
static LcmClient  *client;
static WrapupCall *call;
static gboolean    named_zone;

typedef struct
{
  guint      n_booked;
  GDateTime *start;
  GDateTime *end;
  gint64     mode_id;
} Booking;

static void
booking_clear (Booking *booking)
{
  g_clear_pointer (&booking->start, g_date_time_unref);
  g_clear_pointer (&booking->end, g_date_time_unref);
}

static void
on_booked_cb (WrapupCallbackDialog *dialog,
              GDateTime            *start,
              GDateTime            *end,
              gint64                mode_id,
              Booking              *booking)
{
  booking->n_booked++;
  booking_clear (booking);
  booking->start = g_date_time_ref (start);
  booking->end = g_date_time_ref (end);
  booking->mode_id = mode_id;
}

static WrapupCallbackDialog *
new_dialog (GListModel *modes,
            GDateTime  *start,
            GDateTime  *end,
            gint64      mode_id,
            Booking    *booking)
{
  WrapupCallbackDialog *dialog = wrapup_callback_dialog_new (NULL, modes, start, end, mode_id, NULL);

  /* The toplevel list owns the window; this reference is the test's. */
  g_object_ref (dialog);
  g_signal_connect (dialog, "booked", G_CALLBACK (on_booked_cb), booking);
  return dialog;
}

static void
destroy_dialog (WrapupCallbackDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static gboolean
error_shown (WrapupCallbackDialog *dialog)
{
  return gtk_widget_get_visible (GTK_WIDGET (wrapup_callback_dialog_get_error_label (dialog)));
}

static const char *
error_text (WrapupCallbackDialog *dialog)
{
  return gtk_label_get_text (wrapup_callback_dialog_get_error_label (dialog));
}

static gboolean
can_book (WrapupCallbackDialog *dialog)
{
  return gtk_widget_get_sensitive (wrapup_callback_dialog_get_book_button (dialog));
}

/* The library's own message for that window, which the dialog must show. */
static char *
dup_window_error (GDateTime *start,
                  GDateTime *end)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  g_assert_false (lcm_check_callback_window (start, end, now, &error));
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

static void
assert_refused (WrapupCallbackDialog *dialog,
                Booking              *booking,
                const char           *expected)
{
  gboolean was_visible;

  g_assert_true (error_shown (dialog));
  g_assert_cmpstr (error_text (dialog), ==, expected);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (wrapup_callback_dialog_get_error_label
                                                         (dialog)), "error"));
  g_assert_false (can_book (dialog));

  /* Even asked directly, a refused window is not booked, and the dialog stays. */
  was_visible = gtk_widget_get_visible (GTK_WIDGET (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "callback.book", NULL);
  test_spin (50);
  g_assert_cmpuint (booking->n_booked, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)) == was_visible);
}

static void
test_defaults (void)
{
  GListModel *modes = wrapup_call_get_callback_modes (call);
  g_autoptr(GListStore) one = g_list_store_new (LCM_TYPE_CALLBACK_MODE);
  g_autoptr(LcmCallbackMode) only = g_list_model_get_item (modes, 2);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_hour = NULL;
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog;
  GtkSpinButton *hour;
  GtkMenuButton *button;
  GtkWidget *list;
  int expected_hour;

  g_assert_cmpuint (g_list_model_get_n_items (modes), ==,
                    test_sim_query_int (sim, "SELECT count(*) FROM callback_modes m "
                                        "JOIN contacts c USING (contact_id) "
                                        "WHERE c.account_number = '" TEST_DEMO_ACCOUNT "'"));
  g_assert_cmpuint (g_list_model_get_n_items (modes), >, 1);

  /* Several modes: none is chosen for the agent. */
  dialog = new_dialog (modes, NULL, NULL, LCM_NONE, &booking);
  g_assert_cmpuint (gtk_single_selection_get_selected (wrapup_callback_dialog_get_mode_selection
                                                         (dialog)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (gtk_menu_button_get_label (wrapup_callback_dialog_get_mode_button (dialog)),
                   ==, "Choose a Number");
  /* Nothing is wrong before the agent has done anything: a hint, not an error. */
  g_assert_true (error_shown (dialog));
  g_assert_cmpstr (error_text (dialog), ==, "Choose the number to call back on.");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (wrapup_callback_dialog_get_error_label
                                                          (dialog)), "error"));
  g_assert_false (can_book (dialog));

  /* The window starts at the next full hour and lasts an hour. */
  next_hour = g_date_time_add_hours (now, 1);
  expected_hour = g_date_time_get_hour (next_hour);
  hour = wrapup_callback_dialog_get_hour (dialog, FALSE);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (hour), ==, expected_hour);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (wrapup_callback_dialog_get_minute
                                                       (dialog, FALSE)), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (wrapup_callback_dialog_get_hour
                                                       (dialog, TRUE)), ==,
                   (expected_hour + 1) % 24);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (wrapup_callback_dialog_get_minute
                                                       (dialog, TRUE)), ==, 0);
  /* Shown on two digits. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wrapup_callback_dialog_get_minute
                                                          (dialog, FALSE))), ==, "00");

  /* The agent picks a number from the button's list: the button shows it, and the list
   * closes. */
  test_ui_show (GTK_WINDOW (dialog));
  g_free (test_ui_save_png (GTK_WIDGET (dialog), "callback-dialog-no-mode"));
  button = wrapup_callback_dialog_get_mode_button (dialog);
  gtk_menu_button_popup (button);
  test_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  list = test_ui_find_child (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                             GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  g_signal_emit_by_name (list, "activate", 1);
  test_spin (100);
  g_assert_cmpuint (gtk_single_selection_get_selected (wrapup_callback_dialog_get_mode_selection
                                                         (dialog)), ==, 1);
  {
    g_autoptr(LcmCallbackMode) second = g_list_model_get_item (modes, 1);
    g_autofree char *label = wrapup_callback_mode_dup_label (second);

    g_assert_cmpstr (gtk_menu_button_get_label (button), ==, label);
  }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  g_assert_false (error_shown (dialog));
  destroy_dialog (dialog);

  /* A single mode is chosen already, and the default window can be booked at once. */
  g_list_store_append (one, only);
  dialog = new_dialog (G_LIST_MODEL (one), NULL, NULL, LCM_NONE, &booking);
  g_assert_cmpuint (gtk_single_selection_get_selected (wrapup_callback_dialog_get_mode_selection
                                                         (dialog)), ==, 0);
  {
    g_autofree char *label = wrapup_callback_mode_dup_label (only);

    g_assert_cmpstr (gtk_menu_button_get_label (wrapup_callback_dialog_get_mode_button (dialog)),
                     ==, label);
  }
  g_assert_false (error_shown (dialog));
  g_assert_true (can_book (dialog));
  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
  booking_clear (&booking);
}

/* The number the call was dialled on is chosen, however it is written. */
static void
test_dialled_number (void)
{
  GListModel *modes = wrapup_call_get_callback_modes (call);
  WrapupCallbackDialog *dialog;
  Booking booking = { 0 };

  for (guint i = 0; i < g_list_model_get_n_items (modes); i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (modes, i);
      const char *value = lcm_callback_mode_get_value (mode);
      g_autoptr(GString) written = g_string_new ("+");

      if (value == NULL || !g_ascii_isdigit (value[0]))
        continue;
      /* "+44 7700-900 123" for "447700900123" */
      for (const char *p = value; *p != '\0'; p++)
        {
          g_string_append_c (written, *p);
          if ((p - value) % 4 == 1)
            g_string_append_c (written, (p - value) % 8 == 1 ? ' ' : '-');
        }
      dialog = WRAPUP_CALLBACK_DIALOG (g_object_ref (wrapup_callback_dialog_new (NULL, modes,
                                                                                NULL, NULL,
                                                                                LCM_NONE,
                                                                                written->str)));
      g_signal_connect (dialog, "booked", G_CALLBACK (on_booked_cb), &booking);
      {
        /* That mode, or an earlier one with the same number. */
        LcmCallbackMode *chosen = gtk_single_selection_get_selected_item (
          wrapup_callback_dialog_get_mode_selection (dialog));

        g_assert_nonnull (chosen);
        g_assert_cmpuint (gtk_single_selection_get_selected (
                            wrapup_callback_dialog_get_mode_selection (dialog)), <=, i);
        g_assert_cmpstr (lcm_callback_mode_get_value (chosen), ==, value);
      }
      g_assert_false (error_shown (dialog));
      g_assert_true (can_book (dialog));
      destroy_dialog (dialog);
    }

  /* A number no mode has chooses none. */
  dialog = WRAPUP_CALLBACK_DIALOG (g_object_ref (wrapup_callback_dialog_new (NULL, modes, NULL,
                                                                            NULL, LCM_NONE,
                                                                            "+1 555 0100")));
  g_assert_cmpuint (gtk_single_selection_get_selected (
                      wrapup_callback_dialog_get_mode_selection (dialog)), ==,
                    GTK_INVALID_LIST_POSITION);
  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

static void
assert_local (GDateTime *time,
              GDateTime *day,
              int        hour,
              int        minute)
{
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_year (time), ==, g_date_time_get_year (day));
  g_assert_cmpint (g_date_time_get_day_of_year (time), ==, g_date_time_get_day_of_year (day));
  g_assert_cmpint (g_date_time_get_hour (time), ==, hour);
  g_assert_cmpint (g_date_time_get_minute (time), ==, minute);
}

/* The presets' windows, from a given now: in an hour (to five minutes), tomorrow at the same
 * time, tomorrow at 10:00, the next working day at the form's time. */
static void
test_preset_windows (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  /* Friday 4 December 2026, 16:52. */
  g_autoptr(GDateTime) friday = g_date_time_new (zone, 2026, 12, 4, 16, 52, 0);
  g_autoptr(GDateTime) saturday = g_date_time_add_days (friday, 1);
  g_autoptr(GDateTime) monday = g_date_time_add_days (friday, 3);
  g_autoptr(GDateTime) tuesday = g_date_time_add_days (friday, 4);
  g_autoptr(GDateTime) start = NULL;

  start = wrapup_callback_preset_start ("hour", friday, 9, 0);
  assert_local (start, friday, 17, 55);
  g_clear_pointer (&start, g_date_time_unref);
  start = wrapup_callback_preset_start ("tomorrow-same-time", friday, 9, 0);
  assert_local (start, saturday, 16, 52);
  g_clear_pointer (&start, g_date_time_unref);
  start = wrapup_callback_preset_start ("tomorrow-ten", friday, 9, 0);
  assert_local (start, saturday, 10, 0);
  g_clear_pointer (&start, g_date_time_unref);
  /* The weekend is skipped; the time is the form's. */
  start = wrapup_callback_preset_start ("next-working-day", friday, 9, 30);
  assert_local (start, monday, 9, 30);
  g_clear_pointer (&start, g_date_time_unref);
  start = wrapup_callback_preset_start ("next-working-day", monday, 14, 0);
  assert_local (start, tuesday, 14, 0);
  g_clear_pointer (&start, g_date_time_unref);
  g_assert_null (wrapup_callback_preset_start ("yesterday", friday, 9, 0));
}

/* A preset fills the form in at once: tomorrow 10:00 to 11:00, bookable. */
static void
test_preset_action (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "callback.preset", "s",
                                             "tomorrow-ten"));
  g_assert_true (can_book (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "callback.book", NULL));
  g_assert_cmpuint (booking.n_booked, ==, 1);
  assert_local (booking.start, tomorrow, 10, 0);
  assert_local (booking.end, tomorrow, 11, 0);
  booking_clear (&booking);
  destroy_dialog (dialog);
}

/* A past day cannot be picked: today is chosen instead, and the form says why. */
static void
test_past_day (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -7);
  g_autoptr(GDateTime) shown = NULL;
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);

  /* As the agent's click does: the day, then "day-selected" (which choosing a day in code
   * does not emit on every GTK version). */
  gtk_calendar_select_day (wrapup_callback_dialog_get_calendar (dialog), last_week);
  g_signal_emit_by_name (wrapup_callback_dialog_get_calendar (dialog), "day-selected");
  shown = gtk_calendar_get_date (wrapup_callback_dialog_get_calendar (dialog));
  g_assert_cmpint (g_date_time_get_day_of_year (shown), ==, g_date_time_get_day_of_year (now));
  g_assert_true (error_shown (dialog));
  g_assert_cmpstr (error_text (dialog), ==,
                   "A callback cannot be booked on a past day: today is chosen instead.");
  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

static void
test_mode_label (void)
{
  GListModel *modes = wrapup_call_get_callback_modes (call);
  guint n_items = g_list_model_get_n_items (modes);
  gboolean seen_mobile = FALSE;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (modes, i);
      g_autofree char *sql = NULL;
      g_autofree char *description = NULL;
      g_autofree char *value = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *label = wrapup_callback_mode_dup_label (mode);

      sql = g_strdup_printf ("SELECT m.description FROM callback_modes m "
                             "JOIN contacts c USING (contact_id) "
                             "WHERE c.account_number = '" TEST_DEMO_ACCOUNT "' "
                             "AND m.mode_id = %" G_GINT64_FORMAT,
                             lcm_callback_mode_get_mode_id (mode));
      description = test_sim_query_text (sim, sql);
      g_free (sql);
      sql = g_strdup_printf ("SELECT m.cvalue FROM callback_modes m "
                             "JOIN contacts c USING (contact_id) "
                             "WHERE c.account_number = '" TEST_DEMO_ACCOUNT "' "
                             "AND m.mode_id = %" G_GINT64_FORMAT,
                             lcm_callback_mode_get_mode_id (mode));
      value = test_sim_query_text (sim, sql);
      g_assert_nonnull (description);
      g_assert_nonnull (value);

      expected = g_strdup_printf ("%s — %s", description, value);
      g_assert_cmpstr (label, ==, expected);
      if (lcm_callback_mode_get_mode_id (mode) == MOBILE_MODE)
        {
          g_assert_cmpstr (label, ==, "Mobile — 447700900123");
          seen_mobile = TRUE;
        }
    }
  g_assert_true (seen_mobile);
}

static void
test_past (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (-1, 10, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (-1, 10, 30);
  g_autofree char *expected = dup_window_error (start, end);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);

  g_assert_false (error_shown (dialog));
  wrapup_callback_dialog_set_window (dialog, start, end);
  assert_refused (dialog, &booking, expected);
  g_assert_nonnull (strstr (expected, "over"));
  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

static void
test_end_before_start (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (1, 11, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (1, 10, 0);
  g_autofree char *expected = dup_window_error (start, end);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);

  wrapup_callback_dialog_set_window (dialog, start, end);
  assert_refused (dialog, &booking, expected);
  g_assert_nonnull (strstr (expected, "ends before it starts"));

  /* Putting the end back after the start clears the error. */
  gtk_spin_button_set_value (wrapup_callback_dialog_get_hour (dialog, TRUE), 12);
  g_assert_false (error_shown (dialog));
  g_assert_true (can_book (dialog));

  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

static void
test_too_far (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (LCM_MAX_CALLBACK_DAYS_AHEAD + 1, 10, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (LCM_MAX_CALLBACK_DAYS_AHEAD + 1, 10, 30);
  g_autoptr(GDateTime) near_start = test_ui_day_at (LCM_MAX_CALLBACK_DAYS_AHEAD - 1, 10, 0);
  g_autofree char *expected = dup_window_error (start, end);
  g_autofree char *days = g_strdup_printf ("%d days", LCM_MAX_CALLBACK_DAYS_AHEAD);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);

  wrapup_callback_dialog_set_window (dialog, start, end);
  assert_refused (dialog, &booking, expected);
  g_assert_nonnull (strstr (expected, days));

  /* Through the calendar, as the agent would: the end follows the start. */
  gtk_calendar_select_day (wrapup_callback_dialog_get_calendar (dialog), near_start);
  g_assert_false (error_shown (dialog));
  g_assert_true (can_book (dialog));

  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

static void
test_no_mode (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (1, 10, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (1, 10, 30);
  g_autoptr(GListStore) none = g_list_store_new (LCM_TYPE_CALLBACK_MODE);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), start, end,
                                             LCM_NONE, &booking);

  /* Before the agent does anything, a hint. */
  g_assert_true (error_shown (dialog));
  g_assert_cmpstr (error_text (dialog), ==, "Choose the number to call back on.");
  g_assert_false (can_book (dialog));

  wrapup_callback_dialog_select_mode (dialog, MOBILE_MODE);
  g_assert_false (error_shown (dialog));
  g_assert_true (can_book (dialog));

  /* The choice cleared again. */
  gtk_single_selection_set_selected (wrapup_callback_dialog_get_mode_selection (dialog),
                                     GTK_INVALID_LIST_POSITION);
  assert_refused (dialog, &booking, "Choose the number to call back on.");
  destroy_dialog (dialog);

  /* A contact without any number. */
  dialog = new_dialog (G_LIST_MODEL (none), start, end, LCM_NONE, &booking);
  assert_refused (dialog, &booking, "This contact has no number to call back on.");
  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

/* Validation follows what is typed, before the spin button commits it. */
static void
test_typing (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (1, 10, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (1, 10, 30);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), start, end,
                                             MOBILE_MODE, &booking);
  GtkSpinButton *end_hour = wrapup_callback_dialog_get_hour (dialog, TRUE);
  GtkSpinButton *start_hour = wrapup_callback_dialog_get_hour (dialog, FALSE);

  g_assert_false (error_shown (dialog));
  gtk_editable_set_text (GTK_EDITABLE (end_hour), "9");
  g_assert_true (error_shown (dialog));
  g_assert_false (can_book (dialog));
  gtk_editable_set_text (GTK_EDITABLE (end_hour), "11");
  g_assert_false (error_shown (dialog));
  g_assert_true (can_book (dialog));

  /* Moving the start moves the end with it: the window keeps its length (1 h 30 here). */
  gtk_spin_button_set_value (start_hour, 14);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (end_hour), ==, 15);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (wrapup_callback_dialog_get_minute
                                                       (dialog, TRUE)), ==, 30);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (wrapup_callback_dialog_get_minute
                                                          (dialog, TRUE))), ==, "30");
  g_assert_false (error_shown (dialog));

  destroy_dialog (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

static void
test_book (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (2, 9, 15);
  g_autoptr(GDateTime) end = test_ui_day_at (2, 9, 45);
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             LCM_NONE, &booking);

  wrapup_callback_dialog_set_window (dialog, start, end);
  wrapup_callback_dialog_select_mode (dialog, MOBILE_MODE);
  test_ui_show (GTK_WINDOW (dialog));
  g_assert_false (error_shown (dialog));
  g_assert_true (can_book (dialog));
  g_free (test_ui_save_png (GTK_WIDGET (dialog), "callback-dialog"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "callback.book", NULL);
  test_spin (50);

  g_assert_cmpuint (booking.n_booked, ==, 1);
  g_assert_true (g_date_time_equal (booking.start, start));
  g_assert_true (g_date_time_equal (booking.end, end));
  g_assert_cmpint (g_date_time_get_hour (booking.start), ==, 9);
  g_assert_cmpint (g_date_time_get_minute (booking.start), ==, 15);
  g_assert_cmpint (g_date_time_get_hour (booking.end), ==, 9);
  g_assert_cmpint (g_date_time_get_minute (booking.end), ==, 45);
  g_assert_cmpint (booking.mode_id, ==, MOBILE_MODE);
  /* The times are the local zone's. */
  g_assert_cmpint (g_date_time_get_utc_offset (booking.start), ==,
                   5 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);

  /* Booking closed the dialog: only the test's reference is left. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_finalize_object (dialog);
  booking_clear (&booking);
}

static void
test_zone_line (void)
{
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);
  const char *text = gtk_label_get_text (wrapup_callback_dialog_get_zone_label (dialog));
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  g_test_message ("zone line: %s", text);
  g_assert_true (g_str_has_prefix (text, "Times are in "));
  g_assert_nonnull (strstr (text, "UTC+05:30"));
  if (named_zone)
    {
      g_assert_cmpstr (g_time_zone_get_identifier (local), ==, "Asia/Kolkata");
      g_assert_nonnull (strstr (text, "Asia/Kolkata"));
    }
  g_assert_nonnull (strstr (text, "IST"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (wrapup_callback_dialog_get_zone_label
                                                         (dialog)), "dim-label"));
  destroy_dialog (dialog);
}

static gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n_controllers = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n_controllers; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      guint n_shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      n_shortcuts = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < n_shortcuts; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *t = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger
                                                                 (shortcut));
          g_autofree char *a = gtk_shortcut_action_to_string (gtk_shortcut_get_action
                                                                (shortcut));

          if (g_strcmp0 (t, trigger) == 0 && strstr (a, action) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_cancel (void)
{
  Booking booking = { 0 };
  WrapupCallbackDialog *dialog = new_dialog (wrapup_call_get_callback_modes (call), NULL, NULL,
                                             MOBILE_MODE, &booking);

  g_assert_true (can_book (dialog));
  g_assert_true (has_shortcut (GTK_WIDGET (dialog), "Escape", "window.close"));
  g_assert_true (has_shortcut (GTK_WIDGET (dialog), "<Control>Return", "callback.book"));

  test_ui_show (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  test_spin (50);
  g_assert_cmpuint (booking.n_booked, ==, 0);
  g_assert_finalize_object (dialog);
}

static void
test_invalid_png (void)
{
  g_autoptr(GDateTime) start = test_ui_day_at (1, 11, 0);
  g_autoptr(GDateTime) end = test_ui_day_at (1, 10, 0);
  Booking booking = { 0 };
  GtkWidget *parent = gtk_window_new ();
  WrapupCallbackDialog *dialog;

  /* Transient for a window, as the wrap-up form opens it. */
  gtk_window_set_default_size (GTK_WINDOW (parent), 720, 600);
  test_ui_show (GTK_WINDOW (parent));
  dialog = wrapup_callback_dialog_new (GTK_WINDOW (parent),
                                       wrapup_call_get_callback_modes (call), start, end,
                                       MOBILE_MODE, NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "booked", G_CALLBACK (on_booked_cb), &booking);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (parent));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  test_ui_show (GTK_WINDOW (dialog));
  g_assert_true (error_shown (dialog));
  g_free (test_ui_save_png (GTK_WIDGET (dialog), "callback-dialog-invalid"));

  /* Closing the window it belongs to takes the dialog along (destroy-with-parent). */
  gtk_window_destroy (GTK_WINDOW (parent));
  test_spin (50);
  g_assert_null (dialog);
  g_assert_cmpuint (booking.n_booked, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A zone with a half-hour offset and no daylight saving, so nothing depends on the date. */
  named_zone = g_file_test ("/usr/share/zoneinfo/Asia/Kolkata", G_FILE_TEST_EXISTS);
  g_setenv ("TZ", named_zone ? "Asia/Kolkata" : "IST-05:30", TRUE);
  tzset ();

  test_ui_init (&argc, &argv);

  sim = test_sim_start (NULL);
  client = test_ui_connect (sim);
  call = test_ui_open_demo_call (client);

  g_test_add_func ("/wrapup/callback-dialog/defaults", test_defaults);
  g_test_add_func ("/wrapup/callback-dialog/mode-label", test_mode_label);
  g_test_add_func ("/wrapup/callback-dialog/dialled-number", test_dialled_number);
  g_test_add_func ("/wrapup/callback-dialog/presets/windows", test_preset_windows);
  g_test_add_func ("/wrapup/callback-dialog/presets/action", test_preset_action);
  g_test_add_func ("/wrapup/callback-dialog/invalid/past-day", test_past_day);
  g_test_add_func ("/wrapup/callback-dialog/invalid/past", test_past);
  g_test_add_func ("/wrapup/callback-dialog/invalid/end-before-start", test_end_before_start);
  g_test_add_func ("/wrapup/callback-dialog/invalid/too-far", test_too_far);
  g_test_add_func ("/wrapup/callback-dialog/invalid/no-mode", test_no_mode);
  g_test_add_func ("/wrapup/callback-dialog/typing", test_typing);
  g_test_add_func ("/wrapup/callback-dialog/book", test_book);
  g_test_add_func ("/wrapup/callback-dialog/zone-line", test_zone_line);
  g_test_add_func ("/wrapup/callback-dialog/cancel", test_cancel);
  g_test_add_func ("/wrapup/callback-dialog/invalid/screenshot", test_invalid_png);

  status = g_test_run ();

  g_assert_finalize_object (call);
  lcm_client_stop (client);
  g_assert_finalize_object (client);
  test_sim_free (sim);
  return status;
}
