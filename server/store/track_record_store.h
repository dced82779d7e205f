#ifndef BAOXUE_SERVER_STORE_TRACK_RECORD_STORE_H_
#define BAOXUE_SERVER_STORE_TRACK_RECORD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/vocabulary.h"
#include "server/store/area.h"

namespace baoxue::store {

// A succeeded risk run and the horizon of the model that scored it.
struct TrackedRun {
  int64_t run_id = 0;
  std::string scope_code;  // the scope area's code, or its school's area's
  int64_t school_id = 0;   // 0 for an area run
  absl::CivilDay as_of;
  std::string model_version;
  int horizon_days = 0;  // 0: the model stored none (legacy)
  int64_t students_scored = 0;
};

// The window in which a run's realised outcomes count: dropouts dated in
// (as_of, as_of + horizon_days], which is (after, through].
struct OutcomeWindow {
  absl::CivilDay after;
  absl::CivilDay through;
};

// One group of a run's scored students: one township and one tier.
struct RealisedCell {
  std::string township_code;  // 12 digits, where the household lives
  std::string township_name;  // empty if the code names no stored township
  domain::RiskTier tier = domain::RiskTier::kLow;
  int64_t students = 0;
  int64_t dropped_out = 0;   // a dropout event in the window
  int64_t brought_back = 0;  // a case of this run closed as returned
};

// Cases of one run that share one measure (an outcome bucket).
struct MeasureCell {
  std::string measure;  // an outcome code from the caller's list, "other"
                        // or "open"
  int64_t cases = 0;
  std::optional<double> median_days_to_close;  // none for "open"
};

// A run's scores with their realised labels, in student_id order (the
// back-test of a candidate on a past run).
struct RunLabels {
  std::vector<int64_t> student_ids;
  std::vector<double> probabilities;  // as the run stored them
  std::vector<domain::RiskTier> tiers;
  std::vector<bool> dropped_out;  // within the window
};

// What the track record reads: set-based, one grouped statement per run.
// "A case of this run" is a dropout-risk case the run opened, or to which it
// attached a score (baoxue.case_scores). Implementations are thread-safe.
// Errors: UNAVAILABLE (database unreachable), DEADLINE_EXCEEDED, INTERNAL.
class TrackRecordStore {
 public:
  virtual ~TrackRecordStore() = default;

  // Succeeded runs whose scope lies in `within`, newest (by as-of date,
  // then id) first: up to `limit` not yet due, then up to `limit` due. Due
  // means as_of + the model's horizon (`default_horizon_days` for a model
  // stored without one) <= `today`, so daily runs not yet due never hide
  // the due ones.
  virtual absl::StatusOr<std::vector<TrackedRun>> ListSucceededRuns(
      const Area& within, absl::CivilDay today, int default_horizon_days,
      int limit) = 0;

  // The run's scored students grouped by township and tier.
  virtual absl::StatusOr<std::vector<RealisedCell>> RealisedCells(
      int64_t run_id, const OutcomeWindow& window) = 0;

  // The run's cases grouped by measure: outcomes in `named_outcomes` (codes)
  // each their own group, every other outcome "other", open cases "open".
  virtual absl::StatusOr<std::vector<MeasureCell>> MeasureCells(
      int64_t run_id, const std::vector<std::string>& named_outcomes) = 0;

  // Every score of the run with its realised label.
  virtual absl::StatusOr<RunLabels> ReadRunLabels(
      int64_t run_id, const OutcomeWindow& window) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_TRACK_RECORD_STORE_H_
