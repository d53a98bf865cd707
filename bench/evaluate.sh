#!/usr/bin/env bash
# End-to-end benchmark of a monthly run: seeds N officers with a month of facts (binary COPY), then evaluates the
# month (load, score, linked liability, squads, ranks, outcomes, persist) and prints the time of every stage.
#   bench/evaluate.sh                          # 100,000 officers on a throwaway PostgreSQL cluster
#   bench/evaluate.sh --sqlite --officers 10000
#   bench/evaluate.sh --cross-check 0.05          # the second run checks 5 % of subjects with the other engine
set -euo pipefail
cd "$(dirname "$0")/.."
provider=postgres; officers=100000; month=2026-10; cross_check=All
while [ $# -gt 0 ]; do
  case "$1" in
    --sqlite) provider=sqlite ;;
    --officers) officers=$2; shift ;;
    --month) month=$2; shift ;;
    --cross-check) cross_check=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
dotnet build -c Release src/Web -v q -nologo >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$provider" = postgres ]; then
  . scripts/throwaway-postgres.sh
  ae_start_postgres
  connection=$(ae_create_database evaluate_bench)
else
  dir=$(mktemp -d /tmp/ae-sqlite.XXXXXX); trap 'rm -rf "$dir"' EXIT
  connection="Data Source=$dir/bench.db"
fi
# The built server itself, as national.sh runs it: `dotnet run` would add its own project evaluation (1-4 s) to the times.
dll="$PWD/src/Web/bin/Release/net10.0/AssessmentEngine.Web.dll"
web() { dotnet "$dll" "$@"; }
# The stored results of the latest completed run, hashed without run ids: equal hashes mean identical results.
results_hash() {
  [ "$provider" = postgres ] || return 0
  "$AE_PGBIN/psql" -qtA -h "$AE_PGROOT" -p "$AE_PGPORT" -U app -d evaluate_bench -c "
    WITH run AS (SELECT id FROM evaluation_runs WHERE status = 'Completed' ORDER BY finished_at DESC LIMIT 1)
    SELECT 'results hash: ' || md5(
      (SELECT string_agg(concat_ws('|', officer_id, badge_number, kind, post, squad_id, score, grade, rank, peer_group_size, percentile, vetoed, lines, subtotals), E'\n' ORDER BY officer_id) FROM officer_results WHERE run_id = (SELECT id FROM run))
      || (SELECT string_agg(concat_ws('|', squad_id, brigade_id, score, average_officer_score, grade, rank, peer_group_size, percentile, vetoed, lines, subtotals), E'\n' ORDER BY squad_id) FROM squad_results WHERE run_id = (SELECT id FROM run))
      || coalesce((SELECT string_agg(concat_ws('|', kind, subject_kind, subject_id, level, reason), E'\n' ORDER BY subject_kind, subject_id, kind, reason) FROM outcomes WHERE latest_run_id = (SELECT id FROM run) AND withdrawn_by_run_id IS NULL), ''))"
}
# CPU seconds of the database server's backends so far (the postmaster's reaped children): what the run cost PostgreSQL.
database_cpu() {
  [ "$provider" = postgres ] || { echo 0; return; }
  awk -v tick="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15 + $16 + $17) / tick}' /proc/"$(head -1 "$AE_PGROOT/data/postmaster.pid")"/stat
}
web seed --provider "$provider" --connection "$connection" --officers "$officers" --months "$month"
before=$(database_cpu)
/usr/bin/time -f "evaluate: %e s wall, %U s user + %S s system CPU, %M KB max RSS" dotnet "$dll" \
  evaluate --provider "$provider" --connection "$connection" --period "$month" --cross-check Off
echo "database CPU during the run: $(awk -v a="$before" -v b="$(database_cpu)" 'BEGIN {printf "%.1f", b - a}') s"
results_hash
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# The same month again with the other engine checking (Rules:CrossCheck); the difference in "score" is its cost.
/usr/bin/time -f "evaluate with cross-check $cross_check: %e s wall, %M KB max RSS" dotnet "$dll" \
  evaluate --provider "$provider" --connection "$connection" --period "$month" --cross-check "$cross_check"
results_hash
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
