/* lcm-values.h: the value formats of the LCM protocol, checked and converted
 *
 * Every checker fills an LCM_REQUEST_ERROR whose message is translated and names the value
 * that is wrong, so it can be shown to an agent as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LCM_CHANNEL_ALL   = -1,
  LCM_CHANNEL_SMS   = 1,
  LCM_CHANNEL_VOICE = 2,
  LCM_CHANNEL_EMAIL = 3,
} LcmChannel;

typedef enum
{
  LCM_CALL_TYPE_MANUAL,
  LCM_CALL_TYPE_INBOUND,
  LCM_CALL_TYPE_OUTBOUND,
} LcmCallType;

/* Bounds the library applies to what people type. */
#define LCM_MAX_CALL_ID_LENGTH       64
#define LCM_MAX_COMMENT_LENGTH     2000
#define LCM_MAX_USER_ID_LENGTH       64
#define LCM_MAX_CAMPAIGN_LENGTH     128
#define LCM_MIN_CONTACT_DIGITS        3
#define LCM_MAX_CONTACT_DIGITS       20
#define LCM_MAX_LEAD_SCORE         1000
#define LCM_MAX_TARGET_AMOUNT      1e12
#define LCM_MAX_CALLBACK_DAYS_AHEAD  90

/* A call id: not empty, at most LCM_MAX_CALL_ID_LENGTH printable characters, no control
 * characters or blanks. */
gboolean     lcm_check_call_id          (const char   *callid,
                                         GError      **error);
/* An LCM key: seven '|'-separated integer fields, the last one possibly empty. */
gboolean     lcm_check_account_number   (const char   *account,
                                         GError      **error);
/* A contact number: digits only, LCM_MIN_CONTACT_DIGITS..LCM_MAX_CONTACT_DIGITS of them. */
gboolean     lcm_check_contact_number   (const char   *contact,
                                         GError      **error);
gboolean     lcm_check_user_id          (const char   *user,
                                         GError      **error);
/* Comments: at most LCM_MAX_COMMENT_LENGTH characters of valid UTF-8. */
gboolean     lcm_check_comments         (const char   *comments,
                                         GError      **error);
gboolean     lcm_check_month_type       (gint64        months,
                                         GError      **error);
gboolean     lcm_check_channel          (gint64        channel,
                                         GError      **error);
gboolean     lcm_check_lead_score       (gint64        lead_score,
                                         GError      **error);
gboolean     lcm_check_target_amount    (double        amount,
                                         GError      **error);

/* DD/MM/YYYY, a real calendar date. */
gboolean     lcm_parse_date             (const char   *text,
                                         GDate        *out,
                                         GError      **error);
char        *lcm_format_date            (const GDate  *date);
/* HH:mm, 24 hours. */
gboolean     lcm_parse_time             (const char   *text,
                                         int          *hour,
                                         int          *minute,
                                         GError      **error);
/* "DD/MM/YYYY HH:mm" in the given zone (local when NULL), as lcmctl takes it. */
GDateTime   *lcm_parse_date_time        (const char   *text,
                                         GTimeZone    *zone,
                                         GError      **error);
/* "M/D/YYYY h:mm:ss AM", the journey's CallCompletedTime, in the given zone. */
GDateTime   *lcm_parse_completed_time   (const char   *text,
                                         GTimeZone    *zone,
                                         GError      **error);
char        *lcm_format_completed_time  (GDateTime    *time);

/* A callback window: start <= end, end not before now, start at most
 * LCM_MAX_CALLBACK_DAYS_AHEAD days after now. Whole minutes are compared. */
gboolean     lcm_check_callback_window  (GDateTime    *start,
                                         GDateTime    *end,
                                         GDateTime    *now,
                                         GError      **error);

const char  *lcm_call_type_to_string    (LcmCallType   type);
gboolean     lcm_call_type_from_string  (const char   *text,
                                         LcmCallType  *out,
                                         GError      **error);
/* "sms", "voice", "email", "all" (any case) or the numbers 1, 2, 3, -1. */
gboolean     lcm_channel_from_string    (const char   *text,
                                         LcmChannel   *out,
                                         GError      **error);
/* Translated name for people: "SMS", "Voice", "Email", "All channels". */
const char  *lcm_channel_to_label       (LcmChannel    channel);
/* The protocol's fixed words, translated for people; anything else as the gateway sent it.
 * Call types "Inbound", "Outbound", "Manual"; the standard callback modes "Home",
 * "Office", "Mobile" (ModeID 1, 2, 3). Any case. */
const char  *lcm_call_type_to_label     (const char   *call_type);
const char  *lcm_callback_mode_to_label (const char   *description);

/* Whether an outcome's description names a callback ("CallBack", "Call back later",
 * "Rappel", "Volver a llamar"…): the protocol marks no outcome as one, so its name is all a
 * client has to offer the agent a booking at once. Letters only, any case, any accents. */
gboolean     lcm_outcome_names_callback (const char   *description);

/* A contact number with all but its last four digits masked, for logs. */
char        *lcm_mask_contact_number    (const char   *contact);

G_END_DECLS
