/* wrapup-session-files.c: the files a session reads and opens
 *
 * The access token file (read once, never logged, refused when it is not the agent's own
 * small private file), the durable outbox (refused, and left as it is, when the file at its
 * path is not an SQLite database), the settings when installed and the data directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "wrapup-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wrapup-callback-reminder.h"
#include "wrapup-call.h"
#include "wrapup-session-private.h"
#include "wrapup-sqlite-file.h"
#include "wrapup-trace.h"

/* Reads what the token file open on fd holds into contents (MAX_TOKEN_SIZE + 1 bytes), only
 * when it is a regular file no larger than MAX_TOKEN_SIZE: a device, a pipe or a directory
 * is refused before anything is read. Returns the length read, or -1. */
static gssize
read_token_bytes (int           fd,
                  const char   *shown,
                  char         *contents,
                  struct stat  *info,
                  GError      **error)
{
  gsize length = 0;
  int saved_errno;

  if (fstat (fd, info) != 0)
    goto failed;
  if (!S_ISREG (info->st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The file %s is not a regular file"), shown);
      return -1;
    }

  /* One byte more than the bound tells a file that grew since fstat. */
  while (info->st_size <= MAX_TOKEN_SIZE && length <= MAX_TOKEN_SIZE)
    {
      gssize n = read (fd, contents + length, MAX_TOKEN_SIZE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      if (n == 0)
        break;
      length += n;
    }
  if (info->st_size > MAX_TOKEN_SIZE || length > MAX_TOKEN_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The file %s is larger than %d KiB: it is not a token"),
                   shown, MAX_TOKEN_SIZE / 1024);
      return -1;
    }
  return length;

failed:
  saved_errno = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("The file %s cannot be read: %s"), shown,
               g_strerror (saved_errno));
  return -1;
}

/* See wrapup-session.h. The access token never goes into GSettings, logs or messages. */
char *
wrapup_read_token_file (const char  *path,
                        char       **out_warning,
                        GError     **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *contents = NULL;
  char *token = NULL;
  struct stat info;
  gssize length;
  const char *start, *end, *p;
  int fd;

  g_return_val_if_fail (out_warning == NULL || *out_warning == NULL, NULL);

  if (path == NULL || *path == '\0')
    return NULL;

  shown = g_filename_display_name (path);
  /* Non-blocking, so that a pipe with no writer is refused rather than waited on. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The file %s cannot be opened: %s"), shown,
                   g_strerror (saved_errno));
      return NULL;
    }
  contents = g_malloc0 (MAX_TOKEN_SIZE + 1);
  length = read_token_bytes (fd, shown, contents, &info, error);
  g_close (fd, NULL);
  if (length < 0)
    {
      memset (contents, 0, MAX_TOKEN_SIZE + 1);
      return NULL;
    }

  /* Blanks and the line end an editor adds around it are not part of the token. */
  start = contents;
  end = contents + length;
  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  /* It travels in an HTTP header, where a line break would end it and start another:
   * printable ASCII only. */
  for (p = start; p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x7f; p++)
    ;
  if (p < end)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("The token in %s holds a line break, a control character or a character "
                   "other than ASCII"), shown);
  else
    token = g_strndup (start, end - start);
  memset (contents, 0, MAX_TOKEN_SIZE + 1);

  if (token != NULL && out_warning != NULL && (info.st_mode & (S_IRGRP | S_IROTH)) != 0)
    *out_warning = g_strdup_printf (_("The access token file %s can be read by other users: "
                                      "make it private (chmod 600)"), shown);
  return token;
}

/* Whether the file at path starts as every SQLite database does. Our own outbox path holding
 * anything else is no database at all: damaged beyond what SQLite can tell. */
static gboolean
holds_sqlite_header (const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char header[sizeof magic] = { 0 };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  gsize length = 0;

  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof header, &length,
                                   NULL, NULL))
    return TRUE;   /* unreadable: not ours to judge, and not to move */
  return length == 0 || (length == sizeof header && memcmp (header, magic, sizeof magic) == 0);
}

LcmOutbox *
wrapup_session_open_durable_outbox (WrapupSession *self,
                                    const char    *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "outbox.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *aside = NULL;
  LcmOutbox *outbox;

  outbox = lcm_outbox_new (NULL, path, &error);
  if (outbox != NULL)
    return outbox;

  /* A damaged file cannot be used as it is: keep it, out of the way, and start a new one,
   * so that wrap-ups are still kept safe. What the old file holds is not lost: it is named.
   * A file that is only locked or unreadable, or another program's, stays where it is. (The
   * outbox judges damage itself: opening the file here to look could lose its -wal.) */
  if (g_error_matches (error, LCM_OUTBOX_ERROR, LCM_OUTBOX_ERROR_DAMAGED)
      || !holds_sqlite_header (path))
    aside = wrapup_sqlite_file_set_aside (path, &again_error);
  if (aside != NULL)
    {
      outbox = lcm_outbox_new (NULL, path, &again_error);
      if (outbox != NULL)
        {
          g_autofree char *shown = g_filename_display_name (aside);
          g_autofree char *text =
            g_strdup_printf (_("The outbox could not be read (%s). It was set aside as %s, "
                               "with any wrap-ups it held, and a new one was started."),
                             error->message, shown);

          wrapup_session_report_problem (self, text);
          return outbox;
        }
    }

  {
    /* Still usable, but a dropped connection or a crash would lose what waits: say so. */
    g_autofree char *text = g_strdup_printf (_("Wrap-ups cannot be kept on this computer "
                                               "until they are sent: %s"), error->message);
    wrapup_session_report_problem (self, text);
  }
  return lcm_outbox_new (NULL, NULL, NULL);
}

GSettings *
wrapup_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APPLICATION_ID);
}

char *
wrapup_data_dir_for (gboolean    in_flatpak,
                     const char *host_data_home)
{
  if (!in_flatpak)
    return g_build_filename (g_get_user_data_dir (), "wrapup", NULL);
  /* --filesystem=xdg-data/wrapup mounts the host's folder at the same path in the sandbox,
   * while g_get_user_data_dir() is the sandbox's own ~/.var/app/… */
  if (host_data_home != NULL && g_path_is_absolute (host_data_home))
    return g_build_filename (host_data_home, "wrapup", NULL);
  return g_build_filename (g_get_home_dir (), ".local", "share", "wrapup", NULL);
}

char *
wrapup_data_dir (void)
{
  return wrapup_data_dir_for (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS),
                              g_getenv ("HOST_XDG_DATA_HOME"));
}
