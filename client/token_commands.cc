#include "client/token_commands.h"

#include <algorithm>
#include <iostream>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "base/lifetime.h"
#include "client/output.h"
#include "domain/vocabulary.h"

namespace baoxue::client {
namespace {

absl::Status Create(const BaoxueClient& client,
                    const TokenCreateOptions& options, Words words, bool json) {
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
      [words](const baoxue::v1::CreateTokenResponse& r, std::ostream& out) {
        PrintTokenCreated(r, words, std::cerr, out);
      });
}

}  // namespace

void PrintTokenCreated(const baoxue::v1::CreateTokenResponse& created,
                       Words words, std::ostream& info, std::ostream& out) {
  info << absl::StrCat(words("令牌 ", "token "), created.token_id(),
                       words("，到期 ", " expires "), created.expires_at(),
                       words("（只显示一次）：", " (shown once):"), "\n");
  out << created.token() << "\n";
}

namespace {

// The role's words from the vocabulary; its code if the vocabulary lacks it.
std::string RoleLabel(baoxue::v1::CallerRole role, Words words) {
  const std::string name =
      absl::AsciiStrToLower(baoxue::v1::CallerRole_Name(role));
  absl::string_view code = name;
  absl::ConsumePrefix(&code, "caller_role_");
  const std::optional<domain::CallerRole> known =
      domain::Parse<domain::CallerRole>(code);
  return std::string(known.has_value() ? words.Label(*known) : code);
}

}  // namespace

void PrintTokens(const baoxue::v1::ListTokensResponse& response, Words words,
                 std::ostream& out) {
  out << words("编号\t角色\t区域\t持有人\t创建者\t到期\t吊销",
               "id\trole\tarea\tholder\tcreated by\texpires\trevoked")
      << "\n";
  for (const baoxue::v1::TokenInfo& token : response.tokens()) {
    out << token.token_id() << "\t" << RoleLabel(token.role(), words) << "\t"
        << token.area_code() << " " << token.area_name() << "\t"
        << token.description() << "\t" << token.created_by() << "\t"
        << (token.expires_at().empty() ? "-" : token.expires_at()) << "\t"
        << (token.revoked_at().empty() ? "-"
                                       : absl::StrCat(token.revoked_at(), " (",
                                                      token.revoked_by(), ")"))
        << "\n";
  }
}

absl::Status RunTokenCommand(const BaoxueClient& client,
                             const std::vector<std::string>& args,
                             const TokenCreateOptions& create, Words words,
                             bool json) {
  if (args.size() == 1 && args[0] == "create") {
    return Create(client, create, words, json);
  }
  if (args.size() == 1 && args[0] == "list") {
    return ShowResult(
        client.ListTokens(baoxue::v1::ListTokensRequest()), json,
        [words](const baoxue::v1::ListTokensResponse& r, std::ostream& out) {
          PrintTokens(r, words, out);
        });
  }
  int64_t id = 0;
  if (args.size() == 2 && args[0] == "revoke" &&
      absl::SimpleAtoi(args[1], &id)) {
    baoxue::v1::RevokeTokenRequest request;
    request.set_token_id(id);
    return ShowResult(
        client.RevokeToken(request), json,
        [id, words](const baoxue::v1::RevokeTokenResponse&, std::ostream& out) {
          out << absl::StrCat(words("令牌 ", "token "), id,
                              words(" 已吊销", " revoked"), "\n");
        });
  }
  return absl::InvalidArgumentError(
      "token create --role R --area CODE --description TEXT [--expires 90d] | "
      "token list | token revoke ID");
}

}  // namespace baoxue::client
