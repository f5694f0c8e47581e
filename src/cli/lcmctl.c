/* lcmctl.c: the LCM protocol from a terminal
 *
 * lcmctl [global options] COMMAND [command options]: every command checks what it was given
 * by building its LcmRequest (the library's builders validate) before it opens a connection,
 * then sends it through one LcmClient and prints the answer as a table, or as JSON.
 *
 * Here: main (), and the run loop that sends a request, or a write through an outbox, and
 * waits for the answer within --timeout. The commands, their options, and what lcmctl prints
 * are in the other lcmctl-*.c files (lcmctl-private.h says which holds what).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "lcmctl-private.h"

/* ------------------------------------------------------------------------------------------
 * Talking to the gateway
 */

static void
finish (Lcmctl       *self,
        const GError *error)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_clear_handle_id (&self->deadline_id, g_source_remove);

  if (self->timed_out && self->outbox != NULL)
    lcmctl_report_no_answer (self, NULL);
  else if (self->timed_out)
    {
      g_autofree char *url = lcmctl_url_for_people (self->url);

      lcmctl_print_error (g_dngettext (GETTEXT_PACKAGE,
                                       "No answer from %s within %u second",
                                       "No answer from %s within %u seconds",
                                       self->timeout_seconds),
                          url, self->timeout_seconds);
      self->status = LCMCTL_EXIT_CONNECTION;
    }
  else if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED))
    lcmctl_report_no_answer (self, error);
  else if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE))
    lcmctl_report_storage_problem (self, error, self->write_id > 0);
  else if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND))
    {
      g_autofree char *message = lcmctl_sanitize (error->message, 0);

      /* Stored, then gone while lcmctl waited: not lcmctl's to say it was recorded. */
      self->status = LCMCTL_EXIT_QUEUED;
      lcmctl_print_error ("%s", message);
    }
  else if (error != NULL)
    {
      g_autofree char *message = lcmctl_error_for_people (error);

      self->status = lcmctl_exit_status_for_error (error);
      if (g_error_matches (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR))
        lcmctl_print_error (_("The gateway refused the request: %s"), message);
      else if (error->domain == LCM_PROTOCOL_ERROR)
        lcmctl_print_error (_("The gateway's answer could not be read: %s"), message);
      else if (self->status == LCMCTL_EXIT_CONNECTION && error->domain != LCM_CLIENT_ERROR)
        {
          g_autofree char *url = lcmctl_url_for_people (self->url);

          lcmctl_print_error (_("Cannot reach the gateway at %s: %s"), url, message);
        }
      else
        lcmctl_print_error ("%s", message);

      /* A refused write is not dropped: it waits in the outbox for a retry or removal. */
      if (lcmctl_is_durable (self) && (self->status == LCMCTL_EXIT_REFUSED
                                       || self->status == LCMCTL_EXIT_UNREADABLE))
        {
          g_autofree char *file = lcmctl_outbox_for_people (self);

          lcmctl_print_error (_("Kept in %s as failed: see “lcmctl --outbox %s outbox list”"),
                              file, file);
        }
    }
  else
    self->status = LCMCTL_EXIT_OK;

  g_main_loop_quit (self->loop);
}

static void
on_call_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GListModel) rows = NULL;

  response = lcm_client_call_finish (LCM_CLIENT (source), result, &error);
  if (self->finished)
    return;
  if (response == NULL)
    {
      finish (self, error);
      return;
    }

  /* Read the answer in full before printing anything, so that a malformed one fails
   * the same way with or without --json. */
  rows = lcm_response_decode_list (lcm_request_get_operation (self->request), response,
                                   NULL, &error);
  if (error != NULL)
    {
      finish (self, error);
      return;
    }

  if (self->opts.json)
    lcmctl_print_json (response);
  else
    self->command->print (self, rows);

  finish (self, NULL);
}

static void
on_connect_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lcm_client_connect_finish (LCM_CLIENT (source), result, &error))
    {
      finish (self, error);
      return;
    }
  if (self->finished)
    return;

  lcm_client_call_async (self->client, self->request, self->cancellable,
                         on_call_done_cb, self);
}

/* Writes and flushes go through the outbox, which waits for the connection by itself: the
 * connection's outcome is only needed to say why a write had to wait. */
static void
on_outbox_connect_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lcm_client_connect_finish (LCM_CLIENT (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->connect_error = g_steal_pointer (&error);
  self->connect_done = TRUE;

  if (self->queued != NULL)
    {
      g_autoptr(GError) queued = g_steal_pointer (&self->queued);

      finish (self, queued);
    }
  else if (g_error_matches (self->connect_error, LCM_CLIENT_ERROR,
                            LCM_CLIENT_ERROR_UNAUTHORIZED)
           || g_error_matches (self->connect_error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS))
    {
      /* The gateway will not take this token, or lcmctl its certificate: waiting for the
       * retry would not help. With --outbox the write is stored all the same, and waits for
       * a flush that can connect. */
      if (lcmctl_is_durable (self))
        {
          g_autoptr(GError) queued = g_error_new_literal (LCM_OUTBOX_ERROR,
                                                          LCM_OUTBOX_ERROR_QUEUED,
                                                          self->connect_error->message);
          finish (self, queued);
        }
      else
        finish (self, self->connect_error);
    }
}

static void
on_outbox_client_state_cb (LcmClient  *client,
                           GParamSpec *pspec,
                           Lcmctl     *self)
{
  if (lcm_client_get_state (client) == LCM_CLIENT_STATE_CONNECTED)
    self->was_connected = TRUE;
}

/* A "queued" outcome before the connection attempt is known waits for it, to say why. */
static void
finish_outbox (Lcmctl *self,
               GError *error)
{
  if (self->finished)
    return;
  if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED) && !self->connect_done)
    {
      g_clear_error (&self->queued);
      self->queued = g_error_copy (error);
      return;
    }
  finish (self, error);
}

