#ifndef BAOXUE_EXPORTS_PRINT_PAGE_H_
#define BAOXUE_EXPORTS_PRINT_PAGE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

// A sheet as an HTML table: the same headers and cells as the workbook
// (numbers as the column's Excel format shows them), every text escaped.
std::string SheetHtml(const xlsx::Sheet& sheet);

// A whole A4-landscape print page around `body` (already HTML) with its
// title, subtitle, the sign-off block (填报单位 `unit` / 填报人 / 审核 /
// 日期, to fill by hand) and the footnote that names are masked. Pure.
std::string PrintPage(domain::Language language, absl::string_view title,
                      absl::string_view subtitle, absl::string_view body,
                      absl::string_view unit = "");

// The sign-off block as the last rows of a sheet: reporting unit (`unit`),
// reporter, reviewer and date, each with a blank to fill in.
std::vector<std::vector<xlsx::Cell>> SignOffRows(domain::Language language,
                                                 absl::string_view unit);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_PRINT_PAGE_H_
