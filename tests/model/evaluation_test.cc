#include "model/evaluation.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/metrics.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd Vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

baoxue::v1::TierThresholds Tiers(double medium, double high) {
  baoxue::v1::TierThresholds t;
  t.set_medium(medium);
  t.set_high(high);
  return t;
}

TEST(AveragePrecisionTest, HandComputedRanking) {
  // Flagging down the list: P = 1 at R = 1/2, P = 2/3 at R = 1.
  EXPECT_NEAR(AveragePrecision(Vec({0.9, 0.8, 0.7, 0.6}), Vec({1, 0, 1, 0})),
              0.5 * 1 + 0.5 * 2.0 / 3, 1e-15);
  EXPECT_DOUBLE_EQ(
      AveragePrecision(Vec({0.9, 0.8, 0.7, 0.6}), Vec({1, 1, 0, 0})), 1.0);
}

TEST(AveragePrecisionTest, TiedScoresEnterTogetherAsInScikitLearn) {
  // One threshold flags both rows: recall 1 at precision 1/2.
  EXPECT_DOUBLE_EQ(AveragePrecision(Vec({0.5, 0.5}), Vec({1, 0})), 0.5);
  EXPECT_DOUBLE_EQ(AveragePrecision(Vec({0.5, 0.5}), Vec({0, 1})), 0.5);
}

TEST(AveragePrecisionTest, IsNanWithoutPositives) {
  EXPECT_TRUE(std::isnan(AveragePrecision(Vec({0.1, 0.2}), Vec({0, 0}))));
}

TEST(BrierScoreTest, IsTheMeanSquaredError) {
  EXPECT_DOUBLE_EQ(BrierScore(Vec({0.2, 0.9}), Vec({0, 1})), (0.04 + 0.01) / 2);
}

TEST(ThresholdForShareTest, CountsUpAndKeepsTies) {
  const Eigen::VectorXd scores = Vec({0.1, 0.9, 0.5, 0.5, 0.3});
  EXPECT_DOUBLE_EQ(ThresholdForShare(scores, 0.2), 0.9);  // 1 row
  EXPECT_DOUBLE_EQ(ThresholdForShare(scores, 0.3), 0.5);  // ceil(1.5) = 2
  EXPECT_DOUBLE_EQ(ThresholdForShare(scores, 1.0), 0.1);
  EXPECT_TRUE(std::isinf(ThresholdForShare(scores, 0.0)));
}

TEST(AtThresholdTest, CountsFlaggedRowsAndTheirPrecisionAndRecall) {
  const OperatingPoint point =
      AtThreshold(Vec({0.9, 0.8, 0.7, 0.2}), Vec({1, 0, 1, 1}), 0.7, "HIGH");
  EXPECT_EQ(point.label, "HIGH");
  EXPECT_EQ(point.flagged, 3);
  EXPECT_EQ(point.true_positives, 2);
  EXPECT_DOUBLE_EQ(point.share, 0.75);
  EXPECT_DOUBLE_EQ(point.precision, 2.0 / 3);
  EXPECT_DOUBLE_EQ(point.recall, 2.0 / 3);
  EXPECT_TRUE(
      std::isnan(AtThreshold(Vec({0.1}), Vec({1}), 0.5, "none").precision));
}

