// Legacy .xls (BIFF) through libfreexl. freexl opens a path, not a buffer, so
// the upload is copied to a private temporary file that is unlinked as soon
// as freexl has opened it.
//
// Caution: under AddressSanitizer, randomly damaged .xls files make freexl
// 1.0.6 (Debian 12) touch memory outside a stack buffer in its string
// conversion. Our code cannot guard against that; ReadOptions::allow_xls lets
// a server refuse .xls until parsing moves into a separate, sandboxed process.

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "freexl.h"
#include "tabular/raw_sheet.h"

namespace baoxue::tabular::internal {
namespace {

// Unlinks the temporary file on every path.
class TempFile {
 public:
  ~TempFile() { Remove(); }
  absl::Status Write(absl::string_view bytes) {
    const char* dir = std::getenv("TMPDIR");
    path_ = absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp",
                         "/baoxue-xls-XXXXXX");
    const int fd = mkstemp(path_.data());  // mode 0600: private to us
    if (fd < 0) {
      path_.clear();
      return absl::InternalError("cannot create a temporary file for the .xls");
    }
    size_t written = 0;
    while (written < bytes.size()) {
      const ssize_t n =
          write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) {
        close(fd);
        return absl::InternalError(
            "cannot write a temporary file for the .xls");
      }
      written += static_cast<size_t>(n);
    }
    if (close(fd) != 0) {
      return absl::InternalError("cannot write a temporary file for the .xls");
    }
    return absl::OkStatus();
  }
  const std::string& path() const { return path_; }
  void Remove() {
    if (!path_.empty()) unlink(path_.c_str());
    path_.clear();
  }

 private:
  std::string path_;
};

class XlsWorkbook : public Workbook {
 public:
  XlsWorkbook(const void* handle, const ReadOptions& options)
      : handle_(handle), options_(options) {}
  ~XlsWorkbook() override { freexl_close(handle_); }

  absl::Status Load() {
    unsigned int count = 0;
    if (freexl_get_info(handle_, FREEXL_BIFF_SHEET_COUNT, &count) !=
        FREEXL_OK) {
      return absl::InvalidArgumentError("damaged .xls file (no sheet list)");
    }
    for (unsigned int i = 0; i < count && i < 65536; ++i) {
      const char* name = nullptr;
      if (freexl_get_worksheet_name(handle_, static_cast<unsigned short>(i),
                                    &name) != FREEXL_OK) {
        return absl::InvalidArgumentError("damaged .xls file (sheet names)");
      }
      sheets_.push_back(SheetInfo{name != nullptr ? name : "", true, true});
    }
    if (sheets_.empty()) {
      return absl::InvalidArgumentError("the .xls workbook has no sheets");
    }
    return absl::OkStatus();
  }

  const std::vector<SheetInfo>& sheets() const override { return sheets_; }

  absl::StatusOr<RawSheet> ReadSheet(size_t index) override {
    unsigned int rows = 0;
    unsigned short columns = 0;
    if (freexl_select_active_worksheet(
            handle_, static_cast<unsigned short>(index)) != FREEXL_OK ||
        freexl_worksheet_dimensions(handle_, &rows, &columns) != FREEXL_OK) {
      return absl::InvalidArgumentError(
          absl::StrCat("damaged .xls file (sheet ", sheets_[index].name, ")"));
    }
    RawSheet sheet;
    for (unsigned int r = 0; r < rows; ++r) {
      RawRow row{static_cast<int64_t>(r) + 1, {}};
      for (unsigned short c = 0; c < columns; ++c) {
        FreeXL_CellValue cell;
        if (freexl_get_cell_value(handle_, r, c, &cell) != FREEXL_OK) {
          return absl::InvalidArgumentError(
              absl::StrCat("damaged .xls file (sheet ", sheets_[index].name,
                           " row ", r + 1, ")"));
        }
        std::string text = CellText(cell);
        if (text.empty()) continue;
        if (c >= options_.max_columns) {
          return absl::ResourceExhaustedError(
              absl::StrCat("row ", r + 1, " has a cell beyond column ",
                           options_.max_columns, " (max_columns)"));
        }
        row.cells.resize(c + 1);
        row.cells[c] = std::move(text);
      }
      if (row.cells.empty()) continue;
      if (sheet.size() >= options_.max_rows) {
        return absl::ResourceExhaustedError(
            absl::StrCat("more than ", options_.max_rows, " rows (max_rows)"));
      }
      sheet.push_back(std::move(row));
    }
    return sheet;
  }

 private:
  static std::string CellText(const FreeXL_CellValue& cell) {
    switch (cell.type) {
      case FREEXL_CELL_INT:
        return absl::StrCat(cell.value.int_value);
      case FREEXL_CELL_DOUBLE:
        return NumberToText(cell.value.double_value);
      case FREEXL_CELL_TEXT:
      case FREEXL_CELL_SST_TEXT:
      case FREEXL_CELL_DATE:      // "YYYY-MM-DD"
      case FREEXL_CELL_DATETIME:  // "YYYY-MM-DD HH:MM:SS"
      case FREEXL_CELL_TIME:      // "HH:MM:SS"
        return cell.value.text_value != nullptr ? cell.value.text_value : "";
      default:
        return "";
    }
  }

  const void* handle_;
  const ReadOptions& options_;
  std::vector<SheetInfo> sheets_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Workbook>> OpenXls(absl::string_view bytes,
                                                  const ReadOptions& options) {
  TempFile file;
  BAOXUE_RETURN_IF_ERROR(file.Write(bytes));
  const void* handle = nullptr;
  const int rc = freexl_open(file.path().c_str(), &handle);
  file.Remove();  // freexl has read what it needs; nothing lingers on disk
  if (rc != FREEXL_OK) {
    if (handle != nullptr) freexl_close(handle);
    return absl::InvalidArgumentError(
        "not a readable .xls file (damaged, encrypted, or an Office file "
        "that is not a workbook)");
  }
  auto workbook = std::make_unique<XlsWorkbook>(handle, options);
  BAOXUE_RETURN_IF_ERROR(workbook->Load());
  return workbook;
}

}  // namespace baoxue::tabular::internal
