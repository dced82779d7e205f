// The Cases gRPC service and CaseDesk over a fake case store: roles, area
// scope, field validation, name masking, status mapping and WatchCases.
#include "server/rpc/cases_service.h"

#include <memory>
#include <thread>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "server/core/case_desk.h"
#include "server/core/token_issuer.h"
#include "tests/server/fakes.h"
#include "tests/testing/in_process_grpc.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::rpc {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Case 1 lies in township A, case 2 in township B; changes are recorded.
class FakeCaseStore : public store::CaseStore {
 public:
  absl::StatusOr<store::CaseOpening> OpenCasesFromRun(int64_t,
                                                      absl::Time) override {
    return store::CaseOpening{};
  }
  absl::StatusOr<store::EscalationSweep> EscalateDue(absl::Time, int) override {
    return store::EscalationSweep{};
  }
  absl::StatusOr<std::string> CaseVillage(int64_t case_id) override {
    if (case_id == 1) return std::string(testing::kVillageA);
    if (case_id == 2) return std::string(testing::kVillageB);
    return absl::NotFoundError(absl::StrCat("no case ", case_id));
  }
  absl::StatusOr<store::CasePage> ListCases(
      const store::CaseFilter& filter) override {
    absl::MutexLock lock(&mu_);
    last_filter_ = filter;
    store::CasePage page;
    page.cases.push_back(Summary(1));
    page.next_after_case_id = 1;
    return page;
  }
  absl::StatusOr<store::CaseDetail> GetCase(int64_t case_id,
                                            absl::Time) override {
    store::CaseDetail detail;
    detail.summary = Summary(case_id);
    return detail;
  }
  absl::Status Acknowledge(int64_t case_id, const std::string& note,
                           const store::Actor& actor, absl::Time) override {
    return Record(case_id,
                  note.empty() ? "ack" : absl::StrCat("ack \"", note, "\""),
                  actor);
  }
  absl::Status RecordAction(int64_t case_id, store::CaseEventKind kind,
                            const std::string&, const store::CaseRecordFacts&,
                            const store::Actor& actor, absl::Time) override {
    return Record(case_id, std::string(domain::Code(kind)), actor);
  }
  absl::Status Resolve(int64_t case_id, store::CaseOutcome outcome,
                       const std::string&, const store::CaseRecordFacts&,
                       const store::Actor& actor, absl::Time) override {
    if (case_id == 1 && resolved_) {
      return absl::FailedPreconditionError("case 1 is already closed");
    }
    resolved_ = true;
    return Record(case_id, std::string(domain::Code(outcome)), actor);
  }
  absl::Status Reopen(int64_t case_id, const std::string&,
                      const store::Actor& actor, absl::Time) override {
    return Record(case_id, "reopen", actor);
  }
  absl::StatusOr<int64_t> AddAttachment(const store::CaseAttachment&,
                                        const store::Actor&,
                                        absl::Time) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<store::CaseAttachment> GetAttachment(int64_t,
                                                      int64_t) override {
    return absl::UnimplementedError("unused");
  }
  absl::StatusOr<std::vector<store::CaseEvent>> EventsAfter(
      int64_t after, const std::string& prefix, int limit) override {
    absl::MutexLock lock(&mu_);
    std::vector<store::CaseEvent> events;
    for (const store::CaseEvent& event : events_) {
      if (event.event_id > after &&
          absl::StartsWith(event.village_code, prefix) &&
          static_cast<int>(events.size()) < limit) {
        events.push_back(event);
      }
    }
    return events;
  }
  absl::StatusOr<int64_t> LatestEventId() override {
    absl::MutexLock lock(&mu_);
    // A watch takes its starting point here: later events are news to it.
    if (!watch_started_.HasBeenNotified()) watch_started_.Notify();
    return events_.empty() ? 0 : events_.back().event_id;
  }
  // Blocks until a watch has taken its starting point.
  void AwaitWatchStarted() { watch_started_.WaitForNotification(); }
  absl::StatusOr<store::Ledger> GetLedger(const std::string& prefix,
                                          std::optional<int64_t>, absl::Time,
                                          absl::CivilDay from,
                                          absl::CivilDay to) override {
    store::Ledger ledger;
    ledger.total.code = prefix;
    for (absl::CivilDay day = from; day <= to; ++day) {
      ledger.history.push_back(store::LedgerDay{day});
    }
    return ledger;
  }

