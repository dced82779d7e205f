#include "server/store/pg_transaction.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "pqxx/except"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

absl::Status PgErrorFieldsToStatus(const PgErrorFields& error,
                                   absl::string_view operation) {
  absl::Status status = PgErrorToStatus(error, operation);
  // The status message holds identifiers only (never values): safe to log.
  LogWarning(absl::StrCat("database error: ", status.message()));
  return status;
}

absl::Status SqlStateToStatus(absl::string_view state,
                              absl::string_view operation) {
  PgErrorFields error;
  error.sqlstate = std::string(state);
  return PgErrorFieldsToStatus(error, operation);
}

absl::Status CurrentExceptionToStatus(absl::string_view operation) {
  try {
    throw;
  } catch (const PoolExhausted& e) {
    LogWarning(absl::StrCat("no free database connection for ", operation));
    return absl::UnavailableError(e.what());
  } catch (const pqxx::broken_connection&) {
    LogWarning(absl::StrCat("database unreachable during ", operation));
    return absl::UnavailableError(
        absl::StrCat(operation,
                     ": the database connection was lost; retry in a few "
                     "seconds"));
  } catch (const pqxx::sql_error& e) {
    return PgErrorFieldsToStatus(ParseVerboseError(e.sqlstate(), e.what()),
                                 operation);
  } catch (const pqxx::in_doubt_error&) {
    LogError(absl::StrCat("commit in doubt during ", operation));
    return absl::UnavailableError(
        absl::StrCat(operation,
                     ": the connection was lost during commit, the outcome "
                     "is unknown; check, then retry in a few seconds"));
  } catch (const std::exception& e) {
    LogError(absl::StrCat("unexpected error in ", operation, ": ", e.what()));
    return absl::InternalError(absl::StrCat(operation, " failed"));
  }
}

void LiftStatementTimeout(pqxx::work& tx) {
  tx.exec0("SET LOCAL statement_timeout = 0");
}

std::string BigintArrayLiteral(const int64_t* ids, size_t count) {
  std::string out = "{";
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, ids[i]);
  }
  out += '}';
  return out;
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

}  // namespace baoxue::store
