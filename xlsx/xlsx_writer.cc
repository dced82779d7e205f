#include "xlsx/xlsx_writer.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "xlsxwriter.h"

namespace baoxue::xlsx {
namespace {

absl::Status CheckSheet(const Sheet& sheet, size_t index) {
  if (sheet.name.empty() || sheet.name.size() > 31 * 3 ||
      sheet.name.find_first_of("[]:*?/\\") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sheets[", index, "].name: 1 to 31 characters, no []:*?/\\"));
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    if (sheet.rows[r].size() > sheet.columns.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sheets[", index, "].rows[", r, "]: more cells than columns"));
    }
  }
  return absl::OkStatus();
}

// Deletes the temporary file on every path.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

}  // namespace

absl::StatusOr<std::string> WriteWorkbook(const std::vector<Sheet>& sheets) {
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (absl::Status status = CheckSheet(sheets[i], i); !status.ok()) {
      return status;
    }
  }
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp",
                   "/baoxue-xlsx-XXXXXX");
  const int fd = mkstemp(pattern.data());
  if (fd < 0) return absl::InternalError("cannot create a temporary file");
  close(fd);
  TempFile temp{pattern};

  lxw_workbook* workbook = workbook_new(temp.path.c_str());
  if (workbook == nullptr) return absl::InternalError("cannot start workbook");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_border(header, LXW_BORDER_THIN);
  for (const Sheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
    if (ws == nullptr) {
      workbook_close(workbook);
      return absl::InvalidArgumentError(
          absl::StrCat("sheet name \"", sheet.name, "\" refused"));
    }
    lxw_row_t row = 0;
    if (!sheet.title.empty()) {
      worksheet_write_string(ws, row++, 0, sheet.title.c_str(), bold);
    }
    std::vector<lxw_format*> formats;
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      const Column& column = sheet.columns[c];
      lxw_format* format = nullptr;
      if (!column.number_format.empty()) {
        format = workbook_add_format(workbook);
        format_set_num_format(format, column.number_format.c_str());
      }
      formats.push_back(format);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c),
                           static_cast<lxw_col_t>(c), column.width, nullptr);
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c),
                             column.header.c_str(), header);
    }
    const lxw_row_t header_row = row++;
    worksheet_freeze_panes(ws, row, 0);
    for (const std::vector<Cell>& cells : sheet.rows) {
      for (size_t c = 0; c < cells.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        if (const double* number = std::get_if<double>(&cells[c])) {
          worksheet_write_number(ws, row, col, *number, formats[c]);
        } else {
          const std::string& text = std::get<std::string>(cells[c]);
          if (!text.empty()) {
            worksheet_write_string(ws, row, col, text.c_str(), nullptr);
          }
        }
      }
      ++row;
    }
    if (!sheet.columns.empty()) {
      worksheet_autofilter(ws, header_row, 0,
                           row > header_row + 1 ? row - 1 : header_row,
                           static_cast<lxw_col_t>(sheet.columns.size() - 1));
    }
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    return absl::InternalError("cannot write the workbook");
  }
  std::ifstream in(temp.path, std::ios::binary);
  if (!in) return absl::InternalError("cannot read the workbook back");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace baoxue::xlsx
