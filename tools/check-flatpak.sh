#!/usr/bin/env bash
# Builds the real Flatpak manifest (flatpak/io.github.wrapupdesk.Wrapup.json) and smoke-tests
# the sandboxed app, without Flathub: the runtime and SDK are made from the Debian 13 root of
# the CI (GTK 4.18, libadwaita 1.7, GLib 2.84, the nearest to the GNOME 49 runtime that can be
# had here), and the manifest is built with only its runtime, runtime-version and sdk
# replaced by those. Then, under Xvfb, openbox and a private D-Bus session, the installed app
# is run as a desktop would run it (flatpak run, gio open of a wrapup:// link, D-Bus
# activation) against lcm-sim on the host's loopback.
#
#   tools/check-flatpak.sh
#
# Prints TAP on stdout and exits non-zero on any failure. Logs, the generated manifest and
# screenshots go to _build-ci-flatpak/ of the clone; what is kept between runs (the OSTree
# repo, the runtime, flatpak-builder's cache, a private HOME with the --user installation)
# to $WRAPUP_CI_CACHE/flatpak-work (default /var/cache/wrapup-ci/flatpak-work). The runtime
# is made again only when the Debian root's packages change. Needs root (apt-get, the root).
set -uo pipefail

# In a mount namespace of its own: the session gets a private /run/user (a tmpfs), so its
# XDG_RUNTIME_DIR is /run/user/UID as on a desktop (the portals hand the sandbox paths
# under /run/user/UID/doc, which must be the same outside and inside), and every mount made
# under it (the document portal's FUSE mount) goes with the namespace, whatever happens.
if [ -z "${WRAPUP_CHECK_FLATPAK_NS:-}" ]; then
  WRAPUP_CHECK_FLATPAK_NS=1 exec unshare --mount --propagation private -- "$0" "$@"
fi

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
out="$top/_build-ci-flatpak"
cache=${WRAPUP_CI_CACHE:-/var/cache/wrapup-ci}
work="$cache/flatpak-work"
app_id=io.github.wrapupdesk.Wrapup
rt=io.github.wrapupdesk.Debian13
branch=13
arch=$(uname -m)
remote=wrapup-ci
# The version of how the runtime is made below: a change to it makes the runtime again.
runtime_recipe=1

mkdir -p "$out" "$work"
log="$out/check-flatpak.log"
: > "$log"
: > "$out/timings.txt"
exec 3>&1 >> "$log" 2>&1

# --- TAP and timing --------------------------------------------------------------------

