#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need on Debian (PostgreSQL server,
# Chromium and CJK fonts for browser tests), starts a throwaway PostgreSQL cluster owned by this run
# on a unix socket, runs `dotnet test` for the whole solution, and stops the cluster.
#
#   ./test.sh                 # everything
#   ./test.sh --filter X      # extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Rules)
set -euo pipefail
cd "$(dirname "$0")"
. scripts/throwaway-postgres.sh

# Browser tests drive Debian's Chromium through Playwright; fonts-noto-cjk renders Chinese text.
ae_need_pkg /usr/bin/chromium chromium
ae_need_pkg /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts-noto-cjk

ae_start_postgres
export AE_TEST_POSTGRES="$AE_PG_CONNECTION;Pooling=true"

echo "[test.sh] dotnet test (SQLite and PostgreSQL)"
log=$AE_PGROOT/test.log
set +e
dotnet test AssessmentEngine.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Totals over every test project, from the runner's per-project summaries ("Passed: 12", "Failed: 0" …).
count() { awk -v key="$1" '$1 == key":" {s += $2} END {print s + 0}' "$log"; }
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
