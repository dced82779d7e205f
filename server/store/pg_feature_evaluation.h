#ifndef BAOXUE_SERVER_STORE_PG_FEATURE_EVALUATION_H_
#define BAOXUE_SERVER_STORE_PG_FEATURE_EVALUATION_H_

#include <exception>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pqxx/except"
#include "pqxx/result"
#include "pqxx/transaction_base"
#include "server/store/feature_set.h"

namespace baoxue::store {

// Whether `error` is PostgreSQL refusing a read for lack of privilege
// (SQLSTATE 42501; libpqxx 6.4 may leave sqlstate() empty, the message
// says it).
bool IsPrivilegeRefusal(const pqxx::sql_error& error);

// PERMISSION_DENIED: the feature set reads what the reader role may not.
absl::Status ReaderRoleRefusal();

// Data staff's SQL (a feature set's relation and expressions) runs only in
// statements built here and only after EnterFeatureEvaluation() on the same
// transaction: the one place that restricts what that SQL may do. It sets a
// statement timeout and, with `reader_role` non-empty
// (database_roles.feature_reader_role), SET LOCAL ROLE to it for the rest
// of the transaction: the registers and the staff schema only, never tokens,
// accounts or the audit. Writes that follow in the same transaction must
// LeaveFeatureEvaluation() first.
void EnterFeatureEvaluation(pqxx::transaction_base& tx, int timeout_seconds,
                            const std::string& reader_role);

// Back to the application's own role (after the data staff's SQL ran).
void LeaveFeatureEvaluation(pqxx::transaction_base& tx,
                            const std::string& reader_role);

// Runs `query` (data staff's SQL, after EnterFeatureEvaluation) with
// `params`. A read the feature reader role may not make is
// PERMISSION_DENIED naming database_roles.feature_reader_role; any other
// database error throws on (to InTransaction's one mapping).
template <typename... Params>
absl::StatusOr<pqxx::result> ExecFeatureQuery(pqxx::transaction_base& tx,
                                              const std::string& query,
                                              Params&&... params) {
  try {
    return tx.exec_params(query, std::forward<Params>(params)...);
  } catch (const pqxx::sql_error& e) {
    if (!IsPrivilegeRefusal(e)) throw;
    return ReaderRoleRefusal();
  }
}

// "SELECT student_id, school_id, village_code, bx_f0 .. bx_f<n-1>": every
// student present in the set's relation as of $1 (a date), with the
// household's village and each expression cast to float8 (NULL = missing).
// The expressions see only the relation's columns.
std::string FeatureSetRowsSelect(const FeatureSet& set);

// "(expression)::float8" of one feature over the relation (alias f): the
// select list of a test that evaluates the expression alone.
std::string FeatureExpression(const baoxue::v1::FeatureDefinition& feature);

// PostgreSQL's own primary message of a failed evaluation (e.g. `column
// "distnce_km" does not exist`), without the statement text; empty if the
// exception is not a database error.
std::string PostgresMessage(const std::exception& error);

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_FEATURE_EVALUATION_H_
