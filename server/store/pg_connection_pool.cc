#include "server/store/pg_connection_pool.h"

#include <poll.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "pqxx/nontransaction"

namespace baoxue::store {
namespace {

// An idle connection has nothing to read unless the server ended it (a
// restart or pg_terminate_backend: its socket reads the FATAL message or
// end of file) or reported a changed setting. Either way a new connection
// is the safe choice, and the caller never sees the dead one.
bool SentSomethingWhileIdle(const pqxx::connection& conn) {
  pollfd fd{};
  fd.fd = conn.sock();
  fd.events = POLLIN;
  return fd.fd < 0 || poll(&fd, 1, 0) != 0;
}

}  // namespace

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
  // TABLE NAME / CONSTRAINT NAME lines in error messages.
  conn->set_verbosity(pqxx::connection_base::verbose);
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
    ++acquired_total_;
    if (!slot_free()) {
      // Only a caller that finds every connection leased waits (and is
      // counted), so the common path reads no clock.
      ++waiting_;
      ++waited_total_;
      const absl::Time started = absl::Now();
      const bool freed =
          mu_.AwaitWithTimeout(absl::Condition(&slot_free), options_.max_wait);
      waited_time_total_ += absl::Now() - started;
      --waiting_;
      if (!freed) throw PoolExhausted(size_, options_.max_wait);
    }
    ++leased_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn != nullptr && conn->is_open() && SentSomethingWhileIdle(*conn)) {
    conn.reset();
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

void PgConnectionPool::NoteUnavailable() {
  absl::MutexLock lock(&trouble_mu_);
  ++unavailable_;
}

uint64_t PgConnectionPool::unavailable_count() const {
  absl::MutexLock lock(&trouble_mu_);
  return unavailable_;
}

bool PgConnectionPool::AwaitUnavailableAfter(uint64_t seen,
                                             absl::Duration timeout) const {
  absl::MutexLock lock(&trouble_mu_);
  auto passed = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(trouble_mu_) {
    return unavailable_ > seen;
  };
  return trouble_mu_.AwaitWithTimeout(absl::Condition(&passed), timeout);
}

PgConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
}

}  // namespace baoxue::store
