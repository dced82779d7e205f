#ifndef BAOXUE_SERVER_STORE_FEATURE_STORE_H_
#define BAOXUE_SERVER_STORE_FEATURE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "server/store/area.h"
#include "server/store/feature_set.h"

namespace baoxue::store {

// Students' raw features as of a date, one row per student, aligned by index.
// Columns follow model::FeatureCatalog() order; NaN marks a missing value.
struct StudentFeatureRows {
  std::vector<int64_t> student_ids;
  std::vector<std::string> village_codes;   // the household's village
  std::vector<std::string> township_codes;  // the household's township
  std::vector<int64_t> school_ids;
  Eigen::MatrixXd values;

  int64_t size() const { return static_cast<int64_t>(student_ids.size()); }
};

// Labelled training rows: features as of a date and whether the student
// dropped out within the horizon after it.
struct LabelledRows {
  std::vector<int64_t> student_ids;
  Eigen::MatrixXd values;  // catalogue order, NaN = missing
  Eigen::VectorXd labels;  // 1 = dropped out within the horizon
};

// Reads students' features: the day's feature snapshot when it has one
// (feature_snapshot_store.h), else computed from the raw data. Implementations
// are thread-safe.
// Errors: UNAVAILABLE (database unreachable), INTERNAL (anything else).
class FeatureStore {
 public:
  virtual ~FeatureStore() = default;

  // Rows for the given ids that exist; unknown ids are simply absent.
  virtual absl::StatusOr<StudentFeatureRows> FeaturesOfStudents(
      absl::Span<const int64_t> student_ids, absl::CivilDay as_of) = 0;

  // Rows for every student whose household lies in `area`.
  virtual absl::StatusOr<StudentFeatureRows> FeaturesInArea(
      const Area& area, absl::CivilDay as_of) = 0;

  // The same two reads for a feature set other than the catalogue (the
  // active model's): columns in the set's order, read from the day's
  // snapshot of `source.key` when it has one, else evaluated live. Only
  // students present in the set's relation have rows. The defaults return
  // UNIMPLEMENTED so fakes need only what their tests use.
  virtual absl::StatusOr<StudentFeatureRows> SetFeaturesOfStudents(
      const FeatureSetSource& source, absl::Span<const int64_t> student_ids,
      absl::CivilDay as_of) {
    (void)source, (void)student_ids, (void)as_of;
    return absl::UnimplementedError("SetFeaturesOfStudents");
  }
  virtual absl::StatusOr<StudentFeatureRows> SetFeaturesInArea(
      const FeatureSetSource& source, const Area& area, absl::CivilDay as_of) {
    (void)source, (void)area, (void)as_of;
    return absl::UnimplementedError("SetFeaturesInArea");
  }

  // Students in school on `as_of`, labelled by dropout within `horizon_days`.
  virtual absl::StatusOr<LabelledRows> TrainingExamples(absl::CivilDay as_of,
                                                        int horizon_days) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_FEATURE_STORE_H_
