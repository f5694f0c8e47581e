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
  SCAN_TOO_LARGE,
  SCAN_DUPLICATE_KEY,
  SCAN_NUL,
} ScanResult;

/* What json-glib 1.6 allocates for each value it builds, in bytes (amd64, glibc: peak RSS
 * over a million of each): an empty object ~290, an empty array ~115, a number or boolean
 * ~80, an empty string ~110, null ~45, and a member ~100 besides its value. Text and key
 * lengths are added to that. */
#define COST_OBJECT 300
#define COST_ARRAY  120
#define COST_MEMBER 100
#define COST_STRING 110
#define COST_NUMBER 80
#define COST_NULL   48

/* Each key of an object is compared with the ones before it up to this many keys (a journey
 * row has 19); past that, the object's keys are sorted when it ends, so that a hostile
 * object with a million keys costs n log n comparisons, not n². */
#define LINEAR_KEYS 64

typedef struct
{
  guint32 hash;
  gsize   start;       /* the first byte after the opening quote */
  gsize   end;         /* the closing quote */
} KeyRecord;

typedef struct
{
  gboolean is_object;
  gboolean expect_key;
  guint    first_key;         /* this object's first key in Scanner.keys */
} Level;

typedef struct
{
  const char *data;
  gsize       length;
  guint       max_depth;
  /* FALSE: only the syntax and the depth are checked. */
  gboolean    check_values;
  guint64     budget;
  guint64     cost;
  GArray     *levels;         /* Level, the innermost last */
  GArray     *keys;           /* KeyRecord of the open objects, the innermost's last */
  GArray     *sorted;         /* scratch for the keys of a large object */
  KeyRecord   duplicate;      /* the second of two equal keys, on SCAN_DUPLICATE_KEY */
} Scanner;

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
 * JSON does not allow it; *decoded is the character it stands for. json-glib 1.6 takes some
 * invalid escapes and leaks memory on a surrogate pair whose second half is malformed, so a
 * high surrogate must be followed by a low one, and a low one may not stand alone. */
static gsize
escape_length (const char *p,
               gsize       left,
               gunichar   *decoded)
{
  static const char escapes[] = "\"\\/bfnrt";
  static const char meanings[] = "\"\\/\b\f\n\r\t";
  const char *found;
  gunichar unit;
  gunichar low;

  if (left < 2)
    return 0;
  if (p[1] != '\0' && (found = strchr (escapes, p[1])) != NULL)
    {
      *decoded = (guchar) meanings[found - escapes];
      return 2;
    }
  if (p[1] != 'u' || !read_hex4 (p + 2, left - 2, &unit))
    return 0;
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return 0;
  if (unit < 0xd800 || unit > 0xdbff)
    {
      *decoded = unit;
      return 6;
    }
  if (left < 8 || p[6] != '\\' || p[7] != 'u' || !read_hex4 (p + 8, left - 8, &low) ||
      low < 0xdc00 || low > 0xdfff)
    return 0;
  *decoded = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
  return 12;
}

/* Keys are hashed and compared as json-glib will hold them (escapes decoded), with ASCII
 * letters folded, as the readers look members up. g_ascii_tolower() is not inlined, and
 * this runs on every byte of every key. */
