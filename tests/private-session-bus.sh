#!/bin/sh
# Runs a command on a session bus of its own, like dbus-run-session, whose only activatable
# services are the two the tests use: the accessibility bus (at-spi2-core) and dconf (the
# lockdown test). Not the machine's standard service directories: with xdg-desktop-portal
# installed (tools/check-flatpak.sh installs it on the host), libadwaita's first look at the
# Settings portal activated it, and on a machine without FUSE its document portal held every
# GTK program's first frame for D-Bus's 25-second timeout, then outlived the bus with the
# test's output pipe open, so meson waited for the test until its timeout.
#
# Usage: private-session-bus.sh COMMAND [ARGUMENT...]
set -eu

dir=$(mktemp -d "${TMPDIR:-/tmp}/wrapup-bus.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$dir/services"

for name in org.a11y.Bus ca.desrt.dconf; do
  for data_dir in ${XDG_DATA_HOME:-$HOME/.local/share} $(echo "${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" | tr ':' ' '); do
    if [ -f "$data_dir/dbus-1/services/$name.service" ]; then
      cp "$data_dir/dbus-1/services/$name.service" "$dir/services/"
      break
    fi
  done
done

cat > "$dir/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=$dir</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$dir/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

status=0
dbus-run-session --config-file="$dir/session.conf" -- "$@" || status=$?
exit $status
