/* lcm-envelope.c: the JSON envelope every LCM message travels in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-envelope"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "lcm-envelope.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-private.h"

struct _LcmEnvelope
{
  grefcount  ref_count;
  JsonNode  *root;
  /* Borrowed from root, or owned copies where the wire had a number. */
  char      *subtopic;
  char      *source;
  char      *callid;
  JsonNode  *payload;
  JsonNode  *response;
  /* A large answer's response array, kept as its text (lcm_envelope_parse_answer): response
   * is then built from it once, when first asked for, under response_lock; response_error
   * says why json-glib could not. */
  GBytes    *response_text;
  JsonNode  *response_tree;
  GError    *response_error;
  gboolean   response_built;
  GMutex     response_lock;
  /* Error fields, borrowed from root; set only for error envelopes. */
  gboolean   is_error;
  char      *error_request;
  char      *actual_error;
  char      *error_message;
};

G_DEFINE_BOXED_TYPE (LcmEnvelope, lcm_envelope, lcm_envelope_ref, lcm_envelope_unref)

static void
lcm_envelope_free (LcmEnvelope *self)
{
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->response_text, g_bytes_unref);
  g_clear_pointer (&self->response_tree, json_node_unref);
  g_clear_error (&self->response_error);
  g_mutex_clear (&self->response_lock);
  g_free (self->subtopic);
  g_free (self->source);
  g_free (self->callid);
  g_free (self->error_request);
  g_free (self->actual_error);
  g_free (self->error_message);
  g_free (self);
}

LcmEnvelope *
lcm_envelope_ref (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
lcm_envelope_unref (LcmEnvelope *self)
{
  g_return_if_fail (self != NULL);

  if (g_ref_count_dec (&self->ref_count))
    lcm_envelope_free (self);
}

/* A string member that must be a string when present. */
static gboolean
get_text_member (JsonObject  *object,
                 const char  *name,
                 char       **out,
                 GError     **error)
{
  JsonNode *node = lcm_json_object_lookup (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
                   _("The field %s of the message should be text"), name);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* Reads the error fields: WS_Error's ErrorType/ActualError/Message/request, or the
 * errorType/errorMessage/msg triple of the vendor's other products. Lookups ignore case,
 * so ErrorType and errorType are the same member. */
static gboolean
read_error (LcmEnvelope  *self,
            JsonObject   *payload,
            GError      **error)
{
  gboolean subtopic_says_error = g_ascii_strcasecmp (self->subtopic, "WS_Error") == 0;
  g_autofree char *error_type = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *error_message = NULL;
  g_autofree char *message = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *request = NULL;

  if (payload != NULL)
    {
      if (!lcm_json_object_get_string_optional (payload, "ErrorType", &error_type, error) ||
          !lcm_json_object_get_string_optional (payload, "ActualError", &actual, error) ||
          !lcm_json_object_get_string_optional (payload, "errorMessage", &error_message, error) ||
          !lcm_json_object_get_string_optional (payload, "Message", &message, error) ||
          !lcm_json_object_get_string_optional (payload, "msg", &msg, error) ||
          !lcm_json_object_get_string_optional (payload, "request", &request, error))
        return FALSE;
    }

  if (!subtopic_says_error && error_type == NULL)
    return TRUE;

  self->is_error = TRUE;
  self->error_request = g_steal_pointer (&request);
  self->actual_error = actual != NULL ? g_steal_pointer (&actual) : g_steal_pointer (&error_message);
  self->error_message = message != NULL ? g_steal_pointer (&message) : g_steal_pointer (&msg);
  return TRUE;
}

static LcmEnvelope *
envelope_new (void)
{
  LcmEnvelope *self = g_new0 (LcmEnvelope, 1);

  g_ref_count_init (&self->ref_count);
  g_mutex_init (&self->response_lock);
  return self;
}

/* The members of self->root, read with the protocol's rules. */
static gboolean
read_root (LcmEnvelope  *self,
           GError      **error)
{
  g_autofree char *channel = NULL;
  g_autofree char *topic = NULL;
  JsonObject *root_object;
  JsonObject *payload_object = NULL;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (self->root))
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_NOT_OBJECT,
                           _("The message is not a JSON object"));
      return FALSE;
    }
  root_object = json_node_get_object (self->root);

  if (!get_text_member (root_object, "channel", &channel, error) ||
      !get_text_member (root_object, "topic", &topic, error) ||
      !get_text_member (root_object, "subtopic", &self->subtopic, error) ||
      !get_text_member (root_object, "source", &self->source, error))
    return FALSE;

  if (channel == NULL || g_ascii_strcasecmp (channel, "LCM") != 0)
    {
      g_autofree char *shown = lcm_quote_for_message (channel != NULL ? channel : "");
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_CHANNEL,
                   _("The message is for channel “%s”, not LCM"), shown);
      return FALSE;
    }

  /* The pages spell it WebService and Webservice; absent is tolerated. */
  if (topic != NULL && g_ascii_strcasecmp (topic, "WebService") != 0)
    {
      g_autofree char *shown = lcm_quote_for_message (topic);
      g_set_error (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_CHANNEL,
                   _("The message is for topic “%s”, not WebService"), shown);
      return FALSE;
    }

  if (self->subtopic == NULL || *self->subtopic == '\0')
    {
      g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_MISSING_SUBTOPIC,
                           _("The message has no subtopic"));
      return FALSE;
    }

  /* set-call-outcome-offline names the payload "data" in its table and "message" in its
   * sample: take whichever is there, "message" first. */
  node = lcm_json_object_lookup (root_object, "message");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    node = lcm_json_object_lookup (root_object, "data");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        payload_object = json_node_get_object (node);
      else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          /* Only OutcomeSetForCall carries a bare string; arrays and numbers are wrong. */
          g_set_error_literal (error, LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_WRONG_KIND,
                               _("The message body should be an object"));
          return FALSE;
        }
      self->payload = node;
    }

  if (payload_object != NULL)
    {
      if (!lcm_json_object_get_string_optional (payload_object, "callid", &self->callid, error))
        return FALSE;
      self->response = lcm_json_object_lookup (payload_object, "response");
      if (self->response != NULL && JSON_NODE_HOLDS_NULL (self->response))
        self->response = NULL;
    }

  if (!read_error (self, payload_object, error))
    return FALSE;

  return TRUE;
}

