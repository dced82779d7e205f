// A new county from its registries' files alone, as docs/imports.md tells
// data staff: an empty database, `baoxue-server import-areas` and the first
// token on the server machine, then every kind through `baoxue import`, a
// model trained and activated, a risk run, and the 四查三比对 check — no SQL.
// The files are the generated demo county written out by
// deploy/demo/county_files.sh (xlsx, GBK and UTF-8 CSVs, a few bad rows).
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
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

using ::baoxue::testing::CommandResult;
using ::baoxue::testing::RunShell;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kCounty[] = "360799000000";

int64_t Count(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  return tx.exec1(sql)[0].as<int64_t>();
}

std::string FileStart(const std::string& path, size_t bytes) {
  return testing::ReadTextFile(path).substr(0, bytes);
}

class CountyFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::UniqueTempPath("baoxue_county_files");
    auto source = testing::CreateDemoCounty(1500, 23);
    ASSERT_TRUE(source.ok()) << source.status();
    source_ = *std::move(source);
    const CommandResult files = RunShell(
        absl::StrCat(BAOXUE_SOURCE_DIR, "/deploy/demo/county_files.sh '",
                     source_->url(), "' ", dir_));
    ASSERT_EQ(files.exit_code, 0) << files.output;

    auto empty = testing::TestDatabase::Create();
    ASSERT_TRUE(empty.ok()) << empty.status();
    county_ = *std::move(empty);
    ASSERT_TRUE(testing::WriteTextFile(dir_ + "/id.secret",
                                       "county-files-e2e-secret-0123456789"));
    ASSERT_TRUE(testing::WriteTextFile(
        dir_ + "/server.textproto",
        absl::StrCat("model_poll_seconds: 1\n", "imports { id_secret_file: \"",
                     dir_, "/id.secret\" }\n")));
    address_ = absl::StrCat("127.0.0.1:", testing::FreePort());
  }

  void TearDown() override {
    server_.Stop();
    RunShell(absl::StrCat("rm -rf '", dir_, "'"));
  }

  CommandResult Server(const std::string& args) {
    return RunShell(absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '",
                                 county_->url(), "' --config ", dir_,
                                 "/server.textproto ", args));
  }

  CommandResult Cli(const std::string& token, const std::string& args,
                    bool stderr_too = true) {
    return RunShell(
        absl::StrCat("cd ", dir_, " && ", BAOXUE_CLI_BIN, " --server ",
                     address_, " --token ", token, " ", args),
        stderr_too);
  }

  std::string dir_, address_;
  // The generated county the files come from, and the empty one they fill.
  std::unique_ptr<testing::TestDatabase> source_, county_;
  testing::ChildProcess server_;
};

