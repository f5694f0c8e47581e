/* lcm-client.c: one WebSocket session to an LCM gateway
 *
 * The protocol has no request id, so answers are matched to requests by their response
 * subtopic, in the order the requests were sent, and by callid where both carry one (see
 * the protocol README, "Transport binding"). Everything here runs on the thread-default
 * main context of the thread that made the client; only the parsing of large frames and the
 * decoding of large answers go to a worker thread, and their results are taken back in the
 * order the frames arrived.
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

#include "lcm-client.h"
#include "lcm-enum-types.h"
#include "lcm-envelope.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-message-limit.h"
#include "lcm-private.h"
#include "lcm-response.h"

/* Frames larger than this are parsed on a worker thread, so a 100,000-row journey does
 * not freeze the window that asked for it. */
#define LARGE_FRAME_SIZE (256 * 1024)
/* Reconnection backoff: 0.5 s, doubling, at most 30 s, with up to 25 % jitter. */
#define BACKOFF_FIRST_MS 500
#define BACKOFF_MAX_MS   30000
/* Our own close code for a connection the watchdog found dead (4000-4999 are ours). */
#define CLOSE_NO_PONG 4000
/* The watchdog looks this many times per keepalive interval, so a dead connection is
 * noticed between 2 and 2.25 intervals after the last thing heard. */
#define WATCHDOG_TICKS_PER_INTERVAL 4
/* What a certificate may still have wrong when it is the trusted one: only that no
 * authority signed it. */
#define PINNED_CERTIFICATE_ERRORS G_TLS_CERTIFICATE_UNKNOWN_CA
/* On an attempt's SoupMessage: the GTlsCertificateFlags of a certificate it refused, + 1. */
#define REFUSED_CERTIFICATE_KEY "lcm-client-refused-certificate"
/* How long the handshake may take before the attempt counts as failed. */
#define HANDSHAKE_TIMEOUT_S 10

struct _LcmClient
{
  GObject                  parent_instance;

  char                    *url;
  char                    *token;
  char                    *source;
  gboolean                 allow_insecure;
  guint                    request_timeout_ms;
  guint                    keepalive_interval;
  gsize                    max_frame_size;
  GTlsCertificate         *trusted_certificate;
  LcmClientState           state;
  /* Why the last connection attempt failed; NULL once connected. */
  GError                  *last_connect_error;

  gboolean                 started;
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GCancellable            *attempt_cancellable;
  SoupMessage             *attempt_message;
  guint                    attempt;
  guint                    reconnect_source;
  guint                    watchdog_source;
  gint64                   last_heard;

  /* PendingCall, in the order they were made, which is the order they are sent. */
  GQueue                   pending;
  /* IncomingFrame, in the order they arrived. */
  GQueue                   incoming;
  /* ConnectWaiter, completed by the next attempt's outcome. */
  GQueue                   connect_waiters;
  /* Counts connections, so frames of a dead one are told apart. */
  guint                    generation;

  /* On the current connection: the first frame libsoup or the message limit refused in a
   * way that ends it (SOUP_WEBSOCKET_ERROR), and the last frame refused that did not. */
  GError                  *connection_error;
  GError                  *last_refusal;
  gint64                   last_refusal_time;
  /* It closed while some of its frames were still being parsed: what closing does (failing
   * what the gateway's reason fails, reconnecting) waits until they are handled. */
  gboolean                 close_pending;
  GError                  *close_cause;
};

G_DEFINE_FINAL_TYPE (LcmClient, lcm_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_TOKEN,
  PROP_SOURCE,
  PROP_ALLOW_INSECURE,
  PROP_REQUEST_TIMEOUT,
  PROP_KEEPALIVE_INTERVAL,
  PROP_MAX_FRAME_SIZE,
  PROP_TRUSTED_CERTIFICATE,
  PROP_STATE,
  PROP_LAST_CONNECT_ERROR,
  N_PROPS
};

enum {
  SIGNAL_OUTCOME_SET,
  SIGNAL_PROTOCOL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  LcmClient    *client;
  GTask        *task;         /* NULL once answered to the caller: a ghost, see below */
  LcmRequest   *request;
  char         *frame;
  gboolean      sent;         /* sent on the current connection */
  gboolean      ever_sent;    /* sent on some connection */
  gint64        sent_time;    /* monotonic, of the last sending */
  guint         timeout_source;
  GSource      *cancel_source;
} PendingCall;

