#include "server/metrics/metric_families.h"

namespace baoxue::metrics {

prometheus::MetricFamily GaugeFamily(std::string name, std::string help) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = prometheus::MetricType::Gauge;
  return family;
}

prometheus::MetricFamily CounterFamily(std::string name, std::string help) {
  prometheus::MetricFamily family =
      GaugeFamily(std::move(name), std::move(help));
  family.type = prometheus::MetricType::Counter;
  return family;
}

void AddSample(prometheus::MetricFamily& family, double value,
               const LabelPairs& labels) {
  prometheus::ClientMetric sample;
  for (const auto& [name, label_value] : labels) {
    sample.label.push_back({name, label_value});
  }
  if (family.type == prometheus::MetricType::Counter) {
    sample.counter.value = value;
  } else {
    sample.gauge.value = value;
  }
  family.metric.push_back(std::move(sample));
}

}  // namespace baoxue::metrics
