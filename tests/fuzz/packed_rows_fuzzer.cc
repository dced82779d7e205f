// libFuzzer target: caller-supplied packed feature rows (ScoreFeatures'
// packed_rows): names and values straight from another system. The input
// is split into a names part and a values part at the first 0xFF byte;
// names are newline-separated, values are the remaining bytes as doubles.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "model/feature_catalog.h"
#include "server/core/packed_feature_rows.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\xff');
  const absl::string_view names_part = input.substr(0, split);
  const absl::string_view values_part =
      split == absl::string_view::npos ? "" : input.substr(split + 1);
  const std::vector<absl::string_view> names = absl::StrSplit(names_part, '\n');
  std::vector<double> values(values_part.size() / sizeof(double));
  if (!values.empty()) {
    std::memcpy(values.data(), values_part.data(),
                values.size() * sizeof(double));
  }
  (void)baoxue::core::ReadPackedFeatureRows(
      "packed_rows", names, values,
      [](Eigen::Index) -> absl::string_view { return "row"; },
      baoxue::model::FeatureCatalog());
  return 0;
}
