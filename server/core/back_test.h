#ifndef BAOXUE_SERVER_CORE_BACK_TEST_H_
#define BAOXUE_SERVER_CORE_BACK_TEST_H_

// The back-test of a candidate (issue 13): scored on the students of each
// past due risk run, with the features as of the run's date, and judged by
// what really happened (the track record's dropouts), beside the model that
// scored the run. Definitions as in track_record.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "model/logistic_model.h"
#include "server/core/track_record.h"
#include "server/store/feature_set.h"
#include "server/store/training_data_store.h"

namespace baoxue::core {

// Due runs a candidate is back-tested on (the newest): each costs one
// snapshot load.
inline constexpr int kMaxBackTestRuns = 3;

// One candidate on one due run.
struct BackTestRow {
  int64_t run_id = 0;
  absl::CivilDay as_of;
  std::string run_model_version;
  int horizon_days = 0;
  // The run's students the candidate could score (in its snapshot).
  int64_t students = 0;
  int64_t dropped_out = 0;
  int64_t flagged = 0;       // by the run, among `students`
  double flagged_share = 0;  // flagged / students
  // The run's model as it scored the run (its stored probabilities and
  // tiers): what really happened to its flags.
  std::optional<double> run_auc;
  std::optional<double> run_precision;
  std::optional<double> run_recall;
  // The candidate flagging the same number of students (its top `flagged`).
  std::optional<double> candidate_auc;
  std::optional<double> candidate_precision;
  std::optional<double> candidate_recall;
};

// The back-test on one run. `labels` are the run's (student_id order);
// `candidate_ids` (ascending) with `candidate_scores` are the candidate's
// scores of its snapshot; students in only one of them are left out. Pure.
BackTestRow BackTestOnRun(const RunTrackRecord& run,
                          const store::RunLabels& labels,
                          const std::vector<int64_t>& candidate_ids,
                          const Eigen::VectorXd& candidate_scores);

// Back-tests `candidate` (computing `features`) on the newest
// kMaxBackTestRuns due runs in `within`. No due run: an empty list.
// Thread-safe if its collaborators are; does not own them.
// Errors: the stores' (a snapshot that does not evaluate: INVALID_ARGUMENT).
absl::StatusOr<std::vector<BackTestRow>> BackTestCandidate(
    const model::RiskModel& candidate, const store::FeatureSet& features,
    const store::Area& within, const TrackRecordReader& track_record,
    store::TrainingDataStore* data);

// The rows as a JSON array (numbers as numbers, unknown as null), stored in
// the candidate's metrics under "back_test".
std::string BackTestJson(const std::vector<BackTestRow>& rows);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_BACK_TEST_H_
