/* lcm-private.h: helpers shared inside the library, not part of its API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short, printable rendering of a value a person, a link or the network gave, for error
 * messages: control characters become '?' and long values are cut, so a message can never
 * carry a payload. */
char *lcm_quote_for_message (const char *text);

/* The same for a file name: the end is kept, since the file's own name matters most and a
 * long directory would otherwise push it out of the message. */
char *lcm_quote_path_for_message (const char *path);

/* A number the vendor sent as text ("12", " 0.5 "), read the way every member reader reads
 * one (lcm-json-members.c): blank text is no number, other text must be the whole number. */
typedef enum
{
  LCM_TEXT_NUMBER_ABSENT,
  LCM_TEXT_NUMBER_READ,
  LCM_TEXT_NUMBER_WRONG,
} LcmTextNumber;

LcmTextNumber lcm_text_to_int    (const char *text,
                                  gint64     *out);
LcmTextNumber lcm_text_to_double (const char *text,
                                  double     *out);

G_END_DECLS
