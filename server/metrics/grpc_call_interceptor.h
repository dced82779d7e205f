#ifndef BAOXUE_SERVER_METRICS_GRPC_CALL_INTERCEPTOR_H_
#define BAOXUE_SERVER_METRICS_GRPC_CALL_INTERCEPTOR_H_

#include <string>

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "server/metrics/call_metrics.h"

namespace baoxue::metrics {

// Around every gRPC call the server answers:
// - the request id: the client's `x-request-id` metadata if usable
//   (base/request_id.h), else a new one; visible to the service as client
//   metadata (RequestIdOf) and sent back in the initial and trailing
//   metadata `x-request-id`;
// - the call's method, code and latency into `calls` (may be null: ids only);
// - one log line per failed call: method, code, milliseconds, request id
//   (never the message or the request).
// Register with ServerBuilder::experimental().SetInterceptorCreators.
// Thread-safe; does not own `calls`, which must outlive the server.
class GrpcCallInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit GrpcCallInterceptorFactory(CallMetrics* calls) : calls_(calls) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallMetrics* calls_;
};

// The call's request id as the interceptor set it; "" without one.
std::string RequestIdOf(const grpc::ServerContextBase& context);

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_GRPC_CALL_INTERCEPTOR_H_
