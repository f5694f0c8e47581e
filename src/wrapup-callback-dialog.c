/* wrapup-callback-dialog.c: booking a personal callback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-callback-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-accessible.h"
#include "wrapup-callback-dialog-private.h"

/* How long a new window lasts when nothing else says: an hour, as the presets'. */
#define DEFAULT_DURATION G_TIME_SPAN_HOUR
/* The window is checked again this often while the dialog is open: now moves on. */
#define REVALIDATE_SECONDS 20

G_DEFINE_FINAL_TYPE (WrapupCallbackDialog, wrapup_callback_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_MODES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  BOOKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* helpers */

LcmCallbackMode *
wrapup_callback_dialog_selected_mode (WrapupCallbackDialog *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->mode_selection);

  return LCM_IS_CALLBACK_MODE (item) ? item : NULL;
}

static void
preset_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WrapupCallbackDialog *self = WRAPUP_CALLBACK_DIALOG (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  start = wrapup_callback_preset_start (g_variant_get_string (parameter, NULL), now,
                                        wrapup_callback_dialog_spin_value (self->start_hour),
                                        wrapup_callback_dialog_spin_value (self->start_minute));
  if (start == NULL)
    return;
  end = g_date_time_add (start, DEFAULT_DURATION);
  self->touched = TRUE;
  self->past_day_refused = FALSE;
  wrapup_callback_dialog_write_time (self, self->start_calendar, self->start_hour,
                                     self->start_minute, start);
  wrapup_callback_dialog_write_time (self, NULL, self->end_hour, self->end_minute, end);
  wrapup_callback_dialog_validate (self);
  /* Enter books it from here. */
  gtk_widget_grab_focus (GTK_WIDGET (self->start_hour));
}

/* Enter in a field books when the booking is valid (on a button, it presses the button; in
 * the numbers' list, it picks one). */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   WrapupCallbackDialog  *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  /* A preset's Alt and letter, before the field with the focus takes the key (a spin
   * button takes Alt and a digit as a digit): as translated, from its button's label. */
  if (modifiers == GDK_ALT_MASK)
    for (GtkWidget *button = gtk_widget_get_first_child (self->presets); button != NULL;
         button = gtk_widget_get_next_sibling (button))
      {
        GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

        if (GTK_IS_LABEL (label)
            && gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)))
               == gdk_keyval_to_lower (keyval))
          {
            /* At once: a button's own activation clicks it only a moment later, and the
             * agent's next key (Enter) must book what the preset set. */
            gtk_widget_activate_action_variant (GTK_WIDGET (self), "callback.preset",
                                                gtk_actionable_get_action_target_value (
                                                  GTK_ACTIONABLE (button)));
            return GDK_EVENT_STOP;
          }
      }

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
      || (state & gtk_accelerator_get_default_mod_mask ()) != 0 || focus == NULL)
    return GDK_EVENT_PROPAGATE;
  if (gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) == NULL
      && gtk_widget_get_ancestor (focus, GTK_TYPE_CALENDAR) == NULL)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_activate_action (GTK_WIDGET (self), "callback.book", NULL);
  return GDK_EVENT_STOP;
}

/* signal callbacks */

static void
start_changed (WrapupCallbackDialog *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  GTimeSpan duration = DEFAULT_DURATION;

  self->touched = TRUE;

  /* Moving the start moves the end with it, keeping the window's length. */
  start = wrapup_callback_dialog_read_time (self->start_calendar, self->start_hour,
                                            self->start_minute);
  if (start != NULL && self->last_start != NULL && self->last_end != NULL
      && g_date_time_compare (self->last_start, start) != 0)
    {
      GTimeSpan old = g_date_time_difference (self->last_end, self->last_start);

      if (old >= 0)
        duration = old;
      end = g_date_time_add (start, duration);
      if (end != NULL)
        wrapup_callback_dialog_write_time (self, NULL, self->end_hour, self->end_minute, end);
    }

  wrapup_callback_dialog_validate (self);
}

