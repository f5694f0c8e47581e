/* lcm-client.c: one WebSocket session to an LCM gateway
 *
 * The protocol has no request id, so answers are matched to requests by their response
 * subtopic, in the order the requests were sent, and by callid where both carry one (see
 * the protocol README, "Transport binding"). Everything here runs on the thread-default
 * main context of the thread that made the client; only the parsing of large frames and the
 * decoding of large answers go to a worker thread, and their results are taken back in the
 * order the frames arrived.
 *
 * The class's parts are listed in lcm-client-private.h.
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



/* Helpers */

void
lcm_client_set_state (LcmClient      *self,
                      LcmClientState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* error: a copy is kept; NULL clears it. A new attempt failing the same way is no change. */
void
lcm_client_set_last_connect_error (LcmClient    *self,
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
GError *
lcm_client_not_connected_error (const GError *connect_error)
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

gboolean
lcm_client_check_url (LcmClient  *self,
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
gboolean
lcm_client_url_may_use_proxy (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "wss") == 0 &&
         !host_is_loopback (host);
}

/* Whether requests can go out now: not while the connection hands over to a new one, whose
 * answers would be lost with the old (lcm_client_maybe_hand_over). */
gboolean
lcm_client_connection_is_open (LcmClient *self)
{
  return self->connection != NULL && !self->handover &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* Pending calls */

/* Matching answers to calls */

/* Incoming frames */

/* Connection life */

/* The signals, emitted for the part that reads the gateway's frames (lcm-client-calls.c). */
void
lcm_client_emit_outcome_set (LcmClient  *self,
                             const char *callid)
{
  g_signal_emit (self, signals[SIGNAL_OUTCOME_SET], 0, callid);
}

void
lcm_client_emit_protocol_error (LcmClient    *self,
                                const GError *error)
{
  g_signal_emit (self, signals[SIGNAL_PROTOCOL_ERROR], 0, error);
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

gboolean
lcm_client_start (LcmClient  *self,
                  GError    **error)
{
  g_return_val_if_fail (LCM_IS_CLIENT (self), FALSE);

  if (self->started)
    return TRUE;
  if (!lcm_client_check_url (self, error))
    return FALSE;

  self->started = TRUE;
  self->attempt = 0;
  lcm_client_set_state (self, LCM_CLIENT_STATE_CONNECTING);
  lcm_client_begin_attempt (self);
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
  lcm_client_drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL);

  error = g_error_new_literal (LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED,
                               _("The connection to the gateway was closed"));
  lcm_client_fail_all_pending (self, error);
  lcm_client_complete_connect_waiters (self, error);
  lcm_client_set_state (self, LCM_CLIENT_STATE_DISCONNECTED);
}
