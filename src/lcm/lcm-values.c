/* lcm-values.c: the value formats of the LCM protocol, checked and converted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-values"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lcm-error.h"
#include "lcm-private.h"
#include "lcm-values.h"

gboolean
lcm_check_call_id (const char  *callid,
                   GError     **error)
{
  g_autofree char *shown = NULL;

  if (callid == NULL || *callid == '\0')
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_EMPTY_CALL_ID,
                           _("The call id is empty"));
      return FALSE;
    }

  if (strlen (callid) <= LCM_MAX_CALL_ID_LENGTH && g_utf8_validate (callid, -1, NULL))
    {
      const char *p;

      for (p = callid; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && strchr ("-_.:", *p) == NULL)
          break;
      if (*p == '\0')
        return TRUE;
    }

  shown = lcm_quote_for_message (callid);
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_ID,
               _("“%s” is not a valid call id: use up to %d letters, digits, dots, dashes, "
                 "colons or underscores"),
               shown, LCM_MAX_CALL_ID_LENGTH);
  return FALSE;
}

gboolean
lcm_check_account_number (const char  *account,
                          GError     **error)
{
  g_autofree char *shown = NULL;
  g_auto(GStrv) fields = NULL;

  if (account == NULL || *account == '\0')
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_ACCOUNT,
                           _("The account number (LCM key) is empty"));
      return FALSE;
    }

  if (strlen (account) <= 160)
    {
      guint i;

      fields = g_strsplit (account, "|", -1);
      if (g_strv_length (fields) == 7)
        {
          for (i = 0; i < 7; i++)
            {
              const char *field = fields[i];
              gint64 value;

              /* The vendor's pages show the last field empty (137|1|3|0|0|84|). */
              if (i == 6 && *field == '\0')
                continue;
              if (!g_ascii_string_to_signed (field, 10, G_MININT32, G_MAXINT32, &value, NULL))
                break;
            }
          if (i == 7)
            return TRUE;
        }
    }

  shown = lcm_quote_for_message (account);
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_ACCOUNT,
               _("“%s” is not an LCM key: it should be seven whole numbers separated by “|”, "
                 "such as 5|3|1|0|0|44|1"),
               shown);
  return FALSE;
}

gboolean
lcm_check_contact_number (const char  *contact,
                          GError     **error)
{
  g_autofree char *shown = NULL;
  gsize length = contact != NULL ? strlen (contact) : 0;
  gsize i;

  for (i = 0; i < length; i++)
    if (!g_ascii_isdigit (contact[i]))
      break;

  if (length >= LCM_MIN_CONTACT_DIGITS && length <= LCM_MAX_CONTACT_DIGITS && i == length)
    return TRUE;

  shown = lcm_quote_for_message (contact != NULL ? contact : "");
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CONTACT,
               _("“%s” is not a contact number: use %d to %d digits, without spaces, “+” or a "
                 "campaign prefix"),
               shown, LCM_MIN_CONTACT_DIGITS, LCM_MAX_CONTACT_DIGITS);
  return FALSE;
}

gboolean
lcm_check_user_id (const char  *user,
                   GError     **error)
{
  g_autofree char *shown = NULL;

  if (user == NULL || *user == '\0')
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_USER,
                           _("The agent id is empty"));
      return FALSE;
    }

  if (strlen (user) <= LCM_MAX_USER_ID_LENGTH && g_utf8_validate (user, -1, NULL))
    {
      const char *p;

      for (p = user; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
            break;
        }
      if (*p == '\0')
        return TRUE;
    }

  shown = lcm_quote_for_message (user);
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_USER,
               _("“%s” is not a valid agent id: use up to %d characters without spaces"),
               shown, LCM_MAX_USER_ID_LENGTH);
  return FALSE;
}

gboolean
lcm_check_comments (const char  *comments,
                    GError     **error)
{
  if (comments == NULL)
    return TRUE;

  if (!g_utf8_validate (comments, -1, NULL))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG,
                           _("The comments are not valid text"));
      return FALSE;
    }

  if (g_utf8_strlen (comments, -1) > LCM_MAX_COMMENT_LENGTH)
    {
      g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG,
                   _("The comments are longer than %d characters"), LCM_MAX_COMMENT_LENGTH);
      return FALSE;
    }

  return TRUE;
}

