#include "server/store/pg_model_store.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "pqxx/binarystring"
#include "server/store/pg_actor_name.h"
#include "server/store/pg_drift_store.h"
#include "server/store/pg_feature_set_store.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// "{2026-06-01,2026-07-01}": a date[] parameter (dates we formatted).
std::string DateArrayLiteral(const std::vector<absl::CivilDay>& days) {
  std::vector<std::string> parts;
  for (absl::CivilDay day : days) parts.push_back(absl::FormatCivilTime(day));
  return absl::StrCat("{", absl::StrJoin(parts, ","), "}");
}

// The columns ParseRecord reads; who trained it by name (ActorNameSql),
// not the attribution id ("token 3") the row keeps.
std::string RecordColumns() {
  return absl::StrCat(
      "m.model_id, m.version, m.state::text, m.params, "
      "(extract(epoch FROM m.created_at) * 1000000)::bigint, ",
      ActorNameSql("m.created_by"), ", ",
      "coalesce(m.feature_relation, ''), "
      "coalesce(array_to_string(m.training_as_of_dates, ','), ''), "
      "m.validation_as_of::text, coalesce(m.horizon_days, 0), "
      "coalesce(m.training_rows, 0), coalesce(m.positive_rows, 0), "
      "coalesce(m.validation_rows, 0), coalesce(m.validation_positive_rows, "
      "0), "
      "m.validation_auc, coalesce(m.l2_penalty, 0), "
      "coalesce(m.positive_class_weight, 1), m.metrics::text, "
      "m.fairness::text, m.report_html IS NOT NULL, "
      "m.training_as_of::text, coalesce(m.feature_set_version, ''), "
      "m.feature_spec::text, coalesce(m.validation_method, ''), "
      "coalesce(m.validation_warnings, '{}'), "
      "coalesce(m.validation_method_zh, ''), "
      "coalesce(m.validation_warnings_zh, '{}') ");
}

// A text[] column as strings (NULL items skipped).
std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> items;
  auto parser = field.as_array();
  for (auto item = parser.get_next(); item.first != pqxx::array_parser::done;
       item = parser.get_next()) {
    if (item.first == pqxx::array_parser::string_value) {
      items.push_back(item.second);
    }
  }
  return items;
}

absl::StatusOr<ModelState> ParseState(const std::string& state) {
  if (state == "candidate") return ModelState::kCandidate;
  if (state == "active") return ModelState::kActive;
  if (state == "retired") return ModelState::kRetired;
  return absl::DataLossError(absl::StrCat("unknown model state ", state));
}

absl::StatusOr<ModelRecord> ToRecord(const pqxx::row& row) {
  ModelRecord record;
  record.model_id = row[0].as<int64_t>();
  record.version = row[1].as<std::string>();
  absl::StatusOr<ModelState> state = ParseState(row[2].as<std::string>());
  if (!state.ok()) return state.status();
  record.state = *state;
  const pqxx::binarystring params(row[3]);
  if (!record.params.ParseFromArray(params.data(),
                                    static_cast<int>(params.size()))) {
    return absl::DataLossError("stored model parameters do not parse: " +
                               record.version);
  }
  record.created_at = absl::FromUnixMicros(row[4].as<int64_t>());
  record.created_by = row[5].as<std::string>();
  record.feature_relation = row[6].as<std::string>();
  for (absl::string_view day_text :
       absl::StrSplit(row[7].as<std::string>(), ',', absl::SkipEmpty())) {
    absl::CivilDay day;
    if (absl::ParseCivilTime(day_text, &day)) {
      record.training_as_of_dates.push_back(day);
    }
  }
  absl::CivilDay day;
  if (!row[8].is_null() && absl::ParseCivilTime(row[8].as<std::string>(), &day))
    record.validation_as_of = day;
  // Rows saved before the registry (by the removed Admin.TrainModel) have one
  // training date only.
  if (record.training_as_of_dates.empty() && !row[20].is_null() &&
      absl::ParseCivilTime(row[20].as<std::string>(), &day)) {
    record.training_as_of_dates.push_back(day);
  }
  record.horizon_days = row[9].as<int>();
  record.training_rows = row[10].as<int64_t>();
  record.positive_rows = row[11].as<int64_t>();
  record.validation_rows = row[12].as<int64_t>();
  record.validation_positive_rows = row[13].as<int64_t>();
  if (!row[14].is_null()) record.validation_auc = row[14].as<double>();
  record.l2_penalty = row[15].as<double>();
  record.positive_class_weight = row[16].as<double>();
  record.metrics_json = row[17].as<std::string>();
  record.fairness_json = row[18].as<std::string>();
  record.has_report = row[19].as<bool>();
  record.feature_set_version = row[21].as<std::string>();
  absl::StatusOr<std::vector<baoxue::v1::FeatureDefinition>> features =
      ParseFeatureDefinitions(row[22].as<std::string>());
  if (!features.ok()) return features.status();
  record.features = *std::move(features);
  record.validation_method = row[23].as<std::string>();
  record.validation_warnings = TextArray(row[24]);
  record.validation_method_zh = row[25].as<std::string>();
  record.validation_warnings_zh = TextArray(row[26]);
  return record;
}

