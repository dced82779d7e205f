#ifndef BAOXUE_SERVER_CORE_PACKED_FEATURE_ROWS_H_
#define BAOXUE_SERVER_CORE_PACKED_FEATURE_ROWS_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "model/feature_catalog.h"

namespace baoxue::core {

// Caller-supplied feature rows in columnar form, validated into a matrix in
// the model's input order.
struct PackedFeatureMatrix {
  Eigen::MatrixXd values;  // rows x inputs, inputs order
  // For each input, its column in the caller's feature_names.
  std::vector<int> caller_column;
};

// Reads `values` (row-major, one column per name in `feature_names`) into a
// PackedFeatureMatrix in the order of `inputs` (the active model's,
// validated against their ranges). `row_id(r)` names row r in errors (may be
// empty); `field` names the message in errors (e.g. "packed_rows").
// INVALID_ARGUMENT naming the field for an unknown, repeated or missing
// feature name or a values count that is not a whole number of rows, and
// naming the row and feature for a non-finite or out-of-range value.
absl::StatusOr<PackedFeatureMatrix> ReadPackedFeatureRows(
    absl::string_view field, absl::Span<const absl::string_view> feature_names,
    absl::Span<const double> values,
    absl::FunctionRef<absl::string_view(Eigen::Index)> row_id,
    absl::Span<const model::FeatureInfo> inputs);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_PACKED_FEATURE_ROWS_H_
