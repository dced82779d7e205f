#include "model/drift.h"

#include <cmath>
#include <limits>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;

Eigen::VectorXd Normal(int n, double mean, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(mean, 1.0);
  Eigen::VectorXd v(n);
  for (int i = 0; i < n; ++i) v[i] = normal(rng);
  return v;
}

TEST(DriftTest, TheSameDistributionIsStableAShiftedOneIsNot) {
  absl::StatusOr<DriftReference> reference =
      BuildDriftReference(Normal(20000, 0, 1));
  ASSERT_THAT(reference, IsOk());
  EXPECT_EQ(reference->edges.size(), 9u);
  for (double share : reference->shares) EXPECT_NEAR(share, 0.1, 1e-3);
  absl::StatusOr<DriftFigures> same =
      CompareToReference(*reference, Normal(20000, 0, 2));
  ASSERT_THAT(same, IsOk());
  EXPECT_LT(same->psi, 0.01);
  EXPECT_NEAR(same->mean_shift, 0, 0.05);
  // Shifted by one standard deviation: a major PSI and its mean shift.
  absl::StatusOr<DriftFigures> shifted =
      CompareToReference(*reference, Normal(20000, 1, 3));
  ASSERT_THAT(shifted, IsOk());
  EXPECT_GT(shifted->psi, 0.25);
  EXPECT_NEAR(shifted->mean_shift, 1.0, 0.05);
}

TEST(DriftTest, PsiMatchesTheFormulaOnAFlag) {
  // 20% ones in training, 50% now: PSI = (.5-.8)ln(.5/.8) + (.5-.2)ln(.5/.2).
  Eigen::VectorXd train(10), now(4);
  train << 1, 1, 0, 0, 0, 0, 0, 0, 0, 0;
  now << 1, 0, 1, 0;
  absl::StatusOr<DriftReference> reference = BuildDriftReference(train);
  ASSERT_THAT(reference, IsOk());
  ASSERT_EQ(reference->edges.size(), 1u);  // one cut for a flag
  absl::StatusOr<DriftFigures> figures = CompareToReference(*reference, now);
  ASSERT_THAT(figures, IsOk());
  const double expected =
      (0.5 - 0.8) * std::log(0.5 / 0.8) + (0.5 - 0.2) * std::log(0.5 / 0.2);
  EXPECT_NEAR(figures->psi, expected, 1e-12);
}

TEST(DriftTest, MissingRatesAreComparedAndBadInputRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd train(4), now(4);
  train << 1, 2, 3, nan;
  now << nan, nan, 2, nan;
  absl::StatusOr<DriftReference> reference = BuildDriftReference(train);
  ASSERT_THAT(reference, IsOk());
  absl::StatusOr<DriftFigures> figures = CompareToReference(*reference, now);
  ASSERT_THAT(figures, IsOk());
  EXPECT_DOUBLE_EQ(figures->reference_missing_rate, 0.25);
  EXPECT_DOUBLE_EQ(figures->missing_rate, 0.75);
  Eigen::VectorXd all_missing(2);
  all_missing << nan, nan;
  EXPECT_THAT(BuildDriftReference(all_missing),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BuildDriftReference(train, 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DriftTest, AccumulatingChunksGivesTheFiguresOfTheWhole) {
  absl::StatusOr<DriftReference> reference =
      BuildDriftReference(Normal(5000, 0, 3));
  ASSERT_THAT(reference, IsOk());
  Eigen::VectorXd current = Normal(3001, 0.4, 4);
  current[7] = std::numeric_limits<double>::quiet_NaN();
  absl::StatusOr<DriftFigures> whole = CompareToReference(*reference, current);
  ASSERT_THAT(whole, IsOk());
  DriftAccumulator accumulator(*reference);
  accumulator.Add(current.head(1000));
  accumulator.Add(current.segment(1000, 2000));
  accumulator.Add(current[3000]);
  absl::StatusOr<DriftFigures> pieces = accumulator.Figures();
  ASSERT_THAT(pieces, IsOk());
  EXPECT_EQ(pieces->rows, 3001);
  EXPECT_DOUBLE_EQ(pieces->psi, whole->psi);
  EXPECT_DOUBLE_EQ(pieces->mean_shift, whole->mean_shift);
  EXPECT_DOUBLE_EQ(pieces->missing_rate, whole->missing_rate);
  EXPECT_GT(pieces->psi, 0.1);
}

TEST(DriftTest, AnEmptyAccumulatorIsRefused) {
  DriftAccumulator accumulator(DriftReference{{}, {1.0}, 0, 0, 0});
  EXPECT_THAT(accumulator.Figures(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace baoxue::model
