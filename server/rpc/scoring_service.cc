#include "server/rpc/scoring_service.h"

#include "server/convert/scoring_calls.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {

grpc::Status ScoringService::ScoreStudents(
    grpc::ServerContext* context,
    const baoxue::v1::ScoreStudentsRequest* request,
    baoxue::v1::ScoreStudentsResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(
      convert::ScoreStudents(*scorer_, *caller, *request, response));
}

grpc::Status ScoringService::ScoreFeatures(
    grpc::ServerContext* context,
    const baoxue::v1::ScoreFeaturesRequest* request,
    baoxue::v1::ScoreFeaturesResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(
      convert::ScoreFeatures(*scorer_, *caller, *request, response));
}

grpc::Status ScoringService::StreamScoreFeatures(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<baoxue::v1::ScoreFeaturesResponse,
                             baoxue::v1::ScoreFeaturesRequest>* stream) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const absl::Status may = core::Scorer::CheckMayScoreRows(*caller);
  if (!may.ok()) return ToGrpcStatus(may);
  baoxue::v1::ScoreFeaturesRequest request;
  while (stream->Read(&request)) {
    // A long-lived stream checks its token again for every message.
    absl::StatusOr<core::Caller> still =
        AuthenticateCall(*context, *authenticator_);
    if (!still.ok()) return ToGrpcStatus(still.status());
    baoxue::v1::ScoreFeaturesResponse response;
    absl::Status scored =
        convert::ScoreFeatures(*scorer_, *still, request, &response);
    if (!scored.ok()) return ToGrpcStatus(scored);
    if (!stream->Write(response)) break;  // the caller went away
  }
  return grpc::Status::OK;
}

grpc::Status ScoringService::ListFeatures(
    grpc::ServerContext* context,
    const baoxue::v1::ListFeaturesRequest* request,
    baoxue::v1::ListFeaturesResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(
      convert::ListFeatures(*scorer_, *caller, *request, response));
}

grpc::Status ScoringService::ListTopRisks(
    grpc::ServerContext* context,
    const baoxue::v1::ListTopRisksRequest* request,
    baoxue::v1::ListTopRisksResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(
      convert::ListTopRisks(*scorer_, *caller, *request, response));
}

}  // namespace baoxue::rpc
