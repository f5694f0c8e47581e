/* wrapup-bench.c: the in-process measurements of bench/run.py
 *
 *   wrapup-bench roundtrip URL CALLID ACCOUNT TYPE MONTHS RUNS
 *   wrapup-bench capture   URL ACCOUNT MONTHS FILE
 *   wrapup-bench parse     FILE RUNS
 *   wrapup-bench filter    URL CALLID ACCOUNT MONTHS RUNS
 *   wrapup-bench outbox    URL DIR WRITES
 *   wrapup-bench sim-load  URL CLIENTS REQUESTS
 *
 * Each prints "sample NAME MILLISECONDS" per measurement and "value NAME NUMBER" for counts;
 * bench/run.py gathers them into the table. Everything runs against a real lcm-sim over a
 * real socket. The "bare client" here is libsoup's WebSocket and nothing else: no LcmClient,
 * no correlation, no models; it is what the protocol costs at the least.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "lcm.h"
#include "wrapup-call.h"
#include "wrapup-journey-view.h"
#include "wrapup-test-sim.h"

#define BARE_SOURCE "wrapup-bench"

static void
sample (const char *name,
        gint64      microseconds)
{
  printf ("sample %s %.3f\n", name, microseconds / 1000.0);
  fflush (stdout);
}

static void
value (const char *name,
       double      number)
{
  printf ("value %s %.3f\n", name, number);
  fflush (stdout);
}

static void G_GNUC_NORETURN
die (const char *what,
     GError     *error)
{
  g_printerr ("wrapup-bench: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
on_result_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The bare client */

typedef struct
{
  SoupWebsocketConnection *connection;
  guint                    answers;  /* text frames received */
  GBytes                  *last;     /* the last one */
  gint64                   last_at;
} Bare;

static void
on_bare_message_cb (SoupWebsocketConnection *connection,
                    int                      type,
                    GBytes                  *message,
                    Bare                    *bare)
{
  bare->answers++;
  bare->last_at = g_get_monotonic_time ();
  g_clear_pointer (&bare->last, g_bytes_unref);
  bare->last = g_bytes_ref (message);
}

static void
on_bare_network_event_cb (SoupMessage        *message,
                          GSocketClientEvent  event,
                          GIOStream          *connection,
                          gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_CONNECTED)
    lcm_socket_set_no_delay (connection);
}

static void
bare_connect (Bare        *bare,
              SoupSession *session,
              const char  *url)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  memset (bare, 0, sizeof *bare);
  /* As fast as the socket allows: no Nagle (as LcmClient does). */
  g_signal_connect (message, "network-event", G_CALLBACK (on_bare_network_event_cb), NULL);
  soup_session_websocket_connect_async (session, message, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_result_cb, &result);
  bare->connection = soup_session_websocket_connect_finish (session, wait_result (&result),
                                                            &error);
  g_object_unref (result);
  if (bare->connection == NULL)
    die ("connecting", error);
  /* As LcmClient does: large journeys are single frames. */
  soup_websocket_connection_set_max_incoming_payload_size (bare->connection, 512 * 1024 * 1024);
  soup_websocket_connection_set_keepalive_interval (bare->connection, 0);
  g_signal_connect (bare->connection, "message", G_CALLBACK (on_bare_message_cb), bare);
}

static void
bare_send (Bare       *bare,
           LcmRequest *request)
{
  g_autofree char *frame = lcm_request_to_frame (request, BARE_SOURCE);

  soup_websocket_connection_send_text (bare->connection, frame);
}

