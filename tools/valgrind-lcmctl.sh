#!/usr/bin/env bash
# Runs lcmctl's end-to-end tests (tests/test-lcmctl) with every lcmctl they start running
# under valgrind memcheck, and fails on any definite leak or memory error in lcmctl.
#
#   tools/valgrind-lcmctl.sh BUILD_DIR [TEST-LCMCTL OPTIONS...]
#
# BUILD_DIR is a normal (not sanitized) build where tests/test-lcmctl and src/cli/lcmctl are
# built. test-lcmctl takes the lcmctl to run from $LCMCTL: here that is a wrapper that execs
# valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 on the real
# one, each run with its own log. The test program's TAP goes to stdout as it runs; after it,
# one TAP line per valgrind log, then "N passed, N failed". Exit status 0 only when the tests
# passed and no valgrind log reports an error.
#
# Test cases that assert how fast lcmctl answers cannot hold under valgrind (it runs programs
# tens of times slower); they are skipped here and named in the output, and run in the normal
# and sanitized suites as usual.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 BUILD_DIR [TEST-LCMCTL OPTIONS...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
shift
top=$(cd "$(dirname "$0")/.." && pwd)

# Cases whose assertions are about time (see above).
timing_cases=(/lcmctl/errors/timeout /lcmctl/errors/no-gateway)

fail() {
  echo "Bail out! $*"
  echo "0 passed, 1 failed"
  exit 1
}

command -v valgrind > /dev/null || fail "valgrind is not installed (apt-get install valgrind)"
command -v python3 > /dev/null || fail "python3 is needed to read the test's environment"
[ -x "$build/tests/test-lcmctl" ] || fail "$build/tests/test-lcmctl is not built"
[ -x "$build/src/cli/lcmctl" ] || fail "$build/src/cli/lcmctl is not built"

# valgrind and AddressSanitizer do not mix.
sanitize=$(meson introspect --buildoptions "$build" 2> /dev/null | python3 -c '
import json, sys
for option in json.load(sys.stdin):
    if option["name"] == "b_sanitize":
        print(option["value"])
' || true)
if [ -n "$sanitize" ] && [ "$sanitize" != "none" ]; then
  fail "$build is built with -Db_sanitize=$sanitize: use a normal build"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/valgrind-lcmctl-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/logs"

# The environment meson gives the test (LCM_SIM, LCM_TEST_DATA, G_DEBUG, ...), as shell.
meson introspect --tests "$build" > "$work/tests.json" 2> /dev/null ||
  fail "meson introspect --tests $build failed"
python3 - "$work/tests.json" > "$work/env.sh" << 'EOF' || fail "no test named lcmctl in $build"
import json, shlex, sys
tests = json.load(open(sys.argv[1]))
test = next(t for t in tests if t["name"] == "lcmctl")
for name, value in sorted(test["env"].items()):
    print("export %s=%s" % (name, shlex.quote(value)))
EOF

cat > "$work/lcmctl" << EOF
#!/bin/sh
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite \\
  --errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=40 \\
  --log-file="$work/logs/lcmctl.%p.log" "$build/src/cli/lcmctl" "\$@"
EOF
chmod +x "$work/lcmctl"

skip_args=()
for case in "${timing_cases[@]}"; do
  skip_args+=(-s "$case")
  echo "# skipped under valgrind (asserts timing): $case"
done

echo "# lcmctl under: valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
(
  # shellcheck disable=SC1091
  . "$work/env.sh"
  export LCMCTL="$work/lcmctl"
  # GLib's slice allocator hides leaks from valgrind; the test env sets this too.
  export G_SLICE=always-malloc
  cd "$build/tests" && exec "$build/tests/test-lcmctl" "${skip_args[@]}" "$@"
)
test_status=$?

passed=0
failed=0
runs=0
n=0
for log in "$work"/logs/lcmctl.*.log; do
  [ -e "$log" ] || continue
  runs=$((runs + 1))
  # --quiet: a clean run leaves an empty log.
  if [ -s "$log" ]; then
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok - valgrind report of lcmctl run ${log##*/lcmctl.}"
    sed 's/^/# /' "$log"
  fi
done
if [ "$runs" -eq 0 ]; then
  echo "not ok - lcmctl never ran under valgrind"
  failed=$((failed + 1))
else
  echo "ok - $runs runs of lcmctl under valgrind, $n with a report"
  [ "$n" -eq 0 ] && passed=$((passed + 1))
fi
if [ "$test_status" -eq 0 ]; then
  echo "ok - test-lcmctl passed with lcmctl under valgrind"
  passed=$((passed + 1))
else
  echo "not ok - test-lcmctl failed (exit status $test_status) with lcmctl under valgrind"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
