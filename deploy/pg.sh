#!/usr/bin/env bash
# The embedded default database: a private PostgreSQL 15 cluster for this checkout.
# Own data directory (var/pg), own unix socket directory, loopback port; never the
# system cluster. initdb/postgres refuse root, so they run as the `postgres` OS user.
#
#   deploy/pg.sh start     create (first time) and start the cluster, create role+database
#   deploy/pg.sh stop      stop it (fast shutdown)
#   deploy/pg.sh status    say whether it runs
#   deploy/pg.sh url       print the connection URL of the baoxue database (owner role,
#                          with its password: migrations and tests)
#   deploy/pg.sh app-url   the URL of the application role baoxue_app (the server)
#   deploy/pg.sh secure    move a cluster made before passwords to scram-sha-256
#   deploy/pg.sh psql ...  run psql against the baoxue database
#
# TCP connections authenticate with scram-sha-256; the generated passwords live in
# <dir>-password (owner baoxue) and <dir>-app-password (baoxue_app), mode 0600,
# e.g. var/pg-password. Only the postgres OS user on the private socket is trusted
# (peer). Roles (docs/security.md, "Database roles"): baoxue owns and migrates,
# baoxue_app is the server's, baoxue_feature_reader runs data staff's feature SQL.
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
app_user=baoxue_app
password_file=${dir}-password
app_password_file=${dir}-app-password

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

# A password from `file`, generated (hex, URL-safe) and kept 0600 the first time.
password_in() {
  local file=$1
  if [ ! -s "$file" ]; then
    (umask 077; openssl rand -hex 24 >"$file")
  fi
  chmod 600 "$file"
  cat "$file"
}

# A cluster made before passwords trusts every TCP connection.
uses_trust() { as_postgres grep -Eq '^host[[:space:]].*[[:space:]]trust$' "$data/pg_hba.conf"; }

url() {
  if [ -s "$password_file" ]; then
    echo "postgresql://$db_user:$(cat "$password_file")@127.0.0.1:$port/$db_name"
  else
    echo "postgresql://$db_user@127.0.0.1:$port/$db_name"
  fi
}

app_url() { echo "postgresql://$app_user:$(password_in "$app_password_file")@127.0.0.1:$port/$db_name"; }

# Passwords and roles, as the superuser over the private socket (peer).
set_up_roles() {
  local password app_password
  password=$(password_in "$password_file")
  app_password=$(password_in "$app_password_file")
  as_postgres psql -h "$socket" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -v pw="$password" -v app_pw="$app_password" <<SQL >/dev/null
SET password_encryption = 'scram-sha-256';
SELECT 'CREATE ROLE $db_user LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db_user') \gexec
ALTER ROLE $db_user PASSWORD :'pw';
SELECT 'CREATE ROLE $app_user LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$app_user') \gexec
ALTER ROLE $app_user PASSWORD :'app_pw';
SELECT 'CREATE ROLE baoxue_feature_reader NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baoxue_feature_reader') \gexec
GRANT baoxue_feature_reader TO $app_user;
SQL
}

# set_config() only for the owner and the server, in database $1
# (deploy/lock_set_config.sql, shared with roles.sql).
lock_set_config() {
  as_postgres psql -h "$socket" -p "$port" -U postgres -d "$1" -qAt -v ON_ERROR_STOP=1 \
    <"$repo/deploy/lock_set_config.sql" >/dev/null
}

# Switches an existing trust cluster to scram-sha-256 on TCP (and peer on the
# socket), then reloads. Every client then needs the URL from `pg.sh url`.
secure() {
  is_running || { echo "pg.sh: the cluster is not running" >&2; exit 1; }
  set_up_roles
  if uses_trust; then
    as_postgres sed -i -E \
      -e 's/^(local[[:space:]].*[[:space:]])trust$/\1peer/' \
      -e 's/^(host[[:space:]].*[[:space:]])trust$/\1scram-sha-256/' \
      "$data/pg_hba.conf"
    as_postgres "$pg_bin/pg_ctl" -D "$data" reload >/dev/null
  fi
  echo "pg.sh: scram-sha-256 on 127.0.0.1:$port; URL: deploy/pg.sh url"
}

start() {
  [ -x "$pg_bin/initdb" ] || { echo "pg.sh: PostgreSQL 15 is not installed (run deploy/install-deps.sh)" >&2; exit 1; }
  ensure_dir
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "pg.sh: creating a private cluster in $data"
    # Passwords (scram-sha-256) on TCP, peer for the postgres OS user on the private
    # socket; production points BAOXUE_DATABASE_URL at a managed database.
    as_postgres "$pg_bin/initdb" -D "$data" -U postgres --auth-local=peer \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
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
  if uses_trust; then
    # Made before passwords: left as it is (other sessions may use it without
    # one) until `pg.sh secure`.
    echo "pg.sh: this cluster still trusts TCP connections; run deploy/pg.sh secure" >&2
  else
    set_up_roles
  fi
  as_postgres psql -h "$socket" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE $db_user LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db_user') \gexec
SELECT 'CREATE DATABASE $db_name OWNER $db_user'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db_name') \gexec
SQL
  lock_set_config template1
  lock_set_config "$db_name"
  echo "pg.sh: running on 127.0.0.1:$port (deploy/pg.sh url for the URL)"
}

stop() {
  if is_running; then as_postgres "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
  echo "pg.sh: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if is_running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 3; fi ;;
  url) url ;;
  app-url) app_url ;;
  secure) secure ;;
  psql) shift; psql "$(url)" "$@" ;;
  *) echo "usage: deploy/pg.sh start|stop|status|url|app-url|secure|psql [args]" >&2; exit 2 ;;
esac
