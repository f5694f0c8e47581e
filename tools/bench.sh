#!/usr/bin/env bash
# Runs the benchmarks (bench/, see docs/performance.md) on demand: installs what is needed
# (Chromium too, for the browser baselines), makes an optimized build, and runs bench/run.py
# under a virtual display and a private D-Bus session. Prints one table; with --write-doc it
# also replaces that stack's table in docs/performance.md. Other arguments go to
# bench/run.py (--runs N, --rows N, ...). Takes some ten minutes; keep the machine otherwise
# idle.
#
#   tools/bench.sh [--stack debian12|debian13] [--write-doc] [bench/run.py arguments]
#
# --stack debian12 (the default) runs on this machine's stack, the floor (GTK 4.8); --stack
# debian13 runs the same inside the Debian 13 root the CI makes (GTK 4.18, libadwaita 1.7,
# GLib 2.84: tools/run-tests-debian13.sh), building in _build-bench-debian13. Needs root.
set -euo pipefail

cd "$(dirname "$0")/.."

stack=debian12
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stack) stack=$2; shift 2 ;;
    --stack=*) stack=${1#--stack=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

case "$stack" in
  debian12) build=_build-bench ;;
  debian13)
    if [ ! -f /etc/debian_version ] || ! grep -q '^13\|^trixie' /etc/debian_version; then
      # From the host: the same script, inside the Debian 13 root.
      quoted=$(printf ' %q' "${args[@]+"${args[@]}"}")
      exec env DEBIAN13_COMMAND="tools/bench.sh --stack debian13$quoted" \
        tools/run-tests-debian13.sh
    fi
    build=_build-bench-debian13 ;;
  *) echo "bench: --stack is debian12 or debian13, not $stack" >&2; exit 2 ;;
esac

tools/install-deps.sh

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
for package in chromium linux-perf xdotool; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "$package" || echo "bench: $package could not be installed; going on without it" >&2
  fi
done

[ -f "$build/build.ninja" ] || meson setup "$build" --buildtype=release
meson compile -C "$build"

run_args=(--stack "$stack")
for arg in "${args[@]+"${args[@]}"}"; do
  if [ "$arg" = --write-doc ]; then
    run_args+=(--write-doc docs/performance.md)
  else
    run_args+=("$arg")
  fi
done

exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  python3 bench/run.py --build "$build" "${run_args[@]}"
