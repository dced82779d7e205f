#include "model/trainer.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/feature_catalog.h"
#include "model/feature_spec.h"
#include "model/logistic_model.h"
#include "model/metrics.h"
#include "model/sigmoid.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::model {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Rows drawn from a known logistic process on raw features:
// P(y = 1 | x) = sigmoid(intercept + beta . x). Even columns are normal with
// mean 2j and sd 1 + j; odd columns are 0/1 flags with P(1) = 0.3.
struct Synthetic {
  Eigen::MatrixXd raw;
  Eigen::VectorXd labels;
};

Synthetic Draw(const Eigen::VectorXd& beta, double intercept, int rows,
               uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::bernoulli_distribution flag(0.3);
  std::uniform_real_distribution<double> uniform;
  const int d = static_cast<int>(beta.size());
  Synthetic data{Eigen::MatrixXd(rows, d), Eigen::VectorXd(rows)};
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < d; ++j) {
      data.raw(i, j) = j % 2 == 0  ? 2.0 * j + (1.0 + j) * normal(rng)
                       : flag(rng) ? 1
                                   : 0;
    }
    const double p = Sigmoid(intercept + data.raw.row(i).dot(beta));
    data.labels[i] = uniform(rng) < p ? 1 : 0;
  }
  return data;
}

std::vector<std::string> Names(int d) {
  std::vector<std::string> names;
  for (int j = 0; j < d; ++j) names.push_back("x" + std::to_string(j));
  return names;
}

// Raw-scale coefficients from a model on standardised features:
// beta_j = w_j / sd_j and intercept = b - sum_j beta_j mean_j.
Eigen::VectorXd RawCoefficients(const baoxue::v1::ModelParams& params,
                                double* intercept) {
  const FeatureSpec spec = *FeatureSpec::FromProto(params.features());
  Eigen::VectorXd beta(spec.size());
  *intercept = params.intercept();
  for (int j = 0; j < spec.size(); ++j) {
    beta[j] = params.weights(j) / spec.stddevs()[j];
    *intercept -= beta[j] * spec.means()[j];
  }
  return beta;
}

TEST(TrainLogisticTest, RecoversKnownCoefficientsFromAMillionStudents) {
  // Eighteen features, as in production.
  Eigen::VectorXd beta(18);
  beta << 0.8, 1.2, -0.3, -0.7, 0.15, 0.5, 0, 0.4, -0.05, 0.9, 0.02, -0.6, 0.03,
      0.3, -0.02, 0.2, 0.01, 0.1;
  const double intercept = -2.0;
  const Synthetic data = Draw(beta, intercept, 1'000'000, 20240601);

  TrainOptions options;
  options.l2_penalty = 1.0;
  absl::StatusOr<TrainResult> result =
      TrainLogistic(CatalogFeatureNames(), data.raw, data.labels, options);
  ASSERT_THAT(result, IsOk());
  EXPECT_LE(result->gradient_norm, 1e-8);
  EXPECT_LT(result->iterations, 20);

  double fitted_intercept;
  const Eigen::VectorXd fitted =
      RawCoefficients(result->params, &fitted_intercept);
  // Allow about four standard errors: below 0.01 / (1 + j) for the normal
  // columns (sd 1 + j) and below 0.008 for the flags.
  for (int j = 0; j < 18; ++j) {
    const double tolerance = j % 2 == 0 ? 0.04 / (1.0 + j) : 0.03;
    EXPECT_NEAR(fitted[j], beta[j], tolerance) << "coefficient " << j;
  }
  EXPECT_NEAR(fitted_intercept, intercept, 0.05);
}

