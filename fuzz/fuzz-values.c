/* fuzz-values.c: libFuzzer harness for the value parsers and checks of lcm-values.h
 *
 * Each input is given, as a string, to every date and time parser and every value check.
 * What a parser accepts must be in range and must survive a round trip through the
 * library's own formatter (or, where it has none, the format the parser documents).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <lcm.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static GTimeZone *zones[3];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_setup ();
  /* UTC; a zone with daylight saving time (a gap in March, an hour twice in October); one
   * far from UTC, so dates at the ends of the calendar fall outside what GDateTime holds. */
  zones[0] = g_time_zone_new_utc ();
  zones[1] = g_time_zone_new_identifier ("Europe/London");
  if (zones[1] == NULL)
    zones[1] = g_time_zone_new_offset (3600);
  zones[2] = g_time_zone_new_offset (-11 * 3600);
  return 0;
}

static void
check_error (GError *error,
             GQuark  domain)
{
  fuzz_assert (error != NULL);
  fuzz_assert (error->domain == domain);
  fuzz_check_message (error->message);
}

static void
check_date (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  GDate date;
  GDate again;

  g_date_clear (&date, 1);
  g_date_clear (&again, 1);
  if (!lcm_parse_date (text, &date, &error))
    {
      check_error (error, LCM_REQUEST_ERROR);
      return;
    }
  fuzz_assert (g_date_valid (&date));
  written = lcm_format_date (&date);
  /* DD/MM/YYYY has one spelling per date. */
  fuzz_assert (g_strcmp0 (written, text) == 0);
  fuzz_assert (lcm_parse_date (written, &again, NULL));
  fuzz_assert (g_date_compare (&date, &again) == 0);
}

static void
check_time (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  int hour = -1;
  int minute = -1;

  if (!lcm_parse_time (text, &hour, &minute, &error))
    {
      check_error (error, LCM_REQUEST_ERROR);
      return;
    }
  fuzz_assert (hour >= 0 && hour <= 23);
  fuzz_assert (minute >= 0 && minute <= 59);
  written = g_strdup_printf ("%02d:%02d", hour, minute);
  fuzz_assert (g_strcmp0 (written, text) == 0);
}

static void
check_date_time (const char *text,
                 GTimeZone  *zone)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  time = lcm_parse_date_time (text, zone, &error);
  if (time == NULL)
    {
      check_error (error, LCM_REQUEST_ERROR);
      return;
    }
  fuzz_assert (g_date_time_get_second (time) == 0);
  /* The local time GLib settled on (a time in a DST gap moves forward) reads back to the
   * same instant. */
  written = g_strdup_printf ("%02d/%02d/%04d %02d:%02d", g_date_time_get_day_of_month (time),
                             g_date_time_get_month (time), g_date_time_get_year (time),
                             g_date_time_get_hour (time), g_date_time_get_minute (time));
  again = lcm_parse_date_time (written, zone, &error);
  if (again == NULL || !g_date_time_equal (time, again))
    {
      fprintf (stderr, "date and time do not round trip: \"%s\" -> \"%s\"\n", text, written);
      abort ();
    }
}

static void
check_completed_time (const char *text,
                      GTimeZone  *zone)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  time = lcm_parse_completed_time (text, zone, &error);
  if (time == NULL)
    {
      check_error (error, LCM_PROTOCOL_ERROR);
      return;
    }
  written = lcm_format_completed_time (time);
  fuzz_assert (written != NULL);
  again = lcm_parse_completed_time (written, zone, &error);
  if (again == NULL || !g_date_time_equal (time, again))
    {
      fprintf (stderr, "completion time does not round trip: \"%s\" -> \"%s\" (%s)\n", text,
               written, again == NULL ? error->message : "another instant");
      abort ();
    }
}

static void
check_checks (const char *text)
{
  g_autoptr(GError) error = NULL;
  LcmCallType call_type;
  LcmChannel channel;

  if (lcm_check_account_number (text, &error))
    {
      g_auto(GStrv) fields = g_strsplit (text, "|", -1);

      fuzz_assert (g_strv_length (fields) == 7);
    }
  else
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  if (lcm_check_contact_number (text, &error))
    {
      g_autofree char *masked = lcm_mask_contact_number (text);
      gsize length = strlen (text);

      for (gsize i = 0; i < length; i++)
        fuzz_assert (g_ascii_isdigit (text[i]));
      fuzz_assert (length >= LCM_MIN_CONTACT_DIGITS && length <= LCM_MAX_CONTACT_DIGITS);
      /* At most the last four digits are shown. */
      fuzz_assert (strlen (masked) == length);
      for (gsize i = 0; i < length; i++)
        fuzz_assert (masked[i] == (length <= 4 || i + 4 < length ? '*' : text[i]));
    }
  else
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  if (lcm_check_call_id (text, &error))
    {
      fuzz_assert (*text != '\0' && strlen (text) <= LCM_MAX_CALL_ID_LENGTH);
      for (const char *p = text; *p != '\0'; p++)
        fuzz_assert (g_ascii_isgraph (*p));
    }
  else
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  if (!lcm_check_user_id (text, &error))
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  if (lcm_check_comments (text, &error))
    fuzz_assert (g_utf8_validate (text, -1, NULL));
  else
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  if (lcm_call_type_from_string (text, &call_type, &error))
    fuzz_assert (g_ascii_strcasecmp (lcm_call_type_to_string (call_type), text) == 0);
  else
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  if (lcm_channel_from_string (text, &channel, &error))
    fuzz_assert (lcm_check_channel (channel, NULL));
  else
    check_error (error, LCM_REQUEST_ERROR);
  g_clear_error (&error);

  /* Masking takes anything, and never shows more than four characters. */
  {
    g_autofree char *masked = lcm_mask_contact_number (text);

    fuzz_assert (strlen (masked) == strlen (text));
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = fuzz_dup_string (data, size);

  if (text == NULL)
    return 0;

  check_date (text);
  check_time (text);
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      check_date_time (text, zones[z]);
      check_completed_time (text, zones[z]);
    }
  check_checks (text);

  return 0;
}
