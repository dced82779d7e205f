// Risk runs against the real PostgreSQL on a generated county (2000
// students): every student scored once, scores equal the Scorer's, re-runs
// add nothing, interrupted runs resume, school scope, the case hook, the
// advisory lock and the gRPC front's errors.
#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "server/core/authenticator.h"
#include "server/core/model_holder.h"
#include "server/core/risk_runner.h"
#include "server/core/scorer.h"
#include "server/core/token_issuer.h"
#include "server/rpc/runs_service.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_feature_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_risk_run_store.h"
#include "server/store/pg_token_store.h"
#include "tests/server/fakes.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/in_process_grpc.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::baoxue::testing::TestDatabase;
using ::testing::HasSubstr;

constexpr char kCounty[] = "360799000000";

int64_t Count(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  return tx.exec1(sql)[0].as<int64_t>();
}

// A store whose executions fail (or, with `die`, silently stop as if the
// server were killed) after storing `chunks_before_failure` chunks.
class InterruptingStore : public store::RiskRunStore {
 public:
  InterruptingStore(store::RiskRunStore* real, int chunks_before_failure,
                    bool die)
      : real_(real), left_(chunks_before_failure), die_(die) {}

  absl::StatusOr<store::SchoolLocation> FindSchool(int64_t id) override {
    return real_->FindSchool(id);
  }
  absl::StatusOr<store::RunRecord> FindOrCreateRun(
      const store::RunScope& scope, absl::CivilDay as_of,
      const std::string& version, const std::string& by) override {
    return real_->FindOrCreateRun(scope, as_of, version, by);
  }
  absl::StatusOr<std::unique_ptr<store::RunExecution>> Execute(
      int64_t run_id) override {
    auto real = real_->Execute(run_id);
    if (!real.ok()) return real.status();
    return std::unique_ptr<store::RunExecution>(
        new Execution(std::move(*real), this));
  }
  absl::StatusOr<store::RunRecord> GetRun(int64_t run_id) override {
    return real_->GetRun(run_id);
  }
  absl::StatusOr<std::vector<store::RunRecord>> ListRuns(
      const store::Area& within, int limit) override {
    return real_->ListRuns(within, limit);
  }
  absl::StatusOr<std::vector<store::RunRecord>> ListInterruptedRuns(
      absl::Duration min_age, int limit) override {
    return real_->ListInterruptedRuns(min_age, limit);
  }

 private:
  class Execution : public store::RunExecution {
   public:
    Execution(std::unique_ptr<store::RunExecution> real,
              InterruptingStore* store)
        : real_(std::move(real)), store_(store) {}
    absl::StatusOr<store::RunRecord> Load() override { return real_->Load(); }
    absl::Status Restart() override { return real_->Restart(); }
    absl::StatusOr<std::unique_ptr<store::FeatureCursor>> ReadFeatures(
        std::optional<int64_t> after) override {
      return real_->ReadFeatures(after);
    }
    absl::Status AppendScores(const store::ScoredChunk& chunk) override {
      if (store_->left_-- <= 0) {
        return absl::UnavailableError("injected failure");
      }
      return real_->AppendScores(chunk);
    }
    absl::Status MarkScoresComplete() override {
      return real_->MarkScoresComplete();
    }
    absl::Status Succeed(int64_t cases) override {
      return real_->Succeed(cases);
    }
    absl::Status Fail(absl::string_view error) override {
      if (store_->die_) return absl::OkStatus();  // nobody left to record it
      return real_->Fail(error);
    }
    absl::Status Interrupt(absl::string_view reason) override {
      if (store_->die_) return absl::OkStatus();
      return real_->Interrupt(reason);
    }

   private:
    std::unique_ptr<store::RunExecution> real_;
    InterruptingStore* store_;
  };

  store::RiskRunStore* real_;
  int left_;
  const bool die_;
};

class RiskRunsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::CreateDemoCounty(2000, 7);
    if (db.ok()) db_ = db->release();
    setup_error_ = new std::string(db.status().ToString());
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
    delete setup_error_;
    setup_error_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(db_, nullptr) << *setup_error_;
    auto pool = store::PgConnectionPool::Create(db_->url(), 4);
    ASSERT_THAT(pool, IsOk());
    pool_ = std::move(*pool);
    features_ = std::make_unique<store::PgFeatureStore>(pool_.get());
    directory_ = std::make_unique<store::PgDirectoryStore>(pool_.get());
    runs_ = std::make_unique<store::PgRiskRunStore>(pool_.get());
    snapshots_ = std::make_unique<store::PgFeatureSnapshotStore>(
        pool_.get(), store::FeatureSnapshotOptions{});
    store::PgModelStore models(pool_.get());
    // One active model for the whole suite (the first test saves it).
    auto active = models.LoadActiveModel();
    if (!active.ok()) {
      store::NewModel model;
      model.params = testing::SimpleModelParams();
      model.created_by = "test";
      model.training_as_of = absl::CivilDay(2026, 7, 10);
      model.horizon_days = 120;
      ASSERT_THAT(models.SaveModel(model, true), IsOk());
      active = models.LoadActiveModel();
    }
    ASSERT_THAT(active, IsOk());
    ASSERT_THAT(core::InstallModel(active->version, active->params, holder_),
                IsOk());
  }

  std::unique_ptr<core::RiskRunner> Runner(
      store::RiskRunStore* runs, int chunk_size = 300,
      store::FeatureSnapshotStore* snapshots = nullptr,
      absl::Duration snapshot_max_age = absl::Minutes(60)) {
    core::RiskRunnerOptions options;
    options.chunk_size = chunk_size;
    options.snapshot_max_age = snapshot_max_age;
    return std::make_unique<core::RiskRunner>(
        runs, directory_.get(), &holder_, &clock_, options,
        [this](int64_t run_id) -> absl::StatusOr<int64_t> {
          hook_calls_.push_back(run_id);
          if (!hook_failure_.ok()) return hook_failure_;
          return 7;
        },
        snapshots);
  }
  core::Caller Admin() {
    return core::Caller{1, store::CallerRole::kAdmin, testing::County()};
  }
  core::RunRequest County(absl::CivilDay as_of) {
    core::RunRequest request;
    request.area_code = kCounty;
    request.as_of = as_of;
    return request;
  }
  int64_t Count(const std::string& sql) {
    return baoxue::Count(db_->url(), sql);
  }
  void Exec(const std::string& sql) {
    pqxx::connection connection(db_->url());
    pqxx::work tx(connection);
    tx.exec(sql);
    tx.commit();
  }
  int64_t ScoresOf(int64_t run_id) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM baoxue.risk_scores WHERE run_id = ", run_id));
  }

  static TestDatabase* db_;
  static std::string* setup_error_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgFeatureStore> features_;
  std::unique_ptr<store::PgDirectoryStore> directory_;
  std::unique_ptr<store::PgRiskRunStore> runs_;
  std::unique_ptr<store::PgFeatureSnapshotStore> snapshots_;
  core::ModelHolder holder_;
  testing::FakeClock clock_{testing::TestNow()};
  std::vector<int64_t> hook_calls_;
  absl::Status hook_failure_;
};

TestDatabase* RiskRunsTest::db_ = nullptr;
std::string* RiskRunsTest::setup_error_ = nullptr;

