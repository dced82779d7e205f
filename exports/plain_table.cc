#include "exports/plain_table.h"

#include "exports/text.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

std::string PlainTableCsv(const PlainTable& table) {
  std::string csv = kUtf8Bom;
  csv += CsvLine(table.header);
  for (const std::vector<std::string>& row : table.rows) csv += CsvLine(row);
  return csv;
}

absl::StatusOr<std::string> PlainTableXlsx(const PlainTable& table) {
  xlsx::Sheet sheet;
  sheet.name = table.title;
  for (const std::string& header : table.header) {
    sheet.columns.push_back({header, 14, ""});
  }
  if (!sheet.columns.empty()) sheet.columns.back().width = 60;
  for (const std::vector<std::string>& row : table.rows) {
    sheet.rows.emplace_back(row.begin(), row.end());
  }
  return xlsx::WriteWorkbook({sheet});
}

}  // namespace baoxue::exports
