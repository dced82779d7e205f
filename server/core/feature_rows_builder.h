#ifndef BAOXUE_SERVER_CORE_FEATURE_ROWS_BUILDER_H_
#define BAOXUE_SERVER_CORE_FEATURE_ROWS_BUILDER_H_

#include <algorithm>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "model/feature_catalog.h"

namespace baoxue::core {

// Assembles caller-supplied feature rows (name -> value maps) into a matrix
// in the order of `inputs` (the active model's, ActiveModel::inputs),
// validating every value against its range on the way in. `inputs` must
// outlive the builder. Not thread-safe.
class FeatureRowsBuilder {
 public:
  FeatureRowsBuilder(Eigen::Index rows,
                     absl::Span<const model::FeatureInfo> inputs)
      : inputs_(inputs),
        names_(NamesOf(inputs)),
        values_(rows, static_cast<Eigen::Index>(inputs.size())) {}

  // Fills row `row` from `values` (any map with find()/end() and string keys,
  // e.g. a protobuf Map). INVALID_ARGUMENT naming the row and the feature if a
  // feature is missing, unknown, non-finite or out of range.
  template <typename Map>
  absl::Status SetRow(Eigen::Index row, absl::string_view row_id,
                      const Map& values) {
    const auto catalog = inputs_;
    if (values.size() != catalog.size()) {
      for (const auto& [name, value] : values) {
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
          return RowError(row, row_id,
                          absl::StrCat("unknown feature '", name, "'"));
        }
      }
    }
    for (size_t j = 0; j < catalog.size(); ++j) {
      // Keys as std::string made once, not per value: this is the hot path
      // of ScoreFeatures.
      auto it = values.find(names_[j]);
      if (it == values.end()) {
        return RowError(
            row, row_id,
            absl::StrCat("feature ", catalog[j].name, " is missing"));
      }
      absl::Status valid = model::ValidateFeatureValue(catalog[j], it->second);
      if (!valid.ok()) return RowError(row, row_id, valid.message());
      values_(row, static_cast<Eigen::Index>(j)) = it->second;
    }
    return absl::OkStatus();
  }

  Eigen::MatrixXd Release() { return std::move(values_); }

 private:
  static std::vector<std::string> NamesOf(
      absl::Span<const model::FeatureInfo> inputs) {
    std::vector<std::string> names;
    for (const model::FeatureInfo& info : inputs) names.emplace_back(info.name);
    return names;
  }
  static absl::Status RowError(Eigen::Index row, absl::string_view row_id,
                               absl::string_view problem) {
    return absl::InvalidArgumentError(
        absl::StrCat("rows[", row, "]", row_id.empty() ? "" : " (row_id ",
                     row_id, row_id.empty() ? "" : ")", ": ", problem));
  }

  const absl::Span<const model::FeatureInfo> inputs_;
  const std::vector<std::string> names_;  // inputs_ order
  Eigen::MatrixXd values_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_FEATURE_ROWS_BUILDER_H_
