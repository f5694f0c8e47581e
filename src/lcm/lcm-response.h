/* lcm-response.h: decoding the "response" member of an answer into models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lcm-request.h"

G_BEGIN_DECLS

/* The rows of a read's answer as a list of lcm_operation_get_item_type() objects, in the
 * order sent. A response that is not an array, or a row that is not an object or lacks a
 * mandatory field, is an LCM_PROTOCOL_ERROR. Times are read in zone (local when NULL). */
GListModel  *lcm_response_decode_list     (LcmOperation   operation,
                                           JsonNode      *response,
                                           GTimeZone     *zone,
                                           GError       **error);
/* A write's answer: TRUE for {"success": true}; LCM_GATEWAY_ERROR_REFUSED for false;
 * LCM_PROTOCOL_ERROR when it is not such an object. */
gboolean     lcm_response_decode_success  (JsonNode      *response,
                                           GError       **error);

G_END_DECLS
