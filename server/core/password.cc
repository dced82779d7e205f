#include "server/core/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

bool Derive(absl::string_view password, const std::string& salt, int iterations,
            std::string& out) {
  out.assign(kHashBytes, '\0');
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                           reinterpret_cast<const unsigned char*>(salt.data()),
                           static_cast<int>(salt.size()), iterations,
                           EVP_sha256(), kHashBytes,
                           reinterpret_cast<unsigned char*>(out.data())) == 1;
}

}  // namespace

absl::StatusOr<store::PasswordRecord> HashPassword(absl::string_view password,
                                                   int iterations) {
  if (iterations < 1000) {
    return absl::InvalidArgumentError("iterations: at least 1000");
  }
  store::PasswordRecord record;
  record.iterations = iterations;
  record.salt.assign(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(record.salt.data()),
                 kSaltBytes) != 1) {
    return absl::InternalError("cannot draw a random salt");
  }
  if (!Derive(password, record.salt, iterations, record.hash)) {
    return absl::InternalError("PBKDF2 failed");
  }
  return record;
}

bool VerifyPassword(absl::string_view password,
                    const store::PasswordRecord& stored) {
  if (stored.hash.size() != kHashBytes || stored.salt.empty() ||
      stored.iterations < 1000) {
    return false;
  }
  std::string derived;
  if (!Derive(password, stored.salt, stored.iterations, derived)) return false;
  return CRYPTO_memcmp(derived.data(), stored.hash.data(), kHashBytes) == 0;
}

absl::Status CheckPasswordPolicy(absl::string_view password,
                                 absl::string_view login) {
  size_t characters = 0;
  for (char c : password) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
  }
  if (characters < kMinPasswordCharacters || password.size() > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("password: at least ", kMinPasswordCharacters,
                     " characters (at most 256 bytes)"));
  }
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : password) {
    lower |= absl::ascii_islower(c);
    upper |= absl::ascii_isupper(c);
    digit |= absl::ascii_isdigit(c);
    other |= !absl::ascii_isalnum(c);
  }
  if (lower + upper + digit + other < 2) {
    return absl::InvalidArgumentError(
        "password: mix at least two of lower-case letters, upper-case "
        "letters, digits and other characters");
  }
  if (!login.empty() && absl::StrContains(absl::AsciiStrToLower(password),
                                          absl::AsciiStrToLower(login))) {
    return absl::InvalidArgumentError("password: must not contain the login");
  }
  return absl::OkStatus();
}

}  // namespace baoxue::core
