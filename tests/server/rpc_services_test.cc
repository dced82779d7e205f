// The gRPC layer over fake stores: authentication, request parsing and
// status mapping, without a database.
#include <memory>

#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "gtest/gtest.h"
#include "server/core/token_issuer.h"
#include "server/rpc/admin_service.h"
#include "server/rpc/scoring_service.h"
#include "tests/server/fakes.h"
#include "tests/testing/in_process_grpc.h"
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

    testing::InProcessGrpc grpc =
        testing::StartInProcessGrpc({&scoring_service_, &admin_service_});
    server_ = std::move(grpc.server);
    ASSERT_NE(server_, nullptr);
    scoring_ = baoxue::v1::RiskScoring::NewStub(grpc.channel);
    admin_ = baoxue::v1::Admin::NewStub(grpc.channel);
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
  ScoringService scoring_service_{&authenticator_, &scorer_};
  core::TokenIssuer issuer_{&tokens_, &clock_, core::TokenPolicy()};
  AdminService admin_service_{&authenticator_, &issuer_};
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
  // Outside the caller's area and unknown: the same answer.
  EXPECT_EQ(response.scores(1).error().code(),
            baoxue::v1::StudentError::NOT_FOUND);
  EXPECT_EQ(response.scores(2).error().code(),
            baoxue::v1::StudentError::NOT_FOUND);
  EXPECT_EQ(response.scores(1).error().message(),
            response.scores(2).error().message());
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