  void AddEvent(int64_t id, const std::string& village) {
    absl::MutexLock lock(&mu_);
    store::CaseEvent event;
    event.event_id = id;
    event.case_id = id;
    event.kind = domain::CaseEventKind::kCall;
    event.village_code = village;
    events_.push_back(event);
  }
  std::vector<std::string> changes() {
    absl::MutexLock lock(&mu_);
    return changes_;
  }
  store::CaseFilter last_filter() {
    absl::MutexLock lock(&mu_);
    return last_filter_;
  }

 private:
  static store::CaseSummary Summary(int64_t case_id) {
    store::CaseSummary summary;
    summary.case_id = case_id;
    summary.student_name = "张三明";
    summary.status = domain::CaseStatus::kOpen;
    summary.village_code =
        case_id == 1 ? testing::kVillageA : testing::kVillageB;
    return summary;
  }
  absl::Status Record(int64_t case_id, const std::string& what,
                      const store::Actor& actor) {
    absl::MutexLock lock(&mu_);
    changes_.push_back(
        absl::StrCat(case_id, " ", what, " by ", actor.description));
    return absl::OkStatus();
  }

  absl::Mutex mu_;
  std::vector<std::string> changes_ ABSL_GUARDED_BY(mu_);
  std::vector<store::CaseEvent> events_ ABSL_GUARDED_BY(mu_);
  store::CaseFilter last_filter_ ABSL_GUARDED_BY(mu_);
  bool resolved_ = false;
  absl::Notification watch_started_;
};

class CasesServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = Issue(store::CallerRole::kAdmin, testing::kCountyCode);
    official_ = Issue(store::CallerRole::kOfficial, testing::kTownshipA);
    system_ = Issue(store::CallerRole::kSystem, testing::kCountyCode);
    data_staff_ = Issue(store::CallerRole::kDataStaff, testing::kCountyCode);
    testing::InProcessGrpc grpc = testing::StartInProcessGrpc({&service_});
    server_ = std::move(grpc.server);
    ASSERT_NE(server_, nullptr);
    stub_ = baoxue::v1::Cases::NewStub(grpc.channel);
  }
  void TearDown() override {
    service_.StopWatches();
    if (server_ != nullptr) server_->Shutdown();
  }

  std::string Issue(store::CallerRole role, const std::string& area) {
    auto issued = core::IssueToken(tokens_, role, area, "test");
    EXPECT_THAT(issued, IsOk());
    return issued.ok() ? issued->token : "";
  }
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }
  grpc::Status Get(const std::string& token, int64_t case_id,
                   baoxue::v1::Case* out) {
    baoxue::v1::GetCaseRequest request;
    request.set_case_id(case_id);
    return stub_->GetCase(Context(token).get(), request, out);
  }
  grpc::Status Act(const std::string& token, int64_t case_id,
                   const std::string& action, const std::string& note = "") {
    baoxue::v1::RecordActionRequest request;
    request.set_case_id(case_id);
    request.set_action(action);
    request.set_note(note);
    baoxue::v1::Case out;
    return stub_->RecordAction(Context(token).get(), request, &out);
  }

  FakeCaseStore cases_;
  testing::FakeDirectoryStore directory_;
  testing::FakeTokenStore tokens_;
  testing::FakeClock clock_{testing::TestNow()};
  core::Authenticator authenticator_{&tokens_, &clock_, absl::Seconds(30)};
  core::CaseDesk desk_{&cases_, &directory_, &clock_};
  CasesService service_{&authenticator_, &desk_, absl::Milliseconds(20)};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<baoxue::v1::Cases::Stub> stub_;
  std::string admin_, official_, system_, data_staff_;
};

