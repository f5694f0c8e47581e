/* lcm-outbox.c: the durable outbox every write goes through
 *
 * The file is the truth: a write is an `entries` row from the moment it is submitted (the
 * INSERT is committed, and with synchronous=FULL on disk, before the write is handed to the
 * client) until the gateway accepts it. The next write to send is always the pending row
 * with the smallest id, read from the file, so a crash, a kill -9 or another program's
 * writes never change the order. One write is in flight at a time: the protocol has no
 * request id, and sending the next before the previous one is answered could reorder them
 * at the gateway after a dropped connection.
 *
 * What the file says must stay true: a write the gateway accepted is never sent again by
 * this outbox, even when the file cannot take its DELETE (a full disk: it is retried), and a
 * program that stops closes the outbox first, so that no write is left on the wire while
 * the file still calls it pending. The file is looked at read-only before anything is
 * written to it, named by an absolute path (never an SQLite URI), created with its tables
 * before it is switched to WAL, and checkpointed after every commit.
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
#include "lcm-outbox.h"

/* 1: the first; 2: the kind of a refusal and the summary for people. */
#define SCHEMA_VERSION     2
#define BUSY_TIMEOUT_MS    5000
/* A stored write is a request's data object: a few KiB at most. Anything larger in the file
 * is not ours. */
#define MAX_STORED_DATA    (256 * 1024)
/* A summary for people is a line in a list, never a document. */
#define MAX_SUMMARY_LENGTH 200
/* Retrying a write that got no answer on a live connection: 1 s, doubling, at most 30 s. */
#define RETRY_FIRST_MS     1000
#define RETRY_MAX_MS       30000

#define STATE_PENDING "pending"
#define STATE_FAILED  "failed"

#define REFUSAL_TEMPORARY "temporary"
#define REFUSAL_PERMANENT "permanent"

G_DEFINE_QUARK (lcm-outbox-error-quark, lcm_outbox_error)

/* ------------------------------------------------------------------------------------------
 * LcmOutboxEntry
 */

struct _LcmOutboxEntry
{
  GObject              parent_instance;

  gint64               id;
  GDateTime           *created_at;
  LcmOperation         operation;
  char                *call_id;
  char                *account_number;
  LcmOutboxEntryState  state;
  LcmOutboxRefusal     refusal;
  guint                attempts;
  char                *last_error;
  gboolean             sending;
  JsonObject          *data;
  char                *summary;
};

G_DEFINE_FINAL_TYPE (LcmOutboxEntry, lcm_outbox_entry, G_TYPE_OBJECT)

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_ID,
  ENTRY_PROP_CREATED_AT,
  ENTRY_PROP_OPERATION,
  ENTRY_PROP_CALL_ID,
  ENTRY_PROP_ACCOUNT_NUMBER,
  ENTRY_PROP_STATE,
  ENTRY_PROP_REFUSAL,
  ENTRY_PROP_ATTEMPTS,
  ENTRY_PROP_LAST_ERROR,
  ENTRY_PROP_SENDING,
  ENTRY_PROP_SUMMARY,
  ENTRY_N_PROPS
};

static GParamSpec *entry_properties[ENTRY_N_PROPS];

static void
lcm_outbox_entry_finalize (GObject *object)
{
  LcmOutboxEntry *self = LCM_OUTBOX_ENTRY (object);

  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->data, json_object_unref);
  g_free (self->call_id);
  g_free (self->account_number);
  g_free (self->last_error);
  g_free (self->summary);

  G_OBJECT_CLASS (lcm_outbox_entry_parent_class)->finalize (object);
}

static void
lcm_outbox_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LcmOutboxEntry *self = LCM_OUTBOX_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case ENTRY_PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case ENTRY_PROP_OPERATION:
      g_value_set_enum (value, self->operation);
      break;
    case ENTRY_PROP_CALL_ID:
      g_value_set_string (value, self->call_id);
      break;
    case ENTRY_PROP_ACCOUNT_NUMBER:
      g_value_set_string (value, self->account_number);
      break;
    case ENTRY_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case ENTRY_PROP_REFUSAL:
      g_value_set_enum (value, self->refusal);
      break;
    case ENTRY_PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case ENTRY_PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case ENTRY_PROP_SENDING:
      g_value_set_boolean (value, self->sending);
      break;
    case ENTRY_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_outbox_entry_class_init (LcmOutboxEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lcm_outbox_entry_finalize;
  object_class->get_property = lcm_outbox_entry_get_property;

  entry_properties[ENTRY_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  entry_properties[ENTRY_PROP_OPERATION] =
    g_param_spec_enum ("operation", NULL, NULL, LCM_TYPE_OPERATION,
                       LCM_OPERATION_SET_TELEPHONY_OUTCOME, flags);
  entry_properties[ENTRY_PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_ACCOUNT_NUMBER] =
    g_param_spec_string ("account-number", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LCM_TYPE_OUTBOX_ENTRY_STATE,
                       LCM_OUTBOX_ENTRY_PENDING, flags);
  entry_properties[ENTRY_PROP_REFUSAL] =
    g_param_spec_enum ("refusal", NULL, NULL, LCM_TYPE_OUTBOX_REFUSAL,
                       LCM_OUTBOX_REFUSAL_NONE, flags);
  entry_properties[ENTRY_PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  entry_properties[ENTRY_PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE, flags);
  entry_properties[ENTRY_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_properties);
}

static void
lcm_outbox_entry_init (LcmOutboxEntry *self)
{
}

/* Brings an entry in line with what the file says of it now. */
static void
entry_update (LcmOutboxEntry *self,
              LcmOutboxEntry *stored)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != stored->state)
    {
      self->state = stored->state;
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_STATE]);
    }
  if (self->refusal != stored->refusal)
    {
      self->refusal = stored->refusal;
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_REFUSAL]);
    }
  if (self->attempts != stored->attempts)
    {
      self->attempts = stored->attempts;
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_ATTEMPTS]);
    }
  if (g_strcmp0 (self->last_error, stored->last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (stored->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_LAST_ERROR]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
entry_set_sending (LcmOutboxEntry *self,
                   gboolean        sending)
{
  if (self->sending == sending)
    return;
  self->sending = sending;
  g_object_notify_by_pspec (G_OBJECT (self), entry_properties[ENTRY_PROP_SENDING]);
}

gint64
lcm_outbox_entry_get_id (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), 0);
  return self->id;
}

GDateTime *
lcm_outbox_entry_get_created_at (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->created_at;
}

LcmOperation
lcm_outbox_entry_get_operation (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), LCM_OPERATION_SET_TELEPHONY_OUTCOME);
  return self->operation;
}

const char *
lcm_outbox_entry_get_call_id (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->call_id;
}

const char *
lcm_outbox_entry_get_account_number (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->account_number;
}

LcmOutboxEntryState
lcm_outbox_entry_get_state (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), LCM_OUTBOX_ENTRY_PENDING);
  return self->state;
}

LcmOutboxRefusal
lcm_outbox_entry_get_refusal (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), LCM_OUTBOX_REFUSAL_NONE);
  return self->refusal;
}

