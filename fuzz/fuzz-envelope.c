/* fuzz-envelope.c: libFuzzer harness for the envelope parser and the response decoders
 *
 * Feeds arbitrary bytes to lcm_envelope_parse, as a gateway (or anything that answers on its
 * address) could send them, then decodes a parsed envelope's response as the answer of every
 * operation, reads every property of every decoded row, and writes the envelope back out:
 * what the library wrote, it must read again to the same values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <lcm.h>

#include "fuzz-common.h"

/* Small enough that short inputs cross it. */
#define SMALL_MAX_SIZE 64

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static GTimeZone *zones[2];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_setup ();
  /* One zone without and one with daylight saving time, not the machine's. */
  zones[0] = g_time_zone_new_utc ();
  zones[1] = g_time_zone_new_identifier ("Europe/London");
  if (zones[1] == NULL)
    zones[1] = g_time_zone_new_offset (-5 * 3600);
  return 0;
}

static void
check_failure (LcmEnvelope  *envelope,
               GError       *error)
{
  fuzz_assert (envelope == NULL);
  fuzz_assert (error != NULL);
  fuzz_assert (error->domain == LCM_PROTOCOL_ERROR);
  fuzz_check_message (error->message);
}

/* Reads every readable property, as a list widget bound to the row would. */
static void
read_properties (GObject *item)
{
  g_autofree GParamSpec **specs = NULL;
  guint n_specs = 0;

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (item), &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if ((specs[i]->flags & G_PARAM_READABLE) == 0)
        continue;
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (item, specs[i]->name, &value);
      /* Text shown in labels must be text. */
      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) != NULL)
        fuzz_assert (g_utf8_validate (g_value_get_string (&value), -1, NULL));
    }
}

static void
decode_response (JsonNode *response)
{
  g_autoptr(GError) error = NULL;
  gboolean success;

  for (guint op = 0; op < LCM_N_OPERATIONS; op++)
    {
      if (lcm_operation_is_write (op))
        continue;

      for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
        {
          g_autoptr(GListModel) list = NULL;

          list = lcm_response_decode_list (op, response, zones[z], &error);
          if (list == NULL)
            {
              fuzz_assert (error != NULL);
              fuzz_assert (error->domain == LCM_PROTOCOL_ERROR);
              fuzz_check_message (error->message);
              g_clear_error (&error);
              continue;
            }

          fuzz_assert (error == NULL);
          fuzz_assert (g_list_model_get_item_type (list) == lcm_operation_get_item_type (op));
          fuzz_assert (response != NULL && JSON_NODE_HOLDS_ARRAY (response));
          fuzz_assert (g_list_model_get_n_items (list) ==
                       json_array_get_length (json_node_get_array (response)));
          for (guint i = 0; i < g_list_model_get_n_items (list); i++)
            {
              g_autoptr(GObject) item = g_list_model_get_item (list, i);

              read_properties (item);
            }
        }
    }

  success = lcm_response_decode_success (response, &error);
  if (success)
    fuzz_assert (error == NULL);
  else
    {
      fuzz_assert (error != NULL);
      fuzz_assert (error->domain == LCM_PROTOCOL_ERROR || error->domain == LCM_GATEWAY_ERROR);
      fuzz_check_message (error->message);
    }
}

/* The tolerant readers of lcm-json.h on one member: what they accept is usable as it is. */
static void
read_member (JsonObject *object,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  /* The readers name the field in their messages; the library passes only its own names. */
  gboolean plain_name = TRUE;
  gboolean present = FALSE;
  gboolean boolean;
  gint64 integer;
  double number;

  for (const char *p = name; *p != '\0'; p++)
    plain_name = plain_name && g_ascii_isgraph (*p);

#define CHECK_READER_ERROR() \
  G_STMT_START \
    { \
      if (error != NULL) \
        { \
          fuzz_assert (error->domain == LCM_PROTOCOL_ERROR); \
          if (plain_name) \
            fuzz_check_message (error->message); \
          g_clear_error (&error); \
        } \
    } \
  G_STMT_END

  fuzz_assert (lcm_json_object_lookup (object, name) != NULL);

  /* A mandatory reading fails on an absent member exactly where the optional one says it is
   * not present, and on anything else exactly where the optional one fails, with its code. */
#define CHECK_OPTIONAL_AGREES(mandatory_ok, optional_ok, optional_error) \
  G_STMT_START \
    { \
      if (mandatory_ok) \
        fuzz_assert ((optional_ok) && present && error == NULL && (optional_error) == NULL); \
      else if (g_error_matches (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD)) \
        fuzz_assert ((optional_ok) && !present && (optional_error) == NULL); \
      else \
        fuzz_assert (!(optional_ok) && error != NULL && (optional_error) != NULL && \
                     (optional_error)->code == error->code); \
    } \
  G_STMT_END

  {
    g_autoptr(GError) optional_error = NULL;
    g_autofree char *optional_text = NULL;
    gboolean ok = lcm_json_object_get_string (object, name, &text, &error);
    gboolean optional_ok = lcm_json_object_get_string_optional (object, name, &optional_text,
                                                                &optional_error);

    present = optional_text != NULL;
    if (ok)
      fuzz_assert (text != NULL && g_utf8_validate (text, -1, NULL) &&
                   g_strcmp0 (text, optional_text) == 0);
    else
      fuzz_assert (text == NULL);
    CHECK_OPTIONAL_AGREES (ok, optional_ok, optional_error);
    CHECK_READER_ERROR ();
  }

  {
    g_autoptr(GError) optional_error = NULL;
    gint64 optional_integer = 0;
    gboolean ok = lcm_json_object_get_int (object, name, &integer, &error);
    gboolean optional_ok = lcm_json_object_get_int_optional (object, name, &optional_integer,
                                                             &present, &optional_error);

    CHECK_OPTIONAL_AGREES (ok, optional_ok, optional_error);
    if (ok)
      fuzz_assert (integer == optional_integer);
    CHECK_READER_ERROR ();
  }

  {
    g_autoptr(GError) optional_error = NULL;
    double optional_number = 0;
    gboolean ok = lcm_json_object_get_double (object, name, &number, &error);
    gboolean optional_ok = lcm_json_object_get_double_optional (object, name, &optional_number,
                                                                &present, &optional_error);

    CHECK_OPTIONAL_AGREES (ok, optional_ok, optional_error);
    /* A number the models can hold and show: never an infinity or NaN. */
    if (ok)
      fuzz_assert (isfinite (number) && number == optional_number);
    CHECK_READER_ERROR ();
  }

  if (lcm_json_object_get_boolean (object, name, &boolean, &error))
    fuzz_assert (error == NULL && (boolean == TRUE || boolean == FALSE));
  else
    fuzz_assert (error != NULL);
  CHECK_READER_ERROR ();

#undef CHECK_OPTIONAL_AGREES
#undef CHECK_READER_ERROR
}

