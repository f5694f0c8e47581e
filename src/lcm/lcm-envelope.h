/* lcm-envelope.h: the JSON envelope every LCM message travels in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LCM_TYPE_ENVELOPE (lcm_envelope_get_type ())

/* A parsed envelope, request or response. Immutable once parsed. */
typedef struct _LcmEnvelope LcmEnvelope;

GType        lcm_envelope_get_type            (void) G_GNUC_CONST;

/* Parses one frame with the tolerant-reader rules of the protocol README. A frame larger
 * than max_size, deeper than LCM_MAX_DEPTH, not an object, of another channel, or without a
 * subtopic is refused with an LCM_PROTOCOL_ERROR. */
LcmEnvelope *lcm_envelope_parse               (const char   *data,
                                               gsize         length,
                                               gsize         max_size,
                                               GError      **error);
/* From how many bytes lcm_envelope_parse_answer keeps a response array as text. */
#define LCM_ENVELOPE_TEXT_RESPONSE_SIZE (64 * 1024)

/* lcm_envelope_parse, for an answer the client received: from LCM_ENVELOPE_TEXT_RESPONSE_SIZE
 * bytes, a response that is an array is kept as its text (lcm_envelope_get_response_text),
 * not built into a tree, so that a large journey can be read straight from it
 * (lcm_response_decode_journey_text); lcm_envelope_get_response builds the tree when first
 * asked. In such an envelope the payload object's own "response" member is an empty array:
 * read the response through the getters. */
LcmEnvelope *lcm_envelope_parse_answer        (GBytes       *frame,
                                               gsize         max_size,
                                               GError      **error);
LcmEnvelope *lcm_envelope_ref                 (LcmEnvelope  *self);
void         lcm_envelope_unref               (LcmEnvelope  *self);

const char  *lcm_envelope_get_subtopic        (LcmEnvelope  *self);
/* The source of a request; NULL when absent. */
const char  *lcm_envelope_get_source          (LcmEnvelope  *self);
/* The payload: "message", else "data". Usually an object; a string for OutcomeSetForCall.
 * NULL when the frame has neither. */
JsonNode    *lcm_envelope_get_payload         (LcmEnvelope  *self);
/* The payload as an object, or NULL. */
JsonObject  *lcm_envelope_get_payload_object  (LcmEnvelope  *self);
/* payload.callid as a string (numbers formatted); NULL when absent or null. */
const char  *lcm_envelope_get_callid          (LcmEnvelope  *self);
/* payload.response; NULL when absent (or null). Thread-safe. */
JsonNode    *lcm_envelope_get_response        (LcmEnvelope  *self);
/* The same, saying why when there is none because the response was kept as text that
 * json-glib cannot read (an LCM_PROTOCOL_ERROR, INVALID_JSON): NULL without an error only
 * when there is no response. Thread-safe. */
JsonNode    *lcm_envelope_read_response       (LcmEnvelope  *self,
                                               GError      **error);
/* Whether there is a response, without building it. */
gboolean     lcm_envelope_has_response        (LcmEnvelope  *self);
/* The response's text, when lcm_envelope_parse_answer kept it as text; else NULL. The text
 * has passed lcm_json_check(). */
GBytes      *lcm_envelope_get_response_text   (LcmEnvelope  *self);

gboolean     lcm_envelope_subtopic_is         (LcmEnvelope  *self,
                                               const char   *subtopic);

/* TRUE for a WS_Error, or a payload carrying ErrorType/errorType. Each out argument may be
 * NULL; strings belong to the envelope. request is the subtopic the error answers, if said. */
gboolean     lcm_envelope_is_error            (LcmEnvelope  *self,
                                               const char  **request,
                                               const char  **actual_error,
                                               const char  **message);
/* For an error envelope, a GError in LCM_GATEWAY_ERROR whose message is the text for people
 * (Message, else msg, else ActualError/errorMessage). NULL otherwise. */
GError      *lcm_envelope_dup_error           (LcmEnvelope  *self);

/* Writers: they emit the samples' shapes, topic "WebService". */
char        *lcm_envelope_write_request       (const char   *subtopic,
                                               const char   *source,
                                               JsonObject   *data);
char        *lcm_envelope_write_response      (const char   *subtopic,
                                               const char   *callid,
                                               JsonNode     *response);
char        *lcm_envelope_write_ws_error      (const char   *callid,
                                               const char   *request,
                                               const char   *actual_error,
                                               const char   *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcmEnvelope, lcm_envelope_unref)

G_END_DECLS
