#ifndef BAOXUE_SERVER_CORE_RUN_SCHEDULER_H_
#define BAOXUE_SERVER_CORE_RUN_SCHEDULER_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "baoxue/v1/config.pb.h"
#include "server/core/clock.h"
#include "server/core/risk_runner.h"
#include "server/store/directory_store.h"

namespace baoxue::core {

// Starts the daily risk runs of RiskRunConfig.scheduled: once the county's
// local time (UTC+8) reaches an entry's at_local_time, the run of that area
// for that day is started as the system (requested_by "scheduler"). A server
// started after the time catches up the same day. Several servers may run
// the same schedule: the run is one per (area, day, model), so the others
// find it done, or get ABORTED while it is in progress and look again after
// `retry_delay` (resuming it if that server died). A failed attempt is also
// retried after `retry_delay`.
//
// Thread-safe. Start() launches one thread that checks every `poll`; Stop()
// cancels a run in progress at its next chunk boundary (it stays
// resumable) and joins the thread. Does not own the runner, the directory or
// the clock.
class RunScheduler {
 public:
  // INVALID_ARGUMENT for a bad entry (see ApplyRiskRunDefaults).
  static absl::StatusOr<std::unique_ptr<RunScheduler>> Create(
      const RiskRunner* runner, store::DirectoryStore* directory,
      const Clock* clock, const baoxue::v1::RiskRunConfig& config,
      absl::Duration poll = absl::Seconds(30),
      absl::Duration retry_delay = absl::Minutes(10));
  ~RunScheduler();

  // Starts every entry due at the clock's time that has not yet succeeded
  // today and is not waiting for a retry.
  // Returns how many runs it started. Called by the thread; tests call it
  // directly with a fake clock.
  int RunDue();

  void Start();
  void Stop();

 private:
  struct Entry {
    std::string area_code;
    int minute_of_day = 0;
    absl::CivilDay done_day;  // the last day its run succeeded
    absl::Time retry_after;
  };
  RunScheduler(const RiskRunner* runner, store::DirectoryStore* directory,
               const Clock* clock, std::vector<Entry> entries,
               absl::Duration poll, absl::Duration retry_delay)
      : runner_(runner),
        directory_(directory),
        clock_(clock),
        poll_(poll),
        retry_delay_(retry_delay),
        entries_(std::move(entries)) {}

  const RiskRunner* runner_;
  store::DirectoryStore* directory_;
  const Clock* clock_;
  const absl::Duration poll_;
  const absl::Duration retry_delay_;
  absl::Mutex mu_;  // one RunDue at a time
  std::vector<Entry> entries_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RUN_SCHEDULER_H_
