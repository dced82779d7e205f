#include "model/validation.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <random>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "model/logistic_model.h"

namespace baoxue::model {
namespace {

// Fisher-Yates with a portable draw: std::mt19937_64's output is specified
// by the standard, std::uniform_int_distribution's is not.
void Shuffle(std::vector<int64_t>* values, std::mt19937_64* rng) {
  for (size_t i = values->size(); i > 1; --i) {
    const size_t j = static_cast<size_t>((*rng)() % i);
    std::swap((*values)[i - 1], (*values)[j]);
  }
}

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::Status PrefixError(const std::string& prefix, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(prefix, ": ", s.message()));
}

MetricSummary Summarise(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values) {
    if (!std::isnan(v)) finite.push_back(v);
  }
  MetricSummary summary;
  if (finite.empty()) {
    summary.mean = std::nan("");
    summary.stddev = std::nan("");
    return summary;
  }
  double sum = 0;
  for (double v : finite) sum += v;
  summary.mean = sum / static_cast<double>(finite.size());
  if (finite.size() > 1) {
    double squares = 0;
    for (double v : finite) squares += (v - summary.mean) * (v - summary.mean);
    summary.stddev =
        std::sqrt(squares / static_cast<double>(finite.size() - 1));
  }
  return summary;
}

// Rows at `validate_on`, and rows at or before validate_on - gap.
Split MakeTemporalSplit(const std::vector<absl::CivilDay>& as_of,
                        absl::CivilDay validate_on, int min_gap_days) {
  Split split;
  split.name = absl::StrCat("as-of ", DayText(validate_on));
  const absl::CivilDay last_train = validate_on - min_gap_days;
  for (size_t i = 0; i < as_of.size(); ++i) {
    if (as_of[i] == validate_on) {
      split.validation.push_back(static_cast<int64_t>(i));
    } else if (as_of[i] <= last_train && as_of[i] < validate_on) {
      split.train.push_back(static_cast<int64_t>(i));
    }
  }
  return split;
}

absl::Status ValidateTemporal(const std::vector<absl::CivilDay>& as_of,
                              int min_gap_days) {
  if (as_of.empty()) {
    return absl::InvalidArgumentError("temporal split: no rows");
  }
  if (min_gap_days < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "temporal split: min_gap_days must be >= 0; got ", min_gap_days));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Split>> StratifiedKFold(
    const Eigen::Ref<const Eigen::VectorXd>& labels, int k, uint64_t seed) {
  if (k < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("k-fold needs k >= 2; got ", k));
  }
  std::vector<int64_t> positives;
  std::vector<int64_t> negatives;
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    if (labels[i] == 1.0) {
      positives.push_back(i);
    } else if (labels[i] == 0.0) {
      negatives.push_back(i);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "label of row ", i, " is ", labels[i], "; labels must be 0 or 1"));
    }
  }
  if (positives.size() < static_cast<size_t>(k) ||
      negatives.size() < static_cast<size_t>(k)) {
    return absl::InvalidArgumentError(absl::StrCat(
        k, "-fold needs at least ", k, " rows of each label; got ",
        positives.size(), " positive and ", negatives.size(), " negative"));
  }
  std::mt19937_64 rng(seed);
  Shuffle(&positives, &rng);
  Shuffle(&negatives, &rng);
  std::vector<int> fold_of(static_cast<size_t>(labels.size()));
  for (size_t i = 0; i < positives.size(); ++i) {
    fold_of[static_cast<size_t>(positives[i])] = static_cast<int>(i % k);
  }
  // Continue the round-robin where the positives stopped so the fold sizes
  // differ by at most one overall as well.
  for (size_t i = 0; i < negatives.size(); ++i) {
    fold_of[static_cast<size_t>(negatives[i])] =
        static_cast<int>((i + positives.size()) % k);
  }
  std::vector<Split> splits(static_cast<size_t>(k));
  for (int f = 0; f < k; ++f) {
    splits[static_cast<size_t>(f)].name = absl::StrCat("fold ", f + 1, "/", k);
  }
  for (size_t i = 0; i < fold_of.size(); ++i) {
    for (int f = 0; f < k; ++f) {
      auto& target = f == fold_of[i] ? splits[static_cast<size_t>(f)].validation
                                     : splits[static_cast<size_t>(f)].train;
      target.push_back(static_cast<int64_t>(i));
    }
  }
  return splits;
}

