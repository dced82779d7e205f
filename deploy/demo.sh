#!/usr/bin/env bash
# The main job on the embedded default, from a fresh Debian 12 machine:
# install, build, start a private PostgreSQL, fill it with a synthetic demo
# county, start baoxue-server, train a model on the county's history through
# the model registry (as data staff) and activate it, print one township's most at-risk students with reasons, run
# a risk run over the county that opens cases in the six-heads chain, work a
# case as the township official after moving the cases two days into the past
# (simulated time) and escalating them, show the track record of a risk run
# dated in the past (its horizon passed), show the messages pushed to the demo's file channel, and give the township
# official a sign-in for the web page. Before training, the county's files
# (schools, 学籍 with resident IDs, 户籍) come in through `baoxue import`.
# Then data staff add a feature set of the county's own, train on it and
# activate it (docs/models.md); then each model's drift since training; last,
# a second server on the same database reading from a streaming replica.
#
#   deploy/demo.sh [--students N] [--seed S] [--keep-running]
#
# --keep-running leaves the server up (gRPC port 50151, web page on
# https://127.0.0.1:50180/, both TLS with the test CA in var/demo/tls/) for
# your own `baoxue --ca_file var/demo/tls/ca.pem` calls and the browser; the
# tokens and the web password it made are in var/demo/.
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

step "1/18 installing packages (skipped when present)"
./deploy/install-deps.sh

step "2/18 building baoxue-server, baoxue and the web page"
./deploy/build.sh --target baoxue-server baoxue
server_bin=$repo/build/server/baoxue-server
cli_bin=$repo/build/client/baoxue

step "3/18 starting the private PostgreSQL"
./deploy/pg.sh start
db_url=$(./deploy/pg.sh url)
"$server_bin" --database_url "$db_url" migrate

step "4/18 generating the demo county ($students students, seed $seed)"
./deploy/demo/generate.sh --students "$students" --seed "$seed" \
  --database-url "$db_url" --replace

step "5/18 starting baoxue-server"
state=$repo/var/demo
mkdir -p "$state"
chmod 700 "$state"
port=${BAOXUE_DEMO_PORT:-50151}
http_port=${BAOXUE_DEMO_HTTP_PORT:-50180}
export BAOXUE_SERVER=127.0.0.1:$port
# Pushed messages go to a file channel here (a WeCom or DingTalk robot URL in
# a real county; see docs/notifications.md).
messages=$state/messages.jsonl
rm -f "$messages"
# The county's secret that keys the hashes of resident ID numbers (imports).
[ -s "$state/id_secret" ] || (umask 077; openssl rand -hex 32 >"$state/id_secret")
# gRPC and the web page over TLS with a test CA (docs/security.md); the CLI
# trusts it through $BAOXUE_CA_FILE. A county uses its own CA's certificate.
./deploy/make-test-ca.sh "$state/tls"
export BAOXUE_CA_FILE=$state/tls/ca.pem
# Drift thresholds tighter than the defaults (0.1 / 0.25), so the few months
# between the demo's training snapshots and today show a push (step 16).
printf 'notify {\n  poll_seconds: 1\n  channels { name: "demo-file" kind: FILE path: "%s" }\n}\nimports { id_secret_file: "%s" }\ntls { cert_file: "%s" key_file: "%s" }\ndrift { moderate_psi: 0.05 major_psi: 0.15 }\n' \
  "$messages" "$state/id_secret" "$state/tls/server.pem" "$state/tls/server.key" \
  >"$state/server.textproto"
"$server_bin" --database_url "$db_url" --listen "$BAOXUE_SERVER" \
  --http_listen "127.0.0.1:$http_port" --config "$state/server.textproto" >"$state/server.log" 2>&1 &
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

step "6/18 county data in: the registries' files through baoxue import (docs/imports.md)"
# The generated county, written as its registries export it: schools as a GBK
# CSV, the 学籍 roster with resident IDs (and four bad rows) as a workbook
# with a cover sheet and as a CSV, the 户籍 roster
# of school-age children from public security (six with no 学籍, one bad).
"$server_bin" --database_url "$db_url" token create --role data_staff \
  --area "$county" --description "demo data staff" >"$state/staff.token"
