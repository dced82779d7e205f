#include "server/core/model_trainer.h"

#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

// Rows where absences drive dropout; every feature varies a little.
store::LabelledRows SyntheticHistory(int n) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  store::LabelledRows rows;
  rows.values.resize(n, model::FeatureCatalog().size());
  rows.labels.resize(n);
  for (int i = 0; i < n; ++i) {
    rows.student_ids.push_back(i + 1);
    for (Eigen::Index j = 0; j < rows.values.cols(); ++j) {
      rows.values(i, j) =
          model::FeatureCatalog()[j].is_flag ? (u(rng) < 0.3) : u(rng);
    }
    const double logit = -3 + 4 * rows.values(i, 0);
    rows.labels(i) = u(rng) < 1 / (1 + std::exp(-logit)) ? 1 : 0;
  }
  return rows;
}

class ModelTrainerTest : public ::testing::Test {
 protected:
  ModelTrainer MakeTrainer() {
    return ModelTrainer(&features_, &models_, &holder_);
  }
  Caller DataStaff() {
    return Caller{5, store::CallerRole::kDataStaff, testing::County()};
  }

  testing::FakeFeatureStore features_;
  testing::FakeModelStore models_;
  ModelHolder holder_;
};

TEST_F(ModelTrainerTest, TrainsRecordsAndActivatesAModel) {
  features_.SetLabelled(SyntheticHistory(3000));
  auto summary = MakeTrainer().Train(DataStaff(), TrainRequest{});
  ASSERT_THAT(summary, IsOk());
  EXPECT_EQ(summary->version, "v1");
  EXPECT_EQ(summary->training_rows, 3000);
  EXPECT_GT(summary->train_auc, 0.7);
  // Default date: last school day (2026-11-20) minus the 120-day horizon.
  EXPECT_EQ(features_.last_training_as_of(), absl::CivilDay(2026, 7, 23));
  ASSERT_EQ(models_.saved().size(), 1u);
  EXPECT_EQ(models_.saved()[0].created_by, "token 5");
  ASSERT_NE(holder_.Get(), nullptr);
  EXPECT_EQ(holder_.Get()->version, "v1");
  // Absence rate (feature 0) gets the largest positive weight.
  EXPECT_GT(summary->params.weights(0), 0.5);
}

TEST_F(ModelTrainerTest, CandidateIsRecordedButNotActivated) {
  features_.SetLabelled(SyntheticHistory(2000));
  TrainRequest request;
  request.activate = false;
  ASSERT_THAT(MakeTrainer().Train(DataStaff(), request), IsOk());
  EXPECT_EQ(holder_.Get(), nullptr);
}

TEST_F(ModelTrainerTest, OfficialsMayNotTrain) {
  Caller official{6, store::CallerRole::kOfficial, testing::TownshipA()};
  EXPECT_THAT(
      MakeTrainer().Train(official, TrainRequest{}),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("train models")));
}

TEST_F(ModelTrainerTest, HistoryWithoutDropoutsIsFailedPrecondition) {
  store::LabelledRows rows = SyntheticHistory(500);
  rows.labels.setZero();
  features_.SetLabelled(rows);
  EXPECT_THAT(MakeTrainer().Train(DataStaff(), TrainRequest{}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot train")));
}

TEST_F(ModelTrainerTest, BadOptionsAreInvalidArgument) {
  TrainRequest request;
  request.horizon_days = 0;
  EXPECT_THAT(
      MakeTrainer().Train(DataStaff(), request),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("horizon_days")));
  request = TrainRequest{};
  request.l2_penalty = -1;
  EXPECT_THAT(
      MakeTrainer().Train(DataStaff(), request),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("l2_penalty")));
}

TEST(RefreshActiveModelTest, LoadsANewlyActivatedVersionAndKeepsItOtherwise) {
  testing::FakeModelStore store;
  ModelHolder holder;
  EXPECT_THAT(RefreshActiveModel(store, holder),
              StatusIs(absl::StatusCode::kNotFound));
  store::NewModel model;
  model.params = testing::SimpleModelParams();
  ASSERT_THAT(store.SaveModel(model, true), IsOk());
  ASSERT_THAT(RefreshActiveModel(store, holder), IsOk());
  std::shared_ptr<const ActiveModel> first = holder.Get();
  ASSERT_NE(first, nullptr);
  ASSERT_THAT(RefreshActiveModel(store, holder), IsOk());
  EXPECT_EQ(holder.Get(), first);  // same version: not rebuilt
  ASSERT_THAT(store.SaveModel(model, true), IsOk());
  ASSERT_THAT(RefreshActiveModel(store, holder), IsOk());
  EXPECT_EQ(holder.Get()->version, "v2");
}

}  // namespace
}  // namespace baoxue::core
