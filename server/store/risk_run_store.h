#ifndef BAOXUE_SERVER_STORE_RISK_RUN_STORE_H_
#define BAOXUE_SERVER_STORE_RISK_RUN_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"
#include "server/store/area.h"
#include "server/store/feature_set.h"

namespace baoxue::store {

// kInterrupted is never stored: it is a run stored as 'running' that no
// execution holds (its server died or lost the database), decided when read
// by whether the run's lock is held.
enum class RunStatus { kRunning, kSucceeded, kFailed, kInterrupted };

// "running", "succeeded", "failed" (as stored in PostgreSQL), "interrupted".
absl::string_view RunStatusName(RunStatus status);

// What a risk run scores: every student of an area (county or township) or
// of a school. Exactly one is set.
struct RunScope {
  std::optional<Area> area;
  int64_t school_id = 0;
};

// A school and where it is (its township's or village's division code).
struct SchoolLocation {
  int64_t school_id = 0;
  std::string area_code;
};

// One risk run as stored.
struct RunRecord {
  int64_t run_id = 0;
  std::string area_code;  // the scope area; empty for a school run
  int64_t school_id = 0;  // the scope school; 0 for an area run
  // Where the scope lies: area_code, or the school's township/village code.
  // Permission checks compare it with the caller's area.
  std::string scope_code;
  absl::CivilDay as_of;
  std::string model_version;
  RunStatus status = RunStatus::kRunning;
  int64_t students_total = 0;
  int64_t students_scored = 0;
  int64_t students_medium = 0;
  int64_t students_high = 0;
  int64_t cases_opened = 0;
  // Resume point: every student of the scope up to this id is stored.
  std::optional<int64_t> last_student_id;
  bool scores_complete = false;
  std::string error;
  std::string requested_by;
  absl::Time started_at;
  std::optional<absl::Time> finished_at;
};

// Raw features of up to values.rows() students, in student_id order.
// Columns follow model::FeatureCatalog(); NaN marks a missing value. Rows at
// and after size() are stale: the buffers are reused from chunk to chunk.
struct FeatureChunk {
  std::vector<int64_t> student_ids;  // size() entries
  Eigen::MatrixXd values;            // capacity rows x catalogue size
  int64_t size() const { return static_cast<int64_t>(student_ids.size()); }
};

using ScoreTier = domain::RiskTier;

// One reason stored with a score: the index of a feature in
// ScoredChunk::feature_names, its raw value and log-odds contribution.
struct StoredReason {
  int feature = 0;
  double value = 0;
  double contribution = 0;
};

// Scores of one chunk, ready to be stored. Reasons of row i are
// reasons[reason_end[i-1] .. reason_end[i]) (from 0 for row 0).
// Buffers are reused from chunk to chunk; Clear() keeps their capacity.
struct ScoredChunk {
  const std::vector<std::string>* feature_names = nullptr;  // not owned
  std::vector<int64_t> student_ids;
  std::vector<double> probabilities;
  std::vector<ScoreTier> tiers;
  std::vector<StoredReason> reasons;
  std::vector<uint32_t> reason_end;

  int64_t size() const { return static_cast<int64_t>(student_ids.size()); }
  void Clear() {
    student_ids.clear();
    probabilities.clear();
    tiers.clear();
    reasons.clear();
    reason_end.clear();
  }
};

// Streams a run's students' features in student_id order. Not thread-safe:
// one thread reads it; destroying it before the end cancels the read.
class FeatureCursor {
 public:
  virtual ~FeatureCursor() = default;
  // Replaces `*chunk` (not owned) with the next up to chunk->values.rows()
  // students. False once every student has been read (the chunk is then
  // empty). UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<bool> Next(FeatureChunk* chunk) = 0;
};

// Exclusive execution of one run: while this object lives no other
// execution of the same run can start, in this process or any other server
// on the same database. Not thread-safe, except that a cursor from
// ReadFeatures may be used on another thread than the other methods.
// Errors: UNAVAILABLE (database unreachable), INTERNAL.
class RunExecution {
 public:
  virtual ~RunExecution() = default;

