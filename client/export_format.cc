#include "client/export_format.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "client/output.h"

namespace baoxue::client {
namespace {

bool IsWide(uint32_t code) {
  return (code >= 0x1100 && code <= 0x115F) ||
         (code >= 0x2E80 && code <= 0xA4CF) ||
         (code >= 0xAC00 && code <= 0xD7A3) ||
         (code >= 0xF900 && code <= 0xFAFF) ||
         (code >= 0xFE30 && code <= 0xFE4F) ||
         (code >= 0xFF00 && code <= 0xFF60) ||
         (code >= 0xFFE0 && code <= 0xFFE6) || code >= 0x20000;
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

absl::Status CannotWrite(const std::string& path, int error) {
  return absl::UnavailableError(absl::StrCat("--output: cannot write ", path,
                                             ": ", std::strerror(error)));
}

}  // namespace

int DisplayWidth(const std::string& text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    uint32_t code = lead;
    size_t length = 1;
    if (lead >= 0xF0) {
      code = lead & 0x07;
      length = 4;
    } else if (lead >= 0xE0) {
      code = lead & 0x0F;
      length = 3;
    } else if (lead >= 0xC0) {
      code = lead & 0x1F;
      length = 2;
    }
    for (size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += length;
    width += IsWide(code) ? 2 : 1;
  }
  return width;
}

std::string PadToWidth(const std::string& text, int width) {
  const int missing = width - DisplayWidth(text);
  return missing > 0 ? text + std::string(missing, ' ') : text;
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  quoted.reserve(fields.size());
  for (const std::string& field : fields) quoted.push_back(CsvField(field));
  return absl::StrJoin(quoted, ",") + "\r\n";
}

absl::StatusOr<Language> CheckExportFlags(const std::string& format,
                                          const std::string& output,
                                          const std::string& lang,
                                          const std::string& example_file) {
  if (format != "table" && format != "csv" && format != "xlsx") {
    return absl::InvalidArgumentError("--format: must be table, csv or xlsx");
  }
  if (format == "xlsx" && output.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--output: needed for --format xlsx (a file name, e.g. ",
                     example_file, ")"));
  }
  if (lang != "zh" && lang != "en") {
    return absl::InvalidArgumentError("--lang: must be zh or en");
  }
  return lang == "en" ? Language::kEn : Language::kZh;
}

absl::Status WriteExport(const google::protobuf::Message& message,
                         const std::string& format, bool json,
                         const std::string& output,
                         const ExportRenderers& renderers) {
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
    if (!output.empty()) bytes << kUtf8Bom;
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
  std::cerr << "已写入 wrote " << output << " (" << data.size() << " bytes)\n";
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
