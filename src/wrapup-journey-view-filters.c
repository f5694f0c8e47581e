/* wrapup-journey-view-filters.c: the journey view's filter bar and the query it makes
 *
 * The bar shows what the journey was loaded with (show_query), says when what it shows
 * differs from the rows (update_stale), remembers the agent's channel and period, and turns
 * into the call's journey query on Search (apply_query), with an error beside the field
 * that is wrong. The text filter over the loaded rows is applied as typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-journey-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "wrapup-session.h"
#include "wrapup-journey-view-private.h"

const LcmChannel wrapup_journey_channel_choices[N_CHANNEL_CHOICES] = {
  LCM_CHANNEL_ALL, LCM_CHANNEL_SMS, LCM_CHANNEL_VOICE, LCM_CHANNEL_EMAIL,
};
const guint wrapup_journey_month_choices[N_MONTH_CHOICES] = { 3, 6, 9, 12 };

static int
channel_choice_index (LcmChannel channel)
{
  for (guint i = 0; i < N_CHANNEL_CHOICES; i++)
    if (wrapup_journey_channel_choices[i] == channel)
      return (int) i;
  return -1;
}

static int
month_choice_index (guint months)
{
  for (guint i = 0; i < N_MONTH_CHOICES; i++)
    if (wrapup_journey_month_choices[i] == months)
      return (int) i;
  return -1;
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static void
show_query_error (WrapupJourneyView *self,
                  GtkEntry          *entry,
                  const char        *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_label_set_text (self->query_error_label, message);
  gtk_revealer_set_reveal_child (self->query_error_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

void
wrapup_journey_view_clear_query_error (WrapupJourneyView *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->key_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->campaign_entry), "error");
  gtk_revealer_set_reveal_child (self->query_error_revealer, FALSE);
}

/* The filter bar shows what the journey was, or will be, loaded with. */
static char *
dup_filters (WrapupJourneyView *self)
{
  const char *key_text = gtk_editable_get_text (GTK_EDITABLE (self->key_entry));
  g_autofree char *key = g_strstrip (g_strdup (key_text));
  g_autofree char *campaign =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->campaign_entry))));

  return g_strdup_printf ("%u\n%u\n%s\n%s", self->channel_choice, self->months_choice, key,
                          campaign);
}

/* The rows are those of the last Search: changed filters say so, and dim them, until the
 * agent presses Search. */
void
wrapup_journey_view_update_stale (WrapupJourneyView *self)
{
  g_autofree char *filters = NULL;
  gboolean stale;

  if (self->applied_filters == NULL)
    return;
  filters = dup_filters (self);
  stale = g_strcmp0 (filters, self->applied_filters) != 0;
  gtk_revealer_set_reveal_child (self->stale_revealer, stale);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->column_view), "stale");
}

void
wrapup_journey_view_show_query (WrapupJourneyView *self)
{
  LcmJourneyQuery *query;
  const char *key;
  const char *campaign;
  int index;

  if (self->call == NULL)
    return;

  query = wrapup_call_get_journey_query (self->call);
  index = channel_choice_index (lcm_journey_query_get_channel (query));
  wrapup_journey_view_set_channel_choice (self, index >= 0 ? (guint) index : 0);
  index = month_choice_index (lcm_journey_query_get_months (query));
  wrapup_journey_view_set_months_choice (self, index >= 0 ? (guint) index : 0);

  /* Empty for this call's own customer, the placeholder says so: the agent sees a key only
   * when one was typed. */
  key = lcm_journey_query_get_contact_number (query);
  if (key == NULL || *key == '\0')
    key = lcm_journey_query_get_account_number (query);
  if (key != NULL && g_strcmp0 (key, wrapup_call_get_account_number (self->call)) == 0)
    key = NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->key_entry), key != NULL ? key : "");
  campaign = lcm_journey_query_get_campaign_name (query);
  gtk_editable_set_text (GTK_EDITABLE (self->campaign_entry), campaign != NULL ? campaign : "");
  wrapup_journey_view_clear_query_error (self);
  g_free (self->applied_filters);
  self->applied_filters = dup_filters (self);
  wrapup_journey_view_update_stale (self);
}

/* The channel and period the agent chose last time, if they differ from the query's, are
 * put on it. TRUE when the query changed. */
