#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages (debian/) from the committed tree, lints them, installs them in
# a clean Debian 12 root and proves there that a wrapup:// link opened with `gio open` reaches
# the installed app by D-Bus activation: the app, pointed at the packaged lcm-sim by its
# settings, asks the simulator for the linked call's outcomes and journey.
#
#   tools/check-deb.sh
#
# TAP on stdout; logs and the packages in _build-ci-deb/ (each stage's log is named in its
# diagnostic). Exits non-zero on any failure. Needs root (apt-get, debootstrap, chroot,
# mounts). The build works on a copy of HEAD (git archive) in a temporary directory, so the
# clone stays clean and no build directory of the clone is packaged. The Debian 12 root is
# made once by tools/debian-root.sh (bookworm-clean) and never changed by this script: the
# packages are installed in an overlay of it, thrown away at exit.
set -uo pipefail

cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/_build-ci-deb
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d /tmp/wrapup-deb.XXXXXX)
merged=$tmp/root
mounts=()

n=0
status=0
report() { # report OK NAME [LOG]
  n=$((n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    status=1
    if [ -n "${3:-}" ] && [ -f "$3" ]; then
      echo "# log: $3"
      tail -n 15 "$3" | sed 's/^/#   /'
    fi
  fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
timed() { # timed NAME START
  echo "# time: $1 $((SECONDS - $2)) s"
}

# Every process running in the root (this script started them all: the root is its own), then
# the mounts, newest first; the temporary directory only once nothing is mounted in it.
cleanup() {
  local pid pids
  if [ -d "$merged" ]; then
    for sig in TERM KILL; do
      pids=()
      for pid in /proc/[0-9]*; do
        [ "$(readlink "$pid/root" 2> /dev/null)" = "$merged" ] && pids+=("${pid#/proc/}")
      done
      [ ${#pids[@]} -eq 0 ] && break
      kill -s "$sig" "${pids[@]}" 2> /dev/null
      sleep 1
    done
  fi
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[$i]}" 2> /dev/null || umount -l "${mounts[$i]}" 2> /dev/null
  done
  if grep -q " $tmp" /proc/mounts; then
    echo "# $tmp is still mounted on: not removed" >&2
  else
    rm -rf --one-file-system "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# What the host needs: the packaging tools, then the build dependencies debian/control names.
export DEBIAN_FRONTEND=noninteractive
apt_host() { apt-get -o DPkg::Lock::Timeout=900 "$@"; }
need=()
for p in dpkg-dev debhelper lintian fakeroot debootstrap debian-archive-keyring python3; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "ok installed" || need+=("$p")
done
updated=false
if [ ${#need[@]} -gt 0 ]; then
  { apt_host update && updated=true
    apt_host install -y --no-install-recommends "${need[@]}"; } >> "$out/host-apt.log" 2>&1
fi
# "Unmet build dependencies: a (>= 1) b | c" -> a b (the first of alternatives)
unmet=$(cd "$top" && dpkg-checkbuilddeps 2>&1 | sed -n 's/.*Unmet build dependencies: //p' |
        sed 's/([^)]*)//g; s/|[^ ]*//g; s/:any//g')
if [ -n "$unmet" ]; then
  { $updated || apt_host update
    # shellcheck disable=SC2086
    apt_host install -y --no-install-recommends $unmet; } >> "$out/host-apt.log" 2>&1
fi

# 1. The packages, from HEAD: the upstream tarball without debian/, and the source package
# and the binary ones, as an archive would build them.
start=$SECONDS
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
upstream=${version%-*}
meson_version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" meson.build | head -n 1)
build_log=$out/build.log
{
  echo "debian/changelog: $version; meson.build: $meson_version"
  [ "$upstream" = "$meson_version" ] || { echo "the versions differ"; false; } &&
  git archive --format=tar --prefix="wrapup-$upstream/" HEAD ':(exclude)debian' |
    xz -T0 > "$tmp/wrapup_$upstream.orig.tar.xz" &&
  mkdir "$tmp/src" &&
  git archive --format=tar --prefix="wrapup-$upstream/" HEAD | tar -x -C "$tmp/src" &&
  mv "$tmp/wrapup_$upstream.orig.tar.xz" "$tmp/src/" &&
  (cd "$tmp/src/wrapup-$upstream" && dpkg-buildpackage -us -uc) &&
  cp "$tmp"/src/*.deb "$tmp"/src/*.changes "$tmp"/src/*.dsc "$tmp"/src/*.tar.* "$out/"
} > "$build_log" 2>&1
report $? "the .deb builds (wrapup $version, from HEAD)" "$build_log"
timed build $start
changes=$(ls "$tmp"/src/wrapup_*.changes 2> /dev/null | head -n 1)

# 2. lintian on the source package and the binary ones: nothing but the tag every first
# upload gets (it closes no ITP bug: this package is not in Debian).
start=$SECONDS
lintian_log=$out/lintian.log
if [ -n "$changes" ]; then
  lintian --fail-on error,warning --suppress-tags initial-upload-closes-no-bugs \
    -I --pedantic "$changes" > "$lintian_log" 2>&1
  rc=$?
  # A tag lintian does not fail on still belongs in the log, but only errors and warnings fail.
  report $rc "lintian: no error or warning" "$lintian_log"
  grep -E '^[IP]: ' "$lintian_log" | sed 's/^/# lintian: /'
else
  report 1 "lintian: no error or warning (no .changes)"
fi
timed lintian $start

# 3. A clean Debian 12 (made once and kept; the install goes into an overlay of it).
start=$SECONDS
root_log=$out/root.log
base=$(tools/debian12-root.sh 2> "$root_log" | tail -n 1)
timed "debian-12-root" $start
start=$SECONDS
install_log=$out/install.log
mount_in() { # mount_in MOUNT-ARGS... TARGET
  mount "$@" && mounts+=("${!#}")
}
{
  [ -d "$base" ] && [ -n "$changes" ] &&
  mkdir -p "$tmp/upper" "$tmp/work" "$merged" &&
  mount_in -t overlay overlay -o "lowerdir=$base,upperdir=$tmp/upper,workdir=$tmp/work" "$merged" &&
  mount_in --bind /proc "$merged/proc" &&
  mount_in --bind /sys "$merged/sys" &&
  mount_in --bind /dev "$merged/dev" &&
  mount_in --bind /dev/pts "$merged/dev/pts" &&
  cp /etc/resolv.conf "$merged/etc/resolv.conf" &&
  mkdir -p "$merged/tmp/debs" &&
  cp "$tmp"/src/wrapup_*.deb "$tmp"/src/wrapup-tools_*.deb "$merged/tmp/debs/" &&
  chroot "$merged" apt-get -o DPkg::Lock::Timeout=900 update &&
  chroot "$merged" sh -c 'apt-get install -y ./tmp/debs/wrapup_*.deb ./tmp/debs/wrapup-tools_*.deb' &&
  chroot "$merged" dpkg-query -W wrapup wrapup-tools
} > "$install_log" 2>&1 < /dev/null
installed=$?
report $installed "installs in a clean Debian 12 (apt-get install ./wrapup_*.deb ./wrapup-tools_*.deb)" "$install_log"
timed install $start

# 4. A link opened with gio open, in a session of an agent's own: Xvfb, a D-Bus session bus,
# the packaged simulator with a known seed, and the app's settings pointing at it.
start=$SECONDS
check_log=$out/gio-open.log
callid=12345   # the demo call lcm-sim seeds, on the demo account
account='5|3|1|0|0|44|1'
link="wrapup://call/$callid?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND"
if [ $installed = 0 ]; then
  # A display number free on the host too: abstract X sockets are shared with the chroot.
  display=
  for d in $(seq $((200 + RANDOM % 500)) 999); do
    if [ ! -e "/tmp/.X$d-lock" ] && ! grep -q "/tmp/.X11-unix/X$d\$" /proc/net/unix; then
      display=$d
      break
    fi
  done
  chroot "$merged" useradd -m agent > "$check_log" 2>&1
  mkdir -p -m 1777 "$merged/tmp/.X11-unix"
  cat > "$merged/home/agent/session.sh" <<EOF
set -u
export HOME=/home/agent XDG_RUNTIME_DIR=/home/agent/run DISPLAY=:$display
export LC_ALL=C.UTF-8 GSETTINGS_BACKEND=keyfile GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none
mkdir -p -m 700 "\$XDG_RUNTIME_DIR"
cd "\$HOME"
Xvfb :$display -screen 0 1280x1024x24 -nolisten tcp > xvfb.log 2>&1 &
lcm-sim --port 0 --seed 42 --db sim.db > sim.url 2> sim.log &
for i in \$(seq 100); do
  [ -S /tmp/.X11-unix/X$display ] && [ -s sim.url ] && break
  sleep 0.1
done
url=\$(head -n 1 sim.url)
echo "simulator: \$url"
gsettings set io.github.wrapupdesk.Wrapup server-url "\$url"
gsettings set io.github.wrapupdesk.Wrapup agent-id testagent
echo "settings: \$(gsettings get io.github.wrapupdesk.Wrapup server-url)"
# The session bus lives as long as its command: gio open, then a wait the script ends.
exec dbus-run-session -- sh -c 'gio open "\$1" && echo "gio open: done" && sleep 120' sh '$link'
EOF
  chroot --userspec=agent:agent "$merged" env -i PATH=/usr/bin:/bin \
    sh /home/agent/session.sh >> "$check_log" 2>&1 < /dev/null &
  session=$!
  # The simulator records every frame it receives before it parses it (wire_log).
  requests=
  all="GetCallBackModes GetCustomerJourney GetOutcomeByOutcomegroup SetCallOutComeOffline"
  for _ in $(seq 90); do
    requests=$(python3 - "$merged/home/agent/sim.db" "$callid" "$account" 2>> "$check_log" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
# What opening the call asks (README, "Using the app"): by call id the business outcomes and
# callback modes; by the link's account the telephony outcomes and the journey.
keys = {'GetOutcomeByOutcomegroup': f'"{sys.argv[2]}"', 'GetCallBackModes': f'"{sys.argv[2]}"',
        'SetCallOutComeOffline': sys.argv[3], 'GetCustomerJourney': sys.argv[3]}
found = set()
for (text,) in db.execute('SELECT text FROM wire_log'):
    for subtopic, key in keys.items():
        if f'"{subtopic.lower()}"' in text.lower() and key in text:
            found.add(subtopic)
print(' '.join(sorted(found)))
EOF
)
    [ "$requests" = "$all" ] && break
    sleep 1
  done
  echo "requests for call $callid: $requests" >> "$check_log"
  # Who asked: the app started by D-Bus activation (its service file's command line).
  app=
  for pid in /proc/[0-9]*; do
    [ "$(readlink "$pid/root" 2> /dev/null)" = "$merged" ] || continue
    cmd=$(tr '\0' ' ' < "$pid/cmdline" 2> /dev/null)
    echo "process in the root: ${pid#/proc/} $cmd" >> "$check_log"
    case "$cmd" in /usr/bin/wrapup\ *) app=$cmd ;; esac
  done
  echo "app: $app" >> "$check_log"
  for f in sim.log xvfb.log; do
    echo "--- $f" >> "$check_log"
    tail -n 20 "$merged/home/agent/$f" >> "$check_log" 2> /dev/null
  done
  [ "$requests" = "$all" ]
  report $? "gio open of a link reaches the installed app (it asks lcm-sim for call $callid's outcomes, callback modes and journey)" "$check_log"
  [ "$app" = "/usr/bin/wrapup --gapplication-service " ]
  report $? "D-Bus activation of the installed service started /usr/bin/wrapup --gapplication-service" "$check_log"
  kill "$session" 2> /dev/null
else
  skip "gio open of a link reaches the installed app" "not installed"
  skip "D-Bus activation of the installed service started /usr/bin/wrapup" "not installed"
fi
timed gio-open $start

# 6, 7. The manual pages and the tools, as installed.
if [ $installed = 0 ]; then
  man_log=$out/man.log
  chroot "$merged" sh -c 'for p in wrapup lcmctl lcm-sim; do man -w $p || exit 1; done' > "$man_log" 2>&1
  report $? "man -w finds the manual pages of wrapup, lcmctl and lcm-sim" "$man_log"
  tools_log=$out/tools.log
  chroot "$merged" sh -c 'lcmctl --help | grep -q "^Usage:" && lcm-sim --help | grep -q "^Usage:" &&
                          wrapup --version' > "$tools_log" 2>&1
  report $? "lcmctl --help, lcm-sim --help and wrapup --version run" "$tools_log"
else
  skip "man -w finds the manual pages" "not installed"
  skip "lcmctl --help runs" "not installed"
fi

echo "1..$n"
exit $status
