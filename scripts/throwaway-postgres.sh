# Sourced by test.sh and the benchmarks: installs PostgreSQL from Debian's packages when missing and starts a
# throwaway cluster owned by the caller's run, on a unix socket in its own directory. Sets AE_PG_CONNECTION and
# stops the cluster on exit. initdb refuses to run as root, so as root the cluster belongs to the postgres user.

ae_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
ae_apt_updated=0
ae_need_pkg() { # ae_need_pkg <path that exists once installed> <debian packages...>
  local check=$1; shift
  if [ ! -e "$check" ]; then
    if [ $ae_apt_updated -eq 0 ]; then echo "[pg] apt-get update"; ae_as_root apt-get update -qq; ae_apt_updated=1; fi
    echo "[pg] installing $*"
    DEBIAN_FRONTEND=noninteractive ae_as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}
ae_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
ae_run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

ae_start_postgres() {
  [ -n "$(ae_pg_bin)" ] || ae_need_pkg /nonexistent postgresql
  AE_PGBIN=$(ae_pg_bin)
  [ -x "$AE_PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found after install" >&2; return 1; }
  AE_PGROOT=$(mktemp -d /tmp/ae-pg.XXXXXX)
  AE_PGPORT=$(( 20000 + RANDOM % 20000 ))
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$AE_PGROOT"; fi
  trap ae_stop_postgres EXIT
  echo "[pg] throwaway cluster in $AE_PGROOT (port $AE_PGPORT, unix socket only)"
  ae_run_pg "$AE_PGBIN/initdb" -D "$AE_PGROOT/data" -A trust -U app -E UTF8 --locale=C.UTF-8 >/dev/null
  # Durability settings are off: the cluster is thrown away after the run.
  ae_run_pg "$AE_PGBIN/pg_ctl" -D "$AE_PGROOT/data" -l "$AE_PGROOT/server.log" -w \
    -o "-k $AE_PGROOT -p $AE_PGPORT -c listen_addresses='' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${AE_PG_EXTRA:-}" start >/dev/null
  AE_PG_CONNECTION="Host=$AE_PGROOT;Port=$AE_PGPORT;Username=app;Database=postgres"
  export AE_PG_CONNECTION AE_PGROOT AE_PGPORT AE_PGBIN
}

ae_create_database() { # ae_create_database <name> -> prints its connection string
  "$AE_PGBIN/psql" -q -h "$AE_PGROOT" -p "$AE_PGPORT" -U app -d postgres -c "CREATE DATABASE $1" >/dev/null
  echo "Host=$AE_PGROOT;Port=$AE_PGPORT;Username=app;Database=$1"
}

ae_stop_postgres() {
  if [ -n "${AE_PGROOT:-}" ]; then
    ae_run_pg "$AE_PGBIN/pg_ctl" -D "$AE_PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$AE_PGROOT"
  fi
}
