#ifndef BAOXUE_EXPORTS_PRINT_PAGE_H_
#define BAOXUE_EXPORTS_PRINT_PAGE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

// A sheet as an HTML table: the same headers and cells as the workbook
// (numbers as the column's Excel format shows them), every text escaped.
std::string SheetHtml(const xlsx::Sheet& sheet);

// A whole A4-landscape print page around `body` (already HTML) with its
// title, subtitle and the footnote that names are masked. Pure.
std::string PrintPage(domain::Language language, absl::string_view title,
                      absl::string_view subtitle, absl::string_view body);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_PRINT_PAGE_H_
