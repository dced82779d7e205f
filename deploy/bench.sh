#!/usr/bin/env bash
# Benchmarks Baoxue against the peers a county would pick instead (issue 6),
# on generated data, and writes docs/benchmarks.md. Every comparison is a
# ratio measured in the same run on the same data.
#
#   deploy/bench.sh [--students N] [--quick] [--memory-students M]
#
#   --students N         county size (default 1,000,000; the generator stops
#                        at 5,000,000, so 10,000,000 needs its cap raised)
#   --quick              50,000 students, shorter load phases (a smoke run)
#   --memory-students M  the second county of the memory check: the server's
#                        peak RSS during a risk run of N and of M students
#                        (default 4 N, i.e. 4,000,000 beside 1,000,000)
#
# Databases ${BAOXUE_BENCH_DB:-baoxue_bench}_<N> are generated once (seed 7)
# and reused; BAOXUE_BENCH_PORT (default 50161; the Python peer uses the next
# port) lets two checkouts benchmark on one machine without sharing data.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

students=1000000
memory_students=
load_seconds=5
while [ $# -gt 0 ]; do
  case "$1" in
    --students) students=$2; shift 2 ;;
    --quick) students=50000; load_seconds=2; shift ;;
    --memory-students) memory_students=$2; shift 2 ;;
    *) echo "usage: deploy/bench.sh [--students N] [--quick] [--memory-students M]" >&2; exit 2 ;;
  esac
done
memory_students=${memory_students:-$((students * 4))}
db_prefix=${BAOXUE_BENCH_DB:-baoxue_bench}
port=${BAOXUE_BENCH_PORT:-50161}
python_port=$((port + 1))
command_line="deploy/bench.sh $*"
for var in BAOXUE_BENCH_DB BAOXUE_BENCH_PORT BAOXUE_DATABASE_URL; do
  if [ -n "${!var:-}" ]; then command_line="$var=${!var} $command_line"; fi
done
as_of=2026-11-20
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
state=$repo/var/bench
mkdir -p "$state"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

./deploy/install-deps.sh >&2
./deploy/install-bench-deps.sh >&2
./deploy/build.sh --target baoxue-server baoxue bench_tool >&2
# The database server: $BAOXUE_DATABASE_URL's, else this checkout's private
# cluster (started if nothing answers on its port).
base_url=${BAOXUE_DATABASE_URL:-$(./deploy/pg.sh url)}
if ! psql "$base_url" -qAt -c 'SELECT 1' >/dev/null 2>&1; then
  ./deploy/pg.sh start >&2
fi
server_url() { echo "${base_url%/*}/${db_prefix}_$1"; }
tool=$repo/build/tests/bench/bench_tool
server_bin=$repo/build/server/baoxue-server
cli_bin=$repo/build/client/baoxue
py=/usr/bin/python3

# A generated county of $1 students in its own database (made once).
ensure_county() {
  local n=$1 url
  url=$(server_url "$n")
  # Another run may be generating it right now (one long transaction):
  # wait for it rather than dropping it under its feet.
  while [ "$(psql "$base_url" -qAt -c "SELECT count(*) FROM pg_stat_activity
            WHERE datname = '${db_prefix}_$n' AND state <> 'idle'")" != 0 ]; do
    log "waiting for ${db_prefix}_$n: it is busy (being generated?)"
    sleep 30
  done
  if [ "$(psql "$url" -qAt -c 'SELECT count(*) FROM baoxue.students' 2>/dev/null || echo 0)" = "$n" ]; then
    return
  fi
  log "generating a county of $n students (seed 7)"
  psql "$base_url" -q -c "DROP DATABASE IF EXISTS ${db_prefix}_$n" -c "CREATE DATABASE ${db_prefix}_$n"
  "$server_bin" --database_url "$url" migrate >&2
  ./deploy/demo/generate.sh --students "$n" --seed 7 --database-url "$url" >&2
}

clear_runs() {
  psql "$1" -q -c "TRUNCATE baoxue.case_scores, baoxue.case_events, baoxue.case_assignments,
    baoxue.notification_outbox, baoxue.cases, baoxue.risk_scores, baoxue.risk_runs"
}

