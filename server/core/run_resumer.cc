#include "server/core/run_resumer.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/log.h"

namespace baoxue::core {

RunResumer::~RunResumer() { Stop(); }

int RunResumer::ResumeInterrupted() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::vector<store::RunRecord>> interrupted =
      runs_->ListInterruptedRuns(min_age_, 100);
  if (!interrupted.ok()) {
    // The database is away: look again at the next poll.
    return 0;
  }
  int resumed = 0;
  for (const store::RunRecord& run : *interrupted) {
    if (stop_.HasBeenNotified()) break;
    if (left_alone_.count(run.run_id) > 0) continue;
    LogInfo(absl::StrCat("resuming interrupted risk run ", run.run_id, " (",
                         run.students_scored, "/", run.students_total,
                         " scored)"));
    const absl::StatusOr<store::RunRecord> done =
        runner_->Resume(run, [this] { return stop_.HasBeenNotified(); });
    if (done.ok()) {
      ++resumed;
    } else if (absl::IsAborted(done.status())) {
      LogInfo(absl::StrCat("risk run ", run.run_id,
                           " was taken by another server"));
    } else if (absl::IsFailedPrecondition(done.status())) {
      left_alone_.insert(run.run_id);
      LogWarning(absl::StrCat("not resuming risk run ", run.run_id, ": ",
                              done.status().message()));
    } else {
      LogWarning(absl::StrCat("resuming risk run ", run.run_id,
                              " stopped: ", done.status().ToString()));
    }
  }
  return resumed;
}

void RunResumer::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    do {
      ResumeInterrupted();
    } while (!stop_.WaitForNotificationWithTimeout(poll_));
  });
}

void RunResumer::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace baoxue::core
