// PgCaseStore against the real PostgreSQL: opening cases from runs,
// idempotency, escalation by the clock, the state rules of each change, the
// outbox written in the same transaction, the ledger and event scoping.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "server/core/case_message_composer.h"
#include "server/core/case_rules.h"
#include "server/store/pg_case_store.h"
#include "server/store/pg_connection_pool.h"
#include "tests/testing/demo_county.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace baoxue::store {
namespace {

using ::baoxue::testing::IsOk;
using ::baoxue::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kStart = absl::FromCivil(
    absl::CivilSecond(2026, 11, 20, 8, 0, 0), absl::UTCTimeZone());

// A composer that fails, to show a failed change leaves nothing behind.
class ThrowingComposer : public CaseMessageComposer {
 public:
  std::string PayloadJson(const CaseMessage&) const override {
    throw std::runtime_error("composer broke");
  }
};

class CaseStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
        testing::CreateDemoCounty(300, 5);
    ASSERT_THAT(db.status(), IsOk());
    db_ = std::move(*db);
    absl::StatusOr<std::unique_ptr<PgConnectionPool>> pool =
        PgConnectionPool::Create(db_->url(), 2);
    ASSERT_THAT(pool.status(), IsOk());
    pool_ = std::move(*pool);
    baoxue::v1::CasePolicyConfig policy;
    ASSERT_THAT(core::ApplyCaseDefaults(policy), IsOk());
    rules_ = core::CaseRulesFromConfig(policy);
    store_ = std::make_unique<PgCaseStore>(
        pool_.get(), rules_, &composer_,
        std::vector<OutboxChannel>{{"county-file", ""},
                                   {"wecom", "360799101"}});
    Exec(
        "INSERT INTO baoxue.models (version, params, state, created_by) "
        "VALUES ('v-test', '\\x', 'active', 'test')");
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

  // A succeeded county run as of `as_of`: students whose id is divisible by
  // `high_every` score 0.8 (high tier), the rest `base`.
  int64_t AddRun(const std::string& as_of, int high_every, double base) {
    const int64_t run_id = Exec(absl::StrCat(
        "INSERT INTO baoxue.risk_runs (scope_area_id, as_of, model_id, "
        "status, finished_at) SELECT a.area_id, '",
        as_of,
        "', m.model_id, 'succeeded', now() FROM baoxue.areas a, "
        "baoxue.models m WHERE a.level = 'county' RETURNING run_id"))[0][0]
                               .as<int64_t>();
    Exec(absl::StrCat(
        "INSERT INTO baoxue.risk_scores (run_id, student_id, probability, "
        "tier, reasons) SELECT ",
        run_id, ", student_id, CASE WHEN student_id % ", high_every,
        " = 0 THEN 0.8 ELSE ", base, " END, CASE WHEN student_id % ",
        high_every,
        " = 0 THEN 'high' ELSE 'low' END::baoxue.risk_tier, "
        "'[{\"feature\": \"absence_rate_30d\", \"value\": 0.3, "
        "\"contribution\": 1.5}]' FROM baoxue.students"));
    return run_id;
  }

  int64_t FirstCase() { return Count("SELECT min(case_id) FROM baoxue.cases"); }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<PgConnectionPool> pool_;
  core::CaseMessageComposer composer_;
  CaseRules rules_;
  std::unique_ptr<PgCaseStore> store_;
  const Actor official_{"token 7", std::nullopt};
};

TEST_F(CaseStoreTest, HighTierStudentsBecomeCasesAssignedToTheirTeacher) {
  const int64_t run = AddRun("2026-11-20", 10, 0.1);
  absl::StatusOr<CaseOpening> opening = store_->OpenCasesFromRun(run, kStart);
  ASSERT_THAT(opening.status(), IsOk());
  const int64_t high =
      Count(absl::StrCat("SELECT count(*) FROM baoxue.risk_scores WHERE tier = "
                         "'high' AND run_id = ",
                         run));
  EXPECT_EQ(opening->flagged, high);
  EXPECT_EQ(opening->opened, high);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases WHERE status = 'open'"),
            high);
  // Each case's level 1 belongs to the head teacher of the student's class.
  EXPECT_EQ(
      Count("SELECT count(*) FROM baoxue.case_assignments a "
            "JOIN baoxue.cases c USING (case_id) "
            "JOIN baoxue.students s ON s.student_id = c.student_id "
            "JOIN baoxue.responsible_people p ON p.person_id = a.person_id "
            "WHERE a.level = 1 AND p.role = 'TEACHER' "
            "AND p.school_id = s.school_id AND p.grade = s.grade "
            "AND a.ack_deadline = '2026-11-21 08:00+00'"),
      high);
  // One message per case on the county channel, plus the township channel
  // for the township it serves.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox "
                  "WHERE channel = 'county-file'"),
            high);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox "
                  "WHERE channel = 'wecom'"),
            Count("SELECT count(*) FROM baoxue.cases "
                  "WHERE village_code LIKE '360799101%'"));
  EXPECT_EQ(opening->messages,
            Count("SELECT count(*) FROM baoxue.notification_outbox"));
}

