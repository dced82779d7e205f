#ifndef BAOXUE_MODEL_LOGISTIC_MODEL_H_
#define BAOXUE_MODEL_LOGISTIC_MODEL_H_

#include <memory>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "baoxue/v1/model.pb.h"
#include "domain/vocabulary.h"
#include "model/feature_spec.h"

namespace baoxue::model {

// Scores feature rows with one immutable logistic model version:
//   z_j = (x_j - mean_j) / stddev_j   (z_j = 0 if x_j is NaN: mean imputation)
//   p   = sigmoid(intercept + sum_j weights[j] * z_j)
//
// Thread-safe: const after Create(); share it through
// std::shared_ptr<const RiskModel>.
//
// Raw matrices must have spec().size() columns in spec() order; that is
// checked by assertion only, so callers validate shapes and names at their
// boundary (e.g. against FeatureSpec::names()).
class RiskModel {
 public:
  using Tier = domain::RiskTier;

  // Why one student scores as they do: feature `feature` (index into spec())
  // with raw `value` (NaN if missing) adds `contribution` = w_j * z_j to the
  // log-odds, relative to a student at the training mean (contribution 0).
  // `imputed` is true when the value was missing and the mean was used.
  struct Contribution {
    int feature;
    double value;
    double contribution;
    bool imputed;
  };

  // Copies `params`. InvalidArgument if the feature statistics are invalid
  // (see FeatureSpec::FromProto), the weights count differs from the features
  // count, the intercept or a weight is non-finite, or the thresholds are not
  // 0 <= medium <= high <= 1. Each message names what is wrong.
  static absl::StatusOr<std::shared_ptr<const RiskModel>> Create(
      const baoxue::v1::ModelParams& params);

  // One probability in [0, 1] per row of `raw_features` (rows = students).
  // Never NaN or inf, even for huge margins; NaN inputs are imputed.
  Eigen::VectorXd Score(
      const Eigen::Ref<const Eigen::MatrixXd>& raw_features) const;

  // kHigh if probability >= high, else kMedium if >= medium, else kLow.
  Tier TierOf(double probability) const;

  // Per-feature log-odds contributions w_j * z_j (rows x features); imputed
  // cells are 0.
  Eigen::MatrixXd Contributions(
      const Eigen::Ref<const Eigen::MatrixXd>& raw) const;

  // The factors that raise this student's risk above the average student:
  // contributions > 0 only, largest first (ties by feature order), at most
  // `max_reasons` (<= 0 gives none of these).
  // Then, so reasons can say a value was missing (docs/design.md), every
  // imputed feature in spec order with contribution 0 and imputed = true;
  // these are not counted against `max_reasons`. Filter on `imputed` to drop
  // them.
  std::vector<Contribution> Explain(
      const Eigen::Ref<const Eigen::RowVectorXd>& raw_row,
      int max_reasons) const;

  // Explain() for a row whose contributions (the matching row of
  // Contributions()) are already computed, e.g. for a whole chunk of a risk
  // run at once. Replaces `*out` (not owned, non-null; its capacity is reused,
  // so a loop over rows does not allocate). Same order and rules as Explain().
  void ExplainRow(const Eigen::Ref<const Eigen::RowVectorXd>& raw_row,
                  const Eigen::Ref<const Eigen::RowVectorXd>& contributions,
                  int max_reasons, std::vector<Contribution>* out) const;

  const FeatureSpec& spec() const { return spec_; }
  const baoxue::v1::ModelParams& params() const { return params_; }
  const Eigen::VectorXd& weights() const { return weights_; }
  double intercept() const { return params_.intercept(); }

 private:
  RiskModel(baoxue::v1::ModelParams params, FeatureSpec spec,
            Eigen::VectorXd weights);

  baoxue::v1::ModelParams params_;
  FeatureSpec spec_;
  Eigen::VectorXd weights_;
};

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_LOGISTIC_MODEL_H_