/* A call that timed out or was cancelled after it was sent stays in the queue as a ghost
 * (task NULL) until its answer arrives or the connection drops: otherwise that late answer
 * would be taken for the answer to the next request of the same kind. */

typedef struct
{
  GBytes       *bytes;
  LcmEnvelope  *envelope;
  GError       *error;
  gboolean      ready;
  guint         generation;
} IncomingFrame;

typedef struct
{
  GTask        *task;
  GSource      *cancel_source;
} ConnectWaiter;

static void     schedule_reconnect    (LcmClient *self);
static void     begin_attempt         (LcmClient *self);
static void     drain_incoming        (LcmClient *self);
static void     finish_close          (LcmClient *self);

/* Helpers */

static void
set_state (LcmClient      *self,
           LcmClientState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* error: a copy is kept; NULL clears it. A new attempt failing the same way is no change. */
static void
set_last_connect_error (LcmClient    *self,
                        const GError *error)
{
  GError *old = self->last_connect_error;

  if (old == error
      || (old != NULL && error != NULL && old->domain == error->domain
          && old->code == error->code && g_strcmp0 (old->message, error->message) == 0))
    return;
  self->last_connect_error = error != NULL ? g_error_copy (error) : NULL;
  g_clear_error (&old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONNECT_ERROR]);
}

/* What a request learns of a failed connection attempt, worded for people. */
static GError *
not_connected_error (const GError *connect_error)
{
  return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED,
                      _("Cannot reach the gateway: %s"), connect_error->message);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* g_uri_get_host gives IPv6 literals without brackets; be lenient either way. */
  if (host[0] == '[')
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
check_url (LcmClient  *self,
           GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (self->url == NULL || *self->url == '\0')
    {
      g_set_error_literal (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INVALID_URL,
                           _("No gateway address is set"));
      return FALSE;
    }

  uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0))
    {
      g_autofree char *shown = lcm_quote_for_message (self->url);
      g_set_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INVALID_URL,
                   _("“%s” is not a gateway address: use ws:// or wss:// followed by a host"),
                   shown);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "ws") == 0 && !host_is_loopback (host) && !self->allow_insecure)
    {
      g_autofree char *shown = lcm_quote_for_message (host);
      g_set_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INSECURE_URL,
                   _("The gateway %s would be reached without encryption: use wss://, or "
                     "allow insecure connections in the settings"),
                   shown);
      return FALSE;
    }

  return TRUE;
}

/* ws:// never goes through a proxy, it connects directly: to a loopback host it never leaves
 * the computer, and to another (allow-insecure) the proxy would read the access token.
 * Nothing for a loopback host does either. wss:// to another host follows the system's
 * proxy settings: libsoup tunnels it (CONNECT), so a proxy sees only encrypted bytes. */
static gboolean
url_may_use_proxy (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "wss") == 0 &&
         !host_is_loopback (host);
}

static gboolean
connection_is_open (LcmClient *self)
{
  return self->connection != NULL &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* Pending calls */

static void
pending_call_free (PendingCall *call)
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
                     JsonNode    *response,
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
      pending_call_free (call);
    }

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, json_node_ref (response), (GDestroyNotify) json_node_unref);
}

static void
send_call (LcmClient   *self,
           PendingCall *call)
{
  g_assert (connection_is_open (self));
  g_assert (!call->sent);

  call->sent = TRUE;
  call->ever_sent = TRUE;
  call->sent_time = g_get_monotonic_time ();
  g_debug ("Sending %s", lcm_operation_get_request_subtopic (lcm_request_get_operation (call->request)));
  soup_websocket_connection_send_text (self->connection, call->frame);
}

