/* wrapup-callbacks-window.c: "My callbacks", the agent's personal callbacks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-callbacks-window"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-load-stack.h"
#include "wrapup-accessible.h"
#include "wrapup-call.h"
#include "wrapup-callbacks-window.h"
#include "wrapup-session.h"
#include "wrapup-window.h"

/* How often the rows' state (due now, over) is brought up to date. */
#define TICK_SECONDS 30

typedef enum
{
  ROW_UPCOMING,
  ROW_DUE,
  ROW_OVER,
} RowState;

struct _WrapupCallbacksWindow
{
  AdwWindow         parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *header_spinner;
  WrapupLoadStack  *states;
  GtkLabel         *summary_label;
  GtkListBox       *list_box;

  WrapupSession    *session;
  GListStore       *store;
  GtkSortListModel *sorted;
  GCancellable     *cancellable;
  GDateTime        *updated_at;
  guint             tick_id;
  gboolean          loading;
};

G_DEFINE_FINAL_TYPE (WrapupCallbacksWindow, wrapup_callbacks_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark callback_quark;
static GQuark window_quark;
static GQuark status_label_quark;
static GQuark icon_quark;

/* Helpers */

static RowState
get_row_state (LcmPersonalCallback *callback,
               GDateTime           *now)
{
  GDateTime *start = lcm_personal_callback_get_start (callback);
  GDateTime *end = lcm_personal_callback_get_end (callback);

  if (end != NULL && g_date_time_compare (end, now) <= 0)
    return ROW_OVER;
  if (start != NULL && g_date_time_compare (start, now) <= 0)
    return ROW_DUE;
  return ROW_UPCOMING;
}

static char *
format_day (GDateTime *time,
            GDateTime *now)
{
  if (g_date_time_get_year (time) != g_date_time_get_year (now))
    /* Translators: a callback's day when it is not this year, see g_date_time_format() */
    return g_date_time_format (time, C_("callback day", "%a %-d %b %Y"));
  /* Translators: a callback's day, see g_date_time_format() */
  return g_date_time_format (time, C_("callback day", "%a %-d %b"));
}

static char *
format_clock (GDateTime *time)
{
  /* Translators: a callback's time of day, 24 hours, see g_date_time_format() */
  return g_date_time_format (time, C_("callback time", "%H:%M"));
}

static char *
format_window (LcmPersonalCallback *callback,
               GDateTime           *now)
{
  GDateTime *start = lcm_personal_callback_get_start (callback);
  GDateTime *end = lcm_personal_callback_get_end (callback);
  g_autofree char *start_day = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *end_day = NULL;
  g_autofree char *end_time = NULL;

  if (start == NULL || end == NULL)
    return g_strdup (_("Unknown time"));

  start_day = format_day (start, now);
  end_day = format_day (end, now);
  start_time = format_clock (start);
  end_time = format_clock (end);

  if (g_strcmp0 (start_day, end_day) == 0)
    /* Translators: a callback's window: day, start time, end time ("Tue 24 Nov, 10:00–11:30") */
    return g_strdup_printf (_("%s, %s–%s"), start_day, start_time, end_time);
  /* Translators: a callback's window over two days ("Tue 24 Nov, 23:00 – Wed 25 Nov, 01:00") */
  return g_strdup_printf (_("%s, %s – %s, %s"), start_day, start_time, end_day, end_time);
}

static char *
format_contact (LcmPersonalCallback *callback)
{
  const char *mode = lcm_callback_mode_to_label (lcm_personal_callback_get_mode_description (callback));
  const char *value = lcm_personal_callback_get_value (callback);

  if (mode == NULL || *mode == '\0')
    mode = _("Callback");
  if (value == NULL || *value == '\0')
    return g_strdup (mode);
  /* Translators: a callback's mode and number ("Mobile — 447700900123") */
  return g_strdup_printf (_("%s — %s"), mode, value);
}

static void
update_row (GtkWidget *row,
            GDateTime *now)
{
  LcmPersonalCallback *callback = g_object_get_qdata (G_OBJECT (row), callback_quark);
  GtkLabel *status = g_object_get_qdata (G_OBJECT (row), status_label_quark);
  GtkImage *icon = g_object_get_qdata (G_OBJECT (row), icon_quark);
  RowState state = get_row_state (callback, now);

  gtk_image_set_from_icon_name (icon, state == ROW_DUE    ? "alarm-symbolic"
                                      : state == ROW_OVER ? "dialog-warning-symbolic"
                                                          : "call-start-symbolic");
  if (state == ROW_DUE)
    gtk_widget_add_css_class (GTK_WIDGET (icon), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");

  if (state == ROW_OVER)
    gtk_widget_add_css_class (GTK_WIDGET (icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");

  gtk_widget_remove_css_class (GTK_WIDGET (status), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (status), "error");
  gtk_widget_remove_css_class (row, "due-now");
  gtk_widget_remove_css_class (row, "overdue");

  switch (state)
    {
    case ROW_DUE:
      gtk_label_set_label (status, _("Due now"));
      gtk_widget_add_css_class (GTK_WIDGET (status), "success");
      gtk_widget_add_css_class (row, "due-now");
      gtk_widget_set_visible (GTK_WIDGET (status), TRUE);
      break;
    case ROW_OVER:
      /* Its window passed with the callback still on the list: missed, not done. */
      gtk_label_set_label (status, _("Overdue"));
      gtk_widget_add_css_class (GTK_WIDGET (status), "error");
      gtk_widget_add_css_class (row, "overdue");
      gtk_widget_set_visible (GTK_WIDGET (status), TRUE);
      break;
    case ROW_UPCOMING:
    default:
      gtk_widget_set_visible (GTK_WIDGET (status), FALSE);
      break;
    }
}

/* A row's customer's call window, held weakly: the call may be closed first. */
static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
set_call_window (GObject      *object,
                 WrapupWindow *window)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, window);
  g_object_set_qdata_full (object, window_quark, ref, weak_ref_free);
}

/* A new reference, or NULL. */
static GtkWindow *
dup_call_window (GObject *object)
{
  GWeakRef *ref = g_object_get_qdata (object, window_quark);

  return ref != NULL ? g_weak_ref_get (ref) : NULL;
}

/* The customer's call: its window, on the Journey page. */
static void
on_row_activated_cb (GtkListBox    *list_box,
                     GtkListBoxRow *row,
                     gpointer       user_data)
{
  g_autoptr(GtkWindow) window = dup_call_window (G_OBJECT (row));

  if (window == NULL)
    return;
  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-journey", NULL);
}

/* The customer's call: its window, booking a callback. */
static void
on_reschedule_clicked_cb (GtkButton *button,
                          gpointer   user_data)
{
  g_autoptr(GtkWindow) window = dup_call_window (G_OBJECT (button));

  if (window == NULL)
    return;
  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.book-callback", NULL);
}

/* What the app knows of a callback's customer: an open call whose journey has this contact
 * (its window, weak), the number the call was made to, and the campaign the journey names
 * for the callback's number. The protocol's list gives only ids. */
typedef struct
{
  WrapupWindow *window;
  char         *contact;
  char         *campaign;
} Who;

static void
who_clear (Who *who)
{
  g_clear_pointer (&who->contact, g_free);
  g_clear_pointer (&who->campaign, g_free);
}

static void
find_who (WrapupCallbacksWindow *self,
          LcmPersonalCallback   *callback,
          Who                   *who)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *contact_id = g_strdup_printf ("%" PRId64,
                                                 lcm_personal_callback_get_contact_id (callback));
  const char *value = lcm_personal_callback_get_value (callback);

  memset (who, 0, sizeof *who);
  if (application == NULL)
    return;
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    {
      WrapupCall *call = WRAPUP_IS_WINDOW (l->data) ? wrapup_window_get_call (l->data) : NULL;
      GListModel *journey = call != NULL ? wrapup_call_get_journey (call) : NULL;
      guint n = journey != NULL ? g_list_model_get_n_items (journey) : 0;
      gboolean found = FALSE;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (journey, i);

          if (g_strcmp0 (lcm_journey_entry_get_contact_id (entry), contact_id) != 0)
            continue;
          found = TRUE;
          /* The campaign of an interaction on the callback's number. */
          if (who->campaign == NULL && value != NULL
              && g_strcmp0 (lcm_journey_entry_get_contact_value (entry), value) == 0
              && lcm_journey_entry_get_campaign_name (entry) != NULL
              && *lcm_journey_entry_get_campaign_name (entry) != '\0')
            who->campaign = g_strdup (lcm_journey_entry_get_campaign_name (entry));
        }
      if (!found)
        continue;
      who->window = l->data;
      who->contact = g_strdup (wrapup_call_get_contact_number (call) != NULL
                               ? wrapup_call_get_contact_number (call)
                               : wrapup_call_get_account_number (call));
      if (who->campaign == NULL && wrapup_call_get_campaign (call) != NULL)
        who->campaign = g_strdup (wrapup_call_get_campaign (call));
      return;
    }
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  WrapupCallbacksWindow *self = user_data;
  Who who;
  LcmPersonalCallback *callback = item;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *title = format_window (callback, now);
  g_autofree char *subtitle = format_contact (callback);
  g_autofree char *campaign = NULL;
  g_autofree char *contact = NULL;
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *box;
  GtkWidget *status;
  GtkWidget *ids_box;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "callback-row");

  icon = gtk_image_new_from_icon_name ("call-start-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  status = gtk_label_new (NULL);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "caption-heading");
  gtk_box_append (GTK_BOX (box), status);

  /* The ids on two short lines, so that narrow windows need not cut them. */
  ids_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (ids_box, GTK_ALIGN_CENTER);
  /* Names where the app knows them; the ids, said to be ids, where it does not. */
  find_who (self, callback, &who);
  if (who.campaign != NULL)
    campaign = g_strdup (who.campaign);
  else
    /* Translators: the id of a callback's campaign, whose name is not known here */
    campaign = g_strdup_printf (_("Campaign #%" PRId64),
                                lcm_personal_callback_get_campaign_id (callback));
  if (who.contact != NULL)
    contact = g_strdup (who.contact);
  else
    /* Translators: the id of a callback's contact, whose number is not known here */
    contact = g_strdup_printf (_("Contact #%" PRId64),
                               lcm_personal_callback_get_contact_id (callback));
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = gtk_label_new (i == 0 ? campaign : contact);

      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      /* A long campaign name is cut, not the callback's time beside it. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
      gtk_widget_set_tooltip_text (label, i == 0 ? campaign : contact);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (ids_box), label);
    }
  gtk_box_append (GTK_BOX (box), ids_box);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  g_object_set_qdata_full (G_OBJECT (row), callback_quark, g_object_ref (callback),
                           g_object_unref);
  g_object_set_qdata (G_OBJECT (row), status_label_quark, status);
  g_object_set_qdata (G_OBJECT (row), icon_quark, icon);

  /* A customer with an open call: Enter (or a click) opens that call's journey, and the
   * call's window can book the callback again (the protocol books callbacks with a call's
   * wrap-up only). */
  if (who.window != NULL)
    {
      GtkWidget *reschedule = gtk_button_new_with_mnemonic (_("_Reschedule…"));

      wrapup_accessible_repair (reschedule);

      set_call_window (G_OBJECT (row), who.window);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Open this customer’s journey"));
      gtk_widget_set_valign (reschedule, GTK_ALIGN_CENTER);
      set_call_window (G_OBJECT (reschedule), who.window);
      g_signal_connect (reschedule, "clicked", G_CALLBACK (on_reschedule_clicked_cb), NULL);
      gtk_box_append (GTK_BOX (box), reschedule);
    }
  else
    gtk_widget_set_tooltip_text (row, _("No call with this customer is open: the callback can "
                                        "be rescheduled from that call’s wrap-up."));
  who_clear (&who);
  update_row (row, now);
  return row;
}

