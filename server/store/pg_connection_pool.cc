#include "server/store/pg_connection_pool.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"

namespace baoxue::store {

absl::StatusOr<std::unique_ptr<PgConnectionPool>> PgConnectionPool::Create(
    std::string database_url, int size) {
  if (size < 1) {
    return absl::InvalidArgumentError("database_pool_size must be at least 1");
  }
  return std::unique_ptr<PgConnectionPool>(
      new PgConnectionPool(std::move(database_url), size));
}

PgConnectionPool::Lease PgConnectionPool::Acquire() {
  std::unique_ptr<pqxx::connection> conn;
  {
    absl::MutexLock lock(&mu_);
    auto slot_free = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || leased_ < size_;
    };
    ++acquired_total_;
    if (!slot_free()) {
      // Only a caller that finds every connection leased waits (and is
      // counted), so the common path reads no clock.
      ++waiting_;
      ++waited_total_;
      const absl::Time started = absl::Now();
      mu_.Await(absl::Condition(&slot_free));
      waited_time_total_ += absl::Now() - started;
      --waiting_;
    }
    ++leased_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn == nullptr || !conn->is_open()) {
    try {
      conn = std::make_unique<pqxx::connection>(database_url_);
    } catch (...) {
      absl::MutexLock lock(&mu_);
      --leased_;
      throw;
    }
  }
  return Lease(this, std::move(conn));
}

PgConnectionPool::Usage PgConnectionPool::usage() const {
  absl::MutexLock lock(&mu_);
  Usage usage;
  usage.size = size_;
  usage.in_use = leased_;
  usage.open_idle = static_cast<int>(idle_.size());
  usage.waiting = waiting_;
  usage.acquired_total = acquired_total_;
  usage.waited_total = waited_total_;
  usage.waited_time_total = waited_time_total_;
  return usage;
}

void PgConnectionPool::Release(std::unique_ptr<pqxx::connection> conn) {
  absl::MutexLock lock(&mu_);
  --leased_;
  if (conn != nullptr && conn->is_open()) idle_.push_back(std::move(conn));
}

PgConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
}

}  // namespace baoxue::store
