// The 四查三比对 check against the real PostgreSQL, on a small county built
// by hand: two townships, one school, five students, five registered
// children, ten school days. Through core::checks::CheckDesk over
// PgCheckStore, tasks closed through PgCaseStore.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/case_chain.h"
#include "server/core/case_escalator.h"
#include "server/core/case_message_composer.h"
#include "server/core/case_rules.h"
#include "server/core/checks/check_desk.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_check_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::core::checks {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using domain::CaseOutcome;
using domain::CheckComparison;
using domain::KeyGroup;
using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2025, 11, 14, 18, 0, 0), absl::UTCTimeZone());
const absl::CivilDay kAsOf(2025, 11, 14);

// Every message goes to one channel serving the whole county.
std::vector<store::OutboxChannel> OneChannel() { return {{"wecom", ""}}; }

// The ID hash of person `n` (32 bytes).
std::string Hash(int n) {
  return absl::StrCat("decode(lpad(to_hex(", n, "), 64, '0'), 'hex')");
}

class CheckIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::TestDatabase::Create();
    ASSERT_THAT(db.status(), IsOk());
    db_ = std::move(*db);
    absl::StatusOr<std::unique_ptr<store::PgConnectionPool>> pool =
        store::PgConnectionPool::Create(db_->url(), 2);
    ASSERT_THAT(pool.status(), IsOk());
    pool_ = std::move(*pool);
    baoxue::v1::CasePolicyConfig policy;
    ASSERT_THAT(ApplyCaseDefaults(policy), IsOk());
    cases_ = std::make_unique<store::PgCaseStore>(
        pool_.get(), CaseRulesFromConfig(policy), &composer_, OneChannel());
    checks_ = std::make_unique<store::PgCheckStore>(pool_.get(), &composer_,
                                                    OneChannel());
    directory_ = std::make_unique<store::PgDirectoryStore>(pool_.get());
    desk_ = std::make_unique<CheckDesk>(
        checks_.get(), directory_.get(),
        CheckRules::Create(baoxue::v1::CheckConfig()).value(),
        CaseChain(policy), &clock_);
    BuildCounty();
  }

  void BuildCounty() {
    Exec(
        "INSERT INTO baoxue.areas (area_id, level, division_code, group_no, "
        "parent_id, name) VALUES "
        "(1, 'county', '360799000000', NULL, NULL, '测试县'), "
        "(10, 'township', '360799101000', NULL, 1, '甲镇'), "
        "(11, 'village', '360799101001', NULL, 10, '甲村'), "
        "(12, 'group', '360799101001', 1, 11, '甲村一组'), "
        "(20, 'township', '360799102000', NULL, 1, '乙镇'), "
        "(21, 'village', '360799102001', NULL, 20, '乙村'), "
        "(22, 'group', '360799102001', 1, 21, '乙村一组'); "
        "INSERT INTO baoxue.schools (school_id, name, area_id, kind) "
        "VALUES (1, '甲镇中心小学', 10, 'nine_year'); "
        "INSERT INTO baoxue.households (household_id, group_area_id, members, "
        "poverty_line, registered_poor) VALUES (1, 12, 4, 4000, true), "
        "(2, 12, 4, 4000, false), (3, 22, 3, 4000, false); "
        "INSERT INTO baoxue.household_members (household_id, id_hash) "
        "VALUES (1, " +
        Hash(104) +
        "); "
        "INSERT INTO baoxue.responsible_people (role, area_id, name) VALUES "
        "('VILLAGE_HEAD', 11, '甲村长'), ('TOWNSHIP_HEAD', 10, '甲镇长'); "
        "INSERT INTO baoxue.school_days SELECT d::date FROM "
        "generate_series('2025-11-03'::date, '2025-11-14', '1 day') d "
        "WHERE extract(isodow FROM d) < 6");
    // 1 present; 2 (poor household) absent throughout; 3 missing from the
    // roster; 4 (poor) a dropout; 5 (township 乙) absent throughout.
    for (int id = 1; id <= 5; ++id) {
      const int household = id == 2 || id == 4 ? 1 : (id == 5 ? 3 : 2);
      Exec(absl::StrCat(
          "INSERT INTO baoxue.students (student_id, student_number, name, "
          "gender, birth_date, grade, school_id, household_id, id_hash, "
          "disability, missing_from_roster_since) VALUES (",
          id, ", 'G", id, "', '学生", id, "', 'M', '2015-05-01', 4, 1, ",
          household, ", ", Hash(id), ", ", id == 5 ? "true" : "false", ", ",
          id == 3 ? "'2025-11-01'" : "NULL", ")"));
    }
    Exec(
        "INSERT INTO baoxue.absences SELECT s, day, 'unexcused' "
        "FROM baoxue.school_days, unnest(ARRAY[2, 5]) s; "
        "INSERT INTO baoxue.enrolment_events (student_id, event_date, kind) "
        "VALUES (4, '2025-10-01', 'dropout')");
    // Registered children: 1 has a student row; 101, 104 (a member of the
    // poor household) and 103 (乙) have none; 102 is past school age.
    Exec(
        "INSERT INTO baoxue.registered_children (id_hash, id_last4, name, "
        "gender, birth_date, village_area_id) VALUES "
        "(" +
        Hash(1) +
        ", '0001', '学生1', 'M', '2015-05-01', 11), "
        "(" +
        Hash(101) +
        ", '0101', '户籍甲', 'F', '2016-01-01', 11), "
        "(" +
        Hash(102) +
        ", '0102', '户籍乙', 'F', '2000-01-01', 11), "
        "(" +
        Hash(103) +
        ", '0103', '户籍丙', 'M', '2014-03-03', 21), "
        "(" +
        Hash(104) + ", '0104', '户籍丁', 'M', '2017-02-02', 11)");
  }

  pqxx::result Exec(const std::string& sql) {
    pqxx::connection conn(db_->url());
    pqxx::work tx(conn);
    pqxx::result result = tx.exec(sql);
    tx.commit();
    return result;
  }
  int64_t Count(const std::string& sql) {
    return Exec(sql)[0][0].as<int64_t>();
  }

  Caller DataStaff(const std::string& code, int64_t area_id,
                   domain::AreaLevel level) {
    Caller caller;
    caller.token_id = 7;
    caller.role = store::CallerRole::kDataStaff;
    caller.scope = {area_id, code, level, "area"};
    return caller;
  }
  Caller County() {
    return DataStaff("360799000000", 1, domain::AreaLevel::kCounty);
  }

  CheckOutcome Run(const Caller& caller) {
    absl::StatusOr<CheckOutcome> outcome = desk_->Run(caller, "", kAsOf);
    EXPECT_THAT(outcome.status(), IsOk());
    return outcome.value_or(CheckOutcome{});
  }
  static const store::ComparisonCount& Of(const CheckOutcome& outcome,
                                          CheckComparison comparison) {
    return outcome.run.comparisons[static_cast<int>(comparison)];
  }
  // The open verification task of registered child `n` / student `id`.
  int64_t ChildTask(int n) {
    return Count(absl::StrCat(
        "SELECT coalesce(max(case_id), 0) FROM baoxue.cases WHERE status = "
        "'open' AND registered_child_hash = ",
        Hash(n)));
  }
  int64_t StudentTask(int id) {
    return Count(absl::StrCat(
        "SELECT coalesce(max(case_id), 0) FROM baoxue.cases WHERE status = "
        "'open' AND kind = 'verification' AND student_id = ",
        id));
  }
  absl::Status Close(int64_t case_id, CaseOutcome outcome) {
    return cases_->Resolve(case_id, outcome, "", {}, {"test", std::nullopt},
                           kNow);
  }

  CaseMessageComposer composer_;
  FixedClock clock_{kNow};
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  std::unique_ptr<store::PgCaseStore> cases_;
  std::unique_ptr<store::PgCheckStore> checks_;
  std::unique_ptr<store::PgDirectoryStore> directory_;
  std::unique_ptr<CheckDesk> desk_;
};

