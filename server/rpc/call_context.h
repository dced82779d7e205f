#ifndef BAOXUE_SERVER_RPC_CALL_CONTEXT_H_
#define BAOXUE_SERVER_RPC_CALL_CONTEXT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "grpcpp/server_context.h"
#include "server/convert/date_field.h"
#include "server/core/authenticator.h"
#include "server/core/caller.h"

namespace baoxue::rpc {

// Authenticates the call from its `authorization` metadata.
absl::StatusOr<core::Caller> AuthenticateCall(
    const grpc::ServerContext& context, core::Authenticator& authenticator);

// YYYY-MM-DD request fields, parsed alike by the gRPC services and the
// HTTP/JSON gateway.
using convert::ParseDateField;

// The common start of a call that carries an `as_of_date` field: the
// authenticated caller and the parsed date (nullopt if not given).
struct DatedCall {
  core::Caller caller;
  std::optional<absl::CivilDay> as_of;
};
absl::StatusOr<DatedCall> StartDatedCall(const grpc::ServerContext& context,
                                         core::Authenticator& authenticator,
                                         const std::string& as_of_date);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_CALL_CONTEXT_H_