static void
send_unsent (LcmClient *self)
{
  for (GList *l = self->pending.head; l != NULL && connection_is_open (self); l = l->next)
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
    error = not_connected_error (self->last_connect_error);
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

static void
fail_all_pending (LcmClient *self,
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
static void
fail_sent_calls (LcmClient    *self,
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

/* Matching answers to calls */

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
  JsonNode *response;

  if (lcm_envelope_subtopic_is (envelope, "OutcomeSetForCall"))
    {
      JsonNode *payload = lcm_envelope_get_payload (envelope);

      if (payload != NULL && JSON_NODE_HOLDS_VALUE (payload) &&
          json_node_get_value_type (payload) == G_TYPE_STRING)
        g_signal_emit (self, signals[SIGNAL_OUTCOME_SET], 0, json_node_get_string (payload));
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

  response = lcm_envelope_get_response (envelope);
  if (response == NULL)
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

      if (!lcm_response_decode_success (response, &error))
        {
          pending_call_finish (call, NULL, error, TRUE);
          return;
        }
    }

  pending_call_finish (call, response, NULL, TRUE);
}

/* Incoming frames */

/* Whether frames of the current connection wait in the queue (being parsed, or behind one
 * that is). */
static gboolean
has_frames_of_connection (LcmClient *self)
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
  gsize length;
  const char *data = g_bytes_get_data (frame->bytes, &length);

  frame->envelope = lcm_envelope_parse (data, length, max_frame_size, &frame->error);
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
              g_signal_emit (self, signals[SIGNAL_PROTOCOL_ERROR], 0, frame->error);
            }
        }
      incoming_frame_free (frame);
    }

  if (self->close_pending && !has_frames_of_connection (self))
    finish_close (self);
}

static void
on_connection_message_cb (SoupWebsocketConnection *connection,
                          int                      type,
                          GBytes                  *message,
                          gpointer                 user_data)
{
  LcmClient *self = user_data;
  IncomingFrame *frame;

  self->last_heard = g_get_monotonic_time ();

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

      g_task_set_source_tag (task, on_connection_message_cb);
      g_task_set_task_data (task, frame, NULL);
      g_task_run_in_thread (task, parse_frame_in_thread);
      return;
    }
  else
    parse_frame (frame, self->max_frame_size);

  drain_incoming (self);
}

/* Connection life */

static void
connect_waiter_free (ConnectWaiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

/* error is the attempt's failure as libsoup or GIO gave it, or one of ours. */
static void
complete_connect_waiters (LcmClient    *self,
                          const GError *error)
{
  ConnectWaiter *waiter;

  while ((waiter = g_queue_pop_head (&self->connect_waiters)) != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

      connect_waiter_free (waiter);
      if (error == NULL)
        g_task_return_boolean (task, TRUE);
      else if (error->domain == LCM_CLIENT_ERROR)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_error (task, not_connected_error (error));
    }
}

static void
drop_connection (LcmClient *self,
                 gushort    close_code)
{
  g_clear_handle_id (&self->watchdog_source, g_source_remove);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, close_code, NULL);
      g_clear_object (&self->connection);
    }

  /* Frames of the old connection, even those still being parsed, answer nobody now. */
  self->generation++;
  g_clear_error (&self->connection_error);
  g_clear_error (&self->last_refusal);
  g_clear_error (&self->close_cause);
  self->close_pending = FALSE;

  /* What was sent on the old connection is sent again on the next: the answer may have
   * been lost with it. Ghosts have no one waiting, and go. */
  for (GList *l = self->pending.head; l != NULL;)
    {
      PendingCall *call = l->data;
      GList *next = l->next;

      if (call->task == NULL)
        {
          g_queue_delete_link (&self->pending, l);
          pending_call_free (call);
        }
      else
        call->sent = FALSE;
      l = next;
    }
}

/* Why the gateway ended the connection, for the requests sent on it, or NULL when it only
 * went away (a restart, the network, a close of the application's own range): then what
 * was sent on it goes again on the next connection. */
static GError *
describe_close (LcmClient               *self,
                SoupWebsocketConnection *connection)
{
  gushort code = soup_websocket_connection_get_close_code (connection);
  const char *reason = soup_websocket_connection_get_close_data (connection);

  /* Service restart, try again later: going away, which libsoup 3.2 takes for a protocol
   * error of the gateway's. */
  if (code == 1012 || code == 1013)
    return NULL;

  if (self->connection_error != NULL)
    {
      switch (self->connection_error->code)
        {
        case SOUP_WEBSOCKET_CLOSE_TOO_BIG:
          {
            g_autofree char *limit = g_format_size_full (self->max_frame_size,
                                                         G_FORMAT_SIZE_IEC_UNITS);

            return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                                _("The gateway sent a message larger than the limit of %s"),
                                limit);
          }
        case SOUP_WEBSOCKET_CLOSE_BAD_DATA:
          return g_error_new_literal (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                                      _("The gateway sent a text message that is not valid "
                                        "UTF-8"));
        default:
          return g_error_new_literal (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                                      _("The gateway broke the WebSocket protocol"));
        }
    }

  /* 1000 and 1001 are a normal end; 1005 and 1006 say that no code came; 3000-4999 are
   * the application's, with no meaning known here. */
  if (code < 1002 || code > 2999 || code == 1005 || code == 1006)
    return NULL;
  if (reason != NULL && *reason != '\0')
    {
      g_autofree char *shown = lcm_quote_for_message (reason);

      return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                          _("The gateway closed the connection: %u %s"), code, shown);
    }
  return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                      _("The gateway closed the connection with code %u"), code);
}

