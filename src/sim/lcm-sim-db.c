/* lcm-sim-db.c: the simulator's SQLite state: schema, seeding, queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-db"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "lcm-values.h"
#include "lcm-sim-db.h"

#define SCHEMA_VERSION "1"

struct _LcmSimDb
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
};

G_DEFINE_FINAL_TYPE (LcmSimDb, lcm_sim_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (lcm-sim-db-error-quark, lcm_sim_db_error)

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS campaigns ("
  "  campaign_id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE IF NOT EXISTS telephony_outcomes ("
  "  outcome_id INTEGER PRIMARY KEY,"
  "  description TEXT NOT NULL,"
  "  position INTEGER NOT NULL UNIQUE);"
  "CREATE TABLE IF NOT EXISTS business_outcomes ("
  "  outcome_id INTEGER PRIMARY KEY,"
  "  outcome_group TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (campaign_id),"
  "  parent_id INTEGER NOT NULL,"
  "  description TEXT NOT NULL,"
  "  lead_score INTEGER NOT NULL,"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS contacts ("
  "  contact_id INTEGER PRIMARY KEY,"
  "  account_number TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (campaign_id),"
  "  lead_score INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS callback_modes ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  mode_id INTEGER NOT NULL,"
  "  description TEXT NOT NULL,"
  "  channel_type INTEGER NOT NULL,"
  "  cvalue TEXT NOT NULL,"
  "  min_length INTEGER NOT NULL,"
  "  max_length INTEGER NOT NULL,"
  "  PRIMARY KEY (contact_id, mode_id));"
  "CREATE TABLE IF NOT EXISTS calls ("
  "  callid TEXT PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  call_type TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (campaign_id),"
  "  mode_id INTEGER NOT NULL,"
  "  started_at TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS journey ("
  "  id INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  account_number TEXT NOT NULL,"
  "  campaign_name TEXT NOT NULL,"
  "  mode_id INTEGER NOT NULL,"
  "  mode TEXT NOT NULL,"
  "  outcome_id INTEGER NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  agent_name TEXT NOT NULL,"
  "  agent_comment TEXT NOT NULL,"
  "  completed_at INTEGER NOT NULL,"
  "  channel_type INTEGER NOT NULL,"
  "  target_value TEXT NOT NULL,"
  "  contact_value TEXT NOT NULL,"
  "  previous_lead_score INTEGER NOT NULL,"
  "  current_lead_score INTEGER NOT NULL,"
  "  call_type TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS journey_by_account ON journey (account_number, completed_at);"
  "CREATE INDEX IF NOT EXISTS journey_by_contact_value ON journey (contact_value, completed_at);"
  "CREATE TABLE IF NOT EXISTS dispositions ("
  "  id INTEGER PRIMARY KEY,"
  "  received_at TEXT NOT NULL,"
  "  connection_id INTEGER NOT NULL,"
  "  subtopic TEXT NOT NULL,"
  "  callid TEXT NOT NULL,"
  "  account_number TEXT NOT NULL,"
  "  telephony_outcome INTEGER,"
  "  business_outcome INTEGER,"
  "  comments TEXT NOT NULL,"
  "  lead_score INTEGER NOT NULL,"
  "  target_amount REAL NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  callback_start_date TEXT,"
  "  callback_end_date TEXT,"
  "  callback_start_time TEXT,"
  "  callback_end_time TEXT,"
  "  callback_mode INTEGER,"
  "  data TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS personal_callbacks ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (contact_id),"
  "  account_number TEXT NOT NULL,"
  "  mode_id INTEGER NOT NULL,"
  "  mode_description TEXT NOT NULL,"
  "  cvalue TEXT NOT NULL,"
  "  start_date TEXT NOT NULL,"
  "  end_date TEXT NOT NULL,"
  "  start_time TEXT NOT NULL,"
  "  end_time TEXT NOT NULL,"
  "  start_day TEXT NOT NULL,"
  "  business_outcome INTEGER,"
  "  callid TEXT,"
  "  disposition_id INTEGER REFERENCES dispositions (id),"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS personal_callbacks_by_user"
  "  ON personal_callbacks (user_id, start_day, start_time);"
  "CREATE TABLE IF NOT EXISTS wire_log ("
  "  id INTEGER PRIMARY KEY,"
  "  received_at TEXT NOT NULL,"
  "  connection_id INTEGER NOT NULL,"
  "  text TEXT NOT NULL);";

/* Seed set-call-outcome-offline's sample, in its order. */
static const struct
{
  int         id;
  const char *description;
} telephony_outcomes[] = {
  { 0, "Success" }, { 2, "Invalid" }, { 3, "Busy" }, { 4, "CallBack" }, { 5, "DNC" },
  { 6, "Fax" }, { 7, "Answering Machine" }, { 8, "No Answer" }, { 9, "Rejected" },
  { 10, "Operator Intercept" }, { 11, "Wrong Number" }, { 12, "Wrong Person" },
  { 13, "Not Attempted" }, { 14, "DialError" }, { 15, "Not in Service" }, { 16, "No Agents" },
  { 20, "Agent Skip Close" }, { 22, "TDM Switch" }, { 23, "Record Flushed" },
  { 24, "Low Voicecall" }, { 25, "No Ring Back" }, { 26, "Not Supported" },
  { 28, "Invalid Message" }, { 29, "Contact Expired" }, { 30, "Agent Reject Close" },
  { 27, "Not Authorized" }, { 31, "Call Disconnected" }, { 32, "Call Cancelled by Dialer" },
  { 33, "Preview Timeout" }, { 34, "Authentication Retry Reached" },
  { 35, "Invalid DeviceID" }, { 36, "Authentication Declined" },
  { 37, "Waiting For Agent Disposition" }, { 99, "Call blocked by FeedEngine against DNC" },
  { 98, "Call blocked by FeedEngine against NDNC" }, { 58, "Number Blocked / Un-Allocated" },
  { 56, "AMD-Silent" }, { 57, "Technical issue" }, { 60, "Short Call Disconnect" },
  { 63, "No User Response" }, { 64, "Subscriber Absent" }, { 65, "Number Changed" },
  { 66, "Redirection to New Destination" }, { 67, "Normal Unspecified" },
  { 61, "Answering Machine Message Left" }, { 62, "Answering Machine IVR Transfer" },
  { 72, "AMD-Nonlimited Message" }, { 73, "AMD-Limited Message" }, { 74, "AMD-No Message" },
};

/* The outcomes most calls end with, for a realistic history (ids of the list above). */
static const int common_outcomes[] = { 0, 0, 0, 0, 8, 8, 8, 3, 3, 4, 4, 7, 7, 61, 11 };

static const char * const campaigns[] = {
  "SamplePreviewCampaign-ACQ", "tmasi", "Retention-Q4", "Collections",
};

static const char * const outcome_groups[] = { "OUTBOUND", "INBOUND", "MANUAL" };

/* A business-outcome tree in pre-order: depth 0 is a root, depth n hangs under the last
 * outcome of depth n - 1 before it. */
