#!/usr/bin/env bash
# Sets up and runs the demo: installs what is needed, builds Wrapup, and starts the app with
# --demo, which runs the bundled LCM gateway simulator (lcm-sim) on a free loopback port with
# seeded data, connects to it and opens a demo call. Needs a graphical session.
# Without one, tools/demo-cli.sh walks through the same protocol in a terminal.
set -euo pipefail

cd "$(dirname "$0")/.."
tools/install-deps.sh

[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No graphical session: running the terminal demo instead (tools/demo-cli.sh)." >&2
  exec tools/demo-cli.sh
fi

# The schema is compiled into the build tree; use it rather than an installed one.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
exec _build/src/wrapup --demo
