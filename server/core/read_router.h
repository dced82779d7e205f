#ifndef BAOXUE_SERVER_CORE_READ_ROUTER_H_
#define BAOXUE_SERVER_CORE_READ_ROUTER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/replica_status.h"

namespace baoxue::core {

struct ReadRouterOptions {
  // Reads go to the primary while the replica is further behind than this.
  absl::Duration max_lag = absl::Seconds(5);
  // After a caller's write its reads go to the primary this long.
  absl::Duration own_writes = absl::Seconds(10);
};

// Where each read-only call goes: the read replica (read_replica in the
// config, docs/replica.md) or the primary. A read goes to the replica when
// the replica is reachable, no more than max_lag behind, and the caller
// (token or web account) has not written within own_writes, so a caller
// always reads its own writes. A read the replica fails as unavailable (it
// stopped between two measurements) is asked again of the primary: no call
// fails for the replica's sake. Every decision is counted (figures()).
//
// Thread-safe. Does not own `replica` (null: no replica, every read goes to
// the primary as before) nor `clock`.
class ReadRouter {
 public:
  ReadRouter(store::ReplicaStatus* replica, const Clock* clock,
             ReadRouterOptions options = {})
      : replica_(replica), clock_(clock), options_(options) {}

  // Why a read went where it went.
  enum class Route {
    kReplica,
    kNoReplica,      // none configured
    kOwnWrites,      // the caller wrote within own_writes
    kLagging,        // further behind than max_lag, or not measured yet
    kUnreachable,    // down or promoted at the last measurement
    kReplicaFailed,  // the replica failed this read; the primary answered
  };

  // Decides (and counts) where `caller`'s next read goes: kReplica or the
  // reason it goes to the primary.
  Route RouteRead(const Caller& caller);
  // `caller` has just written: its reads go to the primary for a while.
  void NoteWrite(const Caller& caller);

  // `read(store)` on `replica` when RouteRead allows (and `replica` is not
  // null), else on `primary`; a replica read that ends UNAVAILABLE, ABORTED
  // (a standby cancels a query that conflicts with replay) or NOT_FOUND
  // (not replayed yet) is asked again of the primary. `read` returns
  // absl::Status(Or).
  template <typename Store, typename ReadFn>
  auto Read(const Caller& caller, Store* primary, Store* replica, ReadFn&& read)
      -> decltype(read(*primary)) {
    if (replica != nullptr && RouteRead(caller) == Route::kReplica) {
      auto result = read(*replica);
      if (result.ok()) return result;
      if (absl::IsNotFound(StatusOf(result))) {
        // A row the primary has (a case its check just found) may not be
        // replayed yet: the primary's answer counts as a lagging read.
        MoveReplicaRead(Route::kLagging);
      } else if (ReplicaFault(StatusOf(result))) {
        NoteReplicaFailed();
      } else {
        return result;
      }
    }
    return read(*primary);
  }

  // The counts for /metrics and the health figures (docs/replica.md).
  struct Figures {
    bool configured = false;
    bool reachable = false;
    std::optional<absl::Duration> lag;  // while reachable and measured
    // True when the next read of a caller without recent writes would go
    // to the replica.
    bool serving_reads = false;
    int64_t replica_reads = 0;     // answered by the replica
    int64_t own_writes_reads = 0;  // answered by the primary, by reason
    int64_t lagging_reads = 0;
    int64_t unreachable_reads = 0;
    int64_t replica_failed_reads = 0;
  };
  Figures figures() const;

 private:
  static const absl::Status& StatusOf(const absl::Status& status) {
    return status;
  }
  template <typename T>
  static const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
    return result.status();
  }
  static bool ReplicaFault(const absl::Status& status) {
    return absl::IsUnavailable(status) || absl::IsAborted(status);
  }
  static std::string CallerKey(const Caller& caller);
  // kReplica, kLagging or kUnreachable by the replica's state alone.
  Route ReplicaRoute(absl::Time now) const;
  void NoteReplicaFailed();
  // A read counted as the replica's was answered by the primary: count it
  // under `route` instead.
  void MoveReplicaRead(Route route);
  void Count(Route route) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::ReplicaStatus* const replica_;
  const Clock* const clock_;
  const ReadRouterOptions options_;
  mutable absl::Mutex mu_;
  // When each caller last wrote (entries older than own_writes are pruned).
  absl::flat_hash_map<std::string, absl::Time> written_at_ ABSL_GUARDED_BY(mu_);
  Figures counts_ ABSL_GUARDED_BY(mu_);
};

// What a desk needs to send its reads of one store to the replica: the
// router and the same store over the replica's connections. Empty (the
// default): every read goes to the primary store, as without a replica.
// Copyable; owns nothing.
template <typename Store>
class ReplicaReads {
 public:
  ReplicaReads() = default;
  ReplicaReads(ReadRouter* router, Store* replica)
      : router_(router), replica_(replica) {}

  // `read(Store&)` on the store ReadRouter::Read chooses.
  template <typename ReadFn>
  auto Read(const Caller& caller, Store* primary, ReadFn&& read) const
      -> decltype(read(*primary)) {
    if (router_ == nullptr) return read(*primary);
    return router_->Read(caller, primary, replica_, read);
  }
  void NoteWrite(const Caller& caller) const {
    if (router_ != nullptr) router_->NoteWrite(caller);
  }

 private:
  ReadRouter* router_ = nullptr;
  Store* replica_ = nullptr;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_READ_ROUTER_H_
