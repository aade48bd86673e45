#!/usr/bin/env bash
# The integration suite in two vitest processes side by side: the files that
# start etcd clusters, one at a time, and beside them the second lane (files
# that start no cluster, and the multi-fault scenarios), one at a time. The light run's
# output follows the cluster run's; the exit code is the first failure's.
set -uo pipefail
cd "$(dirname "$0")/.."

light_log=$(mktemp)
npx vitest run --project integration-light >"$light_log" 2>&1 &
light=$!
# Ctrl-C or a failure of this script must not leave the light run behind.
trap 'kill "$light" 2>/dev/null; rm -f "$light_log"' EXIT

npx vitest run --project integration
main=$?
wait "$light"
light_rc=$?
echo
echo "── integration-light ──"
cat "$light_log"
if ((main != 0)); then exit "$main"; fi
exit "$light_rc"
