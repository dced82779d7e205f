#ifndef BAOXUE_SERVER_METRICS_PROCESS_FIGURES_H_
#define BAOXUE_SERVER_METRICS_PROCESS_FIGURES_H_

#include <vector>

#include "prometheus/metric_family.h"

namespace baoxue::metrics {

// The process's own figures from /proc/self, read at each scrape:
// baoxue_process_resident_memory_bytes, baoxue_process_virtual_memory_bytes,
// baoxue_process_threads, baoxue_process_open_fds. A figure that cannot be
// read is left out. Thread-safe.
void CollectProcessFigures(std::vector<prometheus::MetricFamily>& out);

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_PROCESS_FIGURES_H_
