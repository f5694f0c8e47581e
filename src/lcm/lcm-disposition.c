/* lcm-disposition.c: what an agent records at the end of a call, the one kind of write
 *
 * The disposition only holds what was set; lcm_request_new_disposition() checks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "lcm-disposition"

#include "config.h"

#include <string.h>

#include "lcm-disposition.h"
#include "lcm-enum-types.h"

struct _LcmDisposition
{
  GObject    parent_instance;

  char      *call_id;
  char      *account_number;
  char      *user_id;
  gint64     telephony_outcome;
  gint64     business_outcome;
  char      *comments;
  gint64     lead_score;
  double     target_amount;
  GDateTime *callback_start;
  GDateTime *callback_end;
  gint64     callback_mode;
};

G_DEFINE_FINAL_TYPE (LcmDisposition, lcm_disposition, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CALL_ID,
  PROP_ACCOUNT_NUMBER,
  PROP_USER_ID,
  PROP_TELEPHONY_OUTCOME,
  PROP_BUSINESS_OUTCOME,
  PROP_COMMENTS,
  PROP_LEAD_SCORE,
  PROP_TARGET_AMOUNT,
  PROP_CALLBACK_START,
  PROP_CALLBACK_END,
  PROP_CALLBACK_MODE,
  PROP_HAS_CALLBACK,
  PROP_OPERATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (LcmDisposition  *self,
            char           **field,
            const char      *value,
            guint            prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* The same instant shown the same way: a change of zone is a change, since the window is
 * sent as wall-clock date and time in the times' own zone. */
static gboolean
same_time (GDateTime *a,
           GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b)
         && g_date_time_get_utc_offset (a) == g_date_time_get_utc_offset (b);
}

/* Sets one end of the window; notifies it, and what follows from it, when they change. */
static void
set_time (LcmDisposition  *self,
          GDateTime      **field,
          GDateTime       *value,
          guint            prop_id)
{
  gboolean had_callback;
  LcmOperation old_operation;

  if (same_time (*field, value))
    return;

  had_callback = lcm_disposition_has_callback (self);
  old_operation = lcm_disposition_get_operation (self);

  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (had_callback != lcm_disposition_has_callback (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_CALLBACK]);
  if (old_operation != lcm_disposition_get_operation (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION]);
}

static void
set_outcome (LcmDisposition *self,
             gint64         *field,
             gint64          value,
             guint           prop_id)
{
  LcmOperation old_operation;

  if (*field == value)
    return;

  old_operation = lcm_disposition_get_operation (self);
  *field = value;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (old_operation != lcm_disposition_get_operation (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION]);
}

static void
lcm_disposition_finalize (GObject *object)
{
  LcmDisposition *self = (LcmDisposition *) object;

  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->account_number, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->comments, g_free);
  g_clear_pointer (&self->callback_start, g_date_time_unref);
  g_clear_pointer (&self->callback_end, g_date_time_unref);

  G_OBJECT_CLASS (lcm_disposition_parent_class)->finalize (object);
}

