/* wrapup-test-ui.h: support for the application's UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "wrapup-call.h"
#include "wrapup-test-sim.h"

G_BEGIN_DECLS

#define TEST_DEMO_CALL     "12345"
#define TEST_DEMO_ACCOUNT  "5|3|1|0|0|44|1"
#define TEST_DEMO_CAMPAIGN "SamplePreviewCampaign-ACQ"

/* gtk_test_init + adw_init; fails the test run without a display. */
void        test_ui_init              (int          *argc,
                                       char       ***argv);
/* A client connected to sim (aborts on failure). */
LcmClient  *test_ui_connect           (TestSim      *sim);
/* A call for the simulator's demo call (12345), loaded: every section READY. */
WrapupCall *test_ui_open_demo_call    (LcmClient    *client);
/* Iterates until every section of the call is READY or FAILED (FALSE on timeout). */
gboolean    test_ui_wait_loaded       (WrapupCall   *call);
/* Presents the window and waits until it has been drawn. */
void        test_ui_show              (GtkWindow    *window);
/* Renders the widget to $WRAPUP_SCREENSHOT_DIR/<name>.png and checks the file is a PNG of
 * the widget's size. Returns the path. */
char       *test_ui_save_png          (GtkWidget    *widget,
                                       const char   *name);
/* The first toplevel window of type (or a subtype), NULL when none is open. */
GtkWindow  *test_ui_find_toplevel     (GType         type);
/* Waits until the file chooser has chosen path (it reads a typed name asynchronously). */
gboolean    test_ui_wait_for_chooser_file (GtkFileChooser *chooser,
                                           const char     *path,
                                           guint           timeout_ms);
/* Finds the first descendant of a type (depth first), or NULL. */
GtkWidget  *test_ui_find_child        (GtkWidget    *root,
                                       GType         type);
/* A template child: owner_type's child id, on root or the first descendant of that type,
 * as gtk_widget_get_template_child() gives it. Fails the test when there is none. */
GtkWidget  *test_ui_template_child    (GtkWidget    *root,
                                       GType         owner_type,
                                       const char   *id);
/* A field of the call's window the tests drive, by the name it has in the window (the
 * widget's name: "comments", "telephony-list"), reached through the template children that
 * hold it (the form's, then its outcome picker's) rather than a search of the widget tree.
 * Fails the test for a name it does not know. */
GtkWidget  *test_ui_find_field        (GtkWidget    *root,
                                       const char   *name);
/* Types description in the telephony search under root and presses Enter, as the agent
 * does, then lets the form follow. */
void        test_ui_choose_telephony  (GtkWidget    *root,
                                       const char   *description);
/* Types text into the spin button named name (under root) and moves on, as an agent does. */
void        test_ui_type_number       (GtkWidget    *root,
                                       const char   *name,
                                       const char   *text);
/* Finds the first descendant GtkLabel / GtkButton / AdwActionRow... whose label or title
 * contains text, or NULL. */
GtkWidget  *test_ui_find_by_text      (GtkWidget    *root,
                                       const char   *text);
/* A local time days from today (negative: before) at hour:minute. */
GDateTime  *test_ui_day_at            (int           days,
                                       int           hour,
                                       int           minute);

G_END_DECLS
