#ifndef BAOXUE_CLIENT_RISK_LIST_OUTPUT_H_
#define BAOXUE_CLIENT_RISK_LIST_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "baoxue/v1/risk_lists.pb.h"
#include "client/export_format.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::client {

// Renderings of an official's risk list (`baoxue risk-list`). Names arrive
// masked from the server; nothing here adds personal data. Pure functions.

// An aligned table for the terminal, bilingual headers, one line per student
// with its top reason; then the source run, or the hint when there is none.
void PrintRiskListTable(const baoxue::v1::RiskList& list, std::ostream& out);

// RFC 4180 CSV (UTF-8, CRLF line ends, quoted where needed), one row per
// student: every reason and measure joined in one cell each.
std::string RiskListCsv(const baoxue::v1::RiskList& list, Language language);

// One sheet for baoxue_xlsx, with the area and date as its title.
xlsx::Sheet RiskListSheet(const baoxue::v1::RiskList& list, Language language);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_RISK_LIST_OUTPUT_H_
