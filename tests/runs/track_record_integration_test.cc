// The track record's store on the real PostgreSQL: a past run, dropout
// events after it (inside and outside its window), cases closed with
// measures, a case linked by an attached score and one not linked at all;
// the figures are the hand-computed ones.
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/track_record.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_track_record_store.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::TestDatabase;
using domain::CaseMeasure;
using domain::RiskTier;
using ::testing::DoubleEq;
using ::testing::DoubleNear;
using ::testing::Optional;

// Ten students: 1-5 in township 甲 (360799101000), 6-10 in 乙
// (360799102000). Run 1 as of 2026-01-10 with a 100-day model: window
// (2026-01-10, 2026-04-20]. Tiers: 1 2 6 high, 3 7 medium, the rest low.
// Dropouts: 1 (02-01, in), 3 (05-01, after), 4 (03-01, in), 6 (01-10, on
// the as-of day: out), 7 (04-20, last day: in), 9 (02-02, in).
// Cases of run 1: 1 returned after 20 days, 2 returned after 10, 3
// transferred after 4, 6 home delivery after 6, 7 open; 9's case was opened
// by nothing but run 1 attached its score: not at risk after 3 days
// ("other"). 4's returned case has no link to run 1 and counts nowhere.
// Run 2 as of 2026-11-01 is not yet due on 2026-11-22.
constexpr char kScenario[] = R"sql(
INSERT INTO baoxue.areas (area_id, level, division_code, group_no, parent_id, name) VALUES
  (1, 'county', '360799000000', NULL, NULL, '示例县'),
  (2, 'township', '360799101000', NULL, 1, '甲镇'),
  (3, 'township', '360799102000', NULL, 1, '乙镇'),
  (4, 'village', '360799101201', NULL, 2, '甲村'),
  (5, 'village', '360799102201', NULL, 3, '乙村'),
  (6, 'group', '360799101201', 1, 4, '甲村一组'),
  (7, 'group', '360799102201', 1, 5, '乙村一组');
INSERT INTO baoxue.schools (school_id, name, area_id, kind) VALUES (1, '中心小学', 2, 'primary');
INSERT INTO baoxue.households (household_id, group_area_id, members, poverty_line) VALUES
  (1, 6, 4, 4000), (2, 7, 4, 4000);
INSERT INTO baoxue.students (student_id, student_number, name, gender, birth_date, grade, school_id, household_id)
  SELECT i, 'G' || i, '学生' || i, 'F', '2014-01-01', 5, 1, CASE WHEN i <= 5 THEN 1 ELSE 2 END
  FROM generate_series(1, 10) i;
INSERT INTO baoxue.models (model_id, version, params, state, created_by, horizon_days)
  VALUES (1, 'v1', '\x', 'active', 'test', 100);
INSERT INTO baoxue.risk_runs (run_id, scope_area_id, as_of, model_id, status, finished_at, students_scored) VALUES
  (1, 1, '2026-01-10', 1, 'succeeded', now(), 10),
  (2, 1, '2026-11-01', 1, 'succeeded', now(), 10),
  (3, 1, '2025-01-10', 1, 'failed', now(), 0);
INSERT INTO baoxue.risk_scores (run_id, student_id, probability, tier)
  SELECT 1, i, 1.0 / (i + 1),
    (CASE WHEN i IN (1, 2, 6) THEN 'high' WHEN i IN (3, 7) THEN 'medium' ELSE 'low' END)::baoxue.risk_tier
  FROM generate_series(1, 10) i;
INSERT INTO baoxue.risk_scores (run_id, student_id, probability, tier)
  SELECT 2, i, 0.1, 'low' FROM generate_series(1, 10) i;
INSERT INTO baoxue.enrolment_events (student_id, event_date, kind) VALUES
  (1, '2026-02-01', 'dropout'), (3, '2026-05-01', 'dropout'), (4, '2026-03-01', 'dropout'),
  (6, '2026-01-10', 'dropout'), (7, '2026-04-20', 'dropout'), (9, '2026-02-02', 'dropout'),
  (9, '2026-03-02', 'return');
