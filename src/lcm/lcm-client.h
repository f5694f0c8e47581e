/* lcm-client.h: one WebSocket session to an LCM gateway
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lcm-request.h"

G_BEGIN_DECLS

typedef enum
{
  LCM_CLIENT_STATE_DISCONNECTED, /* not started, or stopped */
  LCM_CLIENT_STATE_CONNECTING,   /* first attempt under way */
  LCM_CLIENT_STATE_CONNECTED,
  LCM_CLIENT_STATE_RECONNECTING, /* lost, or never reached: retrying with backoff */
} LcmClientState;

#define LCM_DEFAULT_REQUEST_TIMEOUT_MS   15000
#define LCM_DEFAULT_KEEPALIVE_SECONDS    10
#define LCM_DEFAULT_SOURCE               "Wrapup"

#define LCM_TYPE_CLIENT (lcm_client_get_type ())
G_DECLARE_FINAL_TYPE (LcmClient, lcm_client, LCM, CLIENT, GObject)

/* Properties: url, token (write-only, never logged), source, allow-insecure,
 * request-timeout (ms), keepalive-interval (s), max-frame-size (bytes), trusted-certificate,
 * state (read-only), last-connect-error (read-only, a boxed GError).
 *
 * max-frame-size bounds every message of the gateway's, whether it comes in one frame or
 * in many continuation frames: a larger one closes the connection (1009) and fails the
 * requests sent on it (see lcm_client_call_async()).
 *
 * ws:// never goes through a proxy: it connects directly (to a loopback host it never
 * leaves the computer; to another, allowed with allow-insecure, a proxy would read the
 * access token), and so does anything for a loopback host. wss:// to another host follows
 * the system's proxy settings, tunnelled, so a proxy only sees encrypted bytes. A redirect is never followed:
 * it fails the connection attempt with LCM_CLIENT_ERROR_NOT_CONNECTED, naming where it
 * pointed. */
LcmClient      *lcm_client_new                  (const char           *url);
const char     *lcm_client_get_url              (LcmClient            *self);
void            lcm_client_set_token            (LcmClient            *self,
                                                 const char           *token);
void            lcm_client_set_allow_insecure   (LcmClient            *self,
                                                 gboolean              allow_insecure);
void            lcm_client_set_request_timeout  (LcmClient            *self,
                                                 guint                 timeout_ms);
guint           lcm_client_get_request_timeout  (LcmClient            *self);
void            lcm_client_set_keepalive_interval (LcmClient          *self,
                                                 guint                 seconds);
void            lcm_client_set_max_frame_size   (LcmClient            *self,
                                                 gsize                 max_frame_size);
void            lcm_client_set_source           (LcmClient            *self,
                                                 const char           *source);
LcmClientState  lcm_client_get_state            (LcmClient            *self);
/* Why the last connection attempt failed, in the domain of whoever said it: GIO's
 * (G_IO_ERROR_CONNECTION_REFUSED, _HOST_UNREACHABLE, _NETWORK_UNREACHABLE, _TIMED_OUT…) or
 * ours (LCM_CLIENT_ERROR_TLS, LCM_CLIENT_ERROR_UNAUTHORIZED). A copy to free; NULL when
 * connected, or before any attempt failed. "last-connect-error" is notified when it
 * changes. */
GError         *lcm_client_dup_last_connect_error (LcmClient          *self);

/* wss:// checks the gateway's certificate against the system's authorities. A certificate
 * set here is trusted in addition: exactly that certificate (a self-signed gateway's, say)
 * is accepted as if an authority had signed it; its dates and host names are still
 * checked. NULL trusts nothing more. Takes effect from the next connection attempt. A
 * refused certificate fails connecting with LCM_CLIENT_ERROR_TLS. */
void             lcm_client_set_trusted_certificate      (LcmClient        *self,
                                                          GTlsCertificate  *certificate);
GTlsCertificate *lcm_client_get_trusted_certificate      (LcmClient        *self);
/* The same from a PEM file; NULL or "" trusts nothing more. On error (LCM_CLIENT_ERROR_TLS,
 * the message names the file) the trust is left as it was. */
