/* test-translations.c: the app speaks the agent's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "wrapup-window.h"
#include "wrapup-test-ui.h"

/* GNU gettext caches translations: a program that changes LANGUAGE while it runs must bump
 * this counter (the gettext manual, "Being a gettext grok"). */
extern int _nl_msg_cat_cntr;

static void
check_language (const char *language,
                const char *png)
{
  const char *english = "No Call Open";
  const char *translated;
  g_autoptr(GError) error = NULL;
  WrapupWindow *window;
  g_autofree char *path = NULL;

  g_setenv ("LANGUAGE", language, TRUE);
  ++_nl_msg_cat_cntr;
  /* The catalogue says what the text must be; it must not be the English. */
  translated = g_dgettext (GETTEXT_PACKAGE, english);
  g_test_message ("%s: %s", language, translated);
  g_assert_cmpstr (translated, !=, english);

  window = wrapup_window_new (NULL, NULL, NULL);
  test_ui_show (GTK_WINDOW (window));
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), translated));
  g_assert_null (test_ui_find_by_text (GTK_WIDGET (window), english));
  path = test_ui_save_png (GTK_WIDGET (window), png);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The library's messages too: what an agent reads when a value is refused. */
  g_assert_false (lcm_check_account_number ("5|3|1", &error));
  g_assert_null (strstr (error->message, "is not an LCM key"));
}

static void
test_french (void)
{
  check_language ("fr", "start-window-fr");
}

static void
test_spanish (void)
{
  check_language ("es", "start-window-es");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("WRAPUP_LOCALEDIR");

  g_assert_nonnull (localedir);
  /* Before the first lookup: GLib decides once whether this process translates at all. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  test_ui_init (&argc, &argv);

  g_test_add_func ("/app/translations/french", test_french);
  g_test_add_func ("/app/translations/spanish", test_spanish);

  return g_test_run ();
}
