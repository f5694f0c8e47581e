/* wrapup-test-keys.c: real key events for UI tests, through XTest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>

#include "wrapup-test-keys.h"
#include "wrapup-test-ui.h"

static guint key_count;

static Display *
x_display_of (GtkWindow *window)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  if (!GDK_IS_X11_DISPLAY (display))
    g_error ("synthesized keys need GTK's X11 backend (the tests run under Xvfb)");
  return gdk_x11_display_get_xdisplay (display);
}

/* Waits until the X server has delivered what was sent and GTK has handled it. */
static void
settle (GtkWindow *window)
{
  XSync (x_display_of (window), False);
  test_spin (60);
}

/* Key releases GDK has delivered to GTK so far, counted as each event is emitted on its
 * surface (an emission hook runs before GTK's handler, which then handles it at once): a
 * key is handled once its release has come through. GTK delivers events at its frame
 * clock's pace, slower on a loaded machine, so no fixed delay would do. */
static guint released;

static gboolean
on_surface_event_cb (GSignalInvocationHint *hint,
                     guint                  n_params,
                     const GValue          *params,
                     gpointer               user_data)
{
  GdkEvent *event = g_value_get_pointer (&params[1]);

  if (event != NULL && gdk_event_get_event_type (event) == GDK_KEY_RELEASE)
    released++;
  return TRUE;
}

static void
watch_releases (void)
{
  static gboolean watching;

  if (watching)
    return;
  g_signal_add_emission_hook (g_signal_lookup ("event", GDK_TYPE_SURFACE), 0,
                              on_surface_event_cb, NULL, NULL);
  watching = TRUE;
}

typedef struct
{
  GtkWindow *window;  /* weak: the key may close it, and its release then goes elsewhere */
  guint      expected;
} ReleaseWait;

static gboolean
key_released (gpointer user_data)
{
  ReleaseWait *wait = user_data;

  return released >= wait->expected || wait->window == NULL
         || !gtk_widget_get_mapped (GTK_WIDGET (wait->window));
}

void
test_keys_focus_window (GtkWindow *window)
{
  Display *x_display = x_display_of (window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_nonnull (surface);
  XSetInputFocus (x_display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  settle (window);
}

static KeyCode
keycode_of (Display *x_display,
            guint    keyval,
            gboolean *needs_shift)
{
  KeyCode code = XKeysymToKeycode (x_display, (KeySym) keyval);

  g_assert_cmpuint (code, !=, 0);
  /* The keysym the key gives without Shift: another one means Shift is needed. */
  *needs_shift = XkbKeycodeToKeysym (x_display, code, 0, 0) != (KeySym) keyval
                 && XkbKeycodeToKeysym (x_display, code, 0, 1) == (KeySym) keyval;
  return code;
}

static void
press_keyval (GtkWindow       *window,
              guint            keyval,
              GdkModifierType  modifiers)
{
  Display *x_display = x_display_of (window);
  static const struct { GdkModifierType mask; KeySym keysym; } held[] = {
    { GDK_CONTROL_MASK, XK_Control_L },
    { GDK_ALT_MASK, XK_Alt_L },
    { GDK_SHIFT_MASK, XK_Shift_L },
  };
  gboolean needs_shift = FALSE;
  KeyCode code = keycode_of (x_display, keyval, &needs_shift);
  ReleaseWait wait = { window, 0 };

  watch_releases ();
  wait.expected = released + 1;

  if (needs_shift)
    modifiers |= GDK_SHIFT_MASK;
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (modifiers & held[i].mask)
      XTestFakeKeyEvent (x_display, XKeysymToKeycode (x_display, held[i].keysym), True, 0);
  XTestFakeKeyEvent (x_display, code, True, 0);
  XTestFakeKeyEvent (x_display, code, False, 0);
  for (guint i = G_N_ELEMENTS (held); i > 0; i--)
    if (modifiers & held[i - 1].mask)
      XTestFakeKeyEvent (x_display, XKeysymToKeycode (x_display, held[i - 1].keysym), False,
                         0);
  XSync (x_display, False);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &wait.window);
  if (!test_wait_until (key_released, &wait, 10000))
    g_error ("GTK did not get the key %s", gdk_keyval_name (keyval));
  if (wait.window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &wait.window);
  /* What the key set off (a page shown, a list filtered) runs on. */
  test_spin (30);
  key_count++;
}

void
test_keys_press (GtkWindow  *window,
                 const char *accelerator)
{
  guint keyval = 0;
  GdkModifierType modifiers = 0;

  if (!gtk_accelerator_parse (accelerator, &keyval, &modifiers) || keyval == 0)
    g_error ("not an accelerator: %s", accelerator);
  press_keyval (window, keyval, modifiers);
}

void
test_keys_type (GtkWindow  *window,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    press_keyval (window, gdk_unicode_to_keyval (g_utf8_get_char (p)), 0);
}

guint
test_keys_count (void)
{
  return key_count;
}

void
test_keys_reset_count (void)
{
  key_count = 0;
}
