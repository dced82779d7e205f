#ifndef BAOXUE_SERVER_CORE_MODEL_TRAINER_H_
#define BAOXUE_SERVER_CORE_MODEL_TRAINER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/core/caller.h"
#include "server/core/model_holder.h"
#include "server/store/feature_store.h"
#include "server/store/model_store.h"

namespace baoxue::core {

struct TrainRequest {
  // Features as of this date; default: the last school day minus the horizon,
  // so every label's window is observed.
  std::optional<absl::CivilDay> as_of;
  int horizon_days = 120;  // label: dropped out within this many days
  double l2_penalty = 1.0;
  bool activate = true;
};

struct TrainSummary {
  std::string version;
  absl::CivilDay as_of;
  int64_t training_rows = 0;
  int64_t positive_rows = 0;
  int iterations = 0;
  double train_auc = 0;
  baoxue::v1::ModelParams params;
};

// Trains a model on the county's labelled history, records it and (if asked)
// makes it active in the store and in `holder`. Thread-safe; owns nothing.
// Errors: PERMISSION_DENIED unless data staff or admin; INVALID_ARGUMENT for
// bad options; FAILED_PRECONDITION when the data cannot train a model (no
// labels, a constant feature, ...); UNAVAILABLE.
class ModelTrainer {
 public:
  ModelTrainer(store::FeatureStore* features, store::ModelStore* models,
               ModelHolder* holder)
      : features_(features), models_(models), holder_(holder) {}

  absl::StatusOr<TrainSummary> Train(const Caller& caller,
                                     const TrainRequest& request) const;

 private:
  store::FeatureStore* features_;
  store::ModelStore* models_;
  ModelHolder* holder_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_MODEL_TRAINER_H_