# A run row for a peer to write its scores under.
peer_run() {
  psql "$1" -qAt -c "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id, status, finished_at)
    SELECT a.area_id, '$as_of', m.model_id, 'succeeded', now()
      FROM baoxue.areas a, baoxue.models m
     WHERE a.level = 'county' AND m.state = 'active' RETURNING run_id" | head -1
}

seconds_of() { "$py" -c 'import json,sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$1"; }
elapsed() { local start=$1; "$py" -c "import time; print(time.time() - $start)"; }
now() { "$py" -c 'import time; print(time.time())'; }
ratio() { "$py" -c "print(f'{$1 / $2:.2f}')"; }

ensure_county "$students"
url=$(server_url "$students")

# The engine's server on its own port, with a model trained on this county.
"$server_bin" --database_url "$url" --listen 127.0.0.1:$port \
  >"$state/server.log" 2>&1 &
server_pid=$!
trap 'kill -TERM $server_pid $python_pid 2>/dev/null || true' EXIT
python_pid=
token=$("$server_bin" --database_url "$url" token create --role admin \
  --area 360799000000 --description bench 2>/dev/null)
for _ in $(seq 1 100); do
  answer=$("$cli_bin" --server 127.0.0.1:$port health 2>&1) && break
  [[ "$answer" == *"not serving"* ]] && break
  sleep 0.2
done
if ! "$tool" model-json "$url" >"$state/model.json" 2>/dev/null; then
  log "training a model on the county"
  "$cli_bin" --server 127.0.0.1:$port --token "$token" train >&2
  "$tool" model-json "$url" >"$state/model.json"
fi
for _ in $(seq 1 100); do "$cli_bin" --server 127.0.0.1:$port health >/dev/null 2>&1 && break; sleep 0.2; done

# ---------------------------------------------------------------------------
log "1. batch scoring of $students students"
columns=$("$py" -c 'import json; print(", ".join(f["name"] for f in json.load(open("'"$state"'/model.json"))["features"]))')
copy_best=
for _ in 1 2; do
  start=$(now)
  psql "$url" -q -c "COPY (SELECT student_id, $columns FROM baoxue.student_features('$as_of'))
    TO STDOUT (FORMAT binary)" >/dev/null
  t=$(elapsed "$start")
  copy_best=$("$py" -c "print(min(x for x in [$t, ${copy_best:-$t}]))")
done
clear_runs "$url"
engine_json=$("$tool" risk-run "$url" "$as_of")
engine=$(echo "$engine_json" | seconds_of seconds)
engine_rss=$(echo "$engine_json" | seconds_of peak_rss_mib)
clear_runs "$url"
"$py" tests/bench/sql_peer.py "$state/model.json" >"$state/sql_peer.sql"
run_id=$(peer_run "$url")
start=$(now)
psql "$url" -q -v run_id="$run_id" -v as_of="$as_of" -f "$state/sql_peer.sql" >/dev/null
sql=$(elapsed "$start")
clear_runs "$url"
run_id=$(peer_run "$url")
python_batch=$("$py" tests/bench/python_peer.py batch "$url" "$state/model.json" "$as_of" "$run_id" | seconds_of seconds)
clear_runs "$url"
log "copy ${copy_best}s, engine ${engine}s, sql ${sql}s, python ${python_batch}s"

# ---------------------------------------------------------------------------
log "2. scoring API: engine vs a Python grpcio server vs pgbench -S"
psql "$url" -qAt -c "SELECT setseed(0.7); SELECT student_id FROM baoxue.students ORDER BY random() LIMIT 20000" \
  | grep -v '^$' >"$state/ids.txt"
mkdir -p "$state/py"
protoc --proto_path=proto --python_out="$state/py" baoxue/v1/scoring.proto
"$py" tests/bench/python_peer.py serve $python_port "$url" "$state/model.json" "$state/py" \
  >"$state/python_server.log" 2>&1 &
python_pid=$!
for _ in $(seq 1 100); do grep -q serving "$state/python_server.log" 2>/dev/null && break; sleep 0.2; done
psql "$base_url" -q -c "DROP DATABASE IF EXISTS ${db_prefix}_pgbench" -c "CREATE DATABASE ${db_prefix}_pgbench"
pgbench_url=$(server_url pgbench)
/usr/lib/postgresql/15/bin/pgbench -q -i -s 10 "$pgbench_url" >/dev/null 2>&1
declare -A api
for c in 1 16 64; do
  api[pgbench,$c]=$(/usr/lib/postgresql/15/bin/pgbench -n -S -c $c -j 2 -T "$load_seconds" "$pgbench_url" 2>/dev/null \
    | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
  for mode in one thousand features; do
    api[engine,$mode,$c]=$("$tool" api 127.0.0.1:$port "$token" $mode $c "$load_seconds" "$state/ids.txt")
    api[python,$mode,$c]=$("$tool" api 127.0.0.1:$python_port none $mode $c "$load_seconds" "$state/ids.txt")
  done
  log "concurrency $c done"
done
kill -TERM "$python_pid" 2>/dev/null || true

# ---------------------------------------------------------------------------
log "3. training on the county's labelled rows: engine vs scikit-learn"
"$tool" export-training "$url" 2026-07-10 120 "$state/training.bin" >"$state/training_rows.json"
fit_engine=$("$tool" fit "$state/training.bin" 1)
fit_lbfgs=$("$py" tests/bench/sklearn_fit.py "$state/training.bin" 1 lbfgs)
fit_newton=$("$py" tests/bench/sklearn_fit.py "$state/training.bin" 1 newton-cholesky)
coef_diff() {
  "$py" -c '
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
x = a["weights"] + [a["intercept"]]; y = b["weights"] + [b["intercept"]]
print(f"{max(abs(p - q) / max(abs(q), 1e-12) for p, q in zip(x, y)):.1e}")' "$1" "$2"
}

# ---------------------------------------------------------------------------
# The server's peak RSS (VmHWM) during one county risk run through
# RiskRuns.StartRun (`baoxue run`), on a fresh server process: once it
# serves, its high-water mark is reset to its current RSS (clear_refs 5), the
# run is made, and the mark read back. Prints one JSON line (MiB, seconds).
server_run_memory() {
  local url=$1 memory_port=$((port + 2)) pid token idle peak start
  clear_runs "$url"
  "$server_bin" --database_url "$url" --listen 127.0.0.1:$memory_port \
    >"$state/memory_server.log" 2>&1 &
  pid=$!
  token=$("$server_bin" --database_url "$url" token create --role admin \
    --area 360799000000 --description bench-memory 2>/dev/null)
  for _ in $(seq 1 150); do
    "$cli_bin" --server 127.0.0.1:$memory_port health >/dev/null 2>&1 && break
    sleep 0.2
  done
  idle=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)
  echo 5 >/proc/$pid/clear_refs
  start=$(now)
  "$cli_bin" --server 127.0.0.1:$memory_port --token "$token" run \
    --area 360799000000 --as_of "$as_of" --json >"$state/memory_run.json"
  local seconds
  seconds=$(elapsed "$start")
  peak=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status)
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  clear_runs "$url"
  echo "{\"idle_mib\": $((idle / 1024)), \"peak_mib\": $((peak / 1024)), \"seconds\": $seconds}"
}

