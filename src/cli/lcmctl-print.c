/* lcmctl-print.c: what lcmctl says of an answer, and of a request that got none
 *
 * Each list the gateway answers is printed as a table (with --json, lcmctl.c prints the
 * gateway's own JSON instead), a write as a sentence saying what was recorded. A request
 * that ends without an answer is said on stderr, and that decides the exit status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcmctl-private.h"

#define LCMCTL_MAX_TREE_INDENT 16

/* ------------------------------------------------------------------------------------------
 * Printing answers
 */

static void
print_no_rows (void)
{
  g_print ("%s\n", _("Nothing found."));
}

static char *
format_lead_score (gint64 score)
{
  if (score == LCM_NO_LEAD_SCORE)
    return g_strdup ("");
  return lcmctl_format_int (score);
}

void
lcmctl_print_business_outcomes (Lcmctl     *self,
                                GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  g_autoptr(GListModel) roots = NULL;
  g_autoptr(GPtrArray) stack = NULL; /* of GListModel *, each with a position */
  g_autoptr(GArray) positions = NULL;

  if (g_list_model_get_n_items (rows) == 0)
    {
      print_no_rows ();
      return;
    }

  /* TRANSLATORS: column headers of the business outcome tree. */
  table = lcmctl_table_new (1u << 0 | 1u << 2 | 1u << 3 | 1u << 4,
                            _("ID"), _("Outcome"), _("Parent"), _("Campaign"), _("Lead score"),
                            NULL);

  /* Depth first, without recursion: a long chain of parents must not exhaust the stack. */
  roots = lcm_business_outcome_build_tree (rows);
  stack = g_ptr_array_new_with_free_func (g_object_unref);
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (stack, g_object_ref (roots));
  g_array_append_val (positions, (guint) { 0 });

  while (stack->len > 0)
    {
      guint depth = stack->len - 1;
      GListModel *level = g_ptr_array_index (stack, depth);
      guint *position = &g_array_index (positions, guint, depth);
      g_autoptr(LcmBusinessOutcome) outcome = NULL;
      g_autofree char *id = NULL;
      g_autofree char *parent = NULL;
      g_autofree char *campaign = NULL;
      g_autofree char *lead_score = NULL;
      g_autofree char *description = NULL;
      g_autofree char *indent = NULL;
      GListModel *children;

      if (*position >= g_list_model_get_n_items (level))
        {
          g_ptr_array_remove_index (stack, depth);
          g_array_remove_index (positions, depth);
          continue;
        }
      outcome = g_list_model_get_item (level, (*position)++);

      id = lcmctl_format_int (lcm_business_outcome_get_id (outcome));
      parent = lcm_business_outcome_get_parent_id (outcome) == LCM_NO_PARENT
               ? g_strdup ("")
               : lcmctl_format_int (lcm_business_outcome_get_parent_id (outcome));
      campaign = lcmctl_format_int (lcm_business_outcome_get_campaign_id (outcome));
      lead_score = format_lead_score (lcm_business_outcome_get_lead_score (outcome));
      indent = g_strnfill (2 * MIN (depth, LCMCTL_MAX_TREE_INDENT), ' ');
      description = g_strconcat (indent, lcm_business_outcome_get_description (outcome), NULL);

      lcmctl_table_add_row (table, id, description, parent, campaign, lead_score);

      children = lcm_business_outcome_get_children (outcome);
      if (children != NULL && g_list_model_get_n_items (children) > 0)
        {
          g_ptr_array_add (stack, g_object_ref (children));
          g_array_append_val (positions, (guint) { 0 });
        }
    }

  lcmctl_table_print (table);
}

