#!/usr/bin/env bash
# Restores a base backup of deploy/backup.sh into a NEW data directory and
# prepares it to replay the archived WAL up to the end, or to a point in
# time (docs/backup.md). Never touches a running cluster.
#
#   deploy/restore.sh --base BASE_DIR --archive-dir DIR --data NEW_DATA_DIR
#                     [--target-time 'YYYY-MM-DD HH:MM:SS+08'] [--port PORT]
#
# Then start it: pg_ctl -D NEW_DATA_DIR -l NEW_DATA_DIR/restore.log -w start
# PostgreSQL replays the WAL, stops at the target (or the archive's end)
# and is promoted to a normal read-write cluster. Its WAL archiving is off
# (turn it on into a fresh directory with backup.sh archive). Run as the OS
# user that runs PostgreSQL (usually postgres).
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

base=""
archive_dir=""
data=""
target_time=""
port=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --archive-dir) archive_dir=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --target-time) target_time=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "restore.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$base" ] && [ -n "$archive_dir" ] && [ -n "$data" ] || usage
[ -f "$base/PG_VERSION" ] || { echo "restore.sh: $base is not a base backup" >&2; exit 1; }
case "$archive_dir" in /*) ;; *) echo "restore.sh: --archive-dir must be absolute" >&2; exit 2 ;; esac
case "$target_time" in *[!0-9:.+\ T-]*) echo "restore.sh: --target-time looks wrong: $target_time" >&2; exit 2 ;; esac
case "$archive_dir" in *\'*|*\"*) echo "restore.sh: quotes in --archive-dir" >&2; exit 2 ;; esac
if [ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
  echo "restore.sh: $data is not empty; restore into a new directory" >&2
  exit 1
fi

mkdir -p "$data"
chmod 700 "$data"
cp -a "$base/." "$data/"
rm -f "$data/postmaster.pid" "$data/postmaster.opts"
{
  echo "# deploy/restore.sh $(date -u +%FT%TZ)"
  echo "restore_command = 'cp \"$archive_dir/%f\" \"%p\"'"
  echo "archive_mode = 'off'"
  echo "recovery_target_action = 'promote'"
  if [ -n "$target_time" ]; then
    echo "recovery_target_time = '$target_time'"
  fi
  if [ -n "$port" ]; then echo "port = $port"; fi
} >> "$data/postgresql.auto.conf"
touch "$data/recovery.signal"
echo "restore.sh: prepared $data; start it with: pg_ctl -D $data -l $data/restore.log -w start"
