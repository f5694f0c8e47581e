/* test-faults.c: LcmClient survives lcm-sim's faults, hostile values stay inert, and
 * hostile peers are cut off
 *
 * Each test runs a real lcm-sim with a fault option (docs/simulator.md, "Faults") and
 * checks, over real sockets, that every request still gets its own answer and that what
 * reached the gateway's database is what was meant. The hostile peers (a gateway, a client
 * of the simulator) write their frames by hand over plain sockets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lcm.h"
#include "lcm-message-limit.h"
#include "wrapup-test-sim.h"

#define DEMO_ACCOUNT "5|3|1|0|0|44|1"
#define DEMO_CALL    "12345"

/* Bounds for slow machines (sanitizers), not expectations: with faults, requests wait for
 * reconnections. */
#define WAIT_MS            60000
#define REQUEST_TIMEOUT_MS 120000

static LcmDisposition *
disposition_for (const char *callid,
                 const char *account,
                 const char *comments)
{
  LcmDisposition *disposition = lcm_disposition_new ();

  lcm_disposition_set_call_id (disposition, callid);
  lcm_disposition_set_account_number (disposition, account);
  lcm_disposition_set_user_id (disposition, "testagent");
  lcm_disposition_set_telephony_outcome (disposition, 3);
  lcm_disposition_set_business_outcome (disposition, LCM_NONE);
  lcm_disposition_set_comments (disposition, comments);
  lcm_disposition_set_lead_score (disposition, 7);
  lcm_disposition_set_target_amount (disposition, 10.5);
  return disposition;
}

static void
on_state_changed_cb (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  GArray *states = user_data;
  LcmClientState state = lcm_client_get_state (LCM_CLIENT (object));

  g_array_append_val (states, state);
}

/* A batch of requests in flight at once, each checked against its own answer */

typedef enum
{
  KIND_JOURNEY,     /* journey of an account: every row is that contact's */
  KIND_MODES,       /* callback modes of a call: as many as the call's contact has */
  KIND_OUTCOMES,    /* business outcomes of a call type: the group's rows */
  KIND_TELEPHONY,   /* the 49 telephony outcomes */
  KIND_WRITE,       /* a telephony outcome write whose comments are its tag */
} Kind;

typedef struct
{
  guint         index;
  Kind          kind;
  char         *key;        /* account, callid or call type */
  char         *tag;        /* a write's comments */
  gint64        expected;   /* rows, or -1 */
  char         *contact;    /* journey: the ContactID every row must carry */
  GAsyncResult *result;
  guint         rank;       /* order of completion */
} Item;

typedef struct
{
  TestSim    *sim;
  LcmClient  *client;
  GPtrArray  *items;
  guint       n_done;
} Batch;

static void
item_free (Item *item)
{
  g_clear_object (&item->result);
  g_free (item->key);
  g_free (item->tag);
  g_free (item->contact);
  g_free (item);
}

static Batch *
batch_new (TestSim   *sim,
           LcmClient *client)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->sim = sim;
  batch->client = client;
  batch->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  return batch;
}

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->items);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

typedef struct
{
  Batch *batch;
  Item  *item;
} ItemCall;

static void
on_item_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ItemCall *call = user_data;

  call->item->result = g_object_ref (result);
  call->item->rank = call->batch->n_done++;
  g_free (call);
}

/* Accounts whose journeys no write of these tests touches (writes go to calls 12345 and
 * 1001, of contacts 1 and 2), so their row counts stay put. */
static const char *const journey_accounts[] = {
  "9|3|1711|0|0|84|-1", "18|1|2|0|0|44|274", "137|1|3|0|0|84|",
};
static const char *const mode_calls[] = { "12345", "1001", "1002", "1003", "1004" };
static const char *const write_calls[] = { "12345", "1001" };
static const LcmCallType call_types[] = {
  LCM_CALL_TYPE_MANUAL, LCM_CALL_TYPE_INBOUND, LCM_CALL_TYPE_OUTBOUND,
};

