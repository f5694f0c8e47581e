/* test-preferences.c: the preferences window and the shortcuts window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "wrapup-preferences-window.h"
#include "wrapup-window.h"
#include "wrapup-test-ui.h"

static GSettings *settings;

/* The window as drawn now: test_ui_save_png renders the last frame, so wait for a fresh one. */
static void
save_png (gpointer    window,
          const char *name)
{
  g_autofree char *path = NULL;

  gtk_widget_queue_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  test_spin (100);
  path = test_ui_save_png (GTK_WIDGET (window), name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
reset_settings (void)
{
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "agent-id");
  g_settings_reset (settings, "allow-insecure");
  g_settings_reset (settings, "trusted-certificate");
}

static WrapupPreferencesWindow *
open_window (void)
{
  WrapupPreferencesWindow *window = wrapup_preferences_window_new (NULL, settings);

  test_ui_show (GTK_WINDOW (window));
  return window;
}

static void
close_window (WrapupPreferencesWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static AdwEntryRow *
find_entry_row (WrapupPreferencesWindow *window,
                const char              *title)
{
  GtkWidget *row = test_ui_find_by_text (GTK_WIDGET (window), title);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  return ADW_ENTRY_ROW (row);
}

/* Types text into the row and presses Enter, as the agent would. */
static void
enter_text (AdwEntryRow *row,
            const char  *text)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_assert_true (GTK_IS_TEXT (delegate));
  g_signal_emit_by_name (delegate, "activate");
}

/* The error message shown for the row, NULL when it shows none. */
static const char *
row_error (WrapupPreferencesWindow *window,
           AdwEntryRow             *row)
{
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (row));
  GtkWidget *label;

  if (!gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    {
      g_assert_null (tooltip);
      return NULL;
    }

  /* Shown under the group too, not only as a tooltip. */
  g_assert_nonnull (tooltip);
  label = test_ui_find_by_text (GTK_WIDGET (window), tooltip);
  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_get_visible (label));
  return tooltip;
}

static void
assert_stored (const char *key,
               const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_valid_url (void)
{
  static const char *valid[] = {
    "wss://lcm.example.com/lcm",
    "wss://10.1.2.3:8443/lcm",
    "ws://127.0.0.1:8080/lcm",
    "ws://localhost:9000/lcm",
    "ws://[::1]:9000/lcm",
  };
  WrapupPreferencesWindow *window = NULL;
  AdwEntryRow *row;

  reset_settings ();
  window = open_window ();
  row = find_entry_row (window, "Gateway address");

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      enter_text (row, valid[i]);
      g_assert_null (row_error (window, row));
      assert_stored ("server-url", valid[i]);
    }

  /* Blanks around a pasted address are dropped. */
  enter_text (row, "  wss://lcm.example.com/other  ");
  assert_stored ("server-url", "wss://lcm.example.com/other");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                   "wss://lcm.example.com/other");

  /* The apply button does the same as Enter. */
  gtk_editable_set_text (GTK_EDITABLE (row), "wss://gw.example.org/lcm");
  g_signal_emit_by_name (row, "apply");
  assert_stored ("server-url", "wss://gw.example.org/lcm");

  close_window (window);
}

