#include "server/rpc/admin_service.h"

#include "absl/time/time.h"
#include "domain/county_time.h"
#include "server/convert/token_convert.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {

grpc::Status AdminService::CreateToken(
    grpc::ServerContext* context, const baoxue::v1::CreateTokenRequest* request,
    baoxue::v1::CreateTokenResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<store::CallerRole> role =
      convert::RoleFromProto(request->role());
  if (!role.ok()) return ToGrpcStatus(role.status());
  if (request->expires_in_seconds() < 0) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "expires_in_seconds: must be positive, or 0 for the default"));
  }
  core::TokenRequest token;
  token.role = *role;
  token.area_code = request->area_code();
  token.description = request->description();
  if (request->expires_in_seconds() > 0) {
    token.lifetime = absl::Seconds(request->expires_in_seconds());
  }
  absl::StatusOr<core::IssuedToken> issued = issuer_->IssueFor(*caller, token);
  if (!issued.ok()) return ToGrpcStatus(issued.status());
  response->set_token_id(issued->token_id);
  response->set_token(issued->token);
  response->set_expires_at(domain::FormatCountyTime(issued->expires_at));
  return grpc::Status::OK;
}

grpc::Status AdminService::ListTokens(
    grpc::ServerContext* context, const baoxue::v1::ListTokensRequest*,
    baoxue::v1::ListTokensResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::vector<store::TokenRecord>> tokens =
      issuer_->List(*caller);
  if (!tokens.ok()) return ToGrpcStatus(tokens.status());
  for (const store::TokenRecord& token : *tokens) {
    convert::ToProto(token, response->add_tokens());
  }
  return grpc::Status::OK;
}

grpc::Status AdminService::RevokeToken(
    grpc::ServerContext* context, const baoxue::v1::RevokeTokenRequest* request,
    baoxue::v1::RevokeTokenResponse*) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(issuer_->Revoke(*caller, request->token_id()));
}

}  // namespace baoxue::rpc
