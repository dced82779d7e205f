// PgImportStore: one import = one transaction on its own libpq connection:
// stage with COPY, let the kind refuse and upsert (pg_import_kinds.cc),
// record, commit (or roll back a dry run).
#include "server/store/pg_import_store.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "domain/county_time.h"
#include "server/store/pg_actor_name.h"
#include "server/store/pg_import_session.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {
namespace import_sql {
namespace {

// text, timestamptz, date: see ImportSession.
constexpr Oid kParamTypes[3] = {25, 1184, 1082};

// COPY's text format: backslash escapes, \N for NULL (an empty cell).
void AppendCopyField(std::string& out, absl::string_view value) {
  if (value.empty()) {
    out += "\\N";
    return;
  }
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace

ImportSession::ImportSession(PGconn* conn, const ImportBatch& batch)
    : conn_(conn),
      batch_(batch),
      params_{batch.area_prefix, domain::FormatCountyTime(batch.now),
              domain::FormatDay(domain::CountyDay(batch.now))} {}

absl::StatusOr<PgResult> ImportSession::Exec(const char* sql) {
  const char* values[3] = {params_[0].c_str(), params_[1].c_str(),
                           params_[2].c_str()};
  PgResult result(
      PQexecParams(conn_, sql, 3, kParamTypes, values, nullptr, nullptr, 0));
  if (result != nullptr && (PQresultStatus(result.get()) == PGRES_COMMAND_OK ||
                            PQresultStatus(result.get()) == PGRES_TUPLES_OK)) {
    return result;
  }
  return PgResultError(conn_, result.get(),
                       absl::StrCat("import ", domain::Code(batch_.kind)));
}

absl::StatusOr<int64_t> ImportSession::Count(const char* sql) {
  BAOXUE_ASSIGN_OR_RETURN(PgResult result, Exec(sql));
  if (PQresultStatus(result.get()) == PGRES_TUPLES_OK &&
      PQntuples(result.get()) == 1 && PQnfields(result.get()) == 1) {
    return std::stoll(PQgetvalue(result.get(), 0, 0));
  }
  return std::stoll(PQcmdTuples(result.get()));
}

absl::Status ImportSession::Refuse(const char* where, const char* column,
                                   const char* reason, const char* reason_zh) {
  const std::string sql = absl::StrCat(
      "WITH refused AS (DELETE FROM import_stage s WHERE ", where,
      " RETURNING s.row_no) SELECT row_no FROM refused ORDER BY row_no");
  BAOXUE_ASSIGN_OR_RETURN(PgResult result, Exec(sql.c_str()));
  for (int i = 0; i < PQntuples(result.get()); ++i) {
    written_.rejected.push_back({std::stoll(PQgetvalue(result.get(), i, 0)),
                                 column, reason, reason_zh});
  }
  return absl::OkStatus();
}

}  // namespace import_sql

namespace {

using import_sql::ImportSession;

absl::Status Plain(PGconn* conn, const char* sql, absl::string_view what) {
  return PgExec(conn, sql, {}, what).status();
}

absl::Status Stage(PGconn* conn, const ImportBatch& batch) {
  const auto columns = StagingColumns(batch.kind);
  std::vector<std::string> defs;
  std::vector<std::string> names;
  for (absl::string_view column : columns) {
    defs.push_back(absl::StrCat(column, " text"));
    names.emplace_back(column);
  }
  // Column names come from StagingColumns (code), never from the file.
  const std::string create = absl::StrCat(
      "CREATE TEMP TABLE import_stage (row_no bigint PRIMARY KEY, ",
      absl::StrJoin(defs, ", "), ") ON COMMIT DROP");
  BAOXUE_RETURN_IF_ERROR(Plain(conn, create.c_str(), "import: stage"));
  const std::string copy =
      absl::StrCat("COPY import_stage (row_no, ", absl::StrJoin(names, ", "),
                   ") FROM STDIN");
  BAOXUE_RETURN_IF_ERROR(Plain(conn, copy.c_str(), "import: stage"));
  std::string buffer;
  constexpr size_t kFlushBytes = 1 << 20;
  for (size_t i = 0; i < batch.rows.size(); ++i) {
    absl::StrAppend(&buffer, batch.row_numbers[i]);
    for (const std::string& value : batch.rows[i]) {
      buffer += '\t';
      import_sql::AppendCopyField(buffer, value);
    }
    buffer += '\n';
    if (buffer.size() >= kFlushBytes || i + 1 == batch.rows.size()) {
      if (PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) !=
          1) {
        return PgResultError(conn, nullptr, "import: stage");
      }
      buffer.clear();
    }
  }
  if (PQputCopyEnd(conn, nullptr) != 1) {
    return PgResultError(conn, nullptr, "import: stage");
  }
  PgResult result(PQgetResult(conn));
  if (result == nullptr || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return PgResultError(conn, result.get(), "import: stage");
  }
  while (PGresult* rest = PQgetResult(conn)) PQclear(rest);
  // The kinds join the staged rows to the county's tables: give the planner
  // their real size so it hashes instead of looping.
  return Plain(conn, "ANALYZE import_stage", "import: stage");
}

// The first 200 reasons, as three arrays for the record's jsonb.
struct ErrorArrays {
  std::string rows, columns, reasons;
};
ErrorArrays KeptErrors(const ImportBatch& batch,
                       const std::vector<RejectedRow>& rejected) {
  constexpr size_t kKept = 200;
  std::vector<int64_t> rows;
  std::vector<std::string> columns, reasons;
  for (const auto* list : {&batch.refused_before, &rejected}) {
    for (const RejectedRow& row : *list) {
      if (rows.size() >= kKept) break;
      rows.push_back(row.row);
      columns.push_back(row.column);
      reasons.push_back(row.reason);
    }
  }
  return {BigintArrayLiteral(rows.data(), rows.size()),
          TextArrayLiteral(columns), TextArrayLiteral(reasons)};
}

absl::StatusOr<int64_t> Record(PGconn* conn, const ImportBatch& batch,
                               const ImportWritten& written) {
  absl::flat_hash_set<int64_t> refused_rows;
  for (const auto* list : {&batch.refused_before, &written.rejected}) {
    for (const RejectedRow& row : *list) refused_rows.insert(row.row);
  }
  const int64_t rejected = static_cast<int64_t>(refused_rows.size());
  const ErrorArrays errors = KeptErrors(batch, written.rejected);
  const int64_t accepted = batch.rows_read - rejected;
  BAOXUE_ASSIGN_OR_RETURN(
      PgResult result,
      PgExec(conn,
             "INSERT INTO baoxue.imports (kind, file_name, file_sha256, "
             "full_roster, actor, area_id, started_at, rows_read, accepted, "
             "rejected, inserted, updated, unchanged, missing_from_roster, "
             "errors) VALUES ($1::baoxue.import_kind, $2, decode($3, 'hex'), "
             "$4::boolean, $5, nullif($6, '')::bigint, $7::timestamptz, "
             "$8::int, $9::int, "
             "$10::int, $11::int, $12::int, $13::int, $14::int, "
             "(SELECT coalesce(jsonb_agg(jsonb_build_object('row', r, "
             "  'column', c, 'reason', m) ORDER BY n), '[]'::jsonb) "
             " FROM unnest($15::bigint[], $16::text[], $17::text[]) "
             " WITH ORDINALITY AS e(r, c, m, n))) "
             "RETURNING import_id",
             {std::string(domain::Code(batch.kind)), batch.file_name,
              absl::BytesToHexString(batch.file_sha256),
              batch.full ? "true" : "false", batch.actor,
              batch.area_id.has_value() ? absl::StrCat(*batch.area_id) : "",
              domain::FormatCountyTime(batch.now),
              absl::StrCat(batch.rows_read), absl::StrCat(accepted),
              absl::StrCat(rejected), absl::StrCat(written.inserted),
              absl::StrCat(written.updated), absl::StrCat(written.unchanged),
              absl::StrCat(written.missing_from_roster), errors.rows,
              errors.columns, errors.reasons},
             "import: record"));
  return std::stoll(PQgetvalue(result.get(), 0, 0));
}

}  // namespace

absl::StatusOr<ImportWritten> PgImportStore::Write(const ImportBatch& batch) {
  const size_t width = StagingColumns(batch.kind).size();
  if (batch.row_numbers.size() != batch.rows.size()) {
    return absl::InvalidArgumentError("import: a row number for every row");
  }
  for (const std::vector<std::string>& row : batch.rows) {
    if (row.size() != width) {
      return absl::InvalidArgumentError(absl::StrCat(
          "import ", domain::Code(batch.kind), ": rows of ", width, " values"));
    }
  }
  BAOXUE_ASSIGN_OR_RETURN(PgConn conn,
                          PgConnect(pool_->database_url(), "import"));
  ImportSession session(conn.get(), batch);
  auto run = [&]() -> absl::Status {
    BAOXUE_RETURN_IF_ERROR(Plain(conn.get(), "BEGIN", "import"));
    // One import at a time across servers: the kinds assign ids from max+1.
    BAOXUE_RETURN_IF_ERROR(Plain(
        conn.get(), "SELECT pg_advisory_xact_lock(hashtext('baoxue.imports'))",
        "import: lock"));
    BAOXUE_RETURN_IF_ERROR(Stage(conn.get(), batch));
    BAOXUE_RETURN_IF_ERROR(import_sql::WriteKind(session));
    if (batch.dry_run) {
      return Plain(conn.get(), "ROLLBACK", "import: dry run");
    }
    BAOXUE_ASSIGN_OR_RETURN(session.written().import_id,
                            Record(conn.get(), batch, session.written()));
    return Plain(conn.get(), "COMMIT", "import: commit");
  };
  const absl::Status status = run();
  if (!status.ok()) {
    PgResult rollback(PQexec(conn.get(), "ROLLBACK"));
    return status;
  }
  return std::move(session.written());
}

absl::StatusOr<std::vector<ImportRecordRow>> PgImportStore::ListImports(
    absl::string_view area_prefix, int limit) {
  return InTransaction(
      *pool_, "list imports",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<ImportRecordRow>> {
        std::vector<ImportRecordRow> rows;
        for (const pqxx::row& r : tx.exec_params(
                 absl::StrCat(
                     "SELECT i.import_id, i.kind::text, i.file_name, "
                     "encode(i.file_sha256, 'hex'), i.full_roster, ",
                     // Who imported it by name, not "token 2".
                     ActorNameSql("i.actor"),
                     ", "
                     "coalesce(a.division_code, ''), "
                     "extract(epoch FROM i.started_at)::float8, i.rows_read, "
                     "i.accepted, i.rejected, i.inserted, i.updated, "
                     "i.unchanged, "
                     "i.missing_from_roster FROM baoxue.imports i "
                     "LEFT JOIN baoxue.areas a ON a.area_id = i.area_id "
                     "WHERE $1 = '' OR starts_with(a.division_code, $1) "
                     "ORDER BY i.import_id DESC LIMIT $2"),
                 std::string(area_prefix), limit)) {
          ImportRecordRow row;
          row.import_id = r[0].as<int64_t>();
          row.kind = domain::Parse<ImportKind>(r[1].as<std::string>())
                         .value_or(ImportKind::kAreas);
          row.file_name = r[2].as<std::string>();
          row.file_sha256_hex = r[3].as<std::string>();
          row.full = r[4].as<bool>();
          row.actor = r[5].as<std::string>();
          row.area_code = r[6].as<std::string>();
          row.started_at = absl::FromUnixMicros(
              static_cast<int64_t>(r[7].as<double>() * 1e6));
          row.rows_read = r[8].as<int64_t>();
          row.accepted = r[9].as<int64_t>();
          row.rejected = r[10].as<int64_t>();
          row.inserted = r[11].as<int64_t>();
          row.updated = r[12].as<int64_t>();
          row.unchanged = r[13].as<int64_t>();
          row.missing_from_roster = r[14].as<int64_t>();
          rows.push_back(std::move(row));
        }
        return rows;
      });
}

}  // namespace baoxue::store
