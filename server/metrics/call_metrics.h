#ifndef BAOXUE_SERVER_METRICS_CALL_METRICS_H_
#define BAOXUE_SERVER_METRICS_CALL_METRICS_H_

#include <string>

#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace baoxue::metrics {

// Counts and times the calls the server answers:
//   baoxue_grpc_calls_total{method,code}     every finished gRPC call
//   baoxue_grpc_call_duration_seconds{method} its latency (histogram)
//   baoxue_http_requests_total{route,status}  every routed web request
//   baoxue_http_request_duration_seconds{route} its latency (histogram)
// `method` is the full gRPC method ("/baoxue.v1.RiskRuns/GetRun"),
// `code` the gRPC code name ("NOT_FOUND"), `route` the route's method and
// pattern ("GET /api/cases"), never a raw path with ids in it.
// Thread-safe; the families live in `registry`, which must outlive this.
class CallMetrics {
 public:
  explicit CallMetrics(prometheus::Registry& registry);

  void RecordGrpcCall(const std::string& method, int code,
                      absl::Duration elapsed);
  void RecordHttpRequest(const std::string& route, int status,
                         absl::Duration elapsed);

 private:
  prometheus::Family<prometheus::Counter>& grpc_calls_;
  prometheus::Family<prometheus::Histogram>& grpc_duration_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Family<prometheus::Histogram>& http_duration_;
};

// The gRPC status code's name as grpc++ spells it ("OK", "NOT_FOUND", ...);
// "UNKNOWN" for a number outside 0..16.
const char* GrpcCodeName(int code);

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_CALL_METRICS_H_
