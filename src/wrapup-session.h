/* wrapup-session.h: the agent's session, the state every window shares
 *
 * The application owns one session and hands it to each window as a property. It holds the
 * gateway connection (made from the configuration it is given), the durable outbox every
 * wrap-up goes through, the drafts of unsaved wrap-ups, the cache of the last outcome
 * lists, and the agent's identity. It knows nothing of GTK: widgets read its models and ask
 * it (or a call made by it) to act; they never talk to the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lcm.h"
#include "wrapup-call-link.h"
#include "wrapup-draft-store.h"
#include "wrapup-outcome-cache.h"
#include "wrapup-outcome-usage.h"

G_BEGIN_DECLS

/* Where a setting in use comes from, so that Preferences can say it. */
typedef enum
{
  WRAPUP_SETTING_FROM_SETTINGS,      /* the agent's own setting */
  WRAPUP_SETTING_FROM_COMMAND_LINE,  /* --server-url / --agent-id, for this session only */
  WRAPUP_SETTING_FROM_ADMINISTRATOR, /* locked by the administrator */
  WRAPUP_SETTING_FROM_DEMO,          /* the demo's simulator */
} WrapupSettingSource;

#define WRAPUP_TYPE_SESSION (wrapup_session_get_type ())
G_DECLARE_FINAL_TYPE (WrapupSession, wrapup_session, WRAPUP, SESSION, GObject)

/* Properties (read-only unless said): client (LcmClient, NULL while no gateway is set),
 * server-url, agent-id, outbox, drafts, outcome-cache.
 * Signals:
 *   "problem" (const char *text): something the agent must be told (a file set aside, a
 *     token that cannot be read, an address refused); text is for people.
 *   "delivered" (LcmOutboxEntry *entry): a write that had waited in the outbox was accepted
 *     by the gateway (emitted for writes not answered at once, after they leave the outbox).
 */
/* application (may be NULL) sends the callback reminders' notifications. */
WrapupSession      *wrapup_session_new               (GApplication   *application);

/* A session on a connection made elsewhere (a tool's, a test's), for agent_id, with its
 * storage in memory; wrapup_session_configure() replaces that connection. */
WrapupSession      *wrapup_session_new_with_client   (LcmClient      *client,
                                                      const char     *agent_id);

/* Opens the outbox, drafts and outcome cache in data_dir (created private to the user), or
 * keeps all three in memory when data_dir is NULL (tests, the demo). A damaged file is set
 * aside and a new one started; each such problem is emitted as "problem" once a handler
 * can hear it (see wrapup_session_take_problems()). */
void                wrapup_session_open_storage      (WrapupSession  *self,
                                                      const char     *data_dir);
/* The problems not yet told, oldest first; the caller shows them. NULL when none. */
GStrv               wrapup_session_take_problems     (WrapupSession  *self);

/* The gateway and the agent. A new address, trust or token makes a new client (calls
 * already open follow it); the same configuration again changes nothing. An empty address
 * leaves the session without a client. Problems (a refused address, an unreadable token or
 * certificate) are emitted as "problem". The access token is read from token_file (NULL or
 * "": none) each time a client is made, and never kept or logged. While there is a client
 * and an agent id, the agent's personal callbacks are watched and a notification is sent
 * through the session's application when one falls due. */
void                wrapup_session_configure         (WrapupSession  *self,
                                                      const char     *server_url,
                                                      const char     *agent_id,
                                                      gboolean        allow_insecure,
                                                      const char     *trusted_certificate,
                                                      const char     *token_file);
/* The access token in the file at path (NULL or "": none, no error), without the blanks and
 * line end around it. Refused with a G_FILE_ERROR naming the file (never quoting what it
 * holds): anything but a regular file (a device or a pipe is not read), a file larger than
 * 16 KiB, a token holding line breaks, control characters or other than ASCII. A token
 * read from a file other users can read is still returned, and *out_warning (if not NULL)
 * set to a problem for the agent. Every message is translated. */
char               *wrapup_read_token_file           (const char     *path,
                                                      char          **out_warning,
                                                      GError        **error);
LcmClient          *wrapup_session_get_client        (WrapupSession  *self);
const char         *wrapup_session_get_server_url    (WrapupSession  *self);
const char         *wrapup_session_get_agent_id      (WrapupSession  *self);
LcmOutbox          *wrapup_session_get_outbox        (WrapupSession  *self);
WrapupDraftStore   *wrapup_session_get_drafts        (WrapupSession  *self);
WrapupOutcomeCache *wrapup_session_get_outcome_cache (WrapupSession  *self);
/* How often each outcome was saved, to rank the pickers (wrapup-outcome-usage.h). */
WrapupOutcomeUsage *wrapup_session_get_outcome_usage (WrapupSession  *self);

/* Removes a write from the outbox on the agent's word (not a delivery). */
gboolean            wrapup_session_remove_write      (WrapupSession  *self,
                                                      gint64          id,
                                                      GError        **error);
gboolean            wrapup_session_retry_write       (WrapupSession  *self,
                                                      gint64          id,
                                                      GError        **error);

/* How far back "My callbacks" looks: far enough for the callbacks an agent missed over a
 * holiday, not so far that the list is history (a missed one is rebooked or dropped). */
#define WRAPUP_MISSED_CALLBACK_DAYS 30

/* The agent's personal callbacks from WRAPUP_MISSED_CALLBACK_DAYS days ago on (a list of
 * LcmPersonalCallback), on the session's connection; LCM_CLIENT_ERROR_INVALID_URL when no gateway is set, and the
 * request's error (a translated LCM_REQUEST_ERROR) for an agent id that cannot be sent. */
void                wrapup_session_fetch_personal_callbacks_async  (WrapupSession       *self,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
GListModel         *wrapup_session_fetch_personal_callbacks_finish (WrapupSession       *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

/* Where the outbox, drafts and outcome cache are kept: $XDG_DATA_HOME/wrapup. In a Flatpak
 * (in_flatpak), the host's own $XDG_DATA_HOME/wrapup, the one folder the manifest shares,
 * so that an agent moved from the package to the Flatpak (or back) keeps what waits to be
 * sent and what was typed; host_data_home is what Flatpak says the host's is (NULL: the
 * default, ~/.local/share). */
char               *wrapup_data_dir_for              (gboolean        in_flatpak,
                                                      const char     *host_data_home);
/* The same for this process. */
char               *wrapup_data_dir                  (void);

/* New settings of the application's schema for a part built on its own (a window, the
 * journey view), or NULL when the schema is not installed: tests may build them so. */
GSettings          *wrapup_settings_new_if_installed (void);

G_END_DECLS