static void
bare_wait (Bare  *bare,
           guint  answers)
{
  while (bare->answers < answers)
    {
      if (soup_websocket_connection_get_state (bare->connection) != SOUP_WEBSOCKET_STATE_OPEN)
        die ("the gateway closed the connection", NULL);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
bare_close (Bare *bare)
{
  g_signal_handlers_disconnect_by_data (bare->connection, bare);
  soup_websocket_connection_close (bare->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&bare->connection);
  g_clear_pointer (&bare->last, g_bytes_unref);
}

/* The four requests a call window makes when it opens (WrapupCall's build_request). */
static GPtrArray *
call_requests (const char  *callid,
               const char  *account,
               LcmCallType  type,
               guint        months)
{
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) lcm_request_unref);
  g_autoptr(GError) error = NULL;
  LcmRequest *request;

  if ((request = lcm_request_new_telephony_outcomes (account, &error)) == NULL)
    die ("building a request", error);
  g_ptr_array_add (requests, request);
  if ((request = lcm_request_new_business_outcomes (callid, type, &error)) == NULL)
    die ("building a request", error);
  g_ptr_array_add (requests, request);
  if ((request = lcm_request_new_callback_modes (callid, account, &error)) == NULL)
    die ("building a request", error);
  g_ptr_array_add (requests, request);
  if ((request = test_journey_request (account, months, &error)) == NULL)
    die ("building a request", error);
  g_ptr_array_add (requests, request);
  return requests;
}

static LcmCallType
parse_call_type (const char *text)
{
  if (g_ascii_strcasecmp (text, "INBOUND") == 0)
    return LCM_CALL_TYPE_INBOUND;
  if (g_ascii_strcasecmp (text, "MANUAL") == 0)
    return LCM_CALL_TYPE_MANUAL;
  return LCM_CALL_TYPE_OUTBOUND;
}

/* Connect, send the four requests at once, wait for the four answers: the least any client
 * can take to have what a call window shows. */
static int
run_roundtrip (char **args)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) requests = call_requests (args[1], args[2], parse_call_type (args[3]),
                                                 (guint) atoi (args[4]));
  int runs = atoi (args[5]);

  for (int run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      Bare bare;

      bare_connect (&bare, session, args[0]);
      for (guint i = 0; i < requests->len; i++)
        bare_send (&bare, requests->pdata[i]);
      bare_wait (&bare, requests->len);
      sample ("roundtrip", bare.last_at - start);
      bare_close (&bare);
    }
  return 0;
}

/* Saves the gateway's answer to a journey request, byte for byte, for `parse`. */
static int
run_capture (char **args)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) request = test_journey_request (args[1], (guint) atoi (args[2]),
                                                        &error);
  Bare bare;

  if (request == NULL)
    die ("building the journey request", error);

  bare_connect (&bare, session, args[0]);
  bare_send (&bare, request);
  bare_wait (&bare, 1);
  if (!g_file_set_contents (args[3], g_bytes_get_data (bare.last, NULL),
                            (gssize) g_bytes_get_size (bare.last), &error))
    die ("saving the answer", error);
  value ("capture-bytes", (double) g_bytes_get_size (bare.last));
  bare_close (&bare);
  return 0;
}

/* The same bytes: json-glib alone (the baseline), then what the client does with them, the
 * envelope read with the protocol's checks and the rows decoded into models (straight from
 * the text: lcm-journey-decode.c). */
static int
run_parse (char **args)
{
  g_autofree char *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  int runs = atoi (args[1]);

  if (!g_file_get_contents (args[0], &data, &length, &error))
    die ("reading the answer", error);
  bytes = g_bytes_new_static (data, length);

  for (int run = 0; run < runs; run++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gint64 start = g_get_monotonic_time ();

      if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
        die ("json-glib", error);
      sample ("parse-baseline", g_get_monotonic_time () - start);
    }

  for (int run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      LcmEnvelope *envelope = lcm_envelope_parse_answer (bytes, G_MAXSIZE, &error);
      g_autoptr(GListModel) rows = NULL;

      if (envelope == NULL)
        die ("the envelope", error);
      rows = lcm_response_decode_answer (LCM_OPERATION_JOURNEY, envelope, NULL, &error);
      if (rows == NULL)
        die ("the rows", error);
      sample ("parse", g_get_monotonic_time () - start);
      if (run == 0)
        value ("parse-rows", g_list_model_get_n_items (rows));
      /* Freeing is part of the cost: the next call frees the last one's rows. */
      g_clear_object (&rows);
      lcm_envelope_unref (envelope);
    }
  return 0;
}

