#include "server/core/model_trainer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "model/feature_catalog.h"
#include "model/metrics.h"
#include "base/status_macros.h"
#include "model/trainer.h"
#include "base/log.h"

namespace baoxue::core {
namespace {

absl::Status ValidateRequest(const TrainRequest& request) {
  if (request.horizon_days < 1 || request.horizon_days > 730) {
    return absl::InvalidArgumentError("horizon_days must be between 1 and 730");
  }
  if (!(request.l2_penalty >= 0) || !std::isfinite(request.l2_penalty)) {
    return absl::InvalidArgumentError(
        "l2_penalty must be a finite number >= 0");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TrainSummary> ModelTrainer::Train(
    const Caller& caller, const TrainRequest& request) const {
  BAOXUE_RETURN_IF_ERROR(RequireRole(
      caller, {store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
      "train models"));
  BAOXUE_RETURN_IF_ERROR(ValidateRequest(request));
  TrainSummary summary;
  if (request.as_of.has_value()) {
    summary.as_of = *request.as_of;
  } else {
    BAOXUE_ASSIGN_OR_RETURN(absl::CivilDay last, features_->LastSchoolDay());
    summary.as_of = last - request.horizon_days;
  }
  BAOXUE_ASSIGN_OR_RETURN(
      store::LabelledRows rows,
      features_->TrainingExamples(summary.as_of, request.horizon_days));
  summary.training_rows = static_cast<int64_t>(rows.student_ids.size());
  summary.positive_rows = static_cast<int64_t>(rows.labels.sum());
  LogInfo(absl::StrCat("training on ", summary.training_rows, " students (",
                       summary.positive_rows, " dropouts) as of ",
                       absl::FormatCivilTime(summary.as_of), " for ",
                       caller.Describe()));

  model::TrainOptions options;
  options.l2_penalty = request.l2_penalty;
  absl::StatusOr<model::TrainResult> trained = model::TrainLogistic(
      model::CatalogFeatureNames(), rows.values, rows.labels, options);
  if (!trained.ok()) {
    // The data, not the request, is at fault: say so with the trainer's words.
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot train on the data as of ", absl::FormatCivilTime(summary.as_of),
        ": ", trained.status().message()));
  }
  summary.iterations = trained->iterations;
  summary.params = trained->params;

  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const model::RiskModel> model,
                          model::RiskModel::Create(summary.params));
  summary.train_auc = model::RocAuc(model->Score(rows.values), rows.labels);

  store::NewModel record;
  record.params = summary.params;
  record.created_by = caller.Describe();
  record.training_as_of = summary.as_of;
  record.horizon_days = request.horizon_days;
  record.training_rows = summary.training_rows;
  record.positive_rows = summary.positive_rows;
  record.metrics_json =
      absl::StrFormat(R"({"train_auc": %.6f, "iterations": %d})",
                      summary.train_auc, summary.iterations);
  BAOXUE_ASSIGN_OR_RETURN(summary.version,
                          models_->SaveModel(record, request.activate));
  if (request.activate) {
    BAOXUE_RETURN_IF_ERROR(
        InstallModel(summary.version, summary.params, *holder_));
  }
  LogInfo(absl::StrCat("model ", summary.version, " trained, AUC ",
                       summary.train_auc,
                       request.activate ? ", active" : ", candidate"));
  return summary;
}

}  // namespace baoxue::core
