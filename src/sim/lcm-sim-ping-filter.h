/* lcm-sim-ping-filter.h: a connection whose WebSocket pings never arrive, for --ignore-pings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An input stream over base (the input of a freshly accepted connection, TLS already
 * unwrapped) for a WebSocket server: the HTTP upgrade request passes unchanged, then every
 * ping frame the client sends is removed before the WebSocket layer reads it, so no pong is
 * ever sent back. Every other frame passes byte for byte. Closing it leaves base open. */
GInputStream *lcm_sim_ping_filter_new (GInputStream *base);

G_END_DECLS