/* Adds and sends request number i of a mix of every kind. */
static void
batch_add (Batch *batch,
           Kind   kind)
{
  Item *item = g_new0 (Item, 1);
  ItemCall *call = g_new0 (ItemCall, 1);
  g_autoptr(LcmRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint i = batch->items->len;

  item->index = i;
  item->kind = kind;
  item->expected = -1;
  switch (kind)
    {
    case KIND_JOURNEY:
      {
        g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();

        item->key = g_strdup (journey_accounts[i % G_N_ELEMENTS (journey_accounts)]);
        lcm_journey_query_set_account_number (query, item->key);
        lcm_journey_query_set_months (query, 12);
        request = lcm_request_new_journey (query, &error);
        sql = g_strdup_printf ("SELECT count(*) FROM journey WHERE account_number = '%s'",
                               item->key);
        item->expected = test_sim_query_int (batch->sim, sql);
        g_clear_pointer (&sql, g_free);
        sql = g_strdup_printf ("SELECT contact_id FROM contacts WHERE account_number = '%s'",
                               item->key);
        item->contact = test_sim_query_text (batch->sim, sql);
      }
      break;
    case KIND_MODES:
      {
        g_autofree char *account = NULL;

        item->key = g_strdup (mode_calls[i % G_N_ELEMENTS (mode_calls)]);
        account = test_sim_account_of_call (batch->sim, item->key);
        request = lcm_request_new_callback_modes (item->key, account, &error);
        sql = g_strdup_printf ("SELECT count(*) FROM callback_modes m JOIN calls k "
                               "USING (contact_id) WHERE k.callid = '%s'", item->key);
        item->expected = test_sim_query_int (batch->sim, sql);
      }
      break;
    case KIND_OUTCOMES:
      {
        LcmCallType type = call_types[i % G_N_ELEMENTS (call_types)];

        item->key = g_strdup (lcm_call_type_to_string (type));
        request = lcm_request_new_business_outcomes ("", type, &error);
        sql = g_strdup_printf ("SELECT count(*) FROM business_outcomes "
                               "WHERE outcome_group = '%s'", item->key);
        item->expected = test_sim_query_int (batch->sim, sql);
      }
      break;
    case KIND_TELEPHONY:
      item->key = g_strdup (DEMO_ACCOUNT);
      request = lcm_request_new_telephony_outcomes (item->key, &error);
      item->expected = 49;
      break;
    case KIND_WRITE:
      {
        g_autofree char *account = NULL;
        g_autoptr(LcmDisposition) disposition = NULL;

        item->key = g_strdup (write_calls[i % G_N_ELEMENTS (write_calls)]);
        item->tag = g_strdup_printf ("write %u", i);
        account = test_sim_account_of_call (batch->sim, item->key);
        disposition = disposition_for (item->key, account, item->tag);
        request = lcm_request_new_disposition (disposition, NULL, &error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
  g_assert_nonnull (request);
  g_ptr_array_add (batch->items, item);

  call->batch = batch;
  call->item = item;
  lcm_client_call_async (batch->client, request, NULL, on_item_done_cb, call);
}

/* Adds n requests, of every kind in turn. */
static void
batch_add_mix (Batch *batch,
               guint  n)
{
  static const Kind kinds[] = {
    KIND_JOURNEY, KIND_WRITE, KIND_MODES, KIND_OUTCOMES, KIND_TELEPHONY, KIND_WRITE,
  };

  for (guint i = 0; i < n; i++)
    batch_add (batch, kinds[batch->items->len % G_N_ELEMENTS (kinds)]);
}

static gboolean
batch_done (gpointer user_data)
{
  Batch *batch = user_data;

  return batch->n_done == batch->items->len;
}

static const char *
row_string (JsonObject *row,
            const char *name)
{
  JsonNode *node = json_object_get_member (row, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_string (node);
}

/* Every request got its own answer, without error. */
static void
batch_check (Batch *batch)
{
  g_assert_true (test_wait_until (batch_done, batch, 120000));

  for (guint i = 0; i < batch->items->len; i++)
    {
      Item *item = g_ptr_array_index (batch->items, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = lcm_client_call_finish (batch->client, item->result, &error);
      JsonArray *rows;

      if (error != NULL)
        g_test_message ("request %u (%s): %s", i, item->key, error->message);
      g_assert_no_error (error);
      g_assert_nonnull (answer);
      if (item->kind == KIND_WRITE)
        {
          g_assert_true (JSON_NODE_HOLDS_OBJECT (answer));
          g_assert_true (json_object_get_boolean_member (json_node_get_object (answer),
                                                        "success"));
          continue;
        }

      g_assert_true (JSON_NODE_HOLDS_ARRAY (answer));
      rows = json_node_get_array (answer);
      g_assert_cmpint (json_array_get_length (rows), ==, item->expected);
      if (item->kind == KIND_JOURNEY)
        {
          g_assert_cmpint (item->expected, >, 0);
          for (guint r = 0; r < json_array_get_length (rows); r++)
            g_assert_cmpstr (row_string (json_array_get_object_element (rows, r), "ContactID"),
                             ==, item->contact);
        }
      else if (item->kind == KIND_OUTCOMES)
        {
          JsonObject *first = json_array_get_object_element (rows, 0);
          g_autofree char *sql = g_strdup_printf (
            "SELECT outcome_group FROM business_outcomes WHERE outcome_id = %s",
            row_string (first, "OutComeID"));
          g_autofree char *group = test_sim_query_text (batch->sim, sql);

          g_assert_cmpstr (group, ==, item->key);
        }
    }
}

/* Each write of the batch reached the gateway at least once, for its own call, and the first
 * copies arrived in the order the writes were made. Returns the number of extra copies. */
static gint64
batch_check_writes (Batch *batch)
{
  sqlite3 *db = test_sim_open_db (batch->sim);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint next = 0;
  gint64 copies = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT comments, callid FROM dispositions "
                                           "ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *comments = (const char *) sqlite3_column_text (stmt, 0);
      const char *callid = (const char *) sqlite3_column_text (stmt, 1);

      copies++;
      if (g_hash_table_contains (seen, comments))
        continue;
      /* The next write in the order they were made. */
      while (next < batch->items->len &&
             ((Item *) g_ptr_array_index (batch->items, next))->kind != KIND_WRITE)
        next++;
      g_assert_cmpuint (next, <, batch->items->len);
      {
        Item *item = g_ptr_array_index (batch->items, next);

        g_assert_cmpstr (comments, ==, item->tag);
        g_assert_cmpstr (callid, ==, item->key);
        g_hash_table_add (seen, item->tag);
      }
      next++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  for (guint i = next; i < batch->items->len; i++)
    g_assert_cmpint (((Item *) g_ptr_array_index (batch->items, i))->kind, !=, KIND_WRITE);
  return copies - g_hash_table_size (seen);
}

/* Tests: faults */

static void
test_close_after (void)
{
  /* 8: the last frame of a connection (sent again first on the next one) falls on every
   * kind of request in turn, writes included. */
  const char *args[] = { "--close-after", "8", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  g_autoptr(Batch) batch = batch_new (sim, client);
  gint64 connections, lost_write_answers;

  batch_add_mix (batch, 80);
  batch_check (batch);

  /* The gateway never took more than 8 frames on one connection, so the client had to
   * reconnect many times. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT max(n) FROM (SELECT count(*) AS n "
                                            "FROM wire_log GROUP BY connection_id)"), ==, 8);
  connections = test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) FROM wire_log");
  g_assert_cmpint (connections, >=, 80 / 8);

  /* A write that was a connection's 8th frame was stored, but its answer never left: the
   * client sent it again. That is the only way a write arrives twice. */
  lost_write_answers = test_sim_query_int (
    sim, "SELECT count(*) FROM wire_log w WHERE text LIKE '%SetCallOutcomeWithComments%' "
         "AND (SELECT count(*) FROM wire_log v WHERE v.connection_id = w.connection_id "
         "AND v.id <= w.id) = 8");
  g_test_message ("%" G_GINT64_FORMAT " connections, %" G_GINT64_FORMAT " write answers lost",
                  connections, lost_write_answers);
  g_assert_cmpint (lost_write_answers, >, 0);
  g_assert_cmpint (batch_check_writes (batch), ==, lost_write_answers);
}

typedef struct
{
  guint  n_errors;
  GArray *codes;
} ProtocolErrors;

static void
on_protocol_error_cb (LcmClient    *client,
                      const GError *error,
                      gpointer      user_data)
{
  ProtocolErrors *errors = user_data;
  int code = error->code;

  g_assert_true (error->domain == LCM_PROTOCOL_ERROR);
  g_assert_nonnull (error->message);
  errors->n_errors++;
  g_array_append_val (errors->codes, code);
}

static gboolean
has_code (GArray *codes,
          int     code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_array_index (codes, int, i) == code)
      return TRUE;
  return FALSE;
}

static void
test_malformed_every (void)
{
  const char *args[] = { "--malformed-every", "3", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  g_autoptr(Batch) batch = batch_new (sim, client);
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (LcmClientState));
  g_autoptr(GArray) codes = g_array_new (FALSE, FALSE, sizeof (int));
  ProtocolErrors errors = { 0, codes };

  g_signal_connect (client, "protocol-error", G_CALLBACK (on_protocol_error_cb), &errors);
  g_signal_connect (client, "notify::state", G_CALLBACK (on_state_changed_cb), states);

  batch_add_mix (batch, 36);
  batch_check (batch);

  /* One malformed frame before every third answer, each refused and reported, and the
   * session went on: one connection, never dropped. */
  g_assert_cmpuint (errors.n_errors, ==, 36 / 3);
  g_assert_true (has_code (codes, LCM_PROTOCOL_ERROR_INVALID_JSON));
  g_assert_true (has_code (codes, LCM_PROTOCOL_ERROR_NOT_OBJECT));
  g_assert_true (has_code (codes, LCM_PROTOCOL_ERROR_WRONG_CHANNEL));
  g_assert_true (has_code (codes, LCM_PROTOCOL_ERROR_MISSING_SUBTOPIC));
  g_assert_true (has_code (codes, LCM_PROTOCOL_ERROR_TOO_DEEP));
  g_assert_cmpuint (states->len, ==, 0);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) "
                                            "FROM wire_log"), ==, 1);
  g_assert_cmpint (batch_check_writes (batch), ==, 0);

  g_signal_handlers_disconnect_by_data (client, states);
  g_signal_handlers_disconnect_by_data (client, &errors);
}

static void
test_ignore_pings (void)
{
  const char *args[] = { "--ignore-pings", NULL };
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (LcmClientState));
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;

  /* First the control: a gateway that pongs keeps an idle connection for many intervals. */
  {
    g_autoptr(TestSim) sim = test_sim_start (NULL);
    g_autoptr(LcmClient) client = lcm_client_new (sim->url);

    lcm_client_set_keepalive_interval (client, 1);
    g_signal_connect (client, "notify::state", G_CALLBACK (on_state_changed_cb), states);
    g_assert_true (lcm_client_start (client, &error));
    g_assert_true (test_wait_until (test_client_is_connected, client, 60000));
    g_array_set_size (states, 0);
    test_spin (4000);
    g_assert_cmpuint (states->len, ==, 0);
    g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);
    g_signal_handlers_disconnect_by_data (client, states);
  }

  /* Now pings go unanswered: the client notices after two intervals of silence, closes,
   * and reconnects with backoff; the gateway, alive, lets it in again. */
  {
    g_autoptr(TestSim) sim = test_sim_start (args);
    g_autoptr(LcmClient) client = lcm_client_new (sim->url);
    g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
    g_autoptr(JsonNode) answer = NULL;
    double silent;

    g_assert_no_error (error);
    lcm_client_set_keepalive_interval (client, 1);
    g_signal_connect (client, "notify::state", G_CALLBACK (on_state_changed_cb), states);
    g_assert_true (lcm_client_start (client, &error));
    g_assert_true (test_wait_until (test_client_is_connected, client, 60000));
    timer = g_timer_new ();
    g_array_set_size (states, 0);

    g_assert_true (test_wait_until (test_client_is_reconnecting, client, 60000));
    silent = g_timer_elapsed (timer, NULL);
    g_test_message ("dead connection noticed after %.2f s", silent);
    /* Not before two intervals: pongs are what it waits for. */
    g_assert_cmpfloat (silent, >=, 1.9);
    g_assert_true (test_wait_until (test_client_is_connected, client, 60000));
    g_assert_cmpuint (states->len, >=, 2);
    g_assert_cmpint (g_array_index (states, LcmClientState, 0), ==,
                     LCM_CLIENT_STATE_RECONNECTING);
    g_assert_cmpint (g_array_index (states, LcmClientState, 1), ==,
                     LCM_CLIENT_STATE_CONNECTED);

    /* The gateway still answers requests. */
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 49);
    g_signal_handlers_disconnect_by_data (client, states);
  }
}

