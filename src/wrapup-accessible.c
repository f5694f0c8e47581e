/* wrapup-accessible.c: names for assistive technologies where GTK cannot give one by itself
 *
 * Most names come from the .ui files (labels, `<accessibility>` properties). What is here
 * mends what GTK or libadwaita leave unnamed, each for the versions that need it; the
 * accessible test (tests/check-accessible.py) walks the tree a screen reader reads and
 * fails on what is still unnamed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-accessible"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wrapup-accessible.h"

static gboolean
gtk_is_at_least (guint minor)
{
  return gtk_get_major_version () > 4 || gtk_get_minor_version () >= minor;
}

/* GTK 4.8 names a button with a mnemonic label twice, with and without the underline
 * ("_Save Save"): the button's own label property keeps the underscore, and the label
 * widget it is labelled by adds the text again. Without the property the name is the
 * label's text alone. The button sets the property again whenever its label changes. */
static void
forget_mnemonic_label (GtkButton *button)
{
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
repair_mnemonic_button (GtkButton *button)
{
  if (gtk_is_at_least (10) || !gtk_button_get_use_underline (button)
      || g_object_get_data (G_OBJECT (button), "wrapup-accessible-repaired") != NULL)
    return;
  g_object_set_data (G_OBJECT (button), "wrapup-accessible-repaired", GINT_TO_POINTER (TRUE));
  forget_mnemonic_label (button);
  g_signal_connect (button, "notify::label", G_CALLBACK (forget_mnemonic_label), NULL);
}

/* An AdwStatusPage scrolls its content in a scrolled window of its own, which can take the
 * focus and has no name: it is named by the page's title. */
/* The page's own scrolled window: its first child on libadwaita 1.2, deeper on later ones. */
static GtkWidget *
first_scrolled_window (GtkWidget *root,
                       guint      depth)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL && depth > 0;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_SCROLLED_WINDOW (child) ? child : first_scrolled_window (child, depth - 1);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
name_status_page_scroller (AdwStatusPage *page)
{
  GtkWidget *scroller = first_scrolled_window (GTK_WIDGET (page), 3);
  const char *title = adw_status_page_get_title (page);
  gboolean titled = title != NULL && *title != '\0';

  if (!GTK_IS_SCROLLED_WINDOW (scroller))
    return;
  /* A page without a title yet (a load stack's "failed" page before anything failed) has
   * nothing to say. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (scroller), GTK_ACCESSIBLE_STATE_HIDDEN, !titled, -1);
  if (titled)
    gtk_accessible_update_property (GTK_ACCESSIBLE (scroller), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    title, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (scroller), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
repair_status_page (AdwStatusPage *page)
{
  if (g_object_get_data (G_OBJECT (page), "wrapup-accessible-repaired") != NULL)
    return;
  g_object_set_data (G_OBJECT (page), "wrapup-accessible-repaired", GINT_TO_POINTER (TRUE));
  name_status_page_scroller (page);
  g_signal_connect (page, "notify::title", G_CALLBACK (name_status_page_scroller), NULL);
}

static void
label_if_unnamed (GtkWidget  *widget,
                  const char *label)
{
  if (g_object_get_data (G_OBJECT (widget), "wrapup-accessible-repaired") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "wrapup-accessible-repaired", GINT_TO_POINTER (TRUE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* GtkShortcutsWindow leaves its search entry, its search button, its section menu and its
 * scrolled window unnamed. */
static void
repair_shortcuts_window (GtkWidget *widget,
                         GtkWindow *window)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    label_if_unnamed (widget, _("Search Shortcuts"));
  else if (GTK_IS_MENU_BUTTON (widget))
    label_if_unnamed (widget, _("Sections"));
  else if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    label_if_unnamed (widget, _("Search"));
  else if (GTK_IS_SCROLLED_WINDOW (widget) && gtk_window_get_title (window) != NULL)
    label_if_unnamed (widget, gtk_window_get_title (window));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    repair_shortcuts_window (child, window);
}

/* AdwPreferencesWindow (libadwaita 1.2) keeps its search entry and search results page (a
 * page without a title) in the tree with search off, unnamed: they are hidden from assistive
 * technologies, as they are from sight. Each page scrolls in a scrolled window of its own,
 * named by the page. */
static void
repair_preferences_window (GtkWidget            *widget,
                           AdwPreferencesWindow *window,
                           AdwPreferencesPage   *page)
{
  gboolean searching = adw_preferences_window_get_search_enabled (window);

  if (ADW_IS_PREFERENCES_PAGE (widget))
    {
      const char *title = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget));

      /* The search results are a page without a title. */
      if ((title == NULL || *title == '\0') && !searching)
        {
          gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN,
                                       TRUE, -1);
          return;
        }
      page = ADW_PREFERENCES_PAGE (widget);
    }
  else if ((GTK_IS_SEARCH_BAR (widget) || GTK_IS_SEARCH_ENTRY (widget)) && !searching)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      return;
    }
  else if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      if (page != NULL && adw_preferences_page_get_title (page) != NULL)
        label_if_unnamed (widget, adw_preferences_page_get_title (page));
      else if (page == NULL && !searching)
        {
          gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN,
                                       TRUE, -1);
          return;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    repair_preferences_window (child, window, page);
}

