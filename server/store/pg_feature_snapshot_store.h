#ifndef BAOXUE_SERVER_STORE_PG_FEATURE_SNAPSHOT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_FEATURE_SNAPSHOT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "server/store/feature_snapshot_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

struct FeatureSnapshotOptions {
  // Days kept: a refresh removes every day more than this many days before
  // the newest snapshot day (the day it refreshed always stays).
  int retention_days = 35;
  // Student ids per INSERT ... SELECT of a refresh (progress granularity).
  int64_t ids_per_range = 100000;
  // Longest evaluation of a feature set other than the catalogue.
  int statement_timeout_seconds = 600;
  // The role a feature set's expressions run under
  // (database_roles.feature_reader_role); "" = the application's own.
  std::string feature_reader_role;
};

// FeatureSnapshotStore on baoxue.feature_snapshots: a refresh runs set-based
// INSERT ... SELECT FROM baoxue.student_features(as_of) range by range of
// student_id in one transaction on a pooled connection, under a transaction
// advisory lock on (kSnapshotLockClass, day). Thread-safe; does not own
// `pool`, which must outlive it.
class PgFeatureSnapshotStore : public FeatureSnapshotStore {
 public:
  // First key of the advisory lock of a day's refresh ("bxfs").
  static constexpr int32_t kSnapshotLockClass = 0x62786673;

  PgFeatureSnapshotStore(PgConnectionPool* pool, FeatureSnapshotOptions options)
      : pool_(pool), options_(options) {}

  absl::StatusOr<std::optional<FeatureSnapshotDay>> Find(
      absl::CivilDay as_of) override;
  absl::StatusOr<FeatureSnapshotRefresh> Refresh(
      absl::CivilDay as_of, const std::string& computed_by,
      absl::Duration reuse_within, const ProgressFn& progress) override;
  absl::StatusOr<FeatureSnapshotRefresh> RefreshFeatureSet(
      const FeatureSetSource& source, absl::CivilDay as_of,
      const std::string& computed_by, absl::Duration reuse_within) override;
  absl::StatusOr<int> Prune() override;

 private:
  PgConnectionPool* pool_;
  const FeatureSnapshotOptions options_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_FEATURE_SNAPSHOT_STORE_H_
