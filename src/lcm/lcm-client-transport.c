/* lcm-client-transport.c: the client's connection to the gateway
 *
 * One attempt at a time, its handshake bounded; a connection the watchdog finds silent for
 * two keepalive intervals is dropped; a dropped one is tried again after a backoff (0.5 s,
 * doubling to 30 s, with jitter). Those waiting in connect_async hear the next outcome.
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

/* A dropped connection schedules the next attempt, whose failure schedules the next. */
static void schedule_reconnect (LcmClient *self);

/* error is the attempt's failure as libsoup or GIO gave it, or one of ours. */
void
lcm_client_complete_connect_waiters (LcmClient    *self,
                                     const GError *error)
{
  ConnectWaiter *waiter;

  while ((waiter = g_queue_peek_head (&self->connect_waiters)) != NULL)
    {
      g_autoptr(GTask) task = lcm_waiting_task_take (&waiter->wait);

      g_free (waiter);
      if (error == NULL)
        g_task_return_boolean (task, TRUE);
      else if (error->domain == LCM_CLIENT_ERROR)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_error (task, lcm_client_not_connected_error (error));
    }
}

void
lcm_client_drop_connection (LcmClient *self,
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
  self->handover_wanted = FALSE;
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
          lcm_client_pending_call_free (call);
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

void
lcm_client_finish_close (LcmClient *self)
{
  /* Callbacks run from here may drop the caller's last reference to the client. */
  G_GNUC_UNUSED g_autoptr(LcmClient) hold = g_object_ref (self);
  g_autoptr(GError) cause = g_steal_pointer (&self->close_cause);

  self->close_pending = FALSE;
  if (cause != NULL)
    {
      g_debug ("Connection ended by the gateway: %s", cause->message);
      lcm_client_fail_sent_calls (self, cause);
    }
  lcm_client_drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
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
  if (lcm_client_has_frames_of_connection (self))
    self->close_pending = TRUE;
  else
    lcm_client_finish_close (self);
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
      lcm_client_drop_connection (self, CLOSE_NO_PONG);
      if (self->started)
        schedule_reconnect (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
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
  /* Whether this attempt was to hand over (lcm_client_maybe_hand_over): not any more. */
  gboolean handover = self->handover;

  self->handover = FALSE;
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
      GError *tls_error = lcm_client_describe_tls_failure (self, message, error);

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

  if (connection == NULL && handover && self->connection != NULL)
    {
      /* The connection in use goes on; what waited for the handover goes out on it. */
      g_debug ("Opening a connection to hand over to failed: %s", error->message);
      lcm_client_send_unsent (self);
      return;
    }

  if (connection == NULL)
    {
      g_debug ("Connection attempt %u failed: %s", self->attempt, error->message);
      lcm_client_set_last_connect_error (self, error);
      lcm_client_complete_connect_waiters (self, error);
      if (self->started)
        schedule_reconnect (self);
      return;
    }

  /* A handover: nothing waits for an answer on the old connection (nothing was sent on it
   * since), which goes, and its receive buffer with it. */
  if (self->connection != NULL)
    lcm_client_drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);
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

  g_signal_connect (connection, "message", G_CALLBACK (lcm_client_on_connection_message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_connection_closed_cb), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_connection_error_cb), self);
  g_signal_connect (connection, "pong", G_CALLBACK (on_connection_pong_cb), self);

  lcm_client_set_last_connect_error (self, NULL);
  lcm_client_set_state (self, LCM_CLIENT_STATE_CONNECTED);
  lcm_client_complete_connect_waiters (self, NULL);
  lcm_client_send_unsent (self);
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

void
lcm_client_begin_attempt (LcmClient *self)
{
  g_autoptr(SoupMessage) message = NULL;

  g_assert (self->connection == NULL || self->handover);
  g_assert (self->attempt_cancellable == NULL);

  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", HANDSHAKE_TIMEOUT_S,
                                                     "idle-timeout", 0,
                                                     NULL);
      /* The URL is the client's for life: so is this choice. A resolver that always says
       * direct://, rather than none at all: without one, GLib 2.74 still looks the host
       * name up (and leaks an error) when the attempt was cancelled before it began. */
      if (!lcm_client_url_may_use_proxy (self->url))
        {
          g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);

          soup_session_set_proxy_resolver (self->session, direct);
        }
    }

  /* A fresh message for every attempt: libsoup does not reuse one. */
  message = soup_message_new (SOUP_METHOD_GET, self->url);
  if (message == NULL)
    {
      /* lcm_client_check_url() passed, so this is a URL GLib and libsoup disagree on. */
      g_autofree char *shown = lcm_quote_for_message (self->url);
      g_autoptr(GError) error = g_error_new (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INVALID_URL,
                                             _("“%s” is not a gateway address"), shown);
      lcm_client_set_last_connect_error (self, error);
      lcm_client_complete_connect_waiters (self, error);
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
  g_signal_connect_data (message, "accept-certificate",
                         G_CALLBACK (lcm_client_on_accept_certificate_cb),
                         self->trusted_certificate != NULL
                           ? g_object_ref (self->trusted_certificate) : NULL,
                         lcm_client_trusted_certificate_unref, 0);

  g_signal_connect (message, "network-event", G_CALLBACK (on_network_event_cb), NULL);

  self->attempt_cancellable = g_cancellable_new ();
  self->attempt_message = g_object_ref (message);
  soup_session_websocket_connect_async (self->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->attempt_cancellable, on_websocket_connected_cb,
                                        g_object_ref (self));
}

