// core::RiskRunner, core::RunScheduler and ApplyRiskRunDefaults over fakes
// (no database): scoring and reasons, the case hook, cancellation, roles,
// the daily schedule with a hand-moved clock, config validation.
#include "server/core/risk_runner.h"

#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/risk_run_config.h"
#include "server/core/run_scheduler.h"
#include "server/core/scorer.h"
#include "tests/runs/fake_risk_run_store.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

class RiskRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(InstallModel("v1", testing::SimpleModelParams(), holder_),
                IsOk());
    for (int64_t id = 1; id <= 25; ++id) {
      Eigen::RowVectorXd row = testing::FeatureRow(
          {{"absence_rate_30d", id % 5}, {"distance_km", id % 7}});
      if (id % 4 == 0) row(0) = std::numeric_limits<double>::quiet_NaN();
      const char* village = id <= 15 ? testing::kVillageA : testing::kVillageB;
      runs_.AddStudent(id, village, id <= 10 ? 70 : id <= 15 ? 75 : 80, row);
      features_.Add(id, village, row);
    }
  }
  std::unique_ptr<RiskRunner> Runner(OpenCasesHook hook) {
    RiskRunnerOptions options;
    options.chunk_size = 4;
    return std::make_unique<RiskRunner>(&runs_, &directory_, &holder_, &clock_,
                                        options, std::move(hook));
  }
  Caller Admin() {
    return Caller{1, store::CallerRole::kAdmin, testing::County()};
  }
  RunRequest County() {
    RunRequest request;
    request.area_code = testing::kCountyCode;
    return request;
  }

  testing::FakeRiskRunStore runs_;
  testing::FakeFeatureStore features_;
  testing::FakeDirectoryStore directory_;
  testing::FakeClock clock_{testing::TestNow()};
  ModelHolder holder_;
};

TEST_F(RiskRunnerTest, ChunkScoresAndReasonsEqualTheScorers) {
  store::FeatureChunk chunk;
  chunk.values.resize(30, model::FeatureCatalog().size());
  ASSERT_THAT(runs_.FindOrCreateRun({testing::County(), 0},
                                    absl::CivilDay(2026, 11, 20), "v1", "t"),
              IsOk());
  auto execution = runs_.Execute(1);
  ASSERT_THAT(execution, IsOk());
  auto cursor = (*execution)->ReadFeatures(std::nullopt);
  ASSERT_THAT(cursor, IsOk());
  ASSERT_THAT((*cursor)->Next(&chunk), IsOk());
  ASSERT_EQ(chunk.size(), 25);
  store::ScoredChunk scored;
  ScoreChunk(*holder_.Get()->model, chunk, 2, &scored);

  Scorer scorer(&features_, &directory_, &holder_, &clock_, ScorerLimits{});
  auto expected =
      scorer.ScoreStudents(Admin(), chunk.student_ids, std::nullopt, 2);
  ASSERT_THAT(expected, IsOk());
  uint32_t begin = 0;
  for (int64_t i = 0; i < scored.size(); ++i) {
    const RiskScore& score = (*expected)[i].score;
    EXPECT_DOUBLE_EQ(scored.probabilities[i], score.probability);
    ASSERT_EQ(scored.reason_end[i] - begin, score.reasons.size());
    for (size_t k = 0; k < score.reasons.size(); ++k) {
      const store::StoredReason& r = scored.reasons[begin + k];
      EXPECT_EQ((*scored.feature_names)[r.feature], score.reasons[k].feature);
      EXPECT_DOUBLE_EQ(r.contribution, score.reasons[k].contribution);
    }
    begin = scored.reason_end[i];
  }
}

TEST_F(RiskRunnerTest, RunsChunksThenTheHookOnce) {
  std::vector<int64_t> hooked;
  std::vector<int64_t> scored_so_far;
  auto run = Runner([&](int64_t id) -> absl::StatusOr<int64_t> {
               hooked.push_back(id);
               return 3;
             })
                 ->Run(
                     Admin(), County(),
                     [&](const RunProgress& p) {
                       if (p.phase == RunProgress::Phase::kScoring) {
                         scored_so_far.push_back(p.run.students_scored);
                       }
                     },
                     nullptr);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->students_scored, 25);
  EXPECT_EQ(run->cases_opened, 3);
  EXPECT_EQ(run->as_of, absl::CivilDay(2026, 11, 22));  // today by default
  EXPECT_EQ(hooked, std::vector<int64_t>{run->run_id});
  EXPECT_EQ(scored_so_far, (std::vector<int64_t>{4, 8, 12, 16, 20, 24, 25}));
  EXPECT_EQ(runs_.Scores(run->run_id).size(), 25u);
}

TEST_F(RiskRunnerTest, NullHookSkipsTheCaseStep) {
  auto run = Runner(nullptr)->Run(Admin(), County(), nullptr, nullptr);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->status, store::RunStatus::kSucceeded);
  EXPECT_EQ(run->cases_opened, 0);
}

