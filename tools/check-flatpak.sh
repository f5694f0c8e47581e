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

cd "$(dirname "$0")/.."
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
    rm -rf --one-file-system "$runtime_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. host packages -------------------------------------------------------------------

stage_begin "host packages"
host_packages=(flatpak flatpak-builder bubblewrap ostree xdg-desktop-portal xdg-desktop-portal-gtk
  elfutils fuse3 xvfb xauth dbus dbus-x11 openbox xdotool x11-utils imagemagick sqlite3 python3
  desktop-file-utils libglib2.0-bin git meson ninja-build pkg-config gcc libglib2.0-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev)
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
if [ -x tools/debian13-root.sh ]; then
  root=$(tools/debian13-root.sh | tail -n 1)
else
  # Until tools/debian13-root.sh (the root's one package list) is on this branch: its list.
  root=$(tools/debian-root.sh trixie trixie-gnome \
    meson ninja-build pkg-config gcc python3 gettext gettext-base \
    libglib2.0-dev libglib2.0-bin libsoup-3.0-dev libjson-glib-dev libsqlite3-dev \
    libgtk-4-dev libadwaita-1-dev \
    xvfb xauth dbus dbus-x11 sqlite3 \
    desktop-file-utils appstream \
    glib-networking gsettings-desktop-schemas ca-certificates \
    fonts-cantarell fonts-dejavu-core adwaita-icon-theme hicolor-icon-theme \
    shared-mime-info librsvg2-common | tail -n 1)
fi
[ -n "$root" ] && [ -d "$root/usr" ] || bail "no Debian 13 root"
# flatpak-builder 1.2 runs appstream-compose (appstream-util) in the SDK; Flathub's builder
# uses appstreamcli instead. Added to the root's list (additive: the root is never rebuilt).
if [ ! -x "$root/usr/bin/appstream-compose" ]; then
  # shellcheck disable=SC2046
  root=$(tools/debian-root.sh trixie trixie-gnome $(sed -n 2p "$root/.wrapup-root") appstream-util | tail -n 1)
  [ -x "$root/usr/bin/appstream-compose" ] || bail "no appstream-compose in the Debian 13 root"
fi
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
stage_end "app build"
