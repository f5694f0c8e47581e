/* lcm-message-limit.h: a bound on the size of the WebSocket messages libsoup assembles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The longest WebSocket frame header (RFC 6455, 5.2): two bytes, a 64-bit length, a
 * 4-byte masking key. */
#define LCM_WS_MAX_FRAME_HEADER 14

/* The size of a frame header whose first two bytes are known. */
gsize    lcm_ws_frame_header_size    (const guint8            *header);
/* The payload length of a whole frame header. */
guint64  lcm_ws_frame_payload_length (const guint8            *header);

/* Bounds every message connection receives, text or binary, however many continuation
 * frames it comes in, to max_message_size bytes of payload (libsoup 3.2 bounds each frame,
 * never a whole message).
 *
 * Call it as soon as libsoup made the connection (in the callback of
 * soup_session_websocket_connect_async() or in a SoupServer WebSocket handler), before the
 * main context runs again: it puts a reader of frame headers under libsoup's own read
 * buffer, taking over the bytes that buffer holds. A frame whose payload would take the
 * message being assembled past the bound (or a control frame longer than RFC 6455 allows)
 * never reaches libsoup: the connection is closed with 1009 (SOUP_WEBSOCKET_CLOSE_TOO_BIG),
 * and its "error" signal is emitted with SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG,
 * as libsoup does for a frame over max-incoming-payload-size. Calling it again on the same
 * connection changes the bound.
 *
 * FALSE, and nothing done, when the connection's input is not libsoup's buffered stream as
 * libsoup 3.2 to 3.6 make it: the caller must then not use the connection. */
gboolean lcm_message_limit_install   (SoupWebsocketConnection *connection,
                                      guint64                  max_message_size);

G_END_DECLS
