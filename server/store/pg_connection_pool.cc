#include "server/store/pg_connection_pool.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pqxx/nontransaction"

namespace baoxue::store {

PoolExhausted::PoolExhausted(int size, absl::Duration waited)
    : std::runtime_error(
          absl::StrCat("the server is busy: all ", size,
                       " database connections stayed in use for ",
                       absl::FormatDuration(waited),
                       "; retry shortly (or raise database_pool_size)")) {}

absl::StatusOr<std::unique_ptr<PgConnectionPool>> PgConnectionPool::Create(
    std::string database_url, int size, PgPoolOptions options) {
  if (size < 1) {
    return absl::InvalidArgumentError("database_pool_size must be at least 1");
  }
  if (options.max_wait < absl::ZeroDuration() ||
      options.statement_timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "limits.database_wait_seconds and limits.statement_timeout_seconds "
        "must be >= 0");
  }
  return std::unique_ptr<PgConnectionPool>(
      new PgConnectionPool(std::move(database_url), size, options));
}

std::unique_ptr<pqxx::connection> PgConnectionPool::Connect() const {
  auto conn = std::make_unique<pqxx::connection>(database_url_);
  if (options_.statement_timeout > absl::ZeroDuration()) {
    // A session default; a transaction's SET LOCAL still overrides it.
    pqxx::nontransaction tx(*conn);
    tx.exec0(
        absl::StrCat("SET statement_timeout = ",
                     absl::ToInt64Milliseconds(options_.statement_timeout)));
  }
  return conn;
}

PgConnectionPool::Lease PgConnectionPool::Acquire() {
  std::unique_ptr<pqxx::connection> conn;
  {
    absl::MutexLock lock(&mu_);
    auto slot_free = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || leased_ < size_;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&slot_free), options_.max_wait)) {
      throw PoolExhausted(size_, options_.max_wait);
    }
    ++leased_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn == nullptr || !conn->is_open()) {
    try {
      conn = Connect();
    } catch (...) {
      absl::MutexLock lock(&mu_);
      --leased_;
      throw;
    }
  }
  return Lease(this, std::move(conn));
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
