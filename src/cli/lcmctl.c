/* lcmctl.c: the LCM protocol from a terminal
 *
 * lcmctl [global options] COMMAND [command options]: every command checks what it was given
 * by building its LcmRequest (the library's builders validate) before it opens a connection,
 * then sends it through one LcmClient and prints the answer as a table, or as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcmctl"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lcm.h"

#define LCMCTL_DEFAULT_TIMEOUT_SECONDS 15
#define LCMCTL_MAX_TIMEOUT_SECONDS     3600
#define LCMCTL_MAX_TOKEN_FILE_SIZE     (16 * 1024)
#define LCMCTL_MAX_CELL_WIDTH          60
#define LCMCTL_MAX_TREE_INDENT         16
#define LCMCTL_DATE_TIME_FORMAT        "%d/%m/%Y %H:%M"

typedef enum
{
  LCMCTL_EXIT_OK          = 0,
  LCMCTL_EXIT_REFUSED     = 1, /* the gateway answered no, or answered nonsense */
  LCMCTL_EXIT_USAGE       = 2, /* bad usage or invalid input: nothing was sent */
  LCMCTL_EXIT_CONNECTION  = 3, /* no connection, or no answer in time */
  LCMCTL_EXIT_QUEUED      = 4, /* --outbox: stored, and not answered yet */
  LCMCTL_EXIT_STORAGE     = 5, /* --outbox: the outbox file or its lock cannot be used */
  LCMCTL_EXIT_UNREADABLE  = 6, /* --outbox: stored writes cannot be read back to be sent */
} LcmctlExit;

/* ------------------------------------------------------------------------------------------
 * Options
 */

typedef struct
{
  /* Global options, before the command. */
  char     *url;
  char     *token_file;
  char     *timeout;
  char     *outbox;
  char     *certificate;
  gboolean  json;
  gboolean  help;

  /* The same, given after the command (merged into the above). */
  char     *cmd_url;
  char     *cmd_token_file;
  char     *cmd_timeout;
  char     *cmd_outbox;
  char     *cmd_certificate;
  gboolean  cmd_json;
  gboolean  cmd_help;

  /* Command options; numbers are parsed by lcmctl to say which option is wrong. */
  char     *callid;
  char     *account;
  char     *type;
  char     *outcome;
  char     *business_outcome;
  char     *user;
  char     *comments;
  char     *lead_score;
  char     *target_amount;
  char     *start;
  char     *end;
  char     *mode;
  char     *from;
  char     *to;
  char     *contact;
  char     *campaign;
  char     *channel;
  char     *months;
} LcmctlOptions;

typedef enum
{
  OPT_CALLID           = 1 << 0,
  OPT_ACCOUNT          = 1 << 1,
  OPT_TYPE             = 1 << 2,
  OPT_OUTCOME          = 1 << 3,
  OPT_BUSINESS_OUTCOME = 1 << 4,
  OPT_USER             = 1 << 5,
  OPT_COMMENTS         = 1 << 6,
  OPT_LEAD_SCORE       = 1 << 7,
  OPT_TARGET_AMOUNT    = 1 << 8,
  OPT_START            = 1 << 9,
  OPT_END              = 1 << 10,
  OPT_MODE             = 1 << 11,
  OPT_FROM             = 1 << 12,
  OPT_TO               = 1 << 13,
  OPT_CONTACT          = 1 << 14,
  OPT_CAMPAIGN         = 1 << 15,
  OPT_CHANNEL          = 1 << 16,
  OPT_MONTHS           = 1 << 17,
} LcmctlOptionFlag;

#define OPT_WRITE_EXTRAS (OPT_COMMENTS | OPT_LEAD_SCORE | OPT_TARGET_AMOUNT)

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
 * State
 */

typedef struct _Lcmctl Lcmctl;
typedef struct _LcmctlCommand LcmctlCommand;

struct _Lcmctl
{
  LcmctlOptions        opts;
  const LcmctlCommand *command;

  LcmRequest          *request;
  LcmDisposition      *disposition; /* for the set-* commands */

  char                *url;
  char                *token;
  GTlsCertificate     *certificate;     /* of --trusted-certificate */
  guint                timeout_seconds;

  GMainLoop           *loop;
  GCancellable        *cancellable;
  LcmClient           *client;
  guint                deadline_id;
  gboolean             timed_out;
  gboolean             finished;
  int                  status;

  /* Writes go through an outbox: the file of --outbox, else one in memory. */
  LcmOutbox           *outbox;
  gboolean             flushing;        /* "outbox flush" rather than one write */
  guint                n_to_flush;
  gint64               write_id;        /* the write stored in the outbox, 0 before */
  gboolean             was_connected;   /* from then on, lost connections are waited out */
  gboolean             outbox_closed;
  gboolean             connect_done;
  GError              *connect_error;   /* why the connection failed, for messages */
  GError              *queued;          /* a "queued" outcome waiting for connect_done */
};

