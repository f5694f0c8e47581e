/* lcm-sim-server.c: the simulated LCM gateway, a WebSocket server on loopback
 *
 * Every text frame is logged to wire_log, parsed with the library's tolerant reader and
 * answered with the samples' shapes. Answers go through a per-connection queue, so they keep
 * the order of the requests whatever delay is configured.
 *
 * Faults (LcmSimFaults) act in three places: where a frame is received (--close-after),
 * where an answer is queued (--delay-ms, --drop-write-answers, --malformed-every) and where
 * a connection is accepted (--ignore-pings, see lcm-sim-ping-filter.c).
 *
 * Every connection accepted is held in `accepted` until libsoup closes it: at most
 * --max-connections of them, and each closed if it has not upgraded to a WebSocket within
 * --upgrade-timeout-ms, so clients that open connections and say nothing (or too little)
 * cannot lock the others out. Accepting again after a failure (out of descriptors) waits a
 * little, and the lines such floods would print are rate-limited.
 *
 * The texts inside WS_Error frames are the gateway's words on the wire (the vendor's
 * "Invalid Call ID." and ours in the same style); they are protocol data, not translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "lcm-client.h"
#include "lcm-envelope.h"
#include "lcm-json.h"
#include "lcm-message-limit.h"
#include "lcm-request.h"
#include "lcm-values.h"
#include "lcm-sim-ping-filter.h"
#include "lcm-sim-server.h"
#include "lcm-sim-stream.h"

/* Rows of a personal callback page when the request asks for none, and at most. */
#define DEFAULT_CALLBACK_PAGE 100
#define MAX_CALLBACK_PAGE     1000
#define MAX_CALLBACK_FIRST    1000000

/* Stands for the rows of a journey in the envelope the library writes; it holds a blank, and
 * a call id (the only client text in that envelope) never does: it is checked first. */
#define ROWS_MARKER "lcm-sim journey rows"

#define INVALID_CALL_ID "Invalid Call ID."

/* In a log line, a run of this many digits or more is masked but for its last four. */
#define LOG_MASK_DIGITS 8

/* Connections waiting to be accepted: a load of clients connecting at once must not find
 * the queue full (GSocketListener's default is 10). */
#define LISTEN_BACKLOG 512

/* After accepting failed (out of descriptors, most likely), the next try waits this long:
 * at once, it would fail again at once, for ever. */
#define ACCEPT_RETRY_MS 100

/* A line that may come in a flood is logged at most once in this long. */
#define LOG_FLOOD_INTERVAL_US G_USEC_PER_SEC

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

G_DEFINE_FINAL_TYPE (LcmSimServer, lcm_sim_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DB,
  PROP_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

typedef enum
{
  OUTGOING_TEXT,
  OUTGOING_BINARY,
  OUTGOING_CLOSE,   /* --close-after: close the connection, after what was queued before */
} OutgoingKind;

typedef struct
{
  OutgoingKind  kind;
  char         *text;   /* NULL for a close */
  gint64        due;    /* monotonic µs */
} Outgoing;

/* A connection accepted and held, from its TLS handshake to its close. Reference-counted
 * (g_rc_box): the server's `accepted` holds one, and so do the LcmSimStream handed to
 * libsoup and a TLS handshake under way. */
typedef struct
{
  LcmSimServer      *server;       /* NULL once the server let go of it */
  GSocketConnection *connection;   /* as accepted: shut down at the deadline */
  GSocketAddress    *local;
  GSocketAddress    *remote;       /* libsoup gives this one back with the upgrade request */
  GTlsConnection    *tls;          /* during the TLS handshake */
  GCancellable      *cancellable;  /* of the TLS handshake, while it runs */
  guint              deadline_id;  /* until the upgrade is done */
} Accepted;

/* One request being answered. */
typedef struct
{
  LcmSimServer *self;
  Connection   *conn;
  LcmEnvelope  *envelope;
  const char   *subtopic;  /* as sent */
  LcmOperation  operation;
  JsonObject   *data;
  const char   *callid;    /* as sent; NULL when absent */
  GDateTime    *now;       /* local */
  GString      *log;       /* what the log line says about the request */
  char         *result;    /* and about the answer */
} Request;

/* The response subtopics, spelled as the samples spell them. */
static const char *
response_subtopic (LcmOperation operation)
{
  switch (operation)
    {
    case LCM_OPERATION_BUSINESS_OUTCOMES:
      return "BusinessOutCome";
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
      return "SetCallOutComeOfflineResponse";
    case LCM_OPERATION_CALLBACK_MODES:
      return "CallBackModes";
    case LCM_OPERATION_PERSONAL_CALLBACKS:
      return "PersonalCallbackList";
    case LCM_OPERATION_JOURNEY:
      return "CustomerJourney";
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
      return "SetCallOutcomeWithCommentsResult";
    case LCM_OPERATION_SET_OUTCOMES:
      return "SetBusinessOutcomeWithCallOutcomeResult";
    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
      return "SetBusinessOutcomeWithPersonalCallbackResult";
    default:
      g_assert_not_reached ();
    }
}

/* helpers: logging */

static void
log_line (gint64      connection_id,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
log_line (gint64      connection_id,
          const char *format,
          ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S.%f");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* One request, one line: a client's newline must not forge another. And whatever looks
   * like a phone number (a run of LOG_MASK_DIGITS digits or more, wherever a client put it)
   * keeps only its last four digits. */
  for (char *p = text; *p != '\0'; p++)
    {
      gsize digits = 0;

      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = '?';
      while (g_ascii_isdigit (p[digits]))
        digits++;
      if (digits >= LOG_MASK_DIGITS)
        {
          memset (p, '*', digits - 4);
          p += digits - 1;
        }
    }

  /* %f gives microseconds: keep milliseconds. */
  if (stamp != NULL && strlen (stamp) > 12)
    stamp[12] = '\0';
  if (connection_id > 0)
    g_printerr ("%s lcm-sim[%" G_GINT64_FORMAT "]: %s\n", stamp, connection_id, text);
  else
    g_printerr ("%s lcm-sim: %s\n", stamp, text);
}

static gboolean
on_log_limit_flush_cb (gpointer user_data)
{
  LogLimit *limit = user_data;

  limit->flush_id = 0;
  log_line (0, "%u more: %s", limit->suppressed, limit->text);
  limit->suppressed = 0;
  limit->last = g_get_monotonic_time ();
  g_clear_pointer (&limit->text, g_free);
  return G_SOURCE_REMOVE;
}

/* Takes text. */
static void
log_limited (LogLimit *limit,
             char     *text)
{
  gint64 now = g_get_monotonic_time ();

  if (limit->flush_id == 0 && (limit->last == 0 || now - limit->last >= LOG_FLOOD_INTERVAL_US))
    {
      log_line (0, "%s", text);
      g_free (text);
      limit->last = now;
      return;
    }
  limit->suppressed++;
  g_free (limit->text);
  limit->text = text;
  if (limit->flush_id == 0)
    limit->flush_id = g_timeout_add ((guint) MAX (1, (limit->last + LOG_FLOOD_INTERVAL_US - now)
                                                     / 1000),
                                     on_log_limit_flush_cb, limit);
}

static void
log_limit_clear (LogLimit *limit)
{
  g_clear_handle_id (&limit->flush_id, g_source_remove);
  g_clear_pointer (&limit->text, g_free);
}

/* A client's text for a log line or an error: bounded, and without control characters. */
static char *
shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (valid, -1) > LCM_MAX_CALL_ID_LENGTH)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, LCM_MAX_CALL_ID_LENGTH);

      cut = g_strconcat (head, "…", NULL);
    }
  else
    cut = g_strdup (valid);
  for (char *p = cut; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return g_steal_pointer (&cut);
}

