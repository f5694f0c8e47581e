/* fuzz-journey-decode.c: differential harness for the journey reader that skips json-glib
 *
 * lcm_response_decode_journey_text() reads a journey answer straight from its text; the
 * json-glib path (lcm_json_parse, then lcm_response_decode_list) is what it must agree
 * with on every input: the same rows, field for field, or the same error (domain, code and
 * message). The input is also set, as the response, in a frame long enough for
 * lcm_envelope_parse_answer to keep it as text, and what the client makes of that frame
 * must be what it made of it before: the same rows, or a failure both ways.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <lcm.h>

#include "lcm-journey-table.h"

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static GTimeZone *zone;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_setup ();
  zone = g_time_zone_new_identifier ("Europe/London");
  if (zone == NULL)
    zone = g_time_zone_new_offset (3600);
  return 0;
}

static void
assert_same_rows (GListModel *a,
                  GListModel *b)
{
  LcmJourneyTable *table_a;
  LcmJourneyTable *table_b;

  fuzz_assert (LCM_IS_JOURNEY_STORE (a));
  fuzz_assert (LCM_IS_JOURNEY_STORE (b));
  table_a = lcm_journey_store_get_table (LCM_JOURNEY_STORE (a));
  table_b = lcm_journey_store_get_table (LCM_JOURNEY_STORE (b));
  fuzz_assert (lcm_journey_table_get_n_rows (table_a) == lcm_journey_table_get_n_rows (table_b));
  for (guint i = 0; i < lcm_journey_table_get_n_rows (table_a); i++)
    {
      fuzz_assert (lcm_journey_table_rows_equal (table_a, i, table_b, i));
      /* What a filter reads, made from the compact row. */
      fuzz_assert (g_utf8_validate (lcm_journey_table_get_search_text (table_a, i), -1, NULL));
    }
}

/* The input as the response array: both decoders, the same answer or the same error. */
static void
check_decoders (const char *text,
                gsize       length)
{
  g_autoptr(GError) straight_error = NULL;
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GListModel) straight = NULL;
  g_autoptr(GListModel) tree = NULL;
  g_autoptr(JsonNode) node = NULL;

  straight = lcm_response_decode_journey_text (text, length, zone, &straight_error);
  node = lcm_json_parse (text, length, 0, &tree_error);
  if (node != NULL)
    tree = lcm_response_decode_list (LCM_OPERATION_JOURNEY, node, zone, &tree_error);

  fuzz_assert ((straight == NULL) == (tree == NULL));
  if (tree == NULL)
    {
      fuzz_assert (straight_error != NULL && tree_error != NULL);
      fuzz_assert (straight_error->domain == tree_error->domain);
      fuzz_assert (straight_error->code == tree_error->code);
      fuzz_assert (g_str_equal (straight_error->message, tree_error->message));
      fuzz_check_message (straight_error->message);
    }
  else
    assert_same_rows (straight, tree);
}

/* A journey answer from a frame, as the client reads it (lcm_envelope_parse_answer, the rows
 * kept as text when they can be, then lcm_response_decode_answer) or as it did before (the
 * whole tree); NULL on any failure. */
static GListModel *
decode_frame (GBytes   *frame,
              gboolean  as_client)
{
  g_autoptr(LcmEnvelope) envelope = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (frame, &length);

  if (as_client)
    {
      envelope = lcm_envelope_parse_answer (frame, 0, NULL);
      return envelope != NULL ? lcm_response_decode_answer (LCM_OPERATION_JOURNEY, envelope,
                                                            zone, NULL)
                              : NULL;
    }
  envelope = lcm_envelope_parse (data, length, 0, NULL);
  if (envelope == NULL)
    return NULL;
  return lcm_response_decode_list (LCM_OPERATION_JOURNEY, lcm_envelope_get_response (envelope),
                                   zone, NULL);
}

static void
check_frame (const char *text,
             gsize       length)
{
  static const char * const openings[] = {
    "\"message\":{\"callid\":\"7\",\"pad\":\"",
    "\"message\":null,\"DATA\":{\"pad\":\"",
    "\"data\":{\"callid\":7,\"pad\":\"",
  };
  static const char * const response_names[] = { "response", "Response", "RESPONSE" };
  guint shape = length % G_N_ELEMENTS (openings);
  g_autoptr(GString) frame = g_string_new ("{\"channel\":\"LCM\","
                                           "\"subtopic\":\"CustomerJourney\",");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GListModel) as_client = NULL;
  g_autoptr(GListModel) as_tree = NULL;

  g_string_append (frame, openings[shape]);
  /* Long enough to be kept as text. */
  while (frame->len < LCM_ENVELOPE_TEXT_RESPONSE_SIZE)
    g_string_append (frame, "................................................................");
  g_string_append_printf (frame, "\", \"%s\" :", response_names[shape]);
  g_string_append_len (frame, text, (gssize) length);
  g_string_append (frame, shape == 2 ? ",\"x\":[]}}" : "}}");
  bytes = g_bytes_new (frame->str, frame->len);

  as_client = decode_frame (bytes, TRUE);
  as_tree = decode_frame (bytes, FALSE);
  fuzz_assert ((as_client == NULL) == (as_tree == NULL));
  if (as_client != NULL)
    assert_same_rows (as_client, as_tree);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  check_decoders ((const char *) data, size);
  check_frame ((const char *) data, size);
  return 0;
}
