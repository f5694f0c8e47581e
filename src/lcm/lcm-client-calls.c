/* lcm-client-calls.c: the client's calls, and the answers matched to them
 *
 * The protocol has no request id: an answer is matched by its response subtopic, in the
 * order the requests were sent, and by callid where both carry one. Frames are read in the
 * order they came, the large ones parsed on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-client"

#include "config.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lcm-client-private.h"
#include "lcm-enum-types.h"
#include "lcm-envelope.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-message-limit.h"
#include "lcm-private.h"
#include "lcm-response.h"
#include "lcm-waiting-task.h"

/* Parsing a large frame on a worker thread ends by draining the queue again. */
static void drain_incoming (LcmClient *self);

void
lcm_client_pending_call_free (PendingCall *call)
{
  g_clear_handle_id (&call->timeout_source, g_source_remove);
  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_clear_pointer (&call->cancel_source, g_source_unref);
    }
  g_clear_object (&call->task);
  g_clear_pointer (&call->request, lcm_request_unref);
  g_free (call->frame);
  g_free (call);
}

/* Hands the outcome to the caller. A call that was sent and is not answered by the
 * gateway itself (timeout, cancel) stays queued as a ghost; any other leaves the queue. */
static void
pending_call_finish (PendingCall *call,
                     LcmEnvelope *answer,
                     GError      *error,
                     gboolean     answered)
{
  LcmClient *self = call->client;
  g_autoptr(GTask) task = g_steal_pointer (&call->task);

  g_clear_handle_id (&call->timeout_source, g_source_remove);
  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_clear_pointer (&call->cancel_source, g_source_unref);
    }

  if (answered || !call->sent)
    {
      g_queue_remove (&self->pending, call);
      lcm_client_pending_call_free (call);
    }

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, lcm_envelope_ref (answer), (GDestroyNotify) lcm_envelope_unref);
}

static void
send_call (LcmClient   *self,
           PendingCall *call)
{
  g_assert (lcm_client_connection_is_open (self));
  g_assert (!call->sent);

  call->sent = TRUE;
  call->ever_sent = TRUE;
  call->sent_time = g_get_monotonic_time ();
  g_debug ("Sending %s",
           lcm_operation_get_request_subtopic (lcm_request_get_operation (call->request)));
  soup_websocket_connection_send_text (self->connection, call->frame);
}

void
lcm_client_send_unsent (LcmClient *self)
{
  for (GList *l = self->pending.head;
       l != NULL && lcm_client_connection_is_open (self);
       l = l->next)
    {
      PendingCall *call = l->data;

      if (!call->sent && call->task != NULL)
        send_call (self, call);
    }
}

static gboolean
on_call_timeout_cb (gpointer user_data)
{
  PendingCall *call = user_data;
  LcmClient *self = call->client;
  GError *error;

  call->timeout_source = 0;
  /* Never sent because no connection came up: say why, not that the gateway was silent. */
  if (!call->ever_sent && self->last_connect_error != NULL)
    error = lcm_client_not_connected_error (self->last_connect_error);
  else if (call->sent && self->last_refusal != NULL && self->last_refusal_time >= call->sent_time)
    /* Translators: the second %s says why a message of the gateway's was refused */
    error = g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TIMEOUT,
                         _("The gateway did not answer within %u seconds; a message it sent "
                           "meanwhile was refused: %s"),
                         (self->request_timeout_ms + 999) / 1000, self->last_refusal->message);
  else
    error = g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TIMEOUT,
                         _("The gateway did not answer within %u seconds"),
                         (self->request_timeout_ms + 999) / 1000);
  pending_call_finish (call, NULL, error, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_call_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  PendingCall *call = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  pending_call_finish (call, NULL, error, FALSE);
  return G_SOURCE_REMOVE;
}

void
lcm_client_fail_all_pending (LcmClient *self,
                             GError    *error)
{
  while (!g_queue_is_empty (&self->pending))
    {
      PendingCall *call = g_queue_peek_head (&self->pending);

      /* Leaving the queue: answered as far as the queue is concerned. */
      pending_call_finish (call, NULL, g_error_copy (error), TRUE);
    }
}

