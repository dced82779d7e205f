#ifndef BAOXUE_SERVER_STORE_RISK_LIST_STORE_H_
#define BAOXUE_SERVER_STORE_RISK_LIST_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"

namespace baoxue::store {

// A stored, succeeded risk run a list is read from.
struct StoredRun {
  int64_t run_id = 0;
  absl::CivilDay as_of;
  std::string model_version;
  absl::Time finished_at;
};

struct ListedReason {
  std::string feature;
  double value = 0;
  double contribution = 0;
};

// One student's stored score with what a list shows about it. Holds the full
// name (personal data): core masks it; never log it.
struct RiskListRow {
  int64_t student_id = 0;
  std::string name;
  int grade = 0;
  int64_t school_id = 0;
  std::string school;
  std::string school_code;  // 学校标识码
  std::string township;     // the village's township, by name
  std::string village_code;
  std::string village;
  double probability = 0;
  domain::RiskTier tier = domain::RiskTier::kLow;
  std::vector<ListedReason> reasons;  // as stored, largest first
  // The student's latest score in an earlier succeeded run (by as_of).
  std::optional<double> previous_probability;
  std::optional<absl::CivilDay> previous_as_of;
  // The student's open case, else the latest one.
  std::optional<int64_t> case_id;
  domain::CaseStatus case_status = domain::CaseStatus::kOpen;
  int case_level = 0;
  bool case_overdue = false;
  // An open 名在人不在 verification task (absent every one of the check's
  // last N school days), or an open case a verification confirmed out of
  // school: on the roll, not in school.
  bool on_roll_not_in_school = false;
};

struct RiskListFilter {
  std::string area_prefix;  // division-code prefix the household lies in
  std::optional<int64_t> school_id;
  std::vector<std::string> tiers;  // empty = every tier
};

// Reads stored risk runs for officials' lists. Thread-safe.
// Errors: NOT_FOUND, UNAVAILABLE, INTERNAL.
class RiskListStore {
 public:
  virtual ~RiskListStore() = default;

  // The latest succeeded run (by as_of, then finish) whose scope contains
  // the area with `area_prefix`, or, if `school_id` is set, a run of that
  // school. nullopt if there is none.
  virtual absl::StatusOr<std::optional<StoredRun>> LatestRun(
      const std::string& area_prefix, std::optional<int64_t> school_id) = 0;

  // The mean probability over every score of run `run_id` (its whole
  // scope, e.g. the county); 0 for an empty run. A succeeded run's scores
  // never change, so callers may keep the answer.
  virtual absl::StatusOr<double> MeanProbability(int64_t run_id) = 0;

  // The 12-digit division code of the area school `school_id` lies in.
  // NOT_FOUND if there is no such school.
  virtual absl::StatusOr<std::string> SchoolAreaCode(int64_t school_id) = 0;

  // The scores of `run` matching `filter`, in no particular order; case
  // overdue flags as of `now`.
  virtual absl::StatusOr<std::vector<RiskListRow>> RunScores(
      const StoredRun& run, const RiskListFilter& filter, absl::Time now) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_RISK_LIST_STORE_H_
