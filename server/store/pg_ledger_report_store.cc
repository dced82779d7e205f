#include "server/store/pg_ledger_report_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/store/pg_case_support.h"
#include "server/store/pg_transaction.h"

namespace baoxue::store {

using case_sql::Micros;
using case_sql::TimeOf;
using case_sql::TimeParam;

absl::StatusOr<int64_t> PgLedgerReportStore::AddReport(
    const LedgerReport& report) {
  return InTransaction(
      *pool_, "add ledger report",
      [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return tx
            .exec_params(
                "INSERT INTO baoxue.ledger_reports (area_code, from_date, "
                "to_date, ledger, reporter, reporter_name, reviewer_name, "
                "note, reported_at) VALUES ($1, $2::date, $3::date, "
                "$4::jsonb, $5, $6, $7, $8, $9::timestamptz) "
                "RETURNING report_id",
                report.area_code, absl::FormatCivilTime(report.from),
                absl::FormatCivilTime(report.to), report.ledger_json,
                report.reporter, report.reporter_name, report.reviewer_name,
                report.note, TimeParam(report.reported_at))[0][0]
            .as<int64_t>();
      });
}

absl::StatusOr<std::vector<LedgerReport>> PgLedgerReportStore::LatestReports(
    const std::string& area_prefix) {
  return InTransaction(
      *pool_, "read ledger reports",
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<LedgerReport>> {
        std::vector<LedgerReport> out;
        for (const pqxx::row& row : tx.exec_params(
                 absl::StrCat(
                     "SELECT DISTINCT ON (area_code) report_id, area_code, "
                     "from_date::text, to_date::text, reporter, "
                     "reporter_name, reviewer_name, note, ",
                     Micros("reported_at"),
                     " FROM baoxue.ledger_reports "
                     "WHERE starts_with(area_code, $1) "
                     "ORDER BY area_code, reported_at DESC, report_id DESC"),
                 area_prefix)) {
          LedgerReport report;
          report.report_id = row[0].as<int64_t>();
          report.area_code = row[1].as<std::string>();
          absl::ParseCivilTime(row[2].as<std::string>(), &report.from);
          absl::ParseCivilTime(row[3].as<std::string>(), &report.to);
          report.reporter = row[4].as<std::string>();
          report.reporter_name = row[5].as<std::string>();
          report.reviewer_name = row[6].as<std::string>();
          report.note = row[7].as<std::string>();
          report.reported_at = TimeOf(row[8]);
          out.push_back(std::move(report));
        }
        return out;
      });
}

}  // namespace baoxue::store
