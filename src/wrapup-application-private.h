/* wrapup-application-private.h: what the parts of wrapup-application.c share
 *
 * See HACKING.md, "When a class grows": one class, its concerns in files of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-application.h"

G_BEGIN_DECLS

/* The demo call: the simulator seeds it (call 12345 on the vendor sample's account). */
#define DEMO_LINK "wrapup://call/12345?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND" \
                  "&contact=447700900123&campaign=SamplePreviewCampaign-ACQ"
#define DEMO_AGENT "testagent"
#define DEMO_JOURNEY_ROWS "5000"

struct _WrapupApplication
{
  AdwApplication          parent_instance;

  GSettings              *settings;
  /* The connection, outbox, drafts and cached lists every window shares. Every wrap-up
   * goes through its one outbox, in the user's data directory; while the demo runs,
   * through one in memory, so that nothing of the demo reaches a real gateway. */
  WrapupSession          *session;
  char                   *server_url;   /* --server-url (or the demo's), NULL: the setting */
  char                   *agent_id;     /* --agent-id (or the demo's), NULL: the setting */
  /* call id -> WrapupWindow (weak: removed when the window goes) */
  GHashTable             *call_windows;

  /* --demo */
  GSubprocess            *demo_sim;
  char                   *demo_dir;
};

/* wrapup-application.c */

void
wrapup_application_show_message (WrapupApplication *self,
                                 const char        *text);

void
wrapup_application_report_problems (WrapupApplication *self);

char *
wrapup_application_effective_setting (WrapupApplication *self,
                                      const char        *override,
                                      const char        *key);

void
wrapup_application_update_client (WrapupApplication *self);

void
wrapup_application_on_window_destroyed_cb (gpointer  user_data,
                                           GObject  *where_the_object_was);

/* wrapup-application-demo.c */

void
wrapup_application_stop_demo (WrapupApplication *self);

void
wrapup_application_start_demo (WrapupApplication *self);

/* wrapup-application-actions.c */

/* Adds the app.* actions (preferences, show-callbacks, about, quit). */
void
wrapup_application_add_actions (WrapupApplication *self);

G_END_DECLS
