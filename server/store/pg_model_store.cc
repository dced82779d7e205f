#include "server/store/pg_model_store.h"

#include <string>

#include "absl/strings/escaping.h"
#include "pqxx/binarystring"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

absl::StatusOr<StoredModel> PgModelStore::LoadActiveModel() {
  return InTransaction(
      *pool_, "load active model",
      [&](pqxx::work& tx) -> absl::StatusOr<StoredModel> {
        const pqxx::result result = tx.exec(
            "SELECT version, params FROM baoxue.models WHERE state = 'active'");
        if (result.empty()) return absl::NotFoundError("no active model");
        StoredModel model;
        model.version = result[0][0].as<std::string>();
        const pqxx::binarystring params(result[0][1]);
        if (!model.params.ParseFromArray(params.data(),
                                         static_cast<int>(params.size()))) {
          return absl::DataLossError("stored model parameters do not parse: " +
                                     model.version);
        }
        return model;
      });
}

absl::StatusOr<std::string> PgModelStore::SaveModel(const NewModel& model,
                                                    bool activate) {
  const std::string params_hex =
      absl::BytesToHexString(model.params.SerializeAsString());
  return InTransaction(
      *pool_, "save model", [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
        if (activate) {
          tx.exec(
              "UPDATE baoxue.models SET state = 'retired' "
              "WHERE state = 'active'");
        }
        const pqxx::result result = tx.exec_params(
            "WITH id AS (SELECT nextval(pg_get_serial_sequence("
            "'baoxue.models', 'model_id')) AS model_id) "
            "INSERT INTO baoxue.models (model_id, version, params, state, "
            "created_by, training_as_of, horizon_days, training_rows, "
            "positive_rows, metrics) "
            "SELECT model_id, 'v' || model_id, decode($1, 'hex'), "
            "$2::baoxue.model_state, $3, $4::date, $5, $6, $7, $8::jsonb "
            "FROM id RETURNING version",
            params_hex, activate ? "active" : "candidate", model.created_by,
            absl::FormatCivilTime(model.training_as_of), model.horizon_days,
            model.training_rows, model.positive_rows, model.metrics_json);
        return result[0][0].as<std::string>();
      });
}

}  // namespace baoxue::store
