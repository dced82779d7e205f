// RiskLists over a fake store, in process: request parsing (fields named in
// errors), the official's area, masking and the wire form of a list.
#include "server/rpc/risk_lists_service.h"

#include <map>
#include <memory>

#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "server/core/token_issuer.h"
#include "tests/server/fakes.h"
#include "tests/testing/in_process_grpc.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::rpc {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::HasSubstr;

// One succeeded county run with a student in each township.
class FakeRiskListStore : public store::RiskListStore {
 public:
  absl::StatusOr<std::optional<store::StoredRun>> LatestRun(
      const std::string&, std::optional<int64_t>) override {
    return store::StoredRun{7, absl::CivilDay(2026, 11, 20), "v1",
                            absl::FromUnixSeconds(1'700'000'000)};
  }
  absl::StatusOr<double> MeanProbability(int64_t run_id) override {
    ++mean_reads;
    return run_id == 7 ? 0.2 : 0.0;
  }
  int mean_reads = 0;  // a run's mean is read once, then kept
  absl::StatusOr<std::string> SchoolAreaCode(int64_t school_id) override {
    if (school_id == 11) return std::string(testing::kVillageA);
    if (school_id == 22) return std::string(testing::kVillageB);
    return absl::NotFoundError("no such school");
  }
  absl::StatusOr<std::vector<store::RiskListRow>> RunScores(
      const store::StoredRun&, const store::RiskListFilter& filter,
      absl::Time) override {
    std::vector<store::RiskListRow> rows;
    std::vector<store::RiskListRow> all = {RowA(), RowB()};
    all.insert(all.end(), extra_rows.begin(), extra_rows.end());
    for (const store::RiskListRow& row : all) {
      if (row.village_code.rfind(filter.area_prefix, 0) == 0) {
        rows.push_back(row);
      }
    }
    return rows;
  }

  std::vector<store::RiskListRow> extra_rows;  // besides A and B

  static store::RiskListRow RowA() {
    store::RiskListRow row;
    row.student_id = 1;
    row.name = "张三明";
    row.grade = 8;
    row.school_id = 11;
    row.school = "青山中学";
    row.school_code = "3607990011";
    row.township = "青山镇";
    row.village_code = testing::kVillageA;
    row.village = "青山村";
    row.probability = 0.82;
    row.tier = domain::RiskTier::kHigh;
    row.reasons = {{"absence_rate_30d", 0.3, 1.2}};
    row.previous_probability = 0.5;
    row.case_id = 5;
    row.case_status = domain::CaseStatus::kOpen;
    row.case_level = 3;
    row.case_overdue = true;
    return row;
  }
  static store::RiskListRow RowB() {
    store::RiskListRow row = RowA();
    row.student_id = 2;
    row.name = "李四";
    row.school_id = 22;
    row.village_code = testing::kVillageB;
    row.previous_probability.reset();
    row.case_id.reset();
    return row;
  }
};

class RiskListsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto issued = core::IssueToken(tokens_, store::CallerRole::kOfficial,
                                   testing::kTownshipA, "test");
    ASSERT_THAT(issued, IsOk());
    official_token_ = issued->token;
    testing::InProcessGrpc grpc = testing::StartInProcessGrpc({&service_});
    server_ = std::move(grpc.server);
    ASSERT_NE(server_, nullptr);
    stub_ = baoxue::v1::RiskLists::NewStub(grpc.channel);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  grpc::Status Get(const baoxue::v1::GetRiskListRequest& request,
                   baoxue::v1::RiskList* list) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + official_token_);
    return stub_->GetRiskList(&context, request, list);
  }

  testing::FakeTokenStore tokens_;
  testing::FakeDirectoryStore directory_;
  FakeRiskListStore lists_;
  testing::FakeClock clock_{testing::TestNow()};
  core::Authenticator authenticator_{&tokens_, &clock_, absl::Seconds(30)};
  core::RiskListDesk desk_{&lists_, &directory_, &clock_};
  RiskListsService service_{&authenticator_, &desk_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<baoxue::v1::RiskLists::Stub> stub_;
  std::string official_token_;
};

