/* lcm-journey-decode.c: a journey answer's text read straight into compact rows
 *
 * json-glib builds a tree of the whole answer before anything can be read from it: for a
 * 100,000-row journey (48 MB) about 450 MB and a second, then thrown away once the rows are
 * read. Here the rows are read from the text as it goes, one at a time, into the journey
 * table: no tree, a scratch buffer for the row being read.
 *
 * It reads only what it can read exactly as the json-glib path does (lcm_json_parse, then
 * lcm_response_decode_list): rows that are objects; keys without escapes; texts without
 * \u escapes or raw control characters; whole numbers of at most 18 digits; true, false and
 * null. Anything else (a fraction, an exponent, a \u escape, a row of the wrong shape, a
 * missing ContactID, any error) and it gives up, and the caller reads the text through
 * json-glib instead, which gives the answer, or the error, it always gave. What a member
 * holds is read through the same helpers (lcm_text_to_int, lcm_text_to_double) and with the
 * same letter-case rule as the member readers. fuzz-journey-decode feeds both paths the
 * same bytes and fails on any difference.
 *
 * The text must have passed lcm_json_check (UTF-8, strict JSON syntax, depth, size, no
 * duplicate member, no NUL): the decoder relies on it for nothing but speed, and never
 * reads past the end whatever it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-journey-decode"

#include "config.h"

#include <string.h>

#include "lcm-error.h"
#include "lcm-journey-table.h"
#include "lcm-json.h"
#include "lcm-private.h"
#include "lcm-response.h"

/* Digits of a whole number read here: more and json-glib's own reading (overflow) decides. */
#define MAX_DIGITS 18

/* What a member of a row is, for the reader. */
typedef enum
{
  KIND_TEXT,        /* an LcmJourneyText */
  KIND_NUMBER,      /* an LcmJourneyNumber */
  KIND_TARGET,      /* TargetValue, a double */
} MemberKind;

typedef struct
{
  const char *name;
  guint       length;
  MemberKind  kind;
  int         field;
  gint64      fallback;  /* a number's value when absent */
} Member;

#define MEMBER(name, kind, field, fallback) { name, sizeof name - 1, kind, field, fallback }

static const Member members[] = {
  MEMBER ("ContactID", KIND_TEXT, LCM_JOURNEY_CONTACT_ID, 0),
  MEMBER ("CampaignName", KIND_TEXT, LCM_JOURNEY_CAMPAIGN_NAME, 0),
  MEMBER ("ModeID", KIND_NUMBER, LCM_JOURNEY_MODE_ID, 0),
  MEMBER ("Mode", KIND_TEXT, LCM_JOURNEY_MODE, 0),
  MEMBER ("OutcomeId", KIND_NUMBER, LCM_JOURNEY_OUTCOME_ID, LCM_JOURNEY_NO_OUTCOME_ID),
  MEMBER ("Outcome", KIND_TEXT, LCM_JOURNEY_OUTCOME, 0),
  MEMBER ("AgentName", KIND_TEXT, LCM_JOURNEY_AGENT_NAME, 0),
  MEMBER ("AgentComment", KIND_TEXT, LCM_JOURNEY_AGENT_COMMENT, 0),
  MEMBER ("CallCompletedTime", KIND_TEXT, LCM_JOURNEY_COMPLETED_TIME_TEXT, 0),
  MEMBER ("CallCompletedDate", KIND_TEXT, LCM_JOURNEY_COMPLETED_DATE, 0),
  MEMBER ("CallCompletedMonth", KIND_TEXT, LCM_JOURNEY_COMPLETED_MONTH, 0),
  MEMBER ("CallCompletedYear", KIND_TEXT, LCM_JOURNEY_COMPLETED_YEAR, 0),
  MEMBER ("CallCompletedTimeFormat", KIND_TEXT, LCM_JOURNEY_COMPLETED_TIME_FORMAT, 0),
  MEMBER ("ChannelType", KIND_NUMBER, LCM_JOURNEY_CHANNEL, 0),
  MEMBER ("TargetValue", KIND_TARGET, 0, 0),
  MEMBER ("ContactValue", KIND_TEXT, LCM_JOURNEY_CONTACT_VALUE, 0),
  MEMBER ("PreviousLeadScore", KIND_NUMBER, LCM_JOURNEY_PREVIOUS_LEAD_SCORE, 0),
  MEMBER ("CurrentLeadScore", KIND_NUMBER, LCM_JOURNEY_CURRENT_LEAD_SCORE, 0),
  MEMBER ("CallType", KIND_TEXT, LCM_JOURNEY_CALL_TYPE, 0),
};

