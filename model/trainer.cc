#include "model/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "Eigen/Cholesky"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/feature_spec.h"
#include "model/metrics.h"
#include "model/sigmoid.h"

namespace baoxue::model {
namespace {

// Rows per block of the gradient and Hessian pass: a block of Z (18
// features: 290 KB) stays in cache between its two products.
constexpr Eigen::Index kBlockRows = 2048;
// Big data are split into this many fixed row ranges, summed in range order:
// the result is the same however many cores run the ranges.
constexpr int kPartitions = 4;
constexpr Eigen::Index kMinPartitionRows = 65536;
// Warm start: from this many rows, every kSampleStride-th row is fitted
// first, loosely (a mean gradient of kSampleTolerance per sampled row: the
// sample optimum is only an approximation of the full one anyway).
constexpr Eigen::Index kWarmStartRows = 200000;
constexpr Eigen::Index kSampleStride = 10;
constexpr double kSampleTolerance = 1e-3;
// Armijo sufficient-decrease constant and step halvings (liblinear: 0.01).
constexpr double kArmijo = 0.01;
constexpr int kMaxHalvings = 40;
// Below this predicted decrease (relative to |f|) f's rounding noise swamps
// the Armijo test, and a full Newton step is taken regardless.
constexpr double kNoiseDecrease = 1e-10;
// Share of training rows placed in HIGH, and in MEDIUM or above.
constexpr double kHighShare = 0.05;
constexpr double kMediumShare = 0.15;

absl::Status ValidateOptions(const TrainOptions& options) {
  if (!(options.l2_penalty >= 0) || !std::isfinite(options.l2_penalty)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "l2_penalty must be finite and >= 0; got ", options.l2_penalty));
  }
  if (options.max_iterations < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_iterations must be >= 1; got ", options.max_iterations));
  }
  if (!(options.gradient_tolerance > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "gradient_tolerance must be > 0; got ", options.gradient_tolerance));
  }
  if (!(options.positive_class_weight > 0) ||
      !std::isfinite(options.positive_class_weight)) {
    return absl::InvalidArgumentError(
        absl::StrCat("positive_class_weight must be finite and > 0; got ",
                     options.positive_class_weight));
  }
  return absl::OkStatus();
}

absl::Status ValidateData(const std::vector<std::string>& feature_names,
                          const Eigen::Ref<const Eigen::MatrixXd>& raw,
                          const Eigen::Ref<const Eigen::VectorXd>& labels) {
  if (raw.rows() == 0) {
    return absl::InvalidArgumentError("training data has no rows");
  }
  if (feature_names.empty()) {
    return absl::InvalidArgumentError("training data has no features");
  }
  if (raw.cols() != static_cast<Eigen::Index>(feature_names.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("training data has ", raw.cols(), " columns but ",
                     feature_names.size(), " feature names"));
  }
  if (labels.size() != raw.rows()) {
    return absl::InvalidArgumentError(absl::StrCat("training data has ",
                                                   raw.rows(), " rows but ",
                                                   labels.size(), " labels"));
  }
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0.0 && labels[i] != 1.0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "label of row ", i, " is ", labels[i], "; labels must be 0 or 1"));
    }
  }
  const double positives = labels.sum();
  if (positives == 0) {
    return absl::InvalidArgumentError(
        "training data has no positive labels (1)");
  }
  if (positives == static_cast<double>(labels.size())) {
    return absl::InvalidArgumentError(
        "training data has no negative labels (0)");
  }
  return absl::OkStatus();
}

}  // namespace

RowPartitions::RowPartitions(Eigen::Index rows)
    : rows_(rows),
      count_(rows >= kPartitions * kMinPartitionRows ? kPartitions : 1) {}

void RowPartitions::Run(const std::function<void(int)>& fn) const {
  const int threads = std::min<int>(
      count_,
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) {
    workers.emplace_back([&fn, t, threads, this] {
      for (int p = t; p < count_; p += threads) fn(p);
    });
  }
  for (int p = 0; p < count_; p += threads) fn(p);
  for (std::thread& worker : workers) worker.join();
}

