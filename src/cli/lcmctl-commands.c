/* lcmctl-commands.c: the command table, and the gateway's commands
 *
 * The table names every command lcmctl knows, with how it runs: the outbox command by its
 * own (lcmctl-outbox.c), the others as requests to the gateway, each built from the
 * command's options by the library's builders, which validate, before a connection is
 * opened. The three set-* commands are one kind of write, a disposition, and share a builder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "lcmctl-private.h"

/* ------------------------------------------------------------------------------------------
 * Building requests
 */

/* The options every set-* command shares, into a new disposition. */
static LcmDisposition *
disposition_from_options (Lcmctl   *self,
                          GError  **error)
{
  LcmctlOptions *o = &self->opts;
  g_autoptr(LcmDisposition) d = lcm_disposition_new ();
  gint64 outcome;

  lcm_disposition_set_call_id (d, o->callid);
  lcm_disposition_set_account_number (d, o->account);
  lcm_disposition_set_user_id (d, o->user);

  if (!lcmctl_parse_id_option ("--outcome", o->outcome, &outcome, error))
    return NULL;
  lcm_disposition_set_telephony_outcome (d, outcome);

  if (o->business_outcome != NULL)
    {
      gint64 business;

      if (!lcmctl_parse_id_option ("--business-outcome", o->business_outcome, &business, error))
        return NULL;
      lcm_disposition_set_business_outcome (d, business);
    }

  if (o->comments != NULL)
    lcm_disposition_set_comments (d, o->comments);

  if (o->lead_score != NULL)
    {
      gint64 lead_score;

      if (!lcmctl_parse_int_option ("--lead-score", o->lead_score, G_MININT64, G_MAXINT64,
                                    &lead_score, error))
        return NULL;
      lcm_disposition_set_lead_score (d, lead_score);
    }

  if (o->target_amount != NULL)
    {
      double amount;

      if (!lcmctl_parse_amount_option ("--target-amount", o->target_amount, &amount, error))
        return NULL;
      lcm_disposition_set_target_amount (d, amount);
    }

  return g_steal_pointer (&d);
}

/* The callback set-business-outcome books: its window and its mode. */
static gboolean
set_callback_from_options (LcmctlOptions   *o,
                           LcmDisposition  *d,
                           GError         **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  gint64 mode;

  start = lcm_parse_date_time (o->start, NULL, error);
  if (start == NULL)
    {
      g_prefix_error (error, "--start: ");
      return FALSE;
    }
  end = lcm_parse_date_time (o->end, NULL, error);
  if (end == NULL)
    {
      g_prefix_error (error, "--end: ");
      return FALSE;
    }
  lcm_disposition_set_callback_window (d, start, end);

  if (!lcmctl_parse_id_option ("--mode", o->mode, &mode, error))
    return FALSE;
  lcm_disposition_set_callback_mode (d, mode);
  return TRUE;
}

/* The set-* commands: what the command's options put in the disposition decides its
 * operation (lcm_disposition_get_operation), a business outcome making it set-outcomes and a
 * callback window set-business-outcome; the library's one write path decides the wire. */
static LcmRequest *
build_disposition (Lcmctl  *self,
                   GError **error)
{
  const guint deciding = OPT_BUSINESS_OUTCOME | OPT_CALLBACK;
  g_autoptr(LcmDisposition) d = NULL;
  g_autoptr(LcmRequest) request = NULL;

  /* An option that changes the operation is never optional, so that each command always
   * makes the write it is named after. */
  g_assert ((self->command->accepted & deciding) == (self->command->required & deciding));

  d = disposition_from_options (self, error);
  if (d == NULL)
    return NULL;
  if ((self->command->accepted & OPT_CALLBACK) != 0
      && !set_callback_from_options (&self->opts, d, error))
    return NULL;

  request = lcm_request_new_disposition (d, NULL, error);
  if (request == NULL)
    return NULL;

  /* To say what was recorded, once the gateway has it. */
  g_set_object (&self->disposition, d);
  return g_steal_pointer (&request);
}

