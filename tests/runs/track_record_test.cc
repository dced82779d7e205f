// The track record's figures and the back-test over fakes, hand-computed.
#include "server/core/track_record.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/back_test.h"
#include "tests/runs/fake_track_record_store.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::FakeClock;
using ::baoxue::testing::FakeTrackRecordStore;
using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using domain::CaseMeasure;
using domain::RiskTier;
using ::testing::DoubleEq;
using ::testing::Optional;

constexpr char kTownA[] = "360799101000";
constexpr char kTownB[] = "360799102000";

Caller DataStaff() {
  Caller caller;
  caller.role = store::CallerRole::kDataStaff;
  caller.scope.division_code = "360799000000";
  return caller;
}

store::TrackedRun PastRun(int64_t id, absl::CivilDay as_of, int horizon) {
  store::TrackedRun run;
  run.run_id = id;
  run.as_of = as_of;
  run.model_version = "v1";
  run.horizon_days = horizon;
  run.scope_code = "360799000000";
  return run;
}

class TrackRecordTest : public ::testing::Test {
 protected:
  // Today in the county: 2026-11-22 (testing::TestNow()).
  FakeClock clock_{testing::TestNow()};
  FakeTrackRecordStore store_;
  TrackRecordReader reader_{&store_, &clock_};
};

TEST_F(TrackRecordTest, FlaggedMeansHighOrMedium) {
  EXPECT_TRUE(IsFlagged(RiskTier::kHigh));
  EXPECT_TRUE(IsFlagged(RiskTier::kMedium));
  EXPECT_FALSE(IsFlagged(RiskTier::kLow));
}

TEST_F(TrackRecordTest, HandComputedPrecisionAndRecallByTierAndTownship) {
  store_.runs = {PastRun(7, absl::CivilDay(2026, 1, 10), 100)};
  // Township A: 3 high (1 dropped, 2 back), 2 low (1 dropped).
  // Township B: 2 medium (1 dropped), 3 low (1 dropped).
  store_.cells[7] = {{kTownA, "甲镇", RiskTier::kHigh, 3, 1, 2},
                     {kTownA, "甲镇", RiskTier::kLow, 2, 1, 0},
                     {kTownB, "乙镇", RiskTier::kMedium, 2, 1, 0},
                     {kTownB, "乙镇", RiskTier::kLow, 3, 1, 0}};
  store_.measures[7] = {
      {"returned", 2, 15.0}, {"other", 1, 3.0}, {"open", 1, std::nullopt}};
  absl::StatusOr<TrackRecord> record = reader_.Read(DataStaff(), 0);
  ASSERT_THAT(record.status(), IsOk());
  EXPECT_EQ(record->today, absl::CivilDay(2026, 11, 22));
  ASSERT_EQ(record->runs.size(), 1u);
  const RunTrackRecord& run = record->runs[0];
  EXPECT_TRUE(run.due);
  EXPECT_EQ(run.due_on, absl::CivilDay(2026, 4, 20));
  // The window is (as_of, as_of + horizon].
  EXPECT_EQ(store_.windows_asked[7].after, absl::CivilDay(2026, 1, 10));
  EXPECT_EQ(store_.windows_asked[7].through, absl::CivilDay(2026, 4, 20));
  EXPECT_EQ(run.overall.students, 10);
  EXPECT_EQ(run.overall.flagged, 5);
  EXPECT_EQ(run.overall.flagged_dropped_out, 2);
  EXPECT_EQ(run.overall.flagged_brought_back, 2);
  EXPECT_EQ(run.overall.dropped_out, 4);
  EXPECT_THAT(run.overall.precision, Optional(DoubleEq(0.4)));
  EXPECT_THAT(run.overall.recall, Optional(DoubleEq(0.5)));

  ASSERT_EQ(run.tiers.size(), 3u);
  EXPECT_EQ(run.tiers[0].tier, RiskTier::kHigh);
  EXPECT_EQ(run.tiers[0].students, 3);
  EXPECT_THAT(run.tiers[0].dropout_rate, Optional(DoubleEq(1.0 / 3)));
  EXPECT_EQ(run.tiers[1].tier, RiskTier::kMedium);
  EXPECT_THAT(run.tiers[1].dropout_rate, Optional(DoubleEq(0.5)));
  EXPECT_EQ(run.tiers[2].tier, RiskTier::kLow);
  EXPECT_EQ(run.tiers[2].students, 5);
  EXPECT_EQ(run.tiers[2].dropped_out, 2);

  ASSERT_EQ(run.townships.size(), 2u);
  EXPECT_EQ(run.townships[0].township_code, kTownA);
  EXPECT_EQ(run.townships[0].township_name, "甲镇");
  EXPECT_THAT(run.townships[0].figures.precision, Optional(DoubleEq(1.0 / 3)));
  EXPECT_THAT(run.townships[0].figures.recall, Optional(DoubleEq(0.5)));
  EXPECT_THAT(run.townships[1].figures.precision, Optional(DoubleEq(0.5)));
  EXPECT_THAT(run.townships[1].figures.recall, Optional(DoubleEq(0.5)));

  ASSERT_EQ(run.measures.size(), 5u);
  EXPECT_EQ(run.measures[0].measure, CaseMeasure::kReturned);
  EXPECT_EQ(run.measures[0].cases, 2);
  EXPECT_THAT(run.measures[0].median_days_to_close, Optional(DoubleEq(15.0)));
  EXPECT_EQ(run.measures[1].measure, CaseMeasure::kTransferred);
  EXPECT_EQ(run.measures[1].cases, 0);
  EXPECT_EQ(run.measures[1].median_days_to_close, std::nullopt);
  EXPECT_EQ(run.measures[3].measure, CaseMeasure::kOther);
  EXPECT_EQ(run.measures[3].cases, 1);
  EXPECT_EQ(run.measures[4].measure, CaseMeasure::kOpen);
  EXPECT_EQ(run.measures[4].cases, 1);
}

