#ifndef BAOXUE_SERVER_METRICS_METRICS_ENDPOINT_H_
#define BAOXUE_SERVER_METRICS_METRICS_ENDPOINT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/metrics/server_metrics.h"

namespace prometheus {
class Exposer;
}

namespace baoxue::metrics {

// Prometheus's /metrics over plain HTTP (prometheus-cpp's Exposer, its own
// threads), serving `metrics` until destroyed. Thread-safe.
class MetricsEndpoint {
 public:
  // Binds `address` ("host:port", "[v6]:port"; port 0 = any free port) and
  // serves at once. INVALID_ARGUMENT naming metrics.listen_address if it is
  // malformed; UNAVAILABLE if it cannot be bound. `metrics` must outlive
  // the endpoint.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, const ServerMetrics& metrics);
  ~MetricsEndpoint();

  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;

  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_METRICS_ENDPOINT_H_
