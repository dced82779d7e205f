#include "server/convert/token_convert.h"

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "domain/county_time.h"

namespace baoxue::convert {
namespace {

using store::CallerRole;

// Each stored role and its wire value, once.
constexpr std::pair<CallerRole, baoxue::v1::CallerRole> kRoles[] = {
    {CallerRole::kSystem, baoxue::v1::CALLER_ROLE_SYSTEM},
    {CallerRole::kOfficial, baoxue::v1::CALLER_ROLE_OFFICIAL},
    {CallerRole::kDataStaff, baoxue::v1::CALLER_ROLE_DATA_STAFF},
    {CallerRole::kAdmin, baoxue::v1::CALLER_ROLE_ADMIN},
    {CallerRole::kSecurityAdmin, baoxue::v1::CALLER_ROLE_SECURITY_ADMIN},
    {CallerRole::kAuditAdmin, baoxue::v1::CALLER_ROLE_AUDIT_ADMIN},
};

std::string TimeText(const std::optional<absl::Time>& time) {
  if (!time.has_value()) return "";
  return domain::FormatCountyTime(*time);
}

}  // namespace

absl::StatusOr<CallerRole> RoleFromProto(baoxue::v1::CallerRole role) {
  for (const auto& [stored, wire] : kRoles) {
    if (wire == role) return stored;
  }
  return absl::InvalidArgumentError(
      "role must be one of SYSTEM, OFFICIAL, DATA_STAFF, ADMIN, "
      "SECURITY_ADMIN, AUDIT_ADMIN");
}

baoxue::v1::CallerRole ToProto(CallerRole role) {
  for (const auto& [stored, wire] : kRoles) {
    if (stored == role) return wire;
  }
  return baoxue::v1::CALLER_ROLE_UNSPECIFIED;
}

void ToProto(const store::TokenRecord& token, baoxue::v1::TokenInfo* out) {
  out->set_token_id(token.token_id);
  out->set_role(ToProto(token.role));
  out->set_area_code(token.scope.division_code);
  out->set_area_name(token.scope.name);
  out->set_description(token.description);
  out->set_created_by(token.created_by);
  out->set_created_at(TimeText(token.created_at));
  out->set_expires_at(TimeText(token.expires_at));
  out->set_revoked_at(TimeText(token.revoked_at));
  out->set_revoked_by(token.revoked_by);
}

}  // namespace baoxue::convert
