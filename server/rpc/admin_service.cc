#include "server/rpc/admin_service.h"

#include "server/core/token_issuer.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {

absl::StatusOr<store::CallerRole> RoleFromProto(baoxue::v1::CallerRole role) {
  switch (role) {
    case baoxue::v1::CALLER_ROLE_SYSTEM:
      return store::CallerRole::kSystem;
    case baoxue::v1::CALLER_ROLE_OFFICIAL:
      return store::CallerRole::kOfficial;
    case baoxue::v1::CALLER_ROLE_DATA_STAFF:
      return store::CallerRole::kDataStaff;
    case baoxue::v1::CALLER_ROLE_ADMIN:
      return store::CallerRole::kAdmin;
    default:
      return absl::InvalidArgumentError(
          "role must be one of SYSTEM, OFFICIAL, DATA_STAFF, ADMIN");
  }
}

grpc::Status AdminService::CreateToken(
    grpc::ServerContext* context, const baoxue::v1::CreateTokenRequest* request,
    baoxue::v1::CreateTokenResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<store::CallerRole> role = RoleFromProto(request->role());
  if (!role.ok()) return ToGrpcStatus(role.status());
  absl::StatusOr<core::IssuedToken> issued = core::IssueTokenFor(
      *caller, *tokens_, *role, request->area_code(), request->description());
  if (!issued.ok()) return ToGrpcStatus(issued.status());
  response->set_token_id(issued->token_id);
  response->set_token(issued->token);
  return grpc::Status::OK;
}

grpc::Status AdminService::TrainModel(
    grpc::ServerContext* context, const baoxue::v1::TrainModelRequest* request,
    baoxue::v1::TrainModelResponse* response) {
  absl::StatusOr<DatedCall> call =
      StartDatedCall(*context, *authenticator_, request->as_of_date());
  if (!call.ok()) return ToGrpcStatus(call.status());
  core::TrainRequest train;
  train.as_of = call->as_of;
  if (request->horizon_days() != 0)
    train.horizon_days = request->horizon_days();
  if (request->l2_penalty() != 0) train.l2_penalty = request->l2_penalty();
  train.activate = request->activate();
  absl::StatusOr<core::TrainSummary> summary =
      trainer_->Train(call->caller, train);
  if (!summary.ok()) return ToGrpcStatus(summary.status());
  response->set_model_version(summary->version);
  response->set_training_rows(summary->training_rows);
  response->set_positive_rows(summary->positive_rows);
  response->set_iterations(summary->iterations);
  response->set_train_auc(summary->train_auc);
  *response->mutable_params() = summary->params;
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