static inline guchar
fold (guchar c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline guint32
hash_byte (guint32 hash,
           guchar  byte)
{
  return (hash ^ fold (byte)) * 16777619u;
}

static guint32
hash_unichar (guint32  hash,
              gunichar c)
{
  char utf8[6];
  int n = g_unichar_to_utf8 (c, utf8);

  for (int k = 0; k < n; k++)
    hash = hash_byte (hash, utf8[k]);
  return hash;
}

/* The key as json-glib will hold it, ASCII letters folded when fold_letters is TRUE. The
 * escapes were checked by the scan. */
static char *
decode_key (const Scanner   *scanner,
            const KeyRecord *key,
            gboolean         fold_letters)
{
  GString *out = g_string_sized_new (key->end - key->start);

  for (gsize i = key->start; i < key->end; i++)
    {
      gunichar c;

      if (scanner->data[i] == '\\')
        {
          i += escape_length (scanner->data + i, key->end - i, &c) - 1;
          if (fold_letters && c < 0x80)
            c = fold (c);
          g_string_append_unichar (out, c);
        }
      else
        g_string_append_c (out, fold_letters ? fold (scanner->data[i]) : scanner->data[i]);
    }
  return g_string_free (out, FALSE);
}

/* Orders keys by hash, then as json-glib will hold them with ASCII letters folded: 0 when
 * the readers take them as the same name. */
static int
compare_keys (gconstpointer a_pointer,
              gconstpointer b_pointer,
              gpointer      user_data)
{
  const KeyRecord *a = a_pointer;
  const KeyRecord *b = b_pointer;
  const Scanner *scanner = user_data;
  const char *data = scanner->data;
  gsize length_a = a->end - a->start;
  gsize length_b = b->end - b->start;
  g_autofree char *decoded_a = NULL;
  g_autofree char *decoded_b = NULL;

  if (a->hash != b->hash)
    return a->hash < b->hash ? -1 : 1;

  if (memchr (data + a->start, '\\', length_a) == NULL &&
      memchr (data + b->start, '\\', length_b) == NULL)
    {
      for (gsize k = 0; k < MIN (length_a, length_b); k++)
        {
          guchar x = fold (data[a->start + k]);
          guchar y = fold (data[b->start + k]);

          if (x != y)
            return x < y ? -1 : 1;
        }
      return length_a == length_b ? 0 : length_a < length_b ? -1 : 1;
    }

  decoded_a = decode_key (scanner, a, TRUE);
  decoded_b = decode_key (scanner, b, TRUE);
  return strcmp (decoded_a, decoded_b);
}

/* A key of the innermost object has ended: refuses it when the object has it already. */
static ScanResult
add_key (Scanner  *scanner,
         Level    *level,
         KeyRecord key)
{
  GArray *keys = scanner->keys;

  if (keys->len - level->first_key < LINEAR_KEYS)
    for (guint k = level->first_key; k < keys->len; k++)
      if (g_array_index (keys, KeyRecord, k).hash == key.hash &&
          compare_keys (&g_array_index (keys, KeyRecord, k), &key, scanner) == 0)
        {
          scanner->duplicate = key;
          return SCAN_DUPLICATE_KEY;
        }

  g_array_append_val (keys, key);
  return SCAN_OK;
}

/* The innermost object has ended: when it had more keys than add_key compared, sorts a copy
 * of them and looks for two equal ones side by side. */
static ScanResult
end_object (Scanner *scanner,
            Level   *level)
{
  GArray *keys = scanner->keys;
  guint n = keys->len - level->first_key;

  if (n > LINEAR_KEYS)
    {
      GArray *sorted = scanner->sorted;

      g_array_set_size (sorted, 0);
      g_array_append_vals (sorted, &g_array_index (keys, KeyRecord, level->first_key), n);
      g_array_sort_with_data (sorted, compare_keys, scanner);
      for (guint k = 1; k < n; k++)
        if (compare_keys (&g_array_index (sorted, KeyRecord, k - 1),
                          &g_array_index (sorted, KeyRecord, k), scanner) == 0)
          {
            scanner->duplicate = g_array_index (sorted, KeyRecord, k);
            return SCAN_DUPLICATE_KEY;
          }
    }

  g_array_set_size (keys, level->first_key);
  return SCAN_OK;
}

/* Whether the digit at data[i] begins the integer part of a number, rather than going on
 * with its digits, its fraction or its exponent. */
static gboolean
starts_integer_part (const char *data,
                     gsize       i)
{
  char before;

  if (i == 0)
    return TRUE;
  before = data[i - 1];
  if (g_ascii_isdigit (before) || before == '.' || before == 'e' || before == 'E' ||
      before == '+')
    return FALSE;
  if (before == '-')
    return i < 2 || (data[i - 2] != 'e' && data[i - 2] != 'E');
  return TRUE;
}

static gboolean
add_cost (Scanner *scanner,
          guint64  cost)
{
  scanner->cost += cost;
  return scanner->cost <= scanner->budget;
}

static ScanResult
scan_values (Scanner *scanner)
{
  const char *data = scanner->data;
  gsize length = scanner->length;
  gboolean check = scanner->check_values;
  gboolean in_string = FALSE;
  gboolean value_done = FALSE;
  /* A bare number or word at the top level has begun: json-glib 1.6 leaks what follows
   * one (0{...}), so it must be all there is. */
  gboolean top_scalar = FALSE;
  /* Inside a number or a word, which is one value however long. */
  gboolean in_scalar = FALSE;
  Level *level = NULL;
  guint depth = 0;
  /* The string being read: its first byte, and its hash when it is a key. */
  gboolean in_key = FALSE;
  gsize string_start = 0;
  guint32 hash = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gunichar decoded;
              gsize skip = escape_length (data + i, length - i, &decoded);

              if (skip == 0)
                return SCAN_NOT_JSON;
              /* json-glib would cut the text there: "12345\u0000evil" would read as 12345. */
              if (check && decoded == 0)
                return SCAN_NUL;
              if (in_key)
                hash = hash_unichar (hash, decoded);
              i += skip - 1;
            }
          else if (c == '"')
            {
              in_string = FALSE;
              value_done = depth == 0;
              if (in_key)
                {
                  KeyRecord key = { hash, string_start, i };
                  ScanResult result = add_key (scanner, level, key);

                  if (result != SCAN_OK)
                    return result;
                  if (!add_cost (scanner, COST_MEMBER + (i - string_start)))
                    return SCAN_TOO_LARGE;
                }
              else if (check && !add_cost (scanner, COST_STRING + (i - string_start)))
                return SCAN_TOO_LARGE;
            }
          else if (in_key)
            hash = hash_byte (hash, c);
          continue;
        }

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          value_done = value_done || top_scalar;
          in_scalar = FALSE;
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
          in_scalar = FALSE;
          string_start = i + 1;
          in_key = check && level != NULL && level->is_object && level->expect_key;
          if (in_key)
            {
              level->expect_key = FALSE;
              hash = 2166136261u;
            }
          break;
        case '[':
        case '{':
          if (top_scalar)
            return SCAN_NOT_JSON;
          if (++depth > scanner->max_depth)
            return SCAN_TOO_DEEP;
          in_scalar = FALSE;
          if (check)
            {
              Level next = { c == '{', c == '{', scanner->keys->len };

              if (!add_cost (scanner, c == '{' ? COST_OBJECT : COST_ARRAY))
                return SCAN_TOO_LARGE;
              g_array_append_val (scanner->levels, next);
              level = &g_array_index (scanner->levels, Level, depth - 1);
            }
          break;
        case ']':
        case '}':
          if (depth == 0)
            return SCAN_NOT_JSON;
          value_done = --depth == 0;
          in_scalar = FALSE;
          if (check)
            {
              if (level->is_object && end_object (scanner, level) != SCAN_OK)
                return SCAN_DUPLICATE_KEY;
              g_array_set_size (scanner->levels, depth);
              level = depth > 0 ? &g_array_index (scanner->levels, Level, depth - 1) : NULL;
            }
          break;
        case ',':
          in_scalar = FALSE;
          if (level != NULL && level->is_object)
            level->expect_key = TRUE;
          break;
        case ':':
          in_scalar = FALSE;
          break;
        case '0':
          /* A leading zero followed by a digit is octal to json-glib, invalid to JSON; in
           * an exponent it is neither (1e-07, as printf writes it). */
          if (i + 1 < length && g_ascii_isdigit (data[i + 1]) && starts_integer_part (data, i))
            return SCAN_NOT_JSON;
          G_GNUC_FALLTHROUGH;
        default:
          if (strchr ("-+.0123456789eEtrufalsn", c) == NULL)
            return SCAN_NOT_JSON;
          top_scalar = top_scalar || depth == 0;
          if (check && !in_scalar && !add_cost (scanner, c == 'n' ? COST_NULL : COST_NUMBER))
            return SCAN_TOO_LARGE;
          in_scalar = TRUE;
          break;
        }
    }

  return SCAN_OK;
}

