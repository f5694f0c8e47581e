#!/usr/bin/env bash
# The protocol demo in a terminal: builds Wrapup, starts the bundled LCM gateway simulator on a
# free loopback port with seeded data, and walks through an agent's call with lcmctl.
set -euo pipefail

cd "$(dirname "$0")/.."
tools/install-deps.sh

[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

work=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# The simulator prints its address on its first line.
_build/src/sim/lcm-sim --port 0 --db "$work/sim.db" --journey-rows 2000 \
  >"$work/sim.out" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 100); do
  [ -s "$work/sim.out" ] && break
  sleep 0.1
done
WRAPUP_SERVER_URL=$(head -n 1 "$work/sim.out")
export WRAPUP_SERVER_URL
lcmctl=_build/src/cli/lcmctl
account='5|3|1|0|0|44|1'
call=12345

step() { printf '\n\033[1m$ lcmctl %s\033[0m\n' "$*"; "$lcmctl" "$@"; }

echo "lcm-sim is listening on $WRAPUP_SERVER_URL"
step business-outcomes --callid "$call" --type OUTBOUND
step telephony-outcomes --account "$account"
step callback-modes --callid "$call" --account "$account"
step journey --account "$account" --channel voice --months 3
step set-outcomes --callid "$call" --account "$account" --outcome 0 --business-outcome \
  "$(sqlite3 "$work/sim.db" "SELECT outcome_id FROM business_outcomes WHERE outcome_group = 'OUTBOUND' AND parent_id != 0 ORDER BY position LIMIT 1")" \
  --user testagent --comments 'Demo: customer accepted the offer' --lead-score 8 --target-amount 120
step journey --account "$account" --months 3
start=$(date -d 'tomorrow 10:00' '+%d/%m/%Y %H:%M')
end=$(date -d 'tomorrow 11:30' '+%d/%m/%Y %H:%M')
step set-business-outcome --callid "$call" --account "$account" --outcome 4 --business-outcome \
  "$(sqlite3 "$work/sim.db" "SELECT outcome_id FROM business_outcomes WHERE outcome_group = 'OUTBOUND' AND parent_id != 0 ORDER BY position LIMIT 1")" \
  --start "$start" --end "$end" --mode 3 --user testagent --comments 'Call back tomorrow morning'
step callbacks --user testagent
printf '\nAn invalid request is refused before it reaches the gateway:\n'
step set-telephony-outcome --callid '' --account "$account" --outcome 3 --user testagent || \
  echo "(exit code $?)"
