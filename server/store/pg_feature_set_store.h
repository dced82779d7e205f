#ifndef BAOXUE_SERVER_STORE_PG_FEATURE_SET_STORE_H_
#define BAOXUE_SERVER_STORE_PG_FEATURE_SET_STORE_H_

#include <string>
#include <utility>
#include <vector>

#include "server/store/feature_set_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// FeatureSetStore over baoxue.feature_sets. Tests run in READ ONLY
// transactions with the statement timeout, each expression in its own
// savepoint so one failure does not hide the others, under
// `feature_reader_role` when set (database_roles.feature_reader_role: an
// expression reading tokens or accounts fails as that expression's error).
// Thread-safe; does not own `pool`.
class PgFeatureSetStore : public FeatureSetStore {
 public:
  PgFeatureSetStore(PgConnectionPool* pool, int statement_timeout_seconds,
                    std::string feature_reader_role = "")
      : pool_(pool),
        statement_timeout_seconds_(statement_timeout_seconds),
        feature_reader_role_(std::move(feature_reader_role)) {}

  absl::StatusOr<baoxue::v1::FeatureSetDefinition> CreateFeatureSet(
      const baoxue::v1::FeatureSetDefinition& definition,
      const std::string& created_by) override;
  absl::StatusOr<baoxue::v1::FeatureSetDefinition> GetFeatureSet(
      const std::string& version) override;
  absl::StatusOr<std::vector<baoxue::v1::FeatureSetDefinition>>
  ListFeatureSets() override;
  absl::StatusOr<FeatureSetTest> TestFeatureSet(const FeatureSet& set,
                                                absl::CivilDay as_of) override;

 private:
  PgConnectionPool* pool_;
  int statement_timeout_seconds_;
  const std::string feature_reader_role_;
};

// The feature definitions as the jsonb array stored in feature_sets.features
// and models.feature_spec, and back.
std::string FeatureDefinitionsJson(
    const std::vector<baoxue::v1::FeatureDefinition>& features);
absl::StatusOr<std::vector<baoxue::v1::FeatureDefinition>>
ParseFeatureDefinitions(const std::string& json_array);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_FEATURE_SET_STORE_H_
