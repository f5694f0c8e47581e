/* test-journey-view.c: WrapupJourneyView against a real lcm-sim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "wrapup-interaction-dialog.h"
#include "wrapup-journey-view.h"
#include "wrapup-text-filter-model.h"
#include "wrapup-test-ui.h"

#define N_CSV_COLUMNS 11

/* AddressSanitizer (as configured for the tests, with full stacks on every allocation)
 * makes reading a journey about fifty times slower: the large journey is then loaded over
 * three months (12,500 rows) instead of twelve (50,000), through the same code. */
#if defined(__SANITIZE_ADDRESS__)
#define LARGE_JOURNEY_MONTHS 3
/* With full leak stacks even 12,500 rows did not settle within two minutes on a busy
 * two-core machine: the sanitizer build generates a smaller history (the normal build keeps
 * 100,000 rows, 50,000 of them the call's). Same code path. */
#define LARGE_JOURNEY_ROWS "20000"
#define LARGE_JOURNEY_CALL_ROWS 10000
#else
#define LARGE_JOURNEY_MONTHS 12
#define LARGE_JOURNEY_ROWS "100000"
#define LARGE_JOURNEY_CALL_ROWS 50000
#endif

/* Column positions in the view, in the order the template declares them. */
enum
{
  VIEW_COLUMN_DATE = 0,
  VIEW_COLUMN_CAMPAIGN = 2,
  VIEW_COLUMN_LEAD_SCORE = 8,
};

typedef struct
{
  TestSim           *sim;
  LcmClient         *client;
  WrapupCall        *call;
  GtkWindow         *window;
  WrapupJourneyView *view;
} Fixture;

/* Helpers */

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "journey-channel");
  g_settings_reset (settings, "journey-months");
}

static void
fixture_start (Fixture            *f,
               const char * const *sim_args)
{
  memset (f, 0, sizeof *f);
  reset_settings ();
  f->sim = test_sim_start (sim_args);
  f->client = test_ui_connect (f->sim);
}

static void
fixture_show (Fixture    *f,
              WrapupCall *call,
              int         width,
              int         height)
{
  f->call = call;
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, height);
  f->view = WRAPUP_JOURNEY_VIEW (wrapup_journey_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  wrapup_journey_view_set_call (f->view, call);
  g_assert_true (wrapup_journey_view_get_call (f->view) == call);
  test_ui_show (f->window);
}

static void
fixture_stop (Fixture *f)
{
  g_object_add_weak_pointer (G_OBJECT (f->view), (gpointer *) &f->view);
  g_object_ref (f->window);
  gtk_window_destroy (f->window);
  g_assert_finalize_object (f->window);
  g_assert_null (f->view);

  g_assert_finalize_object (f->call);
  lcm_client_stop (f->client);
  g_clear_object (&f->client);
  g_clear_pointer (&f->sim, test_sim_free);
}

/* The view's own stack: the one with a "loading" page (drop-downs hold stacks too). */
static GtkStack *
find_state_stack (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found;

      if (GTK_IS_STACK (child) &&
          gtk_stack_get_child_by_name (GTK_STACK (child), "loading") != NULL)
        return GTK_STACK (child);
      found = find_state_stack (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
stack_settled (gpointer user_data)
{
  return !gtk_stack_get_transition_running (user_data);
}

/* Lets a page transition end; a change queues a redraw, and an undrawn window has nothing to
 * render: wait for a frame. */
static void
save_png (Fixture    *f,
          const char *name)
{
  GtkStack *stack = find_state_stack (GTK_WIDGET (f->view));

  test_spin (100);
  g_assert_true (test_wait_until (stack_settled, stack, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_free (test_ui_save_png (GTK_WIDGET (f->window), name));
}

static gint64
count_journey_frames (TestSim *sim)
{
  return test_sim_query_int (sim, "SELECT COUNT(*) FROM wire_log "
                                  "WHERE text LIKE '%\"GetCustomerJourney\"%'");
}

/* The data object of the last GetCustomerJourney the simulator received. */
static JsonObject *
last_journey_request (TestSim *sim)
{
  g_autofree char *text = test_sim_query_text (sim, "SELECT text FROM wire_log "
                                                    "WHERE text LIKE '%\"GetCustomerJourney\"%' "
                                                    "ORDER BY id DESC LIMIT 1");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "subtopic"), ==, "GetCustomerJourney");
  g_assert_true (json_object_has_member (root, "data"));
  return json_object_ref (json_object_get_object_member (root, "data"));
}

static gboolean
journey_settled (gpointer user_data)
{
  WrapupLoadState state = wrapup_call_get_load_state (user_data, WRAPUP_SECTION_JOURNEY);

  return state == WRAPUP_LOAD_READY || state == WRAPUP_LOAD_FAILED;
}

typedef struct
{
  TestSim    *sim;
  WrapupCall *call;
  gint64      frames;
} SentWait;

static gboolean
journey_answered (gpointer user_data)
{
  SentWait *wait = user_data;

  return journey_settled (wait->call) && count_journey_frames (wait->sim) > wait->frames;
}

/* Activates a journey action and waits until its request was received and answered. */
static void
activate_and_wait (Fixture    *f,
                   const char *action)
{
  SentWait wait = { f->sim, f->call, count_journey_frames (f->sim) };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), action, NULL));
  g_assert_true (test_wait_until (journey_answered, &wait, 30000));
}

static gboolean
shown_settled (gpointer user_data)
{
  WrapupJourneyView *view = user_data;
  WrapupTextFilterModel *filtered = WRAPUP_TEXT_FILTER_MODEL (wrapup_journey_view_get_shown (view));
  GtkSortListModel *sorted = GTK_SORT_LIST_MODEL (wrapup_text_filter_model_get_source (filtered));

  return gtk_sort_list_model_get_pending (sorted) == 0;
}

static void
wait_shown_settled (WrapupJourneyView *view)
{
  g_assert_true (test_wait_until (shown_settled, view, 30000));
}

