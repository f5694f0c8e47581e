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

/* Misbehaviour on purpose, to test clients against. Zero-filled means none. Each new fault
 * is one more field here, set from a command-line option and read where the server acts. */
typedef struct
{
  guint delay_ms;  /* every answer waits this long; answers keep their order per connection */
} LcmSimFaults;

#define LCM_SIM_TYPE_SERVER (lcm_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (LcmSimServer, lcm_sim_server, LCM_SIM, SERVER, GObject)

/* token: when not NULL, the upgrade request must carry "Authorization: Bearer <token>". */
LcmSimServer *lcm_sim_server_new         (LcmSimDb            *db,
                                          const char          *token);
void          lcm_sim_server_set_faults  (LcmSimServer        *self,
                                          const LcmSimFaults  *faults);
/* Listens on 127.0.0.1:port; port 0 picks a free one. */
gboolean      lcm_sim_server_listen      (LcmSimServer        *self,
                                          guint16              port,
                                          GError             **error);
/* ws://127.0.0.1:PORT/lcm once listening, else NULL. */
const char   *lcm_sim_server_get_url     (LcmSimServer        *self);
/* Closes every connection (1001, going away) and stops listening. */
void          lcm_sim_server_stop        (LcmSimServer        *self);

G_END_DECLS
