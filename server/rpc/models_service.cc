#include "server/rpc/models_service.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/county_time.h"
#include "server/convert/drift_convert.h"
#include "server/convert/track_record_convert.h"
#include "server/core/training_report.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

baoxue::v1::ModelState StateToProto(store::ModelState state) {
  switch (state) {
    case store::ModelState::kCandidate:
      return baoxue::v1::MODEL_STATE_CANDIDATE;
    case store::ModelState::kActive:
      return baoxue::v1::MODEL_STATE_ACTIVE;
    case store::ModelState::kRetired:
      return baoxue::v1::MODEL_STATE_RETIRED;
  }
  return baoxue::v1::MODEL_STATE_UNSPECIFIED;
}

absl::StatusOr<core::TrainingJobRequest> ParseTrainRequest(
    const baoxue::v1::TrainRequest& request) {
  core::TrainingJobRequest job;
  for (int i = 0; i < request.training_as_of_dates_size(); ++i) {
    absl::StatusOr<std::optional<absl::CivilDay>> day =
        ParseDateField(request.training_as_of_dates(i),
                       absl::StrCat("training_as_of_dates[", i, "]"));
    if (!day.ok()) return day.status();
    if (!day->has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("training_as_of_dates[", i, "] is empty"));
    }
    job.training_as_of.push_back(**day);
  }
  absl::StatusOr<std::optional<absl::CivilDay>> validation =
      ParseDateField(request.validation_as_of_date(), "validation_as_of_date");
  if (!validation.ok()) return validation.status();
  job.validation_as_of = *validation;
  if (request.horizon_days() != 0) job.horizon_days = request.horizon_days();
  if (request.l2_penalty() != 0) job.l2_penalty = request.l2_penalty();
  if (request.positive_class_weight() != 0) {
    job.positive_class_weight = request.positive_class_weight();
  }
  if (request.high_precision_target() != 0) {
    job.high_precision = request.high_precision_target();
  }
  if (request.medium_precision_target() != 0) {
    job.medium_precision = request.medium_precision_target();
  }
  if (request.high_cases_per_township() != 0) {
    job.high_cases_per_township = request.high_cases_per_township();
  }
  if (request.medium_cases_per_township() != 0) {
    job.medium_cases_per_township = request.medium_cases_per_township();
  }
  job.cv_folds = request.cv_folds();
  job.feature_set_version = request.feature_set_version();
  switch (request.validation()) {
    case baoxue::v1::TrainRequest::VALIDATION_K_FOLD:
      job.validation = core::ValidationMethod::kKFold;
      if (request.cv_folds() != 0) job.validation_folds = request.cv_folds();
      job.cv_folds = 0;  // the validation is the cross-validation
      break;
    case baoxue::v1::TrainRequest::VALIDATION_HELD_OUT:
      job.validation = core::ValidationMethod::kHeldOut;
      if (request.held_out_share() != 0) {
        job.held_out_share = request.held_out_share();
      }
      break;
    default:
      job.validation = core::ValidationMethod::kLaterSnapshot;
  }
  job.allow_no_validation_dropouts = request.allow_no_validation_dropouts();
  return job;
}

}  // namespace

void ToProto(const store::ModelRecord& record, baoxue::v1::ModelSummary* out) {
  out->set_version(record.version);
  out->set_state(StateToProto(record.state));
  out->set_created_at(domain::FormatCountyTime(record.created_at));
  out->set_created_by(record.created_by);
  for (absl::CivilDay day : record.training_as_of_dates) {
    out->add_training_as_of_dates(absl::FormatCivilTime(day));
  }
  if (record.validation_as_of.has_value()) {
    out->set_validation_as_of_date(
        absl::FormatCivilTime(*record.validation_as_of));
  }
  out->set_horizon_days(record.horizon_days);
  out->set_training_rows(record.training_rows);
  out->set_positive_rows(record.positive_rows);
  out->set_validation_rows(record.validation_rows);
  out->set_validation_positive_rows(record.validation_positive_rows);
  if (record.validation_auc.has_value()) {
    out->set_validation_auc(*record.validation_auc);
  }
  out->set_l2_penalty(record.l2_penalty);
  out->set_positive_class_weight(record.positive_class_weight);
  for (const baoxue::v1::FeatureDefinition& feature : record.features) {
    *out->add_features() = feature;
  }
  out->set_feature_relation(record.feature_relation);
  *out->mutable_thresholds() = record.params.thresholds();
  out->set_metrics_json(record.metrics_json);
  out->set_fairness_json(record.fairness_json);
  out->set_has_report(record.has_report);
  out->set_feature_set_version(record.feature_set_version);
  out->set_validation_method(record.validation_method);
  out->set_validation_method_zh(record.validation_method_zh);
  for (const std::string& warning : record.validation_warnings_zh) {
    out->add_validation_warnings_zh(warning);
  }
  for (const std::string& warning : record.validation_warnings) {
    out->add_validation_warnings(warning);
  }
}

