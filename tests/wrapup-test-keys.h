/* wrapup-test-keys.h: real key events for UI tests
 *
 * The keys go through the X server (XTest, the tests run under Xvfb), then GDK and GTK,
 * exactly as an agent's keyboard's do: focus handling, mnemonics, shortcut controllers and
 * key bindings all take part. Every key pressed is counted, so a test can assert how many
 * keys a flow takes. The X server's focus is one for the whole display: a test using these
 * runs alone on it (is_parallel: false in meson).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives the window the keyboard focus of the X server (there is no window manager). */
void   test_keys_focus_window (GtkWindow  *window);
/* Presses and releases one accelerator ("Down", "<Control>2", "<Alt>t", "Return"), with
 * its modifiers held, and lets GTK handle it. Counts as one key. */
void   test_keys_press        (GtkWindow  *window,
                               const char *accelerator);
/* Types text, one key per character (Shift held where the character needs it). Counts as
 * as many keys as characters. */
void   test_keys_type         (GtkWindow  *window,
                               const char *text);
/* Keys pressed since the last reset. */
guint  test_keys_count        (void);
void   test_keys_reset_count  (void);

G_END_DECLS
