#ifndef BAOXUE_SERVER_STORE_ACCOUNT_STORE_H_
#define BAOXUE_SERVER_STORE_ACCOUNT_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/vocabulary.h"
#include "server/store/area.h"

namespace baoxue::store {

// Stored as the enum baoxue.web_account_kind.
enum class AccountKind { kTownship, kPrincipal, kCounty };
// "township", "principal", "county".
absl::string_view AccountKindName(AccountKind kind);
std::optional<AccountKind> AccountKindFromName(absl::string_view name);

// A password as stored: PBKDF2-HMAC-SHA256 output, salt and iterations.
struct PasswordRecord {
  std::string hash;  // 32 raw bytes
  std::string salt;  // >= 16 raw bytes
  int iterations = 0;
};

// A web account (an official signing in to the page).
struct AccountRecord {
  int64_t account_id = 0;
  std::string login;
  std::string display_name;
  AccountKind kind = AccountKind::kTownship;
  Area scope;                        // the area the account may see
  std::optional<int64_t> school_id;  // principals only
  std::string school_name;
  PasswordRecord password;
  bool disabled = false;
  int failed_logins = 0;  // unused since 0015 (the sign-in throttle)
  std::optional<absl::Time> locked_until;
  // The role the account acts as: official, or an administrator role (which
  // must use the second factor).
  domain::CallerRole role = domain::CallerRole::kOfficial;
  std::string totp_secret;  // raw bytes; empty = none
  bool totp_confirmed = false;
  std::optional<int64_t> totp_last_step;  // the last accepted code's step
};

struct NewAccount {
  std::string login;
  std::string display_name;
  AccountKind kind = AccountKind::kTownship;
  std::string area_code;             // 12-digit code of the scope
  std::optional<int64_t> school_id;  // principals only
  PasswordRecord password;
  domain::CallerRole role = domain::CallerRole::kOfficial;
};

// A session as stored (the id itself is never stored, only its hash).
struct SessionRecord {
  int64_t session_id = 0;
  int64_t account_id = 0;
  absl::Time created_at;
  absl::Time last_seen_at;
  absl::Time expires_at;  // absolute expiry
  bool revoked = false;
};

// Web accounts and their sessions. Implementations are thread-safe.
// Errors: NOT_FOUND (no such account, session, area or school),
// ALREADY_EXISTS (login taken), INVALID_ARGUMENT (a principal's school is
// not inside the area), UNAVAILABLE, INTERNAL.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  virtual absl::StatusOr<int64_t> CreateAccount(const NewAccount& account) = 0;
  // Case-insensitive login.
  virtual absl::StatusOr<AccountRecord> FindAccountByLogin(
      absl::string_view login) = 0;
  virtual absl::StatusOr<AccountRecord> FindAccount(int64_t account_id) = 0;
  virtual absl::Status SetDisabled(absl::string_view login, bool disabled) = 0;
  // Stores a new session with the SHA-256 of its id; returns its row id.
  virtual absl::StatusOr<int64_t> CreateSession(absl::string_view sha256,
                                                int64_t account_id,
                                                absl::Time now,
                                                absl::Time expires_at) = 0;
  virtual absl::StatusOr<SessionRecord> FindSession(
      absl::string_view sha256) = 0;
  virtual absl::Status TouchSession(int64_t session_id, absl::Time now) = 0;
  virtual absl::Status RevokeSession(int64_t session_id, absl::Time now) = 0;

  // The second factor: stores a new, unconfirmed secret (replacing any;
  // empty removes it).
  virtual absl::Status SetTotpSecret(int64_t account_id,
                                     absl::string_view secret) = 0;
  // Marks the secret confirmed, with the step of the code that confirmed it.
  virtual absl::Status ConfirmTotp(int64_t account_id, int64_t step) = 0;
  // Records `step` as used if it is later than the last one used: false for
  // a replayed (or older) code. Atomic across servers.
  virtual absl::StatusOr<bool> AcceptTotpStep(int64_t account_id,
                                              int64_t step) = 0;
};

}  // namespace baoxue::store

#endif  // BAOXUE_SERVER_STORE_ACCOUNT_STORE_H_