/* The text filter */

typedef struct
{
  gint64   frame_started_at;
  gint64   painted_at;
  gboolean painted;
} Frames;

static void
on_before_paint_cb (GdkFrameClock *frame_clock,
                    Frames        *frames)
{
  frames->frame_started_at = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   Frames        *frames)
{
  frames->painted = TRUE;
  frames->painted_at = g_get_monotonic_time ();
}

/* The first descendant of a type, outside popovers (a drop-down's has its own search). */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  if (GTK_IS_POPOVER (root))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
journey_loaded (WrapupCall *call)
{
  WrapupLoadState state = wrapup_call_get_load_state (call, WRAPUP_SECTION_JOURNEY);

  return state == WRAPUP_LOAD_READY || state == WRAPUP_LOAD_FAILED;
}

/* The work a keystroke costs: from the text change until the filter has looked at every
 * row, plus the frame that shows it, from its start to its end (one is asked for: when the
 * rows shown did not change, GTK would paint nothing). The wait for the frame clock's next
 * tick in between is not work: at 60 Hz it is up to 16.7 ms whatever the work. */
static gint64
keystroke_work (GtkWidget  *window,
                GListModel *filtered,
                Frames     *frames,
                gint64      start)
{
  gint64 filtered_at;

  filtered_at = g_get_monotonic_time ();
  frames->painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!frames->painted)
    g_main_context_iteration (NULL, TRUE);
  if (g_getenv ("WRAPUP_BENCH_DEBUG") != NULL)
    g_printerr ("filter %.1f ms, frame %.1f ms\n", (filtered_at - start) / 1000.0,
                (frames->painted_at - MAX (frames->frame_started_at, filtered_at)) / 1000.0);
  return (filtered_at - start) + (frames->painted_at - MAX (frames->frame_started_at, filtered_at));
}

/* A journey view in a window, its call loaded from the gateway, then a word typed into the
 * filter a letter at a time and deleted again; each keystroke's work is timed (see
 * keystroke_work). */