gboolean
wrapup_journey_view_put_remembered_filters (GSettings  *settings,
                                            WrapupCall *call)
{
  LcmJourneyQuery *query = wrapup_call_get_journey_query (call);
  gboolean changed = FALSE;
  int channel = g_settings_get_int (settings, "journey-channel");
  int months = g_settings_get_int (settings, "journey-months");

  if (channel_choice_index ((LcmChannel) channel) >= 0 &&
      lcm_journey_query_get_channel (query) != (LcmChannel) channel)
    {
      lcm_journey_query_set_channel (query, (LcmChannel) channel);
      changed = TRUE;
    }
  if (months > 0 && month_choice_index ((guint) months) >= 0 &&
      lcm_journey_query_get_months (query) != (guint) months)
    {
      lcm_journey_query_set_months (query, (guint) months);
      changed = TRUE;
    }
  return changed;
}

/* The same for the view's call; the journey is loaded again if it was loaded already. */
void
wrapup_journey_view_apply_remembered_filters (WrapupJourneyView *self)
{
  if (self->settings == NULL)
    return;

  /* Before its first load the call sends the query as it now is. */
  if (wrapup_journey_view_put_remembered_filters (self->settings, self->call) &&
      wrapup_journey_view_journey_state (self) != WRAPUP_LOAD_IDLE)
    wrapup_call_reload (self->call, WRAPUP_SECTION_JOURNEY);
}

/* Reads the filter bar into the call's journey query and loads the journey again, or shows
 * why it cannot and sends nothing. */
void
wrapup_journey_view_apply_query (WrapupJourneyView *self)
{
  g_autofree char *key = NULL;
  g_autofree char *campaign = NULL;
  g_autoptr(GError) error = NULL;
  LcmJourneyQuery *query;
  const char *account = NULL;
  const char *contact = NULL;
  LcmChannel channel;
  guint months;

  if (self->call == NULL)
    return;

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_entry))));
  campaign = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->campaign_entry))));

  if (*key == '\0')
    /* This call's customer: the gateway looks the call up. */
    ;
  else if (is_all_digits (key))
    {
      if (!lcm_check_contact_number (key, &error))
        {
          show_query_error (self, self->key_entry, error->message);
          return;
        }
      contact = key;
    }
  else if (lcm_check_account_number (key, NULL))
    account = key;
  else
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not a customer’s number: type their contact "
                                   "number (digits only), or leave the field empty for this "
                                   "call’s customer."), key);
      show_query_error (self, self->key_entry, message);
      return;
    }

  if (g_utf8_strlen (campaign, -1) > LCM_MAX_CAMPAIGN_LENGTH)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("The campaign name is longer than %d character.",
                                           "The campaign name is longer than %d characters.",
                                           LCM_MAX_CAMPAIGN_LENGTH),
                                 LCM_MAX_CAMPAIGN_LENGTH);
      show_query_error (self, self->campaign_entry, message);
      return;
    }

  wrapup_journey_view_clear_query_error (self);

  channel = wrapup_journey_channel_choices[self->channel_choice];
  months = wrapup_journey_month_choices[self->months_choice];

  query = wrapup_call_get_journey_query (self->call);
  /* With a contact number and no account the gateway searches by number; with neither it
   * looks the call up, so only then does the query carry the call id. */
  lcm_journey_query_set_account_number (query, account);
  lcm_journey_query_set_contact_number (query, contact);
  lcm_journey_query_set_call_id (query, account == NULL && contact == NULL
                                        ? wrapup_call_get_call_id (self->call) : NULL);
  lcm_journey_query_set_campaign_name (query, *campaign != '\0' ? campaign : NULL);
  lcm_journey_query_set_channel (query, channel);
  lcm_journey_query_set_months (query, months);

  if (self->settings != NULL)
    {
      g_settings_set_int (self->settings, "journey-channel", channel);
      g_settings_set_int (self->settings, "journey-months", (int) months);
    }

  /* What is sent is what the bar shows: the rows to come are not out of date. */
  g_free (self->applied_filters);
  self->applied_filters = dup_filters (self);
  wrapup_journey_view_update_stale (self);
  wrapup_call_reload (self->call, WRAPUP_SECTION_JOURNEY);
}

/* The filter text as typed: surrounding spaces are not part of it. */
void
wrapup_journey_view_set_text_filter (WrapupJourneyView *self,
                                     const char        *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  wrapup_text_filter_model_set_text (self->filtered, stripped);
}
