/* lcmctl-options.c: lcmctl's command line, and reading what people typed on it
 *
 * The global options may come before the command or after it (after wins); each command
 * takes those of one table of command options that its entry in the command table accepts.
 * lcmctl reads numbers itself rather than through GOption, so that a message names the
 * option that is wrong; the gateway's URL, the timeout, the token and a trusted certificate
 * are read before anything is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lcmctl-private.h"

#define LCMCTL_DEFAULT_TIMEOUT_SECONDS 15
#define LCMCTL_MAX_TIMEOUT_SECONDS     3600
#define LCMCTL_MAX_TOKEN_FILE_SIZE     (16 * 1024)

/* ------------------------------------------------------------------------------------------
 * Command options
 */

/* Every option a command may take: its entry in the command table says which it accepts and
 * which it requires. */
typedef struct
{
  LcmctlOptionFlag  flag;
  const char       *long_name;
  const char       *arg_description;
  const char       *description;
  gsize             offset;
} LcmctlCommandOption;

static const LcmctlCommandOption command_options[] = {
  { OPT_CALLID, "callid", N_("ID"),
    N_("The call ID the dialer gave the call"), G_STRUCT_OFFSET (LcmctlOptions, callid) },
  { OPT_ACCOUNT, "account", N_("KEY"),
    N_("The LCM key (account number), e.g. 5|3|1|0|0|44|1"),
    G_STRUCT_OFFSET (LcmctlOptions, account) },
  { OPT_TYPE, "type", "MANUAL|INBOUND|OUTBOUND",
    N_("The type of the call"), G_STRUCT_OFFSET (LcmctlOptions, type) },
  { OPT_OUTCOME, "outcome", N_("N"),
    N_("The telephony outcome ID"), G_STRUCT_OFFSET (LcmctlOptions, outcome) },
  { OPT_BUSINESS_OUTCOME, "business-outcome", N_("N"),
    N_("The business outcome ID"), G_STRUCT_OFFSET (LcmctlOptions, business_outcome) },
  { OPT_USER, "user", N_("USER"),
    N_("The agent's user ID"), G_STRUCT_OFFSET (LcmctlOptions, user) },
  { OPT_COMMENTS, "comments", N_("TEXT"),
    N_("The agent's comments"), G_STRUCT_OFFSET (LcmctlOptions, comments) },
  { OPT_LEAD_SCORE, "lead-score", N_("N"),
    N_("The contact's lead score"), G_STRUCT_OFFSET (LcmctlOptions, lead_score) },
  { OPT_TARGET_AMOUNT, "target-amount", N_("N"),
    N_("The target amount achieved"), G_STRUCT_OFFSET (LcmctlOptions, target_amount) },
  { OPT_START, "start", N_("'DD/MM/YYYY HH:mm'"),
    N_("When the callback window opens (local time)"), G_STRUCT_OFFSET (LcmctlOptions, start) },
  { OPT_END, "end", N_("'DD/MM/YYYY HH:mm'"),
    N_("When the callback window closes (local time)"), G_STRUCT_OFFSET (LcmctlOptions, end) },
  { OPT_MODE, "mode", N_("N"),
    N_("The callback mode ID (see callback-modes)"), G_STRUCT_OFFSET (LcmctlOptions, mode) },
  { OPT_FROM, "from", N_("DD/MM/YYYY"),
    N_("Only callbacks from this date"), G_STRUCT_OFFSET (LcmctlOptions, from) },
  { OPT_TO, "to", N_("DD/MM/YYYY"),
    N_("Only callbacks up to this date"), G_STRUCT_OFFSET (LcmctlOptions, to) },
  { OPT_CONTACT, "contact", N_("NUMBER"),
    N_("The contact's phone number, digits only, without a dial prefix"),
    G_STRUCT_OFFSET (LcmctlOptions, contact) },
  { OPT_CAMPAIGN, "campaign", N_("NAME"),
    N_("Only this campaign"), G_STRUCT_OFFSET (LcmctlOptions, campaign) },
  { OPT_CHANNEL, "channel", "sms|voice|email|all",
    N_("Only this channel (default: all)"), G_STRUCT_OFFSET (LcmctlOptions, channel) },
  { OPT_MONTHS, "months", "3|6|9|12",
    N_("How many months back (default: 3)"), G_STRUCT_OFFSET (LcmctlOptions, months) },
};