TEST_F(RiskRunnerTest, CancelledRunStopsAtAChunkAndResumes) {
  int polls = 0;
  auto runner = Runner(nullptr);
  auto stopped =
      runner->Run(Admin(), County(), nullptr, [&] { return ++polls == 2; });
  EXPECT_THAT(stopped, StatusIs(absl::StatusCode::kCancelled,
                                HasSubstr("start the run again")));
  auto stored = runs_.GetRun(1);
  EXPECT_EQ(stored->status, store::RunStatus::kFailed);
  EXPECT_EQ(stored->students_scored, 8);
  auto resumed = runner->Run(Admin(), County(), nullptr, nullptr);
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->students_scored, 25);
  EXPECT_EQ(runs_.Scores(1).size(), 25u);
  EXPECT_EQ(runs_.RunCount(), 1);
}

TEST_F(RiskRunnerTest, RolesAndAreas) {
  Caller official{2, store::CallerRole::kOfficial, testing::TownshipA()};
  EXPECT_THAT(Runner(nullptr)->Run(official, County(), nullptr, nullptr),
              StatusIs(absl::StatusCode::kPermissionDenied));
  RunRequest own;
  own.area_code = testing::kTownshipA;
  auto run = Runner(nullptr)->Run(official, own, nullptr, nullptr);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->students_scored, 15);
  Caller staff{3, store::CallerRole::kDataStaff, testing::County()};
  EXPECT_THAT(
      Runner(nullptr)->Run(staff, County(), nullptr, nullptr),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("data_staff")));
  RunRequest school;
  school.school_id = 80;  // students 16..25, in township B
  // A school outside the caller's area answers like one that does not exist.
  EXPECT_THAT(Runner(nullptr)->Run(official, school, nullptr, nullptr),
              StatusIs(absl::StatusCode::kNotFound));
  school.school_id = 9999;
  EXPECT_THAT(Runner(nullptr)->Run(official, school, nullptr, nullptr),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RiskRunnerTest, NoModelIsUnavailable) {
  ModelHolder empty;
  RiskRunner runner(&runs_, &directory_, &empty, &clock_, {}, nullptr);
  EXPECT_THAT(runner.Run(Admin(), County(), nullptr, nullptr),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(RiskRunnerTest, SchedulerStartsEachDaysRunOnceAtItsTime) {
  auto runner = Runner(nullptr);
  baoxue::v1::RiskRunConfig config;
  baoxue::v1::ScheduledRun* daily = config.add_scheduled();
  daily->set_area_code(testing::kCountyCode);
  daily->set_at_local_time("13:30");
  auto scheduler =
      RunScheduler::Create(runner.get(), &directory_, &clock_, config);
  ASSERT_THAT(scheduler, IsOk());
  EXPECT_EQ((*scheduler)->RunDue(), 0);  // 12:00: not yet
  clock_.Advance(absl::Minutes(90));     // 13:30
  EXPECT_EQ((*scheduler)->RunDue(), 1);
  EXPECT_EQ((*scheduler)->RunDue(), 0);  // done today
  EXPECT_EQ(runs_.RunCount(), 1);
  auto first = runs_.GetRun(1);
  EXPECT_EQ(first->requested_by, "scheduler");
  EXPECT_EQ(first->as_of, absl::CivilDay(2026, 11, 22));
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ((*scheduler)->RunDue(), 1);
  EXPECT_EQ(runs_.RunCount(), 2);
  EXPECT_EQ(runs_.GetRun(2)->as_of, absl::CivilDay(2026, 11, 23));
}

TEST(RiskRunConfigTest, DefaultsAndErrorsNameTheField) {
  baoxue::v1::RiskRunConfig config;
  ASSERT_THAT(ApplyRiskRunDefaults(config), IsOk());
  EXPECT_EQ(config.chunk_size(), 20000);

  config.set_chunk_size(-1);
  EXPECT_THAT(ApplyRiskRunDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("risk_runs.chunk_size")));
  config.set_chunk_size(100);
  baoxue::v1::ScheduledRun* ok = config.add_scheduled();
  ok->set_area_code("360799101000");
  ok->set_at_local_time("06:05");
  baoxue::v1::ScheduledRun* bad = config.add_scheduled();
  bad->set_area_code("360799101000");
  bad->set_at_local_time("24:00");
  EXPECT_THAT(ApplyRiskRunDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("risk_runs.scheduled[1].at_local_time")));
  bad->set_at_local_time("6:05");
  EXPECT_THAT(ApplyRiskRunDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("risk_runs.scheduled[1].at_local_time")));
  bad->set_at_local_time("23:59");
  bad->set_area_code("360799101201");  // a village
  EXPECT_THAT(ApplyRiskRunDefaults(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("risk_runs.scheduled[1].area_code")));
  bad->set_area_code("360799102000");
  EXPECT_THAT(ApplyRiskRunDefaults(config), IsOk());
  EXPECT_EQ(*ParseLocalTime("06:05"), 365);
}

}  // namespace
}  // namespace baoxue::core
