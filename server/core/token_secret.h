#ifndef BAOXUE_SERVER_CORE_TOKEN_SECRET_H_
#define BAOXUE_SERVER_CORE_TOKEN_SECRET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baoxue::core {

// The SHA-256 digest (32 raw bytes) under which a token is stored.
std::string TokenSha256(absl::string_view token);

// A new random bearer token ("bx_" + 43 base64url characters, 256 bits).
// INTERNAL if the system's random source fails.
absl::StatusOr<std::string> NewTokenSecret();

}  // namespace baoxue::core

#endif  // BAOXUE_SERVER_CORE_TOKEN_SECRET_H_
