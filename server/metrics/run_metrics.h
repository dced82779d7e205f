#ifndef BAOXUE_SERVER_METRICS_RUN_METRICS_H_
#define BAOXUE_SERVER_METRICS_RUN_METRICS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/metric_family.h"
#include "prometheus/registry.h"
#include "server/core/risk_runner.h"

namespace baoxue::metrics {

// The risk runs this process executes, from the runner's progress reports:
//   baoxue_risk_runs_active                          runs executing now
//   baoxue_risk_run_students_scored{run_id,scope}    per run executing now
//   baoxue_risk_run_students_total{run_id,scope}
//   baoxue_risk_run_progress_ratio{run_id,scope}     scored / total
//   baoxue_risk_runs_finished_total{outcome}         succeeded|failed|cancelled
//   baoxue_risk_run_duration_seconds{outcome}        wall time (histogram)
//   baoxue_risk_run_last_success_timestamp_seconds   Unix time
// The per-run series exist only while the run executes (scope is the area
// code, or "school:<id>"), so their number stays that of concurrent runs.
// Thread-safe.
class RunMetrics : public core::RunObserver {
 public:
  explicit RunMetrics(prometheus::Registry& registry);

  void OnRunProgress(const core::RunProgress& progress) override;
  void OnRunEnded(const store::RunRecord& run, const absl::Status& status,
                  absl::Duration elapsed) override;

  // The per-run gauges, at scrape time.
  void Collect(std::vector<prometheus::MetricFamily>& out) const;

 private:
  struct ActiveRun {
    std::string scope;
    int64_t scored = 0;
    int64_t total = 0;
  };

  prometheus::Family<prometheus::Counter>& finished_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Gauge& last_success_;
  mutable absl::Mutex mu_;
  std::map<int64_t, ActiveRun> active_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::metrics

#endif  // BAOXUE_SERVER_METRICS_RUN_METRICS_H_
