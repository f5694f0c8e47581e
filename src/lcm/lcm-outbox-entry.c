/* lcm-outbox-entry.c: LcmOutboxEntry, one write of the outbox as the app shows it
 *
 * A read-only GObject made from a row (lcm-outbox-store.c) and changed only by the outbox
 * as the write's fate changes (lcm_outbox_entry_update, lcm_outbox_entry_set_sending).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lcm-enum-types.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-outbox-private.h"

G_DEFINE_FINAL_TYPE (LcmOutboxEntry, lcm_outbox_entry, G_TYPE_OBJECT)

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_ID,
  ENTRY_PROP_CREATED_AT,
  ENTRY_PROP_OPERATION,
  ENTRY_PROP_CALL_ID,
  ENTRY_PROP_ACCOUNT_NUMBER,
  ENTRY_PROP_STATE,
  ENTRY_PROP_REFUSAL,
  ENTRY_PROP_ATTEMPTS,
  ENTRY_PROP_LAST_ERROR,
  ENTRY_PROP_SENDING,
  ENTRY_PROP_SUMMARY,
  ENTRY_N_PROPS
};

static GParamSpec *entry_properties[ENTRY_N_PROPS];

static void
lcm_outbox_entry_finalize (GObject *object)
{
  LcmOutboxEntry *self = LCM_OUTBOX_ENTRY (object);

  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->data, json_object_unref);
  g_free (self->call_id);
  g_free (self->account_number);
  g_free (self->last_error);
  g_free (self->summary);

  G_OBJECT_CLASS (lcm_outbox_entry_parent_class)->finalize (object);
}

static void
lcm_outbox_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LcmOutboxEntry *self = LCM_OUTBOX_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case ENTRY_PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case ENTRY_PROP_OPERATION:
      g_value_set_enum (value, self->operation);
      break;
    case ENTRY_PROP_CALL_ID:
      g_value_set_string (value, self->call_id);
      break;
    case ENTRY_PROP_ACCOUNT_NUMBER:
      g_value_set_string (value, self->account_number);
      break;
    case ENTRY_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case ENTRY_PROP_REFUSAL:
      g_value_set_enum (value, self->refusal);
      break;
    case ENTRY_PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case ENTRY_PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case ENTRY_PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    case ENTRY_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_outbox_entry_class_init (LcmOutboxEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lcm_outbox_entry_finalize;
  object_class->get_property = lcm_outbox_entry_get_property;

  entry_properties[ENTRY_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  entry_properties[ENTRY_PROP_OPERATION] =
    g_param_spec_enum ("operation", NULL, NULL, LCM_TYPE_OPERATION,
                       LCM_OPERATION_SET_TELEPHONY_OUTCOME, flags);
  entry_properties[ENTRY_PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_ACCOUNT_NUMBER] =
    g_param_spec_string ("account-number", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LCM_TYPE_OUTBOX_ENTRY_STATE,
                       LCM_OUTBOX_ENTRY_PENDING, flags);
  entry_properties[ENTRY_PROP_REFUSAL] =
    g_param_spec_enum ("refusal", NULL, NULL, LCM_TYPE_OUTBOX_REFUSAL,
                       LCM_OUTBOX_REFUSAL_NONE, flags);
  entry_properties[ENTRY_PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  entry_properties[ENTRY_PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE, flags);
  entry_properties[ENTRY_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_properties);
}

static void
lcm_outbox_entry_init (LcmOutboxEntry *self)
{
}

/* Brings an entry in line with what the file says of it now. */
void
lcm_outbox_entry_update (LcmOutboxEntry *self,
                         LcmOutboxEntry *stored)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != stored->state)
    {
      self->state = stored->state;
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_STATE]);
    }
  if (self->refusal != stored->refusal)
    {
      self->refusal = stored->refusal;
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_REFUSAL]);
    }
  if (self->attempts != stored->attempts)
    {
      self->attempts = stored->attempts;
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_ATTEMPTS]);
    }
  if (g_strcmp0 (self->last_error, stored->last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (stored->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_LAST_ERROR]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
lcm_outbox_entry_set_sending (LcmOutboxEntry *self,
                              gboolean        sending)
{
  if (self->sending == sending)
    return;
  self->sending = sending;
  g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_SENDING]);
}

gint64
lcm_outbox_entry_get_id (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), 0);
  return self->id;
}

GDateTime *
lcm_outbox_entry_get_created_at (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->created_at;
}

LcmOperation
lcm_outbox_entry_get_operation (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), LCM_OPERATION_SET_TELEPHONY_OUTCOME);
  return self->operation;
}

const char *
lcm_outbox_entry_get_call_id (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->call_id;
}

const char *
lcm_outbox_entry_get_account_number (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->account_number;
}

LcmOutboxEntryState
lcm_outbox_entry_get_state (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), LCM_OUTBOX_ENTRY_PENDING);
  return self->state;
}

LcmOutboxRefusal
lcm_outbox_entry_get_refusal (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), LCM_OUTBOX_REFUSAL_NONE);
  return self->refusal;
}

guint
lcm_outbox_entry_get_attempts (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), 0);
  return self->attempts;
}

const char *
lcm_outbox_entry_get_last_error (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->last_error;
}

gboolean
lcm_outbox_entry_get_sending (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), FALSE);
  return self->sending;
}

JsonObject *
lcm_outbox_entry_get_data (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->data;
}

const char *
lcm_outbox_entry_get_summary (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->summary;
}

/* A string member of the stored data; NULL when absent, not a string, or empty. */
static const char *
entry_data_string (LcmOutboxEntry *self,
                   const char     *name)
{
  JsonNode *node = self->data != NULL ? json_object_get_member (self->data, name) : NULL;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  return text != NULL && *text != '\0' ? text : NULL;
}

/* One end of the callback window: its DD/MM/YYYY and HH:mm members, in local time. */
static GDateTime *
entry_data_local_time (LcmOutboxEntry *self,
                       const char     *date_member,
                       const char     *time_member)
{
  const char *date = entry_data_string (self, date_member);
  const char *time = entry_data_string (self, time_member);
  g_autofree char *text = NULL;

  if (date == NULL || time == NULL)
    return NULL;
  text = g_strconcat (date, " ", time, NULL);
  return lcm_parse_date_time (text, NULL, NULL);
}

const char *
lcm_outbox_entry_get_comments (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return entry_data_string (self, "AgentComments");
}

gboolean
lcm_outbox_entry_get_callback_window (LcmOutboxEntry  *self,
                                      GDateTime      **start,
                                      GDateTime      **end)
{
  g_autoptr(GDateTime) window_start = NULL;
  g_autoptr(GDateTime) window_end = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), FALSE);

  if (start != NULL)
    *start = NULL;
  if (end != NULL)
    *end = NULL;
  if (self->operation != LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK)
    return FALSE;

  window_start = entry_data_local_time (self, "StartDate", "StartTime");
  window_end = entry_data_local_time (self, "EndDate", "EndTime");
  if (window_start == NULL || window_end == NULL)
    return FALSE;

  if (start != NULL)
    *start = g_steal_pointer (&window_start);
  if (end != NULL)
    *end = g_steal_pointer (&window_end);
  return TRUE;
}
