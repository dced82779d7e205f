#ifndef BAOXUE_SERVER_STORE_CHECK_STORE_H_
#define BAOXUE_SERVER_STORE_CHECK_STORE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"
#include "server/store/case_store.h"

namespace baoxue::store {

// How a comparison's suspects become verification tasks: at `level`
// (0 = no tasks) held by `role`, with that level's deadlines.
struct TaskOpening {
  int level = 0;
  domain::ChainRole role = domain::ChainRole::kTeacher;
  absl::Duration ack_within;
  absl::Duration resolve_within;
  // Who is told when a task opens (core::CaseChain::Recipients).
  std::vector<CaseRecipient> on_opened;
};

// One run of the 四查三比对 check, every rule decided by core
// (core::checks::CheckRules, core::CaseChain); the store only carries it
// out.
struct CheckRequest {
  std::string area_prefix;  // division-code prefix of the area checked
  absl::CivilDay as_of;
  // Compulsory-education age: born in (born_after, born_on_or_before].
  absl::CivilDay born_after;
  absl::CivilDay born_on_or_before;
  // 名在人不在: absent every one of the last `absence_days` school days up to
  // as_of (or missing from the roster since a day up to as_of).
  int absence_days = 10;
  // Index = static_cast<int>(domain::CheckComparison).
  std::array<TaskOpening, domain::kCheckComparisons> tasks{};
  absl::Time now;
  std::string actor;  // who ran it (Caller::Describe); never a secret
};

// Index = static_cast<int>(domain::KeyGroup).
using KeyGroupCounts = std::array<int64_t, domain::kKeyGroups>;

// What one comparison of a check found.
struct ComparisonCount {
  domain::CheckComparison comparison =
      domain::CheckComparison::kRegistrationVsRoll;
  int64_t suspects = 0;         // found by this run
  int64_t opened = 0;           // new verification tasks
  int64_t already_open = 0;     // with an open task already: not duplicated
  int64_t settled = 0;          // closed before, data unchanged: not raised
  KeyGroupCounts key_groups{};  // suspects in each key group
};

struct CheckRun {
  std::vector<ComparisonCount> comparisons;  // in CheckComparison order
};

// One line of the county's routine report table: the subjects of one
// comparison in one township with one outcome (none = still open; for
// dropouts × poverty: the poverty-household dropouts now).
struct CheckReportRow {
  std::string township_code;
  std::string township_name;
  domain::CheckComparison comparison =
      domain::CheckComparison::kRegistrationVsRoll;
  std::optional<domain::CaseOutcome> outcome;
  int64_t count = 0;
  KeyGroupCounts key_groups{};
};

struct CheckReport {
  std::vector<CheckReportRow> rows;  // by township, comparison, outcome
};

// The check's data access: the three comparisons set-based, the tasks they
// open, and the report. Thread-safe.
// Errors: INVALID_ARGUMENT, UNAVAILABLE, ABORTED (retry), INTERNAL.
class CheckStore {
 public:
  virtual ~CheckStore() = default;

  // Runs the comparisons of `request` and opens a verification task for
  // each suspect without an open task for the same subject and comparison
  // and whose data differs from its latest closed task's. One transaction;
  // idempotent for unchanged data.
  virtual absl::StatusOr<CheckRun> RunCheck(const CheckRequest& request) = 0;

  // The report table of the area with `area_prefix`: every verification
  // task by township, comparison and outcome, and the dropouts of poverty
  // households by township.
  virtual absl::StatusOr<CheckReport> Report(
      const std::string& area_prefix) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_CHECK_STORE_H_
