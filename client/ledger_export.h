#ifndef BAOXUE_CLIENT_LEDGER_EXPORT_H_
#define BAOXUE_CLIENT_LEDGER_EXPORT_H_

#include <string>
#include <vector>

#include "baoxue/v1/cases.pb.h"
#include "client/export_format.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::client {

// The ledger (台账) for sending upward: `baoxue ledger --format csv|xlsx`.
// Pure functions; a ledger holds counts only, no personal data.

// One CSV table: a row per township, the total, a row per school, then a
// row per day (`section` column: township, total, school, day).
std::string LedgerCsv(const baoxue::v1::Ledger& ledger, Language language);

// Sheets "by township" (with the total), "by school" and "by day".
std::vector<xlsx::Sheet> LedgerSheets(const baoxue::v1::Ledger& ledger,
                                      Language language);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_LEDGER_EXPORT_H_
