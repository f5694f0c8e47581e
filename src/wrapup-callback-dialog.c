/* wrapup-callback-dialog.c: booking a personal callback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-callback-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-callback-dialog-private.h"

/* How long a new window lasts when nothing else says. */
#define DEFAULT_DURATION (30 * G_TIME_SPAN_MINUTE)
/* The window is checked again this often while the dialog is open: now moves on. */
#define REVALIDATE_SECONDS 20

struct _WrapupCallbackDialog
{
  AdwWindow      parent_instance;

  GListModel    *modes;
  /* The window as last read from the fields: the end keeps its distance from the start
   * when the agent moves the start. */
  GDateTime     *last_start;
  GDateTime     *last_end;
  guint          revalidate_id;
  /* Above zero while the code, not the agent, changes the fields. */
  guint          updating;
  gboolean       valid;

  GtkCalendar   *start_calendar;
  GtkSpinButton *start_hour;
  GtkSpinButton *start_minute;
  GtkCalendar   *end_calendar;
  GtkSpinButton *end_hour;
  GtkSpinButton *end_minute;
  /* The chosen mode: no autoselect, so nothing is chosen until the agent (or a single
   * mode, or the mode booked before) says. */
  GtkSingleSelection *mode_selection;
  GtkMenuButton *mode_button;
  GtkPopover    *mode_popover;
  GtkListView   *mode_list;
  GtkLabel      *error_label;
  GtkLabel      *zone_label;
  GtkWidget     *book_button;
};

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

/* The value shown in a spin button, counting what the agent has typed but not committed
 * yet, so validation follows the typing. */
static int
spin_value (GtkSpinButton *spin)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  gint64 value;

  if (text != NULL
      && g_ascii_string_to_signed (text, 10,
                                   (gint64) gtk_adjustment_get_lower (adjustment),
                                   (gint64) gtk_adjustment_get_upper (adjustment),
                                   &value, NULL))
    return (int) value;

  return gtk_spin_button_get_value_as_int (spin);
}

/* A local time from a calendar and two spin buttons; NULL if it cannot be represented. */
static GDateTime *
read_time (GtkCalendar   *calendar,
           GtkSpinButton *hour,
           GtkSpinButton *minute)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  return g_date_time_new (zone,
                          g_date_time_get_year (date),
                          g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date),
                          spin_value (hour), spin_value (minute), 0);
}

static void
write_time (WrapupCallbackDialog *self,
            GtkCalendar          *calendar,
            GtkSpinButton        *hour,
            GtkSpinButton        *minute,
            GDateTime            *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  g_return_if_fail (local != NULL);

  self->updating++;
  /* Commit what the agent left typed first, or setting the value the adjustment already
   * has would leave that text in place. */
  gtk_spin_button_update (hour);
  gtk_spin_button_update (minute);
  gtk_calendar_select_day (calendar, local);
  gtk_spin_button_set_value (hour, g_date_time_get_hour (local));
  gtk_spin_button_set_value (minute, g_date_time_get_minute (local));
  self->updating--;
}

static LcmCallbackMode *
selected_mode (WrapupCallbackDialog *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->mode_selection);

  return LCM_IS_CALLBACK_MODE (item) ? item : NULL;
}

static gboolean
is_readable_zone_name (const char *identifier)
{
  /* Not a file path, and not a POSIX rule such as "UTC+05:30" whose sign reads backwards. */
  if (identifier == NULL || *identifier == '\0' || *identifier == '/' || *identifier == ':')
    return FALSE;

  for (const char *p = identifier; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static gboolean
is_alphabetic (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;

  return TRUE;
}

static void
update_zone_label (WrapupCallbackDialog *self,
                   GDateTime            *at)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *offset = NULL;
  g_autofree char *text = NULL;
  const char *identifier = g_time_zone_get_identifier (zone);
  const char *abbreviation;
  GTimeSpan minutes;

  /* The offset of the window's start: it differs across a daylight-saving change. */
  if (at == NULL)
    at = now = g_date_time_new_now (zone);

  minutes = g_date_time_get_utc_offset (at) / G_TIME_SPAN_MINUTE;
  offset = g_strdup_printf ("UTC%c%02d:%02d", minutes < 0 ? '-' : '+',
                            (int) (ABS (minutes) / 60), (int) (ABS (minutes) % 60));
  abbreviation = g_date_time_get_timezone_abbreviation (at);
  if (!is_alphabetic (abbreviation))
    abbreviation = NULL;

  if (is_readable_zone_name (identifier))
    {
      if (abbreviation != NULL && strstr (identifier, abbreviation) == NULL)
        /* Translators: the time zone the callback times are in: its name (Europe/London),
         * abbreviation (BST) and offset (UTC+01:00) */
        text = g_strdup_printf (_("Times are in %s (%s, %s)"), identifier, abbreviation,
                                offset);
      else
        /* Translators: the time zone the callback times are in: its name (Europe/London)
         * and offset (UTC+01:00) */
        text = g_strdup_printf (_("Times are in %s (%s)"), identifier, offset);
    }
  else if (abbreviation != NULL)
    text = g_strdup_printf (_("Times are in %s (%s)"), abbreviation, offset);
  else
    /* Translators: %s is an offset such as UTC+01:00 */
    text = g_strdup_printf (_("Times are in local time (%s)"), offset);

  gtk_label_set_text (self->zone_label, text);
}

static void
validate (WrapupCallbackDialog *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  const char *message = NULL;

  start = read_time (self->start_calendar, self->start_hour, self->start_minute);
  end = read_time (self->end_calendar, self->end_hour, self->end_minute);

  if (start == NULL || end == NULL)
    message = _("This date and time cannot be used: choose another.");
  else if (!lcm_check_callback_window (start, end, now, &error))
    message = error->message;
  else if (selected_mode (self) == NULL)
    message = g_list_model_get_n_items (self->modes) == 0
              ? _("This contact has no number to call back on.")
              : _("Choose the number to call back on.");

  if (start != NULL && end != NULL)
    {
      g_clear_pointer (&self->last_start, g_date_time_unref);
      g_clear_pointer (&self->last_end, g_date_time_unref);
      self->last_start = g_date_time_ref (start);
      self->last_end = g_date_time_ref (end);
    }

  update_zone_label (self, start);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  self->valid = message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "callback.book", self->valid);
}