/* ------------------------------------------------------------------------------------------
 * Reading what people typed
 */

gboolean
lcmctl_parse_int_option (const char  *option,
                         const char  *text,
                         gint64       min,
                         gint64       max,
                         gint64      *out,
                         GError     **error)
{
  g_autofree char *shown = lcmctl_sanitize (text, 40);
  gint64 value;

  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL)
      && value >= min && value <= max)
    {
      *out = value;
      return TRUE;
    }

  if (min == G_MININT64 && max == G_MAXINT64)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* TRANSLATORS: the first %s is an option such as --lead-score */
                 _("%s: “%s” is not a whole number"), option, shown);
  else if (min == 0 && max == G_MAXINT64)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* TRANSLATORS: the first %s is an option such as --outcome */
                 _("%s: “%s” is not a whole number of 0 or more"), option, shown);
  else
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* TRANSLATORS: the first %s is an option such as --months */
                 _("%s: “%s” is not a whole number from %" PRId64
                   " to %" PRId64),
                 option, shown, min, max);
  return FALSE;
}

gboolean
lcmctl_parse_id_option (const char  *option,
                        const char  *text,
                        gint64      *out,
                        GError     **error)
{
  return lcmctl_parse_int_option (option, text, 0, G_MAXINT64, out, error);
}

gboolean
lcmctl_parse_amount_option (const char  *option,
                            const char  *text,
                            double      *out,
                            GError     **error)
{
  char *end = NULL;
  double value;

  value = g_ascii_strtod (text, &end);
  if (*text != '\0' && !g_ascii_isspace (*text) && end != NULL && *end == '\0'
      && isfinite (value))
    {
      *out = value;
      return TRUE;
    }

  {
    g_autofree char *shown = lcmctl_sanitize (text, 40);

    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* TRANSLATORS: the first %s is an option such as --target-amount */
                 _("%s: “%s” is not a number"), option, shown);
  }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------
 * Command line
 */

/* The global options: the same group serves before the command (into the fields of the
 * global options) and after it (into the cmd_ fields, merged in afterwards). */
