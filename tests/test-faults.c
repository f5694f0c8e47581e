/* test-faults.c: LcmClient survives lcm-sim's faults, and hostile values stay inert
 *
 * Each test runs a real lcm-sim with a fault option (docs/simulator.md, "Faults") and
 * checks, over real sockets, that every request still gets its own answer and that what
 * reached the gateway's database is what was meant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "lcm.h"
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

  return g_test_run ();
}
