/* lcm-outbox.h: the durable outbox every write goes through
 *
 * A write is committed to an SQLite file (WAL, synchronous FULL) before it is sent, and is
 * deleted only when the gateway answers success. Writes are sent strictly in the order they
 * were stored, one at a time. A gateway's refusal (WS_Error, {"success": false}) or an answer
 * that cannot be read marks the write failed, with the reason, until it is retried or
 * removed; it is never dropped. When no answer comes (no connection, a timeout, the program
 * killed) the write stays pending and is sent again when the connection is back, or by the
 * next program that flushes the file: delivery is at least once, and a write is sent twice
 * only when the answer to the first sending was lost.
 *
 * A refusal is temporary ({"success": false}, an unreadable answer: the write may be sent
 * again) or permanent (a WS_Error, or a stored write that cannot be sent: sending it again
 * cannot succeed, it must be corrected or removed). The kind is kept in the file with it.
 *
 * The file is named by a path taken literally (never as an SQLite URI: ":memory:" or
 * "file:x?mode=memory" are files of those names, relative to the current folder), looked at
 * before anything is written to it (a damaged file, one whose contents are gone, or another
 * program's database is refused as it is), and every commit is copied from the write-ahead
 * log into the file itself at once, so that a lost or damaged "-wal" loses no write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lcm-client.h"
#include "lcm-request.h"

G_BEGIN_DECLS

#define LCM_OUTBOX_ERROR (lcm_outbox_error_quark ())

typedef enum
{
  LCM_OUTBOX_ERROR_QUEUED,    /* stored, not answered yet: sent when the connection is back;
                               * the message says why it waits */
  LCM_OUTBOX_ERROR_STORAGE,   /* the outbox file cannot be opened, read or written */
  LCM_OUTBOX_ERROR_NOT_FOUND, /* no such write: already answered, or removed */
  LCM_OUTBOX_ERROR_BUSY,      /* the write is being sent right now */
  LCM_OUTBOX_ERROR_REFUSED,   /* a flush: the gateway refused some of the writes it sent */
  LCM_OUTBOX_ERROR_PERMANENT, /* a retry: the write was refused for good, nothing was sent */
  LCM_OUTBOX_ERROR_UNREADABLE, /* a stored write cannot be read back, so it cannot be sent
                                * (kept as refused for good: remove it); a flush that met
                                * some says so, a retry of one is refused */
  LCM_OUTBOX_ERROR_DAMAGED,   /* opening: the file is damaged or lost its contents; it is left
                               * as it is, its -wal too: set them aside to start a new one */
} LcmOutboxError;

typedef enum
{
  LCM_OUTBOX_ENTRY_PENDING,   /* waits to be sent, or is being sent */
  LCM_OUTBOX_ENTRY_FAILED,    /* refused: kept, with the reason, until retried or removed */
} LcmOutboxEntryState;

typedef enum
{
  LCM_OUTBOX_REFUSAL_NONE,      /* pending: not refused */
  LCM_OUTBOX_REFUSAL_TEMPORARY, /* {"success": false}, or an answer that could not be read:
                                 * it may be sent again */
  LCM_OUTBOX_REFUSAL_PERMANENT, /* a WS_Error (or a stored write that cannot be sent): sending
                                 * it again cannot succeed; correct it or remove it */
} LcmOutboxRefusal;

GQuark lcm_outbox_error_quark (void);

#define LCM_TYPE_OUTBOX_ENTRY (lcm_outbox_entry_get_type ())
G_DECLARE_FINAL_TYPE (LcmOutboxEntry, lcm_outbox_entry, LCM, OUTBOX_ENTRY, GObject)

/* Read-only properties: id (the order of sending), created-at, operation, call-id,
 * account-number, state, refusal (the kind of refusal of a failed write; NONE when
 * pending), attempts (sendings that ended without an answer or with a refusal), last-error
 * (why the last sending failed, NULL when none), sending (being sent now), summary (the
 * request's summary for people, at most 200 characters, NULL when none). */
