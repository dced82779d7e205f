#include "model/logistic_model.h"

#include <cmath>
#include <limits>
#include <memory>

#include "Eigen/Core"
#include "baoxue/v1/model.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/sigmoid.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Tier = RiskModel::Tier;

// Three features: absence (mean 0.1, sd 0.05), distance (10, 2), boarding
// (0.5, 0.5); log-odds = -1 + 2 z_absence - 1 z_distance + 0.5 z_boarding.
baoxue::v1::ModelParams ThreeFeatureParams() {
  baoxue::v1::ModelParams params;
  const struct {
    const char* name;
    double mean, stddev, weight;
  } features[] = {{"absence", 0.1, 0.05, 2.0},
                  {"distance", 10, 2, -1.0},
                  {"boarding", 0.5, 0.5, 0.5}};
  for (const auto& f : features) {
    baoxue::v1::FeatureStat* stat = params.add_features();
    stat->set_name(f.name);
    stat->set_mean(f.mean);
    stat->set_stddev(f.stddev);
    params.add_weights(f.weight);
  }
  params.set_intercept(-1);
  params.mutable_thresholds()->set_medium(0.2);
  params.mutable_thresholds()->set_high(0.6);
  params.set_l2_penalty(1);
  return params;
}

std::shared_ptr<const RiskModel> ThreeFeatureModel() {
  absl::StatusOr<std::shared_ptr<const RiskModel>> model =
      RiskModel::Create(ThreeFeatureParams());
  EXPECT_THAT(model, IsOk());
  return *model;
}

TEST(RiskModelTest, CreateKeepsParamsAndSpec) {
  const auto model = ThreeFeatureModel();
  EXPECT_EQ(model->spec().size(), 3);
  EXPECT_EQ(model->spec().IndexOf("distance"), 1);
  EXPECT_EQ(model->params().SerializeAsString(),
            ThreeFeatureParams().SerializeAsString());
}

TEST(RiskModelTest, ScoreIsSigmoidOfStandardisedLinearPredictor) {
  const auto model = ThreeFeatureModel();
  Eigen::MatrixXd raw(3, 3);
  raw << 0.1, 10, 0.5,  // the average student: log-odds = intercept
      0.2, 8, 1,        // z = (2, -1, 1): -1 + 4 + 1 + 0.5 = 4.5
      0, 14, 0;         // z = (-2, 2, -1): -1 - 4 - 2 - 0.5 = -7.5
  const Eigen::VectorXd p = model->Score(raw);
  ASSERT_EQ(p.size(), 3);
  EXPECT_DOUBLE_EQ(p[0], Sigmoid(-1.0));
  EXPECT_DOUBLE_EQ(p[1], Sigmoid(4.5));
  EXPECT_DOUBLE_EQ(p[2], Sigmoid(-7.5));
}

TEST(RiskModelTest, ScoreImputesMissingValuesWithTheTrainingMean) {
  const auto model = ThreeFeatureModel();
  Eigen::MatrixXd raw(2, 3);
  raw << 0.2, kNaN, 1,  //
      0.2, 10, 1;       // distance at its mean: same score
  const Eigen::VectorXd p = model->Score(raw);
  EXPECT_DOUBLE_EQ(p[0], Sigmoid(-1 + 4 + 0.5));
  EXPECT_EQ(p[0], p[1]);
  Eigen::MatrixXd all_missing = Eigen::MatrixXd::Constant(1, 3, kNaN);
  EXPECT_DOUBLE_EQ(model->Score(all_missing)[0], Sigmoid(-1.0));
}

TEST(RiskModelTest, ScoreIsFiniteForExtremeMargins) {
  const auto model = ThreeFeatureModel();
  Eigen::MatrixXd raw(2, 3);
  // Margins of about +/-1e6 (absence z = +/-5e5 with weight 2).
  raw << 0.1 + 0.05 * 5e5, 10, 0.5,  //
      0.1 - 0.05 * 5e5, 10, 0.5;
  const Eigen::VectorXd p = model->Score(raw);
  EXPECT_TRUE(p.allFinite());
  EXPECT_EQ(p[0], 1.0);
  EXPECT_GE(p[1], 0.0);
  EXPECT_LT(p[1], 1e-300);
}

TEST(RiskModelTest, ScoreOfNoRowsIsEmpty) {
  EXPECT_EQ(ThreeFeatureModel()->Score(Eigen::MatrixXd(0, 3)).size(), 0);
}

TEST(RiskModelTest, CreateRejectsWeightCountMismatch) {
  baoxue::v1::ModelParams params = ThreeFeatureParams();
  params.add_weights(1);
  EXPECT_THAT(RiskModel::Create(params),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("4 weights but 3 features")));
}

TEST(RiskModelTest, CreateRejectsNonFiniteCoefficientsNamingThem) {
  baoxue::v1::ModelParams params = ThreeFeatureParams();
  params.set_weights(1, std::numeric_limits<double>::infinity());
  EXPECT_THAT(RiskModel::Create(params),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("weight of feature distance: inf")));
  params = ThreeFeatureParams();
  params.set_intercept(kNaN);
  EXPECT_THAT(RiskModel::Create(params),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("intercept nan is not finite")));
}

TEST(RiskModelTest, CreateRejectsInvalidFeatureStatistics) {
  baoxue::v1::ModelParams params = ThreeFeatureParams();
  params.mutable_features(2)->set_stddev(0);
  EXPECT_THAT(RiskModel::Create(params),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("feature boarding")));
}