guint
lcm_outbox_entry_get_attempts (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), 0);
  return self->attempts;
}

const char *
lcm_outbox_entry_get_last_error (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->last_error;
}

gboolean
lcm_outbox_entry_get_sending (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), FALSE);
  return self->sending;
}

JsonObject *
lcm_outbox_entry_get_data (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->data;
}

const char *
lcm_outbox_entry_get_summary (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return self->summary;
}

/* A string member of the stored data; NULL when absent, not a string, or empty. */
static const char *
entry_data_string (LcmOutboxEntry *self,
                   const char     *name)
{
  JsonNode *node = self->data != NULL ? json_object_get_member (self->data, name) : NULL;
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  return text != NULL && *text != '\0' ? text : NULL;
}

/* One end of the callback window: its DD/MM/YYYY and HH:mm members, in local time. */
static GDateTime *
entry_data_local_time (LcmOutboxEntry *self,
                       const char     *date_member,
                       const char     *time_member)
{
  const char *date = entry_data_string (self, date_member);
  const char *time = entry_data_string (self, time_member);
  g_autofree char *text = NULL;

  if (date == NULL || time == NULL)
    return NULL;
  text = g_strconcat (date, " ", time, NULL);
  return lcm_parse_date_time (text, NULL, NULL);
}

const char *
lcm_outbox_entry_get_comments (LcmOutboxEntry *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), NULL);
  return entry_data_string (self, "AgentComments");
}

gboolean
lcm_outbox_entry_get_callback_window (LcmOutboxEntry  *self,
                                      GDateTime      **start,
                                      GDateTime      **end)
{
  g_autoptr(GDateTime) window_start = NULL;
  g_autoptr(GDateTime) window_end = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX_ENTRY (self), FALSE);

  if (start != NULL)
    *start = NULL;
  if (end != NULL)
    *end = NULL;
  if (self->operation != LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK)
    return FALSE;

  window_start = entry_data_local_time (self, "StartDate", "StartTime");
  window_end = entry_data_local_time (self, "EndDate", "EndTime");
  if (window_start == NULL || window_end == NULL)
    return FALSE;

  if (start != NULL)
    *start = g_steal_pointer (&window_start);
  if (end != NULL)
    *end = g_steal_pointer (&window_end);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * LcmOutbox
 */

/* Prepared once: each use of a statement allocates nothing more. */
typedef enum
{
  STMT_INSERT,
  STMT_SELECT,
  STMT_NEXT_PENDING,
  STMT_UPDATE,
  STMT_DELETE,
  N_STATEMENTS
} Statement;

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

/* Why the retry is scheduled: a write that got no answer waits for it; the others only
 * wait for the lock or the file, and every other chance to try is taken as well. */
typedef enum
{
  RETRY_ANSWER,
  RETRY_LOCK,
  RETRY_STORAGE,
} RetryKind;

struct _LcmOutbox
{
  GObject       parent_instance;

  char         *path;          /* absolute; NULL: in memory */
  sqlite3      *db;
  sqlite3_stmt *statements[N_STATEMENTS];
  gint64        data_version;  /* of the file, when the entries were last read */
  int           lock_fd;       /* -1 until this outbox is the file's sender */

  LcmClient    *client;
  GListStore   *entries;       /* LcmOutboxEntry, by id */
  GHashTable   *by_id;         /* &entry->id -> the same entries */
  guint         n_pending;
  guint         n_failed;

  GCancellable *cancellable;   /* of the write in flight; cancelled when disposed */
  gint64        in_flight;     /* id of the write being sent, 0 when none */
  GHashTable   *accepted;      /* gint64 *: ids the gateway accepted whose DELETE failed */
  guint         retry_source;
  guint         retry_delay_ms;
  RetryKind     retry_kind;
  gboolean      closing;       /* lcm_outbox_close_async(): nothing more is sent */
  char         *stall_reason;  /* why writes wait, for people */
  guint         n_refused;     /* refusals so far, for the flushes' results */
  guint         n_unreadable;  /* stored writes that could not be read back, the same */
  GQueue        waiters;       /* Waiter: submits, flushes and waits */
  GQueue        closers;       /* Waiter: closes */
};

G_DEFINE_FINAL_TYPE (LcmOutbox, lcm_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PATH,
  PROP_N_PENDING,
  PROP_N_FAILED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  WAITER_SUBMIT, /* the fate of its write, or QUEUED at the first stall */
  WAITER_FLUSH,  /* no write pending, or QUEUED at the first stall */
  WAITER_WAIT,   /* either of them, through the stalls that end by themselves */
  WAITER_CLOSE,  /* nothing in flight any more */
} WaiterKind;

/* A submit or a wait for one write (id > 0); a flush or a wait for an empty queue (id 0). */
typedef struct
{
  LcmOutbox  *outbox;
  GTask      *task;
  WaiterKind  kind;
  gint64      id;
  guint       n_refused_at_start;
  guint       n_unreadable_at_start;
  GSource    *cancel_source;
} Waiter;

/* What keeps the writes from going: whether waiting longer helps, and why not. */
typedef enum
{
  STALL_TRANSIENT, /* no answer yet, a connection being made again: it ends by itself */
  STALL_FINAL,     /* no client, another sender, closed: not by waiting here */
  STALL_STORAGE,   /* the file or its lock cannot be used: someone must do something */
} Stall;

static void pump (LcmOutbox *self);

/* Storage */

/* What the outbox was doing when its storage failed; each has its own whole sentence so that
 * translators never assemble one from pieces. */
typedef enum {
  STORAGE_OPEN,
  STORAGE_CREATE,
  STORAGE_UPGRADE,
  STORAGE_READ,
  STORAGE_STORE_WRITE,
  STORAGE_STORE_CHANGE,
} StorageStep;

static void
set_storage_error (GError     **error,
                   sqlite3     *db,
                   StorageStep  step)
{
  const char *reason = db != NULL ? sqlite3_errmsg (db) : _("out of memory");

  switch (step)
    {
    case STORAGE_OPEN:
      /* Translators: %s is why, from the database */
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be opened: %s"), reason);
      break;
    case STORAGE_CREATE:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be created: %s"), reason);
      break;
    case STORAGE_UPGRADE:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be brought up to date: %s"), reason);
      break;
    case STORAGE_READ:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not be read: %s"), reason);
      break;
    case STORAGE_STORE_WRITE:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not store the write: %s"), reason);
      break;
    case STORAGE_STORE_CHANGE:
    default:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox could not store the change: %s"), reason);
      break;
    }
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          StorageStep  step,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  set_storage_error (error, db, step);
  return FALSE;
}

/* The first column of the first row of sql: into *out_int (0 when there is no row) and, when
 * out_text is not NULL, into *out_text (NULL then). SQLite's result code. */
