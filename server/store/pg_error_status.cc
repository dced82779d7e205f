#include "server/store/pg_error_status.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace baoxue::store {
namespace {

constexpr char kRetryHint[] = "; retry in a few seconds";

// An identifier as PostgreSQL prints it, cut at the first character that
// cannot be part of one (so nothing else of a line can slip through).
std::string Identifier(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  std::string out;
  for (const char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '$') {
      break;
    }
    out += c;
    if (out.size() >= 128) break;
  }
  return out;
}

// "constraint X on table T" / "table T" / "" from what the error names.
std::string Naming(const PgErrorFields& error) {
  std::vector<std::string> parts;
  if (!error.constraint.empty()) {
    parts.push_back(absl::StrCat("constraint ", error.constraint));
  }
  if (!error.column.empty())
    parts.push_back(absl::StrCat("column ", error.column));
  if (!error.table.empty())
    parts.push_back(absl::StrCat("table ", error.table));
  return absl::StrJoin(parts, " of ");
}

std::string Describe(const PgErrorFields& error, absl::string_view operation,
                     absl::string_view what) {
  const std::string naming = Naming(error);
  return absl::StrCat(operation, ": ", what, naming.empty() ? "" : " (", naming,
                      naming.empty() ? "" : ")", " [SQLSTATE ", error.sqlstate,
                      "]");
}

bool IsUnavailableState(absl::string_view state) {
  return absl::StartsWith(state, "08") || absl::StartsWith(state, "53") ||
         state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "25006" || IsRetryableConflict(state);
}

absl::string_view UnavailableReason(absl::string_view state) {
  if (state == "25006") return "the database is read-only";
  if (state == "57P01" || state == "57P02") return "the database shut down";
  if (state == "57P03") return "the database is starting up";
  if (state == "40001") return "conflict with a concurrent update";
  if (state == "40P01") return "deadlock with a concurrent update";
  if (absl::StartsWith(state, "53")) return "the database is out of resources";
  return "the database connection was lost";
}

}  // namespace

bool IsRetryableConflict(absl::string_view sqlstate) {
  return sqlstate == "40001" || sqlstate == "40P01";
}

absl::Status PgErrorToStatus(const PgErrorFields& error,
                             absl::string_view operation) {
  const absl::string_view state = error.sqlstate;
  if (IsUnavailableState(state)) {
    return absl::UnavailableError(
        absl::StrCat(operation, ": ", UnavailableReason(state), " [SQLSTATE ",
                     state, "]", kRetryHint));
  }
  if (state == "57014") {  // query_canceled: the statement timeout
    return absl::DeadlineExceededError(absl::StrCat(
        operation, ": took longer than limits.statement_timeout_seconds"));
  }
  if (state == "42501") {
    const std::string object =
        error.denied_object.empty() ? Naming(error) : error.denied_object;
    return absl::PermissionDeniedError(absl::StrCat(
        operation, ": the server's database role lacks a privilege",
        object.empty() ? "" : " on ", object, " [SQLSTATE 42501]"));
  }
  if (state == "23505") {
    return absl::AlreadyExistsError(
        Describe(error, operation, "already exists"));
  }
  if (state == "23514") {
    return absl::FailedPreconditionError(
        Describe(error, operation, "violates a check constraint"));
  }
  if (state == "23503") {
    return absl::FailedPreconditionError(
        Describe(error, operation, "refers to a row that does not exist"));
  }
  if (state == "23502") {
    return absl::InvalidArgumentError(
        Describe(error, operation, "a required value is missing"));
  }
  if (absl::StartsWith(state, "22")) {
    return absl::InvalidArgumentError(
        Describe(error, operation, "invalid data"));
  }
  return absl::InternalError(Describe(error, operation, "database error"));
}

PgErrorFields ParseVerboseError(absl::string_view sqlstate,
                                absl::string_view message) {
  PgErrorFields fields;
  fields.sqlstate = std::string(sqlstate);
  for (absl::string_view line : absl::StrSplit(message, '\n')) {
    if (fields.sqlstate.empty()) {
      // libpqxx leaves some states out of its exceptions (42501 among
      // them); the verbose first line carries it: "ERROR:  42501: ...".
      const size_t colon = line.find(":  ");
      if (colon != absl::string_view::npos && line.size() > colon + 8 &&
          line[colon + 8] == ':') {
        fields.sqlstate = std::string(line.substr(colon + 3, 5));
        sqlstate = fields.sqlstate;
      }
    }
    if (absl::ConsumePrefix(&line, "TABLE NAME:")) {
      fields.table = Identifier(line);
    } else if (absl::ConsumePrefix(&line, "CONSTRAINT NAME:")) {
      fields.constraint = Identifier(line);
    } else if (absl::ConsumePrefix(&line, "COLUMN NAME:")) {
      fields.column = Identifier(line);
    } else if (sqlstate == "42501" && fields.denied_object.empty()) {
      // "ERROR:  42501: permission denied for table cases": the object's
      // kind and name, both identifiers.
      constexpr absl::string_view kDenied = "permission denied for ";
      const size_t at = line.find(kDenied);
      if (at == absl::string_view::npos) continue;
      const std::vector<absl::string_view> words = absl::StrSplit(
          line.substr(at + kDenied.size()), ' ', absl::SkipEmpty());
      if (words.size() >= 2) {
        fields.denied_object =
            absl::StrCat(Identifier(words[0]), " ", Identifier(words[1]));
      }
    }
  }
  return fields;
}

}  // namespace baoxue::store
