#ifndef BAOXUE_CLIENT_CASE_COMMANDS_H_
#define BAOXUE_CLIENT_CASE_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/baoxue_client.h"

namespace baoxue::client {

// `baoxue cases SUBCOMMAND [ID]` (args after "cases"); `area` is --area.
absl::Status RunCasesCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const std::string& area, bool json);
// `baoxue ledger`.
absl::Status RunLedgerCommand(const BaoxueClient& client,
                              const std::string& area, bool json);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_CASE_COMMANDS_H_
