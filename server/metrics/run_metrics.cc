#include "server/metrics/run_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/metrics/metric_families.h"

namespace baoxue::metrics {
namespace {

std::string ScopeOf(const store::RunRecord& run) {
  if (!run.area_code.empty()) return run.area_code;
  return absl::StrCat("school:", run.school_id);
}

const char* OutcomeOf(const absl::Status& status) {
  if (status.ok()) return "succeeded";
  if (absl::IsCancelled(status)) return "cancelled";
  return "failed";
}

}  // namespace

RunMetrics::RunMetrics(prometheus::Registry& registry)
    : finished_(prometheus::BuildCounter()
                    .Name("baoxue_risk_runs_finished_total")
                    .Help("Risk runs this process executed to an end, by "
                          "outcome (succeeded, failed, cancelled).")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("baoxue_risk_run_duration_seconds")
                    .Help("Wall time of a risk run's execution, by outcome.")
                    .Register(registry)),
      last_success_(
          prometheus::BuildGauge()
              .Name("baoxue_risk_run_last_success_timestamp_seconds")
              .Help("Unix time the last risk run executed here succeeded.")
              .Register(registry)
              .Add({})) {}

void RunMetrics::OnRunProgress(const core::RunProgress& progress) {
  absl::MutexLock lock(&mu_);
  ActiveRun& run = active_[progress.run.run_id];
  run.scope = ScopeOf(progress.run);
  run.scored = progress.run.students_scored;
  run.total = progress.run.students_total;
}

void RunMetrics::OnRunEnded(const store::RunRecord& run,
                            const absl::Status& status,
                            absl::Duration elapsed) {
  {
    absl::MutexLock lock(&mu_);
    active_.erase(run.run_id);
  }
  const char* outcome = OutcomeOf(status);
  finished_.Add({{"outcome", outcome}}).Increment();
  static const auto* const kBuckets =
      new prometheus::Histogram::BucketBoundaries{
          1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200};
  duration_.Add({{"outcome", outcome}}, *kBuckets)
      .Observe(absl::ToDoubleSeconds(elapsed));
  if (status.ok()) last_success_.Set(absl::ToUnixSeconds(absl::Now()));
}

void RunMetrics::Collect(std::vector<prometheus::MetricFamily>& out) const {
  prometheus::MetricFamily active = GaugeFamily(
      "baoxue_risk_runs_active", "Risk runs this process is executing now.");
  prometheus::MetricFamily scored =
      GaugeFamily("baoxue_risk_run_students_scored",
                  "Students scored so far by a run executing now.");
  prometheus::MetricFamily total =
      GaugeFamily("baoxue_risk_run_students_total",
                  "Students in the scope of a run executing now.");
  prometheus::MetricFamily ratio =
      GaugeFamily("baoxue_risk_run_progress_ratio",
                  "Share of its students a run executing now has scored.");
  absl::MutexLock lock(&mu_);
  AddSample(active, static_cast<double>(active_.size()));
  for (const auto& [run_id, run] : active_) {
    const LabelPairs labels = {{"run_id", absl::StrCat(run_id)},
                               {"scope", run.scope}};
    AddSample(scored, static_cast<double>(run.scored), labels);
    AddSample(total, static_cast<double>(run.total), labels);
    AddSample(ratio,
              run.total > 0 ? static_cast<double>(run.scored) / run.total : 0,
              labels);
  }
  out.push_back(std::move(active));
  if (!active_.empty()) {
    out.push_back(std::move(scored));
    out.push_back(std::move(total));
    out.push_back(std::move(ratio));
  }
}

}  // namespace baoxue::metrics
