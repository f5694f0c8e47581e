/* lcm-error.h: the error domains of the LCM protocol library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A frame from the network that is not a valid LCM envelope or response. */
#define LCM_PROTOCOL_ERROR (lcm_protocol_error_quark ())

typedef enum
{
  LCM_PROTOCOL_ERROR_INVALID_JSON,     /* not parseable, or empty */
  LCM_PROTOCOL_ERROR_NOT_OBJECT,       /* top level is not an object */
  LCM_PROTOCOL_ERROR_WRONG_CHANNEL,    /* channel missing or not LCM, topic not WebService */
  LCM_PROTOCOL_ERROR_MISSING_SUBTOPIC, /* no subtopic string */
  LCM_PROTOCOL_ERROR_WRONG_KIND,       /* a member has the wrong JSON kind */
  LCM_PROTOCOL_ERROR_TOO_LARGE,        /* frame larger than the configured limit */
  LCM_PROTOCOL_ERROR_TOO_DEEP,         /* nesting deeper than LCM_MAX_DEPTH */
  LCM_PROTOCOL_ERROR_MISSING_FIELD,    /* a mandatory member is absent */
  LCM_PROTOCOL_ERROR_INVALID_VALUE,    /* a member's value is out of range or malformed */
} LcmProtocolError;

/* A request that the library refuses to build: nothing reaches the wire. */
#define LCM_REQUEST_ERROR (lcm_request_error_quark ())

typedef enum
{
  LCM_REQUEST_ERROR_EMPTY_CALL_ID,
  LCM_REQUEST_ERROR_INVALID_CALL_ID,
  LCM_REQUEST_ERROR_INVALID_ACCOUNT,
  LCM_REQUEST_ERROR_INVALID_DATE,
  LCM_REQUEST_ERROR_INVALID_TIME,
  LCM_REQUEST_ERROR_WINDOW_ORDER,      /* window ends before it starts */
  LCM_REQUEST_ERROR_WINDOW_PAST,       /* window already over */
  LCM_REQUEST_ERROR_WINDOW_TOO_FAR,    /* window starts too far ahead */
  LCM_REQUEST_ERROR_INVALID_MONTHS,
  LCM_REQUEST_ERROR_INVALID_CHANNEL,
  LCM_REQUEST_ERROR_INVALID_CONTACT,
  LCM_REQUEST_ERROR_NO_JOURNEY_KEY,    /* neither account, contact nor call id */
  LCM_REQUEST_ERROR_INVALID_CALL_TYPE,
  LCM_REQUEST_ERROR_NO_OUTCOME,        /* a write with neither telephony nor business outcome */
  LCM_REQUEST_ERROR_INVALID_USER,
  LCM_REQUEST_ERROR_INVALID_NUMBER,    /* lead score, target amount, mode out of bounds */
  LCM_REQUEST_ERROR_TOO_LONG,          /* a text field longer than its bound */
} LcmRequestError;

/* The gateway answered, and said no. The message is the gateway's text for people. */
#define LCM_GATEWAY_ERROR (lcm_gateway_error_quark ())

typedef enum
{
  LCM_GATEWAY_ERROR_WS_ERROR,          /* a WS_Error (or errorType triple) */
  LCM_GATEWAY_ERROR_REFUSED,           /* {"success": false} on a result subtopic */
} LcmGatewayError;

/* The connection could not carry the request. */
#define LCM_CLIENT_ERROR (lcm_client_error_quark ())

typedef enum
{
  LCM_CLIENT_ERROR_INVALID_URL,
  LCM_CLIENT_ERROR_INSECURE_URL,       /* ws:// to a non-loopback host, not allowed */
  LCM_CLIENT_ERROR_NOT_CONNECTED,      /* connection failed, or client stopped */
  LCM_CLIENT_ERROR_TIMEOUT,
  LCM_CLIENT_ERROR_CLOSED,             /* client disposed or stopped with the request pending */
  LCM_CLIENT_ERROR_UNAUTHORIZED,       /* the gateway refused the access token (HTTP 401/403) */
  LCM_CLIENT_ERROR_TLS,                /* wss:// failed: certificate refused, or no TLS */
} LcmClientError;

GQuark lcm_protocol_error_quark (void);
GQuark lcm_request_error_quark  (void);
GQuark lcm_gateway_error_quark  (void);
GQuark lcm_client_error_quark   (void);

G_END_DECLS
