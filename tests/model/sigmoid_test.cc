#include "model/sigmoid.h"

#include <cmath>

#include "Eigen/Core"
#include "gtest/gtest.h"

namespace baoxue::model {
namespace {

TEST(SigmoidTest, IsOneHalfAtZero) {
  EXPECT_EQ(Sigmoid(0.0), 0.5);
  EXPECT_EQ(Sigmoid(Eigen::ArrayXd::Zero(1))[0], 0.5);
}

TEST(SigmoidTest, IsFiniteAndSaturatesAtExtremeMargins) {
  EXPECT_EQ(Sigmoid(1e6), 1.0);
  EXPECT_EQ(Sigmoid(-1e6), 0.0);
  Eigen::ArrayXd m(4);
  m << -1e6, -40, 40, 1e6;
  const Eigen::ArrayXd p = Sigmoid(m);
  EXPECT_TRUE(p.allFinite());
  EXPECT_GE(p[0], 0.0);  // Eigen's vectorised exp bottoms out near 1e-308
  EXPECT_LT(p[0], 1e-300);
  EXPECT_GT(p[1], 0.0);  // exp(-40) ~ 4e-18 is representable, not rounded to 0
  EXPECT_NEAR(p[1], std::exp(-40.0), 1e-30);
  EXPECT_EQ(p[3], 1.0);
}

TEST(SigmoidTest, ScalarAndArrayFormsAgreeAndAreSymmetric) {
  Eigen::ArrayXd m = Eigen::ArrayXd::LinSpaced(101, -30, 30);
  const Eigen::ArrayXd p = Sigmoid(m);
  const Eigen::ArrayXd q = Sigmoid((-m).eval());
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    EXPECT_DOUBLE_EQ(p[i], Sigmoid(m[i]));
    EXPECT_NEAR(p[i] + q[i], 1.0, 1e-15);
  }
}

TEST(LogLoss1pTest, MatchesDefinitionAtModerateMargins) {
  for (double m : {-5.0, -1.0, 0.0, 0.5, 3.0}) {
    EXPECT_NEAR(LogLoss1p(m), std::log(1 + std::exp(-m)), 1e-14) << m;
  }
  EXPECT_DOUBLE_EQ(LogLoss1p(0.0), std::log(2.0));
}

TEST(LogLoss1pTest, IsStableAtExtremeMargins) {
  EXPECT_EQ(LogLoss1p(1e6), 0.0);
  EXPECT_EQ(LogLoss1p(-1e6), 1e6);  // log(1 + e^1e6) = 1e6 + log1p(e^-1e6)
  EXPECT_NEAR(LogLoss1p(40.0), std::exp(-40.0), 1e-30);
  Eigen::ArrayXd m(3);
  m << -1e6, 0, 1e6;
  const Eigen::ArrayXd loss = LogLoss1p(m);
  EXPECT_EQ(loss[0], 1e6);
  EXPECT_DOUBLE_EQ(loss[1], std::log(2.0));
  EXPECT_EQ(loss[2], 0.0);
}

}  // namespace
}  // namespace baoxue::model