/* The gateway ended the connection for a reason of its own: what was sent on it fails now,
 * with that reason, instead of going again on the next connection (the outbox sends a write
 * again until it is answered). What was not sent yet waits for the next connection. */
void
lcm_client_fail_sent_calls (LcmClient    *self,
                            const GError *cause)
{
  GQueue sent = G_QUEUE_INIT;
  PendingCall *call;

  /* Taken out first: the callers' callbacks may make or cancel calls. */
  for (GList *l = self->pending.head; l != NULL;)
    {
      GList *next = l->next;

      call = l->data;
      if (call->sent && call->task != NULL)
        {
          g_queue_unlink (&self->pending, l);
          g_queue_push_tail_link (&sent, l);
        }
      l = next;
    }
  while ((call = g_queue_pop_head (&sent)) != NULL)
    pending_call_finish (call, NULL, g_error_copy (cause), TRUE);
}

static gboolean
callids_agree (const char *request_callid,
               const char *response_callid)
{
  if (request_callid == NULL || *request_callid == '\0' ||
      response_callid == NULL || *response_callid == '\0')
    return TRUE;
  return g_strcmp0 (request_callid, response_callid) == 0;
}

static PendingCall *
find_call_for_response (LcmClient   *self,
                        LcmEnvelope *envelope)
{
  const char *subtopic = lcm_envelope_get_subtopic (envelope);
  const char *callid = lcm_envelope_get_callid (envelope);

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      PendingCall *call = l->data;

      if (call->sent &&
          lcm_operation_matches_response (lcm_request_get_operation (call->request), subtopic) &&
          callids_agree (lcm_request_get_callid (call->request), callid))
        return call;
    }
  return NULL;
}

/* An error names the request it answers, else its callid, else it answers the oldest. */
static PendingCall *
find_call_for_error (LcmClient   *self,
                     LcmEnvelope *envelope,
                     const char  *request)
{
  const char *callid = lcm_envelope_get_callid (envelope);

  if (request != NULL && *request != '\0')
    for (GList *l = self->pending.head; l != NULL; l = l->next)
      {
        PendingCall *call = l->data;
        LcmOperation operation = lcm_request_get_operation (call->request);

        if (call->sent &&
            g_ascii_strcasecmp (lcm_operation_get_request_subtopic (operation), request) == 0 &&
            callids_agree (lcm_request_get_callid (call->request), callid))
          return call;
      }

  if (callid != NULL && *callid != '\0')
    for (GList *l = self->pending.head; l != NULL; l = l->next)
      {
        PendingCall *call = l->data;

        if (call->sent && g_strcmp0 (lcm_request_get_callid (call->request), callid) == 0)
          return call;
      }

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      PendingCall *call = l->data;

      if (call->sent)
        return call;
    }
  return NULL;
}

static void
handle_envelope (LcmClient   *self,
                 LcmEnvelope *envelope)
{
  const char *request = NULL;
  PendingCall *call;

  if (lcm_envelope_subtopic_is (envelope, "OutcomeSetForCall"))
    {
      JsonNode *payload = lcm_envelope_get_payload (envelope);

      if (payload != NULL && JSON_NODE_HOLDS_VALUE (payload) &&
          json_node_get_value_type (payload) == G_TYPE_STRING)
        lcm_client_emit_outcome_set (self, json_node_get_string (payload));
      return;
    }

  if (lcm_envelope_is_error (envelope, &request, NULL, NULL))
    {
      call = find_call_for_error (self, envelope, request);
      if (call == NULL)
        {
          g_debug ("An error answered no pending request");
          return;
        }
      pending_call_finish (call, NULL, lcm_envelope_dup_error (envelope), TRUE);
      return;
    }

  call = find_call_for_response (self, envelope);
  if (call == NULL)
    {
      g_debug ("Ignoring %s: no request is waiting for it", lcm_envelope_get_subtopic (envelope));
      return;
    }

  if (!lcm_envelope_has_response (envelope))
    {
      pending_call_finish (call, NULL,
                           g_error_new_literal (LCM_PROTOCOL_ERROR,
                                                LCM_PROTOCOL_ERROR_MISSING_FIELD,
                                                _("The gateway’s answer has no response")),
                           TRUE);
      return;
    }

  if (lcm_request_is_write (call->request))
    {
      GError *error = NULL;

      if (!lcm_response_decode_success (lcm_envelope_get_response (envelope), &error))
        {
          pending_call_finish (call, NULL, error, TRUE);
          return;
        }
    }

  pending_call_finish (call, envelope, NULL, TRUE);
}

