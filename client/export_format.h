#ifndef BAOXUE_CLIENT_EXPORT_FORMAT_H_
#define BAOXUE_CLIENT_EXPORT_FORMAT_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "xlsx/xlsx_writer.h"

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

// How one answer (a risk list, a ledger) looks in each format.
struct ExportRenderers {
  std::function<void(std::ostream&)> table;
  std::function<std::string()> csv;
  std::function<std::vector<xlsx::Sheet>()> sheets;
};

// Renders `message` as JSON (`json`), or in `format` (table, csv, xlsx; as
// checked by CheckExportFlags), and prints it to stdout when `output` is
// empty, else writes the file atomically (a CSV file starts with the BOM)
// and says so on stderr.
absl::Status WriteExport(const google::protobuf::Message& message,
                         const std::string& format, bool json,
                         const std::string& output,
                         const ExportRenderers& renderers);

// Writes `bytes` to `path` whole or not at all: a temporary file next to it,
// renamed over it once complete (an interrupted export never leaves half a
// spreadsheet behind). UNAVAILABLE naming --output if it cannot.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_EXPORT_FORMAT_H_