typedef LcmRequest *(*LcmctlBuildFunc) (Lcmctl    *self,
                                        GError   **error);
typedef void        (*LcmctlPrintFunc) (Lcmctl    *self,
                                        GListModel *rows);

struct _LcmctlCommand
{
  const char      *name;
  const char      *synopsis;
  const char      *summary;
  guint            accepted;
  guint            required;
  LcmctlBuildFunc  build;
  LcmctlPrintFunc  print;  /* NULL for a write */
};

/* ------------------------------------------------------------------------------------------
 * Helpers
 */

static void
print_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("lcmctl: %s\n", message);
}

/* Text from the network or from people, made safe for a terminal: valid UTF-8, control and
 * formatting characters (escape sequences, bidi overrides) replaced, at most max_chars
 * characters (0: no bound) with an ellipsis when cut. */
static char *
sanitize (const char *text,
          guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n_chars = 0;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (max_chars > 0 && n_chars == max_chars)
        {
          /* Replace the last character kept by the ellipsis. */
          const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);

          if (last != NULL)
            g_string_truncate (out, last - out->str);
          g_string_append (out, "…");
          break;
        }

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else if (g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

/* Columns a string takes on a terminal. */
static gsize
display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static char *
format_int (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
format_date_time (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("");
  return g_date_time_format (time, LCMCTL_DATE_TIME_FORMAT);
}

/* The URL without user, password or query, for messages. */
static char *
url_for_people (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return sanitize (url, 200);
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY
                                       | G_URI_HIDE_FRAGMENT);
}

/* An error's message for the terminal. A gateway whose certificate was refused may have one
 * of its own: the library cannot know how a program is told to trust it; lcmctl says how. */
static char *
error_for_people (const GError *error)
{
  g_autofree char *text = NULL;

  if (!g_error_matches (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_TLS))
    return sanitize (error->message, 0);
  text = g_strdup_printf ("%s. %s", error->message,
                          _("To trust a gateway’s own certificate, give lcmctl "
                            "--trusted-certificate FILE (the certificate as a PEM file)"));
  return sanitize (text, 0);
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

/* ------------------------------------------------------------------------------------------
 * Tables
 */

typedef struct
{
  guint      n_columns;
  guint32    right_aligned; /* bit i: column i holds numbers */
  GPtrArray *rows;          /* of GStrv, the first one the header */
} LcmctlTable;

static LcmctlTable *
table_new (guint32 right_aligned,
           ...)
{
  LcmctlTable *table = g_new0 (LcmctlTable, 1);
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *header;
  va_list args;

  va_start (args, right_aligned);
  while ((header = va_arg (args, const char *)) != NULL)
    {
      g_strv_builder_add (builder, header);
      table->n_columns++;
    }
  va_end (args);

  table->right_aligned = right_aligned;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (table->rows, g_strv_builder_end (builder));
  g_strv_builder_unref (builder);
  return table;
}

static void
table_free (LcmctlTable *table)
{
  g_ptr_array_unref (table->rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcmctlTable, table_free)

/* Adds a row of table->n_columns cells; each is sanitized and bounded. */
static void
table_add_row (LcmctlTable *table,
               ...)
{
  char **row = g_new0 (char *, table->n_columns + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < table->n_columns; i++)
    row[i] = sanitize (va_arg (args, const char *), LCMCTL_MAX_CELL_WIDTH);
  va_end (args);

  g_ptr_array_add (table->rows, row);
}

static void
table_print (LcmctlTable *table)
{
  g_autofree gsize *widths = g_new0 (gsize, table->n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], display_width (row[c]));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      g_string_truncate (line, 0);
      for (guint c = 0; c < table->n_columns; c++)
        {
          gsize pad = widths[c] - display_width (row[c]);
          gboolean right = r > 0 && (table->right_aligned & (1u << c)) != 0;
          gboolean last = c + 1 == table->n_columns;

          if (c > 0)
            g_string_append (line, "  ");
          if (right)
            {
              for (gsize i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
              g_string_append (line, row[c]);
            }
          else
            {
              g_string_append (line, row[c]);
              for (gsize i = 0; !last && i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }
      /* No trailing blanks when the last cells are empty. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);

      if (r == 0)
        {
          gsize total = 0;

          for (guint c = 0; c < table->n_columns; c++)
            total += widths[c] + (c > 0 ? 2 : 0);
          g_string_truncate (line, 0);
          for (gsize i = 0; i < total; i++)
            g_string_append_c (line, '-');
          g_print ("%s\n", line->str);
        }
    }
}

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
  return format_int (score);
}

static void
print_business_outcomes (Lcmctl     *self,
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
  table = table_new (1u << 0 | 1u << 2 | 1u << 3 | 1u << 4,
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

      id = format_int (lcm_business_outcome_get_id (outcome));
      parent = lcm_business_outcome_get_parent_id (outcome) == LCM_NO_PARENT
               ? g_strdup ("")
               : format_int (lcm_business_outcome_get_parent_id (outcome));
      campaign = format_int (lcm_business_outcome_get_campaign_id (outcome));
      lead_score = format_lead_score (lcm_business_outcome_get_lead_score (outcome));
      indent = g_strnfill (2 * MIN (depth, LCMCTL_MAX_TREE_INDENT), ' ');
      description = g_strconcat (indent, lcm_business_outcome_get_description (outcome), NULL);

      table_add_row (table, id, description, parent, campaign, lead_score);

      children = lcm_business_outcome_get_children (outcome);
      if (children != NULL && g_list_model_get_n_items (children) > 0)
        {
          g_ptr_array_add (stack, g_object_ref (children));
          g_array_append_val (positions, (guint) { 0 });
        }
    }

  table_print (table);
}

static void
print_telephony_outcomes (Lcmctl     *self,
                          GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  table = table_new (1u << 0, _("ID"), _("Outcome"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmTelephonyOutcome) outcome = g_list_model_get_item (rows, i);
      g_autofree char *id = format_int (lcm_telephony_outcome_get_id (outcome));

      table_add_row (table, id, lcm_telephony_outcome_get_description (outcome));
    }
  table_print (table);
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
      return format_int (channel);
    }
}

static void
print_callback_modes (Lcmctl     *self,
                      GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  table = table_new (1u << 0, _("Mode"), _("Description"), _("Channel"), _("Number"),
                     _("Length"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmCallbackMode) mode = g_list_model_get_item (rows, i);
      g_autofree char *id = format_int (lcm_callback_mode_get_mode_id (mode));
      g_autofree char *channel = format_channel (lcm_callback_mode_get_channel_type (mode));
      g_autofree char *length =
        g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                         lcm_callback_mode_get_min_length (mode),
                         lcm_callback_mode_get_max_length (mode));

      table_add_row (table, id, lcm_callback_mode_get_description (mode), channel,
                     lcm_callback_mode_get_value (mode), length);
    }
  table_print (table);
}

static void
print_personal_callbacks (Lcmctl     *self,
                          GListModel *rows)
{
  g_autoptr(LcmctlTable) table = NULL;
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    {
      print_no_rows ();
      return;
    }

  table = table_new (1u << 0 | 1u << 1 | 1u << 2,
                     _("#"), _("Campaign"), _("Contact"), _("Mode"), _("Number"),
                     _("Start"), _("End"), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmPersonalCallback) callback = g_list_model_get_item (rows, i);
      g_autofree char *row_number =
        format_int (lcm_personal_callback_get_row_number (callback));
      g_autofree char *campaign = format_int (lcm_personal_callback_get_campaign_id (callback));
      g_autofree char *contact = format_int (lcm_personal_callback_get_contact_id (callback));
      g_autofree char *start = format_date_time (lcm_personal_callback_get_start (callback));
      g_autofree char *end = format_date_time (lcm_personal_callback_get_end (callback));

      table_add_row (table, row_number, campaign, contact,
                     lcm_personal_callback_get_mode_description (callback),
                     lcm_personal_callback_get_value (callback), start, end);
    }
  table_print (table);
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

static void
print_journey (Lcmctl     *self,
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

  table = table_new (0, _("Date"), _("Channel"), _("Campaign"), _("Mode"), _("Number"),
                     _("Outcome"), _("Agent"), _("Comment"), _("Lead score"), _("Call type"),
                     NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      LcmJourneyEntry *entry = g_ptr_array_index (entries, i);
      GDateTime *completed = lcm_journey_entry_get_completed (entry);
      g_autofree char *date = completed != NULL
                              ? format_date_time (completed)
                              : g_strdup (lcm_journey_entry_get_completed_time_text (entry));
      g_autofree char *channel = format_channel (lcm_journey_entry_get_channel (entry));
      g_autofree char *lead_score =
        g_strdup_printf ("%" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT,
                         lcm_journey_entry_get_previous_lead_score (entry),
                         lcm_journey_entry_get_current_lead_score (entry));

      table_add_row (table, date, channel,
                     lcm_journey_entry_get_campaign_name (entry),
                     lcm_journey_entry_get_mode (entry),
                     lcm_journey_entry_get_contact_value (entry),
                     lcm_journey_entry_get_outcome (entry),
                     lcm_journey_entry_get_agent_name (entry),
                     lcm_journey_entry_get_agent_comment (entry),
                     lead_score,
                     lcm_journey_entry_get_call_type (entry));
    }
  table_print (table);
}

static void
print_write_confirmation (Lcmctl *self)
{
  LcmDisposition *d = self->disposition;
  g_autofree char *callid = sanitize (lcm_disposition_get_call_id (d), 0);
  g_autofree char *account = sanitize (lcm_disposition_get_account_number (d), 0);
  g_autofree char *telephony = format_int (lcm_disposition_get_telephony_outcome (d));
  g_autofree char *business = format_int (lcm_disposition_get_business_outcome (d));

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
        g_autofree char *start = format_date_time (lcm_disposition_get_callback_start (d));
        g_autofree char *end = format_date_time (lcm_disposition_get_callback_end (d));
        g_autofree char *mode = format_int (lcm_disposition_get_callback_mode (d));

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

static void
print_json (JsonNode *node)
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
 * Reading what people typed
 */

static gboolean
parse_int_option (const char  *option,
                  const char  *text,
                  gint64       min,
                  gint64       max,
                  gint64      *out,
                  GError     **error)
{
  g_autofree char *shown = sanitize (text, 40);
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

static gboolean
parse_id_option (const char  *option,
                 const char  *text,
                 gint64      *out,
                 GError     **error)
{
  return parse_int_option (option, text, 0, G_MAXINT64, out, error);
}

static gboolean
parse_amount_option (const char  *option,
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
    g_autofree char *shown = sanitize (text, 40);

    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* TRANSLATORS: the first %s is an option such as --target-amount */
                 _("%s: “%s” is not a number"), option, shown);
  }
  return FALSE;
}

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

  if (!parse_id_option ("--outcome", o->outcome, &outcome, error))
    return NULL;
  lcm_disposition_set_telephony_outcome (d, outcome);

  if (o->business_outcome != NULL)
    {
      gint64 business;

      if (!parse_id_option ("--business-outcome", o->business_outcome, &business, error))
        return NULL;
      lcm_disposition_set_business_outcome (d, business);
    }

  if (o->comments != NULL)
    lcm_disposition_set_comments (d, o->comments);

  if (o->lead_score != NULL)
    {
      gint64 lead_score;

      if (!parse_int_option ("--lead-score", o->lead_score, G_MININT64, G_MAXINT64,
                             &lead_score, error))
        return NULL;
      lcm_disposition_set_lead_score (d, lead_score);
    }

  if (o->target_amount != NULL)
    {
      double amount;

      if (!parse_amount_option ("--target-amount", o->target_amount, &amount, error))
        return NULL;
      lcm_disposition_set_target_amount (d, amount);
    }

  return g_steal_pointer (&d);
}

static LcmRequest *
build_disposition_request (Lcmctl        *self,
                           LcmDisposition *d,
                           LcmOperation   expected,
                           GError       **error)
{
  g_autoptr(LcmRequest) request = NULL;

  /* The command's options decide the operation; the one write path decides the wire. */
  g_assert (lcm_disposition_get_operation (d) == expected);

  request = lcm_request_new_disposition (d, NULL, error);
  if (request == NULL)
    return NULL;

  g_set_object (&self->disposition, d);
  return g_steal_pointer (&request);
}

/* ------------------------------------------------------------------------------------------
 * Commands
 */

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
build_set_telephony_outcome (Lcmctl  *self,
                             GError **error)
{
  g_autoptr(LcmDisposition) d = disposition_from_options (self, error);

  if (d == NULL)
    return NULL;
  return build_disposition_request (self, d, LCM_OPERATION_SET_TELEPHONY_OUTCOME, error);
}

static LcmRequest *
build_set_outcomes (Lcmctl  *self,
                    GError **error)
{
  g_autoptr(LcmDisposition) d = disposition_from_options (self, error);

  if (d == NULL)
    return NULL;
  return build_disposition_request (self, d, LCM_OPERATION_SET_OUTCOMES, error);
}

static LcmRequest *
build_set_business_outcome (Lcmctl  *self,
                            GError **error)
{
  g_autoptr(LcmDisposition) d = disposition_from_options (self, error);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  gint64 mode;

  if (d == NULL)
    return NULL;

  start = lcm_parse_date_time (self->opts.start, NULL, error);
  if (start == NULL)
    {
      g_prefix_error (error, "--start: ");
      return NULL;
    }
  end = lcm_parse_date_time (self->opts.end, NULL, error);
  if (end == NULL)
    {
      g_prefix_error (error, "--end: ");
      return NULL;
    }
  lcm_disposition_set_callback_window (d, start, end);

  if (!parse_id_option ("--mode", self->opts.mode, &mode, error))
    return NULL;
  lcm_disposition_set_callback_mode (d, mode);

  return build_disposition_request (self, d, LCM_OPERATION_SET_BUSINESS_OUTCOME_WITH_CALLBACK,
                                    error);
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

      if (!parse_int_option ("--months", o->months, G_MININT64, G_MAXINT64, &months, error)
          || !lcm_check_month_type (months, error))
        return NULL;
      lcm_journey_query_set_months (query, (guint) months);
    }

  return lcm_request_new_journey (query, error);
}

static const LcmctlCommand commands[] = {
  { "business-outcomes",
    "--callid ID --type MANUAL|INBOUND|OUTBOUND",
    N_("List the business outcomes of an outcome group, as a tree"),
    OPT_CALLID | OPT_TYPE,
    OPT_CALLID | OPT_TYPE,
    build_business_outcomes, print_business_outcomes },
  { "telephony-outcomes",
    "--account KEY",
    N_("List the telephony outcomes of an account"),
    OPT_ACCOUNT,
    OPT_ACCOUNT,
    build_telephony_outcomes, print_telephony_outcomes },
  { "callback-modes",
    "--callid ID --account KEY",
    N_("List the ways a contact can be called back"),
    OPT_CALLID | OPT_ACCOUNT,
    OPT_CALLID | OPT_ACCOUNT,
    build_callback_modes, print_callback_modes },
  { "set-telephony-outcome",
    "--callid ID --account KEY --outcome N --user U\n"
    "      [--comments T] [--lead-score N] [--target-amount N]",
    N_("Record the telephony outcome of a call"),
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_USER | OPT_WRITE_EXTRAS,
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_USER,
    build_set_telephony_outcome, NULL },
  { "set-outcomes",
    "--callid ID --account KEY --outcome N --business-outcome N --user U\n"
    "      [--comments T] [--lead-score N] [--target-amount N]",
    N_("Record the telephony and the business outcome of a call"),
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_USER
    | OPT_WRITE_EXTRAS,
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_USER,
    build_set_outcomes, NULL },
  { "set-business-outcome",
    "--callid ID --account KEY --outcome N --business-outcome N\n"
    "      --start 'DD/MM/YYYY HH:mm' --end 'DD/MM/YYYY HH:mm' --mode N --user U\n"
    "      [--comments T] [--lead-score N] [--target-amount N]",
    N_("Record the business outcome of a call and book a personal callback"),
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_START | OPT_END
    | OPT_MODE | OPT_USER | OPT_WRITE_EXTRAS,
    OPT_CALLID | OPT_ACCOUNT | OPT_OUTCOME | OPT_BUSINESS_OUTCOME | OPT_START | OPT_END
    | OPT_MODE | OPT_USER,
    build_set_business_outcome, NULL },
  { "callbacks",
    "--user U [--from DD/MM/YYYY] [--to DD/MM/YYYY]",
    N_("List an agent's personal callbacks"),
    OPT_USER | OPT_FROM | OPT_TO,
    OPT_USER,
    build_personal_callbacks, print_personal_callbacks },
  { "journey",
    "(--account KEY | --contact NUMBER | --callid ID) [--campaign NAME]\n"
    "      [--channel sms|voice|email|all] [--months 3|6|9|12]",
    N_("Show a customer's earlier interactions, newest first"),
    OPT_ACCOUNT | OPT_CONTACT | OPT_CALLID | OPT_CAMPAIGN | OPT_CHANNEL | OPT_MONTHS,
    0,
    build_journey, print_journey },
};

static const LcmctlCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * Talking to the gateway
 */

static gboolean
is_durable (Lcmctl *self)
{
  return self->opts.outbox != NULL;
}

static int
exit_status_for_error (const GError *error)
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
static char *
outbox_for_people (Lcmctl *self)
{
  return g_filename_display_name (self->opts.outbox);
}

/* A write or a flush that got no answer. With --outbox it waits in the file: "queued" on
 * stdout, exit 4. Without, nothing keeps it: it failed like any request without an answer. */
static void
report_no_answer (Lcmctl       *self,
                  const GError *reason)
{
  const GError *shown = self->connect_error != NULL ? self->connect_error : reason;
  g_autofree char *message = NULL;
  g_autofree char *url = url_for_people (self->url);

  if (shown != NULL)
    message = error_for_people (shown);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "No answer from %s within %u second",
                                            "No answer from %s within %u seconds",
                                            self->timeout_seconds),
                               url, self->timeout_seconds);

  if (!is_durable (self))
    {
      self->status = shown != NULL && shown->domain != LCM_OUTBOX_ERROR
                     ? exit_status_for_error (shown) : LCMCTL_EXIT_CONNECTION;
      if (shown != NULL && shown->domain != LCM_CLIENT_ERROR
          && shown->domain != LCM_OUTBOX_ERROR)
        print_error (_("Cannot reach the gateway at %s: %s"), url, message);
      else
        print_error ("%s", message);
      return;
    }

  {
    g_autofree char *file = outbox_for_people (self);
    guint waiting = lcm_outbox_get_n_pending (self->outbox);

    self->status = LCMCTL_EXIT_QUEUED;
    g_print ("queued\n");
    if (self->flushing)
      print_error (g_dngettext (GETTEXT_PACKAGE,
                                "%s; %u write is still waiting in %s",
                                "%s; %u writes are still waiting in %s", waiting),
                   message, waiting, file);
    else
      print_error (_("%s; the write is kept in %s and will be sent by “lcmctl --outbox %s "
                     "outbox flush”"), message, file, file);
  }
}

/* The outbox file or its lock cannot be used: whatever was sent, that needs someone. */
static void
report_storage_problem (Lcmctl       *self,
                        const GError *error,
                        gboolean      write_waits)
{
  g_autofree char *message = error_for_people (error);

  self->status = LCMCTL_EXIT_STORAGE;
  print_error ("%s", message);
  if (write_waits)
    {
      g_autofree char *file = outbox_for_people (self);

      print_error (_("The write is kept in %s: “lcmctl --outbox %s outbox flush” sends it "
                     "once that is done"), file, file);
    }
}

static void
finish (Lcmctl       *self,
        const GError *error)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  g_clear_handle_id (&self->deadline_id, g_source_remove);

  if (self->timed_out && self->outbox != NULL)
    report_no_answer (self, NULL);
  else if (self->timed_out)
    {
      g_autofree char *url = url_for_people (self->url);

      print_error (g_dngettext (GETTEXT_PACKAGE,
                                "No answer from %s within %u second",
                                "No answer from %s within %u seconds",
                                self->timeout_seconds),
                   url, self->timeout_seconds);
      self->status = LCMCTL_EXIT_CONNECTION;
    }
  else if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_QUEUED))
    report_no_answer (self, error);
  else if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_STORAGE))
    report_storage_problem (self, error, self->write_id > 0);
  else if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_NOT_FOUND))
    {
      g_autofree char *message = sanitize (error->message, 0);

      /* Stored, then gone while lcmctl waited: not lcmctl's to say it was recorded. */
      self->status = LCMCTL_EXIT_QUEUED;
      print_error ("%s", message);
    }
  else if (error != NULL)
    {
      g_autofree char *message = error_for_people (error);

      self->status = exit_status_for_error (error);
      if (g_error_matches (error, LCM_GATEWAY_ERROR, LCM_GATEWAY_ERROR_WS_ERROR))
        print_error (_("The gateway refused the request: %s"), message);
      else if (error->domain == LCM_PROTOCOL_ERROR)
        print_error (_("The gateway's answer could not be read: %s"), message);
      else if (self->status == LCMCTL_EXIT_CONNECTION && error->domain != LCM_CLIENT_ERROR)
        {
          g_autofree char *url = url_for_people (self->url);

          print_error (_("Cannot reach the gateway at %s: %s"), url, message);
        }
      else
        print_error ("%s", message);

      /* A refused write is not dropped: it waits in the outbox for a retry or removal. */
      if (is_durable (self) && (self->status == LCMCTL_EXIT_REFUSED
                                || self->status == LCMCTL_EXIT_UNREADABLE))
        {
          g_autofree char *file = outbox_for_people (self);

          print_error (_("Kept in %s as failed: see “lcmctl --outbox %s outbox list”"),
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
    print_json (response);
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
      if (is_durable (self))
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
    print_json (response);
  else
    print_write_confirmation (self);
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
    report_storage_problem (self, error, FALSE);
  self->outbox_closed = TRUE;
}

/* Stops the outbox and the client and lets them wind down (a cancelled handshake or a
 * cancelled wait still holds a reference until its callback has run), for at most a moment.
 * The outbox is closed first: a write it started sending (another program's, stored before
 * this one) is answered, or its request times out, before the connection goes, so that the
 * gateway never stores a write the file still calls pending. */
static void
release_client (Lcmctl *self)
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
      self->status = exit_status_for_error (error);
      if (g_error_matches (error, LCM_CLIENT_ERROR, LCM_CLIENT_ERROR_INSECURE_URL))
        {
          g_autofree char *url = url_for_people (self->url);

          /* The library's message points to the application's settings; lcmctl has none. */
          print_error (_("%s would be reached without encryption: use wss:// (ws:// is only "
                         "for a gateway on this computer)"), url);
        }
      else
        {
          g_autofree char *message = sanitize (error->message, 0);

          print_error ("%s", message);
        }
      return FALSE;
    }
  return TRUE;
}