/* Whether frames of the current connection wait in the queue (being parsed, or behind one
 * that is). */
gboolean
lcm_client_has_frames_of_connection (LcmClient *self)
{
  IncomingFrame *last = g_queue_peek_tail (&self->incoming);

  return last != NULL && last->generation == self->generation;
}

static void
incoming_frame_free (IncomingFrame *frame)
{
  g_clear_pointer (&frame->bytes, g_bytes_unref);
  g_clear_pointer (&frame->envelope, lcm_envelope_unref);
  g_clear_error (&frame->error);
  g_free (frame);
}

static void
parse_frame (IncomingFrame *frame,
             gsize          max_frame_size)
{
  frame->envelope = lcm_envelope_parse_answer (frame->bytes, max_frame_size, &frame->error);
  frame->ready = TRUE;
}

static void
parse_frame_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  IncomingFrame *frame = task_data;
  /* The size was checked against the limit when the frame arrived. */
  parse_frame (frame, 0);
  g_task_return_boolean (task, TRUE);
}

static void
on_frame_parsed_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LcmClient *self = LCM_CLIENT (source_object);

  g_task_propagate_boolean (G_TASK (result), NULL);
  drain_incoming (self);
}

static void
drain_incoming (LcmClient *self)
{
  /* Callbacks run from here may drop the caller's last reference to the client. */
  G_GNUC_UNUSED g_autoptr(LcmClient) hold = g_object_ref (self);
  IncomingFrame *frame;

  while ((frame = g_queue_peek_head (&self->incoming)) != NULL && frame->ready)
    {
      g_queue_pop_head (&self->incoming);

      /* A frame of a connection that is gone answers nobody: what was sent on it is
       * sent again on the next one. */
      if (frame->generation == self->generation)
        {
          if (frame->envelope != NULL)
            handle_envelope (self, frame->envelope);
          else
            {
              g_debug ("Refused a frame: %s", frame->error->message);
              g_clear_error (&self->last_refusal);
              self->last_refusal = g_error_copy (frame->error);
              self->last_refusal_time = g_get_monotonic_time ();
              lcm_client_emit_protocol_error (self, frame->error);
            }
        }
      incoming_frame_free (frame);
    }

  if (self->close_pending && !lcm_client_has_frames_of_connection (self))
    lcm_client_finish_close (self);
  else
    lcm_client_maybe_hand_over (self);
}

void
lcm_client_on_connection_message_cb (SoupWebsocketConnection *connection,
                                     int                      type,
                                     GBytes                  *message,
                                     gpointer                 user_data)
{
  LcmClient *self = user_data;
  IncomingFrame *frame;

  self->last_heard = g_get_monotonic_time ();

  if (g_bytes_get_size (message) >= LCM_CLIENT_HANDOVER_FRAME_SIZE)
    self->handover_wanted = TRUE;

  frame = g_new0 (IncomingFrame, 1);
  /* The signal's bytes are not ours: take a reference of our own. */
  frame->bytes = g_bytes_ref (message);
  frame->generation = self->generation;
  g_queue_push_tail (&self->incoming, frame);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      frame->error = g_error_new_literal (LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_INVALID_JSON,
                                          _("The gateway sent a binary message"));
      frame->ready = TRUE;
    }
  else if (g_bytes_get_size (message) > self->max_frame_size)
    {
      frame->error = g_error_new (LCM_PROTOCOL_ERROR, LCM_PROTOCOL_ERROR_TOO_LARGE,
                                  _("The message is %zu bytes, more than the "
                                    "limit of %zu bytes"),
                                  g_bytes_get_size (message), self->max_frame_size);
      frame->ready = TRUE;
    }
  else if (g_bytes_get_size (message) >= LARGE_FRAME_SIZE)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, on_frame_parsed_cb, NULL);

      g_task_set_source_tag (task, lcm_client_on_connection_message_cb);
      g_task_set_task_data (task, frame, NULL);
      g_task_run_in_thread (task, parse_frame_in_thread);
      return;
    }
  else
    parse_frame (frame, self->max_frame_size);

  drain_incoming (self);
}

