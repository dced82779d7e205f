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

// INVALID_ARGUMENT naming `password` unless it has 8..256 bytes and is not
// all one character.
absl::Status CheckPasswordPolicy(absl::string_view password);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_PASSWORD_H_