static void
test_invalid_url (void)
{
  static const struct
  {
    const char *url;
    const char *in_message;
  } invalid[] = {
    { "http://x", "http://x" },
    { "ws://10.0.0.5/lcm", "10.0.0.5" },
    { "ws://gateway.example.com/lcm", "unencrypted" },
    { "wss://", "wss://" },
    { "not an address", "not an address" },
    { "ftp://host/file", "WebSocket" },
    { "", "gateway" },
  };
  WrapupPreferencesWindow *window = NULL;
  AdwEntryRow *row;

  reset_settings ();
  g_settings_set_string (settings, "server-url", "wss://good.example.com/lcm");
  window = open_window ();
  row = find_entry_row (window, "Gateway address");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "wss://good.example.com/lcm");
  g_assert_null (row_error (window, row));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      const char *message;

      enter_text (row, invalid[i].url);
      message = row_error (window, row);
      g_assert_nonnull (message);
      g_test_message ("%s: %s", invalid[i].url, message);
      g_assert_nonnull (strstr (message, invalid[i].in_message));
      /* The old setting stays. */
      assert_stored ("server-url", "wss://good.example.com/lcm");
    }

  /* A very long address is not repeated in full. */
  {
    g_autoptr(GString) url = g_string_new ("http://");

    for (guint i = 0; i < 500; i++)
      g_string_append_c (url, 'a');
    enter_text (row, url->str);
    g_assert_cmpuint (strlen (row_error (window, row)), <, 200);
    assert_stored ("server-url", "wss://good.example.com/lcm");
  }

  enter_text (row, "ws://gateway.example.com/lcm");
  g_assert_nonnull (row_error (window, row));
  save_png (window, "preferences-error");

  /* The error shows until the address is edited again. */
  gtk_editable_set_text (GTK_EDITABLE (row), "wss://good");
  g_assert_null (row_error (window, row));
  close_window (window);
}

static gboolean
switch_is_on (gpointer user_data)
{
  return gtk_switch_get_active (GTK_SWITCH (user_data));
}

static gboolean
switch_is_off (gpointer user_data)
{
  return !gtk_switch_get_active (GTK_SWITCH (user_data));
}

static void
test_insecure_opt_in (void)
{
  WrapupPreferencesWindow *window = NULL;
  AdwEntryRow *row;
  GtkWidget *insecure_row;
  GtkWidget *toggle;

  reset_settings ();
  g_settings_set_string (settings, "server-url", "wss://good.example.com/lcm");
  window = open_window ();
  row = find_entry_row (window, "Gateway address");
  insecure_row = test_ui_find_by_text (GTK_WIDGET (window), "unencrypted connections");
  g_assert_true (ADW_IS_ACTION_ROW (insecure_row));
  toggle = test_ui_find_child (insecure_row, GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* Refused at first... */
  enter_text (row, "ws://10.0.0.5:8080/lcm");
  g_assert_nonnull (row_error (window, row));
  assert_stored ("server-url", "wss://good.example.com/lcm");

  /* ...accepted once the agent opts in (activating the row flips its switch). */
  adw_action_row_activate (ADW_ACTION_ROW (insecure_row));
  /* The switch flips at the end of its animation. */
  g_assert_true (test_wait_until (switch_is_on, toggle, 5000));
  g_assert_true (g_settings_get_boolean (settings, "allow-insecure"));
  g_assert_null (row_error (window, row));
  assert_stored ("server-url", "ws://10.0.0.5:8080/lcm");

  /* Another remote ws:// address is now fine too. */
  enter_text (row, "ws://10.0.0.6/lcm");
  assert_stored ("server-url", "ws://10.0.0.6/lcm");

  /* Opting out again says the stored address no longer works, and stores nothing. */
  adw_action_row_activate (ADW_ACTION_ROW (insecure_row));
  g_assert_true (test_wait_until (switch_is_off, toggle, 5000));
  g_assert_false (g_settings_get_boolean (settings, "allow-insecure"));
  g_assert_nonnull (row_error (window, row));
  assert_stored ("server-url", "ws://10.0.0.6/lcm");

  /* Changes made elsewhere show up. */
  g_settings_set_boolean (settings, "allow-insecure", TRUE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_null (row_error (window, row));
  g_settings_set_string (settings, "server-url", "wss://elsewhere.example.com/lcm");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                   "wss://elsewhere.example.com/lcm");

  close_window (window);
}

static void
test_agent_id (void)
{
  WrapupPreferencesWindow *window = NULL;
  AdwEntryRow *row;
  const char *message;

  reset_settings ();
  g_settings_set_string (settings, "agent-id", "agent1");
  window = open_window ();
  row = find_entry_row (window, "Agent id");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "agent1");

  enter_text (row, "test agent");
  message = row_error (window, row);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "test agent"));
  assert_stored ("agent-id", "agent1");

  enter_text (row, "");
  g_assert_nonnull (row_error (window, row));
  assert_stored ("agent-id", "agent1");

  enter_text (row, "agent7");
  g_assert_null (row_error (window, row));
  assert_stored ("agent-id", "agent7");

  g_settings_set_string (settings, "agent-id", "agent9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "agent9");

  close_window (window);
}