TEST(EvaluateTest, BundlesEveryMetric) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform;
  const int n = 1000;
  Eigen::VectorXd scores(n);
  Eigen::VectorXd labels(n);
  for (int i = 0; i < n; ++i) {
    scores[i] = uniform(rng);
    labels[i] = uniform(rng) < scores[i] ? 1 : 0;  // perfectly calibrated
  }
  absl::StatusOr<Evaluation> e = Evaluate(scores, labels, Tiers(0.7, 0.9));
  ASSERT_THAT(e, IsOk());
  EXPECT_EQ(e->rows, n);
  EXPECT_EQ(e->positives, static_cast<int64_t>(labels.sum()));
  EXPECT_TRUE(e->probabilistic);
  EXPECT_DOUBLE_EQ(e->roc_auc, RocAuc(scores, labels));
  EXPECT_DOUBLE_EQ(e->pr_auc, AveragePrecision(scores, labels));
  EXPECT_DOUBLE_EQ(e->log_loss, LogLoss(scores, labels));
  EXPECT_DOUBLE_EQ(e->brier, BrierScore(scores, labels));
  ASSERT_EQ(e->calibration.size(), 10u);
  for (const CalibrationBin& bin : e->calibration) {
    EXPECT_EQ(bin.rows, 100);
    EXPECT_LE(bin.min_score, bin.mean_predicted);
    EXPECT_LE(bin.mean_predicted, bin.max_score);
    EXPECT_NEAR(bin.observed_rate, bin.mean_predicted, 0.15);
  }
  ASSERT_EQ(e->at_top_share.size(), 4u);
  EXPECT_EQ(e->at_top_share[0].label, "top 5%");
  EXPECT_EQ(e->at_top_share[0].flagged, 50);
  EXPECT_EQ(e->at_top_share[2].label, "top 15%");
  ASSERT_EQ(e->at_tiers.size(), 2u);
  EXPECT_EQ(e->at_tiers[0].label, "HIGH");
  EXPECT_DOUBLE_EQ(e->at_tiers[0].threshold, 0.9);
  EXPECT_EQ(e->at_tiers[1].label, "MEDIUM+");
  EXPECT_GE(e->at_tiers[1].flagged, e->at_tiers[0].flagged);
  // Curves are thinned to 200 points but keep their end points.
  ASSERT_EQ(e->roc.size(), 200u);
  EXPECT_DOUBLE_EQ(e->roc.front().x, 0);
  EXPECT_DOUBLE_EQ(e->roc.front().y, 0);
  EXPECT_DOUBLE_EQ(e->roc.back().x, 1);
  EXPECT_DOUBLE_EQ(e->roc.back().y, 1);
  ASSERT_EQ(e->pr.size(), 200u);
  EXPECT_DOUBLE_EQ(e->pr.front().x, 0);
  EXPECT_DOUBLE_EQ(e->pr.back().x, 1);
  EXPECT_NEAR(e->pr.back().y, e->prevalence, 1e-12);
}

TEST(EvaluateTest, CalibrationBinsAreEqualCountDecilesOfTheScore) {
  Eigen::VectorXd scores(20);
  Eigen::VectorXd labels = Eigen::VectorXd::Zero(20);
  for (int i = 0; i < 20; ++i) scores[i] = (19 - i) / 100.0;  // descending
  labels[0] = 1;                                              // top score
  EvaluationOptions options;
  options.calibration_bins = 4;
  absl::StatusOr<Evaluation> e =
      Evaluate(scores, labels, Tiers(0.5, 0.5), options);
  ASSERT_THAT(e, IsOk());
  ASSERT_EQ(e->calibration.size(), 4u);
  EXPECT_DOUBLE_EQ(e->calibration[0].min_score, 0.0);
  EXPECT_DOUBLE_EQ(e->calibration[0].max_score, 0.04);
  EXPECT_DOUBLE_EQ(e->calibration[0].mean_predicted, 0.02);
  EXPECT_EQ(e->calibration[3].positives, 1);
  EXPECT_DOUBLE_EQ(e->calibration[3].observed_rate, 0.2);
}

TEST(EvaluateTest, WithoutPositivesMetricsAreNanNotAnError) {
  absl::StatusOr<Evaluation> e =
      Evaluate(Vec({0.1, 0.4}), Vec({0, 0}), Tiers(0.2, 0.3));
  ASSERT_THAT(e, IsOk());
  EXPECT_TRUE(std::isnan(e->roc_auc));
  EXPECT_TRUE(std::isnan(e->pr_auc));
  EXPECT_TRUE(std::isnan(e->at_tiers[0].recall));
  EXPECT_TRUE(e->roc.empty());
  EXPECT_TRUE(std::isfinite(e->brier));
}

TEST(EvaluateTest, RejectsBadInputsNamingTheProblem) {
  const auto kInvalid = absl::StatusCode::kInvalidArgument;
  EXPECT_THAT(Evaluate(Eigen::VectorXd(), Eigen::VectorXd(), Tiers(0, 0)),
              StatusIs(kInvalid, HasSubstr("no rows")));
  EXPECT_THAT(Evaluate(Vec({0.1, 0.2}), Vec({1}), Tiers(0, 0)),
              StatusIs(kInvalid, HasSubstr("2 scores but 1 labels")));
  EXPECT_THAT(Evaluate(Vec({0.1, 0.2}), Vec({1, 2}), Tiers(0, 0)),
              StatusIs(kInvalid, HasSubstr("label of row 1 is 2")));
  EXPECT_THAT(Evaluate(Vec({0.1, kNaN}), Vec({1, 0}), Tiers(0, 0)),
              StatusIs(kInvalid, HasSubstr("score of row 1 is nan")));
  EXPECT_THAT(Evaluate(Vec({0.1, 1.5}), Vec({1, 0}), Tiers(0, 0)),
              StatusIs(kInvalid, HasSubstr("must lie in [0, 1]")));
  EXPECT_THAT(Evaluate(Vec({0.1, 0.5}), Vec({1, 0}), Tiers(0.6, 0.4)),
              StatusIs(kInvalid, HasSubstr("medium <= high")));
  EvaluationOptions options;
  options.top_shares = {0};
  EXPECT_THAT(Evaluate(Vec({0.1, 0.5}), Vec({1, 0}), Tiers(0, 0), options),
              StatusIs(kInvalid, HasSubstr("top share 0")));
}