gboolean
lcm_check_month_type (gint64   months,
                      GError **error)
{
  if (months == 3 || months == 6 || months == 9 || months == 12)
    return TRUE;

  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_MONTHS,
               _("%" PRId64 " months is not a journey range: choose 3, 6, 9 or 12"),
               months);
  return FALSE;
}

gboolean
lcm_check_channel (gint64   channel,
                   GError **error)
{
  switch (channel)
    {
    case LCM_CHANNEL_ALL:
    case LCM_CHANNEL_SMS:
    case LCM_CHANNEL_VOICE:
    case LCM_CHANNEL_EMAIL:
      return TRUE;
    default:
      g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CHANNEL,
                   _("%" PRId64 " is not a channel: choose SMS (1), voice (2), "
                     "email (3) or all (-1)"),
                   channel);
      return FALSE;
    }
}

gboolean
lcm_check_lead_score (gint64   lead_score,
                      GError **error)
{
  if (lead_score >= 0 && lead_score <= LCM_MAX_LEAD_SCORE)
    return TRUE;

  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER,
               _("The lead score %" PRId64 " is out of range: use 0 to %d"),
               lead_score, LCM_MAX_LEAD_SCORE);
  return FALSE;
}

gboolean
lcm_check_target_amount (double   amount,
                         GError **error)
{
  if (isfinite (amount) && amount >= 0 && amount <= LCM_MAX_TARGET_AMOUNT)
    return TRUE;

  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_NUMBER,
               _("The target amount is out of range: use 0 to %.0f"), LCM_MAX_TARGET_AMOUNT);
  return FALSE;
}

/* Reads exactly `digits` ASCII digits. */
static gboolean
read_digits (const char **p,
             int          min_digits,
             int          max_digits,
             int         *out)
{
  int value = 0;
  int n = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[0]))
    {
      value = value * 10 + ((*p)[0] - '0');
      (*p)++;
      n++;
    }
  if (n < min_digits)
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
expect_char (const char **p,
             char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

static gboolean
parse_dmy (const char **p,
           GDate       *out)
{
  int day, month, year;

  if (!read_digits (p, 2, 2, &day) || !expect_char (p, '/') ||
      !read_digits (p, 2, 2, &month) || !expect_char (p, '/') ||
      !read_digits (p, 4, 4, &year))
    return FALSE;
  if (year < 1 || month < 1 || month > 12 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static gboolean
parse_hm (const char **p,
          int         *hour,
          int         *minute)
{
  if (!read_digits (p, 2, 2, hour) || !expect_char (p, ':') || !read_digits (p, 2, 2, minute))
    return FALSE;
  return *hour <= 23 && *minute <= 59;
}

gboolean
lcm_parse_date (const char  *text,
                GDate       *out,
                GError     **error)
{
  const char *p = text;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (p != NULL && parse_dmy (&p, out) && *p == '\0')
    return TRUE;

  shown = lcm_quote_for_message (text != NULL ? text : "");
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE,
               _("“%s” is not a date: use DD/MM/YYYY, such as 31/01/2027"), shown);
  return FALSE;
}

char *
lcm_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%02d/%02d/%04d", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

gboolean
lcm_parse_time (const char  *text,
                int         *hour,
                int         *minute,
                GError     **error)
{
  const char *p = text;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (hour != NULL && minute != NULL, FALSE);

  if (p != NULL && parse_hm (&p, hour, minute) && *p == '\0')
    return TRUE;

  shown = lcm_quote_for_message (text != NULL ? text : "");
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_TIME,
               _("“%s” is not a time: use HH:mm on the 24-hour clock, such as 13:45"), shown);
  return FALSE;
}

GDateTime *
lcm_parse_date_time (const char  *text,
                     GTimeZone   *zone,
                     GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autofree char *shown = NULL;
  const char *p = text;
  GDate date;
  int hour, minute;

  g_date_clear (&date, 1);
  if (p != NULL && parse_dmy (&p, &date) && expect_char (&p, ' ') &&
      parse_hm (&p, &hour, &minute) && *p == '\0')
    {
      GDateTime *result;

      if (zone == NULL)
        zone = local = g_time_zone_new_local ();
      result = g_date_time_new (zone, g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), hour, minute, 0);
      if (result != NULL)
        return result;
    }

  shown = lcm_quote_for_message (text != NULL ? text : "");
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_DATE,
               _("“%s” is not a date and time: use DD/MM/YYYY HH:mm, such as 31/01/2027 13:45"),
               shown);
  return NULL;
}

