/* test-json.c: the tolerant JSON readers and the bounded parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
  g_autoptr(JsonObject) object = parse_object ("{\"OutComeID\": 1, \"outcomeid\": 2, \"Other\": 3}");
  g_autoptr(JsonObject) single = parse_object ("{\"OutcomeId\": 7}");

  /* The exact spelling wins over a case-insensitive match. */
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
  struct { const char *name; gboolean ok; gboolean present; gint64 value; int code; } cases[] = {
    { "a", TRUE, TRUE, 5, -1 },
    { "b", TRUE, TRUE, 0, -1 },
    { "c", TRUE, TRUE, 12, -1 },
    { "d", TRUE, TRUE, 3, -1 },
    { "e", TRUE, TRUE, -1, -1 },
    { "f", FALSE, FALSE, 0, -1 },
    { "g", FALSE, FALSE, 0, -1 },
    { "missing", FALSE, FALSE, 0, -1 },
    { "h", FALSE, FALSE, 0, LCM_PROTOCOL_ERROR_INVALID_VALUE },
    { "i", FALSE, FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "j", FALSE, FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "k", FALSE, FALSE, 0, LCM_PROTOCOL_ERROR_WRONG_KIND },
    { "l", FALSE, FALSE, 0, LCM_PROTOCOL_ERROR_INVALID_VALUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -12345;
      gboolean present = TRUE;
      gboolean ok = lcm_json_object_get_int (object, cases[i].name, &value, &present, &error);

      g_test_message ("member %s", cases[i].name);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpint (present, ==, cases[i].present);
      if (cases[i].ok)
        g_assert_cmpint (value, ==, cases[i].value);
      if (cases[i].code >= 0)
        {
          g_assert_error (error, LCM_PROTOCOL_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, cases[i].name));
        }
      else
        g_assert_no_error (error);
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

  g_assert_true (lcm_json_object_get_double (object, "t", &number, &present, &error));
  g_assert_cmpfloat (number, ==, 12.5);
  g_assert_true (lcm_json_object_get_double (object, "n", &number, &present, &error));
  g_assert_cmpfloat (number, ==, 7.0);
  g_assert_false (lcm_json_object_get_double (object, "s", &number, &present, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* Found by fuzz-envelope: a number too large for a double is not infinity. */
  {
    g_autoptr(JsonObject) huge = parse_object ("{\"n\": 1e999}");

    g_assert_false (lcm_json_object_get_double (huge, "n", &number, &present, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  g_assert_true (lcm_json_object_get_boolean (object, "b1", &flag, &present, &error));
  g_assert_true (flag);
  g_assert_true (lcm_json_object_get_boolean (object, "b2", &flag, &present, &error));
  g_assert_false (flag);
  g_assert_true (lcm_json_object_get_boolean (object, "b3", &flag, &present, &error));
  g_assert_true (flag);
  g_assert_false (lcm_json_object_get_boolean (object, "b4", &flag, &present, &error));
  g_assert_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND);
  g_clear_error (&error);

  g_assert_true (lcm_json_object_get_string (object, "str", &text, &error));
  g_assert_cmpstr (text, ==, "42");
  g_clear_pointer (&text, g_free);
  g_assert_true (lcm_json_object_get_string (object, "dbl", &text, &error));
  g_assert_cmpstr (text, ==, "1.5");
  g_clear_pointer (&text, g_free);
  g_assert_true (lcm_json_object_get_string (object, "nul", &text, &error));
  g_assert_null (text);
  g_assert_false (lcm_json_object_get_string (object, "obj", &text, &error));
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/json/lookup/ignores-case", test_lookup_ignores_case);
  g_test_add_func ("/lcm/json/int/tolerance", test_int_tolerance);
  g_test_add_func ("/lcm/json/double-string-boolean", test_double_string_boolean);
  g_test_add_func ("/lcm/json/parse/refuses", test_parse_refuses);
  g_test_add_func ("/lcm/json/parse/accepts", test_parse_accepts_json);
  g_test_add_func ("/lcm/json/parse/bounds", test_parse_bounds);
  g_test_add_func ("/lcm/json/invalid-utf8-in-messages", test_invalid_utf8_in_messages);

  return g_test_run ();
}
