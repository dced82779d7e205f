#include "server/core/checks/check_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core::checks {
namespace {

using absl::CivilDay;
using ::baoxue::testing::StatusIs;

CheckRules DefaultRules() {
  return CheckRules::Create(baoxue::v1::CheckConfig()).value();
}

TEST(CheckRulesTest, SixByTheCutoffUpToFifteen) {
  const CheckRules rules = DefaultRules();
  // The 2025 school year: the cutoff 2025-08-31 is the latest by as_of.
  const BirthWindow window = rules.SchoolAgeWindow(CivilDay(2025, 11, 3));
  EXPECT_EQ(window.born_on_or_before, CivilDay(2019, 8, 31));
  EXPECT_EQ(window.born_after, CivilDay(2009, 8, 31));
  EXPECT_TRUE(rules.IsSchoolAge(CivilDay(2019, 8, 31), CivilDay(2025, 11, 3)));
  EXPECT_FALSE(rules.IsSchoolAge(CivilDay(2019, 9, 1), CivilDay(2025, 11, 3)));
  EXPECT_TRUE(rules.IsSchoolAge(CivilDay(2009, 9, 1), CivilDay(2025, 11, 3)));
  EXPECT_FALSE(rules.IsSchoolAge(CivilDay(2009, 8, 31), CivilDay(2025, 11, 3)));
}

TEST(CheckRulesTest, BeforeTheCutoffTheSchoolYearIsLastYears) {
  const CheckRules rules = DefaultRules();
  // 2025-06-01 lies in the 2024 school year (cutoff 2024-08-31).
  const BirthWindow window = rules.SchoolAgeWindow(CivilDay(2025, 6, 1));
  EXPECT_EQ(window.born_on_or_before, CivilDay(2018, 8, 31));
  EXPECT_EQ(window.born_after, CivilDay(2008, 8, 31));
  // On the cutoff day itself the new school year has begun.
  EXPECT_EQ(rules.SchoolAgeWindow(CivilDay(2025, 8, 31)).born_on_or_before,
            CivilDay(2019, 8, 31));
}

TEST(CheckRulesTest, TheCountyConfiguresTheRule) {
  baoxue::v1::CheckConfig config;
  config.set_school_start_age(7);
  config.set_cutoff_month_day("12-31");
  config.set_last_age(14);
  const CheckRules rules = CheckRules::Create(config).value();
  const BirthWindow window = rules.SchoolAgeWindow(CivilDay(2025, 3, 1));
  EXPECT_EQ(window.born_on_or_before, CivilDay(2017, 12, 31));
  EXPECT_EQ(window.born_after, CivilDay(2009, 12, 31));
}

TEST(CheckRulesTest, ABadConfigurationNamesItsField) {
  baoxue::v1::CheckConfig config;
  config.set_cutoff_month_day("02-29");
  EXPECT_THAT(CheckRules::Create(config).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("checks.cutoff_month_day")));
  config.set_cutoff_month_day("8-31");
  EXPECT_FALSE(CheckRules::Create(config).ok());
  baoxue::v1::CheckConfig ages;
  ages.set_school_start_age(6);
  ages.set_last_age(5);
  EXPECT_THAT(CheckRules::Create(ages).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("checks.last_age")));
  baoxue::v1::CheckConfig days;
  days.set_absence_days(0);
  EXPECT_THAT(CheckRules::Create(days).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("checks.absence_days")));
}

std::vector<CivilDay> SchoolDays(CivilDay first, int count) {
  std::vector<CivilDay> days;
  for (CivilDay day = first; static_cast<int>(days.size()) < count; ++day) {
    if (absl::GetWeekday(day) == absl::Weekday::saturday ||
        absl::GetWeekday(day) == absl::Weekday::sunday) {
      continue;
    }
    days.push_back(day);
  }
  return days;
}

TEST(CheckRulesTest, AbsentEveryOneOfTheLastNSchoolDaysIsNamedButAbsent) {
  baoxue::v1::CheckConfig config;
  config.set_absence_days(3);
  const CheckRules rules = CheckRules::Create(config).value();
  // Mon 2025-11-03 .. Fri 2025-11-14: ten school days.
  const std::vector<CivilDay> days = SchoolDays(CivilDay(2025, 11, 3), 10);
  const CivilDay as_of(2025, 11, 14);
  // Thu, Fri and (across the weekend) the Wednesday before: school days
  // are consecutive over a weekend.
  absl::flat_hash_set<CivilDay> absent = {
      CivilDay(2025, 11, 12), CivilDay(2025, 11, 13), CivilDay(2025, 11, 14)};
  EXPECT_TRUE(rules.NamedButAbsent(days, absent, as_of, nullptr));
  // Present on the Thursday (no absence row): not a suspect.
  absent.erase(CivilDay(2025, 11, 13));
  EXPECT_FALSE(rules.NamedButAbsent(days, absent, as_of, nullptr));
  // Days after as_of do not count.
  absl::flat_hash_set<CivilDay> early = {
      CivilDay(2025, 11, 5), CivilDay(2025, 11, 6), CivilDay(2025, 11, 7)};
  EXPECT_TRUE(
      rules.NamedButAbsent(days, early, CivilDay(2025, 11, 7), nullptr));
  EXPECT_FALSE(rules.NamedButAbsent(days, early, as_of, nullptr));
}

TEST(CheckRulesTest, MissingFromTheRosterIsNamedButAbsentWithoutAbsences) {
  const CheckRules rules = DefaultRules();
  const CivilDay since(2025, 10, 1);
  EXPECT_TRUE(rules.NamedButAbsent({}, {}, CivilDay(2025, 11, 1), &since));
  EXPECT_FALSE(rules.NamedButAbsent({}, {}, CivilDay(2025, 9, 1), &since));
  // Fewer school days on record than the rule needs: no suspect.
  const std::vector<CivilDay> days = SchoolDays(CivilDay(2025, 11, 3), 3);
  absl::flat_hash_set<CivilDay> all(days.begin(), days.end());
  EXPECT_FALSE(rules.NamedButAbsent(days, all, CivilDay(2025, 11, 5), nullptr));
}

}  // namespace
}  // namespace baoxue::core::checks
