/* lcm-sim-ping-filter.h: a connection whose WebSocket pings never arrive, for --ignore-pings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A stream over base (a freshly accepted connection, TLS already unwrapped) for a WebSocket
 * server: the HTTP upgrade request passes unchanged, then every ping frame the client sends
 * is removed before the WebSocket layer reads it, so no pong is ever sent back. Every other
 * frame passes byte for byte. Output goes straight to base; closing the stream closes base. */
GIOStream *lcm_sim_ping_filter_new (GIOStream *base);

G_END_DECLS
