/* lcm-callback-mode.c: one way to reach a contact back (Home, Office, Mobile, ...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-callback-mode"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-callback-mode.h"
#include "lcm-error.h"
#include "lcm-json.h"

struct _LcmCallbackMode
{
  GObject  parent_instance;

  gint64   mode_id;
  char    *description;
  gint64   channel_type;
  char    *value;
  gint64   min_length;
  gint64   max_length;
};

G_DEFINE_FINAL_TYPE (LcmCallbackMode, lcm_callback_mode, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODE_ID,
  PROP_DESCRIPTION,
  PROP_CHANNEL_TYPE,
  PROP_VALUE,
  PROP_MIN_LENGTH,
  PROP_MAX_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
lcm_callback_mode_finalize (GObject *object)
{
  LcmCallbackMode *self = (LcmCallbackMode *) object;

  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (lcm_callback_mode_parent_class)->finalize (object);
}

static void
lcm_callback_mode_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LcmCallbackMode *self = LCM_CALLBACK_MODE (object);

  switch (prop_id)
    {
    case PROP_MODE_ID:
      g_value_set_int64 (value, self->mode_id);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_CHANNEL_TYPE:
      g_value_set_int64 (value, self->channel_type);
      break;

    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;

    case PROP_MIN_LENGTH:
      g_value_set_int64 (value, self->min_length);
      break;

    case PROP_MAX_LENGTH:
      g_value_set_int64 (value, self->max_length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_callback_mode_class_init (LcmCallbackModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_callback_mode_finalize;
  object_class->get_property = lcm_callback_mode_get_property;

  properties[PROP_MODE_ID] =
    g_param_spec_int64 ("mode-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHANNEL_TYPE] =
    g_param_spec_int64 ("channel-type", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MIN_LENGTH] =
    g_param_spec_int64 ("min-length", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_LENGTH] =
    g_param_spec_int64 ("max-length", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_callback_mode_init (LcmCallbackMode *self)
{
}

LcmCallbackMode *
lcm_callback_mode_new (gint64      mode_id,
                       const char *description,
                       gint64      channel_type,
                       const char *value,
                       gint64      min_length,
                       gint64      max_length)
{
  LcmCallbackMode *self = g_object_new (LCM_TYPE_CALLBACK_MODE, NULL);

  self->mode_id = mode_id;
  self->description = g_strdup (description);
  self->channel_type = channel_type;
  self->value = g_strdup (value);
  self->min_length = min_length;
  self->max_length = max_length;

  return self;
}

/* Reads ModeID (mandatory), Description, ChannelType, Cvalue, MinLength and MaxLength;
 * numbers may come as strings and the other way round. */
LcmCallbackMode *
lcm_callback_mode_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(LcmCallbackMode) self = NULL;
  gint64 mode_id = 0;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lcm_json_object_get_int (object, "ModeID", &mode_id, error))
    return NULL;

  self = g_object_new (LCM_TYPE_CALLBACK_MODE, NULL);
  self->mode_id = mode_id;

  if (!lcm_json_object_get_string_optional (object, "Description", &self->description, error)
      || !lcm_json_object_get_int_or (object, "ChannelType", 0, &self->channel_type, error)
      || !lcm_json_object_get_string_optional (object, "Cvalue", &self->value, error)
      || !lcm_json_object_get_int_or (object, "MinLength", 0, &self->min_length, error)
      || !lcm_json_object_get_int_or (object, "MaxLength", 0, &self->max_length, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
lcm_callback_mode_get_mode_id (LcmCallbackMode *self)
{
  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (self), 0);

  return self->mode_id;
}

const char *
lcm_callback_mode_get_description (LcmCallbackMode *self)
{
  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (self), NULL);

  return self->description;
}

gint64
lcm_callback_mode_get_channel_type (LcmCallbackMode *self)
{
  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (self), 0);

  return self->channel_type;
}

const char *
lcm_callback_mode_get_value (LcmCallbackMode *self)
{
  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (self), NULL);

  return self->value;
}

gint64
lcm_callback_mode_get_min_length (LcmCallbackMode *self)
{
  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (self), 0);

  return self->min_length;
}

gint64
lcm_callback_mode_get_max_length (LcmCallbackMode *self)
{
  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (self), 0);

  return self->max_length;
}
