#!/usr/bin/env bash
# A national month, measured: seeds N officers and auxiliaries (default 1,000,000, about 100 M fact rows, binary COPY)
# into a throwaway PostgreSQL, then evaluates the month twice through the product's own path (POST /api/runs, brigade
# parts as Hangfire jobs on PostgreSQL shared by real server processes, as tests/Web.Tests/Scheduling does):
#   1. with TWO server nodes, 2. again (a rerun of the same data) with ONE node.
# Prints per-stage times, per-node parts/time/rows and each node's peak memory (VmHWM), with the load average.
#   bench/national.sh                                   # 1,000,000 officers; several hours of seeding and evaluating on 2 cores
#   bench/national.sh --officers 20000                  # a small try
#   bench/national.sh --officers 20000 --parallel-parts 1 --cross-check Off
set -euo pipefail
cd "$(dirname "$0")/.."
officers=1000000; month=2026-10; parallel=""; cross_check=""
while [ $# -gt 0 ]; do
  case "$1" in
    --officers) officers=$2; shift ;;
    --month) month=$2; shift ;;
    --parallel-parts) parallel=$2; shift ;;
    --cross-check) cross_check=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
dotnet build -c Release src/Web -v q -nologo >/dev/null
dll="$PWD/src/Web/bin/Release/net10.0/AssessmentEngine.Web.dll"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# A larger cluster than the tests': the fact tables of a national month are ~15 GB with their indexes.
AE_PG_EXTRA="-c shared_buffers=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min -c work_mem=64MB" 
export AE_PG_EXTRA
. scripts/throwaway-postgres.sh
ae_start_postgres
connection=$(ae_create_database national)
psql_() { "$AE_PGBIN/psql" -qtA -h "$AE_PGROOT" -p "$AE_PGPORT" -U app -d national "$@"; }
work=$(mktemp -d /tmp/ae-national.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; ae_stop_postgres; }
trap cleanup EXIT

seed_start=$(date +%s)
dotnet "$dll" seed --provider postgres --connection "$connection" --officers "$officers" --months "$month"
echo "seeded and analysed in $(( $(date +%s) - seed_start )) s; database $(psql_ -c "SELECT pg_size_pretty(pg_database_size('national'))")"

password="national-bench-$RANDOM$RANDOM"
port_base=$(( 41000 + RANDOM % 1000 ))
start_node() { # start_node <name> <port>: a server node of the cluster, its pid in $node_pid
  mkdir -p "$work/$1"
  (cd "$work/$1" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterName=simple \
    Logging__LogLevel__Default=Warning Logging__LogLevel__AssessmentEngine.Web.Features.Evaluations=Information \
    Database__Provider=Postgres Database__ConnectionString="$connection" Database__SeedDemoData=false Database__DataDirectory="$work/$1" \
    Security__InitialAdminPassword="$password" Scheduling__InstanceId="$1" Scheduling__Monthly="" Scheduling__Quarterly="" \
    Scheduling__CatchUpMonths=0 ${parallel:+Evaluation__ParallelParts=$parallel} ${cross_check:+Rules__CrossCheck=$cross_check} \
    dotnet "$dll" --urls "http://127.0.0.1:$2" >"$work/$1.log" 2>&1) &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && return 0
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/$1.log"; echo "node $1 died" >&2; exit 1; }
    sleep 1
  done
  echo "node $1 did not answer /health within 600 s" >&2; exit 1
}
peak_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

measure() { # measure <label> <port of the node that takes the request> <node pids...>
  local label=$1 port=$2; shift 2
  local jar="$work/cookies" url="http://127.0.0.1:$port"
  curl -fs -c "$jar" -H 'Content-Type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$password\"}" "$url/api/auth/login" >/dev/null
  local run; run=$(curl -fs -b "$jar" -H 'Content-Type: application/json' -d "{\"period\":\"$month\"}" "$url/api/runs" | jq -r .id)
  echo "== $label: run $run (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  local detail status
  while true; do
    detail=$(curl -fs -b "$jar" "$url/api/runs/$run")
    status=$(jq -r '.run.status' <<<"$detail")
    case "$status" in Completed|3) break ;; Failed|4) jq . <<<"$detail" >&2; echo "run failed" >&2; exit 1 ;; esac
    sleep 5
  done
  jq -r '"run: \(.run.seconds) s wall, \(.run.officers + .run.auxiliaries) officers and auxiliaries, \(.run.squads) squads, \(.run.outcomes) outcomes, \(.run.parts) brigade parts"' <<<"$detail"
  echo "stages (load, score and stage are summed over parts, which run in parallel; rank, outcomes and store once):"
  jq -r '.run.stageSeconds | to_entries[] | "  \(.key)\t\(.value) s"' <<<"$detail"
  echo "per node:"
  psql_ -F $'\t' -c "SELECT '  ' || node, count(*) || ' parts', sum(officers) || ' officers', sum(fact_rows) || ' fact rows',
      round(sum(load_seconds)::numeric, 1) || ' s load', round(sum(score_seconds)::numeric, 1) || ' s score', round(sum(store_seconds)::numeric, 1) || ' s stage',
      round(extract(epoch FROM max(finished_at) - min(started_at))::numeric, 1) || ' s from first start to last finish'
    FROM run_parts WHERE run_id = '$run' GROUP BY node ORDER BY node"
  psql_ -c "SELECT '  finalised by ' || node || ', run ' || round(extract(epoch FROM finished_at - started_at)::numeric, 1) || ' s' FROM evaluation_runs WHERE id = '$run'"
  for pid in "$@"; do echo "  peak memory of node pid $pid: $(peak_mb "$pid") MB"; done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

start_node national-a "$port_base"; a=$node_pid
start_node national-b "$((port_base + 1))"; b=$node_pid
measure "two nodes" "$port_base" "$a" "$b"
kill "$a" "$b"; wait "$a" "$b" 2>/dev/null || true

start_node national-c "$((port_base + 2))"; c=$node_pid
measure "one node" "$((port_base + 2))" "$c"
