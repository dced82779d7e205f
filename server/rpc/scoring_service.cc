#include "server/rpc/scoring_service.h"

#include <cmath>

#include "base/status_macros.h"
#include "server/convert/score_convert.h"
#include "server/core/feature_rows_builder.h"
#include "server/core/packed_feature_rows.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

using baoxue::v1::StudentError;

void ToProto(const core::StudentScore& result, baoxue::v1::StudentScore* out) {
  out->set_student_id(result.student_id);
  out->set_student_number(result.student_number);
  switch (result.status) {
    case core::StudentScore::Status::kScored:
      out->set_township_code(result.township_code);
      out->set_school_id(result.school_id);
      out->set_school_code(result.school_code);
      convert::ToProto(result.score, out->mutable_score());
      break;
    case core::StudentScore::Status::kNotFound:
      out->mutable_error()->set_code(StudentError::NOT_FOUND);
      out->mutable_error()->set_message("no such student");
      break;
    case core::StudentScore::Status::kPermissionDenied:
      out->mutable_error()->set_code(StudentError::PERMISSION_DENIED);
      out->mutable_error()->set_message("student is outside the caller's area");
      break;
  }
}

}  // namespace

grpc::Status ScoringService::ScoreStudents(
    grpc::ServerContext* context,
    const baoxue::v1::ScoreStudentsRequest* request,
    baoxue::v1::ScoreStudentsResponse* response) {
  absl::StatusOr<DatedCall> call =
      StartDatedCall(*context, *authenticator_, request->as_of_date());
  if (!call.ok()) return ToGrpcStatus(call.status());
  if (!request->student_ids().empty() && !request->student_numbers().empty()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "student_ids, student_numbers: give one or the other"));
  }
  const std::vector<std::string> numbers(request->student_numbers().begin(),
                                         request->student_numbers().end());
  absl::StatusOr<std::vector<core::StudentScore>> results =
      numbers.empty()
          ? scorer_->ScoreStudents(call->caller, request->student_ids(),
                                   call->as_of, request->max_reasons())
          : scorer_->ScoreStudentsByNumber(call->caller, numbers, call->as_of,
                                           request->max_reasons());
  if (!results.ok()) return ToGrpcStatus(results.status());
  for (const core::StudentScore& result : *results) {
    ToProto(result, response->add_scores());
  }
  return grpc::Status::OK;
}

absl::Status ScoringService::ScorePackedRows(
    const baoxue::v1::ScoreFeaturesRequest& request,
    baoxue::v1::ScoreFeaturesResponse* response) const {
  const baoxue::v1::PackedFeatureRows& packed = request.packed_rows();
  const auto& ids = packed.row_ids();
  const std::vector<absl::string_view> names(packed.feature_names().begin(),
                                             packed.feature_names().end());
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const core::ActiveModel> active,
                          scorer_->CurrentModel());
  BAOXUE_ASSIGN_OR_RETURN(core::PackedFeatureMatrix matrix,
                          core::ReadPackedFeatureRows(
                              "packed_rows", names, packed.values(),
                              [&ids](Eigen::Index r) -> absl::string_view {
                                if (r >= ids.size()) return absl::string_view();
                                return ids[static_cast<int>(r)];
                              },
                              active->inputs));
  if (!ids.empty() && ids.size() != matrix.values.rows()) {
    return absl::InvalidArgumentError(
        absl::StrCat("packed_rows.row_ids has ", ids.size(), " ids for ",
                     matrix.values.rows(), " rows"));
  }
  BAOXUE_RETURN_IF_ERROR(
      scorer_->CheckBatchSize(matrix.values.rows(), "packed_rows"));
  BAOXUE_ASSIGN_OR_RETURN(core::PackedRiskScores scores,
                          scorer_->ScoreFeatureMatrix(*active, matrix.values,
                                                      request.max_reasons()));
  // Reasons point into the caller's columns, not the catalogue's.
  for (int& feature : scores.reason_features) {
    feature = matrix.caller_column[static_cast<size_t>(feature)];
  }
  convert::ToProto(scores, response->mutable_packed_scores());
  return absl::OkStatus();
}

