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

gboolean
lcm_json_check (const char  *data,
                gsize        length,
                gsize        max_size,
                GError     **error)
{
  Scanner scanner = { data, length, LCM_MAX_DEPTH, TRUE, 0, 0, NULL, NULL, NULL, { 0, 0, 0 } };

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (max_size > 0 && length > max_size)
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                   _("The message is %zu bytes, more than the limit of %zu bytes"),
                   length, max_size);
      return FALSE;
    }

  /* json_parser_load_from_data takes a gssize; the scan and the
   * messages it writes rely on text without NUL bytes. */
  if (length > G_MAXSSIZE || !g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid UTF-8 text"));
      return FALSE;
    }

  scanner.budget = lcm_json_get_tree_budget (length);
  switch (scan_frame (&scanner))
    {
    case SCAN_TOO_DEEP:
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_DEEP,
                   _("The message is nested more than %d levels deep"), LCM_MAX_DEPTH);
      return FALSE;
    case SCAN_NOT_JSON:
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                           _("The message is not valid JSON"));
      return FALSE;
    case SCAN_TOO_LARGE:
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                   _("The message holds too many values for its %zu bytes: reading it "
                     "would take too much memory"), length);
      return FALSE;
    case SCAN_DUPLICATE_KEY:
      {
        g_autofree char *name = decode_key (&scanner, &scanner.duplicate, FALSE);
        g_autofree char *shown = lcm_quote_for_message (name);

        g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                     /* Translators: the readers take OutcomeID and OutComeID as one name */
                     _("The message has the member “%s” twice (letter case aside)"), shown);
        return FALSE;
      }
    case SCAN_NUL:
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                           _("The message has text with a NUL character (\\u0000) in it"));
      return FALSE;
    case SCAN_OK:
    default:
      break;
    }

  return TRUE;
}

JsonNode *
lcm_json_parse_checked (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

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
lcm_json_parse (const char  *data,
                gsize        length,
                gsize        max_size,
                GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!lcm_json_check (data, length, max_size, error))
    return NULL;
  return lcm_json_parse_checked (data, length, error);
}