grpc::Status ModelsService::Train(
    grpc::ServerContext* context, const baoxue::v1::TrainRequest* request,
    grpc::ServerWriter<baoxue::v1::TrainProgress>* writer) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<core::TrainingJobRequest> job = ParseTrainRequest(*request);
  if (!job.ok()) return ToGrpcStatus(job.status());
  absl::StatusOr<store::ModelRecord> trained = training_->Run(
      *caller, *job, [&](const core::TrainingProgress& progress) {
        if (context->IsCancelled()) return false;
        baoxue::v1::TrainProgress message;
        message.set_stage(progress.stage);
        message.set_fraction(progress.fraction);
        message.set_message(progress.message);
        // A vanished client cancels the job: nobody would see its result.
        return writer->Write(message);
      });
  if (!trained.ok()) return ToGrpcStatus(trained.status());
  baoxue::v1::TrainProgress done;
  done.set_stage("done");
  done.set_fraction(1.0);
  done.set_message(absl::StrCat("candidate ", trained->version, " saved"));
  ToProto(*trained, done.mutable_model());
  writer->Write(done);
  return grpc::Status::OK;
}

grpc::Status ModelsService::List(grpc::ServerContext* context,
                                 const baoxue::v1::ListModelsRequest*,
                                 baoxue::v1::ListModelsResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::vector<store::ModelRecord>> models =
      registry_->List(*caller);
  if (!models.ok()) return ToGrpcStatus(models.status());
  for (const store::ModelRecord& record : *models) {
    ToProto(record, response->add_models());
  }
  return grpc::Status::OK;
}

grpc::Status ModelsService::Get(grpc::ServerContext* context,
                                const baoxue::v1::GetModelRequest* request,
                                baoxue::v1::GetModelResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<core::ModelWithReport> model =
      registry_->Get(*caller, request->version(), request->include_report());
  if (!model.ok()) return ToGrpcStatus(model.status());
  ToProto(model->model, response->mutable_model());
  *response->mutable_params() = model->model.params;
  response->set_report_html(model->report_html);
  // The drift the version has met since training, when it has any.
  if (drift_ != nullptr) {
    absl::StatusOr<core::DriftReport> drift =
        drift_->Report(*caller, model->model.version, 0);
    if (drift.ok()) {
      convert::ToProto(*drift, drift_->settings(), response->mutable_drift());
      if (!response->report_html().empty()) {
        response->set_report_html(core::InsertSection(
            response->report_html(),
            core::RenderDriftSection(*drift, drift_->settings())));
      }
    }
  }
  return grpc::Status::OK;
}

grpc::Status ModelsService::GetDrift(grpc::ServerContext* context,
                                     const baoxue::v1::GetDriftRequest* request,
                                     baoxue::v1::GetDriftResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (drift_ == nullptr) {
    return ToGrpcStatus(absl::UnimplementedError("drift is not served here"));
  }
  absl::StatusOr<core::DriftReport> report =
      drift_->Report(*caller, request->version(), request->days());
  if (!report.ok()) return ToGrpcStatus(report.status());
  convert::ToProto(*report, drift_->settings(), response);
  return grpc::Status::OK;
}

grpc::Status ModelsService::Compare(
    grpc::ServerContext* context,
    const baoxue::v1::CompareModelsRequest* request,
    baoxue::v1::CompareModelsResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<core::ModelComparison> comparison =
      registry_->Compare(*caller, request->version(), request->other_version());
  if (!comparison.ok()) return ToGrpcStatus(comparison.status());
  ToProto(comparison->model, response->mutable_model());
  ToProto(comparison->other, response->mutable_other());
  for (const core::CoefficientPair& pair : comparison->coefficients) {
    baoxue::v1::CoefficientComparison* out = response->add_coefficients();
    out->set_feature(pair.feature);
    if (pair.weight.has_value()) out->set_weight(*pair.weight);
    if (pair.other_weight.has_value())
      out->set_other_weight(*pair.other_weight);
  }
  if (comparison->auc_difference.has_value()) {
    response->set_auc_difference(*comparison->auc_difference);
  }
  return grpc::Status::OK;
}

