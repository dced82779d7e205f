#include "client/import_commands.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "client/export_format.h"
#include "client/import_mapping.h"
#include "client/import_view.h"
#include "client/imports_client.h"
#include "client/output.h"
#include "client/run_commands.h"
#include "domain/vocabulary.h"

ABSL_FLAG(std::string, sheet, "",
          "import: the workbook's sheet (default the first with a header)");
ABSL_FLAG(std::string, mapping, "",
          "import: a file of `file header=field` lines for headers of your "
          "own (fields: docs/imports.md)");
ABSL_FLAG(bool, dry_run, false, "import: check and report, write nothing");
ABSL_FLAG(std::string, mode, "delta",
          "import: delta (add and update) or full (the whole roster of your "
          "area: who is missing is marked, never deleted)");
ABSL_FLAG(std::string, rejected_format, "xlsx",
          "import: the refused rows as xlsx or csv");
ABSL_FLAG(std::string, rejected, "",
          "import: where to write the refused rows (default "
          "<file>-导入失败明细.xlsx in the working directory)");

namespace baoxue::client {
namespace {

absl::StatusOr<std::string> ReadWholeFile(const std::string& path,
                                          absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in)
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": cannot read ", path));
  return bytes.str();
}

// The --mapping file into the request's header (ParseColumnMapping).
absl::Status ReadMapping(const std::string& path,
                         baoxue::v1::ImportHeader& header) {
  if (path.empty()) return absl::OkStatus();
  absl::StatusOr<std::string> text = ReadWholeFile(path, "--mapping");
  if (!text.ok()) return text.status();
  absl::StatusOr<std::map<std::string, std::string>> mapping =
      ParseColumnMapping(*text);
  if (!mapping.ok()) return mapping.status();
  header.mutable_column_mapping()->insert(mapping->begin(), mapping->end());
  return absl::OkStatus();
}

// The server's stage codes (core/imports/import_desk.h) as people read them.
absl::string_view StageLabel(absl::string_view stage, Words words) {
  if (stage == "sending") return words("发送中", "sending");
  if (stage == "receiving") return words("接收中", "receiving");
  if (stage == "reading") return words("读取中", "reading");
  if (stage == "validating") return words("校验中", "validating");
  if (stage == "writing") return words("写入中", "writing");
  if (stage == "done") return words("完成", "done");
  return stage;
}

std::string BaseName(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

}  // namespace

absl::Status RunImportCommand(std::shared_ptr<grpc::Channel> channel,
                              const std::string& token,
                              const std::vector<std::string>& args, Words words,
                              bool json) {
  const domain::Language lang = words.language();
  if (args.size() != 2) {
    return absl::InvalidArgumentError(
        "usage: baoxue import KIND FILE (kinds: areas, schools, students, "
        "households, household_registration, school_calendar, attendance, "
        "routes, heads, enrolment_events)");
  }
  const std::optional<domain::ImportKind> kind =
      domain::Parse<domain::ImportKind>(args[0]);
  if (!kind.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown kind '", args[0], "' (docs/imports.md)"));
  }
  baoxue::v1::ImportHeader header;
  header.set_kind(
      static_cast<baoxue::v1::ImportKind>(static_cast<int>(*kind) + 1));
  header.set_file_name(BaseName(args[1]));
  header.set_sheet(absl::GetFlag(FLAGS_sheet));
  header.set_dry_run(absl::GetFlag(FLAGS_dry_run));
  header.set_rejected_format(absl::GetFlag(FLAGS_rejected_format));
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode != "delta" && mode != "full") {
    return absl::InvalidArgumentError("--mode: delta or full");
  }
  header.set_mode(mode == "full" ? baoxue::v1::IMPORT_MODE_FULL
                                 : baoxue::v1::IMPORT_MODE_DELTA);
  absl::Status mapped = ReadMapping(absl::GetFlag(FLAGS_mapping), header);
  if (!mapped.ok()) return mapped;
  absl::StatusOr<std::string> file = ReadWholeFile(args[1], "import");
  if (!file.ok()) return file.status();

  ImportsClient client(std::move(channel), token);
  absl::StatusOr<baoxue::v1::ImportResult> result = client.Import(
      header, *file, [words](const baoxue::v1::ImportProgress& progress) {
        if (progress.total() > 0) {
          // One line, redrawn: pad so a shorter stage leaves no remnant.
          std::string line =
              absl::StrCat(StageLabel(progress.stage(), words), " ",
                           ProgressBar(progress.done(), progress.total(), 30));
          line.resize(std::max<size_t>(line.size(), 72), ' ');
          std::cerr << "\r" << line << std::flush;
        }
      });
  std::cerr << "\n";
  if (!result.ok()) return result.status();
  if (!result->rejected_rows().empty()) {
    std::string path = absl::GetFlag(FLAGS_rejected);
    if (path.empty()) path = result->rejected_rows_file_name();
    absl::Status written = WriteFileAtomically(path, result->rejected_rows());
    if (!written.ok()) return written;
    std::cerr << (lang == domain::Language::kZh ? "失败明细已写入 "
                                                : "refused rows written to ")
              << path << "\n";
  }
  if (json) {
    baoxue::v1::ImportResult shown = *result;
    shown.clear_rejected_rows();
    PrintJson(shown, std::cout);
  } else {
    PrintImportResult(*result, lang, std::cout);
  }
  return absl::OkStatus();
}

absl::Status RunImportsListCommand(std::shared_ptr<grpc::Channel> channel,
                                   const std::string& token, int limit,
                                   Words words, bool json) {
  const domain::Language lang = words.language();
  ImportsClient client(std::move(channel), token);
  absl::StatusOr<baoxue::v1::ListImportsResponse> imports =
      client.ListImports(limit);
  if (!imports.ok()) return imports.status();
  if (json) {
    PrintJson(*imports, std::cout);
    return absl::OkStatus();
  }
  for (const baoxue::v1::ImportRecord& r : imports->imports()) {
    const domain::ImportKind kind =
        static_cast<domain::ImportKind>(static_cast<int>(r.kind()) - 1);
    std::cout << "#" << r.import_id() << "  " << r.started_at() << "  "
              << domain::Label(kind, lang) << "  " << r.file_name() << "  "
              << r.counts().rows()
              << (lang == domain::Language::kZh ? " 行，拒绝 "
                                                : " rows, refused ")
              << r.counts().rejected() << "  " << r.actor() << "  sha256 "
              << r.sha256().substr(0, 12) << "\n";
  }
  return absl::OkStatus();
}

}  // namespace baoxue::client
