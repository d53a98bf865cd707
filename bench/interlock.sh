#!/usr/bin/env bash
# Latency of the real-time check (POST /api/checks/penalty-interlock) over loopback: builds Release, starts the real app
# (src/Web, demo detachment, scheduler off) on SQLite or on a throwaway PostgreSQL cluster, signs in as the initial
# admin, issues a System token scoped to the first brigade (unit 2, officers 1–140), runs the open-loop generator
# bench/Interlock.Bench at each rate and stops the app.
#   bench/interlock.sh                                   # SQLite, 100 and 1,000 rps, 30 s each after a 10 s warm-up
#   bench/interlock.sh --postgres --seconds 60 --rates 100,1000,2000
set -euo pipefail
cd "$(dirname "$0")/.."
provider=sqlite; generator_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) provider=postgres ;;
    *) generator_args+=("$1") ;;
  esac
  shift
done

dotnet build -c Release src/Web -v q -nologo >/dev/null
dotnet build -c Release bench/Interlock.Bench -v q -nologo >/dev/null
dir=$(mktemp -d /tmp/ae-interlock.XXXXXX)
app_pid=
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  if [ "$provider" = postgres ]; then ae_stop_postgres; fi
  rm -rf "$dir"
}
if [ "$provider" = postgres ]; then
  . scripts/throwaway-postgres.sh
  ae_start_postgres
  connection=$(ae_create_database interlock_bench)
else
  connection="Data Source=$dir/interlock.db"
fi
trap cleanup EXIT

port=$(( 30000 + RANDOM % 20000 ))
url="http://127.0.0.1:$port"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "[interlock] starting the app on $url ($provider)"
(cd src/Web && exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production DOTNET_gcServer=0 \
  Database__Provider="$provider" Database__ConnectionString="$connection" Database__DataDirectory="$dir" Database__SeedDemoData=true \
  Scheduling__Monthly= Scheduling__Quarterly= Scheduling__CatchUpMonths=0 Security__InitialAdminPassword="$password" Logging__LogLevel__Default=Warning \
  dotnet bin/Release/net10.0/AssessmentEngine.Web.dll >"$dir/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 240); do
  if curl -fsS "$url/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$app_pid" 2>/dev/null; then cat "$dir/app.log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "$url/health" >/dev/null

jar="$dir/cookies"
curl -fsS -c "$jar" -H 'Content-Type: application/json' -d "{\"userName\":\"admin\",\"password\":\"$password\"}" "$url/api/auth/login" >/dev/null
token=$(curl -fsS -b "$jar" -H 'Content-Type: application/json' -d '{"name":"ticketing-terminal-bench","role":"System","unitId":2}' "$url/api/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
echo "[interlock] System token issued for unit 2; load average $(cut -d' ' -f1-3 /proc/loadavg)"

AE_TOKEN="$token" dotnet bench/Interlock.Bench/bin/Release/net10.0/AssessmentEngine.Interlock.Bench.dll --url "$url" --officers 1-140 --app-pid "$app_pid" "${generator_args[@]}"

# Every check was queued for the audit log; show how many the writer stored, in how many entries per second.
checks=$(curl -fsS -b "$jar" "$url/api/audit?action=CheckEvent&pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "[interlock] audit log holds $checks CheckEvent entries (warm-up and probe included)"