/* helpers: the outgoing queue */

static void connection_flush (Connection *conn);

static void
outgoing_free (gpointer data)
{
  Outgoing *outgoing = data;

  g_free (outgoing->text);
  g_free (outgoing);
}

static gboolean
on_flush_timeout_cb (gpointer user_data)
{
  Connection *conn = user_data;

  conn->flush_id = 0;
  connection_flush (conn);
  return G_SOURCE_REMOVE;
}

static void
connection_flush (Connection *conn)
{
  gint64 now = g_get_monotonic_time ();
  Outgoing *head;

  while ((head = g_queue_peek_head (&conn->outgoing)) != NULL && head->due <= now)
    {
      gboolean open = soup_websocket_connection_get_state (conn->ws) ==
                      SOUP_WEBSOCKET_STATE_OPEN;

      g_queue_pop_head (&conn->outgoing);
      if (head->kind == OUTGOING_CLOSE)
        {
          /* Whatever was queued after the close is gone with the connection; and closing
           * may free the connection, so it is the last thing done here. */
          outgoing_free (head);
          g_queue_clear_full (&conn->outgoing, outgoing_free);
          g_clear_handle_id (&conn->flush_id, g_source_remove);
          if (open)
            {
              log_line (conn->id, "closing after %u frames (--close-after)", conn->n_received);
              soup_websocket_connection_close (conn->ws, conn->server->faults.close_code,
                                               "lcm-sim: --close-after");
            }
          return;
        }
      if (open && head->kind == OUTGOING_BINARY)
        soup_websocket_connection_send_binary (conn->ws, head->text, strlen (head->text));
      else if (open)
        soup_websocket_connection_send_text (conn->ws, head->text);
      outgoing_free (head);
    }

  if (head != NULL && conn->flush_id == 0)
    {
      gint64 wait_ms = (head->due - now + 999) / 1000;

      conn->flush_id = g_timeout_add ((guint) CLAMP (wait_ms, 1, LCM_SIM_MAX_DELAY_MS),
                                      on_flush_timeout_cb, conn);
    }
}

static void
connection_push (Connection   *conn,
                 OutgoingKind  kind,
                 char         *text)
{
  Outgoing *outgoing = g_new0 (Outgoing, 1);

  outgoing->kind = kind;
  outgoing->text = text;
  outgoing->due = g_get_monotonic_time () + (gint64) conn->server->faults.delay_ms * 1000;
  g_queue_push_tail (&conn->outgoing, outgoing);
}

/* --malformed-every: frames no client can take for an answer, each a different way. */
static void
connection_push_malformed (Connection *conn)
{
  static const char *const frames[] = {
    /* cut short: not JSON */
    "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"CallBackModes\","
    "\"message\":{\"callid\":\"12345\",\"response\":[{\"ModeID\":",
    /* not an object */
    "[{\"channel\":\"LCM\",\"topic\":\"WebService\",\"subtopic\":\"BusinessOutCome\"}]",
    /* another channel */
    "{\"channel\":\"NOT-LCM\",\"topic\":\"WebService\",\"subtopic\":\"BusinessOutCome\","
    "\"message\":{\"response\":[]}}",
    /* no subtopic */
    "{\"channel\":\"LCM\",\"topic\":\"WebService\",\"message\":{\"response\":[]}}",
    /* nested far too deep */
    NULL,
    /* binary */
    NULL,
  };
  guint kind = conn->n_malformed++ % G_N_ELEMENTS (frames);

  if (kind == 4)
    {
      GString *deep = g_string_new ("{\"channel\":\"LCM\",\"topic\":\"WebService\","
                                    "\"subtopic\":\"CustomerJourney\",\"message\":"
                                    "{\"response\":");

      for (guint i = 0; i < 200; i++)
        g_string_append_c (deep, '[');
      for (guint i = 0; i < 200; i++)
        g_string_append_c (deep, ']');
      g_string_append (deep, "}}");
      connection_push (conn, OUTGOING_TEXT, g_string_free (deep, FALSE));
    }
  else if (kind == 5)
    connection_push (conn, OUTGOING_BINARY, g_strdup ("\x01lcm-sim binary frame"));
  else
    connection_push (conn, OUTGOING_TEXT, g_strdup (frames[kind]));
}

/* Takes text; sends it after the configured delay, after everything queued before. An
 * answer (not a push) counts for --malformed-every. While the connection is muted (the
 * frame it answers is the last before --close-after, or a write under
 * --drop-write-answers) nothing is sent. */
static void
connection_queue (Connection *conn,
                  char       *text,
                  gboolean    answer)
{
  guint every = conn->server->faults.malformed_every;

  if (conn->mute != NULL)
    {
      g_free (text);
      return;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  if (answer && every > 0 && ++conn->n_answers % every == 0)
    connection_push_malformed (conn);
  connection_push (conn, OUTGOING_TEXT, text);
  connection_flush (conn);
}

static void
connection_free (gpointer data)
{
  Connection *conn = data;

  g_clear_handle_id (&conn->flush_id, g_source_remove);
  g_queue_clear_full (&conn->outgoing, outgoing_free);
  g_signal_handlers_disconnect_by_data (conn->ws, conn);
  if (soup_websocket_connection_get_state (conn->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (conn->ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_clear_object (&conn->ws);
  g_free (conn);
}

/* helpers: answers */

static void
reply_error (Request    *req,
             const char *actual_error,
             const char *message)
{
  char *frame = lcm_envelope_write_ws_error (req->callid != NULL ? req->callid : "",
                                             req->subtopic != NULL ? req->subtopic : "",
                                             actual_error, message);

  g_free (req->result);
  req->result = g_strdup_printf ("WS_Error: %s", actual_error);
  connection_queue (req->conn, frame, TRUE);
}

/* An error whose ActualError names the field and the value, and whose Message is the
 * library's text for people when there is one. */
static void
reply_invalid (Request      *req,
               const char   *field,
               const char   *value,
               const GError *error,
               const char   *message)
{
  g_autofree char *shown = shorten (value);
  g_autofree char *actual = NULL;

  if (value != NULL)
    actual = g_strdup_printf ("Invalid %s:%s", field, shown);
  else
    actual = g_strdup_printf ("%s is missing", field);
  reply_error (req, actual, error != NULL ? error->message : message);
}

static void
reply_response (Request  *req,
                JsonNode *response,
                char     *summary)
{
  G_GNUC_UNUSED g_autoptr(JsonNode) owned = response;

  g_free (req->result);
  req->result = summary;
  connection_queue (req->conn, lcm_envelope_write_response (response_subtopic (req->operation),
                                                            req->callid, response),
                    TRUE);
}

static void
reply_success (Request  *req,
               gboolean  success)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, success);
  json_builder_end_object (builder);
  reply_response (req, json_builder_get_root (builder),
                  g_strdup (success ? "success" : "refused"));
}

static void
reply_list (Request  *req,
            JsonNode *rows)
{
  if (rows == NULL)
    {
      reply_error (req, "Internal database error", "The gateway could not read its data.");
      return;
    }
  reply_response (req, rows,
                  g_strdup_printf ("%s, %u rows", response_subtopic (req->operation),
                                   json_array_get_length (json_node_get_array (rows))));
}

static void
push_outcome_set (Request    *req,
                  const char *account_number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, "LCM");
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, "WebService");
  json_builder_set_member_name (builder, "subtopic");
  json_builder_add_string_value (builder, "OutcomeSetForCall");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, account_number);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  connection_queue (req->conn, lcm_json_node_to_string (root, NULL), FALSE);
}

