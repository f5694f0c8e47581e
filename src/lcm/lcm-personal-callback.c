/* lcm-personal-callback.c: one personal callback booked by an agent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-personal-callback"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-personal-callback.h"
#include "lcm-values.h"

struct _LcmPersonalCallback
{
  GObject    parent_instance;

  gint64     row_number;
  gint64     campaign_id;
  gint64     contact_id;
  gint64     mode_id;
  char      *mode_description;
  char      *value;
  GDateTime *start;
  GDateTime *end;
};

G_DEFINE_FINAL_TYPE (LcmPersonalCallback, lcm_personal_callback, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROW_NUMBER,
  PROP_CAMPAIGN_ID,
  PROP_CONTACT_ID,
  PROP_MODE_ID,
  PROP_MODE_DESCRIPTION,
  PROP_VALUE,
  PROP_START,
  PROP_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
read_mandatory_string (JsonObject  *object,
                       const char  *name,
                       char       **out,
                       GError     **error)
{
  if (!lcm_json_object_get_string (object, name, out, error))
    return FALSE;

  if (**out == '\0')
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD,
                   _("The personal callback has no “%s”."), name);
      return FALSE;
    }

  return TRUE;
}

/* DD/MM/YYYY in date_field and HH:mm in time_field, as a time in zone. */
static GDateTime *
read_date_time (JsonObject  *object,
                const char  *date_field,
                const char  *time_field,
                GTimeZone   *zone,
                GError     **error)
{
  g_autofree char *date_text = NULL;
  g_autofree char *time_text = NULL;
  GDateTime *result;
  GDate date;
  int hour = 0;
  int minute = 0;

  if (!read_mandatory_string (object, date_field, &date_text, error)
      || !read_mandatory_string (object, time_field, &time_text, error))
    return NULL;

  g_date_clear (&date, 1);
  if (!lcm_parse_date (date_text, &date, NULL))
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                   _("The callback’s “%s” is not a date in the form DD/MM/YYYY."),
                   date_field);
      return NULL;
    }

  if (!lcm_parse_time (time_text, &hour, &minute, NULL))
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                   _("The callback’s “%s” is not a time in the form HH:mm."),
                   time_field);
      return NULL;
    }

  result = g_date_time_new (zone,
                            g_date_get_year (&date),
                            g_date_get_month (&date),
                            g_date_get_day (&date),
                            hour, minute, 0);
  if (result == NULL)
    g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                 _("The callback’s “%s” and “%s” do not name a valid time."),
                 date_field, time_field);

  return result;
}

static void
lcm_personal_callback_finalize (GObject *object)
{
  LcmPersonalCallback *self = (LcmPersonalCallback *) object;

  g_clear_pointer (&self->mode_description, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);

  G_OBJECT_CLASS (lcm_personal_callback_parent_class)->finalize (object);
}

static void
lcm_personal_callback_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LcmPersonalCallback *self = LCM_PERSONAL_CALLBACK (object);

  switch (prop_id)
    {
    case PROP_ROW_NUMBER:
      g_value_set_int64 (value, self->row_number);
      break;

    case PROP_CAMPAIGN_ID:
      g_value_set_int64 (value, self->campaign_id);
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->contact_id);
      break;

    case PROP_MODE_ID:
      g_value_set_int64 (value, self->mode_id);
      break;

    case PROP_MODE_DESCRIPTION:
      g_value_set_string (value, self->mode_description);
      break;

    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_START:
      g_value_set_boxed (value, self->start);
      break;

    case PROP_END:
      g_value_set_boxed (value, self->end);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_personal_callback_class_init (LcmPersonalCallbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_personal_callback_finalize;
  object_class->get_property = lcm_personal_callback_get_property;

  properties[PROP_ROW_NUMBER] =
    g_param_spec_int64 ("row-number", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAMPAIGN_ID] =
    g_param_spec_int64 ("campaign-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODE_ID] =
    g_param_spec_int64 ("mode-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MODE_DESCRIPTION] =
    g_param_spec_string ("mode-description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_START] =
    g_param_spec_boxed ("start", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_END] =
    g_param_spec_boxed ("end", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_personal_callback_init (LcmPersonalCallback *self)
{
}

/* Reads RowNumber, CampaignID, ContactID, ModeID, ModeDescription, CValue, and the window:
 * CallStartDate, CallEndDate (DD/MM/YYYY) and CallStartTime, CallEndTime (HH:mm), all four
 * mandatory. */
LcmPersonalCallback *
lcm_personal_callback_new_from_json (JsonObject  *object,
                                     GTimeZone   *zone,
                                     GError     **error)
{
  g_autoptr(LcmPersonalCallback) self = NULL;
  g_autoptr(GTimeZone) local_zone = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (zone == NULL)
    zone = local_zone = g_time_zone_new_local ();

  self = g_object_new (LCM_TYPE_PERSONAL_CALLBACK, NULL);

  if (!lcm_json_object_get_int_or (object, "RowNumber", 0, &self->row_number, error)
      || !lcm_json_object_get_int_or (object, "CampaignID", 0, &self->campaign_id, error)
      || !lcm_json_object_get_int_or (object, "ContactID", 0, &self->contact_id, error)
      || !lcm_json_object_get_int_or (object, "ModeID", 0, &self->mode_id, error)
      || !lcm_json_object_get_string_optional (object, "ModeDescription", &self->mode_description, error)
      || !lcm_json_object_get_string_optional (object, "CValue", &self->value, error))
    return NULL;

  self->start = read_date_time (object, "CallStartDate", "CallStartTime", zone, error);
  if (self->start == NULL)
    return NULL;

  self->end = read_date_time (object, "CallEndDate", "CallEndTime", zone, error);
  if (self->end == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

gint64
lcm_personal_callback_get_row_number (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), 0);

  return self->row_number;
}

gint64
lcm_personal_callback_get_campaign_id (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), 0);

  return self->campaign_id;
}

gint64
lcm_personal_callback_get_contact_id (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), 0);

  return self->contact_id;
}

gint64
lcm_personal_callback_get_mode_id (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), 0);

  return self->mode_id;
}

const char *
lcm_personal_callback_get_mode_description (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), NULL);

  return self->mode_description;
}

const char *
lcm_personal_callback_get_value (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), NULL);

  return self->value;
}

GDateTime *
lcm_personal_callback_get_start (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), NULL);

  return self->start;
}

GDateTime *
lcm_personal_callback_get_end (LcmPersonalCallback *self)
{
  g_return_val_if_fail (LCM_IS_PERSONAL_CALLBACK (self), NULL);

  return self->end;
}
