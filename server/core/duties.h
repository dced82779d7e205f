#ifndef BAOXUE_SERVER_CORE_DUTIES_H_
#define BAOXUE_SERVER_CORE_DUTIES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/core/caller.h"

namespace baoxue::core {

// Who may do which administrative duty: the separation of duties (三权分立)
// of docs/access.md, in one place for every service, the web page and the
// audit. Pure functions; thread-safe.
//
//   system administrator (admin)     tokens and accounts of the business
//                                    roles (system, official, data_staff),
//                                    configuration
//   security administrator           tokens of the three administrator
//                                    roles (granting and revoking them),
//                                    second factors and sign-in lockouts
//   audit administrator              reads the audit; nothing else

// True for the three administrator roles.
bool IsAdministrator(store::CallerRole role);

// Whether `caller` may issue, list and revoke tokens of `role` (inside the
// caller's own area; the area is the token issuer's check).
bool MayManageTokensOf(const Caller& caller, store::CallerRole role);

// PERMISSION_DENIED naming the role unless MayManageTokensOf.
absl::Status RequireTokenDuty(const Caller& caller, store::CallerRole role,
                              absl::string_view action);

// PERMISSION_DENIED unless the caller is a system or security administrator
// (they list tokens: each sees the roles it manages).
absl::Status RequireTokenAdministrator(const Caller& caller,
                                       absl::string_view action);

// Whether `caller` may read the audit records (the audit administrator
// only, within its area — hardening's `baoxue audit` checks this).
bool MayReadAudit(const Caller& caller);

// PERMISSION_DENIED unless MayReadAudit.
absl::Status RequireAuditReader(const Caller& caller);

// Whether `caller` may clear sign-in lockouts (the security administrator).
bool MayClearLockouts(const Caller& caller);

// PERMISSION_DENIED unless the caller is data staff of a whole county: the
// model registry and training are county-wide, so village or township data
// staff may not change them.
absl::Status RequireCountyDataStaff(const Caller& caller,
                                    absl::string_view action);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_DUTIES_H_
