/* test-values.c: LCM keys, dates, times, windows and the other value checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lcm.h"

static void
test_account_number (void)
{
  const char *good[] = {
    "5|3|1|0|0|44|1", "2|3|3|0|0|44|1", "9|3|1711|0|0|84|-1", "18|1|2|0|0|44|274",
    "137|1|3|0|0|84|",
  };
  const char *bad[] = {
    "", "5|3|1|0|0|44", "5|3|1|0|0|44|1|2", "5|3|a|0|0|44|1", "5|3||0|0|44|1",
    "5|3|1|0|0|44|1 ", " 5|3|1|0|0|44|1", "5;3;1;0;0;44;1", "5|3|1|0|0|44|1\n",
    "\"5|3|1|0|0|44|1\"", "99999999999|3|1|0|0|44|1", "||||||",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (lcm_check_account_number (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *shown = g_strescape (bad[i], NULL);

      g_test_message ("bad key %s", shown);
      g_assert_false (lcm_check_account_number (bad[i], &error));
      g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
      /* A message never carries control characters from the input. */
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
    }
  g_assert_false (lcm_check_account_number (NULL, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
}

static void
test_call_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_id = g_strnfill (LCM_MAX_CALL_ID_LENGTH + 1, '7');

  g_assert_true (lcm_check_call_id ("12345", NULL));
  g_assert_true (lcm_check_call_id ("A-1_b.2:3", NULL));
  g_assert_false (lcm_check_call_id ("", &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_EMPTY_CALL_ID);
  g_clear_error (&error);
  g_assert_false (lcm_check_call_id (NULL, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_EMPTY_CALL_ID);
  g_clear_error (&error);

  {
    const char *bad[] = { "12 34", "12\"34", "12\n", "a/b", "é", long_id };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (lcm_check_call_id (bad[i], &error));
        g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_ID);
        /* Long input is cut in the message. */
        g_assert_cmpuint (strlen (error->message), <, 250);
        g_clear_error (&error);
      }
  }
}

