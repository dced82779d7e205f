#include "server/store/pg_replica_watch.h"

#include <utility>

#include "absl/status/statusor.h"
#include "base/log.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace {

// Measurements kept while the replica stays behind (an hour at 1 s): past
// that the oldest go, and the lag only reads larger than it is.
constexpr size_t kMaxPending = 3600;

// A WAL position as bytes from 0/0 (bigint: 8 EiB of WAL is far away).
constexpr char kLsnBytes[] = "::pg_lsn - '0/0'::pg_lsn)::bigint";

absl::StatusOr<int64_t> PrimaryPosition(PgConnectionPool& pool) {
  return InTransaction(
      pool, "read the primary's WAL position",
      [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return tx
            .exec1(std::string("SELECT (pg_current_wal_lsn()") + kLsnBytes)[0]
            .as<int64_t>();
      });
}

// The replica's replayed position; nullopt when it is no longer a standby.
absl::StatusOr<std::optional<int64_t>> ReplayedPosition(
    PgConnectionPool& pool) {
  return InTransaction(
      pool, "read the replica's replay position",
      [](pqxx::work& tx) -> absl::StatusOr<std::optional<int64_t>> {
        const pqxx::row row =
            tx.exec1(std::string("SELECT pg_is_in_recovery(), "
                                 "COALESCE((pg_last_wal_replay_lsn()") +
                     kLsnBytes + ", 0)");
        if (!row[0].as<bool>()) return std::nullopt;
        return row[1].as<int64_t>();
      });
}

}  // namespace

PgReplicaWatch::~PgReplicaWatch() { Stop(); }

ReplicaState PgReplicaWatch::State() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

void PgReplicaWatch::NoteUnreachable() {
  absl::MutexLock lock(&mu_);
  state_.reachable = false;
}

void PgReplicaWatch::Measure() {
  const absl::Time at = absl::Now();
  const absl::StatusOr<int64_t> primary = PrimaryPosition(*primary_);
  const absl::StatusOr<std::optional<int64_t>> replayed =
      ReplayedPosition(*replica_);
  absl::MutexLock lock(&mu_);
  const bool was_reachable = state_.reachable;
  if (primary.ok()) {
    pending_.push_back({*primary, at});
    // Past the cap the lag only reads larger: current_as_of stays older.
    if (pending_.size() > kMaxPending) pending_.pop_front();
  }
  state_.reachable = replayed.ok() && replayed->has_value();
  if (state_.reachable) NoteReplayed(**replayed);
  if (was_reachable != state_.reachable) {
    LogInfo(state_.reachable ? "read replica reachable"
                             : "read replica unreachable or promoted: reads "
                               "go to the primary");
  }
}

void PgReplicaWatch::NoteReplayed(int64_t replayed) {
  while (!pending_.empty() && pending_.front().lsn <= replayed) {
    state_.current_as_of = pending_.front().at;
    pending_.pop_front();
  }
}

void PgReplicaWatch::Start() {
  thread_ = std::thread([this] {
    do {
      Measure();
    } while (!stop_.WaitForNotificationWithTimeout(poll_));
  });
}

void PgReplicaWatch::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace baoxue::store
