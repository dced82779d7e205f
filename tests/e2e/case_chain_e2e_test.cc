// End to end for the six-heads chain: a risk run through the CLI opens cases,
// their messages reach a file channel through the outbox, a re-run changes
// nothing, officials see their own township only, escalation follows a
// simulated clock, and actions and outcomes show in the case and the ledger.
// The tests run in order on one generated county and one server.
#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
using ::testing::HasSubstr;
using ::testing::Not;

class CaseChainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::CreateDemoCounty(1500, 13);
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    messages_path_ =
        ::baoxue::testing::UniqueTempPath("baoxue_case_chain_messages.jsonl");
    std::remove(messages_path_.c_str());
    config_path_ =
        ::baoxue::testing::UniqueTempPath("baoxue_case_chain.textproto");
    ASSERT_TRUE(testing::WriteTextFile(
        config_path_,
        absl::StrCat("model_poll_seconds: 1\n"
                     "notify { poll_seconds: 1 initial_backoff_seconds: 1\n"
                     "  channels { name: \"e2e-file\" kind: FILE path: \"",
                     messages_path_,
                     "\" } }\n"
                     "cases { escalation_poll_seconds: 3600 }\n")));
    address_ = absl::StrCat("127.0.0.1:", testing::FreePort());
    log_path_ =
        ::baoxue::testing::UniqueTempPath("baoxue_case_chain_server.log");
    ASSERT_TRUE(server_.Start(
        {BAOXUE_SERVER_BIN, "--database_url", database_->url(), "--listen",
         address_, "--http_listen", "127.0.0.1:0", "--config", config_path_},
        log_path_));
    county_ = Query1(
        "SELECT division_code FROM baoxue.areas "
        "WHERE level = 'county'");
    township_a_ = Query1(
        "SELECT min(division_code) FROM baoxue.areas WHERE level = 'township'");
    const CommandResult admin = RunShell(
        absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '", database_->url(),
                     "' token create --role admin --area ", county_,
                     " --description 'case chain admin'"),
        /*stderr_too=*/false);
    ASSERT_EQ(admin.exit_code, 0) << admin.output;
    admin_token_ = std::string(absl::StripAsciiWhitespace(admin.output));
    WaitForServer();
    const std::string staff(absl::StripAsciiWhitespace(
        Cli(admin_token_,
            absl::StrCat("token create --role DATA_STAFF --area ", county_,
                         " --description 'case chain data staff'"),
            /*stderr_too=*/false)
            .output));
    const CommandResult trained =
        testing::TrainAndActivate(BAOXUE_CLI_BIN, address_, staff);
    ASSERT_EQ(trained.exit_code, 0) << trained.output;
    official_a_ = std::string(absl::StripAsciiWhitespace(
        Cli(admin_token_,
            absl::StrCat("token create --role OFFICIAL --area ", township_a_,
                         " --description official"),
            /*stderr_too=*/false)
            .output));
  }

  static void TearDownTestSuite() {
    server_.Stop();
    delete database_;
  }

  static void WaitForServer() {
    for (int i = 0; i < 600; ++i) {
      const CommandResult health = Cli("", "health");
      if (health.exit_code == 0 ||
          health.output.find("not serving") != std::string::npos) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "server did not answer: " << testing::ReadTextFile(log_path_);
  }

  static CommandResult Cli(const std::string& token, const std::string& args,
                           bool stderr_too = true) {
    return RunShell(
        absl::StrCat(BAOXUE_CLI_BIN, " --server ", address_,
                     token.empty() ? "" : " --token " + token, " ", args),
        stderr_too);
  }

  static std::string Query1(const std::string& sql) {
    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    const pqxx::result result = tx.exec(sql);
    return result[0][0].is_null() ? "" : result[0][0].as<std::string>();
  }
  static int64_t Count(const std::string& sql) {
    const std::string value = Query1(sql);
    return value.empty() ? 0 : std::stoll(value);
  }

  // Lines in the file channel, waiting up to 30 s for at least `expected`.
  static std::vector<std::string> WaitForMessages(size_t expected) {
    std::vector<std::string> lines;
    for (int i = 0; i < 300; ++i) {
      lines = absl::StrSplit(testing::ReadTextFile(messages_path_), '\n',
                             absl::SkipEmpty());
      if (lines.size() >= expected) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return lines;
  }

  static std::string RunCounty() {
    const CommandResult run =
        Cli(admin_token_, absl::StrCat("run --area ", county_));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  }

  static testing::TestDatabase* database_;
  static testing::ChildProcess server_;
  static std::string address_, log_path_, config_path_, messages_path_,
      admin_token_, official_a_, county_, township_a_;
};

testing::TestDatabase* CaseChainTest::database_ = nullptr;
testing::ChildProcess CaseChainTest::server_;
std::string CaseChainTest::address_, CaseChainTest::log_path_,
    CaseChainTest::config_path_, CaseChainTest::messages_path_,
    CaseChainTest::admin_token_, CaseChainTest::official_a_,
    CaseChainTest::county_, CaseChainTest::township_a_;

TEST_F(CaseChainTest, A_RiskRunOpensCasesForTheHighTierAndPushesThem) {
  RunCounty();
  const int64_t high =
      Count("SELECT count(*) FROM baoxue.risk_scores WHERE tier = 'high'");
  ASSERT_GT(high, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases WHERE status = 'open'"),
            high);
  EXPECT_EQ(Count("SELECT cases_opened FROM baoxue.risk_runs"), high);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox"), high);

  const std::vector<std::string> lines = WaitForMessages(high);
  ASSERT_EQ(static_cast<int64_t>(lines.size()), high)
      << testing::ReadTextFile(log_path_);
  const std::string file = testing::ReadTextFile(messages_path_);
  pqxx::connection conn(database_->url());
  pqxx::work tx(conn);
  for (const pqxx::row& row :
       tx.exec("SELECT s.name, s.student_number FROM baoxue.cases c "
               "JOIN baoxue.students s USING (student_id)")) {
    EXPECT_THAT(file, Not(HasSubstr(row[1].as<std::string>())));
    EXPECT_THAT(file, Not(HasSubstr("\"" + row[0].as<std::string>())));
  }
  EXPECT_THAT(lines[0], HasSubstr("\"idempotency_key\""));
  EXPECT_THAT(lines[0], HasSubstr("*"));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox "
                  "WHERE delivered_at IS NULL"),
            0);
}

