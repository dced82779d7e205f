#ifndef BAOXUE_TABULAR_RAW_SHEET_H_
#define BAOXUE_TABULAR_RAW_SHEET_H_

// Internal to tabular/: what each format reader hands to ReadTable before the
// header is found and cells are trimmed.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tabular/table.h"

namespace baoxue::tabular::internal {

// A row as stored: 1-based row number and cells from column A on (gaps "").
struct RawRow {
  int64_t number = 0;
  std::vector<std::string> cells;
};
using RawSheet = std::vector<RawRow>;

struct SheetInfo {
  std::string name;
  // Hidden sheets (often the option lists behind a template's drop-downs)
  // are never chosen automatically, only by name.
  bool visible = true;
  // False for chart sheets and the like: they hold no cells.
  bool has_cells = true;
};

// An opened workbook. Not thread-safe; owned by one ReadTable call.
class Workbook {
 public:
  virtual ~Workbook() = default;
  virtual const std::vector<SheetInfo>& sheets() const = 0;
  // Rows of sheets()[index] that hold any cell text, in row order.
  // INVALID_ARGUMENT for a damaged sheet, RESOURCE_EXHAUSTED past a cap.
  virtual absl::StatusOr<RawSheet> ReadSheet(size_t index) = 0;
};

// INVALID_ARGUMENT "not a zip/xlsx file" or a damaged part.
absl::StatusOr<std::unique_ptr<Workbook>> OpenXlsx(absl::string_view bytes,
                                                   const ReadOptions& options);
// INVALID_ARGUMENT for a damaged or encrypted file; INTERNAL if the temporary
// copy cannot be written.
absl::StatusOr<std::unique_ptr<Workbook>> OpenXls(absl::string_view bytes,
                                                  const ReadOptions& options);
// CSV or tab-separated text in any supported charset.
absl::StatusOr<RawSheet> ReadDelimitedText(absl::string_view bytes,
                                           const ReadOptions& options);

// Converts text to UTF-8: a UTF-8 BOM is dropped, UTF-16 with a BOM and
// GB18030 (when the bytes are not valid UTF-8) are converted with iconv.
// INVALID_ARGUMENT for NUL bytes (binary data) or bytes valid in no charset.
absl::StatusOr<std::string> TextToUtf8(absl::string_view bytes);

// How a number format shows a number.
enum class NumberKind { kNumber, kDate, kDateTime, kTime };

// Renders a spreadsheet serial day count (1900 date system, or 1904 when
// `date1904`) as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS".
// Returns "" for a serial outside 0..2958465 (9999-12-31).
std::string SerialToText(double serial, bool date1904, NumberKind kind);

// Renders a plain number: integers of up to 15 digits in full, larger
// magnitudes in scientific form ("3.60799199001011E+17"), others with up to
// 15 significant digits.
std::string NumberToText(double value);

}  // namespace baoxue::tabular::internal

#endif  // BAOXUE_TABULAR_RAW_SHEET_H_
