#ifndef BAOXUE_SERVER_CORE_TOKEN_ISSUER_H_
#define BAOXUE_SERVER_CORE_TOKEN_ISSUER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "server/core/caller.h"
#include "server/store/token_store.h"

namespace baoxue::core {

struct IssuedToken {
  int64_t token_id = 0;
  std::string token;  // shown once; only its hash is stored
};

// Creates a token with `role` for the area with `area_code`, without any
// caller check: for the server's own bootstrap command. INVALID_ARGUMENT for
// a malformed area code or empty description; NOT_FOUND for an unknown area.
absl::StatusOr<IssuedToken> IssueToken(store::TokenStore& tokens,
                                       store::CallerRole role,
                                       absl::string_view area_code,
                                       absl::string_view description);

// The same on behalf of `caller`: admins only, and only inside their area.
absl::StatusOr<IssuedToken> IssueTokenFor(const Caller& caller,
                                          store::TokenStore& tokens,
                                          store::CallerRole role,
                                          absl::string_view area_code,
                                          absl::string_view description);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TOKEN_ISSUER_H_
