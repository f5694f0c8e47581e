/* wrapup-session-private.h: what the parts of wrapup-session.c share
 *
 * See HACKING.md, "When a class grows": one class, its concerns in files of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-session.h"

G_BEGIN_DECLS

/* A token file is small; a large one is a mistake, not a token. */
#define MAX_TOKEN_SIZE (16 * 1024)

struct _WrapupSession
{
  GObject                 parent_instance;

  GApplication           *application; /* weak: the application owns the session */

  /* The configuration the client was made from. */
  char                   *server_url;
  char                   *agent_id;
  gboolean                allow_insecure;
  char                   *trusted_certificate;
  char                   *token_file;

  LcmClient              *client;
  gboolean                owns_client;  /* made here, so stopped here */
  WrapupCallbackReminder *reminder;

  LcmOutbox              *outbox;
  WrapupDraftStore       *drafts;
  WrapupOutcomeCache     *outcome_cache;
  WrapupOutcomeUsage     *outcome_usage;
  GPtrArray              *problems;    /* for the agent, not yet told */

  /* The outbox's entries as last seen, id -> LcmOutboxEntry: an entry that leaves while it
   * was pending was accepted by the gateway ("delivered"); a refused one leaves only when
   * removed. */
  GHashTable             *known_entries;
  gint64                  removing_id;
};

/* wrapup-session.c */

void
wrapup_session_report_problem (WrapupSession *self,
                               const char    *text);

/* wrapup-session-files.c */

LcmOutbox *
wrapup_session_open_durable_outbox (WrapupSession *self,
                                    const char    *data_dir);

G_END_DECLS
