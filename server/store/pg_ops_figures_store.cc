#include "server/store/pg_ops_figures_store.h"

#include "absl/strings/str_cat.h"
#include "server/store/pg_risk_run_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

constexpr char kOutboxByChannel[] =
    "SELECT channel, count(*),"
    "  count(*) FILTER (WHERE last_error IS NOT NULL),"
    "  extract(epoch FROM now() - min(created_at))::float8 "
    "FROM baoxue.notification_outbox WHERE delivered_at IS NULL "
    "GROUP BY channel ORDER BY channel";

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
        for (const pqxx::row& row : tx.exec(kOutboxByChannel)) {
          OutboxChannelFigures channel;
          channel.channel = row[0].as<std::string>();
          channel.pending = row[1].as<int64_t>();
          channel.failing = row[2].as<int64_t>();
          channel.oldest_pending_age_seconds = row[3].as<double>();
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