GDateTime *
lcm_parse_completed_time (const char  *text,
                          GTimeZone   *zone,
                          GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autofree char *shown = NULL;
  const char *p = text;
  int month, day, year, hour, minute, second;

  if (p != NULL &&
      read_digits (&p, 1, 2, &month) && expect_char (&p, '/') &&
      read_digits (&p, 1, 2, &day) && expect_char (&p, '/') &&
      read_digits (&p, 4, 4, &year) && expect_char (&p, ' ') &&
      read_digits (&p, 1, 2, &hour) && expect_char (&p, ':') &&
      read_digits (&p, 2, 2, &minute) && expect_char (&p, ':') &&
      read_digits (&p, 2, 2, &second) && expect_char (&p, ' ') &&
      hour >= 1 && hour <= 12 && minute <= 59 && second <= 59 &&
      year >= 1 && month >= 1 && month <= 12 && g_date_valid_dmy (day, month, year))
    {
      gboolean pm;
      GDateTime *result;

      if (g_ascii_strcasecmp (p, "AM") == 0)
        pm = FALSE;
      else if (g_ascii_strcasecmp (p, "PM") == 0)
        pm = TRUE;
      else
        goto fail;

      /* 12:xx AM is just after midnight, 12:xx PM just after noon. */
      hour = (hour % 12) + (pm ? 12 : 0);
      if (zone == NULL)
        zone = local = g_time_zone_new_local ();
      result = g_date_time_new (zone, year, month, day, hour, minute, second);
      if (result != NULL)
        return result;
    }

fail:
  shown = lcm_quote_for_message (text != NULL ? text : "");
  g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
               _("“%s” is not a completion time such as 5/12/2020 9:22:23 AM"), shown);
  return NULL;
}

char *
lcm_format_completed_time (GDateTime *time)
{
  int hour;

  g_return_val_if_fail (time != NULL, NULL);

  hour = g_date_time_get_hour (time) % 12;
  return g_strdup_printf ("%d/%d/%04d %d:%02d:%02d %s",
                          g_date_time_get_month (time), g_date_time_get_day_of_month (time),
                          g_date_time_get_year (time), hour == 0 ? 12 : hour,
                          g_date_time_get_minute (time), g_date_time_get_second (time),
                          g_date_time_get_hour (time) < 12 ? "AM" : "PM");
}

/* Minutes since the epoch: a window is booked to the minute. */
static gint64
to_minutes (GDateTime *time)
{
  gint64 unix_time = g_date_time_to_unix (time);

  return unix_time >= 0 ? unix_time / 60 : -((-unix_time + 59) / 60);
}

gboolean
lcm_check_callback_window (GDateTime  *start,
                           GDateTime  *end,
                           GDateTime  *now,
                           GError    **error)
{
  g_return_val_if_fail (start != NULL && end != NULL && now != NULL, FALSE);

  if (to_minutes (end) < to_minutes (start))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_ORDER,
                           _("The callback window ends before it starts"));
      return FALSE;
    }

  if (to_minutes (end) < to_minutes (now))
    {
      g_set_error_literal (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_PAST,
                           _("The callback window is already over: choose a time from now on"));
      return FALSE;
    }

  if (g_date_time_difference (start, now) > (GTimeSpan) LCM_MAX_CALLBACK_DAYS_AHEAD * G_TIME_SPAN_DAY)
    {
      g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_WINDOW_TOO_FAR,
                   _("The callback starts more than %d days from now"),
                   LCM_MAX_CALLBACK_DAYS_AHEAD);
      return FALSE;
    }

  return TRUE;
}

const char *
lcm_call_type_to_string (LcmCallType type)
{
  switch (type)
    {
    case LCM_CALL_TYPE_MANUAL:
      return "MANUAL";
    case LCM_CALL_TYPE_INBOUND:
      return "INBOUND";
    case LCM_CALL_TYPE_OUTBOUND:
      return "OUTBOUND";
    default:
      g_return_val_if_reached ("MANUAL");
    }
}

