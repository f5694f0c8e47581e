/* lcmctl-text.c: text for a terminal, and tables
 *
 * Whatever lcmctl prints of the network's or of people's text goes through lcmctl_sanitize
 * first, so that no answer can move the cursor, recolour the terminal or reverse the line.
 * Lists are laid out as tables whose columns are as wide as their widest cell on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lcmctl-private.h"

#define LCMCTL_DATE_TIME_FORMAT "%d/%m/%Y %H:%M"

/* ------------------------------------------------------------------------------------------
 * Text
 */

void
lcmctl_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("lcmctl: %s\n", message);
}

/* Text from the network or from people, made safe for a terminal: valid UTF-8, control and
 * formatting characters (escape sequences, bidi overrides) replaced, at most max_chars
 * characters (0: no bound) with an ellipsis when cut. */
char *
lcmctl_sanitize (const char *text,
                 guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n_chars = 0;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (max_chars > 0 && n_chars == max_chars)
        {
          /* Replace the last character kept by the ellipsis. */
          const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);

          if (last != NULL)
            g_string_truncate (out, last - out->str);
          g_string_append (out, "…");
          break;
        }

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else if (g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

/* Columns a string takes on a terminal. */
static gsize
display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

char *
lcmctl_format_int (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

char *
lcmctl_format_date_time (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("");
  return g_date_time_format (time, LCMCTL_DATE_TIME_FORMAT);
}

/* The URL without user, password or query, for messages. */
char *
lcmctl_url_for_people (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return lcmctl_sanitize (url, 200);
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY
                                       | G_URI_HIDE_FRAGMENT);
}

/* An error's message for the terminal. A gateway whose certificate was refused may have one
 * of its own: the library cannot know how a program is told to trust it; lcmctl says how. */
char *
lcmctl_error_for_people (const GError *error)
{
  g_autofree char *text = NULL;

  if (!g_error_matches (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS))
    return lcmctl_sanitize (error->message, 0);
  text = g_strdup_printf ("%s. %s", error->message,
                          _("To trust a gateway’s own certificate, give lcmctl "
                            "--trusted-certificate FILE (the certificate as a PEM file)"));
  return lcmctl_sanitize (text, 0);
}

/* ------------------------------------------------------------------------------------------
 * Tables
 */

struct _LcmctlTable
{
  guint      n_columns;
  guint32    right_aligned; /* bit i: column i holds numbers */
  GPtrArray *rows;          /* of GStrv, the first one the header */
};

LcmctlTable *
lcmctl_table_new (guint32 right_aligned,
                  ...)
{
  LcmctlTable *table = g_new0 (LcmctlTable, 1);
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *header;
  va_list args;

  va_start (args, right_aligned);
  while ((header = va_arg (args, const char *)) != NULL)
    {
      g_strv_builder_add (builder, header);
      table->n_columns++;
    }
  va_end (args);

  table->right_aligned = right_aligned;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (table->rows, g_strv_builder_end (builder));
  g_strv_builder_unref (builder);
  return table;
}

void
lcmctl_table_free (LcmctlTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/* Adds a row of table->n_columns cells; each is sanitized and bounded. */
void
lcmctl_table_add_row (LcmctlTable *table,
                      ...)
{
  char **row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    row[i] = lcmctl_sanitize (va_arg (args, const char *), LCMCTL_MAX_CELL_WIDTH);
  va_end (args);

  g_ptr_array_add (table->rows, row);
}

void
lcmctl_table_print (LcmctlTable *table)
{
  g_autofree gsize *widths = g_new0 (gsize, table->n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], display_width (row[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      g_string_truncate (line, 0);
      for (guint c = 0; c < table->n_columns; c++)
        {
          gsize pad = widths[c] - display_width (row[c]);
          gboolean right = r > 0 && (table->right_aligned & (1u << c)) != 0;
          gboolean last = c + 1 == table->n_columns;

          if (c > 0)
            g_string_append (line, "  ");
          if (right)
            {
              for (gsize i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
              g_string_append (line, row[c]);
            }
          else
            {
              g_string_append (line, row[c]);
              for (gsize i = 0; !last && i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }
      /* No trailing blanks when the last cells are empty. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);

      if (r == 0)
        {
          gsize total = 0;

          for (guint c = 0; c < table->n_columns; c++)
            total += widths[c] + (c > 0 ? 2 : 0);
          g_string_truncate (line, 0);
          for (gsize i = 0; i < total; i++)
            g_string_append_c (line, '-');
          g_print ("%s\n", line->str);
        }
    }
}