// More cases than one batch of messages (1,000): every case still gets
// exactly one message per channel.
TEST_F(CaseStoreTest, OpeningManyCasesWritesEveryMessageOnce) {
  const std::string command = absl::StrCat(
      BAOXUE_SOURCE_DIR, "/deploy/demo/generate.sh --students 2500 --seed 5 ",
      "--replace --database-url '", db_->url(), "' >/dev/null 2>&1");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const int64_t run = AddRun("2026-11-20", 1, 0.1);  // everyone high
  absl::StatusOr<CaseOpening> opening = store_->OpenCasesFromRun(run, kStart);
  ASSERT_THAT(opening.status(), IsOk());
  EXPECT_EQ(opening->opened, 2500);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox "
                  "WHERE channel = 'county-file'"),
            2500);
  EXPECT_EQ(opening->messages,
            Count("SELECT count(*) FROM baoxue.notification_outbox"));
}

TEST_F(CaseStoreTest, PushedMessagesCarryMaskedNamesAndNoStudentNumbers) {
  const int64_t run = AddRun("2026-11-20", 10, 0.1);
  ASSERT_THAT(store_->OpenCasesFromRun(run, kStart).status(), IsOk());
  const pqxx::result rows = Exec(
      "SELECT o.payload::text, s.name, s.student_number, "
      "o.payload ->> 'student', o.payload ->> 'kind' "
      "FROM baoxue.notification_outbox o JOIN baoxue.cases c USING (case_id) "
      "JOIN baoxue.students s ON s.student_id = c.student_id");
  ASSERT_FALSE(rows.empty());
  for (const pqxx::row& row : rows) {
    const std::string payload = row[0].as<std::string>();
    EXPECT_THAT(payload, Not(HasSubstr(row[1].as<std::string>())));
    EXPECT_THAT(payload, Not(HasSubstr(row[2].as<std::string>())));
    EXPECT_THAT(row[3].as<std::string>(), HasSubstr("*"));
    EXPECT_EQ(row[4].as<std::string>(), "assigned");
    EXPECT_THAT(payload, HasSubstr("30"));  // "absent 9 of the last 30 days"
  }
}

TEST_F(CaseStoreTest, OpeningTwiceFromOneRunChangesNothing) {
  const int64_t run = AddRun("2026-11-20", 10, 0.1);
  ASSERT_THAT(store_->OpenCasesFromRun(run, kStart).status(), IsOk());
  const int64_t cases = Count("SELECT count(*) FROM baoxue.cases");
  const int64_t messages =
      Count("SELECT count(*) FROM baoxue.notification_outbox");
  const int64_t events = Count("SELECT count(*) FROM baoxue.case_events");
  absl::StatusOr<CaseOpening> again =
      store_->OpenCasesFromRun(run, kStart + absl::Minutes(5));
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(again->opened + again->reopened + again->attached, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases"), cases);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox"), messages);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_events"), events);
}

TEST_F(CaseStoreTest, LaterScoresAttachAndASharpRiseOpensACase) {
  const int64_t first = AddRun("2026-11-13", 10, 0.1);
  ASSERT_THAT(store_->OpenCasesFromRun(first, kStart).status(), IsOk());
  const int64_t cases = Count("SELECT count(*) FROM baoxue.cases");
  // A week later the others rose from 0.10 to 0.30: above the 0.15 rule.
  const int64_t second = AddRun("2026-11-20", 10, 0.3);
  absl::StatusOr<CaseOpening> opening =
      store_->OpenCasesFromRun(second, kStart + absl::Hours(1));
  ASSERT_THAT(opening.status(), IsOk());
  EXPECT_EQ(opening->attached, cases);
  EXPECT_EQ(opening->opened,
            Count("SELECT count(*) FROM baoxue.students") - cases);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases "
                  "WHERE opened_reason = 'risk_rise'"),
            opening->opened);
  // At most one open case per student, every one with both scores or one.
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases"),
            Count("SELECT count(DISTINCT student_id) FROM baoxue.cases"));
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM baoxue.case_scores WHERE run_id = ", second)),
      Count("SELECT count(*) FROM baoxue.students"));
}

