// TrainingJob over a fake training-data store: what data staff see when the
// data cannot train a model, and a clean run saving a candidate with its
// report.
#include "server/core/training_job.h"

#include <cmath>
#include <map>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/runs/fake_track_record_store.h"
#include "tests/server/fakes.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

// Snapshots made by a function of the date; LastSchoolDay 2026-11-20.
class FakeTrainingData : public store::TrainingDataStore {
 public:
  using Maker = std::function<store::LabelledSnapshot(const store::FeatureSet&,
                                                      absl::CivilDay)>;
  explicit FakeTrainingData(Maker make) : make_(std::move(make)) {}
  absl::StatusOr<store::LabelledSnapshot> LoadSnapshot(
      const store::FeatureSet& features, absl::CivilDay as_of,
      int /*horizon_days*/) override {
    if (!error_.ok()) return error_;
    return make_(features, as_of);
  }
  absl::StatusOr<absl::CivilDay> LastSchoolDay() override {
    return absl::CivilDay(2026, 11, 20);
  }
  absl::Status error_ = absl::OkStatus();

 private:
  Maker make_;
};

// Catalogue-shaped rows: absence drives the label; `tweak` spoils a column.
store::LabelledSnapshot Snapshot(
    const store::FeatureSet& features, absl::CivilDay as_of, bool positives,
    const std::function<void(Eigen::MatrixXd&)>& tweak = nullptr) {
  const int rows = 1500;
  const auto columns = static_cast<Eigen::Index>(features.features.size());
  std::mt19937_64 random(static_cast<uint64_t>(as_of.day()) * 7919);
  std::uniform_real_distribution<double> unit(0, 1);
  store::LabelledSnapshot s;
  s.as_of = as_of;
  s.values.resize(rows, columns);
  s.labels.resize(rows);
  for (int i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < columns; ++j) s.values(i, j) = unit(random);
    const double logit = -3 + 4 * s.values(i, 0);
    s.labels(i) =
        positives && unit(random) < 1 / (1 + std::exp(-logit)) ? 1 : 0;
    s.student_ids.push_back(i + 1);
    s.groups.gender.push_back(i % 2 ? "M" : "F");
    s.groups.ethnic_minority.push_back(i % 7 == 0);
    s.groups.left_behind.push_back(i % 3 == 0);
    s.groups.disability.push_back(false);
    s.groups.registered_poor.push_back(i % 4 == 0);
    s.groups.township_codes.push_back(i % 2 ? "360799101000" : "360799102000");
  }
  if (tweak) tweak(s.values);
  return s;
}

class TrainingJobTest : public ::testing::Test {
 protected:
  absl::StatusOr<store::ModelRecord> Train(FakeTrainingData& data,
                                           TrainingJobRequest request = {}) {
    TrainingJob job(&data, &models_, TrainingDefaults());
    return job.Run(staff_, request, nullptr);
  }
  testing::FakeModelStore models_;
  Caller staff_{7, store::CallerRole::kDataStaff, testing::County()};
};

TEST_F(TrainingJobTest, NoDropoutsInTheHistoryIsAClearError) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, /*positives=*/false);
  });
  EXPECT_THAT(
      Train(data).status(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("positive")));
}

TEST_F(TrainingJobTest, AConstantFeatureIsNamed) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true,
                    [](Eigen::MatrixXd& v) { v.col(14).setOnes(); });
  });
  EXPECT_THAT(
      Train(data).status(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("disability")));
}

TEST_F(TrainingJobTest, AnInfiniteValueNamesTheFeatureAndDateNotAStudent) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true, [](Eigen::MatrixXd& v) {
      v(3, 4) = std::numeric_limits<double>::infinity();
    });
  });
  absl::Status status = Train(data).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition,
                               HasSubstr("income_poverty_ratio is infinite")));
}

TEST_F(TrainingJobTest, ABadFeatureExpressionComesBackFromTheStore) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true);
  });
  data.error_ = absl::InvalidArgumentError(
      "training.features: an expression does not evaluate");
  EXPECT_THAT(Train(data).status(), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("training.features")));
}

