#!/usr/bin/env bash
# Makes, or reuses, the Debian 13 root of the CI stages on the current GNOME stack (GTK 4.18,
# libadwaita 1.7, GLib 2.84): tools/run-tests-debian13.sh builds and tests in it, and the
# Flatpak's runtime is made from the same root. This is the one list of what it holds; a kept
# root gets what it lacks (tools/debian-root.sh). Prints the root's path on its last line.
set -euo pipefail

packages=(
  # build (as tools/install-deps.sh)
  meson ninja-build pkg-config gcc python3 gettext gettext-base
  libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libgtk-4-dev libadwaita-1-dev
  # tests: a display and a session bus for UI tests, sqlite3 to inspect the simulator
  xvfb xauth dbus dbus-x11 sqlite3
  # real key events for the keyboard tests (XTest)
  libxtst-dev
  # what a screen reader reads: the accessibility bus and a real AT-SPI client (pyatspi)
  at-spi2-core python3-pyatspi gir1.2-atspi-2.0
  # administrator lockdown, tested as administrators set it: dconf compile and its backend
  dconf-cli dconf-gsettings-backend
  # an en_US.UTF-8 locale for the translation tests (built into the build directory)
  locales
  # data-file validation
  desktop-file-utils appstream
  # GIO's TLS backend (wss://, tests/test-tls.c); GSettings schemas GTK reads
  glib-networking gsettings-desktop-schemas ca-certificates
  # what GTK draws with, for the UI tests and the Flatpak's runtime
  fonts-cantarell fonts-dejavu-core adwaita-icon-theme hicolor-icon-theme
  shared-mime-info librsvg2-common
  # the Flatpak's Sdk: flatpak-builder 1.2 runs appstream-compose in it
  appstream-util
)

exec "$(dirname "$0")/debian-root.sh" trixie trixie-gnome "${packages[@]}"