TEST_F(RiskRunsTest, CountyRunScoresEveryStudentOnceLikeTheScorer) {
  std::vector<core::RunProgress> progress;
  auto runner = Runner(runs_.get());
  auto run = runner->Run(
      Admin(), County(absl::CivilDay(2026, 11, 20)),
      [&](const core::RunProgress& p) { progress.push_back(p); }, nullptr);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->status, store::RunStatus::kSucceeded);
  EXPECT_EQ(run->students_total, 2000);
  EXPECT_EQ(run->students_scored, 2000);
  EXPECT_EQ(run->cases_opened, 7);
  EXPECT_EQ(hook_calls_, std::vector<int64_t>{run->run_id});
  EXPECT_EQ(ScoresOf(run->run_id), 2000);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(DISTINCT student_id) FROM "
                               "baoxue.risk_scores WHERE run_id = ",
                               run->run_id)),
            Count("SELECT count(*) FROM baoxue.students"));
  EXPECT_EQ(run->students_high,
            Count(absl::StrCat("SELECT count(*) FROM baoxue.risk_scores WHERE "
                               "tier = 'high' AND run_id = ",
                               run->run_id)));
  // Progress: one message per chunk of 300 (7), the case step, done.
  ASSERT_EQ(progress.size(), 9u);
  EXPECT_EQ(progress[0].run.students_scored, 300);
  EXPECT_EQ(progress[6].run.students_scored, 2000);
  EXPECT_EQ(progress[7].phase, core::RunProgress::Phase::kOpeningCases);
  EXPECT_EQ(progress[8].phase, core::RunProgress::Phase::kDone);
  EXPECT_FALSE(progress[8].resumed);

  // The same students scored one by one by the Scorer.
  core::Scorer scorer(features_.get(), directory_.get(), &holder_, &clock_,
                      core::ScorerLimits{});
  pqxx::connection connection(db_->url());
  pqxx::read_transaction tx(connection);
  const pqxx::result stored = tx.exec_params(
      "SELECT student_id, probability, tier::text, "
      "coalesce((SELECT string_agg(r->>'feature', ',' ORDER BY o) "
      "FROM jsonb_array_elements(reasons) WITH ORDINALITY AS e(r, o)), '') "
      "FROM baoxue.risk_scores WHERE run_id = $1 ORDER BY student_id LIMIT "
      "1000",
      run->run_id);
  std::vector<int64_t> ids;
  for (const pqxx::row& row : stored) ids.push_back(row[0].as<int64_t>());
  auto scores =
      scorer.ScoreStudents(Admin(), ids, absl::CivilDay(2026, 11, 20), 3);
  ASSERT_THAT(scores, IsOk());
  int high = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const core::StudentScore& expected = (*scores)[i];
    ASSERT_EQ(expected.status, core::StudentScore::Status::kScored);
    EXPECT_NEAR(stored[i][1].as<double>(), expected.score.probability, 1e-12)
        << "student " << ids[i];
    const std::string tier = stored[i][2].as<std::string>();
    high += tier == "high";
    EXPECT_EQ(tier, expected.score.tier == model::RiskModel::Tier::kHigh
                        ? "high"
                    : expected.score.tier == model::RiskModel::Tier::kMedium
                        ? "medium"
                        : "low");
    std::vector<std::string> features;
    for (const core::Reason& r : expected.score.reasons) {
      features.push_back(r.feature);
    }
    EXPECT_EQ(stored[i][3].as<std::string>(), absl::StrJoin(features, ","));
  }
  EXPECT_GT(high, 0);  // the model separates students: tiers are exercised
}

TEST_F(RiskRunsTest, RerunReturnsTheSucceededRunWithoutRescoring) {
  auto runner = Runner(runs_.get());
  auto first = runner->Run(Admin(), County(absl::CivilDay(2026, 11, 19)),
                           nullptr, nullptr);
  ASSERT_THAT(first, IsOk());
  std::vector<core::RunProgress> progress;
  auto second = runner->Run(
      Admin(), County(absl::CivilDay(2026, 11, 19)),
      [&](const core::RunProgress& p) { progress.push_back(p); }, nullptr);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->run_id, first->run_id);
  ASSERT_EQ(progress.size(), 1u);
  EXPECT_TRUE(progress[0].already_done);
  EXPECT_EQ(hook_calls_.size(), 1u);
  EXPECT_EQ(ScoresOf(first->run_id), 2000);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.risk_runs r JOIN baoxue.areas "
                  "a ON a.area_id = r.scope_area_id WHERE a.division_code = "
                  "'360799000000' AND as_of = '2026-11-19'"),
            1);
}

