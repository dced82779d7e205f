#include "server/core/duties.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace baoxue::core {

using store::CallerRole;

bool IsAdministrator(CallerRole role) {
  return role == CallerRole::kAdmin || role == CallerRole::kSecurityAdmin ||
         role == CallerRole::kAuditAdmin;
}

bool MayManageTokensOf(const Caller& caller, CallerRole role) {
  switch (caller.role) {
    case CallerRole::kAdmin:
      return !IsAdministrator(role);
    case CallerRole::kSecurityAdmin:
      return IsAdministrator(role);
    default:
      return false;
  }
}

absl::Status RequireTokenDuty(const Caller& caller, CallerRole role,
                              absl::string_view action) {
  if (MayManageTokensOf(caller, role)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("role ", domain::Code(caller.role), " may not ", action,
                   " of role ", domain::Code(role)));
}

absl::Status RequireTokenAdministrator(const Caller& caller,
                                       absl::string_view action) {
  return RequireRole(caller, {CallerRole::kAdmin, CallerRole::kSecurityAdmin},
                     action);
}

bool MayReadAudit(const Caller& caller) {
  return caller.role == CallerRole::kAuditAdmin;
}

absl::Status RequireAuditReader(const Caller& caller) {
  return RequireRole(caller, {CallerRole::kAuditAdmin}, "read the audit");
}

bool MayClearLockouts(const Caller& caller) {
  return caller.role == CallerRole::kSecurityAdmin;
}

absl::Status RequireCountyDataStaff(const Caller& caller,
                                    absl::string_view action) {
  BAOXUE_RETURN_IF_ERROR(RequireRole(caller, {CallerRole::kDataStaff}, action));
  if (caller.scope.level != store::AreaLevel::kCounty) {
    return absl::PermissionDeniedError(
        absl::StrCat("only county-level data staff may ", action,
                     "; this token's area is ", caller.scope.division_code));
  }
  return absl::OkStatus();
}

}  // namespace baoxue::core
