#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need on Debian (PostgreSQL server,
# Chromium and CJK fonts for browser tests), starts a throwaway PostgreSQL cluster owned by this run
# on a unix socket, runs `dotnet test` for the whole solution, and stops the cluster.
#
#   ./test.sh                 # everything
#   ./test.sh --filter X      # extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Rules)
#
# The whole run first checks the formatting (`dotnet format --verify-no-changes`) and fails on unformatted code;
# a run with arguments (one area, while working on it) skips that check, which takes minutes.
set -euo pipefail
cd "$(dirname "$0")"

if [ "$#" -eq 0 ]; then
    echo "[test.sh] dotnet format --verify-no-changes"
    if ! dotnet format AssessmentEngine.sln --verify-no-changes; then
        echo "[test.sh] the code is not formatted: run 'dotnet format AssessmentEngine.sln' and commit the result" >&2
        exit 1
    fi
fi
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
