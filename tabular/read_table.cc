#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "tabular/raw_sheet.h"
#include "tabular/table.h"

namespace baoxue::tabular {
namespace {

using internal::RawRow;
using internal::RawSheet;
using internal::Workbook;

// The header must sit within the first kHeaderSearchRows non-empty rows.
constexpr size_t kHeaderSearchRows = 10;
// A sheet is chosen automatically only if its header has this many names; a
// cover page has a title and a date or two.
constexpr size_t kMinAutoHeaderCells = 3;

// Decodes one UTF-8 sequence at `text[*i]`, advancing `*i`. Invalid bytes
// come back as themselves (the text was validated or converted before).
char32_t NextCodePoint(absl::string_view text, size_t* i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char b0 = byte(*i);
  size_t length = 1;
  char32_t cp = b0;
  if (b0 >= 0xF0 && b0 < 0xF8) {
    length = 4;
    cp = b0 & 0x07;
  } else if (b0 >= 0xE0) {
    length = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xC0) {
    length = 2;
    cp = b0 & 0x1F;
  }
  if (length == 1 || *i + length > text.size()) {
    ++*i;
    return b0;
  }
  for (size_t k = 1; k < length; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) {
      ++*i;
      return b0;
    }
    cp = (cp << 6) | (byte(*i + k) & 0x3F);
  }
  *i += length;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
         cp == '\f' || cp == 0xA0 || cp == 0x3000;
}

size_t NonEmptyCount(const RawRow& row) {
  return std::count_if(
      row.cells.begin(), row.cells.end(),
      [](const std::string& c) { return !TrimCell(c).empty(); });
}

// Index into `rows` of the header row, or rows.size() if the sheet is empty.
size_t FindHeader(const RawSheet& rows) {
  size_t widest = 0;
  for (const RawRow& row : rows) widest = std::max(widest, NonEmptyCount(row));
  if (widest == 0) return rows.size();
  size_t seen = 0;
  for (size_t i = 0; i < rows.size() && seen < kHeaderSearchRows; ++i) {
    const size_t count = NonEmptyCount(rows[i]);
    if (count == 0) continue;
    ++seen;
    if (2 * count >= widest) return i;
  }
  // Nothing qualifies when a much wider row sits below the tenth: the first
  // non-empty row stands, and the mapping then reports what it lacks.
  for (size_t i = 0; i < rows.size(); ++i) {
    if (NonEmptyCount(rows[i]) > 0) return i;
  }
  return rows.size();
}

Table MakeTable(std::string sheet_name, RawSheet rows, size_t header_index) {
  Table table;
  table.sheet = std::move(sheet_name);
  const RawRow& header_row = rows[header_index];
  table.header_row_number = header_row.number;
  for (const std::string& cell : header_row.cells) {
    table.header.push_back(NormalizeHeader(cell));
  }
  while (!table.header.empty() && table.header.back().empty()) {
    table.header.pop_back();
  }
  const size_t width = table.header.size();
  for (size_t i = header_index + 1; i < rows.size(); ++i) {
    Row row;
    row.number = rows[i].number;
    row.cells.resize(width);
    bool any = false;
    for (size_t c = 0; c < width && c < rows[i].cells.size(); ++c) {
      absl::string_view cell = TrimCell(rows[i].cells[c]);
      if (cell.empty()) continue;
      any = true;
      row.cells[c] = std::string(cell);
    }
    if (any) table.rows.push_back(std::move(row));
  }
  return table;
}

std::string SheetList(const Workbook& workbook) {
  std::vector<std::string> names;
  for (const internal::SheetInfo& info : workbook.sheets()) {
    names.push_back(info.name);
  }
  return absl::StrJoin(names, ", ");
}

absl::StatusOr<Table> ReadWorkbookTable(Workbook& workbook,
                                        absl::string_view sheet) {
  const auto& sheets = workbook.sheets();
  if (!sheet.empty()) {
    for (size_t i = 0; i < sheets.size(); ++i) {
      if (sheets[i].name != sheet) continue;
      if (!sheets[i].has_cells) {
        return absl::InvalidArgumentError(
            absl::StrCat("sheet ", sheet, " holds no cells"));
      }
      BAOXUE_ASSIGN_OR_RETURN(RawSheet rows, workbook.ReadSheet(i));
      const size_t header = FindHeader(rows);
      if (header == rows.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("sheet ", sheet, " is empty"));
      }
      return MakeTable(sheets[i].name, std::move(rows), header);
    }
    return absl::NotFoundError(absl::StrCat(
        "sheet ", sheet, " not found; sheets: ", SheetList(workbook)));
  }
  // The first non-empty sheet stands in when no sheet has a proper header.
  std::optional<Table> fallback;
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (!sheets[i].visible || !sheets[i].has_cells) continue;
    BAOXUE_ASSIGN_OR_RETURN(RawSheet rows, workbook.ReadSheet(i));
    const size_t header = FindHeader(rows);
    if (header == rows.size()) continue;
    const bool proper = NonEmptyCount(rows[header]) >= kMinAutoHeaderCells;
    if (proper) return MakeTable(sheets[i].name, std::move(rows), header);
    if (!fallback.has_value()) {
      fallback = MakeTable(sheets[i].name, std::move(rows), header);
    }
  }
  if (fallback.has_value()) return *std::move(fallback);
  return absl::InvalidArgumentError(
      absl::StrCat("no sheet has a header row; sheets: ", SheetList(workbook)));
}

}  // namespace

