#include "model/evaluation.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/metrics.h"

namespace baoxue::model {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Cumulative counts when flagging rows from the highest score down, one entry
// per distinct score (ties enter together).
struct Ranked {
  std::vector<double> thresholds;  // distinct scores, descending
  std::vector<int64_t> true_pos;   // labelled 1 with score >= threshold
  std::vector<int64_t> false_pos;  // labelled 0 with score >= threshold
  int64_t positives = 0;
  int64_t negatives = 0;
};

Ranked Rank(const Eigen::Ref<const Eigen::VectorXd>& scores,
            const Eigen::Ref<const Eigen::VectorXd>& labels) {
  assert(scores.size() == labels.size());
  const Eigen::Index n = scores.size();
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(
      order.begin(), order.end(),
      [&](Eigen::Index a, Eigen::Index b) { return scores[a] > scores[b]; });
  Ranked ranked;
  int64_t tp = 0;
  int64_t fp = 0;
  Eigen::Index i = 0;
  while (i < n) {
    const double score = scores[order[i]];
    while (i < n && scores[order[i]] == score) {
      if (labels[order[i]] == 1.0) {
        ++tp;
      } else {
        ++fp;
      }
      ++i;
    }
    ranked.thresholds.push_back(score);
    ranked.true_pos.push_back(tp);
    ranked.false_pos.push_back(fp);
  }
  ranked.positives = tp;
  ranked.negatives = fp;
  return ranked;
}

double Ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return kNaN;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// Keeps at most `max_points` of `points`, evenly spaced by index, always the
// first and the last.
std::vector<CurvePoint> Thin(std::vector<CurvePoint> points, int max_points) {
  if (max_points <= 0) return {};
  const size_t n = points.size();
  if (n <= static_cast<size_t>(max_points)) return points;
  if (max_points == 1) return {points.back()};
  std::vector<CurvePoint> thinned;
  thinned.reserve(static_cast<size_t>(max_points));
  for (int k = 0; k < max_points; ++k) {
    const size_t index = static_cast<size_t>(
        std::llround(static_cast<double>(k) * static_cast<double>(n - 1) /
                     static_cast<double>(max_points - 1)));
    thinned.push_back(points[index]);
  }
  return thinned;
}

std::vector<CurvePoint> RocCurve(const Ranked& ranked) {
  if (ranked.positives == 0 || ranked.negatives == 0) return {};
  std::vector<CurvePoint> points;
  points.reserve(ranked.thresholds.size() + 1);
  points.push_back({0, 0, kInfinity});
  for (size_t k = 0; k < ranked.thresholds.size(); ++k) {
    points.push_back({Ratio(ranked.false_pos[k], ranked.negatives),
                      Ratio(ranked.true_pos[k], ranked.positives),
                      ranked.thresholds[k]});
  }
  return points;
}

// Starts at (recall 0, precision 1) as sklearn's precision_recall_curve.
std::vector<CurvePoint> PrCurve(const Ranked& ranked) {
  if (ranked.positives == 0) return {};
  std::vector<CurvePoint> points;
  points.reserve(ranked.thresholds.size() + 1);
  points.push_back({0, 1, kInfinity});
  for (size_t k = 0; k < ranked.thresholds.size(); ++k) {
    points.push_back(
        {Ratio(ranked.true_pos[k], ranked.positives),
         Ratio(ranked.true_pos[k], ranked.true_pos[k] + ranked.false_pos[k]),
         ranked.thresholds[k]});
  }
  return points;
}

double AveragePrecisionOf(const Ranked& ranked) {
  if (ranked.positives == 0) return kNaN;
  double sum = 0;
  int64_t previous_tp = 0;
  for (size_t k = 0; k < ranked.thresholds.size(); ++k) {
    const int64_t tp = ranked.true_pos[k];
    if (tp == previous_tp) continue;  // recall unchanged: adds nothing
    const double recall_step = Ratio(tp - previous_tp, ranked.positives);
    sum += recall_step * Ratio(tp, tp + ranked.false_pos[k]);
    previous_tp = tp;
  }
  return sum;
}

std::vector<CalibrationBin> Calibrate(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels, int bins) {
  const Eigen::Index n = scores.size();
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(
      order.begin(), order.end(),
      [&](Eigen::Index a, Eigen::Index b) { return scores[a] < scores[b]; });
  std::vector<CalibrationBin> table;
  for (int b = 0; b < bins; ++b) {
    const Eigen::Index begin = n * b / bins;
    const Eigen::Index end = n * (b + 1) / bins;
    if (begin == end) continue;
    CalibrationBin bin{kInfinity, -kInfinity, end - begin, 0, 0, 0};
    double score_sum = 0;
    for (Eigen::Index i = begin; i < end; ++i) {
      const double score = scores[order[static_cast<size_t>(i)]];
      bin.min_score = std::min(bin.min_score, score);
      bin.max_score = std::max(bin.max_score, score);
      score_sum += score;
      if (labels[order[static_cast<size_t>(i)]] == 1.0) ++bin.positives;
    }
    bin.mean_predicted = score_sum / static_cast<double>(bin.rows);
    bin.observed_rate = Ratio(bin.positives, bin.rows);
    table.push_back(bin);
  }
  return table;
}

std::string ShareLabel(double share) {
  return absl::StrCat("top ", share * 100, "%");
}

absl::Status ValidateInputs(const Eigen::Ref<const Eigen::VectorXd>& scores,
                            const Eigen::Ref<const Eigen::VectorXd>& labels,
                            bool probabilities,
                            const EvaluationOptions& options) {
  if (scores.size() == 0) {
    return absl::InvalidArgumentError("evaluation data has no rows");
  }
  if (scores.size() != labels.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("evaluation data has ", scores.size(), " scores but ",
                     labels.size(), " labels"));
  }
  for (Eigen::Index i = 0; i < labels.size(); ++i) {
    if (labels[i] != 0.0 && labels[i] != 1.0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "label of row ", i, " is ", labels[i], "; labels must be 0 or 1"));
    }
    if (!std::isfinite(scores[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("score of row ", i, " is ", scores[i],
                       "; scores must be finite numbers"));
    }
    if (probabilities && (scores[i] < 0 || scores[i] > 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("score of row ", i, " is ", scores[i],
                       "; probabilities must lie in [0, 1]"));
    }
  }
  if (options.calibration_bins < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "calibration_bins must be >= 1; got ", options.calibration_bins));
  }
  if (options.max_curve_points < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_curve_points must be >= 0; got ", options.max_curve_points));
  }
  for (double share : options.top_shares) {
    if (!(share > 0 && share <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("top share ", share, " must lie in (0, 1]"));
    }
  }
  return absl::OkStatus();
}

