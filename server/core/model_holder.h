#ifndef BAOXUE_SERVER_CORE_MODEL_HOLDER_H_
#define BAOXUE_SERVER_CORE_MODEL_HOLDER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "model/feature_catalog.h"
#include "model/logistic_model.h"
#include "server/store/feature_set.h"
#include "server/store/model_store.h"

namespace baoxue::core {

// One immutable model version ready to score, with what computes its inputs
// and the words that explain them. Built by BuildActiveModel() and shared as
// std::shared_ptr<const ActiveModel>: `inputs` points into `definitions`, so
// it is never copied.
struct ActiveModel {
  std::string version;
  std::shared_ptr<const model::RiskModel> model;
  // nullptr: the feature catalogue, read through its own snapshot and
  // functions; else the feature set the store evaluates for this model.
  std::shared_ptr<const store::FeatureSetSource> feature_set;
  std::string feature_set_version;  // "fs<N>"; empty for a configured set
  // One per model input, in model order: name, wording, measures, range
  // (the catalogue's for catalogue features without their own).
  std::vector<baoxue::v1::FeatureDefinition> definitions;
  // The same as ranges ScoreFeatures validates against (names point into
  // `definitions`; unbounded sides are +/-infinity).
  std::vector<model::FeatureInfo> inputs;
};

// Holds the model version in use. A call takes a snapshot with Get() and
// scores with it to the end, so swapping in a new version never disturbs
// calls in flight. Thread-safe.
class ModelHolder {
 public:
  // nullptr until a model has been loaded.
  std::shared_ptr<const ActiveModel> Get() const {
    absl::MutexLock lock(&mu_);
    return current_;
  }
  void Set(std::shared_ptr<const ActiveModel> model) {
    absl::MutexLock lock(&mu_);
    current_ = std::move(model);
  }

  // Serialises RefreshActiveModel calls (the watcher, the notification
  // listener and a local activation), so a slow reader of an older active
  // version never overwrites a newer one.
  absl::Mutex& refresh_mutex() const { return refresh_mu_; }

 private:
  mutable absl::Mutex refresh_mu_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const ActiveModel> current_ ABSL_GUARDED_BY(mu_);
};

// Loads the active model from `store` into `holder` if its version differs
// from the one held. NOT_FOUND if no model is active; INVALID_ARGUMENT if the
// stored parameters are unusable (the held model is kept); UNAVAILABLE.
absl::Status RefreshActiveModel(store::ModelStore& store, ModelHolder& holder);

// Builds a servable model from a stored one. FAILED_PRECONDITION naming the
// version if the parameters do not build or its feature definitions do not
// match its inputs (names and order); models without definitions (saved
// before the registry) must use the catalogue's features in order.
absl::StatusOr<std::shared_ptr<const ActiveModel>> BuildActiveModel(
    const store::StoredModel& stored);

// Builds `stored` and puts it into `holder`.
absl::Status InstallStoredModel(const store::StoredModel& stored,
                                ModelHolder& holder);

// The same for catalogue features only (tests, tools).
absl::Status InstallModel(const std::string& version,
                          const baoxue::v1::ModelParams& params,
                          ModelHolder& holder);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_MODEL_HOLDER_H_
