/* lcm-outbox-private.h: what the parts of LcmOutbox share
 *
 * LcmOutbox is one class in six files, split along its concerns (HACKING.md):
 * - lcm-outbox.c: the GObject and the public API;
 * - lcm-outbox-entry.c: LcmOutboxEntry, one stored write as the app lists it;
 * - lcm-outbox-store-file.c: the SQLite file: the read-only look before anything is written,
 *   creating, upgrading and opening it, and the lock that makes one program its sender;
 * - lcm-outbox-store.c: its rows: storing a write, reading one back, the next pending, changing
 *   and deleting, and the list of entries that mirrors the file;
 * - lcm-outbox-waiters.c: those who wait for a write's fate, a flush or a close;
 * - lcm-outbox-sender.c: sending one write at a time, retrying, following the client.
 * The store's functions take the outbox for its database handle and its prepared statements;
 * tests/test-outbox-store.c tests them without a client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "lcm-outbox.h"
#include "lcm-waiting-task.h"

G_BEGIN_DECLS

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

/* Only one program sends a file's writes: the order is kept only if one sender picks them. */
typedef enum
{
  LOCK_TAKEN,
  LOCK_HELD,   /* by another program, alive: its writes and ours go with it */
  LOCK_FAILED, /* the lock file cannot be used at all: the error says what to do */
} LockResult;

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
  LcmWaitingTask  wait;        /* in the outbox's waiters, or closers */
  LcmOutbox      *outbox;
  WaiterKind      kind;
  gint64          id;
  guint           n_refused_at_start;
  guint           n_unreadable_at_start;
} Waiter;

/* What keeps the writes from going: whether waiting longer helps, and why not. */
typedef enum
{
  STALL_TRANSIENT, /* no answer yet, a connection being made again: it ends by itself */
  STALL_FINAL,     /* no client, another sender, closed: not by waiting here */
  STALL_STORAGE,   /* the file or its lock cannot be used: someone must do something */
} Stall;

/* lcm-outbox.c */

void
lcm_outbox_set_counts (LcmOutbox *self,
                       guint      n_pending,
                       guint      n_failed);

/* lcm-outbox-entry.c */

void
lcm_outbox_entry_update (LcmOutboxEntry *self,
                         LcmOutboxEntry *stored);

void
lcm_outbox_entry_set_sending (LcmOutboxEntry *self,
                              gboolean        sending);

/* lcm-outbox-store-file.c */

void
lcm_outbox_set_storage_error (GError     **error,
                              sqlite3     *db,
                              StorageStep  step);

gint64
lcm_outbox_store_query_int (sqlite3    *db,
                            const char *sql,
                            gboolean   *ok);

void
lcm_outbox_store_checkpoint (LcmOutbox *self);

gboolean
lcm_outbox_store_open (LcmOutbox  *self,
                       GError    **error);

LockResult
lcm_outbox_store_acquire_sender_lock (LcmOutbox  *self,
                                      GError    **error);

void
lcm_outbox_store_release_sender_lock (LcmOutbox *self);

/* lcm-outbox-store.c */

gboolean
lcm_outbox_store_load_entries (LcmOutbox  *self,
                               GError    **error);

void
lcm_outbox_store_reload_if_changed (LcmOutbox *self);

gint64
lcm_outbox_store_request (LcmOutbox   *self,
                          LcmRequest  *request,
                          GError     **error);

gboolean
lcm_outbox_store_read_entry (LcmOutbox       *self,
                             gint64           id,
                             LcmOutboxEntry **out);

gboolean
lcm_outbox_store_next_pending (LcmOutbox       *self,
                               LcmOutboxEntry **out);

gboolean
lcm_outbox_store_update_entry (LcmOutbox        *self,
                               gint64            id,
                               LcmOutboxRefusal  refusal,
                               gboolean          count_attempt,
                               const char       *last_error);

gboolean
lcm_outbox_store_delete_entry (LcmOutbox *self,
                               gint64     id);

void
lcm_outbox_store_refresh_entry (LcmOutbox *self,
                                gint64     id);

/* lcm-outbox-waiters.c */

void
lcm_outbox_complete_waiter (Waiter   *waiter,
                            JsonNode *response,
                            GError   *error);

void
lcm_outbox_add_waiter (LcmOutbox  *self,
                       GTask      *task,
                       WaiterKind  kind,
                       gint64      id);

void
lcm_outbox_complete_entry_waiters (LcmOutbox    *self,
                                   gint64        id,
                                   JsonNode     *response,
                                   const GError *error);

void
lcm_outbox_queue_waiters (LcmOutbox  *self,
                          const char *reason,
                          Stall       stall);

void
lcm_outbox_complete_idle (LcmOutbox *self);

/* lcm-outbox-sender.c */

void
lcm_outbox_cancel_retry (LcmOutbox *self);

void
lcm_outbox_finish_close (LcmOutbox *self);

LcmRequest *
lcm_outbox_entry_to_request (LcmOutboxEntry  *entry,
                             GError         **error);

void
lcm_outbox_pump (LcmOutbox *self);

void
lcm_outbox_on_client_state_cb (LcmClient  *client,
                               GParamSpec *pspec,
                               LcmOutbox  *self);

G_END_DECLS
