#include "server/rpc/call_context.h"

#include "absl/strings/str_cat.h"
#include "server/core/input_checks.h"

namespace baoxue::rpc {

absl::StatusOr<core::Caller> AuthenticateCall(
    const grpc::ServerContext& context, core::Authenticator& authenticator) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "missing metadata 'authorization: Bearer <token>'");
  }
  return authenticator.Authenticate(
      absl::string_view(it->second.data(), it->second.size()));
}

absl::StatusOr<DatedCall> StartDatedCall(const grpc::ServerContext& context,
                                         core::Authenticator& authenticator,
                                         const std::string& as_of_date) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(context, authenticator);
  if (!caller.ok()) return caller.status();
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      ParseDateField(as_of_date, "as_of_date");
  if (!as_of.ok()) return as_of.status();
  return DatedCall{*std::move(caller), *as_of};
}

}  // namespace baoxue::rpc