INSERT INTO baoxue.cases (case_id, student_id, opened_at, opened_by_run_id, status, outcome, closed_at,
                          village_code, school_id, opened_reason) VALUES
  (1, 1, '2026-01-11 08:00+08', 1, 'closed', 'returned', '2026-01-31 08:00+08', '360799101201', 1, 'high_tier'),
  (2, 2, '2026-01-11 08:00+08', 1, 'closed', 'returned', '2026-01-21 08:00+08', '360799101201', 1, 'high_tier'),
  (3, 3, '2026-01-11 08:00+08', 1, 'closed', 'transferred', '2026-01-15 08:00+08', '360799101201', 1, 'high_tier'),
  (4, 6, '2026-01-11 08:00+08', 1, 'closed', 'home_delivery', '2026-01-17 08:00+08', '360799102201', 1, 'high_tier'),
  (5, 7, '2026-01-11 08:00+08', 1, 'open', NULL, NULL, '360799102201', 1, 'risk_rise'),
  (6, 9, '2025-12-01 08:00+08', NULL, 'closed', 'not_at_risk', '2025-12-04 08:00+08', '360799102201', 1, 'risk_rise'),
  (7, 4, '2026-01-11 08:00+08', NULL, 'closed', 'returned', '2026-01-12 08:00+08', '360799101201', 1, 'risk_rise');
INSERT INTO baoxue.case_scores (case_id, run_id, probability, tier) VALUES (6, 1, 0.1, 'low');
)sql";

class TrackRecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create();
    ASSERT_THAT(db.status(), IsOk());
    database_ = std::move(*db);
    {
      pqxx::connection connection(database_->url());
      pqxx::work tx(connection);
      tx.exec(kScenario);
      tx.commit();
    }
    auto pool = store::PgConnectionPool::Create(database_->url(), 2);
    ASSERT_THAT(pool.status(), IsOk());
    pool_ = std::move(*pool);
    store_ = std::make_unique<store::PgTrackRecordStore>(pool_.get());
  }

  core::Caller DataStaff() const {
    core::Caller caller;
    caller.role = store::CallerRole::kDataStaff;
    caller.scope.division_code = "360799000000";
    caller.scope.level = store::AreaLevel::kCounty;
    return caller;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgTrackRecordStore> store_;
  testing::FakeClock clock_{testing::TestNow()};  // 2026-11-22
};

TEST_F(TrackRecordStoreTest, PastRunGivesTheHandComputedFigures) {
  core::TrackRecordReader reader(store_.get(), &clock_);
  absl::StatusOr<core::TrackRecord> record = reader.Read(DataStaff(), 0);
  ASSERT_THAT(record.status(), IsOk());
  // Succeeded runs only, newest first.
  ASSERT_EQ(record->runs.size(), 2u);
  EXPECT_EQ(record->runs[0].run.run_id, 2);
  EXPECT_FALSE(record->runs[0].due);
  EXPECT_EQ(record->runs[0].due_on, absl::CivilDay(2027, 2, 9));

  const core::RunTrackRecord& run = record->runs[1];
  EXPECT_EQ(run.run.run_id, 1);
  EXPECT_EQ(run.run.model_version, "v1");
  EXPECT_EQ(run.horizon_days, 100);
  ASSERT_TRUE(run.due);
  EXPECT_EQ(run.overall.students, 10);
  EXPECT_EQ(run.overall.flagged, 5);               // 1 2 3 6 7
  EXPECT_EQ(run.overall.dropped_out, 4);           // 1 4 7 9
  EXPECT_EQ(run.overall.flagged_dropped_out, 2);   // 1 7
  EXPECT_EQ(run.overall.flagged_brought_back, 2);  // 1 2
  EXPECT_THAT(run.overall.precision, Optional(DoubleEq(0.4)));
  EXPECT_THAT(run.overall.recall, Optional(DoubleEq(0.5)));

  EXPECT_EQ(run.tiers[0].tier, RiskTier::kHigh);
  EXPECT_EQ(run.tiers[0].students, 3);
  EXPECT_EQ(run.tiers[0].dropped_out, 1);
  EXPECT_EQ(run.tiers[0].brought_back, 2);
  EXPECT_EQ(run.tiers[1].students, 2);
  EXPECT_EQ(run.tiers[1].dropped_out, 1);
  EXPECT_EQ(run.tiers[2].students, 5);
  EXPECT_EQ(run.tiers[2].dropped_out, 2);
  EXPECT_EQ(run.tiers[2].brought_back, 0);  // 4's case is not run 1's

  ASSERT_EQ(run.townships.size(), 2u);
  EXPECT_EQ(run.townships[0].township_code, "360799101000");
  EXPECT_EQ(run.townships[0].township_name, "甲镇");
  EXPECT_EQ(run.townships[0].figures.flagged, 3);
  EXPECT_THAT(run.townships[0].figures.precision, Optional(DoubleEq(1.0 / 3)));
  EXPECT_THAT(run.townships[0].figures.recall, Optional(DoubleEq(0.5)));
  EXPECT_EQ(run.townships[1].township_name, "乙镇");
  EXPECT_THAT(run.townships[1].figures.precision, Optional(DoubleEq(0.5)));
  EXPECT_THAT(run.townships[1].figures.recall, Optional(DoubleEq(0.5)));

  ASSERT_EQ(run.measures.size(), 5u);
  EXPECT_EQ(run.measures[0].measure, CaseMeasure::kReturned);
  EXPECT_EQ(run.measures[0].cases, 2);
  EXPECT_THAT(run.measures[0].median_days_to_close,
              Optional(DoubleNear(15.0, 1e-9)));
  EXPECT_EQ(run.measures[1].cases, 1);  // transferred
  EXPECT_THAT(run.measures[1].median_days_to_close,
              Optional(DoubleNear(4.0, 1e-9)));
  EXPECT_EQ(run.measures[2].cases, 1);  // 送教上门
  EXPECT_THAT(run.measures[2].median_days_to_close,
              Optional(DoubleNear(6.0, 1e-9)));
  EXPECT_EQ(run.measures[3].cases, 1);  // other: not at risk (attached)
  EXPECT_THAT(run.measures[3].median_days_to_close,
              Optional(DoubleNear(3.0, 1e-9)));
  EXPECT_EQ(run.measures[4].cases, 1);  // open
  EXPECT_EQ(run.measures[4].median_days_to_close, std::nullopt);
}

