/* lcm-sim-stream.h: an accepted connection as the simulator hands it to libsoup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called once, when the stream is closed, by libsoup or by its last reference going. */
typedef void (*LcmSimStreamClosedFunc) (gpointer data);

/* A stream over base (a freshly accepted connection, TLS already unwrapped) that reads from
 * input (base's own input when NULL: a filter over it, say), writes straight to base, and
 * closes base when it is closed. closed may be NULL; destroy frees data when the stream is
 * finalized. */
GIOStream *lcm_sim_stream_new (GIOStream              *base,
                               GInputStream           *input,
                               LcmSimStreamClosedFunc  closed,
                               gpointer                data,
                               GDestroyNotify          destroy);

G_END_DECLS