static int
query_value (sqlite3     *db,
             const char  *sql,
             gint64      *out_int,
             char       **out_text)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_int = 0;
  if (out_text != NULL)
    *out_text = NULL;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_int = sqlite3_column_int64 (stmt, 0);
      if (out_text != NULL)
        *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (stmt);
  return rc;
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           gboolean   *ok)
{
  gint64 value;

  *ok = query_value (db, sql, &value, NULL) == SQLITE_OK;
  return value;
}

static const char *schema_sql =
  "CREATE TABLE IF NOT EXISTS entries ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_at TEXT NOT NULL,"
  "  operation TEXT NOT NULL,"
  "  callid TEXT,"
  "  account_number TEXT,"
  "  data TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  refusal TEXT CHECK (refusal IN ('temporary', 'permanent')),"
  "  summary TEXT"
  ");";

/* From version 1: a refusal of unknown kind may be sent again, as it could then. */
static const char *migrate_1_sql =
  "ALTER TABLE entries ADD COLUMN refusal TEXT CHECK (refusal IN ('temporary', 'permanent'));"
  "ALTER TABLE entries ADD COLUMN summary TEXT;"
  "UPDATE entries SET refusal = 'temporary' WHERE state = 'failed';";

/* The columns of `entries`, in order, in each version: a table of that name with others is
 * another program's. */
#define COLUMNS_1 "id,created_at,operation,callid,account_number,data,state,attempts,last_error"
#define COLUMNS_2 COLUMNS_1 ",refusal,summary"

/* The file is created private to the user: it holds agents' comments about customers. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (dir);

      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox folder %s could not be created: %s"), shown,
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox %s could not be opened: %s"), shown, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static void
set_newer_version_error (GError **error)
{
  g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                       _("The outbox was written by a newer version of this program"));
}

/* Why a file is refused as it is found; each a whole sentence, for translators. */
typedef enum
{
  REFUSE_NOT_A_DATABASE,
  REFUSE_FOREIGN,
  REFUSE_DAMAGED,
  REFUSE_LOST_LOG,
  REFUSE_LOST_TABLES,
} Refusal;

static void
set_refused_error (GError     **error,
                   const char  *path,
                   Refusal      why,
                   const char  *detail)
{
  g_autofree char *shown = g_filename_display_name (path);

  switch (why)
    {
    case REFUSE_NOT_A_DATABASE:
      /* Translators: %s is a file */
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("%s is not an outbox: it is not a database file"), shown);
      break;
    case REFUSE_FOREIGN:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("%s is not an outbox: it is another program’s database, left as it is"),
                   shown);
      break;
    case REFUSE_DAMAGED:
      /* Translators: %s is a file, then what SQLite found wrong */
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED,
                   _("The outbox %s is damaged (%s): it is left as it is, with the writes "
                     "it still holds; move it aside to start a new one"), shown, detail);
      break;
    case REFUSE_LOST_LOG:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED,
                   _("The outbox %s is damaged: the file was emptied, and its writes are "
                     "left in its write-ahead log %s-wal; both are left as they are"),
                   shown, shown);
      break;
    case REFUSE_LOST_TABLES:
    default:
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED,
                   _("The outbox %s has lost its contents: the file is in write-ahead-log "
                     "mode but holds no table, so its log (%s-wal) was lost or damaged; it is "
                     "left as it is"), shown, shown);
      break;
    }
}

/* What the read-only look at the file found. */
typedef enum
{
  LOOK_NEW,      /* empty: to be created */
  LOOK_OURS,     /* an outbox, to be opened */
  LOOK_FAILED,   /* the error is set */
  LOOK_RETRY_RW, /* a hot journal to roll back first, which a read-only look cannot do */
} Look;

/* Looks at an existing, non-empty file through its own connection, writing nothing (no
 * checkpoint either on closing it), read-only unless SQLite must first roll back what a
 * killed writer left, as any reader does. */
static Look
look_at_file (const char  *path,
              int          flags,
              GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *check = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *journal = NULL;
  gint64 version = 0, n_pages = 0, n_objects = 0, unused;
  Look look = LOOK_OURS;
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, TRUE);
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      rc = query_value (db, "PRAGMA quick_check(1);", &unused, &check);
    }
  if (rc == SQLITE_OK)
    rc = query_value (db, "PRAGMA user_version;", &version, NULL);
  if (rc == SQLITE_OK)
    rc = query_value (db, "PRAGMA page_count;", &n_pages, NULL);
  if (rc == SQLITE_OK)
    rc = query_value (db, "PRAGMA journal_mode;", &unused, &journal);
  if (rc == SQLITE_OK)
    rc = query_value (db, "SELECT count(*) FROM sqlite_master;", &n_objects, NULL);
  /* Ours are the table `entries` and SQLite's own (its AUTOINCREMENT counters). */
  if (rc == SQLITE_OK)
    rc = query_value (db, "SELECT name FROM sqlite_master WHERE name != 'entries' AND "
                      "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' LIMIT 1;", &unused, &foreign);
  if (rc == SQLITE_OK)
    rc = query_value (db, "SELECT group_concat(name, ',') FROM (SELECT name FROM "
                      "pragma_table_info('entries') ORDER BY cid);", &unused, &columns);

  if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
    look = LOOK_RETRY_RW;
  else if ((rc & 0xff) == SQLITE_NOTADB)
    {
      set_refused_error (error, path, REFUSE_NOT_A_DATABASE, NULL);
      look = LOOK_FAILED;
    }
  else if ((rc & 0xff) == SQLITE_CORRUPT)
    {
      set_refused_error (error, path, REFUSE_DAMAGED, sqlite3_errmsg (db));
      look = LOOK_FAILED;
    }
  else if (rc != SQLITE_OK)
    {
      set_storage_error (error, db, STORAGE_OPEN);
      look = LOOK_FAILED;
    }
  else if (g_strcmp0 (check, "ok") != 0)
    {
      set_refused_error (error, path, REFUSE_DAMAGED, check != NULL ? check : "quick_check");
      look = LOOK_FAILED;
    }
  else if (n_pages == 0)
    look = LOOK_NEW;
  else if (version > SCHEMA_VERSION)
    {
      set_newer_version_error (error);
      look = LOOK_FAILED;
    }
  else if (n_objects == 0 && version == 0 && g_strcmp0 (journal, "wal") == 0)
    {
      /* New files get their tables before they are switched to WAL: one in WAL mode
       * without them lost what its log held. */
      set_refused_error (error, path, REFUSE_LOST_TABLES, NULL);
      look = LOOK_FAILED;
    }
  else if (foreign != NULL || version == 0
           || g_strcmp0 (columns, version == 1 ? COLUMNS_1 : COLUMNS_2) != 0)
    {
      set_refused_error (error, path, REFUSE_FOREIGN, NULL);
      look = LOOK_FAILED;
    }

  sqlite3_close (db);
  return look;
}

/* Before anything is written to the file, and before SQLite sees it: whether it is new (it
 * does not exist, or is empty), an outbox, or to be refused as it is. */
