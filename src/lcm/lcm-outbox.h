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
 * outbox held in memory only, which is not durable (tests, and programs that keep nothing).
 * client may be NULL: writes are then stored and wait for one. Writes already pending in
 * the file are sent as soon as the client is connected.
 *
 * Only one program sends an outbox file at a time (an advisory lock next to it, path.lock):
 * another may store writes in it and list them, and its writes wait for the sender. */
LcmOutbox      *lcm_outbox_new             (LcmClient            *client,
                                            const char           *path,
                                            GError              **error);
/* Properties: client, path (NULL in memory), n-pending, n-failed (read-only). */
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
 *   in time, or writes before it are waiting. It will be sent when the connection is back;
 * - LCM_OUTBOX_ERROR_STORAGE: it could not be stored, and nothing was sent.
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
 * LCM_OUTBOX_ERROR_QUEUED when some are still waiting for an answer, or with
 * LCM_OUTBOX_ERROR_REFUSED when all were answered but some refused (kept as failed). */
void            lcm_outbox_flush_async     (LcmOutbox            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        lcm_outbox_flush_finish    (LcmOutbox            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* A failed write becomes pending again and is sent in its turn (by id: it goes before the
 * writes stored after it); for a pending one, the next sending is now. A write refused for
 * good (LCM_OUTBOX_REFUSAL_PERMANENT) is not sent: LCM_OUTBOX_ERROR_PERMANENT. */
gboolean        lcm_outbox_retry           (LcmOutbox            *self,
                                            gint64                id,
                                            GError              **error);
/* Deletes a write that is not being sent (to edit one: remove it and submit the new one). */
gboolean        lcm_outbox_remove          (LcmOutbox            *self,
                                            gint64                id,
                                            GError              **error);

G_END_DECLS