static void
finish_close (LcmClient *self)
{
  /* Callbacks run from here may drop the caller's last reference to the client. */
  G_GNUC_UNUSED g_autoptr(LcmClient) hold = g_object_ref (self);
  g_autoptr(GError) cause = g_steal_pointer (&self->close_cause);

  self->close_pending = FALSE;
  if (cause != NULL)
    {
      g_debug ("Connection ended by the gateway: %s", cause->message);
      fail_sent_calls (self, cause);
    }
  drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
  if (self->started)
    schedule_reconnect (self);
}

static void
on_connection_closed_cb (SoupWebsocketConnection *connection,
                         gpointer                 user_data)
{
  LcmClient *self = user_data;

  g_debug ("Connection closed (code %u)", soup_websocket_connection_get_close_code (connection));
  g_clear_error (&self->close_cause);
  self->close_cause = describe_close (self, connection);
  /* An answer that came before the close is still an answer. */
  if (has_frames_of_connection (self))
    self->close_pending = TRUE;
  else
    finish_close (self);
}

static void
on_connection_error_cb (SoupWebsocketConnection *connection,
                        GError                  *error,
                        gpointer                 user_data)
{
  LcmClient *self = user_data;

  g_debug ("Connection error: %s", error->message);
  /* libsoup's refusals (and the message limit's) carry the close code they send. */
  if (self->connection_error == NULL && error->domain == SOUP_WEBSOCKET_ERROR)
    self->connection_error = g_error_copy (error);
}

static void
on_connection_pong_cb (SoupWebsocketConnection *connection,
                       GBytes                  *message,
                       gpointer                 user_data)
{
  LcmClient *self = user_data;

  self->last_heard = g_get_monotonic_time ();
}

/* libsoup 3.2 sends pings but never checks that pongs come back: a gateway that vanished
 * without a close (or stopped answering) would hold requests forever. Nothing heard for two
 * intervals, neither a pong nor a frame, means the connection is dead. */
static gboolean
on_watchdog_cb (gpointer user_data)
{
  LcmClient *self = user_data;
  gint64 silence = g_get_monotonic_time () - self->last_heard;

  if (silence >= 2 * (gint64) self->keepalive_interval * G_USEC_PER_SEC)
    {
      g_debug ("Nothing heard for %" G_GINT64_FORMAT " ms: reconnecting", silence / 1000);
      self->watchdog_source = 0;
      drop_connection (self, CLOSE_NO_PONG);
      if (self->started)
        schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
trusted_certificate_unref (gpointer  data,
                           GClosure *closure)
{
  if (data != NULL)
    g_object_unref (data);
}

/* Runs in the handshake, possibly on a worker thread: it only reads its own reference to
 * the trusted certificate, and marks the message when it refuses. */
static gboolean
on_accept_certificate_cb (SoupMessage          *message,
                          GTlsCertificate      *peer_certificate,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  GTlsCertificate *trusted = user_data;

  if (trusted != NULL && peer_certificate != NULL &&
      g_tls_certificate_is_same (peer_certificate, trusted))
    {
      errors &= ~PINNED_CERTIFICATE_ERRORS;
      if (errors == 0)
        return TRUE;
    }
  g_object_set_data (G_OBJECT (message), REFUSED_CERTIFICATE_KEY,
                     GUINT_TO_POINTER ((guint) errors + 1));
  return FALSE;
}

/* A failed wss:// attempt, for people: why the certificate was refused, or what the TLS
 * layer said. */
static GError *
describe_tls_failure (LcmClient    *self,
                      SoupMessage  *message,
                      const GError *error)
{
  gpointer refused = g_object_get_data (G_OBJECT (message), REFUSED_CERTIFICATE_KEY);
  g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = lcm_quote_for_message (uri != NULL ? g_uri_get_host (uri) : "");
  GTlsCertificateFlags flags;
  const char *reason;

  if (refused == NULL)
    return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS,
                        _("No secure connection to the gateway %s could be made: %s"),
                        host, error->message);

  flags = GPOINTER_TO_UINT (refused) - 1;
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    reason = _("no trusted authority signed it");
  else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    reason = _("it was issued for another host name");
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    reason = _("it has expired");
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    reason = _("it is not valid yet");
  else if (flags & G_TLS_CERTIFICATE_REVOKED)
    reason = _("it has been revoked");
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    reason = _("it uses an insecure algorithm");
  else
    reason = _("it could not be checked");
  return g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS,
                      _("The certificate of the gateway %s was refused: %s. If it is your "
                        "gateway’s own certificate, trust exactly that certificate to connect"),
                      host, reason);
}

