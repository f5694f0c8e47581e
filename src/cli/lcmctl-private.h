/* lcmctl-private.h: lcmctl's state, options and commands, shared by its files
 *
 * lcmctl.c: main (), and the run loop that sends a request or a write and waits for its
 * answer; lcmctl-commands.c: the command table, and the gateway's commands (how each builds
 * its request); lcmctl-outbox.c: the outbox command; lcmctl-options.c: the command line, and
 * reading what people typed on it; lcmctl-print.c: what lcmctl says of an answer, and of a
 * request that got none; lcmctl-text.c: text made safe for a terminal, and tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lcm.h"

G_BEGIN_DECLS

#define LCMCTL_MAX_CELL_WIDTH 60

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
/* The personal callback set-business-outcome books. */
#define OPT_CALLBACK     (OPT_START | OPT_END | OPT_MODE)

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

/* Runs the command, whose name is argv[0], once the global options before it are read;
 * returns the exit status. */
typedef int         (*LcmctlRunFunc)   (Lcmctl     *self,
                                        int         argc,
                                        char      **argv);
typedef LcmRequest *(*LcmctlBuildFunc) (Lcmctl     *self,
                                        GError    **error);
typedef void        (*LcmctlPrintFunc) (Lcmctl     *self,
                                        GListModel *rows);

struct _LcmctlCommand
{
  const char      *name;
  const char      *synopsis; /* NULL for the outbox, whose help says its usage itself */
  const char      *summary;
  guint            accepted;
  guint            required;
  LcmctlRunFunc    run;
  LcmctlBuildFunc  build;  /* the request of a gateway command; NULL for the outbox */
  LcmctlPrintFunc  print;  /* NULL for a write */
};

/* Every command, in the order the help lists them (lcmctl-commands.c). */
extern const LcmctlCommand lcmctl_commands[];
extern const guint         lcmctl_n_commands;

/* With --outbox a write is durable: one that gets no answer waits in the file. */
static inline gboolean
lcmctl_is_durable (Lcmctl *self)
{
  return self->opts.outbox != NULL;
}

/* ------------------------------------------------------------------------------------------
 * lcmctl.c: the run loop
 */

void                 lcmctl_run_request                 (Lcmctl        *self);
void                 lcmctl_run_write                   (Lcmctl        *self);
gboolean             lcmctl_open_outbox                 (Lcmctl        *self,
                                                         LcmClient     *client);
void                 lcmctl_run_through_outbox          (Lcmctl        *self);
void                 lcmctl_release_client              (Lcmctl        *self);

/* ------------------------------------------------------------------------------------------
 * lcmctl-commands.c and lcmctl-outbox.c: the commands
 */

const LcmctlCommand *lcmctl_find_command                (const char    *name);
int                  lcmctl_run_outbox_command          (Lcmctl        *self,
                                                         int            argc,
                                                         char         **argv);

/* ------------------------------------------------------------------------------------------
 * lcmctl-options.c: the command line
 */

gboolean             lcmctl_parse_int_option            (const char    *option,
                                                         const char    *text,
                                                         gint64         min,
                                                         gint64         max,
                                                         gint64        *out,
                                                         GError       **error);
gboolean             lcmctl_parse_id_option             (const char    *option,
                                                         const char    *text,
                                                         gint64        *out,
                                                         GError       **error);
gboolean             lcmctl_parse_amount_option         (const char    *option,
                                                         const char    *text,
                                                         double        *out,
                                                         GError       **error);
GOptionGroup        *lcmctl_global_group_new            (const char    *name,
                                                         LcmctlOptions *o,
                                                         gboolean       after_command);
GOptionContext      *lcmctl_global_context_new          (Lcmctl        *self);
GOptionContext      *lcmctl_command_context_new         (Lcmctl        *self,
                                                         const LcmctlCommand *command);
void                 lcmctl_merge_command_options       (Lcmctl        *self);
gboolean             lcmctl_check_required              (Lcmctl        *self,
                                                         GError       **error);
gboolean             lcmctl_resolve_connection_settings (Lcmctl        *self,
                                                         GError       **error);
int                  lcmctl_usage_error                 (const char    *command,
                                                         const GError  *error);
void                 lcmctl_options_clear               (LcmctlOptions *o);

/* ------------------------------------------------------------------------------------------
 * lcmctl-print.c: answers and outcomes
 */

void                 lcmctl_print_business_outcomes     (Lcmctl        *self,
                                                         GListModel    *rows);
void                 lcmctl_print_telephony_outcomes    (Lcmctl        *self,
                                                         GListModel    *rows);
void                 lcmctl_print_callback_modes        (Lcmctl        *self,
                                                         GListModel    *rows);
void                 lcmctl_print_personal_callbacks    (Lcmctl        *self,
                                                         GListModel    *rows);
void                 lcmctl_print_journey               (Lcmctl        *self,
                                                         GListModel    *rows);
void                 lcmctl_print_write_confirmation    (Lcmctl        *self);
void                 lcmctl_print_json                  (JsonNode      *node);
int                  lcmctl_exit_status_for_error       (const GError  *error);
char                *lcmctl_outbox_for_people           (Lcmctl        *self);
void                 lcmctl_report_no_answer            (Lcmctl        *self,
                                                         const GError  *reason);
void                 lcmctl_report_storage_problem      (Lcmctl        *self,
                                                         const GError  *error,
                                                         gboolean       write_waits);

/* ------------------------------------------------------------------------------------------
 * lcmctl-text.c: text and tables
 */

typedef struct _LcmctlTable LcmctlTable;

void                 lcmctl_print_error                 (const char    *format,
                                                         ...) G_GNUC_PRINTF (1, 2);
char                *lcmctl_sanitize                    (const char    *text,
                                                         guint          max_chars);
char                *lcmctl_format_int                  (gint64         value);
char                *lcmctl_format_date_time            (GDateTime     *time);
char                *lcmctl_url_for_people              (const char    *url);
char                *lcmctl_error_for_people            (const GError  *error);
/* The headers, then NULL; bit i of right_aligned: column i holds numbers. */
LcmctlTable         *lcmctl_table_new                   (guint32        right_aligned,
                                                         ...) G_GNUC_NULL_TERMINATED;
void                 lcmctl_table_free                  (LcmctlTable   *table);
void                 lcmctl_table_add_row               (LcmctlTable   *table,
                                                         ...);
void                 lcmctl_table_print                 (LcmctlTable   *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcmctlTable, lcmctl_table_free)

G_END_DECLS
