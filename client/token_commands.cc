#include "client/token_commands.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "base/lifetime.h"
#include "client/output.h"

namespace baoxue::client {
namespace {

absl::Status Create(const BaoxueClient& client,
                    const TokenCreateOptions& options, bool json) {
  baoxue::v1::CreateTokenRequest request;
  baoxue::v1::CallerRole role;
  if (!baoxue::v1::CallerRole_Parse(
          absl::StrCat("CALLER_ROLE_", absl::AsciiStrToUpper(options.role)),
          &role)) {
    return absl::InvalidArgumentError(
        "--role must be SYSTEM, OFFICIAL, DATA_STAFF, ADMIN, SECURITY_ADMIN "
        "or AUDIT_ADMIN");
  }
  request.set_role(role);
  request.set_area_code(options.area);
  request.set_description(options.description);
  if (!options.expires.empty()) {
    absl::StatusOr<absl::Duration> lifetime =
        ParseLifetime(options.expires, "--expires");
    if (!lifetime.ok()) return lifetime.status();
    request.set_expires_in_seconds(
        std::max<int64_t>(1, absl::ToInt64Seconds(*lifetime)));
  }
  return ShowResult(
      client.CreateToken(request), json,
      [](const baoxue::v1::CreateTokenResponse& r, std::ostream& out) {
        std::cerr << "令牌 token " << r.token_id() << " 到期 expires "
                  << r.expires_at() << " (只显示一次 shown once):\n";
        out << r.token() << "\n";
      });
}

void PrintTokens(const baoxue::v1::ListTokensResponse& response,
                 std::ostream& out) {
  out << "编号 id\t角色 role\t区域 area\t持有人 holder\t创建者 created by\t"
         "到期 expires\t吊销 revoked\n";
  for (const baoxue::v1::TokenInfo& token : response.tokens()) {
    const std::string name = baoxue::v1::CallerRole_Name(token.role());
    absl::string_view role = name;
    absl::ConsumePrefix(&role, "CALLER_ROLE_");
    out << token.token_id() << "\t" << role << "\t" << token.area_code() << " "
        << token.area_name() << "\t" << token.description() << "\t"
        << token.created_by() << "\t"
        << (token.expires_at().empty() ? "-" : token.expires_at()) << "\t"
        << (token.revoked_at().empty() ? "-"
                                       : absl::StrCat(token.revoked_at(), " (",
                                                      token.revoked_by(), ")"))
        << "\n";
  }
}

}  // namespace

absl::Status RunTokenCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const TokenCreateOptions& create, bool json) {
  if (args.size() == 1 && args[0] == "create") {
    return Create(client, create, json);
  }
  if (args.size() == 1 && args[0] == "list") {
    return ShowResult(client.ListTokens(baoxue::v1::ListTokensRequest()), json,
                      PrintTokens);
  }
  int64_t id = 0;
  if (args.size() == 2 && args[0] == "revoke" &&
      absl::SimpleAtoi(args[1], &id)) {
    baoxue::v1::RevokeTokenRequest request;
    request.set_token_id(id);
    return ShowResult(
        client.RevokeToken(request), json,
        [id](const baoxue::v1::RevokeTokenResponse&, std::ostream& out) {
          out << "令牌 token " << id << " 已吊销 revoked\n";
        });
  }
  return absl::InvalidArgumentError(
      "token create --role R --area CODE --description TEXT [--expires 90d] | "
      "token list | token revoke ID");
}

}  // namespace baoxue::client
