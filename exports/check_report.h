#ifndef BAOXUE_EXPORTS_CHECK_REPORT_H_
#define BAOXUE_EXPORTS_CHECK_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "baoxue/v1/checks.pb.h"
#include "domain/vocabulary.h"
#include "xlsx/xlsx_writer.h"

namespace baoxue::exports {

// The 四查三比对 check's report table (the county's routine report: counts
// by township, comparison and outcome, with key groups) in every format:
// the CLI's table (`baoxue check`), CSV and XLSX. Counts only, no personal
// data. Pure functions.

// What the run found, per comparison, then the report table, in `language`.
void PrintCheckResult(const baoxue::v1::CheckResult& result,
                      domain::Language language, std::ostream& out);
// One CSV table of the report: a row per township, comparison and outcome.
std::string CheckReportCsv(const baoxue::v1::CheckReport& report,
                           domain::Language language);
// One sheet "report" with the same rows.
std::vector<xlsx::Sheet> CheckReportSheets(
    const baoxue::v1::CheckReport& report, domain::Language language);

}  // namespace baoxue::exports

#endif  // BAOXUE_EXPORTS_CHECK_REPORT_H_