n=0
failed=0
tap_ok() { n=$((n + 1)); echo "ok $n - $1" >&3; echo "ok $n - $1"; }
tap_not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  { echo "not ok $n - $1"; shift; for d in "$@"; do echo "# $d"; done; } | tee -a /dev/stderr >&3
}
diag() { echo "# $*" >&3; echo "# $*"; }
now() { date +%s.%N; }
stage_start=0
stage_begin() { stage_start=$(now); echo "=== $1 ($(date -Is))"; }
stage_end() {
  local took
  took=$(awk -v a="$stage_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  echo "$1: $took s" >> "$out/timings.txt"
  diag "$1 took $took s"
}
bail() {
  echo "Bail out! $*" >&3
  echo "Bail out! $*"
  echo "1..$n" >&3
  exit 1
}

# --- cleanup: only what this script started, by pid -------------------------------------

pids=()
runtime_dir=""
cleanup() {
  local pid
  # The sandboxed app first (it is a child of flatpak's bwrap, not of this script).
  if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    for pid in $(app_pids); do kill "$pid" 2> /dev/null; done
    sleep 0.5
    for pid in $(app_pids); do kill -9 "$pid" 2> /dev/null; done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2> /dev/null
  done
  sleep 0.3
  for pid in "${pids[@]}"; do kill -9 "$pid" 2> /dev/null; done
  # D-Bus activated helpers (flatpak-session-helper, the portals) live in this bus's
  # session: they are the children of our dbus-daemon, gone with it, or reparented; ours
  # are found by their environment's bus address.
  if [ -n "${bus_address:-}" ]; then
    for pid in $(grep -lzs "^DBUS_SESSION_BUS_ADDRESS=$bus_address\$" /proc/[0-9]*/environ |
                   sed 's,/proc/\([0-9]*\)/environ,\1,'); do
      [ "$pid" != $$ ] && kill "$pid" 2> /dev/null
    done
  fi
  # A FUSE mount of the document portal, if one was made in our runtime dir.
  if [ -n "$runtime_dir" ]; then
    grep -qs " $runtime_dir/doc " /proc/mounts && { fusermount3 -u -z "$runtime_dir/doc" || umount -l "$runtime_dir/doc"; }
    umount -l /run/user
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. host packages -------------------------------------------------------------------

stage_begin "host packages"
host_packages=(flatpak flatpak-builder bubblewrap ostree xdg-desktop-portal xdg-desktop-portal-gtk
  elfutils fuse3 xvfb xauth dbus dbus-x11 openbox xdotool x11-utils imagemagick sqlite3 python3
  desktop-file-utils libglib2.0-bin python3-gi gir1.2-glib-2.0 git meson ninja-build pkg-config gcc libglib2.0-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev dconf-cli)
missing=()
for p in "${host_packages[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2> /dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  sudo_=()
  [ "$(id -u)" -eq 0 ] || sudo_=(sudo)
  "${sudo_[@]}" apt-get -o DPkg::Lock::Timeout=900 update
  "${sudo_[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${missing[@]}" ||
    bail "cannot install ${missing[*]}"
fi
stage_end "host packages"

# --- 2. the Debian 13 root, and the runtime and SDK made from it ------------------------

stage_begin "debian 13 root"
# Its one package list has what the Sdk needs too (appstream-compose, which flatpak-builder
# 1.2 runs; Flathub's builder uses appstreamcli instead).
root=$(tools/debian13-root.sh | tail -n 1)
[ -n "$root" ] && [ -x "$root/usr/bin/appstream-compose" ] || bail "no Debian 13 root with appstream-compose"
stage_end "debian 13 root"

# Everything flatpak does here happens in a private HOME under the cache: the --user
# installation, the sandbox's data (~/.var/app), nothing in the real user's home.
export HOME="$work/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY DISPLAY XAUTHORITY XDG_CURRENT_DESKTOP
fp() { flatpak --user "$@"; }

repo="$work/repo"
stage_begin "runtime export"
# The runtime is the root's packages: made again when dpkg's database in the root changes.
stamp=$( { echo "recipe $runtime_recipe $rt $branch"; cat "$root/var/lib/dpkg/status"; } |
           sha256sum | cut -d' ' -f1)
if [ "$(cat "$work/runtime.stamp" 2> /dev/null)" = "$stamp" ] &&
   fp info "$rt.Platform//$branch" > /dev/null 2>&1 && fp info "$rt.Sdk//$branch" > /dev/null 2>&1; then
  diag "runtime $rt.Platform//$branch and .Sdk kept (the root's packages are unchanged)"
else
  rm -f "$work/runtime.stamp"
  # files/ is the root's /usr. Hard links, so it costs no copy: nothing here writes into
  # files/usr's files (build-export only reads them, and apt in the root replaces a file by
  # renaming a new one over it, so a later upgrade never changes these). files/etc is a
  # real copy of the root's /etc (flatpak mounts it as the sandbox's /etc, with the host's
  # passwd, group, hosts, resolv.conf, machine-id and localtime over it).
  rt_build="$work/runtime-build"
  rm -rf --one-file-system "$rt_build"
  mkdir -p "$rt_build"
  cp -al "$root/usr" "$rt_build/files" || bail "cannot link the root's /usr"
  cp -a "$root/etc" "$rt_build/files/etc" || bail "cannot copy the root's /etc"
  rm -f "$rt_build/files/etc/ld.so.cache"   # flatpak makes its own from the runtime
  if [ ! -d "$repo/objects" ]; then
    ostree init --repo="$repo" --mode=bare-user-only || bail "cannot make the OSTree repo"
  fi
  # The same tree twice: the Platform (what the app runs on) and the SDK (what it builds
  # with; it has the compilers and headers the Platform of GNOME would not). OSTree stores
  # the files once.
  for kind in Platform Sdk; do
    cat > "$rt_build/metadata" <<EOF
[Runtime]
name=$rt.$kind
runtime=$rt.Platform/$arch/$branch
sdk=$rt.Sdk/$arch/$branch
EOF
    flatpak build-export --runtime --files=files --disable-fsync --subject="$kind from $root" \
      "$repo" "$rt_build" "$branch" || bail "cannot export the $kind"
  done
  rm -rf --one-file-system "$rt_build"
  fp remote-add --if-not-exists --no-gpg-verify "$remote" "file://$repo" || bail "cannot add the remote"
  # A throw-away installation: no fsync of each of its 20,000 files.
  ostree config --repo="$XDG_DATA_HOME/flatpak/repo" set core.fsync false
  for kind in Platform Sdk; do
    if fp info "$rt.$kind//$branch" > /dev/null 2>&1; then
      fp update -y --noninteractive "$rt.$kind//$branch" || bail "cannot update the $kind"
    else
      fp install -y --noninteractive "$remote" "$rt.$kind//$branch" || bail "cannot install the $kind"
    fi
  done
  echo "$stamp" > "$work/runtime.stamp"
fi
stage_end "runtime export"

# --- 3. the app, from the manifest ------------------------------------------------------

stage_begin "app build"
if [ -n "${CHECK_FLATPAK_KEEP_APP:-}" ] && fp info "$app_id" > /dev/null 2>&1; then
  # For working on the smoke tests: the installed app as it is.
  diag "app build skipped (CHECK_FLATPAK_KEEP_APP): the installed app is tested"
else
# The sources: this clone's files as git sees them (tracked and new, not ignored), so the
# manifest's dir source ("..") never drags in the _build* directories, and uncommitted
# changes are built too.
src="$out/src"
rm -rf --one-file-system "$src"
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - 2> /dev/null | tar -C "$src" -xf - ||
  bail "cannot copy the sources"
# The manifest, with only its runtime replaced: the copy's flatpak/ holds it, so its dir
# source ("..") is the copy.
manifest="$src/flatpak/$app_id.json"
python3 - "$top/flatpak/$app_id.json" "$manifest" "$rt" "$branch" <<'PY' || bail "cannot generate the manifest"
import json, sys
source, target, rt, branch = sys.argv[1:]
with open(source, encoding='utf-8') as f:
    manifest = json.load(f)
manifest['runtime'] = rt + '.Platform'
manifest['runtime-version'] = branch
manifest['sdk'] = rt + '.Sdk'
with open(target, 'w', encoding='utf-8') as f:
    json.dump(manifest, f, indent=2)
    f.write('\n')
PY
cp "$manifest" "$out/manifest.json"
# No rofiles-fuse (no FUSE mount to leave behind); flatpak-builder's cache in the work dir.
if flatpak-builder --user --disable-rofiles-fuse --force-clean --disable-updates \
     --state-dir="$work/builder-state" --repo="$repo" \
     "$out/app-build" "$manifest" > "$out/flatpak-builder.log" 2>&1 &&
   { fp info "$app_id" > /dev/null 2>&1 && fp update -y --noninteractive "$app_id" ||
     fp install -y --noninteractive --reinstall "$remote" "$app_id"; }; then
  tap_ok "the manifest builds with flatpak-builder on the Debian 13 runtime, and installs"
else
  tap_not_ok "the manifest builds with flatpak-builder on the Debian 13 runtime, and installs" \
    "see $out/flatpak-builder.log"
  tail -n 20 "$out/flatpak-builder.log" | sed 's/^/# /' >&3
  bail "no app to test"
fi
fi
stage_end "app build"

# --- 4. a desktop session: Xvfb, a private session bus, openbox --------------------------

stage_begin "session"
# The simulator, built on the host from this clone (only its target).
if [ ! -f "$out/host/build.ninja" ]; then
  meson setup "$out/host" > "$out/host-build.log" 2>&1 || bail "cannot configure the host build"
fi
meson compile -C "$out/host" src/sim/lcm-sim >> "$out/host-build.log" 2>&1 || bail "cannot build lcm-sim"
sim_bin="$out/host/src/sim/lcm-sim"

mount -t tmpfs -o mode=0755,size=64m wrapup-flatpak-run /run/user || bail "cannot mount a tmpfs on /run/user"
runtime_dir="/run/user/$(id -u)"
mkdir -m 700 "$runtime_dir"
export XDG_RUNTIME_DIR="$runtime_dir"
# Before the bus starts: the bus finds the exported D-Bus service, gio the exported desktop
# file (the wrapup:// handler), through these.
export XDG_DATA_DIRS="$XDG_DATA_HOME/flatpak/exports/share:/usr/local/share:/usr/share"
export GDK_BACKEND=x11 NO_AT_BRIDGE=1
# xdg-desktop-portal picks xdg-desktop-portal-gtk's backends for a GNOME desktop (UseIn=gnome).
export XDG_CURRENT_DESKTOP=GNOME

Xvfb -displayfd 5 -screen 0 1280x1024x24 -nolisten tcp 5> "$runtime_dir/display" 2> "$out/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$runtime_dir/display" ] && break; sleep 0.1; done
[ -s "$runtime_dir/display" ] || bail "Xvfb did not start"
DISPLAY=":$(head -n 1 "$runtime_dir/display")"
export DISPLAY

dbus-daemon --session --nofork --print-address=5 5> "$runtime_dir/bus" 2> "$out/dbus.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$runtime_dir/bus" ] && break; sleep 0.1; done
[ -s "$runtime_dir/bus" ] || bail "dbus-daemon did not start"
bus_address=$(head -n 1 "$runtime_dir/bus")
export DBUS_SESSION_BUS_ADDRESS="$bus_address"
# What the bus gives the services it starts (flatpak run of the app, the portals).
dbus-update-activation-environment DISPLAY XDG_DATA_DIRS XDG_RUNTIME_DIR HOME XDG_DATA_HOME \
  XDG_CONFIG_HOME XDG_CACHE_HOME GDK_BACKEND NO_AT_BRIDGE XDG_CURRENT_DESKTOP || bail "cannot set the bus's environment"

