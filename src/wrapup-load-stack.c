/* wrapup-load-stack.c: a section's content and its load states, in one stack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-load-stack"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-accessible.h"
#include "wrapup-load-stack.h"

struct _WrapupLoadStack
{
  GtkWidget   parent_instance;

  gboolean    compact;
  char       *retry_action_name;
  GtkStack   *stack;
  GtkSpinner *spinner;
  GtkLabel   *loading_label;
  /* Compact: labels; otherwise the status pages' titles and descriptions. */
  GtkLabel   *failed_label;
  GtkLabel   *empty_label;
  AdwStatusPage *failed_page;
  AdwStatusPage *empty_page;
  GtkWidget  *retry_button;
  /* A load still going after LOADING_ANNOUNCE_MS is said (a quick one is not). */
  guint       loading_announce_source;
};

#define LOADING_ANNOUNCE_MS 1000

static void wrapup_load_stack_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WrapupLoadStack, wrapup_load_stack, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      wrapup_load_stack_buildable_init))

enum
{
  PROP_0,
  PROP_COMPACT,
  PROP_RETRY_ACTION_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* A text wrapped at a sensible width even in the narrowest window, which keeps the window
 * from growing tall. */
static GtkLabel *
new_state_label (gboolean dim)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_width_chars (label, 24);
  gtk_label_set_max_width_chars (label, 60);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (label, GTK_JUSTIFY_CENTER);
  if (dim)
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  return label;
}

static GtkWidget *
new_centered_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  return box;
}

static AdwStatusPage *
new_status_page (const char *icon_name)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (adw_status_page_new ());

  adw_status_page_set_icon_name (page, icon_name);
  gtk_widget_add_css_class (GTK_WIDGET (page), "compact");
  return page;
}

static void
build_pages (WrapupLoadStack *self)
{
  GtkWidget *loading = new_centered_box ();

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->spinner), self->compact ? 24 : 32,
                               self->compact ? 24 : 32);
  self->loading_label = new_state_label (TRUE);
  gtk_box_append (GTK_BOX (loading), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (loading), GTK_WIDGET (self->loading_label));
  gtk_stack_add_named (self->stack, loading, "loading");

  if (self->compact)
    {
      GtkWidget *failed = new_centered_box ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
      gtk_widget_add_css_class (icon, "dim-label");
      self->failed_label = new_state_label (FALSE);
      gtk_box_append (GTK_BOX (failed), icon);
      gtk_box_append (GTK_BOX (failed), GTK_WIDGET (self->failed_label));
      gtk_stack_add_named (self->stack, failed, "failed");

      self->empty_label = new_state_label (TRUE);
      gtk_widget_set_valign (GTK_WIDGET (self->empty_label), GTK_ALIGN_CENTER);
      gtk_widget_set_margin_start (GTK_WIDGET (self->empty_label), 18);
      gtk_widget_set_margin_end (GTK_WIDGET (self->empty_label), 18);
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_label), "empty");
    }
  else
    {
      self->failed_page = new_status_page ("dialog-warning-symbolic");
      self->retry_button = gtk_button_new_with_mnemonic (_("_Retry"));
      gtk_widget_set_halign (self->retry_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->retry_button, "pill");
      gtk_widget_add_css_class (self->retry_button, "suggested-action");
      gtk_widget_set_visible (self->retry_button, FALSE);
      adw_status_page_set_child (self->failed_page, self->retry_button);
      wrapup_accessible_repair (GTK_WIDGET (self->failed_page));
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->failed_page), "failed");

      self->empty_page = new_status_page ("edit-find-symbolic");
      gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");
    }
}

static gboolean
on_loading_announce_cb (gpointer data)
{
  WrapupLoadStack *self = data;

  self->loading_announce_source = 0;
  wrapup_accessible_announce (GTK_WIDGET (self), gtk_label_get_text (self->loading_label), FALSE);
  return G_SOURCE_REMOVE;
}

static void
show (WrapupLoadStack *self,
      const char      *name)
{
  gboolean loading = g_str_equal (name, "loading");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_spinner_set_spinning (self->spinner, loading);
  if (!loading)
    g_clear_handle_id (&self->loading_announce_source, g_source_remove);
  else if (self->loading_announce_source == 0)
    self->loading_announce_source = g_timeout_add (LOADING_ANNOUNCE_MS, on_loading_announce_cb,
                                                   self);
}

/* GtkBuildable: <child type="NAME"> is a content page of that name. */

static void
wrapup_load_stack_buildable_add_child (GtkBuildable *buildable,
                                       GtkBuilder   *builder,
                                       GObject      *child,
                                       const char   *type)
{
  if (GTK_IS_WIDGET (child) && type != NULL)
    wrapup_load_stack_add_page (WRAPUP_LOAD_STACK (buildable), GTK_WIDGET (child), type);
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
wrapup_load_stack_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = wrapup_load_stack_buildable_add_child;
}

/* GObject */