/* GTK 4.8's GtkCalendar shows its month and year arrows as unnamed buttons: previous
 * month, next month, previous year, next year, in that order. */
static void
repair_calendar (GtkCalendar *calendar)
{
  const char *names[] = {
    N_("Previous Month"), N_("Next Month"), N_("Previous Year"), N_("Next Year"),
  };
  GPtrArray *buttons = g_ptr_array_new ();
  GPtrArray *pending = g_ptr_array_new ();

  g_ptr_array_add (pending, calendar);
  for (guint i = 0; i < pending->len; i++)
    for (GtkWidget *child = gtk_widget_get_first_child (pending->pdata[i]); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        if (GTK_IS_BUTTON (child))
          g_ptr_array_add (buttons, child);
        else
          g_ptr_array_add (pending, child);
      }
  if (buttons->len == G_N_ELEMENTS (names))
    for (guint i = 0; i < buttons->len; i++)
      label_if_unnamed (buttons->pdata[i], _(names[i]));
  g_ptr_array_unref (buttons);
  g_ptr_array_unref (pending);
}

/* GTK 4.10 and later name a menu's item (GtkModelButton, private) by its label widget,
 * which no longer gives a name there: every item of the main menu read as an empty "menu
 * item". The item is named by its text instead, each time the menu is shown (the button
 * puts the relation back whenever its state changes). */
static void
repair_model_button (GtkWidget *button)
{
  g_autofree char *text = NULL;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (button), "text") == NULL)
    return;
  g_object_get (button, "text", &text, NULL);
  if (text == NULL || *text == '\0')
    return;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
repair_popover_menu (GtkPopoverMenu *menu)
{
  if (!gtk_is_at_least (10)
      || g_object_get_data (G_OBJECT (menu), "wrapup-accessible-repaired") != NULL)
    return;
  g_object_set_data (G_OBJECT (menu), "wrapup-accessible-repaired", GINT_TO_POINTER (TRUE));
  g_signal_connect (menu, "map", G_CALLBACK (wrapup_accessible_repair), NULL);
}

/* GtkColumnView (GTK 4.8) leaves its header row and its list of rows unnamed. */
static void
repair_column_view (GtkColumnView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      label_if_unnamed (child, _("Rows"));
    else
      label_if_unnamed (child, _("Column headers"));
}

/**
 * wrapup_accessible_repair:
 * @root: a widget, typically a template's instance once its template is built
 *
 * Mends the accessible names of @root and every widget below it that GTK or libadwaita
 * leave unnamed or named wrongly. Safe to call more than once on the same widgets.
 */
void
wrapup_accessible_repair (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SHORTCUTS_WINDOW (root))
    repair_shortcuts_window (root, GTK_WINDOW (root));
  else if (ADW_IS_PREFERENCES_WINDOW (root))
    repair_preferences_window (root, ADW_PREFERENCES_WINDOW (root), NULL);

  /* A scrolled window takes the focus only to scroll content that has no focus of its own;
   * GTK 4.14 and later give it a role that no name reaches, so a screen reader would land on
   * a nameless stop. Everything Wrapup scrolls has focusable content, which Tab reaches. */
  if (GTK_IS_SCROLLED_WINDOW (root))
    gtk_widget_set_focusable (root, FALSE);

  /* libadwaita 1.4 and later: a preferences window's navigation view has an action (back)
   * and no name; it is the window's. */
  if (g_type_from_name ("AdwNavigationView") != 0
      && G_TYPE_CHECK_INSTANCE_TYPE (root, g_type_from_name ("AdwNavigationView"))
      && GTK_IS_WINDOW (gtk_widget_get_root (root)) && gtk_window_get_title (GTK_WINDOW (gtk_widget_get_root (root))) != NULL)
    label_if_unnamed (root, gtk_window_get_title (GTK_WINDOW (gtk_widget_get_root (root))));

  if (GTK_IS_CALENDAR (root))
    repair_calendar (GTK_CALENDAR (root));
  else if (GTK_IS_COLUMN_VIEW (root))
    repair_column_view (GTK_COLUMN_VIEW (root));
  else if (GTK_IS_BUTTON (root))
    repair_mnemonic_button (GTK_BUTTON (root));
  else if (GTK_IS_POPOVER_MENU (root))
    repair_popover_menu (GTK_POPOVER_MENU (root));
  else if (gtk_is_at_least (10) && g_strcmp0 (G_OBJECT_TYPE_NAME (root), "GtkModelButton") == 0)
    repair_model_button (root);
  else if (ADW_IS_STATUS_PAGE (root))
    repair_status_page (ADW_STATUS_PAGE (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wrapup_accessible_repair (child);
}

/**
 * wrapup_accessible_name_list_item:
 * @list_item: a list item with its child set
 * @label: (nullable): what the row is, as a screen reader should say it
 * @description: (nullable): its state or shortcut, said after the name
 *
 * Names a row of a GtkListView. GTK 4.12 added a list item's accessible label; before,
 * the row's widget is the child's parent, which GTK itself never names.
 */
void
wrapup_accessible_name_list_item (GtkListItem *list_item,
                                  const char  *label,
                                  const char  *description)
{
  GtkWidget *row;

  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));

  /* The build pins GTK's API to 4.8 (the floor): newer calls only where the headers have
   * them and the library at run time too. */