static void
test_gateway_killed (void)
{
  /* Long enough that no answer gets out before the kill, however slow the machine. */
  const char *args[] = { "--delay-ms", "5000", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  g_autoptr(Batch) batch = batch_new (sim, client);
  gint64 extra;

  lcm_client_set_keepalive_interval (client, 1);

  /* Requests received, their answers held back by the delay: then kill -9. */
  batch_add_mix (batch, 6);
  g_assert_true (test_sim_wait_for_count (sim, "SELECT count(*) FROM wire_log", 6, 30000));
  g_assert_cmpuint (batch->n_done, ==, 0);
  test_sim_kill (sim);
  g_assert_true (test_wait_until (test_client_is_reconnecting, client, 60000));

  /* More while it is down, then a restart on the same port and database. */
  batch_add_mix (batch, 6);
  g_assert_cmpuint (batch->n_done, ==, 0);
  test_sim_restart (sim);
  batch_check (batch);
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);

  /* A write the dead gateway had stored may arrive again (its answer died with it); no
   * write is lost, and none arrives more than twice. */
  extra = batch_check_writes (batch);
  g_assert_cmpint (extra, <=, 2);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT max(n) FROM (SELECT count(*) AS n "
                                            "FROM dispositions GROUP BY comments)"), <=, 2);
}

static void
test_delay_ordering (void)
{
  const char *args[] = { "--delay-ms", "20", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  g_autoptr(Batch) batch = batch_new (sim, client);

  lcm_client_set_request_timeout (client, 120000);
  batch_add_mix (batch, 300);
  g_assert_cmpuint (lcm_client_get_n_pending (client), ==, 300);
  batch_check (batch);

  /* Answers came back in the order of the requests, each to its own request. */
  for (guint i = 0; i < batch->items->len; i++)
    g_assert_cmpuint (((Item *) g_ptr_array_index (batch->items, i))->rank, ==, i);
  g_assert_cmpint (batch_check_writes (batch), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 300);
}

static void
on_outcome_set_cb (LcmClient  *client,
                   const char *account,
                   gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_drop_write_answers (void)
{
  const char *args[] = { "--drop-write-answers", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  g_autofree char *account = test_sim_account_of_call (sim, DEMO_CALL);
  g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, "dropped");
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) write = lcm_request_new_disposition (disposition, NULL, &error);
  g_autoptr(LcmRequest) read = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  g_autoptr(JsonNode) answer = NULL;
  guint pushes = 0;

  g_assert_no_error (error);
  g_signal_connect (client, "outcome-set", G_CALLBACK (on_outcome_set_cb), &pushes);
  lcm_client_set_request_timeout (client, 1000);

  /* The gateway stored it, and the client could only time out. */
  answer = test_client_call_sync (client, write, WAIT_MS, &error);
  g_assert_null (answer);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TIMEOUT);
  g_clear_error (&error);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions "
                                            "WHERE comments = 'dropped'"), ==, 1);

  /* Reads are still answered, on the same connection. */
  lcm_client_set_request_timeout (client, 30000);
  answer = test_client_call_sync (client, read, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 49);
  g_assert_cmpuint (pushes, ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT connection_id) "
                                            "FROM wire_log"), ==, 1);
  g_signal_handlers_disconnect_by_data (client, &pushes);
}

/* Tests: hostile values */

/* The member names of an object, sorted, comma-separated. */
static char *
member_names (JsonObject *object)
{
  g_autoptr(GList) names = g_list_sort (json_object_get_members (object),
                                        (GCompareFunc) g_strcmp0);
  GString *joined = g_string_new (NULL);

  for (GList *l = names; l != NULL; l = l->next)
    g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "", (char *) l->data);
  return g_string_free (joined, FALSE);
}

/* The payload of the last frame the gateway received. */
static LcmEnvelope *
last_frame (TestSim *sim)
{
  g_autofree char *text = test_sim_query_text (sim, "SELECT text FROM wire_log "
                                                    "ORDER BY id DESC LIMIT 1");
  g_autoptr(GError) error = NULL;
  LcmEnvelope *envelope;

  g_assert_nonnull (text);
  envelope = lcm_envelope_parse (text, strlen (text), 16 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lcm_envelope_get_payload_object (envelope));
  return envelope;
}

