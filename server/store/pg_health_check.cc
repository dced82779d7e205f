#include "server/store/pg_health_check.h"

#include "pqxx/pqxx"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

absl::Status CheckDatabaseWritable(PgConnectionPool& pool) {
  return InTransaction(pool, "health check", [](pqxx::work& tx) {
    const pqxx::row row = tx.exec1(
        "SELECT pg_is_in_recovery(), "
        "current_setting('transaction_read_only') = 'on'");
    if (row[0].as<bool>()) {
      return absl::UnavailableError(
          "health check: the database is a standby in recovery; retry in a "
          "few seconds");
    }
    if (row[1].as<bool>()) {
      return absl::UnavailableError(
          "health check: the database is read-only; retry in a few seconds");
    }
    return absl::OkStatus();
  });
}

}  // namespace baoxue::store