TEST_F(TrackRecordStoreTest, RunLabelsAreTheRunsScoresWithTheirDropouts) {
  absl::StatusOr<store::RunLabels> labels = store_->ReadRunLabels(
      1, {absl::CivilDay(2026, 1, 10), absl::CivilDay(2026, 4, 20)});
  ASSERT_THAT(labels.status(), IsOk());
  ASSERT_EQ(labels->student_ids.size(), 10u);
  EXPECT_EQ(labels->student_ids.front(), 1);
  EXPECT_EQ(labels->student_ids.back(), 10);
  EXPECT_DOUBLE_EQ(labels->probabilities[0], 0.5);
  EXPECT_EQ(labels->tiers[0], RiskTier::kHigh);
  const std::vector<bool> expected = {true,  false, false, true, false,
                                      false, true,  false, true, false};
  EXPECT_EQ(labels->dropped_out, expected);
}

// With daily runs the newest ones are never due: the list takes up to
// `limit` of each kind, so a due run still shows with limit 1.
TEST_F(TrackRecordStoreTest, RunsNotYetDueNeverHideTheDueOnes) {
  core::TrackRecordReader reader(store_.get(), &clock_);
  absl::StatusOr<core::TrackRecord> record = reader.Read(DataStaff(), 1);
  ASSERT_THAT(record.status(), IsOk());
  ASSERT_EQ(record->runs.size(), 2u);
  EXPECT_EQ(record->runs[0].run.run_id, 2);
  EXPECT_FALSE(record->runs[0].due);
  EXPECT_EQ(record->runs[1].run.run_id, 1);
  EXPECT_TRUE(record->runs[1].due);
}

TEST_F(TrackRecordStoreTest, TownshipScopeSeesOnlyRunsInside) {
  store::Area township;
  township.division_code = "360799101000";
  township.level = store::AreaLevel::kTownship;
  absl::StatusOr<std::vector<store::TrackedRun>> runs =
      store_->ListSucceededRuns(township, absl::CivilDay(2026, 11, 22), 120,
                                10);
  ASSERT_THAT(runs.status(), IsOk());
  EXPECT_TRUE(runs->empty());  // both runs are county-wide
}

}  // namespace
}  // namespace baoxue
