#include "client/baoxue_client.h"

#include "client/grpc_call.h"
#include "grpcpp/client_context.h"

namespace baoxue::client {

BaoxueClient::BaoxueClient(std::shared_ptr<grpc::Channel> channel,
                           std::string token, absl::Duration timeout)
    : channel_(std::move(channel)),
      token_(std::move(token)),
      timeout_(timeout),
      scoring_(baoxue::v1::RiskScoring::NewStub(channel_)),
      admin_(baoxue::v1::Admin::NewStub(channel_)),
      cases_(baoxue::v1::Cases::NewStub(channel_)),
      risk_lists_(baoxue::v1::RiskLists::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> BaoxueClient::NewContext() const {
  return CallContext(token_, absl::Now() + timeout_);
}

absl::StatusOr<baoxue::v1::ScoreStudentsResponse> BaoxueClient::ScoreStudents(
    const baoxue::v1::ScoreStudentsRequest& request) const {
  return Call(scoring_.get(), &baoxue::v1::RiskScoring::Stub::ScoreStudents,
              NewContext(), request);
}

absl::StatusOr<baoxue::v1::ScoreFeaturesResponse> BaoxueClient::ScoreFeatures(
    const baoxue::v1::ScoreFeaturesRequest& request) const {
  return Call(scoring_.get(), &baoxue::v1::RiskScoring::Stub::ScoreFeatures,
              NewContext(), request);
}

absl::StatusOr<baoxue::v1::ListTopRisksResponse> BaoxueClient::ListTopRisks(
    const baoxue::v1::ListTopRisksRequest& request) const {
  return Call(scoring_.get(), &baoxue::v1::RiskScoring::Stub::ListTopRisks,
              NewContext(), request);
}

absl::StatusOr<baoxue::v1::CreateTokenResponse> BaoxueClient::CreateToken(
    const baoxue::v1::CreateTokenRequest& request) const {
  return Call(admin_.get(), &baoxue::v1::Admin::Stub::CreateToken, NewContext(),
              request);
}

absl::StatusOr<baoxue::v1::ListTokensResponse> BaoxueClient::ListTokens(
    const baoxue::v1::ListTokensRequest& request) const {
  return Call(admin_.get(), &baoxue::v1::Admin::Stub::ListTokens, NewContext(),
              request);
}

absl::StatusOr<baoxue::v1::RevokeTokenResponse> BaoxueClient::RevokeToken(
    const baoxue::v1::RevokeTokenRequest& request) const {
  return Call(admin_.get(), &baoxue::v1::Admin::Stub::RevokeToken, NewContext(),
              request);
}

absl::StatusOr<baoxue::v1::RiskList> BaoxueClient::GetRiskList(
    const baoxue::v1::GetRiskListRequest& request) const {
  return Call(risk_lists_.get(), &baoxue::v1::RiskLists::Stub::GetRiskList,
              NewContext(), request);
}

absl::StatusOr<grpc::health::v1::HealthCheckResponse> BaoxueClient::Health()
    const {
  return Call(health_.get(), &grpc::health::v1::Health::Stub::Check,
              NewContext(), grpc::health::v1::HealthCheckRequest());
}

}  // namespace baoxue::client
