#include "server/core/candidate_evaluation.h"

#include <cmath>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "model/logistic_model.h"

namespace baoxue::core {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr uint64_t kFoldSeed = 20261122;

Value Number(double value) {
  Value out;
  if (std::isfinite(value)) {
    out.set_number_value(value);
  } else {
    out.set_null_value(google::protobuf::NULL_VALUE);
  }
  return out;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  // Structs of numbers, strings and lists always serialise.
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

Value PointJson(const model::OperatingPoint& point) {
  Value out;
  auto& fields = *out.mutable_struct_value()->mutable_fields();
  fields["label"].set_string_value(point.label);
  fields["threshold"] = Number(point.threshold);
  fields["share"] = Number(point.share);
  fields["precision"] = Number(point.precision);
  fields["recall"] = Number(point.recall);
  return out;
}

Value EvaluationJson(const model::Evaluation& evaluation) {
  Value out;
  auto& fields = *out.mutable_struct_value()->mutable_fields();
  fields["rows"] = Number(static_cast<double>(evaluation.rows));
  fields["positives"] = Number(static_cast<double>(evaluation.positives));
  fields["roc_auc"] = Number(evaluation.roc_auc);
  fields["pr_auc"] = Number(evaluation.pr_auc);
  fields["log_loss"] = Number(evaluation.log_loss);
  fields["brier"] = Number(evaluation.brier);
  auto* top = fields["at_top_share"].mutable_list_value();
  for (const auto& point : evaluation.at_top_share) {
    *top->add_values() = PointJson(point);
  }
  auto* tiers = fields["at_tiers"].mutable_list_value();
  for (const auto& point : evaluation.at_tiers) {
    *tiers->add_values() = PointJson(point);
  }
  auto* calibration = fields["calibration"].mutable_list_value();
  for (const model::CalibrationBin& bin : evaluation.calibration) {
    Value row;
    auto& b = *row.mutable_struct_value()->mutable_fields();
    b["min_score"] = Number(bin.min_score);
    b["max_score"] = Number(bin.max_score);
    b["rows"] = Number(static_cast<double>(bin.rows));
    b["positives"] = Number(static_cast<double>(bin.positives));
    b["mean_predicted"] = Number(bin.mean_predicted);
    b["observed_rate"] = Number(bin.observed_rate);
    *calibration->add_values() = std::move(row);
  }
  return out;
}

std::vector<std::string> YesNo(const std::vector<bool>& flags) {
  std::vector<std::string> out;
  out.reserve(flags.size());
  for (bool flag : flags) out.push_back(flag ? "yes" : "no");
  return out;
}

std::vector<model::GroupAttribute> FairnessAttributes(
    const store::GroupColumns& groups) {
  std::vector<model::GroupAttribute> attributes = {
      {"gender", groups.gender},
      {"ethnic_minority", YesNo(groups.ethnic_minority)},
      {"left_behind", YesNo(groups.left_behind)},
      {"disability", YesNo(groups.disability)},
      {"registered_poor", YesNo(groups.registered_poor)},
      {"township", groups.township_codes}};
  for (const auto& [name, values] : groups.extra) {
    attributes.push_back({name, values});
  }
  return attributes;
}

// The thresholds `rule` asks for on the validation scores, or nullopt for
// the default (keep the trainer's).
absl::StatusOr<std::optional<model::ThresholdChoice>> ChooseThresholds(
    const Eigen::VectorXd& scores, const store::LabelledSnapshot& validation,
    const ThresholdRule& rule) {
  const bool by_precision =
      rule.high_precision.has_value() || rule.medium_precision.has_value();
  const bool by_capacity = rule.high_cases_per_township.has_value() ||
                           rule.medium_cases_per_township.has_value();
  if (by_precision && by_capacity) {
    return absl::InvalidArgumentError(
        "thresholds: choose them by precision or by capacity, not both");
  }
  if (by_precision) {
    if (!rule.high_precision.has_value() ||
        !rule.medium_precision.has_value()) {
      return absl::InvalidArgumentError(
          "high_precision_target and medium_precision_target go together");
    }
    BAOXUE_ASSIGN_OR_RETURN(model::ThresholdChoice choice,
                            model::ThresholdsByPrecision(
                                scores, validation.labels, *rule.high_precision,
                                *rule.medium_precision));
    return std::optional<model::ThresholdChoice>(std::move(choice));
  }
  if (by_capacity) {
    if (!rule.high_cases_per_township.has_value() ||
        !rule.medium_cases_per_township.has_value()) {
      return absl::InvalidArgumentError(
          "high_cases_per_township and medium_cases_per_township go together");
    }
    std::vector<model::TownshipCapacity> capacities;
    for (const std::string& township :
         std::set<std::string>(validation.groups.township_codes.begin(),
                               validation.groups.township_codes.end())) {
      capacities.push_back({township, *rule.high_cases_per_township,
                            *rule.medium_cases_per_township});
    }
    BAOXUE_ASSIGN_OR_RETURN(model::ThresholdChoice choice,
                            model::ThresholdsByCapacity(
                                scores, validation.labels,
                                validation.groups.township_codes, capacities));
    return std::optional<model::ThresholdChoice>(std::move(choice));
  }
  return std::optional<model::ThresholdChoice>();
}

}  // namespace

absl::StatusOr<CandidateEvaluation> EvaluateCandidate(
    const baoxue::v1::ModelParams& candidate,
    const std::vector<std::string>& feature_names,
    const Eigen::MatrixXd& train_values, const Eigen::VectorXd& train_labels,
    const model::TrainOptions& train_options,
    const store::LabelledSnapshot& validation, const ThresholdRule& rule,
    int cv_folds, const Eigen::VectorXd* validation_scores) {
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const model::RiskModel> model,
                          model::RiskModel::Create(candidate));
  const Eigen::VectorXd scores = validation_scores != nullptr
                                     ? *validation_scores
                                     : model->Score(validation.values);
  CandidateEvaluation out;
  BAOXUE_ASSIGN_OR_RETURN(out.threshold_choice,
                          ChooseThresholds(scores, validation, rule));
  if (out.threshold_choice.has_value()) {
    out.thresholds = out.threshold_choice->thresholds;
    out.threshold_method = out.threshold_choice->method;
  } else {
    out.thresholds = candidate.thresholds();
    out.threshold_method =
        "top 5% HIGH, top 15% MEDIUM+ of the training scores";
  }
  BAOXUE_ASSIGN_OR_RETURN(
      out.model, model::Evaluate(scores, validation.labels, out.thresholds));
  const double prevalence = train_labels.mean();
  BAOXUE_ASSIGN_OR_RETURN(
      out.baselines,
      model::EvaluateBaselines(feature_names, validation.values,
                               validation.labels, prevalence, out.model));
  BAOXUE_ASSIGN_OR_RETURN(
      out.fairness,
      model::AuditFairness(scores, validation.labels, out.thresholds,
                           FairnessAttributes(validation.groups)));
  if (cv_folds != 0) {
    if (cv_folds < 2 || cv_folds > 10) {
      return absl::InvalidArgumentError("cv_folds: 0 (none) or 2 to 10");
    }
    BAOXUE_ASSIGN_OR_RETURN(
        std::vector<model::Split> folds,
        model::StratifiedKFold(train_labels, cv_folds, kFoldSeed));
    BAOXUE_ASSIGN_OR_RETURN(
        model::CrossValidation cv,
        model::CrossValidate(feature_names, train_values, train_labels, folds,
                             train_options));
    out.cross_validation = std::move(cv);
  }
  return out;
}

