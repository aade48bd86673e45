#!/usr/bin/env bash
# The integration suite in two vitest processes side by side, each one file at
# a time: the first lane, and the second lane (SECOND_LANE in vitest.config.ts:
# the files that start no cluster and cluster files that bear a busy machine).
# The second lane's output follows the first's; the exit code is the first failure's.
set -uo pipefail
cd "$(dirname "$0")/.."

second_log=$(mktemp)
# The PostgreSQL files (PG_INTEGRATION) follow the second lane in its process's turn.
(npx vitest run --project integration-second && npx vitest run --project integration-pg) >"$second_log" 2>&1 &
second=$!
# Ctrl-C or a failure of this script must not leave the second lane behind.
trap 'kill "$second" 2>/dev/null; rm -f "$second_log"' EXIT

npx vitest run --project integration
main=$?
wait "$second"
second_rc=$?
echo
echo "── integration-second, then integration-pg ──"
cat "$second_log"
if ((main != 0)); then exit "$main"; fi
exit "$second_rc"
