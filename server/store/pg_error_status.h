#ifndef BAOXUE_SERVER_STORE_PG_ERROR_STATUS_H_
#define BAOXUE_SERVER_STORE_PG_ERROR_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace baoxue::store {

// What PostgreSQL said about a failed statement, reduced to what may reach a
// caller: the SQLSTATE and identifiers (libpq's PG_DIAG_TABLE_NAME,
// PG_DIAG_CONSTRAINT_NAME, PG_DIAG_COLUMN_NAME, and the object a permission
// error names). Never a value, a parameter or SQL text.
struct PgErrorFields {
  std::string sqlstate;
  std::string table;
  std::string constraint;
  std::string column;
  std::string denied_object;  // 42501: e.g. "table cases"
};

// The one mapping of database states to status codes (docs/operations.md):
//  - 08xxx connection, 57P01/57P02/57P03 shutdown or starting, 53xxx out of
//    resources, 25006 read-only, 40001/40P01 conflict (after InTransaction's
//    retries) -> UNAVAILABLE, the message ending in a retry hint;
//  - 57014 (statement timeout) -> DEADLINE_EXCEEDED;
//  - 42501 -> PERMISSION_DENIED naming the object;
//  - 23505 -> ALREADY_EXISTS, 23514 and 23503 -> FAILED_PRECONDITION,
//    23502 -> INVALID_ARGUMENT, each naming the constraint, table or column;
//  - other 22xxx data exceptions -> INVALID_ARGUMENT; else INTERNAL.
// The message names `operation` and the SQLSTATE. Pure: does not log.
absl::Status PgErrorToStatus(const PgErrorFields& error,
                             absl::string_view operation);

// True for the states InTransaction retries in a new transaction
// (serialization failure 40001, deadlock 40P01).
bool IsRetryableConflict(absl::string_view sqlstate);

// The fields of a libpq error message written with PQERRORS_VERBOSE (the
// pool sets that on every connection): "ERROR:  23514: ...", then lines
// such as "TABLE NAME:  cases" and "CONSTRAINT NAME:  cases_level_check".
// `sqlstate` is taken as given (libpqxx reports it apart), or from the
// message's first line when empty.
PgErrorFields ParseVerboseError(absl::string_view sqlstate,
                                absl::string_view message);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_ERROR_STATUS_H_