static void
update_summary (WrapupCallbacksWindow *self,
                GDateTime             *now)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint n_due = 0;
  guint n_overdue = 0;
  g_autofree char *count = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (G_LIST_MODEL (self->sorted),
                                                                       i);
      RowState state = get_row_state (callback, now);

      n_due += state == ROW_DUE;
      n_overdue += state == ROW_OVER;
    }

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u callback", "%u callbacks", n), n);
  {
    g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

    g_ptr_array_add (parts, g_steal_pointer (&count));
    if (n_overdue > 0)
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue",
                                                            "%u overdue", n_overdue),
                                               n_overdue));
    if (n_due > 0)
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u due now",
                                                            "%u due now", n_due), n_due));
    g_ptr_array_add (parts, NULL);
    /* "6 callbacks, 2 overdue, 1 due now" */
    count = g_strjoinv (", ", (char **) parts->pdata);
    gtk_label_set_label (self->summary_label, count);
  }

  if (self->updated_at != NULL)
    {
      updated = format_clock (self->updated_at);
      /* Translators: the window's subtitle: agent id and when the list was loaded */
      subtitle = g_strdup_printf (_("%s · updated at %s"),
                                  wrapup_session_get_agent_id (self->session), updated);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title,
                                   wrapup_session_get_agent_id (self->session));
}

