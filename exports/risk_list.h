#ifndef BAOXUE_EXPORTS_RISK_LIST_H_
#define BAOXUE_EXPORTS_RISK_LIST_H_

#include <ostream>
#include <string>

#include "baoxue/v1/risk_lists.pb.h"
#include "domain/vocabulary.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

// An official's risk list (风险名单) in every format: the CLI's table
// (`baoxue risk-list`), CSV and XLSX, and the web's Excel export and print
// page. Headers from RiskListColumn's table (exports/columns.h), tiers from
// the domain vocabulary. Names arrive masked; nothing here adds personal
// data. Pure functions.

// An aligned table for the terminal in `language`, one line per student with
// its top reason; then the source run, or the hint when there is none.
void PrintRiskListTable(const baoxue::v1::RiskList& list,
                        domain::Language language, std::ostream& out);

// RFC 4180 CSV (UTF-8, CRLF line ends, quoted where needed), one row per
// student: every reason and measure joined in one cell each.
std::string RiskListCsv(const baoxue::v1::RiskList& list,
                        domain::Language language);

// One sheet for baoxue_xlsx, with the area and date as its title.
xlsx::Sheet RiskListSheet(const baoxue::v1::RiskList& list,
                          domain::Language language);

// The sheet as a print page (HTML); the hint when there is no run.
std::string RiskListPrintHtml(const baoxue::v1::RiskList& list,
                              domain::Language language);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_RISK_LIST_H_