static void
test_trusted_certificate (void)
{
  WrapupPreferencesWindow *window = NULL;
  g_autofree char *good = g_build_filename (g_getenv ("LCM_TEST_DATA"), "tls",
                                            "gateway-cert.pem", NULL);
  g_autofree char *missing = g_build_filename (g_getenv ("LCM_TEST_DATA"), "tls",
                                               "no-such-cert.pem", NULL);
  g_autofree char *not_pem = g_build_filename (g_getenv ("LCM_TEST_DATA"), "tls",
                                               "README.md", NULL);
  AdwEntryRow *row;
  const char *message;

  reset_settings ();
  window = open_window ();
  row = find_entry_row (window, "Trusted _certificate file");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  /* Neither a missing file nor one that is no certificate is stored. */
  enter_text (row, missing);
  message = row_error (window, row);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "no-such-cert.pem"));
  assert_stored ("trusted-certificate", "");
  enter_text (row, not_pem);
  g_assert_nonnull (row_error (window, row));
  assert_stored ("trusted-certificate", "");

  enter_text (row, good);
  g_assert_null (row_error (window, row));
  assert_stored ("trusted-certificate", good);

  /* Empty again: only the system's authorities. */
  enter_text (row, "");
  g_assert_null (row_error (window, row));
  assert_stored ("trusted-certificate", "");

  close_window (window);
}

static void
test_token_note (void)
{
  WrapupPreferencesWindow *window = NULL;
  GtkWidget *row;

  reset_settings ();
  g_setenv ("WRAPUP_TOKEN_FILE", "/run/user/1000/wrapup-token", TRUE);
  window = open_window ();
  row = test_ui_find_by_text (GTK_WIDGET (window), "Token file");
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "/run/user/1000/wrapup-token"));
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (window), "never stored"));
  close_window (window);

  g_unsetenv ("WRAPUP_TOKEN_FILE");
  window = open_window ();
  row = test_ui_find_by_text (GTK_WIDGET (window), "Token file");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "not set"));
  close_window (window);
}

static void
test_png (void)
{
  WrapupPreferencesWindow *window = NULL;

  reset_settings ();
  g_settings_set_string (settings, "server-url", "wss://lcm.example.com/lcm");
  g_settings_set_string (settings, "agent-id", "testagent");
  g_setenv ("WRAPUP_TOKEN_FILE", "/run/user/1000/wrapup-token", TRUE);
  window = open_window ();
  save_png (window, "preferences");
  close_window (window);

  window = wrapup_preferences_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 560);
  test_ui_show (GTK_WINDOW (window));
  save_png (window, "preferences-small");
  close_window (window);
  g_unsetenv ("WRAPUP_TOKEN_FILE");
}

/* Administrator lockdown */

#define SCHEMA_PATH "/io/github/wrapupdesk/Wrapup/"
#define LOCKED_URL "wss://lcm.example.com/lcm"

/* Settings as an administrator leaves them: a keyfile backend whose defaults directory has
 * the defaults and the "locks" file (what GLib's keyfile backend reads, as dconf's locks
 * work for the dconf backend). The gateway address and the insecure switch are locked. */
static GSettings *
new_locked_settings (const char *dir)
{
  g_autofree char *user_file = g_build_filename (dir, "user", "keyfile", NULL);
  g_autofree char *defaults = g_build_filename (dir, "defaults", NULL);
  g_autofree char *locks = g_build_filename (dir, "locks", NULL);
  g_autoptr(GSettingsBackend) probe = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (defaults, "[io/github/wrapupdesk/Wrapup]\n"
                       "server-url='" LOCKED_URL "'\n"
                       "acw-target=150\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (locks, SCHEMA_PATH "server-url\n" SCHEMA_PATH "allow-insecure\n"
                       SCHEMA_PATH "acw-target\n", -1, &error);
  g_assert_no_error (error);

  /* The keyfile backend's type is private; its "defaults-dir" is a construct property. */
  probe = g_keyfile_settings_backend_new (user_file, "/", NULL);
  backend = g_object_new (G_OBJECT_TYPE (probe), "filename", user_file, "root-path", "/",
                          "defaults-dir", dir, NULL);
  return g_settings_new_with_backend (APPLICATION_ID, backend);
}

