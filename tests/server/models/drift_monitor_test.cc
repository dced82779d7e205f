// The drift decisions over a fake store (unit): thresholds and levels, the
// configuration's checks and default channels, what a pass counts, what is
// pushed (and that a push names no child), the model without a reference,
// and who may read the report.
#include "server/core/drift_monitor.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/fakes.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

// Keeps what it is given in memory; pushes once per (version, day,
// feature) like the PostgreSQL store. Not thread-safe (tests only).
class FakeDriftStore : public store::DriftStore {
 public:
  absl::StatusOr<std::vector<store::FeatureDriftReference>> LoadReferences(
      const std::string& version) override {
    ++loads;
    return references[version];
  }
  absl::StatusOr<int> SaveDriftDay(const store::DriftDay& day) override {
    saved.insert(saved.end(), day.rows.begin(), day.rows.end());
    std::vector<store::DriftRow> crossed;
    for (const store::DriftRow& row : day.major) {
      const std::string key =
          absl::StrCat(row.model_version, "/", absl::FormatCivilTime(row.day),
                       "/", row.feature);
      if (alerted.insert(key).second) crossed.push_back(row);
    }
    if (!crossed.empty() && !day.channels.empty()) {
      messages.push_back(day.compose(crossed));
    }
    return static_cast<int>(crossed.size());
  }
  absl::StatusOr<std::vector<store::DriftRow>> ListDrift(
      const std::string&, absl::CivilDay, absl::CivilDay) override {
    return saved;
  }
  absl::StatusOr<std::vector<store::DriftRow>> LatestDrift(
      const std::string&) override {
    return saved;
  }
  absl::StatusOr<Eigen::MatrixXd> ReadSnapshot(
      absl::CivilDay, const store::FeatureSetSource*,
      const std::vector<std::string>&) override {
    return snapshot;
  }

  std::map<std::string, std::vector<store::FeatureDriftReference>> references;
  std::vector<store::DriftRow> saved;
  std::set<std::string> alerted;
  std::vector<std::string> messages;
  Eigen::MatrixXd snapshot;
  int loads = 0;
};

// A model over two inputs, "a" and "b".
std::shared_ptr<const ActiveModel> TwoInputModel(const std::string& version) {
  baoxue::v1::ModelParams params;
  for (const char* name : {"a", "b"}) {
    baoxue::v1::FeatureStat* stat = params.add_features();
    stat->set_name(name);
    stat->set_mean(0);
    stat->set_stddev(1);
    params.add_weights(0.5);
  }
  params.set_intercept(-1);
  params.mutable_thresholds()->set_medium(0.3);
  params.mutable_thresholds()->set_high(0.6);
  auto model = std::make_shared<ActiveModel>();
  model->version = version;
  model->model = model::RiskModel::Create(params).value();
  return model;
}

// References of "a", "b" and the score from 1000 training rows.
std::vector<store::FeatureDriftReference> TrainingReferences(
    const ActiveModel& model, Eigen::MatrixXd* rows = nullptr) {
  Eigen::MatrixXd values(1000, 2);
  for (int i = 0; i < 1000; ++i) {
    values(i, 0) = i % 10;
    values(i, 1) = (i * 7) % 13;
  }
  if (rows != nullptr) *rows = values;
  return BuildTrainingReferences({"a", "b"}, values,
                                 model.model->Score(values));
}

Caller CountyStaff() {
  return Caller{1, store::CallerRole::kDataStaff, testing::County()};
}

TEST(DriftLevelTest, AThresholdReachedCountsAsCrossed) {
  DriftSettings settings;  // 0.1 and 0.25
  EXPECT_EQ(DriftLevelOf(0.0999, settings), domain::DriftLevel::kStable);
  EXPECT_EQ(DriftLevelOf(0.1, settings), domain::DriftLevel::kModerate);
  EXPECT_EQ(DriftLevelOf(0.2499, settings), domain::DriftLevel::kModerate);
  EXPECT_EQ(DriftLevelOf(0.25, settings), domain::DriftLevel::kMajor);
  std::vector<store::DriftRow> rows(3);
  rows[0].figures.psi = 0.05;
  rows[1].figures.psi = 0.2;
  rows[2].figures.psi = 0.4;
  rows[2].feature = "c";
  const std::vector<store::DriftRow> major = MajorRows(rows, settings);
  ASSERT_EQ(major.size(), 1u);
  EXPECT_EQ(major[0].feature, "c");
}

