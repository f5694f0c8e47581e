/* fuzz-common.h: what every libFuzzer harness of Wrapup shares
 *
 * A harness fails (aborts) on a crash, a sanitizer report, a GLib critical or warning, and
 * on any broken invariant it checks with fuzz_assert: a result that makes no sense is as much
 * a bug as a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not g_assert: it must hold in every build, whatever G_DISABLE_ASSERT says. */
#define fuzz_assert(expr) \
  G_STMT_START \
    { \
      if (G_UNLIKELY (!(expr))) \
        { \
          fprintf (stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #expr); \
          abort (); \
        } \
    } \
  G_STMT_END

/* Called from each harness's LLVMFuzzerInitialize, before GLib allocates anything. */
static inline void
fuzz_setup (void)
{
  /* Every GSlice block through malloc, so AddressSanitizer sees each one. */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  /* Messages in English whatever the machine says. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  /* A g_return_if_fail or a g_warning on hostile input is a bug: make it a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* A message that may reach a person: valid UTF-8, no control characters (no line breaks or
 * escape sequences a hostile value could smuggle into a dialog or a log line). */
static inline void
fuzz_check_message (const char *message)
{
  fuzz_assert (message != NULL);
  fuzz_assert (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p++)
    fuzz_assert ((guchar) *p >= 0x20 && *p != 0x7f);
}

/* The input as a NUL-terminated string, or NULL when it holds a NUL byte (C strings cannot
 * carry one: the callers of these parsers never pass one). */
static inline char *
fuzz_dup_string (const guint8 *data,
                 size_t        size)
{
  if (memchr (data, '\0', size) != NULL)
    return NULL;
  return g_strndup ((const char *) data, size);
}