TEST_F(TrackRecordTest, RunWhoseHorizonHasNotPassedIsListedWithItsDueDate) {
  // 2026-08-01 + 120 = 2026-11-29, after today (2026-11-22).
  store_.runs = {PastRun(9, absl::CivilDay(2026, 8, 1), 120)};
  absl::StatusOr<TrackRecord> record = reader_.Read(DataStaff(), 0);
  ASSERT_THAT(record.status(), IsOk());
  ASSERT_EQ(record->runs.size(), 1u);
  EXPECT_FALSE(record->runs[0].due);
  EXPECT_EQ(record->runs[0].due_on, absl::CivilDay(2026, 11, 29));
  EXPECT_TRUE(record->runs[0].tiers.empty());
  EXPECT_EQ(store_.windows_asked.count(9), 0u);  // nothing read for it
}

TEST_F(TrackRecordTest, RunDueExactlyTodayCounts) {
  // 2026-07-25 + 120 = 2026-11-22 = today.
  store_.runs = {PastRun(3, absl::CivilDay(2026, 7, 25), 120)};
  absl::StatusOr<TrackRecord> record = reader_.Read(DataStaff(), 0);
  ASSERT_THAT(record.status(), IsOk());
  EXPECT_TRUE(record->runs[0].due);
}

TEST_F(TrackRecordTest, LegacyModelWithoutHorizonCountsWithTheDefault) {
  store_.runs = {PastRun(4, absl::CivilDay(2026, 1, 1), 0)};
  absl::StatusOr<TrackRecord> record = reader_.Read(DataStaff(), 0);
  ASSERT_THAT(record.status(), IsOk());
  EXPECT_EQ(record->runs[0].horizon_days, kDefaultHorizonDays);
  EXPECT_EQ(record->runs[0].due_on,
            absl::CivilDay(2026, 1, 1) + kDefaultHorizonDays);
}

TEST_F(TrackRecordTest, EmptyTiersGiveNoFiguresInsteadOfDividingByZero) {
  store_.runs = {PastRun(5, absl::CivilDay(2026, 1, 10), 100)};
  // Nobody flagged, nobody dropped out.
  store_.cells[5] = {{kTownA, "甲镇", RiskTier::kLow, 4, 0, 0}};
  absl::StatusOr<TrackRecord> record = reader_.Read(DataStaff(), 0);
  ASSERT_THAT(record.status(), IsOk());
  const RunTrackRecord& run = record->runs[0];
  EXPECT_EQ(run.overall.flagged, 0);
  EXPECT_EQ(run.overall.precision, std::nullopt);
  EXPECT_EQ(run.overall.recall, std::nullopt);
  EXPECT_EQ(run.tiers[0].students, 0);
  EXPECT_EQ(run.tiers[0].dropout_rate, std::nullopt);
  EXPECT_THAT(run.tiers[2].dropout_rate, Optional(DoubleEq(0.0)));
}