typedef struct
{
  WrapupJourneyView *view;
  guint              n;
} CountWait;

static gboolean
shown_count_is (gpointer user_data)
{
  CountWait *wait = user_data;

  return shown_settled (wait->view) &&
         g_list_model_get_n_items (wrapup_journey_view_get_shown (wait->view)) == wait->n;
}

static GtkWidget *
find_entry_by_placeholder (GtkWidget  *root,
                           const char *placeholder)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      g_autofree char *text = NULL;

      /* GtkEntry and GtkSearchEntry both have the property. */
      if (GTK_IS_ENTRY (child) || GTK_IS_SEARCH_ENTRY (child))
        g_object_get (child, "placeholder-text", &text, NULL);
      if (g_strcmp0 (text, placeholder) == 0)
        return child;
      found = find_entry_by_placeholder (child, placeholder);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Sets the text filter as a person types it, and waits for the rows it leaves. */
static void
set_text_filter (WrapupJourneyView *view,
                 const char        *text,
                 guint              expected)
{
  GtkWidget *entry = find_entry_by_placeholder (GTK_WIDGET (view), "Filter loaded rows");
  CountWait wait = { view, expected };

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (!test_wait_until (shown_count_is, &wait, 30000))
    g_error ("filter “%s”: %u rows shown, %u expected", text,
             g_list_model_get_n_items (wrapup_journey_view_get_shown (view)), expected);
}

/* What the filter bar's channel or period menu shows, as an index into its choices. */
static guint
filter_choice (WrapupJourneyView *view,
               const char        *property)
{
  guint index;

  g_object_get (view, property, &index, NULL);
  return index;
}

/* The agent's pick in a filter's menu: its item activates the action with its index. */
static void
choose_filter (WrapupJourneyView *view,
               const char        *action,
               guint              index)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, "u", index));
}

static GtkColumnViewColumn *
view_column (WrapupJourneyView *view,
             guint              index)
{
  GtkWidget *column_view = test_ui_find_child (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_assert_nonnull (column_view);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 10);
  column = g_list_model_get_item (columns, index);
  return column;
}

static const char *
visible_page (WrapupJourneyView *view)
{
  GtkStack *stack = find_state_stack (GTK_WIDGET (view));

  g_assert_nonnull (stack);
  return gtk_stack_get_visible_child_name (stack);
}

static gint64
since_unix (GDateTime *now,
            guint      months)
{
  g_autoptr(GDateTime) since = g_date_time_add_months (now, -(int) months);

  return g_date_time_to_unix (since);
}

/* The rows the simulator holds for a filter over months, counted from both ends of the time
 * the request could have been answered in: the view's count must lie between them (they
 * differ only if a row's time falls in those few seconds). */
static void
assert_db_count (TestSim    *sim,
                 const char *where,
                 guint       months,
                 GDateTime  *before,
                 GDateTime  *after,
                 guint       n)
{
  g_autofree char *most_sql = g_strdup_printf ("SELECT COUNT(*) FROM journey WHERE %s "
                                               "AND completed_at >= %" G_GINT64_FORMAT,
                                               where, since_unix (before, months));
  g_autofree char *least_sql = g_strdup_printf ("SELECT COUNT(*) FROM journey WHERE %s "
                                                "AND completed_at >= %" G_GINT64_FORMAT,
                                                where, since_unix (after, months));
  gint64 most = test_sim_query_int (sim, most_sql);
  gint64 least = test_sim_query_int (sim, least_sql);

  g_test_message ("%s, %u months: view %u, database %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
                  where, months, n, least, most);
  g_assert_cmpint (n, >=, least);
  g_assert_cmpint (n, <=, most);
}

/* The reference text filter: casefolded substring over the fields the view searches. */
static gboolean
row_contains (LcmJourneyEntry *entry,
              const char      *text)
{
  g_autofree char *needle = g_utf8_casefold (text, -1);
  const char *fields[] = {
    lcm_journey_entry_get_campaign_name (entry), lcm_journey_entry_get_mode (entry),
    lcm_journey_entry_get_contact_value (entry), lcm_journey_entry_get_outcome (entry),
    lcm_journey_entry_get_agent_name (entry), lcm_journey_entry_get_agent_comment (entry),
    lcm_journey_entry_get_call_type (entry),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = g_utf8_casefold (fields[i] != NULL ? fields[i] : "", -1);

      if (strstr (folded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static guint
count_containing (GListModel *rows,
                  const char *text)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (rows, i);

      n += row_contains (entry, text);
    }
  return n;
}

static void
assert_sorted_by_date (GListModel *rows,
                       gboolean    ascending)
{
  guint n = g_list_model_get_n_items (rows);
  gint64 previous = ascending ? G_MININT64 : G_MAXINT64;

  g_assert_cmpuint (n, >, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (rows, i);
      gint64 unix_time = lcm_journey_entry_get_completed_unix (entry);

      g_assert_cmpint (unix_time, >, 0);
      if (ascending)
        g_assert_cmpint (unix_time, >=, previous);
      else
        g_assert_cmpint (unix_time, <=, previous);
      previous = unix_time;
    }
}

static void
assert_sorted_by_campaign (GListModel *rows)
{
  guint n = g_list_model_get_n_items (rows);
  g_autofree char *previous = NULL;
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (rows, i);
      g_autofree char *folded = g_utf8_casefold (lcm_journey_entry_get_campaign_name (entry),
                                                 -1);

      if (previous != NULL)
        {
          /* The view orders text by case-folded code points. */
          g_assert_cmpint (strcmp (previous, folded), <=, 0);
          changed |= strcmp (previous, folded) != 0;
        }
      g_free (previous);
      previous = g_steal_pointer (&folded);
    }
  /* The simulator's rows span several campaigns. */
  g_assert_true (changed);
}

static void
sort_by (WrapupJourneyView *view,
         guint              column,
         GtkSortType        direction)
{
  GtkWidget *column_view = test_ui_find_child (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), view_column (view, column),
                                  direction);
  wait_shown_settled (view);
}

