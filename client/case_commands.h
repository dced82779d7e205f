#ifndef BAOXUE_CLIENT_CASE_COMMANDS_H_
#define BAOXUE_CLIENT_CASE_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/baoxue_client.h"
#include "client/words.h"

namespace baoxue::client {

// `baoxue cases SUBCOMMAND [ID]` (args after "cases"); `area` is --area.
// The client's own lines in the language of `words`.
absl::Status RunCasesCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const std::string& area, Words words, bool json);
// `baoxue ledger`: csv and xlsx in the language of `words`.
absl::Status RunLedgerCommand(const BaoxueClient& client,
                              const std::string& area, Words words, bool json);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_CASE_COMMANDS_H_
