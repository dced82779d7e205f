#ifndef BAOXUE_CLIENT_CHECK_COMMANDS_H_
#define BAOXUE_CLIENT_CHECK_COMMANDS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "client/words.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// `baoxue check [--area CODE] [--as_of DATE] [--format table|csv|xlsx]
// [--output FILE] [--lang zh|en]`: runs the 四查三比对 check and prints what
// it found and the report table, or writes the report as CSV/XLSX.
struct CheckOptions {
  std::string area;
  std::string as_of;
  std::string format;
  std::string output;
  bool json = false;
};
// `channel` comes from MakeChannel (client/channel.h): TLS with --ca_file.
absl::Status RunCheckCommand(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& token,
                             const CheckOptions& options, Words words);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_CHECK_COMMANDS_H_