/* A strict RFC 4180 reader: records end in CRLF, a quoted field may hold commas, CR, LF and
 * doubled quotes, an unquoted one none of them. */
static GPtrArray *
parse_csv (const char *text,
           gsize       length)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize i = 0;

  while (i < length)
    {
      gboolean end_of_record = FALSE;

      g_string_truncate (field, 0);
      if (text[i] == '"')
        {
          for (i++;; i++)
            {
              g_assert_cmpuint (i, <, length);
              if (text[i] == '"')
                {
                  if (i + 1 < length && text[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i++;
                    }
                  else
                    {
                      i++;
                      break;
                    }
                }
              else
                g_string_append_c (field, text[i]);
            }
        }
      else
        {
          for (; i < length && text[i] != ',' && text[i] != '\r'; i++)
            {
              g_assert_cmpint (text[i], !=, '"');
              g_assert_cmpint (text[i], !=, '\n');
              g_string_append_c (field, text[i]);
            }
        }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_assert_cmpuint (i, <, length);
      if (text[i] == ',')
        i++;
      else
        {
          g_assert_cmpint (text[i], ==, '\r');
          g_assert_cmpuint (i + 1, <, length);
          g_assert_cmpint (text[i + 1], ==, '\n');
          i += 2;
          end_of_record = TRUE;
        }

      if (end_of_record)
        {
          g_ptr_array_add (fields, NULL);
          /* Stealing leaves fields empty, ready for the next record. */
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
        }
    }
  g_assert_cmpuint (fields->len, ==, 0);
  return records;
}

/* What a text cell must read as: one a spreadsheet would run as a formula gets an
 * apostrophe in front. */
static char *
expected_cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL)
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

static GPtrArray *
write_and_parse_csv (WrapupJourneyView *view)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

  g_assert_true (wrapup_journey_view_write_csv (view, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  g_assert_no_error (error);

  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (size, >, 0);
  g_assert_true (g_utf8_validate (data, (gssize) size, NULL));
  return parse_csv (data, size);
}

static void
assert_csv_matches (GPtrArray  *records,
                    GListModel *shown)
{
  const char *header[N_CSV_COLUMNS] = {
    "Date", "Channel", "Campaign", "Mode", "Number", "Outcome", "Agent", "Comment",
    "Lead score before", "Lead score after", "Call type",
  };
  guint n = g_list_model_get_n_items (shown);

  g_assert_cmpuint (records->len, ==, n + 1);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (records, 0)), ==, N_CSV_COLUMNS);
  for (guint c = 0; c < N_CSV_COLUMNS; c++)
    g_assert_cmpstr (((char **) g_ptr_array_index (records, 0))[c], ==, header[c]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);
      char **record = g_ptr_array_index (records, i + 1);
      g_autofree char *date = g_date_time_format (lcm_journey_entry_get_completed (entry),
                                                  "%Y-%m-%d %H:%M:%S");
      gint64 previous_score = lcm_journey_entry_get_previous_lead_score (entry);
      gint64 current_score = lcm_journey_entry_get_current_lead_score (entry);
      g_autofree char *before = g_strdup_printf ("%" G_GINT64_FORMAT, previous_score);
      g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, current_score);
      const char *texts[] = {
        lcm_journey_entry_get_campaign_name (entry), lcm_journey_entry_get_mode (entry),
        lcm_journey_entry_get_contact_value (entry), lcm_journey_entry_get_outcome (entry),
        lcm_journey_entry_get_agent_name (entry), lcm_journey_entry_get_agent_comment (entry),
      };

      g_assert_cmpuint (g_strv_length (record), ==, N_CSV_COLUMNS);
      g_assert_cmpstr (record[0], ==, date);
      g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$",
                                           record[0], 0, 0));
      g_assert_cmpstr (record[1], ==,
                       lcm_channel_to_label ((LcmChannel) lcm_journey_entry_get_channel (entry)));
      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autofree char *expected = expected_cell (texts[t]);

          g_assert_cmpstr (record[2 + t], ==, expected);
        }
      g_assert_cmpstr (record[8], ==, before);
      g_assert_cmpstr (record[9], ==, after);
      g_assert_cmpstr (record[10], ==, lcm_journey_entry_get_call_type (entry));
    }
}

/* Saves a wrap-up of the call with a comment: the gateway adds it to the journey. */
static void
submit_comment (WrapupCall *call,
                const char *comment)
{
  g_autoptr(LcmDisposition) disposition = wrapup_call_new_disposition (call);
  g_autoptr(GError) error = NULL;
  TestWaiter waiter = { NULL };

  lcm_disposition_set_telephony_outcome (disposition, 0);
  lcm_disposition_set_comments (disposition, comment);
  wrapup_call_submit_async (call, disposition, NULL, test_waiter_callback, &waiter);
  wrapup_call_submit_finish (call, test_waiter_wait (&waiter, 30000), &error);
  test_waiter_clear (&waiter);
  g_assert_no_error (error);
}

static WrapupCall *
open_call (LcmClient  *client,
           const char *call_id,
           const char *agent_id,
           gboolean    by_call_id_only)
{
  g_autoptr(WrapupCallLink) link = wrapup_call_link_new (call_id, TEST_DEMO_ACCOUNT,
                                                         LCM_CALL_TYPE_OUTBOUND, NULL,
                                                         TEST_DEMO_CAMPAIGN);
  WrapupCall *call = wrapup_call_new (client, link, agent_id);

  if (by_call_id_only)
    {
      LcmJourneyQuery *query = wrapup_call_get_journey_query (call);

      lcm_journey_query_set_account_number (query, NULL);
      lcm_journey_query_set_call_id (query, call_id);
    }
  wrapup_call_load (call);
  g_assert_true (test_ui_wait_loaded (call));
  return call;
}