  // The run as stored now.
  virtual absl::StatusOr<RunRecord> Load() = 0;
  // Makes a failed run 'running' again (for a retry).
  virtual absl::Status Restart() = 0;
  // Features of the run's scope as of its date, of students after
  // `after_student_id` (every student if nullopt), in student_id order:
  // the day's feature snapshot if it has one, else the live features.
  virtual absl::StatusOr<std::unique_ptr<FeatureCursor>> ReadFeatures(
      std::optional<int64_t> after_student_id) = 0;
  // The same for a feature set other than the catalogue, from its day's
  // snapshot (baoxue.feature_set_snapshots under `source.key`), columns in
  // the set's order. FAILED_PRECONDITION if the day has no such snapshot.
  // The default returns UNIMPLEMENTED so fakes need only what they use.
  virtual absl::StatusOr<std::unique_ptr<FeatureCursor>> ReadFeatureSet(
      std::optional<int64_t> after_student_id, const FeatureSetSource& source) {
    (void)after_student_id, (void)source;
    return absl::UnimplementedError("ReadFeatureSet");
  }
  // Stores the chunk's scores and advances the counters and the resume point
  // to its last student, in one transaction. ALREADY_EXISTS if a student of
  // the chunk already has a score in this run.
  virtual absl::Status AppendScores(const ScoredChunk& chunk) = 0;
  // Records that every score is stored.
  virtual absl::Status MarkScoresComplete() = 0;
  // Ends the run: 'succeeded' with `cases_opened`, or 'failed' with `error`
  // (stored as given: it must not hold personal data).
  virtual absl::Status Succeed(int64_t cases_opened) = 0;
  virtual absl::Status Fail(absl::string_view error) = 0;
  // Records why the execution stops without ending the run (it stays
  // 'running', so it reads interrupted with `reason` once released, and is
  // resumed). For database trouble; best effort, since the database may not
  // take the write.
  virtual absl::Status Interrupt(absl::string_view reason) = 0;
};

// Risk runs and their scores. Implementations are thread-safe.
// Errors: UNAVAILABLE (database unreachable), INTERNAL, and as stated.
class RiskRunStore {
 public:
  virtual ~RiskRunStore() = default;

  // NOT_FOUND if there is no such school.
  virtual absl::StatusOr<SchoolLocation> FindSchool(int64_t school_id) = 0;

  // The one run of (scope, as_of, model_version), created 'running' (with
  // students_total counted and `requested_by` recorded) if there is none.
  // NOT_FOUND if no model has that version.
  virtual absl::StatusOr<RunRecord> FindOrCreateRun(
      const RunScope& scope, absl::CivilDay as_of,
      const std::string& model_version, const std::string& requested_by) = 0;

  // Takes the run for execution. ABORTED "run N is in progress" if another
  // execution holds it; NOT_FOUND if there is no such run.
  virtual absl::StatusOr<std::unique_ptr<RunExecution>> Execute(
      int64_t run_id) = 0;

  // NOT_FOUND if there is no such run.
  virtual absl::StatusOr<RunRecord> GetRun(int64_t run_id) = 0;

  // The latest `limit` runs whose scope lies in `within`, newest first.
  virtual absl::StatusOr<std::vector<RunRecord>> ListRuns(const Area& within,
                                                          int limit) = 0;

  // Up to `limit` interrupted runs (stored 'running', held by no
  // execution) started at least `min_age` ago, oldest first. The age keeps
  // a run just created, whose creator is about to take it, out of the list.
  virtual absl::StatusOr<std::vector<RunRecord>> ListInterruptedRuns(
      absl::Duration min_age, int limit) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_RISK_RUN_STORE_H_
