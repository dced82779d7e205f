#ifndef BAOXUE_CLIENT_IMPORT_COMMANDS_H_
#define BAOXUE_CLIENT_IMPORT_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/words.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// `baoxue import KIND FILE [--sheet NAME] [--mapping FILE] [--dry_run]
// [--mode full|delta] [--rejected FILE]`: streams the file with a progress
// bar on stderr, prints the counts and the first refused rows, and writes
// the refused rows (导入失败明细) to --rejected (default: beside the working
// directory, named after the file). `args` = KIND FILE. Text in the
// language of `words`.
absl::Status RunImportCommand(std::shared_ptr<grpc::Channel> channel,
                              const std::string& token,
                              const std::vector<std::string>& args, Words words,
                              bool json);

// `baoxue imports [--limit N]`: the latest imports in the caller's area.
absl::Status RunImportsListCommand(std::shared_ptr<grpc::Channel> channel,
                                   const std::string& token, int limit,
                                   Words words, bool json);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_IMPORT_COMMANDS_H_