TEST_F(CheckIntegrationTest, EveryComparisonFindsItsSuspects) {
  const CheckOutcome outcome = Run(County());
  const store::ComparisonCount& registration =
      Of(outcome, CheckComparison::kRegistrationVsRoll);
  EXPECT_EQ(registration.suspects, 3);  // 101, 103, 104
  EXPECT_EQ(registration.opened, 3);
  EXPECT_EQ(
      registration.key_groups[static_cast<int>(KeyGroup::kRegisteredPoor)], 1);
  const store::ComparisonCount& roll =
      Of(outcome, CheckComparison::kRollVsAttendance);
  EXPECT_EQ(roll.suspects, 3);  // 2, 3 and 5; never 1 (present) or 4 (dropout)
  EXPECT_EQ(roll.opened, 3);
  EXPECT_EQ(roll.key_groups[static_cast<int>(KeyGroup::kDisabled)], 1);
  EXPECT_EQ(roll.key_groups[static_cast<int>(KeyGroup::kRegisteredPoor)], 1);
  EXPECT_EQ(Of(outcome, CheckComparison::kDropoutsVsPoverty).suspects, 1);
  EXPECT_NE(StudentTask(2), 0);
  EXPECT_NE(StudentTask(3), 0);
  EXPECT_EQ(StudentTask(1), 0);
  EXPECT_EQ(StudentTask(4), 0);
  EXPECT_EQ(ChildTask(102), 0);
  // Registration suspects with the village head (person on record), 名在人不在
  // with the head teacher.
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM baoxue.case_assignments a JOIN "
                "baoxue.cases c USING (case_id) WHERE a.level = 5 AND "
                "a.role = 'VILLAGE_HEAD' AND a.person_id IS NOT NULL AND "
                "c.registered_child_hash = ",
                Hash(101))),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_assignments a JOIN "
                  "baoxue.cases c USING (case_id) WHERE a.level = 1 AND "
                  "a.role = 'TEACHER' AND c.student_id IS NOT NULL"),
            3);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_events "
                  "WHERE kind = 'opened'"),
            6);
  // The report: every task open, by township.
  int64_t open = 0;
  for (const store::CheckReportRow& row : outcome.report.rows) {
    if (row.comparison != CheckComparison::kDropoutsVsPoverty) {
      EXPECT_FALSE(row.outcome.has_value());
      open += row.count;
    }
  }
  EXPECT_EQ(open, 6);
}

