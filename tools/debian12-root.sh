#!/usr/bin/env bash
# Makes, or reuses, the clean Debian 12 root tools/check-deb.sh installs the packages into
# (in an overlay: the root itself stays clean). Beside Debian's base only what the check
# runs (Xvfb, a session bus, gio and gsettings, man), and desktop-file-utils, whose trigger
# writes the MIME cache that maps wrapup:// links to the desktop file, as on any desktop (GIO
# reads no handler from a desktop file without it). Prints the root's path on its last line.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

packages=(
  xvfb dbus-daemon dbus-bin dbus-session-bus-common libglib2.0-bin man-db
  desktop-file-utils
)

exec "$(dirname "$0")/debian-root.sh" bookworm bookworm-clean "${packages[@]}"
