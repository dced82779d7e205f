#include "server/metrics/call_metrics.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace baoxue::metrics {
namespace {

// Seconds: from a cached single-student score (~1 ms) to a county's
// feature refresh or training (minutes).
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* const kBuckets =
      new prometheus::Histogram::BucketBoundaries{
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
          0.5,   1,      2.5,   5,    10,    30,   60,  300};
  return *kBuckets;
}

}  // namespace

const char* GrpcCodeName(int code) {
  static constexpr std::array<const char*, 17> kNames = {"OK",
                                                         "CANCELLED",
                                                         "UNKNOWN",
                                                         "INVALID_ARGUMENT",
                                                         "DEADLINE_EXCEEDED",
                                                         "NOT_FOUND",
                                                         "ALREADY_EXISTS",
                                                         "PERMISSION_DENIED",
                                                         "RESOURCE_EXHAUSTED",
                                                         "FAILED_PRECONDITION",
                                                         "ABORTED",
                                                         "OUT_OF_RANGE",
                                                         "UNIMPLEMENTED",
                                                         "INTERNAL",
                                                         "UNAVAILABLE",
                                                         "DATA_LOSS",
                                                         "UNAUTHENTICATED"};
  if (code < 0 || code >= static_cast<int>(kNames.size())) return "UNKNOWN";
  return kNames[code];
}

CallMetrics::CallMetrics(prometheus::Registry& registry)
    : grpc_calls_(prometheus::BuildCounter()
                      .Name("baoxue_grpc_calls_total")
                      .Help("Finished gRPC calls by method and status code.")
                      .Register(registry)),
      grpc_duration_(prometheus::BuildHistogram()
                         .Name("baoxue_grpc_call_duration_seconds")
                         .Help("gRPC call latency by method, in seconds.")
                         .Register(registry)),
      http_requests_(prometheus::BuildCounter()
                         .Name("baoxue_http_requests_total")
                         .Help("Web requests by route and HTTP status.")
                         .Register(registry)),
      http_duration_(prometheus::BuildHistogram()
                         .Name("baoxue_http_request_duration_seconds")
                         .Help("Web request latency by route, in seconds.")
                         .Register(registry)) {}

CallMetrics::MethodSeries& CallMetrics::SeriesOf(const std::string& method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto found = methods_.find(method); found != methods_.end()) {
      return *found->second;
    }
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<MethodSeries>& series = methods_[method];
  if (series == nullptr) {
    series = std::make_unique<MethodSeries>();
    series->duration =
        &grpc_duration_.Add({{"method", method}}, LatencyBuckets());
  }
  return *series;
}

void CallMetrics::RecordGrpcCall(const std::string& method, int code,
                                 absl::Duration elapsed) {
  MethodSeries& series = SeriesOf(method);
  // Codes outside 0..16 count as UNKNOWN (2), as GrpcCodeName names them.
  const size_t slot =
      code >= 0 && code < static_cast<int>(series.calls_by_code.size())
          ? static_cast<size_t>(code)
          : 2;
  prometheus::Counter* calls =
      series.calls_by_code[slot].load(std::memory_order_acquire);
  if (calls == nullptr) {
    // Family::Add returns the same series to every caller: a race here
    // stores the same pointer twice.
    calls = &grpc_calls_.Add(
        {{"method", method}, {"code", GrpcCodeName(static_cast<int>(slot))}});
    series.calls_by_code[slot].store(calls, std::memory_order_release);
  }
  calls->Increment();
  series.duration->Observe(absl::ToDoubleSeconds(elapsed));
}

void CallMetrics::RecordHttpRequest(const std::string& route, int status,
                                    absl::Duration elapsed) {
  http_requests_.Add({{"route", route}, {"status", absl::StrCat(status)}})
      .Increment();
  http_duration_.Add({{"route", route}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(elapsed));
}

}  // namespace baoxue::metrics