static void
test_contact_user_comments (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_comment = g_strnfill (LCM_MAX_COMMENT_LENGTH + 1, 'x');
  g_autofree char *max_comment = g_strnfill (LCM_MAX_COMMENT_LENGTH, 'x');

  g_assert_true (lcm_check_contact_number ("909003299700", NULL));
  g_assert_true (lcm_check_contact_number ("123", NULL));
  {
    const char *bad[] = { "", "12", "+4412345", "0044 123", "12a45", "123456789012345678901" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (lcm_check_contact_number (bad[i], &error));
        g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CONTACT);
        g_clear_error (&error);
      }
  }

  g_assert_true (lcm_check_user_id ("testagent", NULL));
  g_assert_false (lcm_check_user_id ("", &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_USER);
  g_clear_error (&error);
  g_assert_false (lcm_check_user_id ("test agent", &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_USER);
  g_clear_error (&error);

  g_assert_true (lcm_check_comments (NULL, NULL));
  g_assert_true (lcm_check_comments ("Client says \"call me\"\nafter 5pm — merci", NULL));
  g_assert_true (lcm_check_comments (max_comment, NULL));
  g_assert_false (lcm_check_comments (long_comment, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_assert_false (lcm_check_comments ("\xff", &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG);
}

static void
test_numbers (void)
{
  g_autoptr(GError) error = NULL;
  gint64 months[] = { 3, 6, 9, 12 };
  gint64 bad_months[] = { 0, 1, 5, 10, 13, -3 };

  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    g_assert_true (lcm_check_month_type (months[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_months); i++)
    {
      g_assert_false (lcm_check_month_type (bad_months[i], &error));
      g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_MONTHS);
      g_clear_error (&error);
    }

  g_assert_true (lcm_check_channel (-1, NULL));
  g_assert_true (lcm_check_channel (1, NULL));
  g_assert_true (lcm_check_channel (2, NULL));
  g_assert_true (lcm_check_channel (3, NULL));
  g_assert_false (lcm_check_channel (0, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CHANNEL);
  g_clear_error (&error);
  g_assert_false (lcm_check_channel (4, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CHANNEL);
  g_clear_error (&error);

  g_assert_true (lcm_check_lead_score (0, NULL));
  g_assert_true (lcm_check_lead_score (LCM_MAX_LEAD_SCORE, NULL));
  g_assert_false (lcm_check_lead_score (-1, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER);
  g_clear_error (&error);
  g_assert_false (lcm_check_lead_score (LCM_MAX_LEAD_SCORE + 1, &error));
  g_clear_error (&error);

  g_assert_true (lcm_check_target_amount (0, NULL));
  g_assert_true (lcm_check_target_amount (1250.75, NULL));
  g_assert_false (lcm_check_target_amount (-0.01, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER);
  g_clear_error (&error);
  g_assert_false (lcm_check_target_amount (INFINITY, &error));
  g_clear_error (&error);
  g_assert_false (lcm_check_target_amount (NAN, &error));
}

static void
test_dates (void)
{
  struct { const char *text; int day, month, year; } good[] = {
    { "13/01/2021", 13, 1, 2021 }, { "29/02/2024", 29, 2, 2024 }, { "31/12/1999", 31, 12, 1999 },
  };
  const char *bad[] = {
    "", "1/2/2024", "29/02/2023", "31/04/2024", "00/01/2024", "01/13/2024", "01/00/2024",
    "2024-01-13", "13/01/21", "13/01/2021 ", "13-01-2021", "32/01/2024", "13/01/0000",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      GDate date;
      g_autofree char *formatted = NULL;

      g_date_clear (&date, 1);
      g_assert_true (lcm_parse_date (good[i].text, &date, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_date_get_day (&date), ==, good[i].day);
      g_assert_cmpint (g_date_get_month (&date), ==, good[i].month);
      g_assert_cmpint (g_date_get_year (&date), ==, good[i].year);
      formatted = lcm_format_date (&date);
      g_assert_cmpstr (formatted, ==, good[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDate date;

      g_test_message ("bad date %s", bad[i]);
      g_date_clear (&date, 1);
      g_assert_false (lcm_parse_date (bad[i], &date, &error));
      g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE);
      g_clear_error (&error);
    }
}

static void
test_times (void)
{
  struct { const char *text; int hour, minute; } good[] = {
    { "13:45", 13, 45 }, { "00:00", 0, 0 }, { "23:59", 23, 59 },
  };
  const char *bad[] = { "", "24:00", "9:30", "12:60", "1:5", "12:30:00", "12h30", "1245", " 12:45" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int hour = -1, minute = -1;

      g_assert_true (lcm_parse_time (good[i].text, &hour, &minute, &error));
      g_assert_cmpint (hour, ==, good[i].hour);
      g_assert_cmpint (minute, ==, good[i].minute);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      int hour, minute;

      g_assert_false (lcm_parse_time (bad[i], &hour, &minute, &error));
      g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_TIME);
      g_clear_error (&error);
    }
}

static void
test_date_time (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = lcm_parse_date_time ("13/01/2021 13:45", utc, &error);
  GDateTime *none;

  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_year (time), ==, 2021);
  g_assert_cmpint (g_date_time_get_month (time), ==, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (time), ==, 13);
  g_assert_cmpint (g_date_time_get_hour (time), ==, 13);
  g_assert_cmpint (g_date_time_get_minute (time), ==, 45);

  none = lcm_parse_date_time ("13/01/2021", utc, &error);
  g_assert_null (none);
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE);
  g_clear_error (&error);
  none = lcm_parse_date_time ("30/02/2021 10:00", utc, &error);
  g_assert_null (none);
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE);
}

static void
test_completed_time (void)
{
  struct { const char *text; int year, month, day, hour, minute, second; } good[] = {
    { "5/12/2020 9:22:23 AM", 2020, 5, 12, 9, 22, 23 },
    { "12/31/2021 11:59:59 PM", 2021, 12, 31, 23, 59, 59 },
    { "1/1/2022 12:05:00 AM", 2022, 1, 1, 0, 5, 0 },
    { "1/1/2022 12:05:00 PM", 2022, 1, 1, 12, 5, 0 },
    { "02/03/2022 01:00:00 pm", 2022, 2, 3, 13, 0, 0 },
  };
  const char *bad[] = {
    "", "5/12/2020", "5/12/2020 9:22:23", "13/12/2020 9:22:23 AM", "5/32/2020 9:22:23 AM",
    "5/12/2020 13:22:23 PM", "5/12/2020 0:22:23 AM", "5/12/2020 9:22:23 XM",
    "2/30/2021 9:00:00 AM", "5/12/2020 9:22 AM",
  };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GDateTime) time = lcm_parse_completed_time (good[i].text, utc, &error);
      g_autofree char *formatted = NULL;
      g_autoptr(GDateTime) again = NULL;

      g_test_message ("completed %s", good[i].text);
      g_assert_no_error (error);
      g_assert_cmpint (g_date_time_get_year (time), ==, good[i].year);
      g_assert_cmpint (g_date_time_get_month (time), ==, good[i].month);
      g_assert_cmpint (g_date_time_get_day_of_month (time), ==, good[i].day);
      g_assert_cmpint (g_date_time_get_hour (time), ==, good[i].hour);
      g_assert_cmpint (g_date_time_get_minute (time), ==, good[i].minute);
      g_assert_cmpint (g_date_time_get_second (time), ==, good[i].second);

      /* The writer's form parses back to the same instant. */
      formatted = lcm_format_completed_time (time);
      again = lcm_parse_completed_time (formatted, utc, &error);
      g_assert_no_error (error);
      g_assert_true (g_date_time_equal (time, again));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDateTime *time;

      g_test_message ("bad completed %s", bad[i]);
      time = lcm_parse_completed_time (bad[i], utc, &error);
      g_assert_null (time);
      g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE);
      g_clear_error (&error);
    }

  {
    g_autoptr(GDateTime) sample = g_date_time_new (utc, 2020, 5, 12, 9, 22, 23);
    g_autofree char *text = lcm_format_completed_time (sample);

    g_assert_cmpstr (text, ==, "5/12/2020 9:22:23 AM");
  }
}

static void
test_callback_window (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 11, 22, 10, 30, 20);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) same_minute = g_date_time_new (utc, 2026, 11, 22, 10, 30, 0);
  g_autoptr(GDateTime) far = g_date_time_add_days (now, LCM_MAX_CALLBACK_DAYS_AHEAD + 1);
  g_autoptr(GDateTime) far_end = g_date_time_add_days (far, 1);
  g_autoptr(GDateTime) edge = g_date_time_add_days (now, LCM_MAX_CALLBACK_DAYS_AHEAD);
  g_autoptr(GError) error = NULL;

  g_assert_true (lcm_check_callback_window (now, later, now, &error));
  g_assert_no_error (error);
  /* A window of one instant is fine (the sample books 13:45 to 13:45). */
  g_assert_true (lcm_check_callback_window (later, later, now, &error));
  /* Ending in the current minute is not yet the past. */
  g_assert_true (lcm_check_callback_window (earlier, same_minute, now, &error));
  g_assert_true (lcm_check_callback_window (edge, edge, now, &error));
  g_assert_no_error (error);

  g_assert_false (lcm_check_callback_window (later, now, now, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_ORDER);
  g_clear_error (&error);
  g_assert_false (lcm_check_callback_window (earlier, earlier, now, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_PAST);
  g_clear_error (&error);
  g_assert_false (lcm_check_callback_window (far, far_end, now, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_TOO_FAR);
}

static void
test_call_type_channel (void)
{
  g_autoptr(GError) error = NULL;
  LcmCallType type;
  LcmChannel channel;

  g_assert_true (lcm_call_type_from_string ("manual", &type, NULL));
  g_assert_cmpint (type, ==, LCM_CALL_TYPE_MANUAL);
  g_assert_true (lcm_call_type_from_string ("INBOUND", &type, NULL));
  g_assert_cmpstr (lcm_call_type_to_string (type), ==, "INBOUND");
  g_assert_true (lcm_call_type_from_string ("Outbound", &type, NULL));
  g_assert_cmpstr (lcm_call_type_to_string (type), ==, "OUTBOUND");
  g_assert_false (lcm_call_type_from_string ("preview", &type, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_TYPE);
  g_clear_error (&error);

  g_assert_true (lcm_channel_from_string ("voice", &channel, NULL));
  g_assert_cmpint (channel, ==, LCM_CHANNEL_VOICE);
  g_assert_true (lcm_channel_from_string ("ALL", &channel, NULL));
  g_assert_cmpint (channel, ==, LCM_CHANNEL_ALL);
  g_assert_true (lcm_channel_from_string ("3", &channel, NULL));
  g_assert_cmpint (channel, ==, LCM_CHANNEL_EMAIL);
  g_assert_false (lcm_channel_from_string ("fax", &channel, &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CHANNEL);
  g_assert_cmpstr (lcm_channel_to_label (LCM_CHANNEL_SMS), ==, "SMS");
  /* The protocol's fixed words in any case; the gateway's own words as they are. */
  g_assert_cmpstr (lcm_call_type_to_label ("OUTBOUND"), ==, "Outbound");
  g_assert_cmpstr (lcm_callback_mode_to_label ("home"), ==, "Home");
  g_assert_cmpstr (lcm_callback_mode_to_label ("Weekend cottage"), ==, "Weekend cottage");
  g_assert_cmpstr (lcm_call_type_to_label ("Preview"), ==, "Preview");
  g_assert_null (lcm_call_type_to_label (NULL));
}

static void
test_mask (void)
{
  g_autofree char *long_number = lcm_mask_contact_number ("909003299700");
  g_autofree char *short_number = lcm_mask_contact_number ("123");

  g_assert_cmpstr (long_number, ==, "********9700");
  g_assert_cmpstr (short_number, ==, "***");
}

/* The outcomes that offer a booking at once are those named as a callback, in any spelling
 * or language Wrapup ships; others, even close ones, are not. */
static void
test_outcome_names_callback (void)
{
  const char *callbacks[] = { "CallBack", "Call back later", "CALL-BACK", "call me back",
                              "Rappel", "À rappeler demain", "Rellamada",
                              "Volver a llamar", "Devolver llamada",
                              /* accents are left out, not letters of another word */
                              "Cäll bäck" };
  const char *others[] = { "Success", "Busy", "Called", "Back office", "Call", "DNC",
                           "Llamada perdida", "Appel", "" };

  for (guint i = 0; i < G_N_ELEMENTS (callbacks); i++)
    g_assert_true (lcm_outcome_names_callback (callbacks[i]));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_false (lcm_outcome_names_callback (others[i]));
  g_assert_false (lcm_outcome_names_callback (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/values/account-number", test_account_number);
  g_test_add_func ("/lcm/values/call-id", test_call_id);
  g_test_add_func ("/lcm/values/contact-user-comments", test_contact_user_comments);
  g_test_add_func ("/lcm/values/numbers", test_numbers);
  g_test_add_func ("/lcm/values/dates", test_dates);
  g_test_add_func ("/lcm/values/times", test_times);
  g_test_add_func ("/lcm/values/date-time", test_date_time);
  g_test_add_func ("/lcm/values/completed-time", test_completed_time);
  g_test_add_func ("/lcm/values/callback-window", test_callback_window);
  g_test_add_func ("/lcm/values/call-type-channel", test_call_type_channel);
  g_test_add_func ("/lcm/values/mask", test_mask);
  g_test_add_func ("/lcm/values/outcome-names-callback", test_outcome_names_callback);

  return g_test_run ();
}
