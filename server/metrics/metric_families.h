#ifndef BAOXUE_SERVER_METRICS_METRIC_FAMILIES_H_
#define BAOXUE_SERVER_METRICS_METRIC_FAMILIES_H_

#include <string>
#include <utility>
#include <vector>

#include "prometheus/metric_family.h"

namespace baoxue::metrics {

using LabelPairs = std::vector<std::pair<std::string, std::string>>;

// A gauge (or counter) family read at scrape time, filled by AddSample.
prometheus::MetricFamily GaugeFamily(std::string name, std::string help);
prometheus::MetricFamily CounterFamily(std::string name, std::string help);

// One sample of `family` (a gauge or a counter, by the family's type).
void AddSample(prometheus::MetricFamily& family, double value,
               const LabelPairs& labels = {});

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_METRIC_FAMILIES_H_