/* helpers: reading the request's data */

/* A string member; *out is NULL when absent or null. FALSE (and answered) when it is an
 * array or an object. */
static gboolean
read_string (Request     *req,
             const char  *name,
             char       **out)
{
  g_autoptr(GError) error = NULL;

  if (!lcm_json_object_get_string (req->data, name, out, &error))
    {
      g_autofree char *actual = g_strdup_printf ("Invalid %s: not a string", name);

      reply_error (req, actual, error != NULL ? error->message : "Invalid request.");
      return FALSE;
    }
  return TRUE;
}

/* A whole-number member. Absent (or null, or "") is an error when required, else
 * *present = FALSE. */
static gboolean
read_int (Request    *req,
          const char *name,
          gboolean    required,
          gint64     *out,
          gboolean   *present)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  *out = 0;
  if (lcm_json_object_get_int (req->data, name, out, &found, &error))
    {
      if (present != NULL)
        *present = TRUE;
      return TRUE;
    }
  if (error != NULL)
    {
      g_autofree char *actual = g_strdup_printf ("Invalid %s: not a whole number", name);

      reply_error (req, actual, error->message);
      return FALSE;
    }
  if (required)
    {
      reply_invalid (req, name, NULL, NULL, "A required value is missing.");
      return FALSE;
    }
  if (present != NULL)
    *present = FALSE;
  return TRUE;
}

static gboolean
read_double (Request    *req,
             const char *name,
             double     *out)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  *out = 0;
  if (lcm_json_object_get_double (req->data, name, out, &found, &error))
    return TRUE;
  if (error != NULL)
    {
      g_autofree char *actual = g_strdup_printf ("Invalid %s: not a number", name);

      reply_error (req, actual, error->message);
      return FALSE;
    }
  reply_invalid (req, name, NULL, NULL, "A required value is missing.");
  return FALSE;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* A call id that is not empty: its shape, then whether the call exists. */
static LcmSimCall *
find_call (Request *req)
{
  LcmSimCall *call = NULL;

  if (lcm_check_call_id (req->callid, NULL))
    call = lcm_sim_db_lookup_call (req->self->db, req->callid);
  if (call == NULL)
    {
      g_autofree char *shown = shorten (req->callid);
      g_autofree char *actual = g_strdup_printf ("Invalid Call ID:%s", shown);

      reply_error (req, actual, INVALID_CALL_ID);
    }
  return call;
}

/* The call a request must name. */
static LcmSimCall *
require_call (Request *req)
{
  if (is_empty (req->callid))
    {
      reply_error (req, "Callid is empty", INVALID_CALL_ID);
      return NULL;
    }
  return find_call (req);
}

/* A call id given where it is optional must still be well-formed. */
static gboolean
check_optional_callid (Request *req)
{
  if (!is_empty (req->callid) && !lcm_check_call_id (req->callid, NULL))
    {
      g_autofree char *shown = shorten (req->callid);
      g_autofree char *actual = g_strdup_printf ("Invalid Call ID:%s", shown);

      reply_error (req, actual, INVALID_CALL_ID);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_account (Request    *req,
               const char *account)
{
  g_autoptr(GError) error = NULL;

  if (is_empty (account))
    {
      reply_error (req, "AccountNumber is empty", "Invalid account number.");
      return FALSE;
    }
  if (!lcm_check_account_number (account, &error))
    {
      reply_invalid (req, "AccountNumber", account, error, "Invalid account number.");
      return FALSE;
    }
  return TRUE;
}

/* operations: reads */

static void
handle_business_outcomes (Request *req)
{
  g_autoptr(LcmSimCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  LcmCallType call_type;
  const char *group;

  /* An empty call id is valid: outcome groups are looked up by type. */
  if (!is_empty (req->callid) && (call = find_call (req)) == NULL)
    return;
  if (!read_string (req, "type", &type))
    return;
  if (is_empty (type))
    {
      reply_error (req, "type is empty", "The call type is missing.");
      return;
    }
  {
    g_autofree char *shown = shorten (type);

    g_string_append_printf (req->log, " type=%s", shown);
  }
  if (!lcm_call_type_from_string (type, &call_type, &error))
    {
      reply_invalid (req, "type", type, error, "Unknown call type.");
      return;
    }
  switch (call_type)
    {
    case LCM_CALL_TYPE_MANUAL:
      group = "MANUAL";
      break;
    case LCM_CALL_TYPE_INBOUND:
      group = "INBOUND";
      break;
    case LCM_CALL_TYPE_OUTBOUND:
      group = "OUTBOUND";
      break;
    default:
      reply_invalid (req, "type", type, NULL, "Unknown call type.");
      return;
    }
  /* The layout of a known call is its campaign's; a manual call before the dialer gave it
   * an id gets the group of every campaign. */
  reply_list (req, lcm_sim_db_list_business_outcomes (req->self->db, group,
                                                      call != NULL ? call->campaign_id : 0,
                                                      NULL));
}

static void
handle_telephony_outcomes (Request *req)
{
  g_autofree char *account = NULL;

  if (!read_string (req, "AccountNumber", &account) || !check_account (req, account))
    return;
  g_string_append_printf (req->log, " account=%s", account);
  if (!lcm_sim_db_has_account (req->self->db, account))
    {
      g_autofree char *actual = g_strdup_printf ("Unknown AccountNumber:%s", account);

      reply_error (req, actual, "Unknown account number.");
      return;
    }
  reply_list (req, lcm_sim_db_list_telephony_outcomes (req->self->db, NULL));
}

static void
handle_callback_modes (Request *req)
{
  g_autoptr(LcmSimCall) call = NULL;
  g_autofree char *account = NULL;

  if (!read_string (req, "AccountNumber", &account))
    return;
  if (!is_empty (req->callid) && (call = find_call (req)) == NULL)
    return;
  if (is_empty (account))
    {
      /* No account: the call's contact, so a call id is needed. */
      if (call == NULL)
        {
          reply_error (req, "Callid is empty", INVALID_CALL_ID);
          return;
        }
      g_free (account);
      account = g_strdup (call->account_number);
    }
  if (!check_account (req, account))
    return;
  g_string_append_printf (req->log, " account=%s", account);
  if (!lcm_sim_db_has_account (req->self->db, account))
    {
      g_autofree char *actual = g_strdup_printf ("Unknown AccountNumber:%s", account);

      reply_error (req, actual, "Unknown account number.");
      return;
    }
  reply_list (req, lcm_sim_db_list_callback_modes (req->self->db, account, NULL));
}

/* An optional DD/MM/YYYY as YYYY-MM-DD; *out NULL when empty. */
static gboolean
read_day (Request     *req,
          const char  *name,
          char       **out,
          GDate       *date)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  *out = NULL;
  if (!read_string (req, name, &text))
    return FALSE;
  if (is_empty (text))
    return TRUE;
  if (!lcm_parse_date (text, date, &error))
    {
      reply_invalid (req, name, text, error, "Invalid date.");
      return FALSE;
    }
  *out = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
  return TRUE;
}

static void
handle_personal_callbacks (Request *req)
{
  g_autofree char *user = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;
  g_autoptr(GError) error = NULL;
  GDate from_date, to_date;
  gint64 first, count;
  gboolean present;

  if (!read_string (req, "UserID", &user))
    return;
  if (is_empty (user))
    {
      reply_error (req, "UserID is empty", "Invalid user ID.");
      return;
    }
  if (!lcm_check_user_id (user, &error))
    {
      reply_invalid (req, "UserID", user, error, "Invalid user ID.");
      return;
    }
  g_string_append_printf (req->log, " user=%s", user);

  g_date_clear (&from_date, 1);
  g_date_clear (&to_date, 1);
  if (!read_day (req, "FromDate", &from_day, &from_date) ||
      !read_day (req, "ToDate", &to_day, &to_date))
    return;
  if (from_day != NULL && to_day != NULL && g_date_compare (&from_date, &to_date) > 0)
    {
      reply_error (req, "FromDate is after ToDate", "The date range ends before it starts.");
      return;
    }

  if (!read_int (req, "StartingNoOfRecord", FALSE, &first, &present))
    return;
  if (!present || first == 0)
    first = 1;
  if (first < 0 || first > MAX_CALLBACK_FIRST)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, first);

      reply_invalid (req, "StartingNoOfRecord", value, NULL, "Invalid first record.");
      return;
    }
  if (!read_int (req, "NoofRecords", FALSE, &count, &present))
    return;
  if (!present || count == 0)
    count = DEFAULT_CALLBACK_PAGE;
  if (count < 0)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, count);

      reply_invalid (req, "NoofRecords", value, NULL, "Invalid number of records.");
      return;
    }
  count = MIN (count, MAX_CALLBACK_PAGE);

  reply_list (req, lcm_sim_db_list_personal_callbacks (req->self->db, user, from_day, to_day,
                                                       (guint) first, (guint) count, NULL));
}