// Everything but the tier points.
Evaluation EvaluateCommon(const Eigen::Ref<const Eigen::VectorXd>& scores,
                          const Eigen::Ref<const Eigen::VectorXd>& labels,
                          bool probabilistic,
                          const EvaluationOptions& options) {
  const Ranked ranked = Rank(scores, labels);
  Evaluation e;
  e.rows = scores.size();
  e.positives = ranked.positives;
  e.prevalence = Ratio(e.positives, e.rows);
  e.probabilistic = probabilistic;
  e.roc_auc = RocAuc(scores, labels);
  e.pr_auc = AveragePrecisionOf(ranked);
  if (probabilistic) {
    e.log_loss = LogLoss(scores, labels);
    e.brier = BrierScore(scores, labels);
    e.calibration = Calibrate(scores, labels, options.calibration_bins);
  } else {
    e.log_loss = kNaN;
    e.brier = kNaN;
  }
  for (double share : options.top_shares) {
    e.at_top_share.push_back(AtThreshold(
        scores, labels, ThresholdForShare(scores, share), ShareLabel(share)));
  }
  if (options.max_curve_points > 0) {
    e.roc = Thin(RocCurve(ranked), options.max_curve_points);
    e.pr = Thin(PrCurve(ranked), options.max_curve_points);
  }
  return e;
}

}  // namespace

double AveragePrecision(const Eigen::Ref<const Eigen::VectorXd>& scores,
                        const Eigen::Ref<const Eigen::VectorXd>& labels) {
  return AveragePrecisionOf(Rank(scores, labels));
}

double BrierScore(const Eigen::Ref<const Eigen::VectorXd>& probabilities,
                  const Eigen::Ref<const Eigen::VectorXd>& labels) {
  assert(probabilities.size() == labels.size());
  if (probabilities.size() == 0) return kNaN;
  return (probabilities - labels).squaredNorm() /
         static_cast<double>(probabilities.size());
}

OperatingPoint AtThreshold(const Eigen::Ref<const Eigen::VectorXd>& scores,
                           const Eigen::Ref<const Eigen::VectorXd>& labels,
                           double threshold, std::string label) {
  assert(scores.size() == labels.size());
  OperatingPoint point{std::move(label), threshold, 0, 0, 0, 0, 0};
  int64_t positives = 0;
  for (Eigen::Index i = 0; i < scores.size(); ++i) {
    const bool positive = labels[i] == 1.0;
    positives += positive;
    if (scores[i] >= threshold) {
      ++point.flagged;
      point.true_positives += positive;
    }
  }
  point.share = Ratio(point.flagged, scores.size());
  point.precision = Ratio(point.true_positives, point.flagged);
  point.recall = Ratio(point.true_positives, positives);
  return point;
}

