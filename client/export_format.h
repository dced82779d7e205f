#ifndef BAOXUE_CLIENT_EXPORT_FORMAT_H_
#define BAOXUE_CLIENT_EXPORT_FORMAT_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/words.h"
#include "google/protobuf/message.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::client {

// What the CLI's exports (risk list, ledger) share: the flags and writing
// the file. The renderings themselves live in exports/ (shared with the web).

// Checks --format (table, csv, xlsx) and --output (needed for xlsx, e.g.
// `example_file`); INVALID_ARGUMENT naming the flag. (--lang is checked once
// for every command: Words::FromFlag.)
absl::Status CheckExportFlags(const std::string& format,
                              const std::string& output,
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
// and says so on stderr in the language of `words`.
absl::Status WriteExport(const google::protobuf::Message& message,
                         const std::string& format, bool json,
                         const std::string& output,
                         const ExportRenderers& renderers, Words words);

// Writes `bytes` to `path` whole or not at all: a temporary file next to it,
// renamed over it once complete (an interrupted export never leaves half a
// spreadsheet behind). UNAVAILABLE naming --output if it cannot.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_EXPORT_FORMAT_H_
