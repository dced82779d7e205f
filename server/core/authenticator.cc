#include "server/core/authenticator.h"

#include <algorithm>

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
  absl::Time remember_until = now + cache_ttl_;
  if (record->expires_at.has_value()) {
    if (*record->expires_at <= now) {
      return absl::UnauthenticatedError("token expired");
    }
    remember_until = std::min(remember_until, *record->expires_at);
  }
  Caller caller{record->token_id, record->role, record->scope};
  absl::MutexLock lock(&mu_);
  cache_[hash] = CacheEntry{caller, remember_until};
  return caller;
}

void Authenticator::ForgetAll() {
  absl::MutexLock lock(&mu_);
  cache_.clear();
}

}  // namespace baoxue::core