TEST_F(CaseStoreTest,
       MissedDeadlinesEscalateLevelByLevelAndInformEarlierLevels) {
  ASSERT_THAT(
      store_->OpenCasesFromRun(AddRun("2026-11-20", 10, 0.1), kStart).status(),
      IsOk());
  const int64_t cases = Count("SELECT count(*) FROM baoxue.cases");
  const int64_t case_id = FirstCase();
  // Just before the teacher's 24 h acknowledgement deadline: nothing due.
  absl::StatusOr<EscalationSweep> sweep =
      store_->EscalateDue(kStart + absl::Hours(23), 1000);
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->escalated, 0);
  // The teacher of one case acknowledges; the others escalate at 24 h.
  ASSERT_THAT(
      store_->Acknowledge(case_id, "", official_, kStart + absl::Hours(2)),
      IsOk());
  sweep = store_->EscalateDue(kStart + absl::Hours(24), 1000);
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->escalated, cases - 1);
  EXPECT_EQ(Count(absl::StrCat("SELECT current_level FROM baoxue.cases "
                               "WHERE case_id = ",
                               case_id)),
            1);
  // Escalation tells the principal and informs the teacher.
  const int64_t escalated = Count(absl::StrCat(
      "SELECT min(case_id) FROM baoxue.cases WHERE case_id <> ", case_id));
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM baoxue.notification_outbox WHERE case_id = ",
          escalated,
          " AND channel = 'county-file' AND payload ->> 'kind' IN "
          "('escalated', 'informed')")),
      2);
  // The acknowledged case still escalates when its 72 h resolution passes.
  sweep = store_->EscalateDue(kStart + absl::Hours(72), 1000);
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(Count(absl::StrCat("SELECT current_level FROM baoxue.cases "
                               "WHERE case_id = ",
                               case_id)),
            2);
  // Far in the future every case climbs to the township head, one level per
  // sweep, and then gets one reminder per 24 h.
  absl::Time now = kStart + absl::Hours(72);
  for (int i = 0; i < 10; ++i) {
    now += absl::Hours(400);
    ASSERT_THAT(store_->EscalateDue(now, 1000).status(), IsOk());
  }
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases WHERE current_level = 6"),
            cases);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_assignments "
                  "WHERE ended_at IS NULL"),
            cases);
  sweep = store_->EscalateDue(now + absl::Hours(1), 1000);
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->reminded, 0);  // reminded within the last 24 h
  sweep = store_->EscalateDue(now + absl::Hours(25), 1000);
  ASSERT_THAT(sweep.status(), IsOk());
  EXPECT_EQ(sweep->reminded, cases);
  EXPECT_EQ(sweep->escalated, 0);
}