rm -rf "$state/files"
./deploy/demo/county_files.sh "$db_url" "$state/files"
(
  cd "$state"
  "$cli_bin" --token_file staff.token import schools files/学校.csv
  "$cli_bin" --token_file staff.token import students files/学籍.xlsx --sheet 学籍 --dry-run
  "$cli_bin" --token_file staff.token import students files/学籍.xlsx --sheet 学籍
  "$cli_bin" --token_file staff.token import students files/学籍.csv --lang en  # the CSV: nothing changes
  "$cli_bin" --token_file staff.token import household_registration files/户籍.csv
  "$cli_bin" --token_file staff.token imports --limit 5
)
echo "refused rows, with reasons and masked IDs: $state/学籍-导入失败明细.xlsx"
# The Ministry's 四查三比对: 户籍 x 学籍 finds the six children with no 学籍,
# 学籍 x attendance the students absent for the last 10 school days; each
# becomes a verification task in the six-heads chain (docs/checks.md).
last_day=$(./deploy/pg.sh psql -qAt -c "SELECT max(day) FROM baoxue.school_days")
"$cli_bin" --token_file "$state/staff.token" check --as_of "$last_day"
"$cli_bin" --token_file "$state/staff.token" check --as_of "$last_day" \
  --format xlsx --output "$state/check.xlsx"