/* The library's envelope around rows written by the database, without a JsonNode per row. */
static char *
write_journey_frame (Request *req,
                     GString *rows)
{
  g_autoptr(JsonNode) marker = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autofree char *envelope = NULL;
  const char *needle = "\"" ROWS_MARKER "\"";
  const char *at;
  GString *frame;

  json_array_add_string_element (array, ROWS_MARKER);
  json_node_set_array (marker, array);
  envelope = lcm_envelope_write_response (response_subtopic (req->operation), req->callid,
                                          marker);
  if (envelope == NULL || (at = strstr (envelope, needle)) == NULL ||
      strstr (at + 1, needle) != NULL)
    return NULL;

  frame = g_string_sized_new (strlen (envelope) + rows->len);
  g_string_append_len (frame, envelope, at - envelope);
  g_string_append_len (frame, rows->str, rows->len);
  g_string_append (frame, at + strlen (needle));
  return g_string_free (frame, FALSE);
}

static void
handle_journey (Request *req)
{
  g_autoptr(LcmSimCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GString) rows = NULL;
  g_autofree char *account = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *shown_campaign = NULL;
  LcmSimJourneyFilter filter = { 0 };
  gint64 channel, months;
  guint n_rows = 0;
  char *frame;

  if (!check_optional_callid (req) ||
      !read_string (req, "AccountNumber", &account) ||
      !read_string (req, "ContactNumber", &contact) ||
      !read_string (req, "CampaignName", &campaign) ||
      !read_int (req, "ChannelID", TRUE, &channel, NULL) ||
      !read_int (req, "MonthType", TRUE, &months, NULL))
    return;

  if (!lcm_check_channel (channel, &error))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, channel);

      reply_invalid (req, "ChannelID", value, error, "Invalid channel.");
      return;
    }
  /* Not lcm_check_month_type(): the UI offers 3, 6, 9 and 12, but the samples send 5 and 10,
   * and the gateway takes any whole number of months up to a year. */
  if (months < 1 || months > 12)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, months);

      reply_invalid (req, "MonthType", value, NULL,
                     "The number of months must be between 1 and 12.");
      return;
    }

  /* AccountNumber wins, then ContactNumber, then the call's account. */
  if (!is_empty (account))
    {
      if (!check_account (req, account))
        return;
      filter.account_number = account;
      g_string_append_printf (req->log, " account=%s", account);
    }
  else if (!is_empty (contact))
    {
      if (!lcm_check_contact_number (contact, &error))
        {
          reply_error (req, "Invalid ContactNumber", error->message);
          return;
        }
      filter.contact_number = contact;
      masked = lcm_mask_contact_number (contact);
      g_string_append_printf (req->log, " contact=%s", masked);
    }
  else
    {
      if ((call = require_call (req)) == NULL)
        return;
      filter.account_number = call->account_number;
      g_string_append_printf (req->log, " account=%s (call)", call->account_number);
    }

  if (!is_empty (campaign))
    {
      if (g_utf8_strlen (campaign, -1) > LCM_MAX_CAMPAIGN_LENGTH)
        {
          reply_error (req, "Invalid CampaignName: too long", "The campaign name is too long.");
          return;
        }
      filter.campaign_name = campaign;
      shown_campaign = shorten (campaign);
      g_string_append_printf (req->log, " campaign=%s", shown_campaign);
    }
  filter.channel = channel;
  since = g_date_time_add_months (req->now, -(int) months);
  filter.since_unix = g_date_time_to_unix (since);
  g_string_append_printf (req->log, " channel=%" G_GINT64_FORMAT " months=%" G_GINT64_FORMAT,
                          channel, months);

  rows = g_string_new (NULL);
  if (!lcm_sim_db_write_journey (req->self->db, &filter, rows, &n_rows, &error) ||
      (frame = write_journey_frame (req, rows)) == NULL)
    {
      reply_error (req, "Internal database error", "The gateway could not read its data.");
      return;
    }
  g_string_free (g_steal_pointer (&rows), TRUE);
  g_free (req->result);
  req->result = g_strdup_printf ("CustomerJourney, %u rows", n_rows);
  connection_queue (req->conn, frame, TRUE);
}

/* operations: writes */