// The key groups the 学籍 roster holds (migration 0019) travel with each
// suspect into the run's counts and the report's rows; a registered child
// without a student row is in none of them.
TEST_F(CheckIntegrationTest, SuspectsCarryTheRostersKeyGroups) {
  Exec(
      "UPDATE baoxue.students SET orphan = true, migrant_child = true "
      "WHERE student_id = 2; "
      "UPDATE baoxue.students SET de_facto_unsupported = true, "
      "in_distress = true WHERE student_id = 3; "
      "UPDATE baoxue.students SET migrant_child = true WHERE student_id = 5; "
      "UPDATE baoxue.students SET orphan = true WHERE student_id = 4");
  const CheckOutcome outcome = Run(County());
  auto group = [](const store::KeyGroupCounts& counts, KeyGroup key) {
    return counts[static_cast<int>(key)];
  };
  const store::ComparisonCount& roll =
      Of(outcome, CheckComparison::kRollVsAttendance);
  EXPECT_EQ(group(roll.key_groups, KeyGroup::kOrphan), 1);
  EXPECT_EQ(group(roll.key_groups, KeyGroup::kDeFactoUnsupported), 1);
  EXPECT_EQ(group(roll.key_groups, KeyGroup::kInDistress), 1);
  EXPECT_EQ(group(roll.key_groups, KeyGroup::kMigrantChild), 2);
  EXPECT_EQ(group(roll.key_groups, KeyGroup::kDisabled), 1);
  const store::ComparisonCount& registration =
      Of(outcome, CheckComparison::kRegistrationVsRoll);
  for (KeyGroup key : {KeyGroup::kOrphan, KeyGroup::kDeFactoUnsupported,
                       KeyGroup::kInDistress, KeyGroup::kMigrantChild}) {
    EXPECT_EQ(group(registration.key_groups, key), 0);
  }
  // Student 4, a dropout of a poor household, is an orphan.
  EXPECT_EQ(group(Of(outcome, CheckComparison::kDropoutsVsPoverty).key_groups,
                  KeyGroup::kOrphan),
            1);
  // The report: 甲镇's open 名在人不在 tasks (students 2 and 3), 乙镇's
  // (student 5).
  int rows = 0;
  for (const store::CheckReportRow& row : outcome.report.rows) {
    if (row.comparison != CheckComparison::kRollVsAttendance) continue;
    ++rows;
    if (row.township_code == "360799101000") {
      EXPECT_EQ(row.count, 2);
      EXPECT_EQ(group(row.key_groups, KeyGroup::kOrphan), 1);
      EXPECT_EQ(group(row.key_groups, KeyGroup::kDeFactoUnsupported), 1);
      EXPECT_EQ(group(row.key_groups, KeyGroup::kInDistress), 1);
      EXPECT_EQ(group(row.key_groups, KeyGroup::kMigrantChild), 1);
    } else {
      EXPECT_EQ(row.count, 1);
      EXPECT_EQ(group(row.key_groups, KeyGroup::kMigrantChild), 1);
      EXPECT_EQ(group(row.key_groups, KeyGroup::kOrphan), 0);
    }
  }
  EXPECT_EQ(rows, 2);
}