/* A value as read: its kind, and where its text went in the scratch buffer. */
typedef enum
{
  VALUE_STRING,
  VALUE_INTEGER,
  VALUE_NULL,
  VALUE_OTHER,      /* true, false, an object, an array: never a member's value here */
} ValueKind;

typedef struct
{
  const char *p;
  const char *end;
  GString    *scratch;   /* the texts of the row being read, each ended by a NUL */
} Reader;

static void
skip_blanks (Reader *reader)
{
  while (reader->p < reader->end &&
         (*reader->p == ' ' || *reader->p == '\n' || *reader->p == '\r' || *reader->p == '\t'))
    reader->p++;
}

static gboolean
take (Reader *reader,
      char    c)
{
  skip_blanks (reader);
  if (reader->p >= reader->end || *reader->p != c)
    return FALSE;
  reader->p++;
  return TRUE;
}

static gboolean
at_value_end (Reader *reader)
{
  char c;

  if (reader->p >= reader->end)
    return TRUE;
  c = *reader->p;
  return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* A string after its opening quote, its text appended to the scratch buffer when keep
 * (with allow_unicode, \u escapes are allowed and not decoded: only when not kept). */
static gboolean
read_string (Reader   *reader,
             gboolean  keep,
             gboolean  allow_unicode)
{
  static const char escapes[] = "\"\\/bfnrt";
  static const char meanings[] = "\"\\/\b\f\n\r\t";

  while (reader->p < reader->end)
    {
      const char *run = reader->p;

      while (reader->p < reader->end && *reader->p != '"' && *reader->p != '\\' &&
             (guchar) *reader->p >= 0x20)
        reader->p++;
      if (keep)
        g_string_append_len (reader->scratch, run, reader->p - run);
      if (reader->p >= reader->end || (guchar) *reader->p < 0x20)
        return FALSE;
      if (*reader->p == '"')
        {
          reader->p++;
          return TRUE;
        }

      /* An escape */
      if (reader->end - reader->p < 2)
        return FALSE;
      if (reader->p[1] == 'u' && allow_unicode)
        {
          if (reader->end - reader->p < 6)
            return FALSE;
          reader->p += 6;
          continue;
        }
      {
        const char *found = reader->p[1] != '\0' ? strchr (escapes, reader->p[1]) : NULL;

        if (found == NULL)
          return FALSE;
        if (keep)
          g_string_append_c (reader->scratch, meanings[found - escapes]);
        reader->p += 2;
      }
    }
  return FALSE;
}

/* A whole number of at most MAX_DIGITS digits, as JSON writes it. */
static gboolean
read_integer (Reader *reader,
              gint64 *out)
{
  gboolean negative = FALSE;
  guint64 value = 0;
  guint digits = 0;

  if (reader->p < reader->end && *reader->p == '-')
    {
      negative = TRUE;
      reader->p++;
    }
  if (reader->p >= reader->end || !g_ascii_isdigit (*reader->p))
    return FALSE;
  if (*reader->p == '0' && reader->p + 1 < reader->end && g_ascii_isdigit (reader->p[1]))
    return FALSE;
  while (reader->p < reader->end && g_ascii_isdigit (*reader->p))
    {
      if (++digits > MAX_DIGITS)
        return FALSE;
      value = value * 10 + (guint64) (*reader->p - '0');
      reader->p++;
    }
  if (!at_value_end (reader))
    return FALSE;
  *out = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

static gboolean
read_word (Reader     *reader,
           const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (reader->end - reader->p) < length || memcmp (reader->p, word, length) != 0)
    return FALSE;
  reader->p += length;
  return at_value_end (reader);
}

static gboolean skip_value (Reader *reader);

/* An object or an array after its opening bracket, read for its syntax only. */
static gboolean
skip_container (Reader *reader,
                char    close)
{
  if (take (reader, close))
    return TRUE;
  do
    {
      if (close == '}')
        {
          if (!take (reader, '"') || !read_string (reader, FALSE, TRUE) || !take (reader, ':'))
            return FALSE;
        }
      if (!skip_value (reader))
        return FALSE;
    }
  while (take (reader, ','));
  return take (reader, close);
}

/* Any value read here, for its syntax only (a member no row needs). */
static gboolean
skip_value (Reader *reader)
{
  gint64 ignored;

  skip_blanks (reader);
  if (reader->p >= reader->end)
    return FALSE;
  switch (*reader->p++)
    {
    case '"':
      return read_string (reader, FALSE, TRUE);
    case '{':
      return skip_container (reader, '}');
    case '[':
      return skip_container (reader, ']');
    case 't':
      return read_word (reader, "rue");
    case 'f':
      return read_word (reader, "alse");
    case 'n':
      return read_word (reader, "ull");
    default:
      reader->p--;
      return read_integer (reader, &ignored);
    }
}

/* A member's value: a string (its text appended to the scratch buffer at *offset), a whole
 * number, or null. Anything else is VALUE_OTHER, or FALSE when it cannot be read here. */
static gboolean
read_member_value (Reader    *reader,
                   ValueKind *kind,
                   gsize     *offset,
                   gint64    *integer)
{
  skip_blanks (reader);
  if (reader->p >= reader->end)
    return FALSE;
  switch (*reader->p)
    {
    case '"':
      reader->p++;
      *kind = VALUE_STRING;
      *offset = reader->scratch->len;
      if (!read_string (reader, TRUE, FALSE))
        return FALSE;
      g_string_append_c (reader->scratch, '\0');
      return TRUE;
    case 'n':
      reader->p++;
      *kind = VALUE_NULL;
      return read_word (reader, "ull");
    case 't':
    case 'f':
    case '{':
    case '[':
      *kind = VALUE_OTHER;
      return TRUE;
    default:
      *kind = VALUE_INTEGER;
      return read_integer (reader, integer);
    }
}

static const Member *
find_member (const char *key,
             gsize       length)
{
  /* Letter case aside, as lcm_json_object_lookup: lcm_json_check refused two keys that
   * differ only by it, so the first that matches is the only one. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (members[i].length == length && g_ascii_strncasecmp (members[i].name, key, length) == 0)
      return &members[i];
  return NULL;
}

/* Where a text member's value went: texts[field] is set once the row is read (the scratch
 * buffer may move while it grows). */
typedef struct
{
  gssize offsets[LCM_JOURNEY_N_TEXTS];  /* -1: absent */
} RowTexts;

/* One row after its opening brace, into fields (its texts in the scratch buffer). */
static gboolean
read_row (Reader           *reader,
          LcmJourneyFields *fields)
{
  RowTexts texts;

  lcm_journey_fields_init (fields);
  for (guint i = 0; i < LCM_JOURNEY_N_TEXTS; i++)
    texts.offsets[i] = -1;
  g_string_truncate (reader->scratch, 0);

  if (take (reader, '}'))
    return FALSE;  /* {} has no ContactID */

  do
    {
      const char *key;
      gsize key_length;
      const Member *member;
      ValueKind kind;
      gsize offset = 0;
      gint64 integer = 0;

      if (!take (reader, '"'))
        return FALSE;
      key = reader->p;
      if (!read_string (reader, FALSE, FALSE))
        return FALSE;
      key_length = (gsize) (reader->p - 1 - key);
      if (memchr (key, '\\', key_length) != NULL || !take (reader, ':'))
        return FALSE;
      member = find_member (key, key_length);
      if (member == NULL)
        {
          if (!skip_value (reader))
            return FALSE;
          continue;
        }
      if (!read_member_value (reader, &kind, &offset, &integer) || kind == VALUE_OTHER)
        return FALSE;

      switch (member->kind)
        {
        case KIND_TEXT:
          if (kind == VALUE_STRING)
            texts.offsets[member->field] = (gssize) offset;
          else if (kind == VALUE_INTEGER)
            {
              texts.offsets[member->field] = (gssize) reader->scratch->len;
              g_string_append_printf (reader->scratch, "%" G_GINT64_FORMAT, integer);
              g_string_append_c (reader->scratch, '\0');
            }
          break;
        case KIND_NUMBER:
          {
            gint64 *number = &fields->numbers[member->field];

            if (kind == VALUE_INTEGER)
              *number = integer;
            else if (kind == VALUE_STRING)
              {
                LcmTextNumber reading = lcm_text_to_int (reader->scratch->str + offset, number);

                if (reading == LCM_TEXT_NUMBER_WRONG)
                  return FALSE;
                if (reading == LCM_TEXT_NUMBER_ABSENT)
                  *number = member->fallback;
              }
            else
              *number = member->fallback;
            break;
          }
        case KIND_TARGET:
        default:
          if (kind == VALUE_INTEGER)
            fields->target_value = (double) integer;
          else if (kind == VALUE_STRING)
            {
              LcmTextNumber reading = lcm_text_to_double (reader->scratch->str + offset,
                                                          &fields->target_value);

              if (reading == LCM_TEXT_NUMBER_WRONG)
                return FALSE;
              if (reading == LCM_TEXT_NUMBER_ABSENT)
                fields->target_value = 0.0;
            }
          else
            fields->target_value = 0.0;
          break;
        }
    }
  while (take (reader, ','));

  if (!take (reader, '}'))
    return FALSE;
  /* ContactID is mandatory: without it the json-glib path says so. */
  if (texts.offsets[LCM_JOURNEY_CONTACT_ID] < 0)
    return FALSE;

  for (guint i = 0; i < LCM_JOURNEY_N_TEXTS; i++)
    fields->texts[i] = texts.offsets[i] >= 0 ? reader->scratch->str + texts.offsets[i] : NULL;
  return TRUE;
}

LcmJourneyTable *
lcm_journey_table_decode_text (const char *data,
                               gsize       length,
                               GTimeZone  *zone)
{
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  Reader reader = { data, data + length, scratch };
  g_autoptr(LcmJourneyTable) table = NULL;
  guint n_rows = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!take (&reader, '['))
    return NULL;
  /* A row is some 480 bytes of text: enough records at once for most answers. */
  table = lcm_journey_table_new (zone, (guint) MIN (length / 400, LCM_MAX_JOURNEY_ROWS));

  if (!take (&reader, ']'))
    {
      do
        {
          LcmJourneyFields fields;

          if (++n_rows > LCM_MAX_JOURNEY_ROWS || !take (&reader, '{') ||
              !read_row (&reader, &fields))
            return NULL;
          lcm_journey_table_add (table, &fields);
        }
      while (take (&reader, ','));
      if (!take (&reader, ']'))
        return NULL;
    }

  skip_blanks (&reader);
  if (reader.p != reader.end)
    return NULL;

  lcm_journey_table_seal (table);
  return g_steal_pointer (&table);
}

GListModel *
lcm_response_decode_journey_checked (const char  *data,
                                     gsize        length,
                                     GTimeZone   *zone,
                                     GError     **error)
{
  g_autoptr(LcmJourneyTable) table = lcm_journey_table_decode_text (data, length, zone);
  g_autoptr(JsonNode) node = NULL;

  if (table != NULL)
    return G_LIST_MODEL (lcm_journey_store_new_for_table (table));

  /* What this reader leaves, json-glib reads: the same answer, or the same error. */
  node = lcm_json_parse_checked (data, length, error);
  if (node == NULL)
    return NULL;
  return lcm_response_decode_list (LCM_OPERATION_JOURNEY, node, zone, error);
}

GListModel *
lcm_response_decode_journey_text (const char  *data,
                                  gsize        length,
                                  GTimeZone   *zone,
                                  GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_json_check (data, length, 0, error))
    return NULL;
  return lcm_response_decode_journey_checked (data, length, zone, error);
}

GListModel *
lcm_response_decode_answer (LcmOperation   operation,
                            LcmEnvelope   *answer,
                            GTimeZone     *zone,
                            GError       **error)
{
  GError *read_error = NULL;
  GBytes *text;
  JsonNode *response;

  g_return_val_if_fail (answer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = lcm_envelope_get_response_text (answer);
  if (text != NULL && operation == LCM_OPERATION_JOURNEY)
    return lcm_response_decode_journey_checked (g_bytes_get_data (text, NULL),
                                                g_bytes_get_size (text), zone, error);

  response = lcm_envelope_read_response (answer, &read_error);
  if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      return NULL;
    }
  return lcm_response_decode_list (operation, response, zone, error);
}
