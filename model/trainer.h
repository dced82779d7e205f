#ifndef BAOXUE_MODEL_TRAINER_H_
#define BAOXUE_MODEL_TRAINER_H_

// L2-regularised logistic regression, trained by Newton's method.
//
// The exact objective (reproducible elsewhere). Let Z be the training
// features standardised with the training data's own FeatureSpec (means and
// population standard deviations; NaN imputed as z = 0), y_i in {0, 1} the
// labels, y'_i = 2 y_i - 1 in {-1, +1}, and c_i the row weight
// (positive_class_weight if y_i = 1, else 1). Minimise over w in R^d, b in R:
//
//   f(w, b) = sum_i c_i * log(1 + exp(-y'_i * m_i)) + (lambda / 2) * ||w||^2,
//   m_i     = z_i . w + b,
//
// with lambda = l2_penalty. The loss is a sum (not a mean) over rows, so the
// penalty's relative strength shrinks as rows are added; the intercept b is
// NOT penalised.
//
// As in liblinear, the objective (value, gradient, Hessian) is separate from
// the optimiser (Newton / IRLS with Armijo backtracking, steps solved by LDLT).

#include <functional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "baoxue/v1/model.pb.h"

namespace baoxue::model {

// Fixed row ranges of n rows for the objective's passes over the data: one
// range below a few hundred thousand rows, else a constant number, run on up
// to as many threads as cores and always combined in range order (so the
// results do not depend on the machine).
class RowPartitions {
 public:
  explicit RowPartitions(Eigen::Index rows);
  int count() const { return count_; }
  Eigen::Index begin(int p) const { return rows_ * p / count_; }
  Eigen::Index end(int p) const { return rows_ * (p + 1) / count_; }
  // Calls fn(p) once for every range p; returns when all have returned.
  void Run(const std::function<void(int)>& fn) const;

 private:
  Eigen::Index rows_;
  int count_;
};

// The objective f above over theta = [w_0 .. w_{d-1}, b] on fixed data.
// Holds references: `z`, `labels` and `row_weights` must outlive it.
// Thread-safe for concurrent const use.
class LogisticObjective {
 public:
  // `z`: n x d standardised features; `labels`: n values in {0, 1};
  // `row_weights`: n values c_i > 0; `l2_penalty` = lambda >= 0.
  LogisticObjective(const Eigen::MatrixXd& z, const Eigen::VectorXd& labels,
                    const Eigen::VectorXd& row_weights, double l2_penalty);

  // d + 1 (the weights, then the intercept).
  int dimension() const { return static_cast<int>(z_.cols()) + 1; }

  // m = Z w + b for all rows.
  Eigen::VectorXd Margins(const Eigen::VectorXd& theta) const;
  // The same into `margins` (resized to n; no allocation when it already is).
  void MarginsInto(const Eigen::VectorXd& theta,
                   Eigen::VectorXd* margins) const;
  // f(theta), given m = Margins(theta).
  double Value(const Eigen::VectorXd& theta,
               const Eigen::VectorXd& margins) const;
  // grad f = [Z^T r + lambda w; sum r], r_i = c_i (sigmoid(m_i) - y_i).
  Eigen::VectorXd Gradient(const Eigen::VectorXd& theta,
                           const Eigen::VectorXd& margins) const;
  // Hessian = [Z 1]^T D [Z 1] + lambda diag(1, .., 1, 0),
  // D_ii = c_i sigmoid(m_i) (1 - sigmoid(m_i)). Accumulated over blocks of
  // rows, so memory stays O(d^2 + block * d) for a million rows.
  Eigen::MatrixXd Hessian(const Eigen::VectorXd& margins) const;
  // Gradient() and Hessian() together in one pass over Z's rows, block by
  // block while each block is in cache, with one exp() per row: what a
  // Newton step needs. Writes into `gradient` and `hessian` (resized).
  void GradientAndHessian(const Eigen::VectorXd& theta,
                          const Eigen::VectorXd& margins,
                          Eigen::VectorXd* gradient,
                          Eigen::MatrixXd* hessian) const;
  // True if every row lies strictly on its label's side (y'_i m_i > 0). Such
  // a theta proves the data separable: without a penalty f then has no
  // minimiser (it decreases forever along that direction).
  bool SeparatesAllRows(const Eigen::VectorXd& margins) const;

 private:
  // Sums over rows of [z_i 1]^T r_i into `residual_sums` (when not null) and
  // the lower triangle of [z_i 1]^T D_ii [z_i 1] into `curvature_sums`, both
  // zeroed first; no penalty.
  void AccumulateRows(const Eigen::VectorXd& margins,
                      Eigen::VectorXd* residual_sums,
                      Eigen::MatrixXd* curvature_sums) const;
  // The same over rows [first, last).
  void AccumulateRowRange(const Eigen::VectorXd& margins, Eigen::Index first,
                          Eigen::Index last, Eigen::VectorXd* residual_sums,
                          Eigen::MatrixXd* curvature_sums) const;

  const Eigen::MatrixXd& z_;
  const Eigen::VectorXd& labels_;
  const Eigen::VectorXd& row_weights_;
  const double l2_penalty_;
  const RowPartitions partitions_;
};

struct TrainOptions {
  // lambda in the objective; >= 0. 0 means plain maximum likelihood, which
  // fails on (perfectly) separable data.
  double l2_penalty = 1.0;
  // Newton iterations allowed before FailedPrecondition; >= 1.
  int max_iterations = 100;
  // Converged when the Euclidean norm of grad f (a sum over rows, so not
  // scale-free) is <= this; > 0.
  double gradient_tolerance = 1e-8;
  // c_i for rows labelled 1 (negatives weigh 1); finite and > 0.
  double positive_class_weight = 1.0;
  // With many rows (>= 200,000), start Newton from the optimum of every
  // tenth row (penalty scaled by the sample's share), which costs about one
  // full step and saves several. The solution and the stopping rule are the
  // same either way; off = start from the intercept-only optimum.
  bool warm_start_from_sample = true;
};

struct TrainResult {
  // Feature statistics, weights (on standardised features), intercept,
  // l2_penalty, and thresholds putting the top 5% of training rows in HIGH
  // and the top 15% in MEDIUM or above (ThresholdsByShare).
  baoxue::v1::ModelParams params;
  int iterations;             // Newton steps taken on all rows
  int sample_iterations = 0;  // Newton steps of the warm start, if any
  double gradient_norm;       // ||grad f|| at the returned solution
  double objective;           // f at the returned solution
};

// Fits the objective above to `raw` (rows = students, cols = feature_names,
// NaN = missing) and 0/1 `labels`.
// InvalidArgument: bad options, no rows or no features, raw/labels or
// raw/feature_names size mismatch, a label other than 0 or 1, no positive or
// no negative labels, a duplicated name, and (naming the feature) an infinite
// value or a constant or all-missing column.
// FailedPrecondition: perfectly separable data with l2_penalty == 0 ("use
// l2_penalty > 0"), numerical divergence, or no convergence within
// max_iterations (stating the gradient norm reached).
// Thread-safe (no shared state); the inputs are only read.
absl::StatusOr<TrainResult> TrainLogistic(
    std::vector<std::string> feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const TrainOptions& options);

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_TRAINER_H_