absl::StatusOr<ModelRecord> FindRecord(pqxx::work& tx,
                                       const std::string& version) {
  const pqxx::result result =
      tx.exec_params(absl::StrCat("SELECT ", RecordColumns(),
                                  "FROM baoxue.models m WHERE m.version = $1"),
                     version);
  if (result.empty()) {
    return absl::NotFoundError(absl::StrCat("no model version '", version,
                                            "' (see `baoxue model list`)"));
  }
  return ToRecord(result[0]);
}

std::optional<ModelRecord> ActiveRecord(pqxx::work& tx, absl::Status& status) {
  const pqxx::result result =
      tx.exec(absl::StrCat("SELECT ", RecordColumns(),
                           "FROM baoxue.models m WHERE state = 'active'"));
  if (result.empty()) return std::nullopt;
  absl::StatusOr<ModelRecord> record = ToRecord(result[0]);
  if (!record.ok()) {
    status = record.status();
    return std::nullopt;
  }
  return *std::move(record);
}

void RecordActivation(pqxx::work& tx, const std::string& version,
                      const std::optional<int64_t>& previous_model_id,
                      const char* kind, bool forced, const std::string& by) {
  tx.exec_params(
      "INSERT INTO baoxue.model_activations (model_id, previous_model_id, "
      "kind, forced, activated_by) "
      "SELECT model_id, $2, $3, $4, $5 FROM baoxue.models WHERE version = $1",
      version, previous_model_id, kind, forced, by);
}

// Serialises activations across every server sharing the database.
void LockActivations(pqxx::work& tx) {
  tx.exec("SELECT pg_advisory_xact_lock(hashtext('baoxue.model_activation'))");
}

}  // namespace

absl::StatusOr<StoredModel> PgModelStore::LoadActiveModel() {
  return InTransaction(
      *pool_, "load active model",
      [&](pqxx::work& tx) -> absl::StatusOr<StoredModel> {
        const pqxx::result result = tx.exec(
            "SELECT version, params, coalesce(feature_relation, ''), "
            "feature_spec::text, coalesce(feature_set_version, '') "
            "FROM baoxue.models WHERE state = 'active'");
        if (result.empty()) return absl::NotFoundError("no active model");
        StoredModel model;
        model.version = result[0][0].as<std::string>();
        const pqxx::binarystring params(result[0][1]);
        if (!model.params.ParseFromArray(params.data(),
                                         static_cast<int>(params.size()))) {
          return absl::DataLossError("stored model parameters do not parse: " +
                                     model.version);
        }
        model.feature_relation = result[0][2].as<std::string>();
        absl::StatusOr<std::vector<baoxue::v1::FeatureDefinition>> features =
            ParseFeatureDefinitions(result[0][3].as<std::string>());
        if (!features.ok()) return features.status();
        model.features = *std::move(features);
        model.feature_set_version = result[0][4].as<std::string>();
        return model;
      });
}

absl::StatusOr<std::string> PgModelStore::SaveModel(const NewModel& model,
                                                    bool activate) {
  const std::string params_hex =
      absl::BytesToHexString(model.params.SerializeAsString());
  const std::optional<std::string> validation_as_of =
      model.validation_as_of.has_value()
          ? std::optional<std::string>(
                absl::FormatCivilTime(*model.validation_as_of))
          : std::nullopt;
  const std::optional<std::string> report =
      model.report_html.empty() ? std::nullopt
                                : std::optional<std::string>(model.report_html);
  std::vector<absl::CivilDay> training_dates = model.training_as_of_dates;
  if (training_dates.empty()) training_dates.push_back(model.training_as_of);
  return InTransaction(
      *pool_, "save model", [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
        std::optional<int64_t> previous;
        if (activate) {
          LockActivations(tx);
          const pqxx::result retired = tx.exec(
              "UPDATE baoxue.models SET state = 'retired' "
              "WHERE state = 'active' RETURNING model_id");
          if (!retired.empty()) previous = retired[0][0].as<int64_t>();
        }
        const pqxx::result result = tx.exec_params(
            "WITH id AS (SELECT nextval(pg_get_serial_sequence("
            "'baoxue.models', 'model_id')) AS model_id) "
            "INSERT INTO baoxue.models (model_id, version, params, state, "
            "created_by, training_as_of, horizon_days, training_rows, "
            "positive_rows, metrics, feature_spec, feature_relation, "
            "training_as_of_dates, validation_as_of, validation_rows, "
            "validation_positive_rows, validation_auc, l2_penalty, "
            "positive_class_weight, fairness, thresholds, report_html, "
            "feature_set_version, validation_method, validation_warnings, "
            "validation_method_zh, validation_warnings_zh) "
            "SELECT model_id, 'v' || model_id, decode($1, 'hex'), "
            "$2::baoxue.model_state, $3, $4::date, $5, $6, $7, $8::jsonb, "
            "$9::jsonb, nullif($10, ''), $11::date[], $12::date, $13, $14, "
            "$15, $16, $17, $18::jsonb, $19::jsonb, "
            "replace($20, $22, 'v' || model_id), nullif($21, ''), "
            "nullif($23, ''), $24::text[], nullif($25, ''), $26::text[] "
            "FROM id RETURNING version",
            params_hex, activate ? "active" : "candidate", model.created_by,
            absl::FormatCivilTime(model.training_as_of), model.horizon_days,
            model.training_rows, model.positive_rows, model.metrics_json,
            FeatureDefinitionsJson(model.features), model.feature_relation,
            DateArrayLiteral(training_dates), validation_as_of,
            model.validation_rows, model.validation_positive_rows,
            model.validation_auc, model.l2_penalty, model.positive_class_weight,
            model.fairness_json, model.thresholds_json, report,
            model.feature_set_version, std::string(kVersionMark),
            model.validation_method,
            TextArrayLiteral(model.validation_warnings),
            model.validation_method_zh,
            TextArrayLiteral(model.validation_warnings_zh));
        const std::string version = result[0][0].as<std::string>();
        InsertDriftReferences(tx, version, model.drift_references);
        if (activate) {
          RecordActivation(tx, version, previous, "activate", false,
                           model.created_by);
        }
        return version;
      });
}

