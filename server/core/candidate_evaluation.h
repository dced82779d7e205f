#ifndef BAOXUE_SERVER_CORE_CANDIDATE_EVALUATION_H_
#define BAOXUE_SERVER_CORE_CANDIDATE_EVALUATION_H_

// What a trained candidate is judged by before it is saved: its validation
// metrics beside the baselines, the fairness audit, the tier thresholds and
// how they were chosen, optional k-fold cross-validation; and the JSON the
// registry stores of each.

#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "baoxue/v1/model.pb.h"
#include "model/evaluation.h"
#include "model/fairness.h"
#include "model/thresholds.h"
#include "model/trainer.h"
#include "model/validation.h"
#include "server/store/training_data_store.h"

namespace baoxue::core {

// How the tier thresholds are chosen. Default: the training scores' top 5%
// (HIGH) and 15% (MEDIUM or above), as model/trainer sets them.
struct ThresholdRule {
  // Both set: the lowest thresholds reaching these precisions on validation.
  std::optional<double> high_precision;
  std::optional<double> medium_precision;
  // Both set: what every township's six heads can carry (cases at once).
  std::optional<int64_t> high_cases_per_township;
  std::optional<int64_t> medium_cases_per_township;
};

struct CandidateEvaluation {
  baoxue::v1::TierThresholds thresholds;  // the ones the model will use
  std::string threshold_method;
  std::optional<model::ThresholdChoice> threshold_choice;
  model::Evaluation model;  // on the validation snapshot
  std::vector<model::BaselineEvaluation> baselines;
  model::FairnessAudit fairness;
  std::optional<model::CrossValidation> cross_validation;
};

// Evaluates `candidate` (trained on `train_values`/`train_labels`) on the
// validation snapshot, choosing thresholds by `rule` and, with cv_folds >= 2,
// cross-validating on the training rows. `validation_scores` (may be null:
// the candidate scores the rows) are the scores to judge instead, e.g.
// out-of-fold ones. FAILED_PRECONDITION when a rule
// cannot be met (the message says why), INVALID_ARGUMENT for a bad rule.
absl::StatusOr<CandidateEvaluation> EvaluateCandidate(
    const baoxue::v1::ModelParams& candidate,
    const std::vector<std::string>& feature_names,
    const Eigen::MatrixXd& train_values, const Eigen::VectorXd& train_labels,
    const model::TrainOptions& train_options,
    const store::LabelledSnapshot& validation, const ThresholdRule& rule,
    int cv_folds, const Eigen::VectorXd* validation_scores = nullptr);

// JSON stored with the version (baoxue.models.metrics / fairness /
// thresholds): numbers as numbers, NaN as null.
std::string MetricsJson(const CandidateEvaluation& evaluation,
                        const model::TrainResult& trained, double train_auc);
std::string FairnessJson(const model::FairnessAudit& audit);
std::string ThresholdsJson(const CandidateEvaluation& evaluation);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CANDIDATE_EVALUATION_H_
