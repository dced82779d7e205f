#ifndef BAOXUE_SERVER_CONVERT_SCORE_CONVERT_H_
#define BAOXUE_SERVER_CONVERT_SCORE_CONVERT_H_

#include "absl/strings/string_view.h"
#include "baoxue/v1/scoring.pb.h"
#include "domain/vocabulary.h"
#include "server/core/risk_score.h"

namespace baoxue::convert {

// Scores and their reasons -> their wire forms (days as YYYY-MM-DD).
baoxue::v1::RiskTier ToProto(model::RiskModel::Tier tier);
baoxue::v1::RiskTier TierToProto(domain::RiskTier tier);
void ToProto(const core::Reason& reason, baoxue::v1::Reason* out);
void ToProto(const core::RiskScore& score, baoxue::v1::RiskScore* out);
// Copies packed scores into their wire form (reason features unchanged).
void ToProto(const core::PackedRiskScores& scores,
             baoxue::v1::PackedScores* out);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_SCORE_CONVERT_H_
