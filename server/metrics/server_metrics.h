#ifndef BAOXUE_SERVER_METRICS_SERVER_METRICS_H_
#define BAOXUE_SERVER_METRICS_SERVER_METRICS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/collectable.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "server/metrics/call_metrics.h"
#include "server/metrics/replica_figures.h"
#include "server/metrics/run_metrics.h"
#include "server/store/ops_figures_store.h"

namespace baoxue::metrics {

// The connection pool's use (store::PgConnectionPool::Usage, copied by the
// composition root so this layer needs no database code).
struct PoolFigures {
  int size = 0;
  int in_use = 0;
  int open_idle = 0;
  int waiting = 0;
  int64_t acquired_total = 0;
  int64_t waited_total = 0;
  double waited_seconds_total = 0;
};

// One notification channel's circuit breaker: "closed" (sending), "open"
// (backing off as a whole) or "half_open" (trying one message).
struct ChannelCircuit {
  std::string channel;
  std::string state;
};

// One feature's drift between the training data and today's features.
struct DriftFigure {
  std::string feature;
  double psi = 0;  // population stability index
};

// What is read afresh at each scrape; any part may be left empty.
struct ScrapeInputs {
  std::function<PoolFigures()> pool;
  // The version being scored with; "" while no model is loaded.
  std::function<std::string()> active_model_version;
  // Outbox depth and age, interrupted runs, snapshot age (not owned).
  store::OpsFiguresStore* ops = nullptr;
  // notify.channels[].name: shown with 0 pending when nothing waits.
  std::vector<std::string> configured_channels;
  // The dispatcher's circuit states (to be fed from server/notify).
  std::function<std::vector<ChannelCircuit>()> channel_circuits;
  // Filled once model drift exists (issue 15 / feature sets and drift).
  std::function<std::vector<DriftFigure>()> drift;
  // The read replica, when read_replica is configured (docs/replica.md).
  std::function<ReplicaFigures()> replica;
};

// Every metric baoxue-server exports (docs/metrics.md): one registry owned
// here and handed to the endpoint, the recorders other code calls (calls,
// runs, health) and the figures read at scrape time from ScrapeInputs.
// Thread-safe. Created by the composition root; no global state.
class ServerMetrics {
 public:
  ServerMetrics();
  ~ServerMetrics();

  // Call once the parts are built, before the endpoint serves.
  void SetScrapeInputs(ScrapeInputs inputs);

  CallMetrics& calls() { return calls_; }
  RunMetrics& runs() { return runs_; }
  // baoxue_health_serving: 1 while gRPC health says SERVING.
  void SetServing(bool serving) { serving_.Set(serving ? 1 : 0); }

  // The registry and the scrape-time collector, for the endpoint.
  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }
  std::shared_ptr<prometheus::Collectable> scrape_figures() const;

 private:
  class ScrapeFigures;

  std::shared_ptr<prometheus::Registry> registry_;
  CallMetrics calls_;
  RunMetrics runs_;
  prometheus::Gauge& serving_;
  std::shared_ptr<ScrapeFigures> scrape_figures_;
};

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_SERVER_METRICS_H_
