// End to end: the `baoxue` CLI -> baoxue-server -> a real PostgreSQL database
// filled by the demo generator. One county is generated for the whole suite.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/testing/demo_county.h"
#include "tests/testing/processes.h"
#include "tests/testing/temp_path.h"
#include "tests/testing/test_database.h"

namespace baoxue {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;

class EndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::CreateDemoCounty(1500, 11);
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    address_ = absl::StrCat("127.0.0.1:", testing::FreePort());
    StartServer();

    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    county_ = tx.exec1(
                    "SELECT division_code FROM baoxue.areas "
                    "WHERE level = 'county'")[0]
                  .as<std::string>();
    auto townships = tx.exec(
        "SELECT division_code FROM baoxue.areas WHERE level = 'township' "
        "ORDER BY division_code LIMIT 2");
    township_a_ = townships[0][0].as<std::string>();
    township_b_ = townships[1][0].as<std::string>();
    student_in_b_ =
        tx.exec1(absl::StrCat("SELECT student_id FROM baoxue.student_features("
                              "'2026-11-20') WHERE township_code = ",
                              tx.quote(township_b_), " LIMIT 1"))[0]
            .as<int64_t>();
    any_student_ = tx.exec1("SELECT min(student_id) FROM baoxue.students")[0]
                       .as<int64_t>();

    const CommandResult admin = testing::BootstrapToken(
        BAOXUE_SERVER_BIN, database_->url(), "admin", county_, "e2e admin");
    ASSERT_EQ(admin.exit_code, 0) << admin.output;
    admin_token_ = admin.output;
    const CommandResult staff =
        Cli(admin_token_,
            absl::StrCat("token create --role DATA_STAFF --area ", county_,
                         " --description 'e2e data staff'"),
            /*stderr_too=*/false);
    ASSERT_EQ(staff.exit_code, 0) << staff.output;
    staff_token_ = std::string(absl::StripAsciiWhitespace(staff.output));
  }

  static void StartServer() {
    log_path_ = ::baoxue::testing::UniqueTempPath("baoxue_e2e_server.log");
    ASSERT_TRUE(server_.Start(
        {BAOXUE_SERVER_BIN, "--database_url", database_->url(), "--listen",
         address_, "--http_listen", "127.0.0.1:0", "--config", WriteConfig()},
        log_path_));
    ASSERT_TRUE(testing::WaitUntilServerAnswers(BAOXUE_CLI_BIN, address_))
        << "server did not answer";
  }

  static std::string WriteConfig() {
    const std::string path =
        ::baoxue::testing::UniqueTempPath("baoxue_e2e.textproto");
    EXPECT_TRUE(testing::WriteTextFile(
        path, "model_poll_seconds: 1\nmax_batch_size: 1000\n"));
    return path;
  }

  static void TearDownTestSuite() {
    server_.Stop();
    delete database_;
  }

  static CommandResult Cli(const std::string& token, const std::string& args,
                           bool stderr_too = true) {
    return testing::RunCli(BAOXUE_CLI_BIN, address_, token, args, stderr_too);
  }

  static void EnsureTrained() {
    if (trained_) return;
    const CommandResult trained =
        testing::TrainAndActivate(BAOXUE_CLI_BIN, address_, staff_token_);
    ASSERT_EQ(trained.exit_code, 0) << trained.output;
    trained_ = true;
  }

  static std::string OfficialToken(const std::string& township) {
    const CommandResult created =
        Cli(admin_token_,
            absl::StrCat("token create --role OFFICIAL --area ", township,
                         " --description official"),
            /*stderr_too=*/false);
    EXPECT_EQ(created.exit_code, 0) << created.output;
    return std::string(absl::StripAsciiWhitespace(created.output));
  }

  static testing::TestDatabase* database_;
  static testing::ChildProcess server_;
  static std::string address_, log_path_, admin_token_, staff_token_, county_,
      township_a_, township_b_;
  static int64_t student_in_b_, any_student_;
  static bool trained_;
};

