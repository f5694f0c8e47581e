/* wrapup-call-link.h: the wrapup:// deep link that opens a call
 *
 *   wrapup://call/<callid>?account=<LCM key, percent-encoded>&type=MANUAL|INBOUND|OUTBOUND
 *                         [&contact=<number>][&campaign=<name>]
 *
 * The parser knows nothing of GTK: a link comes from another program and is untrusted, so
 * it is split with g_uri_split and every part is allow-listed and checked with the
 * library's value checks before anything may be sent. The path is the call id alone (a
 * link with more segments or a dot segment is refused, never normalized); each value is
 * percent-decoded once, as RFC 3986 reads a query ('+' is a plus, not a space); no value
 * may hold invisible or text direction characters (Unicode categories Cc, Cf, Zl, Zp), and
 * a refused contact number is not repeated in the error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "lcm.h"

G_BEGIN_DECLS

#define WRAPUP_LINK_ERROR (wrapup_link_error_quark ())

typedef enum
{
  WRAPUP_LINK_ERROR_MALFORMED,       /* not a URI, or not of the form above */
  WRAPUP_LINK_ERROR_SCHEME,          /* another scheme than wrapup: */
  WRAPUP_LINK_ERROR_INVALID_VALUE,   /* a part that fails its check (message says which) */
  WRAPUP_LINK_ERROR_MISSING_VALUE,   /* account or type absent */
} WrapupLinkError;

GQuark wrapup_link_error_quark (void);

#define WRAPUP_TYPE_CALL_LINK (wrapup_call_link_get_type ())

typedef struct
{
  char        *call_id;
  char        *account_number;
  LcmCallType  call_type;
  char        *contact_number;   /* NULL when the link gives none */
  char        *campaign;         /* NULL when the link gives none */
} WrapupCallLink;

GType           wrapup_call_link_get_type  (void) G_GNUC_CONST;
WrapupCallLink *wrapup_call_link_parse     (const char           *uri,
                                            GError              **error);
WrapupCallLink *wrapup_call_link_new       (const char           *call_id,
                                            const char           *account_number,
                                            LcmCallType           call_type,
                                            const char           *contact_number,
                                            const char           *campaign);
char           *wrapup_call_link_to_uri    (const WrapupCallLink *link);
WrapupCallLink *wrapup_call_link_copy      (const WrapupCallLink *link);
void            wrapup_call_link_free      (WrapupCallLink       *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WrapupCallLink, wrapup_call_link_free)

G_END_DECLS
