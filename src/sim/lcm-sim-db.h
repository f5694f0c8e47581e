/* lcm-sim-db.h: the simulator's SQLite state: schema, seeding, queries
 *
 * The tables are described in docs/simulator.md; the tests read them directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An outcome, mode or bound that a request did not set. */
#define LCM_SIM_NONE (-1)

/* Rows of the generated journey history when --journey-rows is not given. */
#define LCM_SIM_DEFAULT_JOURNEY_ROWS 2000
#define LCM_SIM_MAX_JOURNEY_ROWS     5000000

/* The LCM key that owns at least half of the generated journey. */
#define LCM_SIM_DEMO_ACCOUNT "5|3|1|0|0|44|1"

#define LCM_SIM_DB_ERROR (lcm_sim_db_error_quark ())

typedef enum
{
  LCM_SIM_DB_ERROR_FAILED,   /* SQLite refused; the message says why */
} LcmSimDbError;

/* An active call, with the contact and campaign it belongs to. */
typedef struct
{
  char   *callid;
  gint64  contact_id;
  char   *account_number;
  char   *call_type;      /* MANUAL, INBOUND or OUTBOUND */
  gint64  campaign_id;
  char   *campaign_name;
  gint64  mode_id;        /* the callback mode the call was placed on */
  char   *mode;
  char   *contact_value;  /* the number dialled */
} LcmSimCall;

void lcm_sim_call_free (LcmSimCall *call);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LcmSimCall, lcm_sim_call_free)

/* Which journey rows to return. NULL strings do not filter. */
typedef struct
{
  const char *account_number;
  const char *contact_number;
  const char *campaign_name;
  gint64      channel;        /* -1: every channel */
  gint64      since_unix;     /* completed at or after */
} LcmSimJourneyFilter;

/* One accepted write. Strings may be NULL where the write has no such field. */
typedef struct
{
  gint64      connection_id;
  const char *subtopic;
  const char *callid;
  const char *account_number;
  gint64      telephony_outcome;   /* LCM_SIM_NONE when not set */
  gint64      business_outcome;    /* LCM_SIM_NONE when not set */
  const char *comments;
  gint64      lead_score;
  double      target_amount;
  const char *user_id;
  const char *callback_start_date; /* DD/MM/YYYY */
  const char *callback_end_date;
  const char *callback_start_time; /* HH:mm */
  const char *callback_end_time;
  gint64      callback_mode;       /* LCM_SIM_NONE without a callback */
  const char *data_json;           /* the request's data, as JSON */
} LcmSimDisposition;

#define LCM_SIM_TYPE_DB (lcm_sim_db_get_type ())
G_DECLARE_FINAL_TYPE (LcmSimDb, lcm_sim_db, LCM_SIM, DB, GObject)

GQuark      lcm_sim_db_error_quark                   (void);

/* Opens (creating the schema when missing) the database at path, in WAL mode; NULL path
 * keeps everything in memory. */
LcmSimDb   *lcm_sim_db_open                          (const char           *path,
                                                      GError              **error);
gboolean    lcm_sim_db_is_seeded                     (LcmSimDb             *self);
/* Seeds a database that is not seeded yet; does nothing to one that is. journey_rows rows
 * of history end before now; rand drives every random choice, so the same seed gives the
 * same data. */
gboolean    lcm_sim_db_ensure_seeded                 (LcmSimDb             *self,
                                                      guint                 journey_rows,
                                                      GRand                *rand,
                                                      GDateTime            *now,
                                                      GError              **error);

/* wire_log keeps at most this much of a frame's text. */
#define LCM_SIM_WIRE_LOG_MAX_TEXT (64 * 1024)

/* Records one text frame as received, before anything else looks at it: its text, or for a
 * frame over LCM_SIM_WIRE_LOG_MAX_TEXT bytes its first ones (whole characters) followed by
 * " [… cut: N bytes in all]". */
gboolean    lcm_sim_db_log_frame                     (LcmSimDb             *self,
                                                      gint64                connection_id,
                                                      const char           *text,
                                                      gsize                 length,
                                                      GError              **error);

LcmSimCall *lcm_sim_db_lookup_call                   (LcmSimDb             *self,
                                                      const char           *callid);
gboolean    lcm_sim_db_has_account                   (LcmSimDb             *self,
                                                      const char           *account_number);
/* Descriptions, or NULL when the outcome is unknown. */
char       *lcm_sim_db_dup_telephony_outcome         (LcmSimDb             *self,
                                                      gint64                outcome_id);
char       *lcm_sim_db_dup_business_outcome          (LcmSimDb             *self,
                                                      gint64                outcome_id);
/* Is mode_id one of the contact's callback modes? */
gboolean    lcm_sim_db_has_callback_mode             (LcmSimDb             *self,
                                                      const char           *account_number,
                                                      gint64                mode_id);

/* Answers, as the arrays the samples show. */
JsonNode   *lcm_sim_db_list_telephony_outcomes       (LcmSimDb             *self,
                                                      GError              **error);
/* campaign_id 0: every campaign's outcomes of the group. */
JsonNode   *lcm_sim_db_list_business_outcomes        (LcmSimDb             *self,
                                                      const char           *outcome_group,
                                                      gint64                campaign_id,
                                                      GError              **error);
JsonNode   *lcm_sim_db_list_callback_modes           (LcmSimDb             *self,
                                                      const char           *account_number,
                                                      GError              **error);
/* from_day and to_day are YYYY-MM-DD or NULL; first is 1-based; at most count rows. */
JsonNode   *lcm_sim_db_list_personal_callbacks       (LcmSimDb             *self,
                                                      const char           *user_id,
                                                      const char           *from_day,
                                                      const char           *to_day,
                                                      guint                 first,
                                                      guint                 count,
                                                      GError              **error);
/* Appends the matching journey rows, newest first, as comma-separated JSON objects of the
 * sample's shape (a journey may hold 100,000 rows: no JsonNode tree is built). */
gboolean    lcm_sim_db_write_journey                 (LcmSimDb                  *self,
                                                      const LcmSimJourneyFilter *filter,
                                                      GString                   *out,
                                                      guint                     *n_rows,
                                                      GError                   **error);

/* Stores an accepted write in one transaction: a dispositions row, a personal_callbacks row
 * when it books a callback, a journey row for the call's contact, and the contact's new lead
 * score. */
gboolean    lcm_sim_db_record_disposition            (LcmSimDb                *self,
                                                      const LcmSimDisposition *disposition,
                                                      const LcmSimCall        *call,
                                                      GDateTime               *now,
                                                      GError                 **error);

G_END_DECLS
