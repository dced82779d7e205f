#ifndef BAOXUE_SERVER_STORE_PG_CHECK_STORE_H_
#define BAOXUE_SERVER_STORE_PG_CHECK_STORE_H_

#include <string>

#include "server/store/check_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// CheckStore over PostgreSQL: each comparison is one set-based statement
// over the county's tables, parameterised by the CheckRequest core built.
// Thread-safe; does not own the pool.
class PgCheckStore : public CheckStore {
 public:
  explicit PgCheckStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<CheckRun> RunCheck(const CheckRequest& request) override;
  absl::StatusOr<CheckReport> Report(const std::string& area_prefix) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_CHECK_STORE_H_
