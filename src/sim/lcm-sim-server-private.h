/* lcm-sim-server-private.h: the simulated gateway's state, shared by its files
 *
 * lcm-sim-server.c: the transport, from the accepted socket to the WebSocket upgrade, and
 * the log; lcm-sim-connection.c: one client's connection, its frames in and its answers out
 * (and the faults that act on them); lcm-sim-request.c: one request, reading its data and
 * answering it; lcm-sim-handlers.c: the table of operations, and each operation's handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "lcm-envelope.h"
#include "lcm-request.h"
#include "lcm-sim-server.h"

G_BEGIN_DECLS

/* The vendor's words for a call id that is missing, malformed or unknown. */
#define INVALID_CALL_ID "Invalid Call ID."

/* A log line that may come in floods (refused connections, failed accepts, deadlines): the
 * first is logged, the next ones within LOG_FLOOD_INTERVAL_US are counted, and the count is
 * logged at the end of the interval. */
typedef struct
{
  gint64  last;        /* monotonic µs of the last line */
  guint   suppressed;
  char   *text;        /* the last line suppressed */
  guint   flush_id;
} LogLimit;

struct _LcmSimServer
{
  GObject       parent_instance;

  LcmSimDb     *db;
  char         *token;
  LcmSimFaults  faults;
  guint         max_connections;
  guint         upgrade_timeout_ms;

  GTlsCertificate *tls_certificate;

  SoupServer   *soup;
  /* Accepts for soup: libsoup 3.2's own listener leaks each accepted GSocket and its local
   * address, so connections are handed over with soup_server_accept_iostream(). A
   * GSocketService would retry a failed accept at once, for ever. */
  GSocketListener *listener;
  GCancellable *accept_cancellable;
  guint         accept_retry_id;
  char         *url;
  GHashTable   *accepted;      /* Accepted, every connection held, upgraded or not */
  GHashTable   *connections;   /* gint64 id -> Connection, the WebSocket ones */
  gint64        last_connection_id;

  LogLimit      refused_log;
  LogLimit      accept_error_log;
  LogLimit      deadline_log;
};

typedef struct
{
  LcmSimServer            *server;   /* owns this connection */
  SoupWebsocketConnection *ws;
  gint64                   id;
  GQueue                   outgoing; /* Outgoing, oldest first */
  guint                    flush_id;
  guint                    n_received;  /* frames received */
  guint                    n_answers;   /* answers queued, for --malformed-every */
  guint                    n_malformed;
  gboolean                 closing;     /* --close-after: no more frames are received */
  const char              *mute;        /* when set, answers are not sent, for this reason */
} Connection;

typedef struct _LcmSimHandler LcmSimHandler;

/* One request being answered. */
typedef struct
{
  LcmSimServer        *self;
  Connection          *conn;
  LcmEnvelope         *envelope;
  const char          *subtopic;  /* as sent */
  LcmOperation         operation;
  const LcmSimHandler *handler;   /* of the operation, once it is known */
  JsonObject          *data;
  const char          *callid;    /* as sent; NULL when absent */
  GDateTime           *now;       /* local */
  GString             *log;       /* what the log line says about the request */
  char                *result;    /* and about the answer */
} Request;

/* An operation the gateway answers: an entry of lcm-sim-handlers.c's table. */
struct _LcmSimHandler
{
  LcmOperation  operation;
  /* The subtopic of its answers, spelled as the samples spell it. */
  const char   *response_subtopic;
  void        (*handle) (Request *req);
};

static inline gboolean
lcm_sim_is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* ------------------------------------------------------------------------------------------
 * lcm-sim-server.c: the log, and accepting
 */

void        lcm_sim_log_line            (gint64                   connection_id,
                                         const char              *format,
                                         ...) G_GNUC_PRINTF (2, 3);
char       *lcm_sim_shorten             (const char              *text);
/* Accepting goes round: each accept's callback starts the next one. */
void        lcm_sim_server_accept_next  (LcmSimServer            *self);

/* ------------------------------------------------------------------------------------------
 * lcm-sim-connection.c: one WebSocket client
 */

Connection *lcm_sim_connection_new      (LcmSimServer            *server,
                                         SoupWebsocketConnection *ws);
void        lcm_sim_connection_free     (gpointer                 data);
void        lcm_sim_connection_queue    (Connection              *conn,
                                         char                    *text,
                                         gboolean                 answer);

/* ------------------------------------------------------------------------------------------
 * lcm-sim-request.c: reading a request's data, and answering it
 */

void        lcm_sim_reply_error         (Request                 *req,
                                         const char              *actual_error,
                                         const char              *message);
void        lcm_sim_reply_invalid       (Request                 *req,
                                         const char              *field,
                                         const char              *value,
                                         const GError            *error,
                                         const char              *message);
void        lcm_sim_reply_success       (Request                 *req,
                                         gboolean                 success);
void        lcm_sim_reply_list          (Request                 *req,
                                         JsonNode                *rows);
gboolean    lcm_sim_read_string         (Request                 *req,
                                         const char              *name,
                                         char                   **out);
gboolean    lcm_sim_read_int            (Request                 *req,
                                         const char              *name,
                                         gboolean                 required,
                                         gint64                  *out,
                                         gboolean                *present);
gboolean    lcm_sim_read_double         (Request                 *req,
                                         const char              *name,
                                         double                  *out);
LcmSimCall *lcm_sim_find_call           (Request                 *req);
LcmSimCall *lcm_sim_require_call        (Request                 *req);
gboolean    lcm_sim_check_optional_callid
                                        (Request                 *req);
gboolean    lcm_sim_check_account       (Request                 *req,
                                         const char              *account);

/* ------------------------------------------------------------------------------------------
 * lcm-sim-handlers.c: the operations
 */

/* NULL for an operation the simulator does not answer. */
const LcmSimHandler *lcm_sim_handler_find (LcmOperation operation);

G_END_DECLS