absl::StatusOr<Split> TemporalSplit(const std::vector<absl::CivilDay>& as_of,
                                    int min_gap_days) {
  BAOXUE_RETURN_IF_ERROR(ValidateTemporal(as_of, min_gap_days));
  const absl::CivilDay latest = *std::max_element(as_of.begin(), as_of.end());
  const absl::CivilDay earliest = *std::min_element(as_of.begin(), as_of.end());
  if (latest == earliest) {
    return absl::InvalidArgumentError(
        absl::StrCat("temporal split: every row has as-of date ",
                     DayText(latest), "; need at least two dates"));
  }
  Split split = MakeTemporalSplit(as_of, latest, min_gap_days);
  if (split.train.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("temporal split: no training rows at or before ",
                     DayText(latest - min_gap_days), " (latest as-of ",
                     DayText(latest), " minus a gap of ", min_gap_days,
                     " days); earliest as-of is ", DayText(earliest)));
  }
  return split;
}

absl::StatusOr<std::vector<Split>> RollingTemporalSplits(
    const std::vector<absl::CivilDay>& as_of, int min_gap_days,
    int min_train_dates) {
  BAOXUE_RETURN_IF_ERROR(ValidateTemporal(as_of, min_gap_days));
  if (min_train_dates < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "temporal split: min_train_dates must be >= 1; got ", min_train_dates));
  }
  const std::set<absl::CivilDay> dates(as_of.begin(), as_of.end());
  std::vector<Split> splits;
  int index = 0;
  for (absl::CivilDay date : dates) {
    if (index++ < min_train_dates) continue;
    Split split = MakeTemporalSplit(as_of, date, min_gap_days);
    if (!split.train.empty()) splits.push_back(std::move(split));
  }
  if (splits.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("temporal split: no as-of date has ", min_train_dates,
                     " earlier date(s) at least ", min_gap_days,
                     " days before it (", dates.size(), " distinct dates)"));
  }
  return splits;
}

Eigen::MatrixXd SelectRows(const Eigen::Ref<const Eigen::MatrixXd>& matrix,
                           const std::vector<int64_t>& indices) {
  Eigen::MatrixXd selected(static_cast<Eigen::Index>(indices.size()),
                           matrix.cols());
  for (size_t k = 0; k < indices.size(); ++k) {
    assert(indices[k] >= 0 && indices[k] < matrix.rows());
    selected.row(static_cast<Eigen::Index>(k)) = matrix.row(indices[k]);
  }
  return selected;
}

Eigen::VectorXd SelectEntries(const Eigen::Ref<const Eigen::VectorXd>& vector,
                              const std::vector<int64_t>& indices) {
  Eigen::VectorXd selected(static_cast<Eigen::Index>(indices.size()));
  for (size_t k = 0; k < indices.size(); ++k) {
    assert(indices[k] >= 0 && indices[k] < vector.size());
    selected[static_cast<Eigen::Index>(k)] = vector[indices[k]];
  }
  return selected;
}

absl::StatusOr<CrossValidation> CrossValidate(
    const std::vector<std::string>& feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const std::vector<Split>& splits, const TrainOptions& train,
    const EvaluationOptions& evaluation) {
  if (raw.rows() != labels.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "data has ", raw.rows(), " rows but ", labels.size(), " labels"));
  }
  if (splits.empty()) {
    return absl::InvalidArgumentError("cross-validation needs a split");
  }
  CrossValidation cv;
  std::vector<double> auc, pr_auc, log_loss, brier;
  for (const Split& split : splits) {
    if (split.train.empty() || split.validation.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(split.name, ": empty training or validation rows"));
    }
    for (const auto* rows : {&split.train, &split.validation}) {
      for (int64_t i : *rows) {
        if (i < 0 || i >= raw.rows()) {
          return absl::InvalidArgumentError(absl::StrCat(
              split.name, ": row index ", i, " outside [0, ", raw.rows(), ")"));
        }
      }
    }
    SplitResult result;
    result.name = split.name;
    const Eigen::MatrixXd train_raw = SelectRows(raw, split.train);
    const Eigen::VectorXd train_labels = SelectEntries(labels, split.train);
    result.train_rows = train_raw.rows();
    result.train_positives = static_cast<int64_t>(train_labels.sum());
    absl::StatusOr<TrainResult> trained =
        TrainLogistic(feature_names, train_raw, train_labels, train);
    if (!trained.ok()) return PrefixError(split.name, trained.status());
    result.training = *std::move(trained);
    absl::StatusOr<std::shared_ptr<const RiskModel>> model =
        RiskModel::Create(result.training.params);
    if (!model.ok()) return PrefixError(split.name, model.status());
    const Eigen::VectorXd scores =
        (*model)->Score(SelectRows(raw, split.validation));
    absl::StatusOr<Evaluation> evaluated =
        Evaluate(scores, SelectEntries(labels, split.validation),
                 result.training.params.thresholds(), evaluation);
    if (!evaluated.ok()) return PrefixError(split.name, evaluated.status());
    result.validation = *std::move(evaluated);
    auc.push_back(result.validation.roc_auc);
    pr_auc.push_back(result.validation.pr_auc);
    log_loss.push_back(result.validation.log_loss);
    brier.push_back(result.validation.brier);
    cv.splits.push_back(std::move(result));
  }
  cv.roc_auc = Summarise(auc);
  cv.pr_auc = Summarise(pr_auc);
  cv.log_loss = Summarise(log_loss);
  cv.brier = Summarise(brier);
  return cv;
}

