#!/usr/bin/env bash
# Regenerates po/wrapup.pot from po/POTFILES with the keywords of meson's 'glib' gettext
# preset (the same extraction tests/check-translations.py checks against) and merges it into
# every po/<lang>.po. New or changed messages come out untranslated or fuzzy, for translators.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
  --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
  --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
  --flag=g_set_error:4:c-format --package-name=wrapup -D . -f po/POTFILES -o po/wrapup.pot
for lang in $(sed 's/#.*//' po/LINGUAS); do
  msgmerge --quiet --previous --update --backup=none "po/$lang.po" po/wrapup.pot
  printf '%s: ' "$lang"
  msgfmt --check --statistics -o /dev/null "po/$lang.po"
done