TEST_F(CountyFilesTest, AnEmptyDatabaseBecomesAScoredCountyFromItsFiles) {
  // On the server machine: the areas, then the first (admin) token.
  const CommandResult areas = Server("import-areas " + dir_ + "/行政区划.csv");
  ASSERT_EQ(areas.exit_code, 0) << areas.output;
  EXPECT_EQ(Count(county_->url(), "SELECT count(*) FROM baoxue.areas"),
            Count(source_->url(), "SELECT count(*) FROM baoxue.areas"));
  const CommandResult admin = testing::BootstrapToken(
      BAOXUE_SERVER_BIN, county_->url(), "admin", kCounty, "county office");
  ASSERT_EQ(admin.exit_code, 0) << admin.output;

  ASSERT_TRUE(server_.Start(
      {BAOXUE_SERVER_BIN, "--database_url", county_->url(), "--listen",
       address_, "--http_listen", "127.0.0.1:0", "--metrics_listen", "off",
       "--config", dir_ + "/server.textproto"},
      dir_ + "/server.log"));
  ASSERT_TRUE(testing::WaitUntilServerAnswers(BAOXUE_CLI_BIN, address_))
      << testing::ReadTextFile(dir_ + "/server.log");
  const CommandResult staff =
      Cli(admin.output,
          absl::StrCat("token create --role DATA_STAFF --area ", kCounty,
                       " --description 数据员"),
          /*stderr_too=*/false);
  ASSERT_EQ(staff.exit_code, 0) << staff.output;
  const std::string staff_token(absl::StripAsciiWhitespace(staff.output));

  // Every kind, in the order docs/imports.md gives.
  struct Import {
    std::string kind, file, extra;
    int refused;
  };
  for (const Import& import : std::vector<Import>{
           {"schools", "学校.csv", "", 0},  // GBK
           {"students", "学籍.xlsx", "--sheet 学籍 --mode full", 4},
           {"households", "家庭.csv", "", 0},
           {"school_calendar", "校历.csv", "", 0},
           {"attendance", "考勤.csv", "", 1},  // GBK
           {"routes", "上学路程.csv", "", 1},
           {"heads", "六长名册.csv", "", 0},
           {"enrolment_events", "学籍异动.csv", "", 0},
           {"household_registration", "户籍.csv", "", 1},  // GBK
       }) {
    const CommandResult imported =
        Cli(staff_token, absl::StrCat("--json import ", import.kind, " ",
                                      import.file, " ", import.extra));
    ASSERT_EQ(imported.exit_code, 0) << import.kind << ": " << imported.output;
    EXPECT_THAT(imported.output, HasSubstr(absl::StrCat("\"rejected\": \"",
                                                        import.refused, "\"")))
        << import.kind << ": " << imported.output;
    if (import.refused > 0) {
      // --json shows each reason in both languages.
      EXPECT_THAT(imported.output, AllOf(HasSubstr("\"reason\": \""),
                                         HasSubstr("\"reason_zh\": \"")))
          << import.kind << ": " << imported.output;
    }
  }
  // The refused rows come back as a workbook staff can fix and re-import.
  EXPECT_EQ(FileStart(dir_ + "/学籍-导入失败明细.xlsx", 4), "PK\x03\x04");
  EXPECT_EQ(FileStart(dir_ + "/考勤-导入失败明细.xlsx", 4), "PK\x03\x04");
  for (const char* table : {"students", "schools", "school_days", "absences",
                            "student_routes", "enrolment_events"}) {
    EXPECT_EQ(Count(county_->url(),
                    absl::StrCat("SELECT count(*) FROM baoxue.", table)),
              Count(source_->url(),
                    absl::StrCat("SELECT count(*) FROM baoxue.", table)))
        << table;
  }
  // Students joined their households (siblings together) with the status.
  constexpr char kPoorStudents[] =
      "SELECT count(*) FROM baoxue.students s JOIN baoxue.households h "
      "USING (household_id) WHERE h.registered_poor";
  EXPECT_EQ(Count(county_->url(), kPoorStudents),
            Count(source_->url(), kPoorStudents));
  // The schools' own columns the default features need (学困生, 留级).
  constexpr char kFlags[] =
      "SELECT count(*) FILTER (WHERE learning_difficulty) * 100000 + "
      "count(*) FILTER (WHERE repeated_grade) FROM baoxue.students";
  EXPECT_EQ(Count(county_->url(), kFlags), Count(source_->url(), kFlags));
  constexpr char kSiblings[] =
      "SELECT count(*) FROM (SELECT household_id FROM baoxue.students "
      "GROUP BY 1 HAVING count(*) > 1) x";
  EXPECT_EQ(Count(county_->url(), kSiblings), Count(source_->url(), kSiblings));
  const CommandResult listed = Cli(staff_token, "imports --limit 20");
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("学籍异动"));
  // Who imported each file, by the token's description, not "token N".
  EXPECT_THAT(listed.output, HasSubstr("数据员"));
  EXPECT_EQ(listed.output.find("token "), std::string::npos) << listed.output;

  // The county's own history trains a model that then scores everyone.
  const CommandResult trained =
      testing::TrainAndActivate(BAOXUE_CLI_BIN, address_, staff_token);
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const std::string last_day = pqxx::to_string(Count(
      county_->url(),
      "SELECT to_char(max(day), 'YYYYMMDD')::bigint FROM baoxue.school_days"));
  const std::string as_of =
      absl::StrCat(last_day.substr(0, 4), "-", last_day.substr(4, 2), "-",
                   last_day.substr(6, 2));
  const CommandResult run = Cli(
      admin.output, absl::StrCat("run --area ", kCounty, " --as_of ", as_of));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_GT(Count(county_->url(),
                  "SELECT count(*) FROM baoxue.risk_scores s JOIN "
                  "baoxue.risk_runs r USING (run_id) WHERE r.status = "
                  "'succeeded'"),
            1000);
  EXPECT_GT(Count(county_->url(),
                  "SELECT count(*) FROM baoxue.cases WHERE kind <> "
                  "'verification'"),
            0);

  // 四查三比对: the children in 户籍 with no 学籍 become verification tasks.
  const CommandResult check =
      Cli(staff_token, absl::StrCat("check --as_of ", as_of));
  ASSERT_EQ(check.exit_code, 0) << check.output;
  EXPECT_GE(Count(county_->url(),
                  "SELECT count(*) FROM baoxue.cases WHERE kind = "
                  "'verification' AND registered_child_hash IS NOT NULL"),
            6);
  const CommandResult report =
      Cli(staff_token, absl::StrCat("check --as_of ", as_of,
                                    " --format xlsx --output check.xlsx"));
  ASSERT_EQ(report.exit_code, 0) << report.output;
  EXPECT_EQ(FileStart(dir_ + "/check.xlsx", 4), "PK\x03\x04");
}

// The first thing a county's staff type: help is an answer, not an error.
TEST(CommandLineTest, HelpPrintsTheUsageAndSucceeds) {
  for (const std::string program : {BAOXUE_SERVER_BIN, BAOXUE_CLI_BIN}) {
    for (const char* ask : {" --help", " -h", " help"}) {
      const CommandResult help = RunShell(program + ask, /*stderr_too=*/false);
      EXPECT_EQ(help.exit_code, 0) << program << ask;
      EXPECT_THAT(help.output, HasSubstr("import")) << program << ask;
    }
  }
}

}  // namespace
}  // namespace baoxue
