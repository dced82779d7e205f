#include "server/core/packed_feature_rows.h"

#include "absl/strings/str_cat.h"
#include "model/feature_catalog.h"

namespace baoxue::core {

absl::StatusOr<PackedFeatureMatrix> ReadPackedFeatureRows(
    absl::string_view field, absl::Span<const absl::string_view> feature_names,
    absl::Span<const double> values,
    absl::FunctionRef<absl::string_view(Eigen::Index)> row_id,
    absl::Span<const model::FeatureInfo> inputs) {
  const absl::Span<const model::FeatureInfo> catalog = inputs;
  const Eigen::Index features = static_cast<Eigen::Index>(catalog.size());
  PackedFeatureMatrix out;
  out.caller_column.assign(catalog.size(), -1);
  for (size_t k = 0; k < feature_names.size(); ++k) {
    const absl::string_view name = feature_names[k];
    const model::FeatureInfo* info = nullptr;
    for (const model::FeatureInfo& input : catalog) {
      if (input.name == name) info = &input;
    }
    if (info == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".feature_names[", k, "]: unknown feature '", name, "'"));
    }
    int& column = out.caller_column[static_cast<size_t>(info - catalog.data())];
    if (column >= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".feature_names[", k, "]: feature ", name, " appears twice"));
    }
    column = static_cast<int>(k);
  }
  for (size_t j = 0; j < catalog.size(); ++j) {
    if (out.caller_column[j] < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".feature_names: feature ", catalog[j].name, " is missing"));
    }
  }
  if (values.size() % static_cast<size_t>(features) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".values has ", values.size(),
                     " values, not a whole number of rows of ", features));
  }
  const Eigen::Index rows = static_cast<Eigen::Index>(values.size()) / features;
  out.values.resize(rows, features);
  for (Eigen::Index j = 0; j < features; ++j) {
    const model::FeatureInfo& info = catalog[static_cast<size_t>(j)];
    const size_t column =
        static_cast<size_t>(out.caller_column[static_cast<size_t>(j)]);
    for (Eigen::Index r = 0; r < rows; ++r) {
      const double value = values[static_cast<size_t>(r * features) + column];
      // The common case (finite, in range) without building a Status.
      const bool plain = info.is_flag
                             ? (value == 0.0 || value == 1.0)
                             : (value >= info.min && value <= info.max);
      if (!plain) {
        absl::Status valid = model::ValidateFeatureValue(info, value);
        if (!valid.ok()) {
          const absl::string_view id = row_id(r);
          return absl::InvalidArgumentError(
              absl::StrCat(field, " row ", r, id.empty() ? "" : " (row_id ", id,
                           id.empty() ? "" : ")", ": ", valid.message()));
        }
      }
      out.values(r, j) = value;
    }
  }
  return out;
}

}  // namespace baoxue::core
