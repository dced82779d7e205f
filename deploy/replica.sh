#!/usr/bin/env bash
# A read replica (docs/replica.md): a PostgreSQL 15 streaming replica of a
# primary, made with pg_basebackup -R as a second local cluster (own data
# directory, socket directory and port). By default the primary is
# deploy/pg.sh's cluster; the server sends read-only traffic to it with
# read_replica { read_database_url: "$(deploy/replica.sh url)" }.
# initdb/postgres refuse root, so PostgreSQL runs as the `postgres` OS user.
#
#   deploy/replica.sh start    make the replica (first time: a replication role on
#                              the primary, a base backup) and start it
#   deploy/replica.sh stop     stop it (fast shutdown); the primary is untouched
#   deploy/replica.sh status   running or not, and how far behind the primary
#   deploy/replica.sh remove   stop it and delete its directory and password file
#                              (the next start makes a fresh copy)
#   deploy/replica.sh url      the primary's URL (same roles and passwords: they
#                              replicate) with the replica's port
#
# The primary is reached as the postgres OS user over its private socket (peer,
# as pg.sh does) to create the role baoxue_replication (REPLICATION, password in
# <replica dir>-replication-password, mode 0600); initdb's pg_hba already lets
# 127.0.0.1 connect for replication with a password (or trust on a trust cluster).
# The backup copies the primary's postgresql.conf; the replica's port and socket
# are appended to it. No replication slot: a replica left stopped longer than the
# primary keeps WAL must be made again (stop, remove its directory, start).
#
# Environment:
#   BAOXUE_PRIMARY_PORT    the primary's port (default $BAOXUE_PG_PORT or 54329)
#   BAOXUE_PRIMARY_SOCKET  the primary's socket directory (default pg.sh's <dir>/run)
#   BAOXUE_PRIMARY_URL     the primary's URL for `url` (default: deploy/pg.sh url)
#   BAOXUE_REPLICA_DIR     the replica's directory (default <pg.sh dir>-replica)
#   BAOXUE_REPLICA_PORT    the replica's port (default 54330)
#   BAOXUE_REPLICA_NO_SYNC=1  do not fsync the copy (tests' throwaway replicas)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
pg_bin=/usr/lib/postgresql/15/bin
primary_port=${BAOXUE_PRIMARY_PORT:-${BAOXUE_PG_PORT:-54329}}
port=${BAOXUE_REPLICA_PORT:-54330}
# pg.sh's directory, found the same way pg.sh finds it.
pg_dir=$repo/var/pg
if [ -z "${BAOXUE_PG_DIR:-}" ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
   ! runuser -u postgres -- test -x "$repo" 2>/dev/null; then
  pg_dir=/var/tmp/baoxue-pg-$(printf '%s' "$repo" | md5sum | cut -c1-12)
fi
pg_dir=${BAOXUE_PG_DIR:-$pg_dir}
primary_socket=${BAOXUE_PRIMARY_SOCKET:-$pg_dir/run}
dir=${BAOXUE_REPLICA_DIR:-${pg_dir}-replica}
data=$dir/data
socket=$dir/run
log=$dir/postgres.log
replication_user=baoxue_replication
password_file=${dir}-replication-password

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_postgres "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

primary_psql() {
  as_postgres psql -h "$primary_socket" -p "$primary_port" -U postgres -d postgres \
    -qAt -v ON_ERROR_STOP=1 "$@"
}

replica_psql() {
  as_postgres psql -h "$socket" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"
}

# The replication role on the primary, with a generated password kept 0600.
replication_password() {
  if [ ! -s "$password_file" ]; then
    (umask 077; openssl rand -hex 24 >"$password_file")
  fi
  chmod 600 "$password_file"
  local password
  password=$(cat "$password_file")
  primary_psql -v pw="$password" <<SQL >/dev/null
SET password_encryption = 'scram-sha-256';
SELECT 'CREATE ROLE $replication_user REPLICATION LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$replication_user') \gexec
ALTER ROLE $replication_user PASSWORD :'pw';
SQL
  echo "$password"
}

make_replica() {
  primary_psql -c 'SELECT 1' >/dev/null || {
    echo "replica.sh: cannot reach the primary on $primary_socket port $primary_port" \
      "(start it: deploy/pg.sh start)" >&2
    exit 1
  }
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  local password
  password=$(replication_password)
  echo "replica.sh: copying the primary (127.0.0.1:$primary_port) into $data"
  # -R: standby.signal and primary_conninfo (with the role's password, in the
  # replica's postgresql.auto.conf, readable by postgres only).
  local no_sync=()
  if [ "${BAOXUE_REPLICA_NO_SYNC:-}" = 1 ]; then no_sync=(--no-sync); fi
  as_postgres "$pg_bin/pg_basebackup" -D "$data" -R -X stream -c fast "${no_sync[@]}" \
    -d "host=127.0.0.1 port=$primary_port user=$replication_user password=$password" \
    >/dev/null
  as_postgres mkdir -p "$socket"
  cat <<CONF | as_postgres tee -a "$data/postgresql.conf" >/dev/null
# The replica's own (deploy/replica.sh); the lines above came from the primary.
port = $port
unix_socket_directories = '$socket'
hot_standby = on
# Long reads are not cancelled by replay of rows they still see.
hot_standby_feedback = on
CONF
}

start() {
  [ -x "$pg_bin/pg_basebackup" ] || { echo "replica.sh: PostgreSQL 15 is not installed (run deploy/install-deps.sh)" >&2; exit 1; }
  if [ ! -f "$data/PG_VERSION" ]; then make_replica; fi
  if ! is_running; then
    as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null
  fi
  echo "replica.sh: replica of 127.0.0.1:$primary_port running on 127.0.0.1:$port" \
    "(deploy/replica.sh url for read_replica.read_database_url)"
}

stop() {
  if is_running; then as_postgres "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  echo "replica.sh: stopped"
}

remove() {
  stop
  if [ "$(id -u)" = 0 ]; then
    rm -rf "$dir" "$password_file"
  else
    as_postgres rm -rf "$dir" && rm -f "$password_file"
  fi
  echo "replica.sh: removed $dir"
}

status() {
  if ! is_running; then echo "stopped"; exit 3; fi
  replica_psql -F ' ' -c "SELECT 'running on 127.0.0.1:$port;',
      CASE WHEN pg_is_in_recovery() THEN 'standby, replayed up to '
           || COALESCE(pg_last_wal_replay_lsn()::text, 'nothing yet')
           || ', last replayed commit at '
           || COALESCE(pg_last_xact_replay_timestamp()::text, 'none yet')
      ELSE 'PROMOTED: no longer a replica' END"
}

url() {
  local primary_url=${BAOXUE_PRIMARY_URL:-$("$repo/deploy/pg.sh" url)}
  # Same roles and passwords; only the port differs.
  printf '%s\n' "$primary_url" |
    sed -E "s#^(postgres(ql)?://([^@/]*@)?)[^/?]*#\1127.0.0.1:$port#"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  remove) remove ;;
  *) echo "usage: deploy/replica.sh start|stop|status|url|remove" >&2; exit 2 ;;
esac
