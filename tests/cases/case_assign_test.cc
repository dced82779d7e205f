// Naming who is in charge of a case, end to end below the RPC layer:
// core::CaseDesk over PgCaseStore and PgCaseAssignmentStore on the real
// PostgreSQL (the demo county). The deadlines stay, one event keeps both
// persons, and every refusal of docs/cases.md "Naming who is in charge".
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/case_desk.h"
#include "server/core/case_message_composer.h"
#include "server/core/case_rules.h"
#include "server/store/pg_case_assignment_store.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_directory_store.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::core {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kStart = absl::FromCivil(
    absl::CivilSecond(2026, 11, 20, 8, 0, 0), absl::UTCTimeZone());

class CaseAssignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::CreateDemoCounty(300, 5);
    ASSERT_THAT(db.status(), IsOk());
    db_ = std::move(*db);
    absl::StatusOr<std::unique_ptr<store::PgConnectionPool>> pool =
        store::PgConnectionPool::Create(db_->url(), 2);
    ASSERT_THAT(pool.status(), IsOk());
    pool_ = std::move(*pool);
    baoxue::v1::CasePolicyConfig policy;
    ASSERT_THAT(ApplyCaseDefaults(policy), IsOk());
    cases_ = std::make_unique<store::PgCaseStore>(
        pool_.get(), CaseRulesFromConfig(policy), &composer_,
        std::vector<store::OutboxChannel>{});
    directory_ = std::make_unique<store::PgDirectoryStore>(pool_.get());
    assignments_ = std::make_unique<store::PgCaseAssignmentStore>(pool_.get());
    desk_ = std::make_unique<CaseDesk>(cases_.get(), directory_.get(), &clock_,
                                       nullptr, assignments_.get());
    Exec(
        "INSERT INTO baoxue.models (version, params, state, created_by) "
        "VALUES ('v-test', '\\x', 'active', 'test')");
    const int64_t run =
        Exec(
            "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id, "
            "status, finished_at) SELECT a.area_id, '2026-11-20', m.model_id, "
            "'succeeded', now() FROM baoxue.areas a, baoxue.models m "
            "WHERE a.level = 'county' RETURNING run_id")[0][0]
            .as<int64_t>();
    Exec(absl::StrCat(
        "INSERT INTO baoxue.risk_scores (run_id, student_id, probability, "
        "tier, reasons) SELECT ",
        run,
        ", student_id, 0.8, 'high', '[]' FROM baoxue.students "
        "WHERE student_id % 10 = 0"));
    ASSERT_THAT(cases_->OpenCasesFromRun(run, kStart).status(), IsOk());
    case_id_ = Count("SELECT min(case_id) FROM baoxue.cases");
    official_.token_id = 7;
    official_.role = store::CallerRole::kOfficial;
    official_.display_name = "李镇干部";
    official_.scope = AreaOf(Text(
        absl::StrCat("SELECT left(village_code, 9) || '000' FROM baoxue.cases "
                     "WHERE case_id = ",
                     case_id_)));
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
  std::string Text(const std::string& sql) {
    return Exec(sql)[0][0].as<std::string>();
  }
  store::Area AreaOf(const std::string& code) {
    absl::StatusOr<store::Area> area = directory_->FindArea(code);
    EXPECT_THAT(area.status(), IsOk());
    return area.value_or(store::Area{});
  }

  // The case's current assignment: person, assigned_at and deadlines.
  std::string CurrentAssignment() {
    return Text(absl::StrCat(
        "SELECT concat_ws(' ', level, person_id, assigned_at, ack_deadline, "
        "resolve_deadline) FROM baoxue.case_assignments "
        "WHERE ended_at IS NULL AND case_id = ",
        case_id_));
  }
  int64_t PersonInCharge() {
    return Count(absl::StrCat(
        "SELECT coalesce(person_id, 0) FROM baoxue.case_assignments "
        "WHERE ended_at IS NULL AND case_id = ",
        case_id_));
  }
  // Another person of `role` kept under the case student's key `key_sql`
  // (an SQL expression over s = the student, h = the household).
  int64_t OtherPerson(const std::string& where) {
    return Count(absl::StrCat(
        "SELECT coalesce(min(p.person_id), 0) FROM baoxue.responsible_people "
        "p, "
        "baoxue.cases c JOIN baoxue.students s USING (student_id) "
        "JOIN baoxue.households h USING (household_id) "
        "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
        "WHERE c.case_id = ",
        case_id_,
        " AND p.person_id IS DISTINCT FROM (SELECT person_id FROM "
        "baoxue.case_assignments WHERE ended_at IS NULL AND case_id = ",
        case_id_, ") AND ", where));
  }
  // Moves the case up to `level` by missed deadlines.
  void EscalateTo(int level) {
    absl::Time now = kStart;
    while (Count(absl::StrCat(
               "SELECT current_level FROM baoxue.cases WHERE case_id = ",
               case_id_)) < level) {
      now += absl::Hours(400);
      ASSERT_THAT(cases_->EscalateDue(now, 1000).status(), IsOk());
    }
    clock_.Advance(now - kStart);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<store::PgConnectionPool> pool_;
  CaseMessageComposer composer_;
  std::unique_ptr<store::PgCaseStore> cases_;
  std::unique_ptr<store::PgDirectoryStore> directory_;
  std::unique_ptr<store::PgCaseAssignmentStore> assignments_;
  testing::FakeClock clock_{kStart + absl::Hours(2)};
  std::unique_ptr<CaseDesk> desk_;
  Caller official_;
  int64_t case_id_ = 0;
};