TEST(RiskModelTest, CreateRejectsDisorderedOrOutOfRangeThresholds) {
  for (auto [medium, high] : {std::pair{0.7, 0.6}, std::pair{-0.1, 0.5},
                              std::pair{0.5, 1.5}, std::pair{kNaN, 0.5}}) {
    baoxue::v1::ModelParams params = ThreeFeatureParams();
    params.mutable_thresholds()->set_medium(medium);
    params.mutable_thresholds()->set_high(high);
    EXPECT_THAT(RiskModel::Create(params),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("0 <= medium <= high <= 1")))
        << medium << " " << high;
  }
}

TEST(RiskModelTest, CreateAcceptsEqualAndExtremeThresholds) {
  baoxue::v1::ModelParams params = ThreeFeatureParams();
  params.mutable_thresholds()->set_medium(0);
  params.mutable_thresholds()->set_high(0);
  EXPECT_THAT(RiskModel::Create(params), IsOk());
  params.mutable_thresholds()->set_medium(1);
  params.mutable_thresholds()->set_high(1);
  EXPECT_THAT(RiskModel::Create(params), IsOk());
}

TEST(RiskModelTest, TierBoundariesAreInclusive) {
  const auto model = ThreeFeatureModel();  // medium 0.2, high 0.6
  EXPECT_EQ(model->TierOf(0.0), Tier::kLow);
  EXPECT_EQ(model->TierOf(std::nextafter(0.2, 0.0)), Tier::kLow);
  EXPECT_EQ(model->TierOf(0.2), Tier::kMedium);
  EXPECT_EQ(model->TierOf(std::nextafter(0.6, 0.0)), Tier::kMedium);
  EXPECT_EQ(model->TierOf(0.6), Tier::kHigh);
  EXPECT_EQ(model->TierOf(1.0), Tier::kHigh);
}

TEST(RiskModelTest, ContributionsAreWeightTimesStandardisedValue) {
  const auto model = ThreeFeatureModel();
  Eigen::MatrixXd raw(2, 3);
  raw << 0.2, 8, 1,  //
      kNaN, 14, 0;
  Eigen::MatrixXd expected(2, 3);
  expected << 4, 1, 0.5,  //
      0, -2, -0.5;
  EXPECT_TRUE(model->Contributions(raw).isApprox(expected, 1e-12));
  // They add up to the log-odds minus the intercept.
  const Eigen::VectorXd p = model->Score(raw);
  const Eigen::VectorXd sums = model->Contributions(raw).rowwise().sum();
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(Sigmoid(model->intercept() + sums[i]), p[i], 1e-15);
  }
}

TEST(RiskModelTest, ExplainListsOnlyRiskRaisingFactorsLargestFirst) {
  const auto model = ThreeFeatureModel();
  Eigen::RowVectorXd row(3);
  row << 0.2, 12, 1;  // contributions 4, -1, 0.5
  const std::vector<RiskModel::Contribution> reasons = model->Explain(row, 5);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].feature, 0);
  EXPECT_DOUBLE_EQ(reasons[0].contribution, 4);
  EXPECT_EQ(reasons[0].value, 0.2);
  EXPECT_FALSE(reasons[0].imputed);
  EXPECT_EQ(reasons[1].feature, 2);
  EXPECT_DOUBLE_EQ(reasons[1].contribution, 0.5);
}

TEST(RiskModelTest, ExplainReturnsAtMostMaxReasons) {
  const auto model = ThreeFeatureModel();
  Eigen::RowVectorXd row(3);
  row << 0.15, 9, 1;  // contributions 2, 0.5, 0.5: all raise risk
  const auto three = model->Explain(row, 3);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[0].feature, 0);
  EXPECT_EQ(three[1].feature, 1);  // ties keep feature order
  EXPECT_EQ(three[2].feature, 2);
  const auto one = model->Explain(row, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].feature, 0);
  EXPECT_TRUE(model->Explain(row, 0).empty());
  EXPECT_TRUE(model->Explain(row, -3).empty());
}

TEST(RiskModelTest, ExplainOfAnAverageStudentIsEmpty) {
  Eigen::RowVectorXd row(3);
  row << 0.1, 10, 0.5;
  EXPECT_TRUE(ThreeFeatureModel()->Explain(row, 3).empty());
}

TEST(RiskModelTest, ExplainFlagsImputedFeaturesAfterTheReasons) {
  const auto model = ThreeFeatureModel();
  Eigen::RowVectorXd row(3);
  row << kNaN, 8, kNaN;  // only distance (contribution 1) is known
  const auto reasons = model->Explain(row, 1);
  ASSERT_EQ(reasons.size(), 3u);  // imputed ones do not use up max_reasons
  EXPECT_EQ(reasons[0].feature, 1);
  EXPECT_DOUBLE_EQ(reasons[0].contribution, 1);
  EXPECT_FALSE(reasons[0].imputed);
  for (int k : {1, 2}) {
    EXPECT_TRUE(reasons[k].imputed);
    EXPECT_EQ(reasons[k].contribution, 0);
    EXPECT_TRUE(std::isnan(reasons[k].value));
  }
  EXPECT_EQ(reasons[1].feature, 0);
  EXPECT_EQ(reasons[2].feature, 2);
}

}  // namespace
}  // namespace baoxue::model
