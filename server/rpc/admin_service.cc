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

}  // namespace baoxue::rpc
