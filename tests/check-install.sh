#!/usr/bin/env bash
# Installs the build into a temporary directory (DESTDIR) and checks what an administrator
# would get: every data file in its standard place, the desktop file registered as the
# handler of wrapup:// links, and the installed app speaking French with LANGUAGE=fr.
# TAP output. Usage: check-install.sh BUILD_DIR PREFIX
set -uo pipefail

build=$1
prefix=$2
app=io.github.wrapupdesk.Wrapup
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
share=$root$prefix/share
n=0
failed=0
report() { # report OK NAME [DETAIL]
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2${3:+ # $3}"; failed=1; fi
}

echo "1..14"
DESTDIR=$root meson install -C "$build" --no-rebuild --quiet >"$tmp/install.log" 2>&1
report $? "meson install into a temporary root" "$(tail -n 1 "$tmp/install.log")"

for file in \
  "applications/$app.desktop" \
  "metainfo/$app.metainfo.xml" \
  "glib-2.0/schemas/$app.gschema.xml" \
  "dbus-1/services/$app.service" \
  "icons/hicolor/scalable/apps/$app.svg" \
  "icons/hicolor/symbolic/apps/$app-symbolic.svg"; do
  test -s "$share/$file"
  report $? "installs share/$file"
done

test -x "$root$prefix/bin/wrapup" && test -x "$root$prefix/bin/lcmctl" && test -x "$root$prefix/bin/lcm-sim"
report $? "installs wrapup, lcmctl and lcm-sim"

grep -qx "Exec=$prefix/bin/wrapup --gapplication-service" "$share/dbus-1/services/$app.service"
report $? "the D-Bus service starts the installed binary as a service"

desktop-file-validate "$share/applications/$app.desktop" >"$tmp/validate.log" 2>&1
report $? "the installed desktop file is valid" "$(head -n 1 "$tmp/validate.log")"

# What `gio open wrapup://…` consults: the MIME cache of the data directories.
update-desktop-database "$share/applications" >/dev/null 2>&1
mkdir -p "$tmp/home" "$tmp/config"
# GIO skips entries whose Exec program is not on PATH, as it would be on an installed system.
mime=$(PATH=$root$prefix/bin:$PATH XDG_DATA_DIRS=$share XDG_DATA_HOME=$tmp/home \
       XDG_CONFIG_HOME=$tmp/config XDG_CONFIG_DIRS=$tmp/config gio mime x-scheme-handler/wrapup 2>&1)
echo "$mime" | grep -q "$app.desktop"
report $? "the desktop file is the registered handler of x-scheme-handler/wrapup" "$(echo "$mime" | head -n 1)"

test -s "$share/man/man1/wrapup.1" && test -s "$share/man/man1/lcmctl.1" && test -s "$share/man/man1/lcm-sim.1"
report $? "installs the manual pages of wrapup, lcmctl and lcm-sim"

test -s "$share/locale/fr/LC_MESSAGES/wrapup.mo" && test -s "$share/locale/es/LC_MESSAGES/wrapup.mo"
report $? "installs the French and Spanish catalogues"

# The installed app in French: its own catalogue says what the text must be.
english="Start the bundled gateway simulator and open a demo call"
french=$(TEXTDOMAINDIR=$share/locale LANGUAGE=fr gettext -d wrapup "$english")
help=$(LANGUAGE=fr WRAPUP_LOCALEDIR=$share/locale "$root$prefix/bin/wrapup" --help 2>&1)
[ "$french" != "$english" ] && echo "$help" | grep -qF -- "$french"
report $? "the installed app shows French text with LANGUAGE=fr" "$(echo "$help" | sed -n 2p)"

exit $failed
