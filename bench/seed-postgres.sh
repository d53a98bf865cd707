#!/usr/bin/env bash
# Ingestion benchmark of the foundation: generates N officers (default 100,000) with a month of facts and writes
# them into a throwaway PostgreSQL cluster with binary COPY, printing rows per table and rows/s.
#   bench/seed-postgres.sh [--officers 100000] [--months 2026-10]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/throwaway-postgres.sh
ae_start_postgres
db=$(ae_create_database seed_bench)
dotnet build -c Release src/Web -v q -nologo >/dev/null
args=("$@"); [ ${#args[@]} -gt 0 ] || args=(--officers 100000)
dotnet run -c Release --no-build --no-launch-profile --project src/Web -- seed --provider postgres --connection "$db" "${args[@]}"
