/* wrapup-test-ui.c: support for the application's UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wrapup-disposition-page.h"
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
test_ui_template_child (GtkWidget  *root,
                        GType       owner_type,
                        const char *id)
{
  GtkWidget *owner = G_TYPE_CHECK_INSTANCE_TYPE (root, owner_type)
                     ? root : test_ui_find_child (root, owner_type);
  GObject *child;

  if (owner == NULL)
    g_error ("no %s under %s", g_type_name (owner_type), G_OBJECT_TYPE_NAME (root));
  child = gtk_widget_get_template_child (owner, owner_type, id);
  if (!GTK_IS_WIDGET (child))
    g_error ("%s has no template child %s", g_type_name (owner_type), id);
  return GTK_WIDGET (child);
}

/* Where each field is: a template child of the form, of the window or of the preferences,
 * or (picker set) a template child of the form's telephony or business outcome picker. */
static const struct
{
  const char *name;
  const char *picker;     /* the form's picker holding it, or NULL */
  const char *owner;      /* the type whose template declares it */
  const char *id;
} fields[] = {
  { "comments", NULL, "WrapupDispositionPage", "comments_view" },
  { "submit-button", NULL, "WrapupDispositionPage", "submit_button" },
  { "submit-spinner", NULL, "WrapupDispositionPage", "submit_spinner" },
  { "status-label", NULL, "WrapupDispositionPage", "status_label" },
  { "lead-score", NULL, "WrapupDispositionPage", "lead_score_spin" },
  { "lead-score-undo", NULL, "WrapupDispositionPage", "lead_score_undo" },
  { "target-amount", NULL, "WrapupDispositionPage", "target_amount_spin" },
  { "callback-row", NULL, "WrapupDispositionPage", "callback_row" },
  { "close-call-button", NULL, "WrapupDispositionPage", "close_call_button" },
  { "telephony-search", "telephony_picker", "WrapupOutcomePicker", "search" },
  { "telephony-list", "telephony_picker", "WrapupOutcomePicker", "flat_view" },
  { "business-search", "business_picker", "WrapupOutcomePicker", "search" },
  { "business-results", "business_picker", "WrapupOutcomePicker", "flat_view" },
  { "business-tree", "business_picker", "WrapupOutcomePicker", "tree_view" },
  { "banner-label", NULL, "WrapupWindow", "banner_label" },
  { "acw-timer", NULL, "WrapupWindow", "timer_label" },
  { "acw-target", NULL, "WrapupPreferencesWindow", "acw_target_spin" },
  { "reuse-window", NULL, "WrapupPreferencesWindow", "reuse_window_switch" },
};

GtkWidget *
test_ui_find_field (GtkWidget  *root,
                    const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *owner = root;
      GtkWidget *field;

      if (!g_str_equal (fields[i].name, name))
        continue;
      if (fields[i].picker != NULL)
        owner = test_ui_template_child (root, WRAPUP_TYPE_DISPOSITION_PAGE, fields[i].picker);
      field = test_ui_template_child (owner, g_type_from_name (fields[i].owner), fields[i].id);
      /* The name the widget carries is the one the test asked for: the table is not stale. */
      g_assert_cmpstr (gtk_widget_get_name (field), ==, name);
      return field;
    }
  g_error ("no field %s", name);
  return NULL;
}

void
test_ui_choose_telephony (GtkWidget  *root,
                          const char *description)
{
  GtkWidget *search = test_ui_find_field (root, "telephony-search");

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
  GtkWidget *spin = test_ui_find_field (root, name);

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

GtkWindow *
test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

typedef struct
{
  GtkFileChooser *chooser;
  const char     *path;
} ChooserWait;

static gboolean
chooser_has_file (gpointer user_data)
{
  ChooserWait *wait = user_data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (wait->chooser);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, wait->path) == 0;
}

gboolean
test_ui_wait_for_chooser_file (GtkFileChooser *chooser,
                               const char     *path,
                               guint           timeout_ms)
{
  ChooserWait wait = { chooser, path };

  return test_wait_until (chooser_has_file, &wait, timeout_ms);
}
