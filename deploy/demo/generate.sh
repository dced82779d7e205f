#!/usr/bin/env bash
# Generates the synthetic demo county 保学示范县 into a migrated database.
# See deploy/demo/README.md for what it contains and how the labels are made.
#
#   deploy/demo/generate.sh [--students N] [--seed S] [--database-url URL] [--replace]
#
#   --students N        students to generate (default 20000)
#   --seed S            random seed (default 42); same seed -> identical data
#   --database-url URL  libpq URL (default: $BAOXUE_DATABASE_URL, else deploy/pg.sh url)
#   --replace           wipe the existing county data first (areas, schools,
#                       households, students, attendance, events, people,
#                       risk runs/scores, cases, notifications AND api_tokens,
#                       which reference areas; models are kept)
#
# Everything runs in ONE transaction: if anything fails, the database is left
# as it was.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

students=20000
seed=42
url=${BAOXUE_DATABASE_URL:-}
replace=0

usage() {
  sed -n '4,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --students) students=${2:?--students needs a number}; shift 2 ;;
    --students=*) students=${1#*=}; shift ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --seed=*) seed=${1#*=}; shift ;;
    --database-url) url=${2:?--database-url needs a URL}; shift 2 ;;
    --database-url=*) url=${1#*=}; shift ;;
    --replace) replace=1; shift ;;
    -h|--help) usage ;;
    *) echo "generate.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

if ! [[ "$students" =~ ^[0-9]+$ ]] || [ "$students" -lt 10 ] || [ "$students" -gt 5000000 ]; then
  echo "generate.sh: --students must be a whole number between 10 and 5000000" >&2
  exit 2
fi
if ! [[ "$seed" =~ ^-?[0-9]+$ ]] || [ "${#seed}" -gt 15 ]; then
  echo "generate.sh: --seed must be a whole number (at most 15 digits)" >&2
  exit 2
fi
if [ -z "$url" ]; then
  url=$("$repo/deploy/pg.sh" url)
fi
command -v psql >/dev/null || { echo "generate.sh: psql is not installed" >&2; exit 1; }

psql_q() { psql "$url" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

if ! migrated=$(psql_q -c "SELECT to_regclass('baoxue.schema_migrations') IS NOT NULL
                             AND to_regclass('baoxue.students') IS NOT NULL" 2>&1); then
  echo "generate.sh: cannot query the database: $migrated" >&2
  exit 1
fi
if [ "$migrated" != t ]; then
  echo "generate.sh: the baoxue schema is missing (no baoxue.schema_migrations)." >&2
  echo "generate.sh: run the migrations first, e.g. start baoxue-server once (it migrates on start)." >&2
  exit 1
fi
existing=$(psql_q -c "SELECT count(*) FROM baoxue.students")
if [ "$existing" != 0 ] && [ "$replace" != 1 ]; then
  echo "generate.sh: the database already holds $existing students; refusing to add a county." >&2
  echo "generate.sh: pass --replace to wipe the county data (incl. api_tokens) and generate anew." >&2
  exit 1
fi

echo "generate.sh: $students students, seed $seed$([ "$replace" = 1 ] && echo ', replacing existing data')"
start=$(date +%s.%N)
psql_q --single-transaction \
  -v students="$students" -v seed="$seed" -v replace="$replace" \
  -f "$here/generate.sql"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "generate.sh: committed in %.1f s\n", e - s }'
