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
    /* the vendor's key with an empty last field; '+' as a space in a campaign */
    { "WRAPUP://call/1?account=137%7C1%7C3%7C0%7C0%7C84%7C&type=MANUAL&campaign=Cross+Sell",
      "1", "137|1|3|0|0|84|", LCM_CALL_TYPE_MANUAL, NULL, "Cross Sell" },
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/call-link/valid", test_valid);
  g_test_add_func ("/app/call-link/refused", test_refused);

  return g_test_run ();
}
