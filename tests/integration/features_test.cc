// baoxue.student_features and baoxue.training_examples on a hand-built
// county: every feature column of a few students, checked exactly.
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/features_fixture.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::Pair;

using Features = std::map<std::string, std::optional<double>>;
constexpr std::nullopt_t kMissing = std::nullopt;
using ::baoxue::testing::FeatureNames;
using ::baoxue::testing::kFixture;

class FeaturesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    connection_ = std::make_unique<pqxx::connection>(db_->url());
    pqxx::work tx(*connection_);
    tx.exec(kFixture);
    tx.commit();
  }

  // student_id -> features as of `as_of`.
  std::map<int64_t, Features> FeaturesAsOf(const std::string& as_of) {
    pqxx::read_transaction tx(*connection_);
    const pqxx::result rows = tx.exec_params(
        "SELECT * FROM baoxue.student_features($1::date) ORDER BY student_id",
        as_of);
    std::map<int64_t, Features> out;
    for (const pqxx::row& row : rows) {
      Features& features = out[row["student_id"].as<int64_t>()];
      for (const std::string& name : FeatureNames()) {
        features[name] = row[name].is_null()
                             ? std::nullopt
                             : std::optional<double>(row[name].as<double>());
      }
    }
    return out;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<pqxx::connection> connection_;
};

// Compares every feature, with a tolerance for rates like 4/30.
void ExpectFeatures(const Features& actual, const Features& expected,
                    const std::string& who) {
  for (const std::string& name : FeatureNames()) {
    SCOPED_TRACE(absl::StrCat(who, " ", name));
    ASSERT_EQ(expected.count(name), 1u) << "test is missing " << name;
    const std::optional<double>& a = actual.at(name);
    const std::optional<double>& e = expected.at(name);
    ASSERT_EQ(a.has_value(), e.has_value());
    if (e.has_value()) {
      EXPECT_NEAR(*a, *e, 1e-12);
    }
  }
}

TEST_F(FeaturesTest, ReturnsTheCatalogueColumnsInOrder) {
  pqxx::read_transaction tx(*connection_);
  const pqxx::result r =
      tx.exec("SELECT * FROM baoxue.student_features('2026-05-29') LIMIT 0");
  std::vector<std::string> expected = {"student_id", "school_id",
                                       "township_code", "village_code"};
  expected.insert(expected.end(), FeatureNames().begin(), FeatureNames().end());
  ASSERT_EQ(r.columns(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.column_name(i), expected[i]);
  }
}

TEST_F(FeaturesTest, KeysAreTheHouseholdsTownshipAndVillage) {
  pqxx::read_transaction tx(*connection_);
  const pqxx::result r = tx.exec(
      "SELECT student_id, school_id, township_code, village_code "
      "FROM baoxue.student_features('2026-05-29') WHERE student_id IN (1, 3) "
      "ORDER BY student_id");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0][1].as<int64_t>(), 10);
  EXPECT_EQ(r[0][2].as<std::string>(), "360799101000");
  EXPECT_EQ(r[0][3].as<std::string>(), "360799101201");
  EXPECT_EQ(r[1][2].as<std::string>(), "360799202000");
  EXPECT_EQ(r[1][3].as<std::string>(), "360799202203");
}

