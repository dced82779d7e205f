#include "server/core/web_auth.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "server/core/duties.h"
#include "server/core/password.h"
#include "server/core/token_secret.h"
#include "server/core/totp.h"

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
  caller.role = account.role;
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
                                        absl::string_view password,
                                        absl::string_view address,
                                        absl::string_view totp_code) {
  if (login.empty()) return absl::InvalidArgumentError("login: required");
  if (password.empty()) {
    return absl::InvalidArgumentError("password: required");
  }
  // Before any lookup: the answer must not depend on the login existing.
  BAOXUE_RETURN_IF_ERROR(throttle_.Check(login, address));
  const absl::Time now = clock_->Now();
  absl::StatusOr<store::AccountRecord> account =
      accounts_->FindAccountByLogin(login);
  if (absl::IsNotFound(account.status())) {
    // Spend the time a real check would, so timing does not reveal logins.
    VerifyPassword(password, store::PasswordRecord{std::string(32, '\0'),
                                                   std::string(16, 'x'),
                                                   kDefaultPasswordIterations});
    throttle_.RecordFailure(login, address);
    return absl::UnauthenticatedError(kWrongLogin);
  }
  BAOXUE_RETURN_IF_ERROR(account.status());
  if (!VerifyPassword(password, account->password) || account->disabled) {
    throttle_.RecordFailure(login, address);
    LogWarning(
        absl::StrCat("failed sign-in for web account ", account->account_id));
    return absl::UnauthenticatedError(kWrongLogin);
  }
  const absl::Status second = CheckSecondFactor(*account, totp_code);
  if (!second.ok()) {
    if (!totp_code.empty()) throttle_.RecordFailure(login, address);
    return second;
  }
  throttle_.RecordSuccess(login, address);
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

absl::Status WebAuth::CheckSecondFactor(const store::AccountRecord& account,
                                        absl::string_view code) {
  if (!account.totp_confirmed) {
    if (IsAdministrator(account.role)) {
      return absl::FailedPreconditionError(
          "totp: an administrator account signs in only with a second "
          "factor; enrol one first (baoxue-server account totp-enrol)");
    }
    return absl::OkStatus();
  }
  if (code.empty()) {
    return absl::UnauthenticatedError(
        "totp: enter the 6-digit code of your authenticator app");
  }
  const std::optional<int64_t> step =
      MatchTotp(account.totp_secret, code, clock_->Now());
  if (!step.has_value()) {
    return absl::UnauthenticatedError("totp: wrong or expired code");
  }
  BAOXUE_ASSIGN_OR_RETURN(const bool fresh,
                          accounts_->AcceptTotpStep(account.account_id, *step));
  if (!fresh) {
    return absl::UnauthenticatedError(
        "totp: this code was used already; wait for the next one");
  }
  return absl::OkStatus();
}

absl::StatusOr<TotpEnrolment> WebAuth::EnrolTotp(int64_t account_id) {
  BAOXUE_ASSIGN_OR_RETURN(const store::AccountRecord account,
                          accounts_->FindAccount(account_id));
  if (account.totp_confirmed) {
    return absl::FailedPreconditionError(
        "totp: this account has a second factor already; the security "
        "administrator can reset it");
  }
  BAOXUE_ASSIGN_OR_RETURN(const std::string secret, NewTotpSecret());
  BAOXUE_RETURN_IF_ERROR(accounts_->SetTotpSecret(account_id, secret));
  LogInfo(absl::StrCat("web account ", account_id,
                       " is enrolling a second factor"));
  return TotpEnrolment{TotpUri(policy_.totp_issuer, account.login, secret)};
}

absl::Status WebAuth::ConfirmTotp(int64_t account_id, absl::string_view code) {
  BAOXUE_ASSIGN_OR_RETURN(const store::AccountRecord account,
                          accounts_->FindAccount(account_id));
  if (account.totp_secret.empty() || account.totp_confirmed) {
    return absl::FailedPreconditionError(
        "totp: no second factor is being enrolled");
  }
  const std::optional<int64_t> step =
      MatchTotp(account.totp_secret, code, clock_->Now());
  if (!step.has_value()) {
    return absl::InvalidArgumentError(
        "code: not the current code of the new secret");
  }
  BAOXUE_RETURN_IF_ERROR(accounts_->ConfirmTotp(account_id, *step));
  LogInfo(
      absl::StrCat("web account ", account_id, " confirmed its second factor"));
  return absl::OkStatus();
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
