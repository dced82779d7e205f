#ifndef BAOXUE_CLIENT_TOKEN_COMMANDS_H_
#define BAOXUE_CLIENT_TOKEN_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "baoxue/v1/admin.pb.h"
#include "client/baoxue_client.h"
#include "client/words.h"

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
// server within a second. INVALID_ARGUMENT for a malformed command. Text in
// the language of `words`.
absl::Status RunTokenCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const TokenCreateOptions& create, Words words,
                             bool json);

// `token create`'s answer: its id and expiry to `info` (stderr), the token
// alone on a line to `out` (stdout, for scripts).
void PrintTokenCreated(const baoxue::v1::CreateTokenResponse& created,
                       Words words, std::ostream& info, std::ostream& out);

// `token list`: tab-separated, a header, then one token a line with its id
// first (deploy/demo.sh cuts it) and its role in words.
void PrintTokens(const baoxue::v1::ListTokensResponse& response, Words words,
                 std::ostream& out);

}  // namespace baoxue::client

#endif  // BAOXUE_CLIENT_TOKEN_COMMANDS_H_
