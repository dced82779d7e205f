#include "server/core/training_job.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "domain/county_time.h"
#include "model/feature_catalog.h"
#include "model/logistic_model.h"
#include "model/metrics.h"
#include "model/trainer.h"
#include "server/core/candidate_evaluation.h"
#include "server/core/feature_set_registry.h"
#include "server/core/training_report.h"

namespace baoxue::core {
namespace {

absl::Status ValidateRequest(const TrainingJobRequest& request) {
  if (request.horizon_days < 1 || request.horizon_days > 730) {
    return absl::InvalidArgumentError("horizon_days must be between 1 and 730");
  }
  if (!std::isfinite(request.l2_penalty) || request.l2_penalty < 0) {
    return absl::InvalidArgumentError(
        "l2_penalty must be a finite number >= 0");
  }
  if (!std::isfinite(request.positive_class_weight) ||
      request.positive_class_weight <= 0) {
    return absl::InvalidArgumentError(
        "positive_class_weight must be a finite number > 0");
  }
  if (request.training_as_of.size() > 24) {
    return absl::InvalidArgumentError(
        "training_as_of_dates: at most 24 snapshots");
  }
  return absl::OkStatus();
}

// Rows of several snapshots stacked into one training set.
struct Stacked {
  Eigen::MatrixXd values;
  Eigen::VectorXd labels;
};

Stacked Stack(const std::vector<store::LabelledSnapshot>& snapshots,
              Eigen::Index columns) {
  Eigen::Index rows = 0;
  for (const store::LabelledSnapshot& s : snapshots) rows += s.values.rows();
  Stacked stacked{Eigen::MatrixXd(rows, columns), Eigen::VectorXd(rows)};
  Eigen::Index at = 0;
  for (const store::LabelledSnapshot& s : snapshots) {
    stacked.values.middleRows(at, s.values.rows()) = s.values;
    stacked.labels.segment(at, s.labels.size()) = s.labels;
    at += s.values.rows();
  }
  return stacked;
}

// Non-finite values other than NaN (= missing) are data errors: say which
// feature and snapshot, never which student.
absl::Status CheckFinite(const store::LabelledSnapshot& snapshot,
                         const store::FeatureSet& features) {
  for (Eigen::Index j = 0; j < snapshot.values.cols(); ++j) {
    for (Eigen::Index i = 0; i < snapshot.values.rows(); ++i) {
      if (std::isinf(snapshot.values(i, j))) {
        return absl::FailedPreconditionError(absl::StrCat(
            "feature ", features.features[j].name(), " is infinite in ",
            "the snapshot as of ", absl::FormatCivilTime(snapshot.as_of),
            "; fix its expression (e.g. guard a division)"));
      }
    }
  }
  return absl::OkStatus();
}

std::string DatesText(const std::vector<absl::CivilDay>& dates) {
  return absl::StrJoin(dates, ", ", [](std::string* out, absl::CivilDay d) {
    out->append(absl::FormatCivilTime(d));
  });
}

// The self-contained HTML report stored with the version.
std::string RenderReport(const CandidateEvaluation& evaluation,
                         const model::TrainResult& trained,
                         const store::NewModel& record, const Caller& caller,
                         const std::vector<absl::CivilDay>& training_dates,
                         absl::CivilDay validation_as_of) {
  TrainingReportInput input;
  input.model_version =
      absl::StrCat("candidate trained by ", caller.Describe());
  input.generated_at = domain::FormatCountyMinute(absl::Now());
  input.training_window = absl::StrCat("as of ", DatesText(training_dates));
  input.validation_window =
      absl::StrCat("as of ", absl::FormatCivilTime(validation_as_of));
  input.horizon_days = record.horizon_days;
  input.training_rows = record.training_rows;
  input.training_positives = record.positive_rows;
  input.iterations = trained.iterations;
  input.gradient_norm = trained.gradient_norm;
  input.positive_class_weight = record.positive_class_weight;
  input.params = record.params;
  input.model = evaluation.model;
  input.baselines = evaluation.baselines;
  input.threshold_choice = evaluation.threshold_choice;
  input.cross_validation = evaluation.cross_validation;
  input.fairness = evaluation.fairness;
  return RenderTrainingReport(input);
}

std::string JsonNumber(double value) {
  return std::isfinite(value) ? absl::StrFormat("%.6g", value) : "null";
}

}  // namespace

store::FeatureSet CatalogueFeatureSet() {
  store::FeatureSet set;
  set.relation = "baoxue.student_features($1::date)";
  for (const std::string& name : model::CatalogFeatureNames()) {
    baoxue::v1::FeatureDefinition definition;
    definition.set_name(name);
    definition.set_expression(name);
    set.features.push_back(std::move(definition));
  }
  return set;
}

absl::StatusOr<TrainingDefaults> TrainingDefaultsFromConfig(
    const baoxue::v1::TrainingConfig& config) {
  TrainingDefaults defaults;
  if (config.features_size() == 0) {
    defaults.features = CatalogueFeatureSet();
  } else {
    defaults.features.features.assign(config.features().begin(),
                                      config.features().end());
  }
  defaults.features.relation = config.feature_relation().empty()
                                   ? CatalogueFeatureSet().relation
                                   : config.feature_relation();
  for (int i = 0; i < config.training_as_of_dates_size(); ++i) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(config.training_as_of_dates(i), &day)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "training.training_as_of_dates[", i, "] is not a YYYY-MM-DD date"));
    }
    defaults.training_as_of.push_back(day);
  }
  BAOXUE_RETURN_IF_ERROR(ValidateFeatureSet(defaults.features, "training"));
  return defaults;
}