/* The start's hour or minute. */
static void
on_start_changed_cb (WrapupCallbackDialog *self)
{
  if (self->updating > 0)
    return;
  self->past_day_refused = FALSE;
  start_changed (self);
}

/* The calendar's day, month or year. */
static void
on_day_changed_cb (WrapupCallbackDialog *self)
{
  if (self->updating > 0)
    return;
  wrapup_callback_dialog_refuse_past_day (self);
  start_changed (self);
}

static void
on_end_changed_cb (WrapupCallbackDialog *self)
{
  if (self->updating > 0)
    return;
  self->touched = TRUE;
  self->past_day_refused = FALSE;
  wrapup_callback_dialog_validate (self);
}

static void
on_mode_changed_cb (WrapupCallbackDialog *self)
{
  LcmCallbackMode *mode = wrapup_callback_dialog_selected_mode (self);
  g_autofree char *label = mode != NULL ? wrapup_callback_mode_dup_label (mode) : NULL;

  gtk_menu_button_set_label (self->mode_button, label != NULL ? label : _("Choose a Number"));
  if (self->updating > 0)
    return;
  self->touched = TRUE;

  wrapup_callback_dialog_validate (self);
}

static void
on_mode_activate_cb (WrapupCallbackDialog *self,
                     guint                 position)
{
  gtk_single_selection_set_selected (self->mode_selection, position);
  gtk_popover_popdown (self->mode_popover);
}

static void
on_mode_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  g_object_bind_property (item, "selected", check, "visible", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, box);
}

static void
on_mode_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  gpointer mode = gtk_list_item_get_item (item);
  g_autofree char *text = LCM_IS_CALLBACK_MODE (mode) ? wrapup_callback_mode_dup_label (mode)
                                                      : NULL;

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
}

static gboolean
on_time_output_cb (GtkSpinButton        *spin,
                   WrapupCallbackDialog *self)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static gboolean
on_revalidate_cb (gpointer user_data)
{
  wrapup_callback_dialog_validate (WRAPUP_CALLBACK_DIALOG (user_data));
  return G_SOURCE_CONTINUE;
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WrapupCallbackDialog *self = WRAPUP_CALLBACK_DIALOG (widget);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  LcmCallbackMode *mode;

  /* Commit what is typed in the spin buttons, then check once more: time has passed. */
  self->updating++;
  gtk_spin_button_update (self->start_hour);
  gtk_spin_button_update (self->start_minute);
  gtk_spin_button_update (self->end_hour);
  gtk_spin_button_update (self->end_minute);
  self->updating--;
  self->touched = TRUE;
  wrapup_callback_dialog_validate (self);
  if (!self->valid)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  start = wrapup_callback_dialog_read_time (self->start_calendar, self->start_hour,
                                            self->start_minute);
  end = wrapup_callback_dialog_read_time (self->start_calendar, self->end_hour, self->end_minute);
  mode = wrapup_callback_dialog_selected_mode (self);
  g_assert (start != NULL && end != NULL && mode != NULL);

  g_signal_emit (self, signals[BOOKED], 0, start, end, lcm_callback_mode_get_mode_id (mode));
  gtk_window_close (GTK_WINDOW (self));
}

/* GObject overrides */

static void
wrapup_callback_dialog_dispose (GObject *object)
{
  WrapupCallbackDialog *self = WRAPUP_CALLBACK_DIALOG (object);

  g_clear_handle_id (&self->revalidate_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_CALLBACK_DIALOG);
  if (self->mode_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->mode_selection, self);
  g_clear_object (&self->mode_selection);
  g_clear_object (&self->modes);
  g_clear_pointer (&self->last_start, g_date_time_unref);
  g_clear_pointer (&self->last_end, g_date_time_unref);

  G_OBJECT_CLASS (wrapup_callback_dialog_parent_class)->dispose (object);
}

