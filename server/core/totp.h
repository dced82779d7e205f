#ifndef BAOXUE_SERVER_CORE_TOTP_H_
#define BAOXUE_SERVER_CORE_TOTP_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace baoxue::core {

// The web page's second factor: RFC 6238 TOTP with what authenticator apps
// expect (HMAC-SHA1, 6 digits, 30-second steps), through Debian's liboath.
// Pure functions apart from randomness; thread-safe.

// A fresh 160-bit secret (raw bytes). INTERNAL if the random source fails.
absl::StatusOr<std::string> NewTotpSecret();

// otpauth://totp/<issuer>:<login>?secret=<base32>&issuer=<issuer>&... for an
// authenticator app's QR code; shown once at enrolment.
std::string TotpUri(absl::string_view issuer, absl::string_view login,
                    absl::string_view secret);

// The 30-second step (Unix time / 30) whose code `code` is, within one step
// of `now` (clock drift), or nullopt. The caller refuses a step it has
// already accepted (replay).
std::optional<int64_t> MatchTotp(absl::string_view secret,
                                 absl::string_view code, absl::Time now);

// The code of `secret` at `now` (for tests and the enrolment's check).
std::string TotpCode(absl::string_view secret, absl::Time now);

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TOTP_H_