openbox --sm-disable > "$out/openbox.log" 2>&1 &
pids+=($!)

# The desktop's notification server, as GNOME Shell or a notification daemon would be: it
# owns org.freedesktop.Notifications (where xdg-desktop-portal-gtk sends what the sandboxed
# app gives the Notification portal) and writes each notification to a file.
cat > "$runtime_dir/notifications.py" <<'PY'
import sys
from gi.repository import Gio, GLib
log = open(sys.argv[1], 'a', buffering=1)
XML = """<node><interface name="org.freedesktop.Notifications">
<method name="Notify"><arg type="s" direction="in"/><arg type="u" direction="in"/>
<arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="s" direction="in"/>
<arg type="as" direction="in"/><arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
<arg type="u" direction="out"/></method>
<method name="CloseNotification"><arg type="u" direction="in"/></method>
<method name="GetCapabilities"><arg type="as" direction="out"/></method>
<method name="GetServerInformation"><arg type="s" direction="out"/><arg type="s" direction="out"/>
<arg type="s" direction="out"/><arg type="s" direction="out"/></method>
<signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
<signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
</interface></node>"""
count = 0
def call(conn, sender, path, iface, method, params, inv):
    global count
    if method == 'Notify':
        count += 1
        app, _, icon, summary, body = params.unpack()[:5]
        pid = conn.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                             'GetConnectionUnixProcessID', GLib.Variant('(s)', (sender,)),
                             None, 0, -1, None).unpack()[0]
        with open(f'/proc/{pid}/comm') as f:
            comm = f.read().strip()
        log.write(f'Notify from={comm} app={app!r} summary={summary!r} body={body!r}\n')
        inv.return_value(GLib.Variant('(u)', (count,)))
    elif method == 'GetCapabilities':
        inv.return_value(GLib.Variant('(as)', (['body', 'actions'],)))
    elif method == 'GetServerInformation':
        inv.return_value(GLib.Variant('(ssss)', ('ci', 'wrapup', '1', '1.2')))
    else:
        inv.return_value(None)
