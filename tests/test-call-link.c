/* test-call-link.c: the wrapup:// deep link parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "wrapup-call-link.h"

static void
test_valid (void)
{
  struct {
    const char *uri;
    const char *call_id, *account;
    LcmCallType type;
    const char *contact, *campaign;
  } cases[] = {
    { "wrapup://call/12345?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND",
      "12345", "5|3|1|0|0|44|1", LCM_CALL_TYPE_OUTBOUND, NULL, NULL },
    /* '|' left unencoded, lower-case type, both optional fields, an unknown extra parameter */
    { "wrapup://call/A-77?type=inbound&account=9|3|1711|0|0|84|-1&contact=909003299700"
      "&campaign=Retention%20Q4&utm_source=dialer",
      "A-77", "9|3|1711|0|0|84|-1", LCM_CALL_TYPE_INBOUND, "909003299700", "Retention Q4" },
    /* the vendor's key with an empty last field; a query is not a form: '+' is a plus */
    { "WRAPUP://call/1?account=137%7C1%7C3%7C0%7C0%7C84%7C&type=MANUAL&campaign=Cross+Sell",
      "1", "137|1|3|0|0|84|", LCM_CALL_TYPE_MANUAL, NULL, "Cross+Sell" },
    /* %2B is a plus, and values are decoded once: %252B stays %2B */
    { "wrapup://call/2?account=5|3|1|0|0|44|1&type=MANUAL&campaign=Q4%2BRenewals%20%252B",
      "2", "5|3|1|0|0|44|1", LCM_CALL_TYPE_MANUAL, NULL, "Q4+Renewals %2B" },
    /* letters of any script are text, not controls */
    { "wrapup://call/3?account=5|3|1|0|0|44|1&type=MANUAL&campaign=%C3%89t%C3%A9%20%D7%A9%D7%9C",
      "3", "5|3|1|0|0|44|1", LCM_CALL_TYPE_MANUAL, NULL, "\u00c9t\u00e9 \u05e9\u05dc" },
    /* dots inside a call id are allowed: only a dot segment is not */
    { "wrapup://call/a.b..c?account=5|3|1|0|0|44|1&type=MANUAL",
      "a.b..c", "5|3|1|0|0|44|1", LCM_CALL_TYPE_MANUAL, NULL, NULL },
    /* empty optional values are the same as absent */
    { "wrapup://call/9?account=5|3|1|0|0|44|1&type=MANUAL&contact=&campaign=",
      "9", "5|3|1|0|0|44|1", LCM_CALL_TYPE_MANUAL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrapupCallLink) link = NULL;
      g_autoptr(WrapupCallLink) again = NULL;
      g_autofree char *uri = NULL;

      g_test_message ("link %s", cases[i].uri);
      link = wrapup_call_link_parse (cases[i].uri, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (link->call_id, ==, cases[i].call_id);
      g_assert_cmpstr (link->account_number, ==, cases[i].account);
      g_assert_cmpint (link->call_type, ==, cases[i].type);
      g_assert_cmpstr (link->contact_number, ==, cases[i].contact);
      g_assert_cmpstr (link->campaign, ==, cases[i].campaign);

      /* What the dialer should build parses back to the same call. */
      uri = wrapup_call_link_to_uri (link);
      again = wrapup_call_link_parse (uri, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again->call_id, ==, link->call_id);
      g_assert_cmpstr (again->account_number, ==, link->account_number);
      g_assert_cmpint (again->call_type, ==, link->call_type);
      g_assert_cmpstr (again->contact_number, ==, link->contact_number);
      g_assert_cmpstr (again->campaign, ==, link->campaign);
    }
}

