#ifndef BAOXUE_SERVER_STORE_PG_FEATURE_EVALUATION_H_
#define BAOXUE_SERVER_STORE_PG_FEATURE_EVALUATION_H_

#include <exception>
#include <string>

#include "absl/strings/string_view.h"
#include "pqxx/transaction_base"
#include "server/store/feature_set.h"

namespace baoxue::store {

// Data staff's SQL (a feature set's relation and expressions) runs only in
// statements built here and only after EnterFeatureEvaluation() on the same
// transaction: the one place that restricts what that SQL may do (a
// statement timeout now; a reader-only role can be set there too).
void EnterFeatureEvaluation(pqxx::transaction_base& tx, int timeout_seconds);

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