static void
lcm_disposition_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LcmDisposition *self = LCM_DISPOSITION (object);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      g_value_set_string (value, self->call_id);
      break;

    case PROP_ACCOUNT_NUMBER:
      g_value_set_string (value, self->account_number);
      break;

    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case PROP_TELEPHONY_OUTCOME:
      g_value_set_int64 (value, self->telephony_outcome);
      break;

    case PROP_BUSINESS_OUTCOME:
      g_value_set_int64 (value, self->business_outcome);
      break;

    case PROP_COMMENTS:
      g_value_set_string (value, self->comments);
      break;

    case PROP_LEAD_SCORE:
      g_value_set_int64 (value, self->lead_score);
      break;

    case PROP_TARGET_AMOUNT:
      g_value_set_double (value, self->target_amount);
      break;

    case PROP_CALLBACK_START:
      g_value_set_boxed (value, self->callback_start);
      break;

    case PROP_CALLBACK_END:
      g_value_set_boxed (value, self->callback_end);
      break;

    case PROP_CALLBACK_MODE:
      g_value_set_int64 (value, self->callback_mode);
      break;

    case PROP_HAS_CALLBACK:
      g_value_set_boolean (value, lcm_disposition_has_callback (self));
      break;

    case PROP_OPERATION:
      g_value_set_enum (value, lcm_disposition_get_operation (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_disposition_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LcmDisposition *self = LCM_DISPOSITION (object);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      lcm_disposition_set_call_id (self, g_value_get_string (value));
      break;

    case PROP_ACCOUNT_NUMBER:
      lcm_disposition_set_account_number (self, g_value_get_string (value));
      break;

    case PROP_USER_ID:
      lcm_disposition_set_user_id (self, g_value_get_string (value));
      break;

    case PROP_TELEPHONY_OUTCOME:
      lcm_disposition_set_telephony_outcome (self, g_value_get_int64 (value));
      break;

    case PROP_BUSINESS_OUTCOME:
      lcm_disposition_set_business_outcome (self, g_value_get_int64 (value));
      break;

    case PROP_COMMENTS:
      lcm_disposition_set_comments (self, g_value_get_string (value));
      break;

    case PROP_LEAD_SCORE:
      lcm_disposition_set_lead_score (self, g_value_get_int64 (value));
      break;

    case PROP_TARGET_AMOUNT:
      lcm_disposition_set_target_amount (self, g_value_get_double (value));
      break;

    case PROP_CALLBACK_START:
      set_time (self, &self->callback_start, g_value_get_boxed (value), PROP_CALLBACK_START);
      break;

    case PROP_CALLBACK_END:
      set_time (self, &self->callback_end, g_value_get_boxed (value), PROP_CALLBACK_END);
      break;

    case PROP_CALLBACK_MODE:
      lcm_disposition_set_callback_mode (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_disposition_class_init (LcmDispositionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_disposition_finalize;
  object_class->get_property = lcm_disposition_get_property;
  object_class->set_property = lcm_disposition_set_property;

  properties[PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_NUMBER] =
    g_param_spec_string ("account-number", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TELEPHONY_OUTCOME] =
    g_param_spec_int64 ("telephony-outcome", NULL, NULL,
                        G_MININT64, G_MAXINT64, LCM_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSINESS_OUTCOME] =
    g_param_spec_int64 ("business-outcome", NULL, NULL,
                        G_MININT64, G_MAXINT64, LCM_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COMMENTS] =
    g_param_spec_string ("comments", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LEAD_SCORE] =
    g_param_spec_int64 ("lead-score", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TARGET_AMOUNT] =
    g_param_spec_double ("target-amount", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CALLBACK_START] =
    g_param_spec_boxed ("callback-start", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CALLBACK_END] =
    g_param_spec_boxed ("callback-end", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CALLBACK_MODE] =
    g_param_spec_int64 ("callback-mode", NULL, NULL,
                        G_MININT64, G_MAXINT64, LCM_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Read-only: follow from the window and the outcomes. */
  properties[PROP_HAS_CALLBACK] =
    g_param_spec_boolean ("has-callback", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_OPERATION] =
    g_param_spec_enum ("operation", NULL, NULL,
                       LCM_TYPE_OPERATION, LCM_OPERATION_SET_TELEPHONY_OUTCOME,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_disposition_init (LcmDisposition *self)
{
  self->telephony_outcome = LCM_NONE;
  self->business_outcome = LCM_NONE;
  self->callback_mode = LCM_NONE;
}

LcmDisposition *
lcm_disposition_new (void)
{
  return g_object_new (LCM_TYPE_DISPOSITION, NULL);
}

const char *
lcm_disposition_get_call_id (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), NULL);

  return self->call_id;
}

void
lcm_disposition_set_call_id (LcmDisposition *self,
                             const char     *call_id)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  set_string (self, &self->call_id, call_id, PROP_CALL_ID);
}

const char *
lcm_disposition_get_account_number (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), NULL);

  return self->account_number;
}

void
lcm_disposition_set_account_number (LcmDisposition *self,
                                    const char     *account_number)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  set_string (self, &self->account_number, account_number, PROP_ACCOUNT_NUMBER);
}