TEST_F(CaseChainTest, B_ReRunningTheRunCreatesNoDuplicateCaseOrMessage) {
  const int64_t cases = Count("SELECT count(*) FROM baoxue.cases");
  const int64_t messages =
      Count("SELECT count(*) FROM baoxue.notification_outbox");
  RunCounty();
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.risk_runs"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases"), cases);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox"), messages);
}

TEST_F(CaseChainTest, C_AnOfficialSeesTheirOwnTownshipsCasesOnly) {
  const CommandResult listed =
      Cli(official_a_, "--json cases list --page_size 500");
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  const int64_t in_a = Count(absl::StrCat(
      "SELECT count(*) FROM baoxue.cases WHERE left(village_code, 9) = '",
      township_a_.substr(0, 9), "'"));
  ASSERT_GT(in_a, 0);
  const std::vector<absl::string_view> parts =
      absl::StrSplit(listed.output, "\"case_id\"");
  EXPECT_EQ(static_cast<int64_t>(parts.size()) - 1, in_a);
  const std::string other = Query1(absl::StrCat(
      "SELECT min(case_id) FROM baoxue.cases WHERE left(village_code, 9) <> '",
      township_a_.substr(0, 9), "'"));
  const CommandResult refused = Cli(official_a_, "cases show " + other);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(refused.output, HasSubstr("in the caller's area"));
  EXPECT_THAT(
      Cli(official_a_, absl::StrCat("cases list --area ", county_)).output,
      HasSubstr("PERMISSION_DENIED"));
}

