#ifndef BAOXUE_SERVER_CORE_RISK_RUNNER_H_
#define BAOXUE_SERVER_CORE_RISK_RUNNER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/core/drift_monitor.h"
#include "server/core/input_checks.h"
#include "server/core/model_holder.h"
#include "server/store/directory_store.h"
#include "server/store/feature_snapshot_store.h"
#include "server/store/risk_run_store.h"

namespace baoxue::core {

// Called once every score of a run is stored: opens the cases the run calls
// for and returns how many it opened. Provided by the case engine; must be
// safe to call again for the same run (a failed run re-invokes it).
using OpenCasesHook = std::function<absl::StatusOr<int64_t>(int64_t run_id)>;

struct RiskRunnerOptions {
  int chunk_size = 20000;  // students per committed chunk (resume granularity)
  int max_reasons = 3;     // reasons stored with each score
  // A run first refreshes its day's feature snapshot unless the snapshot
  // was computed less than this long ago (zero: always refresh). A resumed
  // run keeps any snapshot of its day, whatever its age, so all its chunks
  // are scored from the same features.
  absl::Duration snapshot_max_age = absl::Minutes(60);
  // No run as of a day before this (nor before the county's first school
  // day): nothing is written for it.
  absl::CivilDay data_start_floor = kDefaultDataStartFloor;
};

// What to run. Exactly one of area_code (12-digit county or township code)
// and school_id.
struct RunRequest {
  std::string area_code;
  int64_t school_id = 0;
  std::optional<absl::CivilDay> as_of;  // default: today in the county
  std::string requested_by;             // default: caller.Describe()
};

struct RunProgress {
  enum class Phase { kRefreshingFeatures, kScoring, kOpeningCases, kDone };
  Phase phase = Phase::kScoring;
  store::RunRecord run;       // counters so far
  bool resumed = false;       // continued an interrupted or failed run
  bool already_done = false;  // had succeeded before; nothing was rescored
  // kRefreshingFeatures: students whose features are computed so far, of
  // about features_total.
  int64_t features_computed = 0;
  int64_t features_total = 0;
};

// Told of the runs this process executes, for /metrics (docs/metrics.md).
// Called on the run's calling thread; must be thread-safe across runs.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Every progress report of a run being executed (not of one that had
  // already succeeded).
  virtual void OnRunProgress(const RunProgress& progress) = 0;
  // The run ended: `status` is OK or the run's error (CANCELLED when
  // cancelled); `run` is its last reported state; `elapsed` the wall time
  // of this execution.
  virtual void OnRunEnded(const store::RunRecord& run,
                          const absl::Status& status,
                          absl::Duration elapsed) = 0;
};

// Risk runs: scores every student of a scope as of a date with the active
// model and stores every score, chunk by chunk.
//
// One run exists per (scope, date, model version). Starting it again returns
// a succeeded run untouched, resumes an interrupted ('running' with nobody
// executing it) or failed run after its last stored student, and is ABORTED
// ("run N is in progress") while another call or server executes it. A
// failure for database trouble (UNAVAILABLE) leaves the run interrupted with
// its reason, for RunResumer; any other failure marks it 'failed'.
//
// With a snapshot store, the run's first phase makes sure its day has a
// feature snapshot (refreshing it by the rule of snapshot_max_age) and the
// run then reads the snapshot; without one it reads the live features.
//
// Memory is constant in the scope's size: features stream in chunks of
// `chunk_size` rows; one thread reads and scores the next chunk while the
// calling thread stores the previous one, so at most two chunks are held.
//
// With a drift monitor, a county-wide run that scores every student counts
// the features and scores it streams into the model's drift references and
// stores the day's figures (source run; also refresh when the run's own
// refresh recomputed the snapshot). Any other run whose refresh recomputed
// the snapshot has the monitor read it. A drift failure is logged and
// counted, never fails the run.
//
// Thread-safe (runs of different scopes proceed in parallel). Does not own
// the stores, the holder, the clock or the monitor; `snapshots`, `observer`
// and `drift` may be null.
class RiskRunner {
 public:
  using ProgressFn = std::function<void(const RunProgress&)>;
  using CancelledFn = std::function<bool()>;

