/* wrapup-test-notifications.h: a stand-in for the desktop's notification server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* org.freedesktop.Notifications on the test's session bus: GLib's notification backend talks
 * to it as it would to the desktop's, and it records what it got. A UI test whose
 * application may notify (a callback falls due while it runs) needs one, or GLib warns that
 * nobody is there, and the tests make warnings fatal. */
typedef struct
{
  /* What it got: each notification's summary and body, in order (its id is the position
   * plus one), and the ids of CloseNotification calls. */
  GPtrArray       *summaries;
  GPtrArray       *bodies;
  GArray          *closed;

  GDBusConnection *connection;
  guint            object_id;
  guint            name_id;
  gboolean         acquired;
  guint32          last_id;
} TestNotificationServer;

/* Owns the name on the session bus, returning once it has it. */
TestNotificationServer *test_notification_server_start (void);
/* Must come before the application is finalized: GLib 2.74's freedesktop backend recurses
 * without end if the server vanishes after the application is gone while it still tracks
 * notifications (its entries hold the backend's last references). */
void                    test_notification_server_stop  (TestNotificationServer *server);

G_END_DECLS
