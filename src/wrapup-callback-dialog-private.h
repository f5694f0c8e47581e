/* wrapup-callback-dialog-private.h: the callback dialog's fields, for the form and tests
 *
 * The widgets the agent fills in, so tests (and the wrap-up form) can drive them exactly as
 * the agent would: a change through these widgets validates at once, as typing does. The
 * dialog's parts share its instance and their functions here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lcm.h"
#include "wrapup-callback-dialog.h"

G_BEGIN_DECLS

/* The instance, shared by the class's parts (wrapup-callback-dialog-window.c). */
struct _WrapupCallbackDialog
{
  AdwWindow      parent_instance;

  GListModel    *modes;
  /* The window as last read from the fields: the end keeps its distance from the start
   * when the agent moves the start. */
  GDateTime     *last_start;
  GDateTime     *last_end;
  guint          revalidate_id;
  /* Above zero while the code, not the agent, changes the fields. */
  guint          updating;
  gboolean       valid;
  /* The agent has changed something or tried to book: a problem then shows as an error,
   * before only as a hint. */
  gboolean       touched;
  /* The agent picked a past day: today is chosen instead, and the form says why. */
  gboolean       past_day_refused;

  GtkCalendar   *start_calendar;
  GtkSpinButton *start_hour;
  GtkSpinButton *start_minute;
  GtkSpinButton *end_hour;
  GtkSpinButton *end_minute;
  /* The chosen mode: no autoselect, so nothing is chosen until the agent (or a single
   * mode, or the mode booked before) says. */
  GtkSingleSelection *mode_selection;
  GtkMenuButton *mode_button;
  GtkPopover    *mode_popover;
  GtkListView   *mode_list;
  GtkLabel      *error_label;
  GtkLabel      *zone_label;
  GtkWidget     *book_button;
  GtkWidget     *presets;
};

/* The day of the window (it is one day's). */
GtkCalendar   *wrapup_callback_dialog_get_calendar       (WrapupCallbackDialog *self);
/* end: FALSE for the start of the window, TRUE for its end. */
GtkSpinButton *wrapup_callback_dialog_get_hour           (WrapupCallbackDialog *self,
                                                          gboolean              end);
GtkSpinButton *wrapup_callback_dialog_get_minute         (WrapupCallbackDialog *self,
                                                          gboolean              end);
/* The chosen mode, as the agent's pick in the mode button's list sets it. */
GtkSingleSelection *wrapup_callback_dialog_get_mode_selection (WrapupCallbackDialog *self);
/* The button that shows the chosen mode ("Choose a Number" while none is) and opens the list. */
GtkMenuButton *wrapup_callback_dialog_get_mode_button    (WrapupCallbackDialog *self);
/* The inline error (hidden while the form is valid) and the time-zone line. */
GtkLabel      *wrapup_callback_dialog_get_error_label    (WrapupCallbackDialog *self);
GtkLabel      *wrapup_callback_dialog_get_zone_label     (WrapupCallbackDialog *self);
GtkWidget     *wrapup_callback_dialog_get_book_button    (WrapupCallbackDialog *self);

/* Sets the day and the times, exactly as given (the end does not follow the start here; its
 * day is the start's), then validates. Either may be NULL to leave it. */
void           wrapup_callback_dialog_set_window         (WrapupCallbackDialog *self,
                                                          GDateTime            *start,
                                                          GDateTime            *end);
/* Selects the mode with that id (LCM_NONE: no selection). */
void           wrapup_callback_dialog_select_mode        (WrapupCallbackDialog *self,
                                                          gint64                mode_id);

/* The start of the window a preset gives ("hour", "tomorrow-same-time", "tomorrow-ten",
 * "next-working-day"), from now and the start the form shows; NULL for another name. The
 * window lasts an hour. */
GDateTime     *wrapup_callback_preset_start              (const char           *preset,
                                                          GDateTime            *now,
                                                          int                   form_hour,
                                                          int                   form_minute);

/* "Mobile — 447700900123": how a callback mode is shown to the agent. */
char          *wrapup_callback_mode_dup_label            (LcmCallbackMode      *mode);

/* wrapup-callback-dialog.c */

LcmCallbackMode *
wrapup_callback_dialog_selected_mode (WrapupCallbackDialog *self);

/* wrapup-callback-dialog-window.c */

int
wrapup_callback_dialog_spin_value (GtkSpinButton *spin);

GDateTime *
wrapup_callback_dialog_read_time (GtkCalendar   *calendar,
                                  GtkSpinButton *hour,
                                  GtkSpinButton *minute);

void
wrapup_callback_dialog_write_time (WrapupCallbackDialog *self,
                                   GtkCalendar          *calendar,
                                   GtkSpinButton        *hour,
                                   GtkSpinButton        *minute,
                                   GDateTime            *time);

void
wrapup_callback_dialog_validate (WrapupCallbackDialog *self);

void
wrapup_callback_dialog_refuse_past_day (WrapupCallbackDialog *self);

G_END_DECLS
