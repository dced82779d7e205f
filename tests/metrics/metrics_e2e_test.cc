// /metrics of a real baoxue-server: the CLI makes calls (one failing), a
// risk run goes through, the web API answers, and the scrape over HTTP shows
// them with the pool, memory, model and health figures. The server logs JSON
// lines that carry the request id the CLI prints.
#include <algorithm>
#include <regex>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "pqxx/pqxx"
#include "tests/testing/demo_county.h"
#include "tests/testing/processes.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class MetricsEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::CreateDemoCounty(1500, 11);
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    address_ = absl::StrCat("127.0.0.1:", testing::FreePort());
    http_port_ = testing::FreePort();
    metrics_port_ = testing::FreePort();
    const std::string config =
        ::baoxue::testing::UniqueTempPath("baoxue_metrics_e2e.textproto");
    ASSERT_TRUE(testing::WriteTextFile(
        config, absl::StrCat("model_poll_seconds: 1\n"
                             "log { format: JSON }\n"
                             "notify { channels { name: \"audit-file\" "
                             "kind: FILE path: \"",
                             ::baoxue::testing::UniqueTempPath(
                                 "baoxue_metrics_e2e_messages.jsonl"),
                             "\" } }\n")));
    log_path_ = ::baoxue::testing::UniqueTempPath("baoxue_metrics_e2e.log");
    ASSERT_TRUE(server_.Start(
        {BAOXUE_SERVER_BIN, "--database_url", database_->url(), "--listen",
         address_, "--http_listen", absl::StrCat("127.0.0.1:", http_port_),
         "--metrics_listen", absl::StrCat("127.0.0.1:", metrics_port_),
         "--config", config},
        log_path_));
    ASSERT_TRUE(testing::WaitUntilServerAnswers(BAOXUE_CLI_BIN, address_))
        << testing::ReadTextFile(log_path_);

    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    county_ = tx.exec1(
                    "SELECT division_code FROM baoxue.areas "
                    "WHERE level = 'county'")[0]
                  .as<std::string>();
    const CommandResult admin = testing::BootstrapToken(
        BAOXUE_SERVER_BIN, database_->url(), "admin", county_, "metrics admin");
    ASSERT_EQ(admin.exit_code, 0) << admin.output;
    admin_token_ = admin.output;
    const CommandResult staff =
        Cli(admin_token_,
            absl::StrCat("token create --role DATA_STAFF --area ", county_,
                         " --description 'metrics data staff'"),
            /*stderr_too=*/false);
    ASSERT_EQ(staff.exit_code, 0) << staff.output;
    const std::string staff_token(absl::StripAsciiWhitespace(staff.output));
    const CommandResult trained =
        testing::TrainAndActivate(BAOXUE_CLI_BIN, address_, staff_token);
    ASSERT_EQ(trained.exit_code, 0) << trained.output;
    model_version_ = trained.output;
  }

  static void TearDownTestSuite() {
    server_.Stop();
    delete database_;
  }

  static CommandResult Cli(const std::string& token, const std::string& args,
                           bool stderr_too = true) {
    return testing::RunCli(BAOXUE_CLI_BIN, address_, token, args, stderr_too);
  }

  static std::string Scrape() {
    httplib::Client client("127.0.0.1", metrics_port_);
    httplib::Result result = client.Get("/metrics");
    if (!result || result->status != 200) return "";
    return result->body;
  }

  // The value of the first series matching `series_regex` (a regular
  // expression for the name and labels), or -1.
  static double Value(const std::string& scrape,
                      const std::string& series_regex) {
    std::smatch match;
    if (!std::regex_search(
            scrape, match,
            std::regex("(^|\n)" + series_regex + " ([0-9.e+-]+)"))) {
      return -1;
    }
    double value = -1;
    if (!absl::SimpleAtod(match[match.size() - 1].str(), &value)) return -1;
    return value;
  }

  // Scrapes until `series_regex` reaches at least `at_least` (the server
  // follows a model activation within a poll); the last scrape.
  static std::string ScrapeUntil(const std::string& series_regex,
                                 double at_least) {
    std::string scrape;
    for (int i = 0; i < 300; ++i) {
      scrape = Scrape();
      if (Value(scrape, series_regex) >= at_least) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return scrape;
  }

  static testing::TestDatabase* database_;
  static testing::ChildProcess server_;
  static std::string address_;
  static int http_port_;
  static int metrics_port_;
  static std::string log_path_;
  static std::string county_;
  static std::string admin_token_;
  static std::string model_version_;
};

testing::TestDatabase* MetricsEndToEndTest::database_ = nullptr;
testing::ChildProcess MetricsEndToEndTest::server_;
std::string MetricsEndToEndTest::address_;
int MetricsEndToEndTest::http_port_ = 0;
int MetricsEndToEndTest::metrics_port_ = 0;
std::string MetricsEndToEndTest::log_path_;
std::string MetricsEndToEndTest::county_;
std::string MetricsEndToEndTest::admin_token_;
std::string MetricsEndToEndTest::model_version_;

