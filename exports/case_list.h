#ifndef BAOXUE_EXPORTS_CASE_LIST_H_
#define BAOXUE_EXPORTS_CASE_LIST_H_

#include <ostream>
#include <string>

#include "baoxue/v1/cases.pb.h"
#include "domain/vocabulary.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

// The case chain for people: the CLI's printers (one language
// each, `language`) and the case list
// as CSV and XLSX. Roles, statuses, outcomes and event kinds are the domain
// vocabulary's labels; times read in county time ("2026-11-22 09:30").
// Lists carry masked names only. Pure functions.
void PrintCaseList(const baoxue::v1::ListCasesResponse& response,
                   domain::Language language, std::ostream& out);
void PrintCase(const baoxue::v1::Case& c, domain::Language language,
               std::ostream& out);
void PrintCaseEvent(const baoxue::v1::CaseEvent& event,
                    domain::Language language, std::ostream& out);

// One row per case, headers from CaseListColumn's table.
std::string CaseListCsv(const baoxue::v1::ListCasesResponse& response,
                        domain::Language language);
xlsx::Sheet CaseListSheet(const baoxue::v1::ListCasesResponse& response,
                          domain::Language language);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_CASE_LIST_H_
