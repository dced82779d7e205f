#include "model/feature_spec.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace baoxue::model {
namespace {

absl::Status CheckNames(const std::vector<std::string>& names) {
  if (names.empty()) {
    return absl::InvalidArgumentError("feature spec has no features");
  }
  absl::flat_hash_set<absl::string_view> seen;
  for (const std::string& name : names) {
    if (name.empty()) {
      return absl::InvalidArgumentError("feature spec has an empty name");
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature ", name, " appears more than once"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

FeatureSpec::FeatureSpec(std::vector<std::string> names,
                         Eigen::RowVectorXd means, Eigen::RowVectorXd stddevs)
    : names_(std::move(names)),
      means_(std::move(means)),
      stddevs_(std::move(stddevs)) {}

absl::StatusOr<FeatureSpec> FeatureSpec::FromTrainingData(
    std::vector<std::string> names,
    const Eigen::Ref<const Eigen::MatrixXd>& raw) {
  if (absl::Status status = CheckNames(names); !status.ok()) return status;
  if (raw.cols() != static_cast<Eigen::Index>(names.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("training data has ", raw.cols(), " columns but ",
                     names.size(), " feature names"));
  }
  if (raw.rows() == 0) {
    return absl::InvalidArgumentError("training data has no rows");
  }
  // Column by column, without n x d temporaries: for a million rows the
  // copies (and their page faults) used to cost more than the Newton fit.
  const Eigen::Index d = raw.cols();
  Eigen::RowVectorXd counts = Eigen::RowVectorXd::Zero(d);
  Eigen::RowVectorXd means = Eigen::RowVectorXd::Zero(d);
  Eigen::RowVectorXd stddevs = Eigen::RowVectorXd::Zero(d);
  std::vector<bool> infinite(static_cast<size_t>(d), false);
  for (Eigen::Index j = 0; j < d; ++j) {
    const auto column = raw.col(j);
    double count = 0, sum = 0;
    bool has_inf = false;
    for (Eigen::Index i = 0; i < column.size(); ++i) {
      const double x = column[i];
      if (x != x) continue;  // NaN: missing
      has_inf |= std::isinf(x);
      count += 1;
      sum += x;
    }
    const double mean = sum / count;
    // Two-pass variance (centre first) for accuracy on large offsets.
    double squares = 0;
    for (Eigen::Index i = 0; i < column.size(); ++i) {
      const double x = column[i];
      if (x == x) squares += (x - mean) * (x - mean);
    }
    counts[j] = count;
    means[j] = mean;
    stddevs[j] = std::sqrt(squares / count);
    infinite[static_cast<size_t>(j)] = has_inf;
  }

  for (Eigen::Index j = 0; j < raw.cols(); ++j) {
    if (infinite[static_cast<size_t>(j)]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feature ", names[j], ": training data has an infinite value"));
    }
    if (counts[j] == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feature ", names[j], ": every training value is missing"));
    }
    // Relative test: rounding leaves tiny variances on constant columns.
    if (!(stddevs[j] > 1e-12 * std::max(1.0, std::abs(means[j])))) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature ", names[j], ": training values are constant"));
    }
  }
  return FeatureSpec(std::move(names), std::move(means), stddevs);
}

absl::StatusOr<FeatureSpec> FeatureSpec::FromProto(
    const google::protobuf::RepeatedPtrField<baoxue::v1::FeatureStat>& stats) {
  std::vector<std::string> names;
  names.reserve(stats.size());
  Eigen::RowVectorXd means(stats.size());
  Eigen::RowVectorXd stddevs(stats.size());
  for (int j = 0; j < stats.size(); ++j) {
    const baoxue::v1::FeatureStat& stat = stats[j];
    if (stat.name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature spec entry ", j, " has an empty name"));
    }
    if (!std::isfinite(stat.mean())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feature ", stat.name(), ": mean ", stat.mean(), " is not finite"));
    }
    if (!std::isfinite(stat.stddev()) || stat.stddev() <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature ", stat.name(), ": stddev ", stat.stddev(),
                       " is not a finite positive number"));
    }
    names.push_back(stat.name());
    means[j] = stat.mean();
    stddevs[j] = stat.stddev();
  }
  if (absl::Status status = CheckNames(names); !status.ok()) return status;
  return FeatureSpec(std::move(names), std::move(means), std::move(stddevs));
}

void FeatureSpec::ToProto(
    google::protobuf::RepeatedPtrField<baoxue::v1::FeatureStat>* stats) const {
  stats->Clear();
  stats->Reserve(size());
  for (int j = 0; j < size(); ++j) {
    baoxue::v1::FeatureStat* stat = stats->Add();
    stat->set_name(names_[j]);
    stat->set_mean(means_[j]);
    stat->set_stddev(stddevs_[j]);
  }
}

int FeatureSpec::IndexOf(absl::string_view name) const {
  for (int j = 0; j < size(); ++j) {
    if (names_[j] == name) return j;
  }
  return -1;
}

Eigen::MatrixXd FeatureSpec::Standardize(
    const Eigen::Ref<const Eigen::MatrixXd>& raw) const {
  Eigen::MatrixXd z(raw.rows(), raw.cols());
  StandardizeInto(raw, z);
  return z;
}

void FeatureSpec::StandardizeInto(const Eigen::Ref<const Eigen::MatrixXd>& raw,
                                  Eigen::Ref<Eigen::MatrixXd> z) const {
  assert(raw.cols() == size());
  assert(z.rows() == raw.rows() && z.cols() == raw.cols());
  for (Eigen::Index j = 0; j < raw.cols(); ++j) {
    const double mean = means_[j];
    const double stddev = stddevs_[j];
    const auto in = raw.col(j);
    auto out = z.col(j);
    for (Eigen::Index i = 0; i < raw.rows(); ++i) {
      // NaN in -> 0, the standardised training mean.
      const double x = in[i];
      out[i] = x == x ? (x - mean) / stddev : 0.0;
    }
  }
}

}  // namespace baoxue::model
