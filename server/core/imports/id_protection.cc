#include "server/core/imports/id_protection.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace baoxue::core::imports {
namespace {

void Wipe(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace

absl::StatusOr<KeyedIdHash> KeyedIdHash::Create(std::string county_secret) {
  if (county_secret.size() < kMinSecretBytes) {
    Wipe(county_secret);
    return absl::InvalidArgumentError(absl::StrCat(
        "county_secret: at least ", kMinSecretBytes, " bytes are needed"));
  }
  return KeyedIdHash(std::move(county_secret));
}

KeyedIdHash::KeyedIdHash(KeyedIdHash&& other) noexcept
    : secret_(std::move(other.secret_)) {
  Wipe(other.secret_);
}

KeyedIdHash& KeyedIdHash::operator=(KeyedIdHash&& other) noexcept {
  if (this != &other) {
    Wipe(secret_);
    secret_ = std::move(other.secret_);
    Wipe(other.secret_);
  }
  return *this;
}

KeyedIdHash::~KeyedIdHash() { Wipe(secret_); }

std::string KeyedIdHash::Hash(const ResidentId& id) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(id.number.data()),
       id.number.size(), digest, &length);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string LastFour(const ResidentId& id) {
  const size_t keep = id.number.size() < 4 ? id.number.size() : 4;
  return std::string(id.number.size() - keep, '*') +
         id.number.substr(id.number.size() - keep);
}

std::string MaskIdText(absl::string_view text) {
  // Byte offsets of each character's start.
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  }
  if (starts.size() <= 4) return std::string(starts.size(), '*');
  const size_t kept_from = starts[starts.size() - 4];
  return std::string(starts.size() - 4, '*') +
         std::string(text.substr(kept_from));
}

}  // namespace baoxue::core::imports
