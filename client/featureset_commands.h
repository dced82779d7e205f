#ifndef BAOXUE_CLIENT_FEATURESET_COMMANDS_H_
#define BAOXUE_CLIENT_FEATURESET_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/words.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// `baoxue featureset create|show|test ...` (docs/models.md, "Feature sets"):
// JSON with --json, else text in the language of `words`.
absl::Status RunFeatureSetCommand(std::shared_ptr<grpc::Channel> channel,
                                  const std::string& token,
                                  const std::vector<std::string>& args,
                                  Words words);

extern const char kFeatureSetUsage[];

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_FEATURESET_COMMANDS_H_
