// The gRPC layer over fake stores: authentication, request parsing and
// status mapping, without a database.
#include <memory>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "server/core/token_issuer.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/scoring_service.h"
#include "tests/server/fakes.h"
#include "tests/testing/status_matchers.h"

namespace baoxue::rpc {
namespace {

using ::baoxue::testing::IsOk;
using ::testing::HasSubstr;

class RpcServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    features_.Add(1, testing::kVillageA,
                  testing::FeatureRow({{"absence_rate_30d", 2}}));
    features_.Add(3, testing::kVillageB, testing::FeatureRow());
    ASSERT_THAT(core::InstallModel("v1", testing::SimpleModelParams(), holder_),
                IsOk());
    admin_token_ = Issue(store::CallerRole::kAdmin, testing::kCountyCode);
    official_token_ = Issue(store::CallerRole::kOfficial, testing::kTownshipA);

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&scoring_service_);
    builder.RegisterService(&admin_service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                       grpc::InsecureChannelCredentials());
    scoring_ = baoxue::v1::RiskScoring::NewStub(channel);
    admin_ = baoxue::v1::Admin::NewStub(channel);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::string Issue(store::CallerRole role, const std::string& area) {
    auto issued = core::IssueToken(tokens_, role, area, "test");
    EXPECT_THAT(issued, IsOk());
    return issued.ok() ? issued->token : "";
  }
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token.empty())
      context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }
  baoxue::v1::ScoreFeaturesRequest CompleteFeatureRequest() {
    baoxue::v1::ScoreFeaturesRequest request;
    baoxue::v1::FeatureRow* row = request.add_rows();
    row->set_row_id("ext-1");
    for (const model::FeatureInfo& info : model::FeatureCatalog()) {
      (*row->mutable_values())[std::string(info.name)] = info.min;
    }
    return request;
  }

  testing::FakeFeatureStore features_;
  testing::FakeDirectoryStore directory_;
  testing::FakeTokenStore tokens_;
  testing::FakeClock clock_{testing::TestNow()};
  core::ModelHolder holder_;
  core::Authenticator authenticator_{&tokens_, &clock_, absl::Seconds(30)};
  core::Scorer scorer_{&features_, &directory_, &holder_, &clock_,
                       core::ScorerLimits{}};
  testing::FakeModelStore models_;
  core::ModelTrainer trainer_{&features_, &models_, &holder_};
  ScoringService scoring_service_{&authenticator_, &scorer_};
  AdminService admin_service_{&authenticator_, &tokens_, &trainer_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<baoxue::v1::RiskScoring::Stub> scoring_;
  std::unique_ptr<baoxue::v1::Admin::Stub> admin_;
  std::string admin_token_;
  std::string official_token_;
};

