/* test-json.c: the tolerant JSON readers and the bounded parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "lcm.h"

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = lcm_json_parse (text, strlen (text), 0, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_lookup_ignores_case (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) single = parse_object ("{\"OutcomeId\": 7}");

  /* The exact spelling wins over a case-insensitive match, in a tree built by code: a parsed
   * one cannot have both (/lcm/json/parse/duplicate-keys). */
  json_object_set_int_member (object, "OutComeID", 1);
  json_object_set_int_member (object, "outcomeid", 2);
  json_object_set_int_member (object, "Other", 3);
  g_assert_cmpint (json_node_get_int (lcm_json_object_lookup (object, "outcomeid")), ==, 2);
  g_assert_cmpint (json_node_get_int (lcm_json_object_lookup (object, "OutComeID")), ==, 1);
  g_assert_cmpint (json_node_get_int (lcm_json_object_lookup (single, "OutcomeID")), ==, 7);
  g_assert_cmpint (json_node_get_int (lcm_json_object_lookup (single, "OUTCOMEID")), ==, 7);
  g_assert_null (lcm_json_object_lookup (single, "Outcome"));
}

static void
test_int_tolerance (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"a\": 5, \"b\": \"0\", \"c\": \" 12 \", \"d\": 3.0, \"e\": \"-1\", \"f\": null,"
    " \"g\": \"\", \"h\": \"abc\", \"i\": {}, \"j\": 2.5, \"k\": [1], \"l\": \"99999999999999999999\"}");
  /* absent: nothing to read (f, g, missing): mandatory, it is an error naming the member;
   * optional, it is TRUE with present FALSE. code: the error of a value of another shape. */
  struct { const char *name; gboolean absent; gint64 value; int code; } cases[] = {
    { "a", FALSE, 5, -1 },
    { "b", FALSE, 0, -1 },
    { "c", FALSE, 12, -1 },
    { "d", FALSE, 3, -1 },
    { "e", FALSE, -1, -1 },
    { "f", TRUE, 0, -1 },
    { "g", TRUE, 0, -1 },
    { "missing", TRUE, 0, -1 },
    { "h", FALSE, 0, LCM_PROTOCOL_ERROR_INVALID_VALUE },
    { "i", FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "j", FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "k", FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "l", FALSE, 0, LCM_PROTOCOL_ERROR_INVALID_VALUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) optional_error = NULL;
      gint64 value = -12345;
      gint64 optional_value = -12345;
      gboolean present = TRUE;
      gboolean ok = lcm_json_object_get_int (object, cases[i].name, &value, &error);
      gboolean optional_ok = lcm_json_object_get_int_optional (object, cases[i].name,
                                                               &optional_value, &present,
                                                               &optional_error);

      g_test_message ("member %s", cases[i].name);
      if (cases[i].code >= 0)
        {
          g_assert_false (ok);
          g_assert_false (optional_ok);
          g_assert_error (error, LCM_PROTOCOL_ERROR, cases[i].code);
          g_assert_error (optional_error, LCM_PROTOCOL_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, cases[i].name));
          g_assert_cmpint (value, ==, -12345);
        }
      else if (cases[i].absent)
        {
          g_assert_false (ok);
          g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD);
          g_assert_nonnull (strstr (error->message, cases[i].name));
          g_assert_true (optional_ok);
          g_assert_no_error (optional_error);
          g_assert_false (present);
          g_assert_cmpint (optional_value, ==, -12345);
        }
      else
        {
          g_assert_true (ok);
          g_assert_no_error (error);
          g_assert_cmpint (value, ==, cases[i].value);
          g_assert_true (optional_ok);
          g_assert_true (present);
          g_assert_cmpint (optional_value, ==, cases[i].value);
        }
    }
}

/* The optional reading: the fallback where the member says nothing, an error where it says
 * something else than a whole number. */
