#ifndef BAOXUE_SERVER_STORE_DRIFT_STORE_H_
#define BAOXUE_SERVER_STORE_DRIFT_STORE_H_

#include <functional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/vocabulary.h"
#include "model/drift.h"
#include "server/store/feature_set.h"

namespace baoxue::store {

// The feature name that stands for the model's score in drift rows.
inline constexpr char kScoreDriftName[] = "";

// One feature's (or the score's) training-data distribution, kept with its
// model version (deploy/sql/0020_model_drift.sql).
struct FeatureDriftReference {
  std::string feature;  // kScoreDriftName for the score
  model::DriftReference reference;
};

// One stored figure: a version's feature on a day, from a source.
struct DriftRow {
  std::string model_version;
  absl::CivilDay day;
  domain::DriftSource source = domain::DriftSource::kRefresh;
  std::string feature;  // kScoreDriftName for the score
  model::DriftFigures figures;
};

// Where the push for newly crossed features goes: notify channel names.
// Composes the payload (a JSON object, docs/notifications.md) of one message
// naming `crossed` (rows of one version and day, first push of each).
using DriftMessageComposer =
    std::function<std::string(const std::vector<DriftRow>& crossed)>;

// What SaveDriftDay writes.
struct DriftDay {
  std::vector<DriftRow> rows;  // one version and day
  // Of `rows`, the ones past the major threshold: each is pushed at most
  // once per (version, day, feature), whichever source came first.
  std::vector<DriftRow> major;
  std::vector<std::string> channels;  // notify channel names; may be empty
  DriftMessageComposer compose;       // called only if something is new
};

// Model drift figures and their pushes. Implementations are thread-safe.
// Errors: UNAVAILABLE (database unreachable), ABORTED (serialization
// failure, retry), INTERNAL.
class DriftStore {
 public:
  virtual ~DriftStore() = default;

  // The references stored with `version` at training (features in model
  // order, the score last); empty if it has none (trained before drift).
  virtual absl::StatusOr<std::vector<FeatureDriftReference>> LoadReferences(
      const std::string& version) = 0;

  // In one transaction: replaces the day's rows of each (version, day,
  // source, feature), records the major crossings not recorded yet and,
  // if any is new, writes one message per channel to the outbox. Returns
  // how many features were newly pushed. INVALID_ARGUMENT if the rows mix
  // versions or days.
  virtual absl::StatusOr<int> SaveDriftDay(const DriftDay& day) = 0;

  // The rows of `version` for days in [from, to], newest day first.
  virtual absl::StatusOr<std::vector<DriftRow>> ListDrift(
      const std::string& version, absl::CivilDay from, absl::CivilDay to) = 0;

  // The newest day's rows of `version` (runs before refreshes for a
  // feature); empty if none.
  virtual absl::StatusOr<std::vector<DriftRow>> LatestDrift(
      const std::string& version) = 0;

  // The day's stored features of every student, columns in `names` order
  // (NaN = missing): the catalogue snapshot when `source` is null, else the
  // feature set's. FAILED_PRECONDITION if the day has no snapshot.
  virtual absl::StatusOr<Eigen::MatrixXd> ReadSnapshot(
      absl::CivilDay day, const FeatureSetSource* source,
      const std::vector<std::string>& names) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_DRIFT_STORE_H_
