/* lcm-sim-connection.c: one client's WebSocket connection to the simulated gateway
 *
 * Every text frame is logged to wire_log, parsed with the library's tolerant reader and
 * handed to its operation's handler (lcm-sim-handlers.c's table). Answers go through a
 * per-connection queue, so they keep the order of the requests whatever delay is
 * configured.
 *
 * The faults that act on a connection are here: --close-after where a frame is received;
 * --delay-ms, --drop-write-answers and --malformed-every where an answer is queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include <string.h>

#include "lcm-sim-server-private.h"

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

/* helpers: the outgoing queue */

static void
outgoing_free (gpointer data)
{
  Outgoing *outgoing = data;

  g_free (outgoing->text);
  g_free (outgoing);
}

/* Sends what is due, and comes back (a timeout of its own) for what is not yet. */
static gboolean
on_flush_due_cb (gpointer user_data)
{
  Connection *conn = user_data;
  gint64 now = g_get_monotonic_time ();
  Outgoing *head;

  conn->flush_id = 0;
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
          if (open)
            {
              lcm_sim_log_line (conn->id, "closing after %u frames (--close-after)",
                                conn->n_received);
              soup_websocket_connection_close (conn->ws, conn->server->faults.close_code,
                                               "lcm-sim: --close-after");
            }
          return G_SOURCE_REMOVE;
        }
      if (open && head->kind == OUTGOING_BINARY)
        soup_websocket_connection_send_binary (conn->ws, head->text, strlen (head->text));
      else if (open)
        soup_websocket_connection_send_text (conn->ws, head->text);
      outgoing_free (head);
    }

  if (head != NULL)
    {
      gint64 wait_ms = (head->due - now + 999) / 1000;

      conn->flush_id = g_timeout_add ((guint) CLAMP (wait_ms, 1, LCM_SIM_MAX_DELAY_MS),
                                      on_flush_due_cb, conn);
    }
  return G_SOURCE_REMOVE;
}

/* Sends what is due now; the wait for the rest starts again from here. */
static void
connection_flush (Connection *conn)
{
  g_clear_handle_id (&conn->flush_id, g_source_remove);
  on_flush_due_cb (conn);
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
void
lcm_sim_connection_queue (Connection *conn,
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

void
lcm_sim_connection_free (gpointer data)
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
  Request req = { .self = self, .conn = conn, .now = now, .log = log };
  gboolean known;

  envelope = lcm_envelope_parse (text, length, LCM_SIM_MAX_REQUEST_SIZE, &error);
  if (envelope == NULL)
    {
      g_autofree char *actual = g_strdup_printf ("Malformed frame: %s", error->message);

      lcm_sim_reply_error (&req, actual, "Invalid request.");
      lcm_sim_log_line (conn->id, "malformed frame of %" G_GSIZE_FORMAT " bytes -> %s%s", length,
                        req.result, conn->mute != NULL ? " (not sent: --close-after)" : "");
      g_free (req.result);
      return;
    }

  req.envelope = envelope;
  req.subtopic = lcm_envelope_get_subtopic (envelope);
  req.callid = lcm_envelope_get_callid (envelope);
  if (!lcm_sim_is_empty (req.callid))
    {
      g_autofree char *shown = lcm_sim_shorten (req.callid);

      g_string_append_printf (log, " callid=%s", shown);
    }

  known = lcm_operation_from_request_subtopic (req.subtopic, &req.operation);
  if (known && lcm_operation_is_write (req.operation) && self->faults.drop_write_answers &&
      conn->mute == NULL)
    conn->mute = "--drop-write-answers";

  if (!known)
    {
      g_autofree char *shown = lcm_sim_shorten (req.subtopic);
      g_autofree char *actual = g_strdup_printf ("Unknown subtopic:%s", shown);

      lcm_sim_reply_error (&req, actual, "Unknown request.");
    }
  else if ((req.data = lcm_envelope_get_payload_object (envelope)) == NULL)
    {
      lcm_sim_reply_error (&req, "Request has no data object", "Invalid request.");
    }
  else if ((req.handler = lcm_sim_handler_find (req.operation)) == NULL)
    {
      lcm_sim_reply_error (&req, "Unsupported request", "Unknown request.");
    }
  else
    {
      req.handler->handle (&req);
    }

  {
    g_autofree char *subtopic = lcm_sim_shorten (req.subtopic);
    g_autofree char *not_sent = NULL;

    if (conn->mute != NULL)
      not_sent = g_strdup_printf (" (not sent: %s)", conn->mute);
    lcm_sim_log_line (conn->id, "%s%s -> %s%s (%" G_GINT64_FORMAT " ms)", subtopic, log->str,
                      req.result != NULL ? req.result : "no answer",
                      not_sent != NULL ? not_sent : "",
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

      lcm_sim_log_line (conn->id, "binary frame of %" G_GSIZE_FORMAT " bytes -> WS_Error%s",
                        length,
                        conn->mute != NULL ? " (not sent: --close-after)" : "");
      lcm_sim_connection_queue (conn, frame, TRUE);
    }
  else
    {
      if (!lcm_sim_db_log_frame (conn->server->db, conn->id, text, length, &error))
        lcm_sim_log_line (conn->id, "cannot log a frame: %s", error->message);
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

  lcm_sim_log_line (conn->id, "connection error: %s", error->message);
}

static void
on_connection_closed_cb (SoupWebsocketConnection *ws,
                         gpointer                 user_data)
{
  Connection *conn = user_data;
  LcmSimServer *self = conn->server;
  gint64 id = conn->id;

  lcm_sim_log_line (id, "closed (code %u)", soup_websocket_connection_get_close_code (ws));
  g_hash_table_remove (self->connections, &id);
}

/* the connection */

/* A WebSocket connection just upgraded, from now on answered here. */
Connection *
lcm_sim_connection_new (LcmSimServer            *server,
                        SoupWebsocketConnection *ws)
{
  Connection *conn = g_new0 (Connection, 1);

  conn->server = server;
  conn->ws = g_object_ref (ws);
  conn->id = ++server->last_connection_id;
  g_queue_init (&conn->outgoing);
  g_signal_connect (ws, "message", G_CALLBACK (on_connection_message_cb), conn);
  g_signal_connect (ws, "error", G_CALLBACK (on_connection_error_cb), conn);
  g_signal_connect (ws, "closed", G_CALLBACK (on_connection_closed_cb), conn);
  return conn;
}
