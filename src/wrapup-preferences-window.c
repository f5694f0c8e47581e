/* wrapup-preferences-window.c: gateway address, agent id, insecure opt-in, trusted certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lcm.h"
#include "wrapup-preferences-window.h"

/* How much of a refused value an error message repeats. */
#define MAX_SHOWN_CHARS 60

struct _WrapupPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *server_url_row;
  GtkWidget            *server_url_icon;
  GtkLabel             *server_url_error;
  GtkSwitch            *insecure_switch;
  GtkSwitch            *close_after_save_switch;
  AdwEntryRow          *certificate_row;
  GtkWidget            *certificate_icon;
  GtkLabel             *certificate_error;
  AdwEntryRow          *agent_id_row;
  GtkWidget            *agent_id_icon;
  GtkLabel             *agent_id_error;
  AdwActionRow         *token_row;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (WrapupPreferencesWindow, wrapup_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

/* A value typed by the agent, fit to repeat in a message: bounded, on one line. */
static char *
quote_value (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  g_autoptr(GString) shown = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n++ == MAX_SHOWN_CHARS)
        {
          g_string_append (shown, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (shown, ' ');
      else
        g_string_append_unichar (shown, c);
    }
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize length = strlen (host);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  if (length >= 2 && host[0] == '[' && host[length - 1] == ']')
    bare = g_strndup (host + 1, length - 2);
  else
    bare = g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The rules LcmClient applies when it starts, checked before anything is stored. */
static gboolean
check_server_url (const char  *url,
                  gboolean     allow_insecure,
                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *shown = NULL;
  const char *scheme;
  const char *host;

  if (*url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the gateway’s address, such as wss://lcm.example.com/lcm"));
      return FALSE;
    }

  shown = quote_value (url);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid address: use wss:// followed by the gateway’s "
                     "host name"), shown);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a WebSocket address: it must start with wss:// (or ws://)"),
                   shown);
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” names no gateway host: use wss:// followed by the host name"),
                   shown);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "ws") == 0 && !allow_insecure && !host_is_loopback (host))
    {
      g_autofree char *shown_host = quote_value (host);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("ws:// would send customer data to %s unencrypted: use wss://, or allow "
                     "unencrypted connections below"), shown_host);
      return FALSE;
    }

  return TRUE;
}

static void
set_row_error (AdwEntryRow *row,
               GtkWidget   *icon,
               GtkLabel    *label,
               const char  *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), message);
      gtk_widget_set_tooltip_text (icon, message);
      gtk_label_set_label (label, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
      gtk_widget_set_tooltip_text (icon, NULL);
      gtk_label_set_label (label, "");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  gtk_widget_set_visible (icon, message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Shows a stored value in its row (after an apply, or a change made elsewhere). */
static void
sync_row_text (AdwEntryRow *row,
               const char  *value)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value) != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static void
apply_server_url (WrapupPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (
                                       GTK_EDITABLE (self->server_url_row))));
  g_autofree char *stored = g_settings_get_string (self->settings, "server-url");
  gboolean allow_insecure = g_settings_get_boolean (self->settings, "allow-insecure");
  g_autoptr(GError) error = NULL;

  if (!check_server_url (url, allow_insecure, &error))
    {
      set_row_error (self->server_url_row, self->server_url_icon, self->server_url_error,
                     error->message);
      return;
    }

  set_row_error (self->server_url_row, self->server_url_icon, self->server_url_error, NULL);
  if (g_strcmp0 (url, stored) != 0)
    g_settings_set_string (self->settings, "server-url", url);
  sync_row_text (self->server_url_row, url);
}

static void
apply_agent_id (WrapupPreferencesWindow *self)
{
  g_autofree char *agent_id = g_strstrip (g_strdup (gtk_editable_get_text (
                                            GTK_EDITABLE (self->agent_id_row))));
  g_autofree char *stored = g_settings_get_string (self->settings, "agent-id");
  g_autoptr(GError) error = NULL;

  if (!lcm_check_user_id (agent_id, &error))
    {
      set_row_error (self->agent_id_row, self->agent_id_icon, self->agent_id_error,
                     error->message);
      return;
    }

  set_row_error (self->agent_id_row, self->agent_id_icon, self->agent_id_error, NULL);
  if (g_strcmp0 (agent_id, stored) != 0)
    g_settings_set_string (self->settings, "agent-id", agent_id);
  sync_row_text (self->agent_id_row, agent_id);
}

