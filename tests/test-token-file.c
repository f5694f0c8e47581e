/* test-token-file.c: reading the access token file named by WRAPUP_TOKEN_FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrapup-session.h"

/* What the session reads at most: a token file is small. */
#define MAX_TOKEN_SIZE (16 * 1024)

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("wrapup-token-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      if (g_rmdir (path) != 0)
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length,
            int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* The file is refused: no token, no warning, an error that names the file and does not
 * hold what the file holds. */
static void
assert_refused (const char *path,
                const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *token = NULL;
  g_autofree char *shown = g_filename_display_name (path);

  token = wrapup_read_token_file (path, &warning, &error);
  g_assert_null (token);
  g_assert_null (warning);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, shown));
  if (secret != NULL)
    g_assert_null (strstr (error->message, secret));
}

static void
test_private (Fixture       *fixture,
              gconstpointer  data)
{
  static const char *contents[] = { "s3cret.token-value\n", "s3cret.token-value\r\n",
                                    "s3cret.token-value" };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;
      g_autofree char *token = NULL;
      g_autofree char *path = write_file (fixture, "token", contents[i], -1, 0600);

      token = wrapup_read_token_file (path, &warning, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, "s3cret.token-value");
      g_assert_null (warning);
    }
}

static void
test_none (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  g_assert_null (wrapup_read_token_file (NULL, &warning, &error));
  g_assert_null (wrapup_read_token_file ("", &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
}

static void
test_missing (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "absent", NULL);

  assert_refused (path, NULL);
}

/* Still used, but the agent is told to make it private. */
static void
test_readable_by_others (Fixture       *fixture,
                         gconstpointer  data)
{
  static const int modes[] = { 0644, 0640, 0604, 0444 };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;
      g_autofree char *token = NULL;
      g_autofree char *path = write_file (fixture, "token", "s3cret\n", -1, modes[i]);
      g_autofree char *shown = g_filename_display_name (path);

      token = wrapup_read_token_file (path, &warning, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (token, ==, "s3cret");
      g_assert_nonnull (warning);
      g_test_message ("%o: %s", (guint) modes[i], warning);
      g_assert_nonnull (strstr (warning, shown));
      g_assert_nonnull (strstr (warning, "chmod 600"));
      g_assert_null (strstr (warning, "s3cret"));
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* A line break would end the Authorization header and start another one. */
static void
test_control_characters (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct { const char *contents; gssize length; } cases[] = {
    { "s3cret\nX-Injected: 1\n", -1 },
    { "s3cret\r\nX-Injected: 1", -1 },
    { "s3cret\rmore", -1 },
    { "s3cret\tmore\n", -1 },
    { "s3cret\033[2Jmore", -1 },
    { "s3cret\177more", -1 },
    { "s3cret\0more\n", 12 },
    { "s3cret\302\205more", -1 },    /* U+0085 NEXT LINE */
    { "s3cret\342\200\250more", -1 }, /* U+2028 LINE SEPARATOR */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, "token", cases[i].contents,
                                          cases[i].length, 0600);

      assert_refused (path, "s3cret");
    }
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *largest = g_strnfill (MAX_TOKEN_SIZE, 'a');
  g_autofree char *larger = g_strnfill (MAX_TOKEN_SIZE + 1, 'a');
  g_autofree char *huge = g_strnfill (20 * 1024, 'a');
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;

  /* The bound itself is a token still. */
  path = write_file (fixture, "largest", largest, -1, 0600);
  token = wrapup_read_token_file (path, &warning, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, largest);
  g_clear_pointer (&path, g_free);

  path = write_file (fixture, "larger", larger, -1, 0600);
  assert_refused (path, NULL);
  g_clear_pointer (&path, g_free);

  path = write_file (fixture, "huge", huge, -1, 0600);
  assert_refused (path, NULL);
}

/* A file that says it is empty but holds more than the bound, as one growing while it is
 * read would: only the bound and one byte more are read, and it is refused. */
static void
test_grows (void)
{
  const char *path = "/proc/self/smaps";
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf info;

  if (g_stat (path, &info) != 0 || info.st_size != 0 ||
      !g_file_get_contents (path, &contents, &length, NULL) || length < 2 * MAX_TOKEN_SIZE)
    {
      g_test_skip ("no /proc/self/smaps larger than the bound");
      return;
    }
  assert_refused (path, NULL);
}

static glong
peak_memory_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* Endless: refused at once, before anything is read. */
static void
test_device (void)
{
  glong before = peak_memory_kib ();
  gint64 start = g_get_monotonic_time ();

  assert_refused ("/dev/zero", NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (peak_memory_kib () - before, <, 8 * 1024);
}

/* A pipe with no writer must not block the session; a directory is no token either. */
static void
test_not_regular (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo", NULL);
  g_autofree char *dir = g_build_filename (fixture->dir, "dir", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "link", NULL);
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fifo, NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  assert_refused (dir, NULL);
  /* A link is followed: what it leads to is checked. */
  g_assert_cmpint (symlink ("/dev/zero", link), ==, 0);
  assert_refused (link, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* The session still connects with the token, and tells the agent to make the file private. */
static void
test_session_reports (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "token", "s3cret\n", -1, 0644);
  g_autoptr(WrapupSession) session = wrapup_session_new (NULL);
  g_auto(GStrv) problems = NULL;

  wrapup_session_open_storage (session, NULL);
  wrapup_session_configure (session, "ws://127.0.0.1:9/", NULL, FALSE, NULL, path);
  g_assert_nonnull (wrapup_session_get_client (session));
  problems = wrapup_session_take_problems (session);
  g_assert_nonnull (problems);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "chmod 600"));
  g_assert_null (strstr (problems[0], "s3cret"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/wrapup/token-file/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("private", test_private);
  ADD ("missing", test_missing);
  ADD ("readable-by-others", test_readable_by_others);
  ADD ("control-characters", test_control_characters);
  ADD ("too-large", test_too_large);
  ADD ("not-regular", test_not_regular);
  ADD ("session-reports", test_session_reports);
#undef ADD
  g_test_add_func ("/wrapup/token-file/none", test_none);
  g_test_add_func ("/wrapup/token-file/device", test_device);
  g_test_add_func ("/wrapup/token-file/grows", test_grows);

  return g_test_run ();
}