static void
report_written (Lcmctl   *self,
                JsonNode *response)
{
  if (self->opts.json)
    lcmctl_print_json (response);
  else
    lcmctl_print_write_confirmation (self);
  finish (self, NULL);
}

static void
report_flushed (Lcmctl *self)
{
  g_print (g_dngettext (GETTEXT_PACKAGE, "Sent %u write.\n", "Sent %u writes.\n",
                        self->n_to_flush),
           self->n_to_flush);
  finish (self, NULL);
}

static void
on_wait_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;

  if (!lcm_outbox_wait_finish (LCM_OUTBOX (source), result, &response, &error))
    finish_outbox (self, error);
  else if (self->finished)
    return;
  else if (self->flushing)
    report_flushed (self);
  else
    report_written (self, response);
}

/* The write or the flush had to wait. Before lcmctl was ever connected, that is the answer
 * (no gateway: "queued" at once). Once connected, a lost connection is waited out, within
 * --timeout; the outbox ends the wait at once when waiting cannot help (another program
 * sends the file: "queued"; its file or lock cannot be used: exit 5). */
static void
wait_or_finish (Lcmctl *self,
                GError *error)
{
  if (self->finished)
    return;
  if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED) && self->was_connected)
    lcm_outbox_wait_async (self->outbox, self->flushing ? 0 : self->write_id,
                           self->cancellable, on_wait_done_cb, self);
  else
    finish_outbox (self, error);
}

static void
on_submit_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;

  response = lcm_outbox_submit_finish (LCM_OUTBOX (source), result, &self->write_id, &error);
  if (response == NULL)
    wait_or_finish (self, error);
  else if (!self->finished)
    report_written (self, response);
}

static void
on_flush_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!lcm_outbox_flush_finish (LCM_OUTBOX (source), result, &error))
    wait_or_finish (self, error);
  else if (!self->finished)
    report_flushed (self);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Lcmctl *self = user_data;

  self->deadline_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  finish (self, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_drain_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_outbox_closed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Lcmctl *self = user_data;
  g_autoptr(GError) error = NULL;

  /* Writes the gateway accepted and the file still holds: the next sender repeats them. */
  if (!lcm_outbox_close_finish (LCM_OUTBOX (source), result, &error))
    lcmctl_report_storage_problem (self, error, FALSE);
  self->outbox_closed = TRUE;
}

/* Stops the outbox and the client and lets them wind down (a cancelled handshake or a
 * cancelled wait still holds a reference until its callback has run), for at most a moment.
 * The outbox is closed first: a write it started sending (another program's, stored before
 * this one) is answered, or its request times out, before the connection goes, so that the
 * gateway never stores a write the file still calls pending. */
