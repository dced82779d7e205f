#ifndef BAOXUE_SERVER_STORE_PG_ACTOR_NAME_H_
#define BAOXUE_SERVER_STORE_PG_ACTOR_NAME_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace baoxue::store {

// A SQL expression naming who `column` attributes a record to: rows keep
// core::Caller::Describe() ("token 3", "web account 2"), readers want the
// token's description or the account's display name. Falls back to the
// column itself. `column` is the caller's own SQL text (a column name),
// never input.
inline std::string ActorNameSql(absl::string_view column) {
  return absl::StrCat(
      "coalesce((SELECT t.description FROM baoxue.api_tokens t WHERE ", column,
      " = 'token ' || t.token_id), (SELECT a.display_name FROM "
      "baoxue.web_accounts a WHERE ",
      column, " = 'web account ' || a.account_id), ", column, ")");
}

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_PG_ACTOR_NAME_H_