static gboolean
inspect_file (const char  *path,
              gboolean    *is_new,
              GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  Look look;

  *is_new = TRUE;
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_autofree char *shown = NULL;

      if (saved_errno == ENOENT)
        return TRUE;
      shown = g_filename_display_name (path);
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox %s could not be opened: %s"), shown, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_refused_error (error, path, REFUSE_NOT_A_DATABASE, NULL);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      /* SQLite would take the file for a new database, and delete its log with the writes
       * in it. */
      if (g_stat (wal, &st) == 0 && st.st_size > 0)
        {
          set_refused_error (error, path, REFUSE_LOST_LOG, NULL);
          return FALSE;
        }
      return TRUE;
    }

  look = look_at_file (path, SQLITE_OPEN_READONLY, error);
  if (look == LOOK_RETRY_RW)
    look = look_at_file (path, SQLITE_OPEN_READWRITE, error);
  if (look == LOOK_RETRY_RW)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                   _("The outbox %s could not be opened: %s"), shown,
                   sqlite3_errstr (SQLITE_READONLY_ROLLBACK));
      return FALSE;
    }
  *is_new = look == LOOK_NEW;
  return look != LOOK_FAILED;
}

/* A commit lives in the write-ahead log until a checkpoint copies it into the file: done at
 * once, so that a -wal lost or damaged later loses no write. PASSIVE: it never waits; what a
 * reader keeps it from copying now goes with the next commit. It may fail (a full disk): the
 * commit is safe in the log all the same. */
static void
checkpoint (LcmOutbox *self)
{
  if (self->path != NULL)
    sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

/* Creates the tables of a new file, or brings an older file's up to date in place: all of
 * it or nothing, in one transaction. The version is read again inside it, since another
 * program may have done it meanwhile. */
static gboolean
upgrade_schema (sqlite3  *db,
                GError  **error)
{
  g_autofree char *sql = NULL;
  const char *step = NULL;
  StorageStep what = STORAGE_CREATE;
  gint64 version;
  gboolean ok;

  if (!exec_sql (db, "BEGIN IMMEDIATE;", STORAGE_CREATE, error))
    return FALSE;

  version = query_int (db, "PRAGMA user_version;", &ok);
  if (!ok)
    set_storage_error (error, db, STORAGE_READ);
  else if (version == 0)
    step = schema_sql;
  else if (version == 1)
    {
      step = migrate_1_sql;
      what = STORAGE_UPGRADE;
    }
  else if (version != SCHEMA_VERSION)
    {
      set_newer_version_error (error);
      ok = FALSE;
    }

  if (ok && step != NULL)
    {
      sql = g_strdup_printf ("%s PRAGMA user_version=%d;", step, SCHEMA_VERSION);
      ok = exec_sql (db, sql, what, error);
    }
  if (!ok || !exec_sql (db, "COMMIT;", what, error))
    {
      sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_db (LcmOutbox  *self,
         GError    **error)
{
  gboolean is_new = TRUE;
  gint64 version;
  gboolean ok;
  int rc;

  if (self->path != NULL
      && (!inspect_file (self->path, &is_new, error)
          || !create_private_file (self->path, error)))
    return FALSE;

  /* An absolute path is never read as a URI, whatever SQLite was built with. */
  g_assert (self->path == NULL || g_path_is_absolute (self->path));
  rc = sqlite3_open_v2 (self->path != NULL ? self->path : ":memory:", &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_storage_error (error, self->db, STORAGE_OPEN);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* FULL: a commit is on disk when it returns, so a power cut after it cannot lose the
   * write. */
  if (!exec_sql (self->db, "PRAGMA synchronous=FULL;", STORAGE_OPEN, error))
    return FALSE;

  version = query_int (self->db, "PRAGMA user_version;", &ok);
  if (!ok)
    {
      set_storage_error (error, self->db, STORAGE_READ);
      return FALSE;
    }
  if (version > SCHEMA_VERSION)
    {
      set_newer_version_error (error);
      return FALSE;
    }
  /* A new file gets its tables before it is switched to WAL, in the file itself: a file in
   * WAL mode without them has lost what its log held, and is never taken for a new one. */
  if (version != SCHEMA_VERSION && !upgrade_schema (self->db, error))
    return FALSE;

  /* WAL: a reader (lcmctl outbox list) never blocks the sender. */
  if (self->path != NULL
      && !exec_sql (self->db, "PRAGMA journal_mode=WAL;", STORAGE_OPEN, error))
    return FALSE;
  checkpoint (self);

  g_debug ("Opened %s (%s)", self->path != NULL ? self->path : ":memory:",
           is_new ? "new" : "existing");
  self->data_version = query_int (self->db, "PRAGMA data_version;", &ok);
  return TRUE;
}

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

static void
set_counts (LcmOutbox *self,
            guint      n_pending,
            guint      n_failed)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_pending != n_pending)
    {
      self->n_pending = n_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
  if (self->n_failed != n_failed)
    {
      self->n_failed = n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
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
static gboolean
load_entries (LcmOutbox  *self,
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
      set_storage_error (error, self->db, STORAGE_READ);
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
          entry_update (known, entry);
          g_object_unref (entry);
          entry = g_object_ref (known);
        }
      entry_set_sending (entry, entry->id == self->in_flight);
      g_ptr_array_add (items, entry);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_storage_error (error, self->db, STORAGE_READ);
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
    set_counts (self, n_pending, n_failed);
  }
  return TRUE;
}

/* Another program (an lcmctl, another outbox on the same file) may have stored, sent or
 * removed writes: then the list is read again. */
static void
reload_if_changed (LcmOutbox *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gint64 version = query_int (self->db, "PRAGMA data_version;", &ok);

  if (!ok || version == self->data_version)
    return;
  self->data_version = version;
  /* The list stays as it was; sending reads the file itself, and says so if it cannot. */
  if (!load_entries (self, &error))
    g_debug ("%s", error->message);
}

static gint64
store_request (LcmOutbox   *self,
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
      set_storage_error (error, self->db, STORAGE_STORE_WRITE);
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
      set_storage_error (error, self->db, STORAGE_STORE_WRITE);
      return 0;
    }
  checkpoint (self);
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
read_entry (LcmOutbox       *self,
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
static gboolean
next_pending (LcmOutbox       *self,
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
static gboolean
update_entry (LcmOutbox        *self,
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
  checkpoint (self);
  return TRUE;
}

static gboolean
delete_entry (LcmOutbox *self,
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
  checkpoint (self);
  return TRUE;
}

/* Brings the list's copy of an entry in line with the file (removes it when gone). */
static void
refresh_entry (LcmOutbox *self,
               gint64     id)
{
  g_autoptr(LcmOutboxEntry) stored = NULL;
  LcmOutboxEntry *listed = g_hash_table_lookup (self->by_id, &id);
  guint n_pending = self->n_pending;
  guint n_failed = self->n_failed;
  gboolean found;
  guint position;

  if (!read_entry (self, id, &stored))
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
      entry_set_sending (stored, stored->id == self->in_flight);
      g_hash_table_insert (self->by_id, &stored->id, g_object_ref (stored));
      g_list_store_insert (self->entries, position, stored);
    }
  else
    {
      entry_update (listed, stored);
      entry_set_sending (listed, listed->id == self->in_flight);
    }
  set_counts (self, n_pending, n_failed);
}

/* Only one program sends a file's writes: the order is kept only if one sender picks them. */
typedef enum
{
  LOCK_TAKEN,
  LOCK_HELD,   /* by another program, alive: its writes and ours go with it */
  LOCK_FAILED, /* the lock file cannot be used at all: the error says what to do */
} LockResult;

static LockResult
acquire_sender_lock (LcmOutbox  *self,
                     GError    **error)
{
  g_autofree char *lock_path = NULL;
  g_autofree char *shown = NULL;
  int saved_errno;
  int fd;

  if (self->path == NULL || self->lock_fd >= 0)
    return LOCK_TAKEN;

  lock_path = g_strconcat (self->path, ".lock", NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) == 0)
    {
      self->lock_fd = fd;
      return LOCK_TAKEN;
    }
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (fd >= 0 && saved_errno == EWOULDBLOCK)
    return LOCK_HELD;

  /* A lock file left by another user (a flush run with sudo), or a folder in its place:
   * nobody holds it, and nobody ever will until someone removes it. */
  shown = g_filename_display_name (lock_path);
  g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
               /* Translators: %s is a file, then why it cannot be opened */
               _("The outbox’s lock file %s cannot be used (%s), so the outbox’s writes "
                 "cannot be sent: once no other program uses this outbox, remove that file"),
               shown, g_strerror (saved_errno));
  return LOCK_FAILED;
}

static void
release_sender_lock (LcmOutbox *self)
{
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  self->lock_fd = -1;
}

/* Waiters */

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

/* Takes error. A submit or a wait completes with the write's answer, a flush or a close with
 * TRUE. */
static void
complete_waiter (Waiter   *waiter,
                 JsonNode *response,
                 GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&waiter->task);
  WaiterKind kind = waiter->kind;

  if (!g_queue_remove (&waiter->outbox->waiters, waiter))
    g_queue_remove (&waiter->outbox->closers, waiter);
  waiter_free (waiter);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (kind == WAITER_SUBMIT || kind == WAITER_WAIT)
    g_task_return_pointer (task, response != NULL ? json_node_ref (response) : NULL,
                           (GDestroyNotify) json_node_unref);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  Waiter *waiter = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  complete_waiter (waiter, NULL, error);
  return G_SOURCE_REMOVE;
}

static void
add_waiter (LcmOutbox  *self,
            GTask      *task,
            WaiterKind  kind,
            gint64      id)
{
  Waiter *waiter = g_new0 (Waiter, 1);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->outbox = self;
  waiter->task = g_object_ref (task);
  waiter->kind = kind;
  waiter->id = id;
  waiter->n_refused_at_start = self->n_refused;
  waiter->n_unreadable_at_start = self->n_unreadable;
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_queue_push_tail (kind == WAITER_CLOSE ? &self->closers : &self->waiters, waiter);
}

/* The waiters of one write (id > 0), or of an empty queue (id 0), out of the queue first:
 * the callbacks run as they are told, and may submit, flush or cancel meanwhile. */
static GPtrArray *
take_waiters (LcmOutbox *self,
              gint64     id)
{
  GPtrArray *taken = g_ptr_array_new ();

  for (GList *l = self->waiters.head; l != NULL;)
    {
      GList *next = l->next;
      Waiter *waiter = l->data;

      if (waiter->id == id)
        {
          g_queue_delete_link (&self->waiters, l);
          g_ptr_array_add (taken, waiter);
        }
      l = next;
    }
  return taken;
}

/* The fate of one write is known: tell those who submitted it, or wait for it. */
static void
complete_entry_waiters (LcmOutbox    *self,
                        gint64        id,
                        JsonNode     *response,
                        const GError *error)
{
  g_autoptr(GPtrArray) taken = take_waiters (self, id);

  for (guint i = 0; i < taken->len; i++)
    complete_waiter (g_ptr_array_index (taken, i), response,
                     error != NULL ? g_error_copy (error) : NULL);
}

/* The message says why the write waits (for people); the code says that it is stored. */
static GError *
queued_error (LcmOutbox *self)
{
  return g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED,
                              self->stall_reason != NULL
                              ? self->stall_reason
                              : _("The gateway has not answered yet"));
}

