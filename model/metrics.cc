#include "model/metrics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "model/sigmoid.h"

namespace baoxue::model {
namespace {

// Probabilities are clamped this far from 0 and 1 before taking log-odds.
constexpr double kMinProbability = 1e-300;

// The k-th largest of the first `among` values (k <= among), or 1 if k == 0.
// Partially reorders them (nth_element: linear, where a full sort of a
// million training scores took longer than a Newton step): afterwards the
// first k are the k largest.
double KthLargest(std::vector<double>* values, Eigen::Index among,
                  Eigen::Index k) {
  if (k <= 0) return 1.0;
  const auto begin = values->begin();
  std::nth_element(begin, begin + (k - 1), begin + among,
                   std::greater<double>());
  return (*values)[static_cast<size_t>(k - 1)];
}

Eigen::Index CountForShare(double share, Eigen::Index n) {
  // Subtract a little so 0.05 * 100 = 5.000000000000001 stays 5.
  const double exact = share * static_cast<double>(n);
  return std::min<Eigen::Index>(
      n, static_cast<Eigen::Index>(std::ceil(exact - 1e-9)));
}

}  // namespace

double RocAuc(const Eigen::Ref<const Eigen::VectorXd>& scores,
              const Eigen::Ref<const Eigen::VectorXd>& labels) {
  assert(scores.size() == labels.size());
  const Eigen::Index n = scores.size();
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return scores[a] < scores[b];
  });
  // Sum of (1-based, tie-averaged) ranks of the positives.
  double positive_rank_sum = 0;
  double positives = 0;
  Eigen::Index i = 0;
  while (i < n) {
    Eigen::Index j = i;
    double tied_positives = 0;
    while (j < n && scores[order[j]] == scores[order[i]]) {
      tied_positives += labels[order[j]];
      ++j;
    }
    const double average_rank = 0.5 * static_cast<double>(i + 1 + j);
    positive_rank_sum += tied_positives * average_rank;
    positives += tied_positives;
    i = j;
  }
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0 || negatives == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double u = positive_rank_sum - positives * (positives + 1) / 2;
  return u / (positives * negatives);
}

double LogLoss(const Eigen::Ref<const Eigen::VectorXd>& probabilities,
               const Eigen::Ref<const Eigen::VectorXd>& labels) {
  assert(probabilities.size() == labels.size());
  if (probabilities.size() == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const Eigen::ArrayXd p =
      probabilities.array().max(kMinProbability).min(1.0 - 1e-16);
  // -log p = log(1 + exp(-logit p)); the margin is y' * logit(p).
  const Eigen::ArrayXd logit = p.log() - (-p).log1p();
  const Eigen::ArrayXd sign = 2.0 * labels.array() - 1.0;
  return LogLoss1p((sign * logit).eval()).mean();
}

baoxue::v1::TierThresholds ThresholdsByShare(const Eigen::VectorXd& scores,
                                             double high_share,
                                             double medium_share) {
  assert(0 <= high_share && high_share <= medium_share && medium_share <= 1);
  baoxue::v1::TierThresholds thresholds;
  std::vector<double> values(scores.data(), scores.data() + scores.size());
  const Eigen::Index n = scores.size();
  const Eigen::Index medium_count = CountForShare(medium_share, n);
  const Eigen::Index high_count = CountForShare(high_share, n);
  // Medium first: it moves the top medium_count scores to the front, and
  // the high threshold is among them.
  const double medium = KthLargest(&values, n, medium_count);
  const double high = KthLargest(&values, medium_count, high_count);
  thresholds.set_high(std::clamp(high, 0.0, 1.0));
  thresholds.set_medium(std::clamp(medium, 0.0, thresholds.high()));
  return thresholds;
}

}  // namespace baoxue::model