static int
run_filter (char **args)
{
  const char *word = "voicemail";
  g_autoptr(LcmClient) client = lcm_client_new (args[0]);
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new (args[1], args[2], LCM_CALL_TYPE_OUTBOUND,
                                                         NULL, NULL);
  g_autoptr(WrapupCall) call = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *view;
  GtkEditable *entry;
  GListModel *filtered;
  GAsyncResult *result = NULL;
  Frames frames = { 0 };
  int runs = atoi (args[4]);
  gsize length = strlen (word);

  lcm_client_set_request_timeout (client, 600000);
  lcm_client_connect_async (client, NULL, on_result_cb, &result);
  if (!lcm_client_connect_finish (client, wait_result (&result), &error))
    die ("connecting", error);
  g_clear_object (&result);

  /* The view sets the call's months from the setting, as it remembers the agent's choice. */
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_int (settings, "journey-months", atoi (args[3]));
  call = wrapup_call_new (client, link, "benchagent");
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  view = wrapup_journey_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  wrapup_journey_view_set_call (WRAPUP_JOURNEY_VIEW (view), call);
  gtk_window_present (GTK_WINDOW (window));
  wrapup_call_load (call);
  while (!journey_loaded (call))
    g_main_context_iteration (NULL, TRUE);
  if (wrapup_call_get_load_state (call, WRAPUP_SECTION_JOURNEY) != WRAPUP_LOAD_READY)
    die ("loading the journey", NULL);

  filtered = wrapup_journey_view_get_shown (WRAPUP_JOURNEY_VIEW (view));
  entry = GTK_EDITABLE (find_descendant (view, GTK_TYPE_SEARCH_ENTRY));
  /* The entry's own delayed "search-changed" must not fire in the middle of a measurement:
   * each keystroke is handed over at once, as the delay would after the agent paused. */
  g_object_set (entry, "search-delay", G_MAXINT, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint",
                    G_CALLBACK (on_before_paint_cb), &frames);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), &frames);
  keystroke_work (window, filtered, &frames, g_get_monotonic_time ());
  /* The agent reads the journey before typing: what the view does when idle is done. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  value ("filter-rows", g_list_model_get_n_items (filtered));

  for (int run = 0; run < runs; run++)
    {
      /* Typing on, one letter more each time, then deleting back to nothing: what a
       * keystroke does to the entry, one character inserted or deleted at the end. */
      for (gsize i = 1; i <= 2 * length; i++)
        {
          gboolean typing = i <= length;
          gsize n = typing ? i : 2 * length - i;
          gint64 start = g_get_monotonic_time ();
          int position = (int) (typing ? n - 1 : n);

          if (typing)
            gtk_editable_insert_text (entry, word + n - 1, 1, &position);
          else
            gtk_editable_delete_text (entry, (int) n, (int) n + 1);
          /* What the entry's search delay would do a moment later. */
          g_signal_emit_by_name (entry, "search-changed");
          sample ("filter", keystroke_work (window, filtered, &frames, start));
          if (run == 0 && n == length)
            value ("filter-matches", g_list_model_get_n_items (filtered));
        }
    }

  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (window), &frames);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* The outbox */

static LcmRequest *
write_request (guint n)
{
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();
  g_autofree char *comment = g_strdup_printf ("bench write %u", n);
  g_autoptr(GError) error = NULL;
  LcmRequest *request;

  lcm_disposition_set_call_id (disposition, "12345");
  lcm_disposition_set_account_number (disposition, "5|3|1|0|0|44|1");
  lcm_disposition_set_user_id (disposition, "benchagent");
  lcm_disposition_set_telephony_outcome (disposition, 3);
  lcm_disposition_set_comments (disposition, comment);
  request = lcm_request_new_disposition (disposition, NULL, &error);
  if (request == NULL)
    die ("building a write", error);
  return request;
}

/* One write at a time, each to its answer: through LcmClient alone (the baseline), then
 * through the outbox in DIR (a real disk: its commits are fsynced). Alternating, so that
 * whatever else the machine does falls on both alike. */
