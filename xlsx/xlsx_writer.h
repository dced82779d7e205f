#ifndef BAOXUE_XLSX_XLSX_WRITER_H_
#define BAOXUE_XLSX_XLSX_WRITER_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace baoxue::xlsx {

// A cell: text, or a number (shown with `Column::number_format`).
using Cell = std::variant<std::string, double>;

struct Column {
  std::string header;
  double width = 12;               // in characters
  std::string number_format = "";  // Excel format, e.g. "0.0%"; "" = General
};

struct Sheet {
  std::string name;   // at most 31 characters, no []:*?/\ (Excel's rules)
  std::string title;  // optional first row (bold), e.g. area and date
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each at most columns.size() cells
};

// Writes `sheets` as one .xlsx workbook (Office Open XML, via libxlsxwriter)
// and returns its bytes. Headers are bold with a frozen header row and an
// autofilter. Knows nothing of gRPC or SQL: the server's exports and the CLI
// share it. Thread-safe (uses a private temporary file per call).
// INVALID_ARGUMENT for a bad sheet name or a row wider than the columns;
// INTERNAL if the file cannot be written.
absl::StatusOr<std::string> WriteWorkbook(const std::vector<Sheet>& sheets);

}  // namespace baoxue::xlsx

#endif  // BAOXUE_XLSX_XLSX_WRITER_H_
