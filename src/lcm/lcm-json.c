/* lcm-json.c: tolerant readers for the JSON the vendor's servers emit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-json"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-private.h"

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

typedef enum
{
  SCAN_OK,
  SCAN_TOO_DEEP,
  SCAN_NOT_JSON,
} ScanResult;

static gboolean
read_hex4 (const char *p,
           gsize       left,
           gunichar   *out)
{
  gunichar value = 0;

  if (left < 4)
    return FALSE;
  for (int k = 0; k < 4; k++)
    {
      if (!g_ascii_isxdigit (p[k]))
        return FALSE;
      value = value * 16 + g_ascii_xdigit_value (p[k]);
    }
  *out = value;
  return TRUE;
}

/* The length of the escape sequence at p (a backslash, left bytes long with it), or 0 when
 * JSON does not allow it. json-glib 1.6 takes some invalid escapes and leaks memory on a
 * surrogate pair whose second half is malformed, so a high surrogate must be followed by a
 * low one, and a low one may not stand alone. */
static gsize
escape_length (const char *p,
               gsize       left)
{
  gunichar unit;

  if (left < 2)
    return 0;
  if (p[1] != '\0' && strchr ("\"\\/bfnrt", p[1]) != NULL)
    return 2;
  if (p[1] != 'u' || !read_hex4 (p + 2, left - 2, &unit))
    return 0;
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return 0;
  if (unit < 0xd800 || unit > 0xdbff)
    return 6;
  if (left < 8 || p[6] != '\\' || p[7] != 'u' || !read_hex4 (p + 8, left - 8, &unit) ||
      unit < 0xdc00 || unit > 0xdfff)
    return 0;
  return 12;
}

/* One pass over the frame before json-glib sees it: bounds the nesting (json-glib 1.6
 * recurses once per level and overflows the stack on deep input), and refuses what its
 * lenient parser would accept but JSON does not: comments, single quotes, hex and
 * octal numbers, bare words, invalid escapes, and more than one top-level value. */
static ScanResult
scan_frame (const char *data,
            gsize       length,
            guint       max_depth)
{
  gboolean in_string = FALSE;
  gboolean value_done = FALSE;
  /* A bare number or word at the top level has begun: json-glib 1.6 leaks what follows
   * one (0{...}), so it must be all there is. */
  gboolean top_scalar = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize skip = escape_length (data + i, length - i);

              if (skip == 0)
                return SCAN_NOT_JSON;
              i += skip - 1;
            }
          else if (c == '"')
            {
              in_string = FALSE;
              value_done = depth == 0;
            }
          continue;
        }

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          value_done = value_done || top_scalar;
          continue;
        }
      if (value_done)
        return SCAN_NOT_JSON;

      switch (c)
        {
        case '"':
          if (top_scalar)
            return SCAN_NOT_JSON;
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (top_scalar)
            return SCAN_NOT_JSON;
          if (++depth > max_depth)
            return SCAN_TOO_DEEP;
          break;
        case ']':
        case '}':
          if (depth == 0)
            return SCAN_NOT_JSON;
          value_done = --depth == 0;
          break;
        case '0':
          /* A leading zero followed by a digit is octal to json-glib, invalid to JSON. */
          if ((i == 0 || !g_ascii_isdigit (data[i - 1])) && i + 1 < length &&
              g_ascii_isdigit (data[i + 1]) && (i == 0 || data[i - 1] != '.'))
            return SCAN_NOT_JSON;
          top_scalar = top_scalar || depth == 0;
          break;
        default:
          if (strchr (",:-+.123456789eEtrufalsn", c) == NULL)
            return SCAN_NOT_JSON;
          top_scalar = top_scalar || depth == 0;
          break;
        }
    }

  return SCAN_OK;
}

gboolean
lcm_json_check_depth (const char *data,
                      gsize       length,
                      guint       max_depth)
{
  return scan_frame (data, length, max_depth) != SCAN_TOO_DEEP;
}

JsonNode *
lcm_json_parse (const char  *data,
                gsize        length,
                gsize        max_size,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (max_size > 0 && length > max_size)
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                   _("The message is %zu bytes, more than the limit of %zu bytes"),
                   length, max_size);
      return NULL;
    }

  switch (scan_frame (data, length, LCM_MAX_DEPTH))
    {
    case SCAN_TOO_DEEP:
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_DEEP,
                   _("The message is nested more than %d levels deep"), LCM_MAX_DEPTH);
      return NULL;
    case SCAN_NOT_JSON:
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid JSON"));
      return NULL;
    case SCAN_OK:
    default:
      break;
    }

  /* json_parser_load_from_data takes a gssize. */
  if (length > G_MAXSSIZE || !g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid UTF-8 text"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* Not json-glib's message: it quotes the offending text, which can be anything (not
       * even UTF-8), and what reaches people never carries raw JSON. */
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