/* Nothing can be sent now: every write waiting for an answer is queued, for now; those who
 * wait through stalls hear of it only when waiting cannot help. Called last: the callbacks
 * may send again. */
static void
queue_waiters (LcmOutbox  *self,
               const char *reason,
               Stall       stall)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  if (reason != NULL && g_strcmp0 (reason, self->stall_reason) != 0)
    {
      g_free (self->stall_reason);
      self->stall_reason = g_strdup (reason);
    }

  for (GList *l = self->waiters.head; l != NULL;)
    {
      GList *next = l->next;
      Waiter *waiter = l->data;

      if (waiter->kind != WAITER_WAIT || stall != STALL_TRANSIENT)
        {
          g_queue_delete_link (&self->waiters, l);
          g_ptr_array_add (taken, waiter);
        }
      l = next;
    }
  for (guint i = 0; i < taken->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (taken, i);

      if (waiter->kind == WAITER_WAIT && stall == STALL_STORAGE)
        complete_waiter (waiter, NULL, g_error_new_literal (LCM_OUTBOX_ERROR,
                                                            LCM_OUTBOX_ERROR_STORAGE,
                                                            self->stall_reason));
      else
        complete_waiter (waiter, NULL, queued_error (self));
    }
}

/* What a flush, or a wait for an empty queue, says once nothing is pending. */
static GError *
idle_error (guint refused,
            guint unreadable)
{
  g_autofree char *refused_text = NULL;
  g_autofree char *unreadable_text = NULL;

  if (refused > 0)
    refused_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The gateway refused %u write: it is kept "
                                                 "with the reason",
                                                 "The gateway refused %u writes: they are "
                                                 "kept with the reasons", refused),
                                    refused);
  if (unreadable == 0)
    return refused > 0 ? g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_REFUSED,
                                              refused_text)
                       : NULL;

  /* Not the gateway's doing: the file holds something that cannot be sent. */
  unreadable_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u stored write cannot be read back, so "
                                                  "it was not sent: it is kept as refused "
                                                  "for good; remove it",
                                                  "%u stored writes cannot be read back, so "
                                                  "they were not sent: they are kept as "
                                                  "refused for good; remove them",
                                                  unreadable),
                                     unreadable);
  if (refused_text == NULL)
    return g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE,
                                unreadable_text);
  return g_error_new (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE, "%s. %s",
                      unreadable_text, refused_text);
}

