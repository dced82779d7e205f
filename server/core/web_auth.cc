#include "server/core/web_auth.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/password.h"
#include "server/core/token_secret.h"

namespace baoxue::core {
namespace {

constexpr char kWrongLogin[] = "wrong login or password";
// A session's last_seen_at is written at most this often (idle expiry is
// hours, so a minute of slack does not matter and saves a write per call).
constexpr absl::Duration kTouchEvery = absl::Minutes(1);

absl::Status Unauthenticated() {
  return absl::UnauthenticatedError("not signed in or the session expired");
}

}  // namespace

Caller WebAuth::CallerOf(const store::AccountRecord& account) {
  Caller caller;
  caller.account_id = account.account_id;
  caller.display_name = account.display_name;
  caller.role = store::CallerRole::kOfficial;
  caller.scope = account.scope;
  if (account.kind == store::AccountKind::kPrincipal) {
    caller.school_id = account.school_id;
  }
  return caller;
}

WebSession WebAuth::SessionOf(const store::SessionRecord& record,
                              store::AccountRecord account,
                              absl::string_view secret) const {
  account.password = store::PasswordRecord();
  WebSession session;
  session.session_id = record.session_id;
  session.caller = CallerOf(account);
  session.account = std::move(account);
  session.csrf_token =
      absl::BytesToHexString(TokenSha256(absl::StrCat("baoxue-csrf:", secret)));
  session.expires_at =
      std::min(std::max(record.last_seen_at, clock_->Now()) + policy_.idle,
               record.expires_at);
  return session;
}

absl::StatusOr<SignedIn> WebAuth::Login(absl::string_view login,
                                        absl::string_view password) {
  if (login.empty()) return absl::InvalidArgumentError("login: required");
  if (password.empty()) {
    return absl::InvalidArgumentError("password: required");
  }
  const absl::Time now = clock_->Now();
  absl::StatusOr<store::AccountRecord> account =
      accounts_->FindAccountByLogin(login);
  if (absl::IsNotFound(account.status())) {
    // Spend the time a real check would, so timing does not reveal logins.
    VerifyPassword(password, store::PasswordRecord{std::string(32, '\0'),
                                                   std::string(16, 'x'),
                                                   kDefaultPasswordIterations});
    return absl::UnauthenticatedError(kWrongLogin);
  }
  BAOXUE_RETURN_IF_ERROR(account.status());
  if (account->locked_until.has_value() && *account->locked_until > now) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "too many failed sign-ins; try again after ",
        absl::ToInt64Minutes(*account->locked_until - now) + 1, " minutes"));
  }
  if (!VerifyPassword(password, account->password) || account->disabled) {
    const int failures = account->failed_logins + 1;
    std::optional<absl::Time> locked;
    if (failures >= policy_.max_failed_logins) locked = now + policy_.lockout;
    BAOXUE_RETURN_IF_ERROR(accounts_->SetLoginFailures(
        account->account_id, locked ? 0 : failures, locked));
    LogWarning(absl::StrCat("failed sign-in for web account ",
                            account->account_id, locked ? " (locked)" : ""));
    return absl::UnauthenticatedError(kWrongLogin);
  }
  if (account->failed_logins != 0 || account->locked_until.has_value()) {
    BAOXUE_RETURN_IF_ERROR(
        accounts_->SetLoginFailures(account->account_id, 0, std::nullopt));
  }
  BAOXUE_ASSIGN_OR_RETURN(std::string secret, NewTokenSecret());
  store::SessionRecord record;
  record.account_id = account->account_id;
  record.created_at = now;
  record.last_seen_at = now;
  record.expires_at = now + policy_.absolute;
  BAOXUE_ASSIGN_OR_RETURN(
      record.session_id,
      accounts_->CreateSession(TokenSha256(secret), account->account_id, now,
                               record.expires_at));
  LogInfo(absl::StrCat("web account ", account->account_id, " signed in"));
  SignedIn out;
  out.session = SessionOf(record, *std::move(account), secret);
  out.secret = std::move(secret);
  return out;
}

absl::StatusOr<WebSession> WebAuth::Authenticate(absl::string_view secret) {
  if (secret.empty()) return Unauthenticated();
  absl::StatusOr<store::SessionRecord> record =
      accounts_->FindSession(TokenSha256(secret));
  if (absl::IsNotFound(record.status())) return Unauthenticated();
  BAOXUE_RETURN_IF_ERROR(record.status());
  const absl::Time now = clock_->Now();
  if (record->revoked || now >= record->expires_at ||
      now >= record->last_seen_at + policy_.idle) {
    return Unauthenticated();
  }
  absl::StatusOr<store::AccountRecord> account =
      accounts_->FindAccount(record->account_id);
  if (absl::IsNotFound(account.status())) return Unauthenticated();
  BAOXUE_RETURN_IF_ERROR(account.status());
  if (account->disabled) return Unauthenticated();
  if (now - record->last_seen_at >= kTouchEvery) {
    BAOXUE_RETURN_IF_ERROR(accounts_->TouchSession(record->session_id, now));
    record->last_seen_at = now;
  }
  return SessionOf(*record, *std::move(account), secret);
}

absl::Status WebAuth::Logout(const WebSession& session) {
  LogInfo(
      absl::StrCat("web account ", session.account.account_id, " signed out"));
  return accounts_->RevokeSession(session.session_id, clock_->Now());
}

bool WebAuth::CsrfMatches(const WebSession& session, absl::string_view header) {
  return !session.csrf_token.empty() &&
         header.size() == session.csrf_token.size() &&
         CRYPTO_memcmp(header.data(), session.csrf_token.data(),
                       header.size()) == 0;
}

}  // namespace baoxue::core
