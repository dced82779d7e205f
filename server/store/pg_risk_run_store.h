#ifndef BAOXUE_SERVER_STORE_PG_RISK_RUN_STORE_H_
#define BAOXUE_SERVER_STORE_PG_RISK_RUN_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "server/store/pg_connection_pool.h"
#include "server/store/risk_run_store.h"

namespace baoxue::store {

// RiskRunStore on PostgreSQL. Bookkeeping goes through the pool; an
// execution opens two dedicated libpq connections from the pool's URL:
//  - the writer holds a session advisory lock on (kRunLockClass, run_id)
//    for the execution's lifetime (released by PostgreSQL if the server
//    dies) and stores each chunk with a binary COPY FROM STDIN plus the
//    counter update in one transaction;
//  - the reader streams the run's features with binary COPY TO STDOUT in
//    student_id order, in one REPEATABLE READ transaction: from the day's
//    feature snapshot (baoxue.feature_snapshots) with one COPY when the day
//    has one, else from baoxue.student_features() range by range; the
//    run's parameters are set with a parameterized set_config() and read
//    back by the COPY query through current_setting(), so no SQL is built
//    from input.
// A run stored 'running' whose advisory lock no session holds (pg_locks) is
// read as interrupted, so a dead holder never looks alive.
// Thread-safe; does not own the pool.
class PgRiskRunStore : public RiskRunStore {
 public:
  // First key of the advisory lock of a run ("bxrr"); the second is run_id.
  static constexpr int32_t kRunLockClass = 0x62787272;

  explicit PgRiskRunStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<SchoolLocation> FindSchool(int64_t school_id) override;
  absl::StatusOr<RunRecord> FindOrCreateRun(
      const RunScope& scope, absl::CivilDay as_of,
      const std::string& model_version,
      const std::string& requested_by) override;
  absl::StatusOr<std::unique_ptr<RunExecution>> Execute(
      int64_t run_id) override;
  absl::StatusOr<RunRecord> GetRun(int64_t run_id) override;
  absl::StatusOr<std::vector<RunRecord>> ListRuns(const Area& within,
                                                  int limit) override;
  absl::StatusOr<std::vector<RunRecord>> ListInterruptedRuns(
      absl::Duration min_age, int limit) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_RISK_RUN_STORE_H_
