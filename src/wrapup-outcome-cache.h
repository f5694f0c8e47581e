/* wrapup-outcome-cache.h: the last outcome lists the gateway sent, kept on disk
 *
 * So that a call opened while the gateway cannot be reached can still be wrapped up (into
 * the outbox): the telephony outcomes per account, the business outcomes per call type and
 * the callback modes per account, each as the gateway's "response" member (JSON text), with
 * the time it was fetched. Decoding is the caller's (lcm_response_decode_list()).
 *
 * SQLite like the outbox (WAL, synchronous=FULL, private to the user). A file that cannot be
 * read as ours is set aside and a new one started (wrapup_outcome_cache_get_problem()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  WRAPUP_CACHED_TELEPHONY_OUTCOMES, /* key: the account number (LCM key) */
  WRAPUP_CACHED_BUSINESS_OUTCOMES,  /* key: the call type, as sent ("OUTBOUND", …) */
  WRAPUP_CACHED_CALLBACK_MODES,     /* key: the account number */
} WrapupCachedList;

/* The list's name in a file ("telephony-outcomes"…): files keep names, not the enum's
 * values, so they mean the same whatever order WrapupCachedList comes to have. */
const char         *wrapup_cached_list_name          (WrapupCachedList     list);

#define WRAPUP_TYPE_OUTCOME_CACHE (wrapup_outcome_cache_get_type ())
G_DECLARE_FINAL_TYPE (WrapupOutcomeCache, wrapup_outcome_cache, WRAPUP, OUTCOME_CACHE, GObject)

/* As wrapup_draft_store_new(): NULL path keeps it in memory; a damaged file is set aside. */
WrapupOutcomeCache *wrapup_outcome_cache_new         (const char          *path,
                                                      GError             **error);
const char         *wrapup_outcome_cache_get_problem (WrapupOutcomeCache  *self);
/* Replaces the list kept for (list, key); fetched_at NULL means now. A response text
 * larger than 4 MiB is not kept (FALSE, with an error). */
gboolean            wrapup_outcome_cache_put         (WrapupOutcomeCache  *self,
                                                      WrapupCachedList     list,
                                                      const char          *key,
                                                      const char          *response_json,
                                                      GDateTime           *fetched_at,
                                                      GError             **error);
/* The kept response text (new string), or NULL; out_fetched_at (may be NULL) gets a new
 * reference to when it was fetched. */
char               *wrapup_outcome_cache_lookup      (WrapupOutcomeCache  *self,
                                                      WrapupCachedList     list,
                                                      const char          *key,
                                                      GDateTime          **out_fetched_at);

G_END_DECLS
