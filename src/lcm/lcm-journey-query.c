/* lcm-journey-query.c: which interactions of a customer to fetch
 *
 * The query only holds what was set; lcm_request_new_journey() checks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-journey-query"

#include "config.h"

#include "lcm-enum-types.h"
#include "lcm-journey-query.h"

struct _LcmJourneyQuery
{
  GObject     parent_instance;

  char       *call_id;
  char       *account_number;
  char       *contact_number;
  char       *campaign_name;
  LcmChannel  channel;
  guint       months;
};

G_DEFINE_FINAL_TYPE (LcmJourneyQuery, lcm_journey_query, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CALL_ID,
  PROP_ACCOUNT_NUMBER,
  PROP_CONTACT_NUMBER,
  PROP_CAMPAIGN_NAME,
  PROP_CHANNEL,
  PROP_MONTHS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (LcmJourneyQuery  *self,
            char            **field,
            const char       *value,
            guint             prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
lcm_journey_query_finalize (GObject *object)
{
  LcmJourneyQuery *self = (LcmJourneyQuery *) object;

  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->account_number, g_free);
  g_clear_pointer (&self->contact_number, g_free);
  g_clear_pointer (&self->campaign_name, g_free);

  G_OBJECT_CLASS (lcm_journey_query_parent_class)->finalize (object);
}

static void
lcm_journey_query_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LcmJourneyQuery *self = LCM_JOURNEY_QUERY (object);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      g_value_set_string (value, self->call_id);
      break;

    case PROP_ACCOUNT_NUMBER:
      g_value_set_string (value, self->account_number);
      break;

    case PROP_CONTACT_NUMBER:
      g_value_set_string (value, self->contact_number);
      break;

    case PROP_CAMPAIGN_NAME:
      g_value_set_string (value, self->campaign_name);
      break;

    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;

    case PROP_MONTHS:
      g_value_set_uint (value, self->months);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_journey_query_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LcmJourneyQuery *self = LCM_JOURNEY_QUERY (object);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      lcm_journey_query_set_call_id (self, g_value_get_string (value));
      break;

    case PROP_ACCOUNT_NUMBER:
      lcm_journey_query_set_account_number (self, g_value_get_string (value));
      break;

    case PROP_CONTACT_NUMBER:
      lcm_journey_query_set_contact_number (self, g_value_get_string (value));
      break;

    case PROP_CAMPAIGN_NAME:
      lcm_journey_query_set_campaign_name (self, g_value_get_string (value));
      break;

    case PROP_CHANNEL:
      lcm_journey_query_set_channel (self, g_value_get_enum (value));
      break;

    case PROP_MONTHS:
      lcm_journey_query_set_months (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_journey_query_class_init (LcmJourneyQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_journey_query_finalize;
  object_class->get_property = lcm_journey_query_get_property;
  object_class->set_property = lcm_journey_query_set_property;

  properties[PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_NUMBER] =
    g_param_spec_string ("account-number", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONTACT_NUMBER] =
    g_param_spec_string ("contact-number", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAMPAIGN_NAME] =
    g_param_spec_string ("campaign-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL,
                       LCM_TYPE_CHANNEL, LCM_CHANNEL_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MONTHS] =
    g_param_spec_uint ("months", NULL, NULL,
                       0, G_MAXUINT, 3,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_journey_query_init (LcmJourneyQuery *self)
{
  self->channel = LCM_CHANNEL_ALL;
  self->months = 3;
}

LcmJourneyQuery *
lcm_journey_query_new (void)
{
  return g_object_new (LCM_TYPE_JOURNEY_QUERY, NULL);
}

const char *
lcm_journey_query_get_call_id (LcmJourneyQuery *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (self), NULL);

  return self->call_id;
}

void
lcm_journey_query_set_call_id (LcmJourneyQuery *self,
                               const char      *call_id)
{
  g_return_if_fail (LCM_IS_JOURNEY_QUERY (self));

  set_string (self, &self->call_id, call_id, PROP_CALL_ID);
}

const char *
lcm_journey_query_get_account_number (LcmJourneyQuery *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (self), NULL);

  return self->account_number;
}

void
lcm_journey_query_set_account_number (LcmJourneyQuery *self,
                                      const char      *account_number)
{
  g_return_if_fail (LCM_IS_JOURNEY_QUERY (self));

  set_string (self, &self->account_number, account_number, PROP_ACCOUNT_NUMBER);
}

const char *
lcm_journey_query_get_contact_number (LcmJourneyQuery *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (self), NULL);

  return self->contact_number;
}

void
lcm_journey_query_set_contact_number (LcmJourneyQuery *self,
                                      const char      *contact_number)
{
  g_return_if_fail (LCM_IS_JOURNEY_QUERY (self));

  set_string (self, &self->contact_number, contact_number, PROP_CONTACT_NUMBER);
}

const char *
lcm_journey_query_get_campaign_name (LcmJourneyQuery *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (self), NULL);

  return self->campaign_name;
}

void
lcm_journey_query_set_campaign_name (LcmJourneyQuery *self,
                                     const char      *campaign_name)
{
  g_return_if_fail (LCM_IS_JOURNEY_QUERY (self));

  set_string (self, &self->campaign_name, campaign_name, PROP_CAMPAIGN_NAME);
}

LcmChannel
lcm_journey_query_get_channel (LcmJourneyQuery *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (self), LCM_CHANNEL_ALL);

  return self->channel;
}

void
lcm_journey_query_set_channel (LcmJourneyQuery *self,
                               LcmChannel       channel)
{
  g_return_if_fail (LCM_IS_JOURNEY_QUERY (self));

  if (self->channel == channel)
    return;

  self->channel = channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
}

guint
lcm_journey_query_get_months (LcmJourneyQuery *self)
{
  g_return_val_if_fail (LCM_IS_JOURNEY_QUERY (self), 3);

  return self->months;
}

void
lcm_journey_query_set_months (LcmJourneyQuery *self,
                              guint            months)
{
  g_return_if_fail (LCM_IS_JOURNEY_QUERY (self));

  if (self->months == months)
    return;

  self->months = months;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTHS]);
}