#if !defined(__SANITIZE_ADDRESS__)
static gboolean
file_chooser_shown (gpointer user_data)
{
  return test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
export_toast_shown (gpointer user_data)
{
  return test_ui_find_by_text (user_data, "exported to") != NULL;
}

#endif

static GtkWidget *
find_by_action (GtkWidget  *root,
                const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      found = find_by_action (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the button for an action can be pressed. */
static gboolean
action_enabled (WrapupJourneyView *view,
                const char        *action)
{
  GtkWidget *button = find_by_action (GTK_WIDGET (view), action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* Tests */

static void
test_loads_call_journey (void)
{
  Fixture f;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  GListModel *shown;
  GtkWidget *label;
  g_autofree char *count_text = NULL;
  g_autofree char *where = g_strdup_printf ("account_number = '%s'", TEST_DEMO_ACCOUNT);
  guint n;

  fixture_start (&f, NULL);
  before = g_date_time_new_now_local ();
  f.call = test_ui_open_demo_call (f.client);
  after = g_date_time_new_now_local ();
  fixture_show (&f, f.call, 1100, 700);

  shown = wrapup_journey_view_get_shown (f.view);
  wait_shown_settled (f.view);
  n = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (wrapup_call_get_journey (f.call)));
  assert_db_count (f.sim, where, 3, before, after, n);
  g_assert_cmpstr (visible_page (f.view), ==, "list");
  g_assert_true (action_enabled (f.view, "journey.export"));

  /* The filter bar shows what was asked: the call's account, all channels, 3 months. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_by_placeholder (
                     GTK_WIDGET (f.view), "This call’s customer"))), ==, "");
  g_assert_cmpuint (filter_choice (f.view, "channel-choice"), ==, 0);
  g_assert_cmpuint (filter_choice (f.view, "months-choice"), ==, 0);

  /* Newest first, and the count says how many. */
  assert_sorted_by_date (shown, FALSE);
  /* Grouped as the locale groups digits (not at all in C.UTF-8). */
  count_text = g_strdup_printf ("%'u interactions", n);
  label = test_ui_find_by_text (GTK_WIDGET (f.view), count_text);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, count_text);

  /* F5 sends the same query again. */
  activate_and_wait (&f, "journey.refresh");
  g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                   WRAPUP_LOAD_READY);
  {
    g_autoptr(JsonObject) data = last_journey_request (f.sim);

    g_assert_cmpstr (json_object_get_string_member (data, "AccountNumber"), ==,
                     TEST_DEMO_ACCOUNT);
    g_assert_cmpint (json_object_get_int_member (data, "ChannelID"), ==, -1);
    g_assert_cmpint (json_object_get_int_member (data, "MonthType"), ==, 3);
  }

  save_png (&f, "journey");

  /* A narrow window still lays out. */
  gtk_window_set_default_size (f.window, 720, 600);
  test_spin (300);
  save_png (&f, "journey-small");

  fixture_stop (&f);
}

static void
test_filters (void)
{
  Fixture f;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *key_entry;
  GtkWidget *campaign_entry;
  GtkWidget *error_label;
  GListModel *shown;
  gint64 frames;

  fixture_start (&f, NULL);
  fixture_show (&f, test_ui_open_demo_call (f.client), 1100, 700);
  key_entry = find_entry_by_placeholder (GTK_WIDGET (f.view), "This call’s customer");
  campaign_entry = find_entry_by_placeholder (GTK_WIDGET (f.view), "All campaigns");
  g_assert_nonnull (key_entry);
  g_assert_nonnull (campaign_entry);
  shown = wrapup_journey_view_get_shown (f.view);

  /* Voice, 6 months, campaign tmasi, for the call's account. */
  {
    g_autoptr(GDateTime) before = NULL;
    g_autoptr(GDateTime) after = NULL;
    g_autoptr(JsonObject) data = NULL;
    g_autofree char *where = NULL;
    guint n;

    choose_filter (f.view, "journey.channel", 2);
    choose_filter (f.view, "journey.months", 1);
    gtk_editable_set_text (GTK_EDITABLE (campaign_entry), "tmasi");
    before = g_date_time_new_now_local ();
    activate_and_wait (&f, "journey.search");
    after = g_date_time_new_now_local ();
    g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                     WRAPUP_LOAD_READY);

    data = last_journey_request (f.sim);
    g_assert_cmpint (json_object_get_int_member (data, "ChannelID"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (data, "MonthType"), ==, 6);
    g_assert_cmpstr (json_object_get_string_member (data, "CampaignName"), ==, "tmasi");
    /* The account field left empty: this call's customer, whom the gateway finds by the
     * call. */
    g_assert_cmpstr (json_object_get_string_member (data, "AccountNumber"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (data, "callid"), ==, TEST_DEMO_CALL);
    g_assert_false (json_object_has_member (data, "ContactNumber"));

    g_assert_cmpint (g_settings_get_int (settings, "journey-channel"), ==, 2);
    g_assert_cmpint (g_settings_get_int (settings, "journey-months"), ==, 6);

    wait_shown_settled (f.view);
    n = g_list_model_get_n_items (shown);
    g_assert_cmpuint (n, >, 0);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);

        g_assert_cmpint (lcm_journey_entry_get_channel (entry), ==, LCM_CHANNEL_VOICE);
        g_assert_cmpstr (lcm_journey_entry_get_campaign_name (entry), ==, "tmasi");
      }
    where = g_strdup_printf ("account_number = '%s' AND channel_type = 2 "
                             "AND campaign_name = 'tmasi'", TEST_DEMO_ACCOUNT);
    assert_db_count (f.sim, where, 6, before, after, n);
    save_png (&f, "journey-filtered");
  }

  /* A contact number: the gateway searches by number, so no account is sent. */
  {
    g_autoptr(JsonObject) data = NULL;
    guint n;

    gtk_editable_set_text (GTK_EDITABLE (key_entry), " 909003299700 ");
    gtk_editable_set_text (GTK_EDITABLE (campaign_entry), "");
    activate_and_wait (&f, "journey.search");

    data = last_journey_request (f.sim);
    g_assert_cmpstr (json_object_get_string_member (data, "ContactNumber"), ==,
                     "909003299700");
    g_assert_cmpstr (json_object_get_string_member (data, "AccountNumber"), ==, "");
    g_assert_cmpstr (json_object_get_string_member (data, "CampaignName"), ==, "");
    g_assert_cmpint (json_object_get_int_member (data, "ChannelID"), ==, 2);
    g_assert_false (json_object_has_member (data, "callid"));

    wait_shown_settled (f.view);
    n = g_list_model_get_n_items (shown);
    g_assert_cmpuint (n, >, 0);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);

        g_assert_cmpstr (lcm_journey_entry_get_contact_value (entry), ==, "909003299700");
      }
  }

  /* Keys that are neither: an inline error, and nothing is sent. */
  {
    const char *bad_keys[] = { "abc", "5|3|1", "12", "909-003-299" };

    error_label = NULL;
    for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
      {
        GtkWidget *revealer;

        frames = count_journey_frames (f.sim);
        gtk_editable_set_text (GTK_EDITABLE (key_entry), bad_keys[i]);
        g_assert_false (gtk_widget_has_css_class (key_entry, "error"));
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "journey.search",
                                                   NULL));
        test_spin (300);
        g_assert_cmpint (count_journey_frames (f.sim), ==, frames);
        g_assert_true (gtk_widget_has_css_class (key_entry, "error"));
        revealer = test_ui_find_child (GTK_WIDGET (f.view), GTK_TYPE_REVEALER);
        g_assert_nonnull (revealer);
        g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
        error_label = gtk_revealer_get_child (GTK_REVEALER (revealer));
        g_test_message ("%s: %s", bad_keys[i], gtk_label_get_label (GTK_LABEL (error_label)));
        g_assert_cmpuint (strlen (gtk_label_get_label (GTK_LABEL (error_label))), >, 0);
      }
    /* Enter in the entry is the same as Search. */
    frames = count_journey_frames (f.sim);
    gtk_editable_set_text (GTK_EDITABLE (key_entry), "not-a-key");
    g_signal_emit_by_name (key_entry, "activate");
    test_spin (300);
    g_assert_cmpint (count_journey_frames (f.sim), ==, frames);
    g_assert_true (gtk_widget_has_css_class (key_entry, "error"));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "not-a-key"));

    /* Typing again clears it. */
    gtk_editable_set_text (GTK_EDITABLE (key_entry), "9|3|1711|0|0|84|-1");
    g_assert_false (gtk_widget_has_css_class (key_entry, "error"));
  }

  /* Enter on a good key sends it; a campaign nobody has gives the empty page. */
  {
    SentWait wait = { f.sim, f.call, count_journey_frames (f.sim) };
    g_autoptr(JsonObject) data = NULL;

    gtk_editable_set_text (GTK_EDITABLE (key_entry), TEST_DEMO_ACCOUNT);
    gtk_editable_set_text (GTK_EDITABLE (campaign_entry), "NoSuchCampaign");
    g_signal_emit_by_name (campaign_entry, "activate");
    g_assert_true (test_wait_until (journey_answered, &wait, 30000));
    data = last_journey_request (f.sim);
    g_assert_cmpstr (json_object_get_string_member (data, "CampaignName"), ==,
                     "NoSuchCampaign");
    g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_journey (f.call)), ==, 0);
    test_spin (200);
    g_assert_cmpstr (visible_page (f.view), ==, "empty");
    g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (f.view), "No Interactions"));
    g_assert_false (action_enabled (f.view, "journey.export"));
    save_png (&f, "journey-empty");
  }

  /* An empty key: the gateway looks the call up by its id. */
  {
    g_autoptr(JsonObject) data = NULL;

    gtk_editable_set_text (GTK_EDITABLE (key_entry), "");
    gtk_editable_set_text (GTK_EDITABLE (campaign_entry), "");
    choose_filter (f.view, "journey.channel", 0);
    choose_filter (f.view, "journey.months", 3);
    activate_and_wait (&f, "journey.search");
    data = last_journey_request (f.sim);
    g_assert_cmpstr (json_object_get_string_member (data, "callid"), ==, TEST_DEMO_CALL);
    g_assert_cmpstr (json_object_get_string_member (data, "AccountNumber"), ==, "");
    g_assert_cmpint (json_object_get_int_member (data, "ChannelID"), ==, -1);
    g_assert_cmpint (json_object_get_int_member (data, "MonthType"), ==, 12);
    g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                     WRAPUP_LOAD_READY);
    g_assert_cmpuint (g_list_model_get_n_items (wrapup_call_get_journey (f.call)), >, 0);
    g_assert_cmpint (g_settings_get_int (settings, "journey-channel"), ==, -1);
    g_assert_cmpint (g_settings_get_int (settings, "journey-months"), ==, 12);
  }

  fixture_stop (&f);
}

