/* wrapup-preferences-window.c: gateway address, agent id, insecure opt-in, trusted certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lcm.h"
#include "wrapup-accessible.h"
#include "wrapup-preferences-window.h"

/* How much of a refused value an error message repeats. */
#define MAX_SHOWN_CHARS 60

/* A setting typed in an entry row, with the label under its group that tells either what
 * is wrong with the text or, when the row is read-only, where the value in use comes from. */
typedef struct
{
  const char          *key;
  AdwEntryRow         *row;
  GtkWidget           *icon;
  GtkLabel            *note;
  GtkWidget           *lock;  /* shown in the row while the value is not the agent's to set */
  WrapupSettingSource  source;
} EntrySetting;

enum { ENTRY_SERVER_URL, ENTRY_AGENT_ID, ENTRY_CERTIFICATE, N_ENTRIES };

/* A setting in an action row (a switch, a number): its subtitle says when it is locked. */
typedef struct
{
  const char   *key;
  AdwActionRow *row;
  char         *subtitle;  /* the row's own subtitle */
} SwitchSetting;

enum { SWITCH_INSECURE, SWITCH_CLOSE_AFTER_SAVE, SWITCH_REUSE_WINDOW, SWITCH_ACW_TARGET,
       N_SWITCHES };

struct _WrapupPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *server_url_row;
  GtkWidget            *server_url_icon;
  GtkLabel             *server_url_error;
  AdwActionRow         *insecure_row;
  GtkSwitch            *insecure_switch;
  AdwActionRow         *close_after_save_row;
  GtkSwitch            *close_after_save_switch;
  AdwActionRow         *reuse_window_row;
  GtkSwitch            *reuse_window_switch;
  AdwActionRow         *acw_target_row;
  GtkSpinButton        *acw_target_spin;
  AdwEntryRow          *certificate_row;
  GtkWidget            *certificate_icon;
  GtkLabel             *certificate_error;
  AdwEntryRow          *agent_id_row;
  GtkWidget            *agent_id_icon;
  GtkLabel             *agent_id_error;
  AdwActionRow         *token_row;

  EntrySetting          entries[N_ENTRIES];
  SwitchSetting         switches[N_SWITCHES];

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
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
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

static const char *
source_text (const char          *key,
             WrapupSettingSource  source)
{
  gboolean is_url = g_str_equal (key, "server-url");

  switch (source)
    {
    case WRAPUP_SETTING_FROM_COMMAND_LINE:
      return is_url ? _("In use for this session, given with --server-url. The setting "
                        "applies again at the next start.")
                    : _("In use for this session, given with --agent-id. The setting applies "
                        "again at the next start.");
    case WRAPUP_SETTING_FROM_DEMO:
      return _("In use for the demo, which runs its own gateway.");
    case WRAPUP_SETTING_FROM_ADMINISTRATOR:
      /* Said with the setting's name: the note sits under the whole group. */
      if (is_url)
        return _("The gateway address is set by your administrator.");
      if (g_str_equal (key, "agent-id"))
        return _("The agent id is set by your administrator.");
      return _("The trusted certificate file is set by your administrator.");
    case WRAPUP_SETTING_FROM_SETTINGS:
    default:
      return NULL;
    }
}

