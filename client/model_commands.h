#ifndef BAOXUE_CLIENT_MODEL_COMMANDS_H_
#define BAOXUE_CLIENT_MODEL_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace baoxue::client {

// `baoxue model train|list|show|compare|activate|rollback ...`: `args` are
// the words after "model". Output on stdout (JSON with --json); the training
// progress bar on stderr.
absl::Status RunModelCommand(const std::string& server,
                             const std::string& token,
                             const std::vector<std::string>& args);

// Usage lines for the top-level help.
extern const char kModelUsage[];

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_MODEL_COMMANDS_H_
