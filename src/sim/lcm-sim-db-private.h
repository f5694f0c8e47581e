/* lcm-sim-db-private.h: what the parts of LcmSimDb share
 *
 * LcmSimDb is one class in four files (HACKING.md): lcm-sim-db.c (the schema, opening,
 * the wire log, and the statement helpers the others use), lcm-sim-db-seed.c (the seeded
 * demo data: the vendor's samples and a random but realistic history),
 * lcm-sim-db-queries.c (what the handlers ask: calls, outcomes, modes, callbacks, the
 * journey, and recording a disposition) and lcm-sim-db-json.c (rows as the JSON the
 * gateway answers with).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "lcm-sim-db.h"
#include "lcm-values.h"

G_BEGIN_DECLS

#define SCHEMA_VERSION "1"

struct _LcmSimDb
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
};

/* The callback modes of the seeded contacts, by id. */
enum
{
  MODE_HOME = 1,
  MODE_OFFICE = 2,
  MODE_MOBILE = 3,
  MODE_SMS = 4,
  MODE_EMAIL = 5,
};

typedef struct
{
  gint64 contact_id;
  char  *account;
  char  *name;
  int    campaign;
  /* cvalue per mode id, NULL where the contact has no such mode */
  char  *modes[MODE_EMAIL + 1];
} SeedContact;

/* lcm-sim-db.c */

gboolean
lcm_sim_db_set_db_error (LcmSimDb    *self,
                         GError     **error,
                         const char  *what);

sqlite3_stmt *
lcm_sim_db_prepare (LcmSimDb    *self,
                    const char  *sql,
                    GError     **error);

gboolean
lcm_sim_db_exec (LcmSimDb    *self,
                 const char  *sql,
                 GError     **error);

gboolean
lcm_sim_db_step_done (LcmSimDb      *self,
                      sqlite3_stmt  *stmt,
                      const char    *what,
                      GError       **error);

void
lcm_sim_db_bind_text_or_null (sqlite3_stmt *stmt,
                              int           index,
                              const char   *text);

void
lcm_sim_db_bind_int_or_null (sqlite3_stmt *stmt,
                             int           index,
                             gint64        value);

const char *
lcm_sim_db_column_text (sqlite3_stmt *stmt,
                        int           column);

char *
lcm_sim_db_format_timestamp (GDateTime *time);

char *
lcm_sim_db_format_amount (double amount);

char *
lcm_sim_db_day_key (const char *date);

/* lcm-sim-db-seed.c */

void
lcm_sim_db_seed_contact_clear (SeedContact *contact);

const char *
lcm_sim_db_mode_description (int mode);

gboolean
lcm_sim_db_seed_reference_data (LcmSimDb  *self,
                                GError   **error);

void
lcm_sim_db_make_contacts (GRand  *rand,
                          GArray *contacts);

gboolean
lcm_sim_db_seed_contacts (LcmSimDb  *self,
                          GArray    *contacts,
                          GRand     *rand,
                          GError   **error);

gboolean
lcm_sim_db_seed_calls (LcmSimDb   *self,
                       GDateTime  *now,
                       GError    **error);

gboolean
lcm_sim_db_seed_personal_callbacks (LcmSimDb   *self,
                                    GArray     *contacts,
                                    GDateTime  *now,
                                    GError    **error);

gboolean
lcm_sim_db_seed_journey (LcmSimDb   *self,
                         GArray     *contacts,
                         guint       rows,
                         GRand      *rand,
                         GDateTime  *now,
                         GError    **error);

/* lcm-sim-db-queries.c */



/* lcm-sim-db-json.c */

JsonNode *
lcm_sim_db_list_rows (LcmSimDb      *self,
                      sqlite3_stmt  *stmt,
                      void         (*fill) (JsonBuilder  *builder,
                                            sqlite3_stmt *stmt,
                                            guint         index,
                                            gpointer      user_data),
                      gpointer       user_data,
                      GError       **error);

void
lcm_sim_db_fill_telephony_outcome (JsonBuilder  *builder,
                                   sqlite3_stmt *stmt,
                                   guint         index,
                                   gpointer      user_data);

void
lcm_sim_db_fill_business_outcome (JsonBuilder  *builder,
                                  sqlite3_stmt *stmt,
                                  guint         index,
                                  gpointer      user_data);

void
lcm_sim_db_fill_callback_mode (JsonBuilder  *builder,
                               sqlite3_stmt *stmt,
                               guint         index,
                               gpointer      user_data);

void
lcm_sim_db_fill_personal_callback (JsonBuilder  *builder,
                                   sqlite3_stmt *stmt,
                                   guint         index,
                                   gpointer      user_data);

void
lcm_sim_db_append_journey_row (GString      *out,
                               sqlite3_stmt *stmt,
                               GTimeZone    *zone);

G_END_DECLS