namespace {

struct NewtonResult {
  Eigen::VectorXd theta;
  Eigen::VectorXd margins;  // at theta
  int iterations;
  double gradient_norm;
  double objective;
};

// Newton's method with Armijo backtracking on a convex objective. The n-sized
// buffers are made once and reused: fresh ones every step used to cost more
// (page faults) than the maths.
absl::StatusOr<NewtonResult> MinimizeByNewton(
    const LogisticObjective& objective, Eigen::VectorXd theta,
    const TrainOptions& options) {
  const bool unpenalised = options.l2_penalty == 0;
  Eigen::VectorXd margins;
  Eigen::VectorXd candidate_margins;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
  Eigen::LDLT<Eigen::MatrixXd> factor(objective.dimension());
  objective.MarginsInto(theta, &margins);
  double value = objective.Value(theta, margins);
  for (int iteration = 0;; ++iteration) {
    if (!std::isfinite(value) || !theta.allFinite()) {
      return absl::FailedPreconditionError(
          "training diverged (non-finite objective); the data may be "
          "separable: use l2_penalty > 0");
    }
    // The Hessian comes with the gradient (one pass over the rows); on the
    // last iteration it is not needed, which costs less than a second pass.
    objective.GradientAndHessian(theta, margins, &gradient, &hessian);
    const double gradient_norm = gradient.norm();
    if (gradient_norm <= options.gradient_tolerance) {
      return NewtonResult{std::move(theta), std::move(margins), iteration,
                          gradient_norm, value};
    }
    // Any theta classifying every row strictly correctly proves the data
    // separable: then f has no minimiser without a penalty.
    if (unpenalised && objective.SeparatesAllRows(margins)) {
      return absl::FailedPreconditionError(
          "training data are perfectly separable; use l2_penalty > 0");
    }
    if (iteration == options.max_iterations) {
      return absl::FailedPreconditionError(
          absl::StrCat("training did not converge in ", options.max_iterations,
                       " iterations: gradient norm ", gradient_norm,
                       " > tolerance ", options.gradient_tolerance));
    }
    const Eigen::VectorXd step = -factor.compute(hessian).solve(gradient);
    const double slope = gradient.dot(step);  // < 0 for a descent direction
    if (!step.allFinite() || !(slope < 0)) {
      return absl::FailedPreconditionError(
          "training diverged (singular Hessian); the data may be separable "
          "or features collinear: use l2_penalty > 0");
    }
    double alpha = 1.0;
    bool accepted = false;
    for (int halving = 0; halving <= kMaxHalvings; ++halving) {
      Eigen::VectorXd candidate = theta + alpha * step;
      objective.MarginsInto(candidate, &candidate_margins);
      const double candidate_value =
          objective.Value(candidate, candidate_margins);
      const bool sufficient =
          candidate_value <= value + kArmijo * alpha * slope;
      const bool in_noise =
          halving == 0 && -slope <= kNoiseDecrease * (1.0 + std::abs(value));
      if (sufficient || in_noise) {
        theta = std::move(candidate);
        margins.swap(candidate_margins);
        value = candidate_value;
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) {
      return absl::FailedPreconditionError(absl::StrCat(
          "training stalled: line search failed with gradient norm ",
          gradient_norm));
    }
  }
}

// The optimum of every kSampleStride-th row, with the penalty scaled to the
// sample's share of the rows, so that it approximates the full optimum.
absl::StatusOr<NewtonResult> FitSample(const Eigen::MatrixXd& z,
                                       const Eigen::VectorXd& labels,
                                       const Eigen::VectorXd& row_weights,
                                       Eigen::VectorXd theta,
                                       const TrainOptions& options) {
  const Eigen::Index m = (z.rows() + kSampleStride - 1) / kSampleStride;
  const Eigen::MatrixXd sample_z =
      Eigen::Map<const Eigen::MatrixXd, 0,
                 Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>(
          z.data(), m, z.cols(),
          Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(z.outerStride(),
                                                        kSampleStride));
  const Eigen::VectorXd sample_labels =
      Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<>>(
          labels.data(), m, Eigen::InnerStride<>(kSampleStride));
  const Eigen::VectorXd sample_weights =
      Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<>>(
          row_weights.data(), m, Eigen::InnerStride<>(kSampleStride));
  TrainOptions sample_options = options;
  sample_options.l2_penalty = options.l2_penalty * static_cast<double>(m) /
                              static_cast<double>(z.rows());
  sample_options.gradient_tolerance = kSampleTolerance * static_cast<double>(m);
  const LogisticObjective sample(sample_z, sample_labels, sample_weights,
                                 sample_options.l2_penalty);
  return MinimizeByNewton(sample, std::move(theta), sample_options);
}

}  // namespace

LogisticObjective::LogisticObjective(const Eigen::MatrixXd& z,
                                     const Eigen::VectorXd& labels,
                                     const Eigen::VectorXd& row_weights,
                                     double l2_penalty)
    : z_(z),
      labels_(labels),
      row_weights_(row_weights),
      l2_penalty_(l2_penalty),
      partitions_(z.rows()) {}

Eigen::VectorXd LogisticObjective::Margins(const Eigen::VectorXd& theta) const {
  Eigen::VectorXd margins;
  MarginsInto(theta, &margins);
  return margins;
}

void LogisticObjective::MarginsInto(const Eigen::VectorXd& theta,
                                    Eigen::VectorXd* margins) const {
  const Eigen::Index d = z_.cols();
  margins->resize(z_.rows());
  partitions_.Run([&](int p) {
    const Eigen::Index begin = partitions_.begin(p);
    const Eigen::Index rows = partitions_.end(p) - begin;
    auto out = margins->segment(begin, rows);
    out.noalias() = z_.middleRows(begin, rows) * theta.head(d);
    out.array() += theta[d];
  });
}

double LogisticObjective::Value(const Eigen::VectorXd& theta,
                                const Eigen::VectorXd& margins) const {
  // LogLoss1p(y' m) = max(-y' m, 0) + log1p(exp(-|m|)) as one lazy
  // expression: no n-sized temporaries.
  std::vector<double> losses(static_cast<size_t>(partitions_.count()));
  partitions_.Run([&](int p) {
    const Eigen::Index begin = partitions_.begin(p);
    const Eigen::Index rows = partitions_.end(p) - begin;
    const auto m = margins.segment(begin, rows).array();
    const auto y = labels_.segment(begin, rows).array();
    losses[static_cast<size_t>(p)] =
        (row_weights_.segment(begin, rows).array() *
         ((-(2.0 * y - 1.0) * m).max(0.0) + (-m.abs()).exp().log1p()))
            .sum();
  });
  double loss = 0;
  for (double partial : losses) loss += partial;
  return loss + 0.5 * l2_penalty_ * theta.head(z_.cols()).squaredNorm();
}

Eigen::VectorXd LogisticObjective::Gradient(
    const Eigen::VectorXd& theta, const Eigen::VectorXd& margins) const {
  const Eigen::Index d = z_.cols();
  const Eigen::VectorXd residuals =
      (row_weights_.array() * (Sigmoid(margins.array()) - labels_.array()))
          .matrix();
  Eigen::VectorXd gradient(d + 1);
  gradient.head(d).noalias() = z_.transpose() * residuals;
  gradient.head(d) += l2_penalty_ * theta.head(d);
  gradient[d] = residuals.sum();
  return gradient;
}

bool LogisticObjective::SeparatesAllRows(const Eigen::VectorXd& margins) const {
  return ((2.0 * labels_.array() - 1.0) * margins.array() > 0).all();
}

void LogisticObjective::AccumulateRows(const Eigen::VectorXd& margins,
                                       Eigen::VectorXd* residual_sums,
                                       Eigen::MatrixXd* curvature_sums) const {
  const Eigen::Index d = z_.cols();
  std::vector<Eigen::VectorXd> residual_parts(
      static_cast<size_t>(partitions_.count()));
  std::vector<Eigen::MatrixXd> curvature_parts(
      static_cast<size_t>(partitions_.count()));
  partitions_.Run([&](int p) {
    AccumulateRowRange(margins, partitions_.begin(p), partitions_.end(p),
                       residual_sums == nullptr
                           ? nullptr
                           : &residual_parts[static_cast<size_t>(p)],
                       &curvature_parts[static_cast<size_t>(p)]);
  });
  if (residual_sums != nullptr) residual_sums->setZero(d + 1);
  curvature_sums->setZero(d + 1, d + 1);
  for (int p = 0; p < partitions_.count(); ++p) {
    if (residual_sums != nullptr) {
      *residual_sums += residual_parts[static_cast<size_t>(p)];
    }
    *curvature_sums += curvature_parts[static_cast<size_t>(p)];
  }
}

void LogisticObjective::AccumulateRowRange(
    const Eigen::VectorXd& margins, Eigen::Index first, Eigen::Index last,
    Eigen::VectorXd* residual_sums, Eigen::MatrixXd* curvature_sums) const {
  const Eigen::Index d = z_.cols();
  if (residual_sums != nullptr) residual_sums->setZero(d + 1);
  curvature_sums->setZero(d + 1, d + 1);
  const Eigen::Index block =
      std::max<Eigen::Index>(1, std::min(kBlockRows, last - first));
  Eigen::ArrayXd e(block);
  Eigen::ArrayXd residuals(block);
  Eigen::ArrayXd root_curvature(block);
  // [Z 1] scaled by sqrt(D), block by block: its rank update gives the
  // intercept's row and corner too, and costs half a general product.
  Eigen::MatrixXd scaled(block, d + 1);
  for (Eigen::Index start = first; start < last; start += block) {
    const Eigen::Index rows = std::min(block, last - start);
    const auto m = margins.segment(start, rows).array();
    const auto c = row_weights_.segment(start, rows).array();
    auto exp_abs = e.head(rows);
    exp_abs = (-m.abs()).exp();  // the row's only exp()
    const auto plus = 1.0 + exp_abs;
    // sigmoid(m) = 1/(1+e) for m >= 0, e/(1+e) otherwise, e = exp(-|m|);
    // sigmoid(m) sigmoid(-m) = e/(1+e)^2, accurate in both tails.
    root_curvature.head(rows) = (c * exp_abs).sqrt() / plus;
    auto block_z = z_.middleRows(start, rows);
    if (residual_sums != nullptr) {
      const auto y = labels_.segment(start, rows).array();
      residuals.head(rows) =
          c * ((m >= 0).select(1.0 / plus, exp_abs / plus) - y);
      residual_sums->head(d).noalias() +=
          block_z.transpose() * residuals.head(rows).matrix();
      (*residual_sums)[d] += residuals.head(rows).sum();
    }
    scaled.topLeftCorner(rows, d) =
        block_z.array().colwise() * root_curvature.head(rows);
    scaled.col(d).head(rows) = root_curvature.head(rows).matrix();
    curvature_sums->selfadjointView<Eigen::Lower>().rankUpdate(
        scaled.topRows(rows).transpose());
  }
}

void LogisticObjective::GradientAndHessian(const Eigen::VectorXd& theta,
                                           const Eigen::VectorXd& margins,
                                           Eigen::VectorXd* gradient,
                                           Eigen::MatrixXd* hessian) const {
  const Eigen::Index d = z_.cols();
  AccumulateRows(margins, gradient, hessian);
  gradient->head(d) += l2_penalty_ * theta.head(d);
  hessian->triangularView<Eigen::StrictlyUpper>() = hessian->transpose();
  hessian->topLeftCorner(d, d).diagonal().array() += l2_penalty_;
}

Eigen::MatrixXd LogisticObjective::Hessian(
    const Eigen::VectorXd& margins) const {
  const Eigen::Index d = z_.cols();
  Eigen::MatrixXd hessian;
  AccumulateRows(margins, nullptr, &hessian);
  hessian.triangularView<Eigen::StrictlyUpper>() = hessian.transpose();
  hessian.topLeftCorner(d, d).diagonal().array() += l2_penalty_;
  return hessian;
}

absl::StatusOr<TrainResult> TrainLogistic(
    std::vector<std::string> feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const TrainOptions& options) {
  BAOXUE_RETURN_IF_ERROR(ValidateOptions(options));
  BAOXUE_RETURN_IF_ERROR(ValidateData(feature_names, raw, labels));
  BAOXUE_ASSIGN_OR_RETURN(FeatureSpec spec, FeatureSpec::FromTrainingData(
                                                std::move(feature_names), raw));

  // Range by range on the objective's partitions: writing the n x d copy
  // is mostly page faults, which two cores take in parallel.
  Eigen::MatrixXd z(raw.rows(), raw.cols());
  const RowPartitions partitions(raw.rows());
  partitions.Run([&](int p) {
    const Eigen::Index begin = partitions.begin(p);
    const Eigen::Index rows = partitions.end(p) - begin;
    spec.StandardizeInto(raw.middleRows(begin, rows),
                         z.middleRows(begin, rows));
  });
  const Eigen::VectorXd y = labels;
  // Labels are exactly 0 or 1, so this is c_i = 1 or positive_class_weight.
  const Eigen::VectorXd row_weights =
      ((options.positive_class_weight - 1.0) * y.array() + 1.0).matrix();
  const LogisticObjective objective(z, y, row_weights, options.l2_penalty);

  // Start at w = 0 and the intercept-only optimum: the weighted base rate.
  const double positive_weight = (row_weights.array() * y.array()).sum();
  const double negative_weight = row_weights.sum() - positive_weight;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(objective.dimension());
  theta[spec.size()] = std::log(positive_weight / negative_weight);
  int sample_iterations = 0;
  if (options.warm_start_from_sample && z.rows() >= kWarmStartRows) {
    // Best effort: a sample that fails (e.g. separable) leaves the start.
    absl::StatusOr<NewtonResult> sample =
        FitSample(z, y, row_weights, theta, options);
    if (sample.ok()) {
      theta = std::move(sample->theta);
      sample_iterations = sample->iterations;
    }
  }

  BAOXUE_ASSIGN_OR_RETURN(
      NewtonResult solution,
      MinimizeByNewton(objective, std::move(theta), options));

  TrainResult result;
  result.iterations = solution.iterations;
  result.sample_iterations = sample_iterations;
  result.gradient_norm = solution.gradient_norm;
  result.objective = solution.objective;
  baoxue::v1::ModelParams& params = result.params;
  spec.ToProto(params.mutable_features());
  for (int j = 0; j < spec.size(); ++j) {
    params.add_weights(solution.theta[j]);
  }
  params.set_intercept(solution.theta[spec.size()]);
  params.set_l2_penalty(options.l2_penalty);
  const Eigen::VectorXd scores = Sigmoid(solution.margins.array()).matrix();
  *params.mutable_thresholds() =
      ThresholdsByShare(scores, kHighShare, kMediumShare);
  return result;
}

}  // namespace baoxue::model
