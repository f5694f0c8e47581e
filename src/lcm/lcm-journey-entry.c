/* lcm-journey-entry.c: one earlier interaction with a customer
 *
 * An entry is a view of one row of a journey table (lcm-journey-table.c): the table holds
 * the values, an entry only which row, so that a journey of 100,000 rows needs objects only
 * for the rows a view shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-journey-entry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-error.h"
#include "lcm-journey-entry.h"
#include "lcm-journey-table.h"
#include "lcm-json.h"
#include "lcm-values.h"

struct _LcmJourneyEntry
{
  GObject          parent_instance;

  LcmJourneyTable *table;
  guint            index;
  GDateTime       *completed;  /* parsed on first use */
};

G_DEFINE_FINAL_TYPE (LcmJourneyEntry, lcm_journey_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTACT_ID,
  PROP_CAMPAIGN_NAME,
  PROP_MODE_ID,
  PROP_MODE,
  PROP_OUTCOME_ID,
  PROP_OUTCOME,
  PROP_AGENT_NAME,
  PROP_AGENT_COMMENT,
  PROP_COMPLETED,
  PROP_COMPLETED_UNIX,
  PROP_COMPLETED_TIME_TEXT,
  PROP_COMPLETED_DATE,
  PROP_COMPLETED_MONTH,
  PROP_COMPLETED_YEAR,
  PROP_COMPLETED_TIME_FORMAT,
  PROP_CHANNEL,
  PROP_TARGET_VALUE,
  PROP_CONTACT_VALUE,
  PROP_PREVIOUS_LEAD_SCORE,
  PROP_CURRENT_LEAD_SCORE,
  PROP_CALL_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lcm_journey_entry_finalize (GObject *object)
{
  LcmJourneyEntry *self = (LcmJourneyEntry *) object;

  g_clear_pointer (&self->table, lcm_journey_table_unref);
  g_clear_pointer (&self->completed, g_date_time_unref);

  G_OBJECT_CLASS (lcm_journey_entry_parent_class)->finalize (object);
}

static void
lcm_journey_entry_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LcmJourneyEntry *self = LCM_JOURNEY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_CONTACT_ID:
      g_value_set_string (value, lcm_journey_entry_get_contact_id (self));
      break;

    case PROP_CAMPAIGN_NAME:
      g_value_set_string (value, lcm_journey_entry_get_campaign_name (self));
      break;

    case PROP_MODE_ID:
      g_value_set_int64 (value, lcm_journey_entry_get_mode_id (self));
      break;

    case PROP_MODE:
      g_value_set_string (value, lcm_journey_entry_get_mode (self));
      break;

    case PROP_OUTCOME_ID:
      g_value_set_int64 (value, lcm_journey_entry_get_outcome_id (self));
      break;

    case PROP_OUTCOME:
      g_value_set_string (value, lcm_journey_entry_get_outcome (self));
      break;

    case PROP_AGENT_NAME:
      g_value_set_string (value, lcm_journey_entry_get_agent_name (self));
      break;

    case PROP_AGENT_COMMENT:
      g_value_set_string (value, lcm_journey_entry_get_agent_comment (self));
      break;

    case PROP_COMPLETED:
      g_value_set_boxed (value, lcm_journey_entry_get_completed (self));
      break;

    case PROP_COMPLETED_UNIX:
      g_value_set_int64 (value, lcm_journey_entry_get_completed_unix (self));
      break;

    case PROP_COMPLETED_TIME_TEXT:
      g_value_set_string (value, lcm_journey_entry_get_completed_time_text (self));
      break;

    case PROP_COMPLETED_DATE:
      g_value_set_string (value, lcm_journey_entry_get_completed_date (self));
      break;

    case PROP_COMPLETED_MONTH:
      g_value_set_string (value, lcm_journey_entry_get_completed_month (self));
      break;

    case PROP_COMPLETED_YEAR:
      g_value_set_string (value, lcm_journey_entry_get_completed_year (self));
      break;

    case PROP_COMPLETED_TIME_FORMAT:
      g_value_set_string (value, lcm_journey_entry_get_completed_time_format (self));
      break;

    case PROP_CHANNEL:
      g_value_set_int64 (value, lcm_journey_entry_get_channel (self));
      break;

    case PROP_TARGET_VALUE:
      g_value_set_double (value, lcm_journey_entry_get_target_value (self));
      break;

    case PROP_CONTACT_VALUE:
      g_value_set_string (value, lcm_journey_entry_get_contact_value (self));
      break;

    case PROP_PREVIOUS_LEAD_SCORE:
      g_value_set_int64 (value, lcm_journey_entry_get_previous_lead_score (self));
      break;

    case PROP_CURRENT_LEAD_SCORE:
      g_value_set_int64 (value, lcm_journey_entry_get_current_lead_score (self));
      break;

    case PROP_CALL_TYPE:
      g_value_set_string (value, lcm_journey_entry_get_call_type (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_journey_entry_class_init (LcmJourneyEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_journey_entry_finalize;
  object_class->get_property = lcm_journey_entry_get_property;

  properties[PROP_CONTACT_ID] =
    g_param_spec_string ("contact-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAMPAIGN_NAME] =
    g_param_spec_string ("campaign-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODE_ID] =
    g_param_spec_int64 ("mode-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_OUTCOME_ID] =
    g_param_spec_int64 ("outcome-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, LCM_JOURNEY_NO_OUTCOME_ID,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_AGENT_NAME] =
    g_param_spec_string ("agent-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_AGENT_COMMENT] =
    g_param_spec_string ("agent-comment", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED] =
    g_param_spec_boxed ("completed", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED_UNIX] =
    g_param_spec_int64 ("completed-unix", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED_TIME_TEXT] =
    g_param_spec_string ("completed-time-text", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED_DATE] =
    g_param_spec_string ("completed-date", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED_MONTH] =
    g_param_spec_string ("completed-month", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED_YEAR] =
    g_param_spec_string ("completed-year", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMPLETED_TIME_FORMAT] =
    g_param_spec_string ("completed-time-format", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHANNEL] =
    g_param_spec_int64 ("channel", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_TARGET_VALUE] =
    g_param_spec_double ("target-value", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONTACT_VALUE] =
    g_param_spec_string ("contact-value", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_PREVIOUS_LEAD_SCORE] =
    g_param_spec_int64 ("previous-lead-score", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CURRENT_LEAD_SCORE] =
    g_param_spec_int64 ("current-lead-score", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CALL_TYPE] =
    g_param_spec_string ("call-type", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_journey_entry_init (LcmJourneyEntry *self)
{
}

LcmJourneyEntry *
lcm_journey_entry_new_for_row (LcmJourneyTable *table,
                               guint            index)
{
  LcmJourneyEntry *self;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (index < lcm_journey_table_get_n_rows (table), NULL);

  self = g_object_new (LCM_TYPE_JOURNEY_ENTRY, NULL);
  self->table = lcm_journey_table_ref (table);
  self->index = index;
  return self;
}

/* Reads one interaction: ContactID is mandatory; numbers may come as strings and the other
 * way round; a CallCompletedTime that does not parse leaves completed unset, it is not an
 * error. outcome-id is -1 when the row names no outcome, other numbers 0. */
gboolean
lcm_journey_fields_read_json (LcmJourneyFields  *fields,
                              JsonObject        *object,
                              GPtrArray         *owned,
                              GError           **error)
{
  /* In the order of the answer's rows: the first wrong member is the one reported. */
  static const struct
  {
    const char *name;
    int         text;      /* an LcmJourneyText, or -1 for a number */
    int         number;    /* an LcmJourneyNumber */
    gint64      fallback;
  } members[] = {
    { "CampaignName", LCM_JOURNEY_CAMPAIGN_NAME, 0, 0 },
    { "ModeID", -1, LCM_JOURNEY_MODE_ID, 0 },
    { "Mode", LCM_JOURNEY_MODE, 0, 0 },
    { "OutcomeId", -1, LCM_JOURNEY_OUTCOME_ID, LCM_JOURNEY_NO_OUTCOME_ID },
    { "Outcome", LCM_JOURNEY_OUTCOME, 0, 0 },
    { "AgentName", LCM_JOURNEY_AGENT_NAME, 0, 0 },
    { "AgentComment", LCM_JOURNEY_AGENT_COMMENT, 0, 0 },
    { "CallCompletedTime", LCM_JOURNEY_COMPLETED_TIME_TEXT, 0, 0 },
    { "CallCompletedDate", LCM_JOURNEY_COMPLETED_DATE, 0, 0 },
    { "CallCompletedMonth", LCM_JOURNEY_COMPLETED_MONTH, 0, 0 },
    { "CallCompletedYear", LCM_JOURNEY_COMPLETED_YEAR, 0, 0 },
    { "CallCompletedTimeFormat", LCM_JOURNEY_COMPLETED_TIME_FORMAT, 0, 0 },
    { "ChannelType", -1, LCM_JOURNEY_CHANNEL, 0 },
    { "ContactValue", LCM_JOURNEY_CONTACT_VALUE, 0, 0 },
    { "PreviousLeadScore", -1, LCM_JOURNEY_PREVIOUS_LEAD_SCORE, 0 },
    { "CurrentLeadScore", -1, LCM_JOURNEY_CURRENT_LEAD_SCORE, 0 },
    { "CallType", LCM_JOURNEY_CALL_TYPE, 0, 0 },
  };
  char *text = NULL;
  gboolean present = FALSE;

  g_return_val_if_fail (fields != NULL && object != NULL && owned != NULL, FALSE);

  lcm_journey_fields_init (fields);

  if (!lcm_json_object_get_string (object, "ContactID", &text, error))
    return FALSE;
  g_ptr_array_add (owned, text);
  fields->texts[LCM_JOURNEY_CONTACT_ID] = text;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      if (members[i].text >= 0)
        {
          if (!lcm_json_object_get_string_optional (object, members[i].name, &text, error))
            return FALSE;
          if (text != NULL)
            g_ptr_array_add (owned, text);
          fields->texts[members[i].text] = text;
        }
      else if (!lcm_json_object_get_int_or (object, members[i].name, members[i].fallback,
                                            &fields->numbers[members[i].number], error))
        return FALSE;
    }

  if (!lcm_json_object_get_double_optional (object, "TargetValue", &fields->target_value,
                                            &present, error))
    return FALSE;
  if (!present)
    fields->target_value = 0.0;

  return TRUE;
}

LcmJourneyEntry *
lcm_journey_entry_new_from_json (JsonObject  *object,
                                 GTimeZone   *zone,
                                 GError     **error)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LcmJourneyTable) table = NULL;
  LcmJourneyFields fields;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_journey_fields_read_json (&fields, object, owned, error))
    return NULL;

  table = lcm_journey_table_new (zone, 1);
  lcm_journey_table_add (table, &fields);
  lcm_journey_table_seal (table);
  return lcm_journey_entry_new_for_row (table, 0);
}

static const LcmJourneyRow *
row_of (LcmJourneyEntry *self)
{
  return lcm_journey_table_get_row (self->table, self->index);
}

const char *
lcm_journey_entry_get_contact_id (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_CONTACT_ID);
}

const char *
lcm_journey_entry_get_campaign_name (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_CAMPAIGN_NAME);
}

gint64
lcm_journey_entry_get_mode_id (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return row_of (self)->numbers[LCM_JOURNEY_MODE_ID];
}

const char *
lcm_journey_entry_get_mode (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_MODE);
}

gint64
lcm_journey_entry_get_outcome_id (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), LCM_JOURNEY_NO_OUTCOME_ID);

  return row_of (self)->numbers[LCM_JOURNEY_OUTCOME_ID];
}

const char *
lcm_journey_entry_get_outcome (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_OUTCOME);
}

