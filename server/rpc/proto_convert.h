#ifndef BAOXUE_SERVER_RPC_PROTO_CONVERT_H_
#define BAOXUE_SERVER_RPC_PROTO_CONVERT_H_

#include "baoxue/v1/scoring.pb.h"
#include "server/core/risk_score.h"

namespace baoxue::rpc {

// Copies core values into their wire forms.
baoxue::v1::RiskTier ToProto(model::RiskModel::Tier tier);
void ToProto(const core::Reason& reason, baoxue::v1::Reason* out);
void ToProto(const core::RiskScore& score, baoxue::v1::RiskScore* out);
// Copies packed scores into their wire form (reason features unchanged).
void ToProto(const core::PackedRiskScores& scores,
             baoxue::v1::PackedScores* out);

}  // namespace baoxue::rpc

#endif  // BAOXUE_SERVER_RPC_PROTO_CONVERT_H_
