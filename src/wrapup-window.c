/* wrapup-window.c: the window of one call (or, with no call, the start window): its call bar,
 * banner, pages and timer; the outbox and closing are in wrapup-window-outbox.c and
 * wrapup-window-close.c (wrapup-window-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-accessible.h"
#include "wrapup-disposition-page.h"
#include "wrapup-journey-view.h"
#include "wrapup-history-panel.h"
#include "wrapup-window-private.h"
#include "wrapup-trace.h"


G_DEFINE_FINAL_TYPE (WrapupWindow, wrapup_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static char *
format_duration (GTimeSpan span)
{
  gint64 seconds = MAX (span, 0) / G_TIME_SPAN_SECOND;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static void update_title (WrapupWindow *self);

/* The after-call work time, against the target an administrator or the agent set
 * (acw-target): a warning from 80 % of it, an error past it, in words too. */
static void
update_timer (WrapupWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *elapsed = NULL;
  g_autofree char *target_text = NULL;
  g_autofree char *text = NULL;
  GTimeSpan span;
  gint64 target;
  gboolean over = FALSE;
  const char *style = NULL;

  if (self->call == NULL)
    return;

  span = g_date_time_difference (now, wrapup_call_get_opened_at (self->call));
  elapsed = format_duration (span);
  target = self->settings != NULL ? g_settings_get_int (self->settings, "acw-target") : 0;
  if (target > 0)
    target_text = format_duration (target * G_TIME_SPAN_SECOND);

  if (wrapup_call_get_submitted (self->call))
    /* Translators: the after-call work took this long, e.g. "Wrapped up in 01:23" */
    text = g_strdup_printf (_("Wrapped up in %s"), elapsed);
  else if (target > 0 && span >= target * G_TIME_SPAN_SECOND)
    {
      /* Translators: after-call work time, past its target, e.g. "ACW 02:15, over 02:00" */
      text = g_strdup_printf (_("ACW %s, over %s"), elapsed, target_text);
      style = "error";
      over = TRUE;
    }
  else if (target > 0)
    {
      /* Translators: after-call work time so far and its target, e.g. "ACW 01:12 / 02:00" */
      text = g_strdup_printf (_("ACW %s / %s"), elapsed, target_text);
      if (span * 5 >= target * G_TIME_SPAN_SECOND * 4)
        style = "warning";
    }
  else
    /* Translators: after-call work time so far, e.g. "ACW 01:23" */
    text = g_strdup_printf (_("ACW %s"), elapsed);
  gtk_label_set_label (self->timer_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->timer_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->timer_label), "error");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->timer_label), style);

  if (over != self->over_target)
    {
      self->over_target = over;
      update_title (self);
    }
}

static void
update_connection (WrapupWindow *self)
{
  LcmClientState state = self->call != NULL ? wrapup_call_get_connection_state (self->call)
                                            : LCM_CLIENT_STATE_DISCONNECTED;
  const char *label, *icon, *css;

  switch (state)
    {
    case LCM_CLIENT_STATE_CONNECTED:
      label = _("Connected");
      icon = "network-transmit-receive-symbolic";
      css = "success";
      break;
    case LCM_CLIENT_STATE_CONNECTING:
    case LCM_CLIENT_STATE_RECONNECTING:
      label = state == LCM_CLIENT_STATE_CONNECTING ? _("Connecting…") : _("Reconnecting…");
      icon = "network-idle-symbolic";
      css = "warning";
      break;
    case LCM_CLIENT_STATE_DISCONNECTED:
    default:
      label = _("Offline");
      icon = "network-offline-symbolic";
      css = "error";
      break;
    }

  gtk_label_set_label (self->connection_label, label);
  gtk_image_set_from_icon_name (self->connection_icon, icon);
  gtk_widget_remove_css_class (self->connection_box, "success");
  gtk_widget_remove_css_class (self->connection_box, "warning");
  gtk_widget_remove_css_class (self->connection_box, "error");
  gtk_widget_add_css_class (self->connection_box, css);
}

/* The call's identity stays in view in the call bar; the header's title shows it too when
 * the window is too narrow for the view switcher. */
