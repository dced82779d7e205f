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

// The request id the server answered with (metadata x-request-id, trailing
// or initial); "" when there is none (e.g. the server was not reached).
// Call only after the call has finished.
inline std::string ServerRequestId(const grpc::ClientContext& context) {
  for (const auto* metadata : {&context.GetServerTrailingMetadata(),
                               &context.GetServerInitialMetadata()}) {
    auto found = metadata->find("x-request-id");
    if (found != metadata->end()) {
      return std::string(found->second.data(), found->second.size());
    }
  }
  return "";
}

// A gRPC status as absl::Status: same code, same message. With the call's
// finished `context`, an error's message ends with the server's request id,
// "(request id: ...)", which an operator finds in the server's log.
inline absl::Status FromGrpc(const grpc::Status& status,
                             const grpc::ClientContext* context = nullptr) {
  if (status.ok()) return absl::OkStatus();
  std::string message = status.error_message();
  if (context != nullptr) {
    if (const std::string id = ServerRequestId(*context); !id.empty()) {
      message += " (request id: " + id + ")";
    }
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      message);
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
  if (!status.ok()) return FromGrpc(status, context.get());
  return response;
}

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_GRPC_CALL_H_