/* The value in use, read-only, with where it comes from instead of an error. */
static void
show_entry_source (EntrySetting        *entry,
                   const char          *value,
                   WrapupSettingSource  source)
{
  const char *text = source_text (entry->key, source);

  g_return_if_fail (text != NULL);
  entry->source = source;
  gtk_editable_set_text (GTK_EDITABLE (entry->row), value != NULL ? value : "");
  gtk_editable_set_editable (GTK_EDITABLE (entry->row), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (entry->row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry->row), text);
  gtk_widget_set_visible (entry->icon, FALSE);
  gtk_widget_set_tooltip_text (entry->lock, text);
  gtk_widget_set_visible (entry->lock, TRUE);
  gtk_label_set_text (entry->note, text);
  gtk_widget_remove_css_class (GTK_WIDGET (entry->note), "error");
  gtk_widget_add_css_class (GTK_WIDGET (entry->note), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (entry->note), TRUE);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (entry->row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The administrator unlocked it: the agent's own setting again. */
static void
release_entry (WrapupPreferencesWindow *self,
               EntrySetting            *entry)
{
  g_autofree char *stored = g_settings_get_string (self->settings, entry->key);

  entry->source = WRAPUP_SETTING_FROM_SETTINGS;
  gtk_widget_set_visible (entry->lock, FALSE);
  gtk_editable_set_editable (GTK_EDITABLE (entry->row), TRUE);
  set_row_error (entry->row, entry->icon, entry->note, NULL);
  sync_row_text (entry->row, stored);
}

/* The ACW target is kept in seconds and shown in minutes (to the half minute). */
static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_int32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_int32 ((gint32) CLAMP (g_value_get_double (value) * 60.0 + 0.5, 0, 3600));
}

/* Every setting shown here follows g_settings_is_writable(): what the administrator locked
 * is shown, read-only, and says so (the switches' sensitivity follows through their
 * binding). A value given for this session only (--server-url, the demo) stays as it is. */
static void
update_locks (WrapupPreferencesWindow *self)
{
  for (guint i = 0; i < N_ENTRIES; i++)
    {
      EntrySetting *entry = &self->entries[i];
      gboolean writable = g_settings_is_writable (self->settings, entry->key);

      if (entry->source == WRAPUP_SETTING_FROM_COMMAND_LINE
          || entry->source == WRAPUP_SETTING_FROM_DEMO)
        continue;
      if (!writable)
        {
          g_autofree char *value = g_settings_get_string (self->settings, entry->key);

          show_entry_source (entry, value, WRAPUP_SETTING_FROM_ADMINISTRATOR);
        }
      else if (entry->source == WRAPUP_SETTING_FROM_ADMINISTRATOR)
        release_entry (self, entry);
    }

  for (guint i = 0; i < N_SWITCHES; i++)
    {
      SwitchSetting *setting = &self->switches[i];

      if (g_settings_is_writable (self->settings, setting->key))
        adw_action_row_set_subtitle (setting->row, setting->subtitle);
      else
        {
          /* Translators: %s is what the setting does; the administrator locked it */
          g_autofree char *subtitle = g_strdup_printf (_("Set by your administrator. %s"),
                                                       setting->subtitle);

          adw_action_row_set_subtitle (setting->row, subtitle);
        }
    }
}

/* Stores what the agent applied. A setting that cannot be written is never shown as applied:
 * the row goes back to the value in use and says why. */
static gboolean
store_entry (WrapupPreferencesWindow *self,
             EntrySetting            *entry,
             const char              *value)
{
  g_autofree char *stored = g_settings_get_string (self->settings, entry->key);

  if (g_strcmp0 (value, stored) != 0
      && !g_settings_set_string (self->settings, entry->key, value))
    {
      sync_row_text (entry->row, stored);
      set_row_error (entry->row, entry->icon, entry->note,
                     _("Not changed: this setting is set by your administrator."));
      return FALSE;
    }
  set_row_error (entry->row, entry->icon, entry->note, NULL);
  sync_row_text (entry->row, value);
  return TRUE;
}

static void
apply_server_url (WrapupPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (
                                       GTK_EDITABLE (self->server_url_row))));
  gboolean allow_insecure = g_settings_get_boolean (self->settings, "allow-insecure");
  g_autoptr(GError) error = NULL;

  if (!check_server_url (url, allow_insecure, &error))
    {
      set_row_error (self->server_url_row, self->server_url_icon, self->server_url_error,
                     error->message);
      return;
    }

  store_entry (self, &self->entries[ENTRY_SERVER_URL], url);
}

static void
apply_agent_id (WrapupPreferencesWindow *self)
{
  g_autofree char *agent_id = g_strstrip (g_strdup (gtk_editable_get_text (
                                            GTK_EDITABLE (self->agent_id_row))));
  g_autoptr(GError) error = NULL;

  if (!lcm_check_user_id (agent_id, &error))
    {
      set_row_error (self->agent_id_row, self->agent_id_icon, self->agent_id_error,
                     error->message);
      return;
    }

  store_entry (self, &self->entries[ENTRY_AGENT_ID], agent_id);
}

/* Only a file that reads as a certificate is stored: a typo would otherwise only show as a
 * refused connection, later, far from here. */
