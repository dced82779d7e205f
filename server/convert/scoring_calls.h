#ifndef BAOXUE_SERVER_CONVERT_SCORING_CALLS_H_
#define BAOXUE_SERVER_CONVERT_SCORING_CALLS_H_

#include "absl/status/status.h"
#include "baoxue/v1/scoring.pb.h"
#include "server/core/caller.h"
#include "server/core/scorer.h"

namespace baoxue::convert {

// The RiskScoring service's unary calls on their wire messages: read the
// request, call core::Scorer, fill the response. The gRPC service
// (server/rpc) and the HTTP/JSON gateway (server/web) both answer through
// these, so the two transports validate, score and report alike. The caller
// is already authenticated. Thread-safe (the scorer is); errors are the
// scorer's plus INVALID_ARGUMENT naming the request field.

absl::Status ScoreStudents(const core::Scorer& scorer,
                           const core::Caller& caller,
                           const baoxue::v1::ScoreStudentsRequest& request,
                           baoxue::v1::ScoreStudentsResponse* response);

// PERMISSION_DENIED for a role that may not score rows
// (core::Scorer::CheckMayScoreRows).
absl::Status ScoreFeatures(const core::Scorer& scorer,
                           const core::Caller& caller,
                           const baoxue::v1::ScoreFeaturesRequest& request,
                           baoxue::v1::ScoreFeaturesResponse* response);

// The active model's inputs (names, order, ranges, wording; no SQL), for
// ScoreFeatures callers. The same roles as ScoreFeatures (PERMISSION_DENIED
// otherwise); UNAVAILABLE while no model is loaded.
absl::Status ListFeatures(const core::Scorer& scorer,
                          const core::Caller& caller,
                          const baoxue::v1::ListFeaturesRequest& request,
                          baoxue::v1::ListFeaturesResponse* response);

absl::Status ListTopRisks(const core::Scorer& scorer,
                          const core::Caller& caller,
                          const baoxue::v1::ListTopRisksRequest& request,
                          baoxue::v1::ListTopRisksResponse* response);

}  // namespace baoxue::convert

#endif  // BAOXUE_SERVER_CONVERT_SCORING_CALLS_H_