typedef struct
{
  int         depth;
  const char *description;
  int         lead_score;
} OutcomeNode;

static const OutcomeNode sales_tree[] = {
  { 0, "Follow-up", 20 },
  { 1, "Call back later", 20 },
  { 1, "Send information", 25 },
  { 0, "Interested", 60 },
  { 1, "Sale closed", 100 },
  { 1, "Quote sent", 70 },
  { 2, "Quote by email", 70 },
  { 2, "Quote by post", 65 },
  { 1, "Needs a demo", 50 },
  { 0, "Not interested", 0 },
  { 1, "Price too high", 5 },
  { 1, "Has a competitor product", 0 },
  { 1, "No need", 0 },
  { -1, NULL, 0 },
};

static const OutcomeNode retention_tree[] = {
  { 0, "Follow-up", 30 },
  { 1, "Call back later", 30 },
  { 1, "Send offer", 35 },
  { 0, "Retained", 80 },
  { 1, "Discount accepted", 80 },
  { 1, "Upgrade accepted", 90 },
  { 0, "Churn risk", 20 },
  { 1, "Considering cancellation", 15 },
  { 1, "Complaint raised", 10 },
  { 2, "Billing complaint", 10 },
  { 2, "Service complaint", 10 },
  { 0, "Cancelled", 0 },
  { 1, "Moved to a competitor", 0 },
  { 1, "Service no longer needed", 0 },
  { -1, NULL, 0 },
};

static const OutcomeNode collections_tree[] = {
  { 0, "Follow-up", 30 },
  { 1, "Call back later", 30 },
  { 1, "Send statement", 30 },
  { 0, "Payment", 70 },
  { 1, "Paid in full", 100 },
  { 1, "Partial payment", 60 },
  { 1, "Promise to pay", 50 },
  { 2, "Within 7 days", 55 },
  { 2, "Within 30 days", 40 },
  { 0, "Dispute", 10 },
  { 1, "Amount disputed", 10 },
  { 1, "Already paid", 20 },
  { 0, "Hardship", 10 },
  { 1, "Payment plan offered", 30 },
  { 1, "Referred to hardship team", 10 },
  { -1, NULL, 0 },
};

static const OutcomeNode * const campaign_trees[] = {
  sales_tree, sales_tree, retention_tree, collections_tree,
};

/* The first business outcome id; with OUTBOUND x SamplePreviewCampaign-ACQ seeded first,
 * 101 ("Call back later") is the sample's BusinessOutcome. */
#define FIRST_BUSINESS_OUTCOME 100

enum
{
  MODE_HOME = 1,
  MODE_OFFICE = 2,
  MODE_MOBILE = 3,
  MODE_SMS = 4,
  MODE_EMAIL = 5,
};

/* The contacts the vendor's pages name, with fixed numbers. campaign is 1-based. */
static const struct
{
  const char *account;
  const char *name;
  int         campaign;
  const char *home;
  const char *office;
  const char *mobile;
  const char *email;
} fixed_contacts[] = {
  { LCM_SIM_DEMO_ACCOUNT, "Alex Morgan", 1,
    "441632960001", "441632960002", "447700900123", "alex.morgan@example.com" },
  { "2|3|3|0|0|44|1", "Wei Ling Tan", 1,
    "6562220101", NULL, "6591462346", "weiling.tan@example.com" },
  { "9|3|1711|0|0|84|-1", "Nguyen Van An", 2,
    NULL, NULL, "909003299700", "an.nguyen@example.com" },
  { "18|1|2|0|0|44|274", "Priya Shah", 3,
    "441632960274", NULL, "447700900274", "priya.shah@example.com" },
  /* Shares 909003299700 (as office) with the contact above: a number across accounts. */
  { "137|1|3|0|0|84|", "Tran Thi Mai", 4,
    NULL, "909003299700", "84912345678", "mai.tran@example.com" },
};

#define N_GENERATED_CONTACTS 20

static const char * const first_names[] = {
  "Olivia", "Liam", "Amelia", "Noah", "Isla", "Oliver", "Ava", "Arjun", "Mei", "Lucas",
  "Sofia", "Hiroshi", "Chloe", "Mateo", "Aisha", "Ethan", "Linh", "Jack", "Nora", "Ravi",
};

static const char * const last_names[] = {
  "Smith", "Jones", "Nguyen", "Tan", "Patel", "Brown", "Garcia", "Lim", "Wilson", "Khan",
  "Taylor", "Lee", "Martin", "Tran", "Walker", "Singh",
};

/* Active calls: callid, contact (1-based row of the contacts table), type, campaign
 * (1-based), mode. */
static const struct
{
  const char *callid;
  int         contact;
  const char *type;
  int         campaign;
  int         mode;
} fixed_calls[] = {
  { "12345", 1, "OUTBOUND", 1, MODE_MOBILE },
  { "1001", 2, "OUTBOUND", 1, MODE_MOBILE },
  { "1002", 3, "INBOUND", 2, MODE_MOBILE },
  { "1003", 4, "MANUAL", 3, MODE_HOME },
  { "1004", 5, "OUTBOUND", 4, MODE_OFFICE },
  { "1005", 2, "INBOUND", 2, MODE_HOME },
  { "1006", 6, "INBOUND", 2, MODE_MOBILE },
  { "1007", 7, "OUTBOUND", 3, MODE_MOBILE },
  { "1008", 8, "MANUAL", 4, MODE_MOBILE },
  { "1009", 9, "INBOUND", 1, MODE_MOBILE },
  { "1010", 10, "OUTBOUND", 2, MODE_MOBILE },
};

static const char * const agents[] = {
  "AECAgent", "testagent", "agent1", "jsmith", "mlopez", "pkumar",
};

static const char * const comments[] = {
  "", "", "", "Customer asked for a call back next week", "Left a voicemail",
  "Interested in the premium plan", "Requested information by email",
  "Payment arrangement discussed", "Wrong number, record updated",
  "Customer satisfied with the service", "Sent an SMS reminder", "Email follow-up sent",
  "Asked to be called after 5 pm", "Quote accepted \"pending\" approval",
};

static const char * const month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

/* helpers */

static gboolean
set_db_error (LcmSimDb    *self,
              GError     **error,
              const char  *what)
{
  g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
               _("Database error while %s: %s"), what, sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (LcmSimDb    *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, "preparing a query");
      return NULL;
    }
  return stmt;
}

static gboolean
exec (LcmSimDb    *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("Database error: %s"), message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Finishes a statement that returns no rows. */
static gboolean
step_done (LcmSimDb      *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, what);
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  gint64        value)
{
  if (value != LCM_SIM_NONE)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static char *
format_timestamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static char *
format_amount (double amount)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (amount == (double) (gint64) amount && amount > -1e15 && amount < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) amount);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", amount));
}