TEST_F(MetricsEndToEndTest, CallsAreCountedByMethodAndCodeWithLatency) {
  const std::string refused_series =
      "baoxue_grpc_calls_total\\{code=\"UNAUTHENTICATED\",method="
      "\"/baoxue.v1.RiskRuns/ListRuns\"\\}";
  const double refused_before = std::max(0.0, Value(Scrape(), refused_series));
  ASSERT_EQ(Cli(admin_token_, "runs").exit_code, 0);
  const CommandResult refused = Cli("", "runs");  // no token
  ASSERT_NE(refused.exit_code, 0);

  const std::string scrape = Scrape();
  ASSERT_THAT(scrape, HasSubstr("# TYPE baoxue_grpc_calls_total counter"));
  EXPECT_GE(Value(scrape,
                  "baoxue_grpc_calls_total\\{code=\"OK\",method=\"/"
                  "baoxue.v1.RiskRuns/ListRuns\"\\}"),
            1);
  EXPECT_EQ(Value(scrape, refused_series), refused_before + 1);
  EXPECT_GE(Value(scrape,
                  "baoxue_grpc_call_duration_seconds_count\\{method=\""
                  "/baoxue.v1.RiskRuns/ListRuns\"\\}"),
            2);
  EXPECT_GE(Value(scrape,
                  "baoxue_grpc_call_duration_seconds_bucket\\{method="
                  "\"/baoxue.v1.RiskRuns/ListRuns\",le=\"\\+Inf\"\\}"),
            2);
}

TEST_F(MetricsEndToEndTest, AFailedCallPrintsTheRequestIdTheServerLogged) {
  const CommandResult refused = Cli("", "runs");
  ASSERT_NE(refused.exit_code, 0);
  std::smatch id;
  ASSERT_TRUE(std::regex_search(refused.output, id,
                                std::regex("request id: ([0-9a-f]{16})")))
      << refused.output;
  std::string log;
  for (int i = 0; i < 50; ++i) {  // the line is written as the call ends
    log = testing::ReadTextFile(log_path_);
    if (log.find(id[1].str()) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_THAT(log, ContainsRegex(absl::StrCat(
                       "\\{\"time\":\"[-0-9T:.]+Z\",\"level\":\"INFO\","
                       "\"message\":\"call /baoxue.v1.RiskRuns/ListRuns "
                       "failed: UNAUTHENTICATED after [0-9]+ ms\","
                       "\"request_id\":\"",
                       id[1].str(), "\"\\}")));
  // Every line of the server's own log is JSON.
  EXPECT_THAT(log, ContainsRegex("\\{\"time\":\"[^\"]+\",\"level\":\"INFO\","
                                 "\"message\":\"baoxue-server listening on"));
}

TEST_F(MetricsEndToEndTest, PoolMemoryModelAndHealthAreShown) {
  const std::string scrape =
      ScrapeUntil(absl::StrCat("baoxue_model_active_info\\{version=\"",
                               model_version_, "\"\\}"),
                  1);
  EXPECT_EQ(Value(scrape, absl::StrCat("baoxue_model_active_info\\{version=\"",
                                       model_version_, "\"\\}")),
            1);
  EXPECT_EQ(Value(scrape, "baoxue_model_loaded"), 1);
  EXPECT_EQ(Value(scrape, "baoxue_db_pool_size"), 8);
  EXPECT_GT(Value(scrape, "baoxue_db_pool_acquisitions_total"), 0);
  EXPECT_GE(Value(scrape, "baoxue_db_pool_connections_in_use"), 0);
  EXPECT_GT(Value(scrape, "baoxue_process_resident_memory_bytes"), 10e6);
  EXPECT_GT(Value(scrape, "baoxue_process_threads"), 2);
  EXPECT_EQ(
      Value(ScrapeUntil("baoxue_health_serving", 1), "baoxue_health_serving"),
      1);
  EXPECT_EQ(Value(scrape, "baoxue_database_up"), 1);
  EXPECT_EQ(Value(scrape,
                  "baoxue_outbox_pending_messages\\{channel=\"audit-"
                  "file\"\\}"),
            0);
  EXPECT_EQ(Value(scrape, "baoxue_risk_runs_interrupted"), 0);
}

TEST_F(MetricsEndToEndTest, ARiskRunIsCountedAndRefreshesTheSnapshotAge) {
  const CommandResult run =
      Cli(admin_token_, absl::StrCat("run --area ", county_));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string scrape = Scrape();
  EXPECT_EQ(Value(scrape,
                  "baoxue_risk_runs_finished_total\\{outcome="
                  "\"succeeded\"\\}"),
            1);
  EXPECT_EQ(Value(scrape,
                  "baoxue_risk_run_duration_seconds_count\\{outcome="
                  "\"succeeded\"\\}"),
            1);
  EXPECT_EQ(Value(scrape, "baoxue_risk_runs_active"), 0);
  const double age = Value(scrape, "baoxue_feature_snapshot_age_seconds");
  EXPECT_GE(age, 0);
  EXPECT_LT(age, 3600);
  EXPECT_GT(Value(scrape, "baoxue_risk_run_last_success_timestamp_seconds"),
            1.7e9);
}

TEST_F(MetricsEndToEndTest, WebRequestsAreCountedByRouteWithARequestId) {
  httplib::Client web("127.0.0.1", http_port_);
  httplib::Result mine = web.Get("/api/me", {{"X-Request-Id", "web-check-1"}});
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 401);
  EXPECT_EQ(mine->get_header_value("X-Request-Id"), "web-check-1");
  httplib::Result fresh = web.Get("/api/me");
  ASSERT_TRUE(fresh);
  EXPECT_THAT(fresh->get_header_value("X-Request-Id"),
              ::testing::MatchesRegex("[0-9a-f]{16}"));
  EXPECT_EQ(Value(Scrape(),
                  "baoxue_http_requests_total\\{route=\"GET "
                  "/api/me\",status=\"401\"\\}"),
            2);
}

}  // namespace
}  // namespace baoxue
