#include "server/store/account_store.h"

namespace baoxue::store {

absl::string_view AccountKindName(AccountKind kind) {
  switch (kind) {
    case AccountKind::kTownship:
      return "township";
    case AccountKind::kPrincipal:
      return "principal";
    case AccountKind::kCounty:
      return "county";
  }
  return "township";
}

std::optional<AccountKind> AccountKindFromName(absl::string_view name) {
  for (AccountKind kind : {AccountKind::kTownship, AccountKind::kPrincipal,
                           AccountKind::kCounty}) {
    if (name == AccountKindName(kind)) return kind;
  }
  return std::nullopt;
}

}  // namespace baoxue::store
