#ifndef BAOXUE_SERVER_STORE_PG_FEATURE_STORE_H_
#define BAOXUE_SERVER_STORE_PG_FEATURE_STORE_H_

#include <string>
#include <utility>

#include "server/store/feature_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// FeatureStore over PostgreSQL. Scoring reads (FeaturesOfStudents,
// FeaturesInArea) read the day's feature snapshot (baoxue.feature_snapshots)
// when the day has one, else the live baoxue.student_features(as_of);
// training reads baoxue.training_examples(as_of, horizon). Thread-safe; does
// not own `pool`, which must outlive it.
class PgFeatureStore : public FeatureStore {
 public:
  // `statement_timeout_seconds` bounds a live evaluation of a feature set;
  // with `feature_reader_role` set it runs under that role
  // (database_roles.feature_reader_role), PERMISSION_DENIED if its SQL reads
  // what the role may not.
  explicit PgFeatureStore(PgConnectionPool* pool,
                          int statement_timeout_seconds = 600,
                          std::string feature_reader_role = "")
      : pool_(pool),
        statement_timeout_seconds_(statement_timeout_seconds),
        feature_reader_role_(std::move(feature_reader_role)) {}

  absl::StatusOr<StudentFeatureRows> FeaturesOfStudents(
      absl::Span<const int64_t> student_ids, absl::CivilDay as_of) override;
  absl::StatusOr<StudentFeatureRows> FeaturesInArea(
      const Area& area, absl::CivilDay as_of) override;
  absl::StatusOr<StudentFeatureRows> SetFeaturesOfStudents(
      const FeatureSetSource& source, absl::Span<const int64_t> student_ids,
      absl::CivilDay as_of) override;
  absl::StatusOr<StudentFeatureRows> SetFeaturesInArea(
      const FeatureSetSource& source, const Area& area,
      absl::CivilDay as_of) override;
  absl::StatusOr<LabelledRows> TrainingExamples(absl::CivilDay as_of,
                                                int horizon_days) override;

 private:
  absl::StatusOr<StudentFeatureRows> SetFeatures(const FeatureSetSource& source,
                                                 absl::string_view where,
                                                 const std::string& day,
                                                 const std::string& filter,
                                                 int prefix_length);

  PgConnectionPool* pool_;
  int statement_timeout_seconds_;
  const std::string feature_reader_role_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_FEATURE_STORE_H_
