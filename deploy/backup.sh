#!/usr/bin/env bash
# Backups of the county's PostgreSQL cluster for point-in-time recovery
# (docs/backup.md): continuous WAL archiving into a directory, plus base
# backups with pg_basebackup. Restore with deploy/restore.sh.
#
#   deploy/backup.sh archive --url SUPERUSER_URL --archive-dir DIR
#       Turns WAL archiving on (ALTER SYSTEM: archive_mode, archive_command
#       copying each finished WAL segment into DIR, never overwriting one).
#       archive_mode needs a restart of PostgreSQL; the script says so when
#       it does. DIR must be writable by the PostgreSQL server's OS user.
#   deploy/backup.sh base --url REPLICATION_URL --dest DIR
#       Takes a base backup into DIR/base-YYYYmmddTHHMMSSZ (plain format,
#       with the WAL needed to make it consistent, fast checkpoint) and
#       prints its path. The role needs REPLICATION (or superuser) and
#       pg_hba.conf a "replication" line for it.
#   deploy/backup.sh status --url URL
#       The archiver's counters (archived, failed, last segment).
#
# Run base backups as the OS user that will own the files at restore time
# (usually postgres). Keep every base backup with all archived WAL after it.
set -euo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

command=${1:-}
[ -n "$command" ] || usage
shift
url=""
archive_dir=""
dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --archive-dir) archive_dir=$2; shift 2 ;;
    --dest) dest=$2; shift 2 ;;
    *) echo "backup.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$url" ] || { echo "backup.sh: --url is required" >&2; exit 2; }

psql_q() { psql "$url" -qAt -v ON_ERROR_STOP=1 "$@"; }

case "$command" in
  archive)
    [ -n "$archive_dir" ] || { echo "backup.sh: --archive-dir is required" >&2; exit 2; }
    case "$archive_dir" in /*) ;; *) echo "backup.sh: --archive-dir must be absolute" >&2; exit 2 ;; esac
    case "$archive_dir" in *\'*|*\"*|*%*) echo "backup.sh: quotes or % in --archive-dir" >&2; exit 2 ;; esac
    # Copy under a temporary name and rename, so a half-copied segment is
    # never taken for a whole one; refuse to overwrite (a second cluster
    # archiving into the same directory must fail loudly, not mix WAL).
    cmd="test ! -f '$archive_dir/%f' && cp '%p' '$archive_dir/%f.part' && mv '$archive_dir/%f.part' '$archive_dir/%f'"
    psql_q -c "ALTER SYSTEM SET wal_level = 'replica'"
    psql_q -c "ALTER SYSTEM SET archive_mode = 'on'"
    psql_q -v cmd="$cmd" <<'SQL'
ALTER SYSTEM SET archive_command = :'cmd';
SQL
    psql_q -c "SELECT pg_reload_conf()" >/dev/null
    if [ "$(psql_q -c 'SHOW archive_mode')" != on ]; then
      echo "backup.sh: archiving configured; restart PostgreSQL to turn archive_mode on"
    else
      echo "backup.sh: archiving into $archive_dir"
    fi
    ;;
  base)
    [ -n "$dest" ] || { echo "backup.sh: --dest is required" >&2; exit 2; }
    target="$dest/base-$(date -u +%Y%m%dT%H%M%SZ)"
    pg_basebackup -d "$url" -D "$target" -Fp -Xstream -c fast --no-password
    echo "$target"
    ;;
  status)
    psql_q -c "SELECT 'archived=' || archived_count || ' failed=' || failed_count || ' last=' || coalesce(last_archived_wal, '-') FROM pg_stat_archiver"
    ;;
  *) usage ;;
esac
