#include "server/rpc/imports_service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/county_time.h"
#include "exports/plain_table.h"
#include "server/rpc/call_context.h"
#include "server/rpc/grpc_status.h"

namespace baoxue::rpc {
namespace {

using baoxue::v1::ImportKind;

// The file may be large (a county's roster); it is held whole while it is
// read, so the server caps it (tabular refuses the same size again).
constexpr size_t kMaxFileBytes = size_t{1} << 30;

absl::StatusOr<domain::ImportKind> KindOf(ImportKind kind) {
  switch (kind) {
    case baoxue::v1::IMPORT_KIND_AREAS:
      return domain::ImportKind::kAreas;
    case baoxue::v1::IMPORT_KIND_SCHOOLS:
      return domain::ImportKind::kSchools;
    case baoxue::v1::IMPORT_KIND_STUDENTS:
      return domain::ImportKind::kStudents;
    case baoxue::v1::IMPORT_KIND_HOUSEHOLDS:
      return domain::ImportKind::kHouseholds;
    case baoxue::v1::IMPORT_KIND_HOUSEHOLD_REGISTRATION:
      return domain::ImportKind::kHouseholdRegistration;
    case baoxue::v1::IMPORT_KIND_ATTENDANCE:
      return domain::ImportKind::kAttendance;
    case baoxue::v1::IMPORT_KIND_SCHOOL_CALENDAR:
      return domain::ImportKind::kSchoolCalendar;
    case baoxue::v1::IMPORT_KIND_ROUTES:
      return domain::ImportKind::kRoutes;
    case baoxue::v1::IMPORT_KIND_HEADS:
      return domain::ImportKind::kHeads;
    case baoxue::v1::IMPORT_KIND_ENROLMENT_EVENTS:
      return domain::ImportKind::kEnrolmentEvents;
    default:
      return absl::InvalidArgumentError("header.kind: choose a kind");
  }
}

ImportKind ToProto(domain::ImportKind kind) {
  return static_cast<ImportKind>(static_cast<int>(kind) + 1);
}

// The refused rows as the caller asked: .xlsx (default) or .csv.
absl::Status ToProto(const core::imports::ImportReport& report,
                     const std::string& file_name, bool csv,
                     baoxue::v1::ImportResult* out) {
  out->set_import_id(report.import_id);
  out->set_kind(ToProto(report.kind));
  out->set_dry_run(report.dry_run);
  baoxue::v1::ImportCounts* counts = out->mutable_counts();
  counts->set_rows(report.rows);
  counts->set_accepted(report.accepted);
  counts->set_rejected(report.rejected);
  counts->set_inserted(report.inserted);
  counts->set_updated(report.updated);
  counts->set_unchanged(report.unchanged);
  counts->set_missing_from_roster(report.missing_from_roster);
  constexpr size_t kErrorsSent = 200;
  for (size_t i = 0; i < report.errors.size() && i < kErrorsSent; ++i) {
    baoxue::v1::RowError* error = out->add_errors();
    error->set_row(report.errors[i].row);
    error->set_column(report.errors[i].column);
    error->set_reason(report.errors[i].reason);
    error->set_reason_zh(report.errors[i].reason_zh);
  }
  out->set_sha256(report.sha256_hex);
  if (!report.rejected_rows.rows.empty()) {
    const exports::PlainTable table{"导入失败明细", report.rejected_rows.header,
                                    report.rejected_rows.rows};
    if (csv) {
      out->set_rejected_rows(exports::PlainTableCsv(table));
    } else {
      absl::StatusOr<std::string> workbook = exports::PlainTableXlsx(table);
      if (!workbook.ok()) return workbook.status();
      out->set_rejected_rows(*std::move(workbook));
    }
    const size_t dot = file_name.rfind('.');
    out->set_rejected_rows_file_name(absl::StrCat(
        file_name.substr(0, dot), "-导入失败明细", csv ? ".csv" : ".xlsx"));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status ImportsService::Import(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<baoxue::v1::ImportProgress,
                             baoxue::v1::ImportChunk>* stream) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  baoxue::v1::ImportChunk chunk;
  if (!stream->Read(&chunk) || !chunk.has_header()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "header: the first message must be the import's header"));
  }
  const baoxue::v1::ImportHeader header = chunk.header();
  absl::StatusOr<domain::ImportKind> kind = KindOf(header.kind());
  if (!kind.ok()) return ToGrpcStatus(kind.status());
  if (!header.rejected_format().empty() && header.rejected_format() != "xlsx" &&
      header.rejected_format() != "csv") {
    return ToGrpcStatus(
        absl::InvalidArgumentError("header.rejected_format: xlsx or csv"));
  }
  core::imports::ImportRequest request;
  request.kind = *kind;
  request.file_name = header.file_name();
  request.sheet = header.sheet();
  request.full = header.mode() == baoxue::v1::IMPORT_MODE_FULL;
  request.dry_run = header.dry_run();
  request.column_mapping.insert(header.column_mapping().begin(),
                                header.column_mapping().end());
  baoxue::v1::ImportProgress progress;
  size_t reported = 0;
  while (stream->Read(&chunk)) {
    if (!chunk.has_data()) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "data: only the first message is a header"));
    }
    if (request.bytes.size() + chunk.data().size() > kMaxFileBytes) {
      return ToGrpcStatus(absl::ResourceExhaustedError(absl::StrCat(
          "the file is larger than ", kMaxFileBytes >> 20, " MiB")));
    }
    request.bytes += chunk.data();
    if (request.bytes.size() - reported >= (size_t{8} << 20)) {
      reported = request.bytes.size();
      progress.set_stage("receiving");
      progress.set_done(static_cast<int64_t>(reported));
      stream->Write(progress);
    }
  }
  absl::StatusOr<core::imports::ImportReport> report =
      desk_->Import(*caller, request,
                    [&](absl::string_view stage, int64_t done, int64_t total) {
                      progress.set_stage(std::string(stage));
                      progress.set_done(done);
                      progress.set_total(total);
                      stream->Write(progress);
                    });
  if (!report.ok()) return ToGrpcStatus(report.status());
  baoxue::v1::ImportProgress last;
  last.set_stage("done");
  last.set_done(report->rows);
  last.set_total(report->rows);
  const absl::Status converted =
      ToProto(*report, request.file_name, header.rejected_format() == "csv",
              last.mutable_result());
  if (!converted.ok()) return ToGrpcStatus(converted);
  stream->Write(last);
  return grpc::Status::OK;
}