LcmEnvelope *
lcm_envelope_parse (const char  *data,
                    gsize        length,
                    gsize        max_size,
                    GError     **error)
{
  g_autoptr(LcmEnvelope) self = envelope_new ();

  self->root = lcm_json_parse (data, length, max_size, error);
  if (self->root == NULL || !read_root (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Finding payload.response in a frame's text, without a tree. The text has passed
 * lcm_json_check, so strings end and brackets pair; the walk still never reads past the
 * end. */

typedef struct
{
  const char *p;
  const char *end;
} Walk;

static void
walk_blanks (Walk *walk)
{
  while (walk->p < walk->end &&
         (*walk->p == ' ' || *walk->p == '\n' || *walk->p == '\r' || *walk->p == '\t'))
    walk->p++;
}

/* A string, from its opening quote to just past its closing one; *escaped tells whether it
 * holds an escape (a key read here must be matched as written). */
static gboolean
walk_string (Walk     *walk,
             gboolean *escaped)
{
  *escaped = FALSE;
  if (walk->p >= walk->end || *walk->p != '"')
    return FALSE;
  /* memchr, not a loop over each byte: the rows of a journey are mostly strings. */
  for (walk->p++; walk->p < walk->end;)
    {
      const char *quote = memchr (walk->p, '"', (gsize) (walk->end - walk->p));
      const char *backslash;

      if (quote == NULL)
        return FALSE;
      backslash = memchr (walk->p, '\\', (gsize) (quote - walk->p));
      if (backslash == NULL)
        {
          walk->p = quote + 1;
          return TRUE;
        }
      /* An escape: the character after the backslash is not the end. */
      *escaped = TRUE;
      walk->p = backslash + 2;
    }
  return FALSE;
}

/* Any value, to just past it. */
static gboolean
walk_value (Walk *walk)
{
  gboolean escaped;
  guint depth = 0;

  walk_blanks (walk);
  if (walk->p < walk->end && *walk->p != '"' && *walk->p != '{' && *walk->p != '[')
    {
      /* A number or a word: to the first character that ends it. */
      while (walk->p < walk->end && strchr (",}] \n\r\t", *walk->p) == NULL)
        walk->p++;
      return TRUE;
    }
  do
    {
      if (walk->p >= walk->end)
        return depth == 0;
      switch (*walk->p)
        {
        case '"':
          if (!walk_string (walk, &escaped))
            return FALSE;
          if (depth == 0)
            return TRUE;
          continue;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (depth == 0)
            return TRUE;  /* a scalar ends with its container */
          depth--;
          break;
        case ',':
        case ' ':
        case '\n':
        case '\r':
        case '\t':
          if (depth == 0)
            return TRUE;
          break;
        default:
          break;
        }
      walk->p++;
    }
  while (depth > 0);
  return TRUE;
}

/* Finds the member named wanted (letter case aside) of the object at walk's position: *value
 * is where its value begins, NULL when there is none. FALSE when the object cannot be read
 * here: not an object, or a key with an escape (json-glib would decode it). */
static gboolean
walk_members (Walk        *walk,
              const char  *wanted,
              const char **value)
{
  gsize wanted_length = strlen (wanted);

  *value = NULL;
  walk_blanks (walk);
  if (walk->p >= walk->end || *walk->p != '{')
    return FALSE;
  walk->p++;
  walk_blanks (walk);
  if (walk->p < walk->end && *walk->p == '}')
    return TRUE;

  while (walk->p < walk->end)
    {
      const char *key = walk->p + 1;
      gsize key_length;
      gboolean escaped;

      if (!walk_string (walk, &escaped) || escaped)
        return FALSE;
      key_length = (gsize) (walk->p - 1 - key);
      walk_blanks (walk);
      if (walk->p >= walk->end || *walk->p != ':')
        return FALSE;
      walk->p++;
      walk_blanks (walk);
      /* As lcm_json_object_lookup; lcm_json_check refused two members that differ only by
       * letter case, so this one is the only one. */
      if (key_length == wanted_length && g_ascii_strncasecmp (key, wanted, wanted_length) == 0)
        *value = walk->p;
      if (!walk_value (walk))
        return FALSE;
      walk_blanks (walk);
      if (walk->p >= walk->end || *walk->p != ',')
        break;
      walk->p++;
      walk_blanks (walk);
    }
  return TRUE;
}

/* Where payload.response is, when it is an array: the payload is "message", else "data",
 * as read_root reads them. */
static gboolean
find_response_array (const char *data,
                     gsize       length,
                     gsize      *start,
                     gsize      *end)
{
  Walk walk = { data, data + length };
  const char *payload;
  const char *payload_data;
  const char *response;

  if (!walk_members (&walk, "message", &payload))
    return FALSE;
  walk.p = data;
  if (!walk_members (&walk, "data", &payload_data))
    return FALSE;
  if (payload == NULL || *payload == 'n')
    payload = payload_data;
  if (payload == NULL || *payload != '{')
    return FALSE;

  walk.p = payload;
  if (!walk_members (&walk, "response", &response) || response == NULL || *response != '[')
    return FALSE;
  walk.p = response;
  if (!walk_value (&walk))
    return FALSE;
  *start = (gsize) (response - data);
  *end = (gsize) (walk.p - data);
  return TRUE;
}

LcmEnvelope *
lcm_envelope_parse_answer (GBytes  *frame,
                           gsize    max_size,
                           GError **error)
{
  g_autoptr(LcmEnvelope) self = envelope_new ();
  g_autoptr(GString) rest = NULL;
  const char *data;
  gsize length = 0;
  gsize start = 0;
  gsize end = 0;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (frame, &length);
  if (length < LCM_ENVELOPE_TEXT_RESPONSE_SIZE)
    return lcm_envelope_parse (data, length, max_size, error);

  if (!lcm_json_check (data, length, max_size, error))
    return NULL;
  if (find_response_array (data, length, &start, &end))
    {
      /* The frame without its rows is read as always; the rows are kept as text, for a
       * decoder that reads them straight. */
      rest = g_string_sized_new (length - (end - start) + 2);
      g_string_append_len (rest, data, (gssize) start);
      g_string_append (rest, "[]");
      g_string_append_len (rest, data + end, (gssize) (length - end));
    }
  self->root = rest != NULL ? lcm_json_parse_checked (rest->str, rest->len, error)
                            : lcm_json_parse_checked (data, length, error);
  if (self->root == NULL || !read_root (self, error))
    return NULL;
  if (rest != NULL && self->response != NULL)
    {
      self->response = NULL;
      self->response_text = g_bytes_new_from_bytes (frame, start, end - start);
    }
  return g_steal_pointer (&self);
}

const char *
lcm_envelope_get_subtopic (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->subtopic;
}

const char *
lcm_envelope_get_source (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->source;
}

JsonNode *
lcm_envelope_get_payload (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->payload;
}

JsonObject *
lcm_envelope_get_payload_object (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->payload == NULL || !JSON_NODE_HOLDS_OBJECT (self->payload))
    return NULL;
  return json_node_get_object (self->payload);
}

const char *
lcm_envelope_get_callid (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->callid;
}

/* The tree of a response kept as text, built once. The whole frame passed lcm_json_check,
 * which json-glib may still refuse (a bare word it does not know, as "tru"): why is kept
 * for lcm_envelope_read_response. */
static void
build_response (LcmEnvelope *self)
{
  g_mutex_lock (&self->response_lock);
  if (!self->response_built)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (self->response_text, &length);

      self->response_tree = lcm_json_parse_checked (data, length, &self->response_error);
      self->response = self->response_tree;
      self->response_built = TRUE;
    }
  g_mutex_unlock (&self->response_lock);
}

JsonNode *
lcm_envelope_get_response (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->response_text != NULL)
    build_response (self);
  return self->response;
}