static void
on_websocket_connected_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(LcmClient) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  g_autoptr(SoupMessage) message = NULL;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source_object), result,
                                                      &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->attempt_cancellable);
  message = g_steal_pointer (&self->attempt_message);
  status = message != NULL ? soup_message_get_status (message) : 0;

  if (connection == NULL && (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN))
    {
      g_clear_error (&error);
      error = g_error_new_literal (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_UNAUTHORIZED,
                                   _("The gateway refused the access token"));
    }
  else if (connection == NULL && SOUP_STATUS_IS_REDIRECTION (status))
    {
      /* Not followed (SOUP_MESSAGE_NO_REDIRECT): it could lead anywhere, ws:// included. */
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (message), "Location");
      g_autofree char *shown = location != NULL ? lcm_quote_for_message (location) : NULL;

      g_clear_error (&error);
      if (shown != NULL)
        error = g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED,
                             _("The gateway answered with a redirect to “%s”, which is not "
                               "followed: use that address if it is the gateway’s"),
                             shown);
      else
        error = g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED,
                             _("The gateway answered with a redirect (HTTP %u), which is not "
                               "followed"),
                             status);
    }
  else if (connection == NULL && message != NULL &&
           (g_object_get_data (G_OBJECT (message), REFUSED_CERTIFICATE_KEY) != NULL ||
            error->domain == G_TLS_ERROR))
    {
      GError *tls_error = describe_tls_failure (self, message, error);

      g_clear_error (&error);
      error = tls_error;
    }

  /* Before the main context runs again: libsoup must not have read a frame yet. */
  if (connection != NULL && !lcm_message_limit_install (connection, self->max_frame_size))
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&connection);
      error = g_error_new_literal (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_NOT_CONNECTED,
                                   _("This version of libsoup cannot bound the size of the "
                                     "gateway’s messages"));
    }

  if (connection == NULL)
    {
      g_debug ("Connection attempt %u failed: %s", self->attempt, error->message);
      set_last_connect_error (self, error);
      complete_connect_waiters (self, error);
      if (self->started)
        schedule_reconnect (self);
      return;
    }

  self->connection = connection;
  self->attempt = 0;
  self->last_heard = g_get_monotonic_time ();

  /* The default 128 KiB would drop the connection on a large journey. Never 0: unbounded. */
  soup_websocket_connection_set_max_incoming_payload_size (connection, self->max_frame_size);
  if (self->keepalive_interval > 0)
    {
      soup_websocket_connection_set_keepalive_interval (connection, self->keepalive_interval);
      self->watchdog_source = g_timeout_add (self->keepalive_interval * 1000 /
                                             WATCHDOG_TICKS_PER_INTERVAL,
                                             on_watchdog_cb, self);
    }

  g_signal_connect (connection, "message", G_CALLBACK (on_connection_message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_connection_closed_cb), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_connection_error_cb), self);
  g_signal_connect (connection, "pong", G_CALLBACK (on_connection_pong_cb), self);

  set_last_connect_error (self, NULL);
  set_state (self, LCM_CLIENT_STATE_CONNECTED);
  complete_connect_waiters (self, NULL);
  send_unsent (self);
}

