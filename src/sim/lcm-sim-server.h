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

/* Largest request frame a connection accepts; requests are small. */
#define LCM_SIM_MAX_REQUEST_SIZE (1024 * 1024)

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
  /* Each connection closes (code LCM_SIM_CLOSE_FAULT) once it has received this many
   * frames: the last one is handled (a write is stored) but its answer is never sent. */
  guint    close_after;
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

#define LCM_SIM_TYPE_SERVER (lcm_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (LcmSimServer, lcm_sim_server, LCM_SIM, SERVER, GObject)

/* token: when not NULL, the upgrade request must carry "Authorization: Bearer <token>". */
LcmSimServer *lcm_sim_server_new         (LcmSimDb            *db,
                                          const char          *token);
void          lcm_sim_server_set_faults  (LcmSimServer        *self,
                                          const LcmSimFaults  *faults);
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
