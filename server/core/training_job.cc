#include "server/core/training_job.h"

#include <cmath>
#include <utility>

#include "absl/strings/match.h"
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
#include "model/validation.h"
#include "server/core/back_test.h"
#include "server/core/candidate_evaluation.h"
#include "server/core/drift_monitor.h"
#include "server/core/duties.h"
#include "server/core/feature_set_registry.h"
#include "server/core/input_checks.h"
#include "server/core/training_report.h"

namespace baoxue::core {
namespace {

constexpr double kMaxL2Penalty = 1e3;
constexpr double kMinClassWeight = 1e-3;
constexpr double kMaxClassWeight = 1e3;
constexpr int64_t kMaxCasesPerTownship = 100000;

// Every parameter is checked here, before any data is loaded. The bounds
// are wide enough for any sensible fit and refuse the ones that only
// produce a useless model (l2 = 1e308 scores every student alike).
absl::Status ValidateRequest(const TrainingJobRequest& request,
                             absl::CivilDay data_start_floor) {
  if (request.horizon_days < 1 || request.horizon_days > 730) {
    return absl::InvalidArgumentError("horizon_days must be between 1 and 730");
  }
  if (!std::isfinite(request.l2_penalty) || request.l2_penalty < 0 ||
      request.l2_penalty > kMaxL2Penalty) {
    return absl::InvalidArgumentError(absl::StrCat(
        "l2_penalty must be a finite number between 0 and ", kMaxL2Penalty));
  }
  if (!std::isfinite(request.positive_class_weight) ||
      request.positive_class_weight < kMinClassWeight ||
      request.positive_class_weight > kMaxClassWeight) {
    return absl::InvalidArgumentError(
        absl::StrCat("positive_class_weight must be a finite number between ",
                     kMinClassWeight, " and ", kMaxClassWeight));
  }
  for (const auto& [target, field] :
       {std::pair(request.high_precision, "high_precision"),
        std::pair(request.medium_precision, "medium_precision")}) {
    if (target.has_value() &&
        (!std::isfinite(*target) || *target <= 0 || *target >= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " must be a number between 0 and 1 (exclusive)"));
    }
  }
  for (const auto& [cases, field] :
       {std::pair(request.high_cases_per_township, "high_cases_per_township"),
        std::pair(request.medium_cases_per_township,
                  "medium_cases_per_township")}) {
    if (cases.has_value() && (*cases < 1 || *cases > kMaxCasesPerTownship)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " must be between 1 and ", kMaxCasesPerTownship));
    }
  }
  if (request.cv_folds != 0 &&
      (request.cv_folds < 2 || request.cv_folds > 10)) {
    return absl::InvalidArgumentError("cv_folds must be 0 or between 2 and 10");
  }
  if (request.validation == ValidationMethod::kKFold &&
      (request.validation_folds < 2 || request.validation_folds > 10)) {
    return absl::InvalidArgumentError(
        "cv_folds must be between 2 and 10 for k-fold validation");
  }
  if (request.validation == ValidationMethod::kHeldOut &&
      !(request.held_out_share >= 0.05 && request.held_out_share <= 0.5)) {
    return absl::InvalidArgumentError(
        "held_out_share must be between 0.05 and 0.5");
  }
  if (request.training_as_of.size() > 24) {
    return absl::InvalidArgumentError(
        "training_as_of_dates: at most 24 snapshots");
  }
  for (const absl::CivilDay day : request.training_as_of) {
    BAOXUE_RETURN_IF_ERROR(
        CheckNotBeforeDataStart("training_as_of_dates", day, data_start_floor));
  }
  if (request.validation_as_of.has_value()) {
    BAOXUE_RETURN_IF_ERROR(CheckNotBeforeDataStart(
        "validation_as_of_date", *request.validation_as_of, data_start_floor));
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

// The snapshots as one (rows in order, groups included).
store::LabelledSnapshot StackSnapshots(
    const std::vector<store::LabelledSnapshot>& snapshots,
    Eigen::Index columns) {
  store::LabelledSnapshot all;
  const Stacked stacked = Stack(snapshots, columns);
  all.values = stacked.values;
  all.labels = stacked.labels;
  for (const store::LabelledSnapshot& s : snapshots) {
    all.as_of = s.as_of;
    all.student_ids.insert(all.student_ids.end(), s.student_ids.begin(),
                           s.student_ids.end());
    store::GroupColumns& g = all.groups;
    const store::GroupColumns& h = s.groups;
    g.gender.insert(g.gender.end(), h.gender.begin(), h.gender.end());
    g.ethnic_minority.insert(g.ethnic_minority.end(), h.ethnic_minority.begin(),
                             h.ethnic_minority.end());
    g.left_behind.insert(g.left_behind.end(), h.left_behind.begin(),
                         h.left_behind.end());
    g.disability.insert(g.disability.end(), h.disability.begin(),
                        h.disability.end());
    g.registered_poor.insert(g.registered_poor.end(), h.registered_poor.begin(),
                             h.registered_poor.end());
    g.township_codes.insert(g.township_codes.end(), h.township_codes.begin(),
                            h.township_codes.end());
    if (g.extra.empty()) {
      for (const auto& [name, values] : h.extra) g.extra.push_back({name, {}});
    }
    for (size_t k = 0; k < h.extra.size() && k < g.extra.size(); ++k) {
      g.extra[k].second.insert(g.extra[k].second.end(),
                               h.extra[k].second.begin(),
                               h.extra[k].second.end());
    }
  }
  return all;
}

// The rows `rows` of `all`.
store::LabelledSnapshot SelectSnapshot(const store::LabelledSnapshot& all,
                                       const std::vector<int64_t>& rows) {
  store::LabelledSnapshot out;
  out.as_of = all.as_of;
  out.values = model::SelectRows(all.values, rows);
  out.labels = model::SelectEntries(all.labels, rows);
  const auto pick = [&rows](const auto& from, auto& to) {
    for (int64_t i : rows) to.push_back(from[static_cast<size_t>(i)]);
  };
  pick(all.student_ids, out.student_ids);
  pick(all.groups.gender, out.groups.gender);
  pick(all.groups.ethnic_minority, out.groups.ethnic_minority);
  pick(all.groups.left_behind, out.groups.left_behind);
  pick(all.groups.disability, out.groups.disability);
  pick(all.groups.registered_poor, out.groups.registered_poor);
  pick(all.groups.township_codes, out.groups.township_codes);
  for (const auto& [name, values] : all.groups.extra) {
    out.groups.extra.push_back({name, {}});
    pick(values, out.groups.extra.back().second);
  }
  return out;
}

constexpr uint64_t kStudentSplitSeed = 20260310;

std::string DatesText(const std::vector<absl::CivilDay>& dates) {
  return absl::StrJoin(dates, ", ", [](std::string* out, absl::CivilDay d) {
    out->append(absl::FormatCivilTime(d));
  });
}

// The back-test's rows, or why there are none.
struct BackTestOutcome {
  std::vector<BackTestRow> rows;
  std::string note;
};

// `metrics_json` (an object) with "back_test": the rows, as real objects.
std::string WithBackTest(const std::string& metrics_json,
                         const std::vector<BackTestRow>& rows) {
  const size_t end = metrics_json.rfind('}');
  if (end == std::string::npos) return metrics_json;
  const bool empty = metrics_json.find_first_not_of(" \t\n{", 0) == end;
  return absl::StrCat(metrics_json.substr(0, end), empty ? "" : ",",
                      "\"back_test\":", BackTestJson(rows),
                      metrics_json.substr(end));
}

// The self-contained HTML report stored with the version.
std::string RenderReport(const CandidateEvaluation& evaluation,
                         const model::TrainResult& trained,
                         const store::NewModel& record, const Caller& caller,
                         const std::vector<absl::CivilDay>& training_dates,
                         const std::string& label_source,
                         const BackTestOutcome& back_test) {
  TrainingReportInput input;
  // The store puts the version in when it saves the row.
  input.model_version = store::kVersionMark;
  input.trained_by = caller.Describe();
  input.generated_at = domain::FormatCountyMinute(absl::Now());
  input.training_window = absl::StrCat("as of ", DatesText(training_dates));
  // The report says everything in both languages (its labels are "中文
  // English"); the two wordings come from the same facts, so pair by index.
  input.validation_window = absl::StrCat(record.validation_method_zh, " · ",
                                         record.validation_method);
  for (size_t i = 0; i < record.validation_warnings.size(); ++i) {
    input.validation_warnings.push_back(
        i < record.validation_warnings_zh.size()
            ? absl::StrCat(record.validation_warnings_zh[i], " · ",
                           record.validation_warnings[i])
            : record.validation_warnings[i]);
  }
  input.label_source = label_source;
  input.feature_set_version = record.feature_set_version;
  input.features = record.features;
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
  input.back_test = back_test.rows;
  input.back_test_note = back_test.note;
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

absl::StatusOr<std::vector<store::FairnessColumn>> FairnessColumnsFromConfig(
    const baoxue::v1::TrainingConfig& config) {
  std::vector<store::FairnessColumn> columns;
  for (int i = 0; i < config.fairness_groups_size(); ++i) {
    const std::string& entry = config.fairness_groups(i);
    store::FairnessColumn column;
    std::string name;
    if (absl::StartsWith(entry, "features.")) {
      name = entry.substr(9);
    } else if (absl::StartsWith(entry, "students.")) {
      column.source = store::FairnessColumn::Source::kStudents;
      name = entry.substr(9);
    }
    if (!IsFeatureName(name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "training.fairness_groups[", i, "]: '", entry,
          "' must be features.<column> or students.<column> with a "
          "lower-case column name"));
    }
    column.column = name;
    columns.push_back(std::move(column));
  }
  return columns;
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
  if (!config.label_relation().empty()) {
    defaults.label_source =
        absl::StrCat("label relation ", config.label_relation());
  }
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
                         store::FeatureSetStore* feature_sets,
                         const TrackRecordReader* track_record)
    : data_(data),
      models_(models),
      defaults_(std::move(defaults)),
      feature_sets_(feature_sets),
      track_record_(track_record) {
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
  BAOXUE_RETURN_IF_ERROR(RequireCountyDataStaff(caller, "train models"));
  BAOXUE_RETURN_IF_ERROR(ValidateRequest(request, defaults_.data_start_floor));
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
  const bool later = request.validation == ValidationMethod::kLaterSnapshot;
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
  if (later && training_dates.back() >= validation_as_of) {
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

  // The validation rows: a later snapshot, or students held out of the
  // training snapshots (held-out share), or every training row scored by
  // the fold model that did not see it (k-fold).
  ValidationFacts facts;
  facts.method = request.validation;
  facts.training_as_of = training_dates;
  facts.horizon_days = request.horizon_days;
  store::LabelledSnapshot validation;
  Stacked train;
  std::vector<model::Split> folds;
  if (later) {
    BAOXUE_RETURN_IF_ERROR(
        report("load", static_cast<double>(training_dates.size()) / steps,
               absl::StrCat("loading the validation snapshot as of ",
                            absl::FormatCivilTime(validation_as_of))));
    BAOXUE_ASSIGN_OR_RETURN(
        validation, Load(features, validation_as_of, request.horizon_days));
    BAOXUE_RETURN_IF_ERROR(CheckFinite(validation, features));
    facts.validation_as_of = validation_as_of;
    train = Stack(snapshots, columns);
  } else {
    store::LabelledSnapshot all = StackSnapshots(snapshots, columns);
    if (request.validation == ValidationMethod::kHeldOut) {
      facts.held_out_share = request.held_out_share;
      BAOXUE_ASSIGN_OR_RETURN(
          model::Split split,
          model::GroupedHoldOut(all.student_ids, request.held_out_share,
                                kStudentSplitSeed));
      validation = SelectSnapshot(all, split.validation);
      train.values = model::SelectRows(all.values, split.train);
      train.labels = model::SelectEntries(all.labels, split.train);
    } else {
      facts.folds = request.validation_folds;
      BAOXUE_ASSIGN_OR_RETURN(
          folds, model::GroupedKFold(all.student_ids, request.validation_folds,
                                     kStudentSplitSeed));
      train.values = all.values;
      train.labels = all.labels;
      validation = std::move(all);
    }
  }
  facts.validation_rows = validation.labels.size();
  facts.validation_positives = static_cast<int64_t>(validation.labels.sum());

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

  // After training, so data without any dropout gets the trainer's words.
  if (facts.validation_positives == 0 &&
      !request.allow_no_validation_dropouts) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the validation rows (",
        DescribeValidation(facts, domain::Language::kEn).method,
        ") hold no dropout, so the candidate cannot be judged; choose an "
        "earlier validation date or another validation method, or set "
        "allow_no_validation_dropouts to save it anyway"));
  }
  BAOXUE_RETURN_IF_ERROR(report(
      "evaluate", (static_cast<double>(training_dates.size()) + 2) / steps,
      absl::StrCat("evaluating on ", validation.labels.size(),
                   " validation rows")));
  std::optional<Eigen::VectorXd> out_of_fold;
  if (!folds.empty()) {
    absl::StatusOr<Eigen::VectorXd> scores = model::OutOfFoldScores(
        names, train.values, train.labels, folds, options);
    if (!scores.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot cross-validate by student: ", scores.status().message()));
    }
    out_of_fold = *std::move(scores);
  }
  ThresholdRule rule;
  rule.high_precision = request.high_precision;
  rule.medium_precision = request.medium_precision;
  rule.high_cases_per_township = request.high_cases_per_township;
  rule.medium_cases_per_township = request.medium_cases_per_township;
  BAOXUE_ASSIGN_OR_RETURN(
      CandidateEvaluation evaluation,
      EvaluateCandidate(trained->params, names, train.values, train.labels,
                        options, validation, rule, request.cv_folds,
                        out_of_fold.has_value() ? &*out_of_fold : nullptr));
  // The tiers the model scores with are the ones chosen here.
  *trained->params.mutable_thresholds() = evaluation.thresholds;
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const model::RiskModel> model,
                          model::RiskModel::Create(trained->params));
  const Eigen::VectorXd train_scores = model->Score(train.values);
  const double train_auc = model::RocAuc(train_scores, train.labels);
  const double validation_auc = evaluation.model.roc_auc;

  store::NewModel record;
  record.params = trained->params;
  record.created_by = caller.Describe();
  record.training_as_of = training_dates.back();
  record.training_as_of_dates = training_dates;
  record.validation_as_of = facts.validation_as_of;
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
  BackTestOutcome back_test;
  if (track_record_ == nullptr) {
    back_test.note = "this server keeps no track record";
  } else {
    absl::StatusOr<std::vector<BackTestRow>> rows = BackTestCandidate(
        *model, features, caller.scope, *track_record_, data_);
    if (rows.ok()) {
      back_test.rows = *std::move(rows);
    } else {
      back_test.note = absl::StrCat("the back-test could not run: ",
                                    rows.status().message());
      LogWarning(
          absl::StrCat("candidate back-test: ", rows.status().ToString()));
    }
  }
  record.metrics_json = WithBackTest(
      MetricsJson(evaluation, *trained, train_auc), back_test.rows);
  record.fairness_json = FairnessJson(evaluation.fairness);
  record.thresholds_json = ThresholdsJson(evaluation);
  ValidationText en = DescribeValidation(facts, domain::Language::kEn);
  ValidationText zh = DescribeValidation(facts, domain::Language::kZh);
  record.validation_method = std::move(en.method);
  record.validation_warnings = std::move(en.warnings);
  record.validation_method_zh = std::move(zh.method);
  record.validation_warnings_zh = std::move(zh.warnings);
  // What drift compares later data with: the rows the model learnt from.
  record.drift_references =
      BuildTrainingReferences(names, train.values, train_scores);
  record.report_html =
      RenderReport(evaluation, *trained, record, caller, training_dates,
                   defaults_.label_source, back_test);
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
