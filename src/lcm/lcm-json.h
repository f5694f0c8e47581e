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

/* What json-glib's tree of one frame may cost. json-glib 1.6 builds the whole tree before
 * anything can be checked, and a value costs it far more than its text: an empty object
 * about 300 bytes for the 3 of "{},". So lcm_json_parse weighs every value of the frame as
 * it pre-scans it, at about what json-glib will allocate for it (an object 300, a member
 * 100 plus its key, a string 110 plus its text, a number or boolean 80, null 48), and
 * refuses a frame whose tree would cost more than lcm_json_get_tree_budget() of its length
 * with LCM_PROTOCOL_ERROR_TOO_LARGE before json-glib starts. A journey's tree costs about
 * 9 times its text (100,000 rows: 48 MB of text, some 450 MB of tree); the floor covers
 * every short answer, whatever its shape; "[{},{},…]" (100 times its text) is refused once
 * it is longer than about 200 KB. */
#define LCM_TREE_COST_FLOOR    (16 * 1024 * 1024)
#define LCM_TREE_COST_PER_BYTE 16
/* Twice what the largest journey (LCM_MAX_JOURNEY_ROWS) needs, whatever the frame limit. */
#define LCM_MAX_TREE_COST      (G_GUINT64_CONSTANT (1) << 30)

gboolean     lcm_json_check_depth         (const char  *data,
                                           gsize        length,
                                           guint        max_depth);
/* LCM_TREE_COST_FLOOR + LCM_TREE_COST_PER_BYTE × length, at most LCM_MAX_TREE_COST. */
guint64      lcm_json_get_tree_budget     (gsize        length);
/* Parses one frame of at most max_size bytes (0: any size) into a tree, refusing with an
 * LCM_PROTOCOL_ERROR, before json-glib builds anything: a frame larger than max_size or than
 * its tree budget (TOO_LARGE), nested deeper than LCM_MAX_DEPTH (TOO_DEEP), not UTF-8 or not
 * strict JSON (INVALID_JSON), an object with two members of the same name, letter case
 * aside, or text holding U+0000 (both INVALID_VALUE: json-glib would keep only the last
 * member, and cut the text at the NUL). So in a parsed tree, a name matches at most one
 * member of an object, and no text was cut short. */
JsonNode    *lcm_json_parse               (const char  *data,
                                           gsize        length,
                                           gsize        max_size,
                                           GError     **error);
/* The checks of lcm_json_parse, without building anything (a decoder that reads the text
 * itself runs them first); and the building, for text that has passed them. */
gboolean     lcm_json_check               (const char  *data,
                                           gsize        length,
                                           gsize        max_size,
                                           GError     **error);
JsonNode    *lcm_json_parse_checked       (const char  *data,
                                           gsize        length,
                                           GError     **error);

/* Member lookup that ignores the letter case of the key (OutcomeID, OutcomeId, OutComeID).
 * An exact match wins over a case-insensitive one; only a tree built by code can have both,
 * lcm_json_parse refuses them. Returns NULL when absent. */
JsonNode    *lcm_json_object_lookup       (JsonObject  *object,
                                           const char  *name);

/* The getters below read one member, its name's letter case aside, tolerating what the
 * vendor's servers send. The plain ones are for a mandatory member: absent or null (and, for
 * a number, an empty string) is an LCM_PROTOCOL_ERROR_MISSING_FIELD naming it. The
 * _optional ones return TRUE for such a member, with *present FALSE (and, for text, *out
 * NULL); the _or ones give the fallback. Any of them returns FALSE, with an
 * LCM_PROTOCOL_ERROR naming the member, for a value of another shape, and leaves *out as it
 * was (a number) or NULL (text). */

/* Text: strings as they are, integers and doubles formatted, booleans as "true"/"false".
 * Arrays and objects are of another shape. */
gboolean     lcm_json_object_get_string   (JsonObject  *object,
                                           const char  *name,
                                           char       **out,
                                           GError     **error);
gboolean     lcm_json_object_get_string_optional (JsonObject  *object,
                                                  const char  *name,
                                                  char       **out,
                                                  GError     **error);

/* A whole number: integers, integral doubles, and strings holding a whole number (surrounding
 * blanks allowed). */
gboolean     lcm_json_object_get_int      (JsonObject  *object,
                                           const char  *name,
                                           gint64      *out,
                                           GError     **error);
gboolean     lcm_json_object_get_int_optional (JsonObject  *object,
                                               const char  *name,
                                               gint64      *out,
                                               gboolean    *present,
                                               GError     **error);
gboolean     lcm_json_object_get_int_or   (JsonObject  *object,
                                           const char  *name,
                                           gint64       fallback,
                                           gint64      *out,
                                           GError     **error);

/* A finite number (double), with the same tolerance as the whole numbers. */
gboolean     lcm_json_object_get_double   (JsonObject  *object,
                                           const char  *name,
                                           double      *out,
                                           GError     **error);
gboolean     lcm_json_object_get_double_optional (JsonObject  *object,
                                                  const char  *name,
                                                  double      *out,
                                                  gboolean    *present,
                                                  GError     **error);

/* A boolean: true/false, 1/0, "true"/"false" (any case). */
gboolean     lcm_json_object_get_boolean  (JsonObject  *object,
                                           const char  *name,
                                           gboolean    *out,
                                           GError     **error);

/* Compact JSON text of node, as json-glib's generator writes it but for doubles, which are
 * always valid JSON reading back to the same value: the shortest such text, with a fraction
 * or an exponent (2.0, 1e+308); an infinity as 1e999 or -1e999 (json-glib reads it back as
 * that infinity); NaN as null. Nested values the same, at any depth. */
char        *lcm_json_node_to_string      (JsonNode    *node,
                                           gsize       *length);

G_END_DECLS
