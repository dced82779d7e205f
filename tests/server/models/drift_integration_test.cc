// Model drift against the real PostgreSQL on a generated county (2000
// students): the reference kept at training, the day's figures stored after
// a feature refresh and after a county-wide run, at most one push per
// version, feature and day, a model without a reference, and Models.GetDrift
// answering over gRPC.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/authenticator.h"
#include "server/core/drift_monitor.h"
#include "server/core/feature_set_registry.h"
#include "server/core/model_holder.h"
#include "server/core/model_registry.h"
#include "server/core/risk_runner.h"
#include "server/core/token_issuer.h"
#include "server/core/training_job.h"
#include "server/rpc/models_service.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "server/store/pg_drift_store.h"
#include "server/store/pg_feature_snapshot_store.h"
#include "server/store/pg_model_store.h"
#include "server/store/pg_risk_run_store.h"
#include "server/store/pg_token_store.h"
#include "server/store/pg_training_data_store.h"
#include "tests/server/fakes.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/in_process_grpc.h"
#include "tests/testing/status_matchers.h"

namespace baoxue {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::TestDatabase;

constexpr char kCounty[] = "360799000000";
const absl::CivilDay kDay(2026, 11, 13);

class DriftIntegrationTest : public ::testing::Test {
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
    models_ = std::make_unique<store::PgModelStore>(pool_.get());
    data_ = std::make_unique<store::PgTrainingDataStore>(pool_.get(), 600);
    drift_store_ = std::make_unique<store::PgDriftStore>(pool_.get());
    directory_ = std::make_unique<store::PgDirectoryStore>(pool_.get());
    runs_ = std::make_unique<store::PgRiskRunStore>(pool_.get());
    snapshots_ = std::make_unique<store::PgFeatureSnapshotStore>(
        pool_.get(), store::FeatureSnapshotOptions{});
  }

  // Trains a candidate as the county's data staff and makes it active.
  std::string TrainAndActivate() {
    core::TrainingJob job(data_.get(), models_.get(), core::TrainingDefaults{});
    absl::StatusOr<store::ModelRecord> trained =
        job.Run(staff_, core::TrainingJobRequest{}, nullptr);
    EXPECT_THAT(trained, IsOk());
    if (!trained.ok()) return "";
    core::ModelRegistry registry(models_.get(), &holder_);
    EXPECT_THAT(registry.Activate(staff_, trained->version, /*force=*/true),
                IsOk());
    EXPECT_THAT(core::RefreshActiveModel(*models_, holder_), IsOk());
    return trained->version;
  }

  std::unique_ptr<core::DriftMonitor> Monitor(core::DriftSettings settings) {
    return std::make_unique<core::DriftMonitor>(drift_store_.get(), settings,
                                                &holder_, &clock_);
  }

  int64_t Count(const std::string& sql) {
    pqxx::connection connection(db_->url());
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<int64_t>();
  }
  int64_t Inputs() {
    return static_cast<int64_t>(holder_.Get()->model->spec().size());
  }

  static TestDatabase* db_;
  static std::string* setup_error_;
  core::Caller staff_{7, store::CallerRole::kDataStaff, testing::County()};
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgModelStore> models_;
  std::unique_ptr<store::PgTrainingDataStore> data_;
  std::unique_ptr<store::PgDriftStore> drift_store_;
  std::unique_ptr<store::PgDirectoryStore> directory_;
  std::unique_ptr<store::PgRiskRunStore> runs_;
  std::unique_ptr<store::PgFeatureSnapshotStore> snapshots_;
  core::ModelHolder holder_;
  testing::FakeClock clock_{testing::TestNow()};
};

TestDatabase* DriftIntegrationTest::db_ = nullptr;
std::string* DriftIntegrationTest::setup_error_ = nullptr;

