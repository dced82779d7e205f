#ifndef BAOXUE_SERVER_RPC_SCORING_SERVICE_H_
#define BAOXUE_SERVER_RPC_SCORING_SERVICE_H_

#include "baoxue/v1/scoring.grpc.pb.h"
#include "server/core/authenticator.h"
#include "server/core/scorer.h"

namespace baoxue::rpc {

// gRPC front of core::Scorer: authenticate, then the calls of
// server/convert/scoring_calls.h (shared with the HTTP/JSON gateway).
// Thread-safe; does not own its collaborators.
class ScoringService final : public baoxue::v1::RiskScoring::Service {
 public:
  ScoringService(core::Authenticator* authenticator, const core::Scorer* scorer)
      : authenticator_(authenticator), scorer_(scorer) {}

  grpc::Status ScoreStudents(
      grpc::ServerContext* context,
      const baoxue::v1::ScoreStudentsRequest* request,
      baoxue::v1::ScoreStudentsResponse* response) override;
  grpc::Status ScoreFeatures(
      grpc::ServerContext* context,
      const baoxue::v1::ScoreFeaturesRequest* request,
      baoxue::v1::ScoreFeaturesResponse* response) override;
  grpc::Status StreamScoreFeatures(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<baoxue::v1::ScoreFeaturesResponse,
                               baoxue::v1::ScoreFeaturesRequest>* stream)
      override;
  grpc::Status ListFeatures(
      grpc::ServerContext* context,
      const baoxue::v1::ListFeaturesRequest* request,
      baoxue::v1::ListFeaturesResponse* response) override;
  grpc::Status ListTopRisks(
      grpc::ServerContext* context,
      const baoxue::v1::ListTopRisksRequest* request,
      baoxue::v1::ListTopRisksResponse* response) override;

 private:
  core::Authenticator* authenticator_;
  const core::Scorer* scorer_;
};

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_SCORING_SERVICE_H_
