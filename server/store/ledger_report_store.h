#ifndef BAOXUE_SERVER_STORE_LEDGER_REPORT_STORE_H_
#define BAOXUE_SERVER_STORE_LEDGER_REPORT_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace baoxue::store {

// One 上报: a township's ledger sent upward to the county, frozen as it
// stood (the JSON the page and gRPC show), with who sent and reviewed it.
struct LedgerReport {
  int64_t report_id = 0;
  std::string area_code;  // the reporting township, 12 digits
  absl::CivilDay from;
  absl::CivilDay to;
  std::string ledger_json;
  std::string reporter;       // attribution ("web account 3")
  std::string reporter_name;  // the name people read
  std::string reviewer_name;  // 审核
  std::string note;
  absl::Time reported_at;
};

// The ledger reports. Implementations are thread-safe.
// Errors: UNAVAILABLE, INTERNAL.
class LedgerReportStore {
 public:
  virtual ~LedgerReportStore() = default;

  // Keeps `report` (its report_id is ignored); returns the new id.
  virtual absl::StatusOr<int64_t> AddReport(const LedgerReport& report) = 0;
  // The latest report of each area whose code starts with `area_prefix`,
  // by area code; ledger_json left empty.
  virtual absl::StatusOr<std::vector<LedgerReport>> LatestReports(
      const std::string& area_prefix) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_LEDGER_REPORT_STORE_H_