static int
run_outbox (char **args)
{
  g_autoptr(LcmClient) client = lcm_client_new (args[0]);
  g_autofree char *path = g_build_filename (args[1], "bench-outbox.db", NULL);
  g_autoptr(LcmOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  int writes = atoi (args[2]);

  lcm_client_connect_async (client, NULL, on_result_cb, &result);
  if (!lcm_client_connect_finish (client, wait_result (&result), &error))
    die ("connecting", error);
  g_clear_object (&result);
  outbox = lcm_outbox_new (client, path, &error);
  if (outbox == NULL)
    die ("opening the outbox", error);

  for (int n = 0; n < writes; n++)
    {
      g_autoptr(LcmRequest) direct = write_request (2 * n);
      g_autoptr(LcmRequest) stored = write_request (2 * n + 1);
      g_autoptr(JsonNode) direct_answer = NULL;
      g_autoptr(JsonNode) stored_answer = NULL;
      gint64 start = g_get_monotonic_time ();

      lcm_client_call_async (client, direct, NULL, on_result_cb, &result);
      direct_answer = lcm_client_call_finish (client, wait_result (&result), &error);
      if (direct_answer == NULL)
        die ("a write", error);
      sample ("outbox-baseline", g_get_monotonic_time () - start);
      g_clear_object (&result);

      start = g_get_monotonic_time ();
      lcm_outbox_submit_async (outbox, stored, NULL, on_result_cb, &result);
      stored_answer = lcm_outbox_submit_finish (outbox, wait_result (&result), NULL, &error);
      if (stored_answer == NULL)
        die ("a write through the outbox", error);
      sample ("outbox", g_get_monotonic_time () - start);
      g_clear_object (&result);
    }
  value ("outbox-left", lcm_outbox_get_n_pending (outbox) + lcm_outbox_get_n_failed (outbox));
  return 0;
}

/* The simulator under load */

typedef struct
{
  Bare        bare;
  LcmRequest *request;
  guint       left;
  gint64      sent_at;
  GArray     *latencies;
  guint      *running;
} Loader;

static void
loader_send (Loader *loader)
{
  loader->sent_at = g_get_monotonic_time ();
  bare_send (&loader->bare, loader->request);
}

static void
on_loader_message_cb (SoupWebsocketConnection *connection,
                      int                      type,
                      GBytes                  *message,
                      Loader                  *loader)
{
  gint64 latency = g_get_monotonic_time () - loader->sent_at;

  g_array_append_val (loader->latencies, latency);
  if (--loader->left > 0)
    loader_send (loader);
  else
    (*loader->running)--;
}

/* CLIENTS connections at once, each sending its share of REQUESTS one after another (the
 * next when the last is answered), the four kinds of reads a call window makes in turn. */
static int
run_sim_load (char **args)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) requests = call_requests ("12345", "5|3|1|0|0|44|1",
                                                 LCM_CALL_TYPE_OUTBOUND, 3);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint clients = (guint) atoi (args[1]);
  guint total = (guint) atoi (args[2]);
  g_autofree Loader *loaders = g_new0 (Loader, clients);
  guint running = clients;
  gint64 start;
  gint64 elapsed;

  g_object_set (session, "max-conns", clients * 2, "max-conns-per-host", clients * 2, NULL);
  for (guint i = 0; i < clients; i++)
    {
      bare_connect (&loaders[i].bare, session, args[0]);
      g_signal_handlers_disconnect_by_data (loaders[i].bare.connection, &loaders[i].bare);
      g_signal_connect (loaders[i].bare.connection, "message",
                        G_CALLBACK (on_loader_message_cb), &loaders[i]);
      loaders[i].request = requests->pdata[i % requests->len];
      loaders[i].left = total / clients + (i < total % clients ? 1 : 0);
      loaders[i].latencies = latencies;
      loaders[i].running = &running;
      if (loaders[i].left == 0)
        running--;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < clients; i++)
    if (loaders[i].left > 0)
      loader_send (&loaders[i]);
  while (running > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  for (guint i = 0; i < latencies->len; i++)
    sample ("sim-latency", g_array_index (latencies, gint64, i));
  value ("sim-requests", latencies->len);
  value ("sim-seconds", elapsed / 1e6);
  for (guint i = 0; i < clients; i++)
    {
      g_signal_handlers_disconnect_by_data (loaders[i].bare.connection, &loaders[i]);
      bare_close (&loaders[i].bare);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *name;
    int         n_args;
    int       (*run) (char **args);
    gboolean    needs_display;
  } commands[] = {
    { "roundtrip", 6, run_roundtrip, FALSE },
    { "capture", 4, run_capture, FALSE },
    { "parse", 2, run_parse, FALSE },
    { "filter", 5, run_filter, TRUE },
    { "outbox", 3, run_outbox, FALSE },
    { "sim-load", 3, run_sim_load, FALSE },
  };

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) != 0)
        continue;
      if (argc - 2 != commands[i].n_args)
        break;
      if (commands[i].needs_display)
        {
          gtk_init ();
          adw_init ();
        }
      return commands[i].run (argv + 2);
    }

  g_printerr ("usage: see the top of bench/wrapup-bench.c\n");
  return 2;
}
