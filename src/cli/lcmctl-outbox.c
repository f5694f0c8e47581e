/* lcmctl-outbox.c: the outbox command, on the writes waiting in --outbox FILE
 *
 * lcmctl --outbox FILE outbox list|flush|retry ID|remove ID: list shows what waits, and
 * what failed and why, as a table or as JSON; flush sends every pending write, in order,
 * through the run loop's outbox path (lcmctl.c), as a set-* command sends its one write;
 * retry and remove change one write in the file, without a connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "lcmctl-private.h"

static const char *
entry_state_for_people (LcmOutboxEntry *entry)
{
  if (lcm_outbox_entry_get_state (entry) != LCM_OUTBOX_ENTRY_FAILED)
    /* TRANSLATORS: the state of a write in the outbox: not answered yet */
    return _("pending");
  if (lcm_outbox_entry_get_refusal (entry) == LCM_OUTBOX_REFUSAL_PERMANENT)
    /* TRANSLATORS: the state of a write in the outbox: refused for good, it cannot be sent
     * again as it is */
    return _("refused (permanent)");
  /* TRANSLATORS: the state of a write in the outbox: refused, and it may be sent again */
  return _("refused (temporary)");
}

/* The refusal as --json says it: "temporary", "permanent", or NULL. */
static const char *
entry_refusal_for_json (LcmOutboxEntry *entry)
{
  switch (lcm_outbox_entry_get_refusal (entry))
    {
    case LCM_OUTBOX_REFUSAL_TEMPORARY:
      return "temporary";
    case LCM_OUTBOX_REFUSAL_PERMANENT:
      return "permanent";
    case LCM_OUTBOX_REFUSAL_NONE:
    default:
      return NULL;
    }
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_outbox_json (GListModel *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (entries);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *created = g_date_time_format_iso8601 (
        lcm_outbox_entry_get_created_at (entry));
      JsonObject *data = lcm_outbox_entry_get_data (entry);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, lcm_outbox_entry_get_id (entry));
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder,
                                     lcm_outbox_entry_get_state (entry)
                                     == LCM_OUTBOX_ENTRY_FAILED ? "failed" : "pending");
      add_string_or_null (builder, "refusal", entry_refusal_for_json (entry));
      json_builder_set_member_name (builder, "attempts");
      json_builder_add_int_value (builder, lcm_outbox_entry_get_attempts (entry));
      json_builder_set_member_name (builder, "operation");
      json_builder_add_string_value (builder, lcm_operation_get_request_subtopic (
                                                lcm_outbox_entry_get_operation (entry)));
      json_builder_set_member_name (builder, "callid");
      json_builder_add_string_value (builder, lcm_outbox_entry_get_call_id (entry));
      json_builder_set_member_name (builder, "account_number");
      json_builder_add_string_value (builder, lcm_outbox_entry_get_account_number (entry));
      add_string_or_null (builder, "last_error", lcm_outbox_entry_get_last_error (entry));
      add_string_or_null (builder, "summary", lcm_outbox_entry_get_summary (entry));
      json_builder_set_member_name (builder, "data");
      if (data != NULL)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

          json_builder_add_value (builder, g_steal_pointer (&node));
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  lcmctl_print_json (root);
}

static void
print_outbox_table (GListModel *entries)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (entries);
  gboolean any_summary = FALSE;

  if (n == 0)
    {
      g_print ("%s\n", _("The outbox is empty."));
      return;
    }

  for (guint i = 0; i < n && !any_summary; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);

      any_summary = lcm_outbox_entry_get_summary (entry) != NULL;
    }

  /* The last column, what a write records in words for people, is there only when a write
   * has a summary (the app's do): its NULL otherwise ends the headers, and the rows' last
   * cell is not read. */
  /* TRANSLATORS: column headers of the outbox listing */
  table = lcmctl_table_new (1u << 0 | 1u << 3, _("ID"), _("Stored"), _("State"), _("Tries"),
                            _("Call"), _("Account"), _("Write"), _("Reason"),
                            any_summary ? _("Summary") : NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (lcm_outbox_entry_get_created_at (entry));
      g_autofree char *id = lcmctl_format_int (lcm_outbox_entry_get_id (entry));
      g_autofree char *stored = g_date_time_format (local, "%d/%m/%Y %H:%M:%S");
      g_autofree char *attempts = lcmctl_format_int (lcm_outbox_entry_get_attempts (entry));

      lcmctl_table_add_row (table, id, stored, entry_state_for_people (entry), attempts,
                            lcm_outbox_entry_get_call_id (entry),
                            lcm_outbox_entry_get_account_number (entry),
                            lcm_operation_get_request_subtopic (
                              lcm_outbox_entry_get_operation (entry)),
                            lcm_outbox_entry_get_last_error (entry),
                            lcm_outbox_entry_get_summary (entry));
    }
  lcmctl_table_print (table);
  /* The reasons in full: the table cuts long cells. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *reason = NULL;

      if (lcm_outbox_entry_get_state (entry) != LCM_OUTBOX_ENTRY_FAILED
          || lcm_outbox_entry_get_last_error (entry) == NULL)
        continue;
      reason = lcmctl_sanitize (lcm_outbox_entry_get_last_error (entry), 0);
      if (g_utf8_strlen (reason, -1) > LCMCTL_MAX_CELL_WIDTH)
        g_print (_("Write %" PRId64 " failed: %s\n"), lcm_outbox_entry_get_id (entry),
                 reason);
    }
}

static gboolean
parse_entry_id (const char  *text,
                gint64      *out,
                GError     **error)
{
  return lcmctl_parse_int_option (_("write ID"), text, 1, G_MAXINT64, out, error);
}

/* A retry or a removal that could not be done. An unknown ID is bad usage; a write refused
 * for good (sending it again as it is would not help), a write that cannot be read back or
 * a file that cannot be written have their own statuses. */
