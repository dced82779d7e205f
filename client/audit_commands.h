#ifndef BAOXUE_CLIENT_AUDIT_COMMANDS_H_
#define BAOXUE_CLIENT_AUDIT_COMMANDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/words.h"
#include "grpcpp/channel.h"

namespace baoxue::client {

// `baoxue audit verify` (recompute the hash chain; fails when it is
// broken), `baoxue audit prune` (rows past the retention), and
// `baoxue audit [--student_id N] [--caller "token 5"] [--since T]
// [--until T] [--limit N]` (rows newest first). For the audit reader only.
// Text in the language of `words`.
absl::Status RunAuditCommand(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& token,
                             const std::vector<std::string>& args, Words words,
                             bool json);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_AUDIT_COMMANDS_H_