static LcmRequest *
build_business_outcomes (Lcmctl  *self,
                         GError **error)
{
  LcmCallType type;

  if (!lcm_call_type_from_string (self->opts.type, &type, error))
    return NULL;
  return lcm_request_new_business_outcomes (self->opts.callid, type, error);
}

static LcmRequest *
build_telephony_outcomes (Lcmctl  *self,
                          GError **error)
{
  return lcm_request_new_telephony_outcomes (self->opts.account, error);
}

static LcmRequest *
build_callback_modes (Lcmctl  *self,
                      GError **error)
{
  return lcm_request_new_callback_modes (self->opts.callid, self->opts.account, error);
}

static LcmRequest *
build_personal_callbacks (Lcmctl  *self,
                          GError **error)
{
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  if (self->opts.from != NULL && !lcm_parse_date (self->opts.from, &from, error))
    {
      g_prefix_error (error, "--from: ");
      return NULL;
    }
  if (self->opts.to != NULL && !lcm_parse_date (self->opts.to, &to, error))
    {
      g_prefix_error (error, "--to: ");
      return NULL;
    }

  /* From the first record (1-based), as many as the gateway gives by default (0). */
  return lcm_request_new_personal_callbacks (self->opts.user,
                                             self->opts.from != NULL ? &from : NULL,
                                             self->opts.to != NULL ? &to : NULL,
                                             1, 0, error);
}

static LcmRequest *
build_journey (Lcmctl  *self,
               GError **error)
{
  LcmctlOptions *o = &self->opts;
  g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();

  if (o->account != NULL)
    lcm_journey_query_set_account_number (query, o->account);
  if (o->contact != NULL)
    lcm_journey_query_set_contact_number (query, o->contact);
  if (o->callid != NULL)
    lcm_journey_query_set_call_id (query, o->callid);
  if (o->campaign != NULL)
    lcm_journey_query_set_campaign_name (query, o->campaign);

  if (o->channel != NULL)
    {
      LcmChannel channel;

      if (!lcm_channel_from_string (o->channel, &channel, error))
        return NULL;
      lcm_journey_query_set_channel (query, channel);
    }

  if (o->months != NULL)
    {
      gint64 months;

      if (!lcmctl_parse_int_option ("--months", o->months, G_MININT64, G_MAXINT64, &months, error)
          || !lcm_check_month_type (months, error))
        return NULL;
      lcm_journey_query_set_months (query, (guint) months);
    }

  return lcm_request_new_journey (query, error);
}

/* ------------------------------------------------------------------------------------------
 * The commands
 */

/* A gateway command: argv[0] is its name. */
static int
run_gateway_command (Lcmctl  *self,
                     int      argc,
                     char   **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char **command_argv = NULL;
  g_autofree char *prgname = NULL;
  int command_argc;

  /* The command's own options; argv[0] of this parse is the command name. */
  prgname = g_strdup_printf ("lcmctl %s", self->command->name);
  g_set_prgname (prgname);
  command_argc = argc;
  command_argv = g_new0 (char *, command_argc + 1);
  for (int i = 0; i < command_argc; i++)
    command_argv[i] = argv[i];

  context = lcmctl_command_context_new (self, self->command);
  {
    char **parse_argv = command_argv;

    if (!g_option_context_parse (context, &command_argc, &parse_argv, &error))
      return lcmctl_usage_error (self->command->name, error);
  }

  lcmctl_merge_command_options (self);

  if (self->opts.cmd_help)
    {
      g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);

      g_print ("%s", help);
      return LCMCTL_EXIT_OK;
    }

  if (command_argc > 1)
    {
      g_autofree char *shown = lcmctl_sanitize (command_argv[1], 40);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), shown);
      return lcmctl_usage_error (self->command->name, error);
    }

  /* Everything is checked before a connection is opened: an invalid request never exists. */
  if (!lcmctl_check_required (self, &error))
    return lcmctl_usage_error (self->command->name, error);

  self->request = self->command->build (self, &error);
  if (self->request == NULL)
    return lcmctl_usage_error (self->command->name, error);

  if (!lcmctl_resolve_connection_settings (self, &error))
    return lcmctl_usage_error (NULL, error);

  if (lcm_request_is_write (self->request))
    lcmctl_run_write (self);
  else
    lcmctl_run_request (self);
  return self->status;
}

