/* lcm-json-write.c: the JSON text of a tree, as json-glib's generator writes it, but valid
 *
 * Separate from the reading side (lcm-json.c, lcm-json-members.c): nothing here is untrusted
 * input, and what it fixes in json-glib's generator is a concern of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lcm-json.h"

/* Like json-glib's generator, but for what it gets wrong: U+001F goes out unescaped, and a
 * double in exponent form gets ".0" appended (1e308 becomes 1e+308.0, not JSON). */
static void
write_string (GString    *out,
              const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;
      const char *escape;

      switch (c)
        {
        case '"':
          escape = "\\\"";
          break;
        case '\\':
          escape = "\\\\";
          break;
        case '\b':
          escape = "\\b";
          break;
        case '\f':
          escape = "\\f";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        default:
          if (c >= 0x20 && c != 0x7f)
            continue;
          escape = NULL;
          break;
        }

      g_string_append_len (out, run, p - run);
      run = p + 1;
      if (escape != NULL)
        g_string_append (out, escape);
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

/* The shortest text that reads back to the same double, always a JSON number with a
 * fraction or an exponent, so that it reads back as a double, not an integer. JSON has no
 * infinities and no NaN: an infinity is written 1e999 (-1e999), which json-glib reads back
 * as that infinity and the readers refuse as they refused it first; NaN, which no JSON
 * number reads as, is written null. */
static void
write_double (GString *out,
              double   value)
{
  static const char *formats[] = { "%.15g", "%.16g", "%.17g" };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value > 0 ? "1e999" : "-1e999");
      return;
    }

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[k], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_string (out, name);
            g_string_append_c (out, ':');
            write_node (out, member);
          }
        g_string_append_c (out, '}');
        return;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        return;
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          return;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          return;
        case G_TYPE_STRING:
          if (json_node_get_string (node) != NULL)
            {
              write_string (out, json_node_get_string (node));
              return;
            }
          break;
        default:
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
  g_string_append (out, "null");
}

char *
lcm_json_node_to_string (JsonNode *node,
                         gsize    *length)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_sized_new (256);
  write_node (out, node);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