TEST_F(RiskRunsTest, FailedRunResumesAfterItsLastStoredChunk) {
  InterruptingStore failing(runs_.get(), 2, /*die=*/false);
  auto run = Runner(&failing)->Run(
      Admin(), County(absl::CivilDay(2026, 11, 18)), nullptr, nullptr);
  ASSERT_THAT(run, StatusIs(absl::StatusCode::kUnavailable,
                            HasSubstr("injected failure")));
  EXPECT_TRUE(hook_calls_.empty());
  const int64_t run_id =
      Count("SELECT run_id FROM baoxue.risk_runs WHERE as_of = '2026-11-18'");
  auto stored = runs_->GetRun(run_id);
  ASSERT_THAT(stored, IsOk());
  // Database trouble (UNAVAILABLE) interrupts, with its reason, rather
  // than fails (docs/operations.md).
  EXPECT_EQ(stored->status, store::RunStatus::kInterrupted);
  EXPECT_THAT(stored->error, HasSubstr("injected failure"));
  EXPECT_EQ(stored->students_scored, 600);
  EXPECT_EQ(ScoresOf(run_id), 600);

  std::vector<core::RunProgress> progress;
  auto resumed =
      Runner(runs_.get())
          ->Run(
              Admin(), County(absl::CivilDay(2026, 11, 18)),
              [&](const core::RunProgress& p) { progress.push_back(p); },
              nullptr);
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->run_id, run_id);
  EXPECT_EQ(resumed->status, store::RunStatus::kSucceeded);
  EXPECT_EQ(resumed->students_scored, 2000);
  EXPECT_TRUE(progress.front().resumed);
  EXPECT_EQ(progress.front().run.students_scored, 900);  // 600 + one chunk
  EXPECT_EQ(ScoresOf(run_id), 2000);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(DISTINCT student_id) FROM "
                               "baoxue.risk_scores WHERE run_id = ",
                               run_id)),
            2000);
}

TEST_F(RiskRunsTest, RunOfAKilledServerResumes) {
  InterruptingStore dying(runs_.get(), 3, /*die=*/true);
  ASSERT_FALSE(
      Runner(&dying)
          ->Run(Admin(), County(absl::CivilDay(2026, 11, 17)), nullptr, nullptr)
          .ok());
  const int64_t run_id = Count(
      "SELECT run_id FROM baoxue.risk_runs WHERE as_of = '2026-11-17' "
      "AND status = 'running'");
  EXPECT_EQ(ScoresOf(run_id), 900);
  // Nobody holds it: it reads interrupted with a reason, never running.
  auto dead = runs_->GetRun(run_id);
  ASSERT_THAT(dead, IsOk());
  EXPECT_EQ(dead->status, store::RunStatus::kInterrupted);
  EXPECT_THAT(dead->error, HasSubstr("no server holds this run"));
  auto interrupted = runs_->ListInterruptedRuns(absl::ZeroDuration(), 10);
  ASSERT_THAT(interrupted, IsOk());
  ASSERT_EQ(interrupted->size(), 1u);
  EXPECT_EQ((*interrupted)[0].run_id, run_id);
  {
    auto held = runs_->Execute(run_id);
    ASSERT_THAT(held, IsOk());
    auto alive = runs_->GetRun(run_id);
    EXPECT_EQ(alive->status, store::RunStatus::kRunning);
    EXPECT_EQ(alive->error, "");
    EXPECT_TRUE(runs_->ListInterruptedRuns(absl::ZeroDuration(), 10)->empty());
  }
  auto resumed = Runner(runs_.get(), 1000)
                     ->Run(Admin(), County(absl::CivilDay(2026, 11, 17)),
                           nullptr, nullptr);
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->run_id, run_id);
  EXPECT_EQ(ScoresOf(run_id), 2000);
  EXPECT_EQ(resumed->students_scored, 2000);
}