static void
wrapup_callback_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  WrapupCallbackDialog *self = WRAPUP_CALLBACK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MODES:
      g_value_set_object (value, self->modes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_callback_dialog_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  WrapupCallbackDialog *self = WRAPUP_CALLBACK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MODES:
      g_assert (self->modes == NULL);
      self->modes = g_value_dup_object (value);
      if (self->modes == NULL)
        self->modes = G_LIST_MODEL (g_list_store_new (LCM_TYPE_CALLBACK_MODE));
      self->updating++;
      gtk_single_selection_set_model (self->mode_selection, self->modes);
      gtk_single_selection_set_selected (self->mode_selection, GTK_INVALID_LIST_POSITION);
      self->updating--;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_callback_dialog_class_init (WrapupCallbackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wrapup_callback_dialog_dispose;
  object_class->get_property = wrapup_callback_dialog_get_property;
  object_class->set_property = wrapup_callback_dialog_set_property;

  /* The contact's callback modes (LcmCallbackMode). */
  properties[PROP_MODES] =
    g_param_spec_object ("modes", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The window's start and end (local time) and the chosen mode id. */
  signals[BOOKED] =
    g_signal_new ("booked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_DATE_TIME, G_TYPE_DATE_TIME, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-callback-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, start_calendar);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, start_hour);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, start_minute);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, end_hour);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, end_minute);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, mode_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, mode_popover);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, mode_list);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, zone_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, presets);
  gtk_widget_class_bind_template_callback (widget_class, on_start_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_day_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_end_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_time_output_cb);

  gtk_widget_class_install_action (widget_class, "callback.book", NULL, book_action);
  gtk_widget_class_install_action (widget_class, "callback.preset", "s", preset_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "callback.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "callback.book", NULL);
}

static void
wrapup_callback_dialog_init (WrapupCallbackDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  /* The template's spin buttons format themselves while it is built. */
  self->updating = 1;
  gtk_widget_init_template (GTK_WIDGET (self));
  wrapup_accessible_repair (GTK_WIDGET (self));

  self->mode_selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                       "autoselect", FALSE,
                                       "can-unselect", TRUE,
                                       NULL);
  g_signal_connect_swapped (self->mode_selection, "notify::selected",
                            G_CALLBACK (on_mode_changed_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (on_mode_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_mode_bind_cb), NULL);
  gtk_list_view_set_factory (self->mode_list, factory);
  gtk_list_view_set_model (self->mode_list, GTK_SELECTION_MODEL (self->mode_selection));
  on_mode_changed_cb (self);
  self->updating = 0;

  self->revalidate_id = g_timeout_add_seconds (REVALIDATE_SECONDS, on_revalidate_cb, self);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
}

/* public API */

/* "+44 (0)7700 900123" -> "4407700900123": numbers compared as their digits. */
static char *
dup_digits (const char *number)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = number != NULL ? number : ""; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

/* The mode whose number is the one dialled, or LCM_NONE. */
static gint64
dialled_mode (GListModel *modes,
              const char *dialled_number)
{
  g_autofree char *dialled = dup_digits (dialled_number);
  guint n_items = g_list_model_get_n_items (modes);

  if (*dialled == '\0')
    return LCM_NONE;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (modes, i);
      g_autofree char *value = LCM_IS_CALLBACK_MODE (mode)
                               ? dup_digits (lcm_callback_mode_get_value (mode)) : NULL;

      if (value != NULL && g_str_equal (value, dialled))
        return lcm_callback_mode_get_mode_id (mode);
    }
  return LCM_NONE;
}

WrapupCallbackDialog *
wrapup_callback_dialog_new (GtkWindow  *parent,
                            GListModel *modes,
                            GDateTime  *start,
                            GDateTime  *end,
                            gint64      mode_id,
                            const char *dialled_number)
{
  WrapupCallbackDialog *self;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) hour = NULL;
  g_autoptr(GDateTime) default_start = NULL;
  g_autoptr(GDateTime) default_end = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (modes == NULL || G_IS_LIST_MODEL (modes), NULL);

  self = g_object_new (WRAPUP_TYPE_CALLBACK_DIALOG,
                       "transient-for", parent,
                       "modes", modes,
                       NULL);

  if (start == NULL)
    {
      /* The next full hour. */
      now = g_date_time_new_now_local ();
      hour = g_date_time_new (g_date_time_get_timezone (now),
                              g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                              0, 0);
      start = default_start = g_date_time_add_hours (hour, 1);
    }
  if (end == NULL)
    end = default_end = g_date_time_add (start, DEFAULT_DURATION);

  wrapup_callback_dialog_write_time (self, self->start_calendar, self->start_hour,
                                     self->start_minute, start);
  wrapup_callback_dialog_write_time (self, NULL, self->end_hour, self->end_minute, end);

  /* The number booked before, else the number dialled, else the only one. */
  if (mode_id == LCM_NONE)
    mode_id = dialled_mode (self->modes, dialled_number);
  if (mode_id == LCM_NONE && g_list_model_get_n_items (self->modes) == 1)
    {
      self->updating++;
      gtk_single_selection_set_selected (self->mode_selection, 0);
      self->updating--;
    }
  else
    wrapup_callback_dialog_select_mode (self, mode_id);

  wrapup_callback_dialog_validate (self);
  /* The first field: the start's hour (the presets above it, one key each, Alt and their
   * letter). */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->start_hour));
  return self;
}

