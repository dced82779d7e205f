// Core and store results -> the wire's messages (server/convert): what the
// gRPC services send and the web prints as JSON.
#include "absl/time/civil_time.h"
#include "domain/county_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/convert/case_convert.h"
#include "server/convert/risk_list_convert.h"
#include "tests/server/fakes.h"

namespace baoxue::convert {
namespace {

using ::testing::EndsWith;

store::CaseDetail Detail() {
  store::CaseDetail detail;
  detail.summary.case_id = 17;
  detail.summary.student_name = "张三明";
  detail.summary.status = domain::CaseStatus::kOpen;
  detail.summary.opened_at =
      domain::CountyDayStart(absl::CivilDay(2026, 11, 20)) + absl::Hours(9);
  store::CaseEvent event;
  event.event_id = 1;
  event.at = detail.summary.opened_at;
  event.kind = domain::CaseEventKind::kOpened;
  detail.events.push_back(event);
  return detail;
}

core::Caller CallerWith(store::CallerRole role) {
  return core::Caller{1, role, testing::County()};
}

TEST(CaseConvertTest, SystemAndDataStaffGetTheMaskedNameOnly) {
  for (store::CallerRole role :
       {store::CallerRole::kSystem, store::CallerRole::kDataStaff}) {
    baoxue::v1::Case out;
    ToProto(Detail(), CallerWith(role), &out);
    EXPECT_EQ(out.student_name(), "") << domain::Code(role);
    EXPECT_EQ(out.summary().masked_name(), "张*明");
  }
}

TEST(CaseConvertTest, AnOfficialWithATokenGetsTheCaseFileName) {
  baoxue::v1::Case out;
  ToProto(Detail(), CallerWith(store::CallerRole::kOfficial), &out);
  EXPECT_EQ(out.student_name(), "张三明");
  core::Caller web = CallerWith(store::CallerRole::kOfficial);
  web.account_id = 3;
  baoxue::v1::Case page;
  ToProto(Detail(), web, &page);
  EXPECT_EQ(page.student_name(), "");
}

TEST(CaseConvertTest, AssigneesNameOnlyForOfficialsAndAdmins) {
  core::CaseAssignees assignees;
  assignees.case_id = 17;
  assignees.level = 1;
  assignees.role = domain::ChainRole::kTeacher;
  assignees.person_id = 5;
  for (int64_t id : {5, 6}) {
    store::ResponsiblePerson person;
    person.person_id = id;
    person.name = id == 5 ? "高强" : "李红";
    person.grade = 3;
    assignees.people.push_back(person);
  }
  baoxue::v1::ListAssigneesResponse official;
  ToProto(assignees, CallerWith(store::CallerRole::kOfficial), &official);
  EXPECT_EQ(official.role(), "TEACHER");
  EXPECT_EQ(official.person_id(), 5);
  ASSERT_EQ(official.assignees_size(), 2);
  EXPECT_EQ(official.assignees(1).name(), "李红");
  EXPECT_EQ(official.assignees(1).grade(), 3);
  EXPECT_TRUE(official.assignees(0).in_charge());
  EXPECT_FALSE(official.assignees(1).in_charge());
  baoxue::v1::ListAssigneesResponse system;
  ToProto(assignees, CallerWith(store::CallerRole::kSystem), &system);
  ASSERT_EQ(system.assignees_size(), 2);
  EXPECT_EQ(system.assignees(0).name(), "");
  EXPECT_EQ(system.assignees(1).person_id(), 6);
}

TEST(CaseConvertTest, TimesAreCountyTime) {
  baoxue::v1::Case out;
  ToProto(Detail(), CallerWith(store::CallerRole::kAdmin), &out);
  EXPECT_EQ(out.summary().opened_at(), "2026-11-20T09:00:00+08:00");
  EXPECT_EQ(out.events(0).at(), "2026-11-20T09:00:00+08:00");
  EXPECT_EQ(out.summary().closed_at(), "");
}

TEST(CaseConvertTest, ListAndLedgerSayWhichAreaTheyCover) {
  store::CasePage page;
  page.cases.push_back(Detail().summary);
  page.next_after_case_id = 17;
  baoxue::v1::ListCasesResponse list;
  ToProto(testing::TownshipA(), page, &list);
  EXPECT_EQ(list.area_code(), testing::kTownshipA);
  EXPECT_EQ(list.next_page_token(), "17");
  ASSERT_EQ(list.cases_size(), 1);
  EXPECT_EQ(list.cases(0).masked_name(), "张*明");

  store::Ledger ledger;
  ledger.history.push_back(store::LedgerDay{absl::CivilDay(2026, 11, 2)});
  baoxue::v1::Ledger out;
  ToProto(testing::TownshipA(), ledger, &out);
  EXPECT_EQ(out.area_code(), testing::kTownshipA);
  EXPECT_EQ(out.area_name(), testing::TownshipA().name);
  EXPECT_EQ(out.history(0).date(), "2026-11-02");
}

TEST(RiskListConvertTest, RunFinishIsCountyTimeAndTiersAreEnums) {
  core::RiskListView view;
  view.area = testing::TownshipA();
  store::StoredRun run;
  run.run_id = 4;
  run.as_of = absl::CivilDay(2026, 11, 20);
  run.finished_at = absl::FromCivil(absl::CivilSecond(2026, 11, 20, 23, 30, 0),
                                    absl::UTCTimeZone());
  view.run = run;
  core::ListedStudent student;
  student.tier = domain::RiskTier::kHigh;
  view.students.push_back(student);
  baoxue::v1::RiskList out;
  ToProto(view, &out);
  EXPECT_EQ(out.run_finished_at(), "2026-11-21T07:30:00+08:00");
  EXPECT_THAT(out.run_finished_at(), EndsWith("+08:00"));
  EXPECT_EQ(out.students(0).tier(), baoxue::v1::RISK_TIER_HIGH);
}

}  // namespace
}  // namespace baoxue::convert
