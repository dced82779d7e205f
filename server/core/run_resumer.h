#ifndef BAOXUE_SERVER_CORE_RUN_RESUMER_H_
#define BAOXUE_SERVER_CORE_RUN_RESUMER_H_

#include <cstdint>
#include <set>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/core/risk_runner.h"
#include "server/store/risk_run_store.h"

namespace baoxue::core {

// Resumes interrupted risk runs: runs stored 'running' that no server holds
// (its server was killed, or lost or could not write to the database). Looks
// when started and every `poll` after, so a run interrupted by a database
// restart resumes once the database is back. Each run is taken through
// RiskRunner (its advisory lock): of several servers only one resumes it,
// the others get ABORTED and skip it. A run whose model is no longer the
// active one is left interrupted (logged once): starting it again is the
// operator's choice.
//
// Thread-safe. Start() launches one thread; Stop() cancels a run in
// progress at its next chunk boundary (it stays resumable) and joins. Does
// not own the runner or the store.
class RunResumer {
 public:
  // `min_age`: a run younger than this is not taken (its creator is about
  // to take it itself).
  RunResumer(const RiskRunner* runner, store::RiskRunStore* runs,
             absl::Duration poll, absl::Duration min_age = absl::Seconds(2))
      : runner_(runner), runs_(runs), poll_(poll), min_age_(min_age) {}
  ~RunResumer();

  // One look: resumes every interrupted run it can, one after another.
  // Returns how many it resumed to the end. Called by the thread; tests
  // call it directly.
  int ResumeInterrupted();

  void Start();
  void Stop();

 private:
  const RiskRunner* runner_;
  store::RiskRunStore* runs_;
  const absl::Duration poll_;
  const absl::Duration min_age_;
  absl::Mutex mu_;  // one pass at a time
  // Runs left alone for their model (logged once each).
  std::set<int64_t> left_alone_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_RUN_RESUMER_H_