static void
run_request (Lcmctl *self)
{
  if (start_client (self))
    {
      self->deadline_id = g_timeout_add (self->timeout_seconds * 1000, on_deadline_cb, self);
      lcm_client_connect_async (self->client, self->cancellable, on_connect_done_cb, self);
      g_main_loop_run (self->loop);
    }
  release_client (self);
}

/* The outbox of --outbox, or one in memory: every write goes through an outbox. */
static gboolean
open_outbox (Lcmctl    *self,
             LcmClient *client)
{
  g_autoptr(GError) error = NULL;

  self->outbox = lcm_outbox_new (client, self->opts.outbox, &error);
  if (self->outbox == NULL)
    {
      g_autofree char *message = sanitize (error->message, 0);

      print_error ("%s", message);
      self->status = exit_status_for_error (error);
      return FALSE;
    }
  return TRUE;
}

/* Sends through the outbox: the write of a set-* command (submit) or what waits (flush).
 * The client is made and the outbox given it; lost connections are waited out from the
 * first connection on (wait_or_finish). */
static void
run_through_outbox (Lcmctl *self)
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

static void
run_write (Lcmctl *self)
{
  /* The write is stored before a connection is even tried. */
  if (open_outbox (self, NULL))
    run_through_outbox (self);
  release_client (self);
}