TEST(EvaluateRankingTest, ComparesAtTheGivenSharesWithoutProbabilityMetrics) {
  // Absence-like scores on any scale, 10 rows, 2 positives at the top.
  const Eigen::VectorXd scores = Vec({9, 8, 3, 3, 2, 2, 1, 0, 0, 0});
  const Eigen::VectorXd labels = Vec({1, 0, 1, 0, 0, 0, 0, 0, 0, 0});
  absl::StatusOr<Evaluation> e = EvaluateRanking(scores, labels, 0.1, 0.3);
  ASSERT_THAT(e, IsOk());
  EXPECT_FALSE(e->probabilistic);
  EXPECT_TRUE(std::isnan(e->log_loss));
  EXPECT_TRUE(std::isnan(e->brier));
  EXPECT_TRUE(e->calibration.empty());
  EXPECT_EQ(e->at_tiers[0].flagged, 1);
  EXPECT_DOUBLE_EQ(e->at_tiers[0].recall, 0.5);
  EXPECT_EQ(e->at_tiers[1].flagged, 4);  // 30% = 3 rows, plus a tie
  EXPECT_DOUBLE_EQ(e->at_tiers[1].recall, 1.0);
  EXPECT_THAT(EvaluateRanking(scores, labels, 0.5, 0.3),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("0 <= high <= medium <= 1")));
}

TEST(EvaluateBaselinesTest, AbsenceRuleAtTheModelsCaseloadAndPrevalence) {
  const std::vector<std::string> names = {"distance_km", "absence_rate_30d"};
  Eigen::MatrixXd raw(5, 2);
  raw << 1, 0.5,  //
      2, kNaN,    // missing absence ranks lowest
      3, 0.1,     //
      4, 0.0,     //
      5, 0.3;
  const Eigen::VectorXd labels = Vec({1, 1, 0, 0, 0});
  absl::StatusOr<Evaluation> model =
      Evaluate(Vec({0.9, 0.8, 0.1, 0.1, 0.2}), labels, Tiers(0.5, 0.85));
  ASSERT_THAT(model, IsOk());
  absl::StatusOr<std::vector<BaselineEvaluation>> baselines =
      EvaluateBaselines(names, raw, labels, 0.3, *model);
  ASSERT_THAT(baselines, IsOk());
  ASSERT_EQ(baselines->size(), 2u);
  const BaselineEvaluation& absence = (*baselines)[0];
  EXPECT_EQ(absence.name, "absence_rate_30d");
  EXPECT_FALSE(absence.evaluation.probabilistic);
  // Model HIGH flags 1 row (20%): the rule flags its top row too.
  EXPECT_EQ(absence.evaluation.at_tiers[0].flagged, 1);
  EXPECT_DOUBLE_EQ(absence.evaluation.at_tiers[0].recall, 0.5);
  // Ranks: 0.5 (pos) > 0.3 > 0.1 > 0 > missing (pos): AUC = 3/6.
  EXPECT_DOUBLE_EQ(absence.evaluation.roc_auc, 0.5);
  const BaselineEvaluation& prevalence = (*baselines)[1];
  EXPECT_EQ(prevalence.name, "prevalence");
  EXPECT_DOUBLE_EQ(prevalence.evaluation.roc_auc, 0.5);
  EXPECT_DOUBLE_EQ(prevalence.evaluation.brier, (2 * 0.49 + 3 * 0.09) / 5);
  EXPECT_EQ(prevalence.evaluation.at_tiers[0].flagged, 0);

  EXPECT_THAT(
      EvaluateBaselines(names, raw, labels, 1.0, *model),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("prevalence")));
  absl::StatusOr<std::vector<BaselineEvaluation>> without =
      EvaluateBaselines({"distance_km"}, raw.leftCols(1), labels, 0.3, *model);
  ASSERT_THAT(without, IsOk());
  EXPECT_EQ(without->size(), 1u);
}

}  // namespace
}  // namespace baoxue::model
