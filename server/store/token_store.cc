#include "server/store/token_store.h"

namespace baoxue::store {

absl::string_view CallerRoleName(CallerRole role) {
  switch (role) {
    case CallerRole::kSystem:
      return "system";
    case CallerRole::kOfficial:
      return "official";
    case CallerRole::kDataStaff:
      return "data_staff";
    case CallerRole::kAdmin:
      return "admin";
  }
  return "system";
}

}  // namespace baoxue::store