/* private API */

GtkCalendar *
wrapup_callback_dialog_get_calendar (WrapupCallbackDialog *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return self->start_calendar;
}

GtkSpinButton *
wrapup_callback_dialog_get_hour (WrapupCallbackDialog *self,
                                 gboolean              end)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return end ? self->end_hour : self->start_hour;
}

GtkSpinButton *
wrapup_callback_dialog_get_minute (WrapupCallbackDialog *self,
                                   gboolean              end)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return end ? self->end_minute : self->start_minute;
}

GtkSingleSelection *
wrapup_callback_dialog_get_mode_selection (WrapupCallbackDialog *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return self->mode_selection;
}

GtkMenuButton *
wrapup_callback_dialog_get_mode_button (WrapupCallbackDialog *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return self->mode_button;
}

GtkLabel *
wrapup_callback_dialog_get_error_label (WrapupCallbackDialog *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return self->error_label;
}

GtkLabel *
wrapup_callback_dialog_get_zone_label (WrapupCallbackDialog *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return self->zone_label;
}

GtkWidget *
wrapup_callback_dialog_get_book_button (WrapupCallbackDialog *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return self->book_button;
}

void
wrapup_callback_dialog_set_window (WrapupCallbackDialog *self,
                                   GDateTime            *start,
                                   GDateTime            *end)
{
  g_return_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self));

  /* As the agent would fill the fields in. */
  self->touched = TRUE;
  if (start != NULL)
    wrapup_callback_dialog_write_time (self, self->start_calendar, self->start_hour,
                                       self->start_minute, start);
  if (end != NULL)
    wrapup_callback_dialog_write_time (self, NULL, self->end_hour, self->end_minute, end);
  wrapup_callback_dialog_validate (self);
}

void
wrapup_callback_dialog_select_mode (WrapupCallbackDialog *self,
                                    gint64                mode_id)
{
  guint position = GTK_INVALID_LIST_POSITION;
  guint n_items;

  g_return_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self));

  n_items = g_list_model_get_n_items (self->modes);
  for (guint i = 0; mode_id != LCM_NONE && i < n_items; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (self->modes, i);

      if (LCM_IS_CALLBACK_MODE (mode) && lcm_callback_mode_get_mode_id (mode) == mode_id)
        {
          position = i;
          break;
        }
    }

  self->updating++;
  gtk_single_selection_set_selected (self->mode_selection, position);
  self->updating--;
  wrapup_callback_dialog_validate (self);
}

char *
wrapup_callback_mode_dup_label (LcmCallbackMode *mode)
{
  const char *description;
  const char *value;

  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (mode), NULL);

  description = lcm_callback_mode_to_label (lcm_callback_mode_get_description (mode));
  value = lcm_callback_mode_get_value (mode);
  if (description == NULL || *description == '\0')
    description = _("Callback number");
  if (value == NULL || *value == '\0')
    return g_strdup (description);

  /* Translators: a way to reach a contact (Mobile, Office…), then its number or address */
  return g_strdup_printf (_("%s — %s"), description, value);
}
