/* wrapup-callback-reminder.c: a desktop notification when a personal callback falls due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-callback-reminder"

#include "config.h"

#include <glib/gi18n.h>

#include "wrapup-callback-reminder.h"

/* How often the agent's callbacks are fetched again, and how often they are checked. */
#define FETCH_INTERVAL_SECONDS (5 * 60)
#define CHECK_INTERVAL_SECONDS 30

struct _WrapupCallbackReminder
{
  GObject       parent_instance;

  GApplication *application;  /* weak: the application owns the reminder */
  LcmClient    *client;
  char         *agent_id;

  GPtrArray    *callbacks;    /* LcmPersonalCallback, from the latest successful fetch */
  /* Keys of the callbacks notified already -> their end (unix time), to forget them once
   * they are long over. */
  GHashTable   *notified;
  /* Ids of the notifications on the desktop -> the end of their window (unix time): they
   * are withdrawn once it has passed. */
  GHashTable   *shown;
  GCancellable *cancellable;
  guint         fetch_id;
  guint         check_id;
  gboolean      started;
};

G_DEFINE_FINAL_TYPE (WrapupCallbackReminder, wrapup_callback_reminder, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_APPLICATION,
  PROP_CLIENT,
  PROP_AGENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_DUE,
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* What identifies a callback from one fetch to the next. RowNumber is not used: it is the
 * row's position in the answer, which shifts whenever a callback is booked before it or an
 * older one leaves the range, and would notify the same callback again. */
static char *
make_key (LcmPersonalCallback *callback)
{
  GDateTime *start = lcm_personal_callback_get_start (callback);

  return g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                          "-%" G_GINT64_FORMAT,
                          lcm_personal_callback_get_campaign_id (callback),
                          lcm_personal_callback_get_contact_id (callback),
                          lcm_personal_callback_get_mode_id (callback),
                          g_date_time_to_unix (start));
}

static gboolean
can_notify (WrapupCallbackReminder *self)
{
  /* g_application_send_notification() needs a registered, primary instance, and on this
   * platform every notification backend speaks D-Bus: without a bus there is nobody to
   * show it to (and the backends would complain). */
  return self->application != NULL &&
         g_application_get_is_registered (self->application) &&
         !g_application_get_is_remote (self->application) &&
         g_application_get_dbus_connection (self->application) != NULL;
}

static void
send_notification (WrapupCallbackReminder *self,
                   LcmPersonalCallback    *callback,
                   const char             *key)
{
  const char *mode = lcm_callback_mode_to_label (lcm_personal_callback_get_mode_description (callback));
  const char *value = lcm_personal_callback_get_value (callback);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *until = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  gint64 *end_time;

  if (!can_notify (self))
    {
      g_debug ("Not notifying callback %s: the application cannot send notifications", key);
      return;
    }

  /* Translators: the time a callback's window closes, 24 hours, see g_date_time_format() */
  until = g_date_time_format (lcm_personal_callback_get_end (callback),
                              C_("callback time", "%H:%M"));
  if (mode == NULL || *mode == '\0')
    mode = _("Callback");
  if (value != NULL && *value != '\0')
    /* Translators: a due callback: its mode, number and the end of its window
     * ("Mobile — 447700900123, until 11:30") */
    body = g_strdup_printf (_("%s — %s, until %s"), mode, value, until);
  else
    /* Translators: a due callback without a number: its mode and the end of its window */
    body = g_strdup_printf (_("%s, until %s"), mode, until);

  notification = g_notification_new (_("Callback due"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action (notification, "app.show-callbacks");
  icon = g_themed_icon_new ("alarm-symbolic");
  g_notification_set_icon (notification, icon);

  id = g_strconcat ("callback-", key, NULL);
  g_application_send_notification (self->application, id, notification);
  end_time = g_new (gint64, 1);
  *end_time = g_date_time_to_unix (lcm_personal_callback_get_end (callback));
  g_hash_table_replace (self->shown, g_steal_pointer (&id), end_time);
}

/* A notification saying "until 11:30" is wrong after 11:30: take it away. */
static void
withdraw_over (WrapupCallbackReminder *self,
               GDateTime              *now)
{
  gint64 now_time = g_date_time_to_unix (now);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (*(gint64 *) value > now_time)
        continue;
      if (can_notify (self))
        g_application_withdraw_notification (self->application, key);
      g_hash_table_iter_remove (&iter);
    }
}

static void
forget_old_keys (WrapupCallbackReminder *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;

  /* A callback over for a day is no longer fetched nor due: its key can go. */
  g_hash_table_iter_init (&iter, self->notified);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value < now - 24 * 60 * 60)
      g_hash_table_iter_remove (&iter);
}