static void
test_locked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("wrapup-locks-XXXXXX", NULL);
  g_autoptr(GSettings) locked = new_locked_settings (dir);
  g_autofree char *url = NULL;
  WrapupPreferencesWindow *window;
  AdwEntryRow *url_row;
  AdwEntryRow *agent_row;
  GtkWidget *insecure_row;
  GtkWidget *insecure_switch;
  GtkWidget *close_row;
  GtkWidget *note;
  const char *message;

  g_assert_false (g_settings_is_writable (locked, "server-url"));
  g_assert_false (g_settings_is_writable (locked, "allow-insecure"));
  g_assert_true (g_settings_is_writable (locked, "agent-id"));

  window = wrapup_preferences_window_new (NULL, locked);
  test_ui_show (GTK_WINDOW (window));

  /* The locked address is shown, read-only, and says who set it. */
  url_row = find_entry_row (window, "Gateway address");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, LOCKED_URL);
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (url_row)));
  note = test_ui_find_by_text (GTK_WIDGET (window),
                               "The gateway address is set by your administrator.");
  g_assert_true (GTK_IS_LABEL (note));
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (url_row), "error"));

  /* The locked switch cannot be flipped, and its row says why. */
  insecure_row = test_ui_find_by_text (GTK_WIDGET (window), "unencrypted connections");
  insecure_switch = test_ui_find_child (insecure_row, GTK_TYPE_SWITCH);
  g_assert_false (gtk_widget_is_sensitive (insecure_switch));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (insecure_row)),
                                   "Set by your administrator. "));
  /* What is not locked is offered as usual. */
  close_row = test_ui_find_by_text (GTK_WIDGET (window), "_Close calls once saved");
  g_assert_true (ADW_IS_ACTION_ROW (close_row));
  g_assert_false (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (close_row)),
                                    "Set by"));
  g_assert_true (gtk_widget_is_sensitive (test_ui_find_child (close_row, GTK_TYPE_SWITCH)));
  /* A supervisor's wrap-up time target: shown in minutes, fixed, and said so. */
  {
    GtkWidget *acw = test_ui_find_field (GTK_WIDGET (window), "acw-target");
    GtkWidget *acw_row = gtk_widget_get_ancestor (acw, ADW_TYPE_ACTION_ROW);

    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (acw)), ==, 2.5);
    g_assert_false (gtk_widget_is_sensitive (acw));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (acw_row)),
                                     "Set by your administrator. "));
    g_assert_true (gtk_widget_is_sensitive (test_ui_find_field (GTK_WIDGET (window),
                                                                "reuse-window")));
  }
  save_png (window, "preferences-locked");

  /* A value that cannot be written is never shown as applied: even forced into the row, it
   * goes back to the value in use, with the reason. */
  enter_text (url_row, "wss://other.example.com/lcm");
  url = g_settings_get_string (locked, "server-url");
  g_assert_cmpstr (url, ==, LOCKED_URL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, LOCKED_URL);
  message = row_error (window, url_row);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "administrator"));

  /* The agent id, not locked, is stored. */
  agent_row = find_entry_row (window, "Agent id");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (agent_row)));
  enter_text (agent_row, "agent7");
  g_assert_null (row_error (window, agent_row));
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (locked, "agent-id");
  g_assert_cmpstr (url, ==, "agent7");

  close_window (window);
  g_clear_object (&locked);
  test_remove_dir (dir);
}

/* The shortcuts window */

