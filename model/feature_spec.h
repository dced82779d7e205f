#ifndef BAOXUE_MODEL_FEATURE_SPEC_H_
#define BAOXUE_MODEL_FEATURE_SPEC_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "baoxue/v1/model.pb.h"
#include "google/protobuf/repeated_field.h"

namespace baoxue::model {

// The ordered inputs of a model and their standardisation statistics:
// z_j = (x_j - mean_j) / stddev_j. Names need not come from the feature
// catalogue (tests and experiments use their own), but must be unique.
//
// Missing values are NaN in raw matrices. Standardize() maps them to z = 0,
// i.e. imputes the training mean, so a missing feature contributes nothing to
// a linear score.
//
// Value type; thread-safe for concurrent const use.
class FeatureSpec {
 public:
  // Statistics of `raw` (rows = students, cols = names.size(), NaN =
  // missing): per column, the mean and the population standard deviation
  // (divide by n) of its non-missing values.
  // InvalidArgument (naming the feature) if: names are empty or duplicated,
  // the column count differs from names.size(), there are no rows, a value is
  // +/-inf, or a column is all missing or has zero variance.
  static absl::StatusOr<FeatureSpec> FromTrainingData(
      std::vector<std::string> names,
      const Eigen::Ref<const Eigen::MatrixXd>& raw);

  // Rebuilds a spec saved by ToProto(). InvalidArgument (naming the feature)
  // if the list is empty, a name is empty or duplicated, a mean is
  // non-finite, or a stddev is non-finite or <= 0.
  static absl::StatusOr<FeatureSpec> FromProto(
      const google::protobuf::RepeatedPtrField<baoxue::v1::FeatureStat>& stats);

  // Replaces `*stats` (not owned, must be non-null) with this spec; the
  // round-trip through FromProto() is bit-exact.
  void ToProto(
      google::protobuf::RepeatedPtrField<baoxue::v1::FeatureStat>* stats) const;

  int size() const { return static_cast<int>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }
  const Eigen::RowVectorXd& means() const { return means_; }
  const Eigen::RowVectorXd& stddevs() const { return stddevs_; }

  // Column of `name`, or -1 if the spec has no such feature.
  int IndexOf(absl::string_view name) const;

  // Z with z_ij = (raw_ij - mean_j) / stddev_j, and z_ij = 0 where raw_ij is
  // NaN (mean imputation). `raw` must have size() columns (checked by
  // assertion only: callers validate shapes at their boundary).
  Eigen::MatrixXd Standardize(
      const Eigen::Ref<const Eigen::MatrixXd>& raw) const;
  // The same into `z`, which must have raw's shape (e.g. a row range of a
  // bigger matrix, so ranges can be standardised in parallel).
  void StandardizeInto(const Eigen::Ref<const Eigen::MatrixXd>& raw,
                       Eigen::Ref<Eigen::MatrixXd> z) const;

 private:
  FeatureSpec(std::vector<std::string> names, Eigen::RowVectorXd means,
              Eigen::RowVectorXd stddevs);

  std::vector<std::string> names_;
  Eigen::RowVectorXd means_;
  Eigen::RowVectorXd stddevs_;
};

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_FEATURE_SPEC_H_
