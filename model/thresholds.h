#ifndef BAOXUE_MODEL_THRESHOLDS_H_
#define BAOXUE_MODEL_THRESHOLDS_H_

// Choosing the HIGH / MEDIUM tier thresholds on validation scores, either by
// a target precision ("of the students we flag HIGH, at least 40% would
// otherwise drop out") or by capacity ("the six heads of each township can
// work this many HIGH and MEDIUM cases at once"). The result is the
// TierThresholds to store in the model version's ModelParams, plus what they
// achieve on the validation rows, for the training report.
// Pure functions, thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "baoxue/v1/model.pb.h"
#include "model/evaluation.h"

namespace baoxue::model {

// The flagged load of one township at the chosen thresholds.
struct TownshipLoad {
  std::string township;
  int64_t students = 0;         // validation rows in the township
  int64_t high_capacity = 0;    // HIGH cases the township can take
  int64_t medium_capacity = 0;  // MEDIUM-or-above cases it can take
  int64_t high_flagged = 0;     // rows with score >= high
  int64_t medium_flagged = 0;   // rows with score >= medium (HIGH included)
};

struct ThresholdChoice {
  baoxue::v1::TierThresholds thresholds;
  // "precision": HIGH >= 0.40, MEDIUM+ >= 0.20" or
  // "capacity: 12 townships, 60 HIGH / 180 MEDIUM+ cases" - for the report.
  std::string method;
  OperatingPoint high;    // achieved on validation: score >= high
  OperatingPoint medium;  // achieved on validation: score >= medium
  // Capacity method only: per township, in the order given; a township whose
  // flagged count exceeds its capacity is over-loaded by the global cut-off.
  std::vector<TownshipLoad> townships;
};

// The lowest threshold t (among the scores) such that the rows with
// score >= t have precision >= the target, separately for HIGH
// (high_precision) and MEDIUM+ (medium_precision); "lowest" = the largest
// caseload meeting the target. If that MEDIUM threshold lies above the HIGH
// one, MEDIUM is set to HIGH (no medium band).
// InvalidArgument: the conditions of Evaluate(), a target outside (0, 1], or
// medium_precision > high_precision.
// FailedPrecondition: no positives, or no threshold reaches a target - the
// message names the tier and the best precision achievable, e.g.
// "no HIGH threshold reaches precision 0.9 (best 0.62 flagging 13 rows)".
absl::StatusOr<ThresholdChoice> ThresholdsByPrecision(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels, double high_precision,
    double medium_precision);

// One township's capacity: how many cases its six heads can carry at once.
struct TownshipCapacity {
  std::string township;
  int64_t high_cases = 0;    // HIGH cases; >= 0
  int64_t medium_cases = 0;  // MEDIUM-or-above cases in total; >= high_cases
};

// Converts per-township caseloads into one county-wide share, and the share
// into thresholds on `scores` (the students who will be scored, e.g. the
// latest as-of date's validation rows):
//   high share   = sum(high_cases) / n,   medium share = sum(medium_cases) / n
// (capped at 1), thresholds = the scores at those shares (ThresholdForShare,
// so ties may flag a few more). `townships[i]` is row i's township; the
// achieved load per township is reported in ThresholdChoice::townships
// (townships in `townships` but missing from `capacities` get capacity 0).
// InvalidArgument: the conditions of Evaluate(), township count differing
// from the row count, a negative capacity, medium_cases < high_cases, a
// township listed twice in `capacities`.
// FailedPrecondition: total HIGH capacity 0 (nobody could be flagged).
absl::StatusOr<ThresholdChoice> ThresholdsByCapacity(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const std::vector<std::string>& townships,
    const std::vector<TownshipCapacity>& capacities);

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_THRESHOLDS_H_
