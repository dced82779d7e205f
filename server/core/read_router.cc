#include "server/core/read_router.h"

#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

// Past this many callers with recent writes the old entries are swept.
constexpr size_t kSweepAt = 4096;

}  // namespace

std::string ReadRouter::CallerKey(const Caller& caller) {
  return caller.account_id != 0 ? absl::StrCat("a", caller.account_id)
                                : absl::StrCat("t", caller.token_id);
}

ReadRouter::Route ReadRouter::ReplicaRoute(absl::Time now) const {
  if (replica_ == nullptr) return Route::kNoReplica;
  const store::ReplicaState state = replica_->State();
  if (!state.reachable) return Route::kUnreachable;
  const std::optional<absl::Duration> lag = state.LagAt(now);
  if (!lag.has_value() || *lag > options_.max_lag) return Route::kLagging;
  return Route::kReplica;
}

ReadRouter::Route ReadRouter::RouteRead(const Caller& caller) {
  const absl::Time now = clock_->Now();
  Route route = ReplicaRoute(now);
  absl::MutexLock lock(&mu_);
  if (route == Route::kReplica) {
    const auto wrote = written_at_.find(CallerKey(caller));
    if (wrote != written_at_.end() &&
        now - wrote->second < options_.own_writes) {
      route = Route::kOwnWrites;
    }
  }
  Count(route);
  return route;
}

void ReadRouter::NoteWrite(const Caller& caller) {
  if (replica_ == nullptr) return;
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  if (written_at_.size() >= kSweepAt) {
    absl::erase_if(written_at_, [&](const auto& entry) {
      return now - entry.second >= options_.own_writes;
    });
  }
  written_at_[CallerKey(caller)] = now;
}

void ReadRouter::NoteReplicaFailed() {
  replica_->NoteUnreachable();
  MoveReplicaRead(Route::kReplicaFailed);
}

void ReadRouter::MoveReplicaRead(Route route) {
  absl::MutexLock lock(&mu_);
  --counts_.replica_reads;
  Count(route);
}

void ReadRouter::Count(Route route) {
  switch (route) {
    case Route::kReplica:
      ++counts_.replica_reads;
      break;
    case Route::kOwnWrites:
      ++counts_.own_writes_reads;
      break;
    case Route::kLagging:
      ++counts_.lagging_reads;
      break;
    case Route::kUnreachable:
      ++counts_.unreachable_reads;
      break;
    case Route::kReplicaFailed:
      ++counts_.replica_failed_reads;
      break;
    case Route::kNoReplica:
      break;
  }
}

ReadRouter::Figures ReadRouter::figures() const {
  Figures figures;
  {
    absl::MutexLock lock(&mu_);
    figures = counts_;
  }
  if (replica_ == nullptr) return figures;
  const absl::Time now = clock_->Now();
  const store::ReplicaState state = replica_->State();
  figures.configured = true;
  figures.reachable = state.reachable;
  if (state.reachable) figures.lag = state.LagAt(now);
  figures.serving_reads = ReplicaRoute(now) == Route::kReplica;
  return figures;
}

}  // namespace baoxue::core
