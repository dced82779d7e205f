#ifndef BAOXUE_TESTS_RUNS_FAKE_TRACK_RECORD_STORE_H_
#define BAOXUE_TESTS_RUNS_FAKE_TRACK_RECORD_STORE_H_

#include <map>
#include <string>
#include <vector>

#include "server/store/track_record_store.h"

namespace baoxue::testing {

// A TrackRecordStore over fixed rows the test sets (a fake: no grouping, the
// test gives the groups). Records the windows it was asked about.
// Not thread-safe.
class FakeTrackRecordStore : public store::TrackRecordStore {
 public:
  std::vector<store::TrackedRun> runs;
  std::map<int64_t, std::vector<store::RealisedCell>> cells;
  std::map<int64_t, std::vector<store::MeasureCell>> measures;
  std::map<int64_t, store::RunLabels> labels;
  std::map<int64_t, store::OutcomeWindow> windows_asked;

  absl::StatusOr<std::vector<store::TrackedRun>> ListSucceededRuns(
      const store::Area&, absl::CivilDay, int, int limit) override {
    std::vector<store::TrackedRun> out = runs;
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    return out;
  }
  absl::StatusOr<std::vector<store::RealisedCell>> RealisedCells(
      int64_t run_id, const store::OutcomeWindow& window) override {
    windows_asked[run_id] = window;
    return cells[run_id];
  }
  absl::StatusOr<std::vector<store::MeasureCell>> MeasureCells(
      int64_t run_id, const std::vector<std::string>&) override {
    return measures[run_id];
  }
  absl::StatusOr<store::RunLabels> ReadRunLabels(
      int64_t run_id, const store::OutcomeWindow& window) override {
    windows_asked[run_id] = window;
    return labels[run_id];
  }
};

}  // namespace baoxue::testing

#endif  // BAOXUE_TESTS_RUNS_FAKE_TRACK_RECORD_STORE_H_
