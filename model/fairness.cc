#include "model/fairness.h"

#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace baoxue::model {
namespace {

absl::Status ValidateOptions(const FairnessOptions& options) {
  if (options.min_group_rows < 0 || options.min_group_positives < 0) {
    return absl::InvalidArgumentError(
        "fairness minimum group rows and positives must be >= 0");
  }
  if (!(options.max_auc_gap >= 0) || !(options.max_recall_gap >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("fairness gaps must be >= 0; got AUC ",
                     options.max_auc_gap, ", recall ", options.max_recall_gap));
  }
  if (!(options.max_calibration_ratio > 1) ||
      !std::isfinite(options.max_calibration_ratio)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_calibration_ratio must be finite and > 1; got ",
                     options.max_calibration_ratio));
  }
  return absl::OkStatus();
}

double MeanOf(const Eigen::VectorXd& v) {
  return v.size() == 0 ? std::nan("") : v.mean();
}

// The rule in FairnessOptions, as plain lines.
std::vector<std::string> Flags(const Evaluation& group,
                               double group_mean_predicted,
                               const Evaluation& overall,
                               const FairnessOptions& options) {
  std::vector<std::string> flags;
  const double auc_gap = std::abs(group.roc_auc - overall.roc_auc);
  if (auc_gap > options.max_auc_gap) {  // false when either AUC is NaN
    flags.push_back(absl::StrFormat(
        "AUC %.3f vs %.3f overall (gap %.3f > %.3g)", group.roc_auc,
        overall.roc_auc, auc_gap, options.max_auc_gap));
  }
  const double group_recall = group.at_tiers[0].recall;
  const double overall_recall = overall.at_tiers[0].recall;
  const double recall_gap = std::abs(group_recall - overall_recall);
  if (recall_gap > options.max_recall_gap) {
    flags.push_back(absl::StrFormat(
        "recall at HIGH %.1f%% vs %.1f%% overall (gap %.1f > %.3g points)",
        100 * group_recall, 100 * overall_recall, 100 * recall_gap,
        100 * options.max_recall_gap));
  }
  if (group_mean_predicted > 0) {
    const double ratio = group.prevalence / group_mean_predicted;
    if (ratio > options.max_calibration_ratio ||
        ratio < 1 / options.max_calibration_ratio) {
      flags.push_back(absl::StrFormat(
          "observed dropout rate %.2f%% vs %.2f%% predicted (ratio %.2f "
          "outside %.2f..%.2f)",
          100 * group.prevalence, 100 * group_mean_predicted, ratio,
          1 / options.max_calibration_ratio, options.max_calibration_ratio));
    }
  }
  return flags;
}

}  // namespace

GroupAttribute FlagAttribute(std::string name,
                             const Eigen::Ref<const Eigen::VectorXd>& flags) {
  GroupAttribute attribute{std::move(name), {}};
  attribute.values.reserve(static_cast<size_t>(flags.size()));
  for (Eigen::Index i = 0; i < flags.size(); ++i) {
    const double v = flags[i];
    attribute.values.push_back(std::isnan(v) ? "missing"
                               : v == 1.0    ? "yes"
                               : v == 0.0    ? "no"
                                             : absl::StrCat(v));
  }
  return attribute;
}

absl::StatusOr<FairnessAudit> AuditFairness(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const baoxue::v1::TierThresholds& thresholds,
    const std::vector<GroupAttribute>& attributes,
    const FairnessOptions& options) {
  BAOXUE_RETURN_IF_ERROR(ValidateOptions(options));
  EvaluationOptions evaluation_options;
  evaluation_options.top_shares.clear();
  evaluation_options.max_curve_points = 0;
  FairnessAudit audit;
  audit.options = options;
  BAOXUE_ASSIGN_OR_RETURN(
      audit.overall, Evaluate(scores, labels, thresholds, evaluation_options));
  evaluation_options.calibration_bins = 1;  // groups: calibration in the large

  std::set<std::string> seen;
  for (const GroupAttribute& attribute : attributes) {
    if (attribute.name.empty()) {
      return absl::InvalidArgumentError("a fairness attribute has no name");
    }
    if (!seen.insert(attribute.name).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "fairness attribute ", attribute.name, " is given twice"));
    }
    if (static_cast<Eigen::Index>(attribute.values.size()) != scores.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "fairness attribute ", attribute.name, " has ",
          attribute.values.size(), " values for ", scores.size(), " rows"));
    }
    std::map<std::string, std::vector<Eigen::Index>> rows_by_value;
    for (size_t i = 0; i < attribute.values.size(); ++i) {
      rows_by_value[attribute.values[i]].push_back(
          static_cast<Eigen::Index>(i));
    }
    for (const auto& [value, rows] : rows_by_value) {
      const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
      Eigen::VectorXd group_scores(n);
      Eigen::VectorXd group_labels(n);
      for (Eigen::Index k = 0; k < n; ++k) {
        group_scores[k] = scores[rows[static_cast<size_t>(k)]];
        group_labels[k] = labels[rows[static_cast<size_t>(k)]];
      }
      GroupFairness group;
      group.attribute = attribute.name;
      group.value = value;
      BAOXUE_ASSIGN_OR_RETURN(
          group.evaluation,
          Evaluate(group_scores, group_labels, thresholds, evaluation_options));
      group.small = group.evaluation.rows < options.min_group_rows ||
                    group.evaluation.positives < options.min_group_positives;
      if (!group.small) {
        group.flags = Flags(group.evaluation, MeanOf(group_scores),
                            audit.overall, options);
        if (!group.flags.empty()) ++audit.flagged_groups;
      }
      audit.groups.push_back(std::move(group));
    }
  }
  return audit;
}

}  // namespace baoxue::model
