#ifndef BAOXUE_SERVER_CORE_CALLER_H_
#define BAOXUE_SERVER_CORE_CALLER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/store/area.h"
#include "server/store/token_store.h"

namespace baoxue::core {

// An authenticated caller: who they are (for attribution), what they may do
// and which area they may see. A caller bound to a school (a principal's web
// account) sees only that school's students and cases, inside `scope`.
struct Caller {
  int64_t token_id = 0;  // API token (gRPC)
  store::CallerRole role = store::CallerRole::kSystem;
  store::Area scope;
  std::optional<int64_t> school_id = std::nullopt;
  int64_t account_id = 0;  // web account (the page), when non-zero
  // The name a record shows beside the action (a web account's display
  // name; empty for a token: the store names it by its description).
  std::string display_name = {};

  // Attribution for records and logs: never the token or session itself.
  std::string Describe() const {
    return account_id != 0 ? absl::StrCat("web account ", account_id)
                           : absl::StrCat("token ", token_id);
  }

  bool CanSeeSchool(int64_t id) const {
    return !school_id.has_value() || *school_id == id;
  }

  bool CanSeeVillage(absl::string_view village_code) const {
    return store::AreaContainsVillage(scope, village_code);
  }
  bool CanSeeArea(const store::Area& area) const {
    return store::AreaContainsVillage(scope, DivisionPrefix(area));
  }
};

// PERMISSION_DENIED unless the caller has one of the roles the action needs.
inline absl::Status RequireRole(const Caller& caller,
                                std::initializer_list<store::CallerRole> roles,
                                absl::string_view action) {
  for (store::CallerRole role : roles) {
    if (caller.role == role) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("role ", domain::Code(caller.role), " may not ", action));
}

// The one answer for a case, run, school or student that does not exist and
// for one outside the caller's area (or school): NOT_FOUND "no <kind> <id> in
// the caller's area", the same code and words either way, so that nobody can
// probe which ids exist (docs/access.md).
inline absl::Status NotInCallersArea(absl::string_view kind, int64_t id) {
  return absl::NotFoundError(
      absl::StrCat("no ", kind, " ", id, " in the caller's area"));
}

// A lookup's `status` with NOT_FOUND replaced by NotInCallersArea (other
// errors pass through).
inline absl::Status HideMissing(const absl::Status& status,
                                absl::string_view kind, int64_t id) {
  return absl::IsNotFound(status) ? NotInCallersArea(kind, id) : status;
}

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_CALLER_H_