std::string MetricsJson(const CandidateEvaluation& evaluation,
                        const model::TrainResult& trained, double train_auc) {
  Struct metrics;
  auto& fields = *metrics.mutable_fields();
  fields["iterations"] = Number(trained.iterations);
  fields["gradient_norm"] = Number(trained.gradient_norm);
  fields["train"].mutable_struct_value()->mutable_fields()->insert(
      {"roc_auc", Number(train_auc)});
  fields["validation"] = EvaluationJson(evaluation.model);
  auto& baselines =
      *fields["baselines"].mutable_struct_value()->mutable_fields();
  for (const model::BaselineEvaluation& baseline : evaluation.baselines) {
    baselines[baseline.name] = EvaluationJson(baseline.evaluation);
  }
  if (evaluation.cross_validation.has_value()) {
    auto& cv =
        *fields["cross_validation"].mutable_struct_value()->mutable_fields();
    const model::CrossValidation& result = *evaluation.cross_validation;
    cv["folds"] = Number(static_cast<double>(result.splits.size()));
    cv["roc_auc_mean"] = Number(result.roc_auc.mean);
    cv["roc_auc_stddev"] = Number(result.roc_auc.stddev);
    cv["pr_auc_mean"] = Number(result.pr_auc.mean);
    cv["log_loss_mean"] = Number(result.log_loss.mean);
    cv["brier_mean"] = Number(result.brier.mean);
    auto* splits = cv["splits"].mutable_list_value();
    for (const model::SplitResult& split : result.splits) {
      Value row;
      auto& f = *row.mutable_struct_value()->mutable_fields();
      f["name"].set_string_value(split.name);
      f["train_rows"] = Number(static_cast<double>(split.train_rows));
      f["train_positives"] = Number(static_cast<double>(split.train_positives));
      f["roc_auc"] = Number(split.validation.roc_auc);
      f["pr_auc"] = Number(split.validation.pr_auc);
      f["log_loss"] = Number(split.validation.log_loss);
      f["brier"] = Number(split.validation.brier);
      *splits->add_values() = std::move(row);
    }
  }
  return ToJson(metrics);
}

std::string FairnessJson(const model::FairnessAudit& audit) {
  google::protobuf::ListValue groups;
  for (const model::GroupFairness& group : audit.groups) {
    Value row;
    auto& fields = *row.mutable_struct_value()->mutable_fields();
    fields["attribute"].set_string_value(group.attribute);
    fields["value"].set_string_value(group.value);
    fields["rows"] = Number(static_cast<double>(group.evaluation.rows));
    fields["positives"] =
        Number(static_cast<double>(group.evaluation.positives));
    fields["roc_auc"] = Number(group.evaluation.roc_auc);
    fields["pr_auc"] = Number(group.evaluation.pr_auc);
    fields["brier"] = Number(group.evaluation.brier);
    const double recall_high = group.evaluation.at_tiers.empty()
                                   ? NAN
                                   : group.evaluation.at_tiers[0].recall;
    fields["recall_at_high"] = Number(recall_high);
    fields["small"].set_bool_value(group.small);
    auto* flags = fields["flags"].mutable_list_value();
    for (const std::string& flag : group.flags) {
      flags->add_values()->set_string_value(flag);
    }
    *groups.add_values() = row;
  }
  return ToJson(groups);
}

std::string ThresholdsJson(const CandidateEvaluation& evaluation) {
  Struct out;
  auto& fields = *out.mutable_fields();
  fields["high"] = Number(evaluation.thresholds.high());
  fields["medium"] = Number(evaluation.thresholds.medium());
  fields["rule"].set_string_value(evaluation.threshold_method);
  for (const model::OperatingPoint& point : evaluation.model.at_tiers) {
    fields[point.label == "HIGH" ? "achieved_high" : "achieved_medium"] =
        PointJson(point);
  }
  return ToJson(out);
}

}  // namespace baoxue::core
