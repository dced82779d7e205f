#include "server/core/imports/import_desk.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "base/status_macros.h"
#include "openssl/sha.h"
#include "server/core/imports/import_columns.h"
#include "server/core/imports/row_parser.h"
#include "tabular/table.h"

namespace baoxue::core::imports {
namespace {

using domain::ImportKind;

// A county's largest roster (a prefecture's, about 1.5 million students)
// fits; anything larger is refused whole before it is parsed.
tabular::ReadOptions ImportReadOptions(bool allow_xls) {
  tabular::ReadOptions options;
  options.allow_xls = allow_xls;
  options.max_file_bytes = size_t{1} << 30;
  options.max_rows = 2'000'000;
  return options;
}

std::string Sha256(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

constexpr int64_t kProgressEvery = 10000;

}  // namespace

absl::StatusOr<ImportReport> ImportDesk::Import(
    const Caller& caller, const ImportRequest& request,
    const ImportProgressFn& progress) const {
  BAOXUE_RETURN_IF_ERROR(RequireRole(
      caller, {store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
      "import county data"));
  if (caller.school_id.has_value()) {
    return absl::PermissionDeniedError(
        "a school's account may not import county data");
  }
  if (request.kind == ImportKind::kSchoolCalendar &&
      caller.scope.level != store::AreaLevel::kCounty) {
    return absl::PermissionDeniedError(
        "the school calendar is the county's: import it with a county "
        "account");
  }
  Scope scope;
  scope.prefix = std::string(store::DivisionPrefix(caller.scope));
  scope.area_id = caller.scope.area_id;
  scope.actor = caller.Describe();
  return Run(scope, request, progress);
}

absl::StatusOr<ImportReport> ImportDesk::BootstrapAreas(
    const ImportRequest& request, absl::string_view actor) const {
  if (request.kind != ImportKind::kAreas) {
    return absl::InvalidArgumentError(
        "only areas can be imported without an account");
  }
  Scope scope;
  scope.actor = std::string(actor);
  return Run(scope, request, nullptr);
}

absl::StatusOr<std::vector<store::ImportRecordRow>> ImportDesk::List(
    const Caller& caller, int limit) const {
  BAOXUE_RETURN_IF_ERROR(RequireRole(
      caller, {store::CallerRole::kDataStaff, store::CallerRole::kAdmin},
      "list imports"));
  if (limit <= 0) limit = 50;
  return store_->ListImports(store::DivisionPrefix(caller.scope),
                             std::min(limit, 1000));
}

absl::StatusOr<ImportReport> ImportDesk::Run(
    const Scope& scope, const ImportRequest& request,
    const ImportProgressFn& progress) const {
  auto report_progress = [&](absl::string_view stage, int64_t done,
                             int64_t total) {
    if (progress) progress(stage, done, total);
  };
  report_progress("reading", 0, 0);
  BAOXUE_ASSIGN_OR_RETURN(
      tabular::Table table,
      tabular::ReadTable(request.bytes, request.file_name, request.sheet,
                         ImportReadOptions(allow_xls_)));
  BAOXUE_ASSIGN_OR_RETURN(
      ColumnMap columns,
      ColumnMap::Create(request.kind, table.header, request.column_mapping));
  const RowParser parser(request.kind, &columns, ids_);

  store::ImportBatch batch;
  batch.kind = request.kind;
  batch.full = request.full;
  batch.dry_run = request.dry_run;
  batch.file_name = request.file_name;
  batch.file_sha256 = Sha256(request.bytes);
  batch.actor = scope.actor;
  batch.area_prefix = scope.prefix;
  batch.area_id = scope.area_id;
  batch.now = clock_->Now();
  batch.rows_read = static_cast<int64_t>(table.rows.size());

  // Rows by their file row number, to hand refused ones back as they were.
  absl::flat_hash_map<int64_t, size_t> row_index;
  absl::flat_hash_map<std::string, int64_t> first_with_key;
  absl::flat_hash_map<std::string, int64_t> first_with_second_key;
  std::string county;  // bootstrapping: the county of the first valid row
  const int64_t total = batch.rows_read;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const tabular::Row& row = table.rows[i];
    row_index[row.number] = i;
    if (static_cast<int64_t>(i) % kProgressEvery == 0) {
      report_progress("validating", static_cast<int64_t>(i), total);
    }
    ParsedRow parsed = parser.Parse(row.cells);
    if (parsed.errors.empty()) {
      auto [it, fresh] = first_with_key.try_emplace(parsed.key, row.number);
      if (!fresh) {
        parsed.errors.push_back(
            {"", absl::StrCat("the same record as row ", it->second),
             absl::StrCat("与第 ", it->second, " 行是同一条记录")});
      } else if (!parsed.second_key.empty()) {
        auto [other, unique] =
            first_with_second_key.try_emplace(parsed.second_key, row.number);
        if (!unique) {
          parsed.errors.push_back(
              {columns.HeaderOf("id_number"),
               absl::StrCat("the same ID number as row ", other->second),
               absl::StrCat("身份证件号与第 ", other->second, " 行相同")});
        }
      }
    }
    if (parsed.errors.empty() && scope.prefix.empty() &&
        request.kind == ImportKind::kAreas) {
      const std::string row_county = parsed.staged[0].substr(0, 6);
      if (county.empty()) county = row_county;
      if (row_county != county) {
        parsed.errors.push_back(
            {columns.HeaderOf("division_code"),
             absl::StrCat("not in county ", county,
                          " of the file's first row: one county at a time"),
             absl::StrCat("不在本文件第一行所属的县（", county,
                          "）：一次只能导入一个县")});
      }
    }
    if (!parsed.errors.empty()) {
      for (const FieldError& error : parsed.errors) {
        batch.refused_before.push_back(
            {row.number, error.column, error.reason, error.reason_zh});
      }
      continue;
    }
    batch.row_numbers.push_back(row.number);
    batch.rows.push_back(std::move(parsed.staged));
  }
  report_progress("validating", total, total);
  report_progress("writing", 0, static_cast<int64_t>(batch.rows.size()));
  BAOXUE_ASSIGN_OR_RETURN(store::ImportWritten written, store_->Write(batch));

  ImportReport report;
  report.import_id = written.import_id;
  report.kind = request.kind;
  report.dry_run = request.dry_run;
  report.rows = total;
  report.inserted = written.inserted;
  report.updated = written.updated;
  report.unchanged = written.unchanged;
  report.missing_from_roster = written.missing_from_roster;
  report.sha256_hex = absl::BytesToHexString(batch.file_sha256);
  for (const auto* list : {&batch.refused_before, &written.rejected}) {
    for (const store::RejectedRow& row : *list) {
      // The store names its staging column: say the file's header instead.
      std::string column = row.column;
      if (const std::string& header = columns.HeaderOf(column);
          !header.empty()) {
        column = header;
      }
      // The parsers start their reasons with the column: say it once.
      absl::string_view reason = row.reason;
      absl::ConsumePrefix(&reason, absl::StrCat(column, ": "));
      report.errors.push_back(
          {row.row, std::move(column), std::string(reason), row.reason_zh});
    }
  }
  std::stable_sort(
      report.errors.begin(), report.errors.end(),
      [](const RowError& a, const RowError& b) { return a.row < b.row; });
  // The refused rows as they were, ID columns masked, reasons joined: in
  // Chinese, like the file's headers (the request carries no language).
  report.rejected_rows.header = table.header;
  report.rejected_rows.header.push_back("失败原因");
  const int id_column = columns.IndexOf("id_number");
  for (size_t i = 0; i < report.errors.size();) {
    const int64_t number = report.errors[i].row;
    std::vector<std::string> reasons;
    for (; i < report.errors.size() && report.errors[i].row == number; ++i) {
      const RowError& error = report.errors[i];
      const std::string& reason =
          error.reason_zh.empty() ? error.reason : error.reason_zh;
      reasons.push_back(error.column.empty()
                            ? reason
                            : absl::StrCat(error.column, "：", reason));
    }
    std::vector<std::string> cells = table.rows[row_index[number]].cells;
    if (id_column >= 0 && id_column < static_cast<int>(cells.size())) {
      cells[id_column] = MaskIdText(cells[id_column]);
    }
    cells.push_back(absl::StrJoin(reasons, "；"));
    report.rejected_rows.rows.push_back(std::move(cells));
  }
  report.rejected = static_cast<int64_t>(report.rejected_rows.rows.size());
  report.accepted = report.rows - report.rejected;
  return report;
}

}  // namespace baoxue::core::imports