// Tasks are found where cases are: a 户籍 child's task too, without a
// student row, named by the registration's name.
TEST_F(CheckIntegrationTest, TasksAreListedWithTheCasesWithTheirKind) {
  Run(County());
  store::CaseFilter filter;
  filter.area_prefix = "360799";
  filter.now = kNow;
  filter.page_size = 50;
  absl::StatusOr<store::CasePage> page = cases_->ListCases(filter);
  ASSERT_TRUE(page.ok()) << page.status();
  int children = 0, students = 0;
  for (const store::CaseSummary& c : page->cases) {
    EXPECT_EQ(c.kind, domain::CaseKind::kVerification);
    EXPECT_FALSE(c.student_name.empty());
    (c.student_id == 0 ? children : students) += 1;
  }
  EXPECT_EQ(children, 3);
  EXPECT_EQ(students, 3);
  absl::StatusOr<store::CaseDetail> child =
      cases_->GetCase(ChildTask(101), kNow);
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ(child->summary.level, 5);
}

TEST_F(CheckIntegrationTest, ReRunningDoesNotDuplicateOpenTasks) {
  Run(County());
  const CheckOutcome again = Run(County());
  EXPECT_EQ(Of(again, CheckComparison::kRegistrationVsRoll).opened, 0);
  EXPECT_EQ(Of(again, CheckComparison::kRegistrationVsRoll).already_open, 3);
  EXPECT_EQ(Of(again, CheckComparison::kRollVsAttendance).already_open, 3);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases"), 6);
}