static void
test_refused (void)
{
  g_autofree char *huge = NULL;
  g_autofree char *long_campaign = NULL;
  struct { const char *uri; int code; } cases[] = {
    { "", WRAPUP_LINK_ERROR_MALFORMED },
    { "not a link", WRAPUP_LINK_ERROR_MALFORMED },
    { "https://call/1?account=5|3|1|0|0|44|1&type=MANUAL", WRAPUP_LINK_ERROR_SCHEME },
    { "file:///etc/passwd", WRAPUP_LINK_ERROR_SCHEME },
    { "javascript:alert(1)", WRAPUP_LINK_ERROR_SCHEME },
    { "wrapup://hangup/1?account=5|3|1|0|0|44|1&type=MANUAL", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call/1/2?account=5|3|1|0|0|44|1&type=MANUAL", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://user@call/1?account=5|3|1|0|0|44|1&type=MANUAL", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call:99/1?account=5|3|1|0|0|44|1&type=MANUAL", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL#x", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call/?account=5|3|1|0|0|44|1&type=MANUAL", WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1%22%2C%22x?account=5|3|1|0|0|44|1&type=MANUAL",
      WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1?type=MANUAL", WRAPUP_LINK_ERROR_MISSING_VALUE },
    { "wrapup://call/1?account=5|3|1|0|0|44|1", WRAPUP_LINK_ERROR_MISSING_VALUE },
    { "wrapup://call/1?account=5|3|1&type=MANUAL", WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1?account=5%7C3%7C1%7C0%7C0%7C44%7C1%22&type=MANUAL",
      WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=PREVIEW", WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&contact=%2B44%20123",
      WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&campaign=a%0Ab",
      WRAPUP_LINK_ERROR_INVALID_VALUE },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&account=2|3|3|0|0|44|1&type=MANUAL",
      WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call/1?account&type=MANUAL", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call/1?account=%ZZ&type=MANUAL", WRAPUP_LINK_ERROR_MALFORMED },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&campaign=%FF", WRAPUP_LINK_ERROR_MALFORMED },
    { NULL, WRAPUP_LINK_ERROR_MALFORMED },
    { NULL, WRAPUP_LINK_ERROR_INVALID_VALUE },
  };
  g_autofree char *campaign_link = NULL;

  huge = g_strnfill (5000, 'a');
  cases[G_N_ELEMENTS (cases) - 2].uri = huge;
  long_campaign = g_strnfill (LCM_MAX_CAMPAIGN_LENGTH + 1, 'c');
  campaign_link = g_strdup_printf ("wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL"
                                   "&campaign=%s", long_campaign);
  cases[G_N_ELEMENTS (cases) - 1].uri = campaign_link;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrapupCallLink) link = NULL;

      g_test_message ("refused %u", i);
      link = wrapup_call_link_parse (cases[i].uri, &error);
      g_assert_null (link);
      g_assert_error (error, WRAPUP_LINK_ERROR, cases[i].code);
      /* A clear message, that never echoes a control character or a huge value. */
      g_assert_cmpstr (error->message, !=, "");
      g_assert_null (strchr (error->message, '\n'));
      g_assert_cmpuint (strlen (error->message), <, 400);
    }
}

/* Only the call id follows wrapup://call/: a path is never normalized into another call. */
static void
test_path (void)
{
  static const char *paths[] = {
    "1001/../1002", "../1002", "./1002", "1002/", "1002/.", "1002/..", "1001/%2E%2E/1002",
    "%2E%2E", "..", ".", "%2e", "/1002", "1002//", "1002/x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrapupCallLink) link = NULL;
      g_autofree char *uri = g_strdup_printf ("wrapup://call/%s?account=5|3|1|0|0|44|1"
                                              "&type=MANUAL", paths[i]);

      g_test_message ("path %s", paths[i]);
      link = wrapup_call_link_parse (uri, &error);
      g_assert_null (link);
      g_assert_error (error, WRAPUP_LINK_ERROR, WRAPUP_LINK_ERROR_MALFORMED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "call id"));
    }
}

/* Invisible and direction-changing characters would let a link show an agent another name
 * than it holds: refused in every value, and never echoed. */