static void
test_remembered_filters (void)
{
  Fixture f;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(JsonObject) data = NULL;
  SentWait wait;
  LcmJourneyQuery *query;
  WrapupCall *call;

  fixture_start (&f, NULL);
  g_settings_set_int (settings, "journey-channel", LCM_CHANNEL_SMS);
  g_settings_set_int (settings, "journey-months", 9);

  /* A call already loaded with the defaults loads again with the remembered filters. */
  call = test_ui_open_demo_call (f.client);
  wait = (SentWait) { f.sim, call, count_journey_frames (f.sim) };
  fixture_show (&f, call, 1100, 700);
  g_assert_true (test_wait_until (journey_answered, &wait, 30000));
  query = wrapup_call_get_journey_query (call);
  g_assert_cmpint (lcm_journey_query_get_channel (query), ==, LCM_CHANNEL_SMS);
  g_assert_cmpuint (lcm_journey_query_get_months (query), ==, 9);
  data = last_journey_request (f.sim);
  g_assert_cmpint (json_object_get_int_member (data, "ChannelID"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (data, "MonthType"), ==, 9);
  g_assert_cmpuint (filter_choice (f.view, "channel-choice"), ==, 1);
  g_assert_cmpuint (filter_choice (f.view, "months-choice"), ==, 2);
  wait_shown_settled (f.view);
  for (guint i = 0; i < g_list_model_get_n_items (wrapup_journey_view_get_shown (f.view)); i++)
    {
      g_autoptr(LcmJourneyEntry) entry =
        g_list_model_get_item (wrapup_journey_view_get_shown (f.view), i);

      g_assert_cmpint (lcm_journey_entry_get_channel (entry), ==, LCM_CHANNEL_SMS);
    }

  /* Filters that already agree send nothing more. */
  {
    g_autoptr(WrapupJourneyView) other = g_object_ref_sink (WRAPUP_JOURNEY_VIEW (
                                                              wrapup_journey_view_new ()));
    gint64 frames = count_journey_frames (f.sim);

    wrapup_journey_view_set_call (other, call);
    test_spin (300);
    g_assert_cmpint (count_journey_frames (f.sim), ==, frames);
    wrapup_journey_view_set_call (other, NULL);
  }

  fixture_stop (&f);
}

static void
test_sort_and_text_filter (void)
{
  Fixture f;
  GListModel *shown;
  guint total, expected;

  fixture_start (&f, NULL);
  fixture_show (&f, test_ui_open_demo_call (f.client), 1100, 700);
  shown = wrapup_journey_view_get_shown (f.view);
  wait_shown_settled (f.view);
  total = g_list_model_get_n_items (shown);
  g_assert_cmpuint (total, >, 10);

  sort_by (f.view, VIEW_COLUMN_DATE, GTK_SORT_ASCENDING);
  assert_sorted_by_date (shown, TRUE);
  sort_by (f.view, VIEW_COLUMN_DATE, GTK_SORT_DESCENDING);
  assert_sorted_by_date (shown, FALSE);
  sort_by (f.view, VIEW_COLUMN_LEAD_SCORE, GTK_SORT_DESCENDING);
  for (guint i = 1; i < total; i++)
    {
      g_autoptr(LcmJourneyEntry) before = g_list_model_get_item (shown, i - 1);
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);

      g_assert_cmpint (lcm_journey_entry_get_current_lead_score (before), >=,
                       lcm_journey_entry_get_current_lead_score (entry));
    }
  sort_by (f.view, VIEW_COLUMN_CAMPAIGN, GTK_SORT_ASCENDING);
  assert_sorted_by_campaign (shown);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, total);

  /* The text filter keeps only rows that contain the text, in any case, still sorted. */
  expected = count_containing (wrapup_call_get_journey (f.call), "tmasi");
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, total);
  set_text_filter (f.view, "tmasi", expected);
  for (guint i = 0; i < expected; i++)
    {
      g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);

      g_assert_true (row_contains (entry, "tmasi"));
    }
  {
    g_autofree char *count_text = g_strdup_printf ("%'u of %'u interactions", expected,
                                                   total);

    g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (f.view), count_text));
  }
  set_text_filter (f.view, "TMAS", count_containing (wrapup_call_get_journey (f.call), "tmas"));
  set_text_filter (f.view, "voicemail",
                   count_containing (wrapup_call_get_journey (f.call), "voicemail"));
  set_text_filter (f.view, "Left a VOICEMAIL",
                   count_containing (wrapup_call_get_journey (f.call), "left a voicemail"));
  /* Not ASCII: casefolded the long way. */
  set_text_filter (f.view, "Ünknown", 0);
  test_spin (200);
  g_assert_cmpstr (visible_page (f.view), ==, "empty");
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (f.view), "No Matching Interactions"));

  set_text_filter (f.view, "", total);
  g_assert_cmpstr (visible_page (f.view), ==, "list");
  assert_sorted_by_campaign (shown);

  /* Ctrl+F's action puts the focus in the text filter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "journey.focus-search", NULL));
  g_assert_true (gtk_widget_is_focus (test_ui_find_child (
    find_entry_by_placeholder (GTK_WIDGET (f.view), "Filter loaded rows"), GTK_TYPE_TEXT)));

  fixture_stop (&f);
}

static void
test_csv (void)
{
  Fixture f;
  const char *comment = "Said \"no\", then\r\nhung up; call back, maybe";
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *shown;
  gboolean found_ours = FALSE;
  gboolean found_quote = FALSE;

  fixture_start (&f, NULL);
  /* An agent id a spreadsheet would take for a formula, and a comment with every character
   * CSV must quote: the gateway records both in the journey. */
  f.call = open_call (f.client, TEST_DEMO_CALL, "=1+2", FALSE);
  submit_comment (f.call, comment);

  fixture_show (&f, f.call, 1100, 700);
  activate_and_wait (&f, "journey.refresh");
  shown = wrapup_journey_view_get_shown (f.view);
  wait_shown_settled (f.view);

  records = write_and_parse_csv (f.view);
  assert_csv_matches (records, shown);
  for (guint i = 1; i < records->len; i++)
    {
      char **record = g_ptr_array_index (records, i);

      if (g_str_equal (record[6], "'=1+2"))
        {
          g_assert_cmpstr (record[7], ==, comment);
          found_ours = TRUE;
        }
      found_quote |= g_str_equal (record[7], "Quote accepted \"pending\" approval");
    }
  g_assert_true (found_ours);
  g_assert_true (found_quote);

  /* Only the rows shown, in the order shown. */
  sort_by (f.view, VIEW_COLUMN_DATE, GTK_SORT_ASCENDING);
  set_text_filter (f.view, "voicemail",
                   count_containing (wrapup_call_get_journey (f.call), "voicemail"));
  g_clear_pointer (&records, g_ptr_array_unref);
  records = write_and_parse_csv (f.view);
  assert_csv_matches (records, shown);
  g_assert_cmpuint (records->len, <, g_list_model_get_n_items (wrapup_call_get_journey (f.call)));

  /* Through the action and its file chooser, to a file. Not under AddressSanitizer: GTK
   * 4.8's file chooser dialog leaves its sidebar's one-time caches (libcloudproviders, GIO
   * volume monitors) behind, which LeakSanitizer reports at exit. */
