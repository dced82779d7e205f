#include "server/metrics/replica_figures.h"

#include <utility>

#include "server/metrics/metric_families.h"

namespace baoxue::metrics {

void CollectReplica(const ReplicaFigures& replica,
                    std::vector<prometheus::MetricFamily>& out) {
  prometheus::MetricFamily reachable =
      GaugeFamily("baoxue_read_replica_reachable",
                  "1 while the read replica answers and is a standby.");
  AddSample(reachable, replica.reachable ? 1 : 0);
  out.push_back(std::move(reachable));
  prometheus::MetricFamily serving = GaugeFamily(
      "baoxue_read_replica_serving_reads",
      "1 while read-only calls go to the replica, 0 while they fall back to "
      "the primary (lagging, unreachable).");
  AddSample(serving, replica.serving_reads ? 1 : 0);
  out.push_back(std::move(serving));
  if (replica.lag_seconds.has_value()) {
    prometheus::MetricFamily lag = GaugeFamily(
        "baoxue_read_replica_lag_seconds",
        "At most this old an answer from the replica (WAL replayed).");
    AddSample(lag, *replica.lag_seconds);
    out.push_back(std::move(lag));
  }
  prometheus::MetricFamily reads = CounterFamily(
      "baoxue_read_replica_reads_total", "Reads the replica answered.");
  AddSample(reads, static_cast<double>(replica.replica_reads));
  out.push_back(std::move(reads));
  prometheus::MetricFamily fallbacks = CounterFamily(
      "baoxue_read_replica_fallbacks_total",
      "Reads sent to the primary instead of the replica, by reason.");
  for (const auto& [reason, count] :
       {std::pair{"own_writes", replica.own_writes_reads},
        std::pair{"lagging", replica.lagging_reads},
        std::pair{"unreachable", replica.unreachable_reads},
        std::pair{"replica_failed", replica.replica_failed_reads}}) {
    AddSample(fallbacks, static_cast<double>(count), {{"reason", reason}});
  }
  out.push_back(std::move(fallbacks));
  prometheus::MetricFamily in_use =
      GaugeFamily("baoxue_read_replica_pool_connections_in_use",
                  "Replica connections leased now.");
  AddSample(in_use, replica.pool_in_use);
  out.push_back(std::move(in_use));
  prometheus::MetricFamily acquired =
      CounterFamily("baoxue_read_replica_pool_acquisitions_total",
                    "Replica connections leased in all (the watcher's too).");
  AddSample(acquired, static_cast<double>(replica.pool_acquired_total));
  out.push_back(std::move(acquired));
}

}  // namespace baoxue::metrics