gint64               lcm_outbox_entry_get_id             (LcmOutboxEntry *self);
GDateTime           *lcm_outbox_entry_get_created_at     (LcmOutboxEntry *self);
LcmOperation         lcm_outbox_entry_get_operation      (LcmOutboxEntry *self);
const char          *lcm_outbox_entry_get_call_id        (LcmOutboxEntry *self);
/* NULL when the write carries none. */
const char          *lcm_outbox_entry_get_account_number (LcmOutboxEntry *self);
LcmOutboxEntryState  lcm_outbox_entry_get_state          (LcmOutboxEntry *self);
LcmOutboxRefusal     lcm_outbox_entry_get_refusal        (LcmOutboxEntry *self);
guint                lcm_outbox_entry_get_attempts       (LcmOutboxEntry *self);
const char          *lcm_outbox_entry_get_last_error     (LcmOutboxEntry *self);
gboolean             lcm_outbox_entry_get_sending        (LcmOutboxEntry *self);
/* The request's data object, as stored (do not change it); NULL if the file held no
 * readable object. */
JsonObject          *lcm_outbox_entry_get_data           (LcmOutboxEntry *self);
const char          *lcm_outbox_entry_get_summary        (LcmOutboxEntry *self);
/* Read from the data, to describe the write: the agent's comments (NULL when none or
 * empty), and the personal callback's window in local time (FALSE, and NULLs, when the write
 * books no callback or its dates cannot be read; start and end may be NULL). */
const char          *lcm_outbox_entry_get_comments       (LcmOutboxEntry *self);
gboolean             lcm_outbox_entry_get_callback_window (LcmOutboxEntry *self,
                                                          GDateTime     **start,
                                                          GDateTime     **end);

#define LCM_TYPE_OUTBOX (lcm_outbox_get_type ())
G_DECLARE_FINAL_TYPE (LcmOutbox, lcm_outbox, LCM, OUTBOX, GObject)

/* Opens (creating it, and its directory, if needed) the outbox file at path; NULL for an
 * outbox held in memory only, which is not durable (tests, and programs that keep nothing):
 * it is the only way to ask for one. path is a file name taken literally, a relative one
 * from the current folder; SQLite's URIs and ":memory:" are file names like any other.
 * client may be NULL: writes are then stored and wait for one. Writes already pending in
 * the file are sent as soon as the client is connected.
 *
 * The file is looked at before anything is written to it (and before SQLite, which would
 * delete the write-ahead log of an emptied file), and left as it is when it cannot be used:
 * LCM_OUTBOX_ERROR_DAMAGED when it is damaged (PRAGMA quick_check) or its contents are gone
 * (the file emptied while its write-ahead log holds data, or a file in WAL mode without its
 * tables); LCM_OUTBOX_ERROR_STORAGE when it is another program's database ("… is not an
 * outbox"), not a database at all, written by a newer version, or cannot be opened.
 *
 * Only one program sends an outbox file at a time (an advisory lock next to it, path.lock):
 * another may store writes in it and list them, and its writes wait for the sender. */
LcmOutbox      *lcm_outbox_new             (LcmClient            *client,
                                            const char           *path,
                                            GError              **error);
/* Properties: client, path (the file's absolute path; NULL in memory), n-pending, n-failed
 * (read-only). */
const char     *lcm_outbox_get_path        (LcmOutbox            *self);
LcmClient      *lcm_outbox_get_client      (LcmOutbox            *self);
/* The connection writes go out on. A write being sent on the old one finishes there. */
void            lcm_outbox_set_client      (LcmOutbox            *self,
                                            LcmClient            *client);
guint           lcm_outbox_get_n_pending   (LcmOutbox            *self);
guint           lcm_outbox_get_n_failed    (LcmOutbox            *self);
/* Every write the outbox holds, pending and failed, in the order they are sent: a list of
 * LcmOutboxEntry kept up to date (what another program stores in the same file shows up
 * when this outbox next sends, retries or removes). */
GListModel     *lcm_outbox_get_entries     (LcmOutbox            *self);
/* NULL when there is no such entry. */
LcmOutboxEntry *lcm_outbox_lookup          (LcmOutbox            *self,
                                            gint64                id);

/* Stores the write (committed before anything is sent), with its summary for people, then
 * sends it in its turn.
 * Completes with the gateway's answer (the "response" member) once it accepted the write,
 * which is then deleted from the outbox. Otherwise:
 * - LCM_GATEWAY_ERROR or LCM_PROTOCOL_ERROR: the gateway refused it, or answered in a way
 *   that cannot be read; it is kept as failed, with that reason (a WS_Error for good, the
 *   others for now: see LcmOutboxRefusal);
 * - LCM_OUTBOX_ERROR_QUEUED: it is stored and no answer came (yet): no connection, no answer
 *   in time, writes before it are waiting, another program is sending the file, or this
 *   outbox cannot send for now (the message says why). It will be sent when that is over;
 * - LCM_OUTBOX_ERROR_STORAGE: it could not be stored, and nothing was sent.
 * When the gateway accepted it but it could not be deleted from the file (a full disk), it
 * completes with the answer all the same: this outbox never sends it again and deletes it
 * as soon as it can (until then lcm_outbox_close_finish() reports it).
 * request must be a write. Cancelling only stops waiting: the write is stored and sent. */