TEST(DriftSettingsTest, DefaultsAndChannelsThatCarryTheWholeMessage) {
  baoxue::v1::ServerConfig config;
  auto* file = config.mutable_notify()->add_channels();
  file->set_name("audit-file");
  file->set_kind(baoxue::v1::NotifyChannel::FILE);
  auto* wecom = config.mutable_notify()->add_channels();
  wecom->set_name("county-wecom");
  wecom->set_kind(baoxue::v1::NotifyChannel::WECOM);
  auto* hook = config.mutable_notify()->add_channels();
  hook->set_name("edu-platform");
  hook->set_kind(baoxue::v1::NotifyChannel::WEBHOOK);
  hook->set_full_detail(true);
  absl::StatusOr<DriftSettings> settings = DriftSettingsFromConfig(config);
  ASSERT_THAT(settings, IsOk());
  EXPECT_DOUBLE_EQ(settings->moderate_psi, 0.1);
  EXPECT_DOUBLE_EQ(settings->major_psi, 0.25);
  EXPECT_TRUE(settings->enabled);
  EXPECT_EQ(settings->channels,
            (std::vector<std::string>{"audit-file", "edu-platform"}));
}

TEST(DriftSettingsTest, BadThresholdsAndUnknownChannelsNameTheField) {
  baoxue::v1::ServerConfig config;
  config.mutable_drift()->set_moderate_psi(0.3);
  EXPECT_THAT(DriftSettingsFromConfig(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("drift.major_psi")));
  config.mutable_drift()->set_moderate_psi(-1);
  EXPECT_THAT(DriftSettingsFromConfig(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("drift.moderate_psi")));
  config.mutable_drift()->set_moderate_psi(0.1);
  config.mutable_drift()->add_channels("nowhere");
  EXPECT_THAT(DriftSettingsFromConfig(config),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("drift.channels[0]")));
}

TEST(DriftPassTest, CountsReferencedInputsAndTheScoreSkipsOthers) {
  std::shared_ptr<const ActiveModel> model = TwoInputModel("v1");
  std::vector<store::FeatureDriftReference> references =
      TrainingReferences(*model);
  ASSERT_EQ(references.size(), 3u);
  references.erase(references.begin() + 1);  // no reference for "b"
  DriftPass pass({"a", "b"}, references);
  Eigen::MatrixXd chunk(4, 2);
  chunk << 1, 2, 3, 4, std::numeric_limits<double>::quiet_NaN(), 6, 7, 8;
  pass.AddRows(chunk, model->model->Score(chunk));
  pass.AddRows(chunk.topRows(2), model->model->Score(chunk.topRows(2)));
  const std::vector<store::DriftRow> rows =
      pass.Rows("v1", absl::CivilDay(2026, 11, 20), domain::DriftSource::kRun);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].feature, "a");
  EXPECT_EQ(rows[0].figures.rows, 6);
  EXPECT_NEAR(rows[0].figures.missing_rate, 1.0 / 6, 1e-12);
  EXPECT_EQ(rows[1].feature, store::kScoreDriftName);
  EXPECT_EQ(rows[1].source, domain::DriftSource::kRun);
}

TEST(DriftMonitorTest, TheTrainingDataItselfIsStableAndPushesNothing) {
  FakeDriftStore store;
  std::shared_ptr<const ActiveModel> model = TwoInputModel("v2");
  store.references["v2"] = TrainingReferences(*model, &store.snapshot);
  DriftSettings settings;
  settings.channels = {"file"};
  DriftMonitor monitor(&store, settings);
  absl::StatusOr<int> pushed =
      monitor.RecordSnapshot(*model, absl::CivilDay(2026, 11, 20));
  ASSERT_THAT(pushed, IsOk());
  EXPECT_EQ(*pushed, 0);
  ASSERT_EQ(store.saved.size(), 3u);
  for (const store::DriftRow& row : store.saved) {
    EXPECT_LT(row.figures.psi, 1e-9) << row.feature;
    EXPECT_EQ(row.source, domain::DriftSource::kRefresh);
  }
  EXPECT_TRUE(store.messages.empty());
}

