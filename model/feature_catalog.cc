#include "model/feature_catalog.h"

#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace baoxue::model {
namespace {

constexpr std::array<FeatureInfo, 18> kCatalog = {{
    {"absence_rate_30d", 0.0, 1.0, false},
    {"unexcused_absences_30d", 0.0, 30.0, false},
    {"longest_absence_run_30d", 0.0, 30.0, false},
    {"absence_trend_30d", -1.0, 1.0, false},
    {"income_poverty_ratio", 0.0, 100.0, false},
    {"registered_poor", 0.0, 1.0, true},
    {"subsistence_allowance", 0.0, 1.0, true},
    {"poverty_monitoring", 0.0, 1.0, true},
    {"distance_km", 0.0, 300.0, false},
    {"travel_minutes", 0.0, 600.0, false},
    {"boarding", 0.0, 1.0, true},
    {"mountain_route", 0.0, 1.0, true},
    {"left_behind", 0.0, 1.0, true},
    {"relocated", 0.0, 1.0, true},
    {"disability", 0.0, 1.0, true},
    {"over_age", 0.0, 1.0, true},
    {"learning_difficulty", 0.0, 1.0, true},
    {"sibling_dropped_out", 0.0, 1.0, true},
}};

}  // namespace

absl::Span<const FeatureInfo> FeatureCatalog() { return kCatalog; }

const FeatureInfo* FindFeature(absl::string_view name) {
  for (const FeatureInfo& feature : kCatalog) {
    if (feature.name == name) return &feature;
  }
  return nullptr;
}

std::vector<std::string> CatalogFeatureNames() {
  std::vector<std::string> names;
  names.reserve(kCatalog.size());
  for (const FeatureInfo& feature : kCatalog) {
    names.emplace_back(feature.name);
  }
  return names;
}

absl::Status ValidateFeatureValue(const FeatureInfo& feature, double value) {
  if (!std::isfinite(value)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "feature ", feature.name, ": ", value, " is not a finite number"));
  }
  if (feature.is_flag) {
    if (value != 0.0 && value != 1.0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feature ", feature.name, ": ", value, " is not a flag (0 or 1)"));
    }
    return absl::OkStatus();
  }
  if (value < feature.min || value > feature.max) {
    return absl::InvalidArgumentError(
        absl::StrCat("feature ", feature.name, ": ", value, " is outside ",
                     feature.min, "..", feature.max));
  }
  return absl::OkStatus();
}

}  // namespace baoxue::model
