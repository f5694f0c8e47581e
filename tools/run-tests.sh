#!/usr/bin/env bash
# Sets up and runs the whole test suite: a normal build and an AddressSanitizer + UBSan
# build, each with warnings as errors, under a virtual display and a D-Bus session.
# Then lcmctl's end-to-end tests under valgrind and a bounded run of every fuzzer
# (FUZZ_SECONDS per harness, default 60); the whole suite again in a Debian 13 root (the
# current GNOME stack); the Flatpak built from that root and smoke-tested; the Debian
# packages built, linted and installed in a clean Debian 12 root. Those last three need root
# (debootstrap, chroot, mounts). Ends with one line "N passed, N failed" (every TAP test case
# of every test program, in every build, and of the other stages) and exits non-zero on any
# failure.
set -uo pipefail

cd "$(dirname "$0")/.."
top=$(pwd)

# How long each stage took, as TAP comments (README: "On this kind of machine").
stage_start=$SECONDS
stage_took() {
  echo "# time: $1 took $((SECONDS - stage_start)) s"
  stage_start=$SECONDS
}

tools/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
stage_took "installing packages"

# The other Debian roots, made (or refreshed, where the machine keeps them) in the background
# while this machine builds and tests: downloading and unpacking packages is mostly network
# and disk. Debian 13 for its own test run and the Flatpak's runtime, a clean Debian 12 for
# the .deb. Each stage below asks for its root again, which then only checks it.
roots_log="$top/_build-ci-roots.log"
( nice -n 10 tools/debian13-root.sh && nice -n 10 tools/debian12-root.sh ) > "$roots_log" 2>&1 &
roots_pid=$!

builds=(normal asan)
declare -A options=(
  [normal]="-Dwerror=true"
  [asan]="-Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false"
)

status=0
for build in "${builds[@]}"; do
  dir="$top/_build-ci-$build"
  if [ ! -f "$dir/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup "$dir" ${options[$build]} || { status=1; continue; }
  fi
  if ! meson compile -C "$dir"; then
    echo "build $build failed"
    status=1
    continue
  fi
  # One test at a time under the sanitizers: two cores, and each e2e test runs a simulator.
  # under the sanitizers everything runs several times slower: more time, same bounds.
  jobs=2
  multiplier=1
  suites=()
  # The soak (tests/soak.py) runs in the normal build: under the sanitizers its bounded
  # time would exercise a fraction of the writes, and the library's code paths it drives
  # are all in the sanitized e2e tests.
  if [ "$build" = asan ]; then jobs=1; multiplier=4; suites=(--no-suite soak); fi
  tests/private-session-bus.sh xvfb-run -a -s "-screen 0 1280x1024x24" \
    meson test -C "$dir" --print-errorlogs --num-processes "$jobs" \
      --timeout-multiplier "$multiplier" "${suites[@]}" || status=1
  stage_took "the $build build and its tests"
done

# Hostile input, beyond the suite: lcmctl's end-to-end tests with lcmctl under valgrind
# memcheck (the normal build), and each libFuzzer harness for a bounded time (its own clang
# build). Each writes TAP, counted with the rest; a script that failed without saying which
# case failed counts as one failure.
extra=()
run_tap() {
  local name=$1
  shift
  local tap="$top/_build-ci-$name.tap"
  "$@" > "$tap"
  local rc=$?
  cat "$tap"
  if [ $rc -ne 0 ] && ! grep -q '^not ok' "$tap"; then
    echo "not ok - $name exited with status $rc" >> "$tap"
  fi
  [ $rc -eq 0 ] || status=1
  extra+=("$tap")
}
if [ -x "$top/_build-ci-normal/src/cli/lcmctl" ]; then
  run_tap valgrind tools/valgrind-lcmctl.sh "$top/_build-ci-normal"
  stage_took "lcmctl under valgrind"
fi
run_tap fuzz tools/run-fuzz.sh "${FUZZ_SECONDS:-60}"
stage_took "the fuzzers"

# Where agents are: the whole suite again on Debian 13 (GTK 4.18, libadwaita 1.7, GLib 2.84,
# the nearest to the Flatpak's GNOME runtime), the Flatpak built from that root and run, and
# the Debian packages built, linted and installed in a clean Debian 12.
if ! wait "$roots_pid"; then
  echo "making the Debian roots failed (see $roots_log):"
  tail -n 20 "$roots_log"
fi
stage_took "waiting for the Debian roots"
tools/run-tests-debian13.sh "$top" || status=1
builds+=(debian13)
stage_took "Debian 13: build and tests"
run_tap flatpak tools/check-flatpak.sh
stage_took "the Flatpak"
run_tap deb tools/check-deb.sh
stage_took "the Debian packages"

python3 tools/count-tests.py "${builds[@]/#/$top/_build-ci-}" "${extra[@]}" || status=1
exit $status