GOptionGroup *
lcmctl_global_group_new (const char    *name,
                         LcmctlOptions *o,
                         gboolean       after_command)
{
  const GOptionEntry entries[] = {
    { "url", 'u', 0, G_OPTION_ARG_STRING, after_command ? &o->cmd_url : &o->url,
      N_("The gateway's WebSocket URL (default: $WRAPUP_SERVER_URL)"), N_("URL") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME,
      after_command ? &o->cmd_token_file : &o->token_file,
      N_("Read the access token from FILE"), N_("FILE") },
    { "trusted-certificate", 0, 0, G_OPTION_ARG_FILENAME,
      after_command ? &o->cmd_certificate : &o->certificate,
      N_("Trust the gateway's own certificate in the PEM FILE, besides the system's "
         "authorities"), N_("FILE") },
    { "timeout", 't', 0, G_OPTION_ARG_STRING, after_command ? &o->cmd_timeout : &o->timeout,
      N_("Give up after S seconds, connection included (default: 15)"), N_("S") },
    { "outbox", 0, 0, G_OPTION_ARG_FILENAME, after_command ? &o->cmd_outbox : &o->outbox,
      N_("Store writes in the outbox FILE before sending them; unanswered ones wait there"),
      N_("FILE") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, after_command ? &o->cmd_json : &o->json,
      N_("Print the gateway's answer as JSON"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, after_command ? &o->cmd_help : &o->help,
      N_("Show this help"), NULL },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new (name, _("Global options:"),
                                            _("Show the global options"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  return group;
}

static char *
global_description (void)
{
  GString *text = g_string_new (NULL);
  gsize width = 0;

  for (guint i = 0; i < lcmctl_n_commands; i++)
    width = MAX (width, strlen (lcmctl_commands[i].name));

  g_string_append_printf (text, "%s\n", _("Commands:"));
  for (guint i = 0; i < lcmctl_n_commands; i++)
    g_string_append_printf (text, "  %-*s  %s\n", (int) width, lcmctl_commands[i].name,
                            _(lcmctl_commands[i].summary));
  g_string_append_printf (text, "\n%s\n", _("Run “lcmctl COMMAND --help” for the options of a "
                                            "command."));
  g_string_append_printf (text, "\n%s\n", _("Exit status:"));
  g_string_append_printf (text, "  0  %s\n", _("Done"));
  g_string_append_printf (text, "  1  %s\n", _("The gateway refused the request"));
  g_string_append_printf (text, "  2  %s\n", _("Bad usage or invalid input; nothing was sent"));
  g_string_append_printf (text, "  3  %s\n", _("No connection to the gateway, or no answer "
                                               "in time"));
  g_string_append_printf (text, "  4  %s\n", _("With --outbox: stored, and will be sent when "
                                               "the gateway answers"));
  g_string_append_printf (text, "  5  %s\n", _("With --outbox: the outbox file or its lock "
                                               "cannot be used (damaged, not an outbox, a full "
                                               "disk…)"));
  g_string_append_printf (text, "  6  %s\n", _("With --outbox: stored writes cannot be read "
                                               "back, so they cannot be sent"));
  return g_string_free (text, FALSE);
}

GOptionContext *
lcmctl_global_context_new (Lcmctl *self)
{
  GOptionContext *context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_autofree char *description = global_description ();

  g_option_context_set_summary (context, _("Talk to an LCM gateway from a terminal."));
  g_option_context_set_description (context, description);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, lcmctl_global_group_new ("lcmctl", &self->opts, FALSE));
  return context;
}

GOptionContext *
lcmctl_command_context_new (Lcmctl              *self,
                            const LcmctlCommand *command)
{
  GOptionContext *context = g_option_context_new (NULL);
  g_autofree char *summary = g_strdup_printf ("%s\n\n  lcmctl %s %s", _(command->summary),
                                              command->name, command->synopsis);
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  GOptionGroup *group;
  GOptionGroup *command_group;

  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  for (guint i = 0; i < G_N_ELEMENTS (command_options); i++)
    {
      const LcmctlCommandOption *option = &command_options[i];
      GOptionEntry entry = {
        option->long_name, 0, 0, G_OPTION_ARG_STRING,
        G_STRUCT_MEMBER_P (&self->opts, option->offset),
        option->description, option->arg_description
      };

      if ((command->accepted & option->flag) != 0)
        g_array_append_val (entries, entry);
    }
  command_group = g_option_group_new (command->name, _("Options:"),
                                      _("Show the options of the command"), NULL, NULL);
  g_option_group_set_translation_domain (command_group, GETTEXT_PACKAGE);
  g_option_group_add_entries (command_group, (const GOptionEntry *) entries->data);
  g_option_context_add_group (context, command_group);

  /* The global options may come after the command too. */
  group = lcmctl_global_group_new ("global", &self->opts, TRUE);
  g_option_context_add_group (context, group);

  return context;
}

static void
take_option (char **global,
             char **after_command)
{
  if (*after_command == NULL)
    return;
  g_free (*global);
  *global = g_steal_pointer (after_command);
}

/* Options given after the command name win over the same ones given before it. */
void
lcmctl_merge_command_options (Lcmctl *self)
{
  take_option (&self->opts.url, &self->opts.cmd_url);
  take_option (&self->opts.token_file, &self->opts.cmd_token_file);
  take_option (&self->opts.timeout, &self->opts.cmd_timeout);
  take_option (&self->opts.outbox, &self->opts.cmd_outbox);
  take_option (&self->opts.certificate, &self->opts.cmd_certificate);
  self->opts.json |= self->opts.cmd_json;
}

gboolean
lcmctl_check_required (Lcmctl   *self,
                       GError  **error)
{
  const LcmctlCommand *command = self->command;

  for (guint i = 0; i < G_N_ELEMENTS (command_options); i++)
    {
      const LcmctlCommandOption *option = &command_options[i];
      char **value = G_STRUCT_MEMBER_P (&self->opts, option->offset);

      if ((command->required & option->flag) != 0 && *value == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       /* TRANSLATORS: %s is an option such as --user */
                       _("The option --%s is missing"), option->long_name);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
read_token_file (const char  *path,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  /* One byte more than a token may take, to tell a full file from a longer one; a device or
   * a pipe is read no further than that. */
  g_autofree char *contents = g_malloc0 (LCMCTL_MAX_TOKEN_FILE_SIZE + 2);
  gsize length = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), contents,
                                   LCMCTL_MAX_TOKEN_FILE_SIZE + 1, &length, NULL,
                                   &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Cannot read the token file %s: %s"), display, local_error->message);
      return NULL;
    }

  if (length > LCMCTL_MAX_TOKEN_FILE_SIZE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The token file %s is too large to hold a token"), display);
      return NULL;
    }

  /* Trailing line ends only: the token itself is taken as it is. */
  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    contents[--length] = '\0';

  if (length == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The token file %s is empty"), display);
      return NULL;
    }

  /* It travels in an HTTP header: no NUL, no control characters, nothing outside ASCII. */
  for (gsize i = 0; i < length; i++)
    {
      guchar c = contents[i];

      if (c < 0x20 || c >= 0x7f)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The token file %s holds characters a token cannot have"), display);
          return NULL;
        }
    }

  return g_steal_pointer (&contents);
}

gboolean
lcmctl_resolve_connection_settings (Lcmctl   *self,
                                    GError  **error)
{
  const char *url = self->opts.url;
  gint64 timeout = LCMCTL_DEFAULT_TIMEOUT_SECONDS;

  if (url == NULL || *url == '\0')
    url = g_getenv ("WRAPUP_SERVER_URL");
  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No gateway to talk to: give --url URL or set "
                             "WRAPUP_SERVER_URL"));
      return FALSE;
    }
  self->url = g_strdup (url);

  if (self->opts.timeout != NULL
      && !lcmctl_parse_int_option ("--timeout", self->opts.timeout, 1, LCMCTL_MAX_TIMEOUT_SECONDS,
                                   &timeout, error))
    return FALSE;
  self->timeout_seconds = (guint) timeout;

  if (self->opts.token_file != NULL)
    {
      self->token = read_token_file (self->opts.token_file, error);
      if (self->token == NULL)
        return FALSE;
    }

  /* Read now: a file that is no certificate is bad input, found before anything is sent. */
  if (self->opts.certificate != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      self->certificate = lcm_read_trusted_certificate (self->opts.certificate, &local_error);
      if (self->certificate == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

int
lcmctl_usage_error (const char   *command,
                    const GError *error)
{
  g_autofree char *message = lcmctl_sanitize (error->message, 0);

  lcmctl_print_error ("%s", message);
  if (command != NULL)
    g_printerr (_("Run “lcmctl %s --help” for its options.\n"), command);
  else
    g_printerr (_("Run “lcmctl --help” for the commands and options.\n"));
  return LCMCTL_EXIT_USAGE;
}

/* Frees what the options hold: the global ones, given before the command or after it, and
 * the command's own. */
void
lcmctl_options_clear (LcmctlOptions *o)
{
  g_clear_pointer (&o->url, g_free);
  g_clear_pointer (&o->token_file, g_free);
  g_clear_pointer (&o->timeout, g_free);
  g_clear_pointer (&o->outbox, g_free);
  g_clear_pointer (&o->cmd_url, g_free);
  g_clear_pointer (&o->cmd_token_file, g_free);
  g_clear_pointer (&o->cmd_timeout, g_free);
  g_clear_pointer (&o->cmd_outbox, g_free);
  g_clear_pointer (&o->certificate, g_free);
  g_clear_pointer (&o->cmd_certificate, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (command_options); i++)
    {
      char **value = G_STRUCT_MEMBER_P (o, command_options[i].offset);

      g_clear_pointer (value, g_free);
    }
}