TEST_F(RiskListsServiceTest, ListsTheOfficialsTownshipMaskedWithTrendAndCase) {
  baoxue::v1::RiskList list;
  ASSERT_TRUE(Get({}, &list).ok());
  EXPECT_EQ(list.area_code(), testing::kTownshipA);
  EXPECT_EQ(list.run_id(), 7);
  EXPECT_EQ(list.as_of_date(), "2026-11-20");
  ASSERT_EQ(list.students_size(), 1);
  const baoxue::v1::ListedStudent& s = list.students(0);
  EXPECT_EQ(s.masked_name(), "张*明");
  EXPECT_EQ(s.tier(), baoxue::v1::RISK_TIER_HIGH);
  EXPECT_TRUE(s.has_previous());
  EXPECT_NEAR(s.change(), 0.32, 1e-12);
  EXPECT_EQ(s.trend(), "up");
  // 0.82 against the run's mean of 0.2: 4.1× the average.
  EXPECT_NEAR(s.times_average(), 4.1, 1e-12);
  EXPECT_NEAR(list.run_mean_probability(), 0.2, 1e-12);
  // A second list of the same run does not average its scores again.
  baoxue::v1::RiskList again;
  ASSERT_TRUE(Get({}, &again).ok());
  EXPECT_NEAR(again.students(0).times_average(), 4.1, 1e-12);
  EXPECT_EQ(lists_.mean_reads, 1);
  EXPECT_EQ(s.school_code(), "3607990011");
  EXPECT_EQ(s.township(), "青山镇");
  EXPECT_FALSE(s.out_of_school());
  EXPECT_EQ(s.case_id(), 5);
  EXPECT_EQ(s.case_level(), 3);
  EXPECT_TRUE(s.case_overdue());
  ASSERT_EQ(s.reasons_size(), 1);
  EXPECT_FALSE(s.reasons(0).text_zh().empty());
  EXPECT_GT(s.reasons(0).measures_size(), 0);
  ASSERT_EQ(list.schools_size(), 1);
  EXPECT_EQ(list.schools(0).school_id(), 11);
}

// Core decides who is already out of school: absent every school day of the
// window, or on the roll but not in school by the check (名在人不在).
TEST_F(RiskListsServiceTest, ChildrenAlreadyOutOfSchoolAreMarked) {
  store::RiskListRow absent_always = FakeRiskListStore::RowA();
  absent_always.student_id = 3;
  absent_always.reasons = {{"absence_rate_30d", 1.0, 3.0}};
  store::RiskListRow not_in_school = FakeRiskListStore::RowA();
  not_in_school.student_id = 4;
  not_in_school.on_roll_not_in_school = true;
  store::RiskListRow often_absent = FakeRiskListStore::RowA();
  often_absent.student_id = 5;
  often_absent.reasons = {{"absence_rate_30d", 0.9, 2.5}};
  lists_.extra_rows = {absent_always, not_in_school, often_absent};
  baoxue::v1::RiskList list;
  ASSERT_TRUE(Get({}, &list).ok());
  std::map<int64_t, bool> out;
  for (const baoxue::v1::ListedStudent& s : list.students()) {
    out[s.student_id()] = s.out_of_school();
  }
  EXPECT_EQ(out, (std::map<int64_t, bool>{
                     {1, false}, {3, true}, {4, true}, {5, false}}));
}

TEST_F(RiskListsServiceTest, AnotherTownshipOrItsSchoolIsRefusedWithoutData) {
  baoxue::v1::GetRiskListRequest request;
  request.set_area_code(testing::kTownshipB);
  baoxue::v1::RiskList list;
  grpc::Status status = Get(request, &list);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(list.students_size(), 0);
  // Another township's school is answered like a school that does not exist.
  request.Clear();
  request.set_school_id(22);
  status = Get(request, &list);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no school 22 in the caller's area");
}

TEST_F(RiskListsServiceTest, BadFieldsAreNamed) {
  const auto expect_invalid = [&](const baoxue::v1::GetRiskListRequest& r,
                                  const std::string& field) {
    baoxue::v1::RiskList list;
    const grpc::Status status = Get(r, &list);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr(field + ":"));
  };
  baoxue::v1::GetRiskListRequest request;
  request.add_tiers(baoxue::v1::RISK_TIER_UNSPECIFIED);
  expect_invalid(request, "tiers");
  request.Clear();
  request.set_sort("age");
  expect_invalid(request, "sort");
  request.Clear();
  request.set_limit(5000);
  expect_invalid(request, "limit");
  request.Clear();
  request.set_school_id(-3);
  expect_invalid(request, "school_id");
  request.Clear();
  request.set_village_code("12");
  expect_invalid(request, "village");
}

TEST(ToRiskListQueryTest, MapsTiersOrderAndDefaultLimit) {
  baoxue::v1::GetRiskListRequest request;
  request.add_tiers(baoxue::v1::RISK_TIER_LOW);
  request.set_order(baoxue::v1::SORT_ORDER_ASCENDING);
  request.set_sort("trend");
  absl::StatusOr<core::RiskListQuery> query = ToRiskListQuery(request);
  ASSERT_THAT(query, IsOk());
  EXPECT_EQ(query->tiers, std::vector<std::string>{"low"});
  EXPECT_EQ(query->ascending, std::optional<bool>(true));
  EXPECT_EQ(query->sort, "trend");
  EXPECT_EQ(query->limit, 500);
  EXPECT_FALSE(query->school_id.has_value());
}

}  // namespace
}  // namespace baoxue::rpc
