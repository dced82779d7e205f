#ifndef BAOXUE_SERVER_CORE_CASE_ESCALATOR_H_
#define BAOXUE_SERVER_CORE_CASE_ESCALATOR_H_

#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/core/clock.h"
#include "server/store/case_store.h"

namespace baoxue::core {

// Moves overdue cases up the chain: every `poll` it escalates each case
// whose level missed a deadline by the clock, and reminds the last level of
// overdue cases. Safe with several servers (the store skips cases another
// server is escalating). Does not own the store or the clock.
class CaseEscalator {
 public:
  CaseEscalator(store::CaseStore* cases, const Clock* clock,
                absl::Duration poll)
      : cases_(cases), clock_(clock), poll_(poll) {}
  ~CaseEscalator() { Stop(); }

  // One sweep at the clock's now, until nothing more is due.
  absl::StatusOr<store::EscalationSweep> RunOnce();

  // Sweeps in a background thread until Stop().
  void Start();
  void Stop();

 private:
  store::CaseStore* cases_;
  const Clock* clock_;
  const absl::Duration poll_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CASE_ESCALATOR_H_