/* Only a file that reads as a certificate is stored: a typo would otherwise only show as a
 * refused connection, later, far from here. */
static void
apply_certificate (WrapupPreferencesWindow *self)
{
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->certificate_row))));
  g_autofree char *stored = g_settings_get_string (self->settings, "trusted-certificate");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (*path != '\0' && (certificate = lcm_read_trusted_certificate (path, &error)) == NULL)
    {
      set_row_error (self->certificate_row, self->certificate_icon, self->certificate_error,
                     error->message);
      return;
    }

  set_row_error (self->certificate_row, self->certificate_icon, self->certificate_error, NULL);
  if (g_strcmp0 (path, stored) != 0)
    g_settings_set_string (self->settings, "trusted-certificate", path);
  sync_row_text (self->certificate_row, path);
}

static void
update_token_row (WrapupPreferencesWindow *self)
{
  const char *path = g_getenv ("WRAPUP_TOKEN_FILE");

  if (path != NULL && *path != '\0')
    {
      g_autofree char *shown = g_filename_display_name (path);
      /* Translators: where the access token is read from */
      g_autofree char *subtitle = g_strdup_printf (_("Read from %s"), shown);

      adw_action_row_set_subtitle (self->token_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->token_row,
                                 _("WRAPUP_TOKEN_FILE is not set: Wrapup connects without an "
                                   "access token"));
}

/* Signal callbacks */

static void
on_server_url_apply_cb (WrapupPreferencesWindow *self)
{
  apply_server_url (self);
}

static void
on_certificate_apply_cb (WrapupPreferencesWindow *self)
{
  apply_certificate (self);
}

static void
on_certificate_changed_cb (WrapupPreferencesWindow *self)
{
  set_row_error (self->certificate_row, self->certificate_icon, self->certificate_error, NULL);
}

static void
on_agent_id_apply_cb (WrapupPreferencesWindow *self)
{
  apply_agent_id (self);
}

/* An error is about the text that was applied: editing it again takes the error away. */
static void
on_server_url_changed_cb (WrapupPreferencesWindow *self)
{
  set_row_error (self->server_url_row, self->server_url_icon, self->server_url_error, NULL);
}

static void
on_agent_id_changed_cb (WrapupPreferencesWindow *self)
{
  set_row_error (self->agent_id_row, self->agent_id_icon, self->agent_id_error, NULL);
}

static void
on_settings_changed_cb (GSettings               *settings,
                        const char              *key,
                        WrapupPreferencesWindow *self)
{
  g_autofree char *value = NULL;

  if (g_strcmp0 (key, "server-url") == 0)
    {
      value = g_settings_get_string (settings, key);
      sync_row_text (self->server_url_row, value);
    }
  else if (g_strcmp0 (key, "agent-id") == 0)
    {
      value = g_settings_get_string (settings, key);
      sync_row_text (self->agent_id_row, value);
    }
  else if (g_strcmp0 (key, "trusted-certificate") == 0)
    {
      value = g_settings_get_string (settings, key);
      sync_row_text (self->certificate_row, value);
    }
  else if (g_strcmp0 (key, "allow-insecure") == 0)
    {
      /* The address in the row may be acceptable now (it is then stored: the agent asked
       * for it and was told to opt in), or no longer be. */
      if (*gtk_editable_get_text (GTK_EDITABLE (self->server_url_row)) != '\0')
        apply_server_url (self);
    }
}

/* GObject overrides */

static void
wrapup_preferences_window_constructed (GObject *object)
{
  WrapupPreferencesWindow *self = WRAPUP_PREFERENCES_WINDOW (object);
  g_autofree char *url = NULL;
  g_autofree char *agent_id = NULL;
  g_autofree char *certificate = NULL;

  G_OBJECT_CLASS (wrapup_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  url = g_settings_get_string (self->settings, "server-url");
  agent_id = g_settings_get_string (self->settings, "agent-id");
  gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->agent_id_row), agent_id);
  certificate = g_settings_get_string (self->settings, "trusted-certificate");
  gtk_editable_set_text (GTK_EDITABLE (self->certificate_row), certificate);
  set_row_error (self->certificate_row, self->certificate_icon, self->certificate_error, NULL);
  set_row_error (self->server_url_row, self->server_url_icon, self->server_url_error, NULL);
  set_row_error (self->agent_id_row, self->agent_id_icon, self->agent_id_error, NULL);

  /* What the administrator locked is shown, not offered. */
  for (guint i = 0; i < 2; i++)
    {
      const char *key = i == 0 ? "server-url" : "agent-id";

      if (!g_settings_is_writable (self->settings, key))
        wrapup_preferences_window_show_override (self, key, i == 0 ? url : agent_id,
                                                 WRAPUP_SETTING_FROM_ADMINISTRATOR);
    }
  if (!g_settings_is_writable (self->settings, "trusted-certificate"))
    gtk_editable_set_editable (GTK_EDITABLE (self->certificate_row), FALSE);

  g_settings_bind (self->settings, "allow-insecure", self->insecure_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "close-after-save", self->close_after_save_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb),
                           self, G_CONNECT_DEFAULT);
  update_token_row (self);
}