TEST_F(FeaturesTest, EveryFeatureOfEveryStudentWithFullWindows) {
  std::map<int64_t, Features> f = FeaturesAsOf("2026-05-29");
  ASSERT_EQ(f.size(), 6u);
  ExpectFeatures(f[1],
                 {{"absence_rate_30d", 4.0 / 30},
                  {"unexcused_absences_30d", 2},
                  {"longest_absence_run_30d", 3},  // Fri 22 + Mon 25 + Tue 26
                  {"absence_trend_30d", 4.0 / 30 - 2.0 / 30},
                  {"income_poverty_ratio", 0.5},
                  {"registered_poor", 1},
                  {"subsistence_allowance", 0},
                  {"poverty_monitoring", 1},
                  {"distance_km", 12.5},
                  {"travel_minutes", 75},
                  {"boarding", 1},
                  {"mountain_route", 1},
                  {"left_behind", 1},
                  {"relocated", 0},
                  {"disability", 0},
                  {"over_age", 0},  // 9 years old in grade 3
                  {"learning_difficulty", 1},
                  {"sibling_dropped_out", 0}},  // a sibling transferred: no
                 "student 1");
  ExpectFeatures(f[2],
                 {{"absence_rate_30d", 2.0 / 30},
                  {"unexcused_absences_30d", 2},
                  {"longest_absence_run_30d", 2},  // the run is cut at 04-20
                  {"absence_trend_30d", 0},
                  {"income_poverty_ratio", kMissing},  // income unknown
                  {"registered_poor", 0},
                  {"subsistence_allowance", 0},
                  {"poverty_monitoring", 0},
                  {"distance_km", kMissing},  // no route on record
                  {"travel_minutes", kMissing},
                  {"boarding", 0},
                  {"mountain_route", kMissing},
                  {"left_behind", 0},
                  {"relocated", 0},
                  {"disability", 0},
                  {"over_age", 1},  // 9 today, in grade 1: grade + 8
                  {"learning_difficulty", 0},
                  {"sibling_dropped_out", 1}},  // brother dropped out today
                 "student 2");
  ExpectFeatures(
      f[3],
      {{"absence_rate_30d", 0},
       {"unexcused_absences_30d", 0},
       {"longest_absence_run_30d", 0},
       {"absence_trend_30d", 0},
       {"income_poverty_ratio", kMissing},
       {"registered_poor", 0},
       {"subsistence_allowance", 0},
       {"poverty_monitoring", 0},
       {"distance_km", 4},
       {"travel_minutes", 30},
       {"boarding", 0},
       {"mountain_route", 0},
       {"left_behind", 0},
       {"relocated", 0},
       {"disability", 1},
       {"over_age", 0},
       {"learning_difficulty", 0},
       {"sibling_dropped_out", 0}},  // his own dropout does not count
      "student 3");
  ExpectFeatures(f[4],
                 {{"absence_rate_30d", 0},
                  {"unexcused_absences_30d", 0},
                  {"longest_absence_run_30d", 0},
                  {"absence_trend_30d", 0},
                  {"income_poverty_ratio", 100},  // 138.9 capped
                  {"registered_poor", 0},
                  {"subsistence_allowance", 1},
                  {"poverty_monitoring", 0},
                  {"distance_km", 6.2},
                  {"travel_minutes", 40},
                  {"boarding", 0},
                  {"mountain_route", 0},
                  {"left_behind", 0},
                  {"relocated", 1},
                  {"disability", 0},
                  {"over_age", 1},  // repeated a grade
                  {"learning_difficulty", 0},
                  {"sibling_dropped_out", 0}},  // brother drops out later
                 "student 4");
}

TEST_F(FeaturesTest, ShortWindowHasNoTrend) {
  // 15 school days up to Friday 03-20: the last window is short, the
  // previous one empty.
  std::map<int64_t, Features> f = FeaturesAsOf("2026-03-20");
  EXPECT_NEAR(*f[1]["absence_rate_30d"], 1.0 / 15, 1e-12);
  EXPECT_EQ(f[1]["unexcused_absences_30d"], 1.0);
  EXPECT_EQ(f[1]["longest_absence_run_30d"], 1.0);
  EXPECT_EQ(f[1]["absence_trend_30d"], kMissing);
  EXPECT_EQ(f[2]["absence_rate_30d"], 0.0);
  EXPECT_EQ(f[2]["absence_trend_30d"], kMissing);
  EXPECT_EQ(f[2]["sibling_dropped_out"], 0.0);  // not yet
}

TEST_F(FeaturesTest, NoSchoolDaysMeansMissingAttendance) {
  std::map<int64_t, Features> f = FeaturesAsOf("2026-02-01");
  ASSERT_EQ(f.size(), 6u);
  for (const auto& [id, features] : f) {
    SCOPED_TRACE(id);
    EXPECT_EQ(features.at("absence_rate_30d"), kMissing);
    EXPECT_EQ(features.at("unexcused_absences_30d"), kMissing);
    EXPECT_EQ(features.at("longest_absence_run_30d"), kMissing);
    EXPECT_EQ(features.at("absence_trend_30d"), kMissing);
  }
  EXPECT_EQ(f[1]["income_poverty_ratio"], 0.5);
}