TEST_F(CheckIntegrationTest, EveryReportedOutcomeClosesATask) {
  int round = 0;
  for (const auto& term : domain::Vocabulary<CaseOutcome>::kTerms) {
    if (!CaseChain(baoxue::v1::CasePolicyConfig())
             .AllowsOutcome(domain::CaseKind::kVerification, term.value)) {
      continue;
    }
    // The registration changed since the last close: a new task.
    Exec(
        absl::StrCat("UPDATE baoxue.registered_children SET "
                     "registration_book = 'B",
                     ++round, "' WHERE id_hash = ", Hash(101)));
    Run(County());
    const int64_t task = ChildTask(101);
    ASSERT_NE(task, 0) << term.code;
    EXPECT_THAT(Close(task, term.value), IsOk()) << term.code;
    EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.cases WHERE "
                                 "case_id = ",
                                 task, " AND outcome = '", term.code, "'")),
              1);
  }
  EXPECT_EQ(round, 13);
  // A dropout-case outcome does not close a task.
  EXPECT_THAT(Close(ChildTask(103), CaseOutcome::kReturned),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(CheckIntegrationTest,
       AlreadyInSchoolIsNotRaisedAgainUnlessTheDataChanges) {
  Run(County());
  ASSERT_THAT(Close(ChildTask(103), CaseOutcome::kInSchoolWithXueji), IsOk());
  ASSERT_THAT(Close(StudentTask(2), CaseOutcome::kInSchoolWithXueji), IsOk());
  const CheckOutcome again = Run(County());
  EXPECT_EQ(Of(again, CheckComparison::kRegistrationVsRoll).settled, 1);
  EXPECT_EQ(Of(again, CheckComparison::kRollVsAttendance).settled, 1);
  EXPECT_EQ(ChildTask(103), 0);
  EXPECT_EQ(StudentTask(2), 0);
  // The registered village changes: the child is raised again.
  Exec(
      absl::StrCat("UPDATE baoxue.registered_children SET village_area_id "
                   "= 11 WHERE id_hash = ",
                   Hash(103)));
  const CheckOutcome changed = Run(County());
  EXPECT_EQ(Of(changed, CheckComparison::kRegistrationVsRoll).opened, 1);
  EXPECT_NE(ChildTask(103), 0);
  // Student 2 came back one day and is absent again: a new streak.
  Exec(
      "DELETE FROM baoxue.absences WHERE student_id = 2 AND day = "
      "'2025-11-03'; INSERT INTO baoxue.school_days VALUES ('2025-11-17'); "
      "INSERT INTO baoxue.absences VALUES (2, '2025-11-17', 'unexcused')");
  absl::StatusOr<CheckOutcome> later =
      desk_->Run(County(), "", absl::CivilDay(2025, 11, 17));
  ASSERT_THAT(later.status(), IsOk());
  EXPECT_EQ(Of(*later, CheckComparison::kRollVsAttendance).opened, 1);
  EXPECT_NE(StudentTask(2), 0);
}

TEST_F(CheckIntegrationTest, ConfirmedOutOfSchoolOpensADropoutCase) {
  Run(County());
  const int64_t task = StudentTask(2);
  ASSERT_THAT(Close(task, CaseOutcome::kConfirmedOut), IsOk());
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases WHERE student_id = 2 "
                  "AND kind = 'dropout_risk' AND status = 'open' AND "
                  "current_level = 1 AND opened_reason = 'confirmed_out'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_assignments a JOIN "
                  "baoxue.cases c USING (case_id) WHERE c.student_id = 2 AND "
                  "c.kind = 'dropout_risk' AND a.ended_at IS NULL"),
            1);
  // A registered child confirmed out: recorded and counted, no case (no
  // student to open it for).
  ASSERT_THAT(Close(ChildTask(104), CaseOutcome::kConfirmedOut), IsOk());
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.cases WHERE "
                               "kind = 'dropout_risk'")),
            1);
  // Both confirmed subjects are of poor households: first in line.
  const CheckOutcome again = Run(County());
  EXPECT_EQ(Of(again, CheckComparison::kDropoutsVsPoverty).suspects, 3);
  int64_t confirmed = 0;
  for (const store::CheckReportRow& row : again.report.rows) {
    if (row.outcome == domain::CaseOutcome::kConfirmedOut)
      confirmed += row.count;
  }
  EXPECT_EQ(confirmed, 2);
}

