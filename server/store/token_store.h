#ifndef BAOXUE_SERVER_STORE_TOKEN_STORE_H_
#define BAOXUE_SERVER_STORE_TOKEN_STORE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/vocabulary.h"
#include "server/store/area.h"

namespace baoxue::store {

// What a caller may do (domain/vocabulary.h); stored as baoxue.caller_role.
using domain::CallerRole;

struct TokenRecord {
  int64_t token_id = 0;
  CallerRole role = CallerRole::kSystem;
  Area scope;  // the area the token may see
  bool revoked = false;
};

// API tokens, stored only as SHA-256 hashes. Implementations are thread-safe.
class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // NOT_FOUND if no token has this hash; UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<TokenRecord> FindToken(absl::string_view sha256) = 0;

  // Records a new token for the area with `area_code`. Returns its id.
  // NOT_FOUND if the area does not exist; UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<int64_t> CreateToken(
      absl::string_view sha256, CallerRole role, absl::string_view area_code,
      absl::string_view description) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_TOKEN_STORE_H_