void
lcm_socket_set_no_delay (GIOStream *stream)
{
  GSocket *socket;

  if (!G_IS_SOCKET_CONNECTION (stream))
    return;
  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  if (g_socket_get_family (socket) == G_SOCKET_FAMILY_UNIX)
    return;
  /* Best effort: a socket that refuses is only slower. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
on_network_event_cb (SoupMessage        *message,
                     GSocketClientEvent  event,
                     GIOStream          *connection,
                     gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_CONNECTED)
    lcm_socket_set_no_delay (connection);
}

static void
begin_attempt (LcmClient *self)
{
  g_autoptr(SoupMessage) message = NULL;

  g_assert (self->connection == NULL);
  g_assert (self->attempt_cancellable == NULL);

  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", HANDSHAKE_TIMEOUT_S,
                                                     "idle-timeout", 0,
                                                     NULL);
      /* The URL is the client's for life: so is this choice. A resolver that always says
       * direct://, rather than none at all: without one, GLib 2.74 still looks the host
       * name up (and leaks an error) when the attempt was cancelled before it began. */
      if (!url_may_use_proxy (self->url))
        {
          g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);

          soup_session_set_proxy_resolver (self->session, direct);
        }
    }

  /* A fresh message for every attempt: libsoup does not reuse one. */
  message = soup_message_new (SOUP_METHOD_GET, self->url);
  if (message == NULL)
    {
      /* check_url() passed, so this is a URL GLib and libsoup disagree on. */
      g_autofree char *shown = lcm_quote_for_message (self->url);
      g_autoptr(GError) error = g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INVALID_URL,
                                             _("“%s” is not a gateway address"), shown);
      set_last_connect_error (self, error);
      complete_connect_waiters (self, error);
      schedule_reconnect (self);
      return;
    }

  /* A redirect could lead anywhere, ws:// to another host included, and take the token
   * along: it fails the attempt instead (on_websocket_connected_cb). */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  if (self->token != NULL && *self->token != '\0')
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    value);
    }

  /* The handler may run on a TLS worker thread: it gets its own reference to the trusted
   * certificate and never touches the client. */
  g_signal_connect_data (message, "accept-certificate", G_CALLBACK (on_accept_certificate_cb),
                         self->trusted_certificate != NULL
                           ? g_object_ref (self->trusted_certificate) : NULL,
                         trusted_certificate_unref, 0);

  g_signal_connect (message, "network-event", G_CALLBACK (on_network_event_cb), NULL);

  self->attempt_cancellable = g_cancellable_new ();
  self->attempt_message = g_object_ref (message);
  soup_session_websocket_connect_async (self->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->attempt_cancellable, on_websocket_connected_cb,
                                        g_object_ref (self));
}

