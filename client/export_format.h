#ifndef BAOXUE_CLIENT_EXPORT_FORMAT_H_
#define BAOXUE_CLIENT_EXPORT_FORMAT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace baoxue::client {

// What the CLI's exports (risk list, ledger) share: language, terminal
// alignment, CSV and writing the file.

enum class Language { kZh, kEn };

// The width of `text` in terminal columns: CJK and full-width characters
// take two.
int DisplayWidth(const std::string& text);

// `text` padded with spaces to `width` terminal columns (never cut).
std::string PadToWidth(const std::string& text, int width);

// One RFC 4180 CSV line (fields quoted where needed), ending in CRLF.
std::string CsvLine(const std::vector<std::string>& fields);

// Excel and WPS read a CSV file as UTF-8 only when it starts with this BOM.
inline constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

// Checks --format (table, csv, xlsx), --output (needed for xlsx, e.g.
// `example_file`) and --lang (zh, en); INVALID_ARGUMENT naming the flag.
absl::StatusOr<Language> CheckExportFlags(const std::string& format,
                                          const std::string& output,
                                          const std::string& lang,
                                          const std::string& example_file);

// Prints `bytes` to stdout when `output` is empty, else writes the file
// atomically (WriteFileAtomically) and says so on stderr.
absl::Status EmitExport(const std::string& bytes, const std::string& output);

// Writes `bytes` to `path` whole or not at all: a temporary file next to it,
// renamed over it once complete (an interrupted export never leaves half a
// spreadsheet behind). UNAVAILABLE naming --output if it cannot.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_EXPORT_FORMAT_H_