/* ------------------------------------------------------------------------------------------
 * The outbox command
 */

/* From the command line part, below. */
static GOptionGroup *global_group_new            (const char   *name,
                                                  LcmctlOptions *o,
                                                  gboolean      after_command);
static void          take_option                 (char        **global,
                                                  char        **after_command);
static void          merge_command_options       (Lcmctl       *self);
static gboolean      resolve_connection_settings (Lcmctl       *self,
                                                  GError      **error);
static int           usage_error                 (const char   *command,
                                                  const GError *error);

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
  print_json (root);
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
  table = table_new (1u << 0 | 1u << 3, _("ID"), _("Stored"), _("State"), _("Tries"),
                     _("Call"), _("Account"), _("Write"), _("Reason"),
                     any_summary ? _("Summary") : NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (lcm_outbox_entry_get_created_at (entry));
      g_autofree char *id = format_int (lcm_outbox_entry_get_id (entry));
      g_autofree char *stored = g_date_time_format (local, "%d/%m/%Y %H:%M:%S");
      g_autofree char *attempts = format_int (lcm_outbox_entry_get_attempts (entry));

      table_add_row (table, id, stored, entry_state_for_people (entry), attempts,
                     lcm_outbox_entry_get_call_id (entry),
                     lcm_outbox_entry_get_account_number (entry),
                     lcm_operation_get_request_subtopic (lcm_outbox_entry_get_operation (entry)),
                     lcm_outbox_entry_get_last_error (entry),
                     lcm_outbox_entry_get_summary (entry));
    }
  table_print (table);
  /* The reasons in full: the table cuts long cells. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmOutboxEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *reason = NULL;

      if (lcm_outbox_entry_get_state (entry) != LCM_OUTBOX_ENTRY_FAILED
          || lcm_outbox_entry_get_last_error (entry) == NULL)
        continue;
      reason = sanitize (lcm_outbox_entry_get_last_error (entry), 0);
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
  return parse_int_option (_("write ID"), text, 1, G_MAXINT64, out, error);
}

/* A retry or a removal that could not be done. An unknown ID is bad usage; a write refused
 * for good (sending it again as it is would not help), a write that cannot be read back or
 * a file that cannot be written have their own statuses. */
