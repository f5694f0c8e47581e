#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs each libFuzzer harness of fuzz/ for a bounded time: tools/run-fuzz.sh [SECONDS]
# (default 60 s per harness). Builds them first in _build-fuzz with clang
# (-Dfuzzing=true), starts each from a copy of its committed seed corpus and past crashes
# (fuzz/corpus/<harness>, fuzz/crashes/<harness>) in a temporary directory, so the tree is
# never modified, and prints one TAP line per harness. Exits non-zero on any crash, leak,
# timeout or sanitizer report; what failed is kept in _build-fuzz/fuzz-results/<harness>/
# (the log, and the input that triggered it).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
build="$top/_build-fuzz"
duration=${1:-60}

harnesses=(fuzz-envelope fuzz-deep-link fuzz-values fuzz-journey-decode)
# Longer than anything each parser accepts, so the bounds themselves are exercised.
declare -A max_len=([fuzz-envelope]=8192 [fuzz-deep-link]=4096 [fuzz-values]=256
                   [fuzz-journey-decode]=4096)

case "$duration" in
  '' | *[!0-9]* | 0)
    echo "usage: $0 [SECONDS per harness, default 60]" >&2
    exit 2
    ;;
esac

echo "1..${#harnesses[@]}"

bail_out() {
  echo "Bail out! $*"
  exit 1
}

command -v clang > /dev/null ||
  bail_out "clang is not installed (tools/install-deps.sh installs clang and libclang-rt-14-dev)"

work=$(mktemp -d "${TMPDIR:-/tmp}/wrapup-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Db_lundef=false > "$work/setup.log" 2>&1 ||
    { cat "$work/setup.log" >&2; bail_out "meson setup of $build failed"; }
else
  meson configure "$build" -Dfuzzing=true > /dev/null ||
    bail_out "meson configure of $build failed"
fi
meson compile -C "$build" "${harnesses[@]}" >&2 || bail_out "building the fuzzers failed"

results="$build/fuzz-results"
rm -rf "$results"
mkdir -p "$results"

# GSlice through malloc so ASan sees every block; a UBSan report stops the run; full stacks
# through GLib (built without frame pointers) for leaks; intercept_tls_get_addr=0 for the
# reason meson.build gives.
export G_SLICE=always-malloc
export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:intercept_tls_get_addr=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LC_ALL=C.UTF-8

status=0
n=0
for harness in "${harnesses[@]}"; do
  n=$((n + 1))
  corpus="$work/$harness/corpus"
  artifacts="$work/$harness/artifacts"
  log="$work/$harness/log"
  mkdir -p "$corpus" "$artifacts"
  cp "$top/fuzz/corpus/$harness"/* "$corpus/"
  if [ -d "$top/fuzz/crashes/$harness" ]; then
    cp "$top/fuzz/crashes/$harness"/* "$corpus/" 2> /dev/null
  fi
  dict=()
  [ -f "$top/fuzz/$harness.dict" ] && dict=("-dict=$top/fuzz/$harness.dict")

  "$build/fuzz/$harness" \
    -max_total_time="$duration" \
    -max_len="${max_len[$harness]}" \
    -timeout=25 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    "${dict[@]}" \
    -artifact_prefix="$artifacts/" \
    "$corpus" > "$log" 2>&1
  rc=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  runs=${runs:-0}
  # A sanitizer report that somehow did not stop the run is a failure all the same.
  report='^(==[0-9]+==ERROR|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer)|runtime error:'
  if [ "$rc" -eq 0 ] && grep -qE "$report" "$log"; then
    rc=1
  fi

  if [ "$rc" -eq 0 ]; then
    echo "ok $n $harness ($runs runs)"
  else
    status=1
    mkdir -p "$results/$harness"
    cp "$log" "$results/$harness/log"
    cp "$artifacts"/* "$results/$harness/" 2> /dev/null
    echo "not ok $n $harness ($runs runs, exit $rc)"
    # The report and the offending input, for the CI log.
    first='^(==[0-9]+==ERROR|.*invariant broken|.*does not|.*round trip|.*cannot read back)'
    noise='in fuzzer::|libc_start|in _start|in main \(|BuildId: [0-9a-f]+\)$'
    grep -E -A40 "$first" "$log" | grep -vE "$noise" | head -n 40 | sed 's/^/# /'
    for input in "$artifacts"/*; do
      [ -f "$input" ] || continue
      echo "# input $(basename "$input") (base64): $(head -c 600 "$input" | base64 -w 0)"
    done
    echo "# kept in ${results#"$top"/}/$harness/;" \
      "once fixed, add the input to fuzz/crashes/$harness/"
  fi
done

exit $status
