#ifndef BAOXUE_TESTS_INTEGRATION_FEATURES_FIXTURE_H_
#define BAOXUE_TESTS_INTEGRATION_FEATURES_FIXTURE_H_

// The hand-built county of features_test and feature_snapshots_test.
#include <string>
#include <vector>

namespace baoxue::testing {

// The catalogue order of docs/design.md.
inline const std::vector<std::string>& FeatureNames() {
  static const auto* const kNames =
      new std::vector<std::string>{"absence_rate_30d",
                                   "unexcused_absences_30d",
                                   "longest_absence_run_30d",
                                   "absence_trend_30d",
                                   "income_poverty_ratio",
                                   "registered_poor",
                                   "subsistence_allowance",
                                   "poverty_monitoring",
                                   "distance_km",
                                   "travel_minutes",
                                   "boarding",
                                   "mountain_route",
                                   "left_behind",
                                   "relocated",
                                   "disability",
                                   "over_age",
                                   "learning_difficulty",
                                   "sibling_dropped_out"};
  return *kNames;
}

// Calendar: every weekday 2026-03-02 .. 2026-06-30 (no holidays). As of
// Friday 2026-05-29 the last 30 school days are 04-20 .. 05-29 and the 30
// before them 03-09 .. 04-17.
inline constexpr char kFixture[] = R"sql(
INSERT INTO baoxue.areas VALUES
  (1, 'county', '360799000000', NULL, NULL, '保学示范县'),
  (2, 'township', '360799101000', NULL, 1, '城关镇'),
  (3, 'village', '360799101201', NULL, 2, '东坪村'),
  (4, 'group', '360799101201', 1, 3, '东坪村一组'),
  (5, 'township', '360799202000', NULL, 1, '石门乡'),
  (6, 'village', '360799202203', NULL, 5, '石坑村'),
  (7, 'group', '360799202203', 2, 6, '石坑村二组');
INSERT INTO baoxue.schools VALUES
  (10, '城关镇中心小学', 2, 'primary', true),
  (20, '石门乡九年一贯制学校', 5, 'nine_year', true);
INSERT INTO baoxue.households (household_id, group_area_id, members, per_capita_income,
    poverty_line, registered_poor, subsistence_allowance, poverty_monitoring, relocated,
    parents_working_away) VALUES
  (1, 4, 3, 3600, 7200, true, false, true, false, true),
  (2, 7, 5, NULL, 7200, false, false, false, false, false),
  (3, 7, 4, 1000000, 7200, false, true, false, true, false);
INSERT INTO baoxue.students (student_id, student_number, name, gender, ethnic_minority,
    birth_date, grade, school_id, household_id, boarding, disability, learning_difficulty,
    repeated_grade) VALUES
  (1, 'G01', '王小明', 'M', false, '2017-01-15', 3, 10, 1, true, false, true, false),
  (2, 'G02', '李小红', 'F', false, '2017-05-29', 1, 20, 2, false, false, false, false),
  (3, 'G03', '李小刚', 'M', false, '2013-02-01', 7, 20, 2, false, true, false, false),
  (4, 'G04', '赵小芳', 'F', true, '2014-10-01', 5, 20, 3, false, false, false, true),
  (5, 'G05', '赵小军', 'M', true, '2012-03-01', 8, 20, 3, true, false, false, false),
  (6, 'G06', '王小华', 'F', false, '2016-03-01', 4, 10, 1, false, false, false, false);
INSERT INTO baoxue.student_routes VALUES
  (1, 12.5, 75, true), (3, 4, 30, false), (4, 6.2, 40, false), (5, 6.2, 40, false),
  (6, 12.5, 75, true);
INSERT INTO baoxue.school_days
  SELECT d FROM generate_series('2026-03-02'::date, '2026-06-30'::date, '1 day') d
   WHERE extract(isodow FROM d) < 6;
INSERT INTO baoxue.absences VALUES
  -- student 1: a Friday-Monday-Tuesday streak (3 school days), a single day,
  -- two days in the previous window, one before both windows, one after as_of
  (1, '2026-05-22', 'unexcused'), (1, '2026-05-25', 'unexcused'), (1, '2026-05-26', 'excused'),
  (1, '2026-05-04', 'excused'),
  (1, '2026-04-01', 'excused'), (1, '2026-04-02', 'excused'),
  (1, '2026-03-03', 'unexcused'),
  (1, '2026-06-01', 'unexcused'),
  -- student 2: a streak across the boundary of the two windows
  (2, '2026-04-16', 'unexcused'), (2, '2026-04-17', 'unexcused'),
  (2, '2026-04-20', 'unexcused'), (2, '2026-04-21', 'unexcused');
INSERT INTO baoxue.enrolment_events (student_id, event_date, kind) VALUES
  (1, '2026-03-10', 'dropout'), (1, '2026-03-20', 'return'),
  (3, '2026-05-29', 'dropout'),
  (5, '2026-06-08', 'dropout'),
  (4, '2026-06-09', 'dropout'),
  (6, '2026-04-01', 'transfer_out');
)sql";

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_INTEGRATION_FEATURES_FIXTURE_H_