static void
test_invisible (void)
{
  static const char *characters[] = {
    "%E2%80%AE",      /* U+202E RIGHT-TO-LEFT OVERRIDE */
    "\xe2\x80\xae",    /* the same, not encoded */
    "%E2%80%A8",      /* U+2028 LINE SEPARATOR */
    "%E2%80%A9",      /* U+2029 PARAGRAPH SEPARATOR */
    "%E2%81%A6",      /* U+2066 LEFT-TO-RIGHT ISOLATE */
    "%E2%80%8B",      /* U+200B ZERO WIDTH SPACE */
    "%EF%BB%BF",      /* U+FEFF ZERO WIDTH NO-BREAK SPACE */
    "%D8%9C",         /* U+061C ARABIC LETTER MARK */
    "%C2%85",         /* U+0085 NEXT LINE */
    "%C2%AD",         /* U+00AD SOFT HYPHEN */
    "%F3%A0%80%81",   /* U+E0001 LANGUAGE TAG */
    "%09",            /* a tab */
  };
  /* Each value of a link, with the character put in it. */
  static const struct { const char *before, *after; } links[] = {
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&campaign=Renewals", "gpj.exe" },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&campaign=", "" },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL&contact=0123456", "" },
    { "wrapup://call/1?account=5|3|1|0|0|44|1", "&type=MANUAL" },
    { "wrapup://call/1?account=5|3|1|0|0|44|1&type=MANUAL", "" },
    { "wrapup://call/1", "?account=5|3|1|0|0|44|1&type=MANUAL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    for (guint c = 0; c < G_N_ELEMENTS (characters); c++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(WrapupCallLink) link = NULL;
        g_autofree char *uri = g_strconcat (links[i].before, characters[c], links[i].after,
                                            NULL);
        g_autofree char *shown = g_strescape (uri, NULL);

        g_test_message ("link %s", shown);
        link = wrapup_call_link_parse (uri, &error);
        g_assert_null (link);
        g_assert_error (error, WRAPUP_LINK_ERROR, WRAPUP_LINK_ERROR_INVALID_VALUE);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, "invisible"));
        /* The message itself shows nothing that could turn or hide text. */
        for (const char *p = error->message; *p != '\0'; p = g_utf8_next_char (p))
          {
            GUnicodeType type = g_unichar_type (g_utf8_get_char (p));

            g_assert_cmpint (type, !=, G_UNICODE_CONTROL);
            g_assert_cmpint (type, !=, G_UNICODE_FORMAT);
            g_assert_cmpint (type, !=, G_UNICODE_LINE_SEPARATOR);
            g_assert_cmpint (type, !=, G_UNICODE_PARAGRAPH_SEPARATOR);
          }
      }
}

/* A contact number is personal data: a refused one is not shown whole in the message. */
static void
test_contact_not_echoed (void)
{
  static const struct { const char *value; const char *secret; } cases[] = {
    { "%2B44%207700%20900123", "7700" },
    { "447700900123456789012345", "77009001" },
    { "4477009001x", "77009001" },
    { "12", "12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrapupCallLink) link = NULL;
      g_autofree char *uri = g_strdup_printf ("wrapup://call/1?account=5|3|1|0|0|44|1"
                                              "&type=MANUAL&contact=%s", cases[i].value);

      link = wrapup_call_link_parse (uri, &error);
      g_assert_null (link);
      g_assert_error (error, WRAPUP_LINK_ERROR, WRAPUP_LINK_ERROR_INVALID_VALUE);
      g_test_message ("%s: %s", cases[i].value, error->message);
      g_assert_nonnull (strstr (error->message, "contact number"));
      g_assert_null (strstr (error->message, cases[i].secret));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wrapup/call-link/valid", test_valid);
  g_test_add_func ("/wrapup/call-link/refused", test_refused);
  g_test_add_func ("/wrapup/call-link/path", test_path);
  g_test_add_func ("/wrapup/call-link/invisible", test_invisible);
  g_test_add_func ("/wrapup/call-link/contact-not-echoed", test_contact_not_echoed);

  return g_test_run ();
}
