#ifndef BAOXUE_SERVER_STORE_PG_DRIFT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_DRIFT_STORE_H_

#include <string>
#include <vector>

#include "pqxx/pqxx"
#include "server/store/drift_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// DriftStore over baoxue.model_drift_references, model_drift and
// model_drift_alerts (deploy/sql/0020_model_drift.sql); pushes go to
// baoxue.notification_outbox in the same transaction as their alert rows.
// Thread-safe; does not own `pool`.
class PgDriftStore : public DriftStore {
 public:
  explicit PgDriftStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<FeatureDriftReference>> LoadReferences(
      const std::string& version) override;
  absl::StatusOr<int> SaveDriftDay(const DriftDay& day) override;
  absl::StatusOr<std::vector<DriftRow>> ListDrift(const std::string& version,
                                                  absl::CivilDay from,
                                                  absl::CivilDay to) override;
  absl::StatusOr<std::vector<DriftRow>> LatestDrift(
      const std::string& version) override;
  absl::StatusOr<Eigen::MatrixXd> ReadSnapshot(
      absl::CivilDay day, const FeatureSetSource* source,
      const std::vector<std::string>& names) override;

 private:
  PgConnectionPool* pool_;
};

// Inside the model's SaveModel transaction: stores `references` under
// `version` (pg_model_store.cc).
void InsertDriftReferences(
    pqxx::work& tx, const std::string& version,
    const std::vector<FeatureDriftReference>& references);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_DRIFT_STORE_H_
