/* lcm-journey-table.c: a journey's rows as compact records
 *
 * A journey can hold 100,000 rows. As one GObject each, with a string per field, a row cost
 * some 6 KiB; most of what it holds repeats from row to row (the campaign, the mode, the
 * outcome, the agent, the call type, the month). Here a row is one fixed-size record in an
 * array, its texts numbers of the table's distinct texts (kept in one string chunk, each
 * once), and its completion time a number: about 120 bytes a row and the texts that are its
 * own.
 * LcmJourneyEntry objects are made from it only for the rows a view asks for
 * (lcm-journey-store.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-journey-table"

#include "config.h"

#include <string.h>

#include "lcm-journey-table.h"
#include "lcm-values.h"

struct _LcmJourneyTable
{
  GTimeZone    *zone;
  GArray       *rows;          /* LcmJourneyRow */
  GStringChunk *texts;         /* every distinct text of the rows, once */
  GPtrArray    *strings;       /* the texts in the chunk by number; 0 is NULL, absent */
  GHashTable   *interned;      /* text -> GUINT_TO_POINTER (its number); NULL once sealed */
  GStringChunk *search_texts;  /* NULL until a search text is made */
  /* Each distinct search text once (a third of a journey's rows have one of their own):
   * text -> the same text in search_texts, until every row's is made. */
  GHashTable   *search_interned;
  guint         n_search_texts;
};

/* The size of the string chunks' blocks for n_rows rows of about bytes_a_row: a one-row
 * table (an entry read alone) must not take 64 KiB, nor 100,000 rows thousands of blocks. */
static gsize
chunk_size (guint n_rows,
            gsize bytes_a_row)
{
  return CLAMP (n_rows * bytes_a_row, 256, 1024 * 1024);
}

LcmJourneyTable *
lcm_journey_table_new (GTimeZone *zone,
                       guint      n_rows)
{
  LcmJourneyTable *self = g_atomic_rc_box_new0 (LcmJourneyTable);

  self->zone = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();
  self->rows = g_array_sized_new (FALSE, TRUE, sizeof (LcmJourneyRow), n_rows);
  self->texts = g_string_chunk_new (chunk_size (n_rows, 64));
  self->strings = g_ptr_array_new ();
  g_ptr_array_add (self->strings, NULL);
  self->interned = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

static void
lcm_journey_table_clear (LcmJourneyTable *self)
{
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->interned, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_string_chunk_free);
  g_clear_pointer (&self->search_interned, g_hash_table_unref);
  g_clear_pointer (&self->search_texts, g_string_chunk_free);
}

LcmJourneyTable *
lcm_journey_table_ref (LcmJourneyTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
lcm_journey_table_unref (LcmJourneyTable *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) lcm_journey_table_clear);
}

void
lcm_journey_fields_init (LcmJourneyFields *fields)
{
  memset (fields, 0, sizeof *fields);
  fields->numbers[LCM_JOURNEY_OUTCOME_ID] = LCM_JOURNEY_NO_OUTCOME_ID;
}

/* A new text's number. */
static guint32
store (LcmJourneyTable *self,
       const char      *text)
{
  g_ptr_array_add (self->strings, g_string_chunk_insert (self->texts, text));
  return self->strings->len - 1;
}

/* text's number, the same for all the rows that hold it. */
static guint32
intern (LcmJourneyTable *self,
        const char      *text)
{
  gpointer number;

  if (text == NULL)
    return 0;
  number = g_hash_table_lookup (self->interned, text);
  if (number == NULL)
    {
      number = GUINT_TO_POINTER (store (self, text));
      g_hash_table_insert (self->interned, self->strings->pdata[self->strings->len - 1], number);
    }
  return GPOINTER_TO_UINT (number);
}

void
lcm_journey_table_add (LcmJourneyTable        *self,
                       const LcmJourneyFields *fields)
{
  LcmJourneyRow row = { { 0 } };
  const char *time_text = fields->texts[LCM_JOURNEY_COMPLETED_TIME_TEXT];

  g_return_if_fail (self != NULL && self->interned != NULL);

  for (guint i = 0; i < LCM_JOURNEY_N_TEXTS; i++)
    {
      /* Each row's time is its own: storing it through the table would only grow it. */
      if (i == LCM_JOURNEY_COMPLETED_TIME_TEXT)
        row.texts[i] = time_text != NULL ? store (self, time_text) : 0;
      else
        row.texts[i] = intern (self, fields->texts[i]);
    }
  memcpy (row.numbers, fields->numbers, sizeof row.numbers);
  row.target_value = fields->target_value;

  if (time_text != NULL)
    {
      g_autoptr(GDateTime) completed = lcm_parse_completed_time (time_text, self->zone, NULL);

      row.has_completed = completed != NULL;
      row.completed_unix = completed != NULL ? g_date_time_to_unix (completed) : 0;
    }

  g_array_append_val (self->rows, row);
}