static void
update_rows (WrapupCallbacksWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_qdata (G_OBJECT (row), callback_quark) != NULL)
      update_row (row, now);
  update_summary (self, now);
}

static void
set_loading (WrapupCallbacksWindow *self,
             gboolean               loading)
{
  const char *page = wrapup_load_stack_get_visible_page (self->states);

  if (loading)
    {
      /* Keep showing the list while it refreshes: the header's spinner says so. */
      if (g_strcmp0 (page, "list") == 0)
        {
          gtk_widget_set_visible (self->header_spinner, TRUE);
          gtk_spinner_start (GTK_SPINNER (self->header_spinner));
        }
      else
        wrapup_load_stack_show_loading (self->states, _("Loading your callbacks…"));
    }
  else
    {
      gtk_spinner_stop (GTK_SPINNER (self->header_spinner));
      gtk_widget_set_visible (self->header_spinner, FALSE);
    }

  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
show_error (WrapupCallbacksWindow *self,
            const GError          *error)
{
  g_autofree char *message = wrapup_describe_error (error);

  set_loading (self, FALSE);
  wrapup_load_stack_show_failed (self->states, _("Could not load your callbacks"), message);
}

static int
compare_callbacks (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  LcmPersonalCallback *first = (LcmPersonalCallback *) a;
  LcmPersonalCallback *second = (LcmPersonalCallback *) b;
  GDateTime *first_start = lcm_personal_callback_get_start (first);
  GDateTime *second_start = lcm_personal_callback_get_start (second);
  GDateTime *first_end = lcm_personal_callback_get_end (first);
  GDateTime *second_end = lcm_personal_callback_get_end (second);
  int order;

  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean first_overdue, second_overdue;

  /* A callback without a window (never from a valid answer) goes last. */
  if (first_start == NULL || second_start == NULL)
    return (first_start == NULL) - (second_start == NULL);
  /* The missed ones first: they are the agent's to catch up with. */
  first_overdue = get_row_state (first, now) == ROW_OVER;
  second_overdue = get_row_state (second, now) == ROW_OVER;
  if (first_overdue != second_overdue)
    return first_overdue ? -1 : 1;
  order = g_date_time_compare (first_start, second_start);
  if (order != 0)
    return order;
  if (first_end != NULL && second_end != NULL)
    order = g_date_time_compare (first_end, second_end);
  return order;
}

/* Signal callbacks */

static void
on_fetch_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WrapupCallbacksWindow *self;
  g_autoptr(GListModel) callbacks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  callbacks = wrapup_session_fetch_personal_callbacks_finish (WRAPUP_SESSION (source_object),
                                                              result, &error);
  /* Cancelled: the window is gone, or a newer fetch replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WRAPUP_CALLBACKS_WINDOW (user_data);
  g_clear_object (&self->cancellable);

  if (callbacks == NULL)
    {
      g_debug ("Loading the personal callbacks failed: %s", error->message);
      show_error (self, error);
      return;
    }

  n = g_list_model_get_n_items (callbacks);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (callbacks, i));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_new_now_local ();

  update_rows (self);
  if (n > 0)
    wrapup_load_stack_show_page (self->states, "list");
  else
    wrapup_load_stack_show_empty (self->states, _("No callbacks booked"),
                                  _("Personal callbacks you book when you wrap up a call appear "
                                    "here, with those you missed in the last 30 days."));
  set_loading (self, FALSE);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  update_rows (WRAPUP_CALLBACKS_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

/* The window asks the session; it never talks to the client. */
static void
refresh (WrapupCallbacksWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  wrapup_session_fetch_personal_callbacks_async (self->session, self->cancellable, on_fetch_cb,
                                                 self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (WRAPUP_CALLBACKS_WINDOW (widget));
}

/* GObject overrides */

static void
wrapup_callbacks_window_constructed (GObject *object)
{
  WrapupCallbacksWindow *self = WRAPUP_CALLBACKS_WINDOW (object);

  G_OBJECT_CLASS (wrapup_callbacks_window_parent_class)->constructed (object);

  g_return_if_fail (WRAPUP_IS_SESSION (self->session));

  adw_window_title_set_subtitle (self->window_title,
                                 wrapup_session_get_agent_id (self->session));
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick_cb, self);
  refresh (self);
}

static void
wrapup_callbacks_window_dispose (GObject *object)
{
  WrapupCallbacksWindow *self = WRAPUP_CALLBACKS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_CALLBACKS_WINDOW);

  g_clear_object (&self->sorted);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (wrapup_callbacks_window_parent_class)->dispose (object);
}

