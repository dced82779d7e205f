#ifndef BAOXUE_SERVER_CORE_FEATURE_SET_REGISTRY_H_
#define BAOXUE_SERVER_CORE_FEATURE_SET_REGISTRY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/model.pb.h"
#include "server/core/caller.h"
#include "server/store/feature_set_store.h"
#include "server/store/training_data_store.h"

namespace baoxue::core {

// OK if `name` is a feature name: a lower-case ASCII letter, then letters,
// digits or "_", 63 characters at most.
bool IsFeatureName(absl::string_view name);

// INVALID_ARGUMENT naming the field (under `field`, e.g. "feature_set" or
// "training") unless the relation is set, there are 1..200 features, names
// are feature names and unique, expressions are set, and every range is
// finite with min <= max.
absl::Status ValidateFeatureSet(const store::FeatureSet& features,
                                absl::string_view field);

// The registry version as the store evaluates it.
store::FeatureSet ToFeatureSet(
    const baoxue::v1::FeatureSetDefinition& definition);

// A feature set test with the date it was evaluated on.
struct FeatureSetTestReport {
  absl::CivilDay as_of;
  store::FeatureSetTest test;
};

// Feature sets of the model registry: create (validated, then every
// expression evaluated alone), read, list and test. County-level DATA_STAFF
// only (RequireCountyDataStaff).
// Thread-safe; does not own its collaborators.
// Errors: PERMISSION_DENIED; INVALID_ARGUMENT naming the field, or naming
// the feature and quoting PostgreSQL when an expression does not evaluate;
// NOT_FOUND; UNAVAILABLE; INTERNAL.
class FeatureSetRegistry {
 public:
  // `calendar` gives the default test date (the last school day).
  FeatureSetRegistry(store::FeatureSetStore* store,
                     store::TrainingDataStore* calendar)
      : store_(store), calendar_(calendar) {}

  absl::StatusOr<baoxue::v1::FeatureSetDefinition> Create(
      const Caller& caller, const baoxue::v1::FeatureSetDefinition& definition,
      std::optional<absl::CivilDay> test_as_of) const;
  // `version` empty = the newest.
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> Get(
      const Caller& caller, const std::string& version) const;
  absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>> List(
      const Caller& caller) const;
  // Tests a stored version (`version` set) or `definition` (may be null);
  // INVALID_ARGUMENT if neither is given (after the role check).
  absl::StatusOr<FeatureSetTestReport> Test(
      const Caller& caller, const std::string& version,
      const baoxue::v1::FeatureSetDefinition* definition,
      std::optional<absl::CivilDay> as_of) const;

 private:
  absl::StatusOr<FeatureSetTestReport> Evaluate(
      const store::FeatureSet& set, std::optional<absl::CivilDay> as_of) const;

  store::FeatureSetStore* store_;
  store::TrainingDataStore* calendar_;
};

// INVALID_ARGUMENT naming the first part of `report` that failed (the
// relation, or the feature with PostgreSQL's message); OK if none did.
absl::Status FirstFailure(const FeatureSetTestReport& report);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_FEATURE_SET_REGISTRY_H_
