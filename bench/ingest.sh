#!/usr/bin/env bash
# Ingestion over HTTP: seeds a detachment (officers only matter), starts the app on a throwaway PostgreSQL cluster,
# issues a System token, then POSTs a CSV of N enforcement rows to /api/ingest/enforcement-actions and prints rows/s;
# then sends the same file again (every row a duplicate) and prints that rate too.
#   bench/ingest.sh                    # 100,000 rows
#   bench/ingest.sh --rows 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
rows=100000; officers=1000; port=$(( 40000 + RANDOM % 10000 ))
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift ;;
    --officers) officers=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
dotnet build -c Release src/Web -v q -nologo >/dev/null
. scripts/throwaway-postgres.sh
ae_start_postgres
connection=$(ae_create_database ingest_bench)
work=$(mktemp -d /tmp/ae-ingest.XXXXXX)
app_pid=
cleanup() { [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; ae_stop_postgres; }
trap cleanup EXIT

dotnet run -c Release --no-build --no-launch-profile --project src/Web -- seed --provider postgres --connection "$connection" --officers "$officers" --months 2026-10 >/dev/null
"$AE_PGBIN/psql" -qAt -h "$AE_PGROOT" -p "$AE_PGPORT" -U app -d ingest_bench -c "SELECT id FROM officers ORDER BY id" > "$work/officers"

password=bench-admin-password-$RANDOM
Database__Provider=Postgres Database__ConnectionString="$connection" Database__SeedDemoData=false Scheduling__Monthly= Scheduling__Quarterly= Scheduling__CatchUpMonths=0 \
  Security__InitialAdminPassword="$password" Logging__LogLevel__Default=Warning \
  env "Logging__LogLevel__AssessmentEngine.Web.Features.Ingestion=Information" dotnet run -c Release --no-build --no-launch-profile --project src/Web -- --urls "http://127.0.0.1:$port" > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/auth/login" >/dev/null
token=$(curl -sf -b "$work/cookies" -H 'Content-Type: application/json' -d '{"name":"bench-connector","role":"System"}' "http://127.0.0.1:$port/api/tokens" \
  | sed -E 's/.*"secret":"([^"]+)".*/\1/')

# The file is written once, streamed by curl: neither side holds it in memory.
awk -v rows="$rows" 'NR == FNR { officer[n++] = $1; next } END {
  print "externalId,officerId,code,occurredAt,hasFootage,uploadDelayHours,penaltyIssued,penaltyDecisionNumber"
  for (i = 0; i < rows; i++) {
    footage = (i % 10 != 0); penalty = (i % 2 == 0)
    printf "BENCH-%d,%d,%s,2026-10-%02dT%02d:%02d:00+08:00,%s,%s,%s,%s\n", i, officer[i % n], (i % 3 ? "helmet" : "parking"),
      1 + i % 28, 7 + i % 12, i % 60, footage ? "true" : "false", footage ? "1.5" : "", penalty ? "true" : "false", penalty ? "D-" i : ""
  } }' "$work/officers" /dev/null > "$work/batch.csv"
echo "batch: $rows enforcement rows, $(du -h "$work/batch.csv" | cut -f1) of CSV, officers of a $officers-officer detachment"

send() { # send <label>
  local out status seconds
  out=$(curl -s -o "$work/response.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
    -X POST -T "$work/batch.csv" "http://127.0.0.1:$port/api/ingest/enforcement-actions")
  status=${out% *}; seconds=${out#* }
  echo "$1: HTTP $status in $seconds s = $(awk -v r="$rows" -v s="$seconds" 'BEGIN { printf "%\047d", r / s }') rows/s — $(cut -c1-200 "$work/response.json")"
}
send "first send"
send "same file again"
echo "stages (from the app's log):"
grep -o 'Ingested.*' "$work/app.log" | sed 's/^/  /'