/* DD/MM/YYYY (already checked) to YYYY-MM-DD, which sorts. */
static char *
day_key (const char *date)
{
  if (date == NULL || strlen (date) != 10)
    return g_strdup ("");
  return g_strdup_printf ("%.4s-%.2s-%.2s", date + 6, date + 3, date);
}

/* JSON string, escaped; the text is valid UTF-8 (checked before it was stored). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
append_member_name (GString    *out,
                    const char *name,
                    gboolean    first)
{
  g_string_append (out, first ? "\"" : ",\"");
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
append_member_string (GString    *out,
                      const char *name,
                      const char *value,
                      gboolean    first)
{
  append_member_name (out, name, first);
  append_json_string (out, value);
}

static void
append_member_int (GString    *out,
                   const char *name,
                   gint64      value)
{
  char number[24];

  append_member_name (out, name, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, value);
  g_string_append (out, number);
}

/* seeding */

typedef struct
{
  gint64 contact_id;
  char  *account;
  char  *name;
  int    campaign;
  /* cvalue per mode id, NULL where the contact has no such mode */
  char  *modes[MODE_EMAIL + 1];
} SeedContact;

static void
seed_contact_clear (SeedContact *contact)
{
  g_free (contact->account);
  g_free (contact->name);
  for (guint i = 0; i < G_N_ELEMENTS (contact->modes); i++)
    g_free (contact->modes[i]);
}

static const char *
mode_description (int mode)
{
  switch (mode)
    {
    case MODE_HOME:
      return "Home";
    case MODE_OFFICE:
      return "Office";
    case MODE_MOBILE:
      return "Mobile";
    case MODE_SMS:
      return "SMS";
    case MODE_EMAIL:
      return "Email";
    default:
      g_assert_not_reached ();
    }
}

static int
mode_channel (int mode)
{
  switch (mode)
    {
    case MODE_SMS:
      return LCM_CHANNEL_SMS;
    case MODE_EMAIL:
      return LCM_CHANNEL_EMAIL;
    default:
      return LCM_CHANNEL_VOICE;
    }
}

static char *
random_digits (GRand      *rand,
               const char *prefix,
               guint       n)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < n; i++)
    g_string_append_c (text, (char) ('0' + g_rand_int_range (rand, 0, 10)));
  return g_string_free (text, FALSE);
}

