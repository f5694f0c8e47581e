/* wrapup-call-link.c: the wrapup:// deep link that opens a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-call-link"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-call-link.h"

/* Longer than any real link; bounds the work done on hostile input. */
#define MAX_LINK_LENGTH 2048

G_DEFINE_QUARK (wrapup-link-error-quark, wrapup_link_error)

G_DEFINE_BOXED_TYPE (WrapupCallLink, wrapup_call_link, wrapup_call_link_copy,
                     wrapup_call_link_free)

static gboolean
fail (GError     **error,
      int          code,
      const char  *reason)
{
  /* Translators: %s says what is wrong with the link */
  g_set_error (error, WRAPUP_LINK_ERROR, code, _("This link cannot open a call: %s"), reason);
  return FALSE;
}

static gboolean
fail_with (GError     **error,
           int          code,
           GError      *cause)
{
  gboolean result = fail (error, code, cause->message);

  g_error_free (cause);
  return result;
}

/* Whether text holds characters that show nothing or turn the text around them (categories
 * Cc, Cf, Zl and Zp: controls, U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE,
 * U+2028 LINE SEPARATOR…): they would let a link show an agent another name than the one it
 * holds. Such a value is refused, and never echoed. */
static gboolean
has_hidden_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      switch (g_unichar_type (g_utf8_get_char (p)))
        {
        case G_UNICODE_CONTROL:
        case G_UNICODE_FORMAT:
        case G_UNICODE_LINE_SEPARATOR:
        case G_UNICODE_PARAGRAPH_SEPARATOR:
          return TRUE;
        default:
          break;
        }
    }
  return FALSE;
}

/* Reads the query, keeping the four known parameters. Others are ignored (a dialer may add
 * its own), but a known one given twice is refused: which one would be meant? */
static gboolean
read_params (const char  *query,
             char       **account,
             char       **type,
             char       **contact,
             char       **campaign,
             GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) pairs = NULL;
  struct { const char *name; char **out; } known[] = {
    { "account", account }, { "type", type }, { "contact", contact }, { "campaign", campaign },
  };

  if (query == NULL)
    return TRUE;

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      char *equals = strchr (pairs[i], '=');

      if (*pairs[i] == '\0')
        continue;
      if (equals == NULL)
        return fail (error, WRAPUP_LINK_ERROR_MALFORMED, _("a parameter has no value"));

      /* Decoded once, as RFC 3986 says: a query is not a form, so '+' is a plus. */
      name = g_uri_unescape_segment (pairs[i], equals, NULL);
      value = g_uri_unescape_string (equals + 1, NULL);
      if (name == NULL || value == NULL || !g_utf8_validate (value, -1, NULL))
        return fail (error, WRAPUP_LINK_ERROR_MALFORMED, _("a parameter is not encoded properly"));

      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        {
          if (g_strcmp0 (name, known[k].name) != 0)
            continue;
          if (g_hash_table_contains (seen, known[k].name))
            {
              g_autofree char *reason = g_strdup_printf (_("“%s” is given twice"),
                                                         known[k].name);
              return fail (error, WRAPUP_LINK_ERROR_MALFORMED, reason);
            }
          if (has_hidden_characters (value))
            {
              /* Translators: %s is a parameter of the link: account, type, contact or
               * campaign */
              g_autofree char *reason = g_strdup_printf (_("“%s” holds invisible or text "
                                                           "direction characters"),
                                                         known[k].name);
              return fail (error, WRAPUP_LINK_ERROR_INVALID_VALUE, reason);
            }
          g_hash_table_add (seen, (gpointer) known[k].name);
          *known[k].out = g_steal_pointer (&value);
          break;
        }
    }
  return TRUE;
}

/* The call id, the one segment of the path, decoded once. The path is taken as the link
 * writes it (g_uri_split, not g_uri_parse, which would resolve "1001/../1002" to "1002"):
 * more segments, a dot segment or anything after the call id is refused, never normalized. */
static char *
read_call_id (const char  *path,
              GError     **error)
{
  g_autofree char *call_id = NULL;

  if (path[0] != '/' || strchr (path + 1, '/') != NULL)
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED,
            _("the call id must stand alone after wrapup://call/, with nothing after it"));
      return NULL;
    }
  call_id = g_uri_unescape_string (path + 1, NULL);
  if (call_id == NULL || !g_utf8_validate (call_id, -1, NULL))
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED, _("the call id is not encoded properly"));
      return NULL;
    }
  if (strcmp (call_id, ".") == 0 || strcmp (call_id, "..") == 0)
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED,
            _("the call id cannot be “.” or “..”"));
      return NULL;
    }
  if (has_hidden_characters (call_id))
    {
      fail (error, WRAPUP_LINK_ERROR_INVALID_VALUE,
            _("the call id holds invisible or text direction characters"));
      return NULL;
    }
  return g_steal_pointer (&call_id);
}