static void
wrapup_preferences_window_dispose (GObject *object)
{
  WrapupPreferencesWindow *self = WRAPUP_PREFERENCES_WINDOW (object);

  if (self->settings != NULL && self->insecure_switch != NULL)
    g_settings_unbind (self->insecure_switch, "active");

  gtk_widget_dispose_template (GTK_WIDGET (self), WRAPUP_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (wrapup_preferences_window_parent_class)->dispose (object);
}

static void
wrapup_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  WrapupPreferencesWindow *self = WRAPUP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  WrapupPreferencesWindow *self = WRAPUP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_preferences_window_class_init (WrapupPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = wrapup_preferences_window_constructed;
  object_class->dispose = wrapup_preferences_window_dispose;
  object_class->get_property = wrapup_preferences_window_get_property;
  object_class->set_property = wrapup_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/wrapupdesk/Wrapup/"
                                               "wrapup-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, server_url_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        server_url_error);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        close_after_save_switch);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, certificate_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, certificate_error);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, agent_id_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, agent_id_icon);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, agent_id_error);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, token_row);
  gtk_widget_class_bind_template_callback (widget_class, on_server_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_certificate_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_certificate_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_id_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_server_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_id_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
wrapup_preferences_window_init (WrapupPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

WrapupPreferencesWindow *
wrapup_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (WRAPUP_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

void
wrapup_preferences_window_show_override (WrapupPreferencesWindow *self,
                                         const char              *key,
                                         const char              *value,
                                         WrapupSettingSource      source)
{
  gboolean is_url;
  AdwEntryRow *row;
  GtkLabel *label;
  GtkWidget *icon;
  const char *text;

  g_return_if_fail (WRAPUP_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (key != NULL);

  is_url = g_str_equal (key, "server-url");
  g_return_if_fail (is_url || g_str_equal (key, "agent-id"));
  row = is_url ? self->server_url_row : self->agent_id_row;
  label = is_url ? self->server_url_error : self->agent_id_error;
  icon = is_url ? self->server_url_icon : self->agent_id_icon;

  switch (source)
    {
    case WRAPUP_SETTING_FROM_COMMAND_LINE:
      text = is_url ? _("In use for this session, given with --server-url. The setting "
                        "applies again at the next start.")
                    : _("In use for this session, given with --agent-id. The setting applies "
                        "again at the next start.");
      break;
    case WRAPUP_SETTING_FROM_DEMO:
      text = _("In use for the demo, which runs its own gateway.");
      break;
    case WRAPUP_SETTING_FROM_ADMINISTRATOR:
      text = _("Set by your administrator.");
      break;
    case WRAPUP_SETTING_FROM_SETTINGS:
    default:
      return;
    }

  /* The value in use, read-only, with where it comes from instead of an error. */
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
  gtk_editable_set_editable (GTK_EDITABLE (row), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_visible (icon, FALSE);
  gtk_label_set_text (label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}
