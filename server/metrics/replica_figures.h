#ifndef BAOXUE_SERVER_METRICS_REPLICA_FIGURES_H_
#define BAOXUE_SERVER_METRICS_REPLICA_FIGURES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "prometheus/metric_family.h"

namespace baoxue::metrics {

// The read replica as /metrics shows it (docs/replica.md), copied from
// core::ReadRouter::Figures and the replica's pool by the composition root.
struct ReplicaFigures {
  bool reachable = false;
  std::optional<double> lag_seconds;  // unknown until measured
  bool serving_reads = false;         // reads go to the replica now
  int64_t replica_reads = 0;
  // Reads sent to the primary instead, by reason.
  int64_t own_writes_reads = 0;
  int64_t lagging_reads = 0;
  int64_t unreachable_reads = 0;
  int64_t replica_failed_reads = 0;
  int pool_in_use = 0;
  int64_t pool_acquired_total = 0;
};

// baoxue_read_replica_* families.
void CollectReplica(const ReplicaFigures& replica,
                    std::vector<prometheus::MetricFamily>& out);

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_REPLICA_FIGURES_H_