JsonNode *
lcm_json_object_lookup (JsonObject *object,
                        const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member_node;
  JsonNode *exact;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  exact = json_object_get_member (object, name);
  if (exact != NULL)
    return exact;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, &member_node))
    if (g_ascii_strcasecmp (member_name, name) == 0)
      return member_node;

  return NULL;
}

static const char *
describe_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      return _("a value");
    }
}

static void
set_wrong_kind (GError    **error,
                const char *name,
                const char *expected,
                JsonNode   *node)
{
  g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
               /* Translators: "The field LeadScore should be a number, not an object" */
               _("The field %s should be %s, not %s"), name, expected, describe_kind (node));
}

gboolean
lcm_json_object_get_string (JsonObject  *object,
                            const char  *name,
                            char       **out,
                            GError     **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      set_wrong_kind (error, name, _("text"), node);
      return FALSE;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      *out = g_strdup (json_node_get_string (node));
      return TRUE;
    case G_TYPE_INT64:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        *out = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
        return TRUE;
      }
    case G_TYPE_BOOLEAN:
      *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      return TRUE;
    default:
      set_wrong_kind (error, name, _("text"), node);
      return FALSE;
    }
}

/* Parses a whole number in a string, allowing blanks around it. */
static gboolean
parse_int_text (const char *text,
                gint64     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return g_ascii_string_to_signed (copy, 10, G_MININT64, G_MAXINT64, out, NULL);
}

gboolean
lcm_json_object_get_int (JsonObject *object,
                         const char *name,
                         gint64     *out,
                         gboolean   *present,
                         GError    **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);
  gboolean dummy;

  g_return_val_if_fail (out != NULL, FALSE);

  if (present == NULL)
    present = &dummy;
  *present = FALSE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          *out = json_node_get_int (node);
          *present = TRUE;
          return TRUE;
        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);

            if (isfinite (value) && value == floor (value) &&
                value >= -9.0e15 && value <= 9.0e15)
              {
                *out = (gint64) value;
                *present = TRUE;
                return TRUE;
              }
            break;
          }
        case G_TYPE_STRING:
          {
            const char *text = json_node_get_string (node);
            g_autofree char *stripped = g_strstrip (g_strdup (text));

            if (*stripped == '\0')
              return FALSE;
            if (parse_int_text (stripped, out))
              {
                *present = TRUE;
                return TRUE;
              }
            {
              g_autofree char *shown = lcm_quote_for_message (text);
              g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                           _("The field %s should be a whole number, not “%s”"), name, shown);
            }
            return FALSE;
          }
        default:
          break;
        }
    }

  set_wrong_kind (error, name, _("a whole number"), node);
  return FALSE;
}

gboolean
lcm_json_object_get_double (JsonObject *object,
                            const char *name,
                            double     *out,
                            gboolean   *present,
                            GError    **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);
  gboolean dummy;

  g_return_val_if_fail (out != NULL, FALSE);

  if (present == NULL)
    present = &dummy;
  *present = FALSE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          *out = (double) json_node_get_int (node);
          *present = TRUE;
          return TRUE;
        case G_TYPE_DOUBLE:
          /* A number beyond a double's range (1e999) reads as an infinity. */
          if (!isfinite (json_node_get_double (node)))
            break;
          *out = json_node_get_double (node);
          *present = TRUE;
          return TRUE;
        case G_TYPE_STRING:
          {
            const char *text = json_node_get_string (node);
            g_autofree char *stripped = g_strstrip (g_strdup (text));
            char *end = NULL;
            double value;

            if (*stripped == '\0')
              return FALSE;
            value = g_ascii_strtod (stripped, &end);
            if (end != NULL && *end == '\0' && isfinite (value))
              {
                *out = value;
                *present = TRUE;
                return TRUE;
              }
            {
              g_autofree char *shown = lcm_quote_for_message (text);
              g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                           _("The field %s should be a number, not “%s”"), name, shown);
            }
            return FALSE;
          }
        default:
          break;
        }
    }

  set_wrong_kind (error, name, _("a number"), node);
  return FALSE;
}

gboolean
lcm_json_object_get_boolean (JsonObject *object,
                             const char *name,
                             gboolean   *out,
                             gboolean   *present,
                             GError    **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);
  gboolean dummy;

  g_return_val_if_fail (out != NULL, FALSE);

  if (present == NULL)
    present = &dummy;
  *present = FALSE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          *out = json_node_get_boolean (node);
          *present = TRUE;
          return TRUE;
        case G_TYPE_INT64:
          if (json_node_get_int (node) == 0 || json_node_get_int (node) == 1)
            {
              *out = json_node_get_int (node) == 1;
              *present = TRUE;
              return TRUE;
            }
          break;
        case G_TYPE_STRING:
          {
            g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

            if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
              *out = TRUE;
            else if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
              *out = FALSE;
            else
              break;
            *present = TRUE;
            return TRUE;
          }
        default:
          break;
        }
    }

  set_wrong_kind (error, name, _("true or false"), node);
  return FALSE;
}

char *
lcm_json_node_to_string (JsonNode *node,
                         gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}
