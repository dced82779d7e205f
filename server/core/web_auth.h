#ifndef BAOXUE_SERVER_CORE_WEB_AUTH_H_
#define BAOXUE_SERVER_CORE_WEB_AUTH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/core/caller.h"
#include "server/core/clock.h"
#include "server/store/account_store.h"

namespace baoxue::core {

struct SessionPolicy {
  absl::Duration idle = absl::Hours(8);       // without a request
  absl::Duration absolute = absl::Hours(24);  // after sign-in
  int max_failed_logins = 5;                  // in a row, then locked
  absl::Duration lockout = absl::Minutes(15);
};

// An authenticated web session. The account has no password fields.
struct WebSession {
  int64_t session_id = 0;  // row id, not the secret
  Caller caller;
  store::AccountRecord account;
  std::string csrf_token;  // hex; the page echoes it in X-Baoxue-CSRF
  absl::Time expires_at;   // the earlier of idle and absolute expiry
};

struct SignedIn {
  std::string secret;  // the cookie value: shown to the browser only
  WebSession session;
};

// Accounts and sessions of the web page. Passwords are verified against
// PBKDF2 hashes; session ids are random 256-bit secrets stored as SHA-256.
// A session ends after `idle` without a request or `absolute` after sign-in
// (both by the injected clock), at logout, or when the account is disabled.
// Thread-safe; does not own the store or the clock.
class WebAuth {
 public:
  WebAuth(store::AccountStore* accounts, const Clock* clock,
          SessionPolicy policy)
      : accounts_(accounts), clock_(clock), policy_(policy) {}

  // UNAUTHENTICATED "wrong login or password" for an unknown login, a wrong
  // password or a disabled account (one message for all);
  // RESOURCE_EXHAUSTED while the login is locked after too many failures;
  // INVALID_ARGUMENT naming `login`/`password` if empty; UNAVAILABLE.
  absl::StatusOr<SignedIn> Login(absl::string_view login,
                                 absl::string_view password);

  // The session whose cookie value is `secret`. UNAUTHENTICATED if missing,
  // unknown, expired, revoked or its account is disabled; UNAVAILABLE.
  absl::StatusOr<WebSession> Authenticate(absl::string_view secret);

  absl::Status Logout(const WebSession& session);

  // True if `header` is the session's CSRF token (constant time).
  static bool CsrfMatches(const WebSession& session, absl::string_view header);

  // The caller an account acts as: role official, the account's area and,
  // for a principal, its school.
  static Caller CallerOf(const store::AccountRecord& account);

 private:
  WebSession SessionOf(const store::SessionRecord& record,
                       store::AccountRecord account,
                       absl::string_view secret) const;

  store::AccountStore* accounts_;
  const Clock* clock_;
  const SessionPolicy policy_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_WEB_AUTH_H_
