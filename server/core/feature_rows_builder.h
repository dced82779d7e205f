#ifndef BAOXUE_SERVER_CORE_FEATURE_ROWS_BUILDER_H_
#define BAOXUE_SERVER_CORE_FEATURE_ROWS_BUILDER_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/feature_catalog.h"

namespace baoxue::core {

// Assembles caller-supplied feature rows (name -> value maps) into a matrix
// in catalogue order, validating every value on the way in. Not thread-safe.
class FeatureRowsBuilder {
 public:
  explicit FeatureRowsBuilder(Eigen::Index rows)
      : names_(model::CatalogFeatureNames()),
        values_(rows, static_cast<Eigen::Index>(names_.size())) {}

  // Fills row `row` from `values` (any map with find()/end() and string keys,
  // e.g. a protobuf Map). INVALID_ARGUMENT naming the row and the feature if a
  // feature is missing, unknown, non-finite or out of range.
  template <typename Map>
  absl::Status SetRow(Eigen::Index row, absl::string_view row_id,
                      const Map& values) {
    const auto catalog = model::FeatureCatalog();
    if (values.size() != catalog.size()) {
      for (const auto& [name, value] : values) {
        if (model::FindFeature(name) == nullptr) {
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
  static absl::Status RowError(Eigen::Index row, absl::string_view row_id,
                               absl::string_view problem) {
    return absl::InvalidArgumentError(
        absl::StrCat("rows[", row, "]", row_id.empty() ? "" : " (row_id ",
                     row_id, row_id.empty() ? "" : ")", ": ", problem));
  }

  const std::vector<std::string> names_;  // catalogue order
  Eigen::MatrixXd values_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_FEATURE_ROWS_BUILDER_H_
