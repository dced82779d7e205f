#ifndef BAOXUE_SERVER_STORE_PG_RISK_LIST_STORE_H_
#define BAOXUE_SERVER_STORE_PG_RISK_LIST_STORE_H_

#include "server/store/pg_connection_pool.h"
#include "server/store/risk_list_store.h"

namespace baoxue::store {

// RiskListStore over baoxue.risk_runs / risk_scores / cases. Thread-safe;
// does not own the pool.
class PgRiskListStore : public RiskListStore {
 public:
  explicit PgRiskListStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::optional<StoredRun>> LatestRun(
      const std::string& area_prefix,
      std::optional<int64_t> school_id) override;
  absl::StatusOr<double> MeanProbability(int64_t run_id) override;
  absl::StatusOr<std::string> SchoolAreaCode(int64_t school_id) override;
  absl::StatusOr<std::vector<RiskListRow>> RunScores(
      const StoredRun& run, const RiskListFilter& filter,
      absl::Time now) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_RISK_LIST_STORE_H_