static void
update_title (WrapupWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *call_title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *contact;
  const char *campaign;

  if (self->call == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Wrapup"));
      adw_view_switcher_title_set_title (self->switcher_title, _("Wrapup"));
      adw_view_switcher_title_set_subtitle (self->switcher_title, NULL);
      adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
      /* Its pages need a call: no switcher at all, not even the narrow window's bar. */
      gtk_widget_set_visible (self->switcher_bar, FALSE);
      gtk_widget_set_visible (self->call_bar, FALSE);
      return;
    }

  contact = wrapup_call_get_contact_number (self->call);
  campaign = wrapup_call_get_campaign (self->call);

  /* Translators: window title, %s is the dialer's call id */
  call_title = g_strdup_printf (_("Call %s"), wrapup_call_get_call_id (self->call));
  if (self->over_target)
    /* Translators: window title once the wrap-up has taken longer than its target, %s is
     * "Call 12345": the taskbar shows it */
    title = g_strdup_printf (_("Over wrap-up target — %s"), call_title);
  else
    title = g_strdup (call_title);
  g_string_append (subtitle,
                   contact != NULL ? contact : wrapup_call_get_account_number (self->call));
  if (campaign != NULL)
    g_string_append_printf (subtitle, " · %s", campaign);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_view_switcher_title_set_title (self->switcher_title, title);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle->str);

  gtk_label_set_label (self->call_label, call_title);
  /* Without a contact number the account (LCM key) identifies the customer. */
  gtk_label_set_label (self->contact_label,
                       contact != NULL ? contact : wrapup_call_get_account_number (self->call));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->contact_label),
                               contact != NULL ? _("Contact number") : _("Account (LCM key)"));
  gtk_label_set_label (self->campaign_label, campaign != NULL ? campaign : "");
  gtk_widget_set_visible (self->call_bar, TRUE);
}

/* A hidden banner is out of the widget tree's visible part as well as out of sight, so that
 * a screen reader does not find its empty label and button: the revealer is hidden once it
 * has slid up, and shown before it slides down. */
static void
reveal_banner (WrapupWindow *self,
               gboolean      reveal)
{
  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->banner_revealer, reveal);
}

static void
on_banner_child_revealed_cb (GtkRevealer *revealer)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

/* One banner for the whole call, worded after the real cause, with the one action that
 * helps: Preferences when no gateway is set, else Retry (which the call also does by itself
 * when the connection comes back). */
static void
update_banner (WrapupWindow *self)
{
  g_autofree char *problem = NULL;
  g_autofree char *text = NULL;
  GDateTime *cached_at = NULL;
  gboolean failed = FALSE;
  gboolean no_gateway;

  if (self->call == NULL)
    {
      reveal_banner (self, FALSE);
      return;
    }

  no_gateway = wrapup_call_get_client (self->call) == NULL;
  for (guint i = 0; i < WRAPUP_N_SECTIONS; i++)
    {
      GDateTime *at = wrapup_call_get_cached_at (self->call, i);

      if (wrapup_call_get_load_state (self->call, i) == WRAPUP_LOAD_FAILED)
        failed = TRUE;
      if (at != NULL && (cached_at == NULL || g_date_time_compare (at, cached_at) < 0))
        cached_at = at;
    }

  if (!no_gateway && !failed && cached_at == NULL)
    {
      reveal_banner (self, FALSE);
      return;
    }

  problem = wrapup_call_dup_connection_problem (self->call);
  if (problem == NULL)
    /* Connected, and yet a section failed: the gateway's own word is on the section. */
    text = g_strdup (_("Some of the call’s lists could not be loaded: the reason is shown "
                       "where they belong."));
  else if (no_gateway)
    text = g_strdup_printf (_("%s. The call is kept: it loads as soon as the gateway’s address "
                              "is set."), problem);
  else if (cached_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (cached_at);
      /* Translators: when the outcome lists were fetched, see g_date_time_format() */
      g_autofree char *when = g_date_time_format (local, _("%-d %b, %H:%M"));

      /* Translators: the first %s says why the gateway cannot be reached, the second when
       * the lists in use were fetched */
      text = g_strdup_printf (_("%s. The outcome lists are from %s, kept on this computer: "
                                "the wrap-up can be saved, and is sent when the gateway is "
                                "back."), problem, when);
    }
  else
    text = g_strdup_printf (_("%s. No outcome lists are kept on this computer for this "
                              "call yet."), problem);

  gtk_label_set_label (self->banner_label, text);
  gtk_label_set_label (self->banner_button_label, no_gateway ? _("Open _Preferences")
                                                             : _("_Retry"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button),
                                  no_gateway ? "app.preferences" : "win.retry-call");
  reveal_banner (self, TRUE);
}