namespace {

// splitmix64: a well-mixed, platform-independent hash of a student id.
uint64_t MixStudent(int64_t student_id, uint64_t seed) {
  uint64_t z = static_cast<uint64_t>(student_id) + seed + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

absl::StatusOr<std::vector<Split>> GroupedKFold(
    const std::vector<int64_t>& student_ids, int k, uint64_t seed) {
  if (k < 2 || k > 10) {
    return absl::InvalidArgumentError("k-fold needs 2 to 10 folds");
  }
  std::vector<Split> splits(static_cast<size_t>(k));
  for (int f = 0; f < k; ++f) {
    splits[static_cast<size_t>(f)].name = absl::StrCat("fold ", f + 1, "/", k);
  }
  for (size_t i = 0; i < student_ids.size(); ++i) {
    const auto fold = static_cast<int>(MixStudent(student_ids[i], seed) %
                                       static_cast<uint64_t>(k));
    for (int f = 0; f < k; ++f) {
      (f == fold ? splits[static_cast<size_t>(f)].validation
                 : splits[static_cast<size_t>(f)].train)
          .push_back(static_cast<int64_t>(i));
    }
  }
  for (const Split& split : splits) {
    if (split.train.empty() || split.validation.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          split.name, " is empty: too few students for ", k, " folds"));
    }
  }
  return splits;
}

absl::StatusOr<Split> GroupedHoldOut(const std::vector<int64_t>& student_ids,
                                     double share, uint64_t seed) {
  if (!(share >= 0.05 && share <= 0.5)) {
    return absl::InvalidArgumentError(
        "the held-out share must be between 0.05 and 0.5");
  }
  Split split;
  split.name = absl::StrCat("held-out ", share);
  // The top 53 bits as a uniform number in [0, 1).
  for (size_t i = 0; i < student_ids.size(); ++i) {
    const double u =
        static_cast<double>(MixStudent(student_ids[i], seed) >> 11) * 0x1.0p-53;
    (u < share ? split.validation : split.train)
        .push_back(static_cast<int64_t>(i));
  }
  if (split.train.empty() || split.validation.empty()) {
    return absl::InvalidArgumentError(
        "too few students to hold some out for validation");
  }
  return split;
}

absl::StatusOr<Eigen::VectorXd> OutOfFoldScores(
    const std::vector<std::string>& feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const std::vector<Split>& splits, const TrainOptions& train) {
  if (raw.rows() != labels.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "data has ", raw.rows(), " rows but ", labels.size(), " labels"));
  }
  Eigen::VectorXd scores = Eigen::VectorXd::Constant(raw.rows(), std::nan(""));
  std::vector<int> seen(static_cast<size_t>(raw.rows()), 0);
  for (const Split& split : splits) {
    for (int64_t i : split.validation) {
      if (i < 0 || i >= raw.rows()) {
        return absl::InvalidArgumentError(absl::StrCat(
            split.name, ": row index ", i, " outside [0, ", raw.rows(), ")"));
      }
      ++seen[static_cast<size_t>(i)];
    }
    absl::StatusOr<TrainResult> trained =
        TrainLogistic(feature_names, SelectRows(raw, split.train),
                      SelectEntries(labels, split.train), train);
    if (!trained.ok()) return PrefixError(split.name, trained.status());
    absl::StatusOr<std::shared_ptr<const RiskModel>> model =
        RiskModel::Create(trained->params);
    if (!model.ok()) return PrefixError(split.name, model.status());
    const Eigen::VectorXd fold =
        (*model)->Score(SelectRows(raw, split.validation));
    for (size_t r = 0; r < split.validation.size(); ++r) {
      scores(split.validation[r]) = fold(static_cast<Eigen::Index>(r));
    }
  }
  for (size_t i = 0; i < seen.size(); ++i) {
    if (seen[i] != 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "row ", i, " is in ", seen[i], " validation folds, not exactly one"));
    }
  }
  return scores;
}

}  // namespace baoxue::model
