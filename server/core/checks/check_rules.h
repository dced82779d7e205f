#ifndef BAOXUE_SERVER_CORE_CHECKS_CHECK_RULES_H_
#define BAOXUE_SERVER_CORE_CHECKS_CHECK_RULES_H_

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/config.pb.h"

namespace baoxue::core::checks {

// Fills the unset fields of the check configuration with their defaults
// (config.proto: 6 by "08-31" up to 15, 10 school days) and validates it:
// INVALID_ARGUMENT naming the field, e.g. "checks.cutoff_month_day: ...".
absl::Status ApplyCheckDefaults(baoxue::v1::CheckConfig& config);

// The birth dates of compulsory-education age on a day: (born_after,
// born_on_or_before].
struct BirthWindow {
  absl::CivilDay born_after;
  absl::CivilDay born_on_or_before;
};

// The county's rules of the check, decided here and carried out by
// store::CheckStore's SQL. Pure and immutable: thread-safe, copy freely.
class CheckRules {
 public:
  // INVALID_ARGUMENT naming the field (after ApplyCheckDefaults).
  static absl::StatusOr<CheckRules> Create(baoxue::v1::CheckConfig config);

  // The compulsory-age window on `as_of`: the school year is the one whose
  // cutoff day (e.g. 31 August) is the latest on or before `as_of`; a child
  // is of age if they are at least school_start_age and at most last_age
  // by that cutoff. Six by 31 August 2025 is born on or before 31 August
  // 2019; fifteen by then is born after 31 August 2009.
  BirthWindow SchoolAgeWindow(absl::CivilDay as_of) const;
  bool IsSchoolAge(absl::CivilDay birth_date, absl::CivilDay as_of) const;

  // 名在人不在 for one student, the rule the store's SQL applies set-based:
  // missing from the roster since a day up to `as_of`, or absent on each of
  // the last absence_days() school days up to `as_of` (absences are sparse:
  // a school day without an absence is a day present). With fewer school
  // days than that on record, absences alone never make a suspect.
  // `school_days` ascending.
  bool NamedButAbsent(const std::vector<absl::CivilDay>& school_days,
                      const absl::flat_hash_set<absl::CivilDay>& absences,
                      absl::CivilDay as_of,
                      const absl::CivilDay* missing_from_roster_since) const;

  int absence_days() const { return absence_days_; }

 private:
  CheckRules(int start_age, int cutoff_month, int cutoff_day, int last_age,
             int absence_days)
      : start_age_(start_age),
        cutoff_month_(cutoff_month),
        cutoff_day_(cutoff_day),
        last_age_(last_age),
        absence_days_(absence_days) {}

  int start_age_;
  int cutoff_month_;
  int cutoff_day_;
  int last_age_;
  int absence_days_;
};

}  // namespace baoxue::core::checks

#endif  // BAOXUE_SERVER_CORE_CHECKS_CHECK_RULES_H_
