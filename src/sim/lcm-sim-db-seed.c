/* lcm-sim-db-seed.c: the simulator's demo data
 *
 * The vendor's sample contacts, calls and outcomes with their fixed numbers, then a random
 * but realistic history (GRand, so a seed gives the same data): the tests and the demo
 * stand on these.
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
#include "lcm-sim-db-private.h"

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

void
lcm_sim_db_seed_contact_clear (SeedContact *contact)
{
  g_free (contact->account);
  g_free (contact->name);
  for (guint i = 0; i < G_N_ELEMENTS (contact->modes); i++)
    g_free (contact->modes[i]);
}

const char *
lcm_sim_db_mode_description (int mode)
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

gboolean
lcm_sim_db_seed_reference_data (LcmSimDb  *self,
                                GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 next_id = FIRST_BUSINESS_OUTCOME;

  for (guint i = 0; i < G_N_ELEMENTS (campaigns); i++)
    {
      if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO campaigns (campaign_id, name) VALUES (?, "
                                            "?)",
                                      error)) == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) i + 1);
      sqlite3_bind_text (stmt, 2, campaigns[i], -1, SQLITE_STATIC);
      if (!lcm_sim_db_step_done (self, stmt, "seeding campaigns", error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (telephony_outcomes); i++)
    {
      if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO telephony_outcomes (outcome_id, "
                                            "description, position) VALUES (?, ?, ?)",
                                            error)) == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, telephony_outcomes[i].id);
      sqlite3_bind_text (stmt, 2, telephony_outcomes[i].description, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!lcm_sim_db_step_done (self, stmt, "seeding telephony outcomes", error))
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
            if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO business_outcomes (outcome_id, "
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
            if (!lcm_sim_db_step_done (self, stmt, "seeding business outcomes", error))
              return FALSE;
          }
      }
  return TRUE;
}

void
lcm_sim_db_make_contacts (GRand  *rand,
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

gboolean
lcm_sim_db_seed_contacts (LcmSimDb  *self,
                          GArray    *contacts,
                          GRand     *rand,
                          GError   **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < contacts->len; i++)
    {
      const SeedContact *contact = &g_array_index (contacts, SeedContact, i);

      if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO contacts (contact_id, account_number, "
                                            "name, campaign_id, lead_score) VALUES (?, ?, ?, ?, ?)",
                                            error)) == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, contact->contact_id);
      sqlite3_bind_text (stmt, 2, contact->account, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, contact->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, contact->campaign);
      sqlite3_bind_int (stmt, 5, g_rand_int_range (rand, 0, 101));
      if (!lcm_sim_db_step_done (self, stmt, "seeding contacts", error))
        return FALSE;

      for (int mode = MODE_HOME; mode <= MODE_EMAIL; mode++)
        {
          if (contact->modes[mode] == NULL)
            continue;
          if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO callback_modes (contact_id, mode_id, "
                                                "description, channel_type, cvalue, min_length, "
                                                "max_length) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                                error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, contact->contact_id);
          sqlite3_bind_int (stmt, 2, mode);
          sqlite3_bind_text (stmt, 3, lcm_sim_db_mode_description (mode), -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 4, mode_channel (mode));
          sqlite3_bind_text (stmt, 5, contact->modes[mode], -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 6, mode == MODE_EMAIL ? 6 : 8);
          sqlite3_bind_int (stmt, 7, mode == MODE_EMAIL ? 254 : 15);
          if (!lcm_sim_db_step_done (self, stmt, "seeding callback modes", error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
lcm_sim_db_seed_calls (LcmSimDb   *self,
                       GDateTime  *now,
                       GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixed_calls); i++)
    {
      g_autoptr(GDateTime) started = g_date_time_add_minutes (now, -3 * ((int) i + 1));
      g_autofree char *started_text = lcm_sim_db_format_timestamp (started);
      sqlite3_stmt *stmt;

      if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO calls (callid, contact_id, call_type, "
                                      "campaign_id, mode_id, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                                      error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, fixed_calls[i].callid, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, fixed_calls[i].contact);
      sqlite3_bind_text (stmt, 3, fixed_calls[i].type, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, fixed_calls[i].campaign);
      sqlite3_bind_int (stmt, 5, fixed_calls[i].mode);
      sqlite3_bind_text (stmt, 6, started_text, -1, SQLITE_TRANSIENT);
      if (!lcm_sim_db_step_done (self, stmt, "seeding calls", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
lcm_sim_db_seed_personal_callbacks (LcmSimDb   *self,
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
  g_autofree char *created = lcm_sim_db_format_timestamp (now);

  for (guint i = 0; i < G_N_ELEMENTS (callbacks); i++)
    {
      const SeedContact *contact = &g_array_index (contacts, SeedContact,
                                                   callbacks[i].contact - 1);
      g_autoptr(GDateTime) day = g_date_time_add_days (now, callbacks[i].day_offset);
      g_autofree char *date = g_date_time_format (day, "%d/%m/%Y");
      g_autofree char *day_text = g_date_time_format (day, "%Y-%m-%d");
      sqlite3_stmt *stmt;

      g_assert (contact->modes[callbacks[i].mode] != NULL);
      if ((stmt = lcm_sim_db_prepare (self, "INSERT INTO personal_callbacks (user_id, campaign_id, "
                                            "contact_id, account_number, mode_id, "
                                            "mode_description, cvalue, start_date, end_date, "
                                            "start_time, end_time, start_day, created_at) VALUES "
                                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                            error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, callbacks[i].user, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, contact->campaign);
      sqlite3_bind_int64 (stmt, 3, contact->contact_id);
      sqlite3_bind_text (stmt, 4, contact->account, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, callbacks[i].mode);
      sqlite3_bind_text (stmt, 6, lcm_sim_db_mode_description (callbacks[i].mode), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, contact->modes[callbacks[i].mode], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, callbacks[i].start, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, callbacks[i].end, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, day_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 13, created, -1, SQLITE_STATIC);
      if (!lcm_sim_db_step_done (self, stmt, "seeding personal callbacks", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
lcm_sim_db_seed_journey (LcmSimDb   *self,
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

  stmt = lcm_sim_db_prepare (self, "INSERT INTO journey (contact_id, account_number, "
                                   "campaign_name, mode_id, mode, outcome_id, outcome, agent_name, "
                                   "agent_comment, completed_at, channel_type, target_value, "
                                   "contact_value, previous_lead_score, current_lead_score, "
                                   "call_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                   "?, ?)", error);
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
      sqlite3_bind_text (stmt, 5, lcm_sim_db_mode_description (mode), -1, SQLITE_STATIC);
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
          return lcm_sim_db_set_db_error (self, error, "seeding the journey");
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}