absl::StatusOr<std::vector<ModelRecord>> PgModelStore::ListModels() {
  return InTransaction(
      *pool_, "list models",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<ModelRecord>> {
        const pqxx::result result = tx.exec(
            absl::StrCat("SELECT ", RecordColumns(),
                         "FROM baoxue.models m ORDER BY m.model_id DESC"));
        std::vector<ModelRecord> records;
        records.reserve(result.size());
        for (const pqxx::row& row : result) {
          absl::StatusOr<ModelRecord> record = ToRecord(row);
          if (!record.ok()) return record.status();
          records.push_back(*std::move(record));
        }
        return records;
      });
}

absl::StatusOr<ModelRecord> PgModelStore::GetModel(const std::string& version) {
  return InTransaction(*pool_, "read model",
                       [&](pqxx::work& tx) -> absl::StatusOr<ModelRecord> {
                         return FindRecord(tx, version);
                       });
}

absl::StatusOr<std::string> PgModelStore::GetReport(
    const std::string& version) {
  return InTransaction(
      *pool_, "read model report",
      [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
        const pqxx::result result = tx.exec_params(
            "SELECT report_html FROM baoxue.models WHERE version = $1",
            version);
        if (result.empty()) {
          return absl::NotFoundError(
              absl::StrCat("no model version '", version, "'"));
        }
        if (result[0][0].is_null()) {
          return absl::NotFoundError(
              absl::StrCat("model ", version, " has no stored report"));
        }
        return result[0][0].as<std::string>();
      });
}

absl::StatusOr<ActivationResult> PgModelStore::ActivateModel(
    const ActivationRequest& request, const ActivationCheck& check) {
  return InTransaction(
      *pool_, request.rollback ? "roll back model" : "activate model",
      [&](pqxx::work& tx) -> absl::StatusOr<ActivationResult> {
        LockActivations(tx);
        absl::Status status;
        std::optional<ModelRecord> active = ActiveRecord(tx, status);
        if (!status.ok()) return status;
        std::string target_version = request.version;
        if (request.rollback) {
          if (!active.has_value()) {
            return absl::FailedPreconditionError(
                "no model is active, so there is nothing to roll back");
          }
          // The model the current one replaced when it was last activated
          // by an activation proper (not by a rollback): repeated rollbacks
          // walk back through the history instead of toggling.
          const pqxx::result previous = tx.exec_params(
              "SELECT p.version FROM baoxue.model_activations a "
              "JOIN baoxue.models p ON p.model_id = a.previous_model_id "
              "WHERE a.model_id = $1 AND a.kind = 'activate' "
              "ORDER BY a.activation_id DESC LIMIT 1",
              active->model_id);
          if (previous.empty()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "the active model ", active->version,
                " replaced no earlier model, so there is nothing to roll "
                "back to"));
          }
          target_version = previous[0][0].as<std::string>();
        }
        absl::StatusOr<ModelRecord> target = FindRecord(tx, target_version);
        if (!target.ok()) return target.status();
        if (target->state == ModelState::kActive) {
          return absl::FailedPreconditionError(
              absl::StrCat("model ", target->version, " is already active"));
        }
        if (check) {
          absl::Status allowed =
              check(*target, active.has_value() ? &*active : nullptr);
          if (!allowed.ok()) return allowed;
        }
        std::optional<int64_t> previous_id;
        ActivationResult result;
        result.version = target->version;
        if (active.has_value()) {
          tx.exec_params(
              "UPDATE baoxue.models SET state = 'retired' WHERE model_id = $1",
              active->model_id);
          previous_id = active->model_id;
          result.previous_version = active->version;
        }
        tx.exec_params(
            "UPDATE baoxue.models SET state = 'active' WHERE model_id = $1",
            target->model_id);
        RecordActivation(tx, target->version, previous_id,
                         request.rollback ? "rollback" : "activate",
                         request.forced, request.activated_by);
        return result;
      });
}

}  // namespace baoxue::store