TEST_F(DriftIntegrationTest, TrainingKeepsAReferencePerFeatureAndTheScore) {
  const std::string version = TrainAndActivate();
  ASSERT_FALSE(version.empty());
  absl::StatusOr<std::vector<store::FeatureDriftReference>> references =
      drift_store_->LoadReferences(version);
  ASSERT_THAT(references, IsOk());
  const std::vector<std::string>& names = holder_.Get()->model->spec().names();
  // Every input has values in training; the score comes last.
  ASSERT_EQ(references->size(), names.size() + 1);
  for (size_t j = 0; j < names.size(); ++j) {
    EXPECT_EQ((*references)[j].feature, names[j]);
  }
  const store::FeatureDriftReference& score = references->back();
  EXPECT_EQ(score.feature, store::kScoreDriftName);
  double total = 0;
  for (double share : score.reference.shares) total += share;
  EXPECT_NEAR(total, 1.0, 1e-9);
  EXPECT_EQ(score.reference.shares.size(), score.reference.edges.size() + 1);
  EXPECT_GE(score.reference.edges.size(), 5u);
}

TEST_F(DriftIntegrationTest, RefreshAndCountyRunStoreTheDaysFigures) {
  ASSERT_FALSE(TrainAndActivate().empty());
  std::unique_ptr<core::DriftMonitor> monitor = Monitor({});
  ASSERT_THAT(snapshots_->Refresh(kDay, "cron", absl::ZeroDuration(), nullptr),
              IsOk());
  ASSERT_THAT(monitor->RecordSnapshot(*holder_.Get(), kDay), IsOk());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.model_drift "
                  "WHERE source = 'refresh' AND rows = 2000"),
            Inputs() + 1);
  // Again: the same rows, replaced (idempotent per day).
  ASSERT_THAT(monitor->RecordSnapshot(*holder_.Get(), kDay), IsOk());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.model_drift WHERE source = "
                  "'refresh'"),
            Inputs() + 1);

  // A county-wide run that recomputes the snapshot: its own figures, from
  // the chunks it scored, and the refresh's again.
  core::RiskRunnerOptions options;
  options.chunk_size = 300;
  options.snapshot_max_age = absl::ZeroDuration();
  core::RiskRunner runner(
      runs_.get(), directory_.get(), &holder_, &clock_, options,
      [](int64_t) -> absl::StatusOr<int64_t> { return 0; }, snapshots_.get(),
      nullptr, monitor.get());
  core::RunRequest request;
  request.area_code = kCounty;
  request.as_of = kDay;
  const core::Caller admin{1, store::CallerRole::kAdmin, testing::County()};
  ASSERT_THAT(runner.Run(admin, request, nullptr, nullptr), IsOk());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.model_drift "
                  "WHERE source = 'run' AND rows = 2000"),
            Inputs() + 1);
  // The run streamed the same snapshot a refresh reads: equal figures,
  // flags and the score included.
  ASSERT_THAT(monitor->RecordSnapshot(*holder_.Get(), kDay), IsOk());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.model_drift "
                  "WHERE source = 'refresh' AND missing_rate > 0.5"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.model_drift r "
                  "JOIN baoxue.model_drift f USING (model_version, day, "
                  "feature) WHERE r.source = 'run' AND f.source = 'refresh' "
                  "AND abs(r.psi - f.psi) < 1e-9 "
                  "AND abs(r.mean_shift - f.mean_shift) < 1e-9"),
            Inputs() + 1);
  EXPECT_EQ(monitor->failures(), 0);
}

TEST_F(DriftIntegrationTest, MajorDriftIsPushedOnceAVersionFeatureAndDay) {
  const std::string version = TrainAndActivate();
  ASSERT_FALSE(version.empty());
  core::DriftSettings settings;
  // Any difference from training at all counts as major here.
  settings.moderate_psi = 1e-12;
  settings.major_psi = 2e-12;
  settings.channels = {"data-staff-file"};
  std::unique_ptr<core::DriftMonitor> monitor = Monitor(settings);
  ASSERT_THAT(snapshots_->Refresh(kDay, "cron", absl::ZeroDuration(), nullptr),
              IsOk());
  absl::StatusOr<int> first = monitor->RecordSnapshot(*holder_.Get(), kDay);
  ASSERT_THAT(first, IsOk());
  EXPECT_GT(*first, 0);
  absl::StatusOr<int> second = monitor->RecordSnapshot(*holder_.Get(), kDay);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM baoxue.notification_outbox "
          "WHERE payload->>'kind' = 'model_drift' AND "
          "payload->>'model_version' = '",
          version, "' AND channel = 'data-staff-file' AND case_id IS NULL")),
      1);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.model_drift_alerts "
                               "WHERE model_version = '",
                               version, "'")),
            *first);
  // Aggregates only: the message names features, never a student.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox "
                  "WHERE payload->>'kind' = 'model_drift' AND "
                  "(payload ? 'student' OR payload ? 'student_id')"),
            0);
}

