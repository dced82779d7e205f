// Every baoxue.v1 gRPC call lands in the audit trail, services unchanged:
// the caller, the method, the students asked for and returned, the peer and
// the result (server/rpc/audit_interceptor.cc), over fakes.
#include "server/rpc/audit_interceptor.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "baoxue/v1/scoring.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "server/core/token_issuer.h"
#include "server/rpc/scoring_service.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::rpc {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Fake AuditStore: keeps the appended events, chained with the given hasher.
class FakeAuditStore : public store::AuditStore {
 public:
  absl::Status Append(const std::vector<store::AuditEvent>& events,
                      const store::AuditHasher& hasher) override {
    absl::MutexLock lock(&mu_);
    for (const store::AuditEvent& event : events) {
      store::AuditRow row;
      row.audit_id = static_cast<int64_t>(rows_.size()) + 1;
      row.event = event;
      row.prev_hash =
          rows_.empty() ? std::string(32, '\0') : rows_.back().row_hash;
      row.row_hash = hasher(row.audit_id, row.prev_hash, event);
      rows_.push_back(row);
    }
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<store::AuditRow>> ReadChain(int64_t after_id,
                                                         int limit) override {
    absl::MutexLock lock(&mu_);
    std::vector<store::AuditRow> out;
    for (const store::AuditRow& row : rows_) {
      if (row.audit_id > after_id && static_cast<int>(out.size()) < limit) {
        out.push_back(row);
      }
    }
    return out;
  }
  absl::StatusOr<store::AuditLink> Anchor() override {
    return store::AuditLink{0, std::string(32, '\0')};
  }
  absl::StatusOr<store::AuditLink> Head() override {
    absl::MutexLock lock(&mu_);
    if (rows_.empty()) return store::AuditLink{0, std::string(32, '\0')};
    return store::AuditLink{rows_.back().audit_id, rows_.back().row_hash};
  }
  absl::StatusOr<std::vector<store::AuditRow>> Query(
      const store::AuditQuery&) override {
    return ReadChain(0, 1000);
  }
  absl::StatusOr<int64_t> Prune(int64_t) override { return 0; }

  std::vector<store::AuditRow> rows() {
    absl::MutexLock lock(&mu_);  // callers Flush() the trail first
    return rows_;
  }

 private:
  absl::Mutex mu_;
  std::vector<store::AuditRow> rows_ ABSL_GUARDED_BY(mu_);
};

class AuditInterceptorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    features_.Add(1, testing::kVillageA, testing::FeatureRow());
    features_.Add(2, testing::kVillageA, testing::FeatureRow());
    ASSERT_THAT(core::InstallModel("v1", testing::SimpleModelParams(), holder_),
                IsOk());
    auto issued = core::IssueToken(tokens_, store::CallerRole::kOfficial,
                                   testing::kTownshipA, "test");
    ASSERT_THAT(issued, IsOk());
    token_ = issued->token;
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&scoring_service_);
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    interceptors.push_back(
        std::make_unique<AuditInterceptorFactory>(&trail_, &authenticator_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = baoxue::v1::RiskScoring::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }
  grpc::Status Score(const std::string& token, std::vector<int64_t> ids) {
    grpc::ClientContext context;
    if (!token.empty()) {
      context.AddMetadata("authorization", "Bearer " + token);
    }
    baoxue::v1::ScoreStudentsRequest request;
    for (int64_t id : ids) request.add_student_ids(id);
    baoxue::v1::ScoreStudentsResponse response;
    return stub_->ScoreStudents(&context, request, &response);
  }

  testing::FakeFeatureStore features_;
  testing::FakeDirectoryStore directory_;
  testing::FakeTokenStore tokens_;
  testing::FakeClock clock_{testing::TestNow()};
  core::ModelHolder holder_;
  core::Authenticator authenticator_{&tokens_, &clock_, absl::Seconds(30)};
  core::Scorer scorer_{&features_, &directory_, &holder_, &clock_,
                       core::ScorerLimits{}};
  ScoringService scoring_service_{&authenticator_, &scorer_};
  FakeAuditStore audit_store_;
  core::AuditTrail trail_{&audit_store_, &clock_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<baoxue::v1::RiskScoring::Stub> stub_;
  std::string token_;
};

TEST_F(AuditInterceptorTest, AReadIsRecordedWithCallerStudentsPeerAndResult) {
  ASSERT_TRUE(Score(token_, {1, 2}).ok());
  trail_.Flush();
  const std::vector<store::AuditRow> rows = audit_store_.rows();
  ASSERT_EQ(rows.size(), 1u);
  const store::AuditEvent& e = rows[0].event;
  EXPECT_EQ(e.action, "/baoxue.v1.RiskScoring/ScoreStudents");
  EXPECT_THAT(e.caller, StartsWith("token "));
  EXPECT_EQ(e.role, "official");
  EXPECT_EQ(e.caller_area, testing::kTownshipA);
  // Asked for and returned: each student once.
  EXPECT_THAT(e.student_ids, ElementsAre(1, 2));
  EXPECT_EQ(e.count, 2);
  EXPECT_THAT(e.peer, HasSubstr("127.0.0.1"));
  EXPECT_EQ(e.result, "OK");
}

TEST_F(AuditInterceptorTest, ARefusedCallIsRecordedToo) {
  EXPECT_EQ(Score("", {1}).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  trail_.Flush();
  const std::vector<store::AuditRow> rows = audit_store_.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].event.caller, "unauthenticated");
  EXPECT_EQ(rows[0].event.result, "UNAUTHENTICATED");
  EXPECT_EQ(rows[0].event.count, 0);
}

TEST_F(AuditInterceptorTest, RecordedCallsChain) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Score(token_, {1}).ok());
  core::Caller admin{1, store::CallerRole::kAuditAdmin, testing::County()};
  absl::StatusOr<core::AuditVerification> verified = trail_.Verify(admin);
  ASSERT_THAT(verified.status(), IsOk());
  EXPECT_TRUE(verified->intact) << verified->problem;
  EXPECT_EQ(verified->rows_checked, 3);
}

}  // namespace
}  // namespace baoxue::rpc
