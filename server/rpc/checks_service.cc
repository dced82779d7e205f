#include "server/rpc/checks_service.h"

#include "server/convert/check_convert.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {

grpc::Status ChecksService::RunCheck(grpc::ServerContext* context,
                                     const baoxue::v1::RunCheckRequest* request,
                                     baoxue::v1::CheckResult* response) {
  absl::StatusOr<DatedCall> call =
      StartDatedCall(*context, *authenticator_, request->as_of_date());
  if (!call.ok()) return ToGrpcStatus(call.status());
  absl::StatusOr<core::checks::CheckOutcome> outcome =
      desk_->Run(call->caller, request->area_code(), call->as_of);
  if (!outcome.ok()) return ToGrpcStatus(outcome.status());
  convert::ToProto(*outcome, response);
  return grpc::Status::OK;
}

grpc::Status ChecksService::GetCheckReport(
    grpc::ServerContext* context,
    const baoxue::v1::GetCheckReportRequest* request,
    baoxue::v1::CheckReport* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  auto report = desk_->Report(*caller, request->area_code());
  if (!report.ok()) return ToGrpcStatus(report.status());
  convert::ToProto(report->first, report->second, response);
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
