#include "server/core/feature_set_registry.h"

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/duties.h"

namespace baoxue::core {
namespace {

constexpr int kMaxFeatures = 200;

// Feature sets are read over the whole county and feed county-wide models:
// county-level data staff only, as for the model registry (docs/access.md).
absl::Status RequireDataStaff(const Caller& caller, absl::string_view action) {
  return RequireCountyDataStaff(caller, action);
}

}  // namespace

bool IsFeatureName(absl::string_view name) {
  if (name.empty() || name.size() > 63 || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

absl::Status ValidateFeatureSet(const store::FeatureSet& features,
                                absl::string_view field) {
  if (features.relation.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".feature_relation is empty"));
  }
  if (features.features.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".features is empty"));
  }
  if (features.features.size() > kMaxFeatures) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".features has ", features.features.size(),
                     " features; at most ", kMaxFeatures));
  }
  absl::flat_hash_set<std::string> seen;
  for (size_t j = 0; j < features.features.size(); ++j) {
    const baoxue::v1::FeatureDefinition& feature = features.features[j];
    const std::string where = absl::StrCat(field, ".features[", j, "]");
    if (!IsFeatureName(feature.name())) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": name '", feature.name(),
          "' must be a lower-case letter followed by lower-case letters, "
          "digits or '_' (at most 63 characters), e.g. far_from_school"));
    }
    if (!seen.insert(feature.name()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": name '", feature.name(), "' is used twice"));
    }
    if (feature.expression().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " (", feature.name(), ") has no expression"));
    }
    if ((feature.has_min() && !std::isfinite(feature.min())) ||
        (feature.has_max() && !std::isfinite(feature.max()))) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, " (", feature.name(), "): min and max must be finite"));
    }
    if (feature.has_min() && feature.has_max() &&
        feature.min() > feature.max()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, " (", feature.name(), "): min ", feature.min(),
                       " is above max ", feature.max()));
    }
  }
  return absl::OkStatus();
}

store::FeatureSet ToFeatureSet(
    const baoxue::v1::FeatureSetDefinition& definition) {
  store::FeatureSet set;
  set.relation = definition.relation();
  set.features.assign(definition.features().begin(),
                      definition.features().end());
  set.version = definition.version();
  return set;
}

absl::Status FirstFailure(const FeatureSetTestReport& report) {
  const std::string day = absl::FormatCivilTime(report.as_of);
  if (!report.test.relation_error.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("feature relation does not evaluate as of ", day, ": ",
                     report.test.relation_error));
  }
  for (const store::FeatureTest& feature : report.test.features) {
    if (!feature.error.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("feature ", feature.name, " does not evaluate as of ",
                       day, ": ", feature.error));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<FeatureSetTestReport> FeatureSetRegistry::Evaluate(
    const store::FeatureSet& set, std::optional<absl::CivilDay> as_of) const {
  FeatureSetTestReport report;
  if (as_of.has_value()) {
    report.as_of = *as_of;
  } else {
    BAOXUE_ASSIGN_OR_RETURN(report.as_of, calendar_->LastSchoolDay());
  }
  BAOXUE_ASSIGN_OR_RETURN(report.test,
                          store_->TestFeatureSet(set, report.as_of));
  return report;
}

absl::StatusOr<baoxue::v1::FeatureSetDefinition> FeatureSetRegistry::Create(
    const Caller& caller, const baoxue::v1::FeatureSetDefinition& definition,
    std::optional<absl::CivilDay> test_as_of) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "create feature sets"));
  if (definition.name().empty() || definition.name().size() > 100) {
    return absl::InvalidArgumentError(
        "feature_set.name must be 1..100 characters, e.g. county-2026");
  }
  const store::FeatureSet set = ToFeatureSet(definition);
  BAOXUE_RETURN_IF_ERROR(ValidateFeatureSet(set, "feature_set"));
  BAOXUE_ASSIGN_OR_RETURN(FeatureSetTestReport report,
                          Evaluate(set, test_as_of));
  BAOXUE_RETURN_IF_ERROR(FirstFailure(report));
  BAOXUE_ASSIGN_OR_RETURN(
      baoxue::v1::FeatureSetDefinition created,
      store_->CreateFeatureSet(definition, caller.Describe()));
  LogInfo(absl::StrCat("feature set ", created.version(), " (",
                       created.features_size(), " features) created by ",
                       caller.Describe()));
  return created;
}

absl::StatusOr<baoxue::v1::FeatureSetDefinition> FeatureSetRegistry::Get(
    const Caller& caller, const std::string& version) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "read feature sets"));
  return store_->GetFeatureSet(version);
}

absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>>
FeatureSetRegistry::List(const Caller& caller) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "read feature sets"));
  return store_->ListFeatureSets();
}

absl::StatusOr<FeatureSetTestReport> FeatureSetRegistry::Test(
    const Caller& caller, const std::string& version,
    const baoxue::v1::FeatureSetDefinition* definition,
    std::optional<absl::CivilDay> as_of) const {
  BAOXUE_RETURN_IF_ERROR(RequireDataStaff(caller, "test feature sets"));
  store::FeatureSet set;
  if (!version.empty()) {
    BAOXUE_ASSIGN_OR_RETURN(baoxue::v1::FeatureSetDefinition stored,
                            store_->GetFeatureSet(version));
    set = ToFeatureSet(stored);
  } else if (definition != nullptr) {
    set = ToFeatureSet(*definition);
  } else {
    return absl::InvalidArgumentError(
        "version or definition: name the feature set to test");
  }
  BAOXUE_RETURN_IF_ERROR(ValidateFeatureSet(set, "feature_set"));
  return Evaluate(set, as_of);
}

}  // namespace baoxue::core
