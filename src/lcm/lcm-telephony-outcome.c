/* lcm-telephony-outcome.c: one telephony outcome (Busy, No Answer, CallBack, ...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-telephony-outcome"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-telephony-outcome.h"

struct _LcmTelephonyOutcome
{
  GObject  parent_instance;

  gint64   id;
  char    *description;
};

G_DEFINE_FINAL_TYPE (LcmTelephonyOutcome, lcm_telephony_outcome, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lcm_telephony_outcome_finalize (GObject *object)
{
  LcmTelephonyOutcome *self = (LcmTelephonyOutcome *) object;

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (lcm_telephony_outcome_parent_class)->finalize (object);
}

static void
lcm_telephony_outcome_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  LcmTelephonyOutcome *self = LCM_TELEPHONY_OUTCOME (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_telephony_outcome_class_init (LcmTelephonyOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_telephony_outcome_finalize;
  object_class->get_property = lcm_telephony_outcome_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_telephony_outcome_init (LcmTelephonyOutcome *self)
{
}

LcmTelephonyOutcome *
lcm_telephony_outcome_new (gint64      id,
                           const char *description)
{
  LcmTelephonyOutcome *self = g_object_new (LCM_TYPE_TELEPHONY_OUTCOME, NULL);

  self->id = id;
  self->description = g_strdup (description);

  return self;
}

/* Reads OutComeID (mandatory, number or numeric string) and Description. */
LcmTelephonyOutcome *
lcm_telephony_outcome_new_from_json (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(LcmTelephonyOutcome) self = NULL;
  gint64 id = 0;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_json_object_get_int (object, "OutComeID", &id, error))
    return NULL;

  self = g_object_new (LCM_TYPE_TELEPHONY_OUTCOME, NULL);
  self->id = id;

  if (!lcm_json_object_get_string_optional (object, "Description", &self->description, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
lcm_telephony_outcome_get_id (LcmTelephonyOutcome *self)
{
  g_return_val_if_fail (LCM_IS_TELEPHONY_OUTCOME (self), 0);

  return self->id;
}

const char *
lcm_telephony_outcome_get_description (LcmTelephonyOutcome *self)
{
  g_return_val_if_fail (LCM_IS_TELEPHONY_OUTCOME (self), NULL);

  return self->description;
}