WrapupCallLink *
wrapup_call_link_parse (const char  *uri,
                        GError     **error)
{
  g_autoptr(GError) cause = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *userinfo = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *account = NULL;
  g_autofree char *type = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *campaign = NULL;
  int port = -1;
  LcmCallType call_type;

  if (uri == NULL || *uri == '\0')
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED, _("the link is empty"));
      return NULL;
    }
  if (strlen (uri) > MAX_LINK_LENGTH || !g_utf8_validate (uri, -1, NULL))
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED, _("the link is too long or not text"));
      return NULL;
    }

  if (!g_uri_split (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_PATH, &scheme,
                    &userinfo, &host, &port, &path, &query, &fragment, NULL)
      || scheme == NULL)
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED, _("it is not a valid address"));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "wrapup") != 0)
    {
      fail (error, WRAPUP_LINK_ERROR_SCHEME, _("only wrapup:// links are accepted"));
      return NULL;
    }

  if (g_strcmp0 (host, "call") != 0 || userinfo != NULL || port != -1 || fragment != NULL)
    {
      fail (error, WRAPUP_LINK_ERROR_MALFORMED,
            _("it should read wrapup://call/<call id>?account=…&type=…"));
      return NULL;
    }

  call_id = read_call_id (path, error);
  if (call_id == NULL)
    return NULL;
  if (!lcm_check_call_id (call_id, &cause))
    {
      fail_with (error, WRAPUP_LINK_ERROR_INVALID_VALUE, g_steal_pointer (&cause));
      return NULL;
    }

  if (!read_params (query, &account, &type, &contact, &campaign, error))
    return NULL;

  if (account == NULL)
    {
      fail (error, WRAPUP_LINK_ERROR_MISSING_VALUE, _("it names no account"));
      return NULL;
    }
  if (!lcm_check_account_number (account, &cause))
    {
      fail_with (error, WRAPUP_LINK_ERROR_INVALID_VALUE, g_steal_pointer (&cause));
      return NULL;
    }

  if (type == NULL)
    {
      fail (error, WRAPUP_LINK_ERROR_MISSING_VALUE, _("it names no call type"));
      return NULL;
    }
  if (!lcm_call_type_from_string (type, &call_type, &cause))
    {
      fail_with (error, WRAPUP_LINK_ERROR_INVALID_VALUE, g_steal_pointer (&cause));
      return NULL;
    }

  if (contact != NULL && *contact == '\0')
    g_clear_pointer (&contact, g_free);
  /* The check's own message would show the number whole: a contact number is not logged or
   * shown unmasked, so the message does not hold it. */
  if (contact != NULL && !lcm_check_contact_number (contact, NULL))
    {
      g_autofree char *reason =
        g_strdup_printf (_("the contact number is not a phone number (use %d to %d digits, "
                           "without spaces, “+” or a campaign prefix)"),
                         LCM_MIN_CONTACT_DIGITS, LCM_MAX_CONTACT_DIGITS);

      fail (error, WRAPUP_LINK_ERROR_INVALID_VALUE, reason);
      return NULL;
    }

  if (campaign != NULL && *campaign == '\0')
    g_clear_pointer (&campaign, g_free);
  if (campaign != NULL && g_utf8_strlen (campaign, -1) > LCM_MAX_CAMPAIGN_LENGTH)
    {
      fail (error, WRAPUP_LINK_ERROR_INVALID_VALUE, _("the campaign name is too long"));
      return NULL;
    }

  return wrapup_call_link_new (call_id, account, call_type, contact, campaign);
}

WrapupCallLink *
wrapup_call_link_new (const char  *call_id,
                      const char  *account_number,
                      LcmCallType  call_type,
                      const char  *contact_number,
                      const char  *campaign)
{
  WrapupCallLink *link = g_new0 (WrapupCallLink, 1);

  g_return_val_if_fail (call_id != NULL, NULL);
  g_return_val_if_fail (account_number != NULL, NULL);

  link->call_id = g_strdup (call_id);
  link->account_number = g_strdup (account_number);
  link->call_type = call_type;
  link->contact_number = g_strdup (contact_number);
  link->campaign = g_strdup (campaign);
  return link;
}

char *
wrapup_call_link_to_uri (const WrapupCallLink *link)
{
  g_autofree char *call_id = NULL;
  g_autofree char *account = NULL;
  GString *uri;

  g_return_val_if_fail (link != NULL, NULL);

  call_id = g_uri_escape_string (link->call_id, NULL, FALSE);
  account = g_uri_escape_string (link->account_number, NULL, FALSE);
  uri = g_string_new (NULL);
  g_string_append_printf (uri, "wrapup://call/%s?account=%s&type=%s", call_id, account,
                          lcm_call_type_to_string (link->call_type));
  if (link->contact_number != NULL)
    {
      g_autofree char *contact = g_uri_escape_string (link->contact_number, NULL, FALSE);
      g_string_append_printf (uri, "&contact=%s", contact);
    }
  if (link->campaign != NULL)
    {
      g_autofree char *campaign = g_uri_escape_string (link->campaign, NULL, FALSE);
      g_string_append_printf (uri, "&campaign=%s", campaign);
    }
  return g_string_free (uri, FALSE);
}

WrapupCallLink *
wrapup_call_link_copy (const WrapupCallLink *link)
{
  g_return_val_if_fail (link != NULL, NULL);

  return wrapup_call_link_new (link->call_id, link->account_number, link->call_type,
                               link->contact_number, link->campaign);
}

void
wrapup_call_link_free (WrapupCallLink *link)
{
  if (link == NULL)
    return;
  g_free (link->call_id);
  g_free (link->account_number);
  g_free (link->contact_number);
  g_free (link->campaign);
  g_free (link);
}