/* Signal callbacks */

/* The history beside the form on wide windows only. The surface's size decides (libadwaita
 * 1.2 has no AdwBreakpoint); the change waits for the end of the layout that told it. */
static gboolean
update_history_panel_cb (gpointer user_data)
{
  WrapupWindow *self = user_data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
  gboolean wide = surface != NULL
                  && gdk_surface_get_width (surface) >= WRAPUP_HISTORY_PANEL_MIN_WINDOW_WIDTH;

  self->history_source = 0;
  if (self->history_panel != NULL && gtk_widget_get_visible (self->history_panel) != wide)
    {
      gtk_widget_set_visible (self->history_panel, wide);
      gtk_widget_set_visible (self->history_separator, wide);
    }
  return G_SOURCE_REMOVE;
}

static void
on_surface_layout_cb (GdkSurface   *surface,
                      int           width,
                      int           height,
                      WrapupWindow *self)
{
  if (self->history_source == 0 && self->history_panel != NULL
      && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    self->history_source = g_idle_add (update_history_panel_cb, self);
}

static void
on_realize_cb (WrapupWindow *self)
{
  g_signal_connect_object (gtk_native_get_surface (GTK_NATIVE (self)), "layout",
                           G_CALLBACK (on_surface_layout_cb), self, 0);
}

static gboolean
on_timer_tick_cb (gpointer user_data)
{
  WrapupWindow *self = user_data;

  update_timer (self);
  if (self->call != NULL && wrapup_call_get_submitted (self->call))
    {
      /* The wrap-up is done: the clock stops at its final value. */
      self->timer_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_connection_changed_cb (WrapupWindow *self)
{
  update_connection (self);
  update_banner (self);
}

static void
on_load_state_changed_cb (WrapupCall    *call,
                          WrapupSection  section,
                          WrapupWindow  *self)
{
  update_banner (self);
}

static void
on_delivered_cb (WrapupCall   *call,
                 GParamSpec   *pspec,
                 WrapupWindow *self)
{
  if (wrapup_call_get_delivered (call))
    wrapup_window_show_message (self, _("The saved wrap-up was sent to the dialer"));
}

static void
on_submitted_changed_cb (WrapupCall   *call,
                         GParamSpec   *pspec,
                         WrapupWindow *self)
{
  gboolean submitted = wrapup_call_get_submitted (call);

  update_timer (self);
  /* Saved or sent, the wrap-up page says which; a refusal after the fact needs a word. */
  if (!submitted && self->was_submitted)
    {
      g_autofree char *message = NULL;
      g_autofree char *reason =
        wrapup_dup_reason_sentence (wrapup_call_get_last_submit_error (call));

      /* Refused once the connection was back: the form is open again.
       * Translators: %s is the gateway's reason, a sentence, e.g. “Invalid Call ID.” */
      message = g_strdup_printf (_("The gateway refused the saved wrap-up: %s Correct it and "
                                   "save again."), reason);
      wrapup_window_show_message (self, message);
    }
  self->was_submitted = submitted;
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WrapupWindow *self = WRAPUP_WINDOW (widget);

  if (self->call == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack,
                                         g_str_equal (action_name, "win.show-journey")
                                           ? "journey" : "wrapup");
}

/* The shortcuts of the shortcuts window work wherever the focus is in the window, not only
 * inside their page: each brings its page to the front, then asks the page. */
static const struct
{
  const char *window_action;
  gboolean    journey;
  const char *page_action;
} page_shortcuts[] = {
  { "win.submit", FALSE, "disposition.submit" },
  { "win.book-callback", FALSE, "disposition.book-callback" },
  { "win.find", TRUE, "journey.focus-search" },
  { "win.refresh", TRUE, "journey.refresh" },
  { "win.export", TRUE, "journey.export" },
};

static void
page_shortcut_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  WrapupWindow *self = WRAPUP_WINDOW (widget);

  if (self->call == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (page_shortcuts); i++)
    {
      GtkWidget *page;

      if (!g_str_equal (action_name, page_shortcuts[i].window_action))
        continue;
      /* Showing the Journey page builds its view (ensure_journey_view()). */
      adw_view_stack_set_visible_child_name (self->view_stack,
                                             page_shortcuts[i].journey ? "journey" : "wrapup");
      page = page_shortcuts[i].journey ? GTK_WIDGET (self->journey_view)
                                       : GTK_WIDGET (self->disposition_page);
      if (page != NULL)
        gtk_widget_activate_action (page, page_shortcuts[i].page_action, NULL);
      return;
    }
}

/* Alt and a field's mnemonic, or Alt and a number, works from the Journey page too: it
 * brings the wrap-up page and focuses the field or chooses the outcome (a key of a page not
 * shown would do nothing). */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   WrapupWindow          *self)
{
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();
  GtkWidget *target;

  if (modifiers != GDK_ALT_MASK || self->disposition_page == NULL
      || g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "wrapup") == 0)
    return GDK_EVENT_PROPAGATE;
  /* Alt+1…9: a numbered outcome (wrapup_disposition_page_choose_numbered()). */
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "wrapup");
      wrapup_disposition_page_choose_numbered (self->disposition_page, keyval - GDK_KEY_0);
      return GDK_EVENT_STOP;
    }
  target = wrapup_disposition_page_get_mnemonic_target (self->disposition_page, keyval);
  if (target == NULL)
    return GDK_EVENT_PROPAGATE;
  adw_view_stack_set_visible_child_name (self->view_stack, "wrapup");
  gtk_widget_grab_focus (target);
  return GDK_EVENT_STOP;
}

