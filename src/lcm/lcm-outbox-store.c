/* lcm-outbox-store.c: the rows of the outbox's file
 *
 * Every write is a row of `entries`; these functions store, read, change and delete them
 * through prepared statements, and keep the list of LcmOutboxEntry in step with the file
 * (another program may change it: its data_version says so).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lcm-enum-types.h"
#include "lcm-error.h"
#include "lcm-json.h"
#include "lcm-outbox-private.h"

#define ENTRY_COLUMNS \
  "id, created_at, operation, callid, account_number, data, state, attempts, last_error, " \
  "refusal, summary"

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_INSERT] = "INSERT INTO entries (created_at, operation, callid, account_number, data, "
                  "summary) VALUES (?, ?, ?, ?, ?, ?);",
  [STMT_SELECT] = "SELECT " ENTRY_COLUMNS " FROM entries WHERE id = ?;",
  [STMT_NEXT_PENDING] = "SELECT " ENTRY_COLUMNS " FROM entries WHERE state = 'pending' "
                        "ORDER BY id LIMIT 1;",
  [STMT_UPDATE] = "UPDATE entries SET state = ?, attempts = attempts + ?, last_error = ?, "
                  "refusal = ? WHERE id = ?;",
  [STMT_DELETE] = "DELETE FROM entries WHERE id = ?;",
};

/* A summary as it is stored and shown: valid UTF-8, cut to MAX_SUMMARY_LENGTH characters
 * (never inside one), NULL for none. */
static char *
bounded_summary (const char *summary)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (summary == NULL || *summary == '\0')
    return NULL;
  valid = g_utf8_make_valid (summary, -1);
  end = valid;
  for (guint i = 0; i < MAX_SUMMARY_LENGTH && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  return g_strndup (valid, end - valid);
}

static LcmOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  LcmOutboxEntry *entry = g_object_new (LCM_TYPE_OUTBOX_ENTRY, NULL);
  const char *created = (const char *) sqlite3_column_text (stmt, 1);
  const char *operation = (const char *) sqlite3_column_text (stmt, 2);
  const char *data = (const char *) sqlite3_column_text (stmt, 5);
  const char *state = (const char *) sqlite3_column_text (stmt, 6);
  const char *refusal = (const char *) sqlite3_column_text (stmt, 9);
  gsize data_length = sqlite3_column_bytes (stmt, 5);
  gint64 attempts = sqlite3_column_int64 (stmt, 7);
  gboolean operation_known;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->created_at = created != NULL ? g_date_time_new_from_iso8601 (created, NULL) : NULL;
  if (entry->created_at == NULL)
    entry->created_at = g_date_time_new_from_unix_utc (0);
  /* An operation this program does not know is never guessed: such a write is unreadable. */
  operation_known = operation != NULL
                    && lcm_operation_from_request_subtopic (operation, &entry->operation);
  if (!operation_known)
    entry->operation = LCM_OPERATION_SET_TELEPHONY_OUTCOME;
  entry->call_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  entry->account_number = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry->state = g_strcmp0 (state, STATE_FAILED) == 0 ? LCM_OUTBOX_ENTRY_FAILED
                                                      : LCM_OUTBOX_ENTRY_PENDING;
  /* A failed write whose kind is not known may be sent again, as before there were kinds. */
  if (entry->state == LCM_OUTBOX_ENTRY_PENDING)
    entry->refusal = LCM_OUTBOX_REFUSAL_NONE;
  else if (g_strcmp0 (refusal, REFUSAL_PERMANENT) == 0)
    entry->refusal = LCM_OUTBOX_REFUSAL_PERMANENT;
  else
    entry->refusal = LCM_OUTBOX_REFUSAL_TEMPORARY;
  entry->summary = bounded_summary ((const char *) sqlite3_column_text (stmt, 10));
  entry->attempts = (guint) CLAMP (attempts, 0, G_MAXUINT);
  entry->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 8));

  if (operation_known && data != NULL && data_length <= MAX_STORED_DATA)
    {
      g_autoptr(JsonNode) node = lcm_json_parse (data, data_length, MAX_STORED_DATA, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        entry->data = json_object_ref (json_node_get_object (node));
    }
  return entry;
}