TrainingJob::TrainingJob(store::TrainingDataStore* data,
                         store::ModelStore* models, TrainingDefaults defaults,
                         store::FeatureSetStore* feature_sets)
    : data_(data),
      models_(models),
      defaults_(std::move(defaults)),
      feature_sets_(feature_sets) {
  if (defaults_.features.features.empty()) {
    defaults_.features = CatalogueFeatureSet();
  }
}

absl::StatusOr<store::FeatureSet> TrainingJob::FeatureSetOf(
    const TrainingJobRequest& request) const {
  if (request.feature_set_version.empty()) {
    BAOXUE_RETURN_IF_ERROR(ValidateFeatureSet(defaults_.features, "training"));
    return defaults_.features;
  }
  if (feature_sets_ == nullptr) {
    return absl::FailedPreconditionError(
        "this server has no feature set registry");
  }
  BAOXUE_ASSIGN_OR_RETURN(
      baoxue::v1::FeatureSetDefinition stored,
      feature_sets_->GetFeatureSet(request.feature_set_version));
  store::FeatureSet set = ToFeatureSet(stored);
  BAOXUE_RETURN_IF_ERROR(ValidateFeatureSet(set, "feature_set"));
  return set;
}

absl::StatusOr<store::LabelledSnapshot> TrainingJob::Load(
    const store::FeatureSet& features, absl::CivilDay as_of,
    int horizon_days) const {
  absl::StatusOr<store::LabelledSnapshot> loaded =
      data_->LoadSnapshot(features, as_of, horizon_days);
  if (loaded.ok() || !absl::IsInvalidArgument(loaded.status()) ||
      feature_sets_ == nullptr) {
    return loaded;
  }
  // Name the expression and quote PostgreSQL: evaluate each one alone.
  absl::StatusOr<store::FeatureSetTest> test =
      feature_sets_->TestFeatureSet(features, as_of);
  if (test.ok()) {
    BAOXUE_RETURN_IF_ERROR(FirstFailure(FeatureSetTestReport{as_of, *test}));
  }
  return loaded;
}

