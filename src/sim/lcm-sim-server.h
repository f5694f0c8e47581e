/* lcm-sim-server.h: the simulated LCM gateway, a WebSocket server on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm-sim-db.h"

G_BEGIN_DECLS

/* The WebSocket path the gateway answers on. */
#define LCM_SIM_PATH "/lcm"

/* Largest request a connection accepts, in one frame or in many continuation frames;
 * requests are small. A larger one closes the connection with 1009. */
#define LCM_SIM_MAX_REQUEST_SIZE (1024 * 1024)

/* Connections held at once (TLS handshake, HTTP, WebSocket) when --max-connections is not
 * given: past it, a new connection is closed as soon as it is accepted. */
#define LCM_SIM_DEFAULT_MAX_CONNECTIONS 512
#define LCM_SIM_MAX_MAX_CONNECTIONS     100000

/* How long an accepted connection has to complete its WebSocket upgrade (its TLS handshake
 * included) when --upgrade-timeout-ms is not given; then it is closed. */
#define LCM_SIM_DEFAULT_UPGRADE_TIMEOUT_MS 10000
#define LCM_SIM_MIN_UPGRADE_TIMEOUT_MS     100
#define LCM_SIM_MAX_UPGRADE_TIMEOUT_MS     600000

/* Longest --delay-ms. */
#define LCM_SIM_MAX_DELAY_MS 60000

/* Largest --close-after and --malformed-every. */
#define LCM_SIM_MAX_FAULT_COUNT 1000000

/* Misbehaviour on purpose, to test clients against. Zero-filled means none. Each fault is
 * one field here, set from a command-line option and read where the server acts. */
typedef struct
{
  /* Every answer waits this long; answers keep their order per connection. */
  guint    delay_ms;
  /* Each connection closes (code close_code) once it has received this many frames: the
   * last one is handled (a write is stored) but its answer is never sent. */
  guint    close_after;
  /* The close code of close_after: 0 is LCM_SIM_CLOSE_FAULT; else one of
   * lcm_sim_close_code_is_valid(). */
  guint    close_code;
  /* Writes are handled (an accepted one is stored) but nothing is ever sent back for them:
   * no answer, no error, no OutcomeSetForCall. */
  gboolean drop_write_answers;
  /* A malformed frame goes out just before every Nth answer of a connection. */
  guint    malformed_every;
  /* Pings never reach the WebSocket layer, so no pong goes back; everything else is
   * answered as usual. */
  gboolean ignore_pings;
} LcmSimFaults;

/* The close code of a connection ended by --close-after (4000-4999 are applications'). */
#define LCM_SIM_CLOSE_FAULT 4001

/* The codes a server can close with that reach a libsoup client as they are: 1000-1003,
 * 1007-1009, 1011 and 3000-4999. */
gboolean      lcm_sim_close_code_is_valid (guint code);

#define LCM_SIM_TYPE_SERVER (lcm_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (LcmSimServer, lcm_sim_server, LCM_SIM, SERVER, GObject)

/* token: when not NULL, the upgrade request must carry "Authorization: Bearer <token>". */
LcmSimServer *lcm_sim_server_new         (LcmSimDb            *db,
                                          const char          *token);
void          lcm_sim_server_set_faults  (LcmSimServer        *self,
                                          const LcmSimFaults  *faults);
/* Guards against clients that hold connections: at most max_connections at once, and each
 * closed if it has not completed its upgrade within upgrade_timeout_ms (both clamped to the
 * bounds above). Takes effect for the connections accepted from then on. */
void          lcm_sim_server_set_connection_limits
                                         (LcmSimServer        *self,
                                          guint                max_connections,
                                          guint                upgrade_timeout_ms);
/* Serves wss:// with this certificate (and its private key) from the next listen on; NULL
 * for plain ws://. */
void          lcm_sim_server_set_tls_certificate
                                         (LcmSimServer        *self,
                                          GTlsCertificate     *certificate);
/* Listens on 127.0.0.1:port; port 0 picks a free one. */
gboolean      lcm_sim_server_listen      (LcmSimServer        *self,
                                          guint16              port,
                                          GError             **error);
/* ws://127.0.0.1:PORT/lcm (wss:// with a certificate) once listening, else NULL. */
const char   *lcm_sim_server_get_url     (LcmSimServer        *self);
/* Closes every connection (1001, going away) and stops listening. */
void          lcm_sim_server_stop        (LcmSimServer        *self);

G_END_DECLS
