/* lcm-response.h: decoding the "response" member of an answer into models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lcm-envelope.h"
#include "lcm-request.h"

G_BEGIN_DECLS

/* The most rows a read's answer may have, checked before any row is decoded. The outcome
 * lists, the callback modes and a page of personal callbacks are short lists an agent picks
 * from: 10,000 rows is far beyond any of them. A journey can hold 100,000 rows (about 50 MB),
 * the most the application is built and measured for (docs/performance.md). */
#define LCM_MAX_LIST_ROWS    10000
#define LCM_MAX_JOURNEY_ROWS 100000

/* LCM_MAX_JOURNEY_ROWS for the journey, LCM_MAX_LIST_ROWS for the other reads. */
guint        lcm_response_get_max_rows    (LcmOperation   operation);

/* The rows of a read's answer as a list of lcm_operation_get_item_type() objects, in the
 * order sent. A response that is not an array, has more rows than
 * lcm_response_get_max_rows() (TOO_LARGE, before any row is decoded), or a row that is not
 * an object or lacks a mandatory field, is an LCM_PROTOCOL_ERROR. Times are read in zone
 * (local when NULL). */
GListModel  *lcm_response_decode_list     (LcmOperation   operation,
                                           JsonNode      *response,
                                           GTimeZone     *zone,
                                           GError       **error);
/* A journey's answer ("response", an array) from its text, as lcm_json_parse() then
 * lcm_response_decode_list() would decode it, with the same result and the same errors, but
 * in a fraction of the time and memory: the rows are read from the text into an
 * LcmJourneyStore without building json-glib's tree (lcm-journey-decode.c). */
GListModel  *lcm_response_decode_journey_text (const char  *data,
                                               gsize        length,
                                               GTimeZone   *zone,
                                               GError     **error);
/* The rows of an answer envelope to a read, as the client decodes them: a journey kept as
 * text (lcm_envelope_parse_answer) read straight from it, any other through its tree. */
GListModel  *lcm_response_decode_answer   (LcmOperation   operation,
                                           LcmEnvelope   *answer,
                                           GTimeZone     *zone,
                                           GError       **error);
/* A write's answer: TRUE for {"success": true}; LCM_GATEWAY_ERROR_REFUSED for false;
 * LCM_PROTOCOL_ERROR when it is not such an object. */
gboolean     lcm_response_decode_success  (JsonNode      *response,
                                           GError       **error);

G_END_DECLS