/* The data the gateway stored with the last disposition, parsed. */
static JsonNode *
last_stored_data (TestSim *sim)
{
  g_autofree char *data = test_sim_query_text (sim, "SELECT data FROM dispositions "
                                                    "ORDER BY id DESC LIMIT 1");
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_nonnull (data);
  node = json_from_string (data, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

static char *
last_disposition_text (TestSim    *sim,
                       const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM dispositions ORDER BY id DESC "
                                          "LIMIT 1", column);

  return test_sim_query_text (sim, sql);
}

static void
test_hostile_values (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  g_autofree char *account = test_sim_account_of_call (sim, DEMO_CALL);
  g_autofree char *wire_members = NULL;
  g_autofree char *stored_members = NULL;
  g_autoptr(GError) error = NULL;
  GString *huge = g_string_new (NULL);
  g_autofree char *huge_text = NULL;
  g_autofree char *too_long = NULL;
  const char *comments[] = {
    "He said \"call me\" \\ then hung up",
    "\",\"LeadScore\":999,\"UserID\":\"intruder\",\"x\":\"",
    "\"}, \"data\": {\"OutcomeId\": 1}, \"y\": {\"",
    "line one\nline two\r\n\ttabbed\fform\bback",
    "controls \x01\x02\x1b[31mred\x1b[0m \x7f end",
    "</script><script>alert(1)</script> <!-- ]]> ${x} %s %n",
    "{\"nested\": [1, 2, {\"deep\": [[[[]]]]}]}",
    "Grüße, 你好, 🚀, \u2028 and \u2029 separators",
    "\\u0000 \\\" \\n written out, not escapes",
    NULL,
  };
  const char *users[] = {
    "a\",\"LeadScore\":999,\"x\":\"y",
    "agent\\\"quoted\\\"",
  };
  gint64 before;

  /* The biggest comments allowed, made of what JSON must escape. */
  for (guint i = 0; i < LCM_MAX_COMMENT_LENGTH / 2; i++)
    g_string_append (huge, "\"\\");
  huge_text = g_string_free (huge, FALSE);
  comments[G_N_ELEMENTS (comments) - 1] = huge_text;

  /* A plain write first: which members a write has, on the wire and as stored. */
  {
    g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, "plain");
    g_autoptr(LcmRequest) request = lcm_request_new_disposition (disposition, NULL, &error);
    g_autoptr(JsonNode) answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_autoptr(LcmEnvelope) frame = NULL;
    g_autoptr(JsonNode) stored = NULL;

    g_assert_no_error (error);
    frame = last_frame (sim);
    wire_members = member_names (lcm_envelope_get_payload_object (frame));
    stored = last_stored_data (sim);
    stored_members = member_names (json_node_get_object (stored));
    g_test_message ("a write carries %s", wire_members);
    g_assert_nonnull (strstr (wire_members, "AgentComments"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (comments); i++)
    {
      g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account,
                                                               comments[i]);
      g_autoptr(LcmRequest) request = lcm_request_new_disposition (disposition, NULL, &error);
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(LcmEnvelope) frame = NULL;
      g_autoptr(JsonNode) stored = NULL;
      g_autofree char *members = NULL;
      g_autofree char *stored_comments = NULL;
      g_autofree char *user = NULL;
      JsonObject *payload;

      g_test_message ("comments %u", i);
      g_assert_no_error (error);
      answer = test_client_call_sync (client, request, WAIT_MS, &error);
      g_assert_no_error (error);

      /* Stored byte for byte, and nothing else changed. */
      stored_comments = last_disposition_text (sim, "comments");
      g_assert_cmpuint (strlen (stored_comments), ==, strlen (comments[i]));
      g_assert_cmpstr (stored_comments, ==, comments[i]);
      user = last_disposition_text (sim, "user_id");
      g_assert_cmpstr (user, ==, "testagent");
      g_assert_cmpint (test_sim_query_int (sim, "SELECT lead_score FROM dispositions "
                                                "ORDER BY id DESC LIMIT 1"), ==, 7);
      g_assert_cmpint (test_sim_query_int (sim, "SELECT telephony_outcome FROM dispositions "
                                                "ORDER BY id DESC LIMIT 1"), ==, 3);
      g_assert_cmpint (test_sim_query_int (sim, "SELECT business_outcome IS NULL FROM "
                                                "dispositions ORDER BY id DESC LIMIT 1"), ==, 1);

      /* The frame had the same members as a plain write, and the value whole. */
      frame = last_frame (sim);
      payload = lcm_envelope_get_payload_object (frame);
      members = member_names (payload);
      g_assert_cmpstr (members, ==, wire_members);
      g_assert_cmpstr (json_object_get_string_member (payload, "AgentComments"), ==,
                       comments[i]);
      g_assert_cmpstr (json_object_get_string_member (payload, "UserID"), ==, "testagent");
      g_assert_cmpstr (lcm_envelope_get_subtopic (frame), ==, "SetCallOutcomeWithComments");
      stored = last_stored_data (sim);
      g_clear_pointer (&members, g_free);
      members = member_names (json_node_get_object (stored));
      g_assert_cmpstr (members, ==, stored_members);
    }

  /* An agent id with quotes is sent as it is, and stays in its field. */
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, "user");
      g_autoptr(LcmRequest) request = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *user = NULL;

      lcm_disposition_set_user_id (disposition, users[i]);
      request = lcm_request_new_disposition (disposition, NULL, &error);
      g_assert_no_error (error);
      answer = test_client_call_sync (client, request, WAIT_MS, &error);
      g_assert_no_error (error);
      user = last_disposition_text (sim, "user_id");
      g_assert_cmpstr (user, ==, users[i]);
      g_assert_cmpint (test_sim_query_int (sim, "SELECT lead_score FROM dispositions "
                                                "ORDER BY id DESC LIMIT 1"), ==, 7);
    }

  /* What the library refuses never reaches the wire. */
  before = test_sim_query_int (sim, "SELECT count(*) FROM wire_log");
  too_long = g_strnfill (LCM_MAX_COMMENT_LENGTH + 1, 'x');
  {
    const char *bad_comments[] = { too_long, "bad \xff\xfe utf-8", "cut \xe2\x82" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_comments); i++)
      {
        g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account,
                                                                 bad_comments[i]);
        g_autoptr(LcmRequest) request = lcm_request_new_disposition (disposition, NULL,
                                                                     &error);

        g_assert_null (request);
        g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_TOO_LONG);
        g_clear_error (&error);
      }
  }
  {
    /* Values a deep link carries: a call id and an account that try to add members. */
    const char *callids[] = {
      "12345\",\"AccountNumber\":\"x", "123\n45", "12345\"", "", "1 2", "\x01",
    };
    const char *accounts[] = {
      "5|3|1|0|0|44|1\",\"x\":\"", "5|3|1|0|0|44|1\n", "\"", "5|3|1|0|0|44|1 OR 1=1",
    };

    for (guint i = 0; i < G_N_ELEMENTS (callids); i++)
      {
        g_autoptr(LcmRequest) request = lcm_request_new_callback_modes (callids[i],
                                                                        DEMO_ACCOUNT, &error);

        g_assert_null (request);
        g_assert_nonnull (error);
        g_assert_true (error->domain == LCM_REQUEST_ERROR);
        /* The message shows the value without its control characters. */
        g_assert_null (strchr (error->message, '\n'));
        g_assert_null (strchr (error->message, '\x01'));
        g_clear_error (&error);
      }
    for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
      {
        g_autoptr(LcmRequest) request = lcm_request_new_callback_modes (DEMO_CALL, accounts[i],
                                                                        &error);

        g_assert_null (request);
        g_assert_error (error, LCM_REQUEST_ERROR, LCM_REQUEST_ERROR_INVALID_ACCOUNT);
        g_assert_null (strchr (error->message, '\n'));
        g_clear_error (&error);
      }
  }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, before);

  /* A campaign name that tries to close the object: sent whole, in its own member. */
  {
    const char *campaign = "Retention\"},\"AccountNumber\":\"137|1|3|0|0|84|\",\"x\":{\"";
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autoptr(JsonNode) answer = NULL;
    g_autoptr(LcmEnvelope) frame = NULL;
    JsonObject *payload;

    lcm_journey_query_set_account_number (query, DEMO_ACCOUNT);
    lcm_journey_query_set_campaign_name (query, campaign);
    lcm_journey_query_set_months (query, 12);
    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
    /* No campaign has that name, and the account did not change. */
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 0);
    frame = last_frame (sim);
    payload = lcm_envelope_get_payload_object (frame);
    g_assert_cmpstr (json_object_get_string_member (payload, "CampaignName"), ==, campaign);
    g_assert_cmpstr (json_object_get_string_member (payload, "AccountNumber"), ==,
                     DEMO_ACCOUNT);
  }
}

/* A simulator whose log (stderr) goes to a file */

