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
#include "server/core/sign_in_throttle.h"
#include "server/store/account_store.h"

namespace baoxue::core {

struct SessionPolicy {
  absl::Duration idle = absl::Hours(8);       // without a request
  absl::Duration absolute = absl::Hours(24);  // after sign-in
  ThrottlePolicy throttle;                    // wrong passwords
  std::string totp_issuer = "Baoxue";         // shown in authenticator apps
};

// A second factor being enrolled: shown once.
struct TotpEnrolment {
  std::string otpauth_uri;  // for the authenticator app's QR code
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
// Wrong passwords are throttled per (login, address) and per address
// (SignInThrottle), never by locking the account. An account with a
// confirmed second factor (RFC 6238 TOTP) needs its code too; an
// administrator account may not sign in without one.
// Thread-safe; does not own the store or the clock.
class WebAuth {
 public:
  WebAuth(store::AccountStore* accounts, const Clock* clock,
          SessionPolicy policy)
      : accounts_(accounts),
        clock_(clock),
        policy_(policy),
        throttle_(clock, policy.throttle) {}

  // UNAUTHENTICATED "wrong login or password" for an unknown login, a wrong
  // password or a disabled account (one message for all); UNAUTHENTICATED
  // "totp: ..." when the account's second factor is missing, wrong or
  // reused; FAILED_PRECONDITION for an administrator account without a
  // second factor; RESOURCE_EXHAUSTED while `address` must wait (the same
  // words whether or not the login exists); INVALID_ARGUMENT naming
  // `login`/`password` if empty; UNAVAILABLE.
  absl::StatusOr<SignedIn> Login(absl::string_view login,
                                 absl::string_view password,
                                 absl::string_view address = "",
                                 absl::string_view totp_code = "");

  // Starts enrolling a second factor for the account: a new secret, stored
  // unconfirmed; its otpauth:// URI is returned once. FAILED_PRECONDITION if
  // the account has a confirmed one (a stolen session must not replace it;
  // `baoxue-server account totp-reset` does). NOT_FOUND, UNAVAILABLE.
  absl::StatusOr<TotpEnrolment> EnrolTotp(int64_t account_id);
  // Confirms the enrolment with a current code; from then on sign-in needs
  // one. INVALID_ARGUMENT "code: ..." if it does not match;
  // FAILED_PRECONDITION if nothing is being enrolled.
  absl::Status ConfirmTotp(int64_t account_id, absl::string_view code);

  // The session whose cookie value is `secret`. UNAUTHENTICATED if missing,
  // unknown, expired, revoked or its account is disabled; UNAVAILABLE.
  absl::StatusOr<WebSession> Authenticate(absl::string_view secret);

  absl::Status Logout(const WebSession& session);

  // True if `header` is the session's CSRF token (constant time).
  static bool CsrfMatches(const WebSession& session, absl::string_view header);

  // The caller an account acts as: the account's role (official unless it
  // is an administrator's), area and, for a principal, its school.
  static Caller CallerOf(const store::AccountRecord& account);

 private:
  WebSession SessionOf(const store::SessionRecord& record,
                       store::AccountRecord account,
                       absl::string_view secret) const;

  // OK if the account needs no code or `code` is its current, unused one.
  absl::Status CheckSecondFactor(const store::AccountRecord& account,
                                 absl::string_view code);

  store::AccountStore* accounts_;
  const Clock* clock_;
  const SessionPolicy policy_;
  SignInThrottle throttle_;
};

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_WEB_AUTH_H_
