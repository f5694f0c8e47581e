/* main.c: Wrapup's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "wrapup-application.h"
#include "wrapup-trace.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WrapupApplication) app = NULL;
  const char *localedir = g_getenv ("WRAPUP_LOCALEDIR");

  wrapup_trace_mark ("main");
  setlocale (LC_ALL, "");
  /* WRAPUP_LOCALEDIR: catalogues of an uninstalled or relocated copy (meson devenv, tests). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = wrapup_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