TEST_F(CaseChainTest, D_MissedDeadlinesEscalateOnASimulatedClock) {
  const std::string acknowledged = Query1(absl::StrCat(
      "SELECT min(case_id) FROM baoxue.cases WHERE left(village_code, 9) = '",
      township_a_.substr(0, 9), "'"));
  ASSERT_EQ(Cli(official_a_, "cases ack " + acknowledged).exit_code, 0);
  const int64_t open = Count("SELECT count(*) FROM baoxue.cases");
  const int64_t messages =
      Count("SELECT count(*) FROM baoxue.notification_outbox");
  // Simulated time moves the cases a day into the past; the sweep runs at
  // the real now, and a sweep dated in the future is refused.
  const std::string server =
      absl::StrCat(BAOXUE_SERVER_BIN, " --database_url '", database_->url(),
                   "' --config ", config_path_);
  const std::string tomorrow = absl::FormatTime(
      absl::RFC3339_sec, absl::Now() + absl::Hours(25), absl::UTCTimeZone());
  const CommandResult future =
      RunShell(absl::StrCat(server, " escalate --at ", tomorrow));
  EXPECT_EQ(future.exit_code, 1);
  EXPECT_THAT(future.output, HasSubstr("--at: must not be after now"));
  const CommandResult aged =
      RunShell(absl::StrCat(server, " age-cases --hours 25 --area ", county_));
  ASSERT_EQ(aged.exit_code, 0) << aged.output;
  EXPECT_THAT(aged.output, HasSubstr(absl::StrCat("moved ", open, " open")));
  const CommandResult escalate = RunShell(absl::StrCat(server, " escalate"));
  ASSERT_EQ(escalate.exit_code, 0) << escalate.output;
  EXPECT_THAT(escalate.output,
              HasSubstr(absl::StrCat("escalated ", open - 1, " cases")));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases WHERE current_level = 2"),
            open - 1);
  EXPECT_EQ(Count(absl::StrCat("SELECT current_level FROM baoxue.cases "
                               "WHERE case_id = ",
                               acknowledged)),
            1);
  // The principal is told and the teacher informed: two messages a case.
  const int64_t now_messages =
      Count("SELECT count(*) FROM baoxue.notification_outbox");
  EXPECT_EQ(now_messages, messages + 2 * (open - 1));
  EXPECT_EQ(static_cast<int64_t>(WaitForMessages(now_messages).size()),
            now_messages);
  // Nothing is dated after now, and the principal can take an escalated
  // case at once (an acknowledgement is never older than its assignment).
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_events WHERE at > now()"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_assignments "
                  "WHERE assigned_at > now()"),
            0);
  const std::string escalated = Query1(absl::StrCat(
      "SELECT min(case_id) FROM baoxue.cases WHERE current_level = 2 AND "
      "left(village_code, 9) = '",
      township_a_.substr(0, 9), "'"));
  const CommandResult taken = Cli(official_a_, "cases ack " + escalated);
  EXPECT_EQ(taken.exit_code, 0) << taken.output;
}

TEST_F(CaseChainTest, E_ActionsAndOutcomesShowInTheCaseAndTheLedger) {
  const std::string id = Query1(absl::StrCat(
      "SELECT min(case_id) FROM baoxue.cases WHERE left(village_code, 9) = '",
      township_a_.substr(0, 9), "'"));
  const CommandResult visited =
      Cli(official_a_, "cases act " + id +
                           " --action home_visit --note 'met the grandmother'");
  ASSERT_EQ(visited.exit_code, 0) << visited.output;
  // The event in the one language of --lang: its label, not its code.
  EXPECT_THAT(visited.output, HasSubstr("  家访  第"));
  EXPECT_THAT(visited.output, Not(HasSubstr("home_visit")));
  EXPECT_THAT(visited.output, HasSubstr("met the grandmother"));
  const CommandResult shown = Cli(official_a_, "--lang en cases show " + id);
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_THAT(shown.output, HasSubstr("  home visit  level "));
  EXPECT_THAT(shown.output, Not(HasSubstr("家访")));
  EXPECT_THAT(Cli(official_a_, "cases act " + id + " --action visit").output,
              HasSubstr("INVALID_ARGUMENT: action"));
  // Returned must be verified: a note and the day back in class.
  const CommandResult unverified =
      Cli(official_a_, "cases resolve " + id + " --outcome returned");
  EXPECT_THAT(unverified.output, HasSubstr("INVALID_ARGUMENT: note"));
  const CommandResult resolved =
      Cli(official_a_, "cases resolve " + id +
                           " --outcome returned --note '班主任核实已在班上课' "
                           "--returned_on $(TZ=Asia/Shanghai date +%F)");
  ASSERT_EQ(resolved.exit_code, 0) << resolved.output;
  const CommandResult ledger = Cli(official_a_, "--json ledger");
  ASSERT_EQ(ledger.exit_code, 0) << ledger.output;
  EXPECT_THAT(ledger.output, HasSubstr("\"returned\": \"1\""));
}

