#ifndef BAOXUE_SERVER_STORE_TOKEN_STORE_H_
#define BAOXUE_SERVER_STORE_TOKEN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
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
  std::optional<absl::Time> expires_at;  // nullopt: never (made before 0015)
  // For `token list` (FindToken leaves them empty):
  std::string description;  // who holds it
  std::string created_by;   // who made it: "token 3", "baoxue-server"
  absl::Time created_at;
  std::optional<absl::Time> revoked_at;
  std::string revoked_by;
};

struct NewToken {
  std::string sha256;  // raw 32 bytes
  CallerRole role = CallerRole::kSystem;
  std::string area_code;
  std::string description;
  std::string created_by;
  std::optional<absl::Time> expires_at;
};

// API tokens, stored only as SHA-256 hashes. Implementations are thread-safe.
class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // NOT_FOUND if no token has this hash; UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<TokenRecord> FindToken(absl::string_view sha256) = 0;

  // Records a new token for the area with `token.area_code`. Returns its id.
  // NOT_FOUND if the area does not exist; UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<int64_t> CreateToken(const NewToken& token) = 0;

  // Every token whose area lies inside the area with division-code prefix
  // `area_prefix` (6, 9 or 12 digits), newest first, with description and
  // attribution. UNAVAILABLE, INTERNAL.
  virtual absl::StatusOr<std::vector<TokenRecord>> ListTokens(
      absl::string_view area_prefix) = 0;

  // One token by id (with description and attribution). NOT_FOUND.
  virtual absl::StatusOr<TokenRecord> GetToken(int64_t token_id) = 0;

  // Marks the token revoked by `revoked_by` (a no-op if it already is);
  // every server hears of it at commit (NOTIFY baoxue_token_changed).
  // NOT_FOUND; UNAVAILABLE, INTERNAL.
  virtual absl::Status RevokeToken(int64_t token_id,
                                   absl::string_view revoked_by) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_TOKEN_STORE_H_
