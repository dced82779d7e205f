#ifndef BAOXUE_CLIENT_BAOXUE_CLIENT_H_
#define BAOXUE_CLIENT_BAOXUE_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "baoxue/v1/admin.grpc.pb.h"
#include "baoxue/v1/cases.grpc.pb.h"
#include "baoxue/v1/risk_lists.grpc.pb.h"
#include "baoxue/v1/scoring.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// A small client library for baoxue-server: one channel, the caller's bearer
// token on every call, gRPC errors turned into absl::Status with the same
// code and message. Thread-safe.
class BaoxueClient {
 public:
  // `channel` comes from MakeChannel (client/channel.h); `token` may be empty
  // for Health().
  BaoxueClient(std::shared_ptr<grpc::Channel> channel, std::string token,
               absl::Duration timeout = absl::Seconds(120));

  absl::StatusOr<baoxue::v1::ScoreStudentsResponse> ScoreStudents(
      const baoxue::v1::ScoreStudentsRequest& request) const;
  absl::StatusOr<baoxue::v1::ScoreFeaturesResponse> ScoreFeatures(
      const baoxue::v1::ScoreFeaturesRequest& request) const;
  absl::StatusOr<baoxue::v1::ListTopRisksResponse> ListTopRisks(
      const baoxue::v1::ListTopRisksRequest& request) const;
  absl::StatusOr<baoxue::v1::CreateTokenResponse> CreateToken(
      const baoxue::v1::CreateTokenRequest& request) const;
  absl::StatusOr<baoxue::v1::ListTokensResponse> ListTokens(
      const baoxue::v1::ListTokensRequest& request) const;
  absl::StatusOr<baoxue::v1::RevokeTokenResponse> RevokeToken(
      const baoxue::v1::RevokeTokenRequest& request) const;
  // The case chain (client/baoxue_client_cases.cc).
  absl::StatusOr<baoxue::v1::ListCasesResponse> ListCases(
      const baoxue::v1::ListCasesRequest& request) const;
  absl::StatusOr<baoxue::v1::Case> GetCase(
      const baoxue::v1::GetCaseRequest& request) const;
  absl::StatusOr<baoxue::v1::Case> Acknowledge(
      const baoxue::v1::AcknowledgeRequest& request) const;
  absl::StatusOr<baoxue::v1::Case> Assign(
      const baoxue::v1::AssignRequest& request) const;
  absl::StatusOr<baoxue::v1::ListAssigneesResponse> ListAssignees(
      const baoxue::v1::ListAssigneesRequest& request) const;
  absl::StatusOr<baoxue::v1::Case> RecordAction(
      const baoxue::v1::RecordActionRequest& request) const;
  absl::StatusOr<baoxue::v1::Case> Resolve(
      const baoxue::v1::ResolveRequest& request) const;
  absl::StatusOr<baoxue::v1::Case> Reopen(
      const baoxue::v1::ReopenRequest& request) const;
  absl::StatusOr<baoxue::v1::Ledger> GetLedger(
      const baoxue::v1::GetLedgerRequest& request) const;
  // An official's risk list from the latest stored run.
  absl::StatusOr<baoxue::v1::RiskList> GetRiskList(
      const baoxue::v1::GetRiskListRequest& request) const;
  // Streams case events to `on_event` until the server ends the stream or
  // `on_event` returns false. No deadline: a watch runs until stopped.
  absl::Status WatchCases(
      const baoxue::v1::WatchCasesRequest& request,
      const std::function<bool(const baoxue::v1::CaseEvent&)>& on_event) const;

  // SERVING, NOT_SERVING, ... of the whole server.
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> Health() const;

 private:
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
  absl::Duration timeout_;
  std::unique_ptr<baoxue::v1::RiskScoring::Stub> scoring_;
  std::unique_ptr<baoxue::v1::Admin::Stub> admin_;
  std::unique_ptr<baoxue::v1::Cases::Stub> cases_;
  std::unique_ptr<baoxue::v1::RiskLists::Stub> risk_lists_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_BAOXUE_CLIENT_H_