TEST_F(DriftIntegrationTest, AModelWithoutAReferenceSaysSoAndStoresNothing) {
  store::NewModel model;
  model.params = testing::SimpleModelParams();
  model.created_by = "test";
  model.training_as_of = absl::CivilDay(2026, 7, 10);
  model.horizon_days = 120;
  ASSERT_THAT(models_->SaveModel(model, true), IsOk());
  ASSERT_THAT(core::RefreshActiveModel(*models_, holder_), IsOk());
  std::unique_ptr<core::DriftMonitor> monitor = Monitor({});
  absl::StatusOr<int> recorded = monitor->RecordSnapshot(*holder_.Get(), kDay);
  ASSERT_THAT(recorded, IsOk());
  EXPECT_EQ(*recorded, 0);
  absl::StatusOr<core::DriftReport> report = monitor->Report(staff_, "", 7);
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(report->has_reference);
  EXPECT_EQ(report->version, holder_.Get()->version);
  EXPECT_TRUE(report->rows.empty());
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.model_drift "
                               "WHERE model_version = '",
                               report->version, "'")),
            0);
}

TEST_F(DriftIntegrationTest, GetDriftAnswersDaysByFeaturesOverGrpc) {
  const std::string version = TrainAndActivate();
  ASSERT_FALSE(version.empty());
  std::unique_ptr<core::DriftMonitor> monitor = Monitor({});
  // The test clock's day, so the report's window holds it.
  const absl::CivilDay today = core::LocalDay(clock_.Now());
  ASSERT_THAT(snapshots_->Refresh(today, "cron", absl::ZeroDuration(), nullptr),
              IsOk());
  ASSERT_THAT(monitor->RecordSnapshot(*holder_.Get(), today), IsOk());

  store::PgTokenStore tokens(pool_.get());
  core::Authenticator authenticator(&tokens, &clock_, absl::Seconds(30));
  core::ModelRegistry registry(models_.get(), &holder_);
  core::TrainingJob training(data_.get(), models_.get(),
                             core::TrainingDefaults{});
  rpc::ModelsService service(&authenticator, &registry, &training, nullptr,
                             nullptr, monitor.get());
  testing::InProcessGrpc grpc = testing::StartInProcessGrpc({&service});
  ASSERT_NE(grpc.server, nullptr);
  auto stub = baoxue::v1::Models::NewStub(grpc.channel);
  auto issued = core::IssueToken(tokens, store::CallerRole::kDataStaff, kCounty,
                                 "drift test");
  ASSERT_THAT(issued, IsOk());

  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + issued->token);
  baoxue::v1::GetDriftRequest request;
  request.set_days(3);
  baoxue::v1::GetDriftResponse response;
  const grpc::Status status = stub->GetDrift(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.model_version(), version);
  EXPECT_TRUE(response.has_reference());
  EXPECT_EQ(response.features_size(), Inputs() + 1);
  EXPECT_EQ(response.features(response.features_size() - 1), "score");
  EXPECT_EQ(response.figures_size(), Inputs() + 1);
  EXPECT_EQ(response.to_date(), absl::FormatCivilTime(today));
  EXPECT_DOUBLE_EQ(response.major_psi(), 0.25);
  for (const baoxue::v1::DriftFigure& figure : response.figures()) {
    EXPECT_EQ(figure.source(), "refresh");
    EXPECT_EQ(figure.rows(), 2000);
    EXPECT_NE(figure.level(), baoxue::v1::DRIFT_LEVEL_UNSPECIFIED);
  }
  // The version's own Get carries the same drift and the report's section.
  grpc::ClientContext get_context;
  get_context.AddMetadata("authorization", "Bearer " + issued->token);
  baoxue::v1::GetModelRequest get;
  get.set_version(version);
  get.set_include_report(true);
  baoxue::v1::GetModelResponse model;
  ASSERT_TRUE(stub->Get(&get_context, get, &model).ok());
  EXPECT_EQ(model.drift().figures_size(), Inputs() + 1);
  EXPECT_THAT(model.report_html(), ::testing::HasSubstr("数据漂移"));
  grpc.server->Shutdown();
}

}  // namespace
}  // namespace baoxue