JsonNode *
lcm_envelope_read_response (LcmEnvelope  *self,
                            GError      **error)
{
  JsonNode *response;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  response = lcm_envelope_get_response (self);
  if (response == NULL && self->response_error != NULL)
    g_propagate_error (error, g_error_copy (self->response_error));
  return response;
}

gboolean
lcm_envelope_has_response (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->response_text != NULL || self->response != NULL;
}

GBytes *
lcm_envelope_get_response_text (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->response_text;
}

gboolean
lcm_envelope_subtopic_is (LcmEnvelope *self,
                          const char  *subtopic)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (subtopic != NULL, FALSE);

  return g_ascii_strcasecmp (self->subtopic, subtopic) == 0;
}

gboolean
lcm_envelope_is_error (LcmEnvelope  *self,
                       const char  **request,
                       const char  **actual_error,
                       const char  **message)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (request != NULL)
    *request = self->error_request;
  if (actual_error != NULL)
    *actual_error = self->actual_error;
  if (message != NULL)
    *message = self->error_message;
  return self->is_error;
}

GError *
lcm_envelope_dup_error (LcmEnvelope *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->is_error)
    return NULL;

  /* The Message text is written for people; ActualError is for logs, and is shown only
   * when the gateway gave nothing better. */
  if (self->error_message != NULL && *self->error_message != '\0')
    return g_error_new_literal (LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR,
                                self->error_message);
  if (self->actual_error != NULL && *self->actual_error != '\0')
    return g_error_new_literal (LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR,
                                self->actual_error);
  return g_error_new_literal (LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR,
                              _("The gateway refused the request without saying why"));
}

