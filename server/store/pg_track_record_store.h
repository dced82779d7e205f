#ifndef BAOXUE_SERVER_STORE_PG_TRACK_RECORD_STORE_H_
#define BAOXUE_SERVER_STORE_PG_TRACK_RECORD_STORE_H_

#include "server/store/pg_connection_pool.h"
#include "server/store/track_record_store.h"

namespace baoxue::store {

// TrackRecordStore over baoxue.risk_runs, risk_scores, enrolment_events,
// cases and case_scores: computed on demand, one grouped read-only statement
// per run (hash joins over the run's scores; no table of its own).
// Thread-safe; does not own `pool`.
class PgTrackRecordStore : public TrackRecordStore {
 public:
  explicit PgTrackRecordStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<TrackedRun>> ListSucceededRuns(
      const Area& within, absl::CivilDay today, int default_horizon_days,
      int limit) override;
  absl::StatusOr<std::vector<RealisedCell>> RealisedCells(
      int64_t run_id, const OutcomeWindow& window) override;
  absl::StatusOr<std::vector<MeasureCell>> MeasureCells(
      int64_t run_id, const std::vector<std::string>& named_outcomes) override;
  absl::StatusOr<RunLabels> ReadRunLabels(int64_t run_id,
                                          const OutcomeWindow& window) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_TRACK_RECORD_STORE_H_
