#include "server/store/pg_ops_figures_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/store/pg_outbox_store.h"
#include "server/store/pg_risk_run_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// A run executing somewhere holds the session advisory lock (kRunLockClass,
// run_id); pg_locks shows a two-key advisory lock as classid, objid with
// objsubid 2. Status compared as text: 'interrupted' counts too where the
// schema has it.
constexpr char kInterruptedRuns[] =
    "SELECT count(*) FROM baoxue.risk_runs r "
    "WHERE r.status::text = 'interrupted' OR (r.status::text = 'running' "
    "  AND NOT EXISTS (SELECT 1 FROM pg_locks l"
    "    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
    "      AND l.database = (SELECT oid FROM pg_database"
    "                        WHERE datname = current_database())"
    "      AND l.classid::bigint = $1 AND l.objid::bigint = r.run_id))";

constexpr char kFailedRunsLastDay[] =
    "SELECT count(*) FROM baoxue.risk_runs "
    "WHERE status::text = 'failed' AND coalesce(finished_at, started_at) > "
    "now() - interval '24 hours'";

constexpr char kSnapshotAge[] =
    "SELECT extract(epoch FROM now() - max(computed_at))::float8 "
    "FROM baoxue.feature_snapshot_days";

}  // namespace

absl::StatusOr<OpsFigures> PgOpsFiguresStore::ReadOpsFigures() {
  return InTransaction(
      *pool_, "read operations figures",
      [&](pqxx::work& tx) -> absl::StatusOr<OpsFigures> {
        tx.exec("SET TRANSACTION READ ONLY");
        tx.exec("SET LOCAL statement_timeout = 5000");
        OpsFigures figures;
        // Ages by the database's clock, like the messages' created_at.
        const absl::Time database_now = absl::FromUnixMicros(
            tx.exec1("SELECT (extract(epoch FROM now()) * 1000000)::bigint")[0]
                .as<int64_t>());
        for (ChannelBacklog& backlog : ReadChannelBacklog(tx)) {
          OutboxChannelFigures channel;
          channel.channel = std::move(backlog.channel);
          channel.pending = backlog.pending;
          channel.failing = backlog.failing;
          channel.oldest_pending_age_seconds = absl::ToDoubleSeconds(
              database_now - backlog.oldest_pending_created_at);
          figures.outbox.push_back(std::move(channel));
        }
        figures.interrupted_runs =
            tx.exec_params1(
                  kInterruptedRuns,
                  static_cast<int64_t>(PgRiskRunStore::kRunLockClass))[0]
                .as<int64_t>();
        figures.failed_runs_last_day =
            tx.exec1(kFailedRunsLastDay)[0].as<int64_t>();
        const pqxx::row age = tx.exec1(kSnapshotAge);
        if (!age[0].is_null()) {
          figures.feature_snapshot_age_seconds = age[0].as<double>();
        }
        return figures;
      });
}

}  // namespace baoxue::store