void
lcmctl_print_telephony_outcomes (Lcmctl     *self,
                                 GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  table = lcmctl_table_new (1u << 0, _("ID"), _("Outcome"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (rows, i);
      g_autofree char *id = lcmctl_format_int (lcm_telephony_outcome_get_id (outcome));

      lcmctl_table_add_row (table, id, lcm_telephony_outcome_get_description (outcome));
    }
  lcmctl_table_print (table);
}

static char *
format_channel (gint64 channel)
{
  switch (channel)
    {
    case LCM_CHANNEL_ALL:
    case LCM_CHANNEL_SMS:
    case LCM_CHANNEL_VOICE:
    case LCM_CHANNEL_EMAIL:
      return g_strdup (lcm_channel_to_label ((LcmChannel) channel));
    default:
      return lcmctl_format_int (channel);
    }
}

void
lcmctl_print_callback_modes (Lcmctl     *self,
                             GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  table = lcmctl_table_new (1u << 0, _("Mode"), _("Description"), _("Channel"), _("Number"),
                            _("Length"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (rows, i);
      g_autofree char *id = lcmctl_format_int (lcm_callback_mode_get_mode_id (mode));
      g_autofree char *channel = format_channel (lcm_callback_mode_get_channel_type (mode));
      g_autofree char *length =
        g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                         lcm_callback_mode_get_min_length (mode),
                         lcm_callback_mode_get_max_length (mode));

      lcmctl_table_add_row (table, id, lcm_callback_mode_get_description (mode), channel,
                            lcm_callback_mode_get_value (mode), length);
    }
  lcmctl_table_print (table);
}

void
lcmctl_print_personal_callbacks (Lcmctl     *self,
                                 GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  table = lcmctl_table_new (1u << 0 | 1u << 1 | 1u << 2,
                            _("#"), _("Campaign"), _("Contact"), _("Mode"), _("Number"),
                            _("Start"), _("End"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (rows, i);
      g_autofree char *row_number =
        lcmctl_format_int (lcm_personal_callback_get_row_number (callback));
      g_autofree char *campaign =
        lcmctl_format_int (lcm_personal_callback_get_campaign_id (callback));
      g_autofree char *contact =
        lcmctl_format_int (lcm_personal_callback_get_contact_id (callback));
      g_autofree char *start = lcmctl_format_date_time (lcm_personal_callback_get_start (callback));
      g_autofree char *end = lcmctl_format_date_time (lcm_personal_callback_get_end (callback));

      lcmctl_table_add_row (table, row_number, campaign, contact,
                            lcm_personal_callback_get_mode_description (callback),
                            lcm_personal_callback_get_value (callback), start, end);
    }
  lcmctl_table_print (table);
}

static int
compare_journey_newest_first (gconstpointer a,
                              gconstpointer b)
{
  LcmJourneyEntry *entry_a = *(LcmJourneyEntry * const *) a;
  LcmJourneyEntry *entry_b = *(LcmJourneyEntry * const *) b;
  gint64 time_a = lcm_journey_entry_get_completed_unix (entry_a);
  gint64 time_b = lcm_journey_entry_get_completed_unix (entry_b);

  return (time_a < time_b) - (time_a > time_b);
}

void
lcmctl_print_journey (Lcmctl     *self,
                      GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  entries = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entries, g_list_model_get_item (rows, i));
  /* Stable: interactions of the same minute keep the gateway's order. */
  g_ptr_array_sort (entries, compare_journey_newest_first);

  table = lcmctl_table_new (0, _("Date"), _("Channel"), _("Campaign"), _("Mode"), _("Number"),
                            _("Outcome"), _("Agent"), _("Comment"), _("Lead score"), _("Call type"),
                            NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      LcmJourneyEntry *entry = g_ptr_array_index (entries, i);
      GDateTime *completed = lcm_journey_entry_get_completed (entry);
      g_autofree char *date = completed != NULL
                              ? lcmctl_format_date_time (completed)
                              : g_strdup (lcm_journey_entry_get_completed_time_text (entry));
      g_autofree char *channel = format_channel (lcm_journey_entry_get_channel (entry));
      g_autofree char *lead_score =
        g_strdup_printf ("%" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT,
                         lcm_journey_entry_get_previous_lead_score (entry),
                         lcm_journey_entry_get_current_lead_score (entry));

      lcmctl_table_add_row (table, date, channel,
                            lcm_journey_entry_get_campaign_name (entry),
                            lcm_journey_entry_get_mode (entry),
                            lcm_journey_entry_get_contact_value (entry),
                            lcm_journey_entry_get_outcome (entry),
                            lcm_journey_entry_get_agent_name (entry),
                            lcm_journey_entry_get_agent_comment (entry),
                            lead_score,
                            lcm_journey_entry_get_call_type (entry));
    }
  lcmctl_table_print (table);
}

void
lcmctl_print_write_confirmation (Lcmctl *self)
{
  LcmDisposition *d = self->disposition;
  g_autofree char *callid = lcmctl_sanitize (lcm_disposition_get_call_id (d), 0);
  g_autofree char *account = lcmctl_sanitize (lcm_disposition_get_account_number (d), 0);
  g_autofree char *telephony = lcmctl_format_int (lcm_disposition_get_telephony_outcome (d));
  g_autofree char *business = lcmctl_format_int (lcm_disposition_get_business_outcome (d));

  switch (lcm_disposition_get_operation (d))
    {
    case LCM_OPERATION_SET_TELEPHONY_OUTCOME:
      g_print (_("Telephony outcome %s recorded for call %s (account %s).\n"),
               telephony, callid, account);
      break;

    case LCM_OPERATION_SET_OUTCOMES:
      g_print (_("Telephony outcome %s and business outcome %s recorded for call %s "
                 "(account %s).\n"),
               telephony, business, callid, account);
      break;

    case LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK:
      {
        g_autofree char *start = lcmctl_format_date_time (lcm_disposition_get_callback_start (d));
        g_autofree char *end = lcmctl_format_date_time (lcm_disposition_get_callback_end (d));
        g_autofree char *mode = lcmctl_format_int (lcm_disposition_get_callback_mode (d));

        g_print (_("Business outcome %s recorded for call %s (account %s); callback booked "
                   "from %s to %s on mode %s.\n"),
                 business, callid, account, start, end, mode);
      }
      break;

    case LCM_OPERATION_BUSINESS_OUTCOMES:
    case LCM_OPERATION_TELEPHONY_OUTCOMES:
    case LCM_OPERATION_CALLBACK_MODES:
    case LCM_OPERATION_PERSONAL_CALLBACKS:
    case LCM_OPERATION_JOURNEY:
    default:
      g_assert_not_reached ();
    }
}

void
lcmctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* ------------------------------------------------------------------------------------------
 * What became of a request
 */

int
lcmctl_exit_status_for_error (const GError *error)
{
  if (error->domain == LCM_REQUEST_ERROR || error->domain == G_OPTION_ERROR)
    return LCMCTL_EXIT_USAGE;
  if (error->domain == LCM_CLIENT_ERROR
      && (error->code == LCM_CLIENT_ERROR_INVALID_URL
          || error->code == LCM_CLIENT_ERROR_INSECURE_URL))
    return LCMCTL_EXIT_USAGE;
  if (error->domain == LCM_GATEWAY_ERROR || error->domain == LCM_PROTOCOL_ERROR)
    return LCMCTL_EXIT_REFUSED;
  if (error->domain == LCM_OUTBOX_ERROR)
    {
      switch (error->code)
        {
        case LCM_OUTBOX_ERROR_QUEUED:
          return LCMCTL_EXIT_QUEUED;
        case LCM_OUTBOX_ERROR_REFUSED:
        case LCM_OUTBOX_ERROR_PERMANENT:
          return LCMCTL_EXIT_REFUSED;
        case LCM_OUTBOX_ERROR_STORAGE:
        case LCM_OUTBOX_ERROR_DAMAGED:
          return LCMCTL_EXIT_STORAGE;
        case LCM_OUTBOX_ERROR_UNREADABLE:
          return LCMCTL_EXIT_UNREADABLE;
        default:
          return LCMCTL_EXIT_USAGE;
        }
    }
  return LCMCTL_EXIT_CONNECTION;
}

/* The outbox, for messages: as the user gave it. */
char *
lcmctl_outbox_for_people (Lcmctl *self)
{
  return g_filename_display_name (self->opts.outbox);
}

/* A write or a flush that got no answer. With --outbox it waits in the file: "queued" on
 * stdout, exit 4. Without, nothing keeps it: it failed like any request without an answer. */
void
lcmctl_report_no_answer (Lcmctl       *self,
                         const GError *reason)
{
  const GError *shown = self->connect_error != NULL ? self->connect_error : reason;
  g_autofree char *message = NULL;
  g_autofree char *url = lcmctl_url_for_people (self->url);

  if (shown != NULL)
    message = lcmctl_error_for_people (shown);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "No answer from %s within %u second",
                                            "No answer from %s within %u seconds",
                                            self->timeout_seconds),
                               url, self->timeout_seconds);

  if (!lcmctl_is_durable (self))
    {
      self->status = shown != NULL && shown->domain != LCM_OUTBOX_ERROR
                     ? lcmctl_exit_status_for_error (shown) : LCMCTL_EXIT_CONNECTION;
      if (shown != NULL && shown->domain != LCM_CLIENT_ERROR
          && shown->domain != LCM_OUTBOX_ERROR)
        lcmctl_print_error (_("Cannot reach the gateway at %s: %s"), url, message);
      else
        lcmctl_print_error ("%s", message);
      return;
    }

  {
    g_autofree char *file = lcmctl_outbox_for_people (self);
    guint waiting = lcm_outbox_get_n_pending (self->outbox);

    self->status = LCMCTL_EXIT_QUEUED;
    g_print ("queued\n");
    if (self->flushing)
      lcmctl_print_error (g_dngettext (GETTEXT_PACKAGE,
                                       "%s; %u write is still waiting in %s",
                                       "%s; %u writes are still waiting in %s", waiting),
                          message, waiting, file);
    else
      lcmctl_print_error (_("%s; the write is kept in %s and will be sent by “lcmctl --outbox %s "
                            "outbox flush”"), message, file, file);
  }
}

/* The outbox file or its lock cannot be used: whatever was sent, that needs someone. */
void
lcmctl_report_storage_problem (Lcmctl       *self,
                               const GError *error,
                               gboolean      write_waits)
{
  g_autofree char *message = lcmctl_error_for_people (error);

  self->status = LCMCTL_EXIT_STORAGE;
  lcmctl_print_error ("%s", message);
  if (write_waits)
    {
      g_autofree char *file = lcmctl_outbox_for_people (self);

      lcmctl_print_error (_("The write is kept in %s: “lcmctl --outbox %s outbox flush” sends it "
                            "once that is done"), file, file);
    }
}