task=$(./deploy/pg.sh psql -qAt -c "SELECT min(case_id) FROM baoxue.cases
  WHERE kind = 'verification' AND registered_child_hash IS NOT NULL")
"$cli_bin" --token_file "$state/admin.token" cases list --status open --level 5 --page_size 3
# The village head found the first child already at school in the province
# without 学籍: the task closes with that outcome, and the report counts it.
"$cli_bin" --token_file "$state/admin.token" cases resolve "$task" \
  --outcome in_province_without_xueji --note "村长核实：在省内就读，尚未建立学籍" >/dev/null
"$cli_bin" --token_file "$state/staff.token" check --as_of "$last_day" | sed -n '1,6p'

step "7/18 training a model on the county's labelled history and activating it (gRPC Models.Train, Models.Activate)"
# Models are data staff's business (docs/models.md): a candidate first, then
# activation, which the registry refuses if validation AUC would drop.
# The summary's first line is "版本 v3  候选" (--lang zh).
"$cli_bin" --token_file "$state/staff.token" --lang zh model train | tee "$state/train.txt"
version=$(sed -n 's/^版本 \(v[0-9]*\).*/\1/p' "$state/train.txt")
"$cli_bin" --token_file "$state/staff.token" model activate "$version"
for _ in $(seq 1 50); do
  "$cli_bin" health >/dev/null 2>&1 && break
  sleep 0.2
done
"$cli_bin" health

step "8/18 one township's most at-risk students (gRPC RiskScoring.ListTopRisks)"
township=$(./deploy/pg.sh psql -qAt -c \
  "SELECT division_code FROM baoxue.areas WHERE level = 'township' ORDER BY division_code LIMIT 1")
# The township's official gets a token scoped to the township and asks for
# their own area's list.
"$cli_bin" --token_file "$state/admin.token" token create --role OFFICIAL \
  --area "$township" --description "乡镇防控辍学专干" >"$state/official.token"
"$cli_bin" --token_file "$state/official.token" top-risks --limit 10
# Tokens expire (90 days unless --expires says less), record who made them,
# and a revocation reaches every server within a second (docs/access.md).
"$cli_bin" --token_file "$state/admin.token" token create --role SYSTEM \
  --area "$township" --description "demo: a token to revoke" --expires 1h >"$state/brief.token"
"$cli_bin" --token_file "$state/admin.token" token list | head -4
brief_id=$("$cli_bin" --token_file "$state/admin.token" token list | sed -n '2s/\t.*//p')
"$cli_bin" --token_file "$state/admin.token" token revoke "$brief_id"
"$cli_bin" --token_file "$state/brief.token" top-risks --limit 1 || echo "(refused: revoked)"
# Another government system asks by 全国学籍号 and hears the 学校标识码 back.
number=$(./deploy/pg.sh psql -qAt -c "SELECT student_number FROM baoxue.students
  ORDER BY student_id LIMIT 1")
"$cli_bin" --token_file "$state/admin.token" score --student "$number" --reasons 2
# The same over HTTP/JSON, as a system without gRPC would (docs/integration.md).
BAOXUE_TOKEN=$(cat "$state/admin.token") /usr/bin/python3 client/examples/python/score_http.py \
  --url "https://127.0.0.1:$http_port" --ca-file "$state/tls/ca.pem" "$number"

step "9/18 risk run over the county: every score stored, high-risk students become cases"
"$cli_bin" --token_file "$state/admin.token" run --area "$county"
"$cli_bin" --token_file "$state/admin.token" runs --limit 3

step "10/18 the six heads at work (the township official's view)"
"$cli_bin" --token_file "$state/official.token" risk-list --tier high --limit 5
"$cli_bin" --token_file "$state/official.token" risk-list \
  --format xlsx --output "$state/risk-list.xlsx"
"$cli_bin" --token_file "$state/official.token" cases list --status open --page_size 5
echo
echo "-- one head teacher is on sick leave: the official names another head teacher"
echo "-- of the same school (指派; the deadlines stay, docs/cases.md)"
assign=$(./deploy/pg.sh psql -qAt -F ' ' -c "SELECT c.case_id, p.person_id
  FROM baoxue.cases c JOIN baoxue.students s USING (student_id)
  JOIN baoxue.case_assignments a ON a.case_id = c.case_id AND a.ended_at IS NULL
  JOIN baoxue.responsible_people p ON p.role = 'TEACHER'
    AND p.school_id = s.school_id AND p.person_id IS DISTINCT FROM a.person_id
  WHERE c.status = 'open' AND a.level = 1
    AND left(c.village_code, 9) = left('$township', 9)
  ORDER BY c.case_id, p.person_id LIMIT 1")
if [ -n "$assign" ]; then
  read -r assign_case assign_person <<<"$assign"
  "$cli_bin" --token_file "$state/official.token" cases assignees "$assign_case"
  "$cli_bin" --token_file "$state/official.token" cases assign "$assign_case" \
    "$assign_person" --note "班主任病假，由同校老师代管" | tail -n 2
fi
echo
echo "-- two days pass and nobody acknowledges: simulated time moves the cases"
echo "-- 50 h into the past (the clock stays at now), and two escalation sweeps,"
echo "-- 25 h ago and now, hand them on: 师长 -> 校长 -> 家长"
"$server_bin" --database_url "$db_url" --config "$state/server.textproto" \
  age-cases --area "$county" --hours 50
"$server_bin" --database_url "$db_url" --config "$state/server.textproto" \
  escalate --at "$(date -u -d '-25 hours' +%Y-%m-%dT%H:%M:%SZ)"
"$server_bin" --database_url "$db_url" --config "$state/server.textproto" escalate
# Every entry is dated no later than now: the official acts on any case.
case_id=$(./deploy/pg.sh psql -qAt -c "SELECT min(case_id) FROM baoxue.cases
  WHERE kind = 'dropout_risk' AND status = 'open'
    AND left(village_code, 9) = left('$township', 9)")
"$cli_bin" --token_file "$state/official.token" cases ack "$case_id" >/dev/null
"$cli_bin" --token_file "$state/official.token" cases act "$case_id" \
  --action home_visit --note "家访：已与家长约定周一返校"
"$cli_bin" --token_file "$state/official.token" cases list --status open --level 3 --page_size 3
"$cli_bin" --token_file "$state/official.token" ledger --from "$(date -d '-2 days' +%F)"

step "11/18 the track record: a past risk run against what really followed (gRPC Models.GetTrackRecord)"
# Simulated time: the county's history holds the dropouts after 2026-07-10,
# so a run as of that day is past its 120-day horizon (due 2026-11-07). Its
# high-risk students become cases; one is brought back (复学). The track
# record then shows, per tier and township, how many flagged students
# dropped out or were brought back, and how many dropouts had been flagged;
# the next candidate's report back-tests it on the same run (docs/models.md).
"$cli_bin" --token_file "$state/admin.token" run --area "$county" --as_of 2026-07-10
past_case=$(./deploy/pg.sh psql -qAt -c "SELECT min(c.case_id) FROM baoxue.cases c
  JOIN baoxue.risk_runs r ON r.run_id = c.opened_by_run_id
  WHERE r.as_of = '2026-07-10' AND c.status = 'open' AND c.kind = 'dropout_risk'")
if [ -n "$past_case" ]; then
  "$cli_bin" --token_file "$state/admin.token" cases resolve "$past_case" \
    --outcome returned --returned_on "$last_day" --note "劝返成功，已复学" >/dev/null
fi
"$cli_bin" --token_file "$state/staff.token" model track-record --limit 2

step "12/18 messages pushed through the outbox to the file channel ($messages)"
pending=unknown
for _ in $(seq 1 50); do
  pending=$(./deploy/pg.sh psql -qAt -c \
    "SELECT count(*) FROM baoxue.notification_outbox WHERE delivered_at IS NULL")
  [ "$pending" = 0 ] && break
  sleep 0.2
done
echo "$(wc -l <"$messages") messages delivered, $pending pending; the latest three:"
./deploy/pg.sh psql -qAt -c "SELECT '  [' || (payload ->> 'kind') || '] '
    || replace(payload ->> 'text_zh', chr(10), ' ')
  FROM baoxue.notification_outbox WHERE delivered_at IS NOT NULL
  ORDER BY message_id DESC LIMIT 3"

step "13/18 a web account for the township official (the officials' web page)"
# The password is made here and kept in a file only (never a flag, never shown
# in ps); the official signs in with it on the page.
web_login=township.$township
if [ ! -s "$state/web.password" ]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$state/web.password")
fi
# (step 4 wiped the web accounts with the county, so it is always new)
"$server_bin" --database_url "$db_url" account create --login "$web_login" \
  --kind township --area "$township" --display_name "王晓梅" \
  --password_file "$state/web.password"
echo "web page: https://127.0.0.1:$http_port/   login: $web_login"
echo "  (served with the demo's test CA: trust $state/tls/ca.pem in the browser, or accept the warning)"
echo "password: in $state/web.password (cat it to sign in)"
if [ "$keep_running" = 0 ]; then
  echo "(the server stops when the demo ends: run with --keep-running to open the page)"
fi

step "14/18 operations: Prometheus metrics on their own port (docs/metrics.md)"
# Calls by method and code, the risk run, the outbox per channel, the model,
# the connection pool and memory; alert rules and a dashboard in deploy/monitoring/.
curl -s http://127.0.0.1:50190/metrics | grep -E \
  '^baoxue_(grpc_calls_total|risk_runs_finished_total|outbox_pending_messages|model_active_info|db_pool_connections_in_use|process_resident_memory_bytes)' \
  | head -12 || echo "(metrics port 50190 is taken on this machine; the server serves without it)"

step "15/18 the security audit: every read of personal data, hash-chained (docs/security.md)"
# Only the audit administrator reads it (三权分立, docs/access.md).
"$server_bin" --database_url "$db_url" token create --role audit_admin \
  --area "$county" --description "demo audit administrator" >"$state/audit.token"
sleep 1.5  # the audit is written in batches, in the background
"$cli_bin" --token_file "$state/audit.token" audit --limit 5
"$cli_bin" --token_file "$state/audit.token" audit verify

step "16/18 the county's own feature set, a model trained on it and activated (gRPC Models.CreateFeatureSet, Train, Activate)"
# Models are data staff's business (docs/models.md): the county adds what it
# knows (here a table of its own: far from the household's village) as a
# feature set fs<N> with its words, checks every expression, trains a
# candidate on it and activates it; no restart. Scores, lists and risk runs
# then compute that feature set and give its words as reasons.
./deploy/pg.sh psql -q -c "CREATE SCHEMA IF NOT EXISTS staff;
  DROP TABLE IF EXISTS staff.county_extra;
  CREATE TABLE staff.county_extra AS SELECT s.student_id,
    coalesce((r.distance_km > 10)::int, 0) AS far_from_home
  FROM baoxue.students s LEFT JOIN baoxue.student_routes r USING (student_id)"
{
  echo 'name: "demo-county"'
  echo 'relation: "(SELECT f.*, e.far_from_home FROM baoxue.student_features($1::date) f JOIN staff.county_extra e USING (student_id))"'
  for f in absence_rate_30d unexcused_absences_30d longest_absence_run_30d \
           absence_trend_30d income_poverty_ratio registered_poor \
           subsistence_allowance poverty_monitoring distance_km travel_minutes \
           boarding mountain_route left_behind relocated disability over_age \
           learning_difficulty sibling_dropped_out; do
    echo "features { name: \"$f\" expression: \"$f\" }"
  done
  echo 'features { name: "far_from_home" expression: "far_from_home" min: 0 max: 1
    zh: "家离学校超过10公里" en: "lives more than 10 km from school"
    measures: "交通或寄宿补助 (transport or boarding subsidy)" }'
} >"$state/featureset.txtpb"
"$cli_bin" --token_file "$state/staff.token" featureset test "$state/featureset.txtpb" | tail -4
"$cli_bin" --token_file "$state/staff.token" --lang zh featureset create "$state/featureset.txtpb" | tee "$state/featureset.txt" | head -3
feature_set=$(sed -n 's/^特征集 \(fs[0-9]*\).*/\1/p' "$state/featureset.txt")
"$cli_bin" --token_file "$state/staff.token" --lang zh model train --feature_set "$feature_set" | tee "$state/train_fs.txt"
version=$(sed -n 's/^版本 \(v[0-9]*\).*/\1/p' "$state/train_fs.txt")
# The registry refuses it (and says why) if its validation AUC is below the
# active model's; the demo then activates it anyway, as data staff may after
# reading the report, to show the county's feature set served.
"$cli_bin" --token_file "$state/staff.token" model activate "$version" ||
  "$cli_bin" --token_file "$state/staff.token" model activate "$version" --force
for _ in $(seq 1 50); do
  "$cli_bin" health >/dev/null 2>&1 && break
  sleep 0.2
done
"$cli_bin" --token_file "$state/official.token" top-risks --limit 5

step "17/18 model drift: today's data against each model's training data (gRPC Models.GetDrift, docs/models.md)"
# Months have passed since the training snapshots. The county-wide run of
# step 9 stored how far each feature and the score of the first model moved
# from its training rows (PSI, missing rate, mean shift); the cron's feature
# refresh does the same for the model active now. A feature past the major
# threshold (0.15 here, 0.25 by default) is pushed to data staff once a day
# (the file channel here).
"$server_bin" --database_url "$db_url" --config "$state/server.textproto" \
  features refresh 2>&1 | tail -1
"$cli_bin" --token_file "$state/staff.token" --lang zh model drift
first_version=$(sed -n 's/^版本 \(v[0-9]*\).*/\1/p' "$state/train.txt")
"$cli_bin" --token_file "$state/staff.token" --lang en model drift "$first_version" --days 3
grep -c '"model_drift"' "$messages" | sed 's/$/ drift messages pushed to data staff/' || true

step "18/18 a second server on the same database, reading from a streaming replica (docs/replica.md)"
# A county that runs two servers, so that one can fail: both share the one
# database's singleton work (runs, sweeps, the outbox) through its locks
# (docs/operations.md). This one sends its reads (single ids, lists, cases,
# ledgers) to a replica made with pg_basebackup while it stays within 5 s of
# the primary, and its writes to the primary.
cluster_bytes=$(./deploy/pg.sh psql -qAt -c "SELECT sum(pg_database_size(datname)) FROM pg_database")
if [ "$cluster_bytes" -gt $((4 * 1024 * 1024 * 1024)) ]; then
  echo "(skipped: this PostgreSQL holds $((cluster_bytes >> 30)) GiB of other databases, which a" \
    "replica would copy; deploy/replica.sh start makes one by hand)"
else
  export BAOXUE_REPLICA_PORT=${BAOXUE_DEMO_REPLICA_PORT:-54331}
  export BAOXUE_REPLICA_DIR=/var/tmp/baoxue-demo-replica-$(printf '%s' "$repo" | md5sum | cut -c1-12)
  ./deploy/replica.sh remove >/dev/null  # a fresh copy every demo
  ./deploy/replica.sh start
  second_port=${BAOXUE_DEMO_SECOND_PORT:-50152}
  { cat "$state/server.textproto"
    printf 'read_replica { read_database_url: "%s" }\nmetrics { listen_address: "127.0.0.1:50191" }\n' \
      "$(./deploy/replica.sh url)"
  } >"$state/second.textproto"
  "$server_bin" --database_url "$db_url" --listen "127.0.0.1:$second_port" --http_listen off \
    --config "$state/second.textproto" >"$state/second.log" 2>&1 &
  second_pid=$!
  for _ in $(seq 1 50); do
    "$cli_bin" --server "127.0.0.1:$second_port" health >/dev/null 2>&1 && break
    sleep 0.2
  done
  # Reads go to the replica once its watcher has seen it replay the primary's
  # latest writes (a busy primary's replica may need a while after the copy).
  for _ in $(seq 1 120); do
    curl -s http://127.0.0.1:50191/metrics | grep -q '^baoxue_read_replica_serving_reads 1' && break
    sleep 0.5
  done
  "$cli_bin" --server "127.0.0.1:$second_port" --token_file "$state/official.token" top-risks --limit 3
  curl -s http://127.0.0.1:50191/metrics |
    grep -E '^baoxue_read_replica_(reachable|serving_reads|lag_seconds|reads_total)' ||
    echo "(metrics port 50191 is taken on this machine)"
  kill -TERM "$second_pid" 2>/dev/null && wait "$second_pid" 2>/dev/null || true
  ./deploy/replica.sh remove
fi

if [ "$keep_running" = 1 ]; then
  echo
  echo "baoxue-server keeps running on $BAOXUE_SERVER and https://127.0.0.1:$http_port/ (TLS, test CA)"
  echo "  (pid $server_pid, log $state/server.log)."
  echo "Try: $cli_bin --server $BAOXUE_SERVER --ca_file $state/tls/ca.pem --token_file $state/admin.token score --student 1,2,3"
fi