bus = Gio.bus_get_sync(Gio.BusType.SESSION)
bus.register_object('/org/freedesktop/Notifications', Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0], call)
Gio.bus_own_name_on_connection(bus, 'org.freedesktop.Notifications', Gio.BusNameOwnerFlags.NONE,
                               lambda *a: log.write('owned\n'), None)
GLib.MainLoop().run()
PY
: > "$out/notifications.log"
/usr/bin/python3 "$runtime_dir/notifications.py" "$out/notifications.log" 2>> "$log" &
pids+=($!)

# Each run starts with an empty sandbox: no outbox, drafts or settings of an earlier run (the
# outbox, drafts and cache are in the host's ~/.local/share/wrapup, which the manifest shares).
rm -rf --one-file-system "$HOME/.var/app/$app_id" "$XDG_DATA_HOME/wrapup"
stage_end "session"

app_pids() {
  # The app's processes in the sandboxes of this session: flatpak ps lists the instances
  # (in our private XDG_RUNTIME_DIR), with their host pids.
  flatpak ps --columns=child-pid,application 2> /dev/null | awk -v id="$app_id" '$2 == id { print $1 }'
}
instances() { app_pids | wc -l; }
wait_for() { # SECONDS COMMAND...: until COMMAND succeeds
  local limit=$1
  shift
  local end=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.25
  done
}
no_instance() { [ "$(instances)" -eq 0 ]; }
one_instance() { [ "$(instances)" -eq 1 ]; }
window_count() { xdotool search --onlyvisible --name '.' 2> /dev/null | wc -l; }
has_window() { [ "$(window_count)" -gt 0 ]; }
screenshot() { import -window root "$1" 2>> "$log"; }
colours() { convert "$1" -format %k info: 2> /dev/null || echo 0; }
quit_app() {
  local pid
  for pid in $(app_pids); do kill "$pid" 2> /dev/null; done
  wait_for 10 no_instance || flatpak kill "$app_id" 2> /dev/null
  wait_for 5 no_instance
}
sim_pid=""
sim_port=0
sim_db="$out/sim.db"
start_sim() {
  "$sim_bin" --port "$sim_port" --db "$sim_db" --seed 7 > "$runtime_dir/sim.url" 2>> "$out/sim.log" &
  sim_pid=$!
  pids+=("$sim_pid")
  wait_for 10 test -s "$runtime_dir/sim.url" || return 1
  sim_url=$(head -n 1 "$runtime_dir/sim.url")
  sim_port=${sim_url##*:}
  sim_port=${sim_port%%/*}
}
stop_sim() {
  kill "$sim_pid" 2> /dev/null
  wait "$sim_pid" 2> /dev/null
  local keep=() pid
  for pid in "${pids[@]}"; do [ "$pid" = "$sim_pid" ] || keep+=("$pid"); done
  pids=("${keep[@]}")
  : > "$runtime_dir/sim.url"
}
sim_query() { sqlite3 -cmd '.timeout 5000' "$sim_db" "$1" 2>> "$log"; }
sim_saw_call() { [ "$(sim_query "SELECT count(*) FROM wire_log WHERE instr(text, '\"$1\"') > 0")" -gt 0 ]; }
fp_run_bg() { # LOGNAME ARGS...
  local name=$1
  shift
  flatpak run "$app_id" "$@" > "$out/$name.log" 2>&1 &
  pids+=($!)
}

rm -f "$sim_db" "$sim_db-wal" "$sim_db-shm"
start_sim || bail "lcm-sim did not start"
diag "lcm-sim at $sim_url"
# A personal callback of the agent, due now: the app's reminder notifies it.
sim_query "INSERT INTO personal_callbacks (user_id, campaign_id, contact_id, account_number,
             mode_id, mode_description, cvalue, start_date, end_date, start_time, end_time,
             start_day, business_outcome, callid, disposition_id, created_at)
           SELECT 'agent7', campaign_id, contact_id, account_number, mode_id, mode_description,
             cvalue, strftime('%d/%m/%Y', 'now', 'localtime'), strftime('%d/%m/%Y', 'now', 'localtime', '+1 hour'),
             strftime('%H:%M', 'now', 'localtime', '-5 minutes'), strftime('%H:%M', 'now', 'localtime', '+1 hour'),
             strftime('%Y-%m-%d', 'now', 'localtime'), business_outcome, NULL, NULL, created_at
           FROM personal_callbacks WHERE user_id = 'testagent' LIMIT 1" || diag "cannot add a callback"

# --- 5. smoke tests -------------------------------------------------------------------

# The demo: the sandboxed app starts its bundled simulator (/app/bin/lcm-sim) and opens a
# call; its first frame is a window mapped on the display with something drawn in it.
stage_begin "smoke: demo"
fp_run_bg demo --demo
png="$out/flatpak-app.png"
if wait_for 60 has_window && sleep 4 && screenshot "$png" && [ "$(colours "$png")" -gt 50 ]; then
  tap_ok "flatpak run $app_id --demo draws its window ($(colours "$png") colours in $png)"
else
  tap_not_ok "flatpak run $app_id --demo draws its window" "windows: $(window_count)" \
    "see $out/demo.log"
fi
quit_app
stage_end "smoke: demo"

# The gateway, as an administrator or agent would set it: GSettings inside the sandbox (with
# no dconf access, GLib there keeps settings in ~/.var/app/ID/config/glib-2.0/settings/keyfile).
sandbox="$HOME/.var/app/$app_id"
flatpak run --command=gsettings "$app_id" set "$app_id" server-url "$sim_url" &&
  flatpak run --command=gsettings "$app_id" set "$app_id" agent-id agent7 ||
  diag "gsettings in the sandbox failed"
if grep -qs "server-url='$sim_url'" "$sandbox/config/glib-2.0/settings/keyfile"; then
  tap_ok "gsettings in the sandbox sets the gateway ($sandbox/config/glib-2.0/settings/keyfile)"
else
  tap_not_ok "gsettings in the sandbox sets the gateway" \
    "keyfile: $(cat "$sandbox/config/glib-2.0/settings/keyfile" 2>&1)"
fi

link_warm='wrapup://call/1001?account=2%7C3%7C3%7C0%7C0%7C44%7C1&type=OUTBOUND'
link_cold='wrapup://call/12345?account=5%7C3%7C1%7C0%7C0%7C44%7C1&type=OUTBOUND&contact=447700900123'

# A link opened by the desktop (gio open: the exported desktop file is the wrapup://
# handler and D-Bus activatable) reaches the running sandboxed instance: no second one.
stage_begin "smoke: gio open to the running app"
fp_run_bg running
if wait_for 60 one_instance && wait_for 30 has_window; then
  gio open "$link_warm" >> "$log" 2>&1
  if wait_for 30 sim_saw_call 1001 && sleep 2 && one_instance; then
    tap_ok "gio open of a link reaches the running sandboxed app (one instance; lcm-sim saw call 1001)"
  else
    tap_not_ok "gio open of a link reaches the running sandboxed app" \
      "instances: $(instances); lcm-sim saw call 1001: $(sim_saw_call 1001 && echo yes || echo no)" \
      "see $out/running.log"
  fi
else
  tap_not_ok "gio open of a link reaches the running sandboxed app" "the app did not start: see $out/running.log"
fi
screenshot "$out/flatpak-link.png"
quit_app
stage_end "smoke: gio open to the running app"

# No app running: the session bus starts it (the exported D-Bus service runs flatpak run
# ... --gapplication-service) and it opens the link.
stage_begin "smoke: D-Bus activation"
if no_instance; then
  gio open "$link_cold" >> "$log" 2>&1
  if wait_for 60 one_instance && wait_for 30 sim_saw_call 12345; then
    tap_ok "gio open with the app not running starts it by D-Bus activation (lcm-sim saw call 12345)"
  else
    tap_not_ok "gio open with the app not running starts it by D-Bus activation" \
      "instances: $(instances); lcm-sim saw call 12345: $(sim_saw_call 12345 && echo yes || echo no)" \
      "see $out/dbus.log"
  fi
else
  tap_not_ok "gio open with the app not running starts it by D-Bus activation" "the earlier instance did not quit"
fi
stage_end "smoke: D-Bus activation"

# The journey's CSV export: GtkFileChooserNative in the sandbox asks the FileChooser portal,
# whose GTK backend shows its dialog on the desktop; the file the agent names there is
# written by the sandboxed app through the document portal.
csv_test() {
  local csv="$out/journey.csv" dialog=""
  rm -f "$csv"
  stage_begin "smoke: file chooser portal"
  # The Journey page (Ctrl+2), then its export button, the last one right of the filter:
  # Ctrl+E acts only with the focus in the journey, and the keyboard cannot bring the focus
  # there reliably from the saved wrap-up's page. The window is placed the same way on
  # every run (openbox, a fixed screen and window size); the button is found from its frame.
  xdotool key --clearmodifiers ctrl+2
  sleep 2
  local x y w h
  eval "$(xdotool getwindowgeometry --shell "$win" | grep -E '^(X|Y|WIDTH|HEIGHT)=' | tr 'A-Z' 'a-z' |
          sed 's/^width/w/; s/^height/h/')"
  echo "window $win at $x,$y size ${w}x$h"
  xdotool mousemove $((x + w - 30)) $((y + 145)) click 1
  dialog_shown() { dialog=$(xdotool search --onlyvisible --name 'Export Journey' 2> /dev/null | head -n 1); [ -n "$dialog" ]; }
  if wait_for 20 dialog_shown; then
    xdotool windowactivate --sync "$dialog" >> "$log" 2>&1
    sleep 1
    xdotool key --clearmodifiers ctrl+a
    xdotool type --delay 30 "$csv"
    sleep 0.5
    screenshot "$out/flatpak-export-dialog.png"
    xdotool key Return
  fi
  if wait_for 20 test -s "$csv" && sleep 1 && head -n 1 "$csv" | grep -q ','; then
    tap_ok "the journey exports to CSV through the FileChooser and document portals ($(wc -l < "$csv") lines)"
  else
    tap_not_ok "the journey exports to CSV through the FileChooser and document portals" \
      "dialog: ${dialog:-not shown}; see $out/flatpak-export-dialog.png and $log"
  fi
  screenshot "$out/flatpak-exported.png"
  stage_end "smoke: file chooser portal"
}

# A wrap-up saved with the gateway stopped waits in the outbox, and is delivered when the
# gateway is back. Driven from the keyboard as an agent would: Alt+T (the telephony search),
# the outcome, Enter, Ctrl+Return. The outbox is the host's ~/.local/share/wrapup/outbox.db,
# the same file the package uses (--filesystem=xdg-data/wrapup): an agent moved from one to
# the other strands nothing.
stage_begin "smoke: outbox"
outbox="$XDG_DATA_HOME/wrapup/outbox.db"
outbox_count() { sqlite3 -cmd '.timeout 5000' "$outbox" "SELECT count(*) FROM entries WHERE callid = '12345'" 2>> "$log" || echo -1; }
outbox_has() { [ "$(outbox_count)" -ge 1 ]; }
outbox_empty() { [ "$(outbox_count)" -eq 0 ]; }
delivered() {
  [ "$(sim_query "SELECT count(*) FROM dispositions WHERE callid = '12345' AND telephony_outcome = 8")" -ge 1 ]
}
sleep 3   # the call's lists and journey (the contact's score) are in
stop_sim
sleep 2
win=$(xdotool search --onlyvisible --name '12345' 2> /dev/null | head -n 1)
[ -n "$win" ] || win=$(xdotool search --onlyvisible --name '.' 2> /dev/null | tail -n 1)
if [ -n "$win" ]; then
  xdotool windowactivate --sync "$win" >> "$log" 2>&1
  sleep 0.5
  xdotool key --clearmodifiers alt+t
  sleep 0.5
  xdotool type --delay 50 'No Answer'
  sleep 0.5
  xdotool key Return
  sleep 1
  xdotool key --clearmodifiers ctrl+Return
fi
if wait_for 20 outbox_has; then
  sleep 1
  screenshot "$out/flatpak-saved.png"
  tap_ok "a wrap-up saved with the gateway stopped is in the host's outbox, shared with the package ($outbox)"
  start_sim || diag "lcm-sim did not start again"
  if wait_for 90 delivered && wait_for 10 outbox_empty; then
    tap_ok "the waiting wrap-up is delivered when the gateway is back (lcm-sim's dispositions)"
  else
    tap_not_ok "the waiting wrap-up is delivered when the gateway is back" \
      "outbox rows: $(outbox_count); dispositions: $(sim_query "SELECT count(*) FROM dispositions WHERE callid = '12345'")"
  fi
  sleep 1
  screenshot "$out/flatpak-delivered.png"
else
  screenshot "$out/flatpak-saved.png"
  tap_not_ok "a wrap-up saved with the gateway stopped is in the host's outbox, shared with the package" \
    "window: ${win:-none}; outbox rows: $(outbox_count); see $out/flatpak-saved.png"
  tap_not_ok "the waiting wrap-up is delivered when the gateway is back" "nothing was saved"
fi
stage_end "smoke: outbox"
# In the same window (the call's journey), while the app runs.
if [ -n "$win" ] && [ "$(instances)" -eq 1 ]; then
  csv_test
else
  tap_not_ok "the journey exports to CSV through the FileChooser and document portals" "no app window left"
fi
quit_app

# The callback reminder: GNotification in the sandbox goes to the Notification portal
# (xdg-desktop-portal on the session bus, through flatpak's D-Bus proxy), whose GTK backend
# hands it to the desktop's notification server.
stage_begin "smoke: notification portal"
if wait_for 5 grep -q "from=xdg-desktop-por.* summary='Callback due'" "$out/notifications.log"; then
  tap_ok "the callback reminder's notification reaches the desktop through the Notification portal"
else
  tap_not_ok "the callback reminder's notification reaches the desktop through the Notification portal"     "see $out/notifications.log"
fi
stage_end "smoke: notification portal"

# An administrator's dconf defaults and locks reach the sandbox: flatpak run copies the
# host's system-wide values and locks under the app's path into the sandbox's
# /etc/glib-2.0/settings, where GLib's keyfile backend reads them (docs/deploying.md). Made in
# this script's own mount namespace: a tmpfs over /etc/dconf, never the machine's.
stage_begin "smoke: dconf lock"
locked_url='wss://locked.example.com/lcm'
mkdir -p /etc/dconf
if mount -t tmpfs wrapup-dconf /etc/dconf &&
   mkdir -p /etc/dconf/profile /etc/dconf/db/local.d/locks &&
   printf 'user-db:user\nsystem-db:local\n' > /etc/dconf/profile/user &&
   printf "[io/github/wrapupdesk/Wrapup]\nserver-url='%s'\n" "$locked_url" \
     > /etc/dconf/db/local.d/00-wrapup &&
   printf '/io/github/wrapupdesk/Wrapup/server-url\n' > /etc/dconf/db/local.d/locks/00-wrapup &&
   dconf compile /etc/dconf/db/local /etc/dconf/db/local.d >> "$log" 2>&1; then
  writable=$(flatpak run --command=gsettings "$app_id" writable "$app_id" server-url 2>> "$log")
  value=$(flatpak run --command=gsettings "$app_id" get "$app_id" server-url 2>> "$log")
  if [ "$writable" = false ] && [ "$value" = "'$locked_url'" ]; then
    tap_ok "an administrator's dconf default and lock reach the sandbox (server-url locked to $locked_url)"
  else
    tap_not_ok "an administrator's dconf default and lock reach the sandbox" \
      "writable: ${writable:-?}; value: ${value:-?}"
  fi
  umount /etc/dconf
else
  tap_not_ok "an administrator's dconf default and lock reach the sandbox" "could not make the dconf database; see $log"
fi
stage_end "smoke: dconf lock"

echo "1..$n" >&3
cat "$out/timings.txt"
[ "$failed" -eq 0 ]
