#include "server/core/token_secret.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace baoxue::core {

std::string TokenSha256(absl::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
         digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

absl::StatusOr<std::string> NewTokenSecret() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("the system random source failed");
  }
  return absl::StrCat(
      "bx_", absl::WebSafeBase64Escape(absl::string_view(
                 reinterpret_cast<const char*>(bytes), sizeof(bytes))));
}

}  // namespace baoxue::core