grpc::Status ImportsService::ListImports(
    grpc::ServerContext* context, const baoxue::v1::ListImportsRequest* request,
    baoxue::v1::ListImportsResponse* response) {
  absl::StatusOr<core::Caller> caller =
      AuthenticateCall(*context, *authenticator_);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<std::vector<store::ImportRecordRow>> imports =
      desk_->List(*caller, request->limit());
  if (!imports.ok()) return ToGrpcStatus(imports.status());
  for (const store::ImportRecordRow& row : *imports) {
    baoxue::v1::ImportRecord* record = response->add_imports();
    record->set_import_id(row.import_id);
    record->set_kind(ToProto(row.kind));
    record->set_file_name(row.file_name);
    record->set_sha256(row.file_sha256_hex);
    record->set_mode(row.full ? "full" : "delta");
    record->set_actor(row.actor);
    record->set_area_code(row.area_code);
    record->set_started_at(domain::FormatCountyTime(row.started_at));
    baoxue::v1::ImportCounts* counts = record->mutable_counts();
    counts->set_rows(row.rows_read);
    counts->set_accepted(row.accepted);
    counts->set_rejected(row.rejected);
    counts->set_inserted(row.inserted);
    counts->set_updated(row.updated);
    counts->set_unchanged(row.unchanged);
    counts->set_missing_from_roster(row.missing_from_roster);
  }
  return grpc::Status::OK;
}

}  // namespace baoxue::rpc
