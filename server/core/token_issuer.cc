#include "server/core/token_issuer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/division_code.h"
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
  if (!IsDivisionCode(area_code)) {
    return absl::InvalidArgumentError(
        "area_code must be a 12-digit division code");
  }
  if (absl::StripAsciiWhitespace(description).empty()) {
    return absl::InvalidArgumentError(
        "description must say who holds the token");
  }
  IssuedToken issued;
  BAOXUE_ASSIGN_OR_RETURN(issued.token, NewTokenSecret());
  BAOXUE_ASSIGN_OR_RETURN(issued.token_id,
                          tokens.CreateToken(TokenSha256(issued.token), role,
                                             area_code, description));
  return issued;
}

absl::StatusOr<IssuedToken> IssueTokenFor(const Caller& caller,
                                          store::TokenStore& tokens,
                                          store::CallerRole role,
                                          absl::string_view area_code,
                                          absl::string_view description) {
  BAOXUE_RETURN_IF_ERROR(
      RequireRole(caller, {store::CallerRole::kAdmin}, "create tokens"));
  if (!caller.CanSeeVillage(area_code)) {
    return absl::PermissionDeniedError(
        absl::StrCat("area ", area_code, " is outside the caller's area"));
  }
  return IssueToken(tokens, role, area_code, description);
}

}  // namespace baoxue::core