TEST_F(RiskRunsTest, SchoolRunScoresOnlyThatSchool) {
  const int64_t school = Count(
      "SELECT school_id FROM baoxue.students GROUP BY school_id "
      "ORDER BY count(*) DESC LIMIT 1");
  core::RunRequest request;
  request.school_id = school;
  request.as_of = absl::CivilDay(2026, 11, 20);
  auto run = Runner(runs_.get(), 50)->Run(Admin(), request, nullptr, nullptr);
  ASSERT_THAT(run, IsOk());
  const int64_t students = Count(absl::StrCat(
      "SELECT count(*) FROM baoxue.students WHERE school_id = ", school));
  EXPECT_GT(students, 50);
  EXPECT_EQ(run->school_id, school);
  EXPECT_EQ(run->students_total, students);
  EXPECT_EQ(run->students_scored, students);
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM baoxue.risk_scores r JOIN "
                "baoxue.students s USING (student_id) WHERE s.school_id = ",
                school, " AND r.run_id = ", run->run_id)),
            students);
  EXPECT_EQ(ScoresOf(run->run_id), students);
}

TEST_F(RiskRunsTest, FailedCaseStepIsRetriedWithoutRescoring) {
  hook_failure_ = absl::UnavailableError("case engine down");
  auto runner = Runner(runs_.get());
  auto failed = runner->Run(Admin(), County(absl::CivilDay(2026, 11, 16)),
                            nullptr, nullptr);
  ASSERT_THAT(failed, StatusIs(absl::StatusCode::kUnavailable,
                               HasSubstr("case engine down")));
  const int64_t run_id =
      Count("SELECT run_id FROM baoxue.risk_runs WHERE as_of = '2026-11-16'");
  // UNAVAILABLE is database trouble: the run is left interrupted.
  EXPECT_EQ(runs_->GetRun(run_id)->status, store::RunStatus::kInterrupted);
  EXPECT_EQ(ScoresOf(run_id), 2000);

  hook_failure_ = absl::OkStatus();
  std::vector<core::RunProgress> progress;
  auto retried = runner->Run(
      Admin(), County(absl::CivilDay(2026, 11, 16)),
      [&](const core::RunProgress& p) { progress.push_back(p); }, nullptr);
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->status, store::RunStatus::kSucceeded);
  EXPECT_EQ(retried->cases_opened, 7);
  EXPECT_EQ(hook_calls_, (std::vector<int64_t>{run_id, run_id}));
  ASSERT_EQ(progress.size(), 2u);  // no scoring chunk: cases, done
  EXPECT_EQ(progress[0].phase, core::RunProgress::Phase::kOpeningCases);
  EXPECT_EQ(ScoresOf(run_id), 2000);
}

