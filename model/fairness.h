#ifndef BAOXUE_MODEL_FAIRNESS_H_
#define BAOXUE_MODEL_FAIRNESS_H_

// Fairness audit: the validation metrics recomputed for each value of each
// protected or policy-relevant attribute (gender, ethnic minority,
// left-behind, disability, registered-poor household, township), with large
// gaps from the overall figures flagged by a fixed, documented rule
// (FairnessOptions; docs/evaluation.md "Fairness audit").
// Pure functions, thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "baoxue/v1/model.pb.h"
#include "model/evaluation.h"

namespace baoxue::model {

// One attribute: a name and one value per validation row, e.g.
// {"gender", {"女", "男", ...}}. The caller loads these (e.g. from the
// database); an empty string is reported as its own group.
struct GroupAttribute {
  std::string name;
  std::vector<std::string> values;
};

// A 0/1 flag column (e.g. a feature column) as an attribute: 1 -> "yes",
// 0 -> "no", NaN -> "missing", anything else -> its decimal text.
GroupAttribute FlagAttribute(std::string name,
                             const Eigen::Ref<const Eigen::VectorXd>& flags);

// The gap rule. A group is "small" (reported, never flagged) when it has
// fewer than min_group_rows rows or fewer than min_group_positives positives.
// Any other group is flagged for each of:
//  - AUC gap:         |AUC_group - AUC_overall| > max_auc_gap;
//  - recall gap:      |recall at HIGH, group - overall| > max_recall_gap
//                     (the share of the group's dropouts the HIGH tier finds);
//  - calibration gap: observed rate / mean predicted probability outside
//                     [1 / max_calibration_ratio, max_calibration_ratio]
//                     (the model systematically under- or over-states the
//                     group's risk).
struct FairnessOptions {
  int64_t min_group_rows = 100;
  int64_t min_group_positives = 10;
  double max_auc_gap = 0.05;
  double max_recall_gap = 0.10;
  double max_calibration_ratio = 1.5;  // > 1
};

// The metrics of one group and why (if at all) it is flagged.
struct GroupFairness {
  std::string attribute;  // GroupAttribute::name
  std::string value;      // the group's value
  // Group metrics (no curves, no top-k points). For gaps: the tier operating
  // points use the model's thresholds, so recall is "of this group's dropouts,
  // the share the county-wide HIGH tier flags".
  Evaluation evaluation;
  bool small = false;
  // One plain line per rule broken, e.g.
  // "AUC 0.712 vs 0.781 overall (gap 0.069 > 0.05)"; empty if none.
  std::vector<std::string> flags;
};

struct FairnessAudit {
  FairnessOptions options;  // the rule applied
  Evaluation overall;       // all rows, same settings as the groups
  // Attributes in the order given; groups within one attribute by value
  // (byte order).
  std::vector<GroupFairness> groups;
  int flagged_groups = 0;  // groups with at least one flag
};

// Audits probabilities `scores` against 0/1 `labels` under tier `thresholds`
// for every attribute.
// InvalidArgument: the conditions of Evaluate(), an attribute whose value
// count differs from the row count or whose name is empty or repeated, or
// bad options (negative minimums, negative gaps, ratio <= 1).
absl::StatusOr<FairnessAudit> AuditFairness(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const baoxue::v1::TierThresholds& thresholds,
    const std::vector<GroupAttribute>& attributes,
    const FairnessOptions& options = FairnessOptions());

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_FAIRNESS_H_
