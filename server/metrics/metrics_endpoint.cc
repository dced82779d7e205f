#include "server/metrics/metrics_endpoint.h"

#include <exception>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/net_address.h"
#include "base/status_macros.h"
#include "prometheus/exposer.h"

namespace baoxue::metrics {
namespace {

// CivetWeb takes numeric addresses only, IPv6 in brackets.
absl::StatusOr<std::string> CivetAddress(const std::string& address) {
  absl::StatusOr<HostPort> parts = SplitHostPort(address);
  if (!parts.ok() || parts->host.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics.listen_address ", address,
                     ": expected host:port, e.g. 127.0.0.1:50190, or off"));
  }
  const std::string host =
      parts->host == "localhost" ? "127.0.0.1" : parts->host;
  if (absl::StrContains(host, ':')) {
    return absl::StrCat("[", host, "]:", parts->port);
  }
  return absl::StrCat(host, ":", parts->port);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address, const ServerMetrics& metrics) {
  BAOXUE_ASSIGN_OR_RETURN(const std::string bind, CivetAddress(address));
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  try {
    // Two threads: one scrape at a time is the normal load.
    endpoint->exposer_ = std::make_unique<prometheus::Exposer>(
        std::vector<std::string>{"listening_ports", bind, "num_threads", "2"});
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("metrics.listen_address ",
                                               address, ": cannot listen (",
                                               e.what(), ")"));
  }
  endpoint->exposer_->RegisterCollectable(metrics.registry());
  endpoint->exposer_->RegisterCollectable(metrics.scrape_figures());
  const std::vector<int> ports = endpoint->exposer_->GetListeningPorts();
  endpoint->port_ = ports.empty() ? 0 : ports.front();
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() = default;

}  // namespace baoxue::metrics
