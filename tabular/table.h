#ifndef BAOXUE_TABULAR_TABLE_H_
#define BAOXUE_TABULAR_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue::tabular {

// One data row: its cells (exactly Table::header.size() of them, trimmed,
// "" where empty) and the 1-based row number a spreadsheet program shows for
// it, so that an error can say "row 17". For CSV that is the record number
// (a record with a quoted line break still counts as one row).
struct Row {
  int64_t number = 0;
  std::vector<std::string> cells;
};

// A table of strings read from a county's file. Every cell is UTF-8 text:
// numbers keep their literal text, date cells become "YYYY-MM-DD" (see
// ReadTable). Fully empty rows are dropped.
struct Table {
  std::string sheet;                // the sheet read ("" for CSV)
  int64_t header_row_number = 0;    // 1-based, as for Row::number
  std::vector<std::string> header;  // normalised by NormalizeHeader
  std::vector<Row> rows;
};

// Caps that protect the server from a hostile or mistaken upload. A file
// beyond a cap is refused as a whole (RESOURCE_EXHAUSTED naming the cap), never
// read in part.
struct ReadOptions {
  size_t max_file_bytes = size_t{64} << 20;  // the bytes handed to ReadTable
  // Total uncompressed XML read from one .xlsx (zip bombs).
  size_t max_uncompressed_bytes = size_t{1} << 30;
  size_t max_rows = 200000;   // non-empty rows, titles and header included
  size_t max_columns = 1024;  // the last non-empty cell's column
  // libfreexl (Debian 12's 1.0.6) is not memory-safe on crafted files (see
  // docs/imports.md, "Limits"); a server may refuse .xls until its parsing
  // runs in a separate process.
  bool allow_xls = true;
};

// Reads one table out of a county's file, whatever its format. Detected by
// magic bytes, not by `file_name` (which only words the errors):
//   "PK\x03\x04"      -> .xlsx (Office Open XML)
//   D0 CF 11 E0 ...   -> legacy .xls (BIFF, read by libfreexl)
//   anything else     -> delimited text: CSV (RFC 4180) or tab-separated
//                        when the first line with a tab or comma has tabs
//                        and no commas; UTF-8 (with or without BOM),
//                        UTF-16 with BOM, else GB18030 (a superset of GBK).
//
// `sheet` names the sheet of a workbook to read. Empty = choose: the first
// visible sheet whose header row has at least 3 non-empty cells (a cover page
// with a title or two is skipped), else the first sheet with any content.
// A CSV has a single table and ignores `sheet`.
//
// The header is the first of the first 10 non-empty rows whose non-empty cell
// count is at least half that of the widest row in the sheet (else the first
// non-empty row); rows above it (merged titles, notes) are skipped. Header
// cells go through NormalizeHeader; columns after the last non-empty header
// cell are dropped, as a column without a name cannot be mapped. Every cell is
// trimmed of ASCII and full-width spaces.
//
// Cells of a workbook: shared and inline strings as text; numbers as stored
// (e.g. "42", "0.5"), except that a number of 16 or more digits, which a
// double cannot hold exactly, is given in scientific form such as
// "3.60799199001011E+17" so that an ID typed as a number is recognisably lost;
// booleans as "TRUE"/"FALSE"; a number formatted as a date as "YYYY-MM-DD",
// as a date and time as "YYYY-MM-DD HH:MM:SS", as a time as "HH:MM:SS".
//
// Thread-safe (no shared state; a legacy .xls is copied to a private
// temporary file for the duration of the call).
// Errors:
//   INVALID_ARGUMENT   damaged or unreadable file ("not a zip/xlsx file"),
//                      a .xls when !options.allow_xls,
//                      text that is neither UTF-8, UTF-16 nor GB18030,
//                      a sheet without a header row;
//   NOT_FOUND          `sheet` does not exist ("sheet 学生 not found; sheets:
//                      封面, 学籍");
//   RESOURCE_EXHAUSTED a ReadOptions cap is exceeded;
//   INTERNAL           the temporary file for a .xls cannot be written.
absl::StatusOr<Table> ReadTable(absl::string_view bytes,
                                absl::string_view file_name,
                                absl::string_view sheet,
                                const ReadOptions& options = {});

// Normalises a header cell so that the names a county typed match a mapping:
// drops line breaks and the ★/☆/* marks of mandatory fields, turns
// full-width ASCII (Ａ-Ｚ, ０-９, （）…) into half-width, trims ASCII and
// full-width spaces, and removes spaces between two non-ASCII characters
// (forms align "姓  名" with spaces). "★出生\n日期（年月日）" ->
// "出生日期(年月日)".
std::string NormalizeHeader(absl::string_view cell);

// Trims ASCII whitespace, no-break and full-width (U+3000) spaces from both
// ends of a cell.
absl::string_view TrimCell(absl::string_view cell);

}  // namespace baoxue::tabular

#endif  // BAOXUE_TABULAR_TABLE_H_
