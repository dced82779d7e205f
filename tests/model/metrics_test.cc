#include "model/metrics.h"

#include <cmath>

#include "Eigen/Core"
#include "gtest/gtest.h"

namespace baoxue::model {
namespace {

Eigen::VectorXd Vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(values.size());
  Eigen::Index i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

TEST(RocAucTest, PerfectAndReversedRankings) {
  const Eigen::VectorXd labels = Vec({0, 0, 1, 1});
  EXPECT_DOUBLE_EQ(RocAuc(Vec({0.1, 0.2, 0.8, 0.9}), labels), 1.0);
  EXPECT_DOUBLE_EQ(RocAuc(Vec({0.9, 0.8, 0.2, 0.1}), labels), 0.0);
}

TEST(RocAucTest, HandComputedMixedRanking) {
  // Positives at 0.35 and 0.8; negatives at 0.1, 0.4, 0.6.
  // Pairs won: 0.35 beats 0.1 (1 of 3); 0.8 beats all three. AUC = 4/6.
  EXPECT_DOUBLE_EQ(
      RocAuc(Vec({0.1, 0.35, 0.4, 0.6, 0.8}), Vec({0, 1, 0, 0, 1})), 4.0 / 6);
}

TEST(RocAucTest, TiesCountHalf) {
  // Positive 0.5 ties negative 0.5 (1/2) and beats 0.2 (1); positive 0.9
  // beats both. AUC = (1.5 + 2) / 4.
  EXPECT_DOUBLE_EQ(RocAuc(Vec({0.2, 0.5, 0.5, 0.9}), Vec({0, 0, 1, 1})),
                   3.5 / 4);
  // All scores equal: no information.
  EXPECT_DOUBLE_EQ(RocAuc(Vec({0.3, 0.3, 0.3, 0.3, 0.3}), Vec({1, 0, 1, 0, 0})),
                   0.5);
}

TEST(RocAucTest, DoesNotDependOnInputOrder) {
  EXPECT_DOUBLE_EQ(
      RocAuc(Vec({0.8, 0.4, 0.1, 0.6, 0.35}), Vec({1, 0, 0, 0, 1})), 4.0 / 6);
}

TEST(RocAucTest, IsNanWithoutBothClasses) {
  EXPECT_TRUE(std::isnan(RocAuc(Vec({0.1, 0.2}), Vec({1, 1}))));
  EXPECT_TRUE(std::isnan(RocAuc(Vec({0.1, 0.2}), Vec({0, 0}))));
}

TEST(LogLossTest, MatchesHandComputedValues) {
  // -(log 0.8 + log 0.5 + log(1 - 0.1)) / 3
  EXPECT_NEAR(LogLoss(Vec({0.8, 0.5, 0.1}), Vec({1, 1, 0})),
              -(std::log(0.8) + std::log(0.5) + std::log(0.9)) / 3, 1e-15);
  EXPECT_DOUBLE_EQ(LogLoss(Vec({0.5}), Vec({0})), std::log(2.0));
}

TEST(LogLossTest, IsFiniteForCertainWrongPredictions) {
  const double loss = LogLoss(Vec({0.0, 1.0}), Vec({1, 0}));
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_GT(loss, 30);
  EXPECT_EQ(LogLoss(Vec({1.0, 0.0}), Vec({1, 0})) < 1e-15, true);
}

TEST(ThresholdsByShareTest, PicksTheScoresAtTheRequestedShares) {
  // Scores 0.01 .. 1.00; top 5% starts at 0.96, top 15% at 0.86.
  Eigen::VectorXd scores = Eigen::VectorXd::LinSpaced(100, 0.01, 1.0);
  const baoxue::v1::TierThresholds t = ThresholdsByShare(scores, 0.05, 0.15);
  EXPECT_DOUBLE_EQ(t.high(), 0.96);
  EXPECT_DOUBLE_EQ(t.medium(), 0.86);
  EXPECT_EQ((scores.array() >= t.high()).count(), 5);
  EXPECT_EQ((scores.array() >= t.medium()).count(), 15);
}

TEST(ThresholdsByShareTest, RoundsTheCountUpAndIgnoresInputOrder) {
  Eigen::VectorXd scores(7);
  scores << 0.3, 0.9, 0.1, 0.7, 0.5, 0.2, 0.8;
  // 7 * 0.2 = 1.4 -> top 2 (0.9, 0.8); 7 * 0.5 = 3.5 -> top 4 (.. 0.5).
  const baoxue::v1::TierThresholds t = ThresholdsByShare(scores, 0.2, 0.5);
  EXPECT_EQ(t.high(), 0.8);
  EXPECT_EQ(t.medium(), 0.5);
}

TEST(ThresholdsByShareTest, TiesPutEveryTiedRowInTheHigherTier) {
  Eigen::VectorXd scores(4);
  scores << 0.4, 0.4, 0.4, 0.1;
  const baoxue::v1::TierThresholds t = ThresholdsByShare(scores, 0.25, 0.5);
  EXPECT_EQ(t.high(), 0.4);
  EXPECT_EQ(t.medium(), 0.4);
}

TEST(ThresholdsByShareTest, EdgeSharesAndEmptyInput) {
  Eigen::VectorXd scores(3);
  scores << 0.2, 0.5, 0.7;
  const baoxue::v1::TierThresholds none = ThresholdsByShare(scores, 0, 0);
  EXPECT_EQ(none.high(), 1.0);
  EXPECT_EQ(none.medium(), 1.0);
  const baoxue::v1::TierThresholds all = ThresholdsByShare(scores, 0, 1);
  EXPECT_EQ(all.high(), 1.0);
  EXPECT_EQ(all.medium(), 0.2);
  const baoxue::v1::TierThresholds empty =
      ThresholdsByShare(Eigen::VectorXd(0), 0.05, 0.15);
  EXPECT_EQ(empty.high(), 1.0);
  EXPECT_EQ(empty.medium(), 1.0);
}

}  // namespace
}  // namespace baoxue::model