#if GTK_CHECK_VERSION (4, 12, 0)
  if (gtk_is_at_least (12))
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_list_item_set_accessible_label (list_item, label != NULL ? label : "");
      gtk_list_item_set_accessible_description (list_item, description != NULL ? description : "");
      G_GNUC_END_IGNORE_DEPRECATIONS
      return;
    }
#endif

  if (gtk_list_item_get_child (list_item) == NULL)
    return;
  row = gtk_widget_get_parent (gtk_list_item_get_child (list_item));
  if (row == NULL)
    return;
  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Tab out of a list: the whole list is one stop, as a list box is, and the arrows move in
 * it. GTK 4.12 made this a setting (GTK_LIST_TAB_ITEM); before, Tab went through every row
 * (thirty Tabs past the telephony outcomes). There, the list is made unable to take the
 * focus for the time GTK moves it on from where it is, so the move leaves the list. */
static gboolean
on_list_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkWidget             *list)
{
  GtkDirectionType direction;
  GtkRoot *root = gtk_widget_get_root (list);
  gboolean moved;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || root == NULL)
    return FALSE;
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) != 0 ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return FALSE;

  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  gtk_widget_set_can_focus (list, TRUE);
  return moved;
}

/**
 * wrapup_accessible_tab_leaves_list:
 * @list: a GtkListView or GtkColumnView
 *
 * Makes Tab and Shift+Tab leave @list at once, from any row.
 */
void
wrapup_accessible_tab_leaves_list (GtkWidget *list)
{
  GtkEventController *keys;

#if GTK_CHECK_VERSION (4, 12, 0)
  if (gtk_is_at_least (12))
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (GTK_IS_LIST_VIEW (list))
        gtk_list_view_set_tab_behavior (GTK_LIST_VIEW (list), GTK_LIST_TAB_ITEM);
      else if (GTK_IS_COLUMN_VIEW (list))
        gtk_column_view_set_tab_behavior (GTK_COLUMN_VIEW (list), GTK_LIST_TAB_ITEM);
      G_GNUC_END_IGNORE_DEPRECATIONS
      return;
    }
#endif

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), list);
  gtk_widget_add_controller (list, keys);
}

/**
 * wrapup_accessible_announce:
 * @widget: the widget whose state changed, in a window
 * @message: what a screen reader should say, a sentence
 * @urgent: %TRUE to interrupt what it is saying (errors), %FALSE to wait its turn
 *
 * Says a change of state that happens away from the focus ("Saved on this computer",
 * "Could not load…"). GTK 4.14 added announcements; built against an older GTK, the change
 * is only shown (the text is still on screen, where a reader finds it).
 */
void
wrapup_accessible_announce (GtkWidget  *widget,
                            const char *message,
                            gboolean    urgent)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (message == NULL || *message == '\0' || gtk_widget_get_root (widget) == NULL)
    return;
#if GTK_CHECK_VERSION (4, 14, 0)
  if (gtk_is_at_least (14))
    {
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      /* From the window: GTK says nothing for a widget no reader has looked at yet. */
      gtk_accessible_announce (GTK_ACCESSIBLE (gtk_widget_get_root (widget)), message,
                               urgent ? GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH
                                      : GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
      G_GNUC_END_IGNORE_DEPRECATIONS
    }
#endif
}
