#ifndef BAOXUE_MODEL_METRICS_H_
#define BAOXUE_MODEL_METRICS_H_

// Evaluation metrics for probability scores. Pure functions, thread-safe.
// Shapes and label values are checked by assertion only; callers validate.

#include "Eigen/Core"
#include "baoxue/v1/model.pb.h"

namespace baoxue::model {

// Area under the ROC curve: the probability that a random positive scores
// above a random negative, counting ties as 1/2 (Mann-Whitney U with average
// ranks). O(n log n). `labels` are 0 or 1, same length as `scores`.
// Returns NaN if there are no positives or no negatives.
double RocAuc(const Eigen::Ref<const Eigen::VectorXd>& scores,
              const Eigen::Ref<const Eigen::VectorXd>& labels);

// Mean negative log-likelihood of 0/1 `labels` under `probabilities`,
// computed stably in the log-odds domain (a probability of exactly 0 or 1 on
// the wrong label gives a large finite loss, not inf). NaN if empty.
double LogLoss(const Eigen::Ref<const Eigen::VectorXd>& probabilities,
               const Eigen::Ref<const Eigen::VectorXd>& labels);

// Tier cut-offs chosen so that about `high_share` of `scores` are HIGH and
// about `medium_share` (cumulative, HIGH included) are MEDIUM or above:
// high = the ceil(high_share * n)-th largest score, medium likewise, so that
// "score >= threshold" selects at least that share (more with ties).
// A share of 0 gives threshold 1 (nobody, bar scores of exactly 1).
// Requires 0 <= high_share <= medium_share <= 1. Empty scores give {1, 1}.
// The result always satisfies 0 <= medium <= high <= 1.
baoxue::v1::TierThresholds ThresholdsByShare(const Eigen::VectorXd& scores,
                                             double high_share,
                                             double medium_share);

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_METRICS_H_