TEST_F(TrainingJobTest, TrainingDatesMustPrecedeValidationAndRolesAreChecked) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true);
  });
  TrainingJobRequest request;
  request.validation_as_of = absl::CivilDay(2026, 6, 1);
  request.training_as_of = {absl::CivilDay(2026, 6, 2)};
  EXPECT_THAT(Train(data, request).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("validation_as_of_date")));
  TrainingJob job(&data, &models_, TrainingDefaults());
  Caller official{8, store::CallerRole::kOfficial, testing::County()};
  EXPECT_THAT(job.Run(official, TrainingJobRequest(), nullptr).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

// Resource control: absurd parameters are refused before any snapshot is
// loaded (the fake fails loudly if it is asked for one).
TEST_F(TrainingJobTest, ParametersAreCheckedBeforeAnyDataIsLoaded) {
  FakeTrainingData data(
      [](const store::FeatureSet&, absl::CivilDay) -> store::LabelledSnapshot {
        ADD_FAILURE() << "a snapshot was loaded";
        return {};
      });
  const auto refused = [&](TrainingJobRequest request, const char* field) {
    SCOPED_TRACE(field);
    EXPECT_THAT(Train(data, request).status(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(field)));
  };
  TrainingJobRequest request;
  request.l2_penalty = 1e308;
  refused(request, "l2_penalty");
  request = {};
  request.l2_penalty = std::nan("");
  refused(request, "l2_penalty");
  request = {};
  request.positive_class_weight = 1e9;
  refused(request, "positive_class_weight");
  request = {};
  request.high_precision = 1.5;
  request.medium_precision = 0.5;
  refused(request, "high_precision");
  request = {};
  request.high_cases_per_township = -3;
  request.medium_cases_per_township = 10;
  refused(request, "high_cases_per_township");
  request = {};
  request.cv_folds = 1000;
  refused(request, "cv_folds");
  request = {};
  request.validation_as_of = absl::CivilDay(1900, 1, 1);
  refused(request, "validation_as_of_date");
  request = {};
  request.training_as_of = {absl::CivilDay(1900, 1, 1)};
  refused(request, "training_as_of_dates");
}

TEST_F(TrainingJobTest, ACleanRunSavesTheCandidateWithItsReport) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true);
  });
  TrainingJobRequest request;
  request.high_cases_per_township = 20;
  request.medium_cases_per_township = 60;
  request.cv_folds = 3;
  absl::StatusOr<store::ModelRecord> trained = Train(data, request);
  ASSERT_THAT(trained, IsOk());
  EXPECT_EQ(trained->version, "v1");
  EXPECT_EQ(trained->state, store::ModelState::kCandidate);  // never active
  EXPECT_TRUE(trained->validation_auc.has_value());
  EXPECT_TRUE(trained->has_report);
  EXPECT_THAT(models_.LoadActiveModel(), StatusIs(absl::StatusCode::kNotFound));
  const std::vector<store::NewModel> saved = models_.saved();
  ASSERT_EQ(saved.size(), 1u);
  const store::NewModel& model = saved[0];
  EXPECT_THAT(model.report_html, HasSubstr("<svg"));
  EXPECT_THAT(model.metrics_json, HasSubstr("\"cross_validation\""));
  EXPECT_THAT(model.fairness_json, HasSubstr("\"township\""));
  EXPECT_THAT(model.thresholds_json, HasSubstr("capacity"));
  // The thresholds the model scores with are the chosen ones.
  EXPECT_THAT(
      model.thresholds_json,
      HasSubstr(absl::StrCat(model.params.thresholds().high()).substr(0, 6)));
}

// Issue 13: the candidate is back-tested on a past due run (its snapshot,
// the run's realised dropouts) and the report and metrics JSON show it
// beside the run's own model; a run not yet due is left out.
TEST_F(TrainingJobTest, TheCandidateIsBackTestedOnPastDueRuns) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true);
  });
  testing::FakeTrackRecordStore runs;
  store::TrackedRun due;
  due.run_id = 41;
  due.as_of = absl::CivilDay(2026, 3, 10);
  due.model_version = "v0";
  due.horizon_days = 120;
  store::TrackedRun not_due = due;
  not_due.run_id = 42;
  not_due.as_of = absl::CivilDay(2026, 11, 1);
  runs.runs = {not_due, due};
  // The run scored students 1..1000 and flagged the first 100.
  const store::LabelledSnapshot truth =
      Snapshot(CatalogueFeatureSet(), due.as_of, /*positives=*/true);
  store::RunLabels& labels = runs.labels[41];
  for (int64_t i = 0; i < 1000; ++i) {
    labels.student_ids.push_back(i + 1);
    labels.probabilities.push_back(0.5);
    labels.tiers.push_back(i < 100 ? domain::RiskTier::kHigh
                                   : domain::RiskTier::kLow);
    labels.dropped_out.push_back(truth.labels(i) > 0);
  }
  testing::FakeClock clock(testing::TestNow());
  TrackRecordReader reader(&runs, &clock);
  TrainingJob job(&data, &models_, TrainingDefaults(), nullptr, &reader);
  ASSERT_THAT(job.Run(staff_, TrainingJobRequest(), nullptr), IsOk());
  EXPECT_EQ(runs.windows_asked.count(42), 0u);  // not due: not read
  const store::NewModel model =
      models_.saved().at(0);  // a copy: saved() returns one
  EXPECT_THAT(model.metrics_json, HasSubstr("\"back_test\":[{\"run_id\":41"));
  EXPECT_THAT(model.metrics_json, HasSubstr("\"students\":1000"));
  EXPECT_THAT(model.metrics_json, HasSubstr("\"flagged\":100"));
  EXPECT_THAT(model.report_html, HasSubstr("Back-test on past risk runs"));
  EXPECT_THAT(model.report_html, HasSubstr("<td>41</td><td>2026-03-10</td>"));
}

TEST_F(TrainingJobTest, WithoutADueRunTheReportSaysSo) {
  FakeTrainingData data([](const store::FeatureSet& f, absl::CivilDay d) {
    return Snapshot(f, d, true);
  });
  testing::FakeTrackRecordStore runs;
  testing::FakeClock clock(testing::TestNow());
  TrackRecordReader reader(&runs, &clock);
  TrainingJob job(&data, &models_, TrainingDefaults(), nullptr, &reader);
  ASSERT_THAT(job.Run(staff_, TrainingJobRequest(), nullptr), IsOk());
  const store::NewModel model =
      models_.saved().at(0);  // a copy: saved() returns one
  EXPECT_THAT(model.metrics_json, HasSubstr("\"back_test\":[]"));
  EXPECT_THAT(model.report_html,
              HasSubstr("no past risk run whose horizon has passed"));
}

}  // namespace
}  // namespace baoxue::core