TEST_F(CaseStoreTest, EachChangeChecksTheCaseState) {
  ASSERT_THAT(
      store_->OpenCasesFromRun(AddRun("2026-11-20", 10, 0.1), kStart).status(),
      IsOk());
  const int64_t id = FirstCase();
  const absl::Time t = kStart + absl::Hours(1);
  EXPECT_THAT(store_->Acknowledge(id, "", official_, t), IsOk());
  EXPECT_THAT(store_->Acknowledge(id, "", official_, t),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("already acknowledged")));
  EXPECT_THAT(
      store_->RecordAction(id, CaseEventKind::kHomeVisit,
                           "visited with the village head", {}, official_, t),
      IsOk());
  EXPECT_THAT(store_->Resolve(id, CaseOutcome::kReturned, "back in class", {},
                              official_, t),
              IsOk());
  EXPECT_THAT(store_->Resolve(id, CaseOutcome::kReturned, "", {}, official_, t),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      store_->RecordAction(id, CaseEventKind::kCall, "", {}, official_, t),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_THAT(store_->RecordAction(id, CaseEventKind::kNote, "follow-up ok", {},
                                   official_, t),
              IsOk());
  EXPECT_THAT(
      store_->Acknowledge(id, "", official_, t),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_THAT(store_->Acknowledge(999999, "", official_, t),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(store_->Reopen(id, "absent again", official_, t), IsOk());
  EXPECT_THAT(
      store_->Reopen(id, "", official_, t),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("open")));

  absl::StatusOr<CaseDetail> detail = store_->GetCase(id, t);
  ASSERT_THAT(detail.status(), IsOk());
  EXPECT_EQ(detail->summary.status, domain::CaseStatus::kOpen);
  EXPECT_EQ(detail->summary.reopen_count, 1);
  std::vector<std::string> kinds;
  for (const CaseEvent& event : detail->events) {
    kinds.emplace_back(domain::Code(event.kind));
  }
  EXPECT_THAT(kinds,
              ::testing::ElementsAre("opened", "acknowledged", "home_visit",
                                     "resolved", "note", "reopened"));
  EXPECT_EQ(detail->events[2].actor, "token 7");
  EXPECT_EQ(detail->events[2].note, "visited with the village head");
  ASSERT_EQ(detail->latest_reasons.size(), 1u);
  EXPECT_EQ(detail->latest_reasons[0].feature, "absence_rate_30d");
  EXPECT_EQ(detail->scores.size(), 1u);
}

TEST_F(CaseStoreTest, AStudentFlaggedAgainReopensTheirClosedCase) {
  ASSERT_THAT(
      store_->OpenCasesFromRun(AddRun("2026-11-13", 10, 0.1), kStart).status(),
      IsOk());
  const int64_t id = FirstCase();
  ASSERT_THAT(store_->Resolve(id, CaseOutcome::kReturned, "", {}, official_,
                              kStart + absl::Hours(1)),
              IsOk());
  absl::StatusOr<CaseOpening> opening = store_->OpenCasesFromRun(
      AddRun("2026-11-20", 10, 0.1), kStart + absl::Hours(2));
  ASSERT_THAT(opening.status(), IsOk());
  EXPECT_EQ(opening->reopened, 1);
  EXPECT_EQ(opening->opened, 0);
  EXPECT_EQ(Count(absl::StrCat("SELECT reopen_count FROM baoxue.cases "
                               "WHERE case_id = ",
                               id)),
            1);
}

TEST_F(CaseStoreTest, AcknowledgeKeepsItsNoteOnTheSameEvent) {
  ASSERT_THAT(
      store_->OpenCasesFromRun(AddRun("2026-11-20", 10, 0.1), kStart).status(),
      IsOk());
  const int64_t id = FirstCase();
  const absl::Time t = kStart + absl::Hours(1);
  ASSERT_THAT(store_->Acknowledge(id, "已电话联系家长", official_, t), IsOk());
  absl::StatusOr<CaseDetail> detail = store_->GetCase(id, t);
  ASSERT_THAT(detail.status(), IsOk());
  ASSERT_EQ(detail->events.size(), 2u);
  EXPECT_EQ(detail->events[1].kind, domain::CaseEventKind::kAcknowledged);
  EXPECT_EQ(detail->events[1].note, "已电话联系家长");
  EXPECT_EQ(detail->events[1].actor, "token 7");
  // Refused acknowledgements leave no note behind.
  EXPECT_THAT(store_->Acknowledge(id, "again", official_, t),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM baoxue.case_events "
                               "WHERE case_id = ",
                               id)),
            2);
}

// The store has no rule of its own: a chain that flags every tier, opens at
// the principal and never reopens is carried out as decided.
TEST_F(CaseStoreTest, TheStoreAppliesTheChainsRulesNotItsOwn) {
  CaseRules rules = rules_;
  rules.opening_tiers = {domain::RiskTier::kLow, domain::RiskTier::kHigh};
  rules.reopen_closed_case = false;
  CaseKindRules& kind = rules.kinds[static_cast<int>(CaseKind::kDropoutRisk)];
  kind.opening_level = 2;
  kind.on_opened = {{2, domain::CaseMessageKind::kAssigned}};
  PgCaseStore store(pool_.get(), rules, &composer_, {{"county-file", ""}});
  ASSERT_THAT(
      store.OpenCasesFromRun(AddRun("2026-11-13", 10, 0.1), kStart).status(),
      IsOk());
  const int64_t students = Count("SELECT count(*) FROM baoxue.students");
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases WHERE current_level = 2 "
                  "AND kind = 'dropout_risk' AND opened_reason = 'high_tier'"),
            students);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_assignments "
                  "WHERE level = 2 AND role = 'PRINCIPAL' "
                  "AND ack_deadline = '2026-11-21 08:00+00'"),
            students);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox "
                  "WHERE payload ->> 'kind' = 'assigned'"),
            students);
  // Not reopening: a flagged student whose case closed gets a new case.
  const int64_t id = FirstCase();
  ASSERT_THAT(store.Resolve(id, CaseOutcome::kReturned, "", {}, official_,
                            kStart + absl::Hours(1)),
              IsOk());
  absl::StatusOr<CaseOpening> opening = store.OpenCasesFromRun(
      AddRun("2026-11-20", 10, 0.1), kStart + absl::Hours(2));
  ASSERT_THAT(opening.status(), IsOk());
  EXPECT_EQ(opening->opened, 1);
  EXPECT_EQ(opening->reopened, 0);
}