#if !defined(__SANITIZE_ADDRESS__)
  {
    g_autofree char *dir = g_dir_make_tmp ("wrapup-journey-XXXXXX", &error);
    g_autofree char *path = NULL;
    g_autofree char *contents = NULL;
    g_autofree char *name = NULL;
    g_autoptr(GPtrArray) from_file = NULL;
    GtkWidget *chooser;
    gsize length;

    g_assert_no_error (error);
    path = g_build_filename (dir, "journey-" TEST_DEMO_CALL ".csv", NULL);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "journey.export", NULL));
    g_assert_true (test_wait_until (file_chooser_shown, NULL, 10000));
    chooser = GTK_WIDGET (test_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
    name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
    g_assert_cmpstr (name, ==, "journey-" TEST_DEMO_CALL ".csv");
    /* As a person would: type the full path over the suggested name. */
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), path);
    g_assert_true (test_ui_wait_for_chooser_file (GTK_FILE_CHOOSER (chooser), path, 10000));
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

    /* The toast comes when the file is written and closed. */
    g_assert_true (test_wait_until (export_toast_shown, f.view, 30000));
    g_assert_true (g_file_get_contents (path, &contents, &length, &error));
    g_assert_no_error (error);
    from_file = parse_csv (contents, length);
    assert_csv_matches (from_file, shown);
    g_unlink (path);
    g_rmdir (dir);
  }
