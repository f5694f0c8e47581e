/* test-notify.c: the models' properties notify as GTK's bindings and list views expect
 *
 * Every property a model declares G_PARAM_EXPLICIT_NOTIFY must notify once when its value
 * changes, never when it is set to the value it has (a binding would loop, a list view redraw
 * for nothing), and read back what was written. The checker walks each writable property of an
 * object (as GNOME Console's tests do for its models), with two values of the property's type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "lcm.h"

typedef struct
{
  const char *name;
  guint       count;
} NotifyCount;

static void
on_notify_cb (GObject     *object,
              GParamSpec  *pspec,
              NotifyCount *counts)
{
  for (guint i = 0; counts[i].name != NULL; i++)
    if (g_str_equal (counts[i].name, pspec->name))
      counts[i].count++;
}

/* Two different values the property accepts: FALSE when its type is not one the checker
 * knows (the test then fails, naming it, so that no property is passed over unseen). */
static gboolean
two_values (GParamSpec *pspec,
            GValue     *first,
            GValue     *second)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (first, type);
  g_value_init (second, type);
  if (type == G_TYPE_BOOLEAN)
    {
      g_value_set_boolean (first, TRUE);
      g_value_set_boolean (second, FALSE);
    }
  else if (type == G_TYPE_STRING)
    {
      g_value_set_string (first, "5001");
      g_value_set_string (second, "5002");
    }
  else if (type == G_TYPE_INT64)
    {
      GParamSpecInt64 *range = G_PARAM_SPEC_INT64 (pspec);

      g_value_set_int64 (first, MAX (range->minimum, MIN (range->maximum, 7)));
      g_value_set_int64 (second, MAX (range->minimum, MIN (range->maximum, 9)));
    }
  else if (type == G_TYPE_UINT)
    {
      GParamSpecUInt *range = G_PARAM_SPEC_UINT (pspec);

      g_value_set_uint (first, CLAMP (6, range->minimum, range->maximum));
      g_value_set_uint (second, CLAMP (12, range->minimum, range->maximum));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      GParamSpecDouble *range = G_PARAM_SPEC_DOUBLE (pspec);

      g_value_set_double (first, CLAMP (12.5, range->minimum, range->maximum));
      g_value_set_double (second, CLAMP (99.75, range->minimum, range->maximum));
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      GEnumClass *klass = g_type_class_ref (type);

      if (klass->n_values < 2)
        {
          g_type_class_unref (klass);
          return FALSE;
        }
      g_value_set_enum (first, klass->values[0].value);
      g_value_set_enum (second, klass->values[1].value);
      g_type_class_unref (klass);
    }
  else if (type == G_TYPE_DATE_TIME)
    {
      g_autoptr(GDateTime) early = g_date_time_new_local (2026, 12, 7, 10, 0, 0);
      g_autoptr(GDateTime) late = g_date_time_new_local (2026, 12, 7, 11, 30, 0);

      g_value_set_boxed (first, early);
      g_value_set_boxed (second, late);
    }
  else
    return FALSE;
  return g_param_values_cmp (pspec, first, second) != 0;
}

/* Whether two values are the same: boxed GDateTimes by time, not by pointer. */
static gboolean
same_value (GParamSpec   *pspec,
            const GValue *a,
            const GValue *b)
{
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_DATE_TIME)
    {
      GDateTime *x = g_value_get_boxed (a);
      GDateTime *y = g_value_get_boxed (b);

      return x != NULL && y != NULL ? g_date_time_equal (x, y) : x == y;
    }
  return g_param_values_cmp (pspec, a, b) == 0;
}

/* Each writable, explicitly notified property of @object: set to a value, set again to the
 * same (no notify), set to another (one notify), read back. Returns how many it checked. */
static guint
check_explicit_notify (GObject *object)
{
  guint n_specs = 0;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object),
                                                                  &n_specs);
  guint checked = 0;

  for (guint i = 0; i < n_specs; i++)
    {
      GParamSpec *pspec = specs[i];
      NotifyCount counts[] = { { pspec->name, 0 }, { NULL, 0 } };
      g_auto(GValue) first = G_VALUE_INIT;
      g_auto(GValue) second = G_VALUE_INIT;
      g_auto(GValue) read = G_VALUE_INIT;
      gulong handler;

      if ((pspec->flags & G_PARAM_WRITABLE) == 0 || (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0
          || (pspec->flags & G_PARAM_EXPLICIT_NOTIFY) == 0)
        continue;

      g_test_message ("%s:%s", G_OBJECT_TYPE_NAME (object), pspec->name);
      if (!two_values (pspec, &first, &second))
        g_error ("%s:%s: the checker has no two values of type %s", G_OBJECT_TYPE_NAME (object),
                 pspec->name, g_type_name (G_PARAM_SPEC_VALUE_TYPE (pspec)));

      handler = g_signal_connect (object, "notify", G_CALLBACK (on_notify_cb), counts);
      g_object_set_property (object, pspec->name, &first);
      counts[0].count = 0;
      g_object_set_property (object, pspec->name, &first);
      g_assert_cmpuint (counts[0].count, ==, 0);
      g_object_set_property (object, pspec->name, &second);
      g_assert_cmpuint (counts[0].count, ==, 1);
      g_signal_handler_disconnect (object, handler);

      g_value_init (&read, G_PARAM_SPEC_VALUE_TYPE (pspec));
      g_object_get_property (object, pspec->name, &read);
      g_assert_true (same_value (pspec, &read, &second));
      checked++;
    }
  return checked;
}

static void
test_disposition (void)
{
  g_autoptr(LcmDisposition) disposition = lcm_disposition_new ();

  g_assert_cmpuint (check_explicit_notify (G_OBJECT (disposition)), >=, 10);
}

static void
test_journey_query (void)
{
  g_autoptr(LcmJourneyQuery) query = lcm_journey_query_new ();

  g_assert_cmpuint (check_explicit_notify (G_OBJECT (query)), ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lcm/notify/disposition", test_disposition);
  g_test_add_func ("/lcm/notify/journey-query", test_journey_query);

  return g_test_run ();
}