static gboolean
on_reconnect_cb (gpointer user_data)
{
  LcmClient *self = user_data;

  self->reconnect_source = 0;
  begin_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (LcmClient *self)
{
  guint delay;

  if (self->reconnect_source != 0 || self->attempt_cancellable != NULL)
    return;

  set_state (self, LCM_CLIENT_STATE_RECONNECTING);
  delay = BACKOFF_FIRST_MS << MIN (self->attempt, 6);
  delay = MIN (delay, BACKOFF_MAX_MS);
  delay += g_random_int_range (0, delay / 4 + 1);
  self->attempt++;
  g_debug ("Reconnecting in %u ms", delay);
  self->reconnect_source = g_timeout_add (delay, on_reconnect_cb, self);
}

/* GObject */

static void
lcm_client_dispose (GObject *object)
{
  LcmClient *self = LCM_CLIENT (object);

  lcm_client_stop (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (lcm_client_parent_class)->dispose (object);
}

static void
lcm_client_finalize (GObject *object)
{
  LcmClient *self = LCM_CLIENT (object);

  g_free (self->url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->source);
  g_clear_object (&self->trusted_certificate);
  g_clear_error (&self->last_connect_error);
  g_clear_error (&self->connection_error);
  g_clear_error (&self->last_refusal);
  g_clear_error (&self->close_cause);

  G_OBJECT_CLASS (lcm_client_parent_class)->finalize (object);
}

static void
lcm_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LcmClient *self = LCM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout_ms);
      break;
    case PROP_KEEPALIVE_INTERVAL:
      g_value_set_uint (value, self->keepalive_interval);
      break;
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint64 (value, self->max_frame_size);
      break;
    case PROP_TRUSTED_CERTIFICATE:
      g_value_set_object (value, self->trusted_certificate);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_CONNECT_ERROR:
      g_value_set_boxed (value, self->last_connect_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LcmClient *self = LCM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_free (self->url);
      self->url = g_value_dup_string (value);
      break;
    case PROP_TOKEN:
      lcm_client_set_token (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      lcm_client_set_source (self, g_value_get_string (value));
      break;
    case PROP_ALLOW_INSECURE:
      lcm_client_set_allow_insecure (self, g_value_get_boolean (value));
      break;
    case PROP_REQUEST_TIMEOUT:
      lcm_client_set_request_timeout (self, g_value_get_uint (value));
      break;
    case PROP_KEEPALIVE_INTERVAL:
      lcm_client_set_keepalive_interval (self, g_value_get_uint (value));
      break;
    case PROP_MAX_FRAME_SIZE:
      lcm_client_set_max_frame_size (self, g_value_get_uint64 (value));
      break;
    case PROP_TRUSTED_CERTIFICATE:
      lcm_client_set_trusted_certificate (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_client_class_init (LcmClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lcm_client_dispose;
  object_class->finalize = lcm_client_finalize;
  object_class->get_property = lcm_client_get_property;
  object_class->set_property = lcm_client_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, LCM_DEFAULT_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_INSECURE] =
    g_param_spec_boolean ("allow-insecure", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 1, G_MAXUINT,
                       LCM_DEFAULT_REQUEST_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEPALIVE_INTERVAL] =
    g_param_spec_uint ("keepalive-interval", NULL, NULL, 0, 3600, LCM_DEFAULT_KEEPALIVE_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_FRAME_SIZE] =
    g_param_spec_uint64 ("max-frame-size", NULL, NULL, 1024, G_MAXUINT32,
                         LCM_DEFAULT_MAX_FRAME_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUSTED_CERTIFICATE] =
    g_param_spec_object ("trusted-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LCM_TYPE_CLIENT_STATE, LCM_CLIENT_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_CONNECT_ERROR] =
    g_param_spec_boxed ("last-connect-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OUTCOME_SET] =
    g_signal_new ("outcome-set", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_PROTOCOL_ERROR] =
    g_signal_new ("protocol-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
lcm_client_init (LcmClient *self)
{
  self->source = g_strdup (LCM_DEFAULT_SOURCE);
  self->request_timeout_ms = LCM_DEFAULT_REQUEST_TIMEOUT_MS;
  self->keepalive_interval = LCM_DEFAULT_KEEPALIVE_SECONDS;
  self->max_frame_size = LCM_DEFAULT_MAX_FRAME_SIZE;
  g_queue_init (&self->pending);
  g_queue_init (&self->incoming);
  g_queue_init (&self->connect_waiters);
}

/* Public API */

LcmClient *
lcm_client_new (const char *url)
{
  return g_object_new (LCM_TYPE_CLIENT, "url", url, NULL);
}

const char *
lcm_client_get_url (LcmClient *self)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), NULL);
  return self->url;
}

void
lcm_client_set_token (LcmClient  *self,
                      const char *token)
{
  g_return_if_fail (LCM_IS_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

void
lcm_client_set_allow_insecure (LcmClient *self,
                               gboolean   allow_insecure)
{
  g_return_if_fail (LCM_IS_CLIENT (self));

  allow_insecure = !!allow_insecure;
  if (self->allow_insecure == allow_insecure)
    return;
  self->allow_insecure = allow_insecure;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_INSECURE]);
}

void
lcm_client_set_request_timeout (LcmClient *self,
                                guint      timeout_ms)
{
  g_return_if_fail (LCM_IS_CLIENT (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->request_timeout_ms == timeout_ms)
    return;
  self->request_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_TIMEOUT]);
}

guint
lcm_client_get_request_timeout (LcmClient *self)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), 0);
  return self->request_timeout_ms;
}

void
lcm_client_set_keepalive_interval (LcmClient *self,
                                   guint      seconds)
{
  g_return_if_fail (LCM_IS_CLIENT (self));

  if (self->keepalive_interval == seconds)
    return;
  self->keepalive_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEPALIVE_INTERVAL]);
}

void
lcm_client_set_max_frame_size (LcmClient *self,
                               gsize      max_frame_size)
{
  g_return_if_fail (LCM_IS_CLIENT (self));
  g_return_if_fail (max_frame_size > 0);

  if (self->max_frame_size == max_frame_size)
    return;
  self->max_frame_size = max_frame_size;
  if (self->connection != NULL)
    {
      soup_websocket_connection_set_max_incoming_payload_size (self->connection, max_frame_size);
      lcm_message_limit_install (self->connection, max_frame_size);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_FRAME_SIZE]);
}

