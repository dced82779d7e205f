#include "server/store/pg_copy.h"

#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

absl::StatusOr<PgConn> PgConnect(const std::string& url,
                                 absl::string_view operation) {
  PgConn conn(PQconnectdb(url.c_str()));
  if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
    LogWarning(absl::StrCat("database unreachable during ", operation));
    return absl::UnavailableError(absl::StrCat(
        operation, ": cannot reach the database; retry in a few seconds"));
  }
  return conn;
}

absl::Status PgResultError(PGconn* conn, const PGresult* result,
                           absl::string_view operation) {
  if (result == nullptr || PQstatus(conn) != CONNECTION_OK) {
    LogWarning(absl::StrCat("database unreachable during ", operation));
    return absl::UnavailableError(
        absl::StrCat(operation,
                     ": the database connection was lost; retry in a few "
                     "seconds"));
  }
  auto field = [result](int code) -> std::string {
    const char* value = PQresultErrorField(result, code);
    return value == nullptr ? "" : value;
  };
  const std::string state = field(PG_DIAG_SQLSTATE);
  // The primary message only for the object a permission error names.
  PgErrorFields error = ParseVerboseError(state.empty() ? "XX000" : state,
                                          field(PG_DIAG_MESSAGE_PRIMARY));
  error.table = field(PG_DIAG_TABLE_NAME);
  error.constraint = field(PG_DIAG_CONSTRAINT_NAME);
  error.column = field(PG_DIAG_COLUMN_NAME);
  return PgErrorFieldsToStatus(error, operation);
}

absl::StatusOr<PgResult> PgExec(PGconn* conn, const char* sql,
                                const std::vector<std::string>& params,
                                absl::string_view operation) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  PgResult result(PQexecParams(conn, sql, static_cast<int>(values.size()),
                               nullptr, values.data(), nullptr, nullptr, 0));
  if (result != nullptr) {
    switch (PQresultStatus(result.get())) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_COPY_IN:
      case PGRES_COPY_OUT:
        return result;
      default:
        break;
    }
  }
  return PgResultError(conn, result.get(), operation);
}

}  // namespace baoxue::store
