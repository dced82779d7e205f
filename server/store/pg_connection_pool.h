#ifndef BAOXUE_SERVER_STORE_PG_CONNECTION_POOL_H_
#define BAOXUE_SERVER_STORE_PG_CONNECTION_POOL_H_

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
// when they break. Thread-safe.
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
  absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int leased_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CONNECTION_POOL_H_