static void
apply_certificate (WrapupPreferencesWindow *self)
{
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->certificate_row))));
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (*path != '\0' && (certificate = lcm_read_trusted_certificate (path, &error)) == NULL)
    {
      set_row_error (self->certificate_row, self->certificate_icon, self->certificate_error,
                     error->message);
      return;
    }

  store_entry (self, &self->entries[ENTRY_CERTIFICATE], path);
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
      if (self->entries[ENTRY_SERVER_URL].source == WRAPUP_SETTING_FROM_SETTINGS
          && *gtk_editable_get_text (GTK_EDITABLE (self->server_url_row)) != '\0')
        apply_server_url (self);
    }
}

static void
on_writable_changed_cb (WrapupPreferencesWindow *self)
{
  update_locks (self);
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
  update_locks (self);

  g_settings_bind (self->settings, "allow-insecure", self->insecure_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "close-after-save", self->close_after_save_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "reuse-window", self->reuse_window_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "acw-target", self->acw_target_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, seconds_to_minutes, minutes_to_seconds,
                                NULL, NULL);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb),
                           self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->settings, "writable-changed",
                           G_CALLBACK (on_writable_changed_cb), self, G_CONNECT_SWAPPED);
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
  for (guint i = 0; i < N_SWITCHES; i++)
    g_clear_pointer (&self->switches[i].subtitle, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        close_after_save_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        close_after_save_switch);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        reuse_window_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        reuse_window_switch);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        acw_target_row);
  gtk_widget_class_bind_template_child (widget_class, WrapupPreferencesWindow,
                                        acw_target_spin);
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
  wrapup_accessible_repair (GTK_WIDGET (self));

  self->entries[ENTRY_SERVER_URL] = (EntrySetting) {
    "server-url", self->server_url_row, self->server_url_icon, self->server_url_error, NULL,
    WRAPUP_SETTING_FROM_SETTINGS,
  };
  self->entries[ENTRY_AGENT_ID] = (EntrySetting) {
    "agent-id", self->agent_id_row, self->agent_id_icon, self->agent_id_error, NULL,
    WRAPUP_SETTING_FROM_SETTINGS,
  };
  self->entries[ENTRY_CERTIFICATE] = (EntrySetting) {
    "trusted-certificate", self->certificate_row, self->certificate_icon,
    self->certificate_error, NULL, WRAPUP_SETTING_FROM_SETTINGS,
  };
  for (guint i = 0; i < N_ENTRIES; i++)
    {
      EntrySetting *entry = &self->entries[i];

      /* The note under the group says it, for the screen reader too: the icon is decor. */
      entry->lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
      gtk_widget_set_valign (entry->lock, GTK_ALIGN_CENTER);
      gtk_widget_set_visible (entry->lock, FALSE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry->lock), GTK_ACCESSIBLE_STATE_HIDDEN,
                                   TRUE, -1);
      adw_entry_row_add_suffix (entry->row, entry->lock);
    }
  self->switches[SWITCH_INSECURE] = (SwitchSetting) {
    "allow-insecure", self->insecure_row,
    g_strdup (adw_action_row_get_subtitle (self->insecure_row)),
  };
  self->switches[SWITCH_CLOSE_AFTER_SAVE] = (SwitchSetting) {
    "close-after-save", self->close_after_save_row,
    g_strdup (adw_action_row_get_subtitle (self->close_after_save_row)),
  };
  self->switches[SWITCH_REUSE_WINDOW] = (SwitchSetting) {
    "reuse-window", self->reuse_window_row,
    g_strdup (adw_action_row_get_subtitle (self->reuse_window_row)),
  };
  self->switches[SWITCH_ACW_TARGET] = (SwitchSetting) {
    "acw-target", self->acw_target_row,
    g_strdup (adw_action_row_get_subtitle (self->acw_target_row)),
  };
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
  EntrySetting *entry;

  g_return_if_fail (WRAPUP_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (g_str_equal (key, "server-url") || g_str_equal (key, "agent-id"));

  entry = &self->entries[g_str_equal (key, "server-url") ? ENTRY_SERVER_URL : ENTRY_AGENT_ID];
  if (source == WRAPUP_SETTING_FROM_SETTINGS)
    return;
  show_entry_source (entry, value, source);
}