/* One pass over the frame before json-glib sees it: bounds the nesting (json-glib 1.6
 * recurses once per level and overflows the stack on deep input), and refuses what its
 * lenient parser would accept but JSON does not: comments, single quotes, hex and
 * octal numbers, bare words, invalid escapes, and more than one top-level value. With
 * check_values, also what json-glib would build wrongly or at any cost: a tree larger than
 * the budget, an object with two members of the same name (json-glib keeps the last, and
 * the readers ignore letter case), and a NUL in a text (json-glib cuts the text there). */
static ScanResult
scan_frame (Scanner *scanner)
{
  ScanResult result;

  scanner->levels = g_array_new (FALSE, FALSE, sizeof (Level));
  scanner->keys = g_array_new (FALSE, FALSE, sizeof (KeyRecord));
  scanner->sorted = g_array_new (FALSE, FALSE, sizeof (KeyRecord));

  result = scan_values (scanner);

  g_clear_pointer (&scanner->levels, g_array_unref);
  g_clear_pointer (&scanner->keys, g_array_unref);
  g_clear_pointer (&scanner->sorted, g_array_unref);
  return result;
}

gboolean
lcm_json_check_depth (const char *data,
                      gsize       length,
                      guint       max_depth)
{
  Scanner scanner = { data, length, max_depth, FALSE, 0, 0, NULL, NULL, NULL, { 0, 0, 0 } };

  return scan_frame (&scanner) != SCAN_TOO_DEEP;
}