TEST(TrainLogisticTest, ReturnsAUsableModelWithShareBasedThresholds) {
  Eigen::VectorXd beta(3);
  beta << 1.0, -0.5, 0.25;
  const Synthetic data = Draw(beta, -1.0, 20'000, 7);
  absl::StatusOr<TrainResult> result =
      TrainLogistic(Names(3), data.raw, data.labels, TrainOptions());
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->params.l2_penalty(), 1.0);
  EXPECT_EQ(result->params.features(1).name(), "x1");

  absl::StatusOr<std::shared_ptr<const RiskModel>> model =
      RiskModel::Create(result->params);
  ASSERT_THAT(model, IsOk());
  const Eigen::VectorXd scores = (*model)->Score(data.raw);
  const double high = result->params.thresholds().high();
  const double medium = result->params.thresholds().medium();
  EXPECT_LT(medium, high);
  EXPECT_NEAR((scores.array() >= high).cast<double>().mean(), 0.05, 0.002);
  EXPECT_NEAR((scores.array() >= medium).cast<double>().mean(), 0.15, 0.002);
  EXPECT_GT(RocAuc(scores, data.labels), 0.7);
}

TEST(TrainLogisticTest, GradientOfTheObjectiveVanishesAtTheSolution) {
  Eigen::VectorXd beta(4);
  beta << 0.5, 1, -1, 0.2;
  const Synthetic data = Draw(beta, 0.3, 5'000, 11);
  TrainOptions options;
  options.l2_penalty = 3.0;
  options.positive_class_weight = 2.0;
  absl::StatusOr<TrainResult> result =
      TrainLogistic(Names(4), data.raw, data.labels, options);
  ASSERT_THAT(result, IsOk());
  EXPECT_LE(result->gradient_norm, 1e-8);

  // Recompute independently from the returned params.
  const FeatureSpec spec = *FeatureSpec::FromProto(result->params.features());
  const Eigen::MatrixXd z = spec.Standardize(data.raw);
  const Eigen::VectorXd c =
      (data.labels.array() == 1).select(2.0, Eigen::ArrayXd::Ones(5'000));
  Eigen::VectorXd w(4);
  for (int j = 0; j < 4; ++j) w[j] = result->params.weights(j);
  const Eigen::ArrayXd m = (z * w).array() + result->params.intercept();
  const Eigen::VectorXd r =
      (c.array() * (Sigmoid(m) - data.labels.array())).matrix();
  EXPECT_LE((z.transpose() * r + 3.0 * w).norm(), 1e-8);
  EXPECT_LE(std::abs(r.sum()), 1e-8);
  const double f =
      (c.array() * LogLoss1p(((2 * data.labels.array() - 1) * m).eval()))
          .sum() +
      1.5 * w.squaredNorm();
  EXPECT_NEAR(result->objective, f, 1e-9 * f);
}

TEST(TrainLogisticTest, LargerPenaltyShrinksTheWeights) {
  Eigen::VectorXd beta(3);
  beta << 1.5, -1.0, 0.8;
  const Synthetic data = Draw(beta, 0.0, 2'000, 3);
  double previous_norm = std::numeric_limits<double>::infinity();
  for (double lambda : {0.0, 1.0, 100.0, 1e4, 1e6}) {
    TrainOptions options;
    options.l2_penalty = lambda;
    absl::StatusOr<TrainResult> result =
        TrainLogistic(Names(3), data.raw, data.labels, options);
    ASSERT_THAT(result, IsOk()) << lambda;
    double norm = 0;
    for (double w : result->params.weights()) norm += w * w;
    norm = std::sqrt(norm);
    EXPECT_LT(norm, previous_norm) << "lambda " << lambda;
    previous_norm = norm;
  }
}

TEST(TrainLogisticTest, InterceptIsNotPenalised) {
  // With an overwhelming penalty the weights vanish but the intercept still
  // fits the base rate: b -> logit(share of positives).
  Eigen::VectorXd beta(2);
  beta << 2.0, -1.0;
  const Synthetic data = Draw(beta, -1.5, 4'000, 5);
  TrainOptions options;
  options.l2_penalty = 1e12;
  absl::StatusOr<TrainResult> result =
      TrainLogistic(Names(2), data.raw, data.labels, options);
  ASSERT_THAT(result, IsOk());
  const double rate = data.labels.mean();
  EXPECT_NEAR(result->params.intercept(), std::log(rate / (1 - rate)), 1e-6);
  for (double w : result->params.weights()) EXPECT_NEAR(w, 0, 1e-6);
}

TEST(TrainLogisticTest, PositiveClassWeightActsLikeRepeatingPositiveRows) {
  Eigen::VectorXd beta(3);
  beta << 0.7, -0.4, 1.1;
  const Synthetic data = Draw(beta, -1.0, 3'000, 13);
  // Build the same data with every positive row written three times. The
  // spec (means, sds) would then differ, so compare via raw coefficients of
  // unpenalised fits, which do not depend on the standardisation.
  const int positives = static_cast<int>(data.labels.sum());
  Eigen::MatrixXd repeated_raw(3'000 + 2 * positives, 3);
  Eigen::VectorXd repeated_labels(repeated_raw.rows());
  int row = 0;
  for (int i = 0; i < 3'000; ++i) {
    const int copies = data.labels[i] == 1 ? 3 : 1;
    for (int k = 0; k < copies; ++k, ++row) {
      repeated_raw.row(row) = data.raw.row(i);
      repeated_labels[row] = data.labels[i];
    }
  }
  TrainOptions weighted;
  weighted.l2_penalty = 0;
  weighted.positive_class_weight = 3;
  TrainOptions plain;
  plain.l2_penalty = 0;
  absl::StatusOr<TrainResult> a =
      TrainLogistic(Names(3), data.raw, data.labels, weighted);
  absl::StatusOr<TrainResult> b =
      TrainLogistic(Names(3), repeated_raw, repeated_labels, plain);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  double intercept_a, intercept_b;
  const Eigen::VectorXd beta_a = RawCoefficients(a->params, &intercept_a);
  const Eigen::VectorXd beta_b = RawCoefficients(b->params, &intercept_b);
  EXPECT_TRUE(beta_a.isApprox(beta_b, 1e-8)) << beta_a << "\n" << beta_b;
  EXPECT_NEAR(intercept_a, intercept_b, 1e-8);
  // Up-weighting positives raises the predicted risk.
  absl::StatusOr<TrainResult> unweighted =
      TrainLogistic(Names(3), data.raw, data.labels, plain);
  ASSERT_THAT(unweighted, IsOk());
  EXPECT_GT(a->params.intercept(), unweighted->params.intercept());
}

TEST(TrainLogisticTest, MissingValuesAreImputedNotRejected) {
  Eigen::VectorXd beta(2);
  beta << 1.0, 1.0;
  Synthetic data = Draw(beta, 0.0, 1'000, 17);
  for (int i = 0; i < 1'000; i += 10) data.raw(i, 1) = kNaN;
  EXPECT_THAT(TrainLogistic(Names(2), data.raw, data.labels, TrainOptions()),
              IsOk());
}

TEST(TrainLogisticTest, SeparableDataNeedAPenalty) {
  Eigen::MatrixXd raw(6, 1);
  raw << -3, -2, -1, 1, 2, 3;
  Eigen::VectorXd labels(6);
  labels << 0, 0, 0, 1, 1, 1;
  TrainOptions options;
  options.l2_penalty = 0;
  EXPECT_THAT(TrainLogistic({"x"}, raw, labels, options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("perfectly separable; use l2_penalty > 0")));
  options.l2_penalty = 0.1;
  absl::StatusOr<TrainResult> penalised =
      TrainLogistic({"x"}, raw, labels, options);
  ASSERT_THAT(penalised, IsOk());
  EXPECT_GT(penalised->params.weights(0), 0);
}

TEST(TrainLogisticTest, PenaltyKeepsSeparableDataFiniteAndBounded) {
  // 200 rows split perfectly at x = 0: without a penalty the weight would
  // grow forever. With lambda > 0 the minimiser exists, and since
  // f(w*) <= f(0, b*) <= n log 2 + 0, (lambda / 2) ||w*||^2 <= n log 2.
  const int n = 200;
  Eigen::MatrixXd raw(n, 2);
  Eigen::VectorXd labels(n);
  for (int i = 0; i < n; ++i) {
    raw(i, 0) = i - 99.5;
    raw(i, 1) = (i * 37) % 11;  // an irrelevant feature
    labels[i] = raw(i, 0) > 0 ? 1 : 0;
  }
  for (double lambda : {0.01, 1.0, 100.0}) {
    TrainOptions options;
    options.l2_penalty = lambda;
    absl::StatusOr<TrainResult> result =
        TrainLogistic({"x", "noise"}, raw, labels, options);
    ASSERT_THAT(result, IsOk()) << lambda;
    EXPECT_LE(result->gradient_norm, 1e-8);
    const double w0 = result->params.weights(0);
    const double w1 = result->params.weights(1);
    EXPECT_TRUE(std::isfinite(w0));
    EXPECT_GT(w0, 0);
    EXPECT_LE(0.5 * lambda * (w0 * w0 + w1 * w1), n * std::log(2.0));
  }
}

TEST(TrainLogisticTest, ReportsNonConvergenceWithTheGradientNorm) {
  Eigen::VectorXd beta(2);
  beta << 2.0, -1.0;
  const Synthetic data = Draw(beta, 0.0, 1'000, 19);
  TrainOptions options;
  options.max_iterations = 1;
  EXPECT_THAT(TrainLogistic(Names(2), data.raw, data.labels, options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("did not converge in 1 iterations: gradient "
                                 "norm")));
}

class TrainLogisticErrorTest : public ::testing::Test {
 protected:
  TrainLogisticErrorTest() : raw_(4, 2), labels_(4) {
    raw_ << 1, 0,  //
        2, 1,      //
        3, 0,      //
        4, 1;
    labels_ << 0, 1, 1, 0;
  }
  absl::StatusOr<TrainResult> Train(
      const TrainOptions& options = TrainOptions()) {
    return TrainLogistic({"age", "boarding"}, raw_, labels_, options);
  }
  Eigen::MatrixXd raw_;
  Eigen::VectorXd labels_;
};

TEST_F(TrainLogisticErrorTest, TheFixtureItselfTrains) {
  EXPECT_THAT(Train(), IsOk());
}

TEST_F(TrainLogisticErrorTest, RejectsEmptyData) {
  raw_.resize(0, 2);
  labels_.resize(0);
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("no rows")));
  EXPECT_THAT(
      TrainLogistic({}, Eigen::MatrixXd(4, 0), Eigen::VectorXd(4),
                    TrainOptions()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no features")));
}

TEST_F(TrainLogisticErrorTest, RejectsRowsAndLabelsMismatch) {
  labels_.resize(3);
  labels_ << 0, 1, 0;
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("4 rows but 3 labels")));
}

TEST_F(TrainLogisticErrorTest, RejectsColumnsAndNamesMismatch) {
  EXPECT_THAT(TrainLogistic({"age"}, raw_, labels_, TrainOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("2 columns but 1 feature names")));
}

TEST_F(TrainLogisticErrorTest, RejectsLabelsOtherThanZeroOrOne) {
  labels_[2] = 0.5;
  EXPECT_THAT(
      Train(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("label of row 2 is 0.5; labels must be 0 or 1")));
  labels_[2] = kNaN;
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("label of row 2")));
}

TEST_F(TrainLogisticErrorTest, RejectsDataWithoutPositives) {
  labels_.setZero();
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("no positive labels")));
}

TEST_F(TrainLogisticErrorTest, RejectsDataWithoutNegatives) {
  labels_.setOnes();
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("no negative labels")));
}

TEST_F(TrainLogisticErrorTest, RejectsInfiniteValuesNamingTheFeature) {
  raw_(1, 0) = std::numeric_limits<double>::infinity();
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("feature age")));
}