TEST_F(CaseAssignTest, AtLevelOneAnotherTeacherTakesOverWithTheSameDeadlines) {
  const int64_t before_person = PersonInCharge();
  ASSERT_NE(before_person, 0);
  const int64_t teacher =
      OtherPerson("p.role = 'TEACHER' AND p.school_id = s.school_id");
  ASSERT_NE(teacher, 0);
  const std::string before = CurrentAssignment();

  ASSERT_THAT(desk_->Assign(official_, case_id_, teacher, "班主任病假"),
              IsOk());

  EXPECT_EQ(PersonInCharge(), teacher);
  // Only the person changed: level, assigned_at and both deadlines stay.
  const std::string after = CurrentAssignment();
  EXPECT_EQ(after.substr(after.find(' ', 2)),
            before.substr(before.find(' ', 2)));
  EXPECT_NE(after, before);
  // One event with both persons, the note and who did it.
  const pqxx::result event = Exec(absl::StrCat(
      "SELECT level, note, details ->> 'from_person_id', "
      "details ->> 'to_person_id', details ->> 'from_name', "
      "details ->> 'to_name', details ->> 'by_name', actor "
      "FROM baoxue.case_events WHERE kind = 'assigned' AND case_id = ",
      case_id_));
  ASSERT_EQ(event.size(), 1u);
  EXPECT_EQ(event[0][0].as<int>(), 1);
  EXPECT_EQ(event[0][1].as<std::string>(), "班主任病假");
  EXPECT_EQ(event[0][2].as<int64_t>(), before_person);
  EXPECT_EQ(event[0][3].as<int64_t>(), teacher);
  EXPECT_EQ(event[0][4].as<std::string>(),
            Text(absl::StrCat("SELECT name FROM baoxue.responsible_people "
                              "WHERE person_id = ",
                              before_person)));
  EXPECT_EQ(event[0][5].as<std::string>(),
            Text(absl::StrCat("SELECT name FROM baoxue.responsible_people "
                              "WHERE person_id = ",
                              teacher)));
  EXPECT_EQ(event[0][6].as<std::string>(), "李镇干部");
  EXPECT_EQ(event[0][7].as<std::string>(), "token 7");

  // The case file shows the new person, and the event in its timeline.
  absl::StatusOr<store::CaseDetail> detail = desk_->Get(official_, case_id_);
  ASSERT_THAT(detail.status(), IsOk());
  EXPECT_EQ(detail->summary.person_id, std::optional<int64_t>(teacher));
  EXPECT_EQ(detail->events.back().kind, domain::CaseEventKind::kAssigned);
}

