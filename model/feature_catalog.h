#ifndef BAOXUE_MODEL_FEATURE_CATALOG_H_
#define BAOXUE_MODEL_FEATURE_CATALOG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace baoxue::model {

// One raw model input as documented in docs/design.md ("The feature
// catalogue"). Flags take exactly 0 or 1; other features any finite value in
// [min, max].
struct FeatureInfo {
  absl::string_view name;
  double min;
  double max;
  bool is_flag;
};

// The 18 features in canonical order (the column order of the SQL function
// baoxue.student_features). Static storage, never changes; thread-safe.
absl::Span<const FeatureInfo> FeatureCatalog();

// The catalogue entry called `name`, or nullptr if there is none. The pointer
// refers to static storage and stays valid for the life of the program.
const FeatureInfo* FindFeature(absl::string_view name);

// The catalogue's names in canonical order, e.g. to train a model on every
// feature.
std::vector<std::string> CatalogFeatureNames();

// OK if `value` is a legal raw value for `feature`. Otherwise InvalidArgument
// naming the feature, e.g. "feature travel_minutes: 900 is outside 0..600",
// "feature boarding: 2 is not a flag (0 or 1)",
// "feature distance_km: nan is not a finite number".
// Missing values are the caller's business: this rejects NaN.
absl::Status ValidateFeatureValue(const FeatureInfo& feature, double value);

}  // namespace baoxue::model

#endif  // BAOXUE_MODEL_FEATURE_CATALOG_H_
