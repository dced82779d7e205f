// Issue 3 end to end: a data-staff user trains candidates on the demo
// county from the CLI, compares, activates while scoring traffic runs, and
// rolls back. Two servers share the database; activations go through server
// A while the load runs against server B, which polls only every 10 minutes,
// so B can only switch in time through LISTEN/NOTIFY. Zero failed calls.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "client/baoxue_client.h"
#include "client/channel.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/testing/demo_county.h"
#include "tests/testing/processes.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::testing::HasSubstr;

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;

class HotReloadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::CreateDemoCounty(1500, 11);
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    address_a_ = absl::StrCat("127.0.0.1:", testing::FreePort());
    address_b_ = absl::StrCat("127.0.0.1:", testing::FreePort());
    StartServer(address_a_, &server_a_, "a");
    StartServer(address_b_, &server_b_, "b");

    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    const std::string county =
        tx.exec1(
              "SELECT division_code FROM baoxue.areas WHERE level = 'county'")
            [0]
                .as<std::string>();
    for (const pqxx::row& row :
         tx.exec("SELECT student_id FROM baoxue.students ORDER BY student_id "
                 "LIMIT 20")) {
      students_.push_back(row[0].as<int64_t>());
    }
    staff_token_ = CreateToken("data_staff", county);
    system_token_ = CreateToken("system", county);
  }

  static std::string CreateToken(const std::string& role,
                                 const std::string& area) {
    const CommandResult created =
        RunShell(absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '",
                              database_->url(), "' token create --role ", role,
                              " --area ", area, " --description 'models test'"),
                 /*stderr_too=*/false);
    EXPECT_EQ(created.exit_code, 0) << created.output;
    return std::string(absl::StripAsciiWhitespace(created.output));
  }

  static void StartServer(const std::string& address,
                          testing::ChildProcess* server,
                          const std::string& name) {
    const std::string config =
        ::baoxue::testing::UniqueTempPath("baoxue_models_") + name +
        ".textproto";
    ASSERT_TRUE(testing::WriteTextFile(config, "model_poll_seconds: 600\n"));
    const std::string log =
        ::baoxue::testing::UniqueTempPath("baoxue_models_server_") + name +
        ".log";
    ASSERT_TRUE(server->Start(
        {BAOXUE_SERVER_BIN, "--database_url", database_->url(), "--listen",
         address, "--http_listen", "127.0.0.1:0", "--config", config},
        log));
    // Up to a minute: the machine may be busy with other builds and tests.
    for (int i = 0; i < 600; ++i) {
      const CommandResult health = Cli(address, "", "health");
      if (health.exit_code == 0 ||
          health.output.find("not serving") != std::string::npos) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "server " << name
           << " did not answer: " << testing::ReadTextFile(log);
  }

  static void TearDownTestSuite() {
    server_a_.Stop();
    server_b_.Stop();
    delete database_;
  }

  static CommandResult Cli(const std::string& address, const std::string& token,
                           const std::string& args, bool stderr_too = true) {
    return RunShell(
        absl::StrCat(BAOXUE_CLI_BIN, " --server ", address,
                     token.empty() ? "" : " --token " + token, " ", args),
        stderr_too);
  }

  // The model version server B scores with, or the error.
  static std::string VersionOnB() {
    client::BaoxueClient scoring(
        *client::MakeChannel(address_b_, client::ChannelOptions{}),
        system_token_);
    baoxue::v1::ScoreStudentsRequest request;
    request.add_student_ids(students_[0]);
    auto response = scoring.ScoreStudents(request);
    if (!response.ok()) return response.status().ToString();
    return response->scores(0).score().model_version();
  }

  static bool WaitForVersionOnB(const std::string& version) {
    for (int i = 0; i < 100; ++i) {
      if (VersionOnB() == version) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  static testing::TestDatabase* database_;
  static testing::ChildProcess server_a_, server_b_;
  static std::string address_a_, address_b_, staff_token_, system_token_;
  static std::vector<int64_t> students_;
};

testing::TestDatabase* HotReloadTest::database_ = nullptr;
testing::ChildProcess HotReloadTest::server_a_, HotReloadTest::server_b_;
std::string HotReloadTest::address_a_, HotReloadTest::address_b_,
    HotReloadTest::staff_token_, HotReloadTest::system_token_;
std::vector<int64_t> HotReloadTest::students_;

TEST_F(HotReloadTest, TrainCompareActivateUnderLoadAndRollBackFromTheCli) {
  // Train two candidates from the CLI (the progress bar goes to stderr).
  const CommandResult first = Cli(address_a_, staff_token_, "model train");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("v1"));
  EXPECT_THAT(first.output, HasSubstr("100%"));
  const CommandResult second =
      Cli(address_a_, staff_token_,
          "model train --l2 50 --train_as_of 2026-05-01,2026-06-01 "
          "--validation_as_of 2026-07-10");
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("2026-07-10"));

  const CommandResult list = Cli(address_a_, staff_token_, "model list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_THAT(list.output, HasSubstr("candidate"));
  const CommandResult show = Cli(address_a_, staff_token_, "model show v2");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_THAT(show.output, HasSubstr("absence_rate_30d"));
  EXPECT_THAT(show.output, HasSubstr("absence rule"));  // beside the baseline
  EXPECT_THAT(show.output, HasSubstr("group(s) flagged"));

  // The training report: one self-contained HTML file.
  const std::string report =
      ::baoxue::testing::UniqueTempPath("baoxue_report_v1.html");
  std::remove(report.c_str());
  ASSERT_EQ(Cli(address_a_, staff_token_, "model show v1 --report " + report)
                .exit_code,
            0);
  const std::string html = testing::ReadTextFile(report);
  EXPECT_THAT(html, HasSubstr("<svg"));      // ROC, PR, calibration plots
  EXPECT_THAT(html, HasSubstr("township"));  // the fairness table
  EXPECT_THAT(html, HasSubstr("absence_rate_30d"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // nothing fetched
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);

  // Nothing active yet: v1 goes live on both servers.
  ASSERT_EQ(Cli(address_a_, staff_token_, "model activate v1").exit_code, 0);
  ASSERT_TRUE(WaitForVersionOnB("v1")) << VersionOnB();
  const CommandResult compare =
      Cli(address_a_, staff_token_, "model compare v2");
  ASSERT_EQ(compare.exit_code, 0) << compare.output;
  EXPECT_THAT(compare.output, HasSubstr("validation AUC"));
  EXPECT_THAT(compare.output, HasSubstr("PR AUC"));
  EXPECT_THAT(compare.output, HasSubstr("fairness flags"));

  // Scoring load against B across the activation (through A) of v2.
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0}, failures{0};
  absl::Mutex mu;
  std::string first_failure;
  std::vector<std::string> seen_after;
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&, t] {
      client::BaoxueClient scoring(
          *client::MakeChannel(address_b_, client::ChannelOptions{}),
          system_token_);
      while (!stop.load()) {
        baoxue::v1::ScoreStudentsRequest request;
        for (int k = 0; k < 5; ++k) {
          request.add_student_ids(students_[(t * 5 + k) % students_.size()]);
        }
        auto response = scoring.ScoreStudents(request);
        ++calls;
        bool all_scored = response.ok() && response->scores_size() == 5;
        for (int k = 0; all_scored && k < 5; ++k) {
          all_scored = response->scores(k).has_score() &&
                       !response->scores(k).score().model_version().empty();
        }
        if (!all_scored) {
          ++failures;
          absl::MutexLock lock(&mu);
          if (first_failure.empty()) {
            first_failure = response.ok() ? "a student was not scored"
                                          : response.status().ToString();
          }
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const CommandResult activate =
      Cli(address_a_, staff_token_, "model activate v2 --force");
  ASSERT_EQ(activate.exit_code, 0) << activate.output;
  const bool switched = WaitForVersionOnB("v2");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (std::thread& thread : load) thread.join();
  EXPECT_TRUE(switched) << VersionOnB();
  EXPECT_GT(calls.load(), 20);
  EXPECT_EQ(failures.load(), 0) << first_failure;

  // Roll back: both servers return to v1.
  const CommandResult rollback =
      Cli(address_a_, staff_token_, "model rollback");
  ASSERT_EQ(rollback.exit_code, 0) << rollback.output;
  EXPECT_THAT(rollback.output, HasSubstr("v1"));
  EXPECT_TRUE(WaitForVersionOnB("v1")) << VersionOnB();
  const CommandResult json =
      Cli(address_a_, staff_token_, "--json model list", false);
  EXPECT_THAT(json.output, HasSubstr("MODEL_STATE_ACTIVE"));
}

TEST_F(HotReloadTest, OtherRolesMayNotUseTheRegistry) {
  const CommandResult list = Cli(address_a_, system_token_, "model list");
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_THAT(list.output, HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace baoxue