static void
wrapup_callbacks_window_finalize (GObject *object)
{
  WrapupCallbacksWindow *self = WRAPUP_CALLBACKS_WINDOW (object);

  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (wrapup_callbacks_window_parent_class)->finalize (object);
}

static void
wrapup_callbacks_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  WrapupCallbacksWindow *self = WRAPUP_CALLBACKS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_callbacks_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  WrapupCallbacksWindow *self = WRAPUP_CALLBACKS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_callbacks_window_class_init (WrapupCallbacksWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wrapup_callbacks_window_constructed;
  object_class->dispose = wrapup_callbacks_window_dispose;
  object_class->finalize = wrapup_callbacks_window_finalize;
  object_class->get_property = wrapup_callbacks_window_get_property;
  object_class->set_property = wrapup_callbacks_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         WRAPUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a fetch is under way. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  callback_quark = g_quark_from_static_string ("wrapup-callbacks-window-callback");
  window_quark = g_quark_from_static_string ("wrapup-callbacks-window-call-window");
  status_label_quark = g_quark_from_static_string ("wrapup-callbacks-window-status");
  icon_quark = g_quark_from_static_string ("wrapup-callbacks-window-icon");

  g_type_ensure (WRAPUP_TYPE_LOAD_STACK);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-callbacks-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbacksWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbacksWindow, header_spinner);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbacksWindow, states);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbacksWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupCallbacksWindow, list_box);

  gtk_widget_class_install_action (widget_class, "callbacks.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "callbacks.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wrapup_callbacks_window_init (WrapupCallbacksWindow *self)
{
  g_autoptr(GtkSorter) sorter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  wrapup_accessible_repair (GTK_WIDGET (self));

  self->store = g_list_store_new (LCM_TYPE_PERSONAL_CALLBACK);
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_callbacks, NULL, NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                          g_steal_pointer (&sorter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->sorted), create_row, self,
                           NULL);
  g_signal_connect (self->list_box, "row-activated", G_CALLBACK (on_row_activated_cb), NULL);
}

/* Public API */

WrapupCallbacksWindow *
wrapup_callbacks_window_new (GtkApplication *application,
                             WrapupSession  *session)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (WRAPUP_IS_SESSION (session), NULL);

  return g_object_new (WRAPUP_TYPE_CALLBACKS_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

GListModel *
wrapup_callbacks_window_get_model (WrapupCallbacksWindow *self)
{
  g_return_val_if_fail (WRAPUP_IS_CALLBACKS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->sorted);
}