static void fetch (WrapupCallbackReminder *self);

/* Signal callbacks */

static void
on_fetch_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  WrapupCallbackReminder *self;
  g_autoptr(GListModel) callbacks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint n;

  callbacks = lcm_client_fetch_finish (LCM_CLIENT (source_object), result, &error);
  /* Cancelled: stopped or disposed, self may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WRAPUP_CALLBACK_REMINDER (user_data);
  g_clear_object (&self->cancellable);

  if (callbacks == NULL)
    {
      /* Never a dialog: the next period tries again. */
      g_debug ("Fetching the personal callbacks failed, retrying in %d s: %s",
               FETCH_INTERVAL_SECONDS, error->message);
      return;
    }

  n = g_list_model_get_n_items (callbacks);
  g_ptr_array_set_size (self->callbacks, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->callbacks, g_list_model_get_item (callbacks, i));
  forget_old_keys (self);
  g_debug ("%u personal callbacks known", n);

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  now = g_date_time_new_now_local ();
  wrapup_callback_reminder_check (self, now);
  g_object_unref (self);
}

static gboolean
on_fetch_timeout_cb (gpointer user_data)
{
  fetch (WRAPUP_CALLBACK_REMINDER (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
on_check_timeout_cb (gpointer user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  wrapup_callback_reminder_check (WRAPUP_CALLBACK_REMINDER (user_data), now);
  return G_SOURCE_CONTINUE;
}

static void
fetch (WrapupCallbackReminder *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(LcmRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  GDate from;

  /* A fetch still waiting (the gateway is slow or away) is replaced by this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* From yesterday: a window booked yesterday may run past midnight into today. */
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, g_date_time_get_day_of_month (yesterday),
                  g_date_time_get_month (yesterday), g_date_time_get_year (yesterday));
  request = lcm_request_new_personal_callbacks (self->agent_id, &from, NULL, 0, 0, &error);
  if (request == NULL)
    {
      g_debug ("Cannot ask for the personal callbacks: %s", error->message);
      return;
    }

  self->cancellable = g_cancellable_new ();
  lcm_client_fetch_async (self->client, request, self->cancellable, on_fetch_cb, self);
}

/* GObject overrides */

static void
wrapup_callback_reminder_dispose (GObject *object)
{
  WrapupCallbackReminder *self = WRAPUP_CALLBACK_REMINDER (object);

  wrapup_callback_reminder_stop (self);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->client);
  g_ptr_array_set_size (self->callbacks, 0);

  G_OBJECT_CLASS (wrapup_callback_reminder_parent_class)->dispose (object);
}

static void
wrapup_callback_reminder_finalize (GObject *object)
{
  WrapupCallbackReminder *self = WRAPUP_CALLBACK_REMINDER (object);

  g_clear_pointer (&self->agent_id, g_free);
  g_clear_pointer (&self->callbacks, g_ptr_array_unref);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (wrapup_callback_reminder_parent_class)->finalize (object);
}

static void
wrapup_callback_reminder_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  WrapupCallbackReminder *self = WRAPUP_CALLBACK_REMINDER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_AGENT_ID:
      g_value_set_string (value, self->agent_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_callback_reminder_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  WrapupCallbackReminder *self = WRAPUP_CALLBACK_REMINDER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;
    case PROP_CLIENT:
      g_set_object (&self->client, g_value_get_object (value));
      break;
    case PROP_AGENT_ID:
      g_free (self->agent_id);
      self->agent_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wrapup_callback_reminder_class_init (WrapupCallbackReminderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wrapup_callback_reminder_dispose;
  object_class->finalize = wrapup_callback_reminder_finalize;
  object_class->get_property = wrapup_callback_reminder_get_property;
  object_class->set_property = wrapup_callback_reminder_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         LCM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENT_ID] =
    g_param_spec_string ("agent-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Right before the notification is sent, once per callback. */
  signals[SIGNAL_DUE] =
    g_signal_new ("due",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LCM_TYPE_PERSONAL_CALLBACK);
  /* After every successful fetch, before the callbacks are checked. */
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
wrapup_callback_reminder_init (WrapupCallbackReminder *self)
{
  self->callbacks = g_ptr_array_new_with_free_func (g_object_unref);
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

WrapupCallbackReminder *
wrapup_callback_reminder_new (GApplication *application,
                              LcmClient    *client,
                              const char   *agent_id)
{
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (LCM_IS_CLIENT (client), NULL);

  return g_object_new (WRAPUP_TYPE_CALLBACK_REMINDER,
                       "application", application,
                       "client", client,
                       "agent-id", agent_id,
                       NULL);
}

void
wrapup_callback_reminder_start (WrapupCallbackReminder *self)
{
  g_return_if_fail (WRAPUP_IS_CALLBACK_REMINDER (self));

  if (self->started)
    return;
  self->started = TRUE;

  self->fetch_id = g_timeout_add_seconds (FETCH_INTERVAL_SECONDS, on_fetch_timeout_cb, self);
  self->check_id = g_timeout_add_seconds (CHECK_INTERVAL_SECONDS, on_check_timeout_cb, self);
  fetch (self);
}

void
wrapup_callback_reminder_stop (WrapupCallbackReminder *self)
{
  g_return_if_fail (WRAPUP_IS_CALLBACK_REMINDER (self));

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->fetch_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
}

void
wrapup_callback_reminder_check (WrapupCallbackReminder *self,
                                GDateTime              *now)
{
  g_autoptr(GPtrArray) callbacks = NULL;

  g_return_if_fail (WRAPUP_IS_CALLBACK_REMINDER (self));
  g_return_if_fail (now != NULL);

  /* A handler of "due" may stop or drop the reminder, or a fetch may land meanwhile. */
  g_object_ref (self);
  callbacks = g_ptr_array_new_full (self->callbacks->len, g_object_unref);
  for (guint i = 0; i < self->callbacks->len; i++)
    g_ptr_array_add (callbacks, g_object_ref (g_ptr_array_index (self->callbacks, i)));

  for (guint i = 0; i < callbacks->len; i++)
    {
      LcmPersonalCallback *callback = g_ptr_array_index (callbacks, i);
      GDateTime *start = lcm_personal_callback_get_start (callback);
      GDateTime *end = lcm_personal_callback_get_end (callback);
      g_autofree char *key = NULL;
      gint64 *end_time;

      if (start == NULL || end == NULL)
        continue;
      /* Due while start <= now < end; a window already over is never notified. */
      if (g_date_time_compare (start, now) > 0 || g_date_time_compare (now, end) >= 0)
        continue;

      key = make_key (callback);
      if (g_hash_table_contains (self->notified, key))
        continue;
      end_time = g_new (gint64, 1);
      *end_time = g_date_time_to_unix (end);
      g_hash_table_insert (self->notified, g_strdup (key), end_time);

      g_signal_emit (self, signals[SIGNAL_DUE], 0, callback);
      send_notification (self, callback, key);
    }

  withdraw_over (self, now);
  g_object_unref (self);
}
