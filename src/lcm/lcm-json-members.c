/* lcm-json-members.c: reading one member of an object, with the vendor's quirks
 *
 * The vendor's servers spell a key in several letter cases and send a number as a number, a
 * string or an integral double; each getter takes every spelling the protocol pages show and
 * refuses anything else with an error naming the member. A member is mandatory unless the
 * caller asks for an optional one (the _optional and _or getters): absent, null (and, for a
 * number, an empty string) is then an LCM_PROTOCOL_ERROR_MISSING_FIELD, so a decoder never
 * has to tell "absent" from "wrong" by whether an error was set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-private.h"

/* What reading one member found. */
typedef enum
{
  MEMBER_ABSENT,   /* absent or null, or a number's empty string */
  MEMBER_READ,
  MEMBER_WRONG,    /* of another shape: the error is set */
} MemberReading;

static const char *
describe_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      return _("a value");
    }
}

static MemberReading
wrong_kind (GError    **error,
            const char *name,
            const char *expected,
            JsonNode   *node)
{
  g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
               /* Translators: "The field LeadScore should be a number, not an object" */
               _("The field %s should be %s, not %s"), name, expected, describe_kind (node));
  return MEMBER_WRONG;
}

/* A mandatory member: absent is an error. */
static gboolean
require (MemberReading  reading,
         const char    *name,
         GError       **error)
{
  if (reading == MEMBER_ABSENT)
    g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_FIELD,
                 /* Translators: %s is a member of the gateway's answer, as "OutComeID" */
                 _("The field %s is missing"), name);
  return reading == MEMBER_READ;
}

/* An optional member: absent is fine, and said through present. */
static gboolean
allow_absent (MemberReading  reading,
              gboolean      *present)
{
  if (present != NULL)
    *present = reading == MEMBER_READ;
  return reading != MEMBER_WRONG;
}

static MemberReading
read_string (JsonObject  *object,
             const char  *name,
             char       **out,
             GError     **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_kind (error, name, _("text"), node);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      *out = g_strdup (json_node_get_string (node));
      return MEMBER_READ;
    case G_TYPE_INT64:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return MEMBER_READ;
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];
        *out = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
        return MEMBER_READ;
      }
    case G_TYPE_BOOLEAN:
      *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      return MEMBER_READ;
    default:
      return wrong_kind (error, name, _("text"), node);
    }
}

/* A whole number in a string, blanks around it allowed; blank text is no number. */
LcmTextNumber
lcm_text_to_int (const char *text,
                 gint64     *out)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return LCM_TEXT_NUMBER_ABSENT;
  if (g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64, out, NULL))
    return LCM_TEXT_NUMBER_READ;
  return LCM_TEXT_NUMBER_WRONG;
}

/* A finite number in a string, blanks around it allowed; blank text is no number. */
LcmTextNumber
lcm_text_to_double (const char *text,
                    double     *out)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  if (*stripped == '\0')
    return LCM_TEXT_NUMBER_ABSENT;
  value = g_ascii_strtod (stripped, &end);
  if (end == NULL || *end != '\0' || !isfinite (value))
    return LCM_TEXT_NUMBER_WRONG;
  *out = value;
  return LCM_TEXT_NUMBER_READ;
}

static MemberReading
read_int (JsonObject *object,
          const char *name,
          gint64     *out,
          GError    **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_kind (error, name, _("a whole number"), node);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = json_node_get_int (node);
      return MEMBER_READ;
    case G_TYPE_DOUBLE:
      {
        double value = json_node_get_double (node);

        if (isfinite (value) && value == floor (value) && value >= -9.0e15 && value <= 9.0e15)
          {
            *out = (gint64) value;
            return MEMBER_READ;
          }
        break;
      }
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        LcmTextNumber reading = lcm_text_to_int (text, out);

        if (reading == LCM_TEXT_NUMBER_ABSENT)
          return MEMBER_ABSENT;
        if (reading == LCM_TEXT_NUMBER_READ)
          return MEMBER_READ;
        {
          g_autofree char *shown = lcm_quote_for_message (text);

          g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                       _("The field %s should be a whole number, not “%s”"), name, shown);
          return MEMBER_WRONG;
        }
      }
    default:
      break;
    }
  return wrong_kind (error, name, _("a whole number"), node);
}

