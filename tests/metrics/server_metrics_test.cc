// ServerMetrics without a server: every figure fed from fakes, collected as
// Prometheus would scrape it, and the monitoring files checked against it.
#include "server/metrics/server_metrics.h"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "server/metrics/metrics_endpoint.h"
#include "tests/testing/processes.h"

namespace baoxue::metrics {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

// Answers with fixed figures, or UNAVAILABLE when told to. Implements
// store::OpsFiguresStore.
class FakeOpsFigures : public store::OpsFiguresStore {
 public:
  absl::StatusOr<store::OpsFigures> ReadOpsFigures() override {
    if (down) return absl::UnavailableError("database down");
    return figures;
  }
  store::OpsFigures figures;
  bool down = false;
};

// Everything exported, in the text format, as a scrape reads it.
std::string Scrape(const ServerMetrics& metrics) {
  std::vector<prometheus::MetricFamily> families =
      metrics.registry()->Collect();
  for (prometheus::MetricFamily& family : metrics.scrape_figures()->Collect()) {
    families.push_back(std::move(family));
  }
  return prometheus::TextSerializer().Serialize(families);
}

// The series names in a scrape: each family's name, with the _bucket,
// _sum and _count series of a histogram.
std::set<std::string> SeriesNames(const std::string& scrape) {
  std::set<std::string> names;
  for (absl::string_view line : absl::StrSplit(scrape, '\n')) {
    std::vector<std::string> words = absl::StrSplit(line, ' ');
    if (words.size() != 4 || words[0] != "#" || words[1] != "TYPE") continue;
    names.insert(words[2]);
    if (words[3] == "histogram") {
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        names.insert(words[2] + suffix);
      }
    }
  }
  return names;
}

class ServerMetricsTest : public ::testing::Test {
 protected:
  void FeedEverything() {
    ops_.figures.outbox.push_back({"county-wecom", 3, 1, 125.5});
    ops_.figures.interrupted_runs = 2;
    ops_.figures.failed_runs_last_day = 1;
    ops_.figures.feature_snapshot_age_seconds = 3600;
    ScrapeInputs inputs;
    inputs.pool = [] {
      PoolFigures pool;
      pool.size = 8;
      pool.in_use = 3;
      pool.open_idle = 2;
      pool.waiting = 1;
      pool.acquired_total = 40;
      pool.waited_total = 4;
      pool.waited_seconds_total = 0.5;
      return pool;
    };
    inputs.active_model_version = [] { return std::string("v7"); };
    inputs.ops = &ops_;
    inputs.configured_channels = {"county-wecom", "audit-file"};
    inputs.channel_circuits = [] {
      return std::vector<ChannelCircuit>{{"county-wecom", "open"}};
    };
    inputs.drift = [] {
      return std::vector<DriftFigure>{{"absence_rate_30d", 0.12}};
    };
    metrics_.SetScrapeInputs(std::move(inputs));
    metrics_.calls().RecordGrpcCall("/baoxue.v1.RiskRuns/GetRun", 5,
                                    absl::Milliseconds(3));
    metrics_.calls().RecordHttpRequest("GET /api/cases", 401,
                                       absl::Milliseconds(2));
    metrics_.SetServing(true);
    core::RunProgress progress;
    progress.run.run_id = 42;
    progress.run.area_code = "360799101000";
    progress.run.students_scored = 250;
    progress.run.students_total = 1000;
    metrics_.runs().OnRunProgress(progress);
    // An earlier run that failed (the outcome families exist only after one).
    store::RunRecord earlier;
    earlier.run_id = 41;
    earlier.school_id = 7;
    metrics_.runs().OnRunEnded(earlier, absl::UnavailableError("database"),
                               absl::Seconds(3));
  }

  FakeOpsFigures ops_;
  ServerMetrics metrics_;
};

