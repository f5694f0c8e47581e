/* lcm-sim-server.c: the simulated LCM gateway, a WebSocket server on loopback
 *
 * The transport: connections accepted, TLS, the WebSocket upgrade and its token, and the
 * bounds on what a client may send; each upgraded connection is then lcm-sim-connection.c's,
 * which answers its frames through lcm-sim-handlers.c. Also the log every part writes to.
 *
 * Faults (LcmSimFaults) act in three places: where a frame is received (--close-after),
 * where an answer is queued (--delay-ms, --drop-write-answers, --malformed-every), both in
 * lcm-sim-connection.c, and where a connection is accepted (--ignore-pings, see
 * lcm-sim-ping-filter.c).
 *
 * Every connection accepted is held in `accepted` until libsoup closes it: at most
 * --max-connections of them, and each closed if it has not upgraded to a WebSocket within
 * --upgrade-timeout-ms, so clients that open connections and say nothing (or too little)
 * cannot lock the others out. Accepting again after a failure (out of descriptors) waits a
 * little, and the lines such floods would print are rate-limited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include <string.h>

#include "lcm-client.h"
#include "lcm-message-limit.h"
#include "lcm-sim-ping-filter.h"
#include "lcm-sim-server-private.h"
#include "lcm-sim-stream.h"

/* In a log line, a run of this many digits or more is masked but for its last four. */
#define LOG_MASK_DIGITS 8

/* Connections waiting to be accepted: a load of clients connecting at once must not find
 * the queue full (GSocketListener's default is 10). */
#define LISTEN_BACKLOG 512

/* After accepting failed (out of descriptors, most likely), the next try waits this long:
 * at once, it would fail again at once, for ever. */
#define ACCEPT_RETRY_MS 100

/* A line that may come in a flood is logged at most once in this long. */
#define LOG_FLOOD_INTERVAL_US G_USEC_PER_SEC

G_DEFINE_FINAL_TYPE (LcmSimServer, lcm_sim_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DB,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A connection accepted and held, from its TLS handshake to its close. Reference-counted
 * (g_rc_box): the server's `accepted` holds one, and so do the LcmSimStream handed to
 * libsoup and a TLS handshake under way. */
typedef struct
{
  LcmSimServer      *server;       /* NULL once the server let go of it */
  GSocketConnection *connection;   /* as accepted: shut down at the deadline */
  GSocketAddress    *local;
  GSocketAddress    *remote;       /* libsoup gives this one back with the upgrade request */
  GTlsConnection    *tls;          /* during the TLS handshake */
  GCancellable      *cancellable;  /* of the TLS handshake, while it runs */
  guint              deadline_id;  /* until the upgrade is done */
} Accepted;

/* helpers: logging */

void
lcm_sim_log_line (gint64      connection_id,
                  const char *format,
                  ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S.%f");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* One request, one line: a client's newline must not forge another. And whatever looks
   * like a phone number (a run of LOG_MASK_DIGITS digits or more, wherever a client put it)
   * keeps only its last four digits. */
  for (char *p = text; *p != '\0'; p++)
    {
      gsize digits = 0;

      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
      while (g_ascii_isdigit (p[digits]))
        digits++;
      if (digits >= LOG_MASK_DIGITS)
        {
          memset (p, '*', digits - 4);
          p += digits - 1;
        }
    }

  /* %f gives microseconds: keep milliseconds. */
  if (stamp != NULL && strlen (stamp) > 12)
    stamp[12] = '\0';
  if (connection_id > 0)
    g_printerr ("%s lcm-sim[%" G_GINT64_FORMAT "]: %s\n", stamp, connection_id, text);
  else
    g_printerr ("%s lcm-sim: %s\n", stamp, text);
}

static gboolean
on_log_limit_flush_cb (gpointer user_data)
{
  LogLimit *limit = user_data;

  limit->flush_id = 0;
  lcm_sim_log_line (0, "%u more: %s", limit->suppressed, limit->text);
  limit->suppressed = 0;
  limit->last = g_get_monotonic_time ();
  g_clear_pointer (&limit->text, g_free);
  return G_SOURCE_REMOVE;
}

/* Takes text. */
static void
log_limited (LogLimit *limit,
             char     *text)
{
  gint64 now = g_get_monotonic_time ();

  if (limit->flush_id == 0 && (limit->last == 0 || now - limit->last >= LOG_FLOOD_INTERVAL_US))
    {
      lcm_sim_log_line (0, "%s", text);
      g_free (text);
      limit->last = now;
      return;
    }
  limit->suppressed++;
  g_free (limit->text);
  limit->text = text;
  if (limit->flush_id == 0)
    limit->flush_id = g_timeout_add ((guint) MAX (1, (limit->last + LOG_FLOOD_INTERVAL_US - now)
                                                     / 1000),
                                     on_log_limit_flush_cb, limit);
}

static void
log_limit_clear (LogLimit *limit)
{
  g_clear_handle_id (&limit->flush_id, g_source_remove);
  g_clear_pointer (&limit->text, g_free);
}

/* A client's text for a log line or an error: bounded, and without control characters. */
char *
lcm_sim_shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (valid, -1) > LCM_MAX_CALL_ID_LENGTH)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, LCM_MAX_CALL_ID_LENGTH);

      cut = g_strconcat (head, "…", NULL);
    }
  else
    cut = g_strdup (valid);
  for (char *p = cut; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return g_steal_pointer (&cut);
}

