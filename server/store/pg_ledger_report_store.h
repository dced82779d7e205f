#ifndef BAOXUE_SERVER_STORE_PG_LEDGER_REPORT_STORE_H_
#define BAOXUE_SERVER_STORE_PG_LEDGER_REPORT_STORE_H_

#include "server/store/ledger_report_store.h"
#include "server/store/pg_connection_pool.h"

namespace baoxue::store {

// LedgerReportStore over baoxue.ledger_reports (deploy/sql/0017). Thread-safe;
// does not own the pool.
class PgLedgerReportStore : public LedgerReportStore {
 public:
  explicit PgLedgerReportStore(PgConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<int64_t> AddReport(const LedgerReport& report) override;
  absl::StatusOr<std::vector<LedgerReport>> LatestReports(
      const std::string& area_prefix) override;

 private:
  PgConnectionPool* pool_;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_LEDGER_REPORT_STORE_H_
