/* lcm-journey-entry.c: one earlier interaction with a customer
 *
 * A journey can hold 100,000 rows, so an entry is built cheaply: fields are filled directly,
 * one allocation per string, and one GDateTime for the completion time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-journey-entry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-error.h"
#include "lcm-journey-entry.h"
#include "lcm-json.h"
#include "lcm-values.h"

/* outcome-id of an interaction that names no outcome (0 is Success). */
#define NO_OUTCOME_ID (-1)

struct _LcmJourneyEntry
{
  GObject    parent_instance;

  char      *contact_id;
  char      *campaign_name;
  gint64     mode_id;
  char      *mode;
  gint64     outcome_id;
  char      *outcome;
  char      *agent_name;
  char      *agent_comment;
  GDateTime *completed;
  char      *completed_time_text;
  char      *completed_date;
  char      *completed_month;
  char      *completed_year;
  char      *completed_time_format;
  gint64     channel;
  double     target_value;
  char      *contact_value;
  gint64     previous_lead_score;
  gint64     current_lead_score;
  char      *call_type;
  char      *search_text;  /* made on first use, see lcm_journey_entry_get_search_text() */
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

  g_free (self->contact_id);
  g_free (self->campaign_name);
  g_free (self->mode);
  g_free (self->outcome);
  g_free (self->agent_name);
  g_free (self->agent_comment);
  g_free (self->completed_time_text);
  g_free (self->completed_date);
  g_free (self->completed_month);
  g_free (self->completed_year);
  g_free (self->completed_time_format);
  g_free (self->contact_value);
  g_free (self->search_text);
  g_free (self->call_type);
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
      g_value_set_string (value, self->contact_id);
      break;

    case PROP_CAMPAIGN_NAME:
      g_value_set_string (value, self->campaign_name);
      break;

    case PROP_MODE_ID:
      g_value_set_int64 (value, self->mode_id);
      break;

    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;

    case PROP_OUTCOME_ID:
      g_value_set_int64 (value, self->outcome_id);
      break;

    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;

    case PROP_AGENT_NAME:
      g_value_set_string (value, self->agent_name);
      break;

    case PROP_AGENT_COMMENT:
      g_value_set_string (value, self->agent_comment);
      break;

    case PROP_COMPLETED:
      g_value_set_boxed (value, self->completed);
      break;

    case PROP_COMPLETED_UNIX:
      g_value_set_int64 (value, lcm_journey_entry_get_completed_unix (self));
      break;

    case PROP_COMPLETED_TIME_TEXT:
      g_value_set_string (value, self->completed_time_text);
      break;

    case PROP_COMPLETED_DATE:
      g_value_set_string (value, self->completed_date);
      break;

    case PROP_COMPLETED_MONTH:
      g_value_set_string (value, self->completed_month);
      break;

    case PROP_COMPLETED_YEAR:
      g_value_set_string (value, self->completed_year);
      break;

    case PROP_COMPLETED_TIME_FORMAT:
      g_value_set_string (value, self->completed_time_format);
      break;

    case PROP_CHANNEL:
      g_value_set_int64 (value, self->channel);
      break;

    case PROP_TARGET_VALUE:
      g_value_set_double (value, self->target_value);
      break;

    case PROP_CONTACT_VALUE:
      g_value_set_string (value, self->contact_value);
      break;

    case PROP_PREVIOUS_LEAD_SCORE:
      g_value_set_int64 (value, self->previous_lead_score);
      break;

    case PROP_CURRENT_LEAD_SCORE:
      g_value_set_int64 (value, self->current_lead_score);
      break;

    case PROP_CALL_TYPE:
      g_value_set_string (value, self->call_type);
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
                        G_MININT64, G_MAXINT64, NO_OUTCOME_ID,
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
  self->outcome_id = NO_OUTCOME_ID;
}

/* Reads one interaction: ContactID is mandatory; numbers may come as strings and the other
 * way round; a CallCompletedTime that does not parse leaves completed unset, it is not an
 * error. outcome-id is -1 when the row names no outcome, other numbers 0. */
