#ifndef BAOXUE_SERVER_STORE_AUDIT_STORE_H_
#define BAOXUE_SERVER_STORE_AUDIT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace baoxue::store {

// One audited call: who, what, when, from where, with what result. Holds
// student ids: never log it.
struct AuditEvent {
  int64_t at_us = 0;        // microseconds since 1970 UTC
  std::string caller;       // Caller::Describe(): "token 5", "web account 3"
  std::string role;         // caller role code
  std::string caller_area;  // the caller's scope (division code)
  std::string action;       // gRPC method or HTTP route
  std::vector<int64_t> student_ids;
  std::string target;  // area code, case id, ...
  int64_t count = 0;   // records returned or changed
  std::string peer;    // the client's address
  std::string result;  // status code name
};

// A stored row: the event and its place in the hash chain (32-byte hashes).
struct AuditRow {
  int64_t audit_id = 0;
  AuditEvent event;
  std::string prev_hash;
  std::string row_hash;
};

// Where the chain starts (the last pruned row; id 0 and zero hash at first)
// or ends (the newest row).
struct AuditLink {
  int64_t audit_id = 0;
  std::string hash;
};

struct AuditQuery {
  std::optional<int64_t> student_id;
  std::string caller;  // "" = any
  std::optional<int64_t> from_us;
  std::optional<int64_t> to_us;  // exclusive
  int limit = 100;
};

// row_hash of a new row from its id, the previous row's hash and the event
// (core::AuditRowHash: the chain is computed in core, the store only
// stores it).
using AuditHasher = std::function<std::string(
    int64_t audit_id, const std::string& prev_hash, const AuditEvent& event)>;

// The append-only audit table (deploy/sql/0016_audit.sql). Thread-safe.
// Errors: UNAVAILABLE, INTERNAL.
class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends the events in order, in one transaction that holds the chain's
  // head locked, so concurrent writers chain one after another.
  virtual absl::Status Append(const std::vector<AuditEvent>& events,
                              const AuditHasher& hasher) = 0;

  // Up to `limit` rows with audit_id > after_id, oldest first.
  virtual absl::StatusOr<std::vector<AuditRow>> ReadChain(int64_t after_id,
                                                          int limit) = 0;
  virtual absl::StatusOr<AuditLink> Anchor() = 0;
  virtual absl::StatusOr<AuditLink> Head() = 0;

  // Matching rows, newest first.
  virtual absl::StatusOr<std::vector<AuditRow>> Query(
      const AuditQuery& query) = 0;

  // Deletes rows older than `before_us` (never the newest) through
  // baoxue.prune_audit, which moves the anchor; returns how many.
  virtual absl::StatusOr<int64_t> Prune(int64_t before_us) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_AUDIT_STORE_H_
