/* lcm-error.c: the error domains of the LCM protocol library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lcm-error.h"

G_DEFINE_QUARK (lcm-protocol-error-quark, lcm_protocol_error)
G_DEFINE_QUARK (lcm-request-error-quark, lcm_request_error)
G_DEFINE_QUARK (lcm-gateway-error-quark, lcm_gateway_error)
G_DEFINE_QUARK (lcm-client-error-quark, lcm_client_error)