TEST_F(RpcServicesTest, CallWithoutTokenIsUnauthenticated) {
  baoxue::v1::ScoreStudentsRequest request;
  request.add_student_ids(1);
  baoxue::v1::ScoreStudentsResponse response;
  grpc::Status status =
      scoring_->ScoreStudents(Context("").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  status =
      scoring_->ScoreStudents(Context("bx_wrong").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RpcServicesTest, ScoreStudentsReportsPerIdErrors) {
  baoxue::v1::ScoreStudentsRequest request;
  for (int64_t id : {1, 3, 42}) request.add_student_ids(id);
  baoxue::v1::ScoreStudentsResponse response;
  grpc::Status status = scoring_->ScoreStudents(Context(official_token_).get(),
                                                request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.scores_size(), 3);
  EXPECT_TRUE(response.scores(0).has_score());
  EXPECT_EQ(response.scores(0).score().model_version(), "v1");
  EXPECT_EQ(response.scores(0).score().reasons(0).feature(),
            "absence_rate_30d");
  EXPECT_EQ(response.scores(1).error().code(),
            baoxue::v1::StudentError::PERMISSION_DENIED);
  EXPECT_EQ(response.scores(2).error().code(),
            baoxue::v1::StudentError::NOT_FOUND);
}

TEST_F(RpcServicesTest, MalformedDateIsInvalidArgumentNamingTheField) {
  baoxue::v1::ScoreStudentsRequest request;
  request.add_student_ids(1);
  request.set_as_of_date("2026-13-01");
  baoxue::v1::ScoreStudentsResponse response;
  grpc::Status status =
      scoring_->ScoreStudents(Context(admin_token_).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("as_of_date"));
}

TEST_F(RpcServicesTest, ScoreFeaturesNamesAMissingFeature) {
  baoxue::v1::ScoreFeaturesRequest request = CompleteFeatureRequest();
  request.mutable_rows(0)->mutable_values()->erase("distance_km");
  baoxue::v1::ScoreFeaturesResponse response;
  grpc::Status status =
      scoring_->ScoreFeatures(Context(admin_token_).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("feature distance_km is missing"));
}

TEST_F(RpcServicesTest, ScoreFeaturesScoresACompleteRow) {
  baoxue::v1::ScoreFeaturesRequest request = CompleteFeatureRequest();
  baoxue::v1::ScoreFeaturesResponse response;
  grpc::Status status =
      scoring_->ScoreFeatures(Context(admin_token_).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.scores_size(), 1);
  EXPECT_EQ(response.scores(0).row_id(), "ext-1");
  EXPECT_GT(response.scores(0).score().probability(), 0);
}

TEST_F(RpcServicesTest, StreamScoreFeaturesAnswersEachMessageInOrder) {
  auto context = Context(admin_token_);
  auto stream = scoring_->StreamScoreFeatures(context.get());
  for (int i = 0; i < 3; ++i) {
    baoxue::v1::ScoreFeaturesRequest request = CompleteFeatureRequest();
    request.mutable_rows(0)->set_row_id(absl::StrCat("m", i));
    ASSERT_TRUE(stream->Write(request));
    baoxue::v1::ScoreFeaturesResponse response;
    ASSERT_TRUE(stream->Read(&response));
    EXPECT_EQ(response.scores(0).row_id(), absl::StrCat("m", i));
  }
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(RpcServicesTest, StreamStopsWithInvalidArgumentOnABadRow) {
  auto context = Context(admin_token_);
  auto stream = scoring_->StreamScoreFeatures(context.get());
  baoxue::v1::ScoreFeaturesRequest request = CompleteFeatureRequest();
  (*request.mutable_rows(0)->mutable_values())["boarding"] = 0.5;
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  baoxue::v1::ScoreFeaturesResponse response;
  EXPECT_FALSE(stream->Read(&response));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("boarding"));
}

TEST_F(RpcServicesTest, AdminCreatesATokenThatWorks) {
  baoxue::v1::CreateTokenRequest request;
  request.set_role(baoxue::v1::CALLER_ROLE_SYSTEM);
  request.set_area_code(testing::kTownshipB);
  request.set_description("civil affairs");
  baoxue::v1::CreateTokenResponse response;
  grpc::Status status =
      admin_->CreateToken(Context(admin_token_).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  baoxue::v1::ListTopRisksRequest list;
  baoxue::v1::ListTopRisksResponse risks;
  status =
      scoring_->ListTopRisks(Context(response.token()).get(), list, &risks);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(risks.area_code(), testing::kTownshipB);
  EXPECT_EQ(risks.students_size(), 1);
}

TEST_F(RpcServicesTest, OfficialCannotCreateTokensOrSeeAnotherTownship) {
  baoxue::v1::CreateTokenRequest request;
  request.set_role(baoxue::v1::CALLER_ROLE_ADMIN);
  request.set_area_code(testing::kTownshipA);
  request.set_description("x");
  baoxue::v1::CreateTokenResponse response;
  EXPECT_EQ(
      admin_->CreateToken(Context(official_token_).get(), request, &response)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  baoxue::v1::ListTopRisksRequest list;
  list.set_area_code(testing::kTownshipB);
  baoxue::v1::ListTopRisksResponse risks;
  EXPECT_EQ(scoring_->ListTopRisks(Context(official_token_).get(), list, &risks)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace baoxue::rpc
