/* fuzz-deep-link.c: libFuzzer harness for the wrapup:// deep link parser
 *
 * A deep link comes from another program and is untrusted. Every link the parser accepts
 * must hold values that pass the library's checks, must reach the wire unchanged (the frames
 * of the reads it starts carry exactly its values), and must survive a round trip: the link
 * written back with wrapup_call_link_to_uri parses again to the same values. Its values are
 * exactly what its path and query hold, decoded once (nothing normalized away, no '+' read
 * as a space), and neither they nor an error's message hold a character that hides or turns
 * text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "wrapup-call-link.h"

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_setup ();
  return 0;
}

static void
print_link (const char           *what,
            const WrapupCallLink *link)
{
  fprintf (stderr, "%s: call_id=\"%s\" account=\"%s\" type=%d contact=\"%s\" campaign=\"%s\"\n",
           what, link->call_id, link->account_number, (int) link->call_type,
           link->contact_number != NULL ? link->contact_number : "(null)",
           link->campaign != NULL ? link->campaign : "(null)");
}

static gboolean
links_equal (const WrapupCallLink *a,
             const WrapupCallLink *b)
{
  return g_strcmp0 (a->call_id, b->call_id) == 0 &&
         g_strcmp0 (a->account_number, b->account_number) == 0 &&
         a->call_type == b->call_type &&
         g_strcmp0 (a->contact_number, b->contact_number) == 0 &&
         g_strcmp0 (a->campaign, b->campaign) == 0;
}

/* Controls, format characters (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B…) and the line and
 * paragraph separators: what could make text read otherwise than it is. */
static gboolean
holds_hidden_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      GUnicodeType type = g_unichar_type (g_utf8_get_char (p));

      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        return TRUE;
    }
  return FALSE;
}

static void
check_optional_param (GHashTable *params,
                      const char *name,
                      const char *value)
{
  const char *given = g_hash_table_lookup (params, name);

  if (value == NULL)
    fuzz_assert (given == NULL || *given == '\0');
  else
    fuzz_assert (g_strcmp0 (given, value) == 0);
}

/* A second reading of the link the parser accepted: its call id is the whole of its path
 * as written ("1001/../1002" is not read as "1002"), and its values are those
 * g_uri_parse_params reads without G_URI_PARAMS_WWW_FORM: decoded once, '+' a plus. */
static void
check_against_uri (const char           *uri,
                   const WrapupCallLink *link)
{
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *call_id = NULL;
  g_autoptr(GHashTable) params = NULL;

  fuzz_assert (g_uri_split (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_PATH, NULL,
                            NULL, NULL, NULL, &path, &query, NULL, NULL));
  fuzz_assert (path[0] == '/');
  call_id = g_uri_unescape_string (path + 1, NULL);
  fuzz_assert (g_strcmp0 (call_id, link->call_id) == 0);

  fuzz_assert (query != NULL);
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  /* It refuses some queries the parser takes (an empty pair): nothing to compare then. */
  if (params == NULL)
    return;
  fuzz_assert (g_strcmp0 (g_hash_table_lookup (params, "account"), link->account_number) == 0);
  fuzz_assert (g_ascii_strcasecmp (g_hash_table_lookup (params, "type"),
                                   lcm_call_type_to_string (link->call_type)) == 0);
  check_optional_param (params, "contact", link->contact_number);
  check_optional_param (params, "campaign", link->campaign);
}

/* What the parser promises of a link it accepts. */
static void
check_link (const WrapupCallLink *link)
{
  fuzz_assert (link->call_id != NULL);
  fuzz_assert (lcm_check_call_id (link->call_id, NULL));
  fuzz_assert (link->account_number != NULL);
  fuzz_assert (lcm_check_account_number (link->account_number, NULL));
  fuzz_assert (link->call_type == LCM_CALL_TYPE_MANUAL ||
               link->call_type == LCM_CALL_TYPE_INBOUND ||
               link->call_type == LCM_CALL_TYPE_OUTBOUND);
  fuzz_assert (link->contact_number == NULL ||
               lcm_check_contact_number (link->contact_number, NULL));
  fuzz_assert (!holds_hidden_characters (link->call_id));
  fuzz_assert (!holds_hidden_characters (link->account_number));
  if (link->campaign != NULL)
    {
      fuzz_assert (*link->campaign != '\0');
      fuzz_assert (g_utf8_validate (link->campaign, -1, NULL));
      fuzz_assert (g_utf8_strlen (link->campaign, -1) <= LCM_MAX_CAMPAIGN_LENGTH);
      fuzz_assert (!holds_hidden_characters (link->campaign));
    }
}