TEST_F(CaseAssignTest, AtLevelFiveASecondVillageHeadTakesOver) {
  EscalateTo(5);
  Exec(absl::StrCat(
      "INSERT INTO baoxue.responsible_people (role, area_id, name) "
      "SELECT 'VILLAGE_HEAD', g.parent_id, '副村长甲' FROM baoxue.cases c "
      "JOIN baoxue.students s USING (student_id) "
      "JOIN baoxue.households h USING (household_id) "
      "JOIN baoxue.areas g ON g.area_id = h.group_area_id "
      "WHERE c.case_id = ",
      case_id_));
  const int64_t deputy = Count(
      "SELECT person_id FROM baoxue.responsible_people WHERE name = "
      "'副村长甲'");
  const int64_t before_person = PersonInCharge();
  ASSERT_NE(before_person, 0);
  const std::string before = CurrentAssignment();

  absl::StatusOr<CaseAssignees> eligible =
      desk_->Assignees(official_, case_id_);
  ASSERT_THAT(eligible.status(), IsOk());
  EXPECT_EQ(eligible->level, 5);
  EXPECT_EQ(eligible->role, domain::ChainRole::kVillageHead);
  std::vector<int64_t> ids;
  for (const store::ResponsiblePerson& p : eligible->people) {
    EXPECT_EQ(p.role, domain::ChainRole::kVillageHead);
    ids.push_back(p.person_id);
  }
  EXPECT_THAT(ids, ::testing::Contains(deputy));
  EXPECT_THAT(ids, ::testing::Contains(before_person));

  ASSERT_THAT(desk_->Assign(official_, case_id_, deputy, ""), IsOk());
  EXPECT_EQ(PersonInCharge(), deputy);
  const std::string after = CurrentAssignment();
  EXPECT_EQ(after.substr(after.find(' ', 2)),
            before.substr(before.find(' ', 2)));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.case_events "
                               "WHERE kind = 'assigned' AND level = 5 "
                               "AND note IS NULL AND case_id = ",
                               case_id_)),
            1);
  // And back to the first village head: the latest event names both.
  if (before_person != 0) {
    ASSERT_THAT(desk_->Assign(official_, case_id_, before_person, ""), IsOk());
    EXPECT_EQ(
        Count(absl::StrCat("SELECT (details ->> 'from_person_id')::bigint "
                           "FROM baoxue.case_events WHERE kind = 'assigned' "
                           "AND case_id = ",
                           case_id_, " ORDER BY event_id DESC LIMIT 1")),
        deputy);
  }
}

TEST_F(CaseAssignTest, APersonOfAnotherRoleOrNotCoveringTheStudentIsRefused) {
  const int64_t principal =
      OtherPerson("p.role = 'PRINCIPAL' AND p.school_id = s.school_id");
  ASSERT_NE(principal, 0);
  EXPECT_THAT(desk_->Assign(official_, case_id_, principal, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("person_id: person")));
  const int64_t other_school_teacher =
      OtherPerson("p.role = 'TEACHER' AND p.school_id <> s.school_id");
  ASSERT_NE(other_school_teacher, 0);
  // Of the caller's township or not, a teacher of another school is either
  // refused as not covering or hidden as outside the area.
  EXPECT_THAT(
      desk_->Assign(official_, case_id_, other_school_teacher, ""),
      ::testing::AnyOf(StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("does not answer for the student")),
                       StatusIs(absl::StatusCode::kNotFound)));
  // A county official sees every school: the refusal is about covering.
  Caller county = official_;
  county.scope = AreaOf("360799000000");
  EXPECT_THAT(desk_->Assign(county, case_id_, other_school_teacher, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("does not answer for the student")));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.case_events "
                               "WHERE kind = 'assigned' AND case_id = ",
                               case_id_)),
            0);
}

