/* fuzz-deep-link.c: libFuzzer harness for the wrapup:// deep link parser
 *
 * A deep link comes from another program and is untrusted. Every link the parser accepts
 * must hold values that pass the library's checks, must reach the wire unchanged (the frames
 * of the reads it starts carry exactly its values), and must survive a round trip: the link
 * written back with wrapup_call_link_to_uri parses again to the same values.
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
  if (link->campaign != NULL)
    {
      fuzz_assert (*link->campaign != '\0');
      fuzz_assert (g_utf8_validate (link->campaign, -1, NULL));
      fuzz_assert (g_utf8_strlen (link->campaign, -1) <= LCM_MAX_CAMPAIGN_LENGTH);
      for (const char *p = link->campaign; *p != '\0'; p = g_utf8_next_char (p))
        fuzz_assert (!g_unichar_iscntrl (g_utf8_get_char (p)));
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
      return 0;
    }
  fuzz_assert (error == NULL);
  check_link (link);

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
