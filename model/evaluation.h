#ifndef BAOXUE_MODEL_EVALUATION_H_
#define BAOXUE_MODEL_EVALUATION_H_

// Evaluation of risk scores on a validation set, and of the simple baselines
// they are shown beside. Every metric is defined exactly in
// docs/evaluation.md; the short form is repeated on each field below.
// Pure functions over their arguments, thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "baoxue/v1/model.pb.h"

namespace baoxue::model {

// One point of a ROC curve (x = false-positive rate, y = true-positive rate)
// or a precision-recall curve (x = recall, y = precision), reached by
// flagging every row with score >= threshold.
struct CurvePoint {
  double x;
  double y;
  double threshold;
};

// One equal-count bin of the calibration table: rows sorted by score and cut
// into `bins` consecutive groups of floor/ceil(n / bins) rows (ties may
// straddle two bins; the order within ties is by row index).
struct CalibrationBin {
  double min_score;       // lowest score in the bin
  double max_score;       // highest score in the bin
  int64_t rows;           // rows in the bin
  int64_t positives;      // rows labelled 1
  double mean_predicted;  // mean score of the bin
  double observed_rate;   // positives / rows
};

// What flagging every row with score >= threshold achieves.
struct OperatingPoint {
  std::string label;       // e.g. "top 5%", "HIGH", "MEDIUM+"
  double threshold;        // flag when score >= threshold
  int64_t flagged;         // rows flagged
  int64_t true_positives;  // flagged rows labelled 1
  double share;            // flagged / rows
  double precision;        // true_positives / flagged; NaN if none flagged
  double recall;           // true_positives / positives; NaN if no positives
};

struct EvaluationOptions {
  // Top-k% operating points, as shares in (0, 1]: "top 5%" flags the rows
  // scoring >= the ceil(0.05 n)-th largest score (ties included, so the
  // achieved share may be larger; it is reported).
  std::vector<double> top_shares = {0.05, 0.10, 0.15, 0.20};
  // Equal-count calibration bins (deciles by default); >= 1.
  int calibration_bins = 10;
  // ROC and PR curves are thinned to at most this many points (always keeping
  // the first and last) for plotting; 0 leaves the curves empty (e.g. for
  // per-group fairness rows). Metrics are computed on all points regardless.
  int max_curve_points = 200;
};

// Every metric of one score vector on one labelled set.
struct Evaluation {
  int64_t rows = 0;
  int64_t positives = 0;
  double prevalence = 0;  // positives / rows
  // False for a ranking rule (e.g. absence rate) whose scores are not
  // probabilities: log_loss and brier are then NaN and the calibration table
  // is empty, because those metrics would be meaningless.
  bool probabilistic = true;
  double roc_auc = 0;   // Mann-Whitney, ties 1/2 (RocAuc); NaN w/o both labels
  double pr_auc = 0;    // average precision, sum_k (R_k - R_{k-1}) P_k over
                        // distinct thresholds (= sklearn's
                        // average_precision_score); NaN without positives
  double log_loss = 0;  // mean -log likelihood (LogLoss)
  double brier = 0;     // mean (p_i - y_i)^2
  std::vector<CalibrationBin> calibration;
  std::vector<OperatingPoint> at_top_share;  // one per options.top_shares
  // HIGH (score >= high) then MEDIUM+ (score >= medium), for the thresholds
  // passed in; for a ranking rule, at the shares the model flagged.
  std::vector<OperatingPoint> at_tiers;
  std::vector<CurvePoint> roc;  // from (0, 0) to (1, 1), thinned
  std::vector<CurvePoint> pr;   // from recall 0 to recall 1, thinned
};

// Evaluates probabilities `scores` against 0/1 `labels` with the tier
// `thresholds` (e.g. a model's ModelParams::thresholds()).
// InvalidArgument: no rows, scores/labels length mismatch, a label not 0 or
// 1, a score that is non-finite or outside [0, 1], bad options, or
// thresholds outside 0 <= medium <= high <= 1. A set without positives (or
// negatives) is not an error: the affected metrics are NaN.
absl::StatusOr<Evaluation> Evaluate(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const baoxue::v1::TierThresholds& thresholds,
    const EvaluationOptions& options = EvaluationOptions());

// Evaluates a ranking rule (higher = more at risk; any finite values) that
// does not produce probabilities: probabilistic = false, log loss, Brier and
// calibration omitted. The tier operating points flag the same shares as
// `tier_shares` = {HIGH share, MEDIUM+ share} (typically the model's achieved
// shares, so the rule is compared at the same caseload).
// InvalidArgument as Evaluate (any finite score allowed), plus shares not
// 0 <= high <= medium <= 1.
absl::StatusOr<Evaluation> EvaluateRanking(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels, double high_share,
    double medium_share,
    const EvaluationOptions& options = EvaluationOptions());

// A simple rule shown beside the model so staff see what the model adds.
struct BaselineEvaluation {
  std::string name;            // "absence_rate_30d", "prevalence"
  std::string description_zh;  // one line for the report
  std::string description_en;
  Evaluation evaluation;
};

// The standard baselines on validation data `raw` (columns `feature_names`,
// NaN = missing) with 0/1 `labels`, compared with `model` (the model's
// Evaluation on the same rows, whose tier shares they reuse):
//  - "absence_rate_30d": rank students by absence rate over the last 30
//    school days (missing ranks lowest); a ranking rule. Omitted when the
//    feature is not among `feature_names`.
//  - "prevalence": everybody gets the training prevalence
//    `training_prevalence` (in (0, 1)) as probability; AUC 0.5, and the
//    log loss / Brier score any model must beat.
// InvalidArgument for shape mismatches, bad labels or a prevalence outside
// (0, 1).
absl::StatusOr<std::vector<BaselineEvaluation>> EvaluateBaselines(
    const std::vector<std::string>& feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels, double training_prevalence,
    const Evaluation& model,
    const EvaluationOptions& options = EvaluationOptions());

// Lower-level pieces, exposed for tests and for the threshold chooser.
// All require equal lengths and 0/1 labels (checked by assertion only).

// Average precision (see Evaluation::pr_auc). NaN without positives.
double AveragePrecision(const Eigen::Ref<const Eigen::VectorXd>& scores,
                        const Eigen::Ref<const Eigen::VectorXd>& labels);

// Mean squared difference between `probabilities` and `labels`; NaN if empty.
double BrierScore(const Eigen::Ref<const Eigen::VectorXd>& probabilities,
                  const Eigen::Ref<const Eigen::VectorXd>& labels);

// Flags rows with score >= threshold; `label` is copied into the result.
OperatingPoint AtThreshold(const Eigen::Ref<const Eigen::VectorXd>& scores,
                           const Eigen::Ref<const Eigen::VectorXd>& labels,
                           double threshold, std::string label);

// The score that flags at least `share` of rows: the ceil(share * n)-th
// largest score; +infinity (flags nobody) for share 0. n > 0, share in
// [0, 1].
double ThresholdForShare(const Eigen::Ref<const Eigen::VectorXd>& scores,
                         double share);

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_EVALUATION_H_