static void
test_log_masks_numbers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("wrapup-faults-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "sim.db", NULL);
  g_autofree char *log_path = g_build_filename (dir, "sim.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(LcmClient) client = NULL;
  g_autoptr(GRegex) long_number = NULL;
  g_autofree char *url = NULL;
  g_autofree char *log = NULL;
  const char *forged = "X\n00:00:00.000 lcm-sim[99]: forged line 909003299700";

  g_assert_no_error (error);
  launcher = test_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  process = g_subprocess_launcher_spawn (launcher, &error, test_sim_program_path ("LCM_SIM"),
                                         "--port", "0", "--db", db_path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  client = test_connect_client (url, REQUEST_TIMEOUT_MS, WAIT_MS);

  /* Journeys by contact number; a contact's modes (numbers in the answer); comments and a
   * campaign with numbers in them, the campaign with a line of its own. */
  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autoptr(JsonNode) answer = NULL;

    lcm_journey_query_set_contact_number (query, "909003299700");
    lcm_journey_query_set_months (query, 12);
    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), >, 0);
  }
  {
    g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();
    g_autoptr(LcmRequest) request = NULL;
    g_autoptr(JsonNode) answer = NULL;

    lcm_journey_query_set_account_number (query, DEMO_ACCOUNT);
    lcm_journey_query_set_campaign_name (query, forged);
    lcm_journey_query_set_months (query, 3);
    request = lcm_request_new_journey (query, &error);
    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(LcmRequest) request = lcm_request_new_callback_modes ("1001", "2|3|3|0|0|44|1",
                                                                    &error);
    g_autoptr(JsonNode) answer = NULL;

    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(LcmDisposition) disposition = disposition_for (
      "1001", "2|3|3|0|0|44|1", "Call back on +44 7700 900123 or 447700900123");
    g_autoptr(LcmRequest) request = lcm_request_new_disposition (disposition, NULL, &error);
    g_autoptr(JsonNode) answer = NULL;

    g_assert_no_error (error);
    answer = test_client_call_sync (client, request, WAIT_MS, &error);
    g_assert_no_error (error);
  }

  lcm_client_stop (client);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (log_path, &log, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("log:\n%s", log);

  /* The number looked up is there, masked; no number appears whole. */
  g_assert_nonnull (strstr (log, "contact=********9700"));
  g_assert_null (strstr (log, "909003299700"));
  g_assert_null (strstr (log, "6591462346"));
  g_assert_null (strstr (log, "447700900123"));
  g_assert_null (strstr (log, "7700 900123"));
  long_number = g_regex_new ("[0-9]{8,}", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_false (g_regex_match (long_number, log, 0, NULL));
  /* A client's newline did not make a line of its own. */
  g_assert_null (strstr (log, "\n00:00:00.000 lcm-sim[99]"));
  g_assert_nonnull (strstr (log, "campaign=X?00:00:00.000"));

  g_unlink (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_unlink (log_path);
  g_rmdir (dir);
}

/* Tests: hostile peers
 *
 * A gateway, or a client of the simulator, that writes WebSocket frames by hand over a
 * plain socket (RFC 6455, 5.2): what libsoup cannot be made to send. */

#define FRAGMENT_SIZE    (64 * 1024)
/* The size of the messages hostile peers send in fragments, eight times the client's bound
 * in these tests: memory must not follow it. (Under AddressSanitizer, what libsoup frees as
 * its buffer grows to the bound stays in quarantine: about four times the bound.) */
#define HOSTILE_MESSAGE  (64 * 1024 * 1024)
#define HOSTILE_BOUND    (8 * 1024 * 1024)
/* What a peer may get into the other's buffers past the bound: the kernel's socket buffers
 * on loopback, a few MiB each way. */
#define BUFFERED_SLACK   (16 * 1024 * 1024)
#define WEBSOCKET_GUID   "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
/* The requests of these tests fail at once, or after this (well before WAIT_MS). */
#define HOSTILE_TIMEOUT_MS 20000
/* The simulator's bound on a request, and how much of a frame wire_log keeps
 * (docs/simulator.md). */
#define SIM_MAX_REQUEST    (1024 * 1024)
#define WIRE_LOG_MAX_TEXT  (64 * 1024)

/* A frame header; a client's frames are masked (with a fixed key: this is a test). */
static void
append_frame_header (GByteArray *out,
                     gboolean    fin,
                     guint       opcode,
                     gboolean    masked,
                     guint64     length)
{
  static const guint8 mask_key[4] = { 0x37, 0xfa, 0x21, 0x3d };
  guint8 mask_bit = masked ? 0x80 : 0;
  guint8 first = (fin ? 0x80 : 0) | opcode;

  g_byte_array_append (out, &first, 1);
  if (length < 126)
    {
      guint8 len7 = mask_bit | (guint8) length;

      g_byte_array_append (out, &len7, 1);
    }
  else
    {
      guint8 len7 = mask_bit | (length < 65536 ? 126 : 127);
      guint bytes = length < 65536 ? 2 : 8;

      g_byte_array_append (out, &len7, 1);
      for (guint i = bytes; i > 0; i--)
        {
          guint8 b = (guint8) (length >> (8 * (i - 1)));

          g_byte_array_append (out, &b, 1);
        }
    }
  if (masked)
    g_byte_array_append (out, mask_key, sizeof mask_key);
}

/* A whole frame: header and payload, masked when asked. */
static void
append_frame (GByteArray *out,
              gboolean    fin,
              guint       opcode,
              gboolean    masked,
              const void *payload,
              gsize       length)
{
  guint start;

  append_frame_header (out, fin, opcode, masked, length);
  start = out->len;
  g_byte_array_append (out, payload, (guint) length);
  if (masked)
    for (gsize i = 0; i < length; i++)
      out->data[start + i] ^= out->data[start - 4 + (i & 3)];
}

static gboolean
send_all (GSocket      *socket,
          const guint8 *data,
          gsize         length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, (const char *) data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
receive_exactly (GSocket *socket,
                 guint8  *buffer,
                 gsize    length)
{
  while (length > 0)
    {
      gssize n = g_socket_receive (socket, (char *) buffer, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      buffer += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* An HTTP head, up to its empty line; NULL if the connection ends first. */
static char *
receive_head (GSocket *socket)
{
  g_autoptr(GString) head = g_string_new (NULL);

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      char c;

      if (head->len > 16 * 1024 || !receive_exactly (socket, (guint8 *) &c, 1))
        return NULL;
      g_string_append_c (head, c);
    }
  return g_string_free (g_steal_pointer (&head), FALSE);
}

/* Reads one frame; its payload (unmasked) and opcode, or NULL when the connection ends. */
static GBytes *
receive_frame (GSocket *socket,
               guint   *opcode)
{
  guint8 header[LCM_WS_MAX_FRAME_HEADER];
  gsize size;
  guint64 length;
  g_autofree guint8 *payload = NULL;

  if (!receive_exactly (socket, header, 2))
    return NULL;
  size = lcm_ws_frame_header_size (header);
  if (!receive_exactly (socket, header + 2, size - 2))
    return NULL;
  length = lcm_ws_frame_payload_length (header);
  /* Requests and close frames: small. */
  g_assert_cmpuint (length, <=, 1024 * 1024);
  payload = g_malloc (length + 1);
  if (!receive_exactly (socket, payload, length))
    return NULL;
  if (header[1] & 0x80)
    for (guint64 i = 0; i < length; i++)
      payload[i] ^= header[size - 4 + (i & 3)];
  *opcode = header[0] & 0x0f;
  return g_bytes_new_take (g_steal_pointer (&payload), length);
}

/* Reads until the peer's close frame: its code (1005 when it has none), or -1 when the
 * connection ends without one. */
static int
receive_close_code (GSocket *socket)
{
  for (;;)
    {
      guint opcode = 0;
      g_autoptr(GBytes) payload = receive_frame (socket, &opcode);
      const guint8 *data;
      gsize length;

      if (payload == NULL)
        return -1;
      if (opcode != 0x8)
        continue;
      data = g_bytes_get_data (payload, &length);
      return length >= 2 ? (data[0] << 8) | data[1] : 1005;
    }
}

/* Sends total bytes of text as FRAGMENT_SIZE frames, the first with opcode (0 when the
 * message started already), the others continuation frames; returns how much of it the
 * other side let through before it closed. */
static guint64
send_fragmented (GSocket *socket,
                 gboolean masked,
                 guint    opcode,
                 guint64  total)
{
  g_autofree guint8 *filler = g_malloc (FRAGMENT_SIZE);
  /* One buffer for every frame: this process's own memory must not grow with the message
   * either. */
  g_autoptr(GByteArray) frame = g_byte_array_sized_new (FRAGMENT_SIZE + LCM_WS_MAX_FRAME_HEADER);
  guint64 sent = 0;

  memset (filler, 'x', FRAGMENT_SIZE);
  while (sent < total)
    {
      gboolean last = sent + FRAGMENT_SIZE >= total;

      g_byte_array_set_size (frame, 0);
      append_frame (frame, last, sent == 0 ? opcode : 0x0, masked, filler, FRAGMENT_SIZE);
      if (!send_all (socket, frame->data, frame->len))
        break;
      sent += FRAGMENT_SIZE;
    }
  return sent;
}

/* The peak resident memory of a process ("self", or a pid), in bytes: libsoup reads a whole
 * burst in one go and frees it before the main loop runs again, so only the peak tells. */
static guint64
peak_resident_size (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) * 1024;
}

/* Brings this process's peak down to what it holds now (Linux 4.0 and later). */
static void
reset_peak_resident_size (void)
{
  FILE *clear_refs = fopen ("/proc/self/clear_refs", "w");

  g_assert_nonnull (clear_refs);
  g_assert_cmpint (fputs ("5", clear_refs), >=, 0);
  g_assert_cmpint (fclose (clear_refs), ==, 0);
}

/* A gateway that upgrades the connection, takes the client's first request, then
 * misbehaves, on a thread of its own. */

typedef enum
{
  GATEWAY_HUGE_MESSAGE,   /* HOSTILE_MESSAGE bytes of text in continuation frames */
  GATEWAY_INVALID_UTF8,   /* a text frame that is not UTF-8 */
  GATEWAY_CLOSE_1011,     /* a close frame, 1011 with a reason */
  GATEWAY_BINARY,         /* a binary frame instead of the answer */
  GATEWAY_EARLY_FRAMES,   /* no request waited for: in the same write as the 101, a push
                           * and the start of a huge message, whose rest follows */
} GatewayKind;

typedef struct
{
  GatewayKind  kind;
  GSocket     *listener;
  char        *url;
  GThread     *thread;
  /* What happened, once the thread is joined */
  gboolean     got_request;
  guint64      sent;         /* of the huge message */
  int          close_code;   /* the client's; -1 when it only went away */
} HostileGateway;

static gpointer
hostile_gateway_run (gpointer data)
{
  HostileGateway *gateway = data;
  g_autoptr(GSocket) socket = g_socket_accept (gateway->listener, NULL, NULL);
  g_autofree char *head = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *response = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_length = sizeof digest;
  const char *key;
  guint opcode = 0;

  gateway->close_code = -1;
  if (socket == NULL)
    return NULL;
  g_socket_set_timeout (socket, 60);
  head = receive_head (socket);
  key = head != NULL ? strstr (head, "Sec-WebSocket-Key: ") : NULL;
  if (key == NULL)
    return NULL;
  key += strlen ("Sec-WebSocket-Key: ");
  g_checksum_update (sha1, (const guchar *) key, strcspn (key, "\r"));
  g_checksum_update (sha1, (const guchar *) WEBSOCKET_GUID, -1);
  g_checksum_get_digest (sha1, digest, &digest_length);
  accept = g_base64_encode (digest, digest_length);
  response = g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
  g_byte_array_append (frame, (const guint8 *) response, (guint) strlen (response));
  if (gateway->kind == GATEWAY_EARLY_FRAMES)
    {
      /* libsoup's buffer holds these when the client gets its connection. */
      static const char push[] = "{\"channel\": \"LCM\", \"topic\": \"WebService\", "
                                 "\"subtopic\": \"OutcomeSetForCall\", \"message\": \""
                                 DEMO_ACCOUNT "\"}";
      g_autofree char *start = g_strnfill (FRAGMENT_SIZE, 'x');

      append_frame (frame, TRUE, 0x1, FALSE, push, sizeof push - 1);
      append_frame (frame, FALSE, 0x1, FALSE, start, FRAGMENT_SIZE);
      if (send_all (socket, frame->data, frame->len))
        gateway->sent = FRAGMENT_SIZE + send_fragmented (socket, FALSE, 0x0,
                                                         HOSTILE_MESSAGE - FRAGMENT_SIZE);
      gateway->close_code = receive_close_code (socket);
      return NULL;
    }
  if (!send_all (socket, frame->data, frame->len))
    return NULL;
  g_byte_array_set_size (frame, 0);

  /* The client waits for the answer to this. */
  request = receive_frame (socket, &opcode);
  gateway->got_request = request != NULL && opcode == 0x1;

  switch (gateway->kind)
    {
    case GATEWAY_HUGE_MESSAGE:
      gateway->sent = send_fragmented (socket, FALSE, 0x1, HOSTILE_MESSAGE);
      break;
    case GATEWAY_BINARY:
      append_frame (frame, TRUE, 0x2, FALSE, "\x01\x02", 2);
      send_all (socket, frame->data, frame->len);
      break;
    case GATEWAY_INVALID_UTF8:
      {
        static const char not_utf8[] = "{\"channel\": \"LCM\xff\xfe\"}";

        append_frame (frame, TRUE, 0x1, FALSE, not_utf8, sizeof not_utf8 - 1);
        send_all (socket, frame->data, frame->len);
      }
      break;
    case GATEWAY_CLOSE_1011:
      {
        static const char close_payload[] = "\x03\xf3" "lcm-test: internal error";

        append_frame (frame, TRUE, 0x8, FALSE, close_payload, sizeof close_payload - 1);
        send_all (socket, frame->data, frame->len);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  gateway->close_code = receive_close_code (socket);
  return NULL;
}

static HostileGateway *
hostile_gateway_start (GatewayKind kind)
{
  HostileGateway *gateway = g_new0 (HostileGateway, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  gateway->kind = kind;
  gateway->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                    G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (gateway->listener, 60);
  g_assert_true (g_socket_bind (gateway->listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (gateway->listener, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (gateway->listener, &error);
  g_assert_no_error (error);
  gateway->url = g_strdup_printf ("ws://127.0.0.1:%u/lcm",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  gateway->thread = g_thread_new ("hostile-gateway", hostile_gateway_run, gateway);
  return gateway;
}

static void
hostile_gateway_join (HostileGateway *gateway)
{
  if (gateway->thread != NULL)
    g_thread_join (g_steal_pointer (&gateway->thread));
}

static void
hostile_gateway_free (HostileGateway *gateway)
{
  /* The thread ends at worst when its socket's timeout does. */
  hostile_gateway_join (gateway);
  g_socket_close (gateway->listener, NULL);
  g_clear_object (&gateway->listener);
  g_free (gateway->url);
  g_free (gateway);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileGateway, hostile_gateway_free)

/* A client connected to the gateway. */
static LcmClient *
connect_to_gateway (HostileGateway *gateway,
                    guint           request_timeout_ms)
{
  g_autoptr(GError) error = NULL;
  LcmClient *client = lcm_client_new (gateway->url);

  lcm_client_set_request_timeout (client, request_timeout_ms);
  g_assert_true (test_client_connect_sync (client, WAIT_MS, &error));
  g_assert_no_error (error);
  return client;
}

/* Sends a request to the gateway and waits for its outcome; *seconds is how long it took. */
static JsonNode *
call_hostile_gateway (LcmClient  *client,
                      double     *seconds,
                      GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT,
                                                                      &local_error);
  g_autoptr(GTimer) timer = g_timer_new ();
  JsonNode *answer;

  g_assert_no_error (local_error);
  answer = test_client_call_sync (client, request, WAIT_MS, error);
  *seconds = g_timer_elapsed (timer, NULL);
  return answer;
}

static void
test_gateway_huge_message (void)
{
  g_autoptr(HostileGateway) gateway = hostile_gateway_start (GATEWAY_HUGE_MESSAGE);
  g_autoptr(LcmClient) client = connect_to_gateway (gateway, HOSTILE_TIMEOUT_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *limit = g_format_size_full (HOSTILE_BOUND, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *expected = g_strdup_printf ("The gateway sent a message larger than the "
                                               "limit of %s", limit);
  guint64 before, grown;
  double seconds;

  /* Lowered on the open connection: the bound follows. */
  lcm_client_set_max_frame_size (client, HOSTILE_BOUND);
  reset_peak_resident_size ();
  before = peak_resident_size ("self");
  answer = call_hostile_gateway (client, &seconds, &error);
  hostile_gateway_join (gateway);
  grown = peak_resident_size ("self") - before;
  g_test_message ("%.2f s; the gateway sent %" G_GUINT64_FORMAT " MiB of its message; "
                  "resident memory grew by %" G_GUINT64_FORMAT " MiB at most: %s", seconds,
                  gateway->sent >> 20, grown >> 20, error != NULL ? error->message : "answered");

  /* The request failed at once, saying why, not after its timeout. */
  g_assert_null (answer);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpfloat (seconds, <, HOSTILE_TIMEOUT_MS / 1000 / 2);
  /* The client closed with 1009 once the message passed the bound, long before its end,
   * and memory did not follow the message. */
  g_assert_true (gateway->got_request);
  g_assert_cmpint (gateway->close_code, ==, 1009);
  g_assert_cmpuint (gateway->sent, <, HOSTILE_BOUND + BUFFERED_SLACK);
  g_assert_cmpuint (grown, <, HOSTILE_MESSAGE - BUFFERED_SLACK);
  /* It goes on: reconnecting, to a gateway that is not there any more. */
  g_assert_true (test_wait_until (test_client_is_reconnecting, client, WAIT_MS));
}

static void
test_gateway_ends_connection (void)
{
  const struct
  {
    GatewayKind  kind;
    const char  *says;
    int          close_code;
  } cases[] = {
    { GATEWAY_CLOSE_1011, "The gateway closed the connection: 1011 lcm-test: internal error",
      1011 },
    { GATEWAY_INVALID_UTF8, "The gateway sent a text message that is not valid UTF-8", 1007 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HostileGateway) gateway = hostile_gateway_start (cases[i].kind);
      g_autoptr(LcmClient) client = connect_to_gateway (gateway, HOSTILE_TIMEOUT_MS);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      double seconds;

      answer = call_hostile_gateway (client, &seconds, &error);
      hostile_gateway_join (gateway);
      g_test_message ("%.2f s: %s", seconds, error != NULL ? error->message : "answered");

      /* At once, with the real cause; not "no answer" after the timeout. */
      g_assert_null (answer);
      g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED);
      g_assert_cmpstr (error->message, ==, cases[i].says);
      g_assert_cmpfloat (seconds, <, HOSTILE_TIMEOUT_MS / 1000 / 2);
      g_assert_true (gateway->got_request);
      g_assert_cmpint (gateway->close_code, ==, cases[i].close_code);
    }
}

static gboolean
was_pushed (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

/* Frames that arrive with the 101, before the client has its connection, are bounded too:
 * the push among them is handled, the huge message is not. */
static void
test_gateway_early_frames (void)
{
  g_autoptr(HostileGateway) gateway = hostile_gateway_start (GATEWAY_EARLY_FRAMES);
  g_autoptr(LcmClient) client = lcm_client_new (gateway->url);
  g_autoptr(GError) error = NULL;
  guint pushes = 0;

  g_signal_connect (client, "outcome-set", G_CALLBACK (on_outcome_set_cb), &pushes);
  lcm_client_set_max_frame_size (client, HOSTILE_BOUND);
  g_assert_true (lcm_client_start (client, &error));
  g_assert_no_error (error);
  g_assert_true (test_wait_until (was_pushed, &pushes, WAIT_MS));
  /* The client reads (and cuts the message off) while this thread's loop runs. */
  g_assert_true (test_wait_until (test_client_is_reconnecting, client, WAIT_MS));
  hostile_gateway_join (gateway);
  g_test_message ("the gateway sent %" G_GUINT64_FORMAT " MiB", gateway->sent >> 20);
  g_assert_cmpuint (pushes, ==, 1);
  g_assert_cmpint (gateway->close_code, ==, 1009);
  g_assert_cmpuint (gateway->sent, <, HOSTILE_BOUND + BUFFERED_SLACK);
  g_signal_handlers_disconnect_by_data (client, &pushes);
}

/* A frame refused without ending the connection cannot be told to be an answer: the
 * request waits, and its timeout says what came instead. */
static void
test_gateway_refused_frame (void)
{
  g_autoptr(HostileGateway) gateway = hostile_gateway_start (GATEWAY_BINARY);
  g_autoptr(LcmClient) client = connect_to_gateway (gateway, 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  double seconds;

  answer = call_hostile_gateway (client, &seconds, &error);
  g_test_message ("%.2f s: %s", seconds, error != NULL ? error->message : "answered");
  g_assert_null (answer);
  g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "The gateway did not answer within 1 seconds; a message "
                   "it sent meanwhile was refused: The gateway sent a binary message");
  g_assert_cmpint (lcm_client_get_state (client), ==, LCM_CLIENT_STATE_CONNECTED);
  lcm_client_stop (client);
  hostile_gateway_join (gateway);
  g_assert_cmpint (gateway->close_code, ==, 1000);
}

/* A close with an error code fails what was sent on the connection at once; the outbox
 * still delivers every write, at least once. */
static void
test_close_with_error_code (void)
{
  const char *args[] = { "--close-after", "3", "--close-code", "1011", NULL };
  g_autoptr(TestSim) sim = test_sim_start (args);
  g_autoptr(LcmClient) client = test_connect_client (sim->url, HOSTILE_TIMEOUT_MS, WAIT_MS);
  g_autoptr(LcmOutbox) outbox = NULL;
  g_autofree char *account = test_sim_account_of_call (sim, DEMO_CALL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LcmRequest) read = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
  TestWaiter waiter = { NULL };
  const guint n_writes = 7;

  g_assert_no_error (error);

  /* The third frame of the connection is handled, and its answer never comes. */
  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      double seconds;
      g_autoptr(GTimer) timer = g_timer_new ();

      answer = test_client_call_sync (client, read, WAIT_MS, &error);
      seconds = g_timer_elapsed (timer, NULL);
      if (i < 3)
        {
          g_assert_no_error (error);
          continue;
        }
      g_test_message ("%.2f s: %s", seconds, error->message);
      g_assert_null (answer);
      g_assert_error (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_CLOSED);
      g_assert_cmpstr (error->message, ==,
                       "The gateway closed the connection: 1011 lcm-sim: --close-after");
      g_assert_cmpfloat (seconds, <, HOSTILE_TIMEOUT_MS / 1000 / 2);
      g_clear_error (&error);
    }
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM wire_log"), ==, 3);

  /* Writes through the outbox: one in three is some connection's last frame, stored and
   * not answered; the outbox sends it again. */
  outbox = lcm_outbox_new (client, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_writes; i++)
    {
      g_autofree char *tag = g_strdup_printf ("outbox write %u", i);
      g_autoptr(LcmDisposition) disposition = disposition_for (DEMO_CALL, account, tag);
      g_autoptr(LcmRequest) write = lcm_request_new_disposition (disposition, NULL, &error);

      g_assert_no_error (error);
      lcm_outbox_submit_async (outbox, write, NULL, NULL, NULL);
    }
  lcm_outbox_wait_async (outbox, 0, NULL, test_waiter_callback, &waiter);
  g_assert_true (lcm_outbox_wait_finish (outbox, test_waiter_wait (&waiter, WAIT_MS), NULL,
                                         &error));
  g_assert_no_error (error);
  test_waiter_clear (&waiter);
  g_assert_cmpuint (lcm_outbox_get_n_pending (outbox), ==, 0);
  g_assert_cmpuint (lcm_outbox_get_n_failed (outbox), ==, 0);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(DISTINCT comments) FROM "
                                            "dispositions WHERE comments LIKE 'outbox write %'"),
                   ==, n_writes);
  /* Sent twice only where the answer was lost with the connection. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) FROM dispositions WHERE "
                                            "comments LIKE 'outbox write %'"),
                   >, n_writes);
  g_assert_cmpint (test_sim_query_int (sim, "SELECT count(*) - count(DISTINCT comments) FROM "
                                            "dispositions WHERE comments LIKE 'outbox write %'"),
                   ==, test_sim_query_int (sim, "SELECT count(*) FROM wire_log w WHERE text "
                                                "LIKE '%outbox write%' AND (SELECT count(*) "
                                                "FROM wire_log v WHERE v.connection_id = "
                                                "w.connection_id AND v.id <= w.id) = 3"));
}

/* A client of the simulator that upgrades by hand, over a plain socket (the connection's). */
static GSocketConnection *
connect_raw_client (TestSim    *sim,
                    const char *extra_headers,
                    char      **response_head)
{
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  GSocketConnection *connection;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  GSocket *socket;

  connection = g_socket_client_connect_to_host (connector, "127.0.0.1", sim->port, NULL,
                                                &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 60);
  request = g_strdup_printf ("GET /lcm HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                             "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n%s\r\n", sim->port, extra_headers);
  g_assert_true (send_all (socket, (const guint8 *) request, strlen (request)));
  *response_head = receive_head (socket);
  g_assert_nonnull (*response_head);
  return connection;
}

static void
test_client_huge_request (void)
{
  g_autoptr(TestSim) sim = test_sim_start (NULL);
  g_autoptr(GSocketConnection) raw = NULL;
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  GSocket *socket;
  g_autofree char *head = NULL;
  g_autofree char *big = NULL;
  guint64 peak_before, peak_after, sent;
  int close_code;

  /* Warm up the simulator (its database, its first connection) before measuring. */
  {
    g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
  }
  peak_before = peak_resident_size (g_subprocess_get_identifier (sim->process));

  /* permessage-deflate is refused: a small compressed frame could inflate to anything. */
  raw = connect_raw_client (sim, "Sec-WebSocket-Extensions: permessage-deflate\r\n", &head);
  socket = g_socket_connection_get_socket (raw);
  g_assert_true (g_str_has_prefix (head, "HTTP/1.1 101"));
  g_assert_null (strstr (head, "deflate"));

  sent = send_fragmented (socket, TRUE, 0x1, HOSTILE_MESSAGE);
  close_code = receive_close_code (socket);
  peak_after = peak_resident_size (g_subprocess_get_identifier (sim->process));
  g_test_message ("sent %" G_GUINT64_FORMAT " MiB; the simulator's peak memory grew by %"
                  G_GUINT64_FORMAT " MiB", sent >> 20, (peak_after - peak_before) >> 20);
  g_assert_cmpint (close_code, ==, 1009);
  g_assert_cmpuint (sent, <, SIM_MAX_REQUEST + BUFFERED_SLACK);
  g_assert_cmpuint (peak_after - peak_before, <, BUFFERED_SLACK);
  g_clear_object (&raw);

  /* Alive, and serving a new client. */
  {
    g_autoptr(LcmClient) client = test_connect_client (sim->url, REQUEST_TIMEOUT_MS, WAIT_MS);
    g_autoptr(GError) error = NULL;
    g_autoptr(LcmRequest) request = lcm_request_new_telephony_outcomes (DEMO_ACCOUNT, &error);
    g_autoptr(JsonNode) answer = test_client_call_sync (client, request, WAIT_MS, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 49);
  }
  /* The refused request never reached wire_log; a large one that is accepted is kept cut. */
  g_assert_cmpint (test_sim_query_int (sim, "SELECT max(length(text)) FROM wire_log"), <,
                   1024);
  g_clear_pointer (&head, g_free);
  raw = connect_raw_client (sim, "", &head);
  socket = g_socket_connection_get_socket (raw);
  big = g_strnfill (SIM_MAX_REQUEST - 1024, 'y');
  append_frame (frame, TRUE, 0x1, TRUE, big, strlen (big));
  g_assert_true (send_all (socket, frame->data, frame->len));
  {
    guint opcode = 0;
    g_autoptr(GBytes) answer = receive_frame (socket, &opcode);

    /* Not JSON: a WS_Error, and the connection goes on. */
    g_assert_nonnull (answer);
    g_assert_cmpuint (opcode, ==, 0x1);
  }
  {
    g_autofree char *stored = test_sim_query_text (sim, "SELECT text FROM wire_log ORDER BY "
                                                        "id DESC LIMIT 1");
    g_autofree char *cut = g_strdup_printf (" [… cut: %" G_GSIZE_FORMAT " bytes in all]",
                                            strlen (big));

    g_assert_cmpuint (strlen (stored), ==, WIRE_LOG_MAX_TEXT + strlen (cut));
    g_assert_true (g_str_has_prefix (stored, "yyyy"));
    g_assert_true (g_str_has_suffix (stored, cut));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/faults/close-after", test_close_after);
  g_test_add_func ("/lcm/faults/malformed-every", test_malformed_every);
  g_test_add_func ("/lcm/faults/ignore-pings", test_ignore_pings);
  g_test_add_func ("/lcm/faults/gateway-killed", test_gateway_killed);
  g_test_add_func ("/lcm/faults/delay-ordering", test_delay_ordering);
  g_test_add_func ("/lcm/faults/drop-write-answers", test_drop_write_answers);
  g_test_add_func ("/lcm/faults/hostile-values", test_hostile_values);
  g_test_add_func ("/lcm/faults/log-masks-numbers", test_log_masks_numbers);
  g_test_add_func ("/lcm/faults/close-with-error-code", test_close_with_error_code);
  g_test_add_func ("/lcm/faults/hostile/gateway-huge-message", test_gateway_huge_message);
  g_test_add_func ("/lcm/faults/hostile/gateway-ends-connection", test_gateway_ends_connection);
  g_test_add_func ("/lcm/faults/hostile/gateway-early-frames", test_gateway_early_frames);
  g_test_add_func ("/lcm/faults/hostile/gateway-refused-frame", test_gateway_refused_frame);
  g_test_add_func ("/lcm/faults/hostile/client-huge-request", test_client_huge_request);

  return g_test_run ();
}
