#ifndef BAOXUE_SERVER_STORE_PG_OPS_FIGURES_STORE_H_
#define BAOXUE_SERVER_STORE_PG_OPS_FIGURES_STORE_H_

#include "server/store/ops_figures_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// OpsFiguresStore over baoxue.notification_outbox, baoxue.risk_runs (with
// pg_locks for the runs' advisory locks, pg_risk_run_store.h) and
// baoxue.feature_snapshot_days. One read-only transaction with a short
// statement timeout, so a slow database never holds a scrape for long.
// Thread-safe; does not own `pool`.
class PgOpsFiguresStore : public OpsFiguresStore {
 public:
  explicit PgOpsFiguresStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<OpsFigures> ReadOpsFigures() override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_OPS_FIGURES_STORE_H_