typedef struct
{
  LcmSimCall *call;
  char       *account;
  char       *user;
  char       *comments;
  gint64      lead_score;
  double      target_amount;
} WriteCommon;

static void
write_common_clear (WriteCommon *common)
{
  g_clear_pointer (&common->call, lcm_sim_call_free);
  g_clear_pointer (&common->account, g_free);
  g_clear_pointer (&common->user, g_free);
  g_clear_pointer (&common->comments, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WriteCommon, write_common_clear)

/* What every write carries: the call, its account, the agent, comments and scores. */
static gboolean
read_write_common (Request     *req,
                   WriteCommon *common)
{
  g_autoptr(GError) error = NULL;

  if ((common->call = require_call (req)) == NULL)
    return FALSE;
  if (!read_string (req, "AccountNumber", &common->account) ||
      !check_account (req, common->account))
    return FALSE;
  g_string_append_printf (req->log, " account=%s", common->account);
  if (strcmp (common->account, common->call->account_number) != 0)
    {
      g_autofree char *shown = shorten (req->callid);
      g_autofree char *actual = g_strdup_printf ("AccountNumber %s does not belong to call %s",
                                                 common->account, shown);

      reply_error (req, actual, "The account number does not match the call.");
      return FALSE;
    }

  if (!read_string (req, "UserID", &common->user))
    return FALSE;
  if (is_empty (common->user))
    {
      reply_error (req, "UserID is empty", "Invalid user ID.");
      return FALSE;
    }
  if (!lcm_check_user_id (common->user, &error))
    {
      reply_invalid (req, "UserID", common->user, error, "Invalid user ID.");
      return FALSE;
    }

  if (!read_string (req, "AgentComments", &common->comments))
    return FALSE;
  if (common->comments == NULL)
    common->comments = g_strdup ("");
  if (!lcm_check_comments (common->comments, &error))
    {
      reply_error (req, "Invalid AgentComments", error->message);
      return FALSE;
    }

  if (!read_int (req, "LeadScore", TRUE, &common->lead_score, NULL))
    return FALSE;
  if (!lcm_check_lead_score (common->lead_score, &error))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, common->lead_score);

      reply_invalid (req, "LeadScore", value, error, "Invalid lead score.");
      return FALSE;
    }
  if (!read_double (req, "TargetAmount", &common->target_amount))
    return FALSE;
  if (!lcm_check_target_amount (common->target_amount, &error))
    {
      reply_error (req, "Invalid TargetAmount", error->message);
      return FALSE;
    }
  return TRUE;
}

/* An outcome id that may be absent: absent, null, "" and -1 mean none. */
static gboolean
read_optional_outcome (Request    *req,
                       const char *name,
                       gint64     *out)
{
  gboolean present;

  if (!read_int (req, name, FALSE, out, &present))
    return FALSE;
  if (!present || *out == LCM_SIM_NONE)
    *out = LCM_SIM_NONE;
  return TRUE;
}

static gboolean
outcomes_known (Request *req,
                gint64   telephony,
                gint64   business)
{
  g_autofree char *telephony_text = NULL;
  g_autofree char *business_text = NULL;

  if (telephony != LCM_SIM_NONE)
    {
      telephony_text = lcm_sim_db_dup_telephony_outcome (req->self->db, telephony);
      if (telephony_text == NULL)
        return FALSE;
    }
  if (business != LCM_SIM_NONE)
    {
      business_text = lcm_sim_db_dup_business_outcome (req->self->db, business);
      if (business_text == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
store_write (Request           *req,
             WriteCommon       *common,
             LcmSimDisposition *disposition)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_json = NULL;
  JsonNode *payload = lcm_envelope_get_payload (req->envelope);

  data_json = lcm_json_node_to_string (payload, NULL);
  disposition->connection_id = req->conn->id;
  disposition->subtopic = lcm_operation_get_request_subtopic (req->operation);
  disposition->callid = req->callid;
  disposition->account_number = common->account;
  disposition->comments = common->comments;
  disposition->lead_score = common->lead_score;
  disposition->target_amount = common->target_amount;
  disposition->user_id = common->user;
  disposition->data_json = data_json;

  g_string_append_printf (req->log, " telephony=%" G_GINT64_FORMAT
                          " business=%" G_GINT64_FORMAT,
                          disposition->telephony_outcome, disposition->business_outcome);

  if (!outcomes_known (req, disposition->telephony_outcome, disposition->business_outcome))
    {
      reply_success (req, FALSE);
      return;
    }
  if (!lcm_sim_db_record_disposition (req->self->db, disposition, common->call, req->now,
                                      &error))
    {
      log_line (req->conn->id, "cannot store a write: %s", error->message);
      reply_error (req, "Internal database error", "The gateway could not store the outcome.");
      return;
    }
  reply_success (req, TRUE);
  push_outcome_set (req, common->account);
}

static void
handle_set_telephony_outcome (Request *req)
{
  g_auto(WriteCommon) common = { 0 };
  LcmSimDisposition disposition = { 0 };

  if (!read_write_common (req, &common))
    return;
  if (!read_int (req, "OutcomeId", TRUE, &disposition.telephony_outcome, NULL))
    return;
  disposition.business_outcome = LCM_SIM_NONE;
  disposition.callback_mode = LCM_SIM_NONE;
  store_write (req, &common, &disposition);
}

static void
handle_set_outcomes (Request *req)
{
  g_auto(WriteCommon) common = { 0 };
  LcmSimDisposition disposition = { 0 };

  if (!read_write_common (req, &common))
    return;
  if (!read_int (req, "BusinessOutcome", TRUE, &disposition.business_outcome, NULL) ||
      !read_optional_outcome (req, "CallOutcome", &disposition.telephony_outcome))
    return;
  disposition.callback_mode = LCM_SIM_NONE;
  store_write (req, &common, &disposition);
}

/* DD/MM/YYYY and HH:mm as a local time; the normalised texts go to start_date/start_time. */
static GDateTime *
read_date_time (Request     *req,
                const char  *date_name,
                const char  *time_name,
                char       **date_out,
                char       **time_out)
{
  g_autofree char *date_text = NULL;
  g_autofree char *time_text = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;
  int hour, minute;

  g_date_clear (&date, 1);
  if (!read_string (req, date_name, &date_text) || !read_string (req, time_name, &time_text))
    return NULL;
  if (!lcm_parse_date (date_text != NULL ? date_text : "", &date, &error))
    {
      reply_invalid (req, date_name, date_text, error, "Invalid date.");
      return NULL;
    }
  if (!lcm_parse_time (time_text != NULL ? time_text : "", &hour, &minute, &error))
    {
      reply_invalid (req, time_name, time_text, error, "Invalid time.");
      return NULL;
    }
  *date_out = lcm_format_date (&date);
  *time_out = g_strdup_printf ("%02d:%02d", hour, minute);
  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), hour, minute, 0);
}

