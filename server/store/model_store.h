#ifndef BAOXUE_SERVER_STORE_MODEL_STORE_H_
#define BAOXUE_SERVER_STORE_MODEL_STORE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/model.pb.h"

namespace baoxue::store {

// A model version as stored.
struct StoredModel {
  std::string version;
  baoxue::v1::ModelParams params;
};

// A newly trained model to record.
struct NewModel {
  baoxue::v1::ModelParams params;
  std::string created_by;  // caller description, e.g. "token 3"
  absl::CivilDay training_as_of;
  int horizon_days = 0;
  int64_t training_rows = 0;
  int64_t positive_rows = 0;
  std::string metrics_json = "{}";
};

// Model registry. Implementations are thread-safe.
class ModelStore {
 public:
  virtual ~ModelStore() = default;

  // The active model. NOT_FOUND if none is active; UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<StoredModel> LoadActiveModel() = 0;

  // Stores `model` under a new version name ("v<N>") and, if `activate`,
  // makes it the only active one (the previous active one is retired) in the
  // same transaction. Returns the version. UNAVAILABLE, ABORTED, INTERNAL.
  virtual absl::StatusOr<std::string> SaveModel(const NewModel& model,
                                                bool activate) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_MODEL_STORE_H_
