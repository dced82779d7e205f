#ifndef BAOXUE_CLIENT_TOKEN_COMMANDS_H_
#define BAOXUE_CLIENT_TOKEN_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/baoxue_client.h"

namespace baoxue::client {

// What `token create` asks for (flags of client/main.cc).
struct TokenCreateOptions {
  std::string role;  // SYSTEM, OFFICIAL, ... (case-insensitive)
  std::string area;
  std::string description;
  std::string expires;  // "90d", "12h"; empty = the server's default
};

// `baoxue token create|list|revoke ID` (docs/access.md): create prints the
// token once on stdout (its id and expiry on stderr); list shows id, role,
// area, holder, creator, expiry and revocation; revoke ends a token on every
// server within a second. INVALID_ARGUMENT for a malformed command.
absl::Status RunTokenCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const TokenCreateOptions& create, bool json);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_TOKEN_COMMANDS_H_
