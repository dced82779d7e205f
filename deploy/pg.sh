#!/usr/bin/env bash
# The embedded default database: a private PostgreSQL 15 cluster for this checkout.
# Own data directory (var/pg), own unix socket directory, loopback port; never the
# system cluster. initdb/postgres refuse root, so they run as the `postgres` OS user.
#
#   deploy/pg.sh start     create (first time) and start the cluster, create role+database
#   deploy/pg.sh stop      stop it (fast shutdown)
#   deploy/pg.sh status    say whether it runs
#   deploy/pg.sh url       print the connection URL of the baoxue database
#   deploy/pg.sh psql ...  run psql against the baoxue database
#
# Environment: BAOXUE_PG_DIR (default <repo>/var/pg), BAOXUE_PG_PORT (default 54329).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
pg_bin=/usr/lib/postgresql/15/bin
port=${BAOXUE_PG_PORT:-54329}
# The postgres user must reach the data directory; a checkout under a private
# home directory (e.g. /root) cannot host it, so fall back to one per checkout
# under /var/tmp.
default_dir=$repo/var/pg
if [ -z "${BAOXUE_PG_DIR:-}" ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
   ! runuser -u postgres -- test -x "$repo" 2>/dev/null; then
  default_dir=/var/tmp/baoxue-pg-$(printf '%s' "$repo" | md5sum | cut -c1-12)
fi
dir=${BAOXUE_PG_DIR:-$default_dir}
data=$dir/data
socket=$dir/run
log=$dir/postgres.log
db_user=baoxue
db_name=baoxue

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_dir() {
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  if ! as_postgres test -w "$dir"; then
    echo "pg.sh: the postgres user cannot write $dir (a parent directory is private?)." >&2
    echo "pg.sh: set BAOXUE_PG_DIR to a directory it can reach, e.g. /var/lib/baoxue/pg." >&2
    exit 1
  fi
  as_postgres mkdir -p "$socket"
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_postgres "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

url() { echo "postgresql://$db_user@127.0.0.1:$port/$db_name"; }

start() {
  [ -x "$pg_bin/initdb" ] || { echo "pg.sh: PostgreSQL 15 is not installed (run deploy/install-deps.sh)" >&2; exit 1; }
  ensure_dir
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "pg.sh: creating a private cluster in $data"
    # trust on loopback and the private socket only: this cluster is for one machine's demo
    # and tests; production points BAOXUE_DATABASE_URL at a managed database.
    as_postgres "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat <<CONF | as_postgres tee -a "$data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket'
max_connections = 200
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
fsync = on
synchronous_commit = on
max_wal_size = 4GB
CONF
  fi
  if ! is_running; then
    as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null
  fi
  as_postgres psql -h "$socket" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE $db_user LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db_user') \gexec
SELECT 'CREATE DATABASE $db_name OWNER $db_user'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db_name') \gexec
SQL
  echo "pg.sh: running on 127.0.0.1:$port ($(url))"
}

stop() {
  if is_running; then as_postgres "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  echo "pg.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running: $(url)"; else echo "stopped"; exit 3; fi ;;
  url) url ;;
  psql) shift; psql "$(url)" "$@" ;;
  *) echo "usage: deploy/pg.sh start|stop|status|url|psql [args]" >&2; exit 2 ;;
esac