// Feature snapshots: each test uses its own day, so the other tests (and
// the Scorer comparison of 2026-11-20) read live features.
TEST_F(RiskRunsTest, RunRefreshesAStaleSnapshotFirstAndReadsIt) {
  const absl::CivilDay day(2026, 11, 13);
  ASSERT_THAT(snapshots_->Refresh(day, "cron", absl::ZeroDuration(), nullptr),
              IsOk());
  // A snapshot missing a student: recomputed, since max age 0 = always.
  Exec(
      "DELETE FROM baoxue.feature_snapshots WHERE as_of = '2026-11-13' "
      "AND student_id = (SELECT min(student_id) FROM baoxue.students)");
  std::vector<core::RunProgress> progress;
  auto run = Runner(runs_.get(), 300, snapshots_.get(), absl::ZeroDuration())
                 ->Run(
                     Admin(), County(day),
                     [&](const core::RunProgress& p) { progress.push_back(p); },
                     nullptr);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->students_scored, 2000);
  ASSERT_GE(progress.size(), 3u);
  EXPECT_EQ(progress.front().phase,
            core::RunProgress::Phase::kRefreshingFeatures);
  EXPECT_EQ(progress.front().features_computed, 0);
  // Then the ranges of the refresh; the last one has every student.
  size_t scoring = 0;
  while (scoring < progress.size() &&
         progress[scoring].phase ==
             core::RunProgress::Phase::kRefreshingFeatures) {
    ++scoring;
  }
  ASSERT_GE(scoring, 2u);
  EXPECT_EQ(progress[scoring - 1].features_computed, 2000);
  EXPECT_EQ(progress[scoring - 1].features_total, 2000);
  EXPECT_EQ(progress[scoring].phase, core::RunProgress::Phase::kScoring);
  auto day_row = snapshots_->Find(day);
  ASSERT_THAT(day_row, IsOk());
  ASSERT_TRUE(day_row->has_value());
  EXPECT_EQ((*day_row)->computed_by, absl::StrCat("risk run ", run->run_id));
  EXPECT_EQ((*day_row)->students, 2000);
}

TEST_F(RiskRunsTest, RunReadsAFreshSnapshotWithoutRecomputingIt) {
  const absl::CivilDay day(2026, 11, 11);
  ASSERT_THAT(snapshots_->Refresh(day, "cron", absl::ZeroDuration(), nullptr),
              IsOk());
  // The run scores what the snapshot holds: without this student.
  Exec(
      "DELETE FROM baoxue.feature_snapshots WHERE as_of = '2026-11-11' "
      "AND student_id = (SELECT min(student_id) FROM baoxue.students)");
  std::vector<core::RunProgress> progress;
  auto run = Runner(runs_.get(), 300, snapshots_.get(), absl::Minutes(60))
                 ->Run(
                     Admin(), County(day),
                     [&](const core::RunProgress& p) { progress.push_back(p); },
                     nullptr);
  ASSERT_THAT(run, IsOk());
  EXPECT_EQ(run->students_scored, 1999);
  EXPECT_EQ(ScoresOf(run->run_id), 1999);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.front().phase,
            core::RunProgress::Phase::kRefreshingFeatures);
  EXPECT_EQ(progress[1].phase, core::RunProgress::Phase::kScoring);
  auto day_row = snapshots_->Find(day);
  ASSERT_THAT(day_row, IsOk());
  ASSERT_TRUE(day_row->has_value());
  EXPECT_EQ((*day_row)->computed_by, "cron");
}

TEST_F(RiskRunsTest, ResumedRunKeepsItsSnapshotWhateverItsAge) {
  const absl::CivilDay day(2026, 11, 10);
  InterruptingStore failing(runs_.get(), 2, /*die=*/false);
  ASSERT_FALSE(Runner(&failing, 300, snapshots_.get(), absl::ZeroDuration())
                   ->Run(Admin(), County(day), nullptr, nullptr)
                   .ok());
  // The snapshot the first 600 scores came from loses its last student: the
  // resumed run (max age 0) does not recompute it.
  Exec(
      "DELETE FROM baoxue.feature_snapshots WHERE as_of = '2026-11-10' "
      "AND student_id = (SELECT max(student_id) FROM baoxue.students)");
  auto resumed =
      Runner(runs_.get(), 300, snapshots_.get(), absl::ZeroDuration())
          ->Run(Admin(), County(day), nullptr, nullptr);
  ASSERT_THAT(resumed, IsOk());
  EXPECT_EQ(resumed->students_scored, 1999);
}