static void
test_help_overlay (void)
{
  static const char *expected[] = {
    "<Alt>t", "<Alt>b", "<Alt>m", "Down", "Return", "<Alt>1...<Alt>9", "Escape", "<Alt>u",
    "<Primary>Return", "<Primary>b", "<Primary>1", "<Primary>2",
    "<Primary>f", "F5", "<Primary>e",
    "<Primary><Shift>c", "<Primary>comma", "<Primary>question", "<Primary>w", "<Primary>q",
  };
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/wrapupdesk/Wrapup/wrapup-shortcuts-window.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  guint n_groups = 0;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      if (GTK_IS_SHORTCUTS_GROUP (l->data))
        n_groups++;
      if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        {
          g_autofree char *title = NULL;
          char *accel = NULL;

          g_object_get (l->data, "title", &title, "accelerator", &accel, NULL);
          g_assert_nonnull (title);
          g_assert_cmpstr (title, !=, "");
          g_ptr_array_add (accels, accel);
        }
    }
  g_assert_cmpuint (n_groups, ==, 4);
  g_assert_cmpuint (accels->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint key;
      GdkModifierType mods;

      g_auto(GStrv) range = g_strsplit (expected[i], "...", 2);

      g_assert_true (g_ptr_array_find_with_equal_func (accels, expected[i], g_str_equal, NULL));
      /* A range ("<Alt>1...<Alt>9", as GtkShortcutsShortcut shows them): both ends. */
      for (guint j = 0; range[j] != NULL; j++)
        g_assert_true (gtk_accelerator_parse (range[j], &key, &mods));
    }

  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* The shortcuts window is built when asked for, not with every window (GtkApplication would
 * build gtk/help-overlay.ui for each), and belongs to the window it was asked from. */
static gboolean
shortcuts_window_of (gpointer user_data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel) &&
          gtk_window_get_transient_for (toplevel) == user_data)
        return TRUE;
    }
  return FALSE;
}

static void
test_help_overlay_in_window (void)
{
  g_autoptr(GtkApplication) app = gtk_application_new (APPLICATION_ID,
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) window = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = g_object_ref_sink (GTK_WIDGET (wrapup_window_new (app, NULL, NULL)));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_false (shortcuts_window_of (window));
  test_ui_show (GTK_WINDOW (window));
  gtk_widget_activate_action (window, "win.show-help-overlay", NULL);
  g_assert_true (shortcuts_window_of (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The wrap-up time target is typed in minutes and kept in seconds; one window per agent is
 * a switch, on by default. */
static void
test_wrapup_rows (void)
{
  WrapupPreferencesWindow *window = open_window ();
  GtkWidget *acw = test_ui_find_field (GTK_WIDGET (window), "acw-target");
  GtkWidget *reuse = test_ui_find_field (GTK_WIDGET (window), "reuse-window");

  g_assert_cmpint (g_settings_get_int (settings, "acw-target"), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (acw)), ==, 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (acw), 1.5);
  g_assert_cmpint (g_settings_get_int (settings, "acw-target"), ==, 90);
  g_settings_set_int (settings, "acw-target", 240);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (acw)), ==, 4);

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (reuse)));
  gtk_switch_set_active (GTK_SWITCH (reuse), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "reuse-window"));

  g_settings_reset (settings, "acw-target");
  g_settings_reset (settings, "reuse-window");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  test_ui_init (&argc, &argv);
  settings = g_settings_new (APPLICATION_ID);

  g_test_add_func ("/wrapup/preferences/server-url/valid", test_valid_url);
  g_test_add_func ("/wrapup/preferences/server-url/invalid", test_invalid_url);
  g_test_add_func ("/wrapup/preferences/server-url/insecure-opt-in", test_insecure_opt_in);
  g_test_add_func ("/wrapup/preferences/agent-id", test_agent_id);
  g_test_add_func ("/wrapup/preferences/trusted-certificate", test_trusted_certificate);
  g_test_add_func ("/wrapup/preferences/token-note", test_token_note);
  g_test_add_func ("/wrapup/preferences/png", test_png);
  g_test_add_func ("/wrapup/preferences/locked", test_locked);
  g_test_add_func ("/wrapup/preferences/wrapup-rows", test_wrapup_rows);
  g_test_add_func ("/wrapup/help-overlay/builds", test_help_overlay);
  g_test_add_func ("/wrapup/help-overlay/window", test_help_overlay_in_window);

  status = g_test_run ();

  g_clear_object (&settings);
  return status;
}