TEST_F(CaseChainTest, F_RiskListInEveryFormatWithinTheOfficialsTownship) {
  const CommandResult table = Cli(official_a_, "risk-list --tier high");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, HasSubstr("学生 "));
  EXPECT_THAT(table.output, Not(HasSubstr("Student")));
  EXPECT_THAT(table.output, HasSubstr(township_a_));
  const CommandResult english =
      Cli(official_a_, "--lang en risk-list --tier high");
  ASSERT_EQ(english.exit_code, 0) << english.output;
  EXPECT_THAT(english.output, HasSubstr("Student "));
  EXPECT_THAT(english.output, Not(HasSubstr("学生")));

  // JSON: every listed student lives in the official's township.
  const CommandResult json = Cli(official_a_, "--json risk-list --limit 2000");
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const int64_t listed = Count(absl::StrCat(
      "SELECT count(*) FROM baoxue.risk_scores s JOIN baoxue.students st "
      "USING (student_id) JOIN baoxue.households h USING (household_id) "
      "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
      "WHERE s.run_id = (SELECT max(run_id) FROM baoxue.risk_runs) "
      "AND s.tier IN ('high', 'medium') AND left(g.division_code, 9) = '",
      township_a_.substr(0, 9), "'"));
  ASSERT_GT(listed, 0);
  EXPECT_THAT(json.output, HasSubstr(absl::StrCat("\"total\": \"", listed)));
  for (absl::string_view line : absl::StrSplit(json.output, ',')) {
    if (absl::StrContains(line, "\"village_code\"")) {
      EXPECT_THAT(line, HasSubstr(township_a_.substr(0, 9)));
    }
  }

  const std::string csv_path =
      ::baoxue::testing::UniqueTempPath("baoxue_list.csv");
  const CommandResult csv =
      Cli(official_a_, "risk-list --format csv --lang en --output " + csv_path);
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  const std::string csv_text = testing::ReadTextFile(csv_path);
  EXPECT_EQ(csv_text.rfind("\xEF\xBB\xBFstudent_id,student,", 0), 0u);
  const std::vector<std::string> csv_lines =
      absl::StrSplit(csv_text, "\r\n", absl::SkipEmpty());
  EXPECT_EQ(static_cast<int64_t>(csv_lines.size()),
            std::min<int64_t>(listed, 500) + 1);

  const std::string xlsx_path =
      ::baoxue::testing::UniqueTempPath("baoxue_list.xlsx");
  const CommandResult xlsx =
      Cli(official_a_, "risk-list --format xlsx --output " + xlsx_path);
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.output;
  EXPECT_EQ(testing::ReadTextFile(xlsx_path).substr(0, 2), "PK");

  // Another township, a bad filter: refused with the field named, no data.
  const std::string township_b = Query1(
      "SELECT max(division_code) FROM baoxue.areas WHERE level = 'township'");
  const CommandResult other =
      Cli(official_a_, "risk-list --township " + township_b);
  EXPECT_NE(other.exit_code, 0);
  EXPECT_THAT(other.output, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(other.output, Not(HasSubstr("%")));
  EXPECT_THAT(Cli(official_a_, "risk-list --sort age").output,
              HasSubstr("INVALID_ARGUMENT: sort"));
  EXPECT_THAT(Cli(official_a_, "risk-list --tier severe").output,
              HasSubstr("INVALID_ARGUMENT: --tier"));
  EXPECT_THAT(Cli(official_a_, "risk-list --format xlsx").output,
              HasSubstr("INVALID_ARGUMENT: --output"));
}

