#include "client/export_format.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "client/output.h"
#include "exports/text.h"

namespace baoxue::client {
namespace {

absl::Status CannotWrite(const std::string& path, int error) {
  return absl::UnavailableError(absl::StrCat("--output: cannot write ", path,
                                             ": ", std::strerror(error)));
}

}  // namespace

absl::Status CheckExportFlags(const std::string& format,
                              const std::string& output,
                              const std::string& example_file) {
  if (format != "table" && format != "csv" && format != "xlsx") {
    return absl::InvalidArgumentError("--format: must be table, csv or xlsx");
  }
  if (format == "xlsx" && output.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--output: needed for --format xlsx (a file name, e.g. ",
                     example_file, ")"));
  }
  return absl::OkStatus();
}

absl::Status WriteExport(const google::protobuf::Message& message,
                         const std::string& format, bool json,
                         const std::string& output,
                         const ExportRenderers& renderers, Words words) {
  std::ostringstream bytes;
  if (json) {
    PrintJson(message, bytes);
    bytes << "\n";
  } else if (format == "xlsx") {
    absl::StatusOr<std::string> workbook =
        xlsx::WriteWorkbook(renderers.sheets());
    if (!workbook.ok()) return workbook.status();
    bytes << *workbook;
  } else if (format == "csv") {
    if (!output.empty()) bytes << exports::kUtf8Bom;
    bytes << renderers.csv();
  } else {
    renderers.table(bytes);
  }
  const std::string data = bytes.str();
  if (output.empty()) {
    std::cout << data;
    return absl::OkStatus();
  }
  if (absl::Status written = WriteFileAtomically(output, data); !written.ok()) {
    return written;
  }
  std::cerr << absl::StrCat(words("已写入 ", "wrote "), output,
                            words("（", " ("), data.size(),
                            words(" 字节）", " bytes)"), "\n");
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes) {
  const std::string temporary = path + ".part";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
      const int error = errno;
      std::remove(temporary.c_str());
      return CannotWrite(path, error);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return CannotWrite(path, error);
  }
  return absl::OkStatus();
}

}  // namespace baoxue::client
