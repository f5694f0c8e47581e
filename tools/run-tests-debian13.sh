#!/usr/bin/env bash
# Builds Wrapup with warnings as errors and runs the whole test suite on the current GNOME
# stack: Debian 13 (GTK 4.18, libadwaita 1.7, GLib 2.84), in the debootstrap root of
# tools/debian13-root.sh, under a virtual display and a D-Bus session.
#
#   tools/run-tests-debian13.sh [TOP]     (TOP: the project's top directory, default this clone)
#
# TESTS="app session" runs only those tests (meson test's names), with --verbose, while
# iterating; the default is the whole suite. DEBIAN13_COMMAND="..." runs that command instead,
# in TOP inside the root with the same mounts (tools/bench.sh --stack debian13 does).
#
# The build directory is TOP/_build-ci-debian13: TOP is bind-mounted at the same path inside
# the root, so its meson-logs/testlog.json is read from outside (tools/count-tests.py).
# Every mount is made in a mount namespace of this run's own (unshare): the host and other
# users of the same root never see them, and a run that is killed leaves none behind (they go
# with the namespace's last process), so removing the cache can never reach the host's /dev
# or the clone. They are still unmounted on exit, in reverse order. Needs root.
# Exits non-zero when the root cannot be had, the build fails or any test fails.
set -uo pipefail

if [ "${1:-}" = --inside ]; then
  # Second half, in the private mount namespace: TOP ROOT.
  top=$2
  root=$3
  mounted=()
  cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
      umount "${mounted[i]}" 2> /dev/null || umount -l "${mounted[i]}" || true
    done
    mounted=()
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM HUP
  # mount_at SOURCE TARGET [mount options...]: once only (a target that is already a mount
  # point, of this run or copied from the host's, is used as it is and left alone).
  mount_at() {
    local source=$1 target=$2
    shift 2
    mkdir -p "$target" || return 1
    if mountpoint -q "$target"; then
      return 0
    fi
    mount "$@" "$source" "$target" || return 1
    mounted+=("$target")
  }
  mount_at proc "$root/proc" -t proc &&
    mount_at /sys "$root/sys" --bind &&
    mount_at /dev "$root/dev" --bind &&
    mount_at /dev/pts "$root/dev/pts" --bind &&
    mount_at /dev/shm "$root/dev/shm" --bind &&
    # The host's /tmp: xvfb-run -a then sees the displays the host's own test runs hold
    # (their lock files), whose abstract sockets the root shares with the host.
    mount_at /tmp "$root/tmp" --bind &&
    mount_at "$top" "$root$top" --bind || {
    echo "run-tests-debian13: cannot mount into $root" >&2
    exit 1
  }

  home=$(mktemp -d /tmp/wrapup-debian13-home.XXXXXX) || exit 1
  trap 'rm -rf --one-file-system "$home"; cleanup' EXIT
  build=$top/_build-ci-debian13
  if [ -n "${DEBIAN13_COMMAND:-}" ]; then
    chroot "$root" /usr/bin/env -i \
      HOME="$home" USER=root LOGNAME=root SHELL=/bin/bash TERM="${TERM:-dumb}" \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
      /bin/bash -c 'cd "$1" && eval "$2"' bash "$top" "$DEBIAN13_COMMAND"
    exit $?
  fi
  chroot "$root" /usr/bin/env -i \
    HOME="$home" USER=root LOGNAME=root SHELL=/bin/bash TERM="${TERM:-dumb}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 ${SOAK_SECONDS:+SOAK_SECONDS="$SOAK_SECONDS"} TESTS="${TESTS:-}" \
    /bin/bash -c '
      set -uo pipefail
      top=$1
      build=$2
      cd "$top" || exit 1
      . /etc/os-release
      echo "== $PRETTY_NAME: GTK $(pkg-config --modversion gtk4), libadwaita $(pkg-config --modversion libadwaita-1), GLib $(pkg-config --modversion glib-2.0)"
      start=$SECONDS
      if [ ! -f "$build/build.ninja" ]; then
        meson setup "$build" -Dwerror=true || exit 1
      fi
      meson compile -C "$build" || { echo "build debian13 failed"; exit 1; }
      echo "== setup and compile: $((SECONDS - start)) s"
      start=$SECONDS
      selection=()
      if [ -n "$TESTS" ]; then
        read -r -a selection <<< "$TESTS"
        selection+=(--verbose)
      fi
      tests/private-session-bus.sh xvfb-run -a -s "-screen 0 1280x1024x24" \
        meson test -C "$build" --print-errorlogs --num-processes 2 "${selection[@]}"
      status=$?
      echo "== tests: $((SECONDS - start)) s"
      exit $status
    ' bash "$top" "$build"
  exit $?
fi

top=$(cd "${1:-$(dirname "$0")/..}" && pwd) || exit 1
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "run-tests-debian13: needs root (debootstrap, mount, chroot)" >&2
  exit 1
fi

start=$SECONDS
root=$("$here/debian13-root.sh" | tail -n 1)
if [ -z "$root" ] || [ ! -x "$root/usr/bin/meson" ]; then
  echo "run-tests-debian13: no Debian 13 root" >&2
  exit 1
fi
echo "== Debian 13 root $root: $((SECONDS - start)) s"

exec unshare --mount --propagation private -- "$here/run-tests-debian13.sh" --inside "$top" "$root"
