#include "server/metrics/server_metrics.h"

#include <array>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/log.h"
#include "server/metrics/metric_families.h"
#include "server/metrics/process_figures.h"

namespace baoxue::metrics {
namespace {

using prometheus::MetricFamily;

void CollectPool(const PoolFigures& pool, std::vector<MetricFamily>& out) {
  const std::array<std::pair<const char*, const char*>, 4> gauges = {{
      {"baoxue_db_pool_size", "Connections the database pool may open."},
      {"baoxue_db_pool_connections_in_use", "Connections leased now."},
      {"baoxue_db_pool_connections_idle", "Open connections free now."},
      {"baoxue_db_pool_waiting", "Callers waiting for a connection now."},
  }};
  const std::array<double, 4> gauge_values = {
      static_cast<double>(pool.size), static_cast<double>(pool.in_use),
      static_cast<double>(pool.open_idle), static_cast<double>(pool.waiting)};
  for (size_t i = 0; i < gauges.size(); ++i) {
    MetricFamily family = GaugeFamily(gauges[i].first, gauges[i].second);
    AddSample(family, gauge_values[i]);
    out.push_back(std::move(family));
  }
  const std::array<std::pair<const char*, const char*>, 3> counters = {{
      {"baoxue_db_pool_acquisitions_total", "Connections leased in all."},
      {"baoxue_db_pool_waits_total",
       "Leases that found every connection in use and waited."},
      {"baoxue_db_pool_wait_seconds_total", "Time spent waiting for leases."},
  }};
  const std::array<double, 3> counter_values = {
      static_cast<double>(pool.acquired_total),
      static_cast<double>(pool.waited_total), pool.waited_seconds_total};
  for (size_t i = 0; i < counters.size(); ++i) {
    MetricFamily family = CounterFamily(counters[i].first, counters[i].second);
    AddSample(family, counter_values[i]);
    out.push_back(std::move(family));
  }
}

void CollectModel(const std::string& version, std::vector<MetricFamily>& out) {
  MetricFamily loaded = GaugeFamily(
      "baoxue_model_loaded", "1 when a model version is loaded for scoring.");
  AddSample(loaded, version.empty() ? 0 : 1);
  out.push_back(std::move(loaded));
  if (version.empty()) return;
  MetricFamily info = GaugeFamily(
      "baoxue_model_active_info",
      "Always 1; the label `version` is the model version scoring now.");
  AddSample(info, 1, {{"version", version}});
  out.push_back(std::move(info));
}

void CollectOps(const absl::StatusOr<store::OpsFigures>& figures,
                const std::vector<std::string>& configured_channels,
                std::vector<MetricFamily>& out) {
  MetricFamily up = GaugeFamily(
      "baoxue_database_up",
      "1 when the scrape's read of the database figures succeeded.");
  AddSample(up, figures.ok() ? 1 : 0);
  out.push_back(std::move(up));
  if (!figures.ok()) return;
  MetricFamily pending =
      GaugeFamily("baoxue_outbox_pending_messages",
                  "Outbox messages not delivered yet, by channel.");
  MetricFamily failing = GaugeFamily(
      "baoxue_outbox_failing_messages",
      "Outbox messages whose latest delivery attempt failed, by channel.");
  MetricFamily oldest = GaugeFamily(
      "baoxue_outbox_oldest_pending_age_seconds",
      "Age of the oldest outbox message not delivered yet, by channel.");
  std::set<std::string> seen;
  for (const store::OutboxChannelFigures& channel : figures->outbox) {
    const LabelPairs labels = {{"channel", channel.channel}};
    seen.insert(channel.channel);
    AddSample(pending, static_cast<double>(channel.pending), labels);
    AddSample(failing, static_cast<double>(channel.failing), labels);
    AddSample(oldest, channel.oldest_pending_age_seconds, labels);
  }
  for (const std::string& channel : configured_channels) {
    if (seen.count(channel) > 0) continue;
    AddSample(pending, 0, {{"channel", channel}});
    AddSample(failing, 0, {{"channel", channel}});
    AddSample(oldest, 0, {{"channel", channel}});
  }
  out.push_back(std::move(pending));
  out.push_back(std::move(failing));
  out.push_back(std::move(oldest));

  MetricFamily interrupted = GaugeFamily(
      "baoxue_risk_runs_interrupted",
      "Risk runs recorded as running that no process executes any longer.");
  AddSample(interrupted, static_cast<double>(figures->interrupted_runs));
  out.push_back(std::move(interrupted));
  MetricFamily failed = GaugeFamily("baoxue_risk_runs_failed_last_day",
                                    "Risk runs that failed in the last 24 h.");
  AddSample(failed, static_cast<double>(figures->failed_runs_last_day));
  out.push_back(std::move(failed));
  if (figures->feature_snapshot_age_seconds.has_value()) {
    MetricFamily age =
        GaugeFamily("baoxue_feature_snapshot_age_seconds",
                    "Age of the newest feature snapshot (computed_at to now).");
    AddSample(age, *figures->feature_snapshot_age_seconds);
    out.push_back(std::move(age));
  }
}

void CollectCircuits(const std::vector<ChannelCircuit>& circuits,
                     std::vector<MetricFamily>& out) {
  MetricFamily family = GaugeFamily(
      "baoxue_notify_circuit_state",
      "1 for the channel's circuit state (closed, open, half_open), 0 for "
      "the others.");
  for (const ChannelCircuit& circuit : circuits) {
    for (const char* state : {"closed", "open", "half_open"}) {
      AddSample(family, circuit.state == state ? 1 : 0,
                {{"channel", circuit.channel}, {"state", state}});
    }
  }
  out.push_back(std::move(family));
}

void CollectDrift(const std::vector<DriftFigure>& drift,
                  std::vector<MetricFamily>& out) {
  MetricFamily family = GaugeFamily(
      "baoxue_model_drift_psi",
      "Population stability index of a feature, training data to today.");
  for (const DriftFigure& figure : drift) {
    AddSample(family, figure.psi, {{"feature", figure.feature}});
  }
  out.push_back(std::move(family));
}

}  // namespace

// The figures read afresh at each scrape.
class ServerMetrics::ScrapeFigures : public prometheus::Collectable {
 public:
  explicit ScrapeFigures(const RunMetrics* runs) : runs_(runs) {}