static void
handle_set_outcome_with_callback (Request *req)
{
  g_auto(WriteCommon) common = { 0 };
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start_date = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *end_date = NULL;
  g_autofree char *end_time = NULL;
  LcmSimDisposition disposition = { 0 };

  if (!read_write_common (req, &common))
    return;
  if (!read_optional_outcome (req, "OutcomeId", &disposition.telephony_outcome) ||
      !read_int (req, "BusinessOutcome", TRUE, &disposition.business_outcome, NULL))
    return;
  if ((start = read_date_time (req, "StartDate", "StartTime", &start_date,
                               &start_time)) == NULL ||
      (end = read_date_time (req, "EndDate", "EndTime", &end_date, &end_time)) == NULL)
    return;
  if (!lcm_check_callback_window (start, end, req->now, &error))
    {
      g_autofree char *actual = g_strdup_printf ("Invalid callback window: %s %s - %s %s",
                                                 start_date, start_time, end_date, end_time);

      reply_error (req, actual, error->message);
      return;
    }
  if (!read_int (req, "CallbackModeID", TRUE, &disposition.callback_mode, NULL))
    return;
  if (!lcm_sim_db_has_callback_mode (req->self->db, common.account,
                                     disposition.callback_mode))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, disposition.callback_mode);

      reply_invalid (req, "CallbackModeID", value, NULL,
                     "The contact has no such callback mode.");
      return;
    }
  disposition.callback_start_date = start_date;
  disposition.callback_end_date = end_date;
  disposition.callback_start_time = start_time;
  disposition.callback_end_time = end_time;
  store_write (req, &common, &disposition);
}

/* frames */

static void
handle_frame (Connection *conn,
              const char *text,
              gsize       length)
{
  LcmSimServer *self = conn->server;
  g_autoptr(LcmEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GString) log = g_string_new (NULL);
  gint64 started = g_get_monotonic_time ();
  Request req = { self, conn, NULL, NULL, 0, NULL, NULL, now, log, NULL };
  gboolean known;

  envelope = lcm_envelope_parse (text, length, LCM_SIM_MAX_REQUEST_SIZE, &error);
  if (envelope == NULL)
    {
      g_autofree char *actual = g_strdup_printf ("Malformed frame: %s", error->message);

      reply_error (&req, actual, "Invalid request.");
      log_line (conn->id, "malformed frame of %" G_GSIZE_FORMAT " bytes -> %s%s", length,
                req.result, conn->mute != NULL ? " (not sent: --close-after)" : "");
      g_free (req.result);
      return;
    }

  req.envelope = envelope;
  req.subtopic = lcm_envelope_get_subtopic (envelope);
  req.callid = lcm_envelope_get_callid (envelope);
  if (!is_empty (req.callid))
    {
      g_autofree char *shown = shorten (req.callid);

      g_string_append_printf (log, " callid=%s", shown);
    }

  known = lcm_operation_from_request_subtopic (req.subtopic, &req.operation);
  if (known && lcm_operation_is_write (req.operation) && self->faults.drop_write_answers &&
      conn->mute == NULL)
    conn->mute = "--drop-write-answers";

  if (!known)
    {
      g_autofree char *shown = shorten (req.subtopic);
      g_autofree char *actual = g_strdup_printf ("Unknown subtopic:%s", shown);

      reply_error (&req, actual, "Unknown request.");
    }
  else if ((req.data = lcm_envelope_get_payload_object (envelope)) == NULL)
    {
      reply_error (&req, "Request has no data object", "Invalid request.");
    }
  else
    {
      switch (req.operation)
        {
        case LCM_OPERATION_BUSINESS_OUTCOMES:
          handle_business_outcomes (&req);
          break;
        case LCM_OPERATION_TELEPHONY_OUTCOMES:
          handle_telephony_outcomes (&req);
          break;
        case LCM_OPERATION_CALLBACK_MODES:
          handle_callback_modes (&req);
          break;
        case LCM_OPERATION_PERSONAL_CALLBACKS:
          handle_personal_callbacks (&req);
          break;
        case LCM_OPERATION_JOURNEY:
          handle_journey (&req);
          break;
        case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
          handle_set_telephony_outcome (&req);
          break;
        case LCM_OPERATION_SET_OUTCOMES:
          handle_set_outcomes (&req);
          break;
        case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
          handle_set_outcome_with_callback (&req);
          break;
        default:
          reply_error (&req, "Unsupported request", "Unknown request.");
          break;
        }
    }

  {
    g_autofree char *subtopic = shorten (req.subtopic);
    g_autofree char *not_sent = NULL;

    if (conn->mute != NULL)
      not_sent = g_strdup_printf (" (not sent: %s)", conn->mute);
    log_line (conn->id, "%s%s -> %s%s (%" G_GINT64_FORMAT " ms)", subtopic, log->str,
              req.result != NULL ? req.result : "no answer", not_sent != NULL ? not_sent : "",
              (g_get_monotonic_time () - started) / 1000);
  }
  g_free (req.result);
}

/* signal callbacks */

static void
on_connection_message_cb (SoupWebsocketConnection *ws,
                          SoupWebsocketDataType    type,
                          GBytes                  *message,
                          gpointer                 user_data)
{
  Connection *conn = user_data;
  LcmSimFaults *faults = &conn->server->faults;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (message, &length);

  /* --close-after: past the last frame, the gateway is gone for this connection. */
  if (conn->closing)
    return;
  conn->n_received++;
  if (faults->close_after > 0 && conn->n_received >= faults->close_after)
    {
      conn->closing = TRUE;
      conn->mute = "--close-after";
    }

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      char *frame = lcm_envelope_write_ws_error ("", "", "Binary frames are not supported",
                                                 "Invalid request.");

      log_line (conn->id, "binary frame of %" G_GSIZE_FORMAT " bytes -> WS_Error%s", length,
                conn->mute != NULL ? " (not sent: --close-after)" : "");
      connection_queue (conn, frame, TRUE);
    }
  else
    {
      if (!lcm_sim_db_log_frame (conn->server->db, conn->id, text, length, &error))
        log_line (conn->id, "cannot log a frame: %s", error->message);
      handle_frame (conn, text != NULL ? text : "", length);
    }

  conn->mute = NULL;
  if (conn->closing)
    {
      /* After the answers queued before, which keep their delay. */
      connection_push (conn, OUTGOING_CLOSE, NULL);
      connection_flush (conn);
    }
}

static void
on_connection_error_cb (SoupWebsocketConnection *ws,
                        GError                  *error,
                        gpointer                 user_data)
{
  Connection *conn = user_data;

  log_line (conn->id, "connection error: %s", error->message);
}

static void
on_connection_closed_cb (SoupWebsocketConnection *ws,
                         gpointer                 user_data)
{
  Connection *conn = user_data;
  LcmSimServer *self = conn->server;
  gint64 id = conn->id;

  log_line (id, "closed (code %u)", soup_websocket_connection_get_close_code (ws));
  g_hash_table_remove (self->connections, &id);
}

static void mark_upgraded (LcmSimServer   *self,
                           GSocketAddress *remote);

static gboolean
token_matches (const char *header,
               const char *token)
{
  gsize header_length, token_length;
  guchar difference = 0;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  header += 7;
  header_length = strlen (header);
  token_length = strlen (token);
  if (header_length != token_length)
    return FALSE;
  for (gsize i = 0; i < token_length; i++)
    difference |= (guchar) header[i] ^ (guchar) token[i];
  return difference == 0;
}