void
lcmctl_release_client (Lcmctl *self)
{
  gpointer client = self->client;
  gpointer outbox = self->outbox;
  gboolean expired = FALSE;
  guint drain_id;

  if (client == NULL && outbox == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (outbox != NULL)
    {
      lcm_outbox_close_async (self->outbox, NULL, on_outbox_closed_cb, self);
      while (!self->outbox_closed)
        g_main_context_iteration (NULL, TRUE);
      g_object_run_dispose (G_OBJECT (outbox));
      g_object_add_weak_pointer (outbox, &outbox);
      g_clear_object (&self->outbox);
    }
  if (client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      lcm_client_stop (self->client);
      g_object_add_weak_pointer (client, &client);
      g_clear_object (&self->client);
    }

  drain_id = g_timeout_add (500, on_drain_timeout_cb, &expired);
  while ((client != NULL || outbox != NULL) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (drain_id);
  if (client != NULL)
    g_object_remove_weak_pointer (client, &client);
  if (outbox != NULL)
    g_object_remove_weak_pointer (outbox, &outbox);
}

/* Makes the client and checks its URL before anything goes out; FALSE when it is refused
 * (the status is then set and the error printed). */
static gboolean
start_client (Lcmctl *self)
{
  g_autoptr(GError) error = NULL;

  self->client = lcm_client_new (self->url);
  if (self->token != NULL)
    lcm_client_set_token (self->client, self->token);
  if (self->certificate != NULL)
    lcm_client_set_trusted_certificate (self->client, self->certificate);
  lcm_client_set_request_timeout (self->client, self->timeout_seconds * 1000);
  if (self->loop == NULL)
    self->loop = g_main_loop_new (NULL, FALSE);
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  if (!lcm_client_start (self->client, &error))
    {
      self->status = lcmctl_exit_status_for_error (error);
      if (g_error_matches (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INSECURE_URL))
        {
          g_autofree char *url = lcmctl_url_for_people (self->url);

          /* The library's message points to the application's settings; lcmctl has none. */
          lcmctl_print_error (_("%s would be reached without encryption: use wss:// (ws:// is only "
                                "for a gateway on this computer)"), url);
        }
      else
        {
          g_autofree char *message = lcmctl_sanitize (error->message, 0);

          lcmctl_print_error ("%s", message);
        }
      return FALSE;
    }
  return TRUE;
}

void
lcmctl_run_request (Lcmctl *self)
{
  if (start_client (self))
    {
      self->deadline_id = g_timeout_add (self->timeout_seconds * 1000, on_deadline_cb, self);
      lcm_client_connect_async (self->client, self->cancellable, on_connect_done_cb, self);
      g_main_loop_run (self->loop);
    }
  lcmctl_release_client (self);
}

/* The outbox of --outbox, or one in memory: every write goes through an outbox. */
gboolean
lcmctl_open_outbox (Lcmctl    *self,
                    LcmClient *client)
{
  g_autoptr(GError) error = NULL;

  self->outbox = lcm_outbox_new (client, self->opts.outbox, &error);
  if (self->outbox == NULL)
    {
      g_autofree char *message = lcmctl_sanitize (error->message, 0);

      lcmctl_print_error ("%s", message);
      self->status = lcmctl_exit_status_for_error (error);
      return FALSE;
    }
  return TRUE;
}

/* Sends through the outbox: the write of a set-* command (submit) or what waits (flush).
 * The client is made and the outbox given it; lost connections are waited out from the
 * first connection on (wait_or_finish). */
void
lcmctl_run_through_outbox (Lcmctl *self)
{
  if (start_client (self))
    {
      g_signal_connect (self->client, "notify::state", G_CALLBACK (on_outbox_client_state_cb),
                        self);
      lcm_outbox_set_client (self->outbox, self->client);
      self->deadline_id = g_timeout_add (self->timeout_seconds * 1000, on_deadline_cb, self);
      lcm_client_connect_async (self->client, self->cancellable, on_outbox_connect_done_cb,
                                self);
      if (self->flushing)
        lcm_outbox_flush_async (self->outbox, self->cancellable, on_flush_done_cb, self);
      else
        lcm_outbox_submit_async (self->outbox, self->request, self->cancellable,
                                 on_submit_done_cb, self);
      g_main_loop_run (self->loop);
    }
}

void
lcmctl_run_write (Lcmctl *self)
{
  /* The write is stored before a connection is even tried. */
  if (lcmctl_open_outbox (self, NULL))
    lcmctl_run_through_outbox (self);
  lcmctl_release_client (self);
}

/* ------------------------------------------------------------------------------------------
 * Running a command
 */

static int
lcmctl_run (Lcmctl  *self,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) global = lcmctl_global_context_new (self);
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (global, &argc, &argv, &error))
    return lcmctl_usage_error (NULL, error);

  if (self->opts.help)
    {
      g_autofree char *help = g_option_context_get_help (global, TRUE, NULL);

      g_print ("%s", help);
      return LCMCTL_EXIT_OK;
    }

  if (argc < 2)
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No command given"));
      return lcmctl_usage_error (NULL, error);
    }

  self->command = lcmctl_find_command (argv[1]);
  if (self->command == NULL)
    {
      g_autofree char *shown = lcmctl_sanitize (argv[1], 40);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unknown command “%s”"), shown);
      return lcmctl_usage_error (NULL, error);
    }

  /* The command reads what follows it: argv[0] of its parse is its name. */
  return self->command->run (self, argc - 1, argv + 1);
}

static void
lcmctl_clear (Lcmctl *self)
{
  g_clear_pointer (&self->request, lcm_request_unref);
  g_clear_object (&self->disposition);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->url, g_free);
  if (self->token != NULL)
    {
      /* Do not leave the token lying in freed memory. */
      memset (self->token, 0, strlen (self->token));
      g_clear_pointer (&self->token, g_free);
    }

  g_clear_object (&self->certificate);
  g_clear_error (&self->connect_error);
  g_clear_error (&self->queued);
  lcmctl_options_clear (&self->opts);
}

/* Everything logged (G_MESSAGES_DEBUG included, which GLib writes to stdout) goes to stderr:
 * stdout holds the answer only, for scripts (--json). */
static GLogWriterOutput
on_log_cb (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  g_autofree char *line = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (log_level, fields, n_fields,
                                     g_log_writer_supports_color (fileno (stderr)));
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

int
main (int    argc,
      char **argv)
{
  Lcmctl self = { 0 };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("lcmctl");
  g_log_set_writer_func (on_log_cb, NULL, NULL);

  status = lcmctl_run (&self, argc, argv);
  lcmctl_clear (&self);
  return status;
}