// A catalogue model's features are discoverable with their words, range
// and order, without their SQL (issue 13).
TEST_F(RpcServicesTest, ListFeaturesNamesWhatACatalogueFeatureMeasures) {
  baoxue::v1::ListFeaturesResponse response;
  const grpc::Status status =
      scoring_->ListFeatures(Context(admin_token_).get(), {}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.model_version(), "v1");
  ASSERT_GT(response.features_size(), 0);
  for (const baoxue::v1::FeatureDefinition& feature : response.features()) {
    EXPECT_FALSE(feature.zh().empty()) << feature.name();
    EXPECT_FALSE(feature.en().empty()) << feature.name();
    EXPECT_TRUE(feature.expression().empty()) << feature.name();
  }
  for (const baoxue::v1::FeatureDefinition& feature : response.features()) {
    if (feature.name() != "absence_rate_30d") continue;
    EXPECT_EQ(feature.zh(), "近30个上学日缺勤率：{value}");
    EXPECT_EQ(feature.en(), "absence rate, last 30 school days: {value}");
    EXPECT_EQ(feature.min(), 0);
    EXPECT_EQ(feature.max(), 1);
  }
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

// Two rows (all minimums; every feature at its maximum) as maps and, with the
// catalogue's columns reversed, as packed_rows.
struct FeatureRequests {
  baoxue::v1::ScoreFeaturesRequest rows;
  baoxue::v1::ScoreFeaturesRequest packed;
};
FeatureRequests TwoRowsBothWays() {
  FeatureRequests requests;
  baoxue::v1::PackedFeatureRows* packed = requests.packed.mutable_packed_rows();
  const auto catalog = model::FeatureCatalog();
  for (auto it = catalog.rbegin(); it != catalog.rend(); ++it) {
    packed->add_feature_names(std::string(it->name));
  }
  for (int r = 0; r < 2; ++r) {
    baoxue::v1::FeatureRow* row = requests.rows.add_rows();
    for (auto it = catalog.rbegin(); it != catalog.rend(); ++it) {
      const double value = r == 0 ? it->min : it->max;
      (*row->mutable_values())[std::string(it->name)] = value;
      packed->add_values(value);
    }
  }
  return requests;
}

TEST_F(RpcServicesTest, PackedRowsScoreAsTheRowForm) {
  const FeatureRequests requests = TwoRowsBothWays();
  baoxue::v1::ScoreFeaturesResponse by_rows;
  baoxue::v1::ScoreFeaturesResponse packed;
  ASSERT_TRUE(
      scoring_
          ->ScoreFeatures(Context(admin_token_).get(), requests.rows, &by_rows)
          .ok());
  grpc::Status status = scoring_->ScoreFeatures(Context(admin_token_).get(),
                                                requests.packed, &packed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(packed.scores_size(), 0);
  const baoxue::v1::PackedScores& scores = packed.packed_scores();
  EXPECT_EQ(scores.model_version(), "v1");
  EXPECT_EQ(scores.as_of_date(), by_rows.scores(0).score().as_of_date());
  ASSERT_EQ(scores.probabilities_size(), 2);
  ASSERT_EQ(scores.tiers_size(), 2);
  ASSERT_EQ(scores.reason_offsets_size(), 3);
  int reasons_seen = 0;
  for (int r = 0; r < 2; ++r) {
    const baoxue::v1::RiskScore& expected = by_rows.scores(r).score();
    EXPECT_EQ(scores.probabilities(r), expected.probability());
    EXPECT_EQ(scores.tiers(r), expected.tier());
    const int first = scores.reason_offsets(r);
    ASSERT_EQ(scores.reason_offsets(r + 1) - first, expected.reasons_size());
    for (int k = 0; k < expected.reasons_size(); ++k) {
      EXPECT_EQ(requests.packed.packed_rows().feature_names(
                    scores.reason_features(first + k)),
                expected.reasons(k).feature());
      EXPECT_EQ(scores.reason_contributions(first + k),
                expected.reasons(k).contribution());
      ++reasons_seen;
    }
  }
  EXPECT_GT(reasons_seen, 0);  // the maximum row has risk-raising features
}

TEST_F(RpcServicesTest, PackedRowsErrorsNameTheField) {
  const auto status_of = [&](const baoxue::v1::ScoreFeaturesRequest& request) {
    baoxue::v1::ScoreFeaturesResponse response;
    return scoring_->ScoreFeatures(Context(admin_token_).get(), request,
                                   &response);
  };
  const auto expect_invalid = [&](const baoxue::v1::ScoreFeaturesRequest& r,
                                  const std::string& text) {
    const grpc::Status status = status_of(r);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << text;
    EXPECT_THAT(status.error_message(), HasSubstr(text));
  };
  const baoxue::v1::ScoreFeaturesRequest good = TwoRowsBothWays().packed;

  baoxue::v1::ScoreFeaturesRequest unknown = good;
  unknown.mutable_packed_rows()->set_feature_names(0, "shoe_size");
  expect_invalid(unknown, "packed_rows.feature_names[0]: unknown feature");

  baoxue::v1::ScoreFeaturesRequest twice = good;
  twice.mutable_packed_rows()->set_feature_names(
      1, good.packed_rows().feature_names(0));
  expect_invalid(twice, "appears twice");

  baoxue::v1::ScoreFeaturesRequest missing = good;
  missing.mutable_packed_rows()->mutable_feature_names()->RemoveLast();
  expect_invalid(missing, "packed_rows.feature_names: feature " +
                              std::string(model::FeatureCatalog()[0].name) +
                              " is missing");

  baoxue::v1::ScoreFeaturesRequest ragged = good;
  ragged.mutable_packed_rows()->mutable_values()->RemoveLast();
  expect_invalid(ragged, "packed_rows.values has 35 values");

  // Row 1's first column (the last catalogue feature, a flag) set to 0.5.
  baoxue::v1::ScoreFeaturesRequest bad_value = good;
  bad_value.mutable_packed_rows()->set_values(
      static_cast<int>(model::FeatureCatalog().size()), 0.5);
  bad_value.mutable_packed_rows()->add_row_ids("a");
  bad_value.mutable_packed_rows()->add_row_ids("b");
  expect_invalid(bad_value,
                 "packed_rows row 1 (row_id b): feature " +
                     std::string(model::FeatureCatalog().back().name));

  baoxue::v1::ScoreFeaturesRequest ids = good;
  ids.mutable_packed_rows()->add_row_ids("only-one");
  expect_invalid(ids, "packed_rows.row_ids has 1 ids for 2 rows");

  baoxue::v1::ScoreFeaturesRequest both = good;
  *both.add_rows() = CompleteFeatureRequest().rows(0);
  expect_invalid(both, "rows and packed_rows are both set");

  baoxue::v1::ScoreFeaturesRequest empty = good;
  empty.mutable_packed_rows()->clear_values();
  expect_invalid(empty, "packed_rows is empty");
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
