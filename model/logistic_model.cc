#include "model/logistic_model.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/sigmoid.h"

namespace baoxue::model {

RiskModel::RiskModel(baoxue::v1::ModelParams params, FeatureSpec spec,
                     Eigen::VectorXd weights)
    : params_(std::move(params)),
      spec_(std::move(spec)),
      weights_(std::move(weights)) {}

absl::StatusOr<std::shared_ptr<const RiskModel>> RiskModel::Create(
    const baoxue::v1::ModelParams& params) {
  BAOXUE_ASSIGN_OR_RETURN(FeatureSpec spec,
                          FeatureSpec::FromProto(params.features()));
  if (params.weights_size() != spec.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("model has ", params.weights_size(), " weights but ",
                     spec.size(), " features"));
  }
  if (!std::isfinite(params.intercept())) {
    return absl::InvalidArgumentError(
        absl::StrCat("model intercept ", params.intercept(), " is not finite"));
  }
  Eigen::VectorXd weights(spec.size());
  for (int j = 0; j < spec.size(); ++j) {
    if (!std::isfinite(params.weights(j))) {
      return absl::InvalidArgumentError(
          absl::StrCat("weight of feature ", spec.names()[j], ": ",
                       params.weights(j), " is not finite"));
    }
    weights[j] = params.weights(j);
  }
  const double medium = params.thresholds().medium();
  const double high = params.thresholds().high();
  // Written as negations so NaN thresholds fail too.
  if (!(0.0 <= medium && medium <= high && high <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("tier thresholds must satisfy 0 <= medium <= high <= 1; "
                     "got medium ",
                     medium, ", high ", high));
  }
  return std::shared_ptr<const RiskModel>(
      new RiskModel(params, std::move(spec), std::move(weights)));
}

Eigen::VectorXd RiskModel::Score(
    const Eigen::Ref<const Eigen::MatrixXd>& raw_features) const {
  Eigen::VectorXd margins = spec_.Standardize(raw_features) * weights_;
  margins.array() += intercept();
  return Sigmoid(margins.array()).matrix();
}

RiskModel::Tier RiskModel::TierOf(double probability) const {
  if (probability >= params_.thresholds().high()) return Tier::kHigh;
  if (probability >= params_.thresholds().medium()) return Tier::kMedium;
  return Tier::kLow;
}

Eigen::MatrixXd RiskModel::Contributions(
    const Eigen::Ref<const Eigen::MatrixXd>& raw) const {
  return spec_.Standardize(raw) * weights_.asDiagonal();
}

std::vector<RiskModel::Contribution> RiskModel::Explain(
    const Eigen::Ref<const Eigen::RowVectorXd>& raw_row,
    int max_reasons) const {
  assert(raw_row.size() == spec_.size());
  const Eigen::RowVectorXd contributions = Contributions(raw_row).row(0);
  std::vector<Contribution> out;
  ExplainRow(raw_row, contributions, max_reasons, &out);
  return out;
}

void RiskModel::ExplainRow(
    const Eigen::Ref<const Eigen::RowVectorXd>& raw_row,
    const Eigen::Ref<const Eigen::RowVectorXd>& contributions, int max_reasons,
    std::vector<Contribution>* out) const {
  assert(raw_row.size() == spec_.size());
  assert(contributions.size() == spec_.size());
  out->clear();
  for (int j = 0; j < spec_.size(); ++j) {
    const double value = raw_row[j];
    if (!std::isnan(value) && contributions[j] > 0) {
      out->push_back({j, value, contributions[j], false});
    }
  }
  // Stable insertion sort, largest first: at most spec().size() entries,
  // and unlike std::stable_sort it never allocates a buffer.
  for (size_t i = 1; i < out->size(); ++i) {
    const Contribution c = (*out)[i];
    size_t k = i;
    for (; k > 0 && (*out)[k - 1].contribution < c.contribution; --k) {
      (*out)[k] = (*out)[k - 1];
    }
    (*out)[k] = c;
  }
  out->resize(std::min<size_t>(out->size(), std::max(max_reasons, 0)));
  for (int j = 0; j < spec_.size(); ++j) {
    if (std::isnan(raw_row[j])) out->push_back({j, raw_row[j], 0.0, true});
  }
}

}  // namespace baoxue::model
