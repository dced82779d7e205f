#ifndef BAOXUE_SERVER_STORE_REPLICA_STATUS_H_
#define BAOXUE_SERVER_STORE_REPLICA_STATUS_H_

#include <optional>

#include "absl/time/time.h"

namespace baoxue::store {

// What the last measurement of a read replica found (docs/replica.md).
struct ReplicaState {
  // The replica answered the last measurement and is still a standby.
  bool reachable = false;
  // The replica holds everything the primary had committed at this time,
  // so an answer read from it at `now` is at most now - current_as_of old
  // (its lag). Unknown until a measurement finds it has replayed a
  // position the primary was seen at.
  std::optional<absl::Time> current_as_of;

  std::optional<absl::Duration> LagAt(absl::Time now) const {
    if (!current_as_of.has_value()) return std::nullopt;
    return now - *current_as_of;
  }
};

// A read replica's reachability and lag as one watcher keeps them, so that
// a read asks a cached figure instead of the databases. Thread-safe.
class ReplicaStatus {
 public:
  virtual ~ReplicaStatus() = default;
  virtual ReplicaState State() const = 0;
  // A read found the replica unavailable: it counts as unreachable until
  // the next measurement that reaches it.
  virtual void NoteUnreachable() = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_REPLICA_STATUS_H_
