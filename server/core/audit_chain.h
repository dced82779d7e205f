#ifndef BAOXUE_SERVER_CORE_AUDIT_CHAIN_H_
#define BAOXUE_SERVER_CORE_AUDIT_CHAIN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/audit_store.h"

namespace baoxue::core {

// The audit trail's hash chain (docs/security.md, "Security audit"):
//   row_hash = SHA-256(prev_hash || CanonicalAuditRow(id, event))
// where prev_hash is the previous row's row_hash (the anchor's hash for the
// first row kept, 32 zero bytes before any row). Pure functions.

// Every field of the row, each as <decimal byte length>:<bytes>; so no
// two different rows share a text.
std::string CanonicalAuditRow(int64_t audit_id, const store::AuditEvent& event);

// The 32-byte SHA-256 above.
std::string AuditRowHash(int64_t audit_id, const std::string& prev_hash,
                         const store::AuditEvent& event);

// What `baoxue audit verify` reports.
struct AuditVerification {
  bool intact = true;
  int64_t rows_checked = 0;
  int64_t first_bad_audit_id = 0;  // when !intact (0: the head itself)
  std::string problem;
  int64_t anchor_audit_id = 0;
};

// Recomputes the chain from the store's anchor to its head, reading it in
// pages: an edited row (its hash no longer matches), a deleted or inserted
// row (the next row's prev_hash or the head no longer matches) is reported
// with the first row where the chain breaks. Store errors pass through.
absl::StatusOr<AuditVerification> VerifyAuditChain(store::AuditStore& store,
                                                   int page_size = 1000);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_AUDIT_CHAIN_H_
