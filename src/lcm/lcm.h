/* lcm.h: the LCM agent protocol library, one include for all of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-envelope.h"
#include "lcm-values.h"
#include "lcm-request.h"
#include "lcm-response.h"
#include "lcm-array-list.h"
#include "lcm-business-outcome.h"
#include "lcm-telephony-outcome.h"
#include "lcm-callback-mode.h"
#include "lcm-personal-callback.h"
#include "lcm-journey-entry.h"
#include "lcm-journey-store.h"
#include "lcm-journey-query.h"
#include "lcm-disposition.h"
#include "lcm-client.h"
#include "lcm-outbox.h"
#include "lcm-enum-types.h"
