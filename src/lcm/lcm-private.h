/* lcm-private.h: helpers shared inside the library, not part of its API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short, printable rendering of a value a person, a link or the network gave, for error
 * messages: control characters become '?' and long values are cut, so a message can never
 * carry a payload. */
char *lcm_quote_for_message (const char *text);

/* The same for a file name: the end is kept, since the file's own name matters most and a
 * long directory would otherwise push it out of the message. */
char *lcm_quote_path_for_message (const char *path);

G_END_DECLS
