#!/usr/bin/env bash
# Runs the benchmarks (bench/, see docs/performance.md) on demand: installs what is needed
# (Chromium too, for the memory comparison), makes an optimized build in _build-bench, and
# runs bench/run.py under a virtual display and a private D-Bus session. Prints one table;
# with --write-doc it also replaces the table in docs/performance.md. Other arguments go to
# bench/run.py (--runs N, --rows N, ...). Takes a few minutes; keep the machine otherwise
# idle.
set -euo pipefail

cd "$(dirname "$0")/.."
tools/install-deps.sh

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
for package in chromium linux-perf xdotool; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "$package" || echo "bench: $package could not be installed; going on without it" >&2
  fi
done

[ -f _build-bench/build.ninja ] || meson setup _build-bench --buildtype=release
meson compile -C _build-bench

args=()
for arg in "$@"; do
  if [ "$arg" = --write-doc ]; then
    args+=(--write-doc docs/performance.md)
  else
    args+=("$arg")
  fi
done

exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  python3 bench/run.py --build _build-bench "${args[@]}"