/* The statement, reset and ready for its bindings; NULL on a storage error. */
static sqlite3_stmt *
statement (LcmOutbox *self,
           Statement  which)
{
  sqlite3_stmt **stmt = &self->statements[which];

  if (*stmt == NULL
      && sqlite3_prepare_v3 (self->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                             stmt, NULL) != SQLITE_OK)
    {
      *stmt = NULL;
      return NULL;
    }
  return *stmt;
}

/* Done with it: no lock is held between uses. */
static void
statement_done (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Entries are kept in id order: a binary search finds where one is, or would go. */
static guint
find_position (LcmOutbox *self,
               gint64     id,
               gboolean  *found)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  guint low = 0;
  guint high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (model, middle);

      if (entry->id < id)
        low = middle + 1;
      else
        high = middle;
    }

  *found = FALSE;
  if (low < g_list_model_get_n_items (model))
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (model, low);

      *found = entry->id == id;
    }
  return low;
}

/* Reads every entry of the file into the list, in one splice. Entries already listed stay
 * the same objects (brought up to date), so whoever watches one goes on hearing of it. */
gboolean
lcm_outbox_store_load_entries (LcmOutbox  *self,
                               GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < n; i++)
    {
      LcmOutboxEntry *entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      g_hash_table_insert (listed, &entry->id, entry);
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT " ENTRY_COLUMNS " FROM entries ORDER BY id;", -1,
                          &stmt, NULL) != SQLITE_OK)
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_READ);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      LcmOutboxEntry *entry;
      LcmOutboxEntry *known;

      /* Accepted by the gateway: gone, but for the DELETE the file could not take yet. */
      if (g_hash_table_contains (self->accepted, &id))
        continue;
      entry = entry_from_row (stmt);
      known = g_hash_table_lookup (listed, &entry->id);

      if (known != NULL)
        {
          lcm_outbox_entry_update (known, entry);
          g_object_unref (entry);
          entry = g_object_ref (known);
        }
      lcm_outbox_entry_set_sending (entry, entry->id == self->in_flight);
      g_ptr_array_add (items, entry);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_READ);
      return FALSE;
    }

  {
    guint n_pending = 0, n_failed = 0;

    g_hash_table_remove_all (self->by_id);
    for (guint i = 0; i < items->len; i++)
      {
        LcmOutboxEntry *entry = g_ptr_array_index (items, i);

        g_hash_table_insert (self->by_id, &entry->id, g_object_ref (entry));
        if (entry->state == LCM_OUTBOX_ENTRY_FAILED)
          n_failed++;
        else
          n_pending++;
      }
    g_list_store_splice (self->entries, 0,
                         g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                         items->pdata, items->len);
    lcm_outbox_set_counts (self, n_pending, n_failed);
  }
  return TRUE;
}

/* Another program (an lcmctl, another outbox on the same file) may have stored, sent or
 * removed writes: then the list is read again. */
void
lcm_outbox_store_reload_if_changed (LcmOutbox *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gint64 version = lcm_outbox_store_query_int (self->db, "PRAGMA data_version;", &ok);

  if (!ok || version == self->data_version)
    return;
  self->data_version = version;
  /* The list stays as it was; sending reads the file itself, and says so if it cannot. */
  if (!lcm_outbox_store_load_entries (self, &error))
    g_debug ("%s", error->message);
}