TEST_F(CheckIntegrationTest, ATownshipChecksItsOwnAreaOnly) {
  const Caller township =
      DataStaff("360799101000", 10, domain::AreaLevel::kTownship);
  EXPECT_THAT(desk_->Run(township, "360799102000", kAsOf).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const CheckOutcome own = Run(township);
  EXPECT_EQ(Of(own, CheckComparison::kRegistrationVsRoll).suspects, 2);
  EXPECT_EQ(Of(own, CheckComparison::kRollVsAttendance).suspects, 2);
  for (const store::CheckReportRow& row : own.report.rows) {
    EXPECT_EQ(row.township_code, "360799101000");
  }
  Caller official = township;
  official.role = store::CallerRole::kOfficial;
  EXPECT_THAT(desk_->Run(official, "", kAsOf).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(desk_->Report(official, "").status(), IsOk());
}

// Opening tasks tells the level each opens at, like a case, in the same
// transaction: a 户籍 child (no student row) by the masked name from the
// registration, a student by theirs with school and grade; never a full
// name, an ID number's digits, a student number or an ID hash. Re-running
// tells nobody twice; closing a 户籍 task tells who held it.
TEST_F(CheckIntegrationTest,
       OpeningTasksWritesAssignedMessagesWithMaskedNames) {
  const CheckOutcome outcome = Run(County());
  const int64_t opened =
      Of(outcome, CheckComparison::kRegistrationVsRoll).opened +
      Of(outcome, CheckComparison::kRollVsAttendance).opened;
  ASSERT_GT(opened, 0);
  const std::string messages =
      "SELECT o.payload::text, o.recipient_person_id, "
      "  o.payload->>'kind', o.payload->>'student' "
      "FROM baoxue.notification_outbox o JOIN baoxue.cases c USING (case_id) "
      "WHERE c.kind = 'verification' ";
  const pqxx::result all = Exec(messages + "ORDER BY o.message_id");
  EXPECT_EQ(static_cast<int64_t>(all.size()), opened);
  for (const pqxx::row& row : all) {
    const std::string payload = row[0].as<std::string>();
    EXPECT_EQ(row[2].as<std::string>(), "assigned") << payload;
    EXPECT_THAT(payload, HasSubstr("\"case_kind\": \"verification\""));
    EXPECT_THAT(payload, HasSubstr("核查任务"));
    for (const char* name : {"学生1", "学生2", "学生3", "学生4", "学生5",
                             "户籍甲", "户籍乙", "户籍丙", "户籍丁"}) {
      EXPECT_THAT(payload, Not(HasSubstr(name))) << payload;
    }
    for (const char* identifying : {"0101", "0103", "0104", "\"G2\"", "\"G3\"",
                                    "id_hash", "id_last4", "student_number"}) {
      EXPECT_THAT(payload, Not(HasSubstr(identifying))) << payload;
    }
  }
  // The 户籍 child 101: masked from the registration, no school, sent to
  // 甲村's village head, where the task opened.
  const pqxx::result child =
      Exec(absl::StrCat(messages, "AND c.registered_child_hash = ", Hash(101)));
  ASSERT_EQ(child.size(), 1u);
  EXPECT_EQ(child[0][3].as<std::string>(), "户*甲");
  EXPECT_FALSE(child[0][1].is_null());
  EXPECT_THAT(child[0][0].as<std::string>(), HasSubstr("有户籍无学籍"));
  EXPECT_THAT(child[0][0].as<std::string>(), HasSubstr("村长（第5级）"));
  EXPECT_THAT(child[0][0].as<std::string>(), Not(HasSubstr("年级")));
  // Student 2 (absent throughout): masked, with school and grade.
  const pqxx::result student = Exec(messages + "AND c.student_id = 2");
  ASSERT_EQ(student.size(), 1u);
  EXPECT_EQ(student[0][3].as<std::string>(), "学*2");
  EXPECT_THAT(student[0][0].as<std::string>(), HasSubstr("甲镇中心小学"));

  Run(County());
  EXPECT_EQ(static_cast<int64_t>(Exec(messages).size()), opened);

  ASSERT_THAT(Close(ChildTask(101), CaseOutcome::kDeceased), IsOk());
  const pqxx::result resolved =
      Exec(absl::StrCat(messages,
                        "AND o.payload->>'kind' = 'resolved' "
                        "AND c.registered_child_hash = ",
                        Hash(101)));
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0][3].as<std::string>(), "户*甲");
}