absl::string_view TrimCell(absl::string_view cell) {
  // Trailing: step back over whole code points.
  size_t begin = 0;
  while (begin < cell.size()) {
    size_t next = begin;
    if (!IsSpace(NextCodePoint(cell, &next))) break;
    begin = next;
  }
  size_t end = cell.size();
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin &&
           (static_cast<unsigned char>(cell[start]) & 0xC0) == 0x80) {
      --start;
    }
    size_t next = start;
    if (!IsSpace(NextCodePoint(cell, &next)) || next != end) break;
    end = start;
  }
  return cell.substr(begin, end - begin);
}

std::string NormalizeHeader(absl::string_view cell) {
  // Pass 1: drop marks and line breaks, fold full-width ASCII and spaces.
  std::vector<char32_t> cps;
  for (size_t i = 0; i < cell.size();) {
    char32_t cp = NextCodePoint(cell, &i);
    if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;
    if (cp == 0x2605 || cp == 0x2606 || cp == '*') continue;  // ★ ☆ *
    if (IsSpace(cp)) cp = ' ';
    cps.push_back(cp);
  }
  // Pass 2: trim, and drop spaces between two non-ASCII characters.
  size_t begin = 0;
  size_t end = cps.size();
  while (begin < end && cps[begin] == ' ') ++begin;
  while (end > begin && cps[end - 1] == ' ') --end;
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (cps[i] == ' ') {
      size_t j = i;
      while (j < end && cps[j] == ' ') ++j;
      if (cps[i - 1] >= 0x80 && cps[j] >= 0x80) {
        i = j - 1;
        continue;
      }
    }
    AppendUtf8(cps[i], &out);
  }
  return out;
}

namespace {

absl::StatusOr<Table> ReadAnyTable(absl::string_view bytes,
                                   absl::string_view sheet,
                                   const ReadOptions& options) {
  if (bytes.size() > options.max_file_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(bytes.size(), " bytes exceed the limit of ",
                     options.max_file_bytes, " (max_file_bytes)"));
  }
  if (bytes.empty()) return absl::InvalidArgumentError("empty file");
  if (absl::StartsWith(bytes, absl::string_view("PK\x03\x04", 4))) {
    BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<Workbook> workbook,
                            internal::OpenXlsx(bytes, options));
    return ReadWorkbookTable(*workbook, sheet);
  }
  if (absl::StartsWith(bytes, absl::string_view("\xD0\xCF\x11\xE0", 4))) {
    if (!options.allow_xls) {
      return absl::InvalidArgumentError(
          "legacy .xls files are not accepted; save the file as .xlsx");
    }
    BAOXUE_ASSIGN_OR_RETURN(std::unique_ptr<Workbook> workbook,
                            internal::OpenXls(bytes, options));
    return ReadWorkbookTable(*workbook, sheet);
  }
  BAOXUE_ASSIGN_OR_RETURN(RawSheet rows,
                          internal::ReadDelimitedText(bytes, options));
  const size_t header = FindHeader(rows);
  if (header == rows.size()) {
    return absl::InvalidArgumentError("no header row (the file holds no text)");
  }
  return MakeTable("", std::move(rows), header);
}

}  // namespace

absl::StatusOr<Table> ReadTable(absl::string_view bytes,
                                absl::string_view file_name,
                                absl::string_view sheet,
                                const ReadOptions& options) {
  absl::StatusOr<Table> table = ReadAnyTable(bytes, sheet, options);
  if (!table.ok()) {
    // Every error names the file: an import may hold several.
    return absl::Status(
        table.status().code(),
        absl::StrCat(file_name, ": ", table.status().message()));
  }
  return table;
}

}  // namespace baoxue::tabular
