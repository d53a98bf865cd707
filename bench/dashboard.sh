#!/usr/bin/env bash
# Latency of the leadership dashboard (GET /api/dashboard) over loopback under open-loop load: builds Release, starts the
# real app (src/Web, embedded SQLite, demo detachment of 420 officers, in-memory scheduler) on a fresh data directory,
# evaluates the last finished month, issues a Leader token for the whole detachment, then runs the open-loop generator
# bench/Interlock.Bench in --get mode over the detachment's dashboard and each brigade's, at each rate, and stops the app.
# The generator refuses any address but loopback; each rate sends exactly rate × seconds requests, each bounded by 30 s.
#   bench/dashboard.sh                                   # 50, 200 and 400 rps, 20 s each after a 5 s warm-up
#   bench/dashboard.sh --rates 50,200,400,800 --seconds 30
set -euo pipefail
cd "$(dirname "$0")/.."
# The generator takes the first occurrence of an option: what is given here wins over the defaults after it.
generator_args=("$@" --rates 50,200,400 --seconds 20 --warmup-seconds 5 --connections 64)

dotnet build -c Release src/Web -v q -nologo >/dev/null
dotnet build -c Release bench/Interlock.Bench -v q -nologo >/dev/null
dir=$(mktemp -d /tmp/ae-dashboard.XXXXXX)
app_pid=
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

port=$(( 30000 + RANDOM % 20000 ))
url="http://127.0.0.1:$port"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "[dashboard] starting the app on $url (SQLite, demo detachment)"
(cd src/Web && exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production DOTNET_gcServer=0 \
  Database__Provider=sqlite Database__ConnectionString="Data Source=$dir/dashboard.db" Database__DataDirectory="$dir" Database__SeedDemoData=true \
  Scheduling__Enabled=true Scheduling__CatchUpMonths=0 Scheduling__Monthly= Scheduling__Quarterly= \
  Security__InitialAdminPassword="$password" Logging__LogLevel__Default=Warning \
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
month=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
curl -fsS -b "$jar" -H 'Content-Type: application/json' -d "{\"period\":\"$month\"}" "$url/api/runs" >/dev/null
echo "[dashboard] evaluating $month"
for _ in $(seq 1 600); do
  status=$(curl -fsS -b "$jar" "$url/api/runs?period=$month" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["status"] if r else "none")')
  if [ "$status" = Completed ]; then break; fi
  if [ "$status" = Failed ]; then echo "[dashboard] the run of $month failed" >&2; exit 1; fi
  sleep 1
done
[ "$status" = Completed ] || { echo "[dashboard] the run of $month did not complete" >&2; exit 1; }

token=$(curl -fsS -b "$jar" -H 'Content-Type: application/json' -d '{"name":"dashboard-bench","role":"Leader","unitId":null}' "$url/api/tokens" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
# The detachment's dashboard and each brigade's, in turn: four cache keys, as four leaders would ask.
paths=$(curl -fsS -b "$jar" "$url/api/dashboard" | python3 -c '
import json,sys
view=json.load(sys.stdin)
brigades=sorted({s["brigadeId"] for s in view["squads"]})
print(",".join(["/api/dashboard"]+["/api/dashboard?unitId=%d" % b for b in brigades]))')
echo "[dashboard] Leader token issued; paths $paths; uptime: $(uptime)"

AE_TOKEN="$token" dotnet bench/Interlock.Bench/bin/Release/net10.0/AssessmentEngine.Interlock.Bench.dll --url "$url" --get "$paths" --app-pid "$app_pid" "${generator_args[@]}"
echo "[dashboard] uptime after: $(uptime)"
