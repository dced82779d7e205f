#ifndef BAOXUE_SERVER_CORE_TRACK_RECORD_H_
#define BAOXUE_SERVER_CORE_TRACK_RECORD_H_

// The track record (issue 13, docs/models.md "Track record"): for every
// past risk run whose horizon has passed, how its flags turned out.
//
// Definitions (written once, here):
// * flagged   = scored in tier HIGH or MEDIUM (the tiers a case or a list
//               acts on); LOW is not flagged.
// * dropped out = a 'dropout' enrolment event dated in
//               (as_of, as_of + horizon_days], the model's own label.
// * brought back = the run opened a dropout-risk case for the student, or
//               attached its score to one, and that case closed 'returned'.
// * precision = flagged who dropped out / flagged;
//   recall    = flagged who dropped out / scored students who dropped out.
//   Either is absent (never a division by zero) when its denominator is 0.
// * due       = as_of + horizon_days <= the county's today; a run not yet
//               due shows only its due date. A model stored without a
//               horizon (legacy) counts with kDefaultHorizonDays.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/vocabulary.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/track_record_store.h"

namespace baoxue::core {

inline constexpr int kDefaultHorizonDays = 120;
// Runs listed when the caller does not say: this many due (each costs one
// grouped statement over its scores) and this many not yet due.
inline constexpr int kDefaultTrackRecordRuns = 5;
inline constexpr int kMaxTrackRecordRuns = 200;

// True for the tiers the track record counts as flagged (HIGH, MEDIUM).
bool IsFlagged(domain::RiskTier tier);

struct RealisedFigures {
  int64_t students = 0;
  int64_t flagged = 0;
  int64_t flagged_dropped_out = 0;
  int64_t flagged_brought_back = 0;
  int64_t dropped_out = 0;  // every scored student who dropped out
  std::optional<double> precision;
  std::optional<double> recall;
};

struct TierRecord {
  domain::RiskTier tier = domain::RiskTier::kLow;
  int64_t students = 0;
  int64_t dropped_out = 0;
  int64_t brought_back = 0;
  std::optional<double> dropout_rate;  // dropped_out / students
};

struct TownshipRecord {
  std::string township_code;
  std::string township_name;
  RealisedFigures figures;
};

struct MeasureRecord {
  domain::CaseMeasure measure = domain::CaseMeasure::kOther;
  int64_t cases = 0;
  std::optional<double> median_days_to_close;
};

struct RunTrackRecord {
  store::TrackedRun run;
  int horizon_days = 0;  // as counted (the default for a legacy model)
  absl::CivilDay due_on;
  bool due = false;
  // The rest only when due.
  RealisedFigures overall;
  std::vector<TierRecord> tiers;          // HIGH, MEDIUM, LOW: always three
  std::vector<TownshipRecord> townships;  // by township code
  std::vector<MeasureRecord> measures;    // every CaseMeasure, in its order
};

struct TrackRecord {
  absl::CivilDay today;
  std::vector<RunTrackRecord> runs;  // newest first
};

// The horizon a run counts with, its due date, and whether it is due.
RunTrackRecord ScheduleRun(const store::TrackedRun& run, absl::CivilDay today);

// The window of a (due) run's realised outcomes.
store::OutcomeWindow WindowOf(const RunTrackRecord& record);

// Fills `record`'s figures from the store's groups. Pure.
void FillRealisedFigures(const std::vector<store::RealisedCell>& cells,
                         const std::vector<store::MeasureCell>& measures,
                         RunTrackRecord* record);

// The figures of a set of groups (one township, or a whole run). Pure.
RealisedFigures SumFigures(const std::vector<store::RealisedCell>& cells);

// The outcome codes the store groups separately (returned, transferred,
// home_delivery).
std::vector<std::string> NamedOutcomeCodes();

// Reads the track record of the caller's area. Thread-safe (const); does not
// own its collaborators.
// Errors: PERMISSION_DENIED unless DATA_STAFF or ADMIN; INVALID_ARGUMENT if
// `limit` is outside 0..kMaxTrackRecordRuns (0 = the default); the store's.
class TrackRecordReader {
 public:
  TrackRecordReader(store::TrackRecordStore* store, const Clock* clock)
      : store_(store), clock_(clock) {}

  absl::StatusOr<TrackRecord> Read(const Caller& caller, int limit) const;

  // The same without an access check: runs anywhere in `within`.
  absl::StatusOr<TrackRecord> ReadWithin(const store::Area& within,
                                         int limit) const;

  // Only the runs and their due dates, no figures (the back-test's list):
  // up to `limit` not yet due, then up to `limit` due.
  absl::StatusOr<TrackRecord> ScheduleWithin(const store::Area& within,
                                             int limit) const;

  store::TrackRecordStore* store() const { return store_; }

 private:
  store::TrackRecordStore* store_;
  const Clock* clock_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TRACK_RECORD_H_