guint64
lcm_json_get_tree_budget (gsize length)
{
  if (length >= (LCM_MAX_TREE_COST - LCM_TREE_COST_FLOOR) / LCM_TREE_COST_PER_BYTE)
    return LCM_MAX_TREE_COST;
  return LCM_TREE_COST_FLOOR + (guint64) length * LCM_TREE_COST_PER_BYTE;
}

JsonNode *
lcm_json_parse (const char  *data,
                gsize        length,
                gsize        max_size,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  Scanner scanner = { data, length, LCM_MAX_DEPTH, TRUE, 0, 0, NULL, NULL, NULL, { 0, 0, 0 } };
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (max_size > 0 && length > max_size)
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                   _("The message is %zu bytes, more than the limit of %zu bytes"),
                   length, max_size);
      return NULL;
    }

  /* json_parser_load_from_data takes a gssize; the scan and the
   * messages it writes rely on text without NUL bytes. */
  if (length > G_MAXSSIZE || !g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid UTF-8 text"));
      return NULL;
    }

  scanner.budget = lcm_json_get_tree_budget (length);
  switch (scan_frame (&scanner))
    {
    case SCAN_TOO_DEEP:
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_DEEP,
                   _("The message is nested more than %d levels deep"), LCM_MAX_DEPTH);
      return NULL;
    case SCAN_NOT_JSON:
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid JSON"));
      return NULL;
    case SCAN_TOO_LARGE:
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                   _("The message holds too many values for its %zu bytes: reading it "
                     "would take too much memory"), length);
      return NULL;
    case SCAN_DUPLICATE_KEY:
      {
        g_autofree char *name = decode_key (&scanner, &scanner.duplicate, FALSE);
        g_autofree char *shown = lcm_quote_for_message (name);

        g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                     /* Translators: the readers take OutcomeID and OutComeID as one name */
                     _("The message has the member “%s” twice (letter case aside)"), shown);
        return NULL;
      }
    case SCAN_NUL:
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                           _("The message has text with a NUL character (\\u0000) in it"));
      return NULL;
    case SCAN_OK:
    default:
      break;
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
lcm_json_object_get_int_or (JsonObject  *object,
                            const char  *name,
                            gint64       fallback,
                            gint64      *out,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean present = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  if (lcm_json_object_get_int (object, name, out, &present, &local_error))
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *out = fallback;
  return TRUE;
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
