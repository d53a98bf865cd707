#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need on Debian (PostgreSQL server,
# Chromium and CJK fonts for browser tests), starts a throwaway PostgreSQL cluster owned by this run
# on a unix socket, runs `dotnet test` for the whole solution, and stops the cluster.
#
#   ./test.sh                 # everything
#   ./test.sh --filter X      # extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Rules)
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\033[1m[test.sh]\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_pkg() { # need_pkg <check-path> <debian packages...>
  local check=$1; shift
  if [ ! -e "$check" ]; then
    if [ $apt_updated -eq 0 ]; then log "apt-get update"; as_root apt-get update -qq; apt_updated=1; fi
    log "installing $*"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] || need_pkg /nonexistent postgresql
PGBIN=$(pg_bin)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found after install" >&2; exit 1; }

# Browser tests drive Debian's Chromium through Playwright; fonts-noto-cjk renders Chinese text.
need_pkg /usr/bin/chromium chromium
need_pkg /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc fonts-noto-cjk

# A throwaway cluster: initdb refuses to run as root, so the cluster belongs to the postgres user
# when we are root; it listens only on a unix socket inside its own directory.
PGROOT=$(mktemp -d /tmp/ae-pg.XXXXXX)
PGPORT=$(( 20000 + RANDOM % 20000 ))
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGROOT"; fi
cleanup() {
  run_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
log "starting throwaway PostgreSQL in $PGROOT (port $PGPORT, unix socket only)"
run_pg "$PGBIN/initdb" -D "$PGROOT/data" -A trust -U app -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w \
  -o "-k $PGROOT -p $PGPORT -c listen_addresses='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export AE_TEST_POSTGRES="Host=$PGROOT;Port=$PGPORT;Username=app;Database=postgres;Pooling=true"
export AE_TEST_PG_BIN="$PGBIN"

log "dotnet test (SQLite and PostgreSQL)"
set +e
dotnet test AssessmentEngine.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$PGROOT/test.log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -h -o -E 'Passed: +[0-9]+' "$PGROOT/test.log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -h -o -E 'Failed: +[0-9]+' "$PGROOT/test.log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -h -o -E 'Skipped: +[0-9]+' "$PGROOT/test.log" | awk '{s+=$2} END {print s+0}')
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