/* The reads a link starts carry its values to the wire as they are: no field of the frame
 * can be changed or added by what the link holds (quotes, braces, escapes). */
static void
check_frame (LcmRequest *request,
             const char *callid,
             const char *member,
             const char *value)
{
  g_autoptr(LcmEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *frame = lcm_request_to_frame (request, "fuzz");
  JsonObject *data;
  JsonObject *sent;

  fuzz_assert (frame != NULL);
  envelope = lcm_envelope_parse (frame, strlen (frame), LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  if (envelope == NULL)
    {
      fprintf (stderr, "a frame built from a link does not parse: %s\n%s\n", error->message,
               frame);
      abort ();
    }
  fuzz_assert (lcm_envelope_subtopic_is (envelope, lcm_operation_get_request_subtopic (
                                           lcm_request_get_operation (request))));
  fuzz_assert (g_strcmp0 (lcm_envelope_get_source (envelope), "fuzz") == 0);
  fuzz_assert (g_strcmp0 (lcm_envelope_get_callid (envelope), callid) == 0);

  data = lcm_envelope_get_payload_object (envelope);
  sent = lcm_request_get_data (request);
  fuzz_assert (data != NULL && sent != NULL);
  fuzz_assert (json_object_get_size (data) == json_object_get_size (sent));
  fuzz_assert (json_object_has_member (data, member));
  fuzz_assert (g_strcmp0 (json_object_get_string_member (data, member), value) == 0);
}

static void
check_requests (const WrapupCallLink *link)
{
  g_autoptr(LcmRequest) outcomes = NULL;
  g_autoptr(LcmRequest) modes = NULL;
  g_autoptr(GError) error = NULL;

  /* The link's values passed the same checks the builders make: they must be taken. */
  outcomes = lcm_request_new_business_outcomes (link->call_id, link->call_type, &error);
  fuzz_assert (outcomes != NULL && error == NULL);
  check_frame (outcomes, link->call_id, "type", lcm_call_type_to_string (link->call_type));

  modes = lcm_request_new_callback_modes (link->call_id, link->account_number, &error);
  fuzz_assert (modes != NULL && error == NULL);
  check_frame (modes, link->call_id, "AccountNumber", link->account_number);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *uri = fuzz_dup_string (data, size);
  g_autoptr(WrapupCallLink) link = NULL;
  g_autoptr(WrapupCallLink) again = NULL;
  g_autoptr(WrapupCallLink) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  if (uri == NULL)
    return 0;

  link = wrapup_call_link_parse (uri, &error);
  if (link == NULL)
    {
      fuzz_assert (error != NULL);
      fuzz_assert (error->domain == WRAPUP_LINK_ERROR);
      fuzz_check_message (error->message);
      fuzz_assert (!holds_hidden_characters (error->message));
      return 0;
    }
  fuzz_assert (error == NULL);
  check_link (link);
  check_against_uri (uri, link);

  check_requests (link);

  copy = wrapup_call_link_copy (link);
  fuzz_assert (links_equal (link, copy));

  written = wrapup_call_link_to_uri (link);
  fuzz_assert (written != NULL);
  again = wrapup_call_link_parse (written, &error);
  if (again == NULL)
    {
      fprintf (stderr, "the link written back does not parse: %s\n  read:    %s\n"
               "  written: %s\n", error->message, uri, written);
      print_link ("parsed", link);
      abort ();
    }
  if (!links_equal (link, again))
    {
      fprintf (stderr, "the link written back parses to other values\n  read:    %s\n"
               "  written: %s\n", uri, written);
      print_link ("first", link);
      print_link ("again", again);
      abort ();
    }

  return 0;
}