/* Nothing is pending any more. */
static void
complete_idle (LcmOutbox *self)
{
  g_autoptr(GPtrArray) flushes = take_waiters (self, 0);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new ();

  g_clear_pointer (&self->stall_reason, g_free);

  /* Writes gone from the file before this outbox had their answer: another program sent
   * them while it held the lock, or removed them; the file cannot say which. */
  while (!g_queue_is_empty (&self->waiters))
    g_ptr_array_add (orphans, g_queue_pop_head (&self->waiters));
  for (guint i = 0; i < orphans->len; i++)
    complete_waiter (g_ptr_array_index (orphans, i), NULL,
                     g_error_new_literal (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND,
                                          _("The write is no longer in the outbox: another "
                                            "program sent it, or removed it")));

  for (guint i = 0; i < flushes->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (flushes, i);

      complete_waiter (waiter, NULL,
                       idle_error (self->n_refused - waiter->n_refused_at_start,
                                   self->n_unreadable - waiter->n_unreadable_at_start));
    }
}

/* Sending */

static gboolean
on_retry_cb (gpointer user_data)
{
  g_autoptr(LcmOutbox) self = g_object_ref (user_data);

  self->retry_source = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (LcmOutbox *self,
                RetryKind  kind)
{
  self->retry_kind = kind;
  if (self->retry_source != 0)
    return;
  if (self->retry_delay_ms == 0)
    self->retry_delay_ms = RETRY_FIRST_MS;
  self->retry_source = g_timeout_add (self->retry_delay_ms, on_retry_cb, self);
  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, RETRY_MAX_MS);
}

static void
cancel_retry (LcmOutbox *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_delay_ms = 0;
}

static void
set_in_flight (LcmOutbox *self,
               gint64     id)
{
  gint64 old = self->in_flight;
  LcmOutboxEntry *entry;

  self->in_flight = id;
  if (old != 0 && (entry = g_hash_table_lookup (self->by_id, &old)) != NULL)
    entry_set_sending (entry, FALSE);
  if (id != 0 && (entry = g_hash_table_lookup (self->by_id, &id)) != NULL)
    entry_set_sending (entry, TRUE);
}

/* A refused write, or one whose stored form cannot be sent, is failed, never dropped. */
static void
fail_entry (LcmOutbox        *self,
            gint64            id,
            LcmOutboxRefusal  refusal,
            const GError     *reason,
            gboolean          count_attempt)
{
  g_assert (refusal != LCM_OUTBOX_REFUSAL_NONE);

  /* Kept pending in the file if even this cannot be written: sent again, refused again. */
  if (!update_entry (self, id, refusal, count_attempt, reason->message))
    g_debug ("The outbox could not mark write %" G_GINT64_FORMAT " failed: %s", id,
             sqlite3_errmsg (self->db));
  refresh_entry (self, id);
  complete_entry_waiters (self, id, NULL, reason);
}

/* Writes the gateway accepted whose DELETE the file did not take (a full disk): the DELETE
 * is tried again, never the sending. FALSE, with why for people, while some remain. */
static gboolean
delete_accepted (LcmOutbox  *self,
                 char      **out_reason)
{
  GHashTableIter iter;
  gint64 *id;

  g_hash_table_iter_init (&iter, self->accepted);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      if (!delete_entry (self, *id))
        {
          *out_reason = g_strdup_printf (_("The outbox cannot be written: %s"),
                                         sqlite3_errmsg (self->db));
          return FALSE;
        }
      g_debug ("Deleted write %" G_GINT64_FORMAT " at last", *id);
      g_hash_table_iter_remove (&iter);
    }
  return TRUE;
}

/* Once nothing is in flight any more: the last try at the DELETEs, the lock given back, and
 * those who close told. */
static void
finish_close (LcmOutbox *self)
{
  g_autofree char *reason = NULL;
  guint n_left;

  if (!delete_accepted (self, &reason))
    g_debug ("%s", reason);
  release_sender_lock (self);

  n_left = g_hash_table_size (self->accepted);
  while (!g_queue_is_empty (&self->closers))
    complete_waiter (g_queue_peek_head (&self->closers), NULL,
                     n_left == 0 ? NULL
                     : g_error_new (LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "The gateway accepted %u write that could "
                                                 "not be deleted from the outbox (%s): the "
                                                 "next program to send the outbox will send "
                                                 "it again",
                                                 "The gateway accepted %u writes that could "
                                                 "not be deleted from the outbox (%s): the "
                                                 "next program to send the outbox will send "
                                                 "them again", n_left),
                                    n_left, reason));
}

static void
on_sent_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  LcmOutbox *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  gint64 id;

  g_autoptr(LcmOutbox) hold = NULL;

  response = lcm_client_call_finish (LCM_CLIENT (source_object), result, &error);
  /* Only disposing the outbox cancels: self may be gone, and the write stays pending. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Those told of the outcome may drop their last reference. */
  hold = g_object_ref (self);

  id = self->in_flight;
  set_in_flight (self, 0);

  if (response != NULL)
    {
      /* Accepted: it leaves the outbox. If the file cannot take that now, this outbox never
       * sends it again, and deletes it as soon as it can (pump). */
      self->retry_delay_ms = 0;
      if (!delete_entry (self, id))
        {
          g_debug ("Write %" G_GINT64_FORMAT " accepted, not deleted yet: %s", id,
                   sqlite3_errmsg (self->db));
          g_hash_table_add (self->accepted, g_memdup2 (&id, sizeof id));
        }
      refresh_entry (self, id);
      complete_entry_waiters (self, id, response, NULL);
      pump (self);
      return;
    }

  if (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_PROTOCOL_ERROR)
    {
      /* The gateway answered, and said no (or something unreadable): kept, with the
       * gateway's words, for the agent. A WS_Error says the write itself is wrong: it can
       * only be corrected or removed. {"success": false} or an unreadable answer may go
       * again when the agent says so. */
      LcmOutboxRefusal refusal = g_error_matches (error, LCM_GATEWAY_ERROR,
                                                  LCM_GATEWAY_ERROR_WS_ERROR)
                                 ? LCM_OUTBOX_REFUSAL_PERMANENT : LCM_OUTBOX_REFUSAL_TEMPORARY;

      g_debug ("Write %" G_GINT64_FORMAT " refused: %s", id, error->message);
      self->n_refused++;
      fail_entry (self, id, refusal, error, TRUE);
      pump (self);
      return;
    }

  /* No answer: the gateway may or may not have it. It stays pending and goes again. */
  g_debug ("Write %" G_GINT64_FORMAT " not answered: %s", id, error->message);
  if (!update_entry (self, id, LCM_OUTBOX_REFUSAL_NONE, TRUE, error->message))
    g_debug ("The outbox could not record an attempt: %s", sqlite3_errmsg (self->db));
  refresh_entry (self, id);
  if (self->closing)
    {
      pump (self);
      return;
    }
  schedule_retry (self, RETRY_ANSWER);
  queue_waiters (self, error->message, STALL_TRANSIENT);
}

/* The request to send for a stored write; NULL with an LCM_OUTBOX_ERROR_STORAGE or
 * LCM_REQUEST_ERROR when its stored form cannot be sent. */