TEST_F(CaseStoreTest, AFailedChangeLeavesNeitherCaseNorMessage) {
  ThrowingComposer broken;
  PgCaseStore store(pool_.get(), rules_, &broken, {{"county-file", ""}});
  EXPECT_THAT(
      store.OpenCasesFromRun(AddRun("2026-11-20", 10, 0.1), kStart).status(),
      Not(IsOk()));
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.cases"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.case_events"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM baoxue.notification_outbox"), 0);
}

TEST_F(CaseStoreTest, ListsLedgerAndEventsStayInsideTheArea) {
  ASSERT_THAT(
      store_->OpenCasesFromRun(AddRun("2026-11-20", 5, 0.1), kStart).status(),
      IsOk());
  const int64_t in_township = Count(
      "SELECT count(*) FROM baoxue.cases WHERE village_code LIKE '360799101%'");
  ASSERT_GT(in_township, 0);
  CaseFilter filter;
  filter.area_prefix = "360799101";
  filter.now = kStart;
  filter.page_size = 3;
  int64_t listed = 0;
  do {
    absl::StatusOr<CasePage> page = store_->ListCases(filter);
    ASSERT_THAT(page.status(), IsOk());
    for (const CaseSummary& summary : page->cases) {
      EXPECT_EQ(summary.village_code.substr(0, 9), "360799101");
      EXPECT_EQ(summary.role, domain::ChainRole::kTeacher);
      ++listed;
    }
    filter.after_case_id = page->next_after_case_id;
  } while (filter.after_case_id != 0);
  EXPECT_EQ(listed, in_township);

  filter.after_case_id = 0;
  filter.page_size = 500;
  filter.overdue_only = true;
  filter.now = kStart + absl::Hours(25);
  absl::StatusOr<CasePage> overdue = store_->ListCases(filter);
  ASSERT_THAT(overdue.status(), IsOk());
  EXPECT_EQ(static_cast<int64_t>(overdue->cases.size()), in_township);

  absl::StatusOr<std::vector<CaseEvent>> events =
      store_->EventsAfter(0, "360799101", 10000);
  ASSERT_THAT(events.status(), IsOk());
  EXPECT_EQ(static_cast<int64_t>(events->size()), in_township);

  const int64_t id = FirstCase();
  ASSERT_THAT(store_->Resolve(id, CaseOutcome::kReturned, "", {}, official_,
                              kStart + absl::Hours(30)),
              IsOk());
  absl::StatusOr<Ledger> ledger = store_->GetLedger(
      "360799", std::nullopt, kStart + absl::Hours(30),
      absl::CivilDay(2026, 11, 19), absl::CivilDay(2026, 11, 21));
  ASSERT_THAT(ledger.status(), IsOk());
  const int64_t cases = Count("SELECT count(*) FROM baoxue.cases");
  EXPECT_EQ(ledger->total.open, cases - 1);
  EXPECT_EQ(ledger->total.returned, 1);
  EXPECT_EQ(ledger->total.closed, 1);
  EXPECT_EQ(ledger->total.overdue, cases - 1);  // nobody acknowledged in 24 h
  ASSERT_EQ(ledger->history.size(), 3u);
  EXPECT_EQ(ledger->history[0].open, 0);
  EXPECT_EQ(ledger->history[1].opened, cases);  // 2026-11-20 16:00 China time
  EXPECT_EQ(ledger->history[2].returned, 1);    // 2026-11-21 14:00 China time
  EXPECT_EQ(ledger->history[2].open, cases - 1);

  // One school's ledger counts only its cases, day by day too.
  const int64_t school = Count(
      absl::StrCat("SELECT school_id FROM baoxue.cases WHERE case_id = ", id));
  const int64_t school_cases = Count(absl::StrCat(
      "SELECT count(*) FROM baoxue.cases WHERE school_id = ", school));
  absl::StatusOr<Ledger> own = store_->GetLedger(
      "360799", school, kStart + absl::Hours(30), absl::CivilDay(2026, 11, 19),
      absl::CivilDay(2026, 11, 21));
  ASSERT_THAT(own.status(), IsOk());
  ASSERT_EQ(own->schools.size(), 1u);
  EXPECT_EQ(own->schools[0].code, absl::StrCat(school));
  EXPECT_EQ(own->total.open, school_cases - 1);
  EXPECT_EQ(own->total.returned, 1);
  ASSERT_EQ(own->history.size(), 3u);
  EXPECT_EQ(own->history[1].opened, school_cases);
  EXPECT_EQ(own->history[2].open, school_cases - 1);
}

