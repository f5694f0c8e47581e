/* wrapup-window-private.h: what the parts of WrapupWindow share
 *
 * wrapup-window.c is the window (the call bar, banner, pages, timer, closing);
 * wrapup-window-outbox.c its outbox button and popover; wrapup-window-close.c what closing
 * asks first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "wrapup-disposition-page.h"
#include "wrapup-journey-view.h"
#include "wrapup-window.h"

G_BEGIN_DECLS

struct _WrapupWindow
{
  AdwApplicationWindow  parent_instance;

  WrapupSession        *session;
  WrapupCall           *call;
  LcmOutbox            *outbox;
  GSettings            *settings;
  guint                 timer_source;
  /* The wrap-up has taken longer than the acw-target setting. */
  gboolean              over_target;
  gboolean              was_submitted;
  gboolean              close_confirmed;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *switcher_bar;
  GtkWidget            *call_bar;
  GtkLabel             *call_label;
  GtkLabel             *contact_label;
  GtkLabel             *campaign_label;
  GtkMenuButton        *outbox_button;
  GtkImage             *outbox_icon;
  GtkLabel             *outbox_label;
  GtkLabel             *outbox_summary;
  GtkLabel             *outbox_hint;
  GtkListBox           *outbox_list;
  GtkWidget            *connection_box;
  GtkImage             *connection_icon;
  GtkLabel             *connection_label;
  GtkLabel             *timer_label;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkLabel             *banner_button_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwBin               *wrapup_page;
  AdwBin               *journey_page;

  /* Built for a call only, the journey view when first shown (see ensure_journey_view()). */
  WrapupDispositionPage *disposition_page;
  /* Beside the form on wide windows (wrapup-history-panel.h), with its separator. */
  GtkWidget            *history_panel;
  GtkWidget            *history_separator;
  guint                 history_source;
  WrapupJourneyView    *journey_view;
};

/* wrapup-window-close.c */
gboolean wrapup_window_ask_before_closing (WrapupWindow *self);
void     wrapup_window_save_geometry      (WrapupWindow *self);

/* wrapup-window-outbox.c */
void wrapup_window_watch_outbox       (WrapupWindow *self);
void wrapup_window_update_outbox      (WrapupWindow *self);
void wrapup_window_outbox_action      (GtkWidget    *widget,
                                       const char   *action_name,
                                       GVariant     *parameter);
void wrapup_window_show_outbox_action (GtkWidget    *widget,
                                       const char   *action_name,
                                       GVariant     *parameter);

G_END_DECLS