log "4. memory: the server's peak RSS during risk runs of $students and $memory_students students"
ensure_county "$memory_students"
small_url=$(server_url "$memory_students")
if ! "$tool" model-json "$small_url" >/dev/null 2>&1; then
  # The same model as the first county's: memory depends on the data, not on it.
  psql "$small_url" -q -c "INSERT INTO baoxue.models (version, params, state, created_by)
    VALUES ('bench', decode('$(psql "$url" -qAt -c "SELECT encode(params, 'hex') FROM baoxue.models WHERE state = 'active'")', 'hex'), 'active', 'bench')"
fi
memory_n=$(server_run_memory "$url")
memory_m=$(server_run_memory "$small_url")
log "server peak RSS: $memory_n at $students, $memory_m at $memory_students"

# ---------------------------------------------------------------------------
field() { echo "$1" | seconds_of "$2"; }
met() { "$py" -c "print('met' if $1 else 'MISSED')"; }
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`$command_line\` on $(date -u +%Y-%m-%d) (UTC)."
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB;"
  echo "PostgreSQL $(psql "$base_url" -qAt -c 'SHOW server_version' | cut -d' ' -f1) on the same machine;"
  echo "load average (1, 5, 15 min) $load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end —"
  echo "shared and noisy, so read the ratios, not the absolute times. Data: a"
  echo "generated county of $students students (seed 7), features as of $as_of."
  echo
  echo "Where the time goes and why targets are missed, from profiles:"
  echo "[benchmarks-analysis.md](benchmarks-analysis.md)."
  echo
  echo "## 1. Batch scoring of $students students"
  echo
  echo "| what | seconds | engine is | target |"
  echo "|---|---|---|---|"
  echo "| engine risk run: read (binary COPY), score, explain (top 3 reasons), store every score (binary COPY) | $(printf %.1f "$engine") | | |"
  echo "| (a) the database's own binary COPY of the same features to nowhere | $(printf %.1f "$copy_best") | $(ratio "$engine" "$copy_best")× its time | within 2×: $(met "$engine <= 2 * $copy_best") |"
  echo "| (b) in-database SQL scoring into the same table (no reasons) | $(printf %.1f "$sql") | $(ratio "$sql" "$engine")× faster | ≥ 2×: $(met "$sql >= 2 * $engine") |"
  echo "| (c) Python peer (psycopg2 + numpy: read, score, top reasons, write back) | $(printf %.1f "$python_batch") | $(ratio "$python_batch" "$engine")× faster | ≥ 10×: $(met "$python_batch >= 10 * $engine") |"
  echo
  echo "Where the engine's $(printf %.1f "$engine") s went (bench_tool decorates the store; reading and"
  echo "storing overlap on two threads, so they add up to more than the run):"
  echo "reading features $(printf %.1f "$(field "$engine_json" read_seconds)") s (the reader thread waiting in"
  echo "\`FeatureCursor::Next\`: PostgreSQL computing \`student_features\` and the binary"
  echo "COPY parse), scoring and explaining $(printf %.2f "$(field "$engine_json" score_seconds)") s of CPU (timed apart on the"
  echo "first chunk), storing $(printf %.1f "$(field "$engine_json" store_seconds)") s (the writer thread in \`AppendScores\`:"
  echo "encoding jsonb rows and PostgreSQL ingesting $(field "$engine_json" chunks) COPY chunks with their index)."
  echo
  echo "## 2. Scoring API on loopback ($load_seconds s per cell)"
  echo
  echo "pgbench -S (the database's own point lookups, scale 10): $(for c in 1 16 64; do printf '%s tps at %s; ' "$(printf %.0f "${api[pgbench,$c]:-0}")" "$c"; done)"
  echo
  echo "| call | concurrency | engine calls/s | students/s | p50 ms | p99 ms | Python calls/s | engine ÷ Python | engine ÷ pgbench |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for mode in one thousand features; do
    for c in 1 16 64; do
      e=${api[engine,$mode,$c]}; p=${api[python,$mode,$c]}
      name=$([ $mode = one ] && echo "ScoreStudents, 1 id" || ([ $mode = thousand ] && echo "ScoreStudents, 1,000 ids" || echo "ScoreFeatures, 1,000 rows"))
      echo "| $name | $c | $(printf %.0f "$(field "$e" calls_per_s)") | $(printf %.0f "$(field "$e" students_per_s)") | $(printf %.2f "$(field "$e" p50_ms)") | $(printf %.2f "$(field "$e" p99_ms)") | $(printf %.1f "$(field "$p" calls_per_s)") | $(ratio "$(field "$e" calls_per_s)" "$(field "$p" calls_per_s)") | $(ratio "$(field "$e" calls_per_s)" "${api[pgbench,$c]:-1}") |"
    done
  done
  e16=${api[engine,one,16]}
  best_features=$("$py" -c "print(max($(field "${api[engine,features,1]}" students_per_s), $(field "${api[engine,features,16]}" students_per_s), $(field "${api[engine,features,64]}" students_per_s)))")
  echo
  echo "| target | figure | |"
  echo "|---|---|---|"
  echo "| single-id calls ≥ 0.5× pgbench at 16 concurrent | $(ratio "$(field "$e16" calls_per_s)" "${api[pgbench,16]:-1}")× | $(met "$(field "$e16" calls_per_s) >= 0.5 * ${api[pgbench,16]:-1}") |"
  echo "| single-id p99 < 10 ms at 16 concurrent | $(printf %.2f "$(field "$e16" p99_ms)") ms | $(met "$(field "$e16" p99_ms) < 10") |"
  echo "| ≥ 10× the Python peer (single id, 16 concurrent) | $(ratio "$(field "$e16" calls_per_s)" "$(field "${api[python,one,16]}" calls_per_s)")× | $(met "$(field "$e16" calls_per_s) >= 10 * $(field "${api[python,one,16]}" calls_per_s)") |"
  echo "| ScoreFeatures ≥ 200,000 students/s | $(printf %.0f "$best_features") | $(met "$best_features >= 200000") |"
  echo
  echo "## 3. Training ($(field "$(cat "$state/training_rows.json")" rows) rows as of 2026-07-10, 18 features, L2 1)"
  echo
  echo "Matched tolerance: every solver stops when the gradient of the same"
  echo "objective (Baoxue's: log-loss summed over rows + ½‖w‖²) is below 1e-8 —"
  echo "lbfgs gtol 1e-8 (it minimises the same sum), newton-cholesky tol 1e-8 / rows"
  echo "(it minimises the mean). The engine's time includes standardising the rows"
  echo "and choosing the tier thresholds; scikit-learn's is the fit alone."
  echo
  echo "| trainer | seconds | iterations | max relative coefficient difference from the engine | agrees to 1e-6 |"
  echo "|---|---|---|---|---|"
  echo "| engine (Newton/IRLS to gradient norm ≤ 1e-8) | $(printf %.2f "$(field "$fit_engine" seconds)") | $(field "$fit_engine" iterations) | — | |"
  for fit in lbfgs newton; do
    f=$([ $fit = lbfgs ] && echo "$fit_lbfgs" || echo "$fit_newton")
    d=$(coef_diff "$f" "$fit_engine")
    echo "| scikit-learn $([ $fit = lbfgs ] && echo lbfgs || echo newton-cholesky) | $(printf %.2f "$(field "$f" seconds)") | $(field "$f" iterations) | $d | $(met "$d <= 1e-6") |"
  done
  fastest=$("$py" -c "print(min($(field "$fit_lbfgs" seconds), $(field "$fit_newton" seconds)))")
  echo
  echo "Engine vs the faster scikit-learn solver: $(ratio "$fastest" "$(field "$fit_engine" seconds)")× faster (target ≥ 3×: $(met "$fastest >= 3 * $(field "$fit_engine" seconds)"))."
  echo
  echo "## 4. Memory of the server during a risk run"
  echo
  echo "A fresh \`baoxue-server\` per county; its peak RSS (VmHWM, reset to the"
  echo "current RSS once it serves) while \`baoxue run --area 360799000000\`"
  echo "scores, explains and stores every student and opens the cases."
  echo
  echo "| county | server RSS before the run (MiB) | peak RSS during the run (MiB) | run seconds |"
  echo "|---|---|---|---|"
  echo "| $students students | $(field "$memory_n" idle_mib) | $(field "$memory_n" peak_mib) | $(printf %.1f "$(field "$memory_n" seconds)") |"
  echo "| $memory_students students | $(field "$memory_m" idle_mib) | $(field "$memory_m" peak_mib) | $(printf %.1f "$(field "$memory_m" seconds)") |"
  echo
  echo "Peak ratio $(ratio "$(field "$memory_m" peak_mib)" "$(field "$memory_n" peak_mib)") for $(ratio "$memory_students" "$students")× the students (target: does not grow with N, i.e. within 1.25×: $(met "$(field "$memory_m" peak_mib) <= 1.25 * $(field "$memory_n" peak_mib)"))."
  echo "The in-process tool of section 1 peaked at $(printf %.0f "$engine_rss") MiB for $students students."
} >"$state/benchmarks.md"
cat "$state/benchmarks.md"
if [ "$students" -ge 1000000 ]; then
  cp "$state/benchmarks.md" docs/benchmarks.md
  log "written to docs/benchmarks.md"
fi