static MemberReading
read_double (JsonObject *object,
             const char *name,
             double     *out,
             GError    **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_kind (error, name, _("a number"), node);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = (double) json_node_get_int (node);
      return MEMBER_READ;
    case G_TYPE_DOUBLE:
      /* A number beyond a double's range (1e999) reads as an infinity. */
      if (!isfinite (json_node_get_double (node)))
        break;
      *out = json_node_get_double (node);
      return MEMBER_READ;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        LcmTextNumber reading = lcm_text_to_double (text, out);

        if (reading == LCM_TEXT_NUMBER_ABSENT)
          return MEMBER_ABSENT;
        if (reading == LCM_TEXT_NUMBER_READ)
          return MEMBER_READ;
        {
          g_autofree char *shown = lcm_quote_for_message (text);

          g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_VALUE,
                       _("The field %s should be a number, not “%s”"), name, shown);
          return MEMBER_WRONG;
        }
      }
    default:
      break;
    }
  return wrong_kind (error, name, _("a number"), node);
}

static MemberReading
read_boolean (JsonObject *object,
              const char *name,
              gboolean   *out,
              GError    **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return MEMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_kind (error, name, _("true or false"), node);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      *out = json_node_get_boolean (node);
      return MEMBER_READ;
    case G_TYPE_INT64:
      if (json_node_get_int (node) == 0 || json_node_get_int (node) == 1)
        {
          *out = json_node_get_int (node) == 1;
          return MEMBER_READ;
        }
      break;
    case G_TYPE_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

        if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
          *out = TRUE;
        else if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
          *out = FALSE;
        else
          break;
        return MEMBER_READ;
      }
    default:
      break;
    }
  return wrong_kind (error, name, _("true or false"), node);
}

/* Public API */

JsonNode *
lcm_json_object_lookup (JsonObject *object,
                        const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member_node;
  JsonNode *exact;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  exact = json_object_get_member (object, name);
  if (exact != NULL)
    return exact;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member_name, &member_node))
    if (g_ascii_strcasecmp (member_name, name) == 0)
      return member_node;

  return NULL;
}

gboolean
lcm_json_object_get_string (JsonObject  *object,
                            const char  *name,
                            char       **out,
                            GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return require (read_string (object, name, out, error), name, error);
}

gboolean
lcm_json_object_get_string_optional (JsonObject  *object,
                                     const char  *name,
                                     char       **out,
                                     GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return allow_absent (read_string (object, name, out, error), NULL);
}

gboolean
lcm_json_object_get_int (JsonObject *object,
                         const char *name,
                         gint64     *out,
                         GError    **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return require (read_int (object, name, out, error), name, error);
}

gboolean
lcm_json_object_get_int_optional (JsonObject *object,
                                  const char *name,
                                  gint64     *out,
                                  gboolean   *present,
                                  GError    **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return allow_absent (read_int (object, name, out, error), present);
}

gboolean
lcm_json_object_get_int_or (JsonObject  *object,
                            const char  *name,
                            gint64       fallback,
                            gint64      *out,
                            GError     **error)
{
  gboolean present = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!lcm_json_object_get_int_optional (object, name, out, &present, error))
    return FALSE;
  if (!present)
    *out = fallback;
  return TRUE;
}

gboolean
lcm_json_object_get_double (JsonObject *object,
                            const char *name,
                            double     *out,
                            GError    **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return require (read_double (object, name, out, error), name, error);
}

gboolean
lcm_json_object_get_double_optional (JsonObject *object,
                                     const char *name,
                                     double     *out,
                                     gboolean   *present,
                                     GError    **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return allow_absent (read_double (object, name, out, error), present);
}

gboolean
lcm_json_object_get_boolean (JsonObject *object,
                             const char *name,
                             gboolean   *out,
                             GError    **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return require (read_boolean (object, name, out, error), name, error);
}