LcmJourneyEntry *
lcm_journey_entry_new_from_json (JsonObject  *object,
                                 GTimeZone   *zone,
                                 GError     **error)
{
  g_autoptr(LcmJourneyEntry) self = NULL;
  gboolean present = FALSE;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LCM_TYPE_JOURNEY_ENTRY, NULL);

  if (!lcm_json_object_get_string (object, "ContactID", &self->contact_id, error))
    return NULL;

  if (!lcm_json_object_get_string_optional (object, "CampaignName", &self->campaign_name, error)
      || !lcm_json_object_get_int_or (object, "ModeID", 0, &self->mode_id, error)
      || !lcm_json_object_get_string_optional (object, "Mode", &self->mode, error)
      || !lcm_json_object_get_int_or (object, "OutcomeId", NO_OUTCOME_ID, &self->outcome_id, error)
      || !lcm_json_object_get_string_optional (object, "Outcome", &self->outcome, error)
      || !lcm_json_object_get_string_optional (object, "AgentName", &self->agent_name, error)
      || !lcm_json_object_get_string_optional (object, "AgentComment", &self->agent_comment, error)
      || !lcm_json_object_get_string_optional (object, "CallCompletedTime", &self->completed_time_text,
                                      error)
      || !lcm_json_object_get_string_optional (object, "CallCompletedDate", &self->completed_date, error)
      || !lcm_json_object_get_string_optional (object, "CallCompletedMonth", &self->completed_month, error)
      || !lcm_json_object_get_string_optional (object, "CallCompletedYear", &self->completed_year, error)
      || !lcm_json_object_get_string_optional (object, "CallCompletedTimeFormat",
                                      &self->completed_time_format, error)
      || !lcm_json_object_get_int_or (object, "ChannelType", 0, &self->channel, error)
      || !lcm_json_object_get_string_optional (object, "ContactValue", &self->contact_value, error)
      || !lcm_json_object_get_int_or (object, "PreviousLeadScore", 0, &self->previous_lead_score,
                                      error)
      || !lcm_json_object_get_int_or (object, "CurrentLeadScore", 0, &self->current_lead_score,
                                      error)
      || !lcm_json_object_get_string_optional (object, "CallType", &self->call_type, error))
    return NULL;

  if (!lcm_json_object_get_double_optional (object, "TargetValue", &self->target_value, &present,
                                            error))
    return NULL;
  if (!present)
    self->target_value = 0.0;

  if (self->completed_time_text != NULL)
    self->completed = lcm_parse_completed_time (self->completed_time_text, zone, NULL);

  return g_steal_pointer (&self);
}

const char *
lcm_journey_entry_get_contact_id (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->contact_id;
}

const char *
lcm_journey_entry_get_campaign_name (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->campaign_name;
}

gint64
lcm_journey_entry_get_mode_id (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return self->mode_id;
}

const char *
lcm_journey_entry_get_mode (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->mode;
}

gint64
lcm_journey_entry_get_outcome_id (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NO_OUTCOME_ID);

  return self->outcome_id;
}

const char *
lcm_journey_entry_get_outcome (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->outcome;
}

const char *
lcm_journey_entry_get_agent_name (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->agent_name;
}

const char *
lcm_journey_entry_get_agent_comment (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->agent_comment;
}

GDateTime *
lcm_journey_entry_get_completed (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->completed;
}

gint64
lcm_journey_entry_get_completed_unix (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return self->completed != NULL ? g_date_time_to_unix (self->completed) : 0;
}

const char *
lcm_journey_entry_get_completed_time_text (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->completed_time_text;
}

const char *
lcm_journey_entry_get_completed_date (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->completed_date;
}

const char *
lcm_journey_entry_get_completed_month (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->completed_month;
}

const char *
lcm_journey_entry_get_completed_year (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->completed_year;
}

const char *
lcm_journey_entry_get_completed_time_format (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->completed_time_format;
}

gint64
lcm_journey_entry_get_channel (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return self->channel;
}

double
lcm_journey_entry_get_target_value (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0.0);

  return self->target_value;
}

const char *
lcm_journey_entry_get_contact_value (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->contact_value;
}

gint64
lcm_journey_entry_get_previous_lead_score (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return self->previous_lead_score;
}

gint64
lcm_journey_entry_get_current_lead_score (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), 0);

  return self->current_lead_score;
}

const char *
lcm_journey_entry_get_call_type (LcmJourneyEntry *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  return self->call_type;
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
lcm_journey_entry_get_search_text (LcmJourneyEntry *self)
{
  GString *text;

  g_return_val_if_fail (LCM_IS_JOURNEY_ENTRY (self), NULL);

  if (self->search_text != NULL)
    return self->search_text;

  text = g_string_sized_new (160);
  append_folded (text, self->campaign_name);
  append_folded (text, self->mode);
  append_folded (text, self->contact_value);
  append_folded (text, self->outcome);
  append_folded (text, self->agent_name);
  append_folded (text, self->agent_comment);
  append_folded (text, self->call_type);
  self->search_text = g_string_free (text, FALSE);
  return self->search_text;
}