/* Accepted connections */

static Accepted *
accepted_ref (Accepted *accepted)
{
  return g_rc_box_acquire (accepted);
}

static void
accepted_clear (gpointer data)
{
  Accepted *accepted = data;

  g_clear_handle_id (&accepted->deadline_id, g_source_remove);
  g_clear_object (&accepted->cancellable);
  g_clear_object (&accepted->tls);
  g_clear_object (&accepted->local);
  g_clear_object (&accepted->remote);
  g_clear_object (&accepted->connection);
}

static void
accepted_unref (gpointer data)
{
  g_rc_box_release_full (data, accepted_clear);
}

/* The server lets go of it (`accepted`'s free function): its deadline and its TLS handshake
 * end. */
static void
accepted_detach (gpointer data)
{
  Accepted *accepted = data;

  accepted->server = NULL;
  g_clear_handle_id (&accepted->deadline_id, g_source_remove);
  if (accepted->cancellable != NULL)
    g_cancellable_cancel (accepted->cancellable);
  accepted_unref (accepted);
}

/* The upgrade request names the remote address libsoup was given with its connection. */
static void
mark_upgraded (LcmSimServer   *self,
               GSocketAddress *remote)
{
  GHashTableIter iter;
  Accepted *accepted;

  g_hash_table_iter_init (&iter, self->accepted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &accepted, NULL))
    if (accepted->remote == remote)
      {
        g_clear_handle_id (&accepted->deadline_id, g_source_remove);
        return;
      }
}