absl::StatusOr<store::ModelRecord> TrainingJob::Run(
    const Caller& caller, const TrainingJobRequest& request,
    const ProgressCallback& progress) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller, {store::CallerRole::kDataStaff}, "train models"));
  BAOXUE_RETURN_IF_ERROR(ValidateRequest(request));
  BAOXUE_ASSIGN_OR_RETURN(const store::FeatureSet features,
                          FeatureSetOf(request));
  const auto report = [&](const char* stage, double fraction,
                          std::string message) -> absl::Status {
    if (progress && !progress({stage, fraction, std::move(message)})) {
      return absl::CancelledError("training cancelled; nothing was saved");
    }
    return absl::OkStatus();
  };

  // Dates: validation last; every training snapshot strictly before it.
  absl::CivilDay validation_as_of;
  if (request.validation_as_of.has_value()) {
    validation_as_of = *request.validation_as_of;
  } else {
    BAOXUE_ASSIGN_OR_RETURN(absl::CivilDay last, data_->LastSchoolDay());
    validation_as_of = last - request.horizon_days;
  }
  std::vector<absl::CivilDay> training_dates = request.training_as_of;
  if (training_dates.empty()) training_dates = defaults_.training_as_of;
  if (training_dates.empty()) {
    for (int k = defaults_.default_snapshots; k >= 1; --k) {
      training_dates.push_back(validation_as_of -
                               k * defaults_.default_spacing_days);
    }
  }
  std::sort(training_dates.begin(), training_dates.end());
  training_dates.erase(
      std::unique(training_dates.begin(), training_dates.end()),
      training_dates.end());
  if (training_dates.back() >= validation_as_of) {
    return absl::InvalidArgumentError(absl::StrCat(
        "training_as_of_dates must all be before validation_as_of_date ",
        absl::FormatCivilTime(validation_as_of), " (temporal validation)"));
  }

  const auto columns = static_cast<Eigen::Index>(features.features.size());
  const double steps = static_cast<double>(training_dates.size()) + 3;
  std::vector<store::LabelledSnapshot> snapshots;
  for (size_t k = 0; k < training_dates.size(); ++k) {
    BAOXUE_RETURN_IF_ERROR(
        report("load", static_cast<double>(k) / steps,
               absl::StrCat("loading the snapshot as of ",
                            absl::FormatCivilTime(training_dates[k]))));
    BAOXUE_ASSIGN_OR_RETURN(
        store::LabelledSnapshot snapshot,
        Load(features, training_dates[k], request.horizon_days));
    BAOXUE_RETURN_IF_ERROR(CheckFinite(snapshot, features));
    snapshots.push_back(std::move(snapshot));
  }
  BAOXUE_RETURN_IF_ERROR(
      report("load", static_cast<double>(training_dates.size()) / steps,
             absl::StrCat("loading the validation snapshot as of ",
                          absl::FormatCivilTime(validation_as_of))));
  BAOXUE_ASSIGN_OR_RETURN(
      store::LabelledSnapshot validation,
      Load(features, validation_as_of, request.horizon_days));
  BAOXUE_RETURN_IF_ERROR(CheckFinite(validation, features));

  Stacked train = Stack(snapshots, columns);
  const auto positives = static_cast<int64_t>(train.labels.sum());
  BAOXUE_RETURN_IF_ERROR(report(
      "train", (static_cast<double>(training_dates.size()) + 1) / steps,
      absl::StrCat("fitting on ", train.labels.size(), " rows (", positives,
                   " dropouts) from ", training_dates.size(), " snapshots")));
  std::vector<std::string> names;
  for (const auto& feature : features.features) names.push_back(feature.name());
  model::TrainOptions options;
  options.l2_penalty = request.l2_penalty;
  options.positive_class_weight = request.positive_class_weight;
  absl::StatusOr<model::TrainResult> trained =
      model::TrainLogistic(names, train.values, train.labels, options);
  if (!trained.ok()) {
    // The data, not the request, is at fault: say so with the trainer's words.
    return absl::FailedPreconditionError(
        absl::StrCat("cannot train on the snapshots as of ",
                     absl::StrJoin(training_dates, ", ",
                                   [](std::string* out, absl::CivilDay d) {
                                     out->append(absl::FormatCivilTime(d));
                                   }),
                     ": ", trained.status().message()));
  }

  BAOXUE_RETURN_IF_ERROR(report(
      "evaluate", (static_cast<double>(training_dates.size()) + 2) / steps,
      absl::StrCat("evaluating on ", validation.labels.size(),
                   " validation rows")));
  ThresholdRule rule;
  rule.high_precision = request.high_precision;
  rule.medium_precision = request.medium_precision;
  rule.high_cases_per_township = request.high_cases_per_township;
  rule.medium_cases_per_township = request.medium_cases_per_township;
  BAOXUE_ASSIGN_OR_RETURN(
      CandidateEvaluation evaluation,
      EvaluateCandidate(trained->params, names, train.values, train.labels,
                        options, validation, rule, request.cv_folds));
  // The tiers the model scores with are the ones chosen here.
  *trained->params.mutable_thresholds() = evaluation.thresholds;
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const model::RiskModel> model,
                          model::RiskModel::Create(trained->params));
  const double train_auc =
      model::RocAuc(model->Score(train.values), train.labels);
  const double validation_auc = evaluation.model.roc_auc;

  store::NewModel record;
  record.params = trained->params;
  record.created_by = caller.Describe();
  record.training_as_of = training_dates.back();
  record.training_as_of_dates = training_dates;
  record.validation_as_of = validation_as_of;
  record.horizon_days = request.horizon_days;
  record.training_rows = train.labels.size();
  record.positive_rows = positives;
  record.validation_rows = validation.labels.size();
  record.validation_positive_rows =
      static_cast<int64_t>(validation.labels.sum());
  if (std::isfinite(validation_auc)) record.validation_auc = validation_auc;
  record.l2_penalty = request.l2_penalty;
  record.positive_class_weight = request.positive_class_weight;
  record.features = features.features;
  record.feature_relation = features.relation;
  record.feature_set_version = features.version;
  record.metrics_json = MetricsJson(evaluation, *trained, train_auc);
  record.fairness_json = FairnessJson(evaluation.fairness);
  record.thresholds_json = ThresholdsJson(evaluation);
  record.report_html = RenderReport(evaluation, *trained, record, caller,
                                    training_dates, validation_as_of);
  BAOXUE_RETURN_IF_ERROR(
      report("save", (static_cast<double>(training_dates.size()) + 3) / steps,
             "saving the candidate"));
  BAOXUE_ASSIGN_OR_RETURN(std::string version,
                          models_->SaveModel(record, /*activate=*/false));
  LogInfo(absl::StrCat("candidate ", version, " trained by ", caller.Describe(),
                       ": validation AUC ", JsonNumber(validation_auc)));
  return models_->GetModel(version);
}

}  // namespace baoxue::core