TEST_F(ServerMetricsTest, ExportsEveryFigureWithItsLabels) {
  FeedEverything();
  const std::string scrape = Scrape(metrics_);
  EXPECT_THAT(scrape, HasSubstr("baoxue_grpc_calls_total{code=\"NOT_FOUND\","
                                "method=\"/baoxue.v1.RiskRuns/GetRun\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_grpc_call_duration_seconds_bucket{"
                                "method=\"/baoxue.v1.RiskRuns/GetRun\","
                                "le=\"0.005\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_http_requests_total{route=\"GET "
                                "/api/cases\",status=\"401\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_health_serving 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_db_pool_connections_in_use 3"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_db_pool_wait_seconds_total 0.5"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_model_active_info{version=\"v7\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_outbox_pending_messages{channel="
                                "\"county-wecom\"} 3"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_outbox_oldest_pending_age_seconds{"
                                "channel=\"county-wecom\"} 125.5"));
  // A configured channel with nothing waiting shows 0, not nothing.
  EXPECT_THAT(scrape, HasSubstr("baoxue_outbox_pending_messages{channel="
                                "\"audit-file\"} 0"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_notify_circuit_state{channel="
                                "\"county-wecom\",state=\"open\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_notify_circuit_state{channel="
                                "\"county-wecom\",state=\"closed\"} 0"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_runs_interrupted 2"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_feature_snapshot_age_seconds 3600"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_model_drift_psi{feature="
                                "\"absence_rate_30d\"} 0.12"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_run_progress_ratio{run_id=\"42\","
                                "scope=\"360799101000\"} 0.25"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_runs_active 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_runs_finished_total{outcome="
                                "\"failed\"} 1"));
  EXPECT_THAT(scrape, ContainsRegex("baoxue_process_resident_memory_bytes "
                                    "[1-9][0-9e+.]*\n"));
  EXPECT_THAT(scrape, ContainsRegex("baoxue_process_threads [1-9]"));
}

TEST_F(ServerMetricsTest, AFinishedRunLeavesTheProgressGaugesAndIsCounted) {
  FeedEverything();
  store::RunRecord run;
  run.run_id = 42;
  run.area_code = "360799101000";
  metrics_.runs().OnRunEnded(run, absl::OkStatus(), absl::Seconds(20));
  metrics_.runs().OnRunEnded(run, absl::CancelledError("stop"),
                             absl::Seconds(2));
  const std::string scrape = Scrape(metrics_);
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_runs_active 0"));
  EXPECT_THAT(scrape, Not(HasSubstr("baoxue_risk_run_progress_ratio")));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_runs_finished_total{outcome="
                                "\"succeeded\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_runs_finished_total{outcome="
                                "\"cancelled\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("baoxue_risk_run_duration_seconds_bucket{"
                                "outcome=\"succeeded\",le=\"30\"} 1"));
  EXPECT_THAT(
      scrape,
      Not(HasSubstr("baoxue_risk_run_last_success_timestamp_seconds 0")));
}

TEST_F(ServerMetricsTest, AnUnreachableDatabaseSaysSoAndDropsItsFigures) {
  FeedEverything();
  ops_.down = true;
  const std::string scrape = Scrape(metrics_);
  EXPECT_THAT(scrape, HasSubstr("baoxue_database_up 0"));
  EXPECT_THAT(scrape, Not(HasSubstr("baoxue_outbox_pending_messages")));
  // The figures that need no database are still there.
  EXPECT_THAT(scrape, HasSubstr("baoxue_db_pool_size 8"));
}

TEST(MetricsEndpointTest, ServesOnAnyFreePortAndRefusesATakenOne) {
  ServerMetrics metrics;
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> first =
      MetricsEndpoint::Start("127.0.0.1:0", metrics);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_GT((*first)->port(), 0);
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> second =
      MetricsEndpoint::Start(absl::StrCat("127.0.0.1:", (*first)->port()),
                             metrics);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(),
              HasSubstr("metrics.listen_address 127.0.0.1:"));
}

TEST(MetricsEndpointTest, AMalformedAddressIsNamed) {
  ServerMetrics metrics;
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
      MetricsEndpoint::Start("no-port", metrics);
  EXPECT_EQ(endpoint.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(endpoint.status().message(),
              HasSubstr("metrics.listen_address no-port"));
}

// The dashboard and the alert rules parse and use only names the server
// exports (with every input fed, as above).
TEST_F(ServerMetricsTest, MonitoringFilesUseOnlyExportedNames) {
  FeedEverything();
  const std::set<std::string> exported = SeriesNames(Scrape(metrics_));
  ASSERT_GT(exported.size(), 30u);
  const testing::CommandResult used = testing::RunShell(
      "python3 " BAOXUE_SOURCE_DIR
      "/tests/metrics/monitoring_names.py " BAOXUE_SOURCE_DIR
      "/deploy/monitoring/grafana-dashboard.json " BAOXUE_SOURCE_DIR
      "/deploy/monitoring/alerts.yml");
  ASSERT_EQ(used.exit_code, 0) << used.output;
  int checked = 0;
  for (absl::string_view name :
       absl::StrSplit(used.output, '\n', absl::SkipEmpty())) {
    EXPECT_TRUE(exported.count(std::string(name)) > 0)
        << name << " is used in deploy/monitoring but not exported";
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

}  // namespace
}  // namespace baoxue::metrics