static void
retry_call_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  WrapupWindow *self = WRAPUP_WINDOW (widget);

  if (self->call != NULL)
    wrapup_call_reload_stale (self->call);
}

/* The keyboard shortcuts window, built when asked for. GtkApplication would build it from
 * gtk/help-overlay.ui for every window it opens (some 8 ms at each start here), for a window
 * few agents open. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/wrapupdesk/Wrapup/wrapup-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  wrapup_accessible_repair (GTK_WIDGET (shortcuts));
  gtk_window_present (shortcuts);
}

/* GObject */

static gboolean
wrapup_window_close_request (GtkWindow *window)
{
  WrapupWindow *self = WRAPUP_WINDOW (window);

  if (wrapup_window_ask_before_closing (self))
    return TRUE;
  wrapup_window_save_geometry (self);
  return GTK_WINDOW_CLASS (wrapup_window_parent_class)->close_request (window);
}

/* The Journey page is built the first time it is shown: a window with no call never needs
 * it, and a call's window opens on its wrap-up page. Building it (a column view, its filter
 * bar) and computing its style cost a start-up some 10–20 ms here. */
static void
ensure_journey_view (WrapupWindow *self)
{
  if (self->journey_view != NULL || self->call == NULL)
    return;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "journey") != 0)
    return;

  self->journey_view = WRAPUP_JOURNEY_VIEW (wrapup_journey_view_new ());
  wrapup_journey_view_set_call (self->journey_view, self->call);
  adw_bin_set_child (self->journey_page, GTK_WIDGET (self->journey_view));
  wrapup_trace_mark ("journey-page-built");
}

static void
wrapup_window_constructed (GObject *object)
{
  WrapupWindow *self = WRAPUP_WINDOW (object);
  WrapupCall *call = self->call;

  G_OBJECT_CLASS (wrapup_window_parent_class)->constructed (object);

  if (self->session == NULL && call != NULL)
    self->session = wrapup_call_get_session (call) != NULL
                    ? g_object_ref (wrapup_call_get_session (call)) : NULL;
  wrapup_window_watch_outbox (self);

  if (call == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      update_title (self);
      return;
    }

  g_signal_connect_object (call, "connection-changed", G_CALLBACK (on_connection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "load-state-changed", G_CALLBACK (on_load_state_changed_cb),
                           self, 0);
  g_signal_connect_object (call, "notify::submitted", G_CALLBACK (on_submitted_changed_cb), self,
                           0);
  g_signal_connect_object (call, "notify::delivered", G_CALLBACK (on_delivered_cb), self, 0);
  self->was_submitted = wrapup_call_get_submitted (call);

  self->disposition_page = WRAPUP_DISPOSITION_PAGE (wrapup_disposition_page_new ());
  wrapup_disposition_page_set_call (self->disposition_page, call);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_set_hexpand (GTK_WIDGET (self->disposition_page), TRUE);
    self->history_separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
    self->history_panel = wrapup_history_panel_new (call);
    gtk_widget_set_visible (self->history_separator, FALSE);
    gtk_widget_set_visible (self->history_panel, FALSE);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->disposition_page));
    gtk_box_append (GTK_BOX (box), self->history_separator);
    gtk_box_append (GTK_BOX (box), self->history_panel);
    adw_bin_set_child (self->wrapup_page, box);
    g_signal_connect_after (self, "realize", G_CALLBACK (on_realize_cb), NULL);
  }
  /* The agent's first key goes to the telephony search, not to the header's switcher. */
  wrapup_disposition_page_focus_start (self->disposition_page);
  /* The journey is asked for with the agent's last channel and period, shown or not. */
  wrapup_journey_view_prepare_call (call, self->settings);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (ensure_journey_view), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->main_stack, "call");

  update_title (self);
  on_connection_changed_cb (self);
  update_timer (self);
  self->timer_source = g_timeout_add_seconds (1, on_timer_tick_cb, self);
}