static LcmRequest *
entry_to_request (LcmOutboxEntry  *entry,
                  GError         **error)
{
  if (entry->data == NULL)
    {
      g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                           _("The stored write cannot be read"));
      return NULL;
    }
  if (!lcm_operation_is_write (entry->operation))
    {
      g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE,
                           _("The stored request is not a write"));
      return NULL;
    }
  return lcm_request_new_from_data (entry->operation, entry->data, error);
}

static void
pump (LcmOutbox *self)
{
  while (self->in_flight == 0)
    {
      g_autoptr(LcmOutboxEntry) next = NULL;
      g_autoptr(LcmRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *reason = NULL;
      LcmClientState state;

      if (self->closing)
        {
          finish_close (self);
          queue_waiters (self, _("The outbox was closed"), STALL_FINAL);
          return;
        }

      if (self->retry_source != 0 && self->retry_kind == RETRY_ANSWER)
        {
          /* The first write waits for its retry, and those after it wait behind it. */
          queue_waiters (self, NULL, STALL_TRANSIENT);
          return;
        }

      /* Before anything else, connected or not: sending more would only make more writes
       * the file cannot forget. */
      if (!delete_accepted (self, &reason))
        {
          schedule_retry (self, RETRY_STORAGE);
          queue_waiters (self, reason, STALL_STORAGE);
          return;
        }

      if (self->client == NULL)
        {
          queue_waiters (self, _("No gateway is set"), STALL_FINAL);
          return;
        }

      state = lcm_client_get_state (self->client);
      if (state == LCM_CLIENT_STATE_CONNECTING)
        return;  /* the first attempt's outcome decides */
      if (state != LCM_CLIENT_STATE_CONNECTED)
        {
          /* notify::state brings us back; a stopped client never comes back by itself. */
          queue_waiters (self, _("Not connected to the gateway"),
                         state == LCM_CLIENT_STATE_RECONNECTING ? STALL_TRANSIENT
                                                                : STALL_FINAL);
          return;
        }

      /* Tried at each chance, not only when the retry comes: the other may be gone. */
      switch (acquire_sender_lock (self, &error))
        {
        case LOCK_HELD:
          schedule_retry (self, RETRY_LOCK);
          queue_waiters (self, _("Another program is sending the writes of this outbox"),
                         STALL_FINAL);
          return;
        case LOCK_FAILED:
          schedule_retry (self, RETRY_STORAGE);
          queue_waiters (self, error->message, STALL_STORAGE);
          return;
        case LOCK_TAKEN:
        default:
          break;
        }
      /* A retry for the lock or the file: this chance is taken instead. */
      g_clear_handle_id (&self->retry_source, g_source_remove);

      reload_if_changed (self);
      if (!next_pending (self, &next))
        {
          reason = g_strdup_printf (_("The outbox cannot be read: %s"),
                                    sqlite3_errmsg (self->db));
          schedule_retry (self, RETRY_STORAGE);
          queue_waiters (self, reason, STALL_STORAGE);
          return;
        }
      /* Through the lock and the file: their backoff is over. */
      if (self->retry_kind != RETRY_ANSWER)
        {
          self->retry_kind = RETRY_ANSWER;
          self->retry_delay_ms = 0;
        }
      if (next == NULL)
        {
          complete_idle (self);
          return;
        }

      request = entry_to_request (next, &error);
      if (request == NULL)
        {
          /* The same stored form would fail the same way: for good. */
          self->n_unreadable++;
          fail_entry (self, next->id, LCM_OUTBOX_REFUSAL_PERMANENT, error, FALSE);
          continue;
        }

      set_in_flight (self, next->id);
      lcm_client_call_async (self->client, request, self->cancellable, on_sent_cb, self);
      return;
    }
}

/* Signal callbacks */

static void
on_client_state_cb (LcmClient  *client,
                    GParamSpec *pspec,
                    LcmOutbox  *self)
{
  G_GNUC_UNUSED g_autoptr(LcmOutbox) hold = g_object_ref (self);
  LcmClientState state = lcm_client_get_state (client);

  if (state == LCM_CLIENT_STATE_CONNECTED)
    {
      /* Back: what waits goes now, in order. */
      cancel_retry (self);
      pump (self);
    }
  else if (state != LCM_CLIENT_STATE_CONNECTING)
    {
      /* A write in flight goes on once the client is back (it resends what got no answer):
       * those waiting for it hear now that it is saved and will go then. */
      queue_waiters (self, _("Not connected to the gateway"),
                     state == LCM_CLIENT_STATE_RECONNECTING ? STALL_TRANSIENT : STALL_FINAL);
    }
}

/* GObject */

static void
lcm_outbox_dispose (GObject *object)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  /* The write in flight, if any, stays pending in the file: its answer is not known. */
  g_cancellable_cancel (self->cancellable);
  self->in_flight = 0;
  self->closing = TRUE;
  cancel_retry (self);
  if (self->db != NULL)
    finish_close (self);
  queue_waiters (self, _("The outbox was closed"), STALL_FINAL);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_list_store_remove_all (self->entries);
  g_hash_table_remove_all (self->by_id);

  G_OBJECT_CLASS (lcm_outbox_parent_class)->dispose (object);
}

static void
lcm_outbox_finalize (GObject *object)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  for (guint i = 0; i < N_STATEMENTS; i++)
    sqlite3_finalize (self->statements[i]);
  if (self->db != NULL)
    sqlite3_close (self->db);
  release_sender_lock (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->accepted, g_hash_table_unref);
  g_free (self->stall_reason);
  g_free (self->path);

  G_OBJECT_CLASS (lcm_outbox_parent_class)->finalize (object);
}

static void
lcm_outbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_outbox_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LcmOutbox *self = LCM_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      lcm_outbox_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lcm_outbox_class_init (LcmOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lcm_outbox_dispose;
  object_class->finalize = lcm_outbox_finalize;
  object_class->get_property = lcm_outbox_get_property;
  object_class->set_property = lcm_outbox_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, LCM_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lcm_outbox_init (LcmOutbox *self)
{
  self->lock_fd = -1;
  self->entries = g_list_store_new (LCM_TYPE_OUTBOX_ENTRY);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->accepted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->waiters);
  g_queue_init (&self->closers);
}

/* ------------------------------------------------------------------------------------------
 * Public API
 */

/* The task of a submit, a flush, a wait or a close. Cancelling stops the wait, not what it
 * waits for: the result says so even when that came. */
static GTask *
waiting_task_new (LcmOutbox           *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  return task;
}