TEST_F(RiskRunsTest, SecondExecutionOfARunInProgressIsAborted) {
  auto county = directory_->FindArea(kCounty);
  ASSERT_THAT(county, IsOk());
  auto run = runs_->FindOrCreateRun(store::RunScope{*county, 0},
                                    absl::CivilDay(2026, 11, 12),
                                    holder_.Get()->version, "test");
  ASSERT_THAT(run, IsOk());
  auto held = runs_->Execute(run->run_id);
  ASSERT_THAT(held, IsOk());
  auto second = Runner(runs_.get())
                    ->Run(Admin(), County(absl::CivilDay(2026, 11, 12)),
                          nullptr, nullptr);
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kAborted,
                               HasSubstr(absl::StrCat("run ", run->run_id,
                                                      " is in progress"))));
  held->reset();  // released: now it runs
  EXPECT_THAT(Runner(runs_.get())
                  ->Run(Admin(), County(absl::CivilDay(2026, 11, 12)), nullptr,
                        nullptr),
              IsOk());
}

// The gRPC front against the real stores.
// Resource control: a run as of a day before the county's data (1900, or
// before its first school day) is refused and writes nothing: no run, no
// scores, no snapshot, no case, no trend point.
TEST_F(RiskRunsTest, RunBeforeTheCountysDataIsRefusedAndWritesNothing) {
  const auto written = [this] {
    return Count(
        "SELECT (SELECT count(*) FROM baoxue.risk_runs) + "
        "(SELECT count(*) FROM baoxue.risk_scores) + "
        "(SELECT count(*) FROM baoxue.feature_snapshot_days) + "
        "(SELECT count(*) FROM baoxue.case_events)");
  };
  const int64_t before = written();
  const absl::CivilDay first_day =
      absl::CivilDay(2000, 1, 1) + Count(
                                       "SELECT min(day) - date '2000-01-01' "
                                       "FROM baoxue.school_days");
  for (const absl::CivilDay as_of :
       {absl::CivilDay(1900, 1, 1), first_day - 1}) {
    SCOPED_TRACE(absl::FormatCivilTime(as_of));
    EXPECT_THAT(Runner(runs_.get(), 300, snapshots_.get())
                    ->Run(Admin(), County(as_of), nullptr, nullptr)
                    .status(),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("before the county's data starts")));
  }
  EXPECT_EQ(written(), before);
  EXPECT_TRUE(hook_calls_.empty());
}

class RunsServiceTest : public RiskRunsTest {
 protected:
  void SetUp() override {
    RiskRunsTest::SetUp();
    if (HasFatalFailure()) return;
    tokens_ = std::make_unique<store::PgTokenStore>(pool_.get());
    authenticator_ = std::make_unique<core::Authenticator>(
        tokens_.get(), &clock_, absl::Seconds(30));
    runner_ = Runner(runs_.get(), 500);
    service_ =
        std::make_unique<rpc::RunsService>(authenticator_.get(), runner_.get());
    testing::InProcessGrpc grpc = testing::StartInProcessGrpc({service_.get()});
    server_ = std::move(grpc.server);
    ASSERT_NE(server_, nullptr);
    stub_ = baoxue::v1::RiskRuns::NewStub(grpc.channel);
    const std::string township = Township();
    official_ = Issue(store::CallerRole::kOfficial, township);
    data_staff_ = Issue(store::CallerRole::kDataStaff, kCounty);
    admin_ = Issue(store::CallerRole::kAdmin, kCounty);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }
  std::string Township() {
    pqxx::connection connection(db_->url());
    pqxx::read_transaction tx(connection);
    return tx
        .exec1(
            "SELECT division_code FROM baoxue.areas WHERE level = "
            "'township' ORDER BY division_code LIMIT 1")[0]
        .as<std::string>();
  }
  std::string Issue(store::CallerRole role, const std::string& area) {
    auto issued = core::IssueToken(*tokens_, role, area, "test");
    EXPECT_THAT(issued, IsOk());
    return issued.ok() ? issued->token : "";
  }
  // Runs StartRun to the end: the messages and the final status.
  grpc::Status Start(const std::string& token,
                     const baoxue::v1::StartRunRequest& request,
                     std::vector<baoxue::v1::RunProgress>* messages) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    auto reader = stub_->StartRun(&context, request);
    baoxue::v1::RunProgress progress;
    while (reader->Read(&progress)) messages->push_back(progress);
    return reader->Finish();
  }

  std::unique_ptr<store::PgTokenStore> tokens_;
  std::unique_ptr<core::Authenticator> authenticator_;
  std::unique_ptr<core::RiskRunner> runner_;
  std::unique_ptr<rpc::RunsService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<baoxue::v1::RiskRuns::Stub> stub_;
  std::string official_, data_staff_, admin_;
};