/* libsoup reads a frame into one buffer that grows to hold it and never shrinks: after a
 * 48 MB journey, 46 MiB stay resident for as long as the connection lives. After a frame of
 * LCM_CLIENT_HANDOVER_FRAME_SIZE or more, once no answer is awaited and no frame waits, a
 * new connection is opened beside this one; requests made meanwhile wait for it (nothing is
 * sent on the old one, so nothing can be lost with it), and it takes over when open: the
 * old one is closed, and its buffer freed. The state stays CONNECTED throughout. If the new
 * connection cannot be had, the old one goes on. */
void
lcm_client_maybe_hand_over (LcmClient *self)
{
  if (!self->handover_wanted || !self->started || !lcm_client_connection_is_open (self) ||
      self->attempt_cancellable != NULL || self->reconnect_source != 0 ||
      !g_queue_is_empty (&self->incoming))
    return;
  /* A request that timed out waits for its late answer on this connection only so that it
   * is not taken for another's (find_call_for_response): on a new one it cannot come. */
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      PendingCall *call = l->data;

      if (call->sent && call->task != NULL)
        return;
    }

  self->handover_wanted = FALSE;
  self->handover = TRUE;
  g_debug ("Handing over to a new connection");
  lcm_client_begin_attempt (self);
}

static gboolean
on_reconnect_cb (gpointer user_data)
{
  LcmClient *self = user_data;

  self->reconnect_source = 0;
  lcm_client_begin_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (LcmClient *self)
{
  guint delay;

  if (self->reconnect_source != 0 || self->attempt_cancellable != NULL)
    return;

  lcm_client_set_state (self, LCM_CLIENT_STATE_RECONNECTING);
  delay = BACKOFF_FIRST_MS << MIN (self->attempt, 6);
  delay = MIN (delay, BACKOFF_MAX_MS);
  delay += g_random_int_range (0, delay / 4 + 1);
  self->attempt++;
  g_debug ("Reconnecting in %u ms", delay);
  self->reconnect_source = g_timeout_add (delay, on_reconnect_cb, self);
}

static gboolean
on_connect_cancelled_cb (GCancellable *cancellable,
                         gpointer      user_data)
{
  ConnectWaiter *waiter = user_data;
  g_autoptr(GTask) task = lcm_waiting_task_take (&waiter->wait);

  g_free (waiter);
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
  if (lcm_client_connection_is_open (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Between attempts: try now rather than after the backoff. */
  if (self->reconnect_source != 0)
    {
      g_clear_handle_id (&self->reconnect_source, g_source_remove);
      lcm_client_begin_attempt (self);
    }

  waiter = g_new0 (ConnectWaiter, 1);
  lcm_waiting_task_push (&self->connect_waiters, &waiter->wait, task,
                         G_SOURCE_FUNC (on_connect_cancelled_cb));
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
