#ifndef BAOXUE_SERVER_CORE_TOKEN_ISSUER_H_
#define BAOXUE_SERVER_CORE_TOKEN_ISSUER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/token_store.h"

namespace baoxue::core {

struct IssuedToken {
  int64_t token_id = 0;
  std::string token;  // shown once; only its hash is stored
  absl::Time expires_at;
};

// What a new token is for.
struct TokenRequest {
  store::CallerRole role = store::CallerRole::kSystem;
  std::string area_code;    // 12-digit division code of its scope
  std::string description;  // who holds it
  // How long it lives; nullopt = the policy's default.
  std::optional<absl::Duration> lifetime;
};

struct TokenPolicy {
  absl::Duration default_lifetime = absl::Hours(24 * 90);
  absl::Duration max_lifetime = absl::Hours(24 * 366);
};

// API tokens: issue, list and revoke, by the separation of duties of
// server/core/duties.h (system administrators manage the business roles'
// tokens, security administrators the administrators'), always inside the
// caller's area. Every token expires; each records who created it.
// Thread-safe; does not own the store or the clock.
// Errors: PERMISSION_DENIED (duty, or area outside the caller's),
// INVALID_ARGUMENT naming the field, NOT_FOUND (no token with that id in the
// caller's area — unknown and foreign answered alike), UNAVAILABLE.
class TokenIssuer {
 public:
  TokenIssuer(store::TokenStore* tokens, const Clock* clock, TokenPolicy policy)
      : tokens_(tokens), clock_(clock), policy_(policy) {}

  // Without a caller: the server's own bootstrap command (`baoxue-server
  // token create`), recorded as created by `created_by`.
  absl::StatusOr<IssuedToken> Issue(const TokenRequest& request,
                                    absl::string_view created_by) const;

  // On behalf of `caller` (see the duties above).
  absl::StatusOr<IssuedToken> IssueFor(const Caller& caller,
                                       const TokenRequest& request) const;

  // The tokens inside the caller's area of the roles it manages.
  absl::StatusOr<std::vector<store::TokenRecord>> List(
      const Caller& caller) const;

  // Revokes a token of a role the caller manages, inside its area. Every
  // server stops accepting it within a second (the store's notification).
  absl::Status Revoke(const Caller& caller, int64_t token_id) const;

 private:
  store::TokenStore* tokens_;
  const Clock* clock_;
  const TokenPolicy policy_;
};

// TokenIssuer(tokens, system clock, default policy).Issue(...) for tests and
// tools that need a token of `role` at once; recorded as created by
// "bootstrap".
absl::StatusOr<IssuedToken> IssueToken(store::TokenStore& tokens,
                                       store::CallerRole role,
                                       absl::string_view area_code,
                                       absl::string_view description);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TOKEN_ISSUER_H_
