// Issue 3 end to end: a data-staff user trains candidates on the demo
// county from the CLI, compares, activates while scoring traffic runs, and
// rolls back. Two servers share the database; activations go through server
// A while the load runs against server B, which polls only every 10 minutes,
// so B can only switch in time through LISTEN/NOTIFY. Zero failed calls.
#include <atomic>
#include <cctype>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "baoxue/v1/scoring.grpc.pb.h"
#include "client/baoxue_client.h"
#include "client/channel.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/testing/demo_county.h"
#include "tests/testing/processes.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;

// Threads scoring five students each against one server until Stop(); a
// call fails if it errs or a student comes back unscored or without the
// model version that scored it.
class ScoringLoad {
 public:
  ScoringLoad(const std::string& address, const std::string& token,
              const std::vector<int64_t>& students, int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, address, token, students, t] {
        client::BaoxueClient scoring(
            *client::MakeChannel(address, client::ChannelOptions{}), token);
        while (!stop_.load()) {
          baoxue::v1::ScoreStudentsRequest request;
          for (int k = 0; k < 5; ++k) {
            request.add_student_ids(students[(t * 5 + k) % students.size()]);
          }
          auto response = scoring.ScoreStudents(request);
          ++calls_;
          bool all_scored = response.ok() && response->scores_size() == 5;
          for (int k = 0; all_scored && k < 5; ++k) {
            all_scored = response->scores(k).has_score() &&
                         !response->scores(k).score().model_version().empty();
          }
          if (!all_scored) {
            ++failures_;
            absl::MutexLock lock(&mu_);
            if (first_failure_.empty()) {
              first_failure_ = response.ok() ? "a student was not scored"
                                             : response.status().ToString();
            }
          }
        }
      });
    }
  }
  ~ScoringLoad() { Stop(); }

  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  int calls() const { return calls_.load(); }
  int failures() const { return failures_.load(); }
  std::string first_failure() const {
    absl::MutexLock lock(&mu_);
    return first_failure_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> calls_{0}, failures_{0};
  mutable absl::Mutex mu_;
  std::string first_failure_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

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

  // The stored HTML report of `version`, through `model show --report`.
  static std::string ReportOf(const std::string& version) {
    const std::string path =
        ::baoxue::testing::UniqueTempPath("baoxue_report_") + version + ".html";
    const CommandResult shown =
        Cli(address_a_, staff_token_,
            "model show " + version + " --report " + path);
    EXPECT_EQ(shown.exit_code, 0) << shown.output;
    return testing::ReadTextFile(path);
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

  const CommandResult list =
      Cli(address_a_, staff_token_, "--lang en model list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_THAT(list.output, HasSubstr("candidate"));
  const CommandResult show =
      Cli(address_a_, staff_token_, "--lang en model show v2");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_THAT(show.output, HasSubstr("absence_rate_30d"));
  EXPECT_THAT(show.output, HasSubstr("absence rule"));  // beside the baseline
  EXPECT_THAT(show.output, HasSubstr("group(s) flagged"));
  // The default language: the same figures in Chinese words.
  const CommandResult shown_zh =
      Cli(address_a_, staff_token_, "model show v2", false);
  ASSERT_EQ(shown_zh.exit_code, 0) << shown_zh.output;
  EXPECT_THAT(shown_zh.output, HasSubstr("版本 v2  候选"));
  EXPECT_THAT(shown_zh.output, HasSubstr("缺勤率规则"));
  EXPECT_THAT(shown_zh.output, Not(HasSubstr("absence rule")));

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
      Cli(address_a_, staff_token_, "--lang en model compare v2");
  ASSERT_EQ(compare.exit_code, 0) << compare.output;
  EXPECT_THAT(compare.output, HasSubstr("validation AUC"));
  EXPECT_THAT(compare.output, HasSubstr("PR AUC"));
  EXPECT_THAT(compare.output, HasSubstr("fairness flags"));

  // Scoring load against B across the activation (through A) of v2.
  ScoringLoad load(address_b_, system_token_, students_, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const CommandResult activate =
      Cli(address_a_, staff_token_, "model activate v2 --force");
  ASSERT_EQ(activate.exit_code, 0) << activate.output;
  const bool switched = WaitForVersionOnB("v2");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  load.Stop();
  EXPECT_TRUE(switched) << VersionOnB();
  EXPECT_GT(load.calls(), 20);
  EXPECT_EQ(load.failures(), 0) << load.first_failure();

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

// The version a `model train` or `featureset create` printed after `marker`
// ("版本 v3", "feature set fs2").
std::string PrintedVersion(const std::string& output,
                           const std::string& marker) {
  const size_t at = output.find(marker);
  if (at == std::string::npos) return "";
  const size_t start = at + marker.size();
  size_t end = start;
  while (end < output.size() && std::isalnum(output[end])) ++end;
  return output.substr(start, end - start);
}

// Issue 13: a county's own feature table becomes a feature set, a model
// over it is activated while scoring runs (zero failed calls, across the
// change of feature set both ways), and scores, ScoreFeatures, ListFeatures
// and a risk run all use the set and its words.
TEST_F(HotReloadTest, CountyFeatureSetIsServedAfterActivationUnderLoad) {
  {
    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    tx.exec(
        "CREATE SCHEMA staff; "
        "CREATE TABLE staff.county_extra AS SELECT student_id, "
        "(student_id % 7 = 0)::int AS far_from_home FROM baoxue.students");
    tx.commit();
  }
  const std::string relation =
      "(SELECT f.*, e.far_from_home FROM baoxue.student_features($1::date) f "
      "JOIN staff.county_extra e USING (student_id))";
  auto feature = [](const std::string& name, const std::string& expression,
                    const std::string& extra) {
    return absl::StrCat("features { name: \"", name, "\" expression: \"",
                        expression, "\" en: \"county: ", name,
                        " {value}\" zh: \"县：", name, "\" ", extra, " }\n");
  };
  std::string body =
      absl::StrCat("name: \"county-2026\"\nrelation: \"", relation, "\"\n");
  for (const char* name :
       {"absence_rate_30d", "unexcused_absences_30d", "longest_absence_run_30d",
        "registered_poor", "left_behind", "over_age", "disability"}) {
    absl::StrAppend(&body, feature(name, name, ""));
  }
  absl::StrAppend(&body,
                  feature("far_from_home", "far_from_home",
                          "min: 0 max: 1 measures: \"交通补助 (transport)\""));
  const std::string good = ::baoxue::testing::UniqueTempPath("fs_good.txtpb");
  ASSERT_TRUE(testing::WriteTextFile(good, body));
  const std::string bad = ::baoxue::testing::UniqueTempPath("fs_bad.txtpb");
  ASSERT_TRUE(testing::WriteTextFile(
      bad, absl::StrCat(body, feature("km_far", "distnce_km > 10", ""))));
  const std::string bad_name =
      ::baoxue::testing::UniqueTempPath("fs_badname.txtpb");
  ASSERT_TRUE(testing::WriteTextFile(
      bad_name, absl::StrCat(body, feature("Far", "1", ""))));

  // A misspelt column: the test names the feature with PostgreSQL's words.
  const CommandResult tested =
      Cli(address_a_, staff_token_, "featureset test " + bad);
  EXPECT_EQ(tested.exit_code, 1) << tested.output;
  EXPECT_THAT(tested.output, HasSubstr("km_far"));
  EXPECT_THAT(tested.output, HasSubstr("column \"distnce_km\" does not exist"));
  EXPECT_THAT(tested.output, HasSubstr("far_from_home"));  // the others ran
  const CommandResult refused =
      Cli(address_a_, staff_token_, "featureset create " + bad);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.output, HasSubstr("feature km_far does not evaluate"));
  EXPECT_THAT(refused.output, HasSubstr("distnce_km"));
  const CommandResult misnamed =
      Cli(address_a_, staff_token_, "featureset create " + bad_name);
  EXPECT_EQ(misnamed.exit_code, 1);
  EXPECT_THAT(misnamed.output, HasSubstr("name 'Far' must be a lower-case"));

  const CommandResult created =
      Cli(address_a_, staff_token_, "featureset create " + good);
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const std::string set = PrintedVersion(created.output, "特征集 ");
  ASSERT_FALSE(set.empty()) << created.output;
  const CommandResult shown = Cli(address_a_, staff_token_, "featureset show");
  EXPECT_THAT(shown.output, HasSubstr("county-2026"));

  // A model over the set and one over the configured catalogue.
  const CommandResult county =
      Cli(address_a_, staff_token_, "model train --feature_set " + set);
  ASSERT_EQ(county.exit_code, 0) << county.output;
  const std::string county_model = PrintedVersion(county.output, "版本 ");
  EXPECT_THAT(county.output, HasSubstr(set));
  // The report's "meaning" column: the set's own words.
  EXPECT_THAT(ReportOf(county_model), HasSubstr("county: far_from_home …"));
  const CommandResult catalogue =
      Cli(address_a_, staff_token_, "--lang en model train");
  ASSERT_EQ(catalogue.exit_code, 0) << catalogue.output;
  const std::string catalogue_model =
      PrintedVersion(catalogue.output, "version ");
  ASSERT_EQ(
      Cli(address_a_, staff_token_, "model activate --force " + catalogue_model)
          .exit_code,
      0);
  ASSERT_TRUE(WaitForVersionOnB(catalogue_model)) << VersionOnB();

  // Scoring load against B while the feature set changes, and back.
  ScoringLoad load(address_b_, system_token_, students_, 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(
      Cli(address_a_, staff_token_, "model activate --force " + county_model)
          .exit_code,
      0);
  const bool to_county = WaitForVersionOnB(county_model);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(Cli(address_a_, staff_token_, "model rollback").exit_code, 0);
  const bool back = WaitForVersionOnB(catalogue_model);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(
      Cli(address_a_, staff_token_, "model activate --force " + county_model)
          .exit_code,
      0);
  const bool again = WaitForVersionOnB(county_model);
  load.Stop();
  EXPECT_TRUE(to_county && back && again) << VersionOnB();
  EXPECT_GT(load.calls(), 20);
  EXPECT_EQ(load.failures(), 0) << load.first_failure();

  // Callers discover the inputs; scores explain in the set's words.
  auto channel = *client::MakeChannel(address_b_, client::ChannelOptions{});
  auto stub = baoxue::v1::RiskScoring::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + system_token_);
  baoxue::v1::ListFeaturesResponse features;
  ASSERT_TRUE(stub->ListFeatures(&context, {}, &features).ok());
  EXPECT_EQ(features.model_version(), county_model);
  EXPECT_EQ(features.feature_set_version(), set);
  ASSERT_EQ(features.features_size(), 8);
  EXPECT_EQ(features.features(7).name(), "far_from_home");
  EXPECT_EQ(features.features(7).max(), 1);
  EXPECT_TRUE(features.features(7).expression().empty());

  client::BaoxueClient scoring(channel, system_token_);
  baoxue::v1::ScoreStudentsRequest request;
  for (int64_t id : students_) request.add_student_ids(id);
  auto scored = scoring.ScoreStudents(request);
  ASSERT_TRUE(scored.ok()) << scored.status();
  int county_words = 0;
  for (const auto& score : scored->scores()) {
    EXPECT_EQ(score.score().model_version(), county_model);
    for (const auto& reason : score.score().reasons()) {
      county_words += absl::StrContains(reason.text_en(), "county: ");
    }
  }
  EXPECT_GT(county_words, 0);

  baoxue::v1::ScoreFeaturesRequest rows;
  auto* row = rows.add_rows();
  for (const auto& f : features.features()) {
    (*row->mutable_values())[f.name()] = 0;
  }
  (*row->mutable_values())["far_from_home"] = 2;  // outside 0..1
  auto out_of_range = scoring.ScoreFeatures(rows);
  EXPECT_FALSE(out_of_range.ok());
  EXPECT_THAT(out_of_range.status().message(), HasSubstr("far_from_home"));
  (*row->mutable_values())["far_from_home"] = 1;
  auto by_rows = scoring.ScoreFeatures(rows);
  ASSERT_TRUE(by_rows.ok()) << by_rows.status();
  EXPECT_EQ(by_rows->scores(0).score().model_version(), county_model);

  // A risk run computes the set's daily snapshot and scores from it.
  pqxx::connection conn(database_->url());
  pqxx::work tx(conn);
  const std::string county_code =
      tx.exec1(
            "SELECT division_code FROM baoxue.areas WHERE level = 'county'")[0]
          .as<std::string>();
  tx.commit();
  const CommandResult run =
      Cli(address_a_, system_token_, "run --area " + county_code);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  pqxx::work check(conn);
  EXPECT_GT(
      check
          .exec_params1("SELECT count(*) FROM baoxue.feature_set_snapshots "
                        "WHERE feature_key = $1",
                        set)[0]
          .as<int64_t>(),
      1000);
  EXPECT_GT(
      check
          .exec_params1(
              "SELECT count(*) FROM baoxue.risk_runs r JOIN baoxue.models "
              "m USING (model_id) WHERE m.version = $1 AND r.status = "
              "'succeeded' AND r.students_scored > 1000",
              county_model)[0]
          .as<int64_t>(),
      0);
}

// Issue 13: validation is stated and warned about plainly; --json gives
// objects; the report names its version and the features' words.
TEST_F(HotReloadTest, ValidationIsStatedHonestlyAndJsonHasObjects) {
  // Training label windows (120 days) reaching the validation date.
  const CommandResult overlapping =
      Cli(address_a_, staff_token_,
          "--lang en model train --train_as_of 2026-05-01,2026-06-01 "
          "--validation_as_of 2026-07-01");
  ASSERT_EQ(overlapping.exit_code, 0) << overlapping.output;
  EXPECT_THAT(overlapping.output, HasSubstr("later snapshot as of 2026-07-01"));
  EXPECT_THAT(overlapping.output,
              HasSubstr("WARNING: validation overlaps training"));
  const std::string version = PrintedVersion(overlapping.output, "version ");

  const CommandResult held_out = Cli(
      address_a_, staff_token_, "--lang en model train --validation holdout");
  ASSERT_EQ(held_out.exit_code, 0) << held_out.output;
  EXPECT_THAT(held_out.output, HasSubstr("20% of the students held out"));
  EXPECT_THAT(held_out.output, HasSubstr("shares the training dates"));
  const CommandResult folds =
      Cli(address_a_, staff_token_,
          "--lang en model train --validation kfold --cv_folds 3");
  ASSERT_EQ(folds.exit_code, 0) << folds.output;
  EXPECT_THAT(folds.output, HasSubstr("3-fold cross-validation by student"));

  // Validation on the last school day: no dropout can follow it.
  pqxx::connection conn(database_->url());
  pqxx::work tx(conn);
  const std::string last =
      tx.exec1("SELECT max(day)::text FROM baoxue.school_days")[0]
          .as<std::string>();
  tx.commit();
  const CommandResult empty =
      Cli(address_a_, staff_token_, "model train --validation_as_of " + last);
  EXPECT_EQ(empty.exit_code, 1) << empty.output;
  EXPECT_THAT(empty.output, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(empty.output, HasSubstr("hold no dropout"));

  const CommandResult json =
      Cli(address_a_, staff_token_, "--json model show " + version, false);
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_THAT(json.output, HasSubstr("\"metrics\": {"));
  EXPECT_THAT(json.output, HasSubstr("\"calibration\": ["));
  EXPECT_THAT(json.output, HasSubstr("\"fairness\": ["));
  EXPECT_EQ(json.output.find("metrics_json"), std::string::npos);
  EXPECT_THAT(json.output, HasSubstr("validation overlaps training"));

  const std::string html = ReportOf(version);
  EXPECT_THAT(html, HasSubstr(absl::StrCat("<td>", version, "</td>")));
  EXPECT_EQ(html.find("candidate trained by"), std::string::npos);
  EXPECT_THAT(html, HasSubstr("Warning:</b> 验证与训练重叠"));
  EXPECT_THAT(html, HasSubstr(" · validation overlaps training"));

  // In Chinese the server's own words are Chinese too (issue 17).
  const CommandResult zh =
      Cli(address_a_, staff_token_, "--lang zh model show " + version);
  ASSERT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_THAT(zh.output, HasSubstr("验证方式：以后的快照（截至 2026-07-01"));
  EXPECT_THAT(zh.output, HasSubstr("注意：验证与训练重叠"));
  EXPECT_EQ(zh.output.find("overlaps"), std::string::npos) << zh.output;
  // Who trained it, by the token's description, not "token N".
  EXPECT_THAT(zh.output, HasSubstr("由 models test"));
  EXPECT_EQ(zh.output.find("由 token"), std::string::npos) << zh.output;
  EXPECT_THAT(html, HasSubstr("absence rate, last 30 school days"));
}

TEST_F(HotReloadTest, OtherRolesMayNotUseTheRegistry) {
  const CommandResult list = Cli(address_a_, system_token_, "model list");
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_THAT(list.output, HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace baoxue