#endif

  fixture_stop (&f);
}

static void
test_large_journey (void)
{
  const char *args[] = { "--journey-rows", LARGE_JOURNEY_ROWS, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *where = g_strdup_printf ("account_number = '%s'", TEST_DEMO_ACCOUNT);
  Fixture f;
  GListModel *shown;
  guint total;

  fixture_start (&f, args);
  /* Sanitizer builds take many times longer to read the rows. */
  lcm_client_set_request_timeout (f.client, 120000);
  /* A year, remembered from an earlier call: all of the demo account's 50,000 rows, in the
   * first and only journey request. */
  g_settings_set_int (settings, "journey-months", LARGE_JOURNEY_MONTHS);
  {
    g_autoptr(WrapupCallLink) link = wrapup_call_link_new (TEST_DEMO_CALL, TEST_DEMO_ACCOUNT,
                                                           LCM_CALL_TYPE_OUTBOUND, NULL,
                                                           TEST_DEMO_CAMPAIGN);

    f.call = wrapup_call_new (f.client, link, "testagent");
  }
  submit_comment (f.call, "Rappel demandé à 17 h");
  fixture_show (&f, f.call, 1100, 700);
  g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                   WRAPUP_LOAD_IDLE);
  g_assert_cmpstr (visible_page (f.view), ==, "loading");
  g_assert_cmpuint (lcm_journey_query_get_months (wrapup_call_get_journey_query (f.call)), ==,
                    LARGE_JOURNEY_MONTHS);

  before = g_date_time_new_now_local ();
  wrapup_call_load (f.call);
  g_assert_true (test_wait_until (journey_settled, f.call, 120000));
  after = g_date_time_new_now_local ();
  g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                   WRAPUP_LOAD_READY);
  g_assert_cmpint (count_journey_frames (f.sim), ==, 1);

  shown = wrapup_journey_view_get_shown (f.view);
  wait_shown_settled (f.view);
  total = g_list_model_get_n_items (shown);
  g_assert_cmpuint (total, >, LARGE_JOURNEY_MONTHS * LARGE_JOURNEY_CALL_ROWS / 12 * 9 / 10);
  assert_db_count (f.sim, where, LARGE_JOURNEY_MONTHS, before, after, total);
  assert_sorted_by_date (shown, FALSE);

  set_text_filter (f.view, "voicemail",
                   count_containing (wrapup_call_get_journey (f.call), "voicemail"));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  set_text_filter (f.view, "", total);

  /* Non-ASCII text, casefolded; an export holds exactly what the view shows. */
  {
    g_autoptr(GPtrArray) records = NULL;

    set_text_filter (f.view, "DEMANDÉ", 1);
    records = write_and_parse_csv (f.view);
    g_assert_cmpuint (records->len, ==, 2);
    g_assert_cmpstr (((char **) g_ptr_array_index (records, 1))[7], ==, "Rappel demandé à 17 h");
    assert_csv_matches (records, shown);
    set_text_filter (f.view, "", total);
  }

  sort_by (f.view, VIEW_COLUMN_CAMPAIGN, GTK_SORT_ASCENDING);
  assert_sorted_by_campaign (shown);
  sort_by (f.view, VIEW_COLUMN_DATE, GTK_SORT_ASCENDING);
  assert_sorted_by_date (shown, TRUE);
  test_spin (200);
  g_assert_cmpstr (visible_page (f.view), ==, "list");

  fixture_stop (&f);
}