/* Walks the payload (no deeper than LCM_MAX_DEPTH, as parsed) and reads every member of every
 * object, none of which may have two members the readers take for one. */
static void
read_tree (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        for (GList *l = names; l != NULL; l = l->next)
          for (GList *m = l->next; m != NULL; m = m->next)
            fuzz_assert (g_ascii_strcasecmp (l->data, m->data) != 0);

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, &member))
          {
            read_member (object, name);
            read_tree (member);
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          read_tree (json_array_get_element (array, i));
        break;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/* Writes the envelope's subtopic, callid and response back out and parses that again. */
static void
check_round_trip (LcmEnvelope *envelope)
{
  g_autoptr(LcmEnvelope) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  JsonNode *response = lcm_envelope_get_response (envelope);

  written = lcm_envelope_write_response (lcm_envelope_get_subtopic (envelope),
                                         lcm_envelope_get_callid (envelope), response);
  fuzz_assert (written != NULL);

  again = lcm_envelope_parse (written, strlen (written), LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  if (again == NULL)
    {
      fprintf (stderr, "cannot read back what was written: %s\n%s\n", error->message, written);
      abort ();
    }
  fuzz_assert (g_strcmp0 (lcm_envelope_get_subtopic (again),
                          lcm_envelope_get_subtopic (envelope)) == 0);
  fuzz_assert (g_strcmp0 (lcm_envelope_get_callid (again),
                          lcm_envelope_get_callid (envelope)) == 0);
  fuzz_assert ((lcm_envelope_get_response (again) == NULL) == (response == NULL));
  if (response != NULL)
    fuzz_assert (json_node_equal (lcm_envelope_get_response (again), response));
}

static void
check_envelope (LcmEnvelope *envelope)
{
  const char *subtopic = lcm_envelope_get_subtopic (envelope);
  const char *request = NULL;
  const char *actual_error = NULL;
  const char *message = NULL;
  g_autoptr(GError) gateway_error = NULL;
  JsonNode *payload;
  JsonObject *payload_object;
  gboolean is_error;

  fuzz_assert (subtopic != NULL && *subtopic != '\0');
  fuzz_assert (lcm_envelope_subtopic_is (envelope, subtopic));

  payload = lcm_envelope_get_payload (envelope);
  payload_object = lcm_envelope_get_payload_object (envelope);
  fuzz_assert (payload_object == NULL || payload != NULL);
  if (payload == NULL)
    {
      fuzz_assert (lcm_envelope_get_callid (envelope) == NULL);
      fuzz_assert (lcm_envelope_get_response (envelope) == NULL);
    }
  (void) lcm_envelope_get_source (envelope);

  is_error = lcm_envelope_is_error (envelope, &request, &actual_error, &message);
  gateway_error = lcm_envelope_dup_error (envelope);
  fuzz_assert (is_error == (gateway_error != NULL));
  if (gateway_error != NULL)
    {
      fuzz_assert (gateway_error->domain == LCM_GATEWAY_ERROR);
      /* The gateway's own text: it may say anything, but it must be text. */
      fuzz_assert (g_utf8_validate (gateway_error->message, -1, NULL));
    }

  decode_response (lcm_envelope_get_response (envelope));
  if (payload != NULL)
    read_tree (payload);
  /* Whatever was read is written back, infinities included (a number beyond a double's
   * range, 1e999, reads as one, and is written so). */
  check_round_trip (envelope);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(LcmEnvelope) envelope = NULL;
  g_autoptr(LcmEnvelope) small = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) small_error = NULL;

  envelope = lcm_envelope_parse ((const char *) data, size, LCM_DEFAULT_MAX_FRAME_SIZE, &error);
  if (envelope == NULL)
    check_failure (envelope, error);
  else
    {
      fuzz_assert (error == NULL);
      check_envelope (envelope);
    }

  /* A smaller bound refuses what is over it, and changes nothing below it. */
  small = lcm_envelope_parse ((const char *) data, size, SMALL_MAX_SIZE, &small_error);
  if (size > SMALL_MAX_SIZE)
    {
      check_failure (small, small_error);
      fuzz_assert (g_error_matches (small_error, LCM_PROTOCOL_ERROR,
                                    LCM_PROTOCOL_ERROR_TOO_LARGE));
    }
  else if (small == NULL)
    {
      check_failure (small, small_error);
      fuzz_assert (envelope == NULL);
      fuzz_assert (g_error_matches (small_error, error->domain, error->code));
    }
  else
    fuzz_assert (envelope != NULL);

  return 0;
}