TEST_F(CaseAssignTest, AnUnknownPersonAnswersLikeOneOfAnotherTownship) {
  const int64_t foreign = Count(absl::StrCat(
      "SELECT min(p.person_id) FROM baoxue.responsible_people p "
      "JOIN baoxue.areas a ON a.area_id = p.area_id "
      "WHERE p.role = 'VILLAGE_HEAD' AND left(a.division_code, 9) <> '",
      official_.scope.division_code.substr(0, 9), "'"));
  ASSERT_NE(foreign, 0);
  const absl::Status outside = desk_->Assign(official_, case_id_, foreign, "");
  EXPECT_THAT(outside, StatusIs(absl::StatusCode::kNotFound,
                                absl::StrCat("no person ", foreign,
                                             " in the caller's area")));
  const absl::Status missing = desk_->Assign(official_, case_id_, 99999999, "");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound,
                                "no person 99999999 in the caller's area"));
}

TEST_F(CaseAssignTest, TheSamePersonAgainAndAClosedCaseAreRefused) {
  const int64_t teacher = PersonInCharge();
  EXPECT_THAT(desk_->Assign(official_, case_id_, teacher, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("already in charge")));
  ASSERT_THAT(
      cases_->Resolve(case_id_, domain::CaseOutcome::kNotAtRisk, "reviewed", {},
                      {"token 7", std::nullopt}, clock_.Now()),
      IsOk());
  const int64_t other =
      OtherPerson("p.role = 'TEACHER' AND p.school_id = s.school_id");
  EXPECT_THAT(
      desk_->Assign(official_, case_id_, other, ""),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  absl::StatusOr<CaseAssignees> eligible =
      desk_->Assignees(official_, case_id_);
  ASSERT_THAT(eligible.status(), IsOk());
  EXPECT_TRUE(eligible->people.empty());
}

TEST_F(CaseAssignTest, CallersOutsideTheAreaOrRoleAndBadInputAreRefused) {
  const int64_t teacher =
      OtherPerson("p.role = 'TEACHER' AND p.school_id = s.school_id");
  Caller system = official_;
  system.role = store::CallerRole::kSystem;
  EXPECT_THAT(desk_->Assign(system, case_id_, teacher, ""),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // A system may read who is eligible (names are the converter's rule).
  EXPECT_THAT(desk_->Assignees(system, case_id_).status(), IsOk());
  Caller elsewhere = official_;
  elsewhere.scope = AreaOf(Text(absl::StrCat(
      "SELECT min(division_code) FROM baoxue.areas WHERE level = 'township' "
      "AND division_code <> '",
      official_.scope.division_code, "'")));
  EXPECT_THAT(
      desk_->Assign(elsewhere, case_id_, teacher, ""),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("in the caller's area")));
  EXPECT_THAT(desk_->Assignees(elsewhere, case_id_).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      desk_->Assign(official_, case_id_, teacher, std::string(4001, 'x')),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  EXPECT_THAT(
      desk_->Assign(official_, case_id_, 0, ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("person_id")));
}

TEST_F(CaseAssignTest, AStaleChangeIsAbortedAndLeavesNothing) {
  const int64_t teacher =
      OtherPerson("p.role = 'TEACHER' AND p.school_id = s.school_id");
  store::AssignmentChange stale;
  stale.case_id = case_id_;
  stale.level = 1;
  stale.from_person_id = teacher;  // not who holds it
  stale.to_person_id = teacher;
  EXPECT_THAT(
      assignments_->Assign(stale, {"token 7", std::nullopt}, clock_.Now()),
      StatusIs(absl::StatusCode::kAborted, HasSubstr("read it again")));
  stale.from_person_id = PersonInCharge();
  stale.level = 2;  // the case is at level 1
  EXPECT_THAT(
      assignments_->Assign(stale, {"token 7", std::nullopt}, clock_.Now()),
      StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_events "
                  "WHERE kind = 'assigned'"),
            0);
}

}  // namespace
}  // namespace baoxue::core
