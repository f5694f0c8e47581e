#!/usr/bin/env bash
# Makes, or reuses, a Debian root made with debootstrap, for the CI stages that need another
# Debian than the machine's: the current GNOME stack (Debian 13) to build, test and make the
# Flatpak's runtime from, and a clean Debian 12 to install the .deb into.
#
#   tools/debian-root.sh SUITE NAME [PACKAGE...]
#
# prints the root's path on its last line. The root is kept in $WRAPUP_CI_CACHE (default
# /var/cache/wrapup-ci, outside the clone, so a machine that is kept keeps it) under NAME.
# A kept root of the same SUITE gets the packages it lacks (never a rebuild, so two stages
# may share one root); another SUITE makes it again. Needs root (debootstrap, chroot).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 SUITE NAME [PACKAGE...]" >&2
  exit 2
fi
suite=$1
name=$2
shift 2
packages=("$@")

cache=${WRAPUP_CI_CACHE:-/var/cache/wrapup-ci}
root="$cache/$name"
mirror=${WRAPUP_DEBIAN_MIRROR:-http://deb.debian.org/debian}

export DEBIAN_FRONTEND=noninteractive
command -v debootstrap > /dev/null || {
  apt-get update > /dev/null
  apt-get install -y --no-install-recommends debootstrap debian-archive-keyring >&2
}

apt_in() {
  chroot "$1" apt-get -o DPkg::Lock::Timeout=900 "${@:2}" >&2
}

if [ -f "$root/.wrapup-root" ] && [ "$(head -n 1 "$root/.wrapup-root")" = "$suite" ]; then
  if [ "$(sed -n 2p "$root/.wrapup-root")" != "${packages[*]}" ]; then
    apt_in "$root" update
    apt_in "$root" install -y "${packages[@]}"
    apt_in "$root" clean
    printf '%s\n%s\n' "$suite" "${packages[*]}" > "$root/.wrapup-root"
  fi
  echo "$root"
  exit 0
fi

mkdir -p "$cache"
if [ -d "$root" ]; then
  # An older root, or one a killed run left half made: start again.
  for m in dev/pts dev proc sys; do umount -l "$root/$m" 2> /dev/null || true; done
  rm -rf --one-file-system "$root"
fi
partial="$root.partial"
for m in dev/pts dev proc sys; do umount -l "$partial/$m" 2> /dev/null || true; done
rm -rf --one-file-system "$partial"

debootstrap --variant=minbase --components=main \
  --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
  "$suite" "$partial" "$mirror" >&2

# apt inside the root, from the same mirror, without recommends (as install-deps.sh).
cat > "$partial/etc/apt/apt.conf.d/90wrapup" <<'EOF'
APT::Install-Recommends "false";
Acquire::Retries "3";
EOF
if [ ${#packages[@]} -gt 0 ]; then
  apt_in "$partial" update
  apt_in "$partial" install -y "${packages[@]}"
  apt_in "$partial" clean
fi
printf '%s\n%s\n' "$suite" "${packages[*]}" > "$partial/.wrapup-root"
mv "$partial" "$root"
echo "$root"