TEST_F(CaseStoreTest, ARecordKeepsItsDayWhoByNameAndRoleAndItsFiles) {
  ASSERT_THAT(
      store_->OpenCasesFromRun(AddRun("2026-11-20", 10, 0.1), kStart).status(),
      IsOk());
  const int64_t id = FirstCase();
  const absl::Time t = kStart + absl::Hours(1);
  CaseAttachment photo;
  photo.case_id = id;
  photo.file_name = "家访照片.jpg";
  photo.content_type = "image/jpeg";
  photo.bytes = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10);
  const absl::StatusOr<int64_t> photo_id =
      store_->AddAttachment(photo, official_, t);
  ASSERT_THAT(photo_id.status(), IsOk());
  Actor named{"web account 3", std::nullopt, "王晓梅", "township"};
  CaseRecordFacts facts;
  facts.happened_on = absl::CivilDay(2026, 11, 19);
  facts.attachment_ids = {*photo_id};
  ASSERT_THAT(store_->RecordAction(id, CaseEventKind::kHomeVisit, "见到家长",
                                   facts, named, t),
              IsOk());
  const pqxx::result event = Exec(absl::StrCat(
      "SELECT details->>'happened_on', details->>'by_name', "
      "details->>'by_role', details->'attachments'->0->>'name', "
      "(SELECT event_id FROM baoxue.case_attachments WHERE attachment_id = ",
      *photo_id,
      ") = event_id FROM baoxue.case_events WHERE kind = 'home_visit' AND "
      "case_id = ",
      id));
  ASSERT_EQ(event.size(), 1u);
  EXPECT_EQ(event[0][0].as<std::string>(), "2026-11-19");
  EXPECT_EQ(event[0][1].as<std::string>(), "王晓梅");
  EXPECT_EQ(event[0][2].as<std::string>(), "township");
  EXPECT_EQ(event[0][3].as<std::string>(), "家访照片.jpg");
  EXPECT_TRUE(event[0][4].as<bool>());
  // The file comes back byte for byte, only for its own case, and joins
  // one record only.
  const absl::StatusOr<CaseAttachment> read =
      store_->GetAttachment(id, *photo_id);
  ASSERT_THAT(read.status(), IsOk());
  EXPECT_EQ(read->bytes, photo.bytes);
  EXPECT_EQ(read->content_type, "image/jpeg");
  EXPECT_THAT(store_->GetAttachment(id + 1, *photo_id).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      store_->RecordAction(id, CaseEventKind::kNote, "again", facts, named, t),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("attachment_ids")));
  // A token is named by its description.
  Exec(
      "INSERT INTO baoxue.api_tokens (token_sha256, role, area_id, "
      "description, created_by) SELECT sha256('store-test'::bytea), "
      "'official', area_id, '乡镇防控辍学专干', 'test' FROM baoxue.areas "
      "WHERE level = 'county'");
  Actor token{"token", std::nullopt, "", "official"};
  token.token_id = Count(
      "SELECT token_id FROM baoxue.api_tokens WHERE description = "
      "'乡镇防控辍学专干'");
  CaseRecordFacts closing;
  closing.returned_on = absl::CivilDay(2026, 11, 21);
  ASSERT_THAT(
      store_->Resolve(id, CaseOutcome::kReturned, "已返校", closing, token, t),
      IsOk());
  const pqxx::result resolved = Exec(
      absl::StrCat("SELECT details->>'returned_on', details->>'by_name' FROM "
                   "baoxue.case_events WHERE kind = 'resolved' AND case_id = ",
                   id));
  EXPECT_EQ(resolved[0][0].as<std::string>(), "2026-11-21");
  EXPECT_EQ(resolved[0][1].as<std::string>(), "乡镇防控辍学专干");
}

}  // namespace
}  // namespace baoxue::store