static char *
write_envelope (const char *subtopic,
                const char *source,
                const char *payload_name,
                JsonNode   *payload)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "LCM");
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, "WebService");
  json_builder_set_member_name (builder, "subtopic");
  json_builder_add_string_value (builder, subtopic);
  if (source != NULL)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source);
    }
  json_builder_set_member_name (builder, payload_name);
  json_builder_add_value (builder, payload);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return lcm_json_node_to_string (root, NULL);
}

char *
lcm_envelope_write_request (const char *subtopic,
                            const char *source,
                            JsonObject *data)
{
  JsonNode *payload;

  g_return_val_if_fail (subtopic != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  payload = json_node_init_object (json_node_alloc (), data);
  return write_envelope (subtopic, source, "data", payload);
}

char *
lcm_envelope_write_response (const char *subtopic,
                             const char *callid,
                             JsonNode   *response)
{
  g_autoptr(JsonObject) message = json_object_new ();
  JsonNode *payload;

  g_return_val_if_fail (subtopic != NULL, NULL);

  if (callid != NULL)
    json_object_set_string_member (message, "callid", callid);
  if (response != NULL)
    json_object_set_member (message, "response", json_node_copy (response));
  payload = json_node_init_object (json_node_alloc (), message);
  return write_envelope (subtopic, NULL, "message", payload);
}

char *
lcm_envelope_write_ws_error (const char *callid,
                             const char *request,
                             const char *actual_error,
                             const char *message)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonNode *payload;

  json_object_set_string_member (body, "callid", callid != NULL ? callid : "");
  json_object_set_string_member (body, "request", request != NULL ? request : "");
  json_object_set_string_member (body, "ErrorType", "WS_Error");
  json_object_set_string_member (body, "ActualError", actual_error != NULL ? actual_error : "");
  json_object_set_string_member (body, "Message", message != NULL ? message : "");
  payload = json_node_init_object (json_node_alloc (), body);
  return write_envelope ("WS_Error", NULL, "message", payload);
}
