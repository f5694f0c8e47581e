/* wrapup-test-ui.c: support for the application's UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wrapup-test-ui.h"

static char *private_home;

static void
remove_private_home (void)
{
  test_remove_dir (private_home);
  g_clear_pointer (&private_home, g_free);
}

void
test_ui_init (int    *argc,
              char ***argv)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test case its own directories, but not what main()
   * does before the cases run (start the application, leave an outbox behind): without these
   * it would use, and leave things in, the real user's. Set before GTK starts, which reads
   * them once. */
  private_home = g_dir_make_tmp ("wrapup-test-XXXXXX", NULL);
  g_assert_nonnull (private_home);
  for (guint i = 0; i < 4; i++)
    {
      const char *variables[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                  "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (private_home, variables[i], NULL);

      g_setenv (variables[i], dir, TRUE);
    }
  atexit (remove_private_home);

  gtk_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  /* The application's own style, as AdwApplication loads it from its resources: widgets
   * and their PNGs look as they do in the app. */
  {
    g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (style, "/io/github/wrapupdesk/Wrapup/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (style),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

LcmClient *
test_ui_connect (TestSim *sim)
{
  /* UI tests are not about timeouts; under the sanitizers on a busy machine a large journey
   * can take longer than the default. Timeouts have their own tests (test-client). */
  return test_connect_client (sim->url, 60000, 20000);
}

static gboolean
all_sections_settled (gpointer user_data)
{
  WrapupCall *call = user_data;

  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      WrapupLoadState state = wrapup_call_get_load_state (call, i);
      if (state != WRAPUP_LOAD_READY && state != WRAPUP_LOAD_FAILED)
        return FALSE;
    }
  return TRUE;
}

gboolean
test_ui_wait_loaded (WrapupCall *call)
{
  return test_wait_until (all_sections_settled, call, 30000);
}

WrapupCall *
test_ui_open_demo_call (LcmClient *client)
{
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new (TEST_DEMO_CALL, TEST_DEMO_ACCOUNT,
                                                         LCM_CALL_TYPE_OUTBOUND, NULL,
                                                         TEST_DEMO_CAMPAIGN);
  WrapupCall *call = wrapup_call_new (client, link, "testagent");

  wrapup_call_load (call);
  g_assert_true (test_ui_wait_loaded (call));
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    g_assert_cmpint (wrapup_call_get_load_state (call, i), ==, WRAPUP_LOAD_READY);
  return call;
}

void
test_ui_show (GtkWindow *window)
{
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* Lists fill in over a few frames. */
  test_spin (200);
}

char *
test_ui_save_png (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("WRAPUP_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autoptr(GdkTexture) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  GskRenderer *renderer;
  char *path;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_nonnull (dir);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);

  /* A window just presented may not have drawn its first frame yet (slowly so under the
   * sanitizers): give it a few frames, bounded. */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        test_spin (100);
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  reloaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (reloaded), ==, width);
  g_assert_cmpint (gdk_texture_get_height (reloaded), ==, height);
  g_test_message ("saved %s", path);
  return path;
}

GtkWidget *
test_ui_find_child (GtkWidget *root,
                    GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        return child;
      found = test_ui_find_child (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
test_ui_find_named (GtkWidget  *root,
                    const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      found = test_ui_find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
test_ui_choose_telephony (GtkWidget  *root,
                          const char *description)
{
  GtkWidget *search = test_ui_find_named (root, "telephony-search");

  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), description);
  g_signal_emit_by_name (search, "activate");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  test_spin (300);
}

void
test_ui_type_number (GtkWidget  *root,
                     const char *name,
                     const char *text)
{
  GtkWidget *spin = test_ui_find_named (root, name);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  return NULL;
}

GtkWidget *
test_ui_find_by_text (GtkWidget  *root,
                      const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = widget_text (child);
      GtkWidget *found;

      if (label != NULL && strstr (label, text) != NULL)
        return child;
      found = test_ui_find_by_text (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GDateTime *
test_ui_day_at (int days,
                int hour,
                int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day), hour, minute, 0);
}
