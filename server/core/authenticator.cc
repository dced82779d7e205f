#include "server/core/authenticator.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "server/core/token_secret.h"

namespace baoxue::core {

absl::StatusOr<Caller> Authenticator::Authenticate(
    absl::string_view authorization) {
  absl::string_view token = authorization;
  if (!absl::ConsumePrefix(&token, "Bearer ") || token.empty()) {
    return absl::UnauthenticatedError(
        "missing metadata 'authorization: Bearer <token>'");
  }
  const std::string hash = TokenSha256(token);
  const absl::Time now = clock_->Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.expires > now) {
      return it->second.caller;
    }
  }
  absl::StatusOr<store::TokenRecord> record = tokens_->FindToken(hash);
  if (absl::IsNotFound(record.status())) {
    return absl::UnauthenticatedError("unknown token");
  }
  if (!record.ok()) return record.status();
  if (record->revoked) return absl::UnauthenticatedError("token revoked");
  Caller caller{record->token_id, record->role, record->scope};
  absl::MutexLock lock(&mu_);
  cache_[hash] = CacheEntry{caller, now + cache_ttl_};
  return caller;
}

}  // namespace baoxue::core