// A verification task escalates like a case when its level misses the
// deadline (default deadlines: a teacher acknowledges within 24 h, a village
// head within 72 h): the escalator's sweep under a clock advanced past it
// moves a 户籍 task from the village head to the township head on record,
// and a 名在人不在 task from the head teacher to the principal, telling the
// new level.
TEST_F(CheckIntegrationTest, VerificationTasksEscalateWhenTheirDeadlinePasses) {
  Run(County());
  const int64_t child = ChildTask(101);    // 甲村: village head on record
  const int64_t student = StudentTask(2);  // absent throughout
  ASSERT_NE(child, 0);
  ASSERT_NE(student, 0);
  auto level = [&](int64_t case_id) {
    return Count(absl::StrCat(
        "SELECT current_level FROM baoxue.cases WHERE case_id = ", case_id));
  };
  auto holder = [&](int64_t case_id) {
    return Exec(absl::StrCat(
        "SELECT a.level, a.role::text, coalesce(p.name, '') "
        "FROM baoxue.case_assignments a LEFT JOIN baoxue.responsible_people p "
        "USING (person_id) WHERE a.ended_at IS NULL AND a.case_id = ",
        case_id));
  };
  baoxue::testing::FakeClock clock(kNow);
  CaseEscalator escalator(cases_.get(), &clock, absl::Minutes(1));

  // Before the teacher's deadline nothing moves.
  clock.Advance(absl::Hours(23));
  absl::StatusOr<store::EscalationSweep> sweep = escalator.RunOnce();
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->escalated, 0);

  // 24 h: the three 名在人不在 tasks go to the principal; the 户籍 tasks,
  // held by village heads, stay.
  clock.Advance(absl::Hours(1));
  sweep = escalator.RunOnce();
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->escalated, 3);
  EXPECT_EQ(level(student), 2);
  const pqxx::result principal = holder(student);
  ASSERT_EQ(principal.size(), 1u);
  EXPECT_EQ(principal[0][1].as<std::string>(), "PRINCIPAL");
  EXPECT_EQ(level(child), 5);

  // 72 h: the village head missed theirs; the township head has it now.
  clock.Advance(absl::Hours(48));
  ASSERT_THAT(escalator.RunOnce().status(), IsOk());
  EXPECT_EQ(level(child), 6);
  const pqxx::result township = holder(child);
  ASSERT_EQ(township.size(), 1u);
  EXPECT_EQ(township[0][1].as<std::string>(), "TOWNSHIP_HEAD");
  EXPECT_EQ(township[0][2].as<std::string>(), "甲镇长");
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.case_events "
                               "WHERE kind = 'escalated' AND case_id = ",
                               child)),
            1);
  // The township head is told, as for any case.
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM baoxue.notification_outbox o "
                         "JOIN baoxue.responsible_people p ON p.person_id = "
                         "o.recipient_person_id WHERE o.case_id = ",
                         child,
                         " AND o.payload->>'kind' = 'escalated' AND p.name = "
                         "'甲镇长'")),
      1);
  // Still one task per subject: the sweep opened nothing.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases"), 6);
}

}  // namespace
}  // namespace baoxue::core::checks