grpc::Status ModelsService::Activate(
    grpc::ServerContext* context,
    const baoxue::v1::ActivateModelRequest* request,
    baoxue::v1::ActivateModelResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<store::ActivationResult> result =
      registry_->Activate(*caller, request->version(), request->force());
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_version(result->version);
  response->set_previous_version(result->previous_version);
  return grpc::Status::OK;
}

grpc::Status ModelsService::Rollback(
    grpc::ServerContext* context, const baoxue::v1::RollbackModelRequest*,
    baoxue::v1::ActivateModelResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<store::ActivationResult> result = registry_->Rollback(*caller);
  if (!result.ok()) return ToGrpcStatus(result.status());
  response->set_version(result->version);
  response->set_previous_version(result->previous_version);
  return grpc::Status::OK;
}

absl::Status ModelsService::RequireFeatureSets() const {
  if (feature_sets_ == nullptr) {
    return absl::UnimplementedError("this server has no feature set registry");
  }
  return absl::OkStatus();
}

grpc::Status ModelsService::CreateFeatureSet(
    grpc::ServerContext* context,
    const baoxue::v1::CreateFeatureSetRequest* request,
    baoxue::v1::FeatureSetDefinition* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = RequireFeatureSets(); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      ParseDateField(request->test_as_of_date(), "test_as_of_date");
  if (!as_of.ok()) return ToGrpcStatus(as_of.status());
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> created =
      feature_sets_->Create(*caller, request->feature_set(), *as_of);
  if (!created.ok()) return ToGrpcStatus(created.status());
  *response = *std::move(created);
  return grpc::Status::OK;
}

grpc::Status ModelsService::GetFeatureSet(
    grpc::ServerContext* context,
    const baoxue::v1::GetFeatureSetRequest* request,
    baoxue::v1::FeatureSetDefinition* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = RequireFeatureSets(); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> set =
      feature_sets_->Get(*caller, request->version());
  if (!set.ok()) return ToGrpcStatus(set.status());
  *response = *std::move(set);
  return grpc::Status::OK;
}

grpc::Status ModelsService::ListFeatureSets(
    grpc::ServerContext* context,
    const baoxue::v1::ListFeatureSetsRequest* /*request*/,
    baoxue::v1::ListFeatureSetsResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = RequireFeatureSets(); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>> sets =
      feature_sets_->List(*caller);
  if (!sets.ok()) return ToGrpcStatus(sets.status());
  for (baoxue::v1::FeatureSetDefinition& set : *sets) {
    *response->add_feature_sets() = std::move(set);
  }
  return grpc::Status::OK;
}

grpc::Status ModelsService::TestFeatureSet(
    grpc::ServerContext* context,
    const baoxue::v1::TestFeatureSetRequest* request,
    baoxue::v1::TestFeatureSetResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (absl::Status s = RequireFeatureSets(); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      ParseDateField(request->as_of_date(), "as_of_date");
  if (!as_of.ok()) return ToGrpcStatus(as_of.status());
  absl::StatusOr<core::FeatureSetTestReport> report = feature_sets_->Test(
      *caller, request->version(),
      request->has_definition() ? &request->definition() : nullptr, *as_of);
  if (!report.ok()) return ToGrpcStatus(report.status());
  const store::FeatureSetTest& test = report->test;
  response->set_ok(test.ok());
  response->set_as_of_date(absl::FormatCivilTime(report->as_of));
  response->set_relation_error(test.relation_error);
  response->set_relation_rows(test.relation_rows);
  for (const store::FeatureTest& feature : test.features) {
    baoxue::v1::FeatureTestResult* out = response->add_features();
    out->set_name(feature.name);
    out->set_ok(feature.error.empty());
    out->set_error(feature.error);
    out->set_rows(feature.rows);
    out->set_missing(feature.missing);
    out->set_out_of_range(feature.out_of_range);
    if (feature.minimum.has_value()) out->set_minimum(*feature.minimum);
    if (feature.maximum.has_value()) out->set_maximum(*feature.maximum);
    if (feature.mean.has_value()) out->set_mean(*feature.mean);
  }
  return grpc::Status::OK;
}

grpc::Status ModelsService::GetTrackRecord(
    grpc::ServerContext* context,
    const baoxue::v1::GetTrackRecordRequest* request,
    baoxue::v1::GetTrackRecordResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  if (track_record_ == nullptr) {
    return ToGrpcStatus(
        absl::UnimplementedError("this server keeps no track record"));
  }
  absl::StatusOr<core::TrackRecord> record =
      track_record_->Read(*caller, request->limit());
  if (!record.ok()) return ToGrpcStatus(record.status());
  convert::ToProto(*record, response);
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