static gboolean
on_upgrade_deadline_cb (gpointer user_data)
{
  Accepted *accepted = user_data;
  LcmSimServer *self = accepted->server;

  accepted->deadline_id = 0;
  log_limited (&self->deadline_log,
               g_strdup_printf ("closed a connection that did not complete its upgrade within "
                                "%u ms", self->upgrade_timeout_ms));
  if (accepted->cancellable != NULL)
    g_cancellable_cancel (accepted->cancellable);
  else
    /* libsoup reads the end of the stream, and closes it: on_stream_closed_cb. */
    g_socket_shutdown (g_socket_connection_get_socket (accepted->connection), TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_stream_closed_cb (gpointer data)
{
  Accepted *accepted = data;

  if (accepted->server != NULL)
    g_hash_table_remove (accepted->server->accepted, accepted);
}

/* the WebSocket upgrade */

static gboolean
token_matches (const char *header,
               const char *token)
{
  gsize header_length, token_length;
  guchar difference = 0;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  header += 7;
  header_length = strlen (header);
  token_length = strlen (token);
  if (header_length != token_length)
    return FALSE;
  for (gsize i = 0; i < token_length; i++)
    difference |= (guchar) header[i] ^ (guchar) token[i];
  return difference == 0;
}

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  LcmSimServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (self->token == NULL)
    return;
  if (!token_matches (soup_message_headers_get_one (headers, "Authorization"), self->token))
    {
      lcm_sim_log_line (0, "refused an upgrade without the right token (401)");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"lcm-sim\"");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
}

static void
on_websocket_cb (SoupServer              *server,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *ws,
                 gpointer                 user_data)
{
  LcmSimServer *self = user_data;
  Connection *conn;

  soup_websocket_connection_set_max_incoming_payload_size (ws, LCM_SIM_MAX_REQUEST_SIZE);
  conn = lcm_sim_connection_new (self, ws);
  g_hash_table_insert (self->connections, &conn->id, conn);
  mark_upgraded (self, soup_server_message_get_remote_address (msg));
  lcm_sim_log_line (conn->id, "connected%s%s", self->tls_certificate != NULL ? " (TLS)" : "",
                    self->faults.ignore_pings ? " (ignoring its pings)" : "");

  /* libsoup bounds each frame, not a message sent in many: bound those too, before libsoup
   * reads any. */
  if (!lcm_message_limit_install (ws, LCM_SIM_MAX_REQUEST_SIZE))
    {
      lcm_sim_log_line (conn->id, "cannot bound the size of its messages: closing");
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, NULL);
    }
}

/* Accepted connections, handed to libsoup */

/* Hands an accepted stream (TLS already set up) to libsoup. */
static void
accept_stream (LcmSimServer *self,
               Accepted     *accepted,
               GIOStream    *stream)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GIOStream) wrapped = NULL;
  g_autoptr(GError) error = NULL;

  if (self->faults.ignore_pings)
    input = lcm_sim_ping_filter_new (g_io_stream_get_input_stream (stream));
  wrapped = lcm_sim_stream_new (stream, input, on_stream_closed_cb, accepted_ref (accepted),
                                accepted_unref);
  if (!soup_server_accept_iostream (self->soup, wrapped, accepted->local, accepted->remote,
                                    &error))
    lcm_sim_log_line (0, "cannot accept a connection: %s", error->message);
}

static void
on_handshake_done_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Accepted *accepted = user_data;
  LcmSimServer *self = accepted->server;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source_object), result, &error))
    {
      /* A client that does not trust the certificate ends up here; one that took too long
       * was logged with the others. */
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lcm_sim_log_line (0, "TLS handshake failed: %s", error->message);
      if (self != NULL)
        g_hash_table_remove (self->accepted, accepted);
    }
  else if (self != NULL)
    {
      g_clear_object (&accepted->cancellable);
      accept_stream (self, accepted, G_IO_STREAM (accepted->tls));
    }
  g_clear_object (&accepted->tls);
  accepted_unref (accepted);
}