absl::Status ScoringService::ScoreRows(
    const baoxue::v1::ScoreFeaturesRequest& request,
    baoxue::v1::ScoreFeaturesResponse* response) const {
  if (request.has_packed_rows()) {
    if (request.rows_size() > 0) {
      return absl::InvalidArgumentError(
          "rows and packed_rows are both set; send one of them");
    }
    return ScorePackedRows(request, response);
  }
  BAOXUE_RETURN_IF_ERROR(scorer_->CheckBatchSize(request.rows_size(), "rows"));
  BAOXUE_ASSIGN_OR_RETURN(std::shared_ptr<const core::ActiveModel> active,
                          scorer_->CurrentModel());
  core::FeatureRowsBuilder builder(request.rows_size(), active->inputs);
  for (int i = 0; i < request.rows_size(); ++i) {
    BAOXUE_RETURN_IF_ERROR(
        builder.SetRow(i, request.rows(i).row_id(), request.rows(i).values()));
  }
  BAOXUE_ASSIGN_OR_RETURN(std::vector<core::RiskScore> scores,
                          scorer_->ScoreFeatureRows(*active, builder.Release(),
                                                    request.max_reasons()));
  for (int i = 0; i < request.rows_size(); ++i) {
    baoxue::v1::RowScore* out = response->add_scores();
    out->set_row_id(request.rows(i).row_id());
    convert::ToProto(scores[i], out->mutable_score());
  }
  return absl::OkStatus();
}

grpc::Status ScoringService::ScoreFeatures(
    grpc::ServerContext* context,
    const baoxue::v1::ScoreFeaturesRequest* request,
    baoxue::v1::ScoreFeaturesResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(ScoreRows(*request, response));
}

grpc::Status ScoringService::StreamScoreFeatures(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<baoxue::v1::ScoreFeaturesResponse,
                             baoxue::v1::ScoreFeaturesRequest>* stream) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  baoxue::v1::ScoreFeaturesRequest request;
  while (stream->Read(&request)) {
    baoxue::v1::ScoreFeaturesResponse response;
    absl::Status scored = ScoreRows(request, &response);
    if (!scored.ok()) return ToGrpcStatus(scored);
    if (!stream->Write(response)) break;  // the caller went away
  }
  return grpc::Status::OK;
}

grpc::Status ScoringService::ListFeatures(
    grpc::ServerContext* context,
    const baoxue::v1::ListFeaturesRequest* /*request*/,
    baoxue::v1::ListFeaturesResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::shared_ptr<const core::ActiveModel>> active =
      scorer_->CurrentModel();
  if (!active.ok()) return ToGrpcStatus(active.status());
  response->set_model_version((*active)->version);
  response->set_feature_set_version((*active)->feature_set_version);
  for (size_t j = 0; j < (*active)->definitions.size(); ++j) {
    baoxue::v1::FeatureDefinition* out = response->add_features();
    *out = (*active)->definitions[j];
    out->clear_expression();  // SQL is the data staff's business
    const model::FeatureInfo& input = (*active)->inputs[j];
    if (std::isfinite(input.min)) out->set_min(input.min);
    if (std::isfinite(input.max)) out->set_max(input.max);
  }
  return grpc::Status::OK;
}

grpc::Status ScoringService::ListTopRisks(
    grpc::ServerContext* context,
    const baoxue::v1::ListTopRisksRequest* request,
    baoxue::v1::ListTopRisksResponse* response) {
  absl::StatusOr<DatedCall> call =
      StartDatedCall(*context, *authenticator_, request->as_of_date());
  if (!call.ok()) return ToGrpcStatus(call.status());
  absl::StatusOr<core::AreaRiskList> list =
      scorer_->TopRisks(call->caller, request->area_code(), call->as_of,
                        request->limit(), request->max_reasons());
  if (!list.ok()) return ToGrpcStatus(list.status());
  response->set_area_code(list->area.division_code);
  response->set_area_name(list->area.name);
  response->set_students_scored(list->students_scored);
  for (const core::AtRiskStudent& student : list->students) {
    baoxue::v1::AtRiskStudent* out = response->add_students();
    out->set_student_id(student.student_id);
    out->set_masked_name(student.masked_name);
    out->set_grade(student.grade);
    out->set_school_name(student.school_name);
    out->set_village_name(student.village_name);
    convert::ToProto(student.score, out->mutable_score());
  }
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