static gboolean
is_result_of (LcmOutbox    *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

LcmOutbox *
lcm_outbox_new (LcmClient   *client,
                const char  *path,
                GError     **error)
{
  g_autoptr(LcmOutbox) self = NULL;

  g_return_val_if_fail (client == NULL || LCM_IS_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LCM_TYPE_OUTBOX, NULL);
  /* Taken literally: absolute, so that SQLite never reads it as a URI. */
  if (path != NULL && g_path_is_absolute (path))
    self->path = g_strdup (path);
  else if (path != NULL)
    {
      g_autofree char *cwd = g_get_current_dir ();

      self->path = g_build_filename (cwd, path, NULL);
    }
  if (!open_db (self, error) || !load_entries (self, error))
    return NULL;

  lcm_outbox_set_client (self, client);
  return g_steal_pointer (&self);
}

const char *
lcm_outbox_get_path (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  return self->path;
}

LcmClient *
lcm_outbox_get_client (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  return self->client;
}

void
lcm_outbox_set_client (LcmOutbox *self,
                       LcmClient *client)
{
  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (client == NULL || LCM_IS_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect (client, "notify::state", G_CALLBACK (on_client_state_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);

  cancel_retry (self);
  pump (self);
}

guint
lcm_outbox_get_n_pending (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), 0);
  return self->n_pending;
}

guint
lcm_outbox_get_n_failed (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), 0);
  return self->n_failed;
}

GListModel *
lcm_outbox_get_entries (LcmOutbox *self)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  return G_LIST_MODEL (self->entries);
}

LcmOutboxEntry *
lcm_outbox_lookup (LcmOutbox *self,
                   gint64     id)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);

  return g_hash_table_lookup (self->by_id, &id);
}

void
lcm_outbox_submit_async (LcmOutbox           *self,
                         LcmRequest          *request,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gint64 id;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (lcm_request_is_write (request));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_submit_async);

  id = store_request (self, request, &error);
  g_task_set_task_data (task, g_memdup2 (&id, sizeof id), g_free);
  if (id == 0)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Stored write %" G_GINT64_FORMAT " (%s)", id,
           lcm_operation_get_request_subtopic (lcm_request_get_operation (request)));
  refresh_entry (self, id);
  add_waiter (self, task, WAITER_SUBMIT, id);
  pump (self);
}

JsonNode *
lcm_outbox_submit_finish (LcmOutbox     *self,
                          GAsyncResult  *result,
                          gint64        *out_id,
                          GError       **error)
{
  gint64 *id;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_submit_async), NULL);

  id = g_task_get_task_data (G_TASK (result));
  if (out_id != NULL)
    *out_id = id != NULL ? *id : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
lcm_outbox_flush (LcmOutbox *self)
{
  g_return_if_fail (LCM_IS_OUTBOX (self));

  cancel_retry (self);
  pump (self);
}

void
lcm_outbox_flush_async (LcmOutbox           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_flush_async);

  add_waiter (self, task, WAITER_FLUSH, 0);
  cancel_retry (self);
  pump (self);
}

gboolean
lcm_outbox_flush_finish (LcmOutbox     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_flush_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lcm_outbox_wait_async (LcmOutbox           *self,
                       gint64               id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LcmOutboxEntry *entry;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (id >= 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_wait_async);

  if (id > 0)
    {
      reload_if_changed (self);
      entry = g_hash_table_lookup (self->by_id, &id);
      if (entry == NULL || entry->state != LCM_OUTBOX_ENTRY_PENDING)
        {
          g_task_return_new_error (task, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND,
                                   _("Write %" PRId64 " is not waiting in the outbox: it "
                                     "was answered or removed"), id);
          return;
        }
    }

  add_waiter (self, task, WAITER_WAIT, id);
  /* As a flush: what waits for a retry goes now. */
  if (id == 0)
    cancel_retry (self);
  pump (self);
}

gboolean
lcm_outbox_wait_finish (LcmOutbox     *self,
                        GAsyncResult  *result,
                        JsonNode     **out_response,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) response = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_wait_async), FALSE);

  if (out_response != NULL)
    *out_response = NULL;
  response = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_response != NULL)
    *out_response = g_steal_pointer (&response);
  return TRUE;
}

void
lcm_outbox_close_async (LcmOutbox           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LCM_IS_OUTBOX (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = waiting_task_new (self, cancellable, callback, user_data, lcm_outbox_close_async);

  g_debug ("Closing%s", self->in_flight != 0 ? ", once the write in flight is answered" : "");
  self->closing = TRUE;
  cancel_retry (self);
  add_waiter (self, task, WAITER_CLOSE, 0);
  /* With nothing in flight, done now; else when its answer or its timeout comes. */
  pump (self);
}

gboolean
lcm_outbox_close_finish (LcmOutbox     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (is_result_of (self, result, lcm_outbox_close_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_entry (LcmOutbox       *self,
             gint64           id,
             LcmOutboxEntry **out,
             GError         **error)
{
  reload_if_changed (self);
  if (!read_entry (self, id, out))
    {
      set_storage_error (error, self->db, STORAGE_READ);
      return FALSE;
    }
  /* Accepted, and only waiting for the file to take its DELETE. */
  if (g_hash_table_contains (self->accepted, &id))
    g_clear_object (out);
  if (*out == NULL)
    {
      g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no write %" PRId64 " in the outbox: it was sent or "
                     "removed"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
lcm_outbox_retry (LcmOutbox  *self,
                  gint64      id,
                  GError    **error)
{
  g_autoptr(LcmOutboxEntry) entry = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entry (self, id, &entry, error))
    return FALSE;

  if (entry->refusal == LCM_OUTBOX_REFUSAL_PERMANENT)
    {
      g_autoptr(LcmRequest) request = entry_to_request (entry, NULL);

      if (request == NULL)
        g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_UNREADABLE,
                     /* Translators: %s is why, e.g. “The stored write cannot be read” */
                     _("This wrap-up cannot be sent as it is stored (%s): remove it"),
                     entry->last_error != NULL ? entry->last_error : "");
      else
        g_set_error (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_PERMANENT,
                     /* Translators: %s is the gateway's reason, e.g. “Invalid Call ID.” */
                     _("The gateway refused this wrap-up for good (%s): correct it or "
                       "remove it"),
                     entry->last_error != NULL ? entry->last_error : "");
      return FALSE;
    }

  if (entry->state == LCM_OUTBOX_ENTRY_FAILED)
    {
      if (!update_entry (self, id, LCM_OUTBOX_REFUSAL_NONE, FALSE, NULL))
        {
          set_storage_error (error, self->db, STORAGE_STORE_CHANGE);
          return FALSE;
        }
      refresh_entry (self, id);
    }

  cancel_retry (self);
  pump (self);
  return TRUE;
}

gboolean
lcm_outbox_remove (LcmOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(LcmOutboxEntry) entry = NULL;

  g_return_val_if_fail (LCM_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entry (self, id, &entry, error))
    return FALSE;

  if (id == self->in_flight)
    {
      g_set_error_literal (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_BUSY,
                           _("The write is being sent: wait for the gateway’s answer"));
      return FALSE;
    }

  if (!delete_entry (self, id))
    {
      set_storage_error (error, self->db, STORAGE_STORE_CHANGE);
      return FALSE;
    }
  refresh_entry (self, id);

  {
    g_autoptr(GError) removed = g_error_new_literal (LCM_OUTBOX_ERROR,
                                                     LCM_OUTBOX_ERROR_NOT_FOUND,
                                                     _("The write was removed from the outbox "
                                                       "before it was sent"));
    complete_entry_waiters (self, id, NULL, removed);
  }
  return TRUE;
}
