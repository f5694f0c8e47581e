/* lcm-error.c: the error domains of the LCM protocol library, and how an untrusted value is
 * quoted in an error message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lcm-error.h"
#include "lcm-private.h"

G_DEFINE_QUARK (lcm-protocol-error-quark, lcm_protocol_error)
G_DEFINE_QUARK (lcm-request-error-quark, lcm_request_error)
G_DEFINE_QUARK (lcm-gateway-error-quark, lcm_gateway_error)
G_DEFINE_QUARK (lcm-client-error-quark, lcm_client_error)

#define QUOTE_MAX_CHARS 40

static void
append_printable (GString    *out,
                  const char *start,
                  const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
}

/* See lcm-private.h. */
char *
lcm_quote_for_message (const char *text)
{
  GString *out;
  const char *end;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("?");

  out = g_string_new (NULL);
  end = g_utf8_offset_to_pointer (text, MIN (QUOTE_MAX_CHARS, g_utf8_strlen (text, -1)));
  append_printable (out, text, end);
  if (*end != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* See lcm-private.h. */
char *
lcm_quote_path_for_message (const char *path)
{
  g_autofree char *display = NULL;
  GString *out;
  glong length;
  const char *start;

  if (path == NULL)
    return g_strdup ("?");

  display = g_filename_display_name (path);
  length = g_utf8_strlen (display, -1);
  out = g_string_new (NULL);
  start = display;
  if (length > QUOTE_MAX_CHARS)
    {
      g_string_append (out, "…");
      start = g_utf8_offset_to_pointer (display, length - QUOTE_MAX_CHARS);
    }
  append_printable (out, start, start + strlen (start));
  return g_string_free (out, FALSE);
}
