/* wrapup-callback-row.c: the wrap-up form's personal callback row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-callback-row"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "wrapup-accessible.h"
#include "wrapup-callback-dialog-private.h"
#include "wrapup-callback-row.h"

struct _WrapupCallbackRow
{
  AdwActionRow  parent_instance;

  /* template */
  GtkSpinner   *modes_spinner;
  GtkWidget    *clear_button;
  GtkButton    *book_button;
};

G_DEFINE_FINAL_TYPE (WrapupCallbackRow, wrapup_callback_row, ADW_TYPE_ACTION_ROW)

static char *
dup_mode_label (GListModel *modes,
                gint64      mode_id)
{
  guint n_items = modes != NULL ? g_list_model_get_n_items (modes) : 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (modes, i);

      if (LCM_IS_CALLBACK_MODE (mode) && lcm_callback_mode_get_mode_id (mode) == mode_id)
        return wrapup_callback_mode_dup_label (mode);
    }

  /* Translators: a callback mode the contact's list no longer names, by its id */
  return g_strdup_printf (_("Mode %" PRId64), mode_id);
}

char *
wrapup_callback_dup_summary (GDateTime  *start_utc,
                             GDateTime  *end_utc,
                             gint64      mode_id,
                             GListModel *modes)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *mode = NULL;

  g_return_val_if_fail (start_utc != NULL && end_utc != NULL, NULL);

  start = g_date_time_to_local (start_utc);
  end = g_date_time_to_local (end_utc);
  mode = dup_mode_label (modes, mode_id);

  /* Translators: the date and time a callback starts, see g_date_time_format() */
  start_text = g_date_time_format (start, _("%a %-d %b, %H:%M"));
  if (g_date_time_get_year (start) == g_date_time_get_year (end)
      && g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    /* Translators: the time a callback ends on the day it starts */
    end_text = g_date_time_format (end, _("%H:%M"));
  else
    end_text = g_date_time_format (end, _("%a %-d %b, %H:%M"));

  /* Translators: a callback window (start, end) and the number called back */
  return g_strdup_printf (_("%s – %s · %s"), start_text, end_text, mode);
}

static void
wrapup_callback_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WRAPUP_TYPE_CALLBACK_ROW);

  G_OBJECT_CLASS (wrapup_callback_row_parent_class)->dispose (object);
}

static void
wrapup_callback_row_class_init (WrapupCallbackRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wrapup_callback_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-callback-row.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackRow, modes_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackRow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbackRow, book_button);
}

static void
wrapup_callback_row_init (WrapupCallbackRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wrapup_accessible_repair (GTK_WIDGET (self));
}

GtkWidget *
wrapup_callback_row_new (void)
{
  return g_object_new (WRAPUP_TYPE_CALLBACK_ROW, NULL);
}

void
wrapup_callback_row_update (WrapupCallbackRow *self,
                            GDateTime         *start,
                            GDateTime         *end,
                            gint64             mode_id,
                            GListModel        *modes,
                            WrapupLoadState    modes_state,
                            const char        *modes_error,
                            gboolean           has_call)
{
  gboolean booked = start != NULL && end != NULL;
  gboolean loading = has_call
                     && (modes_state == WRAPUP_LOAD_LOADING || modes_state == WRAPUP_LOAD_IDLE);
  g_autofree char *subtitle = NULL;

  g_return_if_fail (WRAPUP_IS_CALLBACK_ROW (self));

  if (booked)
    subtitle = wrapup_callback_dup_summary (start, end, mode_id, modes);
  else if (modes_state == WRAPUP_LOAD_FAILED)
    subtitle = g_strdup (modes_error != NULL ? modes_error : _("The list could not be loaded."));
  else if (modes_state == WRAPUP_LOAD_READY && modes != NULL
           && g_list_model_get_n_items (modes) == 0)
    subtitle = g_strdup (_("This contact has no number to call back on"));
  else if (loading)
    subtitle = g_strdup (_("Loading the contact’s numbers…"));
  else
    /* Translators: no personal callback is booked */
    subtitle = g_strdup (C_("callback", "None"));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_button_set_label (self->book_button, booked ? _("C_hange…") : _("B_ook…"));
  gtk_widget_set_visible (self->clear_button, booked);
  gtk_widget_set_visible (GTK_WIDGET (self->modes_spinner), loading);
  gtk_spinner_set_spinning (self->modes_spinner, loading);
}