void
lcm_client_set_source (LcmClient  *self,
                       const char *source)
{
  g_return_if_fail (LCM_IS_CLIENT (self));

  if (g_strcmp0 (self->source, source) == 0)
    return;
  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

LcmClientState
lcm_client_get_state (LcmClient *self)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), LCM_CLIENT_STATE_DISCONNECTED);
  return self->state;
}

GError *
lcm_client_dup_last_connect_error (LcmClient *self)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), NULL);
  return self->last_connect_error != NULL ? g_error_copy (self->last_connect_error) : NULL;
}

void
lcm_client_set_trusted_certificate (LcmClient       *self,
                                    GTlsCertificate *certificate)
{
  g_return_if_fail (LCM_IS_CLIENT (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  if (g_set_object (&self->trusted_certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED_CERTIFICATE]);
}

GTlsCertificate *
lcm_client_get_trusted_certificate (LcmClient *self)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), NULL);
  return self->trusted_certificate;
}

GTlsCertificate *
lcm_read_trusted_certificate (const char  *path,
                              GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  certificate = g_tls_certificate_new_from_file (path, &local_error);
  if (certificate != NULL)
    return g_steal_pointer (&certificate);

  shown = lcm_quote_path_for_message (path);
  g_set_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS,
               _("The trusted certificate %s could not be read: %s"), shown,
               local_error->message);
  return NULL;
}

gboolean
lcm_client_set_trusted_certificate_file (LcmClient   *self,
                                         const char  *path,
                                         GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (LCM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path != NULL && *path != '\0')
    {
      certificate = lcm_read_trusted_certificate (path, error);
      if (certificate == NULL)
        return FALSE;
    }
  lcm_client_set_trusted_certificate (self, certificate);
  return TRUE;
}

gboolean
lcm_client_start (LcmClient  *self,
                  GError    **error)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), FALSE);

  if (self->started)
    return TRUE;
  if (!check_url (self, error))
    return FALSE;

  self->started = TRUE;
  self->attempt = 0;
  set_state (self, LCM_CLIENT_STATE_CONNECTING);
  begin_attempt (self);
  return TRUE;
}

void
lcm_client_stop (LcmClient *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (LCM_IS_CLIENT (self));

  self->started = FALSE;
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->attempt_cancellable != NULL)
    {
      g_cancellable_cancel (self->attempt_cancellable);
      g_clear_object (&self->attempt_cancellable);
    }
  g_clear_object (&self->attempt_message);
  drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);

  error = g_error_new_literal (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                               _("The connection to the gateway was closed"));
  fail_all_pending (self, error);
  complete_connect_waiters (self, error);
  set_state (self, LCM_CLIENT_STATE_DISCONNECTED);
}

static gboolean
on_connect_cancelled_cb (GCancellable *cancellable,
                         gpointer      user_data)
{
  ConnectWaiter *waiter = user_data;
  LcmClient *self = g_task_get_source_object (waiter->task);
  g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

  g_queue_remove (&self->connect_waiters, waiter);
  connect_waiter_free (waiter);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

void
lcm_client_connect_async (LcmClient           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ConnectWaiter *waiter;

  g_return_if_fail (LCM_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, lcm_client_connect_async);

  if (!lcm_client_start (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (connection_is_open (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Between attempts: try now rather than after the backoff. */
  if (self->reconnect_source != 0)
    {
      g_clear_handle_id (&self->reconnect_source, g_source_remove);
      begin_attempt (self);
    }

  waiter = g_new0 (ConnectWaiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_connect_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_queue_push_tail (&self->connect_waiters, waiter);
}

gboolean
lcm_client_connect_finish (LcmClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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

  if (connection_is_open (self))
    send_call (self, call);
}

JsonNode *
lcm_client_call_finish (LcmClient     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  LcmOperation  operation;
  JsonNode     *response;
} DecodeData;

static void
decode_data_free (DecodeData *data)
{
  g_clear_pointer (&data->response, json_node_unref);
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
  GListModel *list = lcm_response_decode_list (data->operation, data->response, NULL, &error);

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
  JsonNode *response = lcm_client_call_finish (self, result, &error);
  LcmRequest *request = g_task_get_task_data (task);
  g_autoptr(GTask) decode = NULL;
  GCancellable *cancellable;
  DecodeData *data;

  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (DecodeData, 1);
  data->operation = lcm_request_get_operation (request);
  data->response = response;
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
