// Runs interrupted by database trouble (core::RiskRunner) and resumed by
// core::RunResumer, over the in-memory fakes: the run reads interrupted with
// its reason, not running and not failed; the resumer finishes it with
// every student scored once.
#include "server/core/run_resumer.h"

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/risk_runner.h"
#include "tests/runs/fake_risk_run_store.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

class RunResumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(InstallModel("v1", testing::SimpleModelParams(), holder_),
                IsOk());
    for (int64_t id = 1; id <= 25; ++id) {
      runs_.AddStudent(id, testing::kVillageA, 70,
                       testing::FeatureRow({{"absence_rate_30d", id % 5}}));
    }
    RiskRunnerOptions options;
    options.chunk_size = 4;
    runner_ = std::make_unique<RiskRunner>(&runs_, &directory_, &holder_,
                                           &clock_, options, nullptr);
  }
  absl::StatusOr<store::RunRecord> RunCounty() {
    RunRequest request;
    request.area_code = testing::kCountyCode;
    return runner_->Run(Caller{1, store::CallerRole::kAdmin, testing::County()},
                        request, nullptr, nullptr);
  }

  testing::FakeRiskRunStore runs_;
  testing::FakeDirectoryStore directory_;
  testing::FakeClock clock_{testing::TestNow()};
  ModelHolder holder_;
  std::unique_ptr<RiskRunner> runner_;
};

TEST_F(RunResumerTest, DatabaseTroubleLeavesTheRunInterruptedWithItsReason) {
  runs_.FailAppendsWith(
      absl::UnavailableError("store risk scores: the database is read-only"));
  EXPECT_THAT(RunCounty(), StatusIs(absl::StatusCode::kUnavailable));
  auto run = runs_.GetRun(1);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->status, store::RunStatus::kInterrupted);
  EXPECT_THAT(run->error, HasSubstr("read-only"));
}

TEST_F(RunResumerTest, OtherFailuresStillFailTheRun) {
  runs_.FailAppendsWith(absl::InternalError("broken"));
  EXPECT_THAT(RunCounty(), StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(runs_.GetRun(1)->status, store::RunStatus::kFailed);
}

TEST_F(RunResumerTest, ResumesInterruptedRunsToTheEndOnce) {
  runs_.FailAppendsWith(absl::UnavailableError("database away"));
  ASSERT_FALSE(RunCounty().ok());
  runs_.FailAppendsWith(absl::OkStatus());  // the database is back
  RunResumer resumer(runner_.get(), &runs_, absl::Seconds(30));
  EXPECT_EQ(resumer.ResumeInterrupted(), 1);
  auto run = runs_.GetRun(1);
  EXPECT_EQ(run->status, store::RunStatus::kSucceeded);
  EXPECT_EQ(run->students_scored, 25);
  EXPECT_EQ(run->requested_by, "token 1");  // still the one who asked
  EXPECT_EQ(runs_.Scores(1).size(), 25u);
  EXPECT_EQ(resumer.ResumeInterrupted(), 0);  // nothing left
  EXPECT_EQ(runs_.RunCount(), 1);
}

TEST_F(RunResumerTest, RunOfAnotherModelIsLeftAlone) {
  runs_.FailAppendsWith(absl::UnavailableError("database away"));
  ASSERT_FALSE(RunCounty().ok());
  runs_.FailAppendsWith(absl::OkStatus());
  ASSERT_THAT(InstallModel("v2", testing::SimpleModelParams(), holder_),
              IsOk());
  RunResumer resumer(runner_.get(), &runs_, absl::Seconds(30));
  EXPECT_EQ(resumer.ResumeInterrupted(), 0);
  EXPECT_EQ(runs_.GetRun(1)->status, store::RunStatus::kInterrupted);
  EXPECT_EQ(runs_.RunCount(), 1);  // no run of v2 was started behind anyone
}

}  // namespace
}  // namespace baoxue::core
