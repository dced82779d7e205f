#ifndef BAOXUE_MODEL_VALIDATION_H_
#define BAOXUE_MODEL_VALIDATION_H_

// Validation schemes: seeded stratified k-fold, and temporal validation
// (train on earlier as-of dates, validate on the latest one), plus a helper
// that trains and evaluates on each split. Pure functions, thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "model/evaluation.h"
#include "model/trainer.h"

namespace baoxue::model {

// Row indices (into the caller's matrix) of one train/validation split, each
// sorted ascending, disjoint.
struct Split {
  std::string name;  // "fold 1/5", "as-of 2026-03-01"
  std::vector<int64_t> train;
  std::vector<int64_t> validation;
};

// k stratified folds over 0/1 `labels`: positives and negatives are each
// shuffled with std::mt19937_64(seed) and dealt round-robin to the folds, so
// every fold holds floor/ceil of 1/k of each class. Split i validates on fold
// i and trains on the rest. Same inputs and seed -> same splits on every
// platform (the shuffle is a Fisher-Yates written here, not std::shuffle).
// InvalidArgument: k < 2, a label not 0 or 1, or fewer than k rows of
// either class (a fold would have none).
absl::StatusOr<std::vector<Split>> StratifiedKFold(
    const Eigen::Ref<const Eigen::VectorXd>& labels, int k, uint64_t seed);

// Temporal validation: rows carry the as-of date their features were computed
// at (the same student may appear at several dates). Validates on every row
// at the latest date V and trains on rows with as_of <= V - min_gap_days.
// Pass the label horizon as min_gap_days so that no training label
// ("dropped out within horizon days of as_of") looks past V, which would leak
// the future into training. Rows in between are in neither set.
// InvalidArgument: no rows, a single distinct date, min_gap_days < 0, or no
// training rows left after the gap.
absl::StatusOr<Split> TemporalSplit(const std::vector<absl::CivilDay>& as_of,
                                    int min_gap_days);

// Rolling-origin variant: one split per distinct date D after the first
// `min_train_dates` dates, validating on rows at D and training on rows at or
// before D - min_gap_days. InvalidArgument as TemporalSplit, or when no date
// qualifies.
absl::StatusOr<std::vector<Split>> RollingTemporalSplits(
    const std::vector<absl::CivilDay>& as_of, int min_gap_days,
    int min_train_dates = 1);

// The outcome of training on one split's training rows and evaluating on its
// validation rows (with the tier thresholds learnt on the training rows).
struct SplitResult {
  std::string name;
  int64_t train_rows = 0;
  int64_t train_positives = 0;
  TrainResult training;
  Evaluation validation;
};

// Summary of one metric over splits: mean and sample standard deviation (0
// for a single split), ignoring NaN values.
struct MetricSummary {
  double mean = 0;
  double stddev = 0;
};

struct CrossValidation {
  std::vector<SplitResult> splits;
  MetricSummary roc_auc;
  MetricSummary pr_auc;
  MetricSummary log_loss;
  MetricSummary brier;
};

// Trains TrainLogistic(feature_names, raw[train], labels[train], train) on
// each split and evaluates the model on raw[validation].
// InvalidArgument: an index outside [0, rows), shape mismatches, empty
// splits; any TrainLogistic or Evaluate error is returned prefixed with the
// split's name (e.g. "fold 2/5: training data has no positive labels (1)").
absl::StatusOr<CrossValidation> CrossValidate(
    const std::vector<std::string>& feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const std::vector<Split>& splits, const TrainOptions& train,
    const EvaluationOptions& evaluation = EvaluationOptions());

// Splits of rows grouped by student, so that one student's rows (from
// stacked snapshots) are never on both sides: fold of a row =
// hash(student_id, seed) mod k. Deterministic. InvalidArgument unless
// 2 <= k <= 10 and every fold has rows on both sides.
absl::StatusOr<std::vector<Split>> GroupedKFold(
    const std::vector<int64_t>& student_ids, int k, uint64_t seed);

// One split holding out about `share` (0.05..0.5) of the students (all
// their rows): hash(student_id, seed) decides. InvalidArgument for a share
// outside the range or a side left empty.
absl::StatusOr<Split> GroupedHoldOut(const std::vector<int64_t>& student_ids,
                                     double share, uint64_t seed);

// Out-of-fold scores: row i scored by the model trained (TrainLogistic with
// `train`) on the splits' training rows of the split whose validation rows
// hold i. Every row must be in exactly one split's validation rows.
// Errors as CrossValidate.
absl::StatusOr<Eigen::VectorXd> OutOfFoldScores(
    const std::vector<std::string>& feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const std::vector<Split>& splits, const TrainOptions& train);

// The rows `indices` of `matrix`, in that order (asserts bounds).
Eigen::MatrixXd SelectRows(const Eigen::Ref<const Eigen::MatrixXd>& matrix,
                           const std::vector<int64_t>& indices);
// The entries `indices` of `vector`, in that order (asserts bounds).
Eigen::VectorXd SelectEntries(const Eigen::Ref<const Eigen::VectorXd>& vector,
                              const std::vector<int64_t>& indices);

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_VALIDATION_H_