  RiskRunner(store::RiskRunStore* runs, store::DirectoryStore* directory,
             const ModelHolder* models, const Clock* clock,
             RiskRunnerOptions options, OpenCasesHook open_cases,
             store::FeatureSnapshotStore* snapshots = nullptr,
             RunObserver* observer = nullptr,
             const DriftMonitor* drift = nullptr)
      : runs_(runs),
        directory_(directory),
        models_(models),
        clock_(clock),
        options_(options),
        open_cases_(std::move(open_cases)),
        snapshots_(snapshots),
        observer_(observer),
        drift_(drift) {}

  // Runs (or resumes, or returns) the run of `request`, calling `progress`
  // (may be null) on the calling thread while the feature snapshot is
  // refreshed, after each stored chunk, when the case step starts and at
  // the end. `cancelled` (may be null) is polled
  // after each chunk: if it returns true the run stops there as 'failed'
  // (resumable) and CANCELLED is returned.
  // Errors: PERMISSION_DENIED (role, or scope outside the caller's area);
  // INVALID_ARGUMENT naming area_code, school_id or as_of_date; NOT_FOUND
  // unknown area or school; UNAVAILABLE no model loaded or database down;
  // ABORTED run in progress elsewhere; the hook's error (run 'failed').
  absl::StatusOr<store::RunRecord> Run(const Caller& caller,
                                       const RunRequest& request,
                                       const ProgressFn& progress,
                                       const CancelledFn& cancelled) const;

  // Resumes an interrupted run as the system (RunResumer): the same run,
  // with its own requester, date and model. FAILED_PRECONDITION if another
  // model is active now (the run is left as it is); else as Run.
  absl::StatusOr<store::RunRecord> Resume(const store::RunRecord& run,
                                          const CancelledFn& cancelled) const;

  // NOT_FOUND; PERMISSION_DENIED if the run's scope is outside the caller's
  // area.
  absl::StatusOr<store::RunRecord> GetRun(const Caller& caller,
                                          int64_t run_id) const;

  // The latest `limit` (0 = 20, at most 1000) runs inside the caller's area.
  absl::StatusOr<std::vector<store::RunRecord>> ListRuns(const Caller& caller,
                                                         int limit) const;

 private:
  // Run without the observer.
  absl::StatusOr<store::RunRecord> Execute(const Caller& caller,
                                           const RunRequest& request,
                                           const ProgressFn& progress,
                                           const CancelledFn& cancelled) const;
  absl::StatusOr<store::RunScope> ResolveScope(const Caller& caller,
                                               const RunRequest& request) const;
  // True if the snapshot was recomputed (not reused).
  absl::StatusOr<bool> RefreshFeatures(const store::RunRecord& run,
                                       const ActiveModel& model, bool resumed,
                                       const ProgressFn& progress) const;
  // `drift` (may be null) counts every chunk scored.
  absl::Status ScoreAll(store::RunExecution& execution,
                        const ActiveModel& model, store::RunRecord& run,
                        const ProgressFn& progress, bool resumed,
                        const CancelledFn& cancelled, DriftPass* drift) const;
  // Stores the run's drift figures; logs and counts a failure.
  void RecordDrift(const store::RunRecord& run, const ActiveModel& model,
                   const DriftPass* pass, bool refreshed) const;

  store::RiskRunStore* runs_;
  store::DirectoryStore* directory_;
  const ModelHolder* models_;
  const Clock* clock_;
  const RiskRunnerOptions options_;
  const OpenCasesHook open_cases_;
  store::FeatureSnapshotStore* const snapshots_;
  RunObserver* const observer_;      // may be null; not owned
  const DriftMonitor* const drift_;  // may be null; not owned
};

// Scores one chunk of features with `model` into `out` (buffers reused):
// probability, tier and the top `max_reasons` raising reasons of each row,
// selected exactly as the Scorer's reasons (model::RiskModel::ExplainRow).
void ScoreChunk(const model::RiskModel& model,
                const store::FeatureChunk& features, int max_reasons,
                store::ScoredChunk* out);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RISK_RUNNER_H_