const char *
lcm_journey_entry_get_agent_name (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_AGENT_NAME);
}

const char *
lcm_journey_entry_get_agent_comment (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_AGENT_COMMENT);
}

GDateTime *
lcm_journey_entry_get_completed (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  /* Parsed again from its text, in the zone it was read in: the same value, made only for
   * the rows shown. */
  if (self->completed == NULL && row_of (self)->has_completed)
    self->completed = lcm_parse_completed_time (lcm_journey_entry_get_completed_time_text (self),
                                                lcm_journey_table_get_zone (self->table), NULL);
  return self->completed;
}

gint64
lcm_journey_entry_get_completed_unix (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return row_of (self)->completed_unix;
}

const char *
lcm_journey_entry_get_completed_time_text (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_COMPLETED_TIME_TEXT);
}

const char *
lcm_journey_entry_get_completed_date (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_COMPLETED_DATE);
}

const char *
lcm_journey_entry_get_completed_month (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_COMPLETED_MONTH);
}

const char *
lcm_journey_entry_get_completed_year (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_COMPLETED_YEAR);
}

const char *
lcm_journey_entry_get_completed_time_format (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_COMPLETED_TIME_FORMAT);
}

gint64
lcm_journey_entry_get_channel (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return row_of (self)->numbers[LCM_JOURNEY_CHANNEL];
}

double
lcm_journey_entry_get_target_value (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0.0);

  return row_of (self)->target_value;
}

const char *
lcm_journey_entry_get_contact_value (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_CONTACT_VALUE);
}

gint64
lcm_journey_entry_get_previous_lead_score (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return row_of (self)->numbers[LCM_JOURNEY_PREVIOUS_LEAD_SCORE];
}

gint64
lcm_journey_entry_get_current_lead_score (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return row_of (self)->numbers[LCM_JOURNEY_CURRENT_LEAD_SCORE];
}

const char *
lcm_journey_entry_get_call_type (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_text (self->table, self->index, LCM_JOURNEY_CALL_TYPE);
}

const char *
lcm_journey_entry_get_search_text (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return lcm_journey_table_get_search_text (self->table, self->index);
}