gboolean
lcm_call_type_from_string (const char   *text,
                           LcmCallType  *out,
                           GError      **error)
{
  static const LcmCallType types[] = {
    LCM_CALL_TYPE_MANUAL, LCM_CALL_TYPE_INBOUND, LCM_CALL_TYPE_OUTBOUND,
  };
  g_autofree char *shown = NULL;

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (text, lcm_call_type_to_string (types[i])) == 0)
      {
        *out = types[i];
        return TRUE;
      }

  shown = lcm_quote_for_message (text != NULL ? text : "");
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CALL_TYPE,
               _("“%s” is not a call type: use MANUAL, INBOUND or OUTBOUND"), shown);
  return FALSE;
}

gboolean
lcm_channel_from_string (const char  *text,
                         LcmChannel  *out,
                         GError     **error)
{
  static const struct { const char *name; LcmChannel channel; } names[] = {
    { "all", LCM_CHANNEL_ALL }, { "-1", LCM_CHANNEL_ALL },
    { "sms", LCM_CHANNEL_SMS }, { "1", LCM_CHANNEL_SMS },
    { "voice", LCM_CHANNEL_VOICE }, { "2", LCM_CHANNEL_VOICE },
    { "email", LCM_CHANNEL_EMAIL }, { "3", LCM_CHANNEL_EMAIL },
  };
  g_autofree char *shown = NULL;

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *out = names[i].channel;
        return TRUE;
      }

  shown = lcm_quote_for_message (text != NULL ? text : "");
  g_set_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_CHANNEL,
               _("“%s” is not a channel: use sms, voice, email or all"), shown);
  return FALSE;
}

const char *
lcm_call_type_to_label (const char *call_type)
{
  if (call_type == NULL)
    return NULL;
  if (g_ascii_strcasecmp (call_type, "Inbound") == 0)
    /* Translators: a call's type, as the journey shows it */
    return C_("call type", "Inbound");
  if (g_ascii_strcasecmp (call_type, "Outbound") == 0)
    return C_("call type", "Outbound");
  if (g_ascii_strcasecmp (call_type, "Manual") == 0)
    return C_("call type", "Manual");
  return call_type;
}

const char *
lcm_callback_mode_to_label (const char *description)
{
  if (description == NULL)
    return NULL;
  if (g_ascii_strcasecmp (description, "Home") == 0)
    /* Translators: a standard way to reach a contact (callback mode 1) */
    return C_("callback mode", "Home");
  if (g_ascii_strcasecmp (description, "Office") == 0)
    return C_("callback mode", "Office");
  if (g_ascii_strcasecmp (description, "Mobile") == 0)
    return C_("callback mode", "Mobile");
  return description;
}

const char *
lcm_channel_to_label (LcmChannel channel)
{
  switch (channel)
    {
    case LCM_CHANNEL_SMS:
      return _("SMS");
    case LCM_CHANNEL_VOICE:
      return _("Voice");
    case LCM_CHANNEL_EMAIL:
      return _("Email");
    case LCM_CHANNEL_ALL:
      return _("All channels");
    default:
      return _("Other channel");
    }
}

char *
lcm_mask_contact_number (const char *contact)
{
  gsize length;
  char *masked;

  if (contact == NULL)
    return g_strdup ("");

  length = strlen (contact);
  masked = g_strdup (contact);
  for (gsize i = 0; i + 4 < length; i++)
    masked[i] = '*';
  /* Short values would be shown whole: mask them entirely. */
  if (length <= 4)
    memset (masked, '*', length);
  return masked;
}

gboolean
lcm_outcome_names_callback (const char *description)
{
  /* Compared without case, accents, spaces or punctuation: "Call-back", "CALLBACK" and
   * "Call back later" are one word here. In the languages Wrapup ships, and the usual
   * dialer spellings. */
  static const char * const names[] = {
    "callback", "callmeback", "rappel", "rellamada", "volverallamar", "devolverllamada",
    "llamardenuevo",
  };
  g_autofree char *folded = NULL;
  g_autofree char *plain = NULL;
  GString *letters;

  if (description == NULL)
    return FALSE;
  folded = g_utf8_casefold (description, -1);
  plain = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  if (plain == NULL)
    return FALSE;
  letters = g_string_new (NULL);
  for (const char *p = plain; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Decomposed: the accents are marks of their own, left out with the rest. */
      if (c < 0x80 && g_ascii_isalpha ((char) c))
        g_string_append_c (letters, (char) c);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (letters->str, names[i]) != NULL)
      {
        g_string_free (letters, TRUE);
        return TRUE;
      }
  g_string_free (letters, TRUE);
  return FALSE;
}
