#ifndef BAOXUE_SERVER_STORE_PG_MODEL_STORE_H_
#define BAOXUE_SERVER_STORE_PG_MODEL_STORE_H_

#include "server/store/model_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// ModelStore over baoxue.models (params stored as serialized ModelParams)
// and baoxue.model_activations (deploy/sql/0006_model_registry.sql).
// Thread-safe; does not own `pool`.
class PgModelStore : public ModelStore {
 public:
  explicit PgModelStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<StoredModel> LoadActiveModel() override;
  absl::StatusOr<std::string> SaveModel(const NewModel& model,
                                        bool activate) override;
  absl::StatusOr<std::vector<ModelRecord>> ListModels() override;
  absl::StatusOr<ModelRecord> GetModel(const std::string& version) override;
  absl::StatusOr<std::string> GetReport(const std::string& version) override;
  absl::StatusOr<ActivationResult> ActivateModel(
      const ActivationRequest& request, const ActivationCheck& check) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_MODEL_STORE_H_