static void
wrapup_window_dispose (GObject *object)
{
  WrapupWindow *self = WRAPUP_WINDOW (object);

  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_handle_id (&self->history_source, g_source_remove);
  self->history_panel = NULL;
  self->history_separator = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_WINDOW);
  g_clear_object (&self->call);
  g_clear_object (&self->outbox);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wrapup_window_parent_class)->dispose (object);
}

static void
wrapup_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WrapupWindow *self = WRAPUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WrapupWindow *self = WRAPUP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_set_object (&self->call, g_value_get_object (value));
      break;
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_window_class_init (WrapupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = wrapup_window_dispose;
  object_class->get_property = wrapup_window_get_property;
  object_class->set_property = wrapup_window_set_property;
  object_class->constructed = wrapup_window_constructed;
  window_class->close_request = wrapup_window_close_request;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, WRAPUP_TYPE_CALL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, WRAPUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/wrapup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, call_bar);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, call_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, contact_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, campaign_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, outbox_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, outbox_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, outbox_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, outbox_summary);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, outbox_hint);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, banner_button_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, outbox_list);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, connection_box);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, wrapup_page);
  gtk_widget_class_bind_template_child (widget_class, WrapupWindow, journey_page);

  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.show-wrapup", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-journey", NULL, show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, wrapup_window_show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.retry-call", NULL, retry_call_action);
  gtk_widget_class_install_action (widget_class, "outbox.retry", "x",
                                   wrapup_window_outbox_action);
  gtk_widget_class_install_action (widget_class, "outbox.remove", "x",
                                   wrapup_window_outbox_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_shortcuts); i++)
    gtk_widget_class_install_action (widget_class, page_shortcuts[i].window_action, NULL,
                                     page_shortcut_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK,
                                       "win.book-callback", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.show-wrapup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.show-journey", NULL);
}

static void
wrapup_window_init (WrapupWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wrapup_accessible_repair (GTK_WIDGET (self));
  g_signal_connect (self->banner_revealer, "notify::child-revealed",
                    G_CALLBACK (on_banner_child_revealed_cb), NULL);

  {
    /* Before the pages see the key: the form's mnemonics from the Journey page. */
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  /* Here rather than in constructed(): the call, a construct property, is set before that
   * and needs the settings. */
  self->settings = wrapup_settings_new_if_installed ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (self->settings, "changed::acw-target",
                               G_CALLBACK (update_timer), self, G_CONNECT_SWAPPED);
    }
}

/* Public API */

WrapupWindow *
wrapup_window_new (GtkApplication *application,
                   WrapupSession  *session,
                   WrapupCall     *call)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (session == NULL || WRAPUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (call == NULL || WRAPUP_IS_CALL (call), NULL);

  return g_object_new (WRAPUP_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       "call", call,
                       NULL);
}

WrapupCall *
wrapup_window_get_call (WrapupWindow *self)
{
  g_return_val_if_fail (WRAPUP_IS_WINDOW (self), NULL);
  return self->call;
}

void
wrapup_window_show_message (WrapupWindow *self,
                            const char   *text)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (WRAPUP_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* A toast's title is Pango markup, and the text may be the gateway's. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
