#ifndef BAOXUE_SERVER_CORE_AUDIT_TRAIL_H_
#define BAOXUE_SERVER_CORE_AUDIT_TRAIL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/audit_chain.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/audit_store.h"

namespace baoxue::core {

// Who may read (query, verify, prune) the audit trail. ADMIN until the audit
// administrator role (三权分立, issue 14 point 3) is merged: THE ONE PLACE
// TO SWITCH to that role.
bool MayReadAudit(const Caller& caller);

// The security audit: records who read or changed what, and lets the audit
// reader query, verify and prune it. Recording never fails the audited call
// (a write error is logged, without the event's data). Thread-safe; does not
// own the store or the clock.
class AuditTrail {
 public:
  AuditTrail(store::AuditStore* store, const Clock* clock,
             absl::Duration retention = absl::Hours(24 * 180))
      : store_(store), clock_(clock), retention_(retention) {}

  // Appends `event` (its time set now when zero) to the chain.
  void Record(store::AuditEvent event) const;

  // PERMISSION_DENIED unless MayReadAudit; INVALID_ARGUMENT for a limit
  // outside 1..1000.
  absl::StatusOr<std::vector<store::AuditRow>> Query(
      const Caller& caller, store::AuditQuery query) const;
  absl::StatusOr<AuditVerification> Verify(const Caller& caller) const;
  // Deletes rows older than the retention (at least 180 days).
  absl::StatusOr<int64_t> Prune(const Caller& caller) const;

 private:
  store::AuditStore* store_;
  const Clock* clock_;
  const absl::Duration retention_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_AUDIT_TRAIL_H_
