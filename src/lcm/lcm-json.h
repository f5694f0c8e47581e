/* lcm-json.h: tolerant readers for the JSON the vendor's servers emit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deepest nesting of arrays and objects a frame may have. json-glib 1.6 recurses once per
 * level and overflows the stack on deep input, so frames are pre-scanned against this. */
#define LCM_MAX_DEPTH 32

/* Default bound on a frame: a 100,000-row journey is about 60 MB. */
#define LCM_DEFAULT_MAX_FRAME_SIZE (128 * 1024 * 1024)

gboolean     lcm_json_check_depth         (const char  *data,
                                           gsize        length,
                                           guint        max_depth);
JsonNode    *lcm_json_parse               (const char  *data,
                                           gsize        length,
                                           gsize        max_size,
                                           GError     **error);

/* Member lookup that ignores the letter case of the key (OutcomeID, OutcomeId, OutComeID).
 * An exact match wins over a case-insensitive one. Returns NULL when absent. */
JsonNode    *lcm_json_object_lookup       (JsonObject  *object,
                                           const char  *name);

/* A member as a string: strings as they are, integers and doubles formatted, booleans as
 * "true"/"false"; NULL when absent or null. Error only for arrays and objects. */
gboolean     lcm_json_object_get_string   (JsonObject  *object,
                                           const char  *name,
                                           char       **out,
                                           GError     **error);

/* A member as a whole number: integers, integral doubles, and strings holding a whole
 * number (surrounding blanks allowed). Returns FALSE with *present = FALSE and no error when
 * absent, null or an empty string; FALSE with an error when of any other shape. */
gboolean     lcm_json_object_get_int      (JsonObject  *object,
                                           const char  *name,
                                           gint64      *out,
                                           gboolean    *present,
                                           GError     **error);

/* A member as a number (double), with the same tolerance as lcm_json_object_get_int. */
gboolean     lcm_json_object_get_double   (JsonObject  *object,
                                           const char  *name,
                                           double      *out,
                                           gboolean    *present,
                                           GError     **error);

/* A member as a boolean: true/false, 1/0, "true"/"false" (any case). */
gboolean     lcm_json_object_get_boolean  (JsonObject  *object,
                                           const char  *name,
                                           gboolean    *out,
                                           gboolean    *present,
                                           GError     **error);

char        *lcm_json_node_to_string      (JsonNode    *node,
                                           gsize       *length);

G_END_DECLS