TEST_F(FeaturesTest, FiltersOnTheInlinedFunction) {
  pqxx::read_transaction tx(*connection_);
  EXPECT_EQ(
      tx.exec1("SELECT count(*) FROM baoxue.student_features('2026-05-29') "
               "WHERE student_id = ANY('{2,5,99}'::bigint[])")[0]
          .as<int>(),
      2);
  EXPECT_EQ(
      tx.exec1("SELECT count(*) FROM baoxue.student_features('2026-05-29') "
               "WHERE township_code = '360799202000'")[0]
          .as<int>(),
      4);
  EXPECT_EQ(
      tx.exec1("SELECT count(*) FROM baoxue.student_features('2026-05-29') "
               "WHERE left(village_code, 9) = '360799101'")[0]
          .as<int>(),
      2);
}

// student_id -> label of training_examples(as_of, horizon).
std::map<int64_t, bool> Labels(pqxx::connection& connection,
                               const std::string& as_of, int horizon) {
  pqxx::read_transaction tx(connection);
  std::map<int64_t, bool> out;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT student_id, label FROM baoxue.training_examples($1::date, "
           "$2) ORDER BY student_id",
           as_of, horizon)) {
    out[row[0].as<int64_t>()] = row[1].as<bool>();
  }
  return out;
}

TEST_F(FeaturesTest, TrainingLabelsRespectTheHorizonBoundary) {
  // as_of + 10 = 06-08: student 5's dropout is in, student 4's (06-09) not.
  // Student 3 dropped out on as_of: not in school, left out. Student 1
  // dropped out and returned: in. Student 6 transferred out: left out.
  EXPECT_THAT(Labels(*connection_, "2026-05-29", 10),
              ElementsAre(Pair(1, false), Pair(2, false), Pair(4, false),
                          Pair(5, true)));
  EXPECT_THAT(Labels(*connection_, "2026-05-29", 11),
              ElementsAre(Pair(1, false), Pair(2, false), Pair(4, true),
                          Pair(5, true)));
  // Between student 1's dropout and return he is out of school.
  EXPECT_THAT(Labels(*connection_, "2026-03-15", 120),
              ElementsAre(Pair(2, false), Pair(3, true), Pair(4, true),
                          Pair(5, true), Pair(6, false)));
}

// Death and emigration end a student's time on the roll like a move out,
// never as a dropout; a transfer in puts a student back on it (0019).
TEST_F(FeaturesTest, DeathAndEmigrationLeaveTheRollWithoutBeingDropouts) {
  {
    pqxx::work tx(*connection_);
    tx.exec(
        "INSERT INTO baoxue.enrolment_events (student_id, event_date, kind) "
        "VALUES (2, '2026-05-01', 'deceased'), (4, '2026-05-04', "
        "'emigrated'), (6, '2026-05-06', 'transfer_in')");
    tx.commit();
  }
  // Before they left, 2 and 4 are in school and their leaving inside the
  // horizon is no dropout.
  EXPECT_THAT(Labels(*connection_, "2026-04-20", 20),
              ElementsAre(Pair(1, false), Pair(2, false), Pair(3, false),
                          Pair(4, false), Pair(5, false)));
  // After: left out, like student 3 (a dropout); 6 is back from a transfer.
  EXPECT_THAT(Labels(*connection_, "2026-05-29", 10),
              ElementsAre(Pair(1, false), Pair(5, true), Pair(6, false)));
}

TEST_F(FeaturesTest, TrainingExamplesCarryTheSameFeatures) {
  pqxx::read_transaction tx(*connection_);
  const pqxx::row r = tx.exec1(
      "SELECT t.township_code, t.absence_rate_30d, t.longest_absence_run_30d, "
      "t.income_poverty_ratio IS NULL, t.sibling_dropped_out "
      "FROM baoxue.training_examples('2026-05-29', 10) t WHERE student_id = 2");
  EXPECT_EQ(r[0].as<std::string>(), "360799202000");
  EXPECT_NEAR(r[1].as<double>(), 2.0 / 30, 1e-12);
  EXPECT_EQ(r[2].as<double>(), 2.0);
  EXPECT_TRUE(r[3].as<bool>());
  EXPECT_EQ(r[4].as<double>(), 1.0);
}

}  // namespace
}  // namespace baoxue
