#ifndef BAOXUE_SERVER_STORE_PG_TRANSACTION_H_
#define BAOXUE_SERVER_STORE_PG_TRANSACTION_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pqxx/result"
#include "pqxx/transaction"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// Maps the exception being handled (call only inside a catch block) to a
// Status: connection lost -> UNAVAILABLE, serialization failure or deadlock
// -> ABORTED, unique violation -> ALREADY_EXISTS, data exception ->
// INVALID_ARGUMENT, anything else -> INTERNAL. Logs the SQL state; the
// message names `operation` but never carries SQL text or data.
absl::Status CurrentExceptionToStatus(absl::string_view operation);

// The same mapping for a PostgreSQL SQLSTATE (used by the libpq bulk paths,
// server/store/pg_copy.h). Logs the state.
absl::Status SqlStateToStatus(absl::string_view sqlstate,
                              absl::string_view operation);

// Runs `body(pqxx::work&)` in one transaction on a pooled connection and
// commits if it returns OK. `body` returns absl::Status or absl::StatusOr<T>;
// every libpqxx exception becomes a Status through CurrentExceptionToStatus.
template <typename Body>
auto InTransaction(PgConnectionPool& pool, absl::string_view operation,
                   Body&& body) -> decltype(body(std::declval<pqxx::work&>())) {
  try {
    PgConnectionPool::Lease conn = pool.Acquire();
    pqxx::work tx(*conn);
    auto result = body(tx);
    if (result.ok()) tx.commit();
    return result;
  } catch (...) {
    return CurrentExceptionToStatus(operation);
  }
}

// Lifts the pool's statement_timeout for the rest of `tx` (SET LOCAL): for
// batch jobs (snapshot refreshes, case openings, checks) whose statements
// may rightly take longer than a request's.
void LiftStatementTimeout(pqxx::work& tx);

// "{1,2,3}": a bigint[] parameter for `= ANY($n::bigint[])`.
std::string BigintArrayLiteral(const int64_t* ids, size_t count);

// {"a","b\"c"}: a text[] parameter for `$n::text[]`, every element quoted
// and escaped (values stay parameters, never SQL).
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_TRANSACTION_H_