void            lcm_outbox_submit_async    (LcmOutbox            *self,
                                            LcmRequest           *request,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* out_id: the id of the write in the outbox (0 when it could not be stored); may be NULL. */
JsonNode       *lcm_outbox_submit_finish   (LcmOutbox            *self,
                                            GAsyncResult         *result,
                                            gint64               *out_id,
                                            GError              **error);

/* Sends the pending writes now, without waiting for the next retry. */
void            lcm_outbox_flush           (LcmOutbox            *self);
/* The same, and completes when no write is pending any more (TRUE), or with
 * LCM_OUTBOX_ERROR_QUEUED when some are still waiting for an answer, or when all were
 * answered but some could not be sent: LCM_OUTBOX_ERROR_UNREADABLE when stored writes could
 * not be read back (the message counts the gateway's refusals too, if any), else
 * LCM_OUTBOX_ERROR_REFUSED when the gateway refused some. Both are kept as failed. */
void            lcm_outbox_flush_async     (LcmOutbox            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        lcm_outbox_flush_finish    (LcmOutbox            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Waits for what lcm_outbox_submit_async() or lcm_outbox_flush_async() wait for, but through
 * lost connections and the outbox's own retries: for the fate of the stored write id
 * (id > 0; *out_response its answer once accepted, as submit gives), or (id 0) until no
 * write is pending, as a flush (it sends them now). It ends early only when waiting longer
 * cannot help here: LCM_OUTBOX_ERROR_STORAGE when the outbox cannot send for a storage
 * reason (its file cannot be read or written, its lock file cannot be opened: the message
 * says what to do), LCM_OUTBOX_ERROR_QUEUED when there is no client, the client was
 * stopped, another program is sending the file or the outbox is closed, and
 * LCM_OUTBOX_ERROR_NOT_FOUND when write id is not pending (answered, refused or removed),
 * or left the file meanwhile (another program sent it, or removed it).
 * Cancel it to stop waiting (a time limit): the writes stay stored and are sent. */
void            lcm_outbox_wait_async      (LcmOutbox            *self,
                                            gint64                id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        lcm_outbox_wait_finish     (LcmOutbox            *self,
                                            GAsyncResult         *result,
                                            JsonNode            **out_response,
                                            GError              **error);

/* Stops sending, before a program quits or lets the outbox go: no write goes out any more,
 * and it completes once the write being sent, if any, is answered (and its answer kept:
 * deleted, or failed) or its request timed out, so that no write is left on the wire for
 * the gateway to store while the file still says it is pending (the next sender would send
 * it again). Then the sender's lock is released. FALSE with LCM_OUTBOX_ERROR_STORAGE when
 * writes the gateway accepted could not be deleted from the file even now (a full disk):
 * the next program that sends the file will send them again. Storing, listing, retrying and
 * removing still work afterwards; what is stored then waits for another sender.
 * Cancelling stops the wait: a write still on the wire stays pending. An outbox disposed
 * without being closed stops waiting for the write in flight at once: it stays pending, and
 * is sent again by the next sender, as after a crash. */
void            lcm_outbox_close_async     (LcmOutbox            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        lcm_outbox_close_finish    (LcmOutbox            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* A failed write becomes pending again and is sent in its turn (by id: it goes before the
 * writes stored after it); for a pending one, the next sending is now. A write refused for
 * good (LCM_OUTBOX_REFUSAL_PERMANENT) is not sent: LCM_OUTBOX_ERROR_PERMANENT when the
 * gateway refused it, LCM_OUTBOX_ERROR_UNREADABLE when it cannot be read back from the
 * file. */
gboolean        lcm_outbox_retry           (LcmOutbox            *self,
                                            gint64                id,
                                            GError              **error);
/* Deletes a write that is not being sent (to edit one: remove it and submit the new one). */
gboolean        lcm_outbox_remove          (LcmOutbox            *self,
                                            gint64                id,
                                            GError              **error);

G_END_DECLS
