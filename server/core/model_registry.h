#ifndef BAOXUE_SERVER_CORE_MODEL_REGISTRY_H_
#define BAOXUE_SERVER_CORE_MODEL_REGISTRY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/core/caller.h"
#include "server/core/model_holder.h"
#include "server/store/model_store.h"

namespace baoxue::core {

// A model version with its HTML report (if asked for and stored).
struct ModelWithReport {
  store::ModelRecord model;
  std::string report_html;
};

// One feature's weight in two versions (nullopt where a version lacks it).
struct CoefficientPair {
  std::string feature;
  std::optional<double> weight;
  std::optional<double> other_weight;
};

struct ModelComparison {
  store::ModelRecord model;
  store::ModelRecord other;
  std::vector<CoefficientPair> coefficients;  // model's order, then other's
  std::optional<double> auc_difference;       // model minus other
};

// The model registry's business rules over a store::ModelStore: who may see
// and change it (DATA_STAFF only), which version may become active, and the
// immediate switch of this server's ModelHolder (other servers follow through
// the store's notification, see the hot-reload watcher in server/serve.cc).
//
// Who: data staff of a whole county only (a model scores the county; a
// village's data staff may not train or activate one), docs/access.md.
//
// Activation rules: the target must be buildable into a servable model
// (BuildActiveModel: any feature set, computed by the store) and, if it
// has a validation AUC, be better than chance (AUC > 0.5: a model that
// ranks no better than a coin is never activated, not even with `force`).
// Without `force` the target must have a validation AUC, and if the active
// model has one the target's must not be lower; an active model without an
// AUC does not switch this off. A rollback is never refused for its AUC:
// undoing a bad activation must always be possible.
//
// Thread-safe; does not own its collaborators.
// Errors: PERMISSION_DENIED (role), INVALID_ARGUMENT (empty version),
// NOT_FOUND, FAILED_PRECONDITION (AUC lower without force, already active,
// nothing to roll back to, unscorable features), UNAVAILABLE, INTERNAL.
class ModelRegistry {
 public:
  ModelRegistry(store::ModelStore* store, ModelHolder* holder)
      : store_(store), holder_(holder) {}

  absl::StatusOr<std::vector<store::ModelRecord>> List(
      const Caller& caller) const;
  absl::StatusOr<ModelWithReport> Get(const Caller& caller,
                                      const std::string& version,
                                      bool include_report) const;
  // `other_version` empty = the active model (NOT_FOUND if none is active).
  absl::StatusOr<ModelComparison> Compare(
      const Caller& caller, const std::string& version,
      const std::string& other_version) const;
  absl::StatusOr<store::ActivationResult> Activate(const Caller& caller,
                                                   const std::string& version,
                                                   bool force) const;
  absl::StatusOr<store::ActivationResult> Rollback(const Caller& caller) const;

 private:
  // Puts the newly active version into this server's holder at once.
  void InstallLocally(const std::string& version) const;

  store::ModelStore* store_;
  ModelHolder* holder_;
};

// A validation AUC at or below this ranks no better than chance.
inline constexpr double kChanceAuc = 0.5;

// FAILED_PRECONDITION naming the version if its validation AUC is known and
// not above kChanceAuc.
absl::Status CheckBetterThanChance(const store::ModelRecord& target);

// OK if the scorer can serve the model (its parameters build and its
// feature definitions match its inputs: BuildActiveModel); any feature set
// can be served. FAILED_PRECONDITION naming the version otherwise.
absl::Status CheckScorable(const store::ModelRecord& record);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_MODEL_REGISTRY_H_
