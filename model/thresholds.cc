#include "model/thresholds.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace baoxue::model {
namespace {

// Precision when flagging score >= each distinct score, highest first.
struct PrecisionStep {
  double threshold;
  int64_t flagged;
  int64_t true_positives;
  double precision() const {
    return static_cast<double>(true_positives) / static_cast<double>(flagged);
  }
};

std::vector<PrecisionStep> PrecisionSteps(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels) {
  std::vector<Eigen::Index> order(static_cast<size_t>(scores.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return scores[a] > scores[b];
  });
  std::vector<PrecisionStep> steps;
  int64_t flagged = 0;
  int64_t tp = 0;
  size_t i = 0;
  while (i < order.size()) {
    const double score = scores[order[i]];
    while (i < order.size() && scores[order[i]] == score) {
      ++flagged;
      tp += labels[order[i]] == 1.0;
      ++i;
    }
    steps.push_back({score, flagged, tp});
  }
  return steps;
}

absl::StatusOr<double> LowestThresholdWithPrecision(
    const std::vector<PrecisionStep>& steps, double target,
    absl::string_view tier) {
  const PrecisionStep* lowest = nullptr;
  const PrecisionStep* best = nullptr;
  for (const PrecisionStep& step : steps) {
    if (step.precision() >= target) lowest = &step;
    if (best == nullptr || step.precision() > best->precision()) best = &step;
  }
  if (lowest == nullptr) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "no %s threshold reaches precision %g (best %.3g flagging %d rows)",
        tier, target, best->precision(), best->flagged));
  }
  return lowest->threshold;
}

// Scores must be probabilities here: the thresholds are stored in the model.
absl::Status ValidateScores(const Eigen::Ref<const Eigen::VectorXd>& scores,
                            const Eigen::Ref<const Eigen::VectorXd>& labels) {
  baoxue::v1::TierThresholds any;
  any.set_high(1);
  any.set_medium(0);
  EvaluationOptions light;
  light.top_shares.clear();
  light.max_curve_points = 0;
  return Evaluate(scores, labels, any, light).status();
}

void FillAchieved(const Eigen::Ref<const Eigen::VectorXd>& scores,
                  const Eigen::Ref<const Eigen::VectorXd>& labels,
                  ThresholdChoice* choice) {
  choice->high = AtThreshold(scores, labels, choice->thresholds.high(), "HIGH");
  choice->medium =
      AtThreshold(scores, labels, choice->thresholds.medium(), "MEDIUM+");
}

}  // namespace

absl::StatusOr<ThresholdChoice> ThresholdsByPrecision(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels, double high_precision,
    double medium_precision) {
  BAOXUE_RETURN_IF_ERROR(ValidateScores(scores, labels));
  for (double target : {high_precision, medium_precision}) {
    if (!(target > 0 && target <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("target precision ", target, " must lie in (0, 1]"));
    }
  }
  if (medium_precision > high_precision) {
    return absl::InvalidArgumentError(
        absl::StrCat("the MEDIUM target precision (", medium_precision,
                     ") must not exceed the HIGH one (", high_precision, ")"));
  }
  if (labels.sum() == 0) {
    return absl::FailedPreconditionError(
        "no positive labels in the validation data: no threshold has any "
        "precision");
  }
  const std::vector<PrecisionStep> steps = PrecisionSteps(scores, labels);
  BAOXUE_ASSIGN_OR_RETURN(
      double high, LowestThresholdWithPrecision(steps, high_precision, "HIGH"));
  BAOXUE_ASSIGN_OR_RETURN(
      double medium,
      LowestThresholdWithPrecision(steps, medium_precision, "MEDIUM"));
  ThresholdChoice choice;
  choice.thresholds.set_high(high);
  choice.thresholds.set_medium(std::min(medium, high));
  choice.method = absl::StrFormat("precision: HIGH >= %g, MEDIUM+ >= %g",
                                  high_precision, medium_precision);
  FillAchieved(scores, labels, &choice);
  return choice;
}

absl::StatusOr<ThresholdChoice> ThresholdsByCapacity(
    const Eigen::Ref<const Eigen::VectorXd>& scores,
    const Eigen::Ref<const Eigen::VectorXd>& labels,
    const std::vector<std::string>& townships,
    const std::vector<TownshipCapacity>& capacities) {
  BAOXUE_RETURN_IF_ERROR(ValidateScores(scores, labels));
  if (static_cast<Eigen::Index>(townships.size()) != scores.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("capacity: ", townships.size(), " townships for ",
                     scores.size(), " rows"));
  }
  std::map<std::string, size_t> load_index;
  ThresholdChoice choice;
  int64_t total_high = 0;
  int64_t total_medium = 0;
  for (const TownshipCapacity& capacity : capacities) {
    if (capacity.high_cases < 0 ||
        capacity.medium_cases < capacity.high_cases) {
      return absl::InvalidArgumentError(
          absl::StrCat("capacity of township ", capacity.township,
                       ": need 0 <= high_cases <= medium_cases; got ",
                       capacity.high_cases, " and ", capacity.medium_cases));
    }
    if (!load_index.emplace(capacity.township, choice.townships.size())
             .second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "capacity of township ", capacity.township, " is given twice"));
    }
    TownshipLoad load;
    load.township = capacity.township;
    load.high_capacity = capacity.high_cases;
    load.medium_capacity = capacity.medium_cases;
    choice.townships.push_back(std::move(load));
    total_high += capacity.high_cases;
    total_medium += capacity.medium_cases;
  }
  if (total_high == 0) {
    return absl::FailedPreconditionError(
        "capacity: the townships can take no HIGH cases in total");
  }
  const double n = static_cast<double>(scores.size());
  const double high_share = std::min(1.0, static_cast<double>(total_high) / n);
  const double medium_share =
      std::min(1.0, static_cast<double>(total_medium) / n);
  const double high = std::min(1.0, ThresholdForShare(scores, high_share));
  const double medium = std::min(high, ThresholdForShare(scores, medium_share));
  choice.thresholds.set_high(high);
  choice.thresholds.set_medium(medium);
  choice.method = absl::StrCat(
      "capacity: ", capacities.size(), " townships, ", total_high, " HIGH / ",
      total_medium, " MEDIUM+ cases of ", scores.size(), " students");
  FillAchieved(scores, labels, &choice);
  for (size_t i = 0; i < townships.size(); ++i) {
    auto [it, added] =
        load_index.emplace(townships[i], choice.townships.size());
    if (added) {
      TownshipLoad load;
      load.township = townships[i];
      choice.townships.push_back(std::move(load));
    }
    TownshipLoad& load = choice.townships[it->second];
    const double score = scores[static_cast<Eigen::Index>(i)];
    ++load.students;
    load.high_flagged += score >= high;
    load.medium_flagged += score >= medium;
  }
  return choice;
}

}  // namespace baoxue::model