static GtkWindow *
find_interaction_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (WRAPUP_IS_INTERACTION_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
interaction_shown (gpointer user_data)
{
  return find_interaction_dialog () != NULL;
}

/* Columns are as wide as their header and values in the font in use: larger text widens
 * them (dates keep their time). A row opens whole: every field and the whole comment. */
static void
test_readable (void)
{
  Fixture f;
  const char *comment = "The customer wants the annual plan, quoted by email before Friday, "
                        "and a call back from the same agent the week after; not before ten.";
  g_autofree char *update = g_strdup_printf ("UPDATE journey SET agent_comment = '%s' WHERE id "
                                             "= (SELECT id FROM journey WHERE account_number = "
                                             "'%s' ORDER BY completed_at DESC LIMIT 1)",
                                             comment, TEST_DEMO_ACCOUNT);
  GtkSettings *settings = gtk_settings_get_default ();
  GtkColumnViewColumn *date_column;
  GtkColumnView *view;
  GListModel *columns;
  GtkWindow *dialog;
  int dpi, normal_width, large_width;

  fixture_start (&f, NULL);
  test_sim_exec (f.sim, update);
  f.call = test_ui_open_demo_call (f.client);
  fixture_show (&f, f.call, 1100, 700);
  wait_shown_settled (f.view);

  view = GTK_COLUMN_VIEW (test_ui_find_child (GTK_WIDGET (f.view), GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (view);
  date_column = g_list_model_get_item (columns, 0);
  g_object_unref (date_column);
  normal_width = gtk_column_view_column_get_fixed_width (date_column);
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi <= 0)
    dpi = 96 * 1024;
  g_object_set (settings, "gtk-xft-dpi", dpi * 3 / 2, NULL);
  test_spin (200);
  large_width = gtk_column_view_column_get_fixed_width (date_column);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  test_spin (100);
  g_assert_cmpint (large_width, >, normal_width * 5 / 4);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (date_column), ==, normal_width);

  /* A changed filter marks the rows as those of the last Search, until Search. */
  {
    GtkWidget *stale_hint = test_ui_find_by_text (GTK_WIDGET (f.view),
                                                  "The filters have changed: press Search (or "
                                                  "Enter) to show their interactions.");

    g_assert_nonnull (stale_hint);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (view), "stale"));
    choose_filter (f.view, "journey.channel", 2);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (view), "stale"));
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (stale_hint))));
    /* Back as it was: not out of date. */
    choose_filter (f.view, "journey.channel", 0);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (view), "stale"));
    choose_filter (f.view, "journey.months", 1);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (view), "stale"));
    activate_and_wait (&f, "journey.search");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (view), "stale"));
    g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (stale_hint))));
    wait_shown_settled (f.view);
  }

  /* Sorted from the keyboard's Sort menu: by lead score, ascending, then back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "sort.column", "s", "8"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "sort.order", "s", "ascending"));
  test_spin (200);
  {
    GListModel *shown = wrapup_journey_view_get_shown (f.view);
    gint64 previous = -1;

    g_assert_cmpuint (g_list_model_get_n_items (shown), >, 1);
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(LcmJourneyEntry) entry = g_list_model_get_item (shown, i);
        gint64 score = lcm_journey_entry_get_current_lead_score (entry);

        g_assert_cmpint (score, >=, previous);
        previous = score;
      }
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "sort.column", "s", "0"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "sort.order", "s", "descending"));
  test_spin (200);
  assert_sorted_by_date (wrapup_journey_view_get_shown (f.view), FALSE);

  /* The newest row (Enter, or a double click, activates it): the whole comment. */
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_true (test_wait_until (interaction_shown, NULL, 5000));
  dialog = find_interaction_dialog ();
  g_assert_nonnull (test_ui_find_by_text (GTK_WIDGET (dialog), comment));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (dialog), "Interaction of "));
  test_spin (300);
  g_free (test_ui_save_png (GTK_WIDGET (dialog), "journey-interaction"));
  /* Escape closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  test_spin (200);
  g_assert_null (find_interaction_dialog ());

  fixture_stop (&f);
}

static void
test_error_state (void)
{
  Fixture f;
  GtkWidget *retry;
  GtkWidget *status;
  const char *message;
  gint64 frames;

  fixture_start (&f, NULL);
  f.call = open_call (f.client, "99999", "testagent", TRUE);
  g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                   WRAPUP_LOAD_FAILED);
  message = wrapup_call_get_load_error (f.call, WRAPUP_SECTION_JOURNEY);
  g_assert_nonnull (message);
  g_test_message ("gateway says: %s", message);
  g_assert_nonnull (strstr (message, "Invalid Call ID"));

  fixture_show (&f, f.call, 1100, 700);
  g_assert_cmpstr (visible_page (f.view), ==, "failed");
  status = test_ui_find_by_text (GTK_WIDGET (f.view), "The Journey Could Not Be Loaded");
  g_assert_nonnull (status);
  g_assert_true (ADW_IS_STATUS_PAGE (status));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), ==, message);
  g_assert_false (action_enabled (f.view, "journey.export"));
  save_png (&f, "journey-error");

  /* Retry sends the same request again. */
  retry = test_ui_find_by_text (status, "Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_sensitive (retry));
  frames = count_journey_frames (f.sim);
  {
    SentWait wait = { f.sim, f.call, frames };

    g_signal_emit_by_name (retry, "clicked");
    g_assert_true (test_wait_until (journey_answered, &wait, 30000));
  }
  g_assert_cmpint (count_journey_frames (f.sim), ==, frames + 1);
  {
    g_autoptr(JsonObject) data = last_journey_request (f.sim);

    g_assert_cmpstr (json_object_get_string_member (data, "callid"), ==, "99999");
    g_assert_cmpstr (json_object_get_string_member (data, "AccountNumber"), ==, "");
  }
  g_assert_cmpint (wrapup_call_get_load_state (f.call, WRAPUP_SECTION_JOURNEY), ==,
                   WRAPUP_LOAD_FAILED);
  g_assert_cmpstr (visible_page (f.view), ==, "failed");

  fixture_stop (&f);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/wrapup/journey-view/loads-call-journey", test_loads_call_journey);
  g_test_add_func ("/wrapup/journey-view/filters", test_filters);
  g_test_add_func ("/wrapup/journey-view/remembered-filters", test_remembered_filters);
  g_test_add_func ("/wrapup/journey-view/sort-and-text-filter", test_sort_and_text_filter);
  g_test_add_func ("/wrapup/journey-view/csv", test_csv);
  g_test_add_func ("/wrapup/journey-view/large-journey", test_large_journey);
  g_test_add_func ("/wrapup/journey-view/error-state", test_error_state);
  g_test_add_func ("/wrapup/journey-view/readable", test_readable);

  return g_test_run ();
}
