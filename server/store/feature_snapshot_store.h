#ifndef BAOXUE_SERVER_STORE_FEATURE_SNAPSHOT_STORE_H_
#define BAOXUE_SERVER_STORE_FEATURE_SNAPSHOT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/store/feature_set.h"

namespace baoxue::store {

// One day's stored snapshot of every student's features.
struct FeatureSnapshotDay {
  absl::CivilDay as_of;
  absl::Time computed_at;   // when its refresh began
  int64_t students = 0;     // rows
  std::string computed_by;  // e.g. "risk run 42", "features refresh"
  double seconds = 0;       // how long the refresh took
};

struct FeatureSnapshotRefresh {
  FeatureSnapshotDay day;
  int days_pruned = 0;  // older days removed by the retention rule
  bool reused = false;  // the day's snapshot was fresh: nothing recomputed
};

// Daily materialised features (deploy/sql/0008_feature_snapshots.sql): the
// output of baoxue.student_features(as_of) stored per day, so risk runs and
// ScoreStudents read rows instead of recomputing aggregates.
// Implementations are thread-safe.
// Errors: UNAVAILABLE (database unreachable), INTERNAL (anything else).
class FeatureSnapshotStore {
 public:
  // Called after each range of students is written: rows written so far and
  // the number of students when the refresh began (an estimate of the end).
  using ProgressFn = std::function<void(int64_t written, int64_t total)>;

  virtual ~FeatureSnapshotStore() = default;

  // The day's snapshot, or nullopt if it has none.
  virtual absl::StatusOr<std::optional<FeatureSnapshotDay>> Find(
      absl::CivilDay as_of) = 0;

  // Recomputes the day's snapshot from the live features, replacing its old
  // rows, and prunes days past the retention, all in one transaction: on
  // any error the previous snapshot (if any) is left as it was. If the
  // day's snapshot was computed less than `reuse_within` ago (by the
  // database's clock) it is returned as it is instead (`reused`); zero
  // always recomputes, InfiniteDuration() only computes a missing day.
  // Two refreshes of the same day queue one behind the other, so the
  // second may reuse the first's rows. `progress` may be null.
  virtual absl::StatusOr<FeatureSnapshotRefresh> Refresh(
      absl::CivilDay as_of, const std::string& computed_by,
      absl::Duration reuse_within, const ProgressFn& progress) = 0;

  // Refresh() for a feature set other than the catalogue (the active
  // model's): its rows go to baoxue.feature_set_snapshots under
  // `source.key`, by the same rules (one transaction, reuse, retention).
  // INVALID_ARGUMENT quoting PostgreSQL if the set does not evaluate.
  // The default returns UNIMPLEMENTED so fakes need only what they use.
  virtual absl::StatusOr<FeatureSnapshotRefresh> RefreshFeatureSet(
      const FeatureSetSource& source, absl::CivilDay as_of,
      const std::string& computed_by, absl::Duration reuse_within) {
    (void)source, (void)as_of, (void)computed_by, (void)reuse_within;
    return absl::UnimplementedError("RefreshFeatureSet");
  }

  // Removes every day more than the retention before the newest snapshot
  // day; returns how many days went.
  virtual absl::StatusOr<int> Prune() = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_FEATURE_SNAPSHOT_STORE_H_
