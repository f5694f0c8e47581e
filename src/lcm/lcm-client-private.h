/* lcm-client-private.h: what the parts of LcmClient share
 *
 * LcmClient is one class in four files (HACKING.md):
 * - lcm-client.c: the GObject, its settings, the state, start and stop;
 * - lcm-client-transport.c: the connection: attempts, the WebSocket and its close, the
 *   keepalive watchdog, reconnecting with backoff, and those who wait to be connected;
 * - lcm-client-calls.c: the call queue: sending requests, reading frames (large ones on a
 *   worker thread, taken back in order) and matching each answer to its call;
 * - lcm-client-tls.c: trusting the gateway's certificate, and saying why one was refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "lcm-client.h"
#include "lcm-envelope.h"
#include "lcm-waiting-task.h"

G_BEGIN_DECLS

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
  /* A frame of LCM_CLIENT_HANDOVER_FRAME_SIZE or more came: the connection is to hand over
   * to a new one (lcm_client_maybe_hand_over), which handover says is being opened. */
  gboolean                 handover_wanted;
  gboolean                 handover;
};

/* From this size, a frame makes the connection hand over to a new one once idle: libsoup
 * keeps its receive buffer, as large as the largest frame, for the connection's life. */
#define LCM_CLIENT_HANDOVER_FRAME_SIZE (8 * 1024 * 1024)

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
  LcmWaitingTask wait;   /* in connect_waiters */
} ConnectWaiter;

/* lcm-client.c */

void
lcm_client_set_state (LcmClient      *self,
                      LcmClientState  state);

void
lcm_client_set_last_connect_error (LcmClient    *self,
                                   const GError *error);

GError *
lcm_client_not_connected_error (const GError *connect_error);

gboolean
lcm_client_check_url (LcmClient  *self,
                      GError    **error);

gboolean
lcm_client_url_may_use_proxy (const char *url);

gboolean
lcm_client_connection_is_open (LcmClient *self);

void
lcm_client_emit_outcome_set (LcmClient  *self,
                             const char *callid);

void
lcm_client_emit_protocol_error (LcmClient    *self,
                                const GError *error);

/* lcm-client-transport.c */

void
lcm_client_maybe_hand_over (LcmClient *self);

void
lcm_client_complete_connect_waiters (LcmClient    *self,
                                     const GError *error);

void
lcm_client_drop_connection (LcmClient *self,
                            gushort    close_code);

void
lcm_client_finish_close (LcmClient *self);

void
lcm_client_begin_attempt (LcmClient *self);

/* lcm-client-calls.c */

void
lcm_client_pending_call_free (PendingCall *call);

void
lcm_client_send_unsent (LcmClient *self);

void
lcm_client_fail_all_pending (LcmClient *self,
                             GError    *error);

void
lcm_client_fail_sent_calls (LcmClient    *self,
                            const GError *cause);

gboolean
lcm_client_has_frames_of_connection (LcmClient *self);

void
lcm_client_on_connection_message_cb (SoupWebsocketConnection *connection,
                                     int                      type,
                                     GBytes                  *message,
                                     gpointer                 user_data);

/* lcm-client-tls.c */

void
lcm_client_trusted_certificate_unref (gpointer  data,
                                      GClosure *closure);

gboolean
lcm_client_on_accept_certificate_cb (SoupMessage          *message,
                                     GTlsCertificate      *peer_certificate,
                                     GTlsCertificateFlags  errors,
                                     gpointer              user_data);

GError *
lcm_client_describe_tls_failure (LcmClient    *self,
                                 SoupMessage  *message,
                                 const GError *error);

G_END_DECLS
