#include "server/core/checks/check_rules.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace baoxue::core::checks {
namespace {

constexpr int kDefaultStartAge = 6;
constexpr char kDefaultCutoff[] = "08-31";
constexpr int kDefaultLastAge = 15;
constexpr int kDefaultAbsenceDays = 10;
constexpr int kMaxAbsenceDays = 200;

// "MM-DD" of a day that exists every year (so not 02-29).
absl::Status ParseMonthDay(const std::string& text, int& month, int& day) {
  const std::vector<std::string> parts = absl::StrSplit(text, '-');
  const absl::Status wrong = absl::InvalidArgumentError(
      absl::StrCat("checks.cutoff_month_day: \"", text,
                   "\" is not MM-DD of a day every year has (e.g. 08-31)"));
  if (parts.size() != 2 || parts[0].size() != 2 || parts[1].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &month) ||
      !absl::SimpleAtoi(parts[1], &day)) {
    return wrong;
  }
  // 2001 is not a leap year: a day that exists in it exists every year.
  const absl::CivilDay probe(2001, month, day);
  if (month < 1 || month > 12 || probe.month() != month || probe.day() != day) {
    return wrong;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyCheckDefaults(baoxue::v1::CheckConfig& config) {
  if (!config.has_school_start_age()) {
    config.set_school_start_age(kDefaultStartAge);
  }
  if (config.cutoff_month_day().empty()) {
    config.set_cutoff_month_day(kDefaultCutoff);
  }
  if (!config.has_last_age()) config.set_last_age(kDefaultLastAge);
  if (!config.has_absence_days()) config.set_absence_days(kDefaultAbsenceDays);
  if (config.school_start_age() < 3 || config.school_start_age() > 10) {
    return absl::InvalidArgumentError(
        "checks.school_start_age: between 3 and 10");
  }
  if (config.last_age() < config.school_start_age() || config.last_age() > 20) {
    return absl::InvalidArgumentError(
        "checks.last_age: at least school_start_age and at most 20");
  }
  if (config.absence_days() < 1 || config.absence_days() > kMaxAbsenceDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("checks.absence_days: between 1 and ", kMaxAbsenceDays));
  }
  int month = 0;
  int day = 0;
  return ParseMonthDay(config.cutoff_month_day(), month, day);
}

absl::StatusOr<CheckRules> CheckRules::Create(baoxue::v1::CheckConfig config) {
  const absl::Status status = ApplyCheckDefaults(config);
  if (!status.ok()) return status;
  int month = 0;
  int day = 0;
  const absl::Status parsed =
      ParseMonthDay(config.cutoff_month_day(), month, day);
  if (!parsed.ok()) return parsed;
  return CheckRules(config.school_start_age(), month, day, config.last_age(),
                    config.absence_days());
}

BirthWindow CheckRules::SchoolAgeWindow(absl::CivilDay as_of) const {
  absl::civil_year_t year = as_of.year();
  if (absl::CivilDay(year, cutoff_month_, cutoff_day_) > as_of) --year;
  // At least start_age_ by the cutoff: born on or before the cutoff day
  // start_age_ years earlier; at most last_age_: not yet last_age_ + 1.
  return {absl::CivilDay(year - last_age_ - 1, cutoff_month_, cutoff_day_),
          absl::CivilDay(year - start_age_, cutoff_month_, cutoff_day_)};
}

bool CheckRules::IsSchoolAge(absl::CivilDay birth_date,
                             absl::CivilDay as_of) const {
  const BirthWindow window = SchoolAgeWindow(as_of);
  return birth_date > window.born_after &&
         birth_date <= window.born_on_or_before;
}

bool CheckRules::NamedButAbsent(
    const std::vector<absl::CivilDay>& school_days,
    const absl::flat_hash_set<absl::CivilDay>& absences, absl::CivilDay as_of,
    const absl::CivilDay* missing_from_roster_since) const {
  if (missing_from_roster_since != nullptr &&
      *missing_from_roster_since <= as_of) {
    return true;
  }
  int counted = 0;
  for (auto day = school_days.rbegin();
       day != school_days.rend() && counted < absence_days_; ++day) {
    if (*day > as_of) continue;
    if (!absences.contains(*day)) return false;
    ++counted;
  }
  return counted == absence_days_;
}

}  // namespace baoxue::core::checks
