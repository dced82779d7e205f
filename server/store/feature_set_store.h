#ifndef BAOXUE_SERVER_STORE_FEATURE_SET_STORE_H_
#define BAOXUE_SERVER_STORE_FEATURE_SET_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/model.pb.h"
#include "server/store/feature_set.h"

namespace baoxue::store {

// One expression evaluated alone over the relation.
struct FeatureTest {
  std::string name;
  std::string error;  // PostgreSQL's message; empty = it evaluated
  int64_t rows = 0;
  int64_t missing = 0;
  int64_t out_of_range = 0;  // outside the definition's [min, max]
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<double> mean;
};

struct FeatureSetTest {
  std::string relation_error;  // PostgreSQL's message; empty = it evaluated
  int64_t relation_rows = 0;
  std::vector<FeatureTest> features;  // empty when the relation fails

  bool ok() const {
    if (!relation_error.empty()) return false;
    for (const FeatureTest& f : features) {
      if (!f.error.empty()) return false;
    }
    return true;
  }
};

// The registry's feature sets (deploy/sql/0018_feature_sets.sql): immutable
// versions "fs<N>". Implementations are thread-safe.
// Errors: NOT_FOUND naming the version, UNAVAILABLE, INTERNAL.
class FeatureSetStore {
 public:
  virtual ~FeatureSetStore() = default;

  // Stores `definition` (its version and created_* are ignored) as a new
  // version and returns it as stored.
  virtual absl::StatusOr<baoxue::v1::FeatureSetDefinition> CreateFeatureSet(
      const baoxue::v1::FeatureSetDefinition& definition,
      const std::string& created_by) = 0;
  // `version` empty = the newest (NOT_FOUND if there is none).
  virtual absl::StatusOr<baoxue::v1::FeatureSetDefinition> GetFeatureSet(
      const std::string& version) = 0;
  // Newest first.
  virtual absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>>
  ListFeatureSets() = 0;
  // Evaluates the relation, then each expression alone, as of `as_of` in a
  // read-only transaction; evaluation failures are reported in the result,
  // not as an error.
  virtual absl::StatusOr<FeatureSetTest> TestFeatureSet(
      const FeatureSet& set, absl::CivilDay as_of) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_FEATURE_SET_STORE_H_