static gboolean
seed_reference_data (LcmSimDb  *self,
                     GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 next_id = FIRST_BUSINESS_OUTCOME;

  for (guint i = 0; i < G_N_ELEMENTS (campaigns); i++)
    {
      if ((stmt = prepare (self, "INSERT INTO campaigns (campaign_id, name) VALUES (?, ?)",
                           error)) == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i + 1);
      sqlite3_bind_text (stmt, 2, campaigns[i], -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "seeding campaigns", error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (telephony_outcomes); i++)
    {
      if ((stmt = prepare (self, "INSERT INTO telephony_outcomes (outcome_id, description, "
                           "position) VALUES (?, ?, ?)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, telephony_outcomes[i].id);
      sqlite3_bind_text (stmt, 2, telephony_outcomes[i].description, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!step_done (self, stmt, "seeding telephony outcomes", error))
        return FALSE;
    }

  for (guint g = 0; g < G_N_ELEMENTS (outcome_groups); g++)
    for (guint c = 0; c < G_N_ELEMENTS (campaigns); c++)
      {
        gint64 parents[8] = { 0 };

        for (const OutcomeNode *node = campaign_trees[c]; node->description != NULL; node++)
          {
            gint64 id = next_id++;

            g_assert (node->depth >= 0 && node->depth < (int) G_N_ELEMENTS (parents) - 1);
            parents[node->depth + 1] = id;
            if ((stmt = prepare (self, "INSERT INTO business_outcomes (outcome_id, "
                                 "outcome_group, campaign_id, parent_id, description, "
                                 "lead_score, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 error)) == NULL)
              return FALSE;
            sqlite3_bind_int64 (stmt, 1, id);
            sqlite3_bind_text (stmt, 2, outcome_groups[g], -1, SQLITE_STATIC);
            sqlite3_bind_int (stmt, 3, (int) c + 1);
            sqlite3_bind_int64 (stmt, 4, parents[node->depth]);
            sqlite3_bind_text (stmt, 5, node->description, -1, SQLITE_STATIC);
            sqlite3_bind_int (stmt, 6, node->lead_score);
            sqlite3_bind_int64 (stmt, 7, id);
            if (!step_done (self, stmt, "seeding business outcomes", error))
              return FALSE;
          }
      }
  return TRUE;
}

static void
make_contacts (GRand  *rand,
               GArray *contacts)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (fixed_contacts); i++)
    {
      SeedContact contact = { 0 };

      contact.contact_id = i + 1;
      contact.account = g_strdup (fixed_contacts[i].account);
      contact.name = g_strdup (fixed_contacts[i].name);
      contact.campaign = fixed_contacts[i].campaign;
      contact.modes[MODE_HOME] = g_strdup (fixed_contacts[i].home);
      contact.modes[MODE_OFFICE] = g_strdup (fixed_contacts[i].office);
      contact.modes[MODE_MOBILE] = g_strdup (fixed_contacts[i].mobile);
      contact.modes[MODE_SMS] = g_strdup (fixed_contacts[i].mobile);
      contact.modes[MODE_EMAIL] = g_strdup (fixed_contacts[i].email);
      g_array_append_val (contacts, contact);
      g_hash_table_add (accounts, (gpointer) fixed_contacts[i].account);
    }

  for (guint i = 0; i < N_GENERATED_CONTACTS; i++)
    {
      static const int countries[] = { 44, 84, 65 };
      SeedContact contact = { 0 };
      int country = countries[g_rand_int_range (rand, 0, G_N_ELEMENTS (countries))];
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      char *account;

      for (;;)
        {
          account = g_strdup_printf ("%d|%d|%d|0|0|%d|%d",
                                     g_rand_int_range (rand, 1, 200),
                                     g_rand_int_range (rand, 1, 5),
                                     g_rand_int_range (rand, 1, 5000),
                                     country,
                                     g_rand_int_range (rand, 1, 1000));
          if (!g_hash_table_contains (accounts, account))
            break;
          g_free (account);
        }

      contact.contact_id = G_N_ELEMENTS (fixed_contacts) + i + 1;
      contact.account = account;
      g_hash_table_add (accounts, account);
      contact.campaign = g_rand_int_range (rand, 1, G_N_ELEMENTS (campaigns) + 1);
      switch (country)
        {
        case 44:
          contact.modes[MODE_MOBILE] = random_digits (rand, "4477009", 5);
          if (g_rand_boolean (rand))
            contact.modes[MODE_HOME] = random_digits (rand, "441632", 6);
          break;
        case 84:
          contact.modes[MODE_MOBILE] = random_digits (rand, "849", 8);
          if (g_rand_boolean (rand))
            contact.modes[MODE_HOME] = random_digits (rand, "8428", 7);
          break;
        default:
          contact.modes[MODE_MOBILE] = random_digits (rand, "659", 7);
          if (g_rand_boolean (rand))
            contact.modes[MODE_HOME] = random_digits (rand, "656", 7);
          break;
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        contact.modes[MODE_OFFICE] = random_digits (rand, contact.modes[MODE_MOBILE][0] == '4'
                                                    ? "442079" : "6563", 6);
      contact.modes[MODE_SMS] = g_strdup (contact.modes[MODE_MOBILE]);
      contact.modes[MODE_EMAIL] = g_strdup_printf ("%s.%s%u@example.com", first, last, i + 1);
      for (char *p = contact.modes[MODE_EMAIL]; *p != '\0'; p++)
        *p = g_ascii_tolower (*p);
      contact.name = g_strdup_printf ("%s %s", first, last);
      g_array_append_val (contacts, contact);
    }
}

static const char *
telephony_outcome_description (int id)
{
  for (guint i = 0; i < G_N_ELEMENTS (telephony_outcomes); i++)
    if (telephony_outcomes[i].id == id)
      return telephony_outcomes[i].description;
  g_assert_not_reached ();
}

static gboolean
seed_contacts (LcmSimDb  *self,
               GArray    *contacts,
               GRand     *rand,
               GError   **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < contacts->len; i++)
    {
      const SeedContact *contact = &g_array_index (contacts, SeedContact, i);

      if ((stmt = prepare (self, "INSERT INTO contacts (contact_id, account_number, name, "
                           "campaign_id, lead_score) VALUES (?, ?, ?, ?, ?)", error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, contact->contact_id);
      sqlite3_bind_text (stmt, 2, contact->account, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, contact->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, contact->campaign);
      sqlite3_bind_int (stmt, 5, g_rand_int_range (rand, 0, 101));
      if (!step_done (self, stmt, "seeding contacts", error))
        return FALSE;

      for (int mode = MODE_HOME; mode <= MODE_EMAIL; mode++)
        {
          if (contact->modes[mode] == NULL)
            continue;
          if ((stmt = prepare (self, "INSERT INTO callback_modes (contact_id, mode_id, "
                               "description, channel_type, cvalue, min_length, max_length) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, contact->contact_id);
          sqlite3_bind_int (stmt, 2, mode);
          sqlite3_bind_text (stmt, 3, mode_description (mode), -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 4, mode_channel (mode));
          sqlite3_bind_text (stmt, 5, contact->modes[mode], -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 6, mode == MODE_EMAIL ? 6 : 8);
          sqlite3_bind_int (stmt, 7, mode == MODE_EMAIL ? 254 : 15);
          if (!step_done (self, stmt, "seeding callback modes", error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
seed_calls (LcmSimDb   *self,
            GDateTime  *now,
            GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixed_calls); i++)
    {
      g_autoptr(GDateTime) started = g_date_time_add_minutes (now, -3 * ((int) i + 1));
      g_autofree char *started_text = format_timestamp (started);
      sqlite3_stmt *stmt;

      if ((stmt = prepare (self, "INSERT INTO calls (callid, contact_id, call_type, "
                           "campaign_id, mode_id, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                           error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, fixed_calls[i].callid, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, fixed_calls[i].contact);
      sqlite3_bind_text (stmt, 3, fixed_calls[i].type, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, fixed_calls[i].campaign);
      sqlite3_bind_int (stmt, 5, fixed_calls[i].mode);
      sqlite3_bind_text (stmt, 6, started_text, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, "seeding calls", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_personal_callbacks (LcmSimDb   *self,
                         GArray     *contacts,
                         GDateTime  *now,
                         GError    **error)
{
  static const struct
  {
    const char *user;
    int         contact;
    int         mode;
    int         day_offset;
    const char *start;
    const char *end;
  } callbacks[] = {
    { "testagent", 1, MODE_HOME, -2, "09:30", "10:00" },
    { "testagent", 2, MODE_MOBILE, 0, "11:00", "11:30" },
    { "testagent", 3, MODE_MOBILE, 1, "14:00", "14:30" },
    { "testagent", 4, MODE_HOME, 3, "16:15", "16:45" },
    { "testagent", 5, MODE_OFFICE, 7, "10:00", "12:00" },
    { "testagent", 1, MODE_MOBILE, 14, "09:00", "09:15" },
    { "agent1", 2, MODE_MOBILE, -1, "13:00", "13:30" },
    { "agent1", 3, MODE_MOBILE, 2, "15:00", "15:30" },
    { "agent1", 4, MODE_MOBILE, 5, "08:30", "09:00" },
    { "agent1", 5, MODE_MOBILE, 10, "17:00", "17:30" },
  };
  g_autofree char *created = format_timestamp (now);

  for (guint i = 0; i < G_N_ELEMENTS (callbacks); i++)
    {
      const SeedContact *contact = &g_array_index (contacts, SeedContact,
                                                   callbacks[i].contact - 1);
      g_autoptr(GDateTime) day = g_date_time_add_days (now, callbacks[i].day_offset);
      g_autofree char *date = g_date_time_format (day, "%d/%m/%Y");
      g_autofree char *day_text = g_date_time_format (day, "%Y-%m-%d");
      sqlite3_stmt *stmt;

      g_assert (contact->modes[callbacks[i].mode] != NULL);
      if ((stmt = prepare (self, "INSERT INTO personal_callbacks (user_id, campaign_id, "
                           "contact_id, account_number, mode_id, mode_description, cvalue, "
                           "start_date, end_date, start_time, end_time, start_day, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, callbacks[i].user, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, contact->campaign);
      sqlite3_bind_int64 (stmt, 3, contact->contact_id);
      sqlite3_bind_text (stmt, 4, contact->account, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, callbacks[i].mode);
      sqlite3_bind_text (stmt, 6, mode_description (callbacks[i].mode), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, contact->modes[callbacks[i].mode], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, callbacks[i].start, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, callbacks[i].end, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, day_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 13, created, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "seeding personal callbacks", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_journey (LcmSimDb   *self,
              GArray     *contacts,
              guint       rows,
              GRand      *rand,
              GDateTime  *now,
              GError    **error)
{
  g_autoptr(GDateTime) year_ago = g_date_time_add_months (now, -12);
  /* From a day inside the twelve months to a minute before now. */
  gint64 oldest = g_date_time_to_unix (year_ago) + 24 * 3600;
  gint64 span = g_date_time_to_unix (now) - 60 - oldest;
  guint demo_rows = rows - rows / 2;
  sqlite3_stmt *stmt;

  g_assert (span > 0 && span < G_MAXINT32);
  g_assert (contacts->len > 1);

  stmt = prepare (self, "INSERT INTO journey (contact_id, account_number, campaign_name, "
                  "mode_id, mode, outcome_id, outcome, agent_name, agent_comment, "
                  "completed_at, channel_type, target_value, contact_value, "
                  "previous_lead_score, current_lead_score, call_type) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < rows; i++)
    {
      const SeedContact *contact;
      int campaign, channel_pick, mode, outcome, previous, current;
      char target[32];

      if (i < demo_rows)
        contact = &g_array_index (contacts, SeedContact, 0);
      else
        contact = &g_array_index (contacts, SeedContact,
                                  1 + (i - demo_rows) % (contacts->len - 1));

      campaign = g_rand_int_range (rand, 0, 10) < 6
        ? contact->campaign
        : g_rand_int_range (rand, 1, G_N_ELEMENTS (campaigns) + 1);

      channel_pick = g_rand_int_range (rand, 0, 10);
      if (channel_pick < 6)
        {
          int voice[3];
          int n_voice = 0;

          for (int m = MODE_HOME; m <= MODE_MOBILE; m++)
            if (contact->modes[m] != NULL)
              voice[n_voice++] = m;
          g_assert (n_voice > 0);
          mode = voice[g_rand_int_range (rand, 0, n_voice)];
        }
      else if (channel_pick < 8)
        mode = MODE_SMS;
      else
        mode = MODE_EMAIL;

      if (g_rand_int_range (rand, 0, 10) < 7)
        outcome = common_outcomes[g_rand_int_range (rand, 0, G_N_ELEMENTS (common_outcomes))];
      else
        outcome = telephony_outcomes[g_rand_int_range (rand, 0,
                                                       G_N_ELEMENTS (telephony_outcomes))].id;

      if (outcome == 0)
        g_snprintf (target, sizeof target, "%d", 50 * g_rand_int_range (rand, 1, 101));
      else
        g_strlcpy (target, "0", sizeof target);
      previous = g_rand_int_range (rand, 0, 101);
      /* CLAMP evaluates its argument more than once: draw the change first. */
      current = previous + g_rand_int_range (rand, -20, 21);
      current = CLAMP (current, 0, 100);

      sqlite3_bind_int64 (stmt, 1, contact->contact_id);
      sqlite3_bind_text (stmt, 2, contact->account, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, campaigns[campaign - 1], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, mode);
      sqlite3_bind_text (stmt, 5, mode_description (mode), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, outcome);
      sqlite3_bind_text (stmt, 7, telephony_outcome_description (outcome), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, agents[g_rand_int_range (rand, 0, G_N_ELEMENTS (agents))],
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9,
                         comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (comments))],
                         -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, oldest + g_rand_int_range (rand, 0, (gint32) span));
      sqlite3_bind_int (stmt, 11, mode_channel (mode));
      sqlite3_bind_text (stmt, 12, target, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 13, contact->modes[mode], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 14, previous);
      sqlite3_bind_int (stmt, 15, current);
      sqlite3_bind_text (stmt, 16, g_rand_int_range (rand, 0, 10) < 7 ? "Outbound" : "Inbound",
                         -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return set_db_error (self, error, "seeding the journey");
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
set_meta (LcmSimDb    *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return step_done (self, stmt, "writing meta data", error);
}

static char *
get_meta (LcmSimDb   *self,
          const char *key)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* queries */

static gboolean
query_exists (LcmSimDb   *self,
              const char *sql,
              const char *text,
              gint64      number)
{
  sqlite3_stmt *stmt = prepare (self, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  sqlite3_bind_int64 (stmt, 2, number);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static char *
dup_description (LcmSimDb   *self,
                 const char *sql,
                 gint64      id)
{
  sqlite3_stmt *stmt = prepare (self, sql, NULL);
  char *description = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    description = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return description;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int_as_string_member (JsonBuilder *builder,
                          const char  *name,
                          gint64       value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  add_string_member (builder, name, text);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* Runs a query and turns each row into an object with fill(). */
static JsonNode *
list_rows (LcmSimDb      *self,
           sqlite3_stmt  *stmt,
           void         (*fill) (JsonBuilder  *builder,
                                 sqlite3_stmt *stmt,
                                 guint         index,
                                 gpointer      user_data),
           gpointer       user_data,
           GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint index = 0;
  int rc;

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      fill (builder, stmt, index++, user_data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, "reading rows");
      return NULL;
    }
  return json_builder_get_root (builder);
}

static void
fill_telephony_outcome (JsonBuilder  *builder,
                        sqlite3_stmt *stmt,
                        guint         index,
                        gpointer      user_data)
{
  add_int_as_string_member (builder, "OutComeID", sqlite3_column_int64 (stmt, 0));
  add_string_member (builder, "Description", column_text (stmt, 1));
}

static void
fill_business_outcome (JsonBuilder  *builder,
                       sqlite3_stmt *stmt,
                       guint         index,
                       gpointer      user_data)
{
  add_int_as_string_member (builder, "CampaignID", sqlite3_column_int64 (stmt, 0));
  add_int_as_string_member (builder, "OutComeID", sqlite3_column_int64 (stmt, 1));
  add_int_as_string_member (builder, "LeadScore", sqlite3_column_int64 (stmt, 2));
  add_int_as_string_member (builder, "ParentID", sqlite3_column_int64 (stmt, 3));
  add_string_member (builder, "Description", column_text (stmt, 4));
}

static void
fill_callback_mode (JsonBuilder  *builder,
                    sqlite3_stmt *stmt,
                    guint         index,
                    gpointer      user_data)
{
  add_int_member (builder, "ModeID", sqlite3_column_int64 (stmt, 0));
  add_string_member (builder, "Description", column_text (stmt, 1));
  add_int_member (builder, "ChannelType", sqlite3_column_int64 (stmt, 2));
  add_string_member (builder, "Cvalue", column_text (stmt, 3));
  add_int_member (builder, "MinLength", sqlite3_column_int64 (stmt, 4));
  add_int_member (builder, "MaxLength", sqlite3_column_int64 (stmt, 5));
}

static void
fill_personal_callback (JsonBuilder  *builder,
                        sqlite3_stmt *stmt,
                        guint         index,
                        gpointer      user_data)
{
  guint first = GPOINTER_TO_UINT (user_data);

  add_int_member (builder, "RowNumber", (gint64) first + index);
  add_int_as_string_member (builder, "CampaignID", sqlite3_column_int64 (stmt, 0));
  add_int_as_string_member (builder, "ContactID", sqlite3_column_int64 (stmt, 1));
  add_int_member (builder, "ModeID", sqlite3_column_int64 (stmt, 2));
  add_string_member (builder, "ModeDescription", column_text (stmt, 3));
  add_string_member (builder, "CValue", column_text (stmt, 4));
  add_string_member (builder, "CallStartDate", column_text (stmt, 5));
  add_string_member (builder, "CallEndDate", column_text (stmt, 6));
  add_string_member (builder, "CallStartTime", column_text (stmt, 7));
  add_string_member (builder, "CallEndTime", column_text (stmt, 8));
}

/* zone is the local zone, looked up once per answer: g_date_time_new_from_unix_local() looks
 * at /etc/localtime again for every row. */
static void
append_journey_row (GString      *out,
                    sqlite3_stmt *stmt,
                    GTimeZone    *zone)
{
  gint64 unix_time = sqlite3_column_int64 (stmt, 8);
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_time);
  /* The wall-clock time of the zone, read through a UTC date-time. */
  g_autoptr(GDateTime) completed = NULL;
  g_autofree char *completed_text = NULL;
  char number[32];
  int hour;

  if (interval >= 0)
    unix_time += g_time_zone_get_offset (zone, interval);
  completed = g_date_time_new_from_unix_utc (unix_time);
  if (completed == NULL)
    completed = g_date_time_new_from_unix_utc (0);
  completed_text = lcm_format_completed_time (completed);

  g_string_append_c (out, '{');
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              (gint64) sqlite3_column_int64 (stmt, 0));
  append_member_string (out, "ContactID", number, TRUE);
  append_member_string (out, "CampaignName", column_text (stmt, 1), FALSE);
  append_member_int (out, "ModeID", sqlite3_column_int64 (stmt, 2));
  append_member_string (out, "Mode", column_text (stmt, 3), FALSE);
  append_member_int (out, "OutcomeId", sqlite3_column_int64 (stmt, 4));
  append_member_string (out, "Outcome", column_text (stmt, 5), FALSE);
  append_member_string (out, "AgentName", column_text (stmt, 6), FALSE);
  append_member_string (out, "AgentComment", column_text (stmt, 7), FALSE);
  append_member_string (out, "CallCompletedTime",
                        completed_text != NULL ? completed_text : "", FALSE);
  g_snprintf (number, sizeof number, "%d", g_date_time_get_day_of_month (completed));
  append_member_string (out, "CallCompletedDate", number, FALSE);
  append_member_string (out, "CallCompletedMonth",
                        month_names[g_date_time_get_month (completed) - 1], FALSE);
  g_snprintf (number, sizeof number, "%d", g_date_time_get_year (completed));
  append_member_string (out, "CallCompletedYear", number, FALSE);
  append_member_int (out, "ChannelType", sqlite3_column_int64 (stmt, 9));
  append_member_string (out, "TargetValue", column_text (stmt, 10), FALSE);
  append_member_string (out, "ContactValue", column_text (stmt, 11), FALSE);
  hour = g_date_time_get_hour (completed);
  g_snprintf (number, sizeof number, "%02d:%02d %s", hour % 12 == 0 ? 12 : hour % 12,
              g_date_time_get_minute (completed), hour < 12 ? "AM" : "PM");
  append_member_string (out, "CallCompletedTimeFormat", number, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              (gint64) sqlite3_column_int64 (stmt, 12));
  append_member_string (out, "PreviousLeadScore", number, FALSE);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT,
              (gint64) sqlite3_column_int64 (stmt, 13));
  append_member_string (out, "CurrentLeadScore", number, FALSE);
  append_member_string (out, "CallType", column_text (stmt, 14), FALSE);
  g_string_append_c (out, '}');
}

static gboolean
record_disposition_locked (LcmSimDb                *self,
                           const LcmSimDisposition *d,
                           const LcmSimCall        *call,
                           GDateTime               *now,
                           GError                 **error)
{
  g_autofree char *received = format_timestamp (now);
  g_autofree char *outcome = NULL;
  g_autofree char *target = format_amount (d->target_amount);
  gint64 outcome_id, previous_lead_score = 0, disposition_id;
  sqlite3_stmt *stmt;

  if ((stmt = prepare (self, "SELECT lead_score FROM contacts WHERE contact_id = ?",
                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, call->contact_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    previous_lead_score = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if ((stmt = prepare (self, "INSERT INTO dispositions (received_at, connection_id, subtopic, "
                       "callid, account_number, telephony_outcome, business_outcome, comments, "
                       "lead_score, target_amount, user_id, callback_start_date, "
                       "callback_end_date, callback_start_time, callback_end_time, "
                       "callback_mode, data) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, received, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, d->connection_id);
  sqlite3_bind_text (stmt, 3, d->subtopic, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, d->callid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, d->account_number, -1, SQLITE_STATIC);
  bind_int_or_null (stmt, 6, d->telephony_outcome);
  bind_int_or_null (stmt, 7, d->business_outcome);
  sqlite3_bind_text (stmt, 8, d->comments != NULL ? d->comments : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, d->lead_score);
  sqlite3_bind_double (stmt, 10, d->target_amount);
  sqlite3_bind_text (stmt, 11, d->user_id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 12, d->callback_start_date);
  bind_text_or_null (stmt, 13, d->callback_end_date);
  bind_text_or_null (stmt, 14, d->callback_start_time);
  bind_text_or_null (stmt, 15, d->callback_end_time);
  bind_int_or_null (stmt, 16, d->callback_mode);
  sqlite3_bind_text (stmt, 17, d->data_json != NULL ? d->data_json : "{}", -1, SQLITE_STATIC);
  if (!step_done (self, stmt, "storing a disposition", error))
    return FALSE;
  disposition_id = sqlite3_last_insert_rowid (self->db);

  if (d->callback_mode != LCM_SIM_NONE)
    {
      g_autofree char *start_day = day_key (d->callback_start_date);

      if ((stmt = prepare (self, "INSERT INTO personal_callbacks (user_id, campaign_id, "
                           "contact_id, account_number, mode_id, mode_description, cvalue, "
                           "start_date, end_date, start_time, end_time, start_day, "
                           "business_outcome, callid, disposition_id, created_at) "
                           "SELECT ?1, ?2, ?3, ?4, m.mode_id, m.description, m.cvalue, ?5, ?6, "
                           "?7, ?8, ?9, ?10, ?11, ?12, ?13 FROM callback_modes m "
                           "WHERE m.contact_id = ?3 AND m.mode_id = ?14", error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, d->user_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, call->campaign_id);
      sqlite3_bind_int64 (stmt, 3, call->contact_id);
      sqlite3_bind_text (stmt, 4, call->account_number, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 5, d->callback_start_date);
      bind_text_or_null (stmt, 6, d->callback_end_date);
      bind_text_or_null (stmt, 7, d->callback_start_time);
      bind_text_or_null (stmt, 8, d->callback_end_time);
      sqlite3_bind_text (stmt, 9, start_day, -1, SQLITE_STATIC);
      bind_int_or_null (stmt, 10, d->business_outcome);
      sqlite3_bind_text (stmt, 11, d->callid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 12, disposition_id);
      sqlite3_bind_text (stmt, 13, received, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 14, d->callback_mode);
      if (!step_done (self, stmt, "storing a personal callback", error))
        return FALSE;
      if (sqlite3_changes (self->db) != 1)
        {
          g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                       _("Callback mode %" PRId64 " is not one of the contact’s"),
                       d->callback_mode);
          return FALSE;
        }
    }

  if (d->business_outcome != LCM_SIM_NONE)
    {
      outcome_id = d->business_outcome;
      outcome = lcm_sim_db_dup_business_outcome (self, outcome_id);
    }
  else
    {
      outcome_id = d->telephony_outcome;
      outcome = lcm_sim_db_dup_telephony_outcome (self, outcome_id);
    }
  if (outcome == NULL)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("Outcome %" PRId64 " is unknown"), outcome_id);
      return FALSE;
    }

  if ((stmt = prepare (self, "INSERT INTO journey (contact_id, account_number, campaign_name, "
                       "mode_id, mode, outcome_id, outcome, agent_name, agent_comment, "
                       "completed_at, channel_type, target_value, contact_value, "
                       "previous_lead_score, current_lead_score, call_type) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, call->contact_id);
  sqlite3_bind_text (stmt, 2, call->account_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, call->campaign_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, call->mode_id);
  sqlite3_bind_text (stmt, 5, call->mode, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, outcome_id);
  sqlite3_bind_text (stmt, 7, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, d->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, d->comments != NULL ? d->comments : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, g_date_time_to_unix (now));
  sqlite3_bind_int (stmt, 11, LCM_CHANNEL_VOICE);
  sqlite3_bind_text (stmt, 12, target, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, call->contact_value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 14, previous_lead_score);
  sqlite3_bind_int64 (stmt, 15, d->lead_score);
  sqlite3_bind_text (stmt, 16, g_strcmp0 (call->call_type, "INBOUND") == 0
                     ? "Inbound" : "Outbound", -1, SQLITE_STATIC);
  if (!step_done (self, stmt, "adding to the journey", error))
    return FALSE;

  if ((stmt = prepare (self, "UPDATE contacts SET lead_score = ? WHERE contact_id = ?",
                       error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->lead_score);
  sqlite3_bind_int64 (stmt, 2, call->contact_id);
  return step_done (self, stmt, "updating the lead score", error);
}

/* GObject */

static void
lcm_sim_db_finalize (GObject *object)
{
  LcmSimDb *self = LCM_SIM_DB (object);

  /* Closing the last connection checkpoints the WAL into the database file. */
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (lcm_sim_db_parent_class)->finalize (object);
}

static void
lcm_sim_db_class_init (LcmSimDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lcm_sim_db_finalize;
}

static void
lcm_sim_db_init (LcmSimDb *self)
{
}

/* public API */

void
lcm_sim_call_free (LcmSimCall *call)
{
  if (call == NULL)
    return;
  g_free (call->callid);
  g_free (call->account_number);
  g_free (call->call_type);
  g_free (call->campaign_name);
  g_free (call->mode);
  g_free (call->contact_value);
  g_free (call);
}

LcmSimDb *
lcm_sim_db_open (const char  *path,
                 GError     **error)
{
  g_autoptr(LcmSimDb) self = g_object_new (LCM_SIM_TYPE_DB, NULL);
  g_autofree char *version = NULL;
  int rc;

  self->path = g_strdup (path != NULL ? path : ":memory:");
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("Cannot open the database “%s”: %s"), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  if (path != NULL && !exec (self, "PRAGMA journal_mode = WAL", error))
    return NULL;
  if (!exec (self, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", error) ||
      !exec (self, schema_sql, error))
    return NULL;

  version = get_meta (self, "schema_version");
  if (version != NULL && g_strcmp0 (version, SCHEMA_VERSION) != 0)
    {
      g_set_error (error, LCM_SIM_DB_ERROR, LCM_SIM_DB_ERROR_FAILED,
                   _("The database “%s” has schema version %s; this simulator needs %s"),
                   self->path, version, SCHEMA_VERSION);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
lcm_sim_db_is_seeded (LcmSimDb *self)
{
  g_autofree char *seeded = NULL;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);

  seeded = get_meta (self, "seeded_at");
  return seeded != NULL;
}

gboolean
lcm_sim_db_ensure_seeded (LcmSimDb   *self,
                          guint       journey_rows,
                          GRand      *rand,
                          GDateTime  *now,
                          GError    **error)
{
  g_autoptr(GArray) contacts = NULL;
  g_autofree char *seeded_at = NULL;
  g_autofree char *rows_text = NULL;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (rand != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (journey_rows <= LCM_SIM_MAX_JOURNEY_ROWS, FALSE);

  if (lcm_sim_db_is_seeded (self))
    return TRUE;

  contacts = g_array_new (FALSE, TRUE, sizeof (SeedContact));
  g_array_set_clear_func (contacts, (GDestroyNotify) seed_contact_clear);
  make_contacts (rand, contacts);

  seeded_at = format_timestamp (now);
  rows_text = g_strdup_printf ("%u", journey_rows);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!seed_reference_data (self, error) ||
      !seed_contacts (self, contacts, rand, error) ||
      !seed_calls (self, now, error) ||
      !seed_personal_callbacks (self, contacts, now, error) ||
      !seed_journey (self, contacts, journey_rows, rand, now, error) ||
      !set_meta (self, "schema_version", SCHEMA_VERSION, error) ||
      !set_meta (self, "journey_rows", rows_text, error) ||
      !set_meta (self, "seeded_at", seeded_at, error) ||
      !exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
lcm_sim_db_log_frame (LcmSimDb    *self,
                      gint64       connection_id,
                      const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *received = format_timestamp (now);
  g_autoptr(GString) cut = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (length <= G_MAXINT, FALSE);

  if (length > LCM_SIM_WIRE_LOG_MAX_TEXT)
    {
      gsize keep = LCM_SIM_WIRE_LOG_MAX_TEXT;

      /* Not inside a character: back to the start of the one that would be cut. */
      while (keep > 0 && ((guchar) text[keep] & 0xc0) == 0x80)
        keep--;
      cut = g_string_new_len (text, (gssize) keep);
      g_string_append_printf (cut, " [… cut: %" G_GSIZE_FORMAT " bytes in all]", length);
      text = cut->str;
      length = cut->len;
    }

  stmt = prepare (self, "INSERT INTO wire_log (received_at, connection_id, text) "
                  "VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, received, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, connection_id);
  sqlite3_bind_text (stmt, 3, text != NULL ? text : "", (int) length, SQLITE_STATIC);
  return step_done (self, stmt, "logging a frame", error);
}

LcmSimCall *
lcm_sim_db_lookup_call (LcmSimDb   *self,
                        const char *callid)
{
  sqlite3_stmt *stmt;
  LcmSimCall *call = NULL;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (callid != NULL, NULL);

  stmt = prepare (self, "SELECT c.callid, c.contact_id, k.account_number, c.call_type, "
                  "c.campaign_id, p.name, c.mode_id, m.description, m.cvalue "
                  "FROM calls c JOIN contacts k ON k.contact_id = c.contact_id "
                  "JOIN campaigns p ON p.campaign_id = c.campaign_id "
                  "LEFT JOIN callback_modes m ON m.contact_id = c.contact_id "
                  "AND m.mode_id = c.mode_id WHERE c.callid = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, callid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      call = g_new0 (LcmSimCall, 1);
      call->callid = g_strdup (column_text (stmt, 0));
      call->contact_id = sqlite3_column_int64 (stmt, 1);
      call->account_number = g_strdup (column_text (stmt, 2));
      call->call_type = g_strdup (column_text (stmt, 3));
      call->campaign_id = sqlite3_column_int64 (stmt, 4);
      call->campaign_name = g_strdup (column_text (stmt, 5));
      call->mode_id = sqlite3_column_int64 (stmt, 6);
      call->mode = g_strdup (column_text (stmt, 7));
      call->contact_value = g_strdup (column_text (stmt, 8));
    }
  sqlite3_finalize (stmt);
  return call;
}

gboolean
lcm_sim_db_has_account (LcmSimDb   *self,
                        const char *account_number)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (account_number != NULL, FALSE);

  return query_exists (self, "SELECT 1 FROM contacts WHERE account_number = ?1",
                       account_number, 0);
}

gboolean
lcm_sim_db_has_callback_mode (LcmSimDb   *self,
                              const char *account_number,
                              gint64      mode_id)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (account_number != NULL, FALSE);

  return query_exists (self, "SELECT 1 FROM callback_modes m JOIN contacts c "
                       "ON c.contact_id = m.contact_id "
                       "WHERE c.account_number = ?1 AND m.mode_id = ?2",
                       account_number, mode_id);
}

char *
lcm_sim_db_dup_telephony_outcome (LcmSimDb *self,
                                  gint64    outcome_id)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);

  return dup_description (self, "SELECT description FROM telephony_outcomes "
                          "WHERE outcome_id = ?", outcome_id);
}

char *
lcm_sim_db_dup_business_outcome (LcmSimDb *self,
                                 gint64    outcome_id)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);

  return dup_description (self, "SELECT description FROM business_outcomes "
                          "WHERE outcome_id = ?", outcome_id);
}

JsonNode *
lcm_sim_db_list_telephony_outcomes (LcmSimDb  *self,
                                    GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);

  stmt = prepare (self, "SELECT outcome_id, description FROM telephony_outcomes "
                  "ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  return list_rows (self, stmt, fill_telephony_outcome, NULL, error);
}

JsonNode *
lcm_sim_db_list_business_outcomes (LcmSimDb    *self,
                                   const char  *outcome_group,
                                   gint64       campaign_id,
                                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (outcome_group != NULL, NULL);

  stmt = prepare (self, "SELECT campaign_id, outcome_id, lead_score, parent_id, description "
                  "FROM business_outcomes WHERE outcome_group = ? AND (? = 0 OR campaign_id = ?) "
                  "ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, outcome_group, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, campaign_id);
  sqlite3_bind_int64 (stmt, 3, campaign_id);
  return list_rows (self, stmt, fill_business_outcome, NULL, error);
}

JsonNode *
lcm_sim_db_list_callback_modes (LcmSimDb    *self,
                                const char  *account_number,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (account_number != NULL, NULL);

  stmt = prepare (self, "SELECT m.mode_id, m.description, m.channel_type, m.cvalue, "
                  "m.min_length, m.max_length FROM callback_modes m "
                  "JOIN contacts c ON c.contact_id = m.contact_id "
                  "WHERE c.account_number = ? ORDER BY m.mode_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, account_number, -1, SQLITE_TRANSIENT);
  return list_rows (self, stmt, fill_callback_mode, NULL, error);
}

JsonNode *
lcm_sim_db_list_personal_callbacks (LcmSimDb    *self,
                                    const char  *user_id,
                                    const char  *from_day,
                                    const char  *to_day,
                                    guint        first,
                                    guint        count,
                                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);
  g_return_val_if_fail (first >= 1, NULL);

  stmt = prepare (self, "SELECT campaign_id, contact_id, mode_id, mode_description, cvalue, "
                  "start_date, end_date, start_time, end_time FROM personal_callbacks "
                  "WHERE user_id = ?1 AND (?2 IS NULL OR start_day >= ?2) "
                  "AND (?3 IS NULL OR start_day <= ?3) "
                  "ORDER BY start_day, start_time, id LIMIT ?4 OFFSET ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 2, from_day);
  bind_text_or_null (stmt, 3, to_day);
  sqlite3_bind_int64 (stmt, 4, count);
  sqlite3_bind_int64 (stmt, 5, (gint64) first - 1);
  return list_rows (self, stmt, fill_personal_callback, GUINT_TO_POINTER (first), error);
}

gboolean
lcm_sim_db_write_journey (LcmSimDb                  *self,
                          const LcmSimJourneyFilter *filter,
                          GString                   *out,
                          guint                     *n_rows,
                          GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT contact_id, campaign_name, mode_id, mode, "
                                         "outcome_id, outcome, agent_name, agent_comment, "
                                         "completed_at, channel_type, target_value, "
                                         "contact_value, previous_lead_score, "
                                         "current_lead_score, call_type FROM journey "
                                         "WHERE completed_at >= ?1");
  g_autoptr(GTimeZone) zone = NULL;
  sqlite3_stmt *stmt;
  guint count = 0;
  int rc;

  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (filter->account_number != NULL)
    g_string_append (sql, " AND account_number = ?2");
  if (filter->contact_number != NULL)
    g_string_append (sql, " AND contact_value = ?3");
  if (filter->campaign_name != NULL)
    g_string_append (sql, " AND campaign_name = ?4");
  if (filter->channel != LCM_CHANNEL_ALL)
    g_string_append (sql, " AND channel_type = ?5");
  g_string_append (sql, " ORDER BY completed_at DESC, id DESC");

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, filter->since_unix);
  if (filter->account_number != NULL)
    sqlite3_bind_text (stmt, 2, filter->account_number, -1, SQLITE_TRANSIENT);
  if (filter->contact_number != NULL)
    sqlite3_bind_text (stmt, 3, filter->contact_number, -1, SQLITE_TRANSIENT);
  if (filter->campaign_name != NULL)
    sqlite3_bind_text (stmt, 4, filter->campaign_name, -1, SQLITE_TRANSIENT);
  if (filter->channel != LCM_CHANNEL_ALL)
    sqlite3_bind_int64 (stmt, 5, filter->channel);

  zone = g_time_zone_new_local ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (count++ > 0)
        g_string_append_c (out, ',');
      append_journey_row (out, stmt, zone);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, "reading the journey");
  if (n_rows != NULL)
    *n_rows = count;
  return TRUE;
}

gboolean
lcm_sim_db_record_disposition (LcmSimDb                *self,
                               const LcmSimDisposition *disposition,
                               const LcmSimCall        *call,
                               GDateTime               *now,
                               GError                 **error)
{
  g_return_val_if_fail (LCM_SIM_IS_DB (self), FALSE);
  g_return_val_if_fail (disposition != NULL, FALSE);
  g_return_val_if_fail (disposition->subtopic != NULL, FALSE);
  g_return_val_if_fail (disposition->callid != NULL, FALSE);
  g_return_val_if_fail (disposition->account_number != NULL, FALSE);
  g_return_val_if_fail (disposition->user_id != NULL, FALSE);
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!record_disposition_locked (self, disposition, call, now, error) ||
      !exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}
