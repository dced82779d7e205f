#ifndef BAOXUE_CLIENT_GRPC_CALL_H_
#define BAOXUE_CLIENT_GRPC_CALL_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace baoxue::client {

// A gRPC status as absl::Status: same code, same message.
inline absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
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
