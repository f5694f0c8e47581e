/* lcm-sim-request.c: one request to the simulated gateway, its data read and its answers
 *
 * Reading a member of the request's data, or checking a call id or an account, answers the
 * request with the gateway's error when the value will not do, so a handler simply stops.
 *
 * The texts inside WS_Error frames are the gateway's words on the wire (the vendor's
 * "Invalid Call ID." and ours in the same style); they are protocol data, not translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lcm-sim-server"

#include "config.h"

#include "lcm-json.h"
#include "lcm-values.h"
#include "lcm-sim-server-private.h"

/* helpers: answers */

void
lcm_sim_reply_error (Request    *req,
                     const char *actual_error,
                     const char *message)
{
  char *frame = lcm_envelope_write_ws_error (req->callid != NULL ? req->callid : "",
                                             req->subtopic != NULL ? req->subtopic : "",
                                             actual_error, message);

  g_free (req->result);
  req->result = g_strdup_printf ("WS_Error: %s", actual_error);
  lcm_sim_connection_queue (req->conn, frame, TRUE);
}

/* An error whose ActualError names the field and the value, and whose Message is the
 * library's text for people when there is one. */
void
lcm_sim_reply_invalid (Request      *req,
                       const char   *field,
                       const char   *value,
                       const GError *error,
                       const char   *message)
{
  g_autofree char *shown = lcm_sim_shorten (value);
  g_autofree char *actual = NULL;

  if (value != NULL)
    actual = g_strdup_printf ("Invalid %s:%s", field, shown);
  else
    actual = g_strdup_printf ("%s is missing", field);
  lcm_sim_reply_error (req, actual, error != NULL ? error->message : message);
}

static void
reply_response (Request  *req,
                JsonNode *response,
                char     *summary)
{
  G_GNUC_UNUSED g_autoptr(JsonNode) owned = response;

  g_free (req->result);
  req->result = summary;
  lcm_sim_connection_queue (req->conn,
                            lcm_envelope_write_response (req->handler->response_subtopic,
                                                         req->callid, response),
                            TRUE);
}

void
lcm_sim_reply_success (Request  *req,
                       gboolean  success)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, success);
  json_builder_end_object (builder);
  reply_response (req, json_builder_get_root (builder),
                  g_strdup (success ? "success" : "refused"));
}

void
lcm_sim_reply_list (Request  *req,
                    JsonNode *rows)
{
  if (rows == NULL)
    {
      lcm_sim_reply_error (req, "Internal database error",
                           "The gateway could not read its data.");
      return;
    }
  reply_response (req, rows,
                  g_strdup_printf ("%s, %u rows", req->handler->response_subtopic,
                                   json_array_get_length (json_node_get_array (rows))));
}

/* helpers: reading the request's data */

/* A string member; *out is NULL when absent or null. FALSE (and answered) when it is an
 * array or an object. */
gboolean
lcm_sim_read_string (Request     *req,
                     const char  *name,
                     char       **out)
{
  g_autoptr(GError) error = NULL;

  if (!lcm_json_object_get_string_optional (req->data, name, out, &error))
    {
      g_autofree char *actual = g_strdup_printf ("Invalid %s: not a string", name);

      lcm_sim_reply_error (req, actual, error != NULL ? error->message : "Invalid request.");
      return FALSE;
    }
  return TRUE;
}

/* A whole-number member. Absent (or null, or "") is an error when required, else
 * *present = FALSE. */
gboolean
lcm_sim_read_int (Request    *req,
                  const char *name,
                  gboolean    required,
                  gint64     *out,
                  gboolean   *present)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  *out = 0;
  if (!lcm_json_object_get_int_optional (req->data, name, out, &found, &error))
    {
      g_autofree char *actual = g_strdup_printf ("Invalid %s: not a whole number", name);

      lcm_sim_reply_error (req, actual, error->message);
      return FALSE;
    }
  if (!found && required)
    {
      lcm_sim_reply_invalid (req, name, NULL, NULL, "A required value is missing.");
      return FALSE;
    }
  if (present != NULL)
    *present = found;
  return TRUE;
}

gboolean
lcm_sim_read_double (Request    *req,
                     const char *name,
                     double     *out)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  *out = 0;
  if (!lcm_json_object_get_double_optional (req->data, name, out, &found, &error))
    {
      g_autofree char *actual = g_strdup_printf ("Invalid %s: not a number", name);

      lcm_sim_reply_error (req, actual, error->message);
      return FALSE;
    }
  if (!found)
    {
      lcm_sim_reply_invalid (req, name, NULL, NULL, "A required value is missing.");
      return FALSE;
    }
  return TRUE;
}

/* A call id that is not empty: its shape, then whether the call exists. */
LcmSimCall *
lcm_sim_find_call (Request *req)
{
  LcmSimCall *call = NULL;

  if (lcm_check_call_id (req->callid, NULL))
    call = lcm_sim_db_lookup_call (req->self->db, req->callid);
  if (call == NULL)
    {
      g_autofree char *shown = lcm_sim_shorten (req->callid);
      g_autofree char *actual = g_strdup_printf ("Invalid Call ID:%s", shown);

      lcm_sim_reply_error (req, actual, INVALID_CALL_ID);
    }
  return call;
}

/* The call a request must name. */
LcmSimCall *
lcm_sim_require_call (Request *req)
{
  if (lcm_sim_is_empty (req->callid))
    {
      lcm_sim_reply_error (req, "Callid is empty", INVALID_CALL_ID);
      return NULL;
    }
  return lcm_sim_find_call (req);
}

/* A call id given where it is optional must still be well-formed. */
gboolean
lcm_sim_check_optional_callid (Request *req)
{
  if (!lcm_sim_is_empty (req->callid) && !lcm_check_call_id (req->callid, NULL))
    {
      g_autofree char *shown = lcm_sim_shorten (req->callid);
      g_autofree char *actual = g_strdup_printf ("Invalid Call ID:%s", shown);

      lcm_sim_reply_error (req, actual, INVALID_CALL_ID);
      return FALSE;
    }
  return TRUE;
}

gboolean
lcm_sim_check_account (Request    *req,
                       const char *account)
{
  g_autoptr(GError) error = NULL;

  if (lcm_sim_is_empty (account))
    {
      lcm_sim_reply_error (req, "AccountNumber is empty", "Invalid account number.");
      return FALSE;
    }
  if (!lcm_check_account_number (account, &error))
    {
      lcm_sim_reply_invalid (req, "AccountNumber", account, error, "Invalid account number.");
      return FALSE;
    }
  return TRUE;
}