static void
report_outbox_change_error (Lcmctl       *self,
                            const GError *error)
{
  g_autofree char *message = NULL;

  self->status = exit_status_for_error (error);
  if (self->status == LCMCTL_EXIT_USAGE)
    {
      self->status = usage_error ("outbox", error);
      return;
    }
  message = sanitize (error->message, 0);
  print_error ("%s", message);
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

  if (!resolve_connection_settings (self, &error))
    {
      self->status = usage_error (NULL, error);
      return;
    }

  run_through_outbox (self);
}

static int
run_outbox_command (Lcmctl  *self,
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
  g_option_context_set_main_group (context, global_group_new ("global", &self->opts, TRUE));
  for (int i = 0; i < argc; i++)
    command_argv[i] = argv[i];
  if (!g_option_context_parse (context, &command_argc, &parse_argv, &error))
    return usage_error ("outbox", error);

  merge_command_options (self);

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
      return usage_error ("outbox", error);
    }
  action = parse_argv[1];
  needs_id = g_str_equal (action, "retry") || g_str_equal (action, "remove");
  if (!needs_id && !g_str_equal (action, "list") && !g_str_equal (action, "flush"))
    {
      g_autofree char *shown = sanitize (action, 40);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unknown outbox command “%s”"), shown);
      return usage_error ("outbox", error);
    }
  if (command_argc != (needs_id ? 3 : 2))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   needs_id ? _("“outbox %s” needs the ID of one write")
                            : _("“outbox %s” takes no argument"), action);
      return usage_error ("outbox", error);
    }
  if (needs_id && !parse_entry_id (parse_argv[2], &id, &error))
    return usage_error ("outbox", error);

  if (self->opts.outbox == NULL || *self->opts.outbox == '\0')
    {
      g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("Say which outbox: give --outbox FILE"));
      return usage_error ("outbox", error);
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

  if (!open_outbox (self, NULL))
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

  release_client (self);
  return self->status;
}