TEST_F(RunsServiceTest, OfficialRunsOwnTownshipWithProgress) {
  baoxue::v1::StartRunRequest request;
  request.set_area_code(Township());
  request.set_as_of_date("2026-11-20");
  std::vector<baoxue::v1::RunProgress> messages;
  grpc::Status status = Start(official_, request, &messages);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GE(messages.size(), 2u);
  const baoxue::v1::RunProgress& last = messages.back();
  EXPECT_EQ(last.phase(), baoxue::v1::RUN_PHASE_DONE);
  EXPECT_EQ(last.run().status(), baoxue::v1::RUN_STATUS_SUCCEEDED);
  EXPECT_GT(last.run().students_total(), 0);
  EXPECT_EQ(last.run().students_scored(), last.run().students_total());
  EXPECT_EQ(last.run().cases_opened(), 7);

  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + official_);
  baoxue::v1::ListRunsResponse list;
  ASSERT_TRUE(stub_->ListRuns(&context, {}, &list).ok());
  ASSERT_FALSE(list.runs().empty());
  for (const baoxue::v1::RiskRun& run : list.runs()) {
    EXPECT_EQ(run.area_code(), Township());  // no county runs for an official
  }
}

TEST_F(RunsServiceTest, OfficialCannotRunTheCountyNorReadItsRuns) {
  baoxue::v1::StartRunRequest request;
  request.set_area_code(kCounty);
  request.set_as_of_date("2026-11-20");
  std::vector<baoxue::v1::RunProgress> messages;
  EXPECT_EQ(Start(official_, request, &messages).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Start(data_staff_, request, &messages).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Start(admin_, request, &messages).ok());
  const int64_t county_run = messages.back().run().run_id();
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + official_);
  baoxue::v1::GetRunRequest get;
  get.set_run_id(county_run);
  baoxue::v1::RiskRun run;
  // The county's run is hidden from a township official, like a missing id.
  EXPECT_EQ(stub_->GetRun(&context, get, &run).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RunsServiceTest, BadArgumentsNameTheField) {
  struct Case {
    std::string area;
    int64_t school;
    std::string date;
    std::string field;
  };
  for (const Case& c :
       std::vector<Case>{{"3607", 0, "", "area_code"},
                         {"", 0, "", "area_code or school_id"},
                         {kCounty, 5, "", "not both"},
                         {kCounty, 0, "2026-13-01", "as_of_date"},
                         {kCounty, 0, "2031-01-01", "as_of_date"},
                         {"", -4, "", "school_id"}}) {
    baoxue::v1::StartRunRequest request;
    request.set_area_code(c.area);
    request.set_school_id(c.school);
    request.set_as_of_date(c.date);
    std::vector<baoxue::v1::RunProgress> messages;
    grpc::Status status = Start(admin_, request, &messages);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.field;
    EXPECT_THAT(status.error_message(), HasSubstr(c.field));
  }
  baoxue::v1::StartRunRequest unknown;
  unknown.set_school_id(999999);
  std::vector<baoxue::v1::RunProgress> messages;
  EXPECT_EQ(Start(admin_, unknown, &messages).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace baoxue