/* signal callbacks */

static void
on_start_changed_cb (WrapupCallbackDialog *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  GTimeSpan duration = DEFAULT_DURATION;

  if (self->updating > 0)
    return;

  /* Moving the start moves the end with it, keeping the window's length. */
  start = read_time (self->start_calendar, self->start_hour, self->start_minute);
  if (start != NULL && self->last_start != NULL && self->last_end != NULL
      && g_date_time_compare (self->last_start, start) != 0)
    {
      GTimeSpan old = g_date_time_difference (self->last_end, self->last_start);

      if (old >= 0)
        duration = old;
      end = g_date_time_add (start, duration);
      if (end != NULL)
        write_time (self, self->end_calendar, self->end_hour, self->end_minute, end);
    }

  validate (self);
}

static void
on_end_changed_cb (WrapupCallbackDialog *self)
{
  if (self->updating > 0)
    return;

  validate (self);
}

static void
on_mode_changed_cb (WrapupCallbackDialog *self)
{
  LcmCallbackMode *mode = selected_mode (self);
  g_autofree char *label = mode != NULL ? wrapup_callback_mode_dup_label (mode) : NULL;

  gtk_menu_button_set_label (self->mode_button, label != NULL ? label : _("Choose a Number"));
  if (self->updating > 0)
    return;

  validate (self);
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
  validate (WRAPUP_CALLBACK_DIALOG (user_data));
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
  validate (self);
  if (!self->valid)
    return;

  start = read_time (self->start_calendar, self->start_hour, self->start_minute);
  end = read_time (self->end_calendar, self->end_hour, self->end_minute);
  mode = selected_mode (self);
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
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, end_calendar);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, end_hour);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, end_minute);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, mode_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, mode_popover);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, mode_list);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, zone_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackDialog, book_button);
  gtk_widget_class_bind_template_callback (widget_class, on_start_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_end_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_time_output_cb);

  gtk_widget_class_install_action (widget_class, "callback.book", NULL, book_action);
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
}

/* public API */

WrapupCallbackDialog *
wrapup_callback_dialog_new (GtkWindow  *parent,
                            GListModel *modes,
                            GDateTime  *start,
                            GDateTime  *end,
                            gint64      mode_id)
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

  write_time (self, self->start_calendar, self->start_hour, self->start_minute, start);
  write_time (self, self->end_calendar, self->end_hour, self->end_minute, end);

  if (mode_id == LCM_NONE && g_list_model_get_n_items (self->modes) == 1)
    {
      self->updating++;
      gtk_single_selection_set_selected (self->mode_selection, 0);
      self->updating--;
    }
  else
    wrapup_callback_dialog_select_mode (self, mode_id);

  validate (self);
  return self;
}

/* private API */

GtkCalendar *
wrapup_callback_dialog_get_calendar (WrapupCallbackDialog *self,
                                     gboolean              end)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACK_DIALOG (self), NULL);

  return end ? self->end_calendar : self->start_calendar;
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

  if (start != NULL)
    write_time (self, self->start_calendar, self->start_hour, self->start_minute, start);
  if (end != NULL)
    write_time (self, self->end_calendar, self->end_hour, self->end_minute, end);
  validate (self);
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
  validate (self);
}

char *
wrapup_callback_mode_dup_label (LcmCallbackMode *mode)
{
  const char *description;
  const char *value;

  g_return_val_if_fail (LCM_IS_CALLBACK_MODE (mode), NULL);

  description = lcm_callback_mode_get_description (mode);
  value = lcm_callback_mode_get_value (mode);
  if (description == NULL || *description == '\0')
    description = _("Callback number");
  if (value == NULL || *value == '\0')
    return g_strdup (description);

  /* Translators: a way to reach a contact (Mobile, Office…), then its number or address */
  return g_strdup_printf (_("%s — %s"), description, value);
}