gint64
lcm_outbox_store_request (LcmOutbox   *self,
                          LcmRequest  *request,
                          GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                    lcm_request_get_data (request));
  g_autofree char *data = lcm_json_node_to_string (node, NULL);
  g_autofree char *summary = bounded_summary (lcm_request_get_summary (request));
  JsonObject *object = lcm_request_get_data (request);
  const char *account = NULL;
  sqlite3_stmt *stmt = statement (self, STMT_INSERT);
  int rc;

  if (json_object_has_member (object, "AccountNumber")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "AccountNumber")))
    account = json_object_get_string_member (object, "AccountNumber");

  if (stmt == NULL)
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_STORE_WRITE);
      return 0;
    }
  sqlite3_bind_text (stmt, 1, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2,
                     lcm_operation_get_request_subtopic (lcm_request_get_operation (request)),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, lcm_request_get_callid (request), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, summary, -1, SQLITE_TRANSIENT);
  /* Autocommit: when this returns, the write is in the file. */
  rc = sqlite3_step (stmt);
  statement_done (stmt);
  if (rc != SQLITE_DONE)
    {
      lcm_outbox_set_storage_error (error, self->db, STORAGE_STORE_WRITE);
      return 0;
    }
  lcm_outbox_store_checkpoint (self);
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
lcm_outbox_store_read_entry (LcmOutbox       *self,
                             gint64           id,
                             LcmOutboxEntry **out)
{
  sqlite3_stmt *stmt = statement (self, STMT_SELECT);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = entry_from_row (stmt);
  statement_done (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* The next write to send: the pending one with the smallest id. FALSE on a storage error;
 * TRUE with *out NULL when none is pending. */
gboolean
lcm_outbox_store_next_pending (LcmOutbox       *self,
                               LcmOutboxEntry **out)
{
  sqlite3_stmt *stmt = statement (self, STMT_NEXT_PENDING);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = entry_from_row (stmt);
  statement_done (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Failed with that refusal, or pending again (LCM_OUTBOX_REFUSAL_NONE). */
gboolean
lcm_outbox_store_update_entry (LcmOutbox        *self,
                               gint64            id,
                               LcmOutboxRefusal  refusal,
                               gboolean          count_attempt,
                               const char       *last_error)
{
  sqlite3_stmt *stmt = statement (self, STMT_UPDATE);
  const char *refusal_text = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (refusal == LCM_OUTBOX_REFUSAL_TEMPORARY)
    refusal_text = REFUSAL_TEMPORARY;
  else if (refusal == LCM_OUTBOX_REFUSAL_PERMANENT)
    refusal_text = REFUSAL_PERMANENT;
  sqlite3_bind_text (stmt, 1, refusal_text != NULL ? STATE_FAILED : STATE_PENDING, -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, count_attempt ? 1 : 0);
  sqlite3_bind_text (stmt, 3, last_error, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, refusal_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, id);
  rc = sqlite3_step (stmt);
  statement_done (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  lcm_outbox_store_checkpoint (self);
  return TRUE;
}

gboolean
lcm_outbox_store_delete_entry (LcmOutbox *self,
                               gint64     id)
{
  sqlite3_stmt *stmt = statement (self, STMT_DELETE);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  statement_done (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  lcm_outbox_store_checkpoint (self);
  return TRUE;
}

/* Brings the list's copy of an entry in line with the file (removes it when gone). */
void
lcm_outbox_store_refresh_entry (LcmOutbox *self,
                                gint64     id)
{
  g_autoptr(LcmOutboxEntry) stored = NULL;
  LcmOutboxEntry *listed = g_hash_table_lookup (self->by_id, &id);
  guint n_pending = self->n_pending;
  guint n_failed = self->n_failed;
  gboolean found;
  guint position;

  if (!lcm_outbox_store_read_entry (self, id, &stored))
    return;
  if (g_hash_table_contains (self->accepted, &id))
    g_clear_object (&stored);

  if (listed != NULL)
    {
      if (listed->state == LCM_OUTBOX_ENTRY_FAILED)
        n_failed--;
      else
        n_pending--;
    }
  if (stored != NULL)
    {
      if (stored->state == LCM_OUTBOX_ENTRY_FAILED)
        n_failed++;
      else
        n_pending++;
    }

  position = find_position (self, id, &found);
  if (stored == NULL)
    {
      g_hash_table_remove (self->by_id, &id);
      if (found)
        g_list_store_remove (self->entries, position);
    }
  else if (listed == NULL)
    {
      lcm_outbox_entry_set_sending (stored, stored->id == self->in_flight);
      g_hash_table_insert (self->by_id, &stored->id, g_object_ref (stored));
      g_list_store_insert (self->entries, position, stored);
    }
  else
    {
      lcm_outbox_entry_update (listed, stored);
      lcm_outbox_entry_set_sending (listed, listed->id == self->in_flight);
    }
  lcm_outbox_set_counts (self, n_pending, n_failed);
}
