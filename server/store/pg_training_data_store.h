#ifndef BAOXUE_SERVER_STORE_PG_TRAINING_DATA_STORE_H_
#define BAOXUE_SERVER_STORE_PG_TRAINING_DATA_STORE_H_

#include <string>
#include <utility>
#include <vector>

#include "server/store/pg_connection_pool.h"
#include "server/store/training_data_store.h"

namespace baoxue::store {

// TrainingDataStore over baoxue.training_examples (the labels) joined with
// the configured feature relation. The relation and expressions are spliced
// into the SQL text: they come from the data staff's server configuration,
// never from a request; the as-of date and horizon are parameters. Each load
// runs in a READ ONLY transaction with a statement timeout, so a mistaken
// expression cannot write or run for ever. Thread-safe; does not own `pool`.
class PgTrainingDataStore : public TrainingDataStore {
 public:
  // With `feature_reader_role` set, the feature expressions (and the label
  // relation) run under SET LOCAL ROLE to it
  // (database_roles.feature_reader_role): they can read the registers and
  // the staff schema only, never tokens or accounts.
  // `label_relation` (config training.label_relation; empty = the enrolment
  // events): student_id and label as of $1 with horizon $2.
  // `fairness` (config training.fairness_groups) adds audited groups.
  PgTrainingDataStore(PgConnectionPool* pool, int statement_timeout_seconds,
                      std::string feature_reader_role = "",
                      std::string label_relation = "",
                      std::vector<FairnessColumn> fairness = {})
      : pool_(pool),
        statement_timeout_seconds_(statement_timeout_seconds),
        feature_reader_role_(std::move(feature_reader_role)),
        label_relation_(std::move(label_relation)),
        fairness_(std::move(fairness)) {}

  absl::StatusOr<LabelledSnapshot> LoadSnapshot(const FeatureSet& features,
                                                absl::CivilDay as_of,
                                                int horizon_days) override;
  absl::StatusOr<absl::CivilDay> LastSchoolDay() override;

 private:
  PgConnectionPool* pool_;
  int statement_timeout_seconds_;
  const std::string feature_reader_role_;
  const std::string label_relation_;
  const std::vector<FairnessColumn> fairness_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_TRAINING_DATA_STORE_H_
