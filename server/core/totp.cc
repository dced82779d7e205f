#include "server/core/totp.h"

#include <liboath/oath.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace baoxue::core {
namespace {

constexpr unsigned kStepSeconds = 30;
constexpr unsigned kDigits = 6;
constexpr size_t kSecretBytes = 20;

// liboath's global set-up; oath_init is idempotent and cheap after the first.
bool OathReady() {
  static const bool ready = oath_init() == OATH_OK;
  return ready;
}

std::string Base32(absl::string_view bytes) {
  char* out = nullptr;
  size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &out, &length) !=
      OATH_OK) {
    return "";
  }
  std::string text(out, length);
  free(out);
  // Authenticator apps take the secret without padding.
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UriEscape(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(
          &out, "%",
          absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> NewTotpSecret() {
  std::string secret(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()),
                 static_cast<int>(secret.size())) != 1) {
    return absl::InternalError("random source failed");
  }
  return secret;
}

std::string TotpUri(absl::string_view issuer, absl::string_view login,
                    absl::string_view secret) {
  return absl::StrCat("otpauth://totp/", UriEscape(issuer), ":",
                      UriEscape(login), "?secret=", Base32(secret),
                      "&issuer=", UriEscape(issuer),
                      "&algorithm=SHA1&digits=6&period=30");
}

std::optional<int64_t> MatchTotp(absl::string_view secret,
                                 absl::string_view code, absl::Time now) {
  if (!OathReady() || code.size() != kDigits) return std::nullopt;
  for (char c : code) {
    if (!absl::ascii_isdigit(c)) return std::nullopt;
  }
  const std::string otp(code);
  const time_t unix_now = absl::ToTimeT(now);
  int relative = 0;
  const int matched =
      oath_totp_validate2(secret.data(), secret.size(), unix_now, kStepSeconds,
                          0, /*window=*/1, &relative, otp.c_str());
  if (matched < 0) return std::nullopt;
  return static_cast<int64_t>(unix_now / kStepSeconds) + relative;
}

std::string TotpCode(absl::string_view secret, absl::Time now) {
  if (!OathReady()) return "";
  char code[kDigits + 1] = {};
  if (oath_totp_generate(secret.data(), secret.size(), absl::ToTimeT(now),
                         kStepSeconds, 0, kDigits, code) != OATH_OK) {
    return "";
  }
  return code;
}

}  // namespace baoxue::core
