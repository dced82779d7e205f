#ifndef BAOXUE_SERVER_STORE_PG_REPLICA_WATCH_H_
#define BAOXUE_SERVER_STORE_PG_REPLICA_WATCH_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/store/pg_connection_pool.h"
#include "server/store/replica_status.h"

namespace baoxue::store {

// Measures a streaming replica against its primary every `poll` on one
// thread, so reads consult a cached ReplicaState (docs/replica.md).
//
// Lag by WAL position, not by replay timestamps (an idle primary makes
// now() - pg_last_xact_replay_timestamp() grow without the replica missing
// anything): each measurement reads the primary's pg_current_wal_lsn(),
// then the replica's pg_last_wal_replay_lsn(). The replica holds everything
// the primary had at the latest measurement whose position it has replayed,
// so its answers are at most now minus that measurement's time old. Unknown
// until the first such measurement; the replica is unreachable when it
// cannot be reached or is no longer in recovery (promoted).
//
// Thread-safe. Start() launches the thread, Stop() (and the destructor)
// joins it. Does not own the pools, which must outlive it.
class PgReplicaWatch : public ReplicaStatus {
 public:
  PgReplicaWatch(PgConnectionPool* primary, PgConnectionPool* replica,
                 absl::Duration poll)
      : primary_(primary), replica_(replica), poll_(poll) {}
  ~PgReplicaWatch() override;

  ReplicaState State() const override;
  void NoteUnreachable() override;

  // One measurement now (the thread's step; tests call it directly).
  void Measure();

  void Start();
  void Stop();

 private:
  struct PrimarySample {
    int64_t lsn = 0;
    absl::Time at;
  };
  // Drops the samples the replica has replayed (`replayed`), moving
  // state_.current_as_of to the latest of them.
  void NoteReplayed(int64_t replayed) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  PgConnectionPool* primary_;
  PgConnectionPool* replica_;
  const absl::Duration poll_;
  mutable absl::Mutex mu_;
  ReplicaState state_ ABSL_GUARDED_BY(mu_);
  // The primary's positions not yet replayed, oldest first.
  std::deque<PrimarySample> pending_ ABSL_GUARDED_BY(mu_);
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_REPLICA_WATCH_H_