static void
handle_accepted (LcmSimServer      *self,
                 GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  guint held = g_hash_table_size (self->accepted);
  Accepted *accepted;

  if (held >= self->max_connections)
    {
      log_limited (&self->refused_log,
                   g_strdup_printf ("refused a connection: %u are open (--max-connections)",
                                    held));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }
  local = g_socket_connection_get_local_address (connection, NULL);
  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (local == NULL || remote == NULL)
    {
      /* Gone already. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }

  /* Small frames both ways: no waiting for delayed ACKs (see lcm_socket_set_no_delay). */
  lcm_socket_set_no_delay (G_IO_STREAM (connection));
  accepted = g_rc_box_new0 (Accepted);
  accepted->server = self;
  accepted->connection = g_object_ref (connection);
  accepted->local = g_steal_pointer (&local);
  accepted->remote = g_steal_pointer (&remote);
  accepted->deadline_id = g_timeout_add (self->upgrade_timeout_ms, on_upgrade_deadline_cb,
                                         accepted);
  g_hash_table_add (self->accepted, accepted);

  if (self->tls_certificate == NULL)
    {
      accept_stream (self, accepted, G_IO_STREAM (connection));
      return;
    }

  /* TLS first, so a failed handshake is logged; the deadline bounds it too. */
  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->tls_certificate, &error);
  if (tls == NULL)
    {
      lcm_sim_log_line (0, "cannot set up TLS: %s", error->message);
      g_hash_table_remove (self->accepted, accepted);
      return;
    }
  /* Clients are not asked for certificates: nothing to verify, so no database. */
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), NULL);
  accepted->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  accepted->cancellable = g_cancellable_new ();
  g_tls_connection_handshake_async (accepted->tls, G_PRIORITY_DEFAULT, accepted->cancellable,
                                    on_handshake_done_cb, accepted_ref (accepted));
}

static gboolean
on_accept_retry_cb (gpointer user_data)
{
  LcmSimServer *self = user_data;

  self->accept_retry_id = 0;
  lcm_sim_server_accept_next (self);
  return G_SOURCE_REMOVE;
}

static void
on_accept_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LcmSimServer) self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source_object), result, NULL,
                                                &error);
  /* Stopped: whatever came last is dropped. */
  if (self->listener == NULL)
    return;
  if (connection == NULL)
    {
      log_limited (&self->accept_error_log,
                   g_strdup_printf ("cannot accept a connection: %s (trying again in %u ms)",
                                    error->message, ACCEPT_RETRY_MS));
      self->accept_retry_id = g_timeout_add (ACCEPT_RETRY_MS, on_accept_retry_cb, self);
      return;
    }
  handle_accepted (self, connection);
  lcm_sim_server_accept_next (self);
}

/* One accept at a time; each holds a reference to the server until it completes. */
void
lcm_sim_server_accept_next (LcmSimServer *self)
{
  g_socket_listener_accept_async (self->listener, self->accept_cancellable, on_accept_cb,
                                  g_object_ref (self));
}

/* GObject */

static void
lcm_sim_server_dispose (GObject *object)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  lcm_sim_server_stop (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (lcm_sim_server_parent_class)->dispose (object);
}

static void
lcm_sim_server_finalize (GObject *object)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->accepted, g_hash_table_unref);
  log_limit_clear (&self->refused_log);
  log_limit_clear (&self->accept_error_log);
  log_limit_clear (&self->deadline_log);
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (lcm_sim_server_parent_class)->finalize (object);
}

static void
lcm_sim_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_sim_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_set_object (&self->db, g_value_get_object (value));
      break;
    case PROP_TOKEN:
      g_free (self->token);
      self->token = g_value_dup_string (value);
      if (self->token != NULL && *self->token == '\0')
        g_clear_pointer (&self->token, g_free);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_sim_server_constructed (GObject *object)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  G_OBJECT_CLASS (lcm_sim_server_parent_class)->constructed (object);

  g_assert (self->db != NULL);
  self->soup = soup_server_new ("server-header", "lcm-sim ", NULL);
  /* permessage-deflate, on by default, inflates a frame without bound: a small compressed
   * request could take any amount of memory. Our clients never ask for it. */
  soup_server_remove_websocket_extension (self->soup, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_early_handler (self->soup, LCM_SIM_PATH, on_early_request_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, LCM_SIM_PATH, NULL, NULL,
                                     on_websocket_cb, self, NULL);
}

