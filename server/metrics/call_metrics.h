#ifndef BAOXUE_SERVER_METRICS_CALL_METRICS_H_
#define BAOXUE_SERVER_METRICS_CALL_METRICS_H_

#include <array>
#include <atomic>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
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
  // One method's series, found once: the hot path then takes a reader lock
  // and no label hashing or allocation (Family::Add builds a histogram per
  // call even when the series exists).
  struct MethodSeries {
    prometheus::Histogram* duration = nullptr;
    std::array<std::atomic<prometheus::Counter*>, 17> calls_by_code{};
  };
  MethodSeries& SeriesOf(const std::string& method);

  prometheus::Family<prometheus::Counter>& grpc_calls_;
  prometheus::Family<prometheus::Histogram>& grpc_duration_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Family<prometheus::Histogram>& http_duration_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> methods_
      ABSL_GUARDED_BY(mu_);
};

// The gRPC status code's name as grpc++ spells it ("OK", "NOT_FOUND", ...);
// "UNKNOWN" for a number outside 0..16.
const char* GrpcCodeName(int code);

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_CALL_METRICS_H_
