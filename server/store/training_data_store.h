#ifndef BAOXUE_SERVER_STORE_TRAINING_DATA_STORE_H_
#define BAOXUE_SERVER_STORE_TRAINING_DATA_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/model.pb.h"
#include "server/store/feature_set.h"

namespace baoxue::store {

// The groups a fairness audit compares, one entry per row.
struct GroupColumns {
  std::vector<std::string> gender;  // "M" / "F"
  std::vector<bool> ethnic_minority;
  std::vector<bool> left_behind;
  std::vector<bool> disability;
  std::vector<bool> registered_poor;
  std::vector<std::string> township_codes;
  // Configured groups (training.fairness_groups), one entry per row each:
  // the column's value as text ("missing" for NULL).
  std::vector<std::pair<std::string, std::vector<std::string>>> extra;
};

// A configured fairness group: a column of the feature relation or of
// baoxue.students, audited besides the six fixed groups.
struct FairnessColumn {
  enum class Source { kFeatureRelation, kStudents };
  Source source = Source::kFeatureRelation;
  std::string column;  // a plain SQL identifier, checked when configured
};

// Students in school on `as_of`, their configured features as of that date
// and label = dropped out within the horizon after it. Rows ordered by
// student id; aligned by index.
struct LabelledSnapshot {
  absl::CivilDay as_of;
  std::vector<int64_t> student_ids;
  Eigen::MatrixXd values;  // feature set order, NaN = missing
  Eigen::VectorXd labels;  // 0/1
  GroupColumns groups;
};

// Reads labelled training snapshots. Implementations are thread-safe.
// Errors: INVALID_ARGUMENT (the configured relation or an expression does not
// evaluate; the message names the feature set, not the data), UNAVAILABLE,
// DEADLINE_EXCEEDED (the statement timeout), INTERNAL.
class TrainingDataStore {
 public:
  virtual ~TrainingDataStore() = default;

  virtual absl::StatusOr<LabelledSnapshot> LoadSnapshot(
      const FeatureSet& features, absl::CivilDay as_of, int horizon_days) = 0;

  // The last day of the school calendar. NOT_FOUND if it is empty.
  virtual absl::StatusOr<absl::CivilDay> LastSchoolDay() = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_TRAINING_DATA_STORE_H_
