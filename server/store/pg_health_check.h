#ifndef BAOXUE_SERVER_STORE_PG_HEALTH_CHECK_H_
#define BAOXUE_SERVER_STORE_PG_HEALTH_CHECK_H_

#include "absl/status/status.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// Whether the server can write: reaches the database through the pool and
// finds it neither a standby in recovery nor read-only for new
// transactions (default_transaction_read_only, as an operator or a
// failover sets it). OK, or UNAVAILABLE saying which (with a retry hint).
// Thread-safe.
absl::Status CheckDatabaseWritable(PgConnectionPool& pool);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_HEALTH_CHECK_H_