static void
on_early_request_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  LcmSimServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (self->token == NULL)
    return;
  if (!token_matches (soup_message_headers_get_one (headers, "Authorization"), self->token))
    {
      log_line (0, "refused an upgrade without the right token (401)");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"lcm-sim\"");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
    }
}

static void
on_websocket_cb (SoupServer              *server,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *ws,
                 gpointer                 user_data)
{
  LcmSimServer *self = user_data;
  Connection *conn = g_new0 (Connection, 1);

  conn->server = self;
  conn->ws = g_object_ref (ws);
  conn->id = ++self->last_connection_id;
  g_queue_init (&conn->outgoing);
  soup_websocket_connection_set_max_incoming_payload_size (ws, LCM_SIM_MAX_REQUEST_SIZE);
  g_signal_connect (ws, "message", G_CALLBACK (on_connection_message_cb), conn);
  g_signal_connect (ws, "error", G_CALLBACK (on_connection_error_cb), conn);
  g_signal_connect (ws, "closed", G_CALLBACK (on_connection_closed_cb), conn);
  g_hash_table_insert (self->connections, &conn->id, conn);
  mark_upgraded (self, soup_server_message_get_remote_address (msg));
  log_line (conn->id, "connected%s%s", self->tls_certificate != NULL ? " (TLS)" : "",
            self->faults.ignore_pings ? " (ignoring its pings)" : "");

  /* libsoup bounds each frame, not a message sent in many: bound those too, before libsoup
   * reads any. */
  if (!lcm_message_limit_install (ws, LCM_SIM_MAX_REQUEST_SIZE))
    {
      log_line (conn->id, "cannot bound the size of its messages: closing");
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, NULL);
    }
}

/* Accepted connections */

static Accepted *
accepted_ref (Accepted *accepted)
{
  return g_rc_box_acquire (accepted);
}

static void
accepted_clear (gpointer data)
{
  Accepted *accepted = data;

  g_clear_handle_id (&accepted->deadline_id, g_source_remove);
  g_clear_object (&accepted->cancellable);
  g_clear_object (&accepted->tls);
  g_clear_object (&accepted->local);
  g_clear_object (&accepted->remote);
  g_clear_object (&accepted->connection);
}

static void
accepted_unref (gpointer data)
{
  g_rc_box_release_full (data, accepted_clear);
}

/* The server lets go of it (`accepted`'s free function): its deadline and its TLS handshake
 * end. */
static void
accepted_detach (gpointer data)
{
  Accepted *accepted = data;

  accepted->server = NULL;
  g_clear_handle_id (&accepted->deadline_id, g_source_remove);
  if (accepted->cancellable != NULL)
    g_cancellable_cancel (accepted->cancellable);
  accepted_unref (accepted);
}

/* The upgrade request names the remote address libsoup was given with its connection. */
static void
mark_upgraded (LcmSimServer   *self,
               GSocketAddress *remote)
{
  GHashTableIter iter;
  Accepted *accepted;

  g_hash_table_iter_init (&iter, self->accepted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &accepted, NULL))
    if (accepted->remote == remote)
      {
        g_clear_handle_id (&accepted->deadline_id, g_source_remove);
        return;
      }
}

static gboolean
on_upgrade_deadline_cb (gpointer user_data)
{
  Accepted *accepted = user_data;
  LcmSimServer *self = accepted->server;

  accepted->deadline_id = 0;
  log_limited (&self->deadline_log,
               g_strdup_printf ("closed a connection that did not complete its upgrade within "
                                "%u ms", self->upgrade_timeout_ms));
  if (accepted->cancellable != NULL)
    g_cancellable_cancel (accepted->cancellable);
  else
    /* libsoup reads the end of the stream, and closes it: on_stream_closed_cb. */
    g_socket_shutdown (g_socket_connection_get_socket (accepted->connection), TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_stream_closed_cb (gpointer data)
{
  Accepted *accepted = data;

  if (accepted->server != NULL)
    g_hash_table_remove (accepted->server->accepted, accepted);
}

/* Hands an accepted stream (TLS already set up) to libsoup. */
static void
accept_stream (LcmSimServer *self,
               Accepted     *accepted,
               GIOStream    *stream)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GIOStream) wrapped = NULL;
  g_autoptr(GError) error = NULL;

  if (self->faults.ignore_pings)
    input = lcm_sim_ping_filter_new (g_io_stream_get_input_stream (stream));
  wrapped = lcm_sim_stream_new (stream, input, on_stream_closed_cb, accepted_ref (accepted),
                                accepted_unref);
  if (!soup_server_accept_iostream (self->soup, wrapped, accepted->local, accepted->remote,
                                    &error))
    log_line (0, "cannot accept a connection: %s", error->message);
}

static void
on_handshake_done_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Accepted *accepted = user_data;
  LcmSimServer *self = accepted->server;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source_object), result, &error))
    {
      /* A client that does not trust the certificate ends up here; one that took too long
       * was logged with the others. */
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        log_line (0, "TLS handshake failed: %s", error->message);
      if (self != NULL)
        g_hash_table_remove (self->accepted, accepted);
    }
  else if (self != NULL)
    {
      g_clear_object (&accepted->cancellable);
      accept_stream (self, accepted, G_IO_STREAM (accepted->tls));
    }
  g_clear_object (&accepted->tls);
  accepted_unref (accepted);
}

static void
handle_accepted (LcmSimServer      *self,
                 GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  guint held = g_hash_table_size (self->accepted);
  Accepted *accepted;

  if (held >= self->max_connections)
    {
      log_limited (&self->refused_log,
                   g_strdup_printf ("refused a connection: %u are open (--max-connections)",
                                    held));
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }
  local = g_socket_connection_get_local_address (connection, NULL);
  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (local == NULL || remote == NULL)
    {
      /* Gone already. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }

  /* Small frames both ways: no waiting for delayed ACKs (see lcm_socket_set_no_delay). */
  lcm_socket_set_no_delay (G_IO_STREAM (connection));
  accepted = g_rc_box_new0 (Accepted);
  accepted->server = self;
  accepted->connection = g_object_ref (connection);
  accepted->local = g_steal_pointer (&local);
  accepted->remote = g_steal_pointer (&remote);
  accepted->deadline_id = g_timeout_add (self->upgrade_timeout_ms, on_upgrade_deadline_cb,
                                         accepted);
  g_hash_table_add (self->accepted, accepted);

  if (self->tls_certificate == NULL)
    {
      accept_stream (self, accepted, G_IO_STREAM (connection));
      return;
    }

  /* TLS first, so a failed handshake is logged; the deadline bounds it too. */
  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->tls_certificate, &error);
  if (tls == NULL)
    {
      log_line (0, "cannot set up TLS: %s", error->message);
      g_hash_table_remove (self->accepted, accepted);
      return;
    }
  /* Clients are not asked for certificates: nothing to verify, so no database. */
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), NULL);
  accepted->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  accepted->cancellable = g_cancellable_new ();
  g_tls_connection_handshake_async (accepted->tls, G_PRIORITY_DEFAULT, accepted->cancellable,
                                    on_handshake_done_cb, accepted_ref (accepted));
}

