#include "model/drift.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace baoxue::model {
namespace {

constexpr double kShareFloor = 1e-4;

// Bin of `v` among `edges` (upper edges inclusive): the number of edges
// below it. Counted without branches: with ten bins this is cheaper than a
// binary search's mispredicted jumps, and a risk run counts every value.
size_t BinOf(const std::vector<double>& edges, double v) {
  size_t bin = 0;
  for (double edge : edges) bin += edge < v;
  return bin;
}

}  // namespace

absl::StatusOr<DriftReference> BuildDriftReference(
    const Eigen::Ref<const Eigen::VectorXd>& values, int bins) {
  if (bins < 2 || bins > 100) {
    return absl::InvalidArgumentError("drift bins must be between 2 and 100");
  }
  if (values.size() == 0) {
    return absl::InvalidArgumentError("drift reference has no rows");
  }
  std::vector<double> present;
  present.reserve(static_cast<size_t>(values.size()));
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v)) continue;
    if (std::isinf(v)) {
      return absl::InvalidArgumentError(
          "drift reference has an infinite value");
    }
    present.push_back(v);
  }
  if (present.empty()) {
    return absl::InvalidArgumentError("every reference value is missing");
  }
  std::sort(present.begin(), present.end());
  DriftReference reference;
  const double n = static_cast<double>(present.size());
  reference.missing_rate = 1.0 - n / static_cast<double>(values.size());
  double sum = 0;
  for (double v : present) sum += v;
  reference.mean = sum / n;
  double squares = 0;
  for (double v : present)
    squares += (v - reference.mean) * (v - reference.mean);
  reference.stddev = std::sqrt(squares / n);
  for (int b = 1; b < bins; ++b) {
    const auto at =
        static_cast<size_t>(std::ceil(n * static_cast<double>(b) / bins)) - 1;
    const double cut = present[std::min(at, present.size() - 1)];
    // A cut at the maximum would leave the last bin empty for every sample.
    if (cut < present.back() &&
        (reference.edges.empty() || cut > reference.edges.back())) {
      reference.edges.push_back(cut);
    }
  }
  reference.shares.assign(reference.edges.size() + 1, 0.0);
  for (double v : present) reference.shares[BinOf(reference.edges, v)] += 1;
  for (double& share : reference.shares) share /= n;
  return reference;
}

absl::StatusOr<DriftFigures> CompareToReference(
    const DriftReference& reference,
    const Eigen::Ref<const Eigen::VectorXd>& current) {
  DriftAccumulator accumulator(reference);
  accumulator.Add(current);
  return accumulator.Figures();
}

DriftAccumulator::DriftAccumulator(DriftReference reference)
    : reference_(std::move(reference)),
      counts_(reference_.edges.size() + 1, 0.0) {}

void DriftAccumulator::Add(double value) {
  ++rows_;
  if (std::isnan(value)) return;
  present_ += 1;
  sum_ += value;
  counts_[BinOf(reference_.edges, value)] += 1;
}

void DriftAccumulator::Add(const Eigen::Ref<const Eigen::VectorXd>& values) {
  for (Eigen::Index i = 0; i < values.size(); ++i) Add(values[i]);
}

absl::StatusOr<DriftFigures> DriftAccumulator::Figures() const {
  if (reference_.shares.size() != reference_.edges.size() + 1) {
    return absl::InvalidArgumentError(
        "drift reference shares do not match its edges");
  }
  if (rows_ == 0) {
    return absl::InvalidArgumentError("no current rows to compare");
  }
  DriftFigures figures;
  figures.rows = rows_;
  figures.reference_missing_rate = reference_.missing_rate;
  figures.missing_rate = 1.0 - present_ / static_cast<double>(rows_);
  if (present_ > 0) {
    for (size_t b = 0; b < counts_.size(); ++b) {
      const double c = std::max(counts_[b] / present_, kShareFloor);
      const double r = std::max(reference_.shares[b], kShareFloor);
      figures.psi += (c - r) * std::log(c / r);
    }
    if (reference_.stddev > 0) {
      figures.mean_shift =
          (sum_ / present_ - reference_.mean) / reference_.stddev;
    }
  }
  return figures;
}

}  // namespace baoxue::model
