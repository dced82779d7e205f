#include "server/core/audit_trail.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "server/core/duties.h"

namespace baoxue::core {

AuditTrail::AuditTrail(store::AuditStore* store, const Clock* clock,
                       absl::Duration retention)
    : store_(store), clock_(clock), retention_(retention) {
  writer_ = std::thread([this] { WriteLoop(); });
}

AuditTrail::~AuditTrail() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  writer_.join();
}

void AuditTrail::Record(store::AuditEvent event) {
  if (event.at_us == 0) event.at_us = absl::ToUnixMicros(clock_->Now());
  absl::MutexLock lock(&mu_);
  const auto has_room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return queue_.size() < kMaxQueued || stopping_;
  };
  mu_.Await(absl::Condition(&has_room));
  queue_.push_back(std::move(event));
  ++queued_;
}

void AuditTrail::Flush() {
  absl::MutexLock lock(&mu_);
  const int64_t target = queued_;
  const auto written = [this, target]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return done_ >= target;
  };
  mu_.Await(absl::Condition(&written));
}

void AuditTrail::WriteLoop() {
  while (true) {
    std::vector<store::AuditEvent> batch;
    bool stopping = false;
    {
      absl::MutexLock lock(&mu_);
      const auto work = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return !queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&work));
      stopping = stopping_;
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    absl::Status written = store_->Append(batch, AuditRowHash);
    if (!written.ok()) {
      LogError(absl::StrCat(
          "audit: ", batch.size(), " rows not written (",
          absl::StatusCodeToString(written.code()), ")",
          stopping ? "; given up at shutdown" : "; retrying in 1 s"));
      if (!stopping) {
        absl::MutexLock lock(&mu_);
        // Back to the front, in order; retried after a pause (or at once
        // when shutdown begins).
        for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
          queue_.push_front(std::move(*it));
        }
        const auto stop = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
          return stopping_;
        };
        mu_.AwaitWithTimeout(absl::Condition(&stop), absl::Seconds(1));
        continue;
      }
    }
    absl::MutexLock lock(&mu_);
    done_ += static_cast<int64_t>(batch.size());
  }
}

absl::StatusOr<std::vector<store::AuditRow>> AuditTrail::Query(
    const Caller& caller, store::AuditQuery query) {
  if (absl::Status allowed = RequireAuditReader(caller); !allowed.ok()) {
    return allowed;
  }
  if (query.limit == 0) query.limit = 100;
  if (query.limit < 1 || query.limit > 1000) {
    return absl::InvalidArgumentError("limit: between 1 and 1000");
  }
  Flush();
  return store_->Query(query);
}

absl::StatusOr<AuditVerification> AuditTrail::Verify(const Caller& caller) {
  if (absl::Status allowed = RequireAuditReader(caller); !allowed.ok()) {
    return allowed;
  }
  Flush();
  return VerifyAuditChain(*store_);
}

absl::StatusOr<int64_t> AuditTrail::Prune(const Caller& caller) {
  if (absl::Status allowed = RequireAuditReader(caller); !allowed.ok()) {
    return allowed;
  }
  Flush();
  return store_->Prune(absl::ToUnixMicros(clock_->Now() - retention_));
}

}  // namespace baoxue::core