static void accept_next (LcmSimServer *self);

static gboolean
on_accept_retry_cb (gpointer user_data)
{
  LcmSimServer *self = user_data;

  self->accept_retry_id = 0;
  accept_next (self);
  return G_SOURCE_REMOVE;
}

static void
on_accept_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LcmSimServer) self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source_object), result, NULL,
                                                &error);
  /* Stopped: whatever came last is dropped. */
  if (self->listener == NULL)
    return;
  if (connection == NULL)
    {
      log_limited (&self->accept_error_log,
                   g_strdup_printf ("cannot accept a connection: %s (trying again in %u ms)",
                                    error->message, ACCEPT_RETRY_MS));
      self->accept_retry_id = g_timeout_add (ACCEPT_RETRY_MS, on_accept_retry_cb, self);
      return;
    }
  handle_accepted (self, connection);
  accept_next (self);
}

/* One accept at a time; each holds a reference to the server until it completes. */
static void
accept_next (LcmSimServer *self)
{
  g_socket_listener_accept_async (self->listener, self->accept_cancellable, on_accept_cb,
                                  g_object_ref (self));
}

/* GObject */

static void
lcm_sim_server_dispose (GObject *object)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  lcm_sim_server_stop (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (lcm_sim_server_parent_class)->dispose (object);
}

static void
lcm_sim_server_finalize (GObject *object)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->accepted, g_hash_table_unref);
  log_limit_clear (&self->refused_log);
  log_limit_clear (&self->accept_error_log);
  log_limit_clear (&self->deadline_log);
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (lcm_sim_server_parent_class)->finalize (object);
}

static void
lcm_sim_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_sim_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_set_object (&self->db, g_value_get_object (value));
      break;
    case PROP_TOKEN:
      g_free (self->token);
      self->token = g_value_dup_string (value);
      if (self->token != NULL && *self->token == '\0')
        g_clear_pointer (&self->token, g_free);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_sim_server_constructed (GObject *object)
{
  LcmSimServer *self = LCM_SIM_SERVER (object);

  G_OBJECT_CLASS (lcm_sim_server_parent_class)->constructed (object);

  g_assert (self->db != NULL);
  self->soup = soup_server_new ("server-header", "lcm-sim ", NULL);
  /* permessage-deflate, on by default, inflates a frame without bound: a small compressed
   * request could take any amount of memory. Our clients never ask for it. */
  soup_server_remove_websocket_extension (self->soup, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_early_handler (self->soup, LCM_SIM_PATH, on_early_request_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, LCM_SIM_PATH, NULL, NULL,
                                     on_websocket_cb, self, NULL);
}

static void
lcm_sim_server_class_init (LcmSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = lcm_sim_server_constructed;
  object_class->dispose = lcm_sim_server_dispose;
  object_class->finalize = lcm_sim_server_finalize;
  object_class->get_property = lcm_sim_server_get_property;
  object_class->set_property = lcm_sim_server_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL,
                         LCM_SIM_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the token is never read back or logged. */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_sim_server_init (LcmSimServer *self)
{
  self->connections = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             connection_free);
  self->accepted = g_hash_table_new_full (NULL, NULL, accepted_detach, NULL);
  self->max_connections = LCM_SIM_DEFAULT_MAX_CONNECTIONS;
  self->upgrade_timeout_ms = LCM_SIM_DEFAULT_UPGRADE_TIMEOUT_MS;
}

/* public API */

LcmSimServer *
lcm_sim_server_new (LcmSimDb   *db,
                    const char *token)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (db), NULL);

  return g_object_new (LCM_SIM_TYPE_SERVER, "db", db, "token", token, NULL);
}

void
lcm_sim_server_set_faults (LcmSimServer       *self,
                           const LcmSimFaults *faults)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));
  g_return_if_fail (faults != NULL);

  self->faults = *faults;
  self->faults.delay_ms = MIN (self->faults.delay_ms, LCM_SIM_MAX_DELAY_MS);
  self->faults.close_after = MIN (self->faults.close_after, LCM_SIM_MAX_FAULT_COUNT);
  if (!lcm_sim_close_code_is_valid (self->faults.close_code))
    self->faults.close_code = LCM_SIM_CLOSE_FAULT;
  self->faults.malformed_every = MIN (self->faults.malformed_every, LCM_SIM_MAX_FAULT_COUNT);
  self->faults.drop_write_answers = !!self->faults.drop_write_answers;
  self->faults.ignore_pings = !!self->faults.ignore_pings;
}

void
lcm_sim_server_set_connection_limits (LcmSimServer *self,
                                      guint         max_connections,
                                      guint         upgrade_timeout_ms)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));

  self->max_connections = CLAMP (max_connections, 1, LCM_SIM_MAX_MAX_CONNECTIONS);
  self->upgrade_timeout_ms = CLAMP (upgrade_timeout_ms, LCM_SIM_MIN_UPGRADE_TIMEOUT_MS,
                                    LCM_SIM_MAX_UPGRADE_TIMEOUT_MS);
}

gboolean
lcm_sim_close_code_is_valid (guint code)
{
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1009) || code == 1011 ||
         (code >= 3000 && code <= 4999);
}

void
lcm_sim_server_set_tls_certificate (LcmSimServer    *self,
                                    GTlsCertificate *certificate)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->tls_certificate, certificate);
}

gboolean
lcm_sim_server_listen (LcmSimServer  *self,
                       guint16        port,
                       GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint bound_port;

  g_return_val_if_fail (LCM_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup != NULL, FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  g_socket_listener_set_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;
  bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->listener = g_steal_pointer (&listener);
  self->accept_cancellable = g_cancellable_new ();
  accept_next (self);

  g_free (self->url);
  self->url = g_strdup_printf ("%s://127.0.0.1:%u%s",
                               self->tls_certificate != NULL ? "wss" : "ws", bound_port,
                               LCM_SIM_PATH);
  return TRUE;
}

const char *
lcm_sim_server_get_url (LcmSimServer *self)
{
  g_return_val_if_fail (LCM_SIM_IS_SERVER (self), NULL);

  return self->url;
}

void
lcm_sim_server_stop (LcmSimServer *self)
{
  g_return_if_fail (LCM_SIM_IS_SERVER (self));

  if (self->listener != NULL)
    {
      /* The accept under way completes, cancelled, and lets go of the server. */
      g_cancellable_cancel (self->accept_cancellable);
      g_clear_object (&self->accept_cancellable);
      g_clear_handle_id (&self->accept_retry_id, g_source_remove);
      g_socket_listener_close (self->listener);
      g_clear_object (&self->listener);
    }
  /* Handshakes under way are given up, deadlines end; libsoup closes the streams it holds
   * in its own time. */
  if (self->accepted != NULL)
    g_hash_table_remove_all (self->accepted);
  /* connection_free closes each connection that is still open. */
  if (self->connections != NULL)
    g_hash_table_remove_all (self->connections);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
