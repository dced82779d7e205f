#ifndef BAOXUE_SERVER_STORE_PG_CONNECTION_POOL_H_
#define BAOXUE_SERVER_STORE_PG_CONNECTION_POOL_H_

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "pqxx/connection"

namespace baoxue::store {

struct PgPoolOptions {
  // Acquire waits at most this long for a free connection, then throws
  // PoolExhausted (UNAVAILABLE through CurrentExceptionToStatus).
  absl::Duration max_wait = absl::Seconds(5);
  // statement_timeout of every pooled connection: a request's statement is
  // cancelled after it (a transaction may raise it with SET LOCAL, as
  // training does). Zero: PostgreSQL's own setting.
  absl::Duration statement_timeout = absl::Seconds(30);
};

// Thrown by Acquire when every connection stays leased for max_wait.
class PoolExhausted : public std::runtime_error {
 public:
  PoolExhausted(int size, absl::Duration waited);
};

// A fixed-size pool of PostgreSQL connections, opened lazily and replaced
// when they break. Connections report errors verbosely, so the store's error
// boundary can name tables and constraints (pg_error_status.h). Counts the
// calls that found the database unavailable, for the health check.
// Thread-safe.
class PgConnectionPool {
 public:
  // A connection borrowed from the pool; returned when destroyed.
  class Lease {
   public:
    Lease(PgConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }

   private:
    PgConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  // Does not connect yet. INVALID_ARGUMENT if `size` < 1 or an option is
  // negative.
  static absl::StatusOr<std::unique_ptr<PgConnectionPool>> Create(
      std::string database_url, int size, PgPoolOptions options = {});

  // Waits up to options.max_wait for a free connection and opens one if
  // needed. Throws PoolExhausted when none frees in time, and
  // pqxx::broken_connection if the database cannot be reached (the store
  // methods turn both into UNAVAILABLE).
  Lease Acquire();

  const std::string& database_url() const { return database_url_; }

  // The pool's use for /metrics (docs/metrics.md).
  struct Usage {
    int size = 0;
    int in_use = 0;     // connections leased now
    int open_idle = 0;  // open connections waiting in the pool
    int waiting = 0;    // callers waiting for a connection now
    int64_t acquired_total = 0;
    int64_t waited_total = 0;          // acquisitions that found no free slot
    absl::Duration waited_time_total;  // their summed waiting time
  };
  Usage usage() const;
  // Called by the store's error boundary when a call found the database
  // unavailable (InTransaction does this).
  void NoteUnavailable();
  // How many times NoteUnavailable has been called so far.
  uint64_t unavailable_count() const;
  // True as soon as unavailable_count() passes `seen`; false after `timeout`.
  bool AwaitUnavailableAfter(uint64_t seen, absl::Duration timeout) const;

 private:
  PgConnectionPool(std::string database_url, int size, PgPoolOptions options)
      : database_url_(std::move(database_url)),
        size_(size),
        options_(options) {}
  std::unique_ptr<pqxx::connection> Connect() const;
  void Release(std::unique_ptr<pqxx::connection> conn);

  const std::string database_url_;
  const int size_;
  const PgPoolOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int leased_ ABSL_GUARDED_BY(mu_) = 0;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t acquired_total_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t waited_total_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Duration waited_time_total_ ABSL_GUARDED_BY(mu_);
  mutable absl::Mutex trouble_mu_;
  uint64_t unavailable_ ABSL_GUARDED_BY(trouble_mu_) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CONNECTION_POOL_H_