static void
test_int_or_fallback (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"a\": 5, \"c\": \" 12 \", \"f\": null, \"g\": \"\", \"h\": \"abc\", \"i\": {}}");
  struct { const char *name; gboolean ok; gint64 value; int code; } cases[] = {
    { "a", TRUE, 5, -1 },
    { "c", TRUE, 12, -1 },
    { "f", TRUE, 77, -1 },
    { "g", TRUE, 77, -1 },
    { "missing", TRUE, 77, -1 },
    { "h", FALSE, 0, LCM_PROTOCOL_ERROR_INVALID_VALUE },
    { "i", FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -12345;
      gboolean ok = lcm_json_object_get_int_or (object, cases[i].name, 77, &value, &error);

      g_test_message ("member %s", cases[i].name);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (value, ==, cases[i].value);
        }
      else
        g_assert_error (error, LCM_PROTOCOL_ERROR, cases[i].code);
    }
}

static void
test_double_string_boolean (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"t\": \"12.5\", \"n\": 7, \"s\": \"x\", \"b1\": true, \"b2\": \"False\", \"b3\": 1,"
    " \"b4\": \"maybe\", \"str\": 42, \"dbl\": 1.5, \"nul\": null, \"obj\": {\"x\": 1}}");
  g_autoptr(GError) error = NULL;
  gboolean present, flag;
  double number;
  char *text = NULL;

  g_assert_true (lcm_json_object_get_double (object, "t", &number, &error));
  g_assert_cmpfloat (number, ==, 12.5);
  g_assert_true (lcm_json_object_get_double (object, "n", &number, &error));
  g_assert_cmpfloat (number, ==, 7.0);
  g_assert_false (lcm_json_object_get_double (object, "s", &number, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (lcm_json_object_get_double_optional (object, "s", &number, &present, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* Absent: an error when mandatory, "not present" when optional. */
  g_assert_false (lcm_json_object_get_double (object, "nul", &number, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD);
  g_clear_error (&error);
  number = 3.5;
  present = TRUE;
  g_assert_true (lcm_json_object_get_double_optional (object, "none", &number, &present, &error));
  g_assert_no_error (error);
  g_assert_false (present);
  g_assert_cmpfloat (number, ==, 3.5);
  g_assert_true (lcm_json_object_get_double_optional (object, "t", &number, &present, &error));
  g_assert_true (present);
  g_assert_cmpfloat (number, ==, 12.5);

  /* Found by fuzz-envelope: a number too large for a double is not infinity. */
  {
    g_autoptr(JsonObject) huge = parse_object ("{\"n\": 1e999}");

    g_assert_false (lcm_json_object_get_double (huge, "n", &number, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  g_assert_true (lcm_json_object_get_boolean (object, "b1", &flag, &error));
  g_assert_true (flag);
  g_assert_true (lcm_json_object_get_boolean (object, "b2", &flag, &error));
  g_assert_false (flag);
  g_assert_true (lcm_json_object_get_boolean (object, "b3", &flag, &error));
  g_assert_true (flag);
  g_assert_false (lcm_json_object_get_boolean (object, "b4", &flag, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
  g_clear_error (&error);
  g_assert_false (lcm_json_object_get_boolean (object, "absent", &flag, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "absent"));
  g_clear_error (&error);

  g_assert_true (lcm_json_object_get_string (object, "str", &text, &error));
  g_assert_cmpstr (text, ==, "42");
  g_clear_pointer (&text, g_free);
  g_assert_true (lcm_json_object_get_string (object, "dbl", &text, &error));
  g_assert_cmpstr (text, ==, "1.5");
  g_clear_pointer (&text, g_free);
  g_assert_false (lcm_json_object_get_string (object, "nul", &text, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD);
  g_assert_null (text);
  g_clear_error (&error);
  g_assert_true (lcm_json_object_get_string_optional (object, "nul", &text, &error));
  g_assert_no_error (error);
  g_assert_null (text);
  g_assert_true (lcm_json_object_get_string_optional (object, "STR", &text, &error));
  g_assert_cmpstr (text, ==, "42");
  g_clear_pointer (&text, g_free);
  g_assert_false (lcm_json_object_get_string (object, "obj", &text, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
  g_assert_null (text);
  g_clear_error (&error);
  g_assert_false (lcm_json_object_get_string_optional (object, "obj", &text, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
  g_assert_null (text);
}

static void
test_parse_refuses (void)
{
  struct { const char *text; int code; } cases[] = {
    { "", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "   ", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": }", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{'a': 1}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": 1} // comment", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "/* c */ {\"a\": 1}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": 0x1F}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": 017}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": -017}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "[1e-5,00]", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": 1} {\"b\": 2}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": 1}}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": undefined}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\": \"\xff\xfe\"}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    /* Found by fuzz-envelope: json-glib leaks on a broken surrogate pair and on a value
     * after a bare top-level number, and accepts escapes JSON does not have. */
    { "{\"a\":\"\\ud83d\\udl\"}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\":\"\\udc00\"}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "0{\"channel\":\"LCM\"}", LCM_PROTOCOL_ERROR_INVALID_JSON },
    { "{\"a\":\"\\q\"}", LCM_PROTOCOL_ERROR_INVALID_JSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("case %u: %s", i, shown);
      node = lcm_json_parse (cases[i].text, strlen (cases[i].text), 0, &error);
      g_assert_null (node);
      g_assert_error (error, LCM_PROTOCOL_ERROR, cases[i].code);
    }
}

/* Found by fuzz-values: quoting an invalid-UTF-8 value for a message leaked (ASan checks). */
static void
test_invalid_utf8_in_messages (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lcm_check_account_number ("\xff\xfe", &error));
  g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_parse_accepts_json (void)
{
  const char *texts[] = {
    "{\"a\": [1, -2, 0, 0.5, 10.05, 1e3, -0.0, true, false, null, \"x\\\"y'z/*\"]}",
    /* Leading zeros are allowed in an exponent, and printf writes them. */
    "[1e-07, 1E+007, 1e07, -0.5e-010, 1e-0, 0e0, 0.0e-00]",
    "[]",
    "\"text\"",
    " \t\r\n{\"n\": 100}\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = lcm_json_parse (texts[i], strlen (texts[i]), 0, &error);

      g_test_message ("case %u: %s", i, texts[i]);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
}

static void
test_parse_bounds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  const char *text = "{\"a\": \"0123456789\"}";
  guint levels = 200000;

  /* Larger than the limit: refused before parsing. */
  node = lcm_json_parse (text, strlen (text), 10, &error);
  g_assert_null (node);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Exactly at the limit: accepted. */
  node = lcm_json_parse (text, strlen (text), strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  /* Deep enough to overflow json-glib's recursion: refused, no crash. */
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, ']');
  node = lcm_json_parse (deep->str, deep->len, 0, &error);
  g_assert_null (node);
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_DEEP);
  g_assert_false (lcm_json_check_depth (deep->str, deep->len, LCM_MAX_DEPTH));
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  g_string_assign (deep, "{\"a\": \"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (deep, "[{");
  g_string_append (deep, "\"}");
  g_assert_true (lcm_json_check_depth (deep->str, deep->len, 2));
  node = lcm_json_parse (deep->str, deep->len, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

/* Parses text with lcm_json_parse, which must accept it. */
static JsonNode *
parse_node (const char *text,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = lcm_json_parse (text, length, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_parse_refused (const char *text,
                      gsize       length,
                      int         code,
                      const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *start = g_strndup (text, MIN (length, 200));
  g_autofree char *shown = g_strescape (start, NULL);

  g_test_message ("refused: %s", shown);
  node = lcm_json_parse (text, length, 0, &error);
  g_assert_null (node);
  g_assert_error (error, LCM_PROTOCOL_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("The message “%s” does not name “%s”", error->message, needle);
}

/* Found by fuzz-envelope (issue 12): json-glib 1.6 writes 1e308 as 1e+308.0, which is not
 * JSON, so what we wrote could not be read back. Every double, at any depth, is written as
 * a JSON number that reads back to the same double. */
static void
test_write_doubles (void)
{
  static const struct {
    double value;
    const char *text;    /* NULL: not checked, only read back */
  } cases[] = {
    { 1e308, "1e+308" },
    { -1e308, "-1e+308" },
    { 2.0, "2.0" },
    { -0.0, "-0.0" },
    { 0.1, "0.1" },
    { 12.5, "12.5" },
    { 1e20, "1e+20" },
    { 1e-7, "1e-07" },
    { 123456789012345678.0, NULL },
    { 1.0 / 3.0, NULL },
    { DBL_MAX, NULL },
    { DBL_MIN, NULL },
    { 5e-324, NULL },
    { -4.9406564584124654e-324, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(JsonNode) nested = NULL;
      g_autoptr(JsonNode) nested_again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *nested_text = NULL;
      g_autofree char *wrapper = NULL;
      double read;

      json_node_set_double (node, cases[i].value);
      text = lcm_json_node_to_string (node, NULL);
      g_test_message ("%.17g written as %s", cases[i].value, text);
      if (cases[i].text != NULL)
        g_assert_cmpstr (text, ==, cases[i].text);

      /* Read back by our strict parser, as a double, to the same bits. */
      again = parse_node (text, strlen (text));
      g_assert_cmpint (json_node_get_value_type (again), ==, G_TYPE_DOUBLE);
      read = json_node_get_double (again);
      g_assert_true (memcmp (&read, &cases[i].value, sizeof read) == 0);

      /* The same inside objects and arrays, where the fuzzer found it. */
      wrapper = g_strdup_printf ("{\"response\":[{\"OutComeID\":%s,\"x\":[[%s]]}],\"n\":%s}",
                                 text, text, text);
      nested = parse_node (wrapper, strlen (wrapper));
      nested_text = lcm_json_node_to_string (nested, NULL);
      g_assert_cmpstr (nested_text, ==, wrapper);
      nested_again = parse_node (nested_text, strlen (nested_text));
      g_assert_true (json_node_equal (nested_again, nested));
    }
}

/* JSON has neither infinities nor NaN: an infinity (1e999 reads as one) is written so that it
 * reads back as the same infinity, and the readers refuse it as before; NaN becomes null. */
static void
test_write_non_finite (void)
{
  g_autoptr(JsonNode) huge = parse_node ("[1e999,-1e999]", 14);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) nan_node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = lcm_json_node_to_string (huge, NULL);
  g_autofree char *nan_text = NULL;
  JsonArray *array;

  g_assert_cmpstr (text, ==, "[1e999,-1e999]");
  again = parse_node (text, strlen (text));
  array = json_node_get_array (again);
  g_assert_true (isinf (json_array_get_double_element (array, 0)));
  g_assert_cmpfloat (json_array_get_double_element (array, 0), >, 0);
  g_assert_true (isinf (json_array_get_double_element (array, 1)));
  g_assert_cmpfloat (json_array_get_double_element (array, 1), <, 0);

  json_node_set_double (nan_node, NAN);
  nan_text = lcm_json_node_to_string (nan_node, NULL);
  g_assert_cmpstr (nan_text, ==, "null");
}

/* Everything but doubles is written as json-glib writes it, except U+001F, which json-glib
 * 1.6 leaves unescaped (not JSON). */
static void
test_write_like_json_glib (void)
{
  g_autoptr(GString) controls = g_string_new (NULL);
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(JsonNode) control_node = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) control_again = NULL;
  g_autoptr(JsonObject) built = json_object_new ();
  g_autoptr(JsonNode) built_node = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *control_text = NULL;
  g_autofree char *built_text = NULL;
  gsize length = 0;
  const char *text =
    "{\"channel\":\"LCM\",\"message\":{\"callid\":\"12345\",\"response\":[{\"OutComeID\":7,"
    "\"Description\":\"Grüße \\\"quoted\\\" back\\\\slash\\/ \\n\\t\\r\\b\\f\\u0001"
    " 你好 🚀\",\"ok\":true,\"no\":false,\"none\":null,\"big\":-1234567890123,"
    "\"empty\":{},\"list\":[]}]}}";

  tree = parse_node (text, strlen (text));
  ours = lcm_json_node_to_string (tree, &length);
  theirs = json_to_string (tree, FALSE);
  g_assert_cmpstr (ours, ==, theirs);
  g_assert_cmpuint (length, ==, strlen (ours));

  /* Every control character is escaped, and reads back. */
  for (int c = 1; c < 0x80; c++)
    g_string_append_c (controls, (char) c);
  json_node_set_string (control_node, controls->str);
  control_text = lcm_json_node_to_string (control_node, NULL);
  g_assert_nonnull (strstr (control_text, "\\u001f"));
  for (const char *p = control_text; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  control_again = parse_node (control_text, strlen (control_text));
  g_assert_cmpstr (json_node_get_string (control_again), ==, controls->str);

  /* Members in the order they were set, as the generator writes them. */
  json_object_set_string_member (built, "z", "1");
  json_object_set_string_member (built, "a", "2");
  json_object_set_double_member (built, "m", 1e300);
  built_node = json_node_init_object (json_node_alloc (), built);
  built_text = lcm_json_node_to_string (built_node, NULL);
  g_assert_cmpstr (built_text, ==, "{\"z\":\"1\",\"a\":\"2\",\"m\":1e+300}");
}

/* Issue 12, item 14: json-glib keeps the last of two members of the same name, and the
 * readers ignore letter case, so {"success":false,"success":true} read as success. */
static void
test_parse_duplicate_keys (void)
{
  static const struct {
    const char *text;
    const char *name;
  } refused[] = {
    { "{\"success\":false,\"success\":true}", "success" },
    { "{\"OutcomeID\":1,\"OutComeID\":2}", "OutComeID" },
    { "{\"success\":false,\"succes\\u0073\":true}", "success" },
    { "{\"\\u0053uccess\":false,\"success\":true}", "success" },
    { "{\"a\\/b\":1,\"A/B\":2}", "A/B" },
    { "{\"message\":{\"response\":[{\"a\":1,\"b\":{\"c\":1,\"C\":2}}]}}", "C" },
    { "[{\"a\":1},{\"a\":1,\"b\":2,\"A\":3}]", "A" },
    { "{\"ErrorType\":\"x\",\"errorType\":\"y\"}", "errorType" },
    { "{\"\":1,\"\":2}", NULL },
  };
  static const char *accepted[] = {
    /* The same name in nested and in sibling objects, or as a value. */
    "{\"a\":{\"a\":{\"a\":1}}}",
    "[{\"a\":1},{\"a\":2},{\"A\":3}]",
    "{\"a\":\"a\",\"b\":\"A\",\"c\":[\"a\",\"a\"]}",
    "{\"a\":{\"b\":1},\"b\":{\"a\":1}}",
    /* Only ASCII letters are folded, as the readers fold them. */
    "{\"é\":1,\"É\":2}",
    "{\"a\":1,\"a \":2,\" a\":3,\"ab\":4,\"b\":5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_parse_refused (refused[i].text, strlen (refused[i].text),
                          LCM_PROTOCOL_ERROR_INVALID_VALUE, refused[i].name);

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    json_node_unref (parse_node (accepted[i], strlen (accepted[i])));

  /* A large object: its keys are compared by sorting them; a duplicate anywhere is found. */
  for (guint where = 0; where < 4; where++)
    {
      g_autoptr(GString) text = g_string_new ("{");
      guint n = 5000;

      for (guint k = 0; k < n; k++)
        g_string_append_printf (text, "%s\"Key%u\":%u", k == 0 ? "" : ",", k, k);
      switch (where)
        {
        case 0:
          {
            /* No duplicate: accepted. */
            g_autoptr(JsonNode) node = NULL;

            g_string_append_c (text, '}');
            node = parse_node (text->str, text->len);
            g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, n);
            continue;
          }
        case 1:
          g_string_append (text, ",\"KEY0\":0}");
          break;
        case 2:
          g_string_append (text, ",\"key4999\":0}");
          break;
        case 3:
        default:
          g_string_append (text, ",\"Key\\u0032\\u0035\\u0030\\u0030\":0}");
          break;
        }
      assert_parse_refused (text->str, text->len, LCM_PROTOCOL_ERROR_INVALID_VALUE, NULL);
    }
}

/* Issue 12, item 14: json-glib cuts a text at U+0000, so "12345\u0000evil" read as call
 * 12345. Such a text is refused wherever it is, member names included. */
static void
test_parse_nul (void)
{
  static const char *refused[] = {
    "{\"callid\":\"12345\\u0000evil\"}",
    "{\"callid\":\"\\u0000\"}",
    "[\"a\",[\"b\\u0000\"]]",
    "{\"success\":false,\"success\\u0000x\":true}",
    "\"\\u0000\"",
  };
  static const char *accepted[] = {
    /* A backslash, then the letters u0000. */
    "{\"callid\":\"12345\\\\u0000evil\"}",
    "{\"callid\":\"\\u0001\\u00e9\\ud83d\\ude80\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_parse_refused (refused[i], strlen (refused[i]), LCM_PROTOCOL_ERROR_INVALID_VALUE,
                          "NUL");

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonNode) node = parse_node (accepted[i], strlen (accepted[i]));
      g_autofree char *callid = NULL;

      g_assert_true (lcm_json_object_get_string (json_node_get_object (node), "callid", &callid,
                                                 NULL));
      g_assert_nonnull (callid);
    }
}

/* Issue 12, item 8: json-glib builds its whole tree before anything is checked, ~100 times
 * the text for "[{},{},…]": a 60 MB answer took lcmctl to 5.9 GB. The pre-scan weighs every
 * value and refuses before json-glib starts. */
static void
test_parse_tree_budget (void)
{
  /* Values that cost json-glib more than LCM_TREE_COST_PER_BYTE times their text. */
  static const char *units[] = { "{},", "[],", "1,", "\"\",", "{\"a\":{}},", };
  gsize twenty_mb = 20 * 1024 * 1024;

  g_assert_cmpuint (lcm_json_get_tree_budget (0), ==, LCM_TREE_COST_FLOOR);
  g_assert_cmpuint (lcm_json_get_tree_budget (1000), ==,
                    LCM_TREE_COST_FLOOR + 1000 * LCM_TREE_COST_PER_BYTE);
  g_assert_cmpuint (lcm_json_get_tree_budget (G_MAXSIZE), ==, LCM_MAX_TREE_COST);
  g_assert_cmpuint (lcm_json_get_tree_budget (LCM_DEFAULT_MAX_FRAME_SIZE), ==,
                    LCM_MAX_TREE_COST);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autoptr(GString) text = g_string_sized_new (twenty_mb + 16);
      gsize unit = strlen (units[i]);
      gint64 start;

      /* 100 KB of them is a short answer: accepted. */
      g_string_append_c (text, '[');
      while (text->len + unit < 100 * 1024)
        g_string_append (text, units[i]);
      g_string_truncate (text, text->len - 1);
      g_string_append_c (text, ']');
      json_node_unref (parse_node (text->str, text->len));

      /* 20 MB of them is refused, at once: nothing was built. */
      g_string_truncate (text, text->len - 1);
      g_string_append_c (text, ',');
      while (text->len + unit < twenty_mb)
        g_string_append (text, units[i]);
      g_string_truncate (text, text->len - 1);
      g_string_append_c (text, ']');
      start = g_get_monotonic_time ();
      assert_parse_refused (text->str, text->len, LCM_PROTOCOL_ERROR_TOO_LARGE, NULL);
      g_test_message ("20 MB of %s refused in %" G_GINT64_FORMAT " ms", units[i],
                      (g_get_monotonic_time () - start) / 1000);
    }

  /* A long text costs little more than its length: accepted. */
  {
    g_autoptr(GString) text = g_string_new ("[\"");

    g_string_set_size (text, twenty_mb);
    memset (text->str + 2, 'x', twenty_mb - 2);
    g_string_append (text, "\"]");
    json_node_unref (parse_node (text->str, text->len));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/json/lookup/ignores-case", test_lookup_ignores_case);
  g_test_add_func ("/lcm/json/int/tolerance", test_int_tolerance);
  g_test_add_func ("/lcm/json/int/fallback", test_int_or_fallback);
  g_test_add_func ("/lcm/json/double-string-boolean", test_double_string_boolean);
  g_test_add_func ("/lcm/json/parse/refuses", test_parse_refuses);
  g_test_add_func ("/lcm/json/parse/accepts", test_parse_accepts_json);
  g_test_add_func ("/lcm/json/parse/bounds", test_parse_bounds);
  g_test_add_func ("/lcm/json/parse/duplicate-keys", test_parse_duplicate_keys);
  g_test_add_func ("/lcm/json/parse/nul", test_parse_nul);
  g_test_add_func ("/lcm/json/parse/tree-budget", test_parse_tree_budget);
  g_test_add_func ("/lcm/json/write/doubles", test_write_doubles);
  g_test_add_func ("/lcm/json/write/non-finite", test_write_non_finite);
  g_test_add_func ("/lcm/json/write/like-json-glib", test_write_like_json_glib);
  g_test_add_func ("/lcm/json/invalid-utf8-in-messages", test_invalid_utf8_in_messages);

  return g_test_run ();
}