TEST_F(TrainLogisticErrorTest, RejectsConstantFeatureNamingIt) {
  raw_.col(1).setConstant(1);
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("feature boarding: training values "
                                          "are constant")));
}

TEST_F(TrainLogisticErrorTest, RejectsAllMissingFeatureNamingIt) {
  raw_.col(1).setConstant(kNaN);
  EXPECT_THAT(Train(), StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("feature boarding: every training "
                                          "value is missing")));
}

TEST_F(TrainLogisticErrorTest, RejectsInvalidOptions) {
  TrainOptions options;
  options.l2_penalty = -1;
  EXPECT_THAT(Train(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("l2_penalty")));
  options = TrainOptions();
  options.max_iterations = 0;
  EXPECT_THAT(Train(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("max_iterations")));
  options = TrainOptions();
  options.gradient_tolerance = 0;
  EXPECT_THAT(Train(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("gradient_tolerance")));
  options = TrainOptions();
  options.positive_class_weight = 0;
  EXPECT_THAT(Train(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("positive_class_weight")));
}

// The objective's derivatives agree with finite differences.
TEST(LogisticObjectiveTest, GradientAndHessianMatchFiniteDifferences) {
  Eigen::VectorXd beta(3);
  beta << 1, -1, 0.5;
  const Synthetic data = Draw(beta, 0.2, 300, 23);
  const FeatureSpec spec = *FeatureSpec::FromTrainingData(Names(3), data.raw);
  const Eigen::MatrixXd z = spec.Standardize(data.raw);
  const Eigen::VectorXd c =
      (data.labels.array() == 1).select(1.7, Eigen::ArrayXd::Ones(300));
  const LogisticObjective objective(z, data.labels, c, 2.5);
  ASSERT_EQ(objective.dimension(), 4);
  Eigen::VectorXd theta(4);
  theta << 0.3, -0.2, 0.1, -0.4;
  const Eigen::VectorXd gradient =
      objective.Gradient(theta, objective.Margins(theta));
  const Eigen::MatrixXd hessian = objective.Hessian(objective.Margins(theta));
  const double h = 1e-5;
  for (int k = 0; k < 4; ++k) {
    Eigen::VectorXd plus = theta, minus = theta;
    plus[k] += h;
    minus[k] -= h;
    const double numeric = (objective.Value(plus, objective.Margins(plus)) -
                            objective.Value(minus, objective.Margins(minus))) /
                           (2 * h);
    EXPECT_NEAR(gradient[k], numeric, 1e-5 * (1 + std::abs(numeric))) << k;
    const Eigen::VectorXd numeric_column =
        (objective.Gradient(plus, objective.Margins(plus)) -
         objective.Gradient(minus, objective.Margins(minus))) /
        (2 * h);
    EXPECT_TRUE(hessian.col(k).isApprox(numeric_column, 1e-6)) << k;
  }
  EXPECT_TRUE(hessian.isApprox(hessian.transpose()));
}

