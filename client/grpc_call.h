#ifndef BAOXUE_CLIENT_GRPC_CALL_H_
#define BAOXUE_CLIENT_GRPC_CALL_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace baoxue::client {

// A gRPC status as absl::Status: same code, same message.
inline absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

// A call's context: the bearer token (none if empty) and a deadline (none
// for absl::InfiniteFuture(), e.g. a run or an import that takes minutes).
inline std::unique_ptr<grpc::ClientContext> CallContext(
    const std::string& token, absl::Time deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  if (deadline != absl::InfiniteFuture()) {
    context->set_deadline(absl::ToChronoTime(deadline));
  }
  return context;
}

// Calls one unary method and folds the status into the result.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Call(Stub* stub,
                              grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                           const Request&,
                                                           Response*),
                              std::unique_ptr<grpc::ClientContext> context,
                              const Request& request) {
  Response response;
  grpc::Status status = (stub->*method)(context.get(), request, &response);
  if (!status.ok()) return FromGrpc(status);
  return response;
}

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_GRPC_CALL_H_
