#include "server/store/pg_feature_set_store.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "pqxx/subtransaction"
#include "server/store/pg_feature_evaluation.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// A relation may ignore the as-of date ($1, e.g. a static table); the
// statement must still use its parameter, or PostgreSQL refuses the bind
// (SQLSTATE 08P01, which libpqxx reports as a lost connection).
constexpr char kUsesTheDate[] = " WHERE $1::date IS NOT NULL";

constexpr char kColumns[] =
    "version, name, relation, features::text, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "created_by";

absl::StatusOr<baoxue::v1::FeatureSetDefinition> ParseRow(
    const pqxx::row& row) {
  baoxue::v1::FeatureSetDefinition set;
  set.set_version(row[0].as<std::string>());
  set.set_name(row[1].as<std::string>());
  set.set_relation(row[2].as<std::string>());
  absl::StatusOr<std::vector<baoxue::v1::FeatureDefinition>> features =
      ParseFeatureDefinitions(row[3].as<std::string>());
  if (!features.ok()) return features.status();
  for (baoxue::v1::FeatureDefinition& f : *features) {
    *set.add_features() = std::move(f);
  }
  set.set_created_at(row[4].as<std::string>());
  set.set_created_by(row[5].as<std::string>());
  return set;
}

std::optional<double> OptionalDouble(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<double>();
}

std::string Bound(bool has, double value, double otherwise) {
  return absl::StrCat(has ? value : otherwise);
}

}  // namespace

std::string FeatureDefinitionsJson(
    const std::vector<baoxue::v1::FeatureDefinition>& features) {
  std::vector<std::string> items;
  items.reserve(features.size());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  for (const baoxue::v1::FeatureDefinition& feature : features) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(feature, &json, options);
    items.push_back(std::move(json));
  }
  return absl::StrCat("[", absl::StrJoin(items, ","), "]");
}

absl::StatusOr<std::vector<baoxue::v1::FeatureDefinition>>
ParseFeatureDefinitions(const std::string& json_array) {
  google::protobuf::ListValue list;
  if (!google::protobuf::util::JsonStringToMessage(json_array, &list).ok()) {
    return absl::DataLossError("stored feature definitions do not parse");
  }
  std::vector<baoxue::v1::FeatureDefinition> features;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  for (const google::protobuf::Value& item : list.values()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(item, &json);
    baoxue::v1::FeatureDefinition feature;
    if (!google::protobuf::util::JsonStringToMessage(json, &feature, options)
             .ok()) {
      return absl::DataLossError("a stored feature definition does not parse");
    }
    features.push_back(std::move(feature));
  }
  return features;
}

absl::StatusOr<baoxue::v1::FeatureSetDefinition>
PgFeatureSetStore::CreateFeatureSet(
    const baoxue::v1::FeatureSetDefinition& definition,
    const std::string& created_by) {
  static const std::string* const kInsert =
      new std::string(absl::StrCat("INSERT INTO baoxue.feature_sets "
                                   "(name, relation, features, created_by) "
                                   "VALUES ($1, $2, $3::jsonb, $4) RETURNING ",
                                   kColumns));
  const std::vector<baoxue::v1::FeatureDefinition> features(
      definition.features().begin(), definition.features().end());
  return InTransaction(
      *pool_, "create feature set",
      [&](pqxx::work& tx) -> absl::StatusOr<baoxue::v1::FeatureSetDefinition> {
        return ParseRow(
            tx.exec_params1(*kInsert, definition.name(), definition.relation(),
                            FeatureDefinitionsJson(features), created_by));
      });
}

absl::StatusOr<baoxue::v1::FeatureSetDefinition>
PgFeatureSetStore::GetFeatureSet(const std::string& version) {
  static const std::string* const kQuery = new std::string(
      absl::StrCat("SELECT ", kColumns,
                   " FROM baoxue.feature_sets WHERE version = $1 OR $1 = '' "
                   "ORDER BY feature_set_id DESC LIMIT 1"));
  return InTransaction(
      *pool_, "read feature set",
      [&](pqxx::work& tx) -> absl::StatusOr<baoxue::v1::FeatureSetDefinition> {
        const pqxx::result result = tx.exec_params(*kQuery, version);
        if (result.empty()) {
          return absl::NotFoundError(
              version.empty()
                  ? std::string("no feature set yet (baoxue featureset create)")
                  : absl::StrCat("no feature set version '", version,
                                 "' (see `baoxue featureset show`)"));
        }
        return ParseRow(result[0]);
      });
}

absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>>
PgFeatureSetStore::ListFeatureSets() {
  static const std::string* const kQuery = new std::string(
      absl::StrCat("SELECT ", kColumns,
                   " FROM baoxue.feature_sets ORDER BY feature_set_id DESC"));
  return InTransaction(
      *pool_, "list feature sets",
      [&](pqxx::work& tx)
          -> absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>> {
        std::vector<baoxue::v1::FeatureSetDefinition> sets;
        for (const pqxx::row& row : tx.exec(*kQuery)) {
          absl::StatusOr<baoxue::v1::FeatureSetDefinition> set = ParseRow(row);
          if (!set.ok()) return set.status();
          sets.push_back(*std::move(set));
        }
        return sets;
      });
}

absl::StatusOr<FeatureSetTest> PgFeatureSetStore::TestFeatureSet(
    const FeatureSet& set, absl::CivilDay as_of) {
  const std::string day = absl::FormatCivilTime(as_of);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  return InTransaction(
      *pool_, "test feature set",
      [&](pqxx::work& tx) -> absl::StatusOr<FeatureSetTest> {
        tx.exec("SET TRANSACTION READ ONLY");
        EnterFeatureEvaluation(tx, statement_timeout_seconds_,
                               feature_reader_role_);
        FeatureSetTest test;
        try {
          pqxx::subtransaction relation(tx, "relation");
          test.relation_rows =
              relation
                  .exec_params1(
                      absl::StrCat("SELECT count(f.student_id) FROM ",
                                   set.relation, " AS f", kUsesTheDate),
                      day)[0]
                  .as<int64_t>();
          relation.commit();
        } catch (const std::exception& e) {
          test.relation_error = PostgresMessage(e);
          if (test.relation_error.empty()) throw;
          return test;
        }
        for (size_t j = 0; j < set.features.size(); ++j) {
          const baoxue::v1::FeatureDefinition& feature = set.features[j];
          FeatureTest result;
          result.name = feature.name();
          try {
            pqxx::subtransaction one(tx, absl::StrCat("feature_", j));
            const pqxx::row row = one.exec_params1(
                absl::StrCat("SELECT count(*), count(*) - count(v), "
                             "count(*) FILTER (WHERE v < $2::float8 OR "
                             "v > $3::float8), min(v), max(v), avg(v) FROM "
                             "(SELECT ",
                             FeatureExpression(feature), " AS v FROM ",
                             set.relation, " AS f", kUsesTheDate, ") t"),
                day, Bound(feature.has_min(), feature.min(), -kInf),
                Bound(feature.has_max(), feature.max(), kInf));
            one.commit();
            result.rows = row[0].as<int64_t>();
            result.missing = row[1].as<int64_t>();
            result.out_of_range = row[2].as<int64_t>();
            result.minimum = OptionalDouble(row[3]);
            result.maximum = OptionalDouble(row[4]);
            result.mean = OptionalDouble(row[5]);
          } catch (const std::exception& e) {
            result.error = PostgresMessage(e);
            if (result.error.empty()) throw;
          }
          test.features.push_back(std::move(result));
        }
        return test;
      });
}

}  // namespace baoxue::store