static void
report_outbox_change_error (Lcmctl       *self,
                            const GError *error)
{
  g_autofree char *message = NULL;

  self->status = lcmctl_exit_status_for_error (error);
  if (self->status == LCMCTL_EXIT_USAGE)
    {
      self->status = lcmctl_usage_error ("outbox", error);
      return;
    }
  message = lcmctl_sanitize (error->message, 0);
  lcmctl_print_error ("%s", message);
}

static void
run_flush (Lcmctl *self)
{
  g_autoptr(GError) error = NULL;

  self->flushing = TRUE;
  self->n_to_flush = lcm_outbox_get_n_pending (self->outbox);
  if (self->n_to_flush == 0)
    {
      g_print ("%s\n", _("Nothing to send."));
      self->status = LCMCTL_EXIT_OK;
      return;
    }

  if (!lcmctl_resolve_connection_settings (self, &error))
    {
      self->status = lcmctl_usage_error (NULL, error);
      return;
    }

  lcmctl_run_through_outbox (self);
}

/* "lcmctl outbox ACTION [ID]": argv[0] is "outbox". */
int
lcmctl_run_outbox_command (Lcmctl  *self,
                           int      argc,
                           char   **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("list|flush|retry ID|remove ID"));
  g_autoptr(GError) error = NULL;
  g_autofree char **command_argv = g_new0 (char *, argc + 1);
  char **parse_argv = command_argv;
  int command_argc = argc;
  const char *action;
  gint64 id = 0;
  gboolean needs_id;

  g_set_prgname ("lcmctl outbox");
  g_option_context_set_summary (context,
                                _("The writes waiting in --outbox FILE.\n\n"
                                  "  list       show what waits, and what failed and why\n"
                                  "  flush      send every pending write, in order\n"
                                  "  retry ID   make a failed write pending again\n"
                                  "  remove ID  delete a write"));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, lcmctl_global_group_new ("global", &self->opts, TRUE));
  for (int i = 0; i < argc; i++)
    command_argv[i] = argv[i];
  if (!g_option_context_parse (context, &command_argc, &parse_argv, &error))
    return lcmctl_usage_error ("outbox", error);

  lcmctl_merge_command_options (self);

  if (self->opts.cmd_help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      return LCMCTL_EXIT_OK;
    }

  if (command_argc < 2)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Say what to do: list, flush, retry ID or remove ID"));
      return lcmctl_usage_error ("outbox", error);
    }
  action = parse_argv[1];
  needs_id = g_str_equal (action, "retry") || g_str_equal (action, "remove");
  if (!needs_id && !g_str_equal (action, "list") && !g_str_equal (action, "flush"))
    {
      g_autofree char *shown = lcmctl_sanitize (action, 40);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unknown outbox command “%s”"), shown);
      return lcmctl_usage_error ("outbox", error);
    }
  if (command_argc != (needs_id ? 3 : 2))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   needs_id ? _("“outbox %s” needs the ID of one write")
                            : _("“outbox %s” takes no argument"), action);
      return lcmctl_usage_error ("outbox", error);
    }
  if (needs_id && !parse_entry_id (parse_argv[2], &id, &error))
    return lcmctl_usage_error ("outbox", error);

  if (self->opts.outbox == NULL || *self->opts.outbox == '\0')
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Say which outbox: give --outbox FILE"));
      return lcmctl_usage_error ("outbox", error);
    }

  /* Listing a file that is not there shows an empty outbox, and makes none. */
  if (g_str_equal (action, "list") && !g_file_test (self->opts.outbox, G_FILE_TEST_EXISTS))
    {
      if (self->opts.json)
        g_print ("[]\n");
      else
        g_print ("%s\n", _("The outbox is empty."));
      return LCMCTL_EXIT_OK;
    }

  if (!lcmctl_open_outbox (self, NULL))
    return self->status;

  if (g_str_equal (action, "list"))
    {
      if (self->opts.json)
        print_outbox_json (lcm_outbox_get_entries (self->outbox));
      else
        print_outbox_table (lcm_outbox_get_entries (self->outbox));
      self->status = LCMCTL_EXIT_OK;
    }
  else if (g_str_equal (action, "flush"))
    run_flush (self);
  else if (g_str_equal (action, "retry"))
    {
      if (lcm_outbox_retry (self->outbox, id, &error))
        {
          g_print (_("Write %" PRId64 " is pending: the next flush sends it.\n"), id);
          self->status = LCMCTL_EXIT_OK;
        }
      else
        report_outbox_change_error (self, error);
    }
  else
    {
      if (lcm_outbox_remove (self->outbox, id, &error))
        {
          g_print (_("Write %" PRId64 " removed.\n"), id);
          self->status = LCMCTL_EXIT_OK;
        }
      else
        report_outbox_change_error (self, error);
    }

  lcmctl_release_client (self);
  return self->status;
}
