#ifndef BAOXUE_CLIENT_CHECK_COMMANDS_H_
#define BAOXUE_CLIENT_CHECK_COMMANDS_H_

#include <string>

#include "absl/status/status.h"

namespace baoxue::client {

// `baoxue check [--area CODE] [--as_of DATE] [--format table|csv|xlsx]
// [--output FILE] [--lang zh|en]`: runs the 四查三比对 check and prints what
// it found and the report table, or writes the report as CSV/XLSX.
struct CheckOptions {
  std::string area;
  std::string as_of;
  std::string format;
  std::string output;
  std::string lang;
  bool json = false;
};
absl::Status RunCheckCommand(const std::string& server,
                             const std::string& token,
                             const CheckOptions& options);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_CHECK_COMMANDS_H_
