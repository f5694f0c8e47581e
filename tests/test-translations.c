/* test-translations.c: the app speaks the agent's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "wrapup-disposition-page.h"
#include "wrapup-session.h"
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

static gboolean
telephony_ready (gpointer user_data)
{
  return wrapup_call_get_load_state (user_data, WRAPUP_SECTION_TELEPHONY_OUTCOMES)
         == WRAPUP_LOAD_READY;
}

static gboolean
submitted (gpointer user_data)
{
  return wrapup_call_get_submitted (user_data);
}

static WrapupWindow *
open_call (WrapupSession *session,
           TestSim       *sim,
           const char    *call_id)
{
  g_autofree char *account = test_sim_account_of_call (sim, call_id);
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new (call_id, account,
                                                         LCM_CALL_TYPE_OUTBOUND, NULL, NULL);
  g_autoptr(WrapupCall) call = wrapup_call_new_for_session (session, link);
  WrapupWindow *window = wrapup_window_new (NULL, session, call);

  /* The smallest window the app supports. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 480);
  wrapup_call_load (call);
  test_ui_show (GTK_WINDOW (window));
  return window;
}

/* The states this week's work added, in the agent's language and the smallest window: the
 * gateway down with the cached lists (the banner), and a wrap-up saved to be sent. */
static void
check_offline_call (const char *language)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autofree char *dir = g_dir_make_tmp ("wrapup-translations-XXXXXX", NULL);
  g_autoptr(WrapupSession) session = wrapup_session_new (NULL);
  g_autofree char *png = NULL;
  const char *refused = "The gateway refused the connection";
  const char *waiting = "Saved on This Computer";
  WrapupWindow *window;
  WrapupCall *call;
  GtkWidget *label;

  g_setenv ("LANGUAGE", language, TRUE);
  ++_nl_msg_cat_cntr;
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, refused), !=, refused);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, waiting), !=, waiting);

  wrapup_session_open_storage (session, dir);
  wrapup_session_configure (session, sim->url, "testagent", FALSE, NULL, NULL);
  window = open_call (session, sim, "1001");
  g_assert_true (test_ui_wait_loaded (wrapup_window_get_call (window)));
  gtk_window_destroy (GTK_WINDOW (window));

  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_not_connected,
                                  wrapup_session_get_client (session), 10000));
  window = open_call (session, sim, "1005");
  call = wrapup_window_get_call (window);
  g_assert_true (test_wait_until (telephony_ready, call, 10000));
  test_spin (300);
  label = test_ui_find_child (GTK_WIDGET (window), GTK_TYPE_REVEALER);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (label)));
  label = gtk_widget_get_first_child (gtk_revealer_get_child (GTK_REVEALER (label)));
  label = gtk_widget_get_next_sibling (label);
  g_test_message ("%s: %s", language, gtk_label_get_label (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)),
                            g_dgettext (GETTEXT_PACKAGE, refused)));
  png = g_strdup_printf ("offline-small-%s", language);
  g_free (test_ui_save_png (GTK_WIDGET (window), png));

  /* A telephony outcome, a score and an amount typed, saved into the outbox. */
  {
    WrapupDispositionPage *page =
      WRAPUP_DISPOSITION_PAGE (test_ui_find_child (GTK_WIDGET (window),
                                                   WRAPUP_TYPE_DISPOSITION_PAGE));
    GtkWidget *search = test_ui_find_child (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (search), "Busy");
    g_signal_emit_by_name (search, "activate");
    /* The lead score and the target amount (the journey cannot be had), as typed. */
    test_ui_type_number (GTK_WIDGET (page), "lead-score", "5");
    test_ui_type_number (GTK_WIDGET (page), "target-amount", "5");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "disposition.submit", NULL));
    g_assert_true (test_wait_until (submitted, call, 30000));
    test_spin (300);
    g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window),
                                            g_dgettext (GETTEXT_PACKAGE, waiting)));
    g_free (png);
    png = g_strdup_printf ("saved-waiting-small-%s", language);
    g_free (test_ui_save_png (GTK_WIDGET (window), png));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (100);
  g_clear_object (&session);
  test_remove_dir (dir);
}

static void
test_offline_french (void)
{
  check_offline_call ("fr");
}

static void
test_offline_spanish (void)
{
  check_offline_call ("es");
}

/* The protocol's fixed words (call types, the standard callback modes) are translated. */
static void
test_fixed_words (void)
{
  struct { const char *language, *inbound, *outbound, *mobile, *office, *home; } cases[] = {
    { "fr", "Entrant", "Sortant", "Portable", "Bureau", "Domicile" },
    { "es", "Entrante", "Saliente", "Móvil", "Oficina", "Casa" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_setenv ("LANGUAGE", cases[i].language, TRUE);
      ++_nl_msg_cat_cntr;
      g_assert_cmpstr (lcm_call_type_to_label ("Inbound"), ==, cases[i].inbound);
      g_assert_cmpstr (lcm_call_type_to_label ("OUTBOUND"), ==, cases[i].outbound);
      g_assert_cmpstr (lcm_callback_mode_to_label ("Mobile"), ==, cases[i].mobile);
      g_assert_cmpstr (lcm_callback_mode_to_label ("Office"), ==, cases[i].office);
      g_assert_cmpstr (lcm_callback_mode_to_label ("Home"), ==, cases[i].home);
      /* A mode the gateway named itself stays as it is. */
      g_assert_cmpstr (lcm_callback_mode_to_label ("Weekend cottage"), ==, "Weekend cottage");
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  ++_nl_msg_cat_cntr;
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

  g_test_add_func ("/wrapup/translations/french", test_french);
  g_test_add_func ("/wrapup/translations/spanish", test_spanish);
  g_test_add_func ("/wrapup/translations/fixed-words", test_fixed_words);
  g_test_add_func ("/wrapup/translations/offline-call-french", test_offline_french);
  g_test_add_func ("/wrapup/translations/offline-call-spanish", test_offline_spanish);

  return g_test_run ();
}
