#ifndef BAOXUE_SERVER_CORE_AUTHENTICATOR_H_
#define BAOXUE_SERVER_CORE_AUTHENTICATOR_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/token_store.h"

namespace baoxue::core {

// Turns an `authorization` header value ("Bearer <token>") into a Caller.
// Known tokens are remembered for `cache_ttl` (never past their expiry) so a
// busy caller costs no database round trip per call. A revocation reaches
// the cache through ForgetAll(), which the server calls when PostgreSQL
// announces a token change (server/token_watch.cc), so a revoked token stops
// working within a second; `cache_ttl` bounds it if that notification is
// lost. Thread-safe. Does not own `tokens` or `clock`.
class Authenticator {
 public:
  Authenticator(store::TokenStore* tokens, const Clock* clock,
                absl::Duration cache_ttl)
      : tokens_(tokens), clock_(clock), cache_ttl_(cache_ttl) {}

  // UNAUTHENTICATED for a missing, malformed, unknown, expired or revoked
  // token; UNAVAILABLE if the token store cannot be reached.
  absl::StatusOr<Caller> Authenticate(absl::string_view authorization);

  // Drops every remembered token: the next call of each looks it up again.
  void ForgetAll();

 private:
  struct CacheEntry {
    Caller caller;
    absl::Time expires;
  };

  store::TokenStore* tokens_;
  const Clock* clock_;
  const absl::Duration cache_ttl_;
  absl::Mutex mu_;
  // Keyed by token hash; bounded by the number of issued tokens.
  absl::flat_hash_map<std::string, CacheEntry> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_AUTHENTICATOR_H_
