#ifndef BAOXUE_SERVER_CORE_AUDIT_TRAIL_H_
#define BAOXUE_SERVER_CORE_AUDIT_TRAIL_H_

#include <cstdint>
#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/audit_chain.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/audit_store.h"

namespace baoxue::core {

// The security audit: records who read or changed what, and lets the audit
// reader query, verify and prune it.
//
// Record() queues the event; a writer thread appends the queue in batches
// (one transaction per batch, so audited calls neither wait for the database
// nor queue up on the chain's head lock). A full queue (kMaxQueued) makes
// Record wait: no event is dropped while the database answers. A failed
// batch is retried every second; only at shutdown are unwritable events
// given up (logged with their count, never their data). Query, Verify and
// Prune first wait for what was recorded before them.
// Thread-safe; does not own the store or the clock, which must outlive it.
class AuditTrail {
 public:
  static constexpr size_t kMaxQueued = 100000;
  static constexpr size_t kBatch = 500;

  AuditTrail(store::AuditStore* store, const Clock* clock,
             absl::Duration retention = absl::Hours(24 * 180));
  // Writes what is queued, then stops the writer.
  ~AuditTrail();

  // Queues `event` (its time set now when zero).
  void Record(store::AuditEvent event);
  // Waits until every event recorded before the call is written (or, at
  // shutdown, given up).
  void Flush();

  // PERMISSION_DENIED unless MayReadAudit (duties.h: the audit
  // administrator); INVALID_ARGUMENT for a limit
  // outside 1..1000.
  absl::StatusOr<std::vector<store::AuditRow>> Query(const Caller& caller,
                                                     store::AuditQuery query);
  absl::StatusOr<AuditVerification> Verify(const Caller& caller);
  // Deletes rows older than the retention (at least 180 days).
  absl::StatusOr<int64_t> Prune(const Caller& caller);

 private:
  void WriteLoop();

  store::AuditStore* store_;
  const Clock* clock_;
  const absl::Duration retention_;
  absl::Mutex mu_;
  std::deque<store::AuditEvent> queue_ ABSL_GUARDED_BY(mu_);
  int64_t queued_ ABSL_GUARDED_BY(mu_) = 0;  // events ever queued
  int64_t done_ ABSL_GUARDED_BY(mu_) = 0;    // ... written or given up
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_AUDIT_TRAIL_H_
