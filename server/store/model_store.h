#ifndef BAOXUE_SERVER_STORE_MODEL_STORE_H_
#define BAOXUE_SERVER_STORE_MODEL_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "baoxue/v1/model.pb.h"
#include "server/store/drift_store.h"

namespace baoxue::store {

// A model version as stored.
struct StoredModel {
  std::string version;
  baoxue::v1::ModelParams params;
  // What computes its inputs: empty features = the catalogue (models saved
  // before the registry); else these definitions over the relation.
  std::vector<baoxue::v1::FeatureDefinition> features;
  std::string feature_relation;
  std::string feature_set_version;  // "fs<N>", empty for a configured set
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

  // Registry details (issue 3); the defaults suit a model trained outside the
  // registry (tests, old rows).
  std::vector<baoxue::v1::FeatureDefinition> features;
  std::string feature_relation;
  std::string feature_set_version;  // "fs<N>" or empty (configured set)
  std::vector<absl::CivilDay> training_as_of_dates;
  std::optional<absl::CivilDay> validation_as_of;
  int64_t validation_rows = 0;
  int64_t validation_positive_rows = 0;
  std::optional<double> validation_auc;
  double l2_penalty = 0;
  double positive_class_weight = 1;
  std::string fairness_json = "[]";
  std::string thresholds_json = "{}";
  std::string report_html;  // empty = no report; kVersionMark -> version
  // The validation in plain words, English and Chinese (core's
  // DescribeValidation): each reader shows its own language.
  std::string validation_method;
  std::vector<std::string> validation_warnings;
  std::string validation_method_zh;
  std::vector<std::string> validation_warnings_zh;
  // Training-data distributions for drift (features, then the score); kept
  // in the same transaction as the model. Empty = none (drift says so).
  std::vector<FeatureDriftReference> drift_references;
};

// SaveModel replaces this mark in report_html with the new version, which is
// unknown until the row is inserted.
inline constexpr char kVersionMark[] = "@@BAOXUE_MODEL_VERSION@@";

enum class ModelState { kCandidate, kActive, kRetired };

// "candidate", "active", "retired".
inline const char* ModelStateName(ModelState state) {
  switch (state) {
    case ModelState::kCandidate:
      return "candidate";
    case ModelState::kActive:
      return "active";
    case ModelState::kRetired:
      return "retired";
  }
  return "?";
}

// A registry entry as stored (everything but the HTML report).
struct ModelRecord {
  int64_t model_id = 0;
  std::string version;
  ModelState state = ModelState::kCandidate;
  baoxue::v1::ModelParams params;
  absl::Time created_at;
  std::string created_by;
  std::vector<baoxue::v1::FeatureDefinition> features;
  std::string feature_relation;
  std::string feature_set_version;
  std::vector<absl::CivilDay> training_as_of_dates;
  std::optional<absl::CivilDay> validation_as_of;
  int horizon_days = 0;
  int64_t training_rows = 0;
  int64_t positive_rows = 0;
  int64_t validation_rows = 0;
  int64_t validation_positive_rows = 0;
  std::optional<double> validation_auc;
  double l2_penalty = 0;
  double positive_class_weight = 1;
  std::string metrics_json = "{}";
  std::string fairness_json = "[]";
  bool has_report = false;
  std::string validation_method;
  std::vector<std::string> validation_warnings;
  std::string validation_method_zh;  // empty for models saved before 0023
  std::vector<std::string> validation_warnings_zh;
};

// A change of the active model.
struct ActivationRequest {
  std::string version;    // the model to activate; ignored for a rollback
  bool rollback = false;  // re-activate the model active before the current
  bool forced = false;    // recorded with the activation
  std::string activated_by;
};

struct ActivationResult {
  std::string version;           // now active
  std::string previous_version;  // retired (empty if none was active)
};

// Decides, inside the activation's transaction, whether `target` may replace
// `active` (nullptr if no model is active). A non-OK status aborts the
// activation and is returned to the caller.
using ActivationCheck = std::function<absl::Status(const ModelRecord& target,
                                                   const ModelRecord* active)>;

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

  // The registry (issue 3). The defaults return UNIMPLEMENTED so that fakes
  // need only the methods their tests use.

  // Every model, newest first. UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<std::vector<ModelRecord>> ListModels() {
    return absl::UnimplementedError("ListModels");
  }
  // One model. NOT_FOUND naming the version; UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<ModelRecord> GetModel(const std::string& version) {
    return absl::UnimplementedError("GetModel " + version);
  }
  // The stored HTML report; NOT_FOUND if the model or its report is absent.
  virtual absl::StatusOr<std::string> GetReport(const std::string& version) {
    return absl::UnimplementedError("GetReport " + version);
  }
  // Atomically (serialised with every other activation) retires the active
  // model, activates the target, records the activation and notifies every
  // listening server at commit. `check` runs inside the transaction.
  // NOT_FOUND (unknown version), FAILED_PRECONDITION (already active; no
  // earlier model to roll back to), whatever `check` returns, UNAVAILABLE,
  // ABORTED, INTERNAL.
  virtual absl::StatusOr<ActivationResult> ActivateModel(
      const ActivationRequest& request, const ActivationCheck& check) {
    (void)check;
    return absl::UnimplementedError("ActivateModel " + request.version);
  }
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_MODEL_STORE_H_