testing::TestDatabase* EndToEndTest::database_ = nullptr;
testing::ChildProcess EndToEndTest::server_;
std::string EndToEndTest::address_, EndToEndTest::log_path_,
    EndToEndTest::admin_token_, EndToEndTest::staff_token_,
    EndToEndTest::county_, EndToEndTest::township_a_, EndToEndTest::township_b_;
int64_t EndToEndTest::student_in_b_ = 0, EndToEndTest::any_student_ = 0;
bool EndToEndTest::trained_ = false;

// Its own county copy and server, so it holds whatever ran before it.
TEST(ServingTest, HealthIsNotServingUntilAModelIsTrained) {
  auto db = testing::CreateDemoCounty(1500, 11);
  ASSERT_TRUE(db.ok()) << db.status();
  const std::string address = absl::StrCat("127.0.0.1:", testing::FreePort());
  const std::string log =
      ::baoxue::testing::UniqueTempPath("baoxue_e2e_untrained.log");
  testing::ChildProcess server;
  ASSERT_TRUE(
      server.Start({BAOXUE_SERVER_BIN, "--database_url", (*db)->url(),
                    "--listen", address, "--http_listen", "127.0.0.1:0"},
                   log));
  const std::string cli = absl::StrCat(BAOXUE_CLI_BIN, " --server ", address);
  const CommandResult admin = RunShell(
      absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '", (*db)->url(),
                   "' token create --role admin --area 360799000000 "
                   "--description 'e2e admin'"),
      /*stderr_too=*/false);
  ASSERT_EQ(admin.exit_code, 0) << admin.output;
  const std::string token(absl::StripAsciiWhitespace(admin.output));
  // Up to 60 s for the server to answer at all (shared CI machines).
  CommandResult health;
  for (int i = 0; i < 600; ++i) {
    health = RunShell(cli + " health");
    if (health.exit_code == 0 ||
        health.output.find("not serving") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(health.exit_code, 1);
  EXPECT_THAT(health.output,
              AllOf(HasSubstr("未就绪"), HasSubstr("not serving")))
      << testing::ReadTextFile(log);
  pqxx::connection connection((*db)->url());
  pqxx::read_transaction tx(connection);
  const int64_t student =
      tx.exec1("SELECT min(student_id) FROM baoxue.students")[0].as<int64_t>();
  const CommandResult score = RunShell(
      absl::StrCat(cli, " --token ", token, " score --student ", student));
  EXPECT_EQ(score.exit_code, 1);
  EXPECT_THAT(score.output, HasSubstr("UNAVAILABLE"));
}

TEST_F(EndToEndTest, TrainThenHealthIsServing) {
  EnsureTrained();
  // Health follows the model within model_poll_seconds (1 s here); up to
  // 30 s on a loaded machine.
  CommandResult health;
  for (int i = 0; i < 300; ++i) {
    health = Cli("", "health");
    if (health.exit_code == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(health.exit_code, 0) << health.output;
  EXPECT_THAT(health.output, HasSubstr("服务中"));
  EXPECT_THAT(Cli("", "--lang en health").output, HasSubstr("serving"));
}

TEST_F(EndToEndTest, ScoreKnownStudentShowsRiskModelAndReasons) {
  EnsureTrained();
  const CommandResult score =
      Cli(admin_token_, absl::StrCat("--json score --student ", any_student_));
  ASSERT_EQ(score.exit_code, 0) << score.output;
  EXPECT_THAT(score.output, HasSubstr("\"probability\""));
  EXPECT_THAT(score.output, HasSubstr("\"model_version\": \"v1\""));
  EXPECT_THAT(score.output, HasSubstr("\"as_of_date\""));
}

TEST_F(EndToEndTest, UnknownIdIsReportedWithoutFailingTheBatch) {
  EnsureTrained();
  const CommandResult score =
      Cli(admin_token_,
          absl::StrCat("score --student ", any_student_, ",987654321"));
  EXPECT_EQ(score.exit_code, 0) << score.output;
  // One language a line (--lang, default zh); the server's English message
  // in English only.
  EXPECT_THAT(score.output, HasSubstr("学生 987654321：错误：查无此学生"));
  EXPECT_THAT(score.output, HasSubstr("  风险 0."));
  EXPECT_THAT(score.output, Not(HasSubstr(" risk ")));
  const CommandResult english = Cli(
      admin_token_,
      absl::StrCat("--lang en score --student ", any_student_, ",987654321"));
  EXPECT_EQ(english.exit_code, 0) << english.output;
  EXPECT_THAT(english.output,
              HasSubstr("student 987654321: error: no such student"));
  EXPECT_THAT(english.output, HasSubstr("  risk 0."));
  EXPECT_THAT(english.output, Not(HasSubstr("风险")));
}

TEST_F(EndToEndTest, AnotherLanguageIsRefusedNamingTheFlag) {
  const CommandResult refused = Cli(admin_token_, "--lang fr runs");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output,
              AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("--lang")));
}

TEST_F(EndToEndTest, MissingOrBadTokenIsUnauthenticated) {
  EnsureTrained();
  EXPECT_THAT(Cli("", absl::StrCat("score --student ", any_student_)).output,
              HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(
      Cli("bx_not_a_token", absl::StrCat("score --student ", any_student_))
          .output,
      HasSubstr("UNAUTHENTICATED"));
}

TEST_F(EndToEndTest, OfficialSeesOwnTownshipOnly) {
  EnsureTrained();
  const std::string official = OfficialToken(township_a_);
  const CommandResult own = Cli(official, "top-risks --limit 3");
  ASSERT_EQ(own.exit_code, 0) << own.output;
  EXPECT_THAT(own.output, HasSubstr(township_a_));
  const CommandResult other =
      Cli(official, absl::StrCat("top-risks --area ", township_b_));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.output, HasSubstr("PERMISSION_DENIED"));
  // Answered like an unknown id: nobody can probe which students exist (the
  // server's own words, shown as they are in English).
  const CommandResult student =
      Cli(official, absl::StrCat("--lang en score --student ", student_in_b_));
  EXPECT_EQ(student.exit_code, 0) << student.output;
  EXPECT_THAT(student.output,
              HasSubstr("no such student in the caller's area"));
}

TEST_F(EndToEndTest, OverLongBatchIsInvalidArgumentStatingTheLimit) {
  EnsureTrained();
  std::vector<int64_t> ids;
  for (int i = 1; i <= 1001; ++i) ids.push_back(i);
  const CommandResult score = Cli(
      admin_token_, absl::StrCat("score --student ", absl::StrJoin(ids, ",")));
  EXPECT_EQ(score.exit_code, 1);
  EXPECT_THAT(score.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(score.output, HasSubstr("the limit is 1000"));
}

TEST_F(EndToEndTest, MalformedDateIsInvalidArgumentNamingTheField) {
  EnsureTrained();
  const CommandResult score =
      Cli(admin_token_,
          absl::StrCat("score --as_of 2026-02-30 --student ", any_student_));
  EXPECT_EQ(score.exit_code, 1);
  EXPECT_THAT(score.output, HasSubstr("as_of_date"));
}

TEST_F(EndToEndTest, SystemTokenCannotTrain) {
  EnsureTrained();
  const CommandResult created =
      Cli(admin_token_,
          absl::StrCat("token create --role SYSTEM --area ", county_,
                       " --description system"),
          /*stderr_too=*/false);
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const CommandResult train = Cli(
      std::string(absl::StripAsciiWhitespace(created.output)), "model train");
  EXPECT_EQ(train.exit_code, 1);
  EXPECT_THAT(train.output, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(EndToEndTest, Z_SigtermDrainsAndExitsCleanly) {
  ASSERT_GT(server_.pid(), 0);
  const int status = server_.Stop();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  StartServer();  // leave a server for any test that runs after
}

}  // namespace
}  // namespace baoxue
