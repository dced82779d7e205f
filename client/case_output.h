#ifndef BAOXUE_CLIENT_CASE_OUTPUT_H_
#define BAOXUE_CLIENT_CASE_OUTPUT_H_

#include <ostream>

#include "baoxue/v1/cases.pb.h"

namespace baoxue::client {

// Human-readable, bilingual printers for the case chain.
void PrintCaseList(const baoxue::v1::ListCasesResponse& response,
                   std::ostream& out);
void PrintCase(const baoxue::v1::Case& c, std::ostream& out);
void PrintCaseEvent(const baoxue::v1::CaseEvent& event, std::ostream& out);
void PrintLedger(const baoxue::v1::Ledger& ledger, std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_CASE_OUTPUT_H_