// Big data are split into row ranges (run in parallel): the fused Newton
// pass still equals its parts, computed directly from the definitions.
TEST(LogisticObjectiveTest, FusedPassOnPartitionedRowsMatchesDefinitions) {
  const int n = 300000;  // more than one partition
  ASSERT_GT(RowPartitions(n).count(), 1);
  Eigen::VectorXd beta(3);
  beta << 0.8, -1, 0.5;
  const Synthetic data = Draw(beta, -1.0, n, 31);
  const FeatureSpec spec = *FeatureSpec::FromTrainingData(Names(3), data.raw);
  const Eigen::MatrixXd z = spec.Standardize(data.raw);
  const Eigen::VectorXd c =
      (data.labels.array() == 1).select(2.0, Eigen::ArrayXd::Ones(n));
  const LogisticObjective objective(z, data.labels, c, 1.5);
  Eigen::VectorXd theta(4);
  theta << 0.3, -0.2, 0.1, -0.4;
  Eigen::VectorXd margins;
  objective.MarginsInto(theta, &margins);
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
  objective.GradientAndHessian(theta, margins, &gradient, &hessian);

  Eigen::MatrixXd design(n, 4);
  design << z, Eigen::VectorXd::Ones(n);
  const Eigen::VectorXd direct_margins = design * theta;
  EXPECT_TRUE(margins.isApprox(direct_margins, 1e-12));
  const Eigen::ArrayXd p = Sigmoid(direct_margins.array());
  Eigen::VectorXd penalty = 1.5 * theta;
  penalty[3] = 0;
  const Eigen::VectorXd direct_gradient =
      design.transpose() * (c.array() * (p - data.labels.array())).matrix() +
      penalty;
  Eigen::MatrixXd direct_hessian =
      design.transpose() * (c.array() * p * (1 - p)).matrix().asDiagonal() *
      design;
  direct_hessian.topLeftCorner(3, 3).diagonal().array() += 1.5;
  EXPECT_TRUE(gradient.isApprox(direct_gradient, 1e-10));
  EXPECT_TRUE(hessian.isApprox(direct_hessian, 1e-10));
  EXPECT_TRUE(hessian.isApprox(objective.Hessian(margins), 1e-14));
  EXPECT_TRUE(gradient.isApprox(objective.Gradient(theta, margins), 1e-12));
  const double direct_value =
      (c.array() *
       LogLoss1p(
           ((2 * data.labels.array() - 1) * direct_margins.array()).eval()))
          .sum() +
      0.75 * theta.head(3).squaredNorm();
  EXPECT_NEAR(objective.Value(theta, margins), direct_value,
              1e-12 * direct_value);
}

