#!/usr/bin/env bash
# Installs what Wrapup needs to build, test and run on Debian 12 (or newer).
set -euo pipefail

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

packages=(
  # build
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
  # hostile input: libFuzzer harnesses (clang) and lcmctl under valgrind memcheck
  clang valgrind
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

export DEBIAN_FRONTEND=noninteractive
updated=false
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  updated=true
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# libFuzzer's runtime comes with the compiler-rt of clang's own version (14 on Debian 12).
clang_major=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
runtime="libclang-rt-${clang_major}-dev"
if ! dpkg-query -W -f='${Status}' "$runtime" 2>/dev/null | grep -q "ok installed"; then
  $updated || $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "$runtime"
fi