gboolean         lcm_client_set_trusted_certificate_file (LcmClient        *self,
                                                          const char       *path,
                                                          GError          **error);
/* Turns Nagle's algorithm off on a TCP connection (a GSocketConnection; anything else is left
 * alone). Requests and answers are small frames written in pieces: with Nagle on, a piece
 * waits for the peer's delayed ACK, some 40 ms on Linux, on every round trip. The
 * simulator calls it too. */
void             lcm_socket_set_no_delay                 (GIOStream        *stream);
/* Reads a PEM certificate file to trust (LCM_CLIENT_ERROR_TLS with a message for people). */
GTlsCertificate *lcm_read_trusted_certificate            (const char       *path,
                                                          GError          **error);

/* Checks the URL (ws:// or wss://; ws:// only to loopback unless allow-insecure) and starts
 * connecting; from then on the client reconnects with backoff whenever the connection is
 * lost, until lcm_client_stop(). Requests made while not connected wait for the connection
 * (their timeout runs meanwhile). With a keepalive interval, a connection on which nothing
 * (no pong, no frame) arrived for two intervals is taken for dead: it is closed (code 4000)
 * and the client reconnects. */
gboolean        lcm_client_start                (LcmClient            *self,
                                                 GError              **error);
/* Closes the connection, stops reconnecting and fails every pending request with
 * LCM_CLIENT_ERROR_CLOSED. */
void            lcm_client_stop                 (LcmClient            *self);

/* Starts the client if it is not, and completes when it is connected, or with
 * LCM_CLIENT_ERROR_NOT_CONNECTED when the first attempt after this call fails (the client
 * keeps retrying in the background), LCM_CLIENT_ERROR_UNAUTHORIZED when the gateway refused
 * the access token, LCM_CLIENT_ERROR_TLS when its certificate was refused, or when
 * cancellable fires. */
void            lcm_client_connect_async        (LcmClient            *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        lcm_client_connect_finish       (LcmClient            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Sends a request and completes with its answer: the "response" member of the matching
 * frame. A WS_Error becomes LCM_GATEWAY_ERROR_WS_ERROR whose message is the gateway's text
 * for people; a write answered {"success": false} becomes LCM_GATEWAY_ERROR_REFUSED.
 * With no answer within the request timeout: LCM_CLIENT_ERROR_TIMEOUT once it was sent, or
 * LCM_CLIENT_ERROR_NOT_CONNECTED ("Cannot reach the gateway: …", the last connection
 * attempt's reason) when no connection came up to send it on.
 * When the connection it was sent on is lost (the network, a restart: a close with no code,
 * 1000, 1001, 1012, 1013, or the application's 3000-4999), it is sent again on the next
 * one. When the gateway ends it for a reason (a close with an error code, 1002-1011 and
 * the like) or the client refuses what came on it in a way that ends it (a message over
 * max-frame-size, text that is not UTF-8, a broken frame), it fails at once with
 * LCM_CLIENT_ERROR_CLOSED saying why ("The gateway closed the connection: 1011 …", "The
 * gateway sent a message larger than the limit of …"); the outbox sends a write again
 * until it is answered. A frame refused without ending the connection (not JSON, a binary
 * frame) is named in the timeout's message if no answer comes.
 * Every write goes through this one call. */
void            lcm_client_call_async           (LcmClient            *self,
                                                 LcmRequest           *request,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
JsonNode       *lcm_client_call_finish          (LcmClient            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* A read, decoded with lcm_response_decode_list() (for writes use lcm_client_call_*). */
void            lcm_client_fetch_async          (LcmClient            *self,
                                                 LcmRequest           *request,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel     *lcm_client_fetch_finish         (LcmClient            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Number of requests sent or waiting to be sent, not yet answered. */
guint           lcm_client_get_n_pending        (LcmClient            *self);

/* Signals:
 *   "outcome-set" (const char *account_number): the gateway pushed OutcomeSetForCall.
 *   "protocol-error" (GError *error): a frame was refused; the connection goes on.
 */

G_END_DECLS
