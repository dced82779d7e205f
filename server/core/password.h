#ifndef BAOXUE_SERVER_CORE_PASSWORD_H_
#define BAOXUE_SERVER_CORE_PASSWORD_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/account_store.h"

namespace baoxue::core {

// PBKDF2-HMAC-SHA256 iterations for new passwords (OWASP 2023 guidance).
inline constexpr int kDefaultPasswordIterations = 600000;

// Hashes `password` with PBKDF2-HMAC-SHA256, a fresh random 16-byte salt and
// `iterations`. INVALID_ARGUMENT if iterations < 1000; INTERNAL if the random
// source or OpenSSL fails. Thread-safe (pure apart from randomness).
absl::StatusOr<store::PasswordRecord> HashPassword(absl::string_view password,
                                                   int iterations);

// True if `password` hashes to `stored` (constant-time comparison).
bool VerifyPassword(absl::string_view password,
                    const store::PasswordRecord& stored);

inline constexpr size_t kMinPasswordCharacters = 10;

// The password rules (docs/security.md): at least 10 characters (UTF-8
// aware) and at most 256 bytes; not all of one class (lower-case letters,
// upper-case letters, digits, others: at least two); not containing the
// login (ignoring case). INVALID_ARGUMENT naming `password` and the rule.
absl::Status CheckPasswordPolicy(absl::string_view password,
                                 absl::string_view login);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_PASSWORD_H_