TEST_F(CasesServiceTest, AnOfficialSeesAndWorksOnlyTheirOwnTownshipsCases) {
  baoxue::v1::Case c;
  ASSERT_TRUE(Get(official_, 1, &c).ok());
  EXPECT_EQ(c.student_name(), "张三明");  // the case file, for the home visit
  EXPECT_EQ(c.summary().masked_name(), "张*明");

  // Another township's case is answered like one that does not exist.
  grpc::Status other = Get(official_, 2, &c);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(other.error_message(), "no case 2 in the caller's area");
  EXPECT_EQ(Get(official_, 999, &c).error_message(),
            "no case 999 in the caller's area");
  EXPECT_EQ(Act(official_, 2, "call").error_code(),
            grpc::StatusCode::NOT_FOUND);

  baoxue::v1::ListCasesRequest request;
  request.set_area_code(testing::kTownshipB);
  baoxue::v1::ListCasesResponse response;
  EXPECT_EQ(stub_->ListCases(Context(official_).get(), request, &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(cases_.changes(), ::testing::IsEmpty());
}

TEST_F(CasesServiceTest, ListsDefaultToTheCallersAreaAndCarryMaskedNamesOnly) {
  baoxue::v1::ListCasesRequest request;
  request.set_status(baoxue::v1::ListCasesRequest::OPEN);
  request.set_overdue_only(true);
  baoxue::v1::ListCasesResponse response;
  ASSERT_TRUE(
      stub_->ListCases(Context(official_).get(), request, &response).ok());
  EXPECT_EQ(cases_.last_filter().area_prefix, "360799101");
  EXPECT_EQ(cases_.last_filter().open, std::optional<bool>(true));
  EXPECT_TRUE(cases_.last_filter().overdue_only);
  ASSERT_EQ(response.cases_size(), 1);
  EXPECT_EQ(response.cases(0).masked_name(), "张*明");
  EXPECT_EQ(response.next_page_token(), "1");
  EXPECT_EQ(response.DebugString().find("张三明"), std::string::npos);

  request.set_page_token(response.next_page_token());
  ASSERT_TRUE(
      stub_->ListCases(Context(official_).get(), request, &response).ok());
  EXPECT_EQ(cases_.last_filter().after_case_id, 1);
}

TEST_F(CasesServiceTest, ChangesAreAttributedToTheCaller) {
  baoxue::v1::AcknowledgeRequest ack;
  ack.set_case_id(1);
  baoxue::v1::Case c;
  ASSERT_TRUE(stub_->Acknowledge(Context(official_).get(), ack, &c).ok());
  EXPECT_EQ(c.summary().case_id(), 1);
  ASSERT_TRUE(Act(official_, 1, "home_visit", "家访").ok());
  baoxue::v1::ResolveRequest resolve;
  resolve.set_case_id(1);
  resolve.set_outcome("returned");
  // Closing as returned needs a note and the day back in class.
  EXPECT_THAT(
      stub_->Resolve(Context(admin_).get(), resolve, &c).error_message(),
      HasSubstr("note: required"));
  resolve.set_note("在校上课，班主任核实");
  EXPECT_THAT(
      stub_->Resolve(Context(admin_).get(), resolve, &c).error_message(),
      HasSubstr("returned_on: required"));
  resolve.set_returned_on("2026-11-02");
  ASSERT_TRUE(stub_->Resolve(Context(admin_).get(), resolve, &c).ok());
  grpc::Status again = stub_->Resolve(Context(admin_).get(), resolve, &c);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  const std::vector<std::string> changes = cases_.changes();
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_THAT(changes[0], ::testing::MatchesRegex("1 ack by token [0-9]+"));
  EXPECT_THAT(changes[1], HasSubstr("1 home_visit by token"));
  EXPECT_THAT(changes[2], HasSubstr("1 returned by token"));
}

TEST_F(CasesServiceTest, AcknowledgeWithNoteIsOneChange) {
  baoxue::v1::AcknowledgeRequest ack;
  ack.set_case_id(1);
  ack.set_note("已电话联系家长");
  baoxue::v1::Case c;
  ASSERT_TRUE(stub_->Acknowledge(Context(official_).get(), ack, &c).ok());
  EXPECT_THAT(cases_.changes(),
              ElementsAre(HasSubstr("1 ack \"已电话联系家长\" by token")));
}

TEST_F(CasesServiceTest, AcknowledgeRefusesAnOverlongNote) {
  baoxue::v1::AcknowledgeRequest ack;
  ack.set_case_id(1);
  ack.set_note(std::string(4001, 'x'));
  baoxue::v1::Case c;
  EXPECT_EQ(stub_->Acknowledge(Context(official_).get(), ack, &c).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(cases_.changes(), ::testing::IsEmpty());
}

TEST_F(CasesServiceTest, SystemsMayReadButNotActAndDataStaffMayDoNeither) {
  baoxue::v1::Case c;
  EXPECT_TRUE(Get(system_, 2, &c).ok());
  EXPECT_EQ(Act(system_, 2, "call").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(data_staff_, 1, &c).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get("bx_not_a_token", 1, &c).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CasesServiceTest, BadFieldsAreRefusedByName) {
  auto message = [](const grpc::Status& status) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    return status.error_message();
  };
  EXPECT_THAT(message(Act(official_, 1, "visit")), HasSubstr("action"));
  // An empty phone-call record says nothing: refused, naming the field.
  EXPECT_THAT(message(Act(official_, 1, "call")), HasSubstr("note: required"));
  EXPECT_THAT(message(Act(official_, 1, "call", "   ")),
              HasSubstr("note: required"));
  EXPECT_THAT(message(Act(official_, 1, "call", std::string(5000, 'x'))),
              HasSubstr("note"));
  baoxue::v1::Case c;
  EXPECT_THAT(message(Get(official_, 0, &c)), HasSubstr("case_id"));
  baoxue::v1::ResolveRequest resolve;
  resolve.set_case_id(1);
  resolve.set_outcome("fixed");
  EXPECT_THAT(message(stub_->Resolve(Context(official_).get(), resolve, &c)),
              HasSubstr("outcome"));
  baoxue::v1::ListCasesRequest list;
  baoxue::v1::ListCasesResponse listed;
  list.set_page_token("abc");
  EXPECT_THAT(
      message(stub_->ListCases(Context(official_).get(), list, &listed)),
      HasSubstr("page_token"));
  list.clear_page_token();
  list.set_level(9);
  EXPECT_THAT(
      message(stub_->ListCases(Context(official_).get(), list, &listed)),
      HasSubstr("level"));
  baoxue::v1::GetLedgerRequest ledger;
  baoxue::v1::Ledger out;
  ledger.set_from_date("2026-13-01");
  EXPECT_THAT(message(stub_->GetLedger(Context(official_).get(), ledger, &out)),
              HasSubstr("from_date"));
  ledger.set_from_date("2024-01-01");
  EXPECT_THAT(message(stub_->GetLedger(Context(official_).get(), ledger, &out)),
              HasSubstr("366"));
  EXPECT_EQ(Get(official_, 77, &c).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CasesServiceTest, TheLedgerDefaultsToThirtyDaysOfTheCallersArea) {
  baoxue::v1::GetLedgerRequest request;
  baoxue::v1::Ledger ledger;
  ASSERT_TRUE(
      stub_->GetLedger(Context(official_).get(), request, &ledger).ok());
  EXPECT_EQ(ledger.total().code(), "360799101");
  ASSERT_EQ(ledger.history_size(), 30);
  EXPECT_EQ(ledger.history(29).date(), "2026-11-22");
}

TEST_F(CasesServiceTest, WatchStreamsNewEventsOfTheCallersAreaOnly) {
  cases_.AddEvent(1, testing::kVillageA);  // before the watch: not sent
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + official_);
  std::unique_ptr<grpc::ClientReader<baoxue::v1::CaseEvent>> reader =
      stub_->WatchCases(&context, baoxue::v1::WatchCasesRequest());
  std::thread producer([this] {
    cases_.AwaitWatchStarted();
    cases_.AddEvent(2, testing::kVillageB);  // another township
    cases_.AddEvent(3, testing::kVillageA);
    cases_.AddEvent(4, testing::kVillageA);
  });
  std::vector<int64_t> seen;
  baoxue::v1::CaseEvent event;
  while (seen.size() < 2 && reader->Read(&event)) {
    seen.push_back(event.event_id());
  }
  producer.join();
  service_.StopWatches();  // as at shutdown: the stream ends cleanly
  while (reader->Read(&event)) seen.push_back(event.event_id());
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_THAT(seen, ElementsAre(3, 4));
}

}  // namespace
}  // namespace baoxue::rpc
