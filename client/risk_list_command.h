#ifndef BAOXUE_CLIENT_RISK_LIST_COMMAND_H_
#define BAOXUE_CLIENT_RISK_LIST_COMMAND_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "baoxue/v1/risk_lists.pb.h"
#include "client/baoxue_client.h"
#include "client/words.h"

namespace baoxue::client {

// What `baoxue risk-list` was asked for, from its flags.
struct RiskListOptions {
  std::string area;     // --township or --area; empty = the caller's own
  std::string school;   // --school ID
  std::string village;  // --village CODE
  std::string tiers;    // --tier high,medium
  std::string sort;     // --sort
  std::string order;    // --order asc|desc
  int limit = 0;        // 0 = the server's default (500)
  std::string format = "table";  // table, csv, xlsx (or --json)
  std::string output;            // file; empty = stdout (not for xlsx)
  bool json = false;
};

// The request the filter flags ask for; INVALID_ARGUMENT naming the flag.
absl::StatusOr<baoxue::v1::GetRiskListRequest> RiskListRequest(
    const RiskListOptions& options);

// `baoxue risk-list`: reads the list and writes it as a table, CSV or XLSX,
// to stdout or (all at once, through a temporary file) to --output.
absl::Status RiskListCommand(const BaoxueClient& client,
                             const RiskListOptions& options, Words words);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_RISK_LIST_COMMAND_H_