TEST_F(TrackRecordTest, OnlyDataStaffAndAdministratorsRead) {
  Caller official = DataStaff();
  official.role = store::CallerRole::kOfficial;
  EXPECT_THAT(reader_.Read(official, 0).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  Caller admin = DataStaff();
  admin.role = store::CallerRole::kAdmin;
  EXPECT_THAT(reader_.Read(admin, 0).status(), IsOk());
}

TEST_F(TrackRecordTest, LimitOutsideItsRangeIsRefusedNamingIt) {
  EXPECT_THAT(reader_.Read(DataStaff(), -1).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("limit")));
  EXPECT_THAT(reader_.Read(DataStaff(), kMaxTrackRecordRuns + 1).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Six students; the run flagged 1, 2 (share 2/6); 2 and 5 dropped out.
TEST(BackTestTest, HandComputedAgainstTheRunsOwnFlags) {
  RunTrackRecord run = ScheduleRun(PastRun(7, absl::CivilDay(2026, 1, 10), 100),
                                   absl::CivilDay(2026, 11, 22));
  store::RunLabels labels;
  labels.student_ids = {1, 2, 3, 4, 5, 6};
  labels.probabilities = {0.9, 0.8, 0.3, 0.2, 0.1, 0.05};
  labels.tiers = {RiskTier::kHigh, RiskTier::kMedium, RiskTier::kLow,
                  RiskTier::kLow,  RiskTier::kLow,    RiskTier::kLow};
  labels.dropped_out = {false, true, false, false, true, false};
  // The candidate ranks 5 first and 2 second; student 6 is not in its
  // snapshot (left the county), student 7 was not in the run.
  const std::vector<int64_t> ids = {1, 2, 3, 4, 5, 7};
  Eigen::VectorXd scores(6);
  scores << 0.1, 0.7, 0.3, 0.2, 0.9, 0.99;
  const BackTestRow row = BackTestOnRun(run, labels, ids, scores);
  EXPECT_EQ(row.run_id, 7);
  EXPECT_EQ(row.students, 5);
  EXPECT_EQ(row.dropped_out, 2);
  EXPECT_EQ(row.flagged, 2);
  EXPECT_DOUBLE_EQ(row.flagged_share, 0.4);
  // The run: flagged 1 and 2, one of the two dropped out.
  EXPECT_THAT(row.run_precision, Optional(DoubleEq(0.5)));
  EXPECT_THAT(row.run_recall, Optional(DoubleEq(0.5)));
  // Run AUC over 1..5 with positives 2 (0.8), 5 (0.1): pairs (pos > neg)
  // of 2x3 = 6: 0.8 beats 0.9? no; 0.3, 0.2 yes -> 2; 0.1 beats none -> 2/6.
  EXPECT_THAT(row.run_auc, Optional(DoubleEq(2.0 / 6)));
  // The candidate's top 2: students 5 and 2, both dropped out.
  EXPECT_THAT(row.candidate_precision, Optional(DoubleEq(1.0)));
  EXPECT_THAT(row.candidate_recall, Optional(DoubleEq(1.0)));
  EXPECT_THAT(row.candidate_auc, Optional(DoubleEq(1.0)));
}

TEST(BackTestTest, NoDropoutGivesUnknownRecallAndAuc) {
  RunTrackRecord run = ScheduleRun(PastRun(1, absl::CivilDay(2026, 1, 10), 100),
                                   absl::CivilDay(2026, 11, 22));
  store::RunLabels labels;
  labels.student_ids = {1, 2};
  labels.probabilities = {0.9, 0.1};
  labels.tiers = {RiskTier::kHigh, RiskTier::kLow};
  labels.dropped_out = {false, false};
  Eigen::VectorXd scores(2);
  scores << 0.5, 0.4;
  const BackTestRow row = BackTestOnRun(run, labels, {1, 2}, scores);
  EXPECT_THAT(row.candidate_precision, Optional(DoubleEq(0.0)));
  EXPECT_EQ(row.candidate_recall, std::nullopt);
  EXPECT_EQ(row.candidate_auc, std::nullopt);
  EXPECT_EQ(row.run_auc, std::nullopt);
}

TEST(BackTestTest, JsonHoldsNumbersAndNulls) {
  BackTestRow row;
  row.run_id = 3;
  row.as_of = absl::CivilDay(2026, 1, 10);
  row.run_model_version = "v1";
  row.students = 5;
  row.run_precision = 0.5;
  const std::string json = BackTestJson({row});
  EXPECT_THAT(json, ::testing::HasSubstr("\"run_id\":3"));
  EXPECT_THAT(json, ::testing::HasSubstr("\"as_of\":\"2026-01-10\""));
  EXPECT_THAT(json, ::testing::HasSubstr("\"precision\":0.5"));
  EXPECT_THAT(json, ::testing::HasSubstr("\"auc\":null"));
  EXPECT_EQ(BackTestJson({}), "[]");
}

}  // namespace
}  // namespace baoxue::core