void
lcm_journey_table_seal (LcmJourneyTable *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->interned, g_hash_table_unref);
}

guint
lcm_journey_table_get_n_rows (LcmJourneyTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

const LcmJourneyRow *
lcm_journey_table_get_row (LcmJourneyTable *self,
                           guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return &g_array_index (self->rows, LcmJourneyRow, index);
}

GTimeZone *
lcm_journey_table_get_zone (LcmJourneyTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->zone;
}

const char *
lcm_journey_table_get_text (LcmJourneyTable *self,
                            guint            index,
                            LcmJourneyText   text)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  g_return_val_if_fail ((guint) text < LCM_JOURNEY_N_TEXTS, NULL);

  return self->strings->pdata[g_array_index (self->rows, LcmJourneyRow, index).texts[text]];
}

/* Appends text, casefolded: ASCII (most of it) by a plain loop, the rest by
 * g_utf8_casefold(), so that "RAPPEL DEMANDÉ" is found as "rappel demandé". */
static void
append_folded (GString    *text,
               const char *field)
{
  gboolean ascii = TRUE;

  if (field == NULL || *field == '\0')
    return;

  for (const guchar *p = (const guchar *) field; *p != '\0' && ascii; p++)
    ascii = *p < 0x80;

  if (ascii)
    for (const char *p = field; *p != '\0'; p++)
      g_string_append_c (text, g_ascii_tolower (*p));
  else
    {
      g_autofree char *folded = g_utf8_casefold (field, -1);
      g_string_append (text, folded);
    }

  /* A separator no filter text holds: a match never spans two fields. */
  g_string_append_c (text, '\x1f');
}

const char *
lcm_journey_table_get_search_text (LcmJourneyTable *self,
                                   guint            index)
{
  static const LcmJourneyText searched[] = {
    LCM_JOURNEY_CAMPAIGN_NAME, LCM_JOURNEY_MODE, LCM_JOURNEY_CONTACT_VALUE,
    LCM_JOURNEY_OUTCOME, LCM_JOURNEY_AGENT_NAME, LCM_JOURNEY_AGENT_COMMENT,
    LCM_JOURNEY_CALL_TYPE,
  };
  LcmJourneyRow *row;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  row = &g_array_index (self->rows, LcmJourneyRow, index);
  if (row->search_text != NULL)
    return row->search_text;

  text = g_string_sized_new (160);
  for (guint i = 0; i < G_N_ELEMENTS (searched); i++)
    append_folded (text, self->strings->pdata[row->texts[searched[i]]]);
  if (self->search_texts == NULL)
    {
      self->search_texts = g_string_chunk_new (chunk_size (self->rows->len, 64));
      self->search_interned = g_hash_table_new (g_str_hash, g_str_equal);
    }
  row->search_text = g_hash_table_lookup (self->search_interned, text->str);
  if (row->search_text == NULL)
    {
      row->search_text = g_string_chunk_insert_len (self->search_texts, text->str,
                                                    (gssize) text->len);
      g_hash_table_add (self->search_interned, (gpointer) row->search_text);
    }
  /* Every row has its text: no other will be made. */
  if (++self->n_search_texts == self->rows->len)
    g_clear_pointer (&self->search_interned, g_hash_table_unref);
  return row->search_text;
}

gboolean
lcm_journey_table_rows_equal (LcmJourneyTable *a,
                              guint            a_index,
                              LcmJourneyTable *b,
                              guint            b_index)
{
  const LcmJourneyRow *x;
  const LcmJourneyRow *y;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  x = lcm_journey_table_get_row (a, a_index);
  y = lcm_journey_table_get_row (b, b_index);
  for (guint i = 0; i < LCM_JOURNEY_N_TEXTS; i++)
    if (g_strcmp0 (lcm_journey_table_get_text (a, a_index, i),
                   lcm_journey_table_get_text (b, b_index, i)) != 0)
      return FALSE;
  return memcmp (x->numbers, y->numbers, sizeof x->numbers) == 0 &&
         x->has_completed == y->has_completed && x->completed_unix == y->completed_unix &&
         /* Bit for bit: -0.0 is not 0.0, and NaN never is. */
         memcmp (&x->target_value, &y->target_value, sizeof (double)) == 0;
}