// The warm start from a sample changes where Newton starts, not where it
// ends: the same solution, to the same stopping rule, in fewer full steps.
TEST(TrainLogisticTest, WarmStartFromASampleReachesTheSameSolution) {
  Eigen::VectorXd beta(4);
  beta << 0.8, -1, 0.5, 1.2;
  const Synthetic data = Draw(beta, -2.0, 250000, 37);
  TrainOptions cold;
  cold.warm_start_from_sample = false;
  TrainOptions warm;
  absl::StatusOr<TrainResult> from_cold =
      TrainLogistic(Names(4), data.raw, data.labels, cold);
  absl::StatusOr<TrainResult> from_warm =
      TrainLogistic(Names(4), data.raw, data.labels, warm);
  ASSERT_THAT(from_cold.status(), IsOk());
  ASSERT_THAT(from_warm.status(), IsOk());
  EXPECT_EQ(from_cold->sample_iterations, 0);
  EXPECT_GT(from_warm->sample_iterations, 0);
  EXPECT_LT(from_warm->iterations, from_cold->iterations);
  EXPECT_LE(from_warm->gradient_norm, warm.gradient_tolerance);
  for (int j = 0; j < 4; ++j) {
    EXPECT_NEAR(from_warm->params.weights(j), from_cold->params.weights(j),
                1e-9 * std::abs(from_cold->params.weights(j)))
        << j;
  }
  EXPECT_NEAR(from_warm->params.intercept(), from_cold->params.intercept(),
              1e-9 * std::abs(from_cold->params.intercept()));
}

TEST(RowPartitionsTest, RangesCoverEveryRowOnceInOrder) {
  for (Eigen::Index n :
       {Eigen::Index{0}, Eigen::Index{10}, Eigen::Index{1000003}}) {
    const RowPartitions partitions(n);
    Eigen::Index next = 0;
    std::vector<int> runs(static_cast<size_t>(partitions.count()), 0);
    for (int p = 0; p < partitions.count(); ++p) {
      EXPECT_EQ(partitions.begin(p), next);
      next = partitions.end(p);
    }
    EXPECT_EQ(next, n);
    partitions.Run([&](int p) { ++runs[static_cast<size_t>(p)]; });
    for (int r : runs) EXPECT_EQ(r, 1);
  }
  EXPECT_EQ(RowPartitions(10).count(), 1);  // small data: no threads
}

}  // namespace
}  // namespace baoxue::model