double ThresholdForShare(const Eigen::Ref<const Eigen::VectorXd>& scores,
                         double share) {
  assert(scores.size() > 0 && share >= 0 && share <= 1);
  const Eigen::Index n = scores.size();
  // Subtract a little so 0.05 * 100 = 5.000000000000001 stays 5.
  const Eigen::Index k = std::min<Eigen::Index>(
      n, static_cast<Eigen::Index>(
             std::ceil(share * static_cast<double>(n) - 1e-9)));
  if (k <= 0) return kInfinity;
  std::vector<double> values(scores.data(), scores.data() + n);
  std::nth_element(values.begin(), values.begin() + (k - 1), values.end(),
                   std::greater<double>());
  return values[static_cast<size_t>(k - 1)];
}

absl::StatusOr<Evaluation> Evaluate(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const baoxue::v1::TierThresholds& thresholds,
    const EvaluationOptions& options) {
  BAOXUE_RETURN_IF_ERROR(
      ValidateInputs(scores, labels, /*probabilities=*/true, options));
  if (!(thresholds.medium() >= 0 && thresholds.medium() <= thresholds.high() &&
        thresholds.high() <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tier thresholds must satisfy 0 <= medium <= high <= 1; got medium ",
        thresholds.medium(), ", high ", thresholds.high()));
  }
  Evaluation e = EvaluateCommon(scores, labels, true, options);
  e.at_tiers.push_back(AtThreshold(scores, labels, thresholds.high(), "HIGH"));
  e.at_tiers.push_back(
      AtThreshold(scores, labels, thresholds.medium(), "MEDIUM+"));
  return e;
}

absl::StatusOr<Evaluation> EvaluateRanking(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels, double high_share,
    double medium_share, const EvaluationOptions& options) {
  BAOXUE_RETURN_IF_ERROR(
      ValidateInputs(scores, labels, /*probabilities=*/false, options));
  if (!(high_share >= 0 && high_share <= medium_share && medium_share <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tier shares must satisfy 0 <= high <= medium <= 1; got high ",
        high_share, ", medium ", medium_share));
  }
  Evaluation e = EvaluateCommon(scores, labels, false, options);
  e.at_tiers.push_back(AtThreshold(
      scores, labels, ThresholdForShare(scores, high_share), "HIGH"));
  e.at_tiers.push_back(AtThreshold(
      scores, labels, ThresholdForShare(scores, medium_share), "MEDIUM+"));
  return e;
}

absl::StatusOr<std::vector<BaselineEvaluation>> EvaluateBaselines(
    const std::vector<std::string>& feature_names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw,
    const Eigen::Ref<const Eigen::VectorXd>& labels, double training_prevalence,
    const Evaluation& model, const EvaluationOptions& options) {
  if (raw.cols() != static_cast<Eigen::Index>(feature_names.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("validation data has ", raw.cols(), " columns but ",
                     feature_names.size(), " feature names"));
  }
  if (raw.rows() != labels.size()) {
    return absl::InvalidArgumentError(absl::StrCat("validation data has ",
                                                   raw.rows(), " rows but ",
                                                   labels.size(), " labels"));
  }
  if (!(training_prevalence > 0 && training_prevalence < 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "training prevalence must lie in (0, 1); got ", training_prevalence));
  }
  if (model.at_tiers.size() != 2) {
    return absl::InvalidArgumentError(
        "the model's evaluation has no tier operating points (use Evaluate)");
  }
  std::vector<BaselineEvaluation> baselines;
  const auto absence =
      std::find(feature_names.begin(), feature_names.end(), "absence_rate_30d");
  if (absence != feature_names.end()) {
    // Missing absence data ranks below every real rate (rates are >= 0).
    const Eigen::VectorXd rates =
        raw.col(absence - feature_names.begin()).unaryExpr([](double x) {
          return std::isnan(x) ? -1.0 : x;
        });
    BAOXUE_ASSIGN_OR_RETURN(
        Evaluation e, EvaluateRanking(rates, labels, model.at_tiers[0].share,
                                      model.at_tiers[1].share, options));
    baselines.push_back(
        {"absence_rate_30d", "按近30个上学日缺勤率排序（同等名额）",
         "rank by absence rate over the last 30 school days (same caseload "
         "as the model)",
         std::move(e)});
  }
  {
    const Eigen::VectorXd constant =
        Eigen::VectorXd::Constant(labels.size(), training_prevalence);
    baoxue::v1::TierThresholds none;  // a constant below 1 flags nobody
    none.set_high(1);
    none.set_medium(1);
    BAOXUE_ASSIGN_OR_RETURN(Evaluation e,
                            Evaluate(constant, labels, none, options));
    baselines.push_back(
        {"prevalence", "人人相同：训练集辍学率",
         absl::StrCat("everyone gets the training dropout rate ",
                      training_prevalence),
         std::move(e)});
  }
  return baselines;
}

}  // namespace baoxue::model
