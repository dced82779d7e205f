#include "model/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "Eigen/Cholesky"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/feature_spec.h"
#include "model/metrics.h"
#include "model/sigmoid.h"
#include "model/status_macros.h"

namespace baoxue::model {
namespace {

// Rows per block when accumulating the Hessian (bounds the temporary).
constexpr Eigen::Index kHessianBlockRows = 4096;
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

struct NewtonResult {
  Eigen::VectorXd theta;
  int iterations;
  double gradient_norm;
  double objective;
};

// Newton's method with Armijo backtracking on a convex objective.
absl::StatusOr<NewtonResult> MinimizeByNewton(
    const LogisticObjective& objective, Eigen::VectorXd theta,
    const TrainOptions& options) {
  const bool unpenalised = options.l2_penalty == 0;
  Eigen::VectorXd margins = objective.Margins(theta);
  double value = objective.Value(theta, margins);
  for (int iteration = 0;; ++iteration) {
    if (!std::isfinite(value) || !theta.allFinite()) {
      return absl::FailedPreconditionError(
          "training diverged (non-finite objective); the data may be "
          "separable: use l2_penalty > 0");
    }
    const Eigen::VectorXd gradient = objective.Gradient(theta, margins);
    const double gradient_norm = gradient.norm();
    if (gradient_norm <= options.gradient_tolerance) {
      return NewtonResult{std::move(theta), iteration, gradient_norm, value};
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
    const Eigen::VectorXd step =
        -objective.Hessian(margins).ldlt().solve(gradient);
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
      Eigen::VectorXd candidate_margins = objective.Margins(candidate);
      const double candidate_value =
          objective.Value(candidate, candidate_margins);
      const bool sufficient =
          candidate_value <= value + kArmijo * alpha * slope;
      const bool in_noise =
          halving == 0 && -slope <= kNoiseDecrease * (1.0 + std::abs(value));
      if (sufficient || in_noise) {
        theta = std::move(candidate);
        margins = std::move(candidate_margins);
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

}  // namespace

LogisticObjective::LogisticObjective(const Eigen::MatrixXd& z,
                                     const Eigen::VectorXd& labels,
                                     const Eigen::VectorXd& row_weights,
                                     double l2_penalty)
    : z_(z),
      labels_(labels),
      row_weights_(row_weights),
      l2_penalty_(l2_penalty) {}

Eigen::VectorXd LogisticObjective::Margins(const Eigen::VectorXd& theta) const {
  const Eigen::Index d = z_.cols();
  Eigen::VectorXd margins = z_ * theta.head(d);
  margins.array() += theta[d];
  return margins;
}

double LogisticObjective::Value(const Eigen::VectorXd& theta,
                                const Eigen::VectorXd& margins) const {
  const Eigen::ArrayXd signed_margins =
      (2.0 * labels_.array() - 1.0) * margins.array();
  const double loss = (row_weights_.array() * LogLoss1p(signed_margins)).sum();
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

Eigen::MatrixXd LogisticObjective::Hessian(
    const Eigen::VectorXd& margins) const {
  const Eigen::Index n = z_.rows();
  const Eigen::Index d = z_.cols();
  // sigmoid(m) * sigmoid(-m) is accurate in both tails, unlike p * (1 - p).
  const Eigen::VectorXd curvature =
      (row_weights_.array() * Sigmoid(margins.array()) *
       Sigmoid((-margins).array().eval()))
          .matrix();
  Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(d + 1, d + 1);
  // Z' C Z as a symmetric rank update of the rows scaled by sqrt(c): half
  // the work of a general product, and Eigen's blocked kernel does it.
  const Eigen::ArrayXd root_curvature = curvature.array().sqrt();
  Eigen::MatrixXd scaled(std::min(kHessianBlockRows, n), d);
  for (Eigen::Index start = 0; start < n; start += kHessianBlockRows) {
    const Eigen::Index rows = std::min(kHessianBlockRows, n - start);
    scaled.topRows(rows) = z_.middleRows(start, rows).array().colwise() *
                           root_curvature.segment(start, rows);
    hessian.topLeftCorner(d, d).selfadjointView<Eigen::Lower>().rankUpdate(
        scaled.topRows(rows).transpose());
  }
  hessian.topLeftCorner(d, d).triangularView<Eigen::StrictlyUpper>() =
      hessian.topLeftCorner(d, d).transpose();
  hessian.topRightCorner(d, 1).noalias() = z_.transpose() * curvature;
  hessian.bottomLeftCorner(1, d) = hessian.topRightCorner(d, 1).transpose();
  hessian(d, d) = curvature.sum();
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

  const Eigen::MatrixXd z = spec.Standardize(raw);
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

  BAOXUE_ASSIGN_OR_RETURN(
      NewtonResult solution,
      MinimizeByNewton(objective, std::move(theta), options));

  TrainResult result;
  result.iterations = solution.iterations;
  result.gradient_norm = solution.gradient_norm;
  result.objective = solution.objective;
  baoxue::v1::ModelParams& params = result.params;
  spec.ToProto(params.mutable_features());
  for (int j = 0; j < spec.size(); ++j) {
    params.add_weights(solution.theta[j]);
  }
  params.set_intercept(solution.theta[spec.size()]);
  params.set_l2_penalty(options.l2_penalty);
  const Eigen::VectorXd scores =
      Sigmoid(objective.Margins(solution.theta).array()).matrix();
  *params.mutable_thresholds() =
      ThresholdsByShare(scores, kHighShare, kMediumShare);
  return result;
}

}  // namespace baoxue::model