TEST_F(CaseChainTest, G_LedgerExportsAsCsvAndXlsx) {
  const CommandResult csv =
      Cli(official_a_, "ledger --format csv --lang en", /*stderr_too=*/false);
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_EQ(csv.output.rfind("section,code,name,open,", 0), 0u);
  EXPECT_THAT(csv.output, HasSubstr(absl::StrCat("township,", township_a_)));
  EXPECT_THAT(csv.output, HasSubstr("\r\nday,"));
  const std::string path =
      ::baoxue::testing::UniqueTempPath("baoxue_ledger.xlsx");
  const CommandResult xlsx =
      Cli(official_a_, "ledger --format xlsx --output " + path);
  ASSERT_EQ(xlsx.exit_code, 0) << xlsx.output;
  EXPECT_EQ(testing::ReadTextFile(path).substr(0, 2), "PK");
  EXPECT_THAT(Cli(official_a_, "ledger --format pdf").output,
              HasSubstr("INVALID_ARGUMENT: --format"));
}

TEST_F(CaseChainTest, H_AnOfficialNamesWhoIsInChargeFromTheCli) {
  const std::string id = Query1(absl::StrCat(
      "SELECT min(case_id) FROM baoxue.cases WHERE status = 'open' "
      "AND left(village_code, 9) = '",
      township_a_.substr(0, 9), "'"));
  ASSERT_FALSE(id.empty());
  // A second person of the case's level who answers for its student.
  std::string deputy;
  {
    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    deputy = tx.exec(absl::StrCat(
        "INSERT INTO baoxue.responsible_people (role, "
        "school_id, grade, household_id, area_id, name) "
        "SELECT (ARRAY['TEACHER', 'PRINCIPAL', 'PARENT', "
        "'GROUP_HEAD', 'VILLAGE_HEAD', 'TOWNSHIP_HEAD'])"
        "[c.current_level]::baoxue.six_head_role, "
        "CASE WHEN c.current_level <= 2 THEN s.school_id END, "
        "CASE WHEN c.current_level = 1 THEN s.grade END, "
        "CASE WHEN c.current_level = 3 THEN s.household_id END, "
        "CASE c.current_level WHEN 4 THEN h.group_area_id "
        "  WHEN 5 THEN g.parent_id WHEN 6 THEN v.parent_id END, "
        "'代理责任人' FROM baoxue.cases c "
        "JOIN baoxue.students s USING (student_id) "
        "JOIN baoxue.households h USING (household_id) "
        "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
        "JOIN baoxue.areas v ON v.area_id = g.parent_id "
        "WHERE c.case_id = ",
        id, " RETURNING person_id"))[0][0]
                 .as<std::string>();
    tx.commit();
  }
  const CommandResult listed = Cli(official_a_, "cases assignees " + id);
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("可指派的责任人"));
  EXPECT_THAT(listed.output, HasSubstr(deputy + "  代理责任人"));
  EXPECT_THAT(listed.output, HasSubstr("← 当前责任人"));
  EXPECT_THAT(listed.output, Not(HasSubstr("level")));
  const CommandResult assigned =
      Cli(official_a_, "cases assign " + id + " " + deputy + " --note '病假'");
  ASSERT_EQ(assigned.exit_code, 0) << assigned.output;
  EXPECT_THAT(assigned.output, HasSubstr("指派责任人："));
  EXPECT_THAT(assigned.output, HasSubstr(" → 代理责任人"));
  EXPECT_THAT(assigned.output, HasSubstr("病假"));
  const CommandResult shown = Cli(official_a_, "--lang en cases show " + id);
  EXPECT_THAT(shown.output, HasSubstr("person in charge named: "));
  EXPECT_THAT(shown.output, Not(HasSubstr("指派责任人")));
  EXPECT_THAT(Cli(official_a_, "cases assign " + id + " " + deputy).output,
              HasSubstr("FAILED_PRECONDITION: person_id"));
  EXPECT_THAT(Cli(official_a_, "cases assign " + id).output,
              HasSubstr("INVALID_ARGUMENT: cases assign needs"));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.case_events "
                               "WHERE kind = 'assigned' AND case_id = ",
                               id)),
            1);
}

}  // namespace
}  // namespace baoxue
