#ifndef BAOXUE_EXPORTS_LEDGER_H_
#define BAOXUE_EXPORTS_LEDGER_H_

#include <ostream>
#include <string>
#include <vector>

#include "baoxue/v1/cases.pb.h"
#include "domain/vocabulary.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

// The ledger (台账) for sending upward, in every format: the CLI's table
// (`baoxue ledger`), CSV and XLSX (`--format`), and the web's Excel export
// and print page. Headers from LedgerColumn's table (exports/columns.h).
// Pure functions; a ledger holds counts only, no personal data.

// The aligned table for the terminal in `language`: by township (with the
// total), by school, by day.
void PrintLedgerTable(const baoxue::v1::Ledger& ledger,
                      domain::Language language, std::ostream& out);

// One CSV table: a row per township, the total, a row per school, then a
// row per day (first column: the section).
std::string LedgerCsv(const baoxue::v1::Ledger& ledger,
                      domain::Language language);

// Sheets "by township" (with the total), "by school" and "by day".
std::vector<xlsx::Sheet> LedgerSheets(const baoxue::v1::Ledger& ledger,
                                      domain::Language language);

// The sheets as one print page (HTML).
std::string LedgerPrintHtml(const baoxue::v1::Ledger& ledger,
                            domain::Language language);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_LEDGER_H_