/* ------------------------------------------------------------------------------------------
 * Command line
 */

/* The global options: the same group serves before the command (into the fields of the
 * global options) and after it (into the cmd_ fields, merged in afterwards). */
static GOptionGroup *
global_group_new (const char    *name,
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

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, strlen (commands[i].name));

  width = MAX (width, strlen ("outbox"));
  g_string_append_printf (text, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-*s  %s\n", (int) width, commands[i].name,
                            _(commands[i].summary));
  g_string_append_printf (text, "  %-*s  %s\n", (int) width, "outbox",
                          _("List, send, retry or remove the writes waiting in --outbox FILE"));
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

static GOptionContext *
global_context_new (Lcmctl *self)
{
  GOptionContext *context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_autofree char *description = global_description ();

  g_option_context_set_summary (context, _("Talk to an LCM gateway from a terminal."));
  g_option_context_set_description (context, description);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, global_group_new ("lcmctl", &self->opts, FALSE));
  return context;
}

static GOptionContext *
command_context_new (Lcmctl              *self,
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
  group = global_group_new ("global", &self->opts, TRUE);
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
static void
merge_command_options (Lcmctl *self)
{
  take_option (&self->opts.url, &self->opts.cmd_url);
  take_option (&self->opts.token_file, &self->opts.cmd_token_file);
  take_option (&self->opts.timeout, &self->opts.cmd_timeout);
  take_option (&self->opts.outbox, &self->opts.cmd_outbox);
  take_option (&self->opts.certificate, &self->opts.cmd_certificate);
  self->opts.json |= self->opts.cmd_json;
}

static gboolean
check_required (Lcmctl   *self,
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

static gboolean
resolve_connection_settings (Lcmctl   *self,
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
      && !parse_int_option ("--timeout", self->opts.timeout, 1, LCMCTL_MAX_TIMEOUT_SECONDS,
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

static int
usage_error (const char   *command,
             const GError *error)
{
  g_autofree char *message = sanitize (error->message, 0);

  print_error ("%s", message);
  if (command != NULL)
    g_printerr (_("Run “lcmctl %s --help” for its options.\n"), command);
  else
    g_printerr (_("Run “lcmctl --help” for the commands and options.\n"));
  return LCMCTL_EXIT_USAGE;
}

static int
lcmctl_run (Lcmctl  *self,
            int      argc,
            char   **argv)
{
  g_autoptr(GOptionContext) global = global_context_new (self);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char **command_argv = NULL;
  g_autofree char *prgname = NULL;
  int command_argc;

  if (!g_option_context_parse (global, &argc, &argv, &error))
    return usage_error (NULL, error);

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
      return usage_error (NULL, error);
    }

  if (g_strcmp0 (argv[1], "outbox") == 0)
    return run_outbox_command (self, argc - 1, argv + 1);

  self->command = find_command (argv[1]);
  if (self->command == NULL)
    {
      g_autofree char *shown = sanitize (argv[1], 40);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unknown command “%s”"), shown);
      return usage_error (NULL, error);
    }

  /* The command's own options; argv[0] of this parse is the command name. */
  prgname = g_strdup_printf ("lcmctl %s", self->command->name);
  g_set_prgname (prgname);
  command_argc = argc - 1;
  command_argv = g_new0 (char *, command_argc + 1);
  for (int i = 0; i < command_argc; i++)
    command_argv[i] = argv[i + 1];

  context = command_context_new (self, self->command);
  {
    char **parse_argv = command_argv;

    if (!g_option_context_parse (context, &command_argc, &parse_argv, &error))
      return usage_error (self->command->name, error);
  }

  merge_command_options (self);

  if (self->opts.cmd_help)
    {
      g_autofree char *help = g_option_context_get_help (context, FALSE, NULL);

      g_print ("%s", help);
      return LCMCTL_EXIT_OK;
    }

  if (command_argc > 1)
    {
      g_autofree char *shown = sanitize (command_argv[1], 40);

      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Unexpected argument “%s”"), shown);
      return usage_error (self->command->name, error);
    }

  /* Everything is checked before a connection is opened: an invalid request never exists. */
  if (!check_required (self, &error))
    return usage_error (self->command->name, error);

  self->request = self->command->build (self, &error);
  if (self->request == NULL)
    return usage_error (self->command->name, error);

  if (!resolve_connection_settings (self, &error))
    return usage_error (NULL, error);

  if (lcm_request_is_write (self->request))
    run_write (self);
  else
    run_request (self);
  return self->status;
}

static void
lcmctl_clear (Lcmctl *self)
{
  LcmctlOptions *o = &self->opts;

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
  g_clear_object (&self->certificate);
  g_clear_error (&self->connect_error);
  g_clear_error (&self->queued);
  for (guint i = 0; i < G_N_ELEMENTS (command_options); i++)
    {
      char **value = G_STRUCT_MEMBER_P (o, command_options[i].offset);

      g_clear_pointer (value, g_free);
    }
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
