#!/usr/bin/env bash
# The main job on the embedded default, from a fresh Debian 12 machine:
# install, build, start a private PostgreSQL, fill it with a synthetic demo
# county, start baoxue-server, train a model on the county's history through
# the gRPC API, and print one township's most at-risk students with reasons.
#
#   deploy/demo.sh [--students N] [--seed S] [--keep-running]
#
# --keep-running leaves the server up (port 50151) for your own `baoxue` calls;
# the tokens it made are in var/demo/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

students=20000
seed=42
keep_running=0
while [ $# -gt 0 ]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --keep-running) keep_running=1; shift ;;
    *) echo "usage: deploy/demo.sh [--students N] [--seed S] [--keep-running]" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }

step "1/7 installing packages (skipped when present)"
./deploy/install-deps.sh

step "2/7 building baoxue-server and baoxue"
./deploy/build.sh --target baoxue-server baoxue
server_bin=$repo/build/server/baoxue-server
cli_bin=$repo/build/client/baoxue

step "3/7 starting the private PostgreSQL"
./deploy/pg.sh start
db_url=$(./deploy/pg.sh url)
"$server_bin" --database_url "$db_url" migrate

step "4/7 generating the demo county ($students students, seed $seed)"
./deploy/demo/generate.sh --students "$students" --seed "$seed" \
  --database-url "$db_url" --replace

step "5/7 starting baoxue-server"
state=$repo/var/demo
mkdir -p "$state"
chmod 700 "$state"
port=${BAOXUE_DEMO_PORT:-50151}
export BAOXUE_SERVER=127.0.0.1:$port
"$server_bin" --database_url "$db_url" --listen "$BAOXUE_SERVER" \
  >"$state/server.log" 2>&1 &
server_pid=$!
stop_server() { kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
if [ "$keep_running" = 0 ]; then trap stop_server EXIT; fi

county=$(./deploy/pg.sh psql -qAt -c \
  "SELECT division_code FROM baoxue.areas WHERE level = 'county' LIMIT 1")
"$server_bin" --database_url "$db_url" token create --role admin \
  --area "$county" --description "demo county administrator" >"$state/admin.token"
# Wait until the server answers; NOT_SERVING (no model yet) counts as an answer.
for _ in $(seq 1 50); do
  if answer=$("$cli_bin" health 2>&1) || [[ "$answer" == *"not serving"* ]]; then break; fi
  sleep 0.2
done

step "6/7 training a model on the county's labelled history (gRPC Admin.TrainModel)"
"$cli_bin" --token_file "$state/admin.token" train
for _ in $(seq 1 50); do
  "$cli_bin" health >/dev/null 2>&1 && break
  sleep 0.2
done
"$cli_bin" health

step "7/7 one township's most at-risk students (gRPC RiskScoring.ListTopRisks)"
township=$(./deploy/pg.sh psql -qAt -c \
  "SELECT division_code FROM baoxue.areas WHERE level = 'township' ORDER BY division_code LIMIT 1")
# The township's official gets a token scoped to the township and asks for
# their own area's list.
"$cli_bin" --token_file "$state/admin.token" token create --role OFFICIAL \
  --area "$township" --description "demo township official" >"$state/official.token"
"$cli_bin" --token_file "$state/official.token" top-risks --limit 10

if [ "$keep_running" = 1 ]; then
  echo
  echo "baoxue-server keeps running on $BAOXUE_SERVER (pid $server_pid, log $state/server.log)."
  echo "Try: $cli_bin --server $BAOXUE_SERVER --token_file $state/admin.token score --student 1,2,3"
fi