TEST(DriftMonitorTest, AMajorShiftIsPushedOnceADayNamingOnlyFigures) {
  FakeDriftStore store;
  std::shared_ptr<const ActiveModel> model = TwoInputModel("v3");
  Eigen::MatrixXd training;
  store.references["v3"] = TrainingReferences(*model, &training);
  // "a" moves up by 5 (out of its training range); "b" stays.
  store.snapshot = training;
  store.snapshot.col(0).array() += 5;
  DriftSettings settings;
  settings.channels = {"file"};
  DriftMonitor monitor(&store, settings);
  const absl::CivilDay day(2026, 11, 20);
  absl::StatusOr<int> first = monitor.RecordSnapshot(*model, day);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(*first, 2);  // "a" and the score
  ASSERT_EQ(store.messages.size(), 1u);
  const std::string& message = store.messages[0];
  EXPECT_THAT(message, HasSubstr("\"kind\":\"model_drift\""));
  EXPECT_THAT(message, HasSubstr("\"feature\":\"a\""));
  EXPECT_THAT(message, HasSubstr("\"feature\":\"score\""));
  EXPECT_THAT(message, Not(HasSubstr("\"feature\":\"b\"")));
  EXPECT_THAT(message, Not(HasSubstr("student")));
  EXPECT_THAT(message, HasSubstr("\"role\":\"data_staff\""));
  // The same day again (another refresh, a run): stored, not pushed again.
  absl::StatusOr<int> again = monitor.RecordSnapshot(*model, day);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(store.messages.size(), 1u);
  // The next day is a new day.
  absl::StatusOr<int> next = monitor.RecordSnapshot(*model, day + 1);
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(*next, 2);
  EXPECT_EQ(store.messages.size(), 2u);
  EXPECT_EQ(store.loads, 1);  // references are read once per version
}

TEST(DriftMonitorTest, AModelWithoutAReferenceIsSkippedAndReportedPlainly) {
  FakeDriftStore store;
  std::shared_ptr<const ActiveModel> model = TwoInputModel("v4");
  store.snapshot = Eigen::MatrixXd::Zero(5, 2);
  ModelHolder holder;
  holder.Set(model);
  testing::FakeClock clock(testing::TestNow());
  DriftMonitor monitor(&store, DriftSettings(), &holder, &clock);
  absl::StatusOr<std::unique_ptr<DriftPass>> pass = monitor.Begin(*model);
  ASSERT_THAT(pass, IsOk());
  EXPECT_EQ(*pass, nullptr);
  absl::StatusOr<int> recorded =
      monitor.RecordSnapshot(*model, absl::CivilDay(2026, 11, 20));
  ASSERT_THAT(recorded, IsOk());
  EXPECT_TRUE(store.saved.empty());
  absl::StatusOr<DriftReport> report = monitor.Report(CountyStaff(), "", 0);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->version, "v4");
  EXPECT_FALSE(report->has_reference);
  EXPECT_EQ(report->to, absl::CivilDay(2026, 11, 22));
  EXPECT_EQ(report->from, absl::CivilDay(2026, 11, 9));  // 14 days
}

TEST(DriftMonitorTest, OnlyCountyDataStaffAndAdministratorsReadTheReport) {
  FakeDriftStore store;
  DriftMonitor monitor(&store, DriftSettings());
  const Caller official{2, store::CallerRole::kOfficial, testing::County()};
  const Caller township_staff{3, store::CallerRole::kDataStaff,
                              testing::TownshipA()};
  const Caller admin{4, store::CallerRole::kAdmin, testing::County()};
  EXPECT_THAT(monitor.Report(official, "v1", 7),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(monitor.Report(township_staff, "v1", 7),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(monitor.Report(admin, "v1", 7), IsOk());
  EXPECT_THAT(monitor.Report(CountyStaff(), "v1", 400),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("days")));
  // No active model and no version named.
  EXPECT_THAT(monitor.Report(CountyStaff(), "", 7),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace baoxue::core
