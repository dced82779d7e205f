#ifndef BAOXUE_SERVER_CORE_SCORER_H_
#define BAOXUE_SERVER_CORE_SCORER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/core/first_school_day_cache.h"
#include "server/core/input_checks.h"
#include "server/core/model_holder.h"
#include "server/core/read_router.h"
#include "server/core/risk_score.h"
#include "server/store/directory_store.h"
#include "server/store/feature_store.h"

namespace baoxue::core {

struct ScorerLimits {
  int max_batch_size = 1000;       // ids or rows per call
  int max_area_students = 200000;  // students scored by one TopRisks call
  int default_max_reasons = 3;
  int max_list_size = 1000;  // TopRisks limit
  // No as_of_date before this (nor before the county's first school day).
  absl::CivilDay data_start_floor = kDefaultDataStartFloor;
};

// The outcome for one requested student id. A student that does not exist
// and one outside the caller's area are both kNotFound: the answer must not
// tell which ids exist (docs/access.md).
struct StudentScore {
  enum class Status { kScored, kNotFound };
  int64_t student_id = 0;
  Status status = Status::kNotFound;
  RiskScore score;  // set when kScored
  std::string township_code;
  int64_t school_id = 0;
  // Set by ScoreStudentsByNumber only (by id, the answer stays one query):
  std::string student_number;  // 全国学籍号 as asked
  std::string school_code;  // 学校标识码 when scored, "" if none on record
};

// A student of an official's risk list (masked name only).
struct AtRiskStudent {
  int64_t student_id = 0;
  std::string masked_name;
  int grade = 0;
  std::string school_name;
  std::string village_name;
  RiskScore score;
};

struct AreaRiskList {
  store::Area area;
  int64_t students_scored = 0;
  std::vector<AtRiskStudent> students;  // highest probability first
};

// Scores students with the active model and explains every score.
// Thread-safe; does not own the stores, the holder or the clock.
// Common errors: UNAVAILABLE when no model is loaded yet or the database is
// unreachable; INVALID_ARGUMENT naming the field for bad requests.
class Scorer {
 public:
  // With `replica` the students' features may be read from the read
  // replica (ReadRouter).
  Scorer(store::FeatureStore* features, store::DirectoryStore* directory,
         const ModelHolder* models, const Clock* clock, ScorerLimits limits,
         ReplicaReads<store::FeatureStore> replica = {})
      : features_(features),
        directory_(directory),
        models_(models),
        clock_(clock),
        limits_(limits),
        replica_(replica),
        first_school_day_(directory, clock) {}

  // Who may score students by id or number and list an area's top risks:
  // systems, officials and the system administrator (not data staff, nor
  // the security or audit administrators). PERMISSION_DENIED otherwise.
  static absl::Status CheckMayScoreStudents(const Caller& caller);
  // Who may score caller-supplied feature rows (no student data is read):
  // every business role and the system administrator.
  static absl::Status CheckMayScoreRows(const Caller& caller);

  // One result per requested id, in request order. An unknown id or a student
  // outside the caller's area is reported (alike) for that id only.
  absl::StatusOr<std::vector<StudentScore>> ScoreStudents(
      const Caller& caller, absl::Span<const int64_t> student_ids,
      std::optional<absl::CivilDay> as_of, int max_reasons) const;

  // The same by 全国学籍号, as other systems know students: one result per
  // number, in request order, with the 学校标识码; an unknown number is
  // kNotFound. One more query than by id (the numbers' keys).
  absl::StatusOr<std::vector<StudentScore>> ScoreStudentsByNumber(
      const Caller& caller, absl::Span<const std::string> student_numbers,
      std::optional<absl::CivilDay> as_of, int max_reasons) const;

  // The model in use now: take it once per call, build the caller's rows
  // against its `inputs` and score them with it, so a model (and feature
  // set) swapped in meanwhile never mixes with the rows.
  // UNAVAILABLE while no model is loaded.
  absl::StatusOr<std::shared_ptr<const ActiveModel>> CurrentModel() const;

  // Scores caller-supplied raw features (rows in `active`'s input order,
  // already validated, e.g. by FeatureRowsBuilder); as_of is today.
  absl::StatusOr<std::vector<RiskScore>> ScoreFeatureRows(
      const ActiveModel& active, const Eigen::MatrixXd& raw,
      int max_reasons) const;

  // The same for many rows, explained by contributions only (no words): the
  // fast path of high-volume callers. Row-major rows, so each row is
  // contiguous for the explanation.
  absl::StatusOr<PackedRiskScores> ScoreFeatureMatrix(
      const ActiveModel& active, const Eigen::MatrixXd& raw,
      int max_reasons) const;

  // Scores every student of the area with `area_code` (empty: the caller's
  // own area) and returns the `limit` most at risk. PERMISSION_DENIED for a
  // role that may not (CheckMayScoreStudents) and, alike, for an unknown area
  // or one outside the caller's (ResolveArea).
  absl::StatusOr<AreaRiskList> TopRisks(const Caller& caller,
                                        absl::string_view area_code,
                                        std::optional<absl::CivilDay> as_of,
                                        int limit, int max_reasons) const;

  // INVALID_ARGUMENT naming `field` if `count` exceeds the batch limit.
  absl::Status CheckBatchSize(size_t count, absl::string_view field) const;

 private:
  // RESOURCE_EXHAUSTED: the area holds more than max_area_students.
  absl::Status AreaTooLarge(const store::Area& area, int64_t students) const;
  absl::StatusOr<absl::CivilDay> ResolveDate(
      std::optional<absl::CivilDay> as_of) const;
  int ResolveMaxReasons(int max_reasons, const ActiveModel& active) const;
  // The active model's inputs of the students / of an area.
  // The features to score, from the store `replica_` chooses for `caller`.
  absl::StatusOr<store::StudentFeatureRows> ReadStudents(
      const Caller& caller, const ActiveModel& active,
      absl::Span<const int64_t> student_ids, absl::CivilDay as_of) const;
  absl::StatusOr<store::StudentFeatureRows> ReadArea(
      const Caller& caller, const ActiveModel& active, const store::Area& area,
      absl::CivilDay as_of) const;
  RiskScore Explain(const ActiveModel& model, const Eigen::MatrixXd& raw,
                    Eigen::Index row, double probability, absl::CivilDay as_of,
                    int max_reasons) const;

  store::FeatureStore* features_;
  store::DirectoryStore* directory_;
  const ModelHolder* models_;
  const Clock* clock_;
  const ScorerLimits limits_;
  const ReplicaReads<store::FeatureStore> replica_;
  FirstSchoolDayCache first_school_day_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_SCORER_H_
