/* lcm-response.c: decoding the "response" member of an answer into models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-response"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcm-array-list.h"
#include "lcm-business-outcome.h"
#include "lcm-callback-mode.h"
#include "lcm-error.h"
#include "lcm-journey-table.h"
#include "lcm-json.h"
#include "lcm-personal-callback.h"
#include "lcm-response.h"
#include "lcm-telephony-outcome.h"

static gpointer
decode_row (LcmOperation   operation,
            JsonObject    *row,
            GTimeZone     *zone,
            GError       **error)
{
  switch (operation)
    {
    case LCM_OPERATION_BUSINESS_OUTCOMES:
      return lcm_business_outcome_new_from_json (row, error);
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
      return lcm_telephony_outcome_new_from_json (row, error);
    case LCM_OPERATION_CALLBACK_MODES:
      return lcm_callback_mode_new_from_json (row, error);
    case LCM_OPERATION_PERSONAL_CALLBACKS:
      return lcm_personal_callback_new_from_json (row, zone, error);
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
    case LCM_OPERATION_SET_OUTCOMES:
    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
    default:
      g_assert_not_reached ();
    }
}

guint
lcm_response_get_max_rows (LcmOperation operation)
{
  g_return_val_if_fail ((guint) operation < LCM_N_OPERATIONS, 0);
  g_return_val_if_fail (!lcm_operation_is_write (operation), 0);

  return operation == LCM_OPERATION_JOURNEY ? LCM_MAX_JOURNEY_ROWS : LCM_MAX_LIST_ROWS;
}

GListModel *
lcm_response_decode_list (LcmOperation   operation,
                          JsonNode      *response,
                          GTimeZone     *zone,
                          GError       **error)
{
  g_autoptr(GTimeZone) local_zone = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LcmJourneyTable) table = NULL;
  LcmArrayList *list;
  JsonArray *rows;
  guint n_rows;

  g_return_val_if_fail ((guint) operation < LCM_N_OPERATIONS, NULL);
  g_return_val_if_fail (!lcm_operation_is_write (operation), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (response == NULL || !JSON_NODE_HOLDS_ARRAY (response))
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
                           _("The gateway’s answer should be a list, and is not."));
      return NULL;
    }

  /* One zone for every row, rather than one lookup of the local zone per row. */
  if (zone == NULL)
    zone = local_zone = g_time_zone_new_local ();

  rows = json_node_get_array (response);
  n_rows = json_array_get_length (rows);
  if (n_rows > lcm_response_get_max_rows (operation))
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                   _("The gateway’s answer has %u rows, more than the %u this list may have."),
                   n_rows, lcm_response_get_max_rows (operation));
      return NULL;
    }
  if (operation == LCM_OPERATION_JOURNEY)
    table = lcm_journey_table_new (zone, n_rows);
  else
    items = g_ptr_array_new_full (n_rows, g_object_unref);

  for (guint i = 0; i < n_rows; i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      gboolean read;

      if (!JSON_NODE_HOLDS_OBJECT (row))
        {
          g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
                       _("Row %u of the gateway’s answer is not an object."), i);
          return NULL;
        }

      if (table != NULL)
        {
          g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
          LcmJourneyFields fields;

          read = lcm_journey_fields_read_json (&fields, json_node_get_object (row), owned, error);
          if (read)
            lcm_journey_table_add (table, &fields);
        }
      else
        {
          gpointer item = decode_row (operation, json_node_get_object (row), zone, error);

          read = item != NULL;
          if (read)
            g_ptr_array_add (items, item);
        }

      if (!read)
        {
          g_prefix_error (error, _("Row %u of the gateway’s answer: "), i);
          return NULL;
        }
    }

  /* A journey: compact rows, their entries made when asked for (lcm-journey-store.c). */
  if (table != NULL)
    {
      lcm_journey_table_seal (table);
      return G_LIST_MODEL (lcm_journey_store_new_for_table (table));
    }

  list = lcm_array_list_new (lcm_operation_get_item_type (operation));
  lcm_array_list_replace_all (list, items);

  return G_LIST_MODEL (list);
}

gboolean
lcm_response_decode_success (JsonNode  *response,
                             GError   **error)
{
  JsonObject *object;
  gboolean success = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response))
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
                           _("The gateway’s answer should be an object with “success”, "
                             "and is not."));
      return FALSE;
    }

  object = json_node_get_object (response);
  if (!lcm_json_object_get_boolean (object, "success", &success, error))
    return FALSE;

  if (!success)
    {
      g_set_error_literal (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_REFUSED,
                           _("The gateway did not accept the request."));
      return FALSE;
    }

  return TRUE;
}