const char *
lcm_disposition_get_user_id (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), NULL);

  return self->user_id;
}

void
lcm_disposition_set_user_id (LcmDisposition *self,
                             const char     *user_id)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  set_string (self, &self->user_id, user_id, PROP_USER_ID);
}

gint64
lcm_disposition_get_telephony_outcome (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), LCM_NONE);

  return self->telephony_outcome;
}

void
lcm_disposition_set_telephony_outcome (LcmDisposition *self,
                                       gint64          outcome)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  set_outcome (self, &self->telephony_outcome, outcome, PROP_TELEPHONY_OUTCOME);
}

gint64
lcm_disposition_get_business_outcome (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), LCM_NONE);

  return self->business_outcome;
}

void
lcm_disposition_set_business_outcome (LcmDisposition *self,
                                      gint64          outcome)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  set_outcome (self, &self->business_outcome, outcome, PROP_BUSINESS_OUTCOME);
}

const char *
lcm_disposition_get_comments (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), NULL);

  return self->comments;
}

void
lcm_disposition_set_comments (LcmDisposition *self,
                              const char     *comments)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  set_string (self, &self->comments, comments, PROP_COMMENTS);
}

gint64
lcm_disposition_get_lead_score (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), 0);

  return self->lead_score;
}

void
lcm_disposition_set_lead_score (LcmDisposition *self,
                                gint64          lead_score)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  if (self->lead_score == lead_score)
    return;

  self->lead_score = lead_score;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAD_SCORE]);
}

double
lcm_disposition_get_target_amount (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), 0.0);

  return self->target_amount;
}

void
lcm_disposition_set_target_amount (LcmDisposition *self,
                                   double          amount)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  /* Compared bit for bit, so that 0.0 and -0.0 differ and NaN equals itself. */
  if (memcmp (&self->target_amount, &amount, sizeof amount) == 0)
    return;

  self->target_amount = amount;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_AMOUNT]);
}

GDateTime *
lcm_disposition_get_callback_start (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), NULL);

  return self->callback_start;
}

GDateTime *
lcm_disposition_get_callback_end (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), NULL);

  return self->callback_end;
}

void
lcm_disposition_set_callback_window (LcmDisposition *self,
                                     GDateTime      *start,
                                     GDateTime      *end)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_time (self, &self->callback_start, start, PROP_CALLBACK_START);
  set_time (self, &self->callback_end, end, PROP_CALLBACK_END);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
lcm_disposition_get_callback_mode (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), LCM_NONE);

  return self->callback_mode;
}

void
lcm_disposition_set_callback_mode (LcmDisposition *self,
                                   gint64          mode_id)
{
  g_return_if_fail (LCM_IS_DISPOSITION (self));

  if (self->callback_mode == mode_id)
    return;

  self->callback_mode = mode_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLBACK_MODE]);
}

/* A window with either end set counts: a half window is refused when the request is built,
 * rather than silently dropped. */
gboolean
lcm_disposition_has_callback (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), FALSE);

  return self->callback_start != NULL || self->callback_end != NULL;
}

LcmOperation
lcm_disposition_get_operation (LcmDisposition *self)
{
  g_return_val_if_fail (LCM_IS_DISPOSITION (self), LCM_OPERATION_SET_TELEPHONY_OUTCOME);

  if (lcm_disposition_has_callback (self))
    return LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK;

  if (self->business_outcome != LCM_NONE)
    return LCM_OPERATION_SET_OUTCOMES;

  return LCM_OPERATION_SET_TELEPHONY_OUTCOME;
}
