#include "server/store/pg_transaction.h"

#include <exception>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "pqxx/except"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

absl::Status SqlStateToStatus(absl::string_view state,
                              absl::string_view operation) {
  LogWarning(
      absl::StrCat("database error in ", operation, ": SQLSTATE ", state));
  std::string what = absl::StrCat(operation, " failed (SQLSTATE ", state, ")");
  if (state == "40001" || state == "40P01") return absl::AbortedError(what);
  if (state == "23505") return absl::AlreadyExistsError(what);
  if (absl::StartsWith(state, "22")) return absl::InvalidArgumentError(what);
  if (absl::StartsWith(state, "08") || state == "57P01") {
    return absl::UnavailableError(what);
  }
  if (state == "57014") {  // query_canceled: statement_timeout
    return absl::DeadlineExceededError(absl::StrCat(
        operation, " took longer than limits.statement_timeout_seconds"));
  }
  return absl::InternalError(what);
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
        absl::StrCat("database unavailable (", operation, ")"));
  } catch (const pqxx::sql_error& e) {
    // libpqxx 6.4 can leave sqlstate() empty; a statement cancelled by
    // statement_timeout still says so in its message.
    if (e.sqlstate().empty() &&
        absl::StrContains(e.what(), "statement timeout")) {
      return SqlStateToStatus("57014", operation);
    }
    return SqlStateToStatus(e.sqlstate(), operation);
  } catch (const pqxx::in_doubt_error&) {
    LogError(absl::StrCat("commit in doubt during ", operation));
    return absl::UnavailableError(
        absl::StrCat(operation, ": commit outcome unknown, retry"));
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