const LcmctlCommand lcmctl_commands[] = {
  { "business-outcomes",
    "--callid ID --type MANUAL|INBOUND|OUTBOUND",
    N_("List the business outcomes of an outcome group, as a tree"),
    OPT_CALLID | OPT_TYPE,
    OPT_CALLID | OPT_TYPE,
    run_gateway_command, build_business_outcomes, lcmctl_print_business_outcomes },
  { "telephony-outcomes",
    "--account KEY",
    N_("List the telephony outcomes of an account"),
    OPT_ACCOUNT,
    OPT_ACCOUNT,
    run_gateway_command, build_telephony_outcomes, lcmctl_print_telephony_outcomes },
  { "callback-modes",
    "--callid ID --account KEY",
    N_("List the ways a contact can be called back"),
    OPT_CALLID | OPT_ACCOUNT,
    OPT_CALLID | OPT_ACCOUNT,
    run_gateway_command, build_callback_modes, lcmctl_print_callback_modes },
  { "set-telephony-outcome",
    "--callid ID --account KEY --outcome N --user U\n"
    "      [--comments T] [--lead-score N] [--target-amount N]",
    N_("Record the telephony outcome of a call"),
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_USER | OPT_WRITE_EXTRAS,
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_USER,
    run_gateway_command, build_disposition, NULL },
  { "set-outcomes",
    "--callid ID --account KEY --outcome N --business-outcome N --user U\n"
    "      [--comments T] [--lead-score N] [--target-amount N]",
    N_("Record the telephony and the business outcome of a call"),
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_USER
    | OPT_WRITE_EXTRAS,
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_USER,
    run_gateway_command, build_disposition, NULL },
  { "set-business-outcome",
    "--callid ID --account KEY --outcome N --business-outcome N\n"
    "      --start 'DD/MM/YYYY HH:mm' --end 'DD/MM/YYYY HH:mm' --mode N --user U\n"
    "      [--comments T] [--lead-score N] [--target-amount N]",
    N_("Record the business outcome of a call and book a personal callback"),
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_CALLBACK | OPT_USER
    | OPT_WRITE_EXTRAS,
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_CALLBACK | OPT_USER,
    run_gateway_command, build_disposition, NULL },
  { "callbacks",
    "--user U [--from DD/MM/YYYY] [--to DD/MM/YYYY]",
    N_("List an agent's personal callbacks"),
    OPT_USER | OPT_FROM | OPT_TO,
    OPT_USER,
    run_gateway_command, build_personal_callbacks, lcmctl_print_personal_callbacks },
  { "journey",
    "(--account KEY | --contact NUMBER | --callid ID) [--campaign NAME]\n"
    "      [--channel sms|voice|email|all] [--months 3|6|9|12]",
    N_("Show a customer's earlier interactions, newest first"),
    OPT_ACCOUNT | OPT_CONTACT | OPT_CALLID | OPT_CAMPAIGN | OPT_CHANNEL | OPT_MONTHS,
    0,
    run_gateway_command, build_journey, lcmctl_print_journey },
  { "outbox",
    NULL,
    N_("List, send, retry or remove the writes waiting in --outbox FILE"),
    0,
    0,
    lcmctl_run_outbox_command, NULL, NULL },
};

const guint lcmctl_n_commands = G_N_ELEMENTS (lcmctl_commands);

const LcmctlCommand *
lcmctl_find_command (const char *name)
{
  for (guint i = 0; i < lcmctl_n_commands; i++)
    if (g_strcmp0 (lcmctl_commands[i].name, name) == 0)
      return &lcmctl_commands[i];
  return NULL;
}
