/* lcm-journey-table.h: a journey's rows as compact records (inside the library)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lcm-journey-entry.h"
#include "lcm-journey-store.h"

G_BEGIN_DECLS

/* outcome-id of an interaction that names no outcome (0 is Success). */
#define LCM_JOURNEY_NO_OUTCOME_ID (-1)

/* The text fields of a row, in the order of LcmJourneyRow.texts. */
typedef enum
{
  LCM_JOURNEY_CONTACT_ID,
  LCM_JOURNEY_CAMPAIGN_NAME,
  LCM_JOURNEY_MODE,
  LCM_JOURNEY_OUTCOME,
  LCM_JOURNEY_AGENT_NAME,
  LCM_JOURNEY_AGENT_COMMENT,
  LCM_JOURNEY_COMPLETED_TIME_TEXT,
  LCM_JOURNEY_COMPLETED_DATE,
  LCM_JOURNEY_COMPLETED_MONTH,
  LCM_JOURNEY_COMPLETED_YEAR,
  LCM_JOURNEY_COMPLETED_TIME_FORMAT,
  LCM_JOURNEY_CONTACT_VALUE,
  LCM_JOURNEY_CALL_TYPE,
  LCM_JOURNEY_N_TEXTS
} LcmJourneyText;

/* The numbers of a row, in the order of LcmJourneyRow.numbers. */
typedef enum
{
  LCM_JOURNEY_MODE_ID,
  LCM_JOURNEY_OUTCOME_ID,
  LCM_JOURNEY_CHANNEL,
  LCM_JOURNEY_PREVIOUS_LEAD_SCORE,
  LCM_JOURNEY_CURRENT_LEAD_SCORE,
  LCM_JOURNEY_N_NUMBERS
} LcmJourneyNumber;

/* One interaction, ~120 bytes. Its texts are numbers of the table's distinct texts (0:
 * absent; lcm_journey_table_get_text() gives them): a text that repeats from row to row (a
 * campaign, an outcome, an agent) is stored once. */
typedef struct
{
  gint64      numbers[LCM_JOURNEY_N_NUMBERS];
  gint64      completed_unix;  /* 0 when has_completed is FALSE */
  double      target_value;
  const char *search_text;     /* made on first use, see lcm_journey_table_get_search_text() */
  guint32     texts[LCM_JOURNEY_N_TEXTS];
  gboolean    has_completed;
} LcmJourneyRow;

/* A row being read: texts borrowed from the reader, copied by lcm_journey_table_add(). */
typedef struct
{
  const char *texts[LCM_JOURNEY_N_TEXTS];
  gint64      numbers[LCM_JOURNEY_N_NUMBERS];
  double      target_value;
} LcmJourneyFields;

/* An immutable (once built) array of rows, shared by a store and the entries made from it:
 * an entry outlives a store that moves on to other rows. Reference-counted, atomically: it
 * is built on the client's worker thread and read on the main one. */
typedef struct _LcmJourneyTable LcmJourneyTable;

/* An empty table whose completion times are read in zone (the local zone when NULL), made
 * for about n_rows rows. */
LcmJourneyTable     *lcm_journey_table_new             (GTimeZone              *zone,
                                                        guint                   n_rows);
LcmJourneyTable     *lcm_journey_table_ref             (LcmJourneyTable        *self);
void                 lcm_journey_table_unref           (LcmJourneyTable        *self);
/* The defaults of a row (no texts, outcome-id LCM_JOURNEY_NO_OUTCOME_ID, other numbers 0). */
void                 lcm_journey_fields_init           (LcmJourneyFields       *fields);
/* Appends a row: its texts are copied (repeated ones once), its completion time parsed. */
void                 lcm_journey_table_add             (LcmJourneyTable        *self,
                                                        const LcmJourneyFields *fields);
/* Done adding: frees what only adding needed. */
void                 lcm_journey_table_seal            (LcmJourneyTable        *self);
guint                lcm_journey_table_get_n_rows      (LcmJourneyTable        *self);
const LcmJourneyRow *lcm_journey_table_get_row         (LcmJourneyTable        *self,
                                                        guint                   index);
GTimeZone           *lcm_journey_table_get_zone        (LcmJourneyTable        *self);
/* A text of row index; NULL when the row has none. */
const char          *lcm_journey_table_get_text        (LcmJourneyTable        *self,
                                                        guint                   index,
                                                        LcmJourneyText          text);
/* See lcm_journey_entry_get_search_text(): made on the first call and kept by the table.
 * Main thread only. */
const char          *lcm_journey_table_get_search_text (LcmJourneyTable        *self,
                                                        guint                   index);
/* Whether row a_index of a and row b_index of b hold the same values (texts, numbers,
 * completion time). */
gboolean             lcm_journey_table_rows_equal      (LcmJourneyTable        *a,
                                                        guint                   a_index,
                                                        LcmJourneyTable        *b,
                                                        guint                   b_index);

/* The entry of row index of table (lcm-journey-entry.c). */
LcmJourneyEntry     *lcm_journey_entry_new_for_row     (LcmJourneyTable        *table,
                                                        guint                   index);
/* A store of table's rows, and the table of a store's (lcm-journey-store.c). */
LcmJourneyStore     *lcm_journey_store_new_for_table   (LcmJourneyTable        *table);
LcmJourneyTable     *lcm_journey_store_get_table       (LcmJourneyStore        *self);
/* Reads one interaction of the gateway's answer into fields, the way every reader of the
 * journey does: its texts are allocated and added to owned (freed with it). */
gboolean             lcm_journey_fields_read_json      (LcmJourneyFields       *fields,
                                                        JsonObject             *object,
                                                        GPtrArray              *owned,
                                                        GError                **error);

/* The rows of a journey answer's text, read straight from it; NULL when the text holds
 * something this reader leaves to json-glib (lcm-journey-decode.c). The text must have
 * passed lcm_json_check(). */
LcmJourneyTable     *lcm_journey_table_decode_text     (const char             *data,
                                                        gsize                   length,
                                                        GTimeZone              *zone);
/* lcm_response_decode_journey_text() for text that has passed lcm_json_check(). */
GListModel          *lcm_response_decode_journey_checked (const char           *data,
                                                          gsize                 length,
                                                          GTimeZone            *zone,
                                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcmJourneyTable, lcm_journey_table_unref)

G_END_DECLS
