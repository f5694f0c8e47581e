/* lcm-disposition.h: what an agent records at the end of a call, the one kind of write
 *
 * A disposition carries a telephony outcome, a business outcome, or both, with comments,
 * lead score and target amount, and optionally a personal callback window and mode. Which
 * request it becomes follows from what is set (see lcm_disposition_get_operation()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm-request.h"

G_BEGIN_DECLS

/* telephony-outcome, business-outcome and callback-mode when not chosen. */
#define LCM_NONE (-1)

#define LCM_TYPE_DISPOSITION (lcm_disposition_get_type ())
G_DECLARE_FINAL_TYPE (LcmDisposition, lcm_disposition, LCM, DISPOSITION, GObject)

LcmDisposition *lcm_disposition_new                   (void);
const char     *lcm_disposition_get_call_id           (LcmDisposition  *self);
void            lcm_disposition_set_call_id           (LcmDisposition  *self,
                                                       const char      *call_id);
const char     *lcm_disposition_get_account_number    (LcmDisposition  *self);
void            lcm_disposition_set_account_number    (LcmDisposition  *self,
                                                       const char      *account_number);
const char     *lcm_disposition_get_user_id           (LcmDisposition  *self);
void            lcm_disposition_set_user_id           (LcmDisposition  *self,
                                                       const char      *user_id);
gint64          lcm_disposition_get_telephony_outcome (LcmDisposition  *self);
void            lcm_disposition_set_telephony_outcome (LcmDisposition  *self,
                                                       gint64           outcome);
gint64          lcm_disposition_get_business_outcome  (LcmDisposition  *self);
void            lcm_disposition_set_business_outcome  (LcmDisposition  *self,
                                                       gint64           outcome);
const char     *lcm_disposition_get_comments          (LcmDisposition  *self);
void            lcm_disposition_set_comments          (LcmDisposition  *self,
                                                       const char      *comments);
gint64          lcm_disposition_get_lead_score        (LcmDisposition  *self);
void            lcm_disposition_set_lead_score        (LcmDisposition  *self,
                                                       gint64           lead_score);
double          lcm_disposition_get_target_amount     (LcmDisposition  *self);
void            lcm_disposition_set_target_amount     (LcmDisposition  *self,
                                                       double           amount);
GDateTime      *lcm_disposition_get_callback_start    (LcmDisposition  *self);
GDateTime      *lcm_disposition_get_callback_end      (LcmDisposition  *self);
/* Both NULL to book no callback. */
void            lcm_disposition_set_callback_window   (LcmDisposition  *self,
                                                       GDateTime       *start,
                                                       GDateTime       *end);
gint64          lcm_disposition_get_callback_mode     (LcmDisposition  *self);
void            lcm_disposition_set_callback_mode     (LcmDisposition  *self,
                                                       gint64           mode_id);
gboolean        lcm_disposition_has_callback          (LcmDisposition  *self);
/* SET_TELEPHONY_OUTCOME with a telephony outcome alone, SET_OUTCOMES with a business outcome
 * and no callback, SET_BUSINESS_OUTCOME_WITH_CALLBACK with a callback. */
LcmOperation    lcm_disposition_get_operation         (LcmDisposition  *self);

G_END_DECLS