  void Set(ScrapeInputs inputs) {
    absl::MutexLock lock(&mu_);
    inputs_ = std::move(inputs);
  }

  std::vector<MetricFamily> Collect() const override {
    std::vector<MetricFamily> out;
    CollectProcessFigures(out);
    runs_->Collect(out);
    absl::MutexLock lock(&mu_);
    if (inputs_.pool) CollectPool(inputs_.pool(), out);
    if (inputs_.active_model_version) {
      CollectModel(inputs_.active_model_version(), out);
    }
    if (inputs_.ops != nullptr) {
      absl::StatusOr<store::OpsFigures> figures = inputs_.ops->ReadOpsFigures();
      if (!figures.ok()) {
        LogWarning(absl::StrCat("metrics: cannot read the database figures: ",
                                figures.status().ToString()));
      }
      CollectOps(figures, inputs_.configured_channels, out);
    }
    if (inputs_.channel_circuits) {
      CollectCircuits(inputs_.channel_circuits(), out);
    }
    if (inputs_.drift) CollectDrift(inputs_.drift(), out);
    if (inputs_.replica) CollectReplica(inputs_.replica(), out);
    return out;
  }

 private:
  const RunMetrics* runs_;
  mutable absl::Mutex mu_;
  ScrapeInputs inputs_ ABSL_GUARDED_BY(mu_);
};

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      calls_(*registry_),
      runs_(*registry_),
      serving_(prometheus::BuildGauge()
                   .Name("baoxue_health_serving")
                   .Help("1 while the gRPC health service says SERVING.")
                   .Register(*registry_)
                   .Add({})),
      scrape_figures_(std::make_shared<ScrapeFigures>(&runs_)) {
  prometheus::BuildGauge()
      .Name("baoxue_process_start_time_seconds")
      .Help("Unix time the server process started serving metrics.")
      .Register(*registry_)
      .Add({})
      .Set(absl::ToUnixSeconds(absl::Now()));
}

ServerMetrics::~ServerMetrics() = default;

std::shared_ptr<prometheus::Collectable> ServerMetrics::scrape_figures() const {
  return scrape_figures_;
}

void ServerMetrics::SetScrapeInputs(ScrapeInputs inputs) {
  scrape_figures_->Set(std::move(inputs));
}

}  // namespace baoxue::metrics