static void
lcm_sim_server_class_init (LcmSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lcm_sim_server_constructed;
  object_class->dispose = lcm_sim_server_dispose;
  object_class->finalize = lcm_sim_server_finalize;
  object_class->get_property = lcm_sim_server_get_property;
  object_class->set_property = lcm_sim_server_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL,
                         LCM_SIM_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the token is never read back or logged. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_sim_server_init (LcmSimServer *self)
{
  self->connections = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             lcm_sim_connection_free);
  self->accepted = g_hash_table_new_full (NULL, NULL, accepted_detach, NULL);
  self->max_connections = LCM_SIM_DEFAULT_MAX_CONNECTIONS;
  self->upgrade_timeout_ms = LCM_SIM_DEFAULT_UPGRADE_TIMEOUT_MS;
}

/* public API */

LcmSimServer *
lcm_sim_server_new (LcmSimDb   *db,
                    const char *token)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (db), NULL);

  return g_object_new (LCM_SIM_TYPE_SERVER, "db", db, "token", token, NULL);
}

void
lcm_sim_server_set_faults (LcmSimServer       *self,
                           const LcmSimFaults *faults)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));
  g_return_if_fail (faults != NULL);

  self->faults = *faults;
  self->faults.delay_ms = MIN (self->faults.delay_ms, LCM_SIM_MAX_DELAY_MS);
  self->faults.close_after = MIN (self->faults.close_after, LCM_SIM_MAX_FAULT_COUNT);
  if (!lcm_sim_close_code_is_valid (self->faults.close_code))
    self->faults.close_code = LCM_SIM_CLOSE_FAULT;
  self->faults.malformed_every = MIN (self->faults.malformed_every, LCM_SIM_MAX_FAULT_COUNT);
  self->faults.drop_write_answers = !!self->faults.drop_write_answers;
  self->faults.ignore_pings = !!self->faults.ignore_pings;
}

void
lcm_sim_server_set_connection_limits (LcmSimServer *self,
                                      guint         max_connections,
                                      guint         upgrade_timeout_ms)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));

  self->max_connections = CLAMP (max_connections, 1, LCM_SIM_MAX_MAX_CONNECTIONS);
  self->upgrade_timeout_ms = CLAMP (upgrade_timeout_ms, LCM_SIM_MIN_UPGRADE_TIMEOUT_MS,
                                    LCM_SIM_MAX_UPGRADE_TIMEOUT_MS);
}

gboolean
lcm_sim_close_code_is_valid (guint code)
{
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1009) || code == 1011 ||
         (code >= 3000 && code <= 4999);
}

void
lcm_sim_server_set_tls_certificate (LcmSimServer    *self,
                                    GTlsCertificate *certificate)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->tls_certificate, certificate);
}

gboolean
lcm_sim_server_listen (LcmSimServer  *self,
                       guint16        port,
                       GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint bound_port;

  g_return_val_if_fail (LCM_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup != NULL, FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  g_socket_listener_set_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;
  bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->listener = g_steal_pointer (&listener);
  self->accept_cancellable = g_cancellable_new ();
  lcm_sim_server_accept_next (self);

  g_free (self->url);
  self->url = g_strdup_printf ("%s://127.0.0.1:%u%s",
                               self->tls_certificate != NULL ? "wss" : "ws", bound_port,
                               LCM_SIM_PATH);
  return TRUE;
}

const char *
lcm_sim_server_get_url (LcmSimServer *self)
{
  g_return_val_if_fail (LCM_SIM_IS_SERVER (self), NULL);

  return self->url;
}

void
lcm_sim_server_stop (LcmSimServer *self)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));

  if (self->listener != NULL)
    {
      /* The accept under way completes, cancelled, and lets go of the server. */
      g_cancellable_cancel (self->accept_cancellable);
      g_clear_object (&self->accept_cancellable);
      g_clear_handle_id (&self->accept_retry_id, g_source_remove);
      g_socket_listener_close (self->listener);
      g_clear_object (&self->listener);
    }
  /* Handshakes under way are given up, deadlines end; libsoup closes the streams it holds
   * in its own time. */
  if (self->accepted != NULL)
    g_hash_table_remove_all (self->accepted);
  /* connection_free closes each connection that is still open. */
  if (self->connections != NULL)
    g_hash_table_remove_all (self->connections);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
