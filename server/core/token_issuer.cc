#include "server/core/token_issuer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "domain/division_code.h"
#include "server/core/duties.h"
#include "server/core/token_secret.h"

namespace baoxue::core {
namespace {

bool IsDivisionCode(absl::string_view code) {
  return domain::DivisionCode::ParseFull(code).ok();
}

}  // namespace

absl::StatusOr<IssuedToken> IssueToken(store::TokenStore& tokens,
                                       store::CallerRole role,
                                       absl::string_view area_code,
                                       absl::string_view description) {
  const SystemClock clock;
  TokenRequest request;
  request.role = role;
  request.area_code = std::string(area_code);
  request.description = std::string(description);
  return TokenIssuer(&tokens, &clock, TokenPolicy())
      .Issue(request, "bootstrap");
}

absl::StatusOr<IssuedToken> TokenIssuer::Issue(
    const TokenRequest& request, absl::string_view created_by) const {
  if (!IsDivisionCode(request.area_code)) {
    return absl::InvalidArgumentError(
        "area_code must be a 12-digit division code");
  }
  if (absl::StripAsciiWhitespace(request.description).empty()) {
    return absl::InvalidArgumentError(
        "description must say who holds the token");
  }
  const absl::Duration lifetime =
      request.lifetime.value_or(policy_.default_lifetime);
  if (lifetime <= absl::ZeroDuration() || lifetime > policy_.max_lifetime) {
    return absl::InvalidArgumentError(
        absl::StrCat("expires: a token lives at most ",
                     absl::ToInt64Hours(policy_.max_lifetime) / 24, " days"));
  }
  IssuedToken issued;
  BAOXUE_ASSIGN_OR_RETURN(issued.token, NewTokenSecret());
  issued.expires_at = clock_->Now() + lifetime;
  store::NewToken token;
  token.sha256 = TokenSha256(issued.token);
  token.role = request.role;
  token.area_code = request.area_code;
  token.description = request.description;
  token.created_by = std::string(created_by);
  token.expires_at = issued.expires_at;
  BAOXUE_ASSIGN_OR_RETURN(issued.token_id, tokens_->CreateToken(token));
  LogInfo(absl::StrCat("token ", issued.token_id, " (",
                       domain::Code(request.role), ") created by ",
                       created_by));
  return issued;
}

absl::StatusOr<IssuedToken> TokenIssuer::IssueFor(
    const Caller& caller, const TokenRequest& request) const {
  BAOXUE_RETURN_IF_ERROR(
      RequireTokenDuty(caller, request.role, "create tokens"));
  if (!caller.CanSeeVillage(request.area_code)) {
    return absl::PermissionDeniedError(
        absl::StrCat("area ", request.area_code.substr(0, 12),
                     " is outside the caller's area"));
  }
  return Issue(request, caller.Describe());
}

absl::StatusOr<std::vector<store::TokenRecord>> TokenIssuer::List(
    const Caller& caller) const {
  BAOXUE_RETURN_IF_ERROR(RequireTokenAdministrator(caller, "list tokens"));
  BAOXUE_ASSIGN_OR_RETURN(
      std::vector<store::TokenRecord> all,
      tokens_->ListTokens(store::DivisionPrefix(caller.scope)));
  std::vector<store::TokenRecord> mine;
  for (store::TokenRecord& token : all) {
    if (MayManageTokensOf(caller, token.role)) {
      mine.push_back(std::move(token));
    }
  }
  return mine;
}

absl::Status TokenIssuer::Revoke(const Caller& caller, int64_t token_id) const {
  BAOXUE_RETURN_IF_ERROR(RequireTokenAdministrator(caller, "revoke tokens"));
  if (token_id <= 0) {
    return absl::InvalidArgumentError("token_id: must be a positive token id");
  }
  absl::StatusOr<store::TokenRecord> token = tokens_->GetToken(token_id);
  if (!token.ok()) return HideMissing(token.status(), "token", token_id);
  if (!caller.CanSeeArea(token->scope)) {
    return NotInCallersArea("token", token_id);
  }
  BAOXUE_RETURN_IF_ERROR(
      RequireTokenDuty(caller, token->role, "revoke tokens"));
  BAOXUE_RETURN_IF_ERROR(tokens_->RevokeToken(token_id, caller.Describe()));
  LogInfo(absl::StrCat("token ", token_id, " revoked by ", caller.Describe()));
  return absl::OkStatus();
}

}  // namespace baoxue::core
