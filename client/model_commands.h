#ifndef BAOXUE_CLIENT_MODEL_COMMANDS_H_
#define BAOXUE_CLIENT_MODEL_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/words.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// `baoxue model train|list|show|compare|activate|rollback ...`: `args` are
// the words after "model". Output on stdout (JSON with --json, else text in
// the language of `words`); the training progress bar on stderr.
absl::Status RunModelCommand(std::shared_ptr<grpc::Channel> channel,
                             const std::string& token,
                             const std::vector<std::string>& args, Words words);

// Usage lines for the top-level help.
extern const char kModelUsage[];

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_MODEL_COMMANDS_H_
