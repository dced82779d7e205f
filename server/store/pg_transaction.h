#ifndef BAOXUE_SERVER_STORE_PG_TRANSACTION_H_
#define BAOXUE_SERVER_STORE_PG_TRANSACTION_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pqxx/except"
#include "pqxx/result"
#include "pqxx/transaction"
#include "server/store/pg_connection_pool.h"
#include "server/store/pg_error_status.h"

namespace baoxue::store {

// Maps the exception being handled (call only inside a catch block) to a
// Status by PgErrorToStatus (server/store/pg_error_status.h: unavailable
// states -> UNAVAILABLE with a retry hint, permission and constraint errors
// naming the table or constraint, ...); a lost connection or a commit in
// doubt -> UNAVAILABLE, anything else -> INTERNAL. Logs the SQL state; the
// message names `operation` but never carries SQL text or data.
absl::Status CurrentExceptionToStatus(absl::string_view operation);

// The same mapping for PostgreSQL's error fields (used by the libpq bulk
// paths, server/store/pg_copy.h). Logs the state.
absl::Status PgErrorFieldsToStatus(const PgErrorFields& error,
                                   absl::string_view operation);
absl::Status SqlStateToStatus(absl::string_view sqlstate,
                              absl::string_view operation);

// Transactions tried in all when PostgreSQL reports a serialization failure
// or a deadlock before the call gives up with UNAVAILABLE.
inline constexpr int kConflictAttempts = 3;

// Runs `body(pqxx::work&)` in one transaction on a pooled connection and
// commits if it returns OK. `body` returns absl::Status or absl::StatusOr<T>;
// every libpqxx exception becomes a Status through CurrentExceptionToStatus.
// On a serialization failure or deadlock (40001, 40P01) the whole body runs
// again in a new transaction, up to kConflictAttempts times: bodies write
// only through `tx` and build their result afresh. An UNAVAILABLE outcome is
// reported to the pool (PgConnectionPool::NoteUnavailable) so health follows.
template <typename Body>
auto InTransaction(PgConnectionPool& pool, absl::string_view operation,
                   Body&& body) -> decltype(body(std::declval<pqxx::work&>())) {
  for (int attempt = 1;; ++attempt) {
    try {
      PgConnectionPool::Lease conn = pool.Acquire();
      pqxx::work tx(*conn);
      auto result = body(tx);
      if (result.ok()) tx.commit();
      return result;
    } catch (const pqxx::sql_error& e) {
      if (attempt < kConflictAttempts && IsRetryableConflict(e.sqlstate())) {
        continue;
      }
      absl::Status status = CurrentExceptionToStatus(operation);
      if (absl::IsUnavailable(status)) pool.NoteUnavailable();
      return status;
    } catch (...) {
      absl::Status status = CurrentExceptionToStatus(operation);
      if (absl::IsUnavailable(status)) pool.NoteUnavailable();
      return status;
    }
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