static void
wrapup_load_stack_constructed (GObject *object)
{
  WrapupLoadStack *self = WRAPUP_LOAD_STACK (object);

  G_OBJECT_CLASS (wrapup_load_stack_parent_class)->constructed (object);

  if (!self->compact)
    gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  build_pages (self);
  if (self->retry_button != NULL && self->retry_action_name != NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button),
                                      self->retry_action_name);
      gtk_widget_set_visible (self->retry_button, TRUE);
    }
  show (self, "loading");
}

static void
wrapup_load_stack_dispose (GObject *object)
{
  WrapupLoadStack *self = WRAPUP_LOAD_STACK (object);

  g_clear_handle_id (&self->loading_announce_source, g_source_remove);
  if (self->stack != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->stack));
      self->stack = NULL;
    }
  G_OBJECT_CLASS (wrapup_load_stack_parent_class)->dispose (object);
}

static void
wrapup_load_stack_finalize (GObject *object)
{
  g_free (WRAPUP_LOAD_STACK (object)->retry_action_name);
  G_OBJECT_CLASS (wrapup_load_stack_parent_class)->finalize (object);
}

static void
wrapup_load_stack_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WrapupLoadStack *self = WRAPUP_LOAD_STACK (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    case PROP_RETRY_ACTION_NAME:
      g_value_set_string (value, self->retry_action_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_load_stack_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WrapupLoadStack *self = WRAPUP_LOAD_STACK (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      self->compact = g_value_get_boolean (value);
      break;
    case PROP_RETRY_ACTION_NAME:
      g_free (self->retry_action_name);
      self->retry_action_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_load_stack_class_init (WrapupLoadStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wrapup_load_stack_constructed;
  object_class->dispose = wrapup_load_stack_dispose;
  object_class->finalize = wrapup_load_stack_finalize;
  object_class->get_property = wrapup_load_stack_get_property;
  object_class->set_property = wrapup_load_stack_set_property;

  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_ACTION_NAME] =
    g_param_spec_string ("retry-action-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
wrapup_load_stack_init (WrapupLoadStack *self)
{
  self->stack = GTK_STACK (gtk_stack_new ());
  /* Only the page shown is measured: a homogeneous stack sizes its hidden pages' wrapped
   * texts too, on every layout. */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
}

/* public API */

GtkWidget *
wrapup_load_stack_new (gboolean compact)
{
  return g_object_new (WRAPUP_TYPE_LOAD_STACK, "compact", compact, NULL);
}

void
wrapup_load_stack_add_page (WrapupLoadStack *self,
                            GtkWidget       *child,
                            const char      *name)
{
  g_return_if_fail (WRAPUP_IS_LOAD_STACK (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (name != NULL);

  gtk_stack_add_named (self->stack, child, name);
}

void
wrapup_load_stack_show_loading (WrapupLoadStack *self,
                                const char      *text)
{
  g_return_if_fail (WRAPUP_IS_LOAD_STACK (self));

  gtk_label_set_text (self->loading_label, text != NULL ? text : "");
  show (self, "loading");
}

void
wrapup_load_stack_show_failed (WrapupLoadStack *self,
                               const char      *title,
                               const char      *reason)
{
  g_return_if_fail (WRAPUP_IS_LOAD_STACK (self));

  if (self->compact)
    gtk_label_set_text (self->failed_label, reason != NULL ? reason : "");
  else
    {
      g_autofree char *escaped = g_markup_escape_text (reason != NULL ? reason : "", -1);

      adw_status_page_set_title (self->failed_page, title);
      adw_status_page_set_description (self->failed_page, escaped);
    }
  show (self, "failed");
  if (title != NULL && reason != NULL)
    {
      /* Translators: a failure said to a screen reader: its title and its reason */
      g_autofree char *said = g_strdup_printf (_("%s: %s"), title, reason);

      wrapup_accessible_announce (GTK_WIDGET (self), said, TRUE);
    }
  else
    wrapup_accessible_announce (GTK_WIDGET (self), reason != NULL ? reason : title, TRUE);
}

void
wrapup_load_stack_show_empty (WrapupLoadStack *self,
                              const char      *title,
                              const char      *text)
{
  g_return_if_fail (WRAPUP_IS_LOAD_STACK (self));

  if (self->compact)
    gtk_label_set_text (self->empty_label, text != NULL ? text : "");
  else
    {
      g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

      adw_status_page_set_title (self->empty_page, title);
      adw_status_page_set_description (self->empty_page, escaped);
    }
  show (self, "empty");
}

void
wrapup_load_stack_show_page (WrapupLoadStack *self,
                             const char      *name)
{
  g_return_if_fail (WRAPUP_IS_LOAD_STACK (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->stack, name) != NULL);

  show (self, name);
}

const char *
wrapup_load_stack_get_visible_page (WrapupLoadStack *self)
{
  g_return_val_if_fail (WRAPUP_IS_LOAD_STACK (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkStack *
wrapup_load_stack_get_stack (WrapupLoadStack *self)
{
  g_return_val_if_fail (WRAPUP_IS_LOAD_STACK (self), NULL);
  return self->stack;
}