void
lcm_client_call_async (LcmClient           *self,
                       LcmRequest          *request,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PendingCall *call;

  g_return_if_fail (LCM_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lcm_client_call_async);

  if (!self->started)
    {
      g_task_return_new_error (task, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED,
                               _("Not connected to the gateway"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  call = g_new0 (PendingCall, 1);
  call->client = self;
  call->task = g_steal_pointer (&task);
  call->request = lcm_request_ref (request);
  call->frame = lcm_request_to_frame (request, self->source);
  call->timeout_source = g_timeout_add (self->request_timeout_ms, on_call_timeout_cb, call);
  if (cancellable != NULL)
    {
      call->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (on_call_cancelled_cb), call,
                             NULL);
      g_source_attach (call->cancel_source, g_main_context_get_thread_default ());
    }
  g_queue_push_tail (&self->pending, call);

  if (lcm_client_connection_is_open (self))
    send_call (self, call);
}

JsonNode *
lcm_client_call_finish (LcmClient     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(LcmEnvelope) answer = NULL;
  JsonNode *response;

  g_return_val_if_fail (LCM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  /* handle_envelope saw a response: NULL only for text json-glib cannot read, said why. */
  response = lcm_envelope_read_response (answer, error);
  return response != NULL ? json_node_ref (response) : NULL;
}

/* A large answer decoded on a worker thread, for lcm_client_fetch_async. */
typedef struct
{
  LcmOperation  operation;
  LcmEnvelope  *answer;
} DecodeData;

static void
decode_data_free (DecodeData *data)
{
  g_clear_pointer (&data->answer, lcm_envelope_unref);
  g_free (data);
}

static void
decode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DecodeData *data = task_data;
  GError *error = NULL;
  GListModel *list = lcm_response_decode_answer (data->operation, data->answer, NULL, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

static void
on_decoded_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GListModel *list = g_task_propagate_pointer (G_TASK (result), &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

static void
on_fetch_response_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LcmClient *self = LCM_CLIENT (source_object);
  GError *error = NULL;
  LcmEnvelope *answer = g_task_propagate_pointer (G_TASK (result), &error);
  LcmRequest *request = g_task_get_task_data (task);
  g_autoptr(GTask) decode = NULL;
  GCancellable *cancellable;
  DecodeData *data;

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (DecodeData, 1);
  data->operation = lcm_request_get_operation (request);
  data->answer = answer;
  cancellable = g_task_get_cancellable (task);
  decode = g_task_new (self, cancellable, on_decoded_cb, g_steal_pointer (&task));
  g_task_set_source_tag (decode, on_fetch_response_cb);
  g_task_set_task_data (decode, data, (GDestroyNotify) decode_data_free);
  g_task_run_in_thread (decode, decode_in_thread);
}

void
lcm_client_fetch_async (LcmClient           *self,
                        LcmRequest          *request,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LCM_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!lcm_request_is_write (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lcm_client_fetch_async);
  g_task_set_task_data (task, lcm_request_ref (request), (GDestroyNotify) lcm_request_unref);
  lcm_client_call_async (self, request, cancellable, on_fetch_response_cb,
                         g_steal_pointer (&task));
}

GListModel *
lcm_client_fetch_finish (LcmClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
lcm_client_get_n_pending (LcmClient *self)
{
  guint n = 0;

  g_return_val_if_fail (LCM_IS_CLIENT (self), 0);

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (((PendingCall *) l->data)->task != NULL)
      n++;
  return n;
}
